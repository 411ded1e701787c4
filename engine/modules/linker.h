#pragma once
// Links a policy with the modules it extends and imports (SPEC §4.6): picks
// a version of each from the policy path, checks every module file on its
// own (its diagnostics name its file), and merges them into one policy AST
// that the checker and evaluator treat like a single file.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "check/checker.h"
#include "diag/diagnostic.h"
#include "modules/module_index.h"
#include "source/source_file.h"

namespace gridlaw::modules {

// A module file that was checked, with its diagnostics (sorted later).
struct ModuleCheck {
  std::unique_ptr<SourceFile> source;
  Diagnostics diagnostics;
};

// A module the linked policy uses, directly or through another module.
struct UsedModule {
  std::string id;
  std::string version;
  std::string path;
  std::string text;  // the file's bytes, for its hash
};

struct DisabledRule {
  std::string id;
  std::string reason;
};

struct LinkResult {
  // The merged policy; null when a module could not be used (see the
  // diagnostics) and the policy is then not checked further.
  std::unique_ptr<ast::Policy> merged;
  std::optional<CheckedPolicy> checked;      // of `merged`
  std::vector<ModuleCheck> module_files;     // module files with diagnostics, in order of first use
  std::vector<UsedModule> modules;           // sorted by id, then version
  std::vector<DisabledRule> disabled_rules;  // in order of the base's rules
};

// Whether a policy needs linking: it has extends, import, override or disable items.
bool UsesModules(const ast::Policy& policy);

// `source` and `policy` are the root file and a parse of it that the linker
// consumes; the root's own diagnostics go to `diagnostics`.
LinkResult Link(const SourceFile& source, std::unique_ptr<ast::Policy> policy,
                const ModuleIndex& index, Diagnostics& diagnostics);

// Gives every expression of `policy` a fresh id 1…N and sets node_count.
void RenumberExpressions(ast::Policy& policy);

}  // namespace gridlaw::modules
