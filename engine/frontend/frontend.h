#pragma once
// The front end as one call: policy text → parsed, checked policy plus its
// diagnostics. What `gridlaw check`, `gridlaw fmt` and later the evaluator use.

#include <memory>
#include <optional>
#include <string>

#include "ast/ast.h"
#include "check/checker.h"
#include "diag/diagnostic.h"
#include "parse/parser.h"
#include "source/source_file.h"

namespace gridlaw {

struct CompiledPolicy {
  std::unique_ptr<SourceFile> source;
  std::unique_ptr<ast::Policy> policy;   // null when the text did not parse
  std::optional<CheckedPolicy> checked;  // set when it parsed (even with check errors)
  Diagnostics diagnostics;

  bool ok() const { return policy != nullptr && !diagnostics.has_errors(); }
};

// Parses and checks. `name` is what diagnostics call the file.
CompiledPolicy CheckPolicyText(std::string name, std::string text, const ParseLimits& limits = {});

}  // namespace gridlaw
