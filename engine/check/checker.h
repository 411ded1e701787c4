#pragma once
// The static checks of a parsed policy: header, names, schema fields, types
// and physical units. Every error of the file is collected, not just the
// first. The result keeps the inferred types and name resolutions in side
// tables keyed by node id; the AST is not modified.

#include <memory>
#include <vector>

#include "ast/ast.h"
#include "check/types.h"
#include "diag/diagnostic.h"
#include "schema/schema.h"
#include "source/source_file.h"

namespace gridlaw {

// What a name in an expression refers to.
struct Resolution {
  enum class Kind { kNone, kParam, kLet, kVariable, kField };
  Kind kind = Kind::kNone;
  const FieldSpec* field = nullptr;  // kField: a top-level field of the schema
  SourceRange declaration;           // kParam, kLet, kVariable: where it is declared
};

struct CheckedPolicy {
  const ast::Policy* policy = nullptr;  // not owned
  const Schema* schema = nullptr;
  std::vector<Type> types;              // by node id (index 0 unused)
  std::vector<Resolution> resolutions;  // by node id, for kName nodes
  // Severities whose indeterminate verdicts break a subject's compliance:
  // the header's `indeterminate fails …`, else critical and major.
  std::vector<std::string> indeterminate_fails = {"critical", "major"};
};

// The functions the language offers, for "did you mean" and SPEC.md.
const std::vector<std::string>& BuiltinFunctions();
const std::vector<std::string>& Severities();
const std::vector<std::string>& RuleCategories();

CheckedPolicy CheckPolicy(const SourceFile& source, const ast::Policy& policy,
                          Diagnostics& diagnostics);

}  // namespace gridlaw
