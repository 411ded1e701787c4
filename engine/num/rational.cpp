#include "num/rational.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace gridlaw {
namespace {

using Int = Rational::Int;
using UInt = unsigned __int128;

UInt Magnitude(Int v) {
  return v < 0 ? UInt(0) - UInt(v) : UInt(v);
}

// Binary gcd: shifts and subtractions only, no division. Record decoding
// reduces one fraction per number, and a 128-bit `%` is a library call that
// dominated its profile.
uint64_t Gcd64(uint64_t a, uint64_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  // Units' factors and integers make 1 the most common operand.
  if (a == 1 || b == 1) return 1;
  const int shift = __builtin_ctzll(a | b);
  a >>= __builtin_ctzll(a);
  do {
    b >>= __builtin_ctzll(b);
    if (a > b) std::swap(a, b);
    b -= a;
  } while (b != 0);
  return a << shift;
}

bool Fits64(UInt v) {
  return (v >> 64) == 0;
}

UInt Gcd(UInt a, UInt b) {
  // Euclid in 128 bits only while an operand needs them: each step shrinks
  // them, and most values of real records fit 64 bits from the start.
  while (b != 0) {
    if (Fits64(a) && Fits64(b)) return Gcd64(static_cast<uint64_t>(a), static_cast<uint64_t>(b));
    UInt t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Both in [INT64_MIN, INT64_MAX]: the 64-bit fast paths below apply.
bool FitsInt64(Int v) {
  return v >= INT64_MIN && v <= INT64_MAX;
}

bool MulChecked(Int a, Int b, Int* out) {
  return !__builtin_mul_overflow(a, b, out);
}
bool AddChecked(Int a, Int b, Int* out) {
  return !__builtin_add_overflow(a, b, out);
}

constexpr Int kMin = Int(UInt(1) << 127);  // the one value whose negation overflows

}  // namespace

std::string Int128ToString(Int value) {
  if (value == 0) return "0";
  UInt magnitude = Magnitude(value);
  std::string digits;
  while (magnitude != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  }
  if (value < 0) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::optional<Rational> Rational::Make(Int num, Int den) {
  if (den == 0 || num == kMin || den == kMin) return std::nullopt;
  if (FitsInt64(num) && FitsInt64(den) && den != INT64_MIN) {
    // The same reduction with 64-bit divisions (a 128-bit one is a library
    // call). den == INT64_MIN is left out: its negation does not fit.
    int64_t n = static_cast<int64_t>(num), d = static_cast<int64_t>(den);
    if (d < 0) {
      if (n == INT64_MIN) return Make128(num, den);
      n = -n;
      d = -d;
    }
    const uint64_t magnitude = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
    const uint64_t g = Gcd64(magnitude, static_cast<uint64_t>(d));
    if (g > 1) {
      n /= static_cast<int64_t>(g);
      d /= static_cast<int64_t>(g);
    }
    return Rational(n, d);
  }
  return Make128(num, den);
}

std::optional<Rational> Rational::Make128(Int num, Int den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const UInt g = Gcd(Magnitude(num), UInt(den));
  if (g > 1) {
    num /= Int(g);
    den /= Int(g);
  }
  return Rational(num, den);
}

std::optional<Rational> Rational::FromScaledInteger(int64_t mantissa, int64_t factor, int scale) {
  if (scale < 0 || scale > 18) return std::nullopt;
  // |mantissa × factor| < 2^126: the product fits, and is never INT128_MIN.
  Int num = Int(mantissa) * Int(factor);
  if (num == 0) return Rational();
  int twos = scale, fives = scale;  // 10^scale = 2^twos × 5^fives
  UInt magnitude = Magnitude(num);
  const auto low = static_cast<uint64_t>(magnitude);
  const int shared_twos =
      std::min(scale, low != 0 ? __builtin_ctzll(low)
                               : 64 + __builtin_ctzll(static_cast<uint64_t>(magnitude >> 64)));
  magnitude >>= shared_twos;
  twos -= shared_twos;
  if (magnitude <= UINT64_MAX) {
    // 64-bit divisions: a 128-bit one is a library call.
    auto m = static_cast<uint64_t>(magnitude);
    while (fives > 0 && m % 5 == 0) {
      m /= 5;
      --fives;
    }
    magnitude = m;
  } else {
    while (fives > 0 && magnitude % 5 == 0) {
      magnitude /= 5;
      --fives;
    }
  }
  Int den = 1;
  for (int i = 0; i < fives; ++i)
    den *= 5;
  den <<= twos;
  num = num < 0 ? -Int(magnitude) : Int(magnitude);
  return Rational(num, den);
}

std::optional<Rational> Rational::PowerOfTen(int exponent) {
  if (exponent > 38 || exponent < -38) return std::nullopt;
  Int p = 1;
  for (int i = 0; i < std::abs(exponent); ++i)
    p *= 10;
  return exponent >= 0 ? Rational(p, 1) : Rational(1, p);
}

std::optional<Rational> Rational::FromShortDecimal(std::string_view text) {
  constexpr uint64_t kPow10[] = {1ULL,
                                 10ULL,
                                 100ULL,
                                 1000ULL,
                                 10000ULL,
                                 100000ULL,
                                 1000000ULL,
                                 10000000ULL,
                                 100000000ULL,
                                 1000000000ULL,
                                 10000000000ULL,
                                 100000000000ULL,
                                 1000000000000ULL,
                                 10000000000000ULL,
                                 100000000000000ULL,
                                 1000000000000000ULL,
                                 10000000000000000ULL,
                                 100000000000000000ULL,
                                 1000000000000000000ULL};
  // The grammar of FromDecimal; anything else (or longer) is left to it.
  const char* p = text.data();
  const char* const end = p + text.size();
  uint64_t mantissa = 0;
  int digits = 0, scale = 0;
  for (; p != end && *p >= '0' && *p <= '9'; ++p, ++digits)
    mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
  if (digits == 0) return std::nullopt;
  if (p != end && *p == '.') {
    const char* start = ++p;
    for (; p != end && *p >= '0' && *p <= '9'; ++p, ++digits)
      mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
    scale = static_cast<int>(p - start);
    if (scale == 0) return std::nullopt;
  }
  // 19 digits always fit 64 bits (10^19 - 1 < 2^64); the loops above may
  // have wrapped beyond that, which this discards.
  if (digits > 19) return std::nullopt;
  int exponent = 0;
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    bool negative = false;
    if (p != end && (*p == '+' || *p == '-')) negative = *p++ == '-';
    const char* start = p;
    for (; p != end && *p >= '0' && *p <= '9'; ++p) {
      exponent = exponent * 10 + (*p - '0');
      if (exponent > 1000) return std::nullopt;
    }
    if (p == start) return std::nullopt;
    if (negative) exponent = -exponent;
  }
  if (p != end) return std::nullopt;
  const int power = exponent - scale;
  if (power > 18 || power < -18) return std::nullopt;
  if (power >= 0) {
    // < 10^19 · 10^18 < 2^127: exact in 128 bits, and an integer is reduced.
    return Rational(Int(mantissa) * Int(kPow10[power]), 1);
  }
  if (mantissa == 0) return Rational();
  // gcd(mantissa, 2^k·5^k): the common twos, then the common fives.
  const int k = -power;
  uint64_t den = kPow10[k];
  const int twos = std::min(__builtin_ctzll(mantissa), k);
  mantissa >>= twos;
  den >>= twos;
  while (mantissa % 5 == 0 && den % 5 == 0) {
    mantissa /= 5;
    den /= 5;
  }
  return Rational(Int(mantissa), Int(den));
}

std::optional<Rational> Rational::FromDecimal(std::string_view text) {
  if (auto fast = FromShortDecimal(text)) return fast;
  size_t i = 0;
  Int mantissa = 0;
  int scale = 0;  // digits after the point
  bool any_digit = false;
  auto take_digit = [&](char c) {
    any_digit = true;
    return MulChecked(mantissa, 10, &mantissa) && AddChecked(mantissa, c - '0', &mantissa);
  };
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (!take_digit(text[i])) return std::nullopt;
  }
  if (i < text.size() && text[i] == '.') {
    if (!any_digit) return std::nullopt;  // ".5": digits must come before the point
    ++i;
    const size_t start = i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (!take_digit(text[i])) return std::nullopt;
      ++scale;
    }
    if (i == start) return std::nullopt;
  }
  if (!any_digit) return std::nullopt;
  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    const size_t start = i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > 1000) return std::nullopt;
    }
    if (i == start) return std::nullopt;
    if (negative) exponent = -exponent;
  }
  if (i != text.size()) return std::nullopt;
  const auto power = PowerOfTen(exponent - scale);
  if (!power) {
    if (mantissa == 0) return Rational();
    return std::nullopt;
  }
  return Rational(mantissa, 1).Mul(*power);
}

