#pragma once
// Calendar dates and instants, proleptic Gregorian, UTC. Exact integer
// arithmetic only: dates are days since 1970-01-01, instants are
// nanoseconds since 1970-01-01T00:00:00Z.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gridlaw {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// "YYYY-MM-DD"; nullopt when malformed or the day does not exist (2027-02-29).
std::optional<CivilDate> ParseDate(std::string_view text);
int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(int64_t days);
std::string FormatDate(const CivilDate& date);

// RFC 3339 date-time with a mandatory offset ("2027-01-01T08:00:00+08:00",
// "…Z"); seconds and fractions optional. Leap seconds (":60") are refused;
// years outside 1900..2200 too (nanoseconds in int64 end in 2262).
std::optional<int64_t> ParseInstantNanos(std::string_view text);

}  // namespace gridlaw
