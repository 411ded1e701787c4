// Number text and binary64 values: the acceptance rule of strict intake.

#include "decimal/exact_number.h"

#include <gtest/gtest.h>

namespace gridlaw {
namespace {

TEST(ExactNumber, ParseDecimalNormalises) {
  EXPECT_EQ(ParseDecimal("123.4500e-3"), (DecimalValue{false, "12345", -5}));
  EXPECT_EQ(ParseDecimal("-1200"), (DecimalValue{true, "12", 2}));
  EXPECT_EQ(ParseDecimal("1.50"), ParseDecimal("15e-1"));
  EXPECT_EQ(ParseDecimal("-0.000"), DecimalValue{});
  EXPECT_EQ(ParseDecimal("0e99999999999999999999"), DecimalValue{});
  EXPECT_EQ(ParseDecimal("1E+2"), (DecimalValue{false, "1", 2}));
}

TEST(ExactNumber, ParseDecimalRefusesWhatIsNotJson) {
  for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "0x10", "1 ", "NaN"}) {
    EXPECT_FALSE(ParseDecimal(bad).has_value()) << bad;
  }
}

TEST(ExactNumber, ShortestDecimal) {
  EXPECT_EQ(ShortestDecimal(0.1), "0.1");
  EXPECT_EQ(ShortestDecimal(1.25), "1.25");
  EXPECT_EQ(ShortestDecimal(1e30), "1e+30");
  EXPECT_EQ(ShortestDecimal(1000.0), "1000");
}

TEST(ExactNumber, RepresentsExactly) {
  EXPECT_TRUE(RepresentsExactly(0.1, "0.1"));
  EXPECT_TRUE(RepresentsExactly(0.1, "0.10"));
  EXPECT_TRUE(RepresentsExactly(1000.0, "1e3"));
  EXPECT_TRUE(RepresentsExactly(123456789012345.0, "123456789012345.0"));
  EXPECT_TRUE(RepresentsExactly(0.123456789012345, "0.123456789012345"));
  EXPECT_FALSE(RepresentsExactly(0.1, "0.10000000000000001"));
  EXPECT_FALSE(RepresentsExactly(0.0, "1e-400"));
  EXPECT_FALSE(RepresentsExactly(9007199254740992.0, "9007199254740993.0"));
}

}  // namespace
}  // namespace gridlaw
