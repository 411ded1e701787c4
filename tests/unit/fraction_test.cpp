// Fraction (engine/num/fraction.h) computes without reducing and must agree
// with Rational everywhere: the same values, the same order, and a result
// exactly when Rational has one (overflow included).

#include "num/fraction.h"

#include <gtest/gtest.h>

#include <iterator>
#include <random>

namespace gridlaw {
namespace {

TEST(Fraction, AgreesWithRationalOnValuesOrderAndOverflow) {
  std::mt19937_64 rng(7);
  // Small values, values with common factors, and values near the limits.
  const Rational::Int kMagnitudes[] = {0, 1, 12, 1000, 3600000, (Rational::Int(1) << 40) * 3,
                                       // Around the 64-bit fast paths' limit.
                                       (Rational::Int(1) << 62) + 5, (Rational::Int(1) << 63) - 3,
                                       (Rational::Int(1) << 63), (Rational::Int(1) << 63) + 9,
                                       (Rational::Int(1) << 100) + 1, (Rational::Int(1) << 125)};
  auto pick = [&](bool nonzero) {
    Rational::Int m = kMagnitudes[rng() % std::size(kMagnitudes)] + Rational::Int(rng() % 4);
    if (nonzero && m == 0) m = 1;
    return rng() % 3 == 0 ? -m : m;
  };
  int results = 0, overflows = 0;
  for (int round = 0; round < 80000; ++round) {
    // Every other round in integers, the division's fast path.
    const bool integers = round % 2 == 1;
    const auto a = Rational::Make(pick(false), integers ? 1 : pick(true));
    const auto b = Rational::Make(pick(false), integers ? 1 : pick(true));
    if (!a || !b) continue;
    const Fraction fa(*a), fb(*b);
    const auto c = *a <=> *b;
    ASSERT_EQ(Compare(fa, fb), c < 0 ? -1 : (c > 0 ? 1 : 0));
    // a / b against a third value, without the quotient when it can.
    if (!b->is_zero()) {
      const auto third = Rational::Make(pick(false), rng() % 2 == 0 ? 1 : pick(true));
      if (third) {
        const auto quotient = a->Div(*b);
        const auto order = Fraction::CompareQuotient(fa, fb, Fraction(*third));
        ASSERT_EQ(order != Fraction::kNoQuotient, quotient.has_value());
        if (quotient) {
          const auto want = *quotient <=> *third;
          ASSERT_EQ(order, want < 0 ? -1 : (want > 0 ? 1 : 0))
              << Int128ToString(a->num()) << "/" << Int128ToString(a->den()) << " / "
              << Int128ToString(b->num()) << "/" << Int128ToString(b->den()) << " vs "
              << Int128ToString(third->num()) << "/" << Int128ToString(third->den());
        }
      }
    }
    const std::pair<std::optional<Rational>, std::optional<Fraction>> ops[] = {
        {a->Add(*b), fa.Add(fb)},
        {a->Sub(*b), fa.Sub(fb)},
        {a->Mul(*b), fa.Mul(fb)},
        {a->Div(*b), fa.Div(fb)},
    };
    for (const auto& [want, got] : ops) {
      ASSERT_EQ(want.has_value(), got.has_value())
          << Int128ToString(a->num()) << "/" << Int128ToString(a->den()) << " and "
          << Int128ToString(b->num()) << "/" << Int128ToString(b->den());
      if (want) {
        ASSERT_EQ(*got->Exact(), *want);
        ++results;
      } else {
        ++overflows;
      }
    }
  }
  EXPECT_GT(results, 10000);
  EXPECT_GT(overflows, 1000);
}

TEST(Fraction, ChainsWithoutReducingStayExact) {
  // 1/3 + 1/6 = 1/2 unreduced as 9/18; it still equals and orders as 1/2.
  const Fraction third(*Rational::Make(1, 3)), sixth(*Rational::Make(1, 6));
  const auto half = third.Add(sixth);
  ASSERT_TRUE(half);
  EXPECT_EQ(Compare(*half, Fraction(*Rational::Make(1, 2))), 0);
  EXPECT_EQ(*half->Exact(), *Rational::Make(1, 2));
  EXPECT_FALSE(third.Div(Fraction()));  // division by zero
}

}  // namespace
}  // namespace gridlaw
