#include "time/civil_time.h"

#include <fmt/format.h>

namespace gridlaw {
namespace {

bool ReadDigits(std::string_view text, size_t pos, size_t count, int* out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

}  // namespace

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

std::optional<CivilDate> ParseDate(std::string_view text) {
  CivilDate d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!ReadDigits(text, 0, 4, &d.year) || !ReadDigits(text, 5, 2, &d.month) ||
      !ReadDigits(text, 8, 2, &d.day)) {
    return std::nullopt;
  }
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > DaysInMonth(d.year, d.month)) {
    return std::nullopt;
  }
  return d;
}

// Howard Hinnant's days_from_civil algorithm (public domain description).
int64_t DaysFromCivil(const CivilDate& date) {
  const int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (date.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return CivilDate{year, month, day};
}

std::string FormatDate(const CivilDate& d) {
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

std::optional<int64_t> ParseInstantNanos(std::string_view text) {
  if (text.size() < 17 || text[10] != 'T') return std::nullopt;
  auto date = ParseDate(text.substr(0, 10));
  // Nanoseconds in int64 reach from 1677 to 2262; keep well inside.
  if (!date || date->year < 1900 || date->year > 2200) return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, 11, 2, &hour) || text[13] != ':' || !ReadDigits(text, 14, 2, &minute)) {
    return std::nullopt;
  }
  size_t pos = 16;
  int64_t nanos = 0;
  if (pos < text.size() && text[pos] == ':') {
    if (!ReadDigits(text, pos + 1, 2, &second)) return std::nullopt;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      int digits = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits == 9) return std::nullopt;  // finer than a nanosecond
        nanos = nanos * 10 + (text[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
      for (; digits < 9; ++digits)
        nanos *= 10;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  int offset_minutes = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!ReadDigits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ReadDigits(text, pos + 4, 2, &om) || oh > 14 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const int64_t seconds = DaysFromCivil(*date) * 86400 + hour * 3600 + minute * 60 + second -
                          int64_t{offset_minutes} * 60;
  return seconds * 1'000'000'000 + nanos;
}

}  // namespace gridlaw
