// The expected reports of every shipped policy over the example claims,
// committed in examples/reports/, are what `gridlaw eval` produces today.
// A change that moves a verdict, a figure or a byte of the canonical JSON
// shows up here; GRIDLAW_UPDATE_GOLDEN=1 rewrites the files after review.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "run_gridlaw.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;
using testing::Gridlaw;
using testing::SourceDir;

class ExampleReport : public ::testing::TestWithParam<fs::path> {
 protected:
  std::string Eval(const std::string& format, const std::string& inputs) {
    const testing::Outcome run =
        Gridlaw("eval --format " + format + " --policy " + GetParam().string() + " --policy-path " +
                (SourceDir() / "policies").string() + " " + inputs);
    // 0 compliant, 1 not: both are reports; anything else is a failure.
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << "exit " << run.exit_code;
    return run.out;
  }

  void ExpectMatches(const std::string& actual, const std::string& extension) {
    const fs::path expected =
        SourceDir() / "examples/reports" / (GetParam().stem().string() + extension);
    if (testing::UpdatingGolden()) {
      fs::create_directories(expected.parent_path());
      testing::WriteFile(expected, actual);
      GTEST_SKIP() << "rewrote " << expected;
    }
    ASSERT_TRUE(fs::exists(expected))
        << expected << " is missing; run with GRIDLAW_UPDATE_GOLDEN=1";
    EXPECT_EQ(actual, testing::ReadFileOrEmpty(expected)) << "differs from " << expected;
  }
};

TEST_P(ExampleReport, TextMatchesCommitted) {
  ExpectMatches(Eval("text", (SourceDir() / "examples/claims").string()), ".txt");
}

TEST_P(ExampleReport, JsonMatchesCommitted) {
  ExpectMatches(Eval("json", (SourceDir() / "examples/claims").string()), ".json");
}

// The signed envelopes carry the same claims: verified through the trust
// store, they must give the same verdicts as the plain files.
TEST_P(ExampleReport, SignedEnvelopesGiveTheSameVerdicts) {
  const auto plain =
      nlohmann::json::parse(Eval("json", (SourceDir() / "examples/claims").string()));
  const auto signed_run = nlohmann::json::parse(Eval(
      "json", "--trust " + (SourceDir() / "examples/trust.json").string() +
                  " --now 2028-02-01T00:00:00Z " + (SourceDir() / "examples/envelopes").string()));
  EXPECT_EQ(signed_run["subjects"], plain["subjects"]);
  EXPECT_EQ(signed_run["summary"], plain["summary"]);
  ASSERT_EQ(signed_run["inputs"].size(), plain["inputs"].size());
  for (const auto& input : signed_run["inputs"])
    EXPECT_TRUE(input["verified"].get<bool>());
}

// Subjects are evaluated on every thread by default: one thread and four
// must give the same bytes.
TEST_P(ExampleReport, ThreadCountsGiveTheSameBytes) {
  const std::string claims = (SourceDir() / "examples/claims").string();
  const std::string report = Eval("json", claims);
  EXPECT_EQ(Eval("json", "--threads 1 " + claims), report);
  EXPECT_EQ(Eval("json", "--threads 4 " + claims), report);
  const std::string summary = Eval("summary", claims);
  EXPECT_EQ(Eval("summary", "--threads 1 " + claims), summary);
  EXPECT_EQ(Eval("summary", "--threads 4 " + claims), summary);
}

// The summary counts verdicts without explaining them (TallyClaims); its
// table must hold the counts of the explained report's verdicts.
TEST_P(ExampleReport, SummaryCountsTheReportsVerdicts) {
  const std::string claims = (SourceDir() / "examples/claims").string();
  const auto report = nlohmann::json::parse(Eval("json", claims));
  std::map<std::string, std::map<std::string, int>> counted;  // rule → verdict → count
  for (const auto& subject : report["subjects"]) {
    for (const auto& verdict : subject["verdicts"])
      ++counted[verdict["rule"].get<std::string>()][verdict["verdict"].get<std::string>()];
  }
  std::istringstream summary(Eval("summary", claims));
  std::map<std::string, std::map<std::string, int>> listed;
  bool table = false;
  for (std::string line; std::getline(summary, line);) {
    if (line.starts_with("rule ")) {
      table = true;
      continue;
    }
    if (!table || line.empty()) continue;
    std::istringstream row(line);
    std::string rule;
    row >> rule;
    for (const char* verdict : {"pass", "warn", "fail", "indeterminate", "not_applicable"}) {
      int n = 0;
      row >> n;
      if (n > 0) listed[rule][verdict] = n;
    }
  }
  EXPECT_FALSE(listed.empty());
  EXPECT_EQ(listed, counted);
}

INSTANTIATE_TEST_SUITE_P(Policies, ExampleReport,
                         ::testing::ValuesIn(testing::FilesIn("policies", ".policy")),
                         [](const auto& info) { return testing::TestNameOf(info.param); });

}  // namespace
}  // namespace gridlaw
