#pragma once
// Units: a dimension and an exact factor to the coherent base unit of that
// dimension (SI base units, byte, token, request, kg CO2e, one unit of a
// currency). 1 kWh = 3 600 000 J exactly: factor 3600000 over J.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "num/rational.h"
#include "units/dimension.h"

namespace gridlaw {

struct Unit {
  Rational factor = Rational::FromInt(1);  // value in base units = value × factor
  Dimension dimension;
};

// Months, quarters and years have no fixed length in seconds; they only size
// time windows over attestations.
enum class CalendarUnit { kMonth, kQuarter, kYear };

enum class UnitError {
  kUnknown,    // a symbol that is no unit (or prefix + unit)
  kMalformed,  // bad exponent, empty factor
  kCalendar,   // month/quarter/year used as a unit of measure
  kOverflow,   // factor beyond exact arithmetic
};

struct UnitParseResult {
  std::optional<Unit> unit;
  UnitError error = UnitError::kUnknown;
  std::string offending;   // the symbol that failed
  std::string suggestion;  // a known unit close to it, or empty
};

// Parses a unit expression: factors joined by '/' or '*' (or '·'), each a
// symbol with an optional prefix and an optional integer exponent ("m^2",
// "s^-1"), read left to right: "kg*m^2/s^2", "J/token", "USD/Mtoken", "%".
UnitParseResult ParseUnit(std::string_view text);

std::optional<CalendarUnit> ParseCalendarUnit(std::string_view word);
std::string_view CalendarUnitName(CalendarUnit unit);

// Describes a unit for SPEC.md and `gridlaw units`: symbol, name, factor.
struct UnitInfo {
  std::string_view symbol;
  std::string_view name;
  std::string factor;  // exact, in base units
  std::string dimension;
  bool prefixable;
};
std::vector<UnitInfo> UnitTable();

struct PrefixInfo {
  std::string_view symbol;
  int exponent;  // power of ten
};
const std::vector<PrefixInfo>& Prefixes();

}  // namespace gridlaw
