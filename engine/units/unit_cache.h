#pragma once
// ParseUnit's results by unit text, for one pass over one policy.

#include <map>
#include <string>
#include <string_view>

#include "units/unit.h"

namespace gridlaw {

// A policy writes the same few units many times (`J/token`, `h`, `%`), and
// each ParseUnit costs exact rational arithmetic and table look-ups: the
// checker and the compiler parse each distinct text once.
class UnitCache {
 public:
  // The same result as ParseUnit(text); valid while the cache lives.
  const UnitParseResult& Parse(std::string_view text) {
    auto found = parsed_.find(text);
    if (found == parsed_.end()) found = parsed_.emplace(std::string(text), ParseUnit(text)).first;
    return found->second;
  }

 private:
  std::map<std::string, UnitParseResult, std::less<>> parsed_;
};

}  // namespace gridlaw
