// Strict base64: one spelling per byte string and alphabet.

#include "base64/base64.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <variant>

namespace gridlaw {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(EncodeBase64(plain), encoded);
    auto decoded = DecodeBase64(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Base64, UrlSafeAndUnpadded) {
  const std::string bytes("\xfb\xff\xbf", 3);
  EXPECT_EQ(EncodeBase64(bytes), "+/+/");
  EXPECT_EQ(EncodeBase64Url(bytes), "-_-_");
  EXPECT_EQ(*DecodeBase64("-_-_"), bytes);
  EXPECT_EQ(*DecodeBase64("+/+/"), bytes);
  EXPECT_EQ(*DecodeBase64("Zg"), "f");  // padding may be left out …
  EXPECT_EQ(*DecodeBase64("Zm8"), "fo");
  EXPECT_EQ(EncodeBase64Url("f"), "Zg");
}

TEST(Base64, RefusesEverythingElse) {
  struct Case {
    const char* text;
    size_t offset;
  };
  for (const Case& c : {
           Case{"Zg=", 3},                     // … but not half of it
           Case{"Zg===", 2},                   // too much
           Case{"Zm9v====", 4},                // padding after a full group
           Case{"Zm9v=", 5},                   // padding not to a multiple of 4
           Case{"Z", 1},                       // 4k+1 characters
           Case{"Zm9vY", 5}, Case{"Zh==", 1},  // non-zero trailing bits (Zg== is canonical)
           Case{"Zm9=", 2},                    // non-zero trailing bits (Zm8= is canonical)
           Case{"Zm 9v", 2},                   // whitespace
           Case{"Zm9v\n", 4},                  // line break
           Case{"Z=9v", 1},                    // padding in the middle
           Case{"+/-_", 2},                    // alphabets mixed
           Case{"Zm9*", 3},                    // not base64 at all
       }) {
    auto decoded = DecodeBase64(c.text);
    ASSERT_FALSE(decoded.ok()) << c.text;
    EXPECT_EQ(decoded.error().offset, c.offset) << c.text << ": " << decoded.error().message;
  }
}

TEST(Base64, EveryByteRoundTrips) {
  std::string bytes;
  for (int i = 0; i < 256; ++i)
    bytes += static_cast<char>(i);
  for (size_t n = 0; n <= bytes.size(); n += 37) {
    const std::string part = bytes.substr(0, n);
    EXPECT_EQ(*DecodeBase64(EncodeBase64(part)), part);
    EXPECT_EQ(*DecodeBase64(EncodeBase64Url(part)), part);
  }
}

// The decoder reads whole groups of 4 at once and checks characters only
// when that pass saw something wrong. This is the plain reading it must
// agree with: character by character, then padding and length, then the
// bits left over; the same bytes or the same error (offset and message).
std::variant<std::string, Base64Error> DecodeOneByOne(std::string_view text) {
  const std::string_view standard =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto value = [&](char c) -> int {
    if (c == '-') return 62;
    if (c == '_') return 63;
    const size_t at = standard.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
  };
  size_t data = text.size();
  while (data > 0 && text[data - 1] == '=' && text.size() - data < 2)
    --data;
  int family = 0;
  for (size_t i = 0; i < data; ++i) {
    if (value(text[i]) < 0) {
      return Base64Error{i, text[i] == '=' ? "padding in the middle of the text"
                                           : "character is not in the base64 alphabet"};
    }
    const int used = (text[i] == '+' || text[i] == '/')   ? 1
                     : (text[i] == '-' || text[i] == '_') ? 2
                                                          : 0;
    if (used != 0 && family != 0 && used != family)
      return Base64Error{i, "standard and URL-safe alphabets are mixed"};
    if (used != 0) family = used;
  }
  const size_t padding = text.size() - data;
  if (padding > 0 && text.size() % 4 != 0)
    return Base64Error{text.size(), "padding must fill the last group of 4 characters"};
  if (padding > 0 && data % 4 == 0)
    return Base64Error{data, "padding after a complete group of 4 characters"};
  if (data % 4 == 1) return Base64Error{data, "length leaves a single character in the last group"};
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < data; ++i) {
    buffer = buffer << 6 | static_cast<uint32_t>(value(text[i]));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(buffer >> bits & 0xFF);
    }
  }
  if (bits > 0 && (buffer & ((1U << bits) - 1)) != 0)
    return Base64Error{data - 1, "unused bits of the last character are not zero"};
  return out;
}

TEST(Base64, AgreesWithACharacterByCharacterReading) {
  // Mostly valid characters of both alphabets, with now and then one that
  // is not base64, padding, or whitespace, so that every error occurs.
  const std::string alphabet = "AQgwZz09+/-_AAAA=*\n ";
  std::mt19937 random(20261129);
  size_t errors = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text(random() % 14, 'A');
    for (char& c : text)
      c = alphabet[random() % alphabet.size()];
    if (round % 3 == 0) text = EncodeBase64(text) + text.substr(0, round % 2);
    const auto expected = DecodeOneByOne(text);
    const auto decoded = DecodeBase64(text);
    if (const auto* bytes = std::get_if<std::string>(&expected)) {
      ASSERT_TRUE(decoded.ok()) << text << ": " << decoded.error().message;
      ASSERT_EQ(*decoded, *bytes) << text;
    } else {
      const auto& error = std::get<Base64Error>(expected);
      ASSERT_FALSE(decoded.ok()) << text;
      ASSERT_EQ(decoded.error().offset, error.offset) << text;
      ASSERT_EQ(decoded.error().message, error.message) << text;
      ++errors;
    }
  }
  // Both outcomes were exercised.
  EXPECT_GT(errors, 1000U);
  EXPECT_LT(errors, 19000U);
}

}  // namespace
}  // namespace gridlaw
