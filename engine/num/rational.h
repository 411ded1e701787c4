#pragma once
// Exact rational numbers for gridlaw's arithmetic.
//
// A Rational is num/den in lowest terms with den > 0, both 128-bit. Every
// operation is exact or reports overflow (std::nullopt): nothing is ever
// rounded silently, so the same inputs give the same results on every
// machine. Rounding happens only where a value is shown, by ToDecimal, with
// the rule stated there.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gridlaw {

class Rational {
 public:
  using Int = __int128;

  Rational() = default;  // zero
  static Rational FromInt(int64_t value) { return Rational(value, 1); }
  // num/den reduced to lowest terms; nullopt when den == 0 or on overflow.
  static std::optional<Rational> Make(Int num, Int den);
  // Decimal text: digits, optional fraction, optional exponent ("1.25",
  // "4e-1", "3.6E6"). No sign, no spaces. nullopt if malformed or too large
  // to hold exactly.
  static std::optional<Rational> FromDecimal(std::string_view text);
  // 10^exponent exactly; nullopt beyond the range.
  static std::optional<Rational> PowerOfTen(int exponent);
  // mantissa × factor / 10^scale in lowest terms, for 0 <= scale <= 18: a
  // decimal read as its digits and scale, converted by a whole-number unit
  // factor. Reduces by the 2s and 5s numerator and denominator share (the
  // only primes of 10^scale) instead of by a general gcd; nullopt when the
  // scale is out of range.
  static std::optional<Rational> FromScaledInteger(int64_t mantissa, int64_t factor, int scale);

  Int num() const { return num_; }
  Int den() const { return den_; }
  bool is_zero() const { return num_ == 0; }
  bool is_integer() const { return den_ == 1; }
  int sign() const { return num_ < 0 ? -1 : (num_ > 0 ? 1 : 0); }

  std::optional<Rational> Add(const Rational& other) const;
  std::optional<Rational> Sub(const Rational& other) const;
  std::optional<Rational> Mul(const Rational& other) const;
  // nullopt on division by zero as well as on overflow.
  std::optional<Rational> Div(const Rational& other) const;
  std::optional<Rational> Pow(int exponent) const;
  Rational Negate() const;

  friend bool operator==(const Rational&, const Rational&) = default;
  friend std::strong_ordering operator<=>(const Rational& a, const Rational& b);

  // Exact text when the value has a finite decimal expansion ("0.3", "1250",
  // "-0.000125"), otherwise the fraction "1/3".
  std::string ToString() const;
  // Rounded to `digits` digits after the point, halves to even, trailing
  // zeros kept ("1.30" for digits 2).
  std::string ToDecimal(int digits) const;

 private:
  Rational(Int num, Int den) : num_(num), den_(den) {}
  // Make for operands beyond 64 bits (den != 0, neither is INT128_MIN).
  static std::optional<Rational> Make128(Int num, Int den);
  // FromDecimal for short text (at most 19 digits, a small exponent) in
  // 64-bit arithmetic; nullopt when the text is not of that form, so that
  // the general parser decides.
  static std::optional<Rational> FromShortDecimal(std::string_view text);
  Int num_ = 0;
  Int den_ = 1;
};

std::string Int128ToString(Rational::Int value);

}  // namespace gridlaw
