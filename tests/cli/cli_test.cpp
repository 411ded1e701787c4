// The gridlaw binary as a user runs it: exit codes, output formats, files.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_gridlaw.h"
#include "test_files.h"

namespace gridlaw {
namespace {

using testing::Gridlaw;
using testing::Outcome;

std::string Golden(const std::string& name) {
  return (testing::SourceDir() / "tests/golden/check" / name).string();
}

TEST(Cli, CheckExitCodes) {
  EXPECT_EQ(Gridlaw("check " + Golden("valid_minimal.policy")).exit_code, 0);
  EXPECT_EQ(Gridlaw("check " + Golden("unit_compare_energy_power.policy")).exit_code, 1);
  EXPECT_EQ(Gridlaw("check /nonexistent/x.policy").exit_code, 2);
  EXPECT_EQ(Gridlaw("check").exit_code, 2);
  EXPECT_EQ(Gridlaw("check --format yaml " + Golden("valid_minimal.policy")).exit_code, 2);
  EXPECT_EQ(Gridlaw("frobnicate").exit_code, 2);
  EXPECT_EQ(Gridlaw("--help").exit_code, 0);
  EXPECT_EQ(Gridlaw("check --help").exit_code, 0);
}

TEST(Cli, CheckTextShowsLocationCaretAndSummary) {
  Outcome run = Gridlaw("check " + Golden("unit_compare_energy_power.policy"));
  EXPECT_NE(run.out.find("unit_compare_energy_power.policy:8:11: error[E0502]: cannot compare "
                         "energy/token with power: the dimensions differ"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("^~~~"), std::string::npos);
  EXPECT_NE(run.out.find("failed: 1 error, 0 warnings in 1 file"), std::string::npos) << run.out;
}

TEST(Cli, CheckJson) {
  Outcome run = Gridlaw("check --format json " + Golden("unit_compare_energy_power.policy") + " " +
                        Golden("valid_minimal.policy"));
  EXPECT_EQ(run.exit_code, 1);
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["errors"], 1);
  ASSERT_EQ(doc["files"].size(), 2u);
  const auto& d = doc["files"][0]["diagnostics"][0];
  EXPECT_EQ(d["code"], "E0502");
  EXPECT_EQ(d["line"], 8);
  EXPECT_EQ(d["column"], 11);
  EXPECT_EQ(d["notes"].size(), 2u);
  EXPECT_TRUE(doc["files"][1]["diagnostics"].empty());
}

// The required properties of SARIF 2.1.0 (sarif-schema-2.1.0.json) that a
// viewer needs: version, runs[].tool.driver.name, results with ruleId,
// message.text and physical locations with 1-based regions.
TEST(Cli, CheckSarifHasTheRequiredProperties) {
  Outcome run = Gridlaw("check --format sarif " + Golden("unit_compare_energy_power.policy"));
  EXPECT_EQ(run.exit_code, 1);
  const auto log = nlohmann::json::parse(run.out);
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_EQ(log["runs"].size(), 1u);
  const auto& run0 = log["runs"][0];
  EXPECT_EQ(run0["tool"]["driver"]["name"], "gridlaw");
  const auto& rules = run0["tool"]["driver"]["rules"];
  ASSERT_FALSE(rules.empty());
  ASSERT_EQ(run0["results"].size(), 1u);
  const auto& result = run0["results"][0];
  EXPECT_EQ(result["ruleId"], "E0502");
  EXPECT_EQ(rules[result["ruleIndex"].get<size_t>()]["id"], "E0502");
  EXPECT_EQ(result["level"], "error");
  EXPECT_FALSE(result["message"]["text"].get<std::string>().empty());
  const auto& location = result["locations"][0]["physicalLocation"];
  EXPECT_NE(location["artifactLocation"]["uri"].get<std::string>().find("unit_compare"),
            std::string::npos);
  EXPECT_EQ(location["region"]["startLine"], 8);
  EXPECT_EQ(location["region"]["startColumn"], 11);
  EXPECT_EQ(result["relatedLocations"].size(), 2u);
}

TEST(Cli, FmtPrintsChecksAndWrites) {
  const testing::ScratchDir dir{"cli"};
  const auto messy = dir / "messy.policy";
  testing::WriteFile(messy,
                     "policy a.b version 1.0.0 {title \"T\" schema compute-facility/v1}\n"
                     "rule efficiency.r {require pue<=1.3}\n");
  Outcome printed = Gridlaw("fmt " + messy.string());
  EXPECT_EQ(printed.exit_code, 0);
  EXPECT_NE(printed.out.find("  require pue <= 1.3\n"), std::string::npos) << printed.out;

  Outcome check = Gridlaw("fmt --check " + messy.string());
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_EQ(check.out, messy.string() + "\n");

  EXPECT_EQ(Gridlaw("fmt --write " + messy.string()).exit_code, 0);
  EXPECT_EQ(testing::ReadFileOrEmpty(messy), printed.out);
  EXPECT_EQ(Gridlaw("fmt --check " + messy.string()).exit_code, 0);
  EXPECT_EQ(Gridlaw("fmt --check --write " + messy.string()).exit_code, 2);
}

TEST(Cli, FmtRefusesTextThatDoesNotParse) {
  const testing::ScratchDir dir{"cli"};
  const auto broken = dir / "broken.policy";
  testing::WriteFile(broken, "policy a.b version 1.0.0 {\n");
  EXPECT_EQ(Gridlaw("fmt --write " + broken.string()).exit_code, 1);
  EXPECT_EQ(testing::ReadFileOrEmpty(broken), "policy a.b version 1.0.0 {\n");  // untouched
}

TEST(Cli, ShippedPoliciesCheckAndAreFormatted) {
  const std::string policies = (testing::SourceDir() / "policies").string();
  EXPECT_EQ(Gridlaw("check --policy-path " + policies + " " + policies + "/*.policy").exit_code, 0);
  EXPECT_EQ(Gridlaw("fmt --check " + policies + "/*.policy").exit_code, 0);
}

}  // namespace
}  // namespace gridlaw