std::optional<Rational> Rational::Add(const Rational& o) const {
  // a/b + c/d = (a*(d/g) + c*(b/g)) / (b/g*d) with g = gcd(b, d): keeps
  // intermediates small.
  const Int g = Int(Gcd(UInt(den_), UInt(o.den_)));
  Int left, right, sum, den;
  if (!MulChecked(num_, o.den_ / g, &left) || !MulChecked(o.num_, den_ / g, &right) ||
      !AddChecked(left, right, &sum) || !MulChecked(den_ / g, o.den_, &den)) {
    return std::nullopt;
  }
  return Make(sum, den);
}

std::optional<Rational> Rational::Sub(const Rational& o) const {
  if (o.num_ == kMin) return std::nullopt;
  return Add(o.Negate());
}

std::optional<Rational> Rational::Mul(const Rational& o) const {
  if (FitsInt64(num_) && FitsInt64(den_) && FitsInt64(o.num_) && FitsInt64(o.den_)) {
    // The same cross-reduction in 64 bits. Both operands are in lowest
    // terms, so a/d and c/b are coprime after it and (a·c)/(b·d) is too:
    // no gcd of the product is needed. Each product of two 64-bit values
    // fits 128 bits and is never INT128_MIN.
    const auto magnitude = [](int64_t v) {
      return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    };
    const int64_t n1 = static_cast<int64_t>(num_), d1 = static_cast<int64_t>(den_);
    const int64_t n2 = static_cast<int64_t>(o.num_), d2 = static_cast<int64_t>(o.den_);
    const uint64_t g1 = Gcd64(magnitude(n1), static_cast<uint64_t>(d2));
    const uint64_t g2 = Gcd64(magnitude(n2), static_cast<uint64_t>(d1));
    // Divide magnitudes: INT64_MIN / g would not fit back for g == 1 only,
    // and g == 1 leaves the value as it is.
    const auto divide = [&](int64_t v, uint64_t g) -> Int {
      if (g <= 1) return Int(v);
      const Int m = Int(magnitude(v) / g);
      return v < 0 ? -m : m;
    };
    const Int a = divide(n1, g1), d = divide(d2, g1);
    const Int c = divide(n2, g2), b = divide(d1, g2);
    return Rational(a * c, b * d);
  }
  // Cross-reduce first so products of reduced fractions rarely overflow.
  const Int g1 = Int(Gcd(Magnitude(num_), UInt(o.den_)));
  const Int g2 = Int(Gcd(Magnitude(o.num_), UInt(den_)));
  const Int a = g1 > 1 ? num_ / g1 : num_;
  const Int d = g1 > 1 ? o.den_ / g1 : o.den_;
  const Int c = g2 > 1 ? o.num_ / g2 : o.num_;
  const Int b = g2 > 1 ? den_ / g2 : den_;
  Int num, den;
  if (!MulChecked(a, c, &num) || !MulChecked(b, d, &den)) return std::nullopt;
  return Make(num, den);
}

