#include <cstdlib>
#include <string>

#include "spelling/spelling.h"
#include "units/unit.h"
#include "units/unit_table.h"

namespace gridlaw {
namespace {

constexpr int kMaxExponent = 9;

// One symbol, with an optional prefix: exact symbols win over prefixed
// readings ("min" is a minute, not milli-inch; "ms" is a millisecond).
std::optional<Unit> LookUpSymbol(std::string_view symbol) {
  if (const UnitDefinition* def = FindUnitDefinition(symbol)) {
    return Unit{def->factor, def->dimension};
  }
  for (const PrefixInfo& prefix : Prefixes()) {
    if (symbol.size() <= prefix.symbol.size() || !symbol.starts_with(prefix.symbol)) continue;
    const UnitDefinition* def = FindUnitDefinition(symbol.substr(prefix.symbol.size()));
    if (def == nullptr || !def->prefixable) continue;
    auto scale = Rational::PowerOfTen(prefix.exponent);
    auto factor = def->factor.Mul(*scale);
    if (!factor) return std::nullopt;
    return Unit{*factor, def->dimension};
  }
  return std::nullopt;
}

std::vector<std::string> SuggestionCandidates() {
  std::vector<std::string> names;
  for (const auto& def : UnitDefinitions())
    names.emplace_back(def.symbol);
  // Common prefixed forms, so "KWh" suggests "kWh".
  for (const char* s :
       {"kWh",    "MWh",    "GWh",    "TWh", "kW", "MW", "GW", "ms", "µs", "kJ", "MJ", "GJ",
        "Mtoken", "ktoken", "kgCO2e", "km",  "kg", "mL", "kL", "kB", "MB", "GB", "TB"}) {
    names.emplace_back(s);
  }
  return names;
}

UnitParseResult Failure(UnitError error, std::string offending) {
  UnitParseResult result;
  result.error = error;
  result.offending = std::move(offending);
  if (error == UnitError::kUnknown) {
    result.suggestion = ClosestSpelling(result.offending, SuggestionCandidates());
  }
  return result;
}

}  // namespace

std::optional<CalendarUnit> ParseCalendarUnit(std::string_view word) {
  if (word == "month" || word == "months") return CalendarUnit::kMonth;
  if (word == "quarter" || word == "quarters") return CalendarUnit::kQuarter;
  if (word == "year" || word == "years") return CalendarUnit::kYear;
  return std::nullopt;
}

std::string_view CalendarUnitName(CalendarUnit unit) {
  switch (unit) {
    case CalendarUnit::kMonth:
      return "month";
    case CalendarUnit::kQuarter:
      return "quarter";
    case CalendarUnit::kYear:
      return "year";
  }
  return "?";
}

UnitParseResult ParseUnit(std::string_view text) {
  Unit total;
  size_t i = 0;
  bool divide = false;
  while (true) {
    // symbol: everything up to an operator or '^'
    const size_t start = i;
    while (i < text.size() && text[i] != '/' && text[i] != '*' && text[i] != '^' &&
           !text.substr(i).starts_with("·")) {
      ++i;
    }
    const std::string_view symbol = text.substr(start, i - start);
    if (symbol.empty()) return Failure(UnitError::kMalformed, std::string(text));
    int exponent = 1;
    if (i < text.size() && text[i] == '^') {
      ++i;
      const size_t exp_start = i;
      if (i < text.size() && text[i] == '-') ++i;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9')
        ++i;
      const std::string digits(text.substr(exp_start, i - exp_start));
      // The whole factor, up to the next operator, names what is wrong.
      const size_t factor_end = text.find_first_of("/*", start);
      const std::string factor(text.substr(start, factor_end == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : factor_end - start));
      const bool ends_here =
          i == text.size() || text[i] == '/' || text[i] == '*' || text.substr(i).starts_with("·");
      if (digits.empty() || digits == "-" || digits.size() > 3 || !ends_here) {
        return Failure(UnitError::kMalformed, factor);
      }
      exponent = std::atoi(digits.c_str());
      if (exponent == 0 || std::abs(exponent) > kMaxExponent)
        return Failure(UnitError::kMalformed, factor);
    }
    if (ParseCalendarUnit(symbol)) return Failure(UnitError::kCalendar, std::string(symbol));
    auto unit = LookUpSymbol(symbol);
    if (!unit) return Failure(UnitError::kUnknown, std::string(symbol));
    auto factor = unit->factor.Pow(divide ? -exponent : exponent);
    if (!factor) return Failure(UnitError::kOverflow, std::string(symbol));
    auto product = total.factor.Mul(*factor);
    if (!product) return Failure(UnitError::kOverflow, std::string(symbol));
    total.factor = *product;
    total.dimension = total.dimension.Times(unit->dimension.Pow(divide ? -exponent : exponent));
    if (i >= text.size()) break;
    if (text[i] == '/') {
      divide = true;
      ++i;
    } else if (text[i] == '*') {
      divide = false;
      ++i;
    } else if (text.substr(i).starts_with("·")) {
      divide = false;
      i += std::string_view("·").size();
    } else {
      return Failure(UnitError::kMalformed, std::string(text.substr(i)));
    }
  }
  UnitParseResult result;
  result.unit = total;
  return result;
}

}  // namespace gridlaw
