// Reports computed from the ledger: `gridlaw eval --ledger` names the
// checkpoint and each input's entry, `--sign-key` signs the canonical JSON
// with an evaluator key, and `gridlaw report verify --ledger` re-evaluates
// from the named checkpoint and refuses a report whose verdicts were changed
// after evaluation, even when it carries a valid signature.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "crypto/private_key.h"
#include "dsse/envelope.h"
#include "dsse/payload_types.h"
#include "intake/signed_document.h"
#include "run_gridlaw.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;
using testing::Gridlaw;
using testing::SourceDir;

class SignedReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("gridlaw-signed-report-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_EQ(Gridlaw("ledger init " + Db() + " --trust " + Example("trust.json") + " --key " +
                      Example("keys/ledger.key") + " --now 2028-01-15T00:00:00Z")
                  .exit_code,
              0);
    // Two batches: checkpoints at sizes 100 and 189.
    ASSERT_EQ(Gridlaw("ledger ingest --ledger " + Db() +
                      " --batch 100 --now 2028-02-01T00:00:00Z " + Example("envelopes"))
                  .exit_code,
              0);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static std::string Db() { return (dir_ / "ledger.db").string(); }
  static std::string Example(const std::string& name) {
    return (SourceDir() / "examples" / name).string();
  }
  static std::string Policy() {
    return (SourceDir() / "policies/cn.hub.efficiency.policy").string();
  }
  static std::string Path(const std::string& name) { return (dir_ / name).string(); }

  // Evaluates the ledger and returns the report file's path.
  static std::string SignedReportFile(const std::string& name, const std::string& extra = "") {
    const auto run = Gridlaw("eval --policy " + Policy() + " --ledger " + Db() +
                             " --format json --sign-key " + Example("keys/auditor.key") +
                             " --now 2028-02-02T00:00:00Z --out " + Path(name) + " " + extra);
    EXPECT_EQ(run.exit_code, 1) << "the example data has non-compliant subjects";
    return Path(name);
  }

  static nlohmann::json PayloadOf(const std::string& envelope_file) {
    auto envelope = ParseEnvelope(testing::ReadFileOrEmpty(envelope_file));
    EXPECT_TRUE(envelope.ok());
    EXPECT_EQ(envelope->payload_type, kReportPayloadType);
    return nlohmann::json::parse(envelope->payload);
  }

  static inline fs::path dir_;
};

TEST_F(SignedReport, NamesTheCheckpointAndEveryEntry) {
  const nlohmann::json report = PayloadOf(SignedReportFile("latest.json"));
  EXPECT_EQ(report["ledger"]["origin"], "gridlaw-ledger");
  EXPECT_EQ(report["ledger"]["checkpoint"]["tree_size"], 189);
  EXPECT_EQ(report["ledger"]["checkpoint"]["root"].get<std::string>().size(), 64u);
  std::set<uint64_t> entries;
  for (const auto& input : report["inputs"]) {
    EXPECT_TRUE(input["verified"].get<bool>());
    EXPECT_EQ(input["signed_by"].size(), 1u);
    entries.insert(input["entry"].get<uint64_t>());
  }
  EXPECT_EQ(entries.size(), 189u);
  EXPECT_EQ(*entries.rbegin(), 188u);
  // The same claims as the committed example report, so the same verdicts.
  const auto expected = nlohmann::json::parse(
      testing::ReadFileOrEmpty(SourceDir() / "examples/reports/cn.hub.efficiency.json"));
  EXPECT_EQ(report["subjects"], expected["subjects"]);
  EXPECT_EQ(report["summary"], expected["summary"]);
}

// Entries are decoded and subjects evaluated on every thread by default:
// the report's bytes are those of one thread. The summary counts the same.
TEST_F(SignedReport, ThreadCountsGiveTheSameReport) {
  const std::string eval = "eval --policy " + Policy() + " --ledger " + Db() + " --format ";
  const auto one = Gridlaw(eval + "json --threads 1");
  const auto four = Gridlaw(eval + "json --threads 4");
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(four.out, one.out);
  const nlohmann::json report = nlohmann::json::parse(one.out);
  EXPECT_EQ(report["inputs"].size(), 189u);
  const auto summary_one = Gridlaw(eval + "summary --threads 1");
  const auto summary_four = Gridlaw(eval + "summary --threads 4");
  EXPECT_EQ(summary_four.out, summary_one.out);
  EXPECT_NE(
      summary_one.out.find("subjects " + std::to_string(report["subjects"].size()) + ", evaluated"),
      std::string::npos)
      << summary_one.out;
}

