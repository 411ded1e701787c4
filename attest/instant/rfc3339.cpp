#include "instant/rfc3339.h"

namespace gridlaw {
namespace {

constexpr int64_t kNanosPerDay = 86'400 * kNanosPerSecond;

bool Digits(std::string_view text, size_t at, size_t count, int* out) {
  if (at + count > text.size()) return false;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

bool IsLeap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to a civil date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yoe = year - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// "YYYY-MM-DD" at the start of `text`, as days since the epoch.
std::optional<int64_t> DatePart(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (!Digits(text, 0, 4, &year) || text.size() < 10 || text[4] != '-' ||
      !Digits(text, 5, 2, &month) || text[7] != '-' || !Digits(text, 8, 2, &day)) {
    return std::nullopt;
  }
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 ||
      day > DaysIn(year, month)) {
    return std::nullopt;
  }
  return DaysFromCivil(year, month, day);
}

}  // namespace

std::optional<int64_t> ParseIsoDate(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  const auto days = DatePart(text);
  if (!days) return std::nullopt;
  return *days * kNanosPerDay;
}

std::optional<int64_t> ParseRfc3339(std::string_view text) {
  const auto days = DatePart(text);
  if (!days || text.size() < 20 || (text[10] != 'T' && text[10] != 't')) return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (!Digits(text, 11, 2, &hour) || text[13] != ':' || !Digits(text, 14, 2, &minute) ||
      text[16] != ':' || !Digits(text, 17, 2, &second)) {
    return std::nullopt;
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  size_t at = 19;
  int64_t fraction = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    size_t digits = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (digits == 9) return std::nullopt;
      fraction = fraction * 10 + (text[at] - '0');
      ++digits;
      ++at;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 9; ++digits)
      fraction *= 10;
  }
  int64_t offset_seconds = 0;
  const std::string_view zone = text.substr(at);
  if (zone == "Z" || zone == "z") {
    offset_seconds = 0;
  } else {
    int oh = 0, om = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !Digits(zone, 1, 2, &oh) ||
        zone[3] != ':' || !Digits(zone, 4, 2, &om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_seconds = (zone[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const int64_t seconds = *days * 86'400 + hour * 3600 + minute * 60 + second - offset_seconds;
  return seconds * kNanosPerSecond + fraction;
}

std::string FormatRfc3339(int64_t nanos) {
  int64_t days = nanos / kNanosPerDay;
  int64_t rest = nanos % kNanosPerDay;
  if (rest < 0) {
    rest += kNanosPerDay;
    --days;
  }
  // civil_from_days (Howard Hinnant)
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2);
  const int64_t second_of_day = rest / kNanosPerSecond;
  const int64_t fraction = rest % kNanosPerSecond;
  // Digits written by hand: the ledger formats two dates per envelope it
  // appends, and a format string parsed at run time cost more than the
  // rest of the envelope's bookkeeping. Nanoseconds in 64 bits span the
  // years 1677 to 2262, so four digits always hold the year.
  char text[31];  // YYYY-MM-DDTHH:MM:SS.fffffffffZ
  auto put = [&text](size_t at, int64_t value, size_t width) {
    for (size_t i = width; i-- > 0;) {
      text[at + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, year, 4);
  text[4] = '-';
  put(5, month, 2);
  text[7] = '-';
  put(8, day, 2);
  text[10] = 'T';
  put(11, second_of_day / 3600, 2);
  text[13] = ':';
  put(14, second_of_day / 60 % 60, 2);
  text[16] = ':';
  put(17, second_of_day % 60, 2);
  size_t length = 19;
  if (fraction != 0) {
    text[19] = '.';
    put(20, fraction, 9);
    length = 29;
    while (text[length - 1] == '0')
      --length;
  }
  text[length++] = 'Z';
  return std::string(text, length);
}

}  // namespace gridlaw
