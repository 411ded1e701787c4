#include "instant/rfc3339.h"

#include <gtest/gtest.h>

namespace gridlaw {
namespace {

constexpr int64_t kSecond = kNanosPerSecond;

TEST(Rfc3339, Parses) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("2027-02-03T10:00:00+01:00"), int64_t{1801645200} * kSecond);
  EXPECT_EQ(ParseRfc3339("2027-02-03T09:00:00.5Z"), int64_t{1801645200} * kSecond + kSecond / 2);
  EXPECT_EQ(ParseRfc3339("1969-12-31T23:59:59.999999999Z"), -1);
  EXPECT_EQ(ParseRfc3339("2028-02-29T00:00:00-00:30"), ParseRfc3339("2028-02-29T00:30:00Z"));
  EXPECT_EQ(ParseIsoDate("2027-02-01"), ParseRfc3339("2027-02-01T00:00:00Z"));
}

TEST(Rfc3339, Refuses) {
  for (const char* bad :
       {"", "2027-02-03", "2027-02-03T10:00:00", "2027-02-03 10:00:00Z", "2027-02-29T00:00:00Z",
        "2027-13-01T00:00:00Z", "2027-01-01T24:00:00Z", "2027-01-01T23:59:60Z",
        "2027-01-01T00:00:00.Z", "2027-01-01T00:00:00.1234567890Z", "2027-01-01T00:00:00+0100",
        "1899-12-31T00:00:00Z", "2201-01-01T00:00:00Z", "2027-01-01T00:00:00Zjunk"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParseIsoDate("2027-02-29").has_value());
  EXPECT_FALSE(ParseIsoDate("2027-2-01").has_value());
}

TEST(Rfc3339, FormatsUtc) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(FormatRfc3339(int64_t{1801645200} * kSecond + kSecond / 2), "2027-02-03T09:00:00.5Z");
  for (const char* text :
       {"1900-01-01T00:00:00Z", "2200-12-31T23:59:59.000000001Z", "2024-02-29T12:34:56Z"}) {
    EXPECT_EQ(FormatRfc3339(*ParseRfc3339(text)), text);
  }
}

}  // namespace
}  // namespace gridlaw
