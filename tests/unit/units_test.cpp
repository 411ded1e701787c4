#include <gtest/gtest.h>

#include "units/unit.h"
#include "units/unit_table.h"

namespace gridlaw {
namespace {

Unit U(const char* text) {
  UnitParseResult r = ParseUnit(text);
  EXPECT_TRUE(r.unit.has_value()) << text << " failed at " << r.offending;
  return r.unit.value_or(Unit{});
}

Rational R(const char* text) {
  return Rational::FromDecimal(text).value();
}

Dimension Energy() {
  return Dimension::Of(BaseDimension::kMass)
      .Times(Dimension::Of(BaseDimension::kLength, 2))
      .Times(Dimension::Of(BaseDimension::kTime, -2));
}

TEST(Units, ExactConversionFactors) {
  EXPECT_EQ(U("kWh").factor, R("3600000"));  // 1 kWh = 3.6 MJ exactly
  EXPECT_EQ(U("kWh").factor, U("MJ").factor.Mul(R("3.6")).value());
  EXPECT_EQ(U("MWh").factor, R("3.6e9"));
  EXPECT_EQ(U("ms").factor, R("0.001"));
  EXPECT_EQ(U("µs").factor, R("1e-6"));
  EXPECT_EQ(U("us").factor, R("1e-6"));
  EXPECT_EQ(U("h").factor, R("3600"));
  EXPECT_EQ(U("min").factor, R("60"));  // a minute, not milli-"in"
  EXPECT_EQ(U("d").factor, R("86400"));
  EXPECT_EQ(U("kg").factor, R("1"));
  EXPECT_EQ(U("g").factor, R("0.001"));
  EXPECT_EQ(U("t").factor, R("1000"));
  EXPECT_EQ(U("L").factor, R("0.001"));
  EXPECT_EQ(U("mL").factor, R("1e-6"));
  EXPECT_EQ(U("%").factor, R("0.01"));
  EXPECT_EQ(U("Mtoken").factor, R("1e6"));
  EXPECT_EQ(U("GiB").factor, R("1073741824"));
  EXPECT_EQ(U("kbit").factor, R("125"));
  EXPECT_EQ(U("kgCO2e").factor, R("1"));
  EXPECT_EQ(U("tCO2e").factor, R("1000"));
}

TEST(Units, CompoundUnits) {
  const Unit jpt = U("J/token");
  EXPECT_EQ(jpt.factor, R("1"));
  EXPECT_EQ(jpt.dimension, Energy().Over(Dimension::Of(BaseDimension::kToken)));
  EXPECT_EQ(jpt.dimension.Describe(), "energy/token");
  EXPECT_EQ(jpt.dimension.BaseUnitText(), "J/token");

  const Unit price = U("USD/Mtoken");
  EXPECT_EQ(price.factor, R("1e-6"));
  EXPECT_EQ(price.dimension.Describe(), "USD/token");

  const Unit carbon = U("gCO2e/kWh");
  EXPECT_EQ(carbon.factor, Rational::Make(1, 3600000000).value());  // 1e-3 kg / 3.6e6 J
  EXPECT_EQ(carbon.dimension.Describe(), "CO2e mass/energy");

  EXPECT_EQ(U("L/kWh").dimension.Describe(), "volume/energy");
  EXPECT_EQ(U("kg*m^2/s^2").dimension, Energy());
  EXPECT_EQ(U("kg·m^2/s^2").dimension, Energy());
  EXPECT_EQ(U("W").dimension, Energy().Over(Dimension::Of(BaseDimension::kTime)));
  EXPECT_EQ(U("kW*h").factor, U("kWh").factor);
  EXPECT_EQ(U("kW*h").dimension, U("kWh").dimension);
  EXPECT_EQ(U("m^3").dimension, U("L").dimension);
  EXPECT_EQ(U("s^-1").dimension, U("Hz").dimension);
  // Left to right: a/b/c = a/(b·c).
  EXPECT_EQ(U("J/token/s").dimension, Energy()
                                          .Over(Dimension::Of(BaseDimension::kToken))
                                          .Over(Dimension::Of(BaseDimension::kTime)));
}

TEST(Units, DimensionAlgebra) {
  const Dimension e = Energy();
  const Dimension t = Dimension::Of(BaseDimension::kTime);
  EXPECT_TRUE(e.Over(e).dimensionless());
  EXPECT_EQ(e.Over(t).Times(t), e);
  EXPECT_EQ(e.Pow(2).Over(e), e);
  EXPECT_EQ(Dimension().Describe(), "dimensionless");
  EXPECT_EQ(e.Over(t).Describe(), "power");
  EXPECT_EQ(Dimension::Of(BaseDimension::kToken).Over(t).Describe(), "token/time");
}

TEST(Units, CurrenciesAreSeparateDimensions) {
  const Dimension usd = U("USD").dimension;
  const Dimension cny = U("CNY").dimension;
  EXPECT_NE(usd, cny);
  EXPECT_FALSE(usd.CompatibleWith(cny));
  EXPECT_TRUE(usd.Over(usd).dimensionless());
  EXPECT_EQ(usd.Describe(), "USD");
  // The claim's currency stands for any one ISO currency …
  const Dimension claim = Dimension::Of(BaseDimension::kClaimCurrency);
  EXPECT_TRUE(claim.Over(U("Mtoken").dimension).CompatibleWith(U("EUR/Mtoken").dimension));
  // … but not for a different shape.
  EXPECT_FALSE(claim.CompatibleWith(U("EUR/Mtoken").dimension));
  EXPECT_FALSE(claim.Pow(2).CompatibleWith(usd));
  EXPECT_FALSE(ParseUnit("ABC").unit.has_value());   // not an ISO 4217 code
  EXPECT_FALSE(ParseUnit("kUSD").unit.has_value());  // currencies take no prefix
}

TEST(Units, Errors) {
  UnitParseResult r = ParseUnit("KWh");
  EXPECT_EQ(r.error, UnitError::kUnknown);
  EXPECT_EQ(r.offending, "KWh");
  EXPECT_EQ(r.suggestion, "kWh");

  r = ParseUnit("J/tokn");
  EXPECT_EQ(r.error, UnitError::kUnknown);
  EXPECT_EQ(r.offending, "tokn");
  EXPECT_EQ(r.suggestion, "token");

  EXPECT_EQ(ParseUnit("months").error, UnitError::kCalendar);
  EXPECT_EQ(ParseUnit("m^0").error, UnitError::kMalformed);
  EXPECT_EQ(ParseUnit("m^10").error, UnitError::kMalformed);
  EXPECT_EQ(ParseUnit("m^").error, UnitError::kMalformed);
  EXPECT_EQ(ParseUnit("J//s").error, UnitError::kMalformed);
  EXPECT_EQ(ParseUnit("kh").error, UnitError::kUnknown);  // hours take no prefix
  EXPECT_EQ(ParseUnit("PWh^9/ns^9").error, UnitError::kOverflow);
}

TEST(Units, EveryTableEntryParsesAndEveryPrefixApplies) {
  for (const UnitDefinition& def : UnitDefinitions()) {
    if (def.symbol == "¤") continue;  // not writable in a policy, but it parses too
    UnitParseResult r = ParseUnit(def.symbol);
    ASSERT_TRUE(r.unit.has_value()) << def.symbol;
    EXPECT_EQ(r.unit->factor, def.factor) << def.symbol;
    if (!def.prefixable) continue;
    for (const PrefixInfo& p : Prefixes()) {
      const std::string prefixed = std::string(p.symbol) + std::string(def.symbol);
      UnitParseResult pr = ParseUnit(prefixed);
      if (FindUnitDefinition(prefixed) != nullptr) continue;  // an exact symbol wins
      ASSERT_TRUE(pr.unit.has_value()) << prefixed;
      EXPECT_EQ(pr.unit->factor, def.factor.Mul(*Rational::PowerOfTen(p.exponent)).value())
          << prefixed;
    }
  }
}

TEST(Units, CalendarUnits) {
  EXPECT_EQ(ParseCalendarUnit("months"), CalendarUnit::kMonth);
  EXPECT_EQ(ParseCalendarUnit("year"), CalendarUnit::kYear);
  EXPECT_EQ(ParseCalendarUnit("quarters"), CalendarUnit::kQuarter);
  EXPECT_FALSE(ParseCalendarUnit("weeks").has_value());
}

}  // namespace
}  // namespace gridlaw
