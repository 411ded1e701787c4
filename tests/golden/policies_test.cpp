// Every shipped policy in policies/ checks without diagnostics and is in
// canonical layout.

#include <gtest/gtest.h>

#include "diag/render.h"
#include "format/formatter.h"
#include "frontend/frontend.h"
#include "test_files.h"

namespace gridlaw {
namespace {

using testing::FilesIn;

// Shipped policies extend and import each other from policies/.
std::vector<std::string> ShippedPath() {
  return {(testing::SourceDir() / "policies").string()};
}

class ShippedPolicy : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(ShippedPolicy, ChecksCleanAndIsFormatted) {
  const std::string text = testing::ReadFileOrEmpty(GetParam());
  CompiledPolicy compiled = CheckPolicyText(GetParam().filename().string(), text, ShippedPath());
  ASSERT_NE(compiled.policy, nullptr);
  EXPECT_TRUE(compiled.diagnostics.empty() && compiled.module_files.empty())
      << compiled.RenderDiagnosticsText();
  EXPECT_EQ(FormatPolicy(*compiled.policy), text) << "run: gridlaw fmt --write " << GetParam();
}

TEST_P(ShippedPolicy, EveryRuleCitesItsSource) {
  CompiledPolicy compiled =
      CheckPolicyText("p", testing::ReadFileOrEmpty(GetParam()), ShippedPath());
  ASSERT_NE(compiled.effective(), nullptr);
  for (const auto& item : compiled.effective()->items) {
    if (item.kind != ast::ItemKind::kRule) continue;
    bool cited = false;
    for (const auto& clause : item.rule->clauses) {
      cited = cited || (clause.kind == ast::ClauseKind::kCite && !clause.text.value.empty());
    }
    EXPECT_TRUE(cited) << item.rule->id.text << " has no cite";
  }
}

INSTANTIATE_TEST_SUITE_P(Policies, ShippedPolicy,
                         ::testing::ValuesIn(FilesIn("policies", ".policy")),
                         [](const auto& info) { return testing::TestNameOf(info.param); });

TEST(ShippedPolicies, AtLeastFour) {
  EXPECT_GE(FilesIn("policies", ".policy").size(), 4u);
}

}  // namespace
}  // namespace gridlaw