std::optional<Rational> Rational::Div(const Rational& o) const {
  if (o.num_ == 0) return std::nullopt;
  auto inverse = Make(o.den_, o.num_);
  if (!inverse) return std::nullopt;
  return Mul(*inverse);
}

std::optional<Rational> Rational::Pow(int exponent) const {
  Rational result = FromInt(1);
  Rational base = *this;
  if (exponent < 0) {
    auto inverse = FromInt(1).Div(base);
    if (!inverse) return std::nullopt;
    base = *inverse;
    exponent = -exponent;
  }
  for (int i = 0; i < exponent; ++i) {
    auto next = result.Mul(base);
    if (!next) return std::nullopt;
    result = *next;
  }
  return result;
}

Rational Rational::Negate() const {
  return Rational(-num_, den_);
}

std::strong_ordering operator<=>(const Rational& a, const Rational& b) {
  if (a.den_ == b.den_) return a.num_ <=> b.num_;
  // Cross-multiplied, when the products cannot overflow (64 × 64 bits).
  if (FitsInt64(a.num_) && FitsInt64(a.den_) && FitsInt64(b.num_) && FitsInt64(b.den_)) {
    return a.num_ * b.den_ <=> b.num_ * a.den_;
  }
  // Compare a/b with c/d without overflow: by sign first, then by continued
  // division of the magnitudes (integer part, then the reciprocal of the rest).
  if (a.sign() != b.sign()) return a.sign() <=> b.sign();
  const bool negative = a.sign() < 0;
  UInt an = Magnitude(a.num_), ad = UInt(a.den_), bn = Magnitude(b.num_), bd = UInt(b.den_);
  bool flipped = negative;
  while (true) {
    const UInt aq = an / ad, bq = bn / bd;
    if (aq != bq)
      return (aq < bq) != flipped ? std::strong_ordering::less : std::strong_ordering::greater;
    const UInt ar = an % ad, br = bn % bd;
    if (ar == 0 || br == 0) {
      if (ar == br) return std::strong_ordering::equal;
      // The one with a remainder is larger in magnitude.
      return (ar == 0) != flipped ? std::strong_ordering::less : std::strong_ordering::greater;
    }
    // Compare ar/ad with br/bd  <=>  compare bd/br with ad/ar (reciprocals flip).
    an = ad;
    ad = ar;
    bn = bd;
    bd = br;
    flipped = !flipped;
  }
}

