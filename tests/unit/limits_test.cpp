// Each limit on untrusted policy text, exceeded on purpose.

#include <gtest/gtest.h>

#include "test_policy.h"

namespace gridlaw {
namespace {

using testing::HasDiagnostic;

TEST(Limits, SourceSize) {
  ParseLimits limits;
  limits.max_source_bytes = 100;
  CompiledPolicy result =
      CheckPolicyText("big.policy", std::string(testing::kHeader) + std::string(200, '#'), limits);
  EXPECT_EQ(result.policy, nullptr);
  EXPECT_THAT(result, HasDiagnostic(Code::kSourceTooLarge, 1, 1));
}

TEST(Limits, ExpressionDepthByParentheses) {
  const std::string deep = std::string(200, '(') + "1" + std::string(200, ')') + " > 0";
  CompiledPolicy result = testing::Check(testing::PolicyRequiring(deep));
  EXPECT_EQ(result.policy, nullptr);
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(result.diagnostics.Sorted()[0].code, Code::kNestingTooDeep);
  EXPECT_EQ(result.diagnostics.Sorted()[0].message,
            "expression nested deeper than the limit of 64 levels");
}

TEST(Limits, FlatChainsAreOneLevel) {
  std::string chain = "pue > 0";
  for (int i = 0; i < 150; ++i)
    chain += " and pue > 0";
  EXPECT_THAT(testing::Check(testing::PolicyRequiring(chain)), testing::IsClean());
}

TEST(Limits, ExpressionSize) {
  std::string chain = "1";
  for (int i = 0; i < 600; ++i)
    chain += " + 1";
  CompiledPolicy result = testing::Check(testing::PolicyRequiring(chain + " > 0"));
  EXPECT_EQ(result.policy, nullptr);
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(result.diagnostics.Sorted()[0].code, Code::kNestingTooDeep);
  EXPECT_EQ(result.diagnostics.Sorted()[0].message,
            "expression has more than 1000 parts; split it with let");
}

TEST(Limits, DiagnosticsAreCapped) {
  std::string text = testing::kHeader;
  for (int i = 0; i < 300; ++i)
    text += "param p" + std::to_string(i) + " = unknown\n";
  CompiledPolicy result = testing::Check(text);
  const auto sorted = result.diagnostics.Sorted();
  ASSERT_EQ(sorted.size(), Diagnostics::kMaxDiagnostics + 1);
  EXPECT_EQ(sorted.back().code, Code::kTooManyErrors);
  EXPECT_EQ(sorted.back().message, "100 further diagnostics not shown");
}

TEST(Limits, HostileNestingDoesNotOverflowTheStack) {
  // 100 000 levels would overflow the parser's stack without the guard.
  const std::string deep = std::string(100000, '(') + "1" + std::string(100000, ')');
  CompiledPolicy result = testing::Check(testing::PolicyRequiring(deep));
  EXPECT_EQ(result.policy, nullptr);
  EXPECT_EQ(result.diagnostics.Sorted()[0].code, Code::kNestingTooDeep);
  std::string nots;
  for (int i = 0; i < 100000; ++i)
    nots += "not ";
  result = testing::Check(testing::PolicyRequiring(nots + "true"));
  EXPECT_EQ(result.diagnostics.Sorted()[0].code, Code::kNestingTooDeep);
}

TEST(Limits, WithinTheLimitIsFine) {
  const std::string deep = std::string(30, '(') + "1" + std::string(30, ')') + " > 0";
  EXPECT_THAT(testing::Check(testing::PolicyRequiring(deep)), testing::IsClean());
}

TEST(Limits, SyntaxErrorRecoveryStops) {
  std::string text = testing::kHeader;
  for (int i = 0; i < 100; ++i)
    text += "rule ) (\n";
  CompiledPolicy result = testing::Check(text);
  EXPECT_EQ(result.policy, nullptr);
  EXPECT_LE(result.diagnostics.items().size(), 26u);
  EXPECT_EQ(result.diagnostics.items().back().code, Code::kTooManyErrors);
}

TEST(Limits, InvalidEncoding) {
  CompiledPolicy result = testing::Check(std::string(testing::kHeader) + "# \xC3\x28\n");
  EXPECT_THAT(result, HasDiagnostic(Code::kInvalidEncoding, 5, 3));
  result = testing::Check(std::string("policy a version 1.0.0 {\0}", 26));
  EXPECT_THAT(result, HasDiagnostic(Code::kInvalidEncoding, 1, 25));
}

}  // namespace
}  // namespace gridlaw
