// Strict JSON intake: every refusal with its code, path and offset, and
// proof that what nlohmann does silently by default is closed off.

#include "strict/strict_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "test_files.h"
#include "utf8/utf8.h"

namespace gridlaw {
namespace {

struct Rejection {
  std::string name;
  std::string input;
  JsonErrorCode code;
  std::string path;
  size_t offset;
};

void PrintTo(const Rejection& r, std::ostream* os) {
  *os << r.name;
}

class StrictJsonRejects : public ::testing::TestWithParam<Rejection> {};

TEST_P(StrictJsonRejects, WithCodePathAndOffset) {
  const Rejection& r = GetParam();
  JsonLimits limits;
  limits.max_depth = 8;
  limits.max_string_bytes = 16;
  limits.max_bytes = 200;
  const JsonResult result = ParseStrictJson(r.input, limits);
  ASSERT_FALSE(result.ok()) << r.input;
  EXPECT_EQ(InfoOf(result.error().code).id, InfoOf(r.code).id) << Describe(result.error());
  EXPECT_EQ(result.error().path, r.path) << Describe(result.error());
  EXPECT_EQ(result.error().offset, r.offset) << Describe(result.error());
  EXPECT_FALSE(result.error().message.empty());
}

using C = JsonErrorCode;
using namespace std::string_literals;

INSTANTIATE_TEST_SUITE_P(
    Table, StrictJsonRejects,
    ::testing::Values(
        Rejection{"duplicate_top", R"({"a":1,"a":2})", C::kDuplicateMember, "/a", 7},
        Rejection{"duplicate_nested", R"({"x":[{"b":1},{"c":{"d":0,"d":0}}]})", C::kDuplicateMember,
                  "/x/1/c/d", 26},
        Rejection{"duplicate_escaped_name", R"({"a\"b":1, "a\u0022b":2})", C::kDuplicateMember,
                  "/a\"b", 11},
        Rejection{"duplicate_path_escaped", R"({"a/b~c":{"k":1,"k":2}})", C::kDuplicateMember,
                  "/a~1b~0c/k", 16},
        Rejection{"trailing_value", R"({"a":1} {"b":2})", C::kTrailingData, "", 8},
        Rejection{"trailing_number", "1 2", C::kTrailingData, "", 2},
        Rejection{"trailing_garbage", "[]x", C::kTrailingData, "", 2},
        Rejection{"bom", "\xEF\xBB\xBF{}", C::kByteOrderMark, "", 0},
        Rejection{"utf8_in_string", "{\"a\":[\"ok\",\"\xC3\x28\"]}", C::kInvalidUnicode, "/a/1",
                  12},
        Rejection{"utf8_overlong", "[\"\xC0\xAF\"]", C::kInvalidUnicode, "/0", 2},
        Rejection{"utf8_encoded_surrogate", "[\"\xED\xA0\x80\"]", C::kInvalidUnicode, "/0", 2},
        Rejection{"utf8_above_10ffff", "[\"\xF4\x90\x80\x80\"]", C::kInvalidUnicode, "/0", 2},
        Rejection{"utf8_truncated", "[\"\xE2\x82\"]", C::kInvalidUnicode, "/0", 2},
        Rejection{"utf8_outside_string", "[1,\xFF]", C::kInvalidUnicode, "/1", 3},
        Rejection{"lone_surrogate_escape", R"(["\ud800"])", C::kInvalidUnicode, "/0", 8},
        Rejection{"overflow_to_infinity", R"({"a":1e400})", C::kNonFiniteNumber, "/a", 5},
        Rejection{"negative_infinity", "[-1.5e999]", C::kNonFiniteNumber, "/0", 1},
        Rejection{"nan_literal", R"({"a":NaN})", C::kNonFiniteNumber, "/a", 5},
        Rejection{"infinity_literal", "[Infinity]", C::kNonFiniteNumber, "/0", 1},
        Rejection{"minus_infinity_literal", "[1,-Infinity]", C::kNonFiniteNumber, "/1", 3},
        Rejection{"integer_over_int64_and_uint64", "[18446744073709551616]", C::kIntegerOverflow,
                  "/0", 1},
        Rejection{"integer_under_int64", R"({"n":-9223372036854775809})", C::kIntegerOverflow, "/n",
                  5},
        Rejection{"integer_huge", "[" + std::string(150, '9') + "]", C::kIntegerOverflow, "/0", 1},
        Rejection{"inexact_decimal", "[0.30000000000000000001]", C::kInexactNumber, "/0", 1},
        Rejection{"inexact_underflow", "[1, 1e-400]", C::kInexactNumber, "/1", 4},
        Rejection{"inexact_long_integer_with_fraction", "[9007199254740993.0]", C::kInexactNumber,
                  "/0", 1},
        Rejection{"too_large", "[" + std::string(300, ' ') + "]", C::kDocumentTooLarge, "", 200},
        Rejection{"too_deep_array", "[[[[[[[[[1]]]]]]]]]", C::kNestingTooDeep, "/0/0/0/0/0/0/0/0",
                  8},
        Rejection{"too_deep_object", R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{}}}}}}}}})",
                  C::kNestingTooDeep, "/a/b/c/d/e/f/g/h", 40},
        Rejection{"string_too_long", R"({"a":"0123456789abcdefg"})", C::kStringTooLong, "/a", 5},
        Rejection{"name_too_long", R"({"0123456789abcdefg":1})", C::kStringTooLong,
                  "/0123456789abcdefg", 1},
        Rejection{"nul_in_string", R"(["a\u0000b"])", C::kNulCharacter, "/0", 1},
        Rejection{"nul_in_name", R"({"a\u0000":1})", C::kNulCharacter, "/a\0"s, 1},
        Rejection{"empty", "", C::kSyntax, "", 0},
        Rejection{"unclosed_object", R"({"a":1)", C::kSyntax, "", 6},
        Rejection{"missing_value", R"({"a":})", C::kSyntax, "/a", 5},
        Rejection{"trailing_comma", "[1,2,]", C::kSyntax, "/2", 5},
        Rejection{"comment", "/* c */ 1", C::kSyntax, "", 0},
        Rejection{"single_quotes", "['a']", C::kSyntax, "/0", 1},
        Rejection{"leading_zero", "[01]", C::kSyntax, "/1", 2},
        Rejection{"raw_control_character", "[\"a\tb\"]", C::kSyntax, "/0", 3}),
    [](const auto& info) { return info.param.name; });

