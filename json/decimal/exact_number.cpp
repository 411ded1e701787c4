#include "decimal/exact_number.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace gridlaw {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

constexpr int64_t kExponentCap = 1'000'000'000'000'000;

}  // namespace

std::optional<DecimalValue> ParseDecimal(std::string_view text) {
  size_t i = 0;
  DecimalValue out;
  if (i < text.size() && text[i] == '-') {
    out.negative = true;
    ++i;
  }
  // Integer part: "0" or a non-zero digit followed by digits.
  const size_t int_begin = i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else {
    while (i < text.size() && IsDigit(text[i]))
      ++i;
  }
  if (i == int_begin) return std::nullopt;
  std::string digits(text.substr(int_begin, i - int_begin));
  int64_t exponent = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const size_t frac_begin = i;
    while (i < text.size() && IsDigit(text[i]))
      ++i;
    if (i == frac_begin) return std::nullopt;
    digits.append(text.substr(frac_begin, i - frac_begin));
    exponent -= static_cast<int64_t>(i - frac_begin);
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      negative_exponent = text[i] == '-';
      ++i;
    }
    const size_t exp_begin = i;
    int64_t e = 0;
    while (i < text.size() && IsDigit(text[i])) {
      if (e < kExponentCap) e = e * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exp_begin) return std::nullopt;
    exponent += negative_exponent ? -e : e;
  }
  if (i != text.size()) return std::nullopt;

  // Normalise: strip leading zeros, then trailing zeros into the exponent.
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return DecimalValue{};  // zero, whatever its sign
  digits.erase(0, first);
  const size_t last = digits.find_last_not_of('0');
  exponent += static_cast<int64_t>(digits.size() - 1 - last);
  digits.erase(last + 1);
  out.digits = std::move(digits);
  out.exponent = exponent;
  return out;
}

std::string ShortestDecimal(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return "nan";  // cannot happen: 64 bytes hold any double
  return std::string(buffer, end);
}

bool RepresentsExactly(double value, std::string_view text) {
  if (!std::isfinite(value)) return false;
  const auto written = ParseDecimal(text);
  const auto stored = ParseDecimal(ShortestDecimal(value));
  return written && stored && *written == *stored;
}

}  // namespace gridlaw
