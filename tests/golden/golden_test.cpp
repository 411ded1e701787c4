// Golden tests of `gridlaw check`: every tests/golden/check/NAME.policy has
// NAME.err beside it with the exact diagnostics (empty when the policy is
// valid). GRIDLAW_UPDATE_GOLDEN=1 rewrites the .err files; review the diff.
// Each case also checks that fmt is idempotent on it when it parses. A
// directory NAME.modules/ beside a case is its policy path (extends/import);
// module files are named relative to tests/golden/check/ in the .err file.

#include <gtest/gtest.h>

#include "diag/render.h"
#include "format/formatter.h"
#include "frontend/frontend.h"
#include "test_files.h"

namespace gridlaw {
namespace {

using testing::FilesIn;
using testing::ReadFileOrEmpty;

class GoldenCheck : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(GoldenCheck, DiagnosticsMatch) {
  const auto& policy_path = GetParam();
  auto expected_path = policy_path;
  expected_path.replace_extension(".err");
  auto modules_dir = policy_path;
  modules_dir.replace_extension(".modules");
  std::vector<std::string> search;
  if (std::filesystem::exists(modules_dir)) search.push_back(modules_dir.string());
  CompiledPolicy compiled =
      CheckPolicyText(policy_path.filename().string(), ReadFileOrEmpty(policy_path), search);
  std::string actual = compiled.RenderDiagnosticsText();
  const std::string prefix = policy_path.parent_path().string() + "/";
  for (size_t at; (at = actual.find(prefix)) != std::string::npos;)
    actual.erase(at, prefix.size());
  if (testing::UpdatingGolden()) {
    testing::WriteFile(expected_path, actual);
    GTEST_SKIP() << "updated " << expected_path;
  }
  ASSERT_TRUE(std::filesystem::exists(expected_path)) << "missing " << expected_path;
  EXPECT_EQ(actual, ReadFileOrEmpty(expected_path));
  if (compiled.policy) {
    const std::string once = FormatPolicy(*compiled.policy);
    CompiledPolicy reparsed = CheckPolicyText("formatted", once, search);
    ASSERT_NE(reparsed.policy, nullptr) << "formatted text does not parse:\n" << once;
    EXPECT_EQ(FormatPolicy(*reparsed.policy), once) << "fmt is not idempotent";
    // Formatting keeps meaning: the same diagnostics (codes) before and after.
    std::vector<Code> before, after;
    for (const auto& f : compiled.AllDiagnostics())
      for (const auto& d : f.diagnostics)
        before.push_back(d.code);
    for (const auto& f : reparsed.AllDiagnostics())
      for (const auto& d : f.diagnostics)
        after.push_back(d.code);
    EXPECT_EQ(before, after);
  }
}

INSTANTIATE_TEST_SUITE_P(Check, GoldenCheck,
                         ::testing::ValuesIn(FilesIn("tests/golden/check", ".policy")),
                         [](const auto& info) { return testing::TestNameOf(info.param); });

TEST(GoldenCheck, HasAtLeastFortyCases) {
  EXPECT_GE(FilesIn("tests/golden/check", ".policy").size(), 40u);
}

}  // namespace
}  // namespace gridlaw