TEST(StrictJson, AcceptsOrdinaryDocuments) {
  const JsonResult result = ParseStrictJson(
      R"({"s":"h\u00e9llo ✓","i":-42,"u":18446744073709551615,"f":1.25,"e":1e3,"b":true,)"
      R"("n":null,"a":[[],{}],"z":-0.0})"
      "\n\t ");
  ASSERT_TRUE(result.ok()) << Describe(result.error());
  const nlohmann::json& doc = *result;
  EXPECT_EQ(doc["s"], "h\xC3\xA9llo \xE2\x9C\x93");
  EXPECT_TRUE(doc["i"].is_number_integer());
  EXPECT_EQ(doc["i"].get<int64_t>(), -42);
  EXPECT_TRUE(doc["u"].is_number_unsigned());
  EXPECT_EQ(doc["u"].get<uint64_t>(), 18446744073709551615u);
  EXPECT_TRUE(doc["f"].is_number_float());
  EXPECT_EQ(doc["f"].get<double>(), 1.25);
  EXPECT_TRUE(doc["e"].is_number_float());
  EXPECT_EQ(doc["e"].get<double>(), 1000.0);
  EXPECT_EQ(doc["a"], nlohmann::json::parse("[[],{}]"));
}

// The fast path for plain documents (strict/plain_reader.h) must change
// nothing: the same tree, number types included, or the same error. The
// inputs mix plain documents (which it reads, or gives up on when the
// builder refuses) with everything it leaves to nlohmann.
TEST(StrictJson, ThePlainPathGivesWhatNlohmannGives) {
  std::vector<std::string> inputs = {
      R"({"a":1,"b":[true,false,null,-0,-7,0,123456789012345678],"c":{"d":"e"}})",
      R"(  [ {} , [ ] , "x" , 1 ]  )",
      "\"plain\"",
      "-5",
      "42",
      R"({"a":1,"a":1})",
      R"({"k":"0123456789abcdefXYZ"})",
      R"([[[[[[[[[[1]]]]]]]]]])",
      R"({"n":1234567890123456789})",
      R"({"n":99999999999999999999})",
      R"({"n":1.5,"m":2e3})",
      R"({"s":"\u00e9"})",
      "{\"s\":\"\xC3\xA9\"}",
      R"({"a":1,})",
      R"([1,])",
      R"({"a" 1})",
      "[01]",
      "[-]",
      "[tru]",
      "nul",
      "",
      "   ",
      "\xEF\xBB\xBF{}",
      R"({"a":1} x)",
      "{\"a\":\"b\x01\"}",
      R"({"a\u0000b":1})",
  };
  // Claims, signed envelopes and the fuzzer's seeds as they are shipped.
  for (const char* dir : {"examples/claims", "examples/envelopes", "fuzz/corpus/json"}) {
    for (const auto& path : testing::FilesIn(dir, ".json"))
      inputs.push_back(testing::ReadFileOrEmpty(path));
  }
  ASSERT_GT(inputs.size(), 60U);
  const JsonLimits small{.max_bytes = 200, .max_depth = 8, .max_string_bytes = 16};
  for (const std::string& input : inputs) {
    for (const JsonLimits& limits : {JsonLimits{}, small}) {
      const JsonResult fast = ParseStrictJson(input, limits);
      const JsonResult slow = json_detail::ParseStrictJsonThroughNlohmann(input, limits);
      ASSERT_EQ(fast.ok(), slow.ok()) << input;
      if (fast.ok()) {
        EXPECT_TRUE(json_detail::IdenticalTrees(*fast, *slow)) << input;
      } else {
        EXPECT_EQ(Describe(fast.error()), Describe(slow.error())) << input;
        EXPECT_EQ(fast.error().offset, slow.error().offset) << input;
      }
    }
  }
  // The number types nlohmann gives, kept by the plain path.
  const JsonResult numbers = ParseStrictJson("[-0,0,-7,7]");
  ASSERT_TRUE(numbers.ok());
  EXPECT_TRUE((*numbers)[0].is_number_integer() && !(*numbers)[0].is_number_unsigned());
  EXPECT_TRUE((*numbers)[1].is_number_unsigned());
  EXPECT_TRUE((*numbers)[2].is_number_integer() && !(*numbers)[2].is_number_unsigned());
  EXPECT_TRUE((*numbers)[3].is_number_unsigned());
}