namespace gridlaw {
namespace {

std::string EvalCase(const std::string& name) {
  return (testing::SourceDir() / "tests/golden/eval" / name).string();
}

TEST(CliEval, ReportsAreDeterministicWhateverTheInputOrder) {
  const std::string dir = EvalCase("window_gap");
  std::string forward, backward;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/claims"))
    files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  for (const auto& f : files)
    forward += " " + f;
  for (auto it = files.rbegin(); it != files.rend(); ++it)
    backward += " " + *it;
  const std::string policy = " --policy " + dir + "/policy.policy --format json";
  Outcome a = Gridlaw("eval" + policy + forward);
  Outcome b = Gridlaw("eval" + policy + backward);
  Outcome c = Gridlaw("eval" + policy + " " + dir + "/claims");
  EXPECT_EQ(a.exit_code, 1);  // the case is not compliant
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(a.out, c.out);
  const auto report = nlohmann::json::parse(a.out);
  EXPECT_EQ(report["policy"]["id"], "cn.hub.efficiency");
  EXPECT_EQ(report["inputs"].size(), 12u);
  EXPECT_EQ(report["summary"]["status"], "non_compliant");
  EXPECT_EQ(report["subjects"][0]["verdicts"][0]["verdict"], "indeterminate");
  // Canonical: compact, sorted, one trailing newline.
  EXPECT_EQ(a.out, report.dump() + "\n");
}

TEST(CliEval, JunitAndText) {
  const std::string dir = EvalCase("window_gap");
  Outcome junit =
      Gridlaw("eval --format junit --policy " + dir + "/policy.policy " + dir + "/claims");
  EXPECT_NE(
      junit.out.find("<testsuite name=\"acme/fra-1\" tests=\"4\" failures=\"2\" errors=\"1\""),
      std::string::npos)
      << junit.out;
  Outcome text = Gridlaw("eval --policy " + dir + "/policy.policy " + dir + "/claims");
  EXPECT_NE(text.out.find("acme/fra-1: NOT COMPLIANT"), std::string::npos) << text.out;
}

TEST(CliEval, BadInputsAreUsageErrors) {
  const std::string dir = EvalCase("window_gap");
  const testing::ScratchDir tmp{"cli"};
  testing::WriteFile(tmp / "bad.json", "{\"schema\": \"compute-facility/v1\", \"a\": 1, \"a\": 2}");
  EXPECT_EQ(
      Gridlaw("eval --policy " + dir + "/policy.policy " + (tmp / "bad.json").string()).exit_code,
      2);
  testing::WriteFile(tmp / "bad.json", "{\"schema\": \"compute-facility/v1\"}");
  EXPECT_EQ(
      Gridlaw("eval --policy " + dir + "/policy.policy " + (tmp / "bad.json").string()).exit_code,
      2);
  EXPECT_EQ(Gridlaw("eval --policy " + dir + "/policy.policy /nonexistent").exit_code, 2);
  EXPECT_EQ(Gridlaw("eval --at 2027-13-01 --policy " + dir + "/policy.policy " + dir + "/claims")
                .exit_code,
            2);
  EXPECT_EQ(
      Gridlaw("eval --policy " + Golden("unit_compare_energy_power.policy") + " " + dir + "/claims")
          .exit_code,
      1);
}

TEST(CliEval, AtChoosesTheEvaluatedAttestation) {
  const std::string dir = EvalCase("window_gap");
  Outcome run = Gridlaw("eval --format json --at 2027-07-01 --policy " + dir + "/policy.policy " +
                        dir + "/claims");
  const auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["evaluated_at"], "2027-07-01");
  EXPECT_EQ(report["subjects"][0]["period"]["start"], "2027-06-01");
}

}  // namespace
}  // namespace gridlaw

