#include "time/civil_time.h"

#include <gtest/gtest.h>

namespace gridlaw {
namespace {

TEST(CivilTime, DatesOfTheCalendarOnly) {
  EXPECT_TRUE(ParseDate("2028-02-29").has_value());
  EXPECT_FALSE(ParseDate("2027-02-29").has_value());
  EXPECT_FALSE(ParseDate("2100-02-29").has_value());
  EXPECT_TRUE(ParseDate("2000-02-29").has_value());
  EXPECT_FALSE(ParseDate("2027-13-01").has_value());
  EXPECT_FALSE(ParseDate("2027-04-31").has_value());
  EXPECT_FALSE(ParseDate("2027-1-01").has_value());
}

TEST(CivilTime, DaysRoundTrip) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2027, 1, 1}), 20819);
  for (int64_t d = -800000; d < 800000; d += 997) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(d)), d);
  }
  EXPECT_EQ(FormatDate(CivilFromDays(20819)), "2027-01-01");
}

TEST(CivilTime, InstantsWithOffsets) {
  const int64_t utc = ParseInstantNanos("2027-01-01T00:00:00Z").value();
  EXPECT_EQ(utc, int64_t{20819} * 86400 * 1'000'000'000);
  EXPECT_EQ(ParseInstantNanos("2027-01-01T08:00:00+08:00").value(), utc);
  EXPECT_EQ(ParseInstantNanos("2026-12-31T19:00-05:00").value(), utc);
  EXPECT_EQ(ParseInstantNanos("2027-01-01T00:00:00.5Z").value(), utc + 500'000'000);
  for (const char* bad : {"2027-01-01T00:00:00", "2027-01-01T24:00:00Z", "2027-01-01T00:00:60Z",
                          "2027-01-01T00:00:00+15:00", "2027-01-01T00:00:00.Z",
                          "2027-01-01T00:00:00.1234567891Z", "2300-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseInstantNanos(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace gridlaw