std::string Rational::ToString() const {
  // A finite decimal exists iff den has no prime factors but 2 and 5.
  Int d = den_;
  int twos = 0, fives = 0;
  while (d % 2 == 0)
    d /= 2, ++twos;
  while (d % 5 == 0)
    d /= 5, ++fives;
  if (d != 1) return Int128ToString(num_) + "/" + Int128ToString(den_);
  return ToDecimal(std::max(twos, fives));
}

std::string Rational::ToDecimal(int digits) const {
  // Scale by 10^digits, divide with round-half-even, then place the point.
  UInt magnitude = Magnitude(num_);
  UInt den = UInt(den_);
  UInt integer = magnitude / den;
  UInt rest = magnitude % den;
  std::string fraction;
  for (int i = 0; i < digits; ++i) {
    // digit = floor(10 * rest / den) without forming 10 * rest, which could
    // overflow: den < 2^127, so acc + rest < 2 * den always fits.
    UInt acc = 0;
    int digit = 0;
    for (int k = 0; k < 10; ++k) {
      acc += rest;
      if (acc >= den) {
        acc -= den;
        ++digit;
      }
    }
    fraction.push_back(static_cast<char>('0' + digit));
    rest = acc;
  }
  // Round half to even on what is left, rest/den.
  const UInt twice = rest * 2;
  bool round_up = false;
  if (twice > den) {
    round_up = true;
  } else if (twice == den) {
    const int last = fraction.empty() ? static_cast<int>(integer % 2) : fraction.back() - '0';
    round_up = last % 2 == 1;
  }
  if (round_up) {
    int i = static_cast<int>(fraction.size()) - 1;
    for (; i >= 0; --i) {
      if (fraction[i] == '9') {
        fraction[i] = '0';
      } else {
        ++fraction[i];
        break;
      }
    }
    if (i < 0) ++integer;
  }
  std::string text;
  const bool negative =
      num_ < 0 && (integer != 0 || fraction.find_first_not_of('0') != std::string::npos);
  if (negative) text.push_back('-');
  text += Int128ToString(Int(integer));
  if (digits > 0) text += "." + fraction;
  return text;
}

}  // namespace gridlaw
