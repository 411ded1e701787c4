// gridlaw test: the fixture policy tests/golden/ptest/pass/three.policy has
// three rules, of which its tests exercise two; the expected output, the
// coverage figures and the exit codes are asserted exactly. The refused
// test files in tests/golden/ptest/errors/ each show their codes and paths.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "policytest/coverage.h"
#include "policytest/test_codes.h"
#include "policytest/test_file.h"
#include "run_gridlaw.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRuler =
    "--------------------------------------------------------------------------------\n";

// Runs `gridlaw test ARGS` in the source tree, so that paths (and the
// output, which names them) are relative.
testing::Outcome GridlawTest(const std::string& args, bool with_stderr = false) {
  const fs::path cwd = fs::current_path();
  fs::current_path(testing::SourceDir());
  auto run = testing::Gridlaw("test " + args, with_stderr);
  fs::current_path(cwd);
  return run;
}

TEST(PolicyTestCommand, PassingCasesPrintOnlyTheSummary) {
  const auto run = GridlawTest("tests/golden/ptest/pass");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, std::string(kRuler) + "PASS: 4/4\n");
}

TEST(PolicyTestCommand, VerboseListsEveryCase) {
  const auto run = GridlawTest("-v tests/golden/ptest/pass/three.test.json");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out,
            "tests/golden/ptest/pass/three.test.json:\n"
            "  a low PUE passes: PASS\n"
            "  a PUE between the levels warns: PASS\n"
            "  a high PUE fails: PASS\n"
            "  missing IT energy is indeterminate: PASS\n"
            "\n" +
                std::string(kRuler) + "PASS: 4/4\n");
}

TEST(PolicyTestCommand, AFailingCaseShowsExpectedAndGotWithTheMessage) {
  const auto run = GridlawTest("tests/golden/ptest/fail");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            "FAIL tests/golden/ptest/fail/failing.test.json: expects a pass that fails\n"
            "  hot efficiency.pue: expected pass, got fail\n"
            "    message: pue = 1.8 > 1.5\n"
            "  hot: expected compliant, got non-compliant\n" +
                std::string(kRuler) + "PASS: 1/2\nFAIL: 1/2\n");
}

TEST(PolicyTestCommand, CoverageCountsRulesAndOutcomes) {
  const auto run = GridlawTest("--coverage tests/golden/ptest/pass");
  EXPECT_EQ(run.exit_code, 0);
  // efficiency.pue: when only true (all subjects are facilities), require
  // true/false/unknown, warn true/false. reporting.water: never unknown.
  // reporting.tokens: its when is always false, so it is not covered.
  EXPECT_NE(run.out.find("tests/golden/ptest/pass/three.policy (ptest.three 1.0.0), 4 cases\n"
                         "  rule              when  require  warn  verdicts\n"
                         "  efficiency.pue    t.    tfu      tf    pass warn fail indeterminate\n"
                         "  reporting.water   -     tf.      -     pass fail\n"
                         "  reporting.tokens  .f    ...      -     not_applicable\n"
                         "  rules 2/3 (66.7%), outcomes 9/15 (60.0%)\n"
                         "  not covered:\n"
                         "    efficiency.pue: when false\n"
                         "    reporting.water: require unknown\n"
                         "    reporting.tokens (rule not covered): when true, require true, "
                         "require false, require unknown\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Rule coverage: 2/3 (66.7%); outcome coverage: 9/15 (60.0%)\n"),
            std::string::npos)
      << run.out;
}

TEST(PolicyTestCommand, ThresholdIsOnRuleCoverage) {
  EXPECT_EQ(GridlawTest("--coverage --threshold 60 tests/golden/ptest/pass").exit_code, 0);
  EXPECT_EQ(GridlawTest("--coverage --threshold 66 tests/golden/ptest/pass").exit_code, 0);
  const auto above = GridlawTest("--coverage --threshold 70 tests/golden/ptest/pass");
  EXPECT_EQ(above.exit_code, 1);
  EXPECT_NE(above.out.find("FAIL: tests/golden/ptest/pass/three.policy covers 66.7% of its "
                           "rules, below the threshold of 70%\n"),
            std::string::npos)
      << above.out;
  EXPECT_EQ(GridlawTest("--coverage --threshold 67 tests/golden/ptest/pass").exit_code, 1);
  // A threshold needs --coverage, and is a whole percentage.
  EXPECT_EQ(GridlawTest("--threshold 60 tests/golden/ptest/pass").exit_code, 2);
  EXPECT_EQ(GridlawTest("--coverage --threshold 101 tests/golden/ptest/pass").exit_code, 2);
}

