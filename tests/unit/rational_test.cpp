#include "num/rational.h"

#include <gtest/gtest.h>

#include <iterator>
#include <random>

namespace gridlaw {
namespace {

Rational R(const char* text) {
  auto r = Rational::FromDecimal(text);
  EXPECT_TRUE(r.has_value()) << text;
  return r.value_or(Rational());
}

TEST(Rational, DecimalTextIsExact) {
  EXPECT_EQ(R("0.1").Add(R("0.2")), R("0.3"));
  EXPECT_EQ(R("1.25").ToString(), "1.25");
  EXPECT_EQ(R("3.6e6").ToString(), "3600000");
  EXPECT_EQ(R("4E-1"), R("0.4"));
  EXPECT_EQ(R("0.000125").ToString(), "0.000125");
  EXPECT_EQ(R("1200").num(), 1200);
}

TEST(Rational, RejectsMalformedAndHugeText) {
  for (const char* bad : {"", ".", "1.", ".5", "1e", "1e+", "1..2", "-1", "1 ", "0x10", "1e39"}) {
    EXPECT_FALSE(Rational::FromDecimal(bad).has_value()) << bad;
  }
  // 39 significant digits do not fit 128 bits.
  EXPECT_FALSE(Rational::FromDecimal("999999999999999999999999999999999999999").has_value());
  EXPECT_TRUE(Rational::FromDecimal("99999999999999999999999999999999999999").has_value());
  EXPECT_EQ(R("0e999"), Rational());  // zero stays zero whatever the exponent
}

TEST(Rational, ArithmeticReducesAndDetectsOverflow) {
  auto third = Rational::Make(1, 3).value();
  EXPECT_EQ(third.ToString(), "1/3");
  EXPECT_EQ(third.Mul(Rational::FromInt(3)).value(), Rational::FromInt(1));
  EXPECT_EQ(Rational::Make(6, -4).value().ToString(), "-1.5");
  EXPECT_FALSE(Rational::FromInt(1).Div(Rational()).has_value());
  auto big = Rational::FromDecimal("1e38").value();
  EXPECT_FALSE(big.Mul(big).has_value());
  EXPECT_FALSE(big.Add(big).has_value());  // 2e38 > 2^127
  EXPECT_TRUE(big.Add(Rational::FromInt(1)).has_value());
  EXPECT_EQ(Rational::FromInt(10).Pow(-2).value(), R("0.01"));
}

TEST(Rational, ComparesWithoutOverflow) {
  // Cross-multiplying these would overflow 128 bits.
  auto a = Rational::FromDecimal("12345678901234567890.123456789").value();
  auto b = Rational::FromDecimal("12345678901234567890.123456788").value();
  EXPECT_LT(b, a);
  EXPECT_GT(a, b);
  EXPECT_LT(Rational::Make(1, 3).value(), Rational::Make(1, 2).value());
  EXPECT_LT(Rational::Make(-1, 2).value(), Rational::Make(-1, 3).value());
  EXPECT_LT(Rational::Make(-1, 2).value(), Rational());
  EXPECT_EQ(Rational::Make(2, 4).value() <=> Rational::Make(1, 2).value(),
            std::strong_ordering::equal);
  EXPECT_LT(Rational::Make(7, 3).value(), Rational::Make(5, 2).value());
}

TEST(Rational, ToDecimalRoundsHalfToEven) {
  EXPECT_EQ(R("1.305").ToDecimal(2), "1.30");
  EXPECT_EQ(R("1.315").ToDecimal(2), "1.32");
  EXPECT_EQ(R("1.3051").ToDecimal(2), "1.31");
  EXPECT_EQ(R("2.5").ToDecimal(0), "2");
  EXPECT_EQ(R("3.5").ToDecimal(0), "4");
  EXPECT_EQ(R("9.995").ToDecimal(2), "10.00");
  EXPECT_EQ(Rational::Make(2, 3).value().ToDecimal(4), "0.6667");
  EXPECT_EQ(Rational::Make(-2, 3).value().ToDecimal(2), "-0.67");
  EXPECT_EQ(R("0.001").Negate().ToDecimal(2), "0.00");  // no "-0.00"
}

// Reduction and ordering take 64-bit shortcuts when values fit; across the
// 64-bit boundary they must agree with exact subtraction and reduce fully.
TEST(Rational, OrderingAndReductionAgreeAcrossTheSixtyFourBitBoundary) {
  std::mt19937_64 rng(64);
  const Rational::Int kEdges[] = {1,
                                  3,
                                  (Rational::Int(1) << 31) - 1,
                                  (Rational::Int(1) << 62) + 7,
                                  (Rational::Int(1) << 63) - 1,
                                  Rational::Int(1) << 63,
                                  (Rational::Int(1) << 64) + 3,
                                  (Rational::Int(1) << 70) - 11};
  int compared = 0;
  for (int round = 0; round < 20000; ++round) {
    auto pick = [&]() {
      const Rational::Int edge = kEdges[rng() % std::size(kEdges)];
      return edge + Rational::Int(rng() % 5);
    };
    const Rational::Int an = pick(), ad = pick(), bn = pick(), bd = pick();
    auto a = Rational::Make(rng() % 2 ? an : -an, ad);
    auto b = Rational::Make(bn, bd);
    ASSERT_TRUE(a && b);
    // Lowest terms: the gcd of the result is 1, and the value is unchanged.
    Rational::Int x = a->num() < 0 ? -a->num() : a->num(), y = a->den();
    while (y != 0) {
      const Rational::Int t = x % y;
      x = y;
      y = t;
    }
    ASSERT_EQ(x, 1) << Int128ToString(a->num()) << "/" << Int128ToString(a->den());
    const auto difference = a->Sub(*b);
    if (!difference) continue;
    const auto order = *a <=> *b;
    EXPECT_EQ(order < 0, difference->sign() < 0);
    EXPECT_EQ(order == 0, difference->sign() == 0);
    EXPECT_EQ(order > 0, difference->sign() > 0);
    EXPECT_EQ((*b <=> *a) < 0, order > 0);
    ++compared;
  }
  EXPECT_GT(compared, 2000);
}

}  // namespace
}  // namespace gridlaw
