#include "instant/rfc3339.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <ctime>
#include <limits>
#include <random>
#include <string>
#include <vector>

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

// An independent reference: the C library's calendar (gmtime_r) for the
// date and time of day, fmt for the digits, trailing zeros of the fraction
// dropped as the format requires.
std::string ReferenceFormat(int64_t nanos) {
  int64_t seconds = nanos / kSecond;
  int64_t fraction = nanos % kSecond;
  if (fraction < 0) {
    fraction += kSecond;
    --seconds;
  }
  const auto since_epoch = static_cast<time_t>(seconds);
  std::tm civil{};
  EXPECT_NE(gmtime_r(&since_epoch, &civil), nullptr) << nanos;
  std::string out =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", civil.tm_year + 1900, civil.tm_mon + 1,
                  civil.tm_mday, civil.tm_hour, civil.tm_min, civil.tm_sec);
  if (fraction != 0) {
    std::string digits = fmt::format(".{:09}", fraction);
    while (digits.back() == '0')
      digits.pop_back();
    out += digits;
  }
  return out + "Z";
}

TEST(Rfc3339, FormatsEveryInstantAsTheCLibraryCalendarDoes) {
  std::vector<int64_t> instants = {std::numeric_limits<int64_t>::min(),
                                   std::numeric_limits<int64_t>::min() + 1,
                                   std::numeric_limits<int64_t>::max(),
                                   std::numeric_limits<int64_t>::max() - 1,
                                   0,
                                   -1,
                                   1,
                                   kSecond,
                                   -kSecond,
                                   int64_t{86'400} * kSecond - 1,
                                   int64_t{1801645200} * kSecond + 120'000'000};
  std::mt19937_64 random(20270201);
  for (int i = 0; i < 20000; ++i) {
    const auto value = static_cast<int64_t>(random());
    instants.push_back(value);
    instants.push_back(value / kSecond * kSecond);                      // whole seconds
    instants.push_back(value / (86'400 * kSecond) * 86'400 * kSecond);  // midnights
    instants.push_back(value / 1000 * 1000);                            // microseconds
  }
  for (const int64_t nanos : instants) {
    ASSERT_EQ(FormatRfc3339(nanos), ReferenceFormat(nanos)) << nanos;
  }
}

}  // namespace
}  // namespace gridlaw
