#pragma once
// The front end as one call: policy text → parsed, checked policy plus its
// diagnostics. What `gridlaw check`, `gridlaw fmt` and later the evaluator use.
// A policy with extends/import is linked with its modules (engine/modules)
// first, and checked as the merged policy.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "check/checker.h"
#include "diag/diagnostic.h"
#include "diag/render.h"
#include "modules/linker.h"
#include "parse/parser.h"
#include "source/source_file.h"

namespace gridlaw {

struct CompiledPolicy {
  std::unique_ptr<SourceFile> source;
  std::unique_ptr<ast::Policy> policy;  // null when the text did not parse
  // With modules: the policy merged with what it extends and imports; what
  // `checked` describes. Null for a policy without modules.
  std::unique_ptr<ast::Policy> merged;
  std::optional<CheckedPolicy> checked;  // set when it parsed (even with check errors)
  Diagnostics diagnostics;
  std::vector<modules::ModuleCheck> module_files;  // module files that have diagnostics
  std::vector<modules::UsedModule> modules;        // sorted by id, then version
  std::vector<modules::DisabledRule> disabled_rules;

  bool ok() const;
  // The policy whose rules are evaluated: `merged` when set, else `policy`.
  const ast::Policy* effective() const { return merged ? merged.get() : policy.get(); }
  // Every file's diagnostics, sorted: the policy's, then each module file's.
  std::vector<FileDiagnostics> AllDiagnostics() const;
  // The same as text (RenderText of each file).
  std::string RenderDiagnosticsText() const;
};

// Parses and checks. `name` is what diagnostics call the file.
CompiledPolicy CheckPolicyText(std::string name, std::string text, const ParseLimits& limits = {});
// The same, resolving extends/import in `policy_path` (directories).
CompiledPolicy CheckPolicyText(std::string name, std::string text,
                               const std::vector<std::string>& policy_path,
                               const ParseLimits& limits = {});

}  // namespace gridlaw
