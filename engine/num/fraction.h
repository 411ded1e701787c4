#pragma once
// A fraction not kept in lowest terms: Rational's arithmetic without the
// gcd after every operation, for evaluations that only need signs, order
// and equality (the verdict evaluator, eval/verdicts.h).
//
// Exactness is Rational's: each operation is computed unreduced with
// overflow checks (none when every operand is within 64 bits: no product or
// sum of two products of such values can overflow); when an intermediate
// would overflow, the operands are reduced and Rational's own operation
// decides, so a result exists exactly when Rational's does (nullopt where
// Rational reports overflow). Rational reduces before it multiplies, so its
// intermediates are never larger than the unreduced ones: when the
// unreduced computation fits, Rational's fits.

#include <cstdint>
#include <optional>

#include "num/rational.h"

namespace gridlaw {

class Fraction {
 public:
  using Int = Rational::Int;

  Fraction() = default;  // zero
  explicit Fraction(const Rational& r) : num_(r.num()), den_(r.den()) {}

  int sign() const { return num_ < 0 ? -1 : (num_ > 0 ? 1 : 0); }
  bool is_zero() const { return num_ == 0; }
  // In lowest terms; nullopt only for the one numerator Rational refuses.
  std::optional<Rational> Exact() const { return Rational::Make(num_, den_); }

  // Inline for integers within 64 bits (energies in joules, durations in
  // seconds): their sum or difference is exact in 128 bits, and it is the
  // fraction the general routines give (same denominator, numerators added).
  std::optional<Fraction> Add(const Fraction& o) const {
    if (den_ == 1 && o.den_ == 1 && Fits64(num_) && Fits64(o.num_)) {
      return Fraction(num_ + o.num_, 1);
    }
    return AddGeneral(o);
  }
  std::optional<Fraction> Sub(const Fraction& o) const {
    if (den_ == 1 && o.den_ == 1 && Fits64(num_) && Fits64(o.num_)) {
      return Fraction(num_ - o.num_, 1);
    }
    return SubGeneral(o);
  }
  std::optional<Fraction> Mul(const Fraction& o) const;
  // nullopt on division by zero as well as on overflow.
  std::optional<Fraction> Div(const Fraction& o) const;
  std::optional<Fraction> Negate() const;

  // -1, 0 or 1, exactly (falls back to Rational's comparison when the cross
  // products would overflow). Inline: the verdict evaluator's comparisons
  // mostly take one of the first two ways — equal denominators, or parts
  // within 64 bits, where the cross products are exact in 128 bits (the
  // denominators are positive, so they keep the order).
  friend int Compare(const Fraction& a, const Fraction& b) {
    if (a.den_ == b.den_) return Order(a.num_, b.num_);
    if (Fits64(a.num_) && Fits64(a.den_) && Fits64(b.num_) && Fits64(b.den_)) {
      return Order(Product64(a.num_, b.den_), Product64(b.num_, a.den_));
    }
    return CompareWide(a.num_, a.den_, b.num_, b.den_);
  }

  // CompareQuotient's answer when the quotient is beyond exact range. An int
  // rather than std::optional<int>: the optional, assembled in memory and
  // read back whole, stalled every ratio comparison on store forwarding.
  static constexpr int kNoQuotient = 2;

  // The order of x / y and c (-1, 0 or 1), for y != 0, exactly as
  // Compare(*x.Div(y), c); kNoQuotient when that quotient is beyond exact
  // range. When x's and y's parts are within 64 bits (energies in joules,
  // token counts, decimals in base units), Div cannot fail and its quotient
  // is (xn * yd) / (xd * yn), the sign moved to the numerator; that is
  // compared with c by cross-multiplication when its parts are within 64
  // bits too, without forming a Fraction.
  [[gnu::always_inline]] static int CompareQuotient(const Fraction& x, const Fraction& y,
                                                    const Fraction& c) {
    if (Fits64(x.num_) && Fits64(x.den_) && Fits64(y.num_) && Fits64(y.den_)) {
      Int num = Product64(x.num_, y.den_), den = Product64(x.den_, y.num_);
      if (den < 0) {  // both below 2^126 in magnitude: negating cannot overflow
        num = -num;
        den = -den;
      }
      if (Fits64(num) && Fits64(den) && Fits64(c.num_) && Fits64(c.den_)) {
        return Order(Product64(num, c.den_), Product64(c.num_, den));
      }
      return Compare(Fraction(num, den), c);
    }
    return CompareQuotientWide(x.num_, x.den_, y.num_, y.den_, c);
  }

  // Within 64 bits: products of two such values need no overflow check.
  static bool Fits64(Int x) { return x == static_cast<int64_t>(x); }

 private:
  static int Order(Int x, Int y) { return x < y ? -1 : (x > y ? 1 : 0); }
  // x * y for x and y within 64 bits: one widening multiplication, where the
  // 128-bit product of 128-bit operands takes three.
  static Int Product64(Int x, Int y) {
    return static_cast<Int>(static_cast<int64_t>(x)) * static_cast<int64_t>(y);
  }
  std::optional<Fraction> AddGeneral(const Fraction& o) const;
  std::optional<Fraction> SubGeneral(const Fraction& o) const;
  // The slow paths take the parts by value, not the operands by reference:
  // a reference would make the inline callers store their operands in
  // memory before they know whether the fast path will do.
  // CompareQuotient when x's or y's parts exceed 64 bits: by Div.
  static int CompareQuotientWide(Int xn, Int xd, Int yn, Int yd, const Fraction& c);
  // Compare when the cross products may exceed 64 bits.
  static int CompareWide(Int an, Int ad, Int bn, Int bd);
  Fraction(Int num, Int den) : num_(num), den_(den) {}
  // Both operands reduced, through Rational; for the overflow path.
  template <typename Op>
  std::optional<Fraction> Reduced(const Fraction& o, Op op) const;

  Int num_ = 0;
  Int den_ = 1;  // > 0
};

}  // namespace gridlaw
