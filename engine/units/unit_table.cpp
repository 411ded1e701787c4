#include "units/unit_table.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "units/unit.h"

namespace gridlaw {
namespace {

using B = BaseDimension;

Dimension Energy() {
  return Dimension::Of(B::kMass)
      .Times(Dimension::Of(B::kLength, 2))
      .Times(Dimension::Of(B::kTime, -2));
}
Dimension Power() {
  return Energy().Over(Dimension::Of(B::kTime));
}

Rational Exact(int64_t num, int64_t den = 1) {
  return *Rational::Make(num, den);
}

}  // namespace

const std::vector<UnitDefinition>& UnitDefinitions() {
  // factor: how many base units one of this unit is. Base units: m, kg, s, B,
  // token, req, kgCO2e, one unit of currency.
  static const std::vector<UnitDefinition> table = [] {
    std::vector<UnitDefinition> t = {
        {"m", "metre", Exact(1), Dimension::Of(B::kLength), true},
        {"g", "gram", Exact(1, 1000), Dimension::Of(B::kMass), true},
        {"t", "tonne", Exact(1000), Dimension::Of(B::kMass), true},
        {"s", "second", Exact(1), Dimension::Of(B::kTime), true},
        {"min", "minute", Exact(60), Dimension::Of(B::kTime), false},
        {"h", "hour", Exact(3600), Dimension::Of(B::kTime), false},
        {"d", "day", Exact(86400), Dimension::Of(B::kTime), false},
        {"wk", "week", Exact(604800), Dimension::Of(B::kTime), false},
        {"J", "joule", Exact(1), Energy(), true},
        {"Wh", "watt-hour", Exact(3600), Energy(), true},
        {"W", "watt", Exact(1), Power(), true},
        {"L", "litre", Exact(1, 1000), Dimension::Of(B::kLength, 3), true},
        {"l", "litre", Exact(1, 1000), Dimension::Of(B::kLength, 3), true},
        {"Hz", "hertz", Exact(1), Dimension::Of(B::kTime, -1), true},
        {"B", "byte", Exact(1), Dimension::Of(B::kData), true},
        {"bit", "bit", Exact(1, 8), Dimension::Of(B::kData), true},
        {"KiB", "kibibyte", Exact(1024), Dimension::Of(B::kData), false},
        {"MiB", "mebibyte", Exact(1024 * 1024), Dimension::Of(B::kData), false},
        {"GiB", "gibibyte", Exact(1024LL * 1024 * 1024), Dimension::Of(B::kData), false},
        {"TiB", "tebibyte", Exact(1024LL * 1024 * 1024 * 1024), Dimension::Of(B::kData), false},
        {"token", "token", Exact(1), Dimension::Of(B::kToken), true},
        {"tokens", "token", Exact(1), Dimension::Of(B::kToken), true},
        {"req", "request", Exact(1), Dimension::Of(B::kRequest), true},
        {"request", "request", Exact(1), Dimension::Of(B::kRequest), true},
        {"requests", "request", Exact(1), Dimension::Of(B::kRequest), true},
        {"gCO2e", "gram of CO2 equivalent", Exact(1, 1000), Dimension::Of(B::kCo2eMass), true},
        {"tCO2e", "tonne of CO2 equivalent", Exact(1000), Dimension::Of(B::kCo2eMass), true},
        {"%", "percent", Exact(1, 100), Dimension(), false},
        {"ppm", "part per million", Exact(1, 1000000), Dimension(), false},
        // The claim's own currency: used by schema fields; no policy token spells it.
        {"¤", "currency of the claim", Exact(1), Dimension::Of(B::kClaimCurrency), false},
    };
    for (std::string_view code : CurrencyCodes()) {
      t.push_back({code, "currency (ISO 4217)", Exact(1), Dimension::Currency(code), false});
    }
    return t;
  }();
  return table;
}

const std::vector<PrefixInfo>& Prefixes() {
  static const std::vector<PrefixInfo> prefixes = {
      {"P", 15}, {"T", 12}, {"G", 9},  {"M", 6},  {"k", 3},
      {"m", -3}, {"µ", -6}, {"μ", -6}, {"u", -6}, {"n", -9},
  };
  return prefixes;
}

const UnitDefinition* FindUnitDefinition(std::string_view symbol) {
  // Every quantity of every claim names a unit, and a prefixed one ("kWh")
  // is looked up once per prefix tried: a hash table, not a walk through
  // the ~200 symbols (ISO 4217 codes included). Built once, then only read.
  static const std::unordered_map<std::string_view, const UnitDefinition*> by_symbol = [] {
    std::unordered_map<std::string_view, const UnitDefinition*> table;
    for (const auto& def : UnitDefinitions())
      table.emplace(def.symbol, &def);  // the first definition of a symbol wins
    return table;
  }();
  const auto it = by_symbol.find(symbol);
  return it == by_symbol.end() ? nullptr : it->second;
}

std::vector<UnitInfo> UnitTable() {
  std::vector<UnitInfo> rows;
  for (const auto& def : UnitDefinitions()) {
    if (IsCurrencyCode(def.symbol)) continue;  // listed once as "every ISO 4217 code"
    rows.push_back(
        {def.symbol, def.name, def.factor.ToString(), def.dimension.Describe(), def.prefixable});
  }
  return rows;
}

}  // namespace gridlaw
