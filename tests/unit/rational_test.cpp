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

// Short decimals take a 64-bit path; 20 leading zeros send the same value
// through the general parser (more than 19 digits), which must agree.
TEST(Rational, ShortDecimalsAgreeWithTheGeneralParser) {
  const char* cases[] = {
      "0",
      "7",
      "1.3",
      "1.4395",
      "0.99992",
      "513.5",
      "10.9863",
      "8075267",
      "1.2300",
      "000123.4",
      "0.0",
      "0e-18",
      "0.5e1",
      "3.6E6",
      "4e-1",
      "1E+05",
      "1e-0",
      "1e18",
      "1e-18",
      "1e19",
      "1e-19",
      "12.5e17",
      "12.5e-17",
      "0.000000000000000001",
      "9999999999999999999",
      "999999999999999999.9",
      "1844674407370955161",
      "18446744073709551615",
      "99999999999999999999",
      "1234567890123456789e18",
      "1234567890123456789e-18",
      "1234567890123456789e19",
      "9223372036854775807",
      "9223372036854775808",
      "1e0000000000000000005",
      "1e1000",
      "1e1001",
      "0e1000",
      "5.",
      "1e",
      "1e+",
      "1..2",
      "1 ",
      "-1",
      "",
  };
  for (const char* text : cases) {
    const auto fast = Rational::FromDecimal(text);
    const std::string padded =
        std::string(text).empty() ? "" : "00000000000000000000" + std::string(text);
    const auto general = Rational::FromDecimal(padded);
    ASSERT_EQ(fast.has_value(), general.has_value()) << text;
    if (fast) {
      EXPECT_EQ(fast->num(), general->num()) << text;
      EXPECT_EQ(fast->den(), general->den()) << text;
    }
  }
  EXPECT_EQ(R("1e-18"), Rational::Make(1, 1'000'000'000'000'000'000).value());
  EXPECT_EQ(R("9999999999999999999").num(), Rational::Int(9'999'999'999'999'999'999ULL));
  EXPECT_EQ(R("1234567890123456789e18").num(),
            Rational::Int(1'234'567'890'123'456'789) * 1'000'000'000'000'000'000);
  EXPECT_EQ(R("0.000125").den(), 8000);  // 125/10^6 reduced by 5^3
  EXPECT_EQ(R("0.0008").den(), 1250);    // 8/10^4 reduced by 2^3
}

// FromScaledInteger (the record decoder's one-step unit conversion) is
// Make(mantissa × factor, 10^scale): on the edges of its range, on values
// with many shared 2s and 5s, and on random ones.
TEST(Rational, ScaledIntegersAgreeWithMake) {
  using Int = Rational::Int;
  const auto reference = [](int64_t mantissa, int64_t factor, int scale) {
    Int den = 1;
    for (int i = 0; i < scale; ++i)
      den *= 10;
    return Rational::Make(Int(mantissa) * factor, den).value();
  };
  const int64_t mantissas[] = {0,
                               1,
                               -1,
                               5,
                               -8,
                               25,
                               1000,
                               14395,
                               -99992,
                               5135,
                               3125,
                               1024,
                               999'999'999'999'999'999,
                               -999'999'999'999'999'999,
                               500'000'000'000'000'000,
                               INT64_MAX,
                               INT64_MIN + 1};
  const int64_t factors[] = {1, 2, 5, 10, 1000, 3'600'000, 3'600'000'000, 86400, 7, INT64_MAX};
  for (const int64_t m : mantissas) {
    for (const int64_t f : factors) {
      for (int scale = 0; scale <= 18; ++scale) {
        const auto got = Rational::FromScaledInteger(m, f, scale);
        ASSERT_TRUE(got) << m << " " << f << " " << scale;
        const Rational want = reference(m, f, scale);
        EXPECT_EQ(got->num(), want.num()) << m << " " << f << " " << scale;
        EXPECT_EQ(got->den(), want.den()) << m << " " << f << " " << scale;
      }
    }
  }
  std::mt19937_64 random(7);
  for (int i = 0; i < 20000; ++i) {
    const auto m = static_cast<int64_t>(random() >> (1 + random() % 63)) * (i % 2 ? 1 : -1);
    const auto f = static_cast<int64_t>((random() >> (1 + random() % 63)) | 1);
    const int scale = static_cast<int>(random() % 19);
    const auto got = Rational::FromScaledInteger(m, f, scale);
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, reference(m, f, scale)) << m << " " << f << " " << scale;
  }
  EXPECT_FALSE(Rational::FromScaledInteger(1, 1, 19));
  EXPECT_FALSE(Rational::FromScaledInteger(1, 1, -1));
}

// Make and Mul reduce in 64 bits when they can: checked against plain
// 128-bit Euclid on values at the edges of the 64-bit range.
TEST(Rational, SixtyFourBitPathsAgreeWithEuclid) {
  using Int = Rational::Int;
  const auto reduce = [](Int num, Int den) {
    if (den < 0) num = -num, den = -den;
    Int a = num < 0 ? -num : num, b = den;
    while (b != 0) {
      const Int t = a % b;
      a = b;
      b = t;
    }
    return std::pair<Int, Int>(num / a, den / a);
  };
  const int64_t values[] = {0,
                            1,
                            -1,
                            2,
                            -7,
                            10,
                            12,
                            1000,
                            3'600'000,
                            int64_t{1} << 31,
                            int64_t{1} << 62,
                            4'052'555'153'018'976'267,  // 3^39
                            7'450'580'596'923'828'125,  // 5^27
                            999'999'999'999'999'999,
                            INT64_MAX,
                            INT64_MIN + 1,
                            INT64_MIN};
  std::vector<Rational> rationals;
  for (int64_t n : values) {
    for (int64_t d : values) {
      if (d == 0) continue;
      const auto made = Rational::Make(n, d);
      ASSERT_TRUE(made) << Int128ToString(n) << "/" << Int128ToString(d);
      const auto [num, den] = reduce(n, d);
      EXPECT_EQ(made->num(), num) << Int128ToString(n) << "/" << Int128ToString(d);
      EXPECT_EQ(made->den(), den) << Int128ToString(n) << "/" << Int128ToString(d);
      if (made->num() >= INT64_MIN && made->num() <= INT64_MAX && made->den() <= INT64_MAX)
        rationals.push_back(*made);
    }
  }
  for (const Rational& a : rationals) {
    for (const Rational& b : rationals) {
      const auto product = a.Mul(b);
      ASSERT_TRUE(product);
      const auto [num, den] = reduce(a.num() * b.num(), a.den() * b.den());
      EXPECT_EQ(product->num(), num) << a.ToString() << " * " << b.ToString();
      EXPECT_EQ(product->den(), den) << a.ToString() << " * " << b.ToString();
    }
  }
}

}  // namespace
}  // namespace gridlaw
