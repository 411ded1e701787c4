#include "num/fraction.h"

namespace gridlaw {
namespace {

using Int = Fraction::Int;

constexpr Int kMin = static_cast<Int>(static_cast<unsigned __int128>(1) << 127);

// a * b, or false on overflow; the value Rational refuses counts as overflow.
bool Mul(Int a, Int b, Int* out) {
  return !__builtin_mul_overflow(a, b, out) && *out != kMin;
}
bool Add(Int a, Int b, Int* out) {
  return !__builtin_add_overflow(a, b, out) && *out != kMin;
}

}  // namespace

template <typename Op>
std::optional<Fraction> Fraction::Reduced(const Fraction& o, Op op) const {
  const auto a = Exact(), b = o.Exact();
  if (!a || !b) return std::nullopt;
  const std::optional<Rational> r = op(*a, *b);
  if (!r) return std::nullopt;
  return Fraction(*r);
}

// Quantities read from claims are mostly within 64 bits (Fits64). A product
// of two such values is below 2^126 in magnitude and a sum of two such
// products below 2^127 (and never kMin), so neither needs an overflow check.

std::optional<Fraction> Fraction::AddGeneral(const Fraction& o) const {
  Int left, right, num, den;
  if (Fits64(num_) && Fits64(den_) && Fits64(o.num_) && Fits64(o.den_)) {
    if (den_ == o.den_) return Fraction(num_ + o.num_, den_);
    return Fraction(num_ * o.den_ + o.num_ * den_, den_ * o.den_);
  }
  if (den_ == o.den_) {
    if (::gridlaw::Add(num_, o.num_, &num)) return Fraction(num, den_);
  } else if (::gridlaw::Mul(num_, o.den_, &left) && ::gridlaw::Mul(o.num_, den_, &right) &&
             ::gridlaw::Add(left, right, &num) && ::gridlaw::Mul(den_, o.den_, &den)) {
    return Fraction(num, den);
  }
  return Reduced(o, [](const Rational& a, const Rational& b) { return a.Add(b); });
}

std::optional<Fraction> Fraction::SubGeneral(const Fraction& o) const {
  const auto negated = o.Negate();
  if (!negated) return std::nullopt;
  return Add(*negated);
}

std::optional<Fraction> Fraction::Mul(const Fraction& o) const {
  Int num, den;
  if (Fits64(num_) && Fits64(den_) && Fits64(o.num_) && Fits64(o.den_)) {
    return Fraction(num_ * o.num_, den_ * o.den_);
  }
  if (::gridlaw::Mul(num_, o.num_, &num) && ::gridlaw::Mul(den_, o.den_, &den)) {
    return Fraction(num, den);
  }
  return Reduced(o, [](const Rational& a, const Rational& b) { return a.Mul(b); });
}

std::optional<Fraction> Fraction::Div(const Fraction& o) const {
  if (o.num_ == 0) return std::nullopt;
  Int num, den;
  if (den_ == 1 && o.den_ == 1) {
    // Integers (energy in joules, counts): the quotient is num_ / o.num_ as
    // it stands. Neither numerator is kMin, so negating them cannot overflow.
    return o.num_ < 0 ? Fraction(-num_, -o.num_) : Fraction(num_, o.num_);
  }
  if (Fits64(num_) && Fits64(den_) && Fits64(o.num_) && Fits64(o.den_)) {
    num = num_ * o.den_;
    den = den_ * o.num_;
    return den < 0 ? Fraction(-num, -den) : Fraction(num, den);
  }
  if (::gridlaw::Mul(num_, o.den_, &num) && ::gridlaw::Mul(den_, o.num_, &den)) {
    if (den < 0) {
      num = -num;
      den = -den;
    }
    return Fraction(num, den);
  }
  return Reduced(o, [](const Rational& a, const Rational& b) { return a.Div(b); });
}

std::optional<Fraction> Fraction::Negate() const {
  if (num_ == kMin) return std::nullopt;
  return Fraction(-num_, den_);
}

int Fraction::CompareQuotientWide(Int xn, Int xd, Int yn, Int yd, const Fraction& c) {
  const auto quotient = Fraction(xn, xd).Div(Fraction(yn, yd));
  if (!quotient) return kNoQuotient;
  return Compare(*quotient, c);
}

int Fraction::CompareWide(Int an, Int ad, Int bn, Int bd) {
  const Fraction a(an, ad), b(bn, bd);
  if (a.sign() != b.sign()) return a.sign() < b.sign() ? -1 : 1;
  Int left, right;
  if (__builtin_mul_overflow(a.num_, b.den_, &left) ||
      __builtin_mul_overflow(b.num_, a.den_, &right)) {
    const auto c = *a.Exact() <=> *b.Exact();
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return Order(left, right);
}

}  // namespace gridlaw