TEST(PolicyTestCommand, APolicyWithoutTestsIsZeroPercent) {
  const auto run =
      GridlawTest("--coverage --threshold 1 tests/golden/ptest/pass tests/golden/ptest/untested");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("tests/golden/ptest/untested/other.policy (ptest.other 1.0.0): no test "
                         "file names this policy\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("  rules 0/3 (0.0%), outcomes 0/15 (0.0%)\n"), std::string::npos);
  EXPECT_NE(run.out.find("FAIL: tests/golden/ptest/untested/other.policy covers 0.0% of its rules"),
            std::string::npos);
  EXPECT_EQ(run.out.find("FAIL: tests/golden/ptest/pass/three.policy"), std::string::npos);
  EXPECT_NE(run.out.find("Rule coverage: 2/6 (33.3%)"), std::string::npos);
}

TEST(PolicyTestCommand, JsonForMachines) {
  const auto run =
      GridlawTest("--format json --coverage tests/golden/ptest/pass tests/golden/ptest/fail");
  EXPECT_EQ(run.exit_code, 1);
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["summary"], (nlohmann::json{{"total", 6}, {"passed", 5}, {"failed", 1}}));
  const auto& failed = doc["cases"][0];
  EXPECT_EQ(failed["file"], "tests/golden/ptest/fail/failing.test.json");
  EXPECT_EQ(failed["result"], "fail");
  EXPECT_EQ(failed["mismatches"][0], (nlohmann::json{{"subject", "hot"},
                                                     {"rule", "efficiency.pue"},
                                                     {"expected", "pass"},
                                                     {"got", "fail"},
                                                     {"message", "pue = 1.8 > 1.5"}}));
  EXPECT_EQ(doc["cases"][1]["result"], "pass");
  const auto& policy = doc["coverage"]["policies"][0];
  EXPECT_EQ(policy["policy"], "tests/golden/ptest/pass/three.policy");
  EXPECT_EQ(policy["cases"], 6);
  EXPECT_EQ(policy["rules_total"], 3);
  EXPECT_EQ(policy["rules_covered"], 2);
  EXPECT_EQ(policy["rule_coverage"], "66.7%");
  EXPECT_EQ(policy["rules"][0]["require"], (nlohmann::json{"true", "false", "unknown"}));
  EXPECT_EQ(policy["rules"][0]["when"], (nlohmann::json{"true"}));
  EXPECT_TRUE(policy["rules"][1]["when"].is_null());
  EXPECT_EQ(policy["rules"][2]["covered"], false);
  EXPECT_TRUE(doc["coverage"]["threshold"].is_null());
}

TEST(PolicyTestCommand, SameInputsSameBytes) {
  const std::string args = "--format json --coverage tests/golden/ptest/pass";
  EXPECT_EQ(GridlawTest(args).out, GridlawTest(args).out);
}

// Each refused file: exit 2, every error with its code and pointer.
struct Refusal {
  const char* file;
  std::vector<std::string> lines;
};

void PrintTo(const Refusal& refusal, std::ostream* os) {
  *os << refusal.file;
}

class RefusedTestFile : public ::testing::TestWithParam<Refusal> {};

