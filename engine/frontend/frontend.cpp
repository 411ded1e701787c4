#include "frontend/frontend.h"

namespace gridlaw {

CompiledPolicy CheckPolicyText(std::string name, std::string text, const ParseLimits& limits) {
  CompiledPolicy result;
  result.source = std::make_unique<SourceFile>(std::move(name), std::move(text));
  result.policy = ParsePolicy(*result.source, result.diagnostics, limits);
  if (result.policy) {
    result.checked = CheckPolicy(*result.source, *result.policy, result.diagnostics);
  }
  return result;
}

}  // namespace gridlaw
