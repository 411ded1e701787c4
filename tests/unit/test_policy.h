#pragma once
// Builds small policies around an expression or a rule for unit tests, and
// matchers on their diagnostics.

#include <gmock/gmock.h>

#include <string>

#include "frontend/frontend.h"

namespace gridlaw::testing {

inline constexpr const char* kHeader =
    "policy test.policy version 1.0.0 {\n"
    "  title \"Test\"\n"
    "  schema compute-facility/v1\n"
    "}\n";

// A policy whose only rule requires `condition` (on line 7, column 11).
inline std::string PolicyRequiring(const std::string& condition) {
  return std::string(kHeader) + "\nrule efficiency.test {\n  severity minor\n  require " +
         condition + "\n}\n";
}

inline CompiledPolicy Check(const std::string& text) {
  return CheckPolicyText("test.policy", text);
}

MATCHER_P3(HasDiagnostic, code, line, column,
           "has diagnostic " + std::string(InfoOf(code).id) + " at " + std::to_string(line) + ":" +
               std::to_string(column)) {
  for (const auto& d : arg.diagnostics.items()) {
    if (d.code == code && d.range.begin.line == static_cast<uint32_t>(line) &&
        d.range.begin.column == static_cast<uint32_t>(column)) {
      return true;
    }
  }
  for (const auto& d : arg.diagnostics.items()) {
    *result_listener << "\n  " << InfoOf(d.code).id << " at " << d.range.begin.line << ":"
                     << d.range.begin.column << ": " << d.message;
  }
  return false;
}

MATCHER(IsClean, "checks without diagnostics") {
  for (const auto& d : arg.diagnostics.items()) {
    *result_listener << "\n  " << InfoOf(d.code).id << " at " << d.range.begin.line << ":"
                     << d.range.begin.column << ": " << d.message;
  }
  return arg.policy != nullptr && arg.diagnostics.empty();
}

}  // namespace gridlaw::testing