TEST_P(RefusedTestFile, NamesCodeAndPath) {
  const std::string file = std::string("tests/golden/ptest/errors/") + GetParam().file;
  const auto run = GridlawTest(file, /*with_stderr=*/true);
  EXPECT_EQ(run.exit_code, 2) << run.out;
  for (const std::string& line : GetParam().lines) {
    EXPECT_NE(run.out.find(file + ": " + line), std::string::npos)
        << "missing: " << line << "\nin:\n"
        << run.out;
  }
  EXPECT_NE(run.out.find("no case was run"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, RefusedTestFile,
    ::testing::Values(
        Refusal{"shape.test.json",
                {"T002 at /policy: expected a string, not a number",
                 "T002 at /cases/0/claims: expected at least one claim",
                 "T003 at /cases/0/extra: unknown member \"extra\"",
                 "T008 at /cases/0/expect/a/efficiency.pue: 'passed' is not a verdict (pass, "
                 "warn, fail, indeterminate, not_applicable, exempt) (did you mean 'pass'?)"}},
        Refusal{"claims.test.json",
                {"T005 at /cases/0/at: expected a date YYYY-MM-DD, not '2027-13-01'",
                 "T007 at /cases/0/claims/0/energy/it/unit: unit 'kW' measures power, but this "
                 "field is energy (for example 'kWh')",
                 "T006 at /cases/0/claims/1/file: cannot open "
                 "tests/golden/ptest/errors/missing.json: No such file or directory",
                 "T011 at /cases/1/name: another case is already named 'a bad unit'",
                 "T012 at /cases/2: the case expects nothing: give \"expect\" or "
                 "\"expect_compliant\""}},
        Refusal{"unknown_rule.test.json",
                {"T009 at /cases/0/expect/x/efficiency.peu: the policy "
                 "tests/golden/ptest/pass/three.policy has no rule 'efficiency.peu' (did you "
                 "mean 'efficiency.pue'?)"}},
        Refusal{"no_policy.test.json",
                {"T004 at /policy: cannot open tests/golden/ptest/pass/absent.policy"}},
        Refusal{"overlap.test.json",
                {"T010 at /cases/0/claims: period 2027-01-15 … 2027-02-15 of fixture/x overlaps "
                 "the period 2027-01-01 … 2027-02-01 of "
                 "tests/golden/ptest/errors/overlap.test.json#/cases/0/claims/0\n"}},
        Refusal{"duplicate.test.json",
                {"T001 at /policy: J001 at /policy (byte 35): member \"policy\" appears more "
                 "than once in the object\n"}}),
    [](const auto& info) { return testing::TestNameOf(info.param.file); });

// A claims file is read up to its limit whatever size the file system
// reports: /proc/kallsyms says 0 bytes and holds megabytes.
TEST(PolicyTestFile, AClaimsFileIsBoundedByWhatIsReadNotByItsReportedSize) {
  const fs::path big = "/proc/kallsyms";
  std::error_code ec;
  if (!fs::is_regular_file(big, ec) || fs::file_size(big, ec) != 0 ||
      testing::ReadFileOrEmpty(big).size() <= (size_t{1} << 20)) {
    GTEST_SKIP() << "needs /proc/kallsyms reporting 0 bytes and holding more than 1 MiB";
  }
  const std::string bytes = R"({"policy": "three.policy", "cases": [{"name": "big",)"
                            R"( "claims": [{"file": "/proc/kallsyms"}], "expect_compliant": {}}]})";
  std::vector<policytest::TestError> errors;
  EXPECT_FALSE(policytest::DecodeTestFile(bytes, "tests/golden/ptest/pass/big.test.json", &errors));
  bool bounded = false;
  for (const policytest::TestError& e : errors) {
    if (e.path == "/cases/0/claims/0/file" &&
        e.message == "/proc/kallsyms grew past the limit of 1048576 bytes while being read") {
      bounded = true;
    }
  }
  EXPECT_TRUE(bounded) << (errors.empty() ? "no error" : Describe(errors.front()));
}

TEST(PolicyTestCommand, RefusalsAsJson) {
  const auto run = GridlawTest("--format json tests/golden/ptest/errors/unknown_rule.test.json");
  EXPECT_EQ(run.exit_code, 2);
  const auto doc = nlohmann::json::parse(run.out);
  ASSERT_EQ(doc["errors"].size(), 1u);
  EXPECT_EQ(doc["errors"][0]["code"], "T009");
  EXPECT_EQ(doc["errors"][0]["file"], "tests/golden/ptest/errors/unknown_rule.test.json");
  EXPECT_EQ(doc["errors"][0]["path"], "/cases/0/expect/x/efficiency.peu");
}

TEST(PolicyTestCommand, PathsThatHoldNothing) {
  EXPECT_EQ(GridlawTest("tests/golden/ptest/does-not-exist").exit_code, 2);
  const fs::path empty = fs::temp_directory_path() / "gridlaw-ptest-empty";
  fs::create_directories(empty);
  const auto run = GridlawTest(empty.string(), true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("T013: holds no *.test.json file and no *.policy"), std::string::npos)
      << run.out;
  fs::remove_all(empty);
}

TEST(PolicyTestCodes, SpecListsEveryCode) {
  const std::string spec = testing::ReadFileOrEmpty(testing::SourceDir() / "SPEC.md");
  for (const auto& info : policytest::AllTestCodes()) {
    const std::string row =
        "| `" + std::string(info.id) + "` | " + std::string(info.summary) + " |";
    EXPECT_NE(spec.find(row), std::string::npos) << "SPEC.md §21.6 lacks: " << row;
  }
}

TEST(PolicyTestCoverage, PercentRoundsHalfUpToOneDecimal) {
  EXPECT_EQ(policytest::Percent(2, 3), "66.7%");
  EXPECT_EQ(policytest::Percent(1, 3), "33.3%");
  EXPECT_EQ(policytest::Percent(1, 8), "12.5%");
  EXPECT_EQ(policytest::Percent(1, 16), "6.3%");  // 6.25 rounds up
  EXPECT_EQ(policytest::Percent(0, 5), "0.0%");
  EXPECT_EQ(policytest::Percent(7, 7), "100.0%");
  EXPECT_EQ(policytest::Percent(0, 0), "-");
}

}  // namespace
}  // namespace gridlaw
