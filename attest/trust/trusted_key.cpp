#include "trust/trusted_key.h"

namespace gridlaw {

std::string_view NameOf(KeyRole role) {
  switch (role) {
    case KeyRole::kProvider:
      return "provider";
    case KeyRole::kRegulator:
      return "regulator";
    case KeyRole::kEvaluator:
      return "evaluator";
    case KeyRole::kLedger:
      return "ledger";
  }
  return "?";
}

std::optional<KeyRole> RoleNamed(std::string_view name) {
  for (KeyRole role :
       {KeyRole::kProvider, KeyRole::kRegulator, KeyRole::kEvaluator, KeyRole::kLedger}) {
    if (NameOf(role) == name) return role;
  }
  return std::nullopt;
}

}  // namespace gridlaw
