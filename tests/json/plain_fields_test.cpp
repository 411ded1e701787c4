// Strict JSON without the tree (strict/plain_fields.h): what the visitor is
// shown, every rule that makes the reader leave a document to
// ParseStrictJson, and that what it accepts ParseStrictJson accepts.

#include "strict/plain_fields.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "strict/strict_json.h"

namespace gridlaw::json_detail {
namespace {

// Writes each value as "path kind text", the path as /name and [index] steps.
struct Transcript {
  std::vector<std::string> lines;
  bool refuse_strings = false;

  bool Value(std::span<const PlainStep> path, PlainKind kind, std::string_view text) {
    if (refuse_strings && kind == PlainKind::kString) return false;
    std::string line;
    for (const PlainStep& step : path)
      line += step.in_array ? "[" + std::to_string(step.index) + "]" : "/" + std::string(step.key);
    const char* kinds[] = {"object", "array", "string", "number", "literal"};
    line += std::string(line.empty() ? "" : " ") + kinds[static_cast<int>(kind)];
    if (!text.empty()) line += " " + std::string(text);
    lines.push_back(line);
    return true;
  }
};

bool Reads(std::string_view text, const JsonLimits& limits = {}) {
  Transcript transcript;
  return ReadPlainFields(text, limits, transcript);
}

TEST(PlainFields, ShowsEachValueWithItsPath) {
  Transcript transcript;
  ASSERT_TRUE(
      ReadPlainFields(R"( {"a": {"b": [1, "x", {"c": null}, []]}, "d": true, "e": -0, "a2": {}} )",
                      JsonLimits{}, transcript));
  const std::vector<std::string> expected = {
      "object",           "/a object",      "/a/b array",        "/a/b[0] number 1",
      "/a/b[1] string x", "/a/b[2] object", "/a/b[2]/c literal", "/a/b[3] array",
      "/d literal",       "/e number 0",    "/a2 object",
  };
  EXPECT_EQ(transcript.lines, expected);
}

TEST(PlainFields, LeavesToTheTreeWhatItDoesNotDecide) {
  // Each of these ParseStrictJson either refuses or reads outside the plain subset.
  const JsonLimits small{.max_bytes = 64, .max_depth = 3, .max_string_bytes = 8};
  EXPECT_FALSE(Reads(R"({"a":1,"a":2})"));                       // duplicate names
  EXPECT_FALSE(Reads(R"({"a":{"b":1,"c":{"b":2,"b":3}}})"));     // duplicate deeper down
  EXPECT_FALSE(Reads(R"([[[[]]]])", small));                     // one level too deep
  EXPECT_FALSE(Reads(R"({"abcdefghi":1})", small));              // name over the limit
  EXPECT_FALSE(Reads(R"(["abcdefghi"])", small));                // string over the limit
  EXPECT_FALSE(Reads("[" + std::string(70, '1') + "]", small));  // document over the limit
  EXPECT_FALSE(Reads("[1.5]"));                                  // a fraction
  EXPECT_FALSE(Reads("[1e3]"));                                  // an exponent
  EXPECT_FALSE(Reads("[1234567890123456789]"));                  // 19 digits
  EXPECT_FALSE(Reads(R"(["a\"b"])"));                            // an escape
  EXPECT_FALSE(Reads("[\"\xC3\xA9\"]"));                         // beyond ASCII
  EXPECT_FALSE(Reads("{} x"));                                   // trailing data
  EXPECT_FALSE(Reads("\xEF\xBB\xBF{}"));                         // a byte-order mark
  std::string many = "{";
  for (size_t i = 0; i <= kMaxPlainFieldMembers; ++i)
    many += (i ? ",\"m" : "\"m") + std::to_string(i) + "\":0";
  EXPECT_FALSE(Reads(many + "}"));  // more members than are compared pairwise
  Transcript refusing{.lines = {}, .refuse_strings = true};
  EXPECT_FALSE(ReadPlainFields(R"({"a":"x"})", JsonLimits{}, refusing));  // the visitor said no

  // At the limits, and the same names in different objects, it reads.
  EXPECT_TRUE(Reads(R"([[[]]])", small));
  EXPECT_TRUE(Reads(R"({"abcdefgh":"12345678"})", small));
  EXPECT_TRUE(Reads("[123456789012345678]"));
  EXPECT_TRUE(Reads(R"({"a":{"a":1},"b":{"a":2},"c":[{"a":1},{"a":2}]})"));
  EXPECT_TRUE(Reads(many.substr(0, many.rfind(',')) + "}"));
}

// The scanner reads strings eight bytes at a time: every byte that ends a
// string or leaves the plain subset must be found at every position.
TEST(PlainFields, StringsStopAtEveryKindOfByteAtEveryPosition) {
  for (size_t length = 0; length <= 40; ++length) {
    const std::string plain(length, 'a');
    Transcript transcript;
    ASSERT_TRUE(ReadPlainFields("[\"" + plain + "\"]", JsonLimits{}, transcript)) << length;
    EXPECT_EQ(transcript.lines.back(), length ? "[0] string " + plain : "[0] string");
    for (size_t at = 0; at < length; ++at) {
      for (const char c : {'\\', '\x01', '\x1f', '\x80', '\xff', '\0'}) {
        std::string text = plain;
        text[at] = c;
        EXPECT_FALSE(Reads("[\"" + text + "\"]")) << length << " " << at << " " << int(c);
      }
      // A quote inside ends the string there, and what follows is no JSON.
      std::string quoted = plain;
      quoted[at] = '"';
      EXPECT_FALSE(Reads("[\"" + quoted + "\"]")) << length << " " << at;
      // The other printable bytes and DEL are the string's own.
      std::string edges = plain;
      edges[at] = at % 3 == 0 ? ' ' : (at % 3 == 1 ? '~' : '\x7f');
      Transcript read;
      ASSERT_TRUE(ReadPlainFields("[\"" + edges + "\"]", JsonLimits{}, read)) << at;
      EXPECT_EQ(read.lines.back(), "[0] string " + edges);
    }
  }
}

TEST(PlainFields, WhatItReadsStrictIntakeAccepts) {
  const JsonLimits small{.max_bytes = 64, .max_depth = 3, .max_string_bytes = 8};
  const std::string documents[] = {
      "{}",
      "[]",
      "0",
      "\"s\"",
      "null",
      R"({"a":[1,2,{"b":"c"}],"d":-12})",
      R"([[[1]]])",
      R"({"x":1,"x":1})",
      R"({"long":"123456789"})",
      "[1.0]",
      "[01]",
      "[-]",
      "{\"a\" 1}",
      "[1,]",
  };
  size_t read = 0;
  for (const std::string& document : documents) {
    for (const JsonLimits& limits : {JsonLimits{}, small}) {
      if (Reads(document, limits)) {
        ++read;
        EXPECT_TRUE(ParseStrictJson(document, limits).ok()) << document;
      }
    }
  }
  // The first seven at both limits, and the long string at the default ones.
  EXPECT_EQ(read, 15u);
}

}  // namespace
}  // namespace gridlaw::json_detail
