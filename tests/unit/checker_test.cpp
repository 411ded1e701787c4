#include "check/checker.h"

#include <gtest/gtest.h>

#include "test_policy.h"

namespace gridlaw {
namespace {

using testing::Check;
using testing::HasDiagnostic;
using testing::IsClean;
using testing::PolicyRequiring;

TEST(Checker, AcceptsTheDesignSketch) {
  const std::string text = std::string(testing::kHeader) + R"(
param max_pue = 1.25

rule efficiency.pue {
  title "Annual PUE at most {max_pue}"
  severity major
  cite "NDRC et al. 2021, hub nodes"
  when facility.hub_node
  require mean(pue over 12 months) <= max_pue
}

rule efficiency.energy_per_token {
  severity minor
  require energy.it / tokens.served <= 0.4 J/token
}

rule fairness.price_parity {
  severity major
  require max(p.price for p in prices) / min(p.price for p in prices) <= 110 %
}

rule safety.incident_notification {
  severity critical
  require all i in incidents where i.severity == "critical":
          i.notified_at - i.detected_at <= 24 h
}
)";
  EXPECT_THAT(Check(text), IsClean());
}

TEST(Checker, UnitMismatchPointsAtBothOperands) {
  CompiledPolicy result = Check(PolicyRequiring("energy.it / tokens.served <= 5 kW"));
  ASSERT_THAT(result, HasDiagnostic(Code::kComparisonDimensions, 8, 11));
  const Diagnostic& d = result.diagnostics.items()[0];
  EXPECT_EQ(d.message, "cannot compare energy/token with power: the dimensions differ");
  ASSERT_EQ(d.notes.size(), 2u);
  EXPECT_EQ(d.notes[0].range->begin.column, 11u);
  EXPECT_EQ(d.notes[0].range->end.column, 36u);
  EXPECT_EQ(d.notes[1].range->begin.column, 40u);
  EXPECT_EQ(d.notes[1].message, "right operand: '5 kW' is a quantity of power (W)");
}

TEST(Checker, ConvertibleUnitsCompare) {
  EXPECT_THAT(Check(PolicyRequiring("energy.it <= 3.6 MJ")), IsClean());
  EXPECT_THAT(Check(PolicyRequiring("latency.p99 <= 2 s")), IsClean());
  EXPECT_THAT(Check(PolicyRequiring("wue <= 1.8 L/kWh")), IsClean());
  EXPECT_THAT(Check(PolicyRequiring("carbon.grid_intensity <= 420 gCO2e/kWh")), IsClean());
  EXPECT_THAT(Check(PolicyRequiring("availability_ratio >= 99.9 %")), IsClean());
  EXPECT_THAT(Check(PolicyRequiring("facility.it_power_installed >= 500 kW")), IsClean());
}

TEST(Checker, CurrenciesNeverMixSilently) {
  EXPECT_THAT(Check(PolicyRequiring("1 USD < 2 EUR")),
              HasDiagnostic(Code::kComparisonDimensions, 8, 11));
  // Claim prices are in the claim's currency: comparable with one ISO currency.
  EXPECT_THAT(Check(PolicyRequiring("all p in prices: p.price <= 20 USD/Mtoken")), IsClean());
  EXPECT_THAT(Check(PolicyRequiring("electricity.price <= 0.08 USD/kWh")), IsClean());
}

TEST(Checker, DidYouMean) {
  CompiledPolicy result = Check(PolicyRequiring("energy.renewabel > 0 kWh"));
  ASSERT_THAT(result, HasDiagnostic(Code::kUnknownField, 8, 18));
  EXPECT_EQ(result.diagnostics.items()[0].message,
            "record 'energy' has no field 'renewabel' (did you mean 'renewable'?)");
  EXPECT_THAT(Check(PolicyRequiring("energi.it > 0 kWh")),
              HasDiagnostic(Code::kUnknownName, 8, 11));
  EXPECT_THAT(Check(PolicyRequiring("avg(pue over year) > 1")),
              HasDiagnostic(Code::kUnknownFunction, 8, 11));
}

TEST(Checker, CollectsEveryError) {
  CompiledPolicy result = Check(std::string(testing::kHeader) + R"(
rule efficiency.a {
  require energy.x > 1
}
rule efficiency.b {
  require 1 kW > 1 kWh
}
)");
  EXPECT_THAT(result, HasDiagnostic(Code::kUnknownField, 7, 18));
  EXPECT_THAT(result, HasDiagnostic(Code::kComparisonDimensions, 10, 11));
  EXPECT_EQ(result.diagnostics.error_count(), 2u);
}

TEST(Checker, WindowsAggregateAttestationValues) {
  EXPECT_THAT(Check(PolicyRequiring("sum(energy.it over year) <= 10 GWh")), IsClean());
  EXPECT_THAT(Check(PolicyRequiring("count(pue > 1.5 over 12 months) <= 2")), IsClean());
  EXPECT_THAT(Check(PolicyRequiring("mean(pue over 13 weeks) <= 1")),
              HasDiagnostic(Code::kInvalidWindow, 8, 25));
  EXPECT_THAT(Check(PolicyRequiring(
                  "all i in incidents: mean(i.resolved_at - i.detected_at over year) < 1 h")),
              HasDiagnostic(Code::kWindowArgument, 8, 36));
  EXPECT_THAT(Check(PolicyRequiring("mean(1 over year) < 1")),
              HasDiagnostic(Code::kWindowArgument, 8, 16));
}

TEST(Checker, ThreeValuedOperatorsNeedBools) {
  EXPECT_THAT(Check(PolicyRequiring("pue")), HasDiagnostic(Code::kConditionNotBool, 8, 11));
  EXPECT_THAT(Check(PolicyRequiring("pue and true")), HasDiagnostic(Code::kOperandType, 8, 11));
  EXPECT_THAT(Check(PolicyRequiring("present(energy.reused) or erf >= 10 %")), IsClean());
}

TEST(Checker, RecordsResolutionsAndTypes) {
  CompiledPolicy result = Check(PolicyRequiring("pue <= 1.3"));
  ASSERT_THAT(result, IsClean());
  const ast::Expr& require = *result.policy->items[0].rule->clauses[1].expr;
  const ast::Expr& pue = *require.operands[0];
  EXPECT_EQ(result.checked->resolutions[pue.id].kind, Resolution::Kind::kField);
  EXPECT_EQ(result.checked->resolutions[pue.id].field->name, "pue");
  EXPECT_TRUE(result.checked->types[require.id].is(Type::Kind::kBool));
  EXPECT_EQ(result.checked->types[pue.id].Describe(), "number");
}

}  // namespace
}  // namespace gridlaw
