#pragma once
// How gridlaw reads JSON numbers without losing anything.
//
// A number written without fraction or exponent is an integer and must fit
// int64 (or uint64 when positive); it is stored as an integer. Any other
// number is stored as a binary64 double, and is accepted only when the text
// written is, as a decimal value, the shortest decimal that reads back as
// that double. "1.25", "0.1", "1.50" and "1e3" pass; "0.30000000000000000001"
// (17+ significant digits collapsing onto a double) and "1e-400" (underflow)
// do not. Every decimal of at most 15 significant digits passes (DBL_DIG).
// So the decimal a provider wrote is recovered from the stored double with
// ShortestDecimal(), and exact arithmetic (engine/num) starts from that text,
// never from the binary value.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gridlaw {

// A decimal's value as digits × 10^exponent, normalised so that equal values
// compare equal: no leading or trailing zeros in `digits`; zero is the empty
// digit string with exponent 0 and no sign.
struct DecimalValue {
  bool negative = false;
  std::string digits;
  int64_t exponent = 0;
  friend bool operator==(const DecimalValue&, const DecimalValue&) = default;
};

// Parses RFC 8259 number text ("-12.50e+3"); nullopt if it is not one.
// Exponents beyond ±10^15 saturate (the value is then far outside binary64).
std::optional<DecimalValue> ParseDecimal(std::string_view text);

// The shortest decimal text that reads back as `value` ("0.1", "1e+30"):
// std::to_chars, so it is the same on every platform.
std::string ShortestDecimal(double value);

// True when `text`, as a decimal value, is the shortest decimal that reads
// back as `value` (the acceptance rule above).
bool RepresentsExactly(double value, std::string_view text);

}  // namespace gridlaw