namespace gridlaw {
namespace {

// Provider signs, auditor evaluates only what verifies.
TEST(CliEval, SignedClaimsAreVerifiedAndRecorded) {
  const testing::ScratchDir dir{"cli"};
  const std::string d = (dir / "").string();
  const std::string cases = (testing::SourceDir() / "tests/golden/eval/window_gap").string();
  ASSERT_EQ(Gridlaw("keygen --out " + d + "acme").exit_code, 0);
  ASSERT_EQ(Gridlaw("keygen --out " + d + "other").exit_code, 0);
  ASSERT_EQ(Gridlaw("trust add --trust " + d + "trust.json --provider acme --pub " + d +
                    "acme.pub --valid-from 2027-01-01T00:00:00Z")
                .exit_code,
            0);
  std::string envelopes;
  for (int month = 1; month <= 12; ++month) {
    const std::string name = fmt::format("acme-{:02}", month);
    ASSERT_EQ(Gridlaw("attest sign --key " + d + "acme.key --out " + d + name + ".env.json " +
                      cases + "/claims/" + name + ".json")
                  .exit_code,
              0);
    envelopes += " " + d + name + ".env.json";
  }
  const std::string eval = "eval --format json --now 2028-02-01T00:00:00Z --trust " + d +
                           "trust.json --policy " + cases + "/policy.policy";
  Outcome signed_run = Gridlaw(eval + envelopes);
  ASSERT_EQ(signed_run.exit_code, 1) << signed_run.out;  // evaluated; the case is not compliant
  const auto report = nlohmann::json::parse(signed_run.out);
  ASSERT_EQ(report["inputs"].size(), 12u);
  for (const auto& input : report["inputs"]) {
    EXPECT_EQ(input["verified"], true);
    ASSERT_EQ(input["signed_by"].size(), 1u);
    EXPECT_EQ(input["signed_by"][0].get<std::string>().size(), 64u);
  }
  // The verdicts are those of the unsigned claims: the same bytes were evaluated.
  Outcome unsigned_run =
      Gridlaw("eval --format json --policy " + cases + "/policy.policy " + cases + "/claims");
  EXPECT_EQ(nlohmann::json::parse(unsigned_run.out)["subjects"], report["subjects"]);

  // With --trust, unsigned claims are refused unless allowed.
  EXPECT_EQ(Gridlaw(eval + " " + cases + "/claims/acme-01.json").exit_code, 2);
  EXPECT_EQ(Gridlaw(eval + " --allow-unsigned " + cases + "/claims/acme-01.json").exit_code, 1);
  // An envelope signed by a key the trust store does not hold is refused.
  ASSERT_EQ(Gridlaw("attest sign --key " + d + "other.key --out " + d + "x.env.json " + cases +
                    "/claims/acme-01.json")
                .exit_code,
            0);
  EXPECT_EQ(Gridlaw(eval + " " + d + "x.env.json").exit_code, 2);
  // An envelope without --trust is refused too.
  EXPECT_EQ(
      Gridlaw("eval --policy " + cases + "/policy.policy " + d + "acme-01.env.json").exit_code, 2);
}

}  // namespace
}  // namespace gridlaw

