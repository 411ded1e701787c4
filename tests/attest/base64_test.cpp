// Strict base64: one spelling per byte string and alphabet.

#include "base64/base64.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace gridlaw
