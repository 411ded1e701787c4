// The specialised forms of conditions (eval/fast_paths.h) against the
// explaining evaluator, on facility-month records made to reach their corner
// cases: missing fields, zero denominators, empty lists, elements without
// the field an aggregate reads. Each form is checked on its own (so that a
// wrong form cannot hide behind the general path it gives up to) and through
// the verdict evaluator.

#include "eval/fast_paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "eval/run.h"
#include "eval/verdicts.h"
#include "facility_month_record.h"
#include "frontend/frontend.h"
#include "record_verdicts_agree.h"
#include "records/record_decoder.h"
#include "schema/schema.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

// Rules named f_* must have a form that decides every record below; rules
// g_* have one that gives up (dates); rules n_* have none.
constexpr const char* kPolicy = R"(policy test.forms version 1.0.0 {
  title "t"
  schema facility-month/v1
}

param allowed = ["us-east", "eu-west", "ap-south", "eu-west", "ca-central"]
param limit = 1.3
param numbers = [1 token, 7200000000 token]

rule efficiency.f_field_const { require pue <= limit }
rule efficiency.f_field_const_lt { require pue < 1.35 and tokens_served >= 7200000000 token }
rule efficiency.f_field_field { require energy_facility_kwh >= energy_it_kwh }
rule efficiency.f_ratio { require renewable_kwh / energy_facility_kwh >= 0.5 }
rule efficiency.f_guarded_ratio { require energy_facility_kwh > 0 kWh and renewable_kwh / energy_facility_kwh >= 0.5 }
rule efficiency.f_kleene_or { require not (pue > 1.5) or availability >= 0.9995 }
rule efficiency.f_kleene_and_false_first { require pue > 5 and availability >= 0.9995 }
rule efficiency.f_equal_quantities { require latency_p99_ms == 812.5 ms and pue != 1.2 }
rule efficiency.f_arithmetic { require (energy_facility_kwh - energy_it_kwh) * 2 + renewable_kwh < 1400 kWh }
rule efficiency.f_negate_abs { require abs(-(energy_it_kwh - energy_facility_kwh)) <= 300 kWh }
rule efficiency.f_in_param { require region in allowed }
rule efficiency.f_not_in { require region not in allowed }
rule efficiency.f_text_eq { require region == "eu-west" }
rule efficiency.f_text_ne { require "eu-west" != region }
rule efficiency.f_present { require present(region) }
rule efficiency.f_all_filtered { require all i in incidents where i.severity == "critical": i.reported_hours - i.detected_hours <= 24 h }
rule efficiency.f_all_incidents { require all i in incidents: i.reported_hours - i.detected_hours <= 72 h }
rule efficiency.f_any_incident { require any i in incidents where i.severity != "low": i.reported_hours > i.detected_hours }
rule efficiency.f_min_max { require min(p.usd_per_mtok for p in prices) > 0 USD/Mtoken and max(p.usd_per_mtok for p in prices) / min(p.usd_per_mtok for p in prices) <= 1.10 }
rule efficiency.f_filtered_extremes { require max(p.usd_per_mtok for p in prices where p.customer_class != "sme") - min(p.usd_per_mtok for p in prices where p.customer_class != "sme") < 0.05 USD/Mtoken }
rule efficiency.f_filtered_min { require min(p.usd_per_mtok for p in prices where p.customer_class == "sme") >= 1.2 USD/Mtoken }
rule efficiency.f_missing_filter { require max(p.usd_per_mtok for p in prices where p.usd_per_mtok > 1 USD/Mtoken) < 2 USD/Mtoken }
rule efficiency.f_count_filter { require count(p for p in prices where p.usd_per_mtok > 1.15 USD/Mtoken) == 1 }
rule efficiency.f_sum_mean { require sum(p.usd_per_mtok for p in prices) >= 2 * mean(p.usd_per_mtok for p in prices) }
rule efficiency.f_empty_sum { require sum(p.usd_per_mtok for p in prices where p.customer_class == "none") == 0 USD/Mtoken }
rule efficiency.f_count_list { require count(prices) >= 1 and count(incidents) < 2 }
rule efficiency.f_element_overflow { require sum(p.usd_per_mtok * 1e30 * 1e30 for p in prices) > 0 USD/Mtoken }
rule efficiency.f_sum_overflow { require sum(p.usd_per_mtok * 1e22 * 1e22 for p in prices) > 0 USD/Mtoken }
rule efficiency.f_nested { require all r in prices: max(p.usd_per_mtok for p in prices where p.customer_class == r.customer_class) <= 1.2 USD/Mtoken }
rule efficiency.f_repeated_in_quantifier { require all r in prices: max(p.usd_per_mtok for p in prices where p.customer_class == r.customer_class) >= 1.15 USD/Mtoken and max(p.usd_per_mtok for p in prices where p.customer_class == r.customer_class) > 0 USD/Mtoken }
rule efficiency.f_currency_tags { require max(p.usd_per_mtok for p in prices) / 1 USD/Mtoken * 1 EUR/Mtoken < 2 EUR/Mtoken }
rule efficiency.f_ratio_of_amounts { require max(p.usd_per_mtok for p in prices) / 1 USD/Mtoken < 1.2 }
rule efficiency.f_when {
  when water_l >= 0 L and energy_it_kwh >= 0 kWh
  require energy_it_kwh > 0 kWh and water_l / energy_it_kwh <= 1.8 L/kWh
}
rule efficiency.f_when_false {
  when pue > 5
  require pue < 10
}
rule efficiency.g_dates { require period_start - period_start == 0 s }
rule efficiency.n_numbers { require tokens_served in numbers }
)";