TEST_F(SignedReport, AnEarlierCheckpointReadsOnlyItsEntries) {
  const std::string file = SignedReportFile("at100.json", "--checkpoint 100");
  const nlohmann::json report = PayloadOf(file);
  EXPECT_EQ(report["ledger"]["checkpoint"]["tree_size"], 100);
  EXPECT_EQ(report["inputs"].size(), 100u);
  const auto verify =
      Gridlaw("report verify " + file + " --ledger " + Db() + " --now 2028-02-02T00:00:00Z");
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_NE(verify.out.find("reproduced"), std::string::npos) << verify.out;
  EXPECT_EQ(
      Gridlaw("eval --policy " + Policy() + " --ledger " + Db() + " --checkpoint 150").exit_code, 2)
      << "there is no checkpoint at size 150";
}

TEST_F(SignedReport, VerifiesOfflineAndReproducesFromTheLedger) {
  const std::string file = SignedReportFile("verify.json");
  const auto offline = Gridlaw("report verify " + file + " --trust " + Example("trust.json") +
                               " --now 2028-02-02T00:00:00Z");
  EXPECT_EQ(offline.exit_code, 0) << offline.out;
  const auto full =
      Gridlaw("report verify " + file + " --ledger " + Db() + " --now 2028-02-02T00:00:00Z");
  EXPECT_EQ(full.exit_code, 0) << full.out;
  EXPECT_NE(full.out.find("gives the same bytes"), std::string::npos) << full.out;
}

