// Waivers (SPEC §20): `gridlaw waiver sign|verify`, `gridlaw eval --waiver`
// and `gridlaw report verify --waiver`. A waiver signed by a regulator key
// turns jinghua/wuhu-1's failing efficiency.hub_pue under cn.hub.efficiency
// into `exempt`; every other waiver has no effect and the report says why.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_gridlaw.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::Gridlaw;
using testing::SourceDir;

class Waivers : public ::testing::Test {
 protected:
  std::string P(const std::string& name) const { return (dir_ / name).string(); }
  static std::string Example(const std::string& name) {
    return (SourceDir() / "examples" / name).string();
  }
  static std::string Policy() {
    return (SourceDir() / "policies/cn.hub.efficiency.policy").string();
  }
  static std::string Key(const std::string& name) { return Example("keys/" + name + ".key"); }

  // The waiver of jinghua/wuhu-1 from efficiency.hub_pue for 2027, with
  // `changes` applied (a null value removes the member).
  static json WaiverDoc(const json& changes = json::object()) {
    json doc = {{"waiver", "w-test-1"},
                {"policy", "cn.hub.efficiency"},
                {"provider", "jinghua"},
                {"subject", "wuhu-1"},
                {"rule", "efficiency.hub_pue"},
                {"valid_from", "2027-01-01"},
                {"valid_to", "2027-12-31"},
                {"reason", "cooling retrofit"},
                {"issued_at", "2027-01-15T09:00:00Z"}};
    for (const auto& [key, value] : changes.items()) {
      if (value.is_null()) {
        doc.erase(key);
      } else {
        doc[key] = value;
      }
    }
    return doc;
  }
  // Writes the waiver as plain JSON to NAME and returns its path.
  std::string Plain(const std::string& name, const json& doc) const {
    testing::WriteFile(P(name), doc.dump(2) + "\n");
    return P(name);
  }
  // Writes the waiver, signed by `key`, to NAME and returns its path.
  std::string Signed(const std::string& name, const json& doc,
                     const std::string& key = "regulator") const {
    const std::string plain = Plain(name + ".plain", doc);
    const auto run =
        Gridlaw("waiver sign --key " + Key(key) + " --out " + P(name) + " " + plain, true);
    EXPECT_EQ(run.exit_code, 0) << run.out;
    return P(name);
  }

  // eval of the example claims under cn.hub.efficiency with `waivers`.
  static testing::Outcome Eval(const std::string& waivers, const std::string& format = "json") {
    return Gridlaw("eval --policy " + Policy() + " --trust " + Example("trust.json") +
                   " --allow-unsigned --now 2028-02-01T00:00:00Z --format " + format + " " +
                   waivers + " " + Example("claims"));
  }
  static json EvalJson(const std::string& waivers) {
    const auto run = Eval(waivers);
    EXPECT_LE(run.exit_code, 1) << run.out;
    return json::parse(run.out);
  }
  static const json& SubjectOf(const json& report, const std::string& name) {
    for (const json& s : report["subjects"]) {
      if (s["provider"].get<std::string>() + "/" + s["subject"].get<std::string>() == name) {
        return s;
      }
    }
    static const json none;
    ADD_FAILURE() << "no subject " << name;
    return none;
  }
  static const json& VerdictOf(const json& report, const std::string& subject,
                               const std::string& rule) {
    for (const json& v : SubjectOf(report, subject)["verdicts"]) {
      if (v["rule"] == rule) return v;
    }
    static const json none;
    ADD_FAILURE() << "no rule " << rule;
    return none;
  }
  // The one waiver of the report: its status, code and message.
  static void ExpectNoEffect(const json& report, const std::string& status, const std::string& code,
                             const std::string& in_message) {
    ASSERT_EQ(report["waivers"].size(), 1u);
    const json& w = report["waivers"][0];
    EXPECT_EQ(w["status"], status);
    EXPECT_EQ(w["code"], code);
    EXPECT_NE(w["message"].get<std::string>().find(in_message), std::string::npos) << w;
    EXPECT_FALSE(w.contains("applied_to"));
    const json& v = VerdictOf(report, "jinghua/wuhu-1", "efficiency.hub_pue");
    EXPECT_EQ(v["verdict"], "fail");
    EXPECT_FALSE(v.contains("waiver"));
    EXPECT_EQ(report["summary"]["verdicts"]["exempt"], 0);
  }

