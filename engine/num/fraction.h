#pragma once
// A fraction not kept in lowest terms: Rational's arithmetic without the
// gcd after every operation, for evaluations that only need signs, order
// and equality (the verdict evaluator, eval/verdicts.h).
//
// Exactness is Rational's: each operation is computed unreduced with
// overflow checks; when an intermediate would overflow, the operands are
// reduced and Rational's own operation decides, so a result exists exactly
// when Rational's does (nullopt where Rational reports overflow). Rational
// reduces before it multiplies, so its intermediates are never larger than
// the unreduced ones: when the unreduced computation fits, Rational's fits.

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

  std::optional<Fraction> Add(const Fraction& o) const;
  std::optional<Fraction> Sub(const Fraction& o) const;
  std::optional<Fraction> Mul(const Fraction& o) const;
  // nullopt on division by zero as well as on overflow.
  std::optional<Fraction> Div(const Fraction& o) const;
  std::optional<Fraction> Negate() const;

  // -1, 0 or 1, exactly (falls back to Rational's comparison when the cross
  // products would overflow).
  friend int Compare(const Fraction& a, const Fraction& b);

 private:
  Fraction(Int num, Int den) : num_(num), den_(den) {}
  // Both operands reduced, through Rational; for the overflow path.
  template <typename Op>
  std::optional<Fraction> Reduced(const Fraction& o, Op op) const;

  Int num_ = 0;
  Int den_ = 1;  // > 0
};

}  // namespace gridlaw
