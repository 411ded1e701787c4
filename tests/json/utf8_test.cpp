#include "utf8/utf8.h"

#include <gtest/gtest.h>

namespace gridlaw {
namespace {

TEST(Utf8, AcceptsWellFormed) {
  for (const char* ok : {"", "ascii", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF",
                         "\xEE\x80\x80", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "h\xC3\xA9llo"}) {
    EXPECT_EQ(FindInvalidUtf8(ok), std::nullopt) << ok;
  }
}

TEST(Utf8, FindsFirstBadSequence) {
  struct Case {
    std::string bytes;
    size_t offset;
  };
  for (const Case& c :
       {Case{"\x80", 0}, Case{"ab\xC1\xBF", 2}, Case{"\xC0\x80", 0}, Case{"\xE0\x9F\xBF", 0},
        Case{"\xED\xA0\x80", 0}, Case{"\xF0\x8F\xBF\xBF", 0}, Case{"\xF4\x90\x80\x80", 0},
        Case{"\xF5\x80\x80\x80", 0}, Case{"x\xE2\x82", 1}, Case{"\xC3", 0}, Case{"\xFF", 0}}) {
    EXPECT_EQ(FindInvalidUtf8(c.bytes), c.offset) << c.offset;
  }
}

}  // namespace
}  // namespace gridlaw
