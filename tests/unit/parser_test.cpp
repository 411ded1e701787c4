// Table-driven parser tests: expression text → structure, or the exact error.

#include "parse/parser.h"

#include <gtest/gtest.h>

#include "ast/ast_printer.h"
#include "test_policy.h"

namespace gridlaw {
namespace {

struct ParseCase {
  const char* expr;
  const char* structure;
};

std::unique_ptr<ast::Policy> ParseRequiring(const std::string& expr, Diagnostics& diagnostics,
                                            std::unique_ptr<SourceFile>& source) {
  source = std::make_unique<SourceFile>("t.policy", testing::PolicyRequiring(expr));
  return ParsePolicy(*source, diagnostics);
}

class ExprStructure : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ExprStructure, Parses) {
  Diagnostics diagnostics;
  std::unique_ptr<SourceFile> source;
  auto policy = ParseRequiring(GetParam().expr, diagnostics, source);
  ASSERT_NE(policy, nullptr) << (diagnostics.empty() ? "" : diagnostics.items()[0].message);
  const ast::Rule& rule = *policy->items.back().rule;
  const ast::Clause& require = rule.clauses.back();
  EXPECT_EQ(ast::DebugString(*require.expr), GetParam().structure);
}

INSTANTIATE_TEST_SUITE_P(
    Precedence, ExprStructure,
    ::testing::Values(
        ParseCase{"a + b * c", "(+ a (* b c))"}, ParseCase{"a - b - c", "(- (- a b) c)"},
        ParseCase{"a / b / c", "(/ (/ a b) c)"}, ParseCase{"-a * b", "(* (- a) b)"},
        ParseCase{"a + b <= c", "(<= (+ a b) c)"}, ParseCase{"not a and b", "(and (not a) b)"},
        ParseCase{"a or b and c", "(or a (and b c))"}, ParseCase{"not a == b", "(not (== a b))"},
        ParseCase{"a in [1, 2] or b not in c", "(or (in a (list 1 2)) (not in b c))"},
        ParseCase{"if a then b else c + 1", "(if a b (+ c 1))"},
        ParseCase{"(a + b) * c", "(* (+ a b) c)"},
        ParseCase{"energy.it / tokens.served", "(/ (. energy it) (. tokens served))"},
        ParseCase{"i.severity", "(. i severity)"}));

INSTANTIATE_TEST_SUITE_P(
    Literals, ExprStructure,
    ::testing::Values(ParseCase{"0.4 J/token", "(0.4 J/token)"},
                      ParseCase{"2 kWh / tokens", "(/ (2 kWh) tokens)"},  // spaces: division
                      ParseCase{"2 kWh/token", "(2 kWh/token)"},          // no spaces: a unit
                      ParseCase{"99.9 %", "(99.9 %)"}, ParseCase{"1 m^2", "(1 m^2)"},
                      ParseCase{"1 s^-1", "(1 s^-1)"},
                      ParseCase{"20 USD/Mtoken", "(20 USD/Mtoken)"}, ParseCase{"1.5e3", "1.5e3"},
                      ParseCase{"\"a\\\"b\"", "\"a\\\"b\""}, ParseCase{"2027-01-01", "2027-01-01"},
                      ParseCase{"2027-01-01T08:00:00+08:00", "2027-01-01T08:00:00+08:00"},
                      ParseCase{"true", "true"}, ParseCase{"[]", "(list)"}));

INSTANTIATE_TEST_SUITE_P(
    Collections, ExprStructure,
    ::testing::Values(
        ParseCase{"all i in incidents where i.x: i.y <= 24 h",
                  "(all i incidents where (. i x) : (<= (. i y) (24 h)))"},
        ParseCase{"any p in prices: p.price > 1", "(any p prices : (> (. p price) 1))"},
        ParseCase{"[p.price for p in prices where p.region == \"eu\"]",
                  "(list-for p prices where (== (. p region) \"eu\") : (. p price))"},
        ParseCase{"max(p.price for p in prices)", "(call max (for p prices : (. p price)))"},
        ParseCase{"mean(pue over 12 months)", "(call mean (window pue 12 months))"},
        ParseCase{"sum(energy.it over year)", "(call sum (window (. energy it) 1 year))"},
        ParseCase{"min(a, b)", "(call min a b)"},
        ParseCase{"count(incidents)", "(call count incidents)"}));

struct ErrorCase {
  const char* text;
  Code code;
  int line;
  int column;
  const char* message;
};

class SyntaxErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(SyntaxErrors, Reported) {
  CompiledPolicy result = testing::Check(GetParam().text);
  EXPECT_EQ(result.policy, nullptr);
  ASSERT_FALSE(result.diagnostics.empty());
  const Diagnostic d = result.diagnostics.Sorted().front();
  EXPECT_EQ(d.code, GetParam().code);
  EXPECT_EQ(d.range.begin.line, static_cast<uint32_t>(GetParam().line));
  EXPECT_EQ(d.range.begin.column, static_cast<uint32_t>(GetParam().column));
  EXPECT_EQ(d.message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SyntaxErrors,
    ::testing::Values(
        ErrorCase{"policy a version 1.0.0 {\n  title \"x\"\n", Code::kSyntax, 2, 12,
                  "unexpected end of file; expected a header field (title, description, "
                  "jurisdiction, effective, schema, indeterminate) or '}'"},
        ErrorCase{"policy a version 1.0.0 {\n  title \"x\n}\n", Code::kUnterminatedString, 2, 9,
                  "string is not closed before the end of the line"},
        ErrorCase{"policy a version 1.0.0 { } $", Code::kUnexpectedCharacter, 1, 28,
                  "unexpected character '$'"},
        ErrorCase{"policy a version 1.0.0 { } rule x { require 1 + }", Code::kSyntax, 1, 49,
                  "unexpected '}'; expected an expression"},
        ErrorCase{"policy a version 1.0.0 { }\nrule x {\n  require true\n", Code::kSyntax, 3, 15,
                  "unexpected end of file; expected a rule clause (title, severity, "
                  "cite, when, let, require, warn) or '}'"},
        ErrorCase{"policy a version 1.0.0 { title \"a\\qb\" }", Code::kInvalidEscape, 1, 34,
                  "unknown escape '\\q'; strings know \\\" \\\\ \\/ \\{ \\} \\b \\f "
                  "\\n \\r \\t and \\uXXXX"},
        ErrorCase{"policy a version 1.0.0 { effective 2027-02-30 }", Code::kInvalidDate, 1, 36,
                  "'2027-02-30' is not a date of the calendar"},
        ErrorCase{"policy a version 1.0.0 { title \"\\u0000\" }", Code::kInvalidEscape, 1, 33,
                  "\\u0000 is not a character a policy string may hold (NUL and UTF-16 "
                  "surrogates are refused)"},
        ErrorCase{"policy a version 1.0.0 { } param x = 1e99", Code::kInvalidNumber, 1, 38,
                  "number 1e99 cannot be held exactly (more than 38 significant digits or "
                  "beyond 10^38)"},
        ErrorCase{"policy a version 1.0.0 { }\nparam π = 3", Code::kUnexpectedCharacter, 2, 7,
                  "unexpected character 'π'"}));

TEST(Parser, KeepsCommentsAndRanges) {
  Diagnostics diagnostics;
  SourceFile source("t.policy", "# lead\npolicy a.b version 1.0.0 { } # tail\n");
  auto policy = ParsePolicy(source, diagnostics);
  ASSERT_NE(policy, nullptr);
  ASSERT_EQ(policy->comments.size(), 2u);
  EXPECT_EQ(policy->comments[0].text, "# lead");
  EXPECT_EQ(policy->comments[1].range.begin.line, 2u);
  EXPECT_EQ(policy->comments[1].range.begin.column, 30u);
  EXPECT_EQ(policy->header.id.text, "a.b");
  EXPECT_EQ(policy->header.version, "1.0.0");
}

TEST(Parser, ColumnsCountCodePoints) {
  // "é" is two bytes; the error column after it counts it once.
  CompiledPolicy result = testing::Check("policy a version 1.0.0 { title \"é\" $ }");
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(result.diagnostics.Sorted()[0].range.begin.column, 36u);
}

}  // namespace
}  // namespace gridlaw