TEST(StrictJson, ScalarsAtTopLevel) {
  EXPECT_EQ(*ParseStrictJson("1"), 1);
  EXPECT_EQ(*ParseStrictJson(" \"x\" "), "x");
  EXPECT_EQ(*ParseStrictJson("0.1"), 0.1);
  EXPECT_TRUE(ParseStrictJson("null")->is_null());
}

TEST(StrictJson, Int64Extremes) {
  EXPECT_EQ(ParseStrictJson("[9223372036854775807]")->at(0).get<int64_t>(), INT64_MAX);
  EXPECT_EQ(ParseStrictJson("[-9223372036854775808]")->at(0).get<int64_t>(), INT64_MIN);
}

TEST(StrictJson, LimitsAreInclusive) {
  JsonLimits limits;
  limits.max_bytes = 4;
  EXPECT_TRUE(ParseStrictJson("[12]", limits).ok());
  EXPECT_EQ(ParseStrictJson("[123]", limits).error().code, JsonErrorCode::kDocumentTooLarge);
  limits = {};
  limits.max_depth = 3;
  EXPECT_TRUE(ParseStrictJson("[[[1]]]", limits).ok());
  EXPECT_EQ(ParseStrictJson("[[[[1]]]]", limits).error().code, JsonErrorCode::kNestingTooDeep);
  limits = {};
  limits.max_string_bytes = 3;
  EXPECT_TRUE(ParseStrictJson(R"({"abc":"\u00e9x"})", limits).ok());
  EXPECT_EQ(ParseStrictJson(R"(["abcd"])", limits).error().code, JsonErrorCode::kStringTooLong);
}

// The hostile inputs of issue 4 at the default limits.
TEST(StrictJson, TenThousandNestedArrays) {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  const JsonResult result = ParseStrictJson(deep);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, JsonErrorCode::kNestingTooDeep);
  EXPECT_EQ(result.error().offset, 64u);
  EXPECT_EQ(result.error().path.size(), 2u * 64);  // "/0" 64 times
}

TEST(StrictJson, OneMebibyteString) {
  const std::string big = "{\"a\":\"" + std::string(size_t{1} << 20, 'x') + "\"}";
  EXPECT_EQ(ParseStrictJson(big).error().code, JsonErrorCode::kDocumentTooLarge);
  JsonLimits roomy;
  roomy.max_bytes = size_t{4} << 20;
  const JsonResult result = ParseStrictJson(big, roomy);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, JsonErrorCode::kStringTooLong);
  EXPECT_EQ(result.error().path, "/a");
  EXPECT_EQ(result.error().offset, 5u);
}

