// gridlaw diff: golden cases in tests/golden/diff/CASE/{old,new}.policy
// with the expected text (and exit code) in expected.txt; the JSON form
// and --claims are checked on the unit-forms case.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_gridlaw.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;
using testing::Gridlaw;

std::vector<fs::path> DiffCases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(testing::SourceDir() / "tests/golden/diff")) {
    if (entry.is_directory()) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string DiffCommand(const fs::path& dir, const std::string& options = "") {
  // Relative paths keep the expected text free of this machine's directories.
  const std::string rel = fs::relative(dir, testing::SourceDir()).string();
  // A case's modules/ directory is the policy path of both versions.
  const std::string path =
      fs::exists(dir / "modules") ? " --policy-path " + rel + "/modules" : std::string();
  return "diff " + options + path + " " + rel + "/old.policy " + rel + "/new.policy";
}

class GoldenDiff : public ::testing::TestWithParam<fs::path> {};

TEST_P(GoldenDiff, MatchesExpected) {
  const std::string cwd = fs::current_path().string();
  fs::current_path(testing::SourceDir());
  const auto run = Gridlaw(DiffCommand(GetParam()));
  fs::current_path(cwd);
  const std::string actual = run.out + "exit " + std::to_string(run.exit_code) + "\n";
  const fs::path expected = GetParam() / "expected.txt";
  if (testing::UpdatingGolden()) {
    testing::WriteFile(expected, actual);
    GTEST_SKIP() << "rewrote " << expected;
  }
  EXPECT_EQ(actual, testing::ReadFileOrEmpty(expected));
}

INSTANTIATE_TEST_SUITE_P(Diff, GoldenDiff, ::testing::ValuesIn(DiffCases()),
                         [](const auto& info) { return testing::TestNameOf(info.param); });

TEST(Diff, AtLeastFourCases) {
  EXPECT_GE(DiffCases().size(), 4u);
}

TEST(Diff, JsonNamesEachChangeWithBothValues) {
  const fs::path dir = testing::SourceDir() / "tests/golden/diff/unit_forms_and_params";
  const auto run = Gridlaw("diff --format json " + (dir / "old.policy").string() + " " +
                           (dir / "new.policy").string());
  ASSERT_EQ(run.exit_code, 1);
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["old"]["version"], "1.0.0");
  EXPECT_EQ(doc["new"]["version"], "1.1.0");
  bool tightened = false, renamed = false;
  for (const auto& change : doc["changes"]) {
    EXPECT_NE(change["kind"], "rule-added") << "a rename must not read as remove + add";
    EXPECT_NE(change["kind"], "rule-removed") << "a rename must not read as remove + add";
    if (change["kind"] == "threshold-tightened" && change["rule"] == "efficiency.token_energy") {
      tightened = true;
      EXPECT_EQ(change["before"], "<= 0.4 J/token");
      EXPECT_EQ(change["after"], "<= 0.35 J/token (written 350 mJ/token)");
    }
    if (change["kind"] == "rule-renamed") {
      renamed = true;
      EXPECT_EQ(change["old_rule"], "reporting.old_name");
      EXPECT_EQ(change["rule"], "reporting.heat_reuse_reported");
    }
    EXPECT_NE(change.value("rule", ""), "efficiency.renewables")
        << "ref >= 50 % and ref >= 0.5 are the same limit";
  }
  EXPECT_TRUE(tightened);
  EXPECT_TRUE(renamed);
}

TEST(Diff, ClaimsShowWhoseVerdictsChange) {
  const fs::path dir = testing::SourceDir() / "tests/golden/diff/unit_forms_and_params";
  const auto run =
      Gridlaw("diff --format json --claims " + (testing::SourceDir() / "examples/claims").string() +
              " " + (dir / "old.policy").string() + " " + (dir / "new.policy").string());
  ASSERT_EQ(run.exit_code, 1);
  const auto doc = nlohmann::json::parse(run.out);
  bool found = false;
  for (const auto& subject : doc["subjects"]) {
    for (const auto& rule : subject["rules"]) {
      EXPECT_EQ(rule.get<std::string>().find("(none)"), std::string::npos)
          << "a renamed rule is compared with its old self: " << rule;
    }
    if (subject["subject"] == "seineai/par-1") {
      found = true;
      EXPECT_EQ(subject["status"]["before"], "compliant");
      EXPECT_EQ(subject["status"]["after"], "non_compliant");
      EXPECT_EQ(subject["rules"], nlohmann::json::array({"efficiency.pue: pass → fail"}));
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace gridlaw