namespace gridlaw {
namespace {

// The committed example envelopes verify against the committed trust store
// and evaluate to the same verdicts as the plain claims they sign.
TEST(CliEval, ExampleEnvelopesVerifyAndMatchTheClaims) {
  const std::string examples = (testing::SourceDir() / "examples").string();
  EXPECT_EQ(Gridlaw("attest verify --trust " + examples +
                    "/trust.json --now 2028-02-01T00:00:00Z " + examples + "/envelopes/*.json")
                .exit_code,
            0);
  const std::string policy = " --format json --policy " +
                             (testing::SourceDir() / "policies/cn.hub.efficiency.policy").string();
  Outcome signed_run =
      Gridlaw("eval --trust " + examples + "/trust.json --now 2028-02-01T00:00:00Z" + policy + " " +
              examples + "/envelopes");
  Outcome plain_run = Gridlaw("eval" + policy + " " + examples + "/claims");
  ASSERT_LE(signed_run.exit_code, 1);
  const auto a = nlohmann::json::parse(signed_run.out);
  const auto b = nlohmann::json::parse(plain_run.out);
  EXPECT_EQ(a["subjects"], b["subjects"]);
  EXPECT_EQ(a["inputs"].size(), 189u);
  EXPECT_EQ(a["summary"]["subjects"], 16);
}

// --series: each rule with a measure carries it, and its value at every
// attestation of the subject (a 12-month window is complete only in December).
TEST(Cli, EvalSeriesGivesEachMeasuredRuleAtEveryPeriod) {
  const std::string dir =
      (testing::SourceDir() / "tests/golden/eval/window_complete_12_months").string();
  const Outcome run =
      Gridlaw("eval --format json --series --policy " + dir + "/policy.policy " + dir + "/claims");
  ASSERT_EQ(run.exit_code, 1) << "efficiency.mean_pue_strict fails";
  const auto report = nlohmann::json::parse(run.out);
  const auto& verdicts = report["subjects"][0]["verdicts"];
  ASSERT_EQ(verdicts.size(), 4u);
  const auto& annual = verdicts[2];
  ASSERT_EQ(annual["rule"], "efficiency.annual_pue");
  EXPECT_EQ(annual["measure"], nlohmann::json({{"metric", "annual_pue"},
                                               {"op", "<="},
                                               {"value", "1.246296"},
                                               {"limit", "1.25"},
                                               {"unit", ""}}));
  const auto& series = annual["series"];
  ASSERT_EQ(series.size(), 12u);
  EXPECT_EQ(series[0], nlohmann::json({{"period", "2027-01-01"},
                                       {"verdict", "indeterminate"},
                                       {"value", ""},
                                       {"limit", "1.25"}}));
  EXPECT_EQ(series[11], nlohmann::json({{"period", "2027-12-01"},
                                        {"verdict", "pass"},
                                        {"value", "1.246296"},
                                        {"limit", "1.25"}}));
  // A literal on the left is the limit: the measure reads metric-first.
  EXPECT_EQ(verdicts[3]["measure"]["unit"], "kWh");
  EXPECT_EQ(verdicts[3]["measure"]["value"], "10800000");
  // Without --series the same report has measures but no series.
  const auto plain = nlohmann::json::parse(
      Gridlaw("eval --format json --policy " + dir + "/policy.policy " + dir + "/claims").out);
  EXPECT_TRUE(plain["subjects"][0]["verdicts"][2].contains("measure"));
  EXPECT_FALSE(plain["subjects"][0]["verdicts"][2].contains("series"));
}

}  // namespace
}  // namespace gridlaw
