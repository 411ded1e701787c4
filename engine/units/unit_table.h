#pragma once
// The table of unit symbols (internal to the units module and its tests).

#include <string_view>
#include <vector>

#include "num/rational.h"
#include "units/dimension.h"

namespace gridlaw {

struct UnitDefinition {
  std::string_view symbol;
  std::string_view name;
  Rational factor;  // base units per one of this unit
  Dimension dimension;
  bool prefixable;  // accepts SI prefixes (k, M, G, m, µ, …)
};

const std::vector<UnitDefinition>& UnitDefinitions();
const UnitDefinition* FindUnitDefinition(std::string_view symbol);

}  // namespace gridlaw