  const testing::ScratchDir dir_{"waiver"};
};

TEST_F(Waivers, ASignedWaiverMakesTheVerdictExempt) {
  const std::string waiver = Signed("w.json", WaiverDoc());
  const json report = EvalJson("--waiver " + waiver);
  const json& v = VerdictOf(report, "jinghua/wuhu-1", "efficiency.hub_pue");
  EXPECT_EQ(v["verdict"], "exempt");
  EXPECT_EQ(v["waiver"], "w-test-1");
  EXPECT_EQ(v["without_waiver"]["verdict"], "fail");
  const std::string without =
      "annual_pue = 1.290474 > limit = 1.25 (12 attestations, 2027-01 … 2027-12)";
  EXPECT_EQ(v["without_waiver"]["message"], without);
  EXPECT_EQ(v["message"],
            "exempt by waiver w-test-1 (cooling retrofit); without it: fail: " + without);
  const json& s = SubjectOf(report, "jinghua/wuhu-1");
  EXPECT_EQ(s["counts"]["exempt"], 1);
  EXPECT_EQ(s["counts"]["fail"], 1);  // efficiency.hub_rack_utilisation still fails
  EXPECT_EQ(s["status"], "non_compliant");
  EXPECT_EQ(report["summary"]["verdicts"]["exempt"], 1);
  ASSERT_EQ(report["waivers"].size(), 1u);
  const json& w = report["waivers"][0];
  EXPECT_EQ(w["id"], "w-test-1");
  EXPECT_EQ(w["status"], "applied");
  EXPECT_FALSE(w.contains("code"));
  EXPECT_EQ(w["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(w["signed_by"].size(), 1u);
  EXPECT_EQ(
      w["applied_to"],
      json::parse(R"([{"provider":"jinghua","subject":"wuhu-1","rule":"efficiency.hub_pue"}])"));
}

TEST_F(Waivers, ExemptNeverBreaksCompliance) {
  // Both failing rules waived: the subject becomes compliant (exit code too).
  fs::create_directories(P("dir"));
  Signed("dir/a.json", WaiverDoc());
  Signed("dir/b.json",
         WaiverDoc({{"waiver", "w-test-2"}, {"rule", "efficiency.hub_rack_utilisation"}}));
  const json report = EvalJson("--waiver " + P("dir"));
  const json& s = SubjectOf(report, "jinghua/wuhu-1");
  EXPECT_EQ(s["status"], "compliant");
  EXPECT_EQ(s["counts"]["exempt"], 2);
  EXPECT_EQ(s["counts"]["fail"], 0);
}

TEST_F(Waivers, TheOrderOfWaiversDoesNotMatter) {
  const std::string a = Signed("a.json", WaiverDoc({{"waiver", "w-z"}}));
  const std::string b = Signed("b.json", WaiverDoc({{"waiver", "w-a"}}));
  const auto one = Eval("--waiver " + a + " --waiver " + b);
  const auto two = Eval("--waiver " + b + " --waiver " + a + " --waiver " + a);
  EXPECT_EQ(one.out, two.out);
  const json report = json::parse(one.out);
  // The first by id applies; the other exempts nothing new.
  ASSERT_EQ(report["waivers"].size(), 2u);
  EXPECT_EQ(report["waivers"][0]["id"], "w-a");
  EXPECT_EQ(report["waivers"][0]["status"], "applied");
  EXPECT_EQ(report["waivers"][1]["status"], "duplicate");
  EXPECT_EQ(report["waivers"][1]["code"], "W304");
  EXPECT_EQ(VerdictOf(report, "jinghua/wuhu-1", "efficiency.hub_pue")["waiver"], "w-a");
}

TEST_F(Waivers, AnExpiredWaiverHasNoEffect) {
  // The evaluated period is December 2027; the waiver ends in November.
  const json report =
      EvalJson("--waiver " + Signed("w.json", WaiverDoc({{"valid_to", "2027-11-30"}})));
  ExpectNoEffect(report, "expired", "W302",
                 "jinghua/wuhu-1's evaluated period 2027-12-01 … 2027-12-31 ends after the "
                 "waiver's window 2027-01-01 … 2027-11-30");
}

TEST_F(Waivers, TheWindowIsInclusive) {
  // A window of exactly the evaluated month applies; one day less does not.
  const json exact = EvalJson(
      "--waiver " +
      Signed("w.json", WaiverDoc({{"valid_from", "2027-12-01"}, {"valid_to", "2027-12-31"}})));
  EXPECT_EQ(VerdictOf(exact, "jinghua/wuhu-1", "efficiency.hub_pue")["verdict"], "exempt");
  const json late =
      EvalJson("--waiver " + Signed("x.json", WaiverDoc({{"valid_from", "2027-12-02"}})));
  ExpectNoEffect(late, "not_yet_valid", "W303", "starts before the waiver's window");
}

TEST_F(Waivers, AnUnsignedWaiverHasNoEffect) {
  const json report = EvalJson("--waiver " + Plain("w.json", WaiverDoc()));
  ExpectNoEffect(report, "unsigned", "W201", "not signed");
  EXPECT_EQ(report["waivers"][0]["id"], "w-test-1");
  EXPECT_TRUE(report["waivers"][0]["signed_by"].empty());
}

TEST_F(Waivers, AWrongSubjectHasNoEffect) {
  const json report = EvalJson("--waiver " + Signed("w.json", WaiverDoc({{"subject", "wuhu-2"}})));
  ExpectNoEffect(report, "not_matching", "W300", "no evaluated subject is jinghua/wuhu-2");
}

TEST_F(Waivers, AnotherPolicysWaiverHasNoEffect) {
  const json report =
      EvalJson("--waiver " + Signed("w.json", WaiverDoc({{"policy", "eu.eed.datacentres"}})));
  ExpectNoEffect(report, "not_matching", "W300",
                 "the waiver is for policy eu.eed.datacentres; this evaluation is of "
                 "cn.hub.efficiency");
}

TEST_F(Waivers, AnUnknownRuleHasNoEffect) {
  const json report =
      EvalJson("--waiver " + Signed("w.json", WaiverDoc({{"rule", "efficiency.hub_pvu"}})));
  ExpectNoEffect(report, "unknown_rule", "W301",
                 "policy cn.hub.efficiency has no rule efficiency.hub_pvu");
}

TEST_F(Waivers, AProviderKeyCannotGrantWaivers) {
  const json report = EvalJson("--waiver " + Signed("w.json", WaiverDoc(), "jinghua"));
  ExpectNoEffect(report, "untrusted", "W203", "A205 wrong-key-role");
}

TEST_F(Waivers, AKeyOutsideTheTrustStoreCannotGrantWaivers) {
  ASSERT_EQ(Gridlaw("keygen --out " + P("stranger")).exit_code, 0);
  const std::string plain = Plain("w.plain", WaiverDoc());
  ASSERT_EQ(
      Gridlaw("waiver sign --key " + P("stranger.key") + " --out " + P("w.json") + " " + plain)
          .exit_code,
      0);
  ExpectNoEffect(EvalJson("--waiver " + P("w.json")), "untrusted", "W203", "A201 unknown-key");
}

TEST_F(Waivers, AKeyNotYetValidAtIssuedAtCannotGrantWaivers) {
  // The demo regulator key is valid from 2027-01-01.
  const json report =
      EvalJson("--waiver " + Signed("w.json", WaiverDoc({{"issued_at", "2026-12-31T23:00:00Z"}})));
  ExpectNoEffect(report, "untrusted", "W203", "A206 key-outside-window");
}

TEST_F(Waivers, ATamperedWaiverHasNoEffect) {
  const std::string path = Signed("w.json", WaiverDoc());
  json envelope = json::parse(testing::ReadFileOrEmpty(path));
  std::string payload = envelope["payload"];
  payload[40] = payload[40] == 'A' ? 'B' : 'A';  // one base64 character of the waiver
  envelope["payload"] = payload;
  testing::WriteFile(path, envelope.dump());
  const json report = EvalJson("--waiver " + path);
  ExpectNoEffect(report, "bad_signature", "W202", "A202 bad-signature");
  const auto verify = Gridlaw("waiver verify --trust " + Example("trust.json") + " " + path);
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find("INVALID"), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find("W202 waiver-bad-signature"), std::string::npos) << verify.out;
}

TEST_F(Waivers, WithoutATrustStoreEveryWaiverIsUntrusted) {
  const auto run = Gridlaw("eval --policy " + Policy() + " --format json --waiver " +
                           Signed("w.json", WaiverDoc()) + " " + Example("claims"));
  ASSERT_EQ(run.exit_code, 1) << run.out;
  ExpectNoEffect(json::parse(run.out), "untrusted", "W203", "no trust store");
}

TEST_F(Waivers, MalformedWaiversHaveNoEffect) {
  // Not JSON at all.
  testing::WriteFile(P("w.json"), "{\"waiver\": ");
  const json report = EvalJson("--waiver " + P("w.json"));
  ASSERT_EQ(report["waivers"].size(), 1u);
  EXPECT_EQ(report["waivers"][0]["status"], "malformed");
  EXPECT_EQ(report["waivers"][0]["code"], "W100");
  EXPECT_EQ(report["waivers"][0]["id"], "");
  // A regulator's signed policy is not a waiver.
  ASSERT_EQ(
      Gridlaw("policy sign --key " + Key("regulator") + " --out " + P("p.json") + " " + Policy())
          .exit_code,
      0);
  const json policy = EvalJson("--waiver " + P("p.json"));
  EXPECT_EQ(policy["waivers"][0]["status"], "malformed");
  EXPECT_EQ(policy["waivers"][0]["code"], "W200");
  EXPECT_NE(
      policy["waivers"][0]["message"].get<std::string>().find("application/vnd.gridlaw.policy"),
      std::string::npos);
}

TEST_F(Waivers, TextAndJunitShowTheExemption) {
  const std::string waiver = Signed("w.json", WaiverDoc());
  const auto text = Eval("--waiver " + waiver, "text");
  EXPECT_NE(text.out.find("2 pass, 0 warn, 1 fail, 0 indeterminate, 2 not applicable, 1 exempt"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("  exempt        efficiency.hub_pue [major]"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("waivers:\n  applied       w-test-1 "), std::string::npos) << text.out;
  const auto junit = Eval("--waiver " + waiver, "junit");
  EXPECT_NE(junit.out.find("name=\"efficiency.hub_pue\"><skipped message=\"exempt by waiver "
                           "w-test-1 (cooling retrofit); without it: fail: annual_pue"),
            std::string::npos)
      << junit.out;
}

TEST_F(Waivers, TheHtmlReportHasAnExemptBadgeFilterAndWaiverTable) {
  const auto run = Eval("--waiver " + Signed("w.json", WaiverDoc()));
  testing::WriteFile(P("report.json"), run.out);
  const auto html = Gridlaw("report html " + P("report.json"));
  ASSERT_EQ(html.exit_code, 0);
  EXPECT_NE(html.out.find("<tr class=\"rule\" data-verdict=\"exempt\" "
                          "data-rule=\"efficiency.hub_pue\"><td><span class=\"badge v-exempt\">"
                          "exempt</span>"),
            std::string::npos);
  EXPECT_NE(html.out.find("<input type=\"checkbox\" value=\"exempt\" checked>"), std::string::npos);
  EXPECT_NE(html.out.find("<tr class=\"waiver\" data-status=\"applied\" data-waiver=\"w-test-1\">"),
            std::string::npos);
  // A report without waivers has no exempt filter.
  const auto plain = Gridlaw("report html " + Example("reports/cn.hub.efficiency.json"));
  EXPECT_EQ(plain.out.find("value=\"exempt\""), std::string::npos);
  EXPECT_EQ(plain.out.find("id=\"waivers\""), std::string::npos);
}

TEST_F(Waivers, WithoutWaiversTheReportIsUnchanged) {
  const auto run = Gridlaw("eval --format json --policy " + Policy() + " " + Example("claims"));
  EXPECT_EQ(run.out,
            testing::ReadFileOrEmpty(SourceDir() / "examples/reports/cn.hub.efficiency.json"));
  EXPECT_EQ(run.out.find("exempt"), std::string::npos);
}

TEST_F(Waivers, SignRefusesAMalformedWaiver) {
  const std::string plain =
      Plain("w.plain", WaiverDoc({{"valid_unti", "2027-12-31"}, {"valid_to", "2027-13-01"}}));
  const auto run = Gridlaw(
      "waiver sign --key " + Key("regulator") + " --out " + P("w.json") + " " + plain, true);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("W101 waiver-shape at /valid_unti: unknown member \"valid_unti\""),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("W102 waiver-value at /valid_to: expected a date YYYY-MM-DD"),
            std::string::npos)
      << run.out;
  EXPECT_FALSE(fs::exists(P("w.json")));
}

TEST_F(Waivers, VerifyNamesTheWaiverAndItsSigner) {
  const auto ok = Gridlaw("waiver verify --trust " + Example("trust.json") + " " +
                          Signed("w.json", WaiverDoc()));
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("waiver w-test-1 exempts jinghua/wuhu-1 from efficiency.hub_pue of "
                        "cn.hub.efficiency for periods within 2027-01-01 … 2027-12-31"),
            std::string::npos)
      << ok.out;
  const auto provider = Gridlaw("waiver verify --trust " + Example("trust.json") + " " +
                                Signed("p.json", WaiverDoc(), "jinghua"));
  EXPECT_EQ(provider.exit_code, 1);
  EXPECT_NE(provider.out.find("W203 waiver-untrusted"), std::string::npos) << provider.out;
  const auto unsigned_waiver = Gridlaw("waiver verify --trust " + Example("trust.json") + " " +
                                       Plain("u.json", WaiverDoc()));
  EXPECT_EQ(unsigned_waiver.exit_code, 1);
  EXPECT_NE(unsigned_waiver.out.find("W201"), std::string::npos);
}

TEST_F(Waivers, TheExampleWaiverVerifies) {
  const auto run = Gridlaw("waiver verify --trust " + Example("trust.json") + " " +
                           Example("waivers/w-2027-001.json"));
  EXPECT_EQ(run.exit_code, 0) << run.out;
}

TEST_F(Waivers, ReportVerifyDemandsTheWaiversBack) {
  const std::string db = P("ledger.db");
  ASSERT_EQ(Gridlaw("ledger init " + db + " --trust " + Example("trust.json") + " --key " +
                    Key("ledger") + " --now 2028-01-15T00:00:00Z")
                .exit_code,
            0);
  ASSERT_EQ(Gridlaw("ledger ingest --ledger " + db + " --now 2028-02-01T00:00:00Z " +
                    Example("envelopes"))
                .exit_code,
            0);
  const std::string waiver = Signed("w.json", WaiverDoc());
  const std::string stale =
      Signed("stale.json", WaiverDoc({{"waiver", "w-old"}, {"valid_to", "2027-06-30"}}));
  const auto eval =
      Gridlaw("eval --policy " + Policy() + " --ledger " + db + " --format json --sign-key " +
              Key("auditor") + " --now 2028-02-02T00:00:00Z --out " + P("report.json") +
              " --waiver " + waiver + " --waiver " + stale);
  ASSERT_EQ(eval.exit_code, 1);
  const std::string verify =
      "report verify --ledger " + db + " --now 2028-02-02T00:00:00Z " + P("report.json");
  const auto both = Gridlaw(verify + " --waiver " + stale + " --waiver " + waiver);
  EXPECT_EQ(both.exit_code, 0) << both.out;
  EXPECT_NE(both.out.find("reproduced"), std::string::npos) << both.out;
  const auto none = Gridlaw(verify);
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.out.find("NOT REPRODUCIBLE: the report was made with waiver w-old"),
            std::string::npos)
      << none.out;
  EXPECT_NE(none.out.find("give that file again with --waiver"), std::string::npos);
  const auto one = Gridlaw(verify + " --waiver " + stale);
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_NE(one.out.find("waiver w-test-1"), std::string::npos) << one.out;
  // A waiver the report does not name changes the bytes.
  const std::string extra =
      Signed("extra.json",
             WaiverDoc({{"waiver", "w-extra"}, {"rule", "efficiency.hub_rack_utilisation"}}));
  const auto more =
      Gridlaw(verify + " --waiver " + stale + " --waiver " + waiver + " --waiver " + extra);
  EXPECT_EQ(more.exit_code, 1);
  EXPECT_NE(more.out.find("NOT REPRODUCIBLE"), std::string::npos) << more.out;
  EXPECT_NE(more.out.find("efficiency.hub_rack_utilisation"), std::string::npos) << more.out;
  // Without --ledger nothing is re-evaluated, so a waiver is a usage error.
  EXPECT_EQ(Gridlaw("report verify --trust " + Example("trust.json") + " --waiver " + waiver + " " +
                    P("report.json"))
                .exit_code,
            2);
}

}  // namespace
}  // namespace gridlaw