constexpr const char* kRecord = testing::kFacilityMonthRecord;

// 'f', 'g' or 'n', as above.
char KindOf(const CompiledRule& rule) {
  return rule.id[rule.id.find('.') + 1];
}

std::vector<std::string> Records() {
  using testing::ReplaceFirst;
  const std::string no_price = R"({"customer_class":"foreign"})";
  return {
      kRecord,
      ReplaceFirst(kRecord, R"("region":"eu-west",)", ""),
      ReplaceFirst(kRecord, R"("region":"eu-west")", R"("region":"aa")"),
      ReplaceFirst(kRecord, R"("region":"eu-west")", R"("region":"ca-central")"),
      ReplaceFirst(kRecord, R"("region":"eu-west")", R"("region":"eu-wes")"),
      ReplaceFirst(kRecord, R"("energy_facility_kwh":1300)", R"("energy_facility_kwh":0)"),
      ReplaceFirst(kRecord, R"("energy_facility_kwh":1300,)", ""),
      ReplaceFirst(kRecord, R"("energy_facility_kwh":1300)", R"("energy_facility_kwh":900)"),
      ReplaceFirst(kRecord, R"("energy_it_kwh":1000)", R"("energy_it_kwh":0)"),
      ReplaceFirst(kRecord, R"("renewable_kwh":700,)", ""),
      ReplaceFirst(kRecord, R"("water_l":1500)", R"("water_l":1900)"),
      // Ratios exactly at their thresholds (0.5 and 1.8 L/kWh).
      ReplaceFirst(kRecord, R"("energy_facility_kwh":1300)", R"("energy_facility_kwh":1400)"),
      ReplaceFirst(kRecord, R"("water_l":1500)", R"("water_l":1800)"),
      ReplaceFirst(kRecord, R"("pue":1.3,)", ""),
      ReplaceFirst(kRecord, R"("pue":1.3)", R"("pue":1.6)"),
      ReplaceFirst(kRecord, R"("pue":1.3)", R"("pue":1.2)"),
      ReplaceFirst(kRecord, R"("availability":0.99951,)", ""),
      ReplaceFirst(ReplaceFirst(kRecord, R"("availability":0.99951,)", ""), R"("pue":1.3)",
                   R"("pue":1.6)"),
      ReplaceFirst(kRecord, R"("latency_p99_ms":812.5,)", ""),
      ReplaceFirst(kRecord, R"("usd_per_mtok":1.1})", R"("usd_per_mtok":1.2})"),
      ReplaceFirst(kRecord, R"("usd_per_mtok":1.1})", R"("usd_per_mtok":0})"),
      ReplaceFirst(kRecord, R"({"customer_class":"domestic","usd_per_mtok":1.1})", no_price),
      ReplaceFirst(kRecord, R"({"customer_class":"sme","usd_per_mtok":1.2345},)", no_price + ","),
      ReplaceFirst(kRecord,
                   R"([{"customer_class":"sme","usd_per_mtok":1.2345},)"
                   R"({"customer_class":"domestic","usd_per_mtok":1.1}])",
                   "[]"),
      // The highest price after the lowest, and a third between them.
      ReplaceFirst(kRecord,
                   R"([{"customer_class":"sme","usd_per_mtok":1.2345},)"
                   R"({"customer_class":"domestic","usd_per_mtok":1.1}])",
                   R"([{"customer_class":"domestic","usd_per_mtok":1.1},)"
                   R"({"customer_class":"sme","usd_per_mtok":1.2345},)"
                   R"({"customer_class":"foreign","usd_per_mtok":1.15}])"),
      ReplaceFirst(kRecord, R"("reported_hours":30)", R"("reported_hours":6)"),
      ReplaceFirst(kRecord, R"("reported_hours":30)", R"("reported_hours":100)"),
      ReplaceFirst(kRecord, R"(,"reported_hours":30)", ""),
      ReplaceFirst(kRecord, R"("severity":"critical",)", ""),
      ReplaceFirst(kRecord, R"("severity":"critical")", R"("severity":"low")"),
      ReplaceFirst(kRecord, R"([{"severity":"critical","detected_hours":5,"reported_hours":30}])",
                   "[]"),
      ReplaceFirst(kRecord, R"("incidents":[)",
                   R"("incidents":[{"severity":"low","detected_hours":1,"reported_hours":2},)"),
      ReplaceFirst(kRecord, R"("incidents":[)",
                   R"("incidents":[{"severity":"high","detected_hours":1,"reported_hours":90},)"),
  };
}