// A policy with modules: the report lists each module with its file's
// SHA-256, verify re-reads the modules from --policy-path, and a module that
// changed since makes the report not reproducible.
TEST_F(SignedReport, ModulesAreHashedAndReReadOnVerify) {
  const fs::path modules = dir_ / "modules";
  fs::create_directories(modules);
  fs::copy_file(SourceDir() / "policies/global.baseline.policy", modules / "baseline.policy",
                fs::copy_options::overwrite_existing);
  const std::string policy = (SourceDir() / "policies/de.enefg.datacentres.policy").string();
  const std::string file = Path("modules.json");
  const auto run =
      Gridlaw("eval --policy " + policy + " --policy-path " + modules.string() + " --ledger " +
              Db() + " --format json --sign-key " + Example("keys/auditor.key") +
              " --now 2028-02-02T00:00:00Z --out " + file);
  ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.out;
  const nlohmann::json report = PayloadOf(file);
  ASSERT_EQ(report["policy"]["modules"].size(), 1u);
  EXPECT_EQ(report["policy"]["modules"][0]["id"], "global.baseline");
  EXPECT_EQ(report["policy"]["modules"][0]["version"], "1.0.0");
  EXPECT_EQ(report["policy"]["modules"][0]["sha256"].get<std::string>().size(), 64u);

  const std::string verify = "report verify " + file + " --ledger " + Db() +
                             " --now 2028-02-02T00:00:00Z --policy-path " + modules.string();
  const auto same = Gridlaw(verify);
  EXPECT_EQ(same.exit_code, 0) << same.out;
  EXPECT_NE(same.out.find("reproduced"), std::string::npos) << same.out;

  // The same module id and version, other bytes.
  testing::WriteFile(modules / "baseline.policy",
                     testing::ReadFileOrEmpty(modules / "baseline.policy") + "# edited\n");
  const auto changed = Gridlaw(verify);
  EXPECT_EQ(changed.exit_code, 1) << changed.out;
  EXPECT_NE(changed.out.find("NOT REPRODUCIBLE"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("modules"), std::string::npos) << changed.out;
}

TEST_F(SignedReport, AChangedVerdictIsNamedEvenUnderAValidSignature) {
  nlohmann::json report = PayloadOf(SignedReportFile("forge.json"));
  bool changed = false;
  for (auto& subject : report["subjects"]) {
    if (subject["subject"] != "wuhu-1") continue;
    for (auto& verdict : subject["verdicts"]) {
      if (verdict["rule"] == "efficiency.hub_pue") {
        ASSERT_EQ(verdict["verdict"], "fail");
        verdict["verdict"] = "pass";
        changed = true;
      }
    }
  }
  ASSERT_TRUE(changed);
  auto key = PrivateKey::FromPkcs8Pem(testing::ReadFileOrEmpty(Example("keys/auditor.key")));
  ASSERT_TRUE(key.ok());
  auto forged = SignDocument(kReportPayloadType, report.dump() + "\n", *key);
  ASSERT_TRUE(forged.ok());
  testing::WriteFile(Path("forged.json"), *forged);

  EXPECT_EQ(Gridlaw("report verify " + Path("forged.json") + " --trust " + Example("trust.json") +
                    " --now 2028-02-02T00:00:00Z")
                .exit_code,
            0)
      << "the signature itself is valid";
  const auto full = Gridlaw("report verify " + Path("forged.json") + " --ledger " + Db() +
                            " --now 2028-02-02T00:00:00Z");
  EXPECT_EQ(full.exit_code, 1);
  EXPECT_NE(full.out.find("NOT REPRODUCIBLE: jinghua/wuhu-1 rule efficiency.hub_pue: the report "
                          "says pass"),
            std::string::npos)
      << full.out;
}

// Re-evaluating with a changed policy fails and names the rule it changes.
TEST_F(SignedReport, AChangedPolicyIsNamedByTheRuleItChanges) {
  const std::string file = SignedReportFile("changed-policy.json");
  std::string policy = testing::ReadFileOrEmpty(Policy());
  const std::string from = "param hub_min_rack_utilisation = 65 %";
  ASSERT_NE(policy.find(from), std::string::npos);
  policy.replace(policy.find(from), from.size(), "param hub_min_rack_utilisation = 50 %");
  testing::WriteFile(Path("changed.policy"), policy);
  const auto run = Gridlaw("report verify " + file + " --ledger " + Db() + " --policy " +
                           Path("changed.policy") + " --now 2028-02-02T00:00:00Z");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("NOT REPRODUCIBLE: the policy is not the one the report names"),
            std::string::npos)
      << run.out;
  // The first subject whose message the new limit changes (sorted: hanhai before jinghua).
  EXPECT_NE(run.out.find("hanhai/wlcb-1 rule efficiency.hub_rack_utilisation: the report says "
                         "pass"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("= 50 %"), std::string::npos) << run.out;
}

TEST_F(SignedReport, OnlyAnEvaluatorKeySigns) {
  const auto run =
      Gridlaw("eval --policy " + Policy() + " --ledger " + Db() + " --format json --sign-key " +
              Example("keys/cascadia.key") + " --now 2028-02-02T00:00:00Z");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty()) << "nothing is printed when the report cannot be signed";
  const auto text = Gridlaw("eval --policy " + Policy() + " --ledger " + Db() + " --sign-key " +
                            Example("keys/auditor.key"));
  EXPECT_EQ(text.exit_code, 2) << "only the canonical JSON report is signed";
}

TEST_F(SignedReport, AnUnknownSignerIsRefused) {
  const std::string file = SignedReportFile("unknown.json");
  // A trust store without the auditor's key.
  auto trust = nlohmann::json::parse(testing::ReadFileOrEmpty(Example("trust.json")));
  auto& keys = trust["keys"];
  keys.erase(std::remove_if(keys.begin(), keys.end(),
                            [](const auto& k) { return k["role"] == "evaluator"; }),
             keys.end());
  testing::WriteFile(Path("no-auditor.json"), trust.dump(2));
  const auto run = Gridlaw("report verify " + file + " --trust " + Path("no-auditor.json") +
                           " --now 2028-02-02T00:00:00Z");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("A201"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace gridlaw