// What nlohmann does by default, next to what strict intake does.
TEST(StrictJson, ClosesNlohmannLastDuplicateWins) {
  const std::string text = R"({"provider":"acme","provider":"mallory"})";
  EXPECT_EQ(nlohmann::json::parse(text)["provider"], "mallory");  // silently
  EXPECT_EQ(ParseStrictJson(text).error().code, JsonErrorCode::kDuplicateMember);
}

TEST(StrictJson, ClosesNlohmannLossyNumbers) {
  // An integer past uint64 becomes a rounded double.
  const nlohmann::json lossy = nlohmann::json::parse("[18446744073709551617]");
  EXPECT_TRUE(lossy[0].is_number_float());
  EXPECT_EQ(ParseStrictJson("[18446744073709551617]").error().code,
            JsonErrorCode::kIntegerOverflow);
  // 2^53 + 1 written with a fraction reads back as 2^53.
  EXPECT_EQ(nlohmann::json::parse("[9007199254740993.0]")[0].get<double>(), 9007199254740992.0);
  EXPECT_EQ(ParseStrictJson("[9007199254740993.0]").error().code, JsonErrorCode::kInexactNumber);
  // Underflow to zero.
  EXPECT_EQ(nlohmann::json::parse("[1e-400]")[0].get<double>(), 0.0);
  EXPECT_EQ(ParseStrictJson("[1e-400]").error().code, JsonErrorCode::kInexactNumber);
}

TEST(StrictJson, ClosesNlohmannSilentByteOrderMark) {
  EXPECT_EQ(nlohmann::json::parse("\xEF\xBB\xBF[1]"), nlohmann::json::parse("[1]"));
  EXPECT_EQ(ParseStrictJson("\xEF\xBB\xBF[1]").error().code, JsonErrorCode::kByteOrderMark);
}

TEST(StrictJson, DescribeNamesCodePathAndOffset) {
  const JsonResult result = ParseStrictJson(R"({"a":{"b":1,"b":2}})");
  EXPECT_EQ(Describe(result.error()),
            "J001 at /a/b (byte 12): member \"b\" appears more than once in the object");
  EXPECT_EQ(Describe(ParseStrictJson("[] 1").error()),
            "J002 at (document) (byte 3): data after the end of the document's value");
}

// fuzz_policy_test found it: nlohmann's "last read" excerpt stopped after
// the first byte of 'é', the J011 message was not UTF-8, and printing the
// refusal as JSON (`gridlaw test --format json`) threw.
TEST(StrictJson, SyntaxMessageIsUtf8WhenTheLexerStopsInsideACharacter) {
  const std::string text = testing::ReadFileOrEmpty(
      testing::SourceDir() /
      "fuzz/regressions/policy_test/json-syntax-message-not-utf8-last-read-cut-inside-char.json");
  ASSERT_FALSE(text.empty());
  const JsonResult result = ParseStrictJson(text);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(Describe(result.error()),
            "J011 at /policy (byte 10): syntax error while parsing value - invalid literal; last "
            "read: '\"policy\":?'");
  EXPECT_EQ(FindInvalidUtf8(result.error().message), std::nullopt);
}

// The same cut in a duplicate member's name: 39 ASCII bytes, then 'é'.
TEST(StrictJson, QuotedNameIsCutBetweenUtf8Characters) {
  const std::string name = std::string(39, 'a') + "\u00e9";
  const JsonResult result = ParseStrictJson("{\"" + name + "\":1,\"" + name + "\":2}");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message,
            "member \"" + std::string(39, 'a') + "\u2026\" appears more than once in the object");
}

TEST(StrictJson, CodesAreDistinctAndInOrder) {
  std::set<std::string_view> ids, names;
  int expected = 1;
  for (const JsonErrorInfo& info : AllJsonErrorCodes()) {
    EXPECT_EQ(InfoOf(info.code).id, info.id);
    char want[16];
    std::snprintf(want, sizeof want, "J%03d", expected++);
    EXPECT_EQ(info.id, want);
    EXPECT_TRUE(ids.insert(info.id).second);
    EXPECT_TRUE(names.insert(info.name).second);
    EXPECT_FALSE(info.summary.empty());
  }
}

}  // namespace
}  // namespace gridlaw