// A rule's verdict from its forms, as VerdictEvaluator decides it; nullopt
// when a form gives up.
std::optional<Verdict> VerdictOfForms(FastPaths& forms, const CompiledRule& rule,
                                      const std::vector<Value>& fields) {
  forms.Visit(fields);
  if (rule.when) {
    const Tri applies = forms.Test(*forms.Compile(*rule.when));
    if (applies == Tri::kGiveUp) return std::nullopt;
    if (applies == Tri::kMissing) return Verdict::kIndeterminate;
    if (applies == Tri::kFalse) return Verdict::kNotApplicable;
  }
  switch (forms.Test(*forms.Compile(*rule.require))) {
    case Tri::kTrue:
      return Verdict::kPass;
    case Tri::kFalse:
      return Verdict::kFail;
    case Tri::kMissing:
      return Verdict::kIndeterminate;
    default:
      return std::nullopt;
  }
}

TEST(FastPaths, FormsAgreeWithTheExplainingEvaluator) {
  CompiledPolicy policy = CheckPolicyText("forms.policy", kPolicy);
  ASSERT_TRUE(policy.ok()) << policy.RenderDiagnosticsText();
  auto program = Program::Compile(*policy.checked);
  FastPaths forms(*program);
  VerdictEvaluator verdicts(*program);
  for (const CompiledRule& rule : program->rules()) {
    const bool expected = KindOf(rule) != 'n';
    EXPECT_EQ(forms.Compile(*rule.require) != nullptr, expected) << rule.id;
    if (rule.when) {
      EXPECT_NE(forms.Compile(*rule.when), nullptr) << rule.id;
    }
  }

  // Beyond the verdict evaluator's verdicts, each rule's forms alone: they
  // must decide what they compiled (never give up) and agree.
  std::map<Verdict, int> seen;
  const auto forms_alone = [&](size_t r, const Claim& claim, const RuleResult& want,
                               const std::string& where) {
    const CompiledRule& rule = program->rules()[r];
    if (KindOf(rule) == 'n') return;
    const std::optional<Verdict> by_forms = VerdictOfForms(forms, rule, claim.record.items());
    if (KindOf(rule) == 'g') {
      EXPECT_FALSE(by_forms) << where;
      return;
    }
    ASSERT_TRUE(by_forms) << "the form gave up: " << where;
    EXPECT_EQ(VerdictName(*by_forms), std::string(VerdictName(want.verdict))) << where;
    ++seen[want.verdict];
  };
  testing::ExpectRecordVerdictsAgree(*program, verdicts, Records(), DaysFromCivil({2025, 1, 1}),
                                     forms_alone);
  for (Verdict v :
       {Verdict::kPass, Verdict::kFail, Verdict::kIndeterminate, Verdict::kNotApplicable})
    EXPECT_GT(seen[v], 0) << VerdictName(v);
}

TEST(FastPaths, StringLookupAgreesWithContainsString) {
  // Strings of every length the lookup reads differently (none, 1–3, 4–7,
  // 8–16 and longer bytes), and near misses: one byte changed at either end
  // or in the middle, a prefix, a suffix.
  std::vector<std::string> pool = {"",
                                   "a",
                                   "ab",
                                   "abc",
                                   "abd",
                                   "bbc",
                                   "abcd",
                                   "abcde",
                                   "abcdefg",
                                   "abcdefh",
                                   "xbcdefg",
                                   "abcdefgh",
                                   "us-east",
                                   "eu-west",
                                   "eu-wes",
                                   "u-west",
                                   "ca-central",
                                   "ap-northeast",
                                   "ap-southeast",
                                   "ap-northeasu",
                                   "abcdefghijklmnop",
                                   "abcdefghijklmnoq",
                                   "bbcdefghijklmnop",
                                   "abcdefghijklmnopq",
                                   "abcdefghijklmnopr",
                                   "a-long-region-name-beyond-16"};
  for (size_t len = 0; len <= 18; ++len) {
    std::string s(len, 'x');
    for (size_t i = 0; i < len; ++i)
      s[i] = static_cast<char>('a' + (i * 7 + len) % 26);
    pool.push_back(s);
    if (len > 0) {
      std::string t = s;
      t[len / 2] = '-';
      pool.push_back(t);
    }
  }
  for (size_t first = 0; first < pool.size(); first += 3) {
    // Sets of a few strings (one pass) and of many (binary search).
    for (size_t count : {size_t{1}, size_t{5}, size_t{24}}) {
      std::vector<std::string_view> set;
      for (size_t i = 0; set.size() < count && first + i<pool.size(); i += count> 16 ? 1 : 2)
        set.emplace_back(pool[first + i]);
      std::vector<std::string_view> sorted = set;
      std::sort(sorted.begin(), sorted.end(), [](std::string_view x, std::string_view y) {
        return x.size() != y.size() ? x.size() < y.size() : x < y;
      });
      const StringLookup lookup(set);
      for (const std::string& s : pool) {
        EXPECT_EQ(lookup.Contains(s), ContainsString(sorted, s)) << "\"" << s << "\"";
      }
    }
  }
}

}  // namespace
}  // namespace gridlaw
