#pragma once
// Types one expression in a scope of names. Internal to engine/check.

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast/ast.h"
#include "check/checker.h"
#include "check/types.h"
#include "diag/diagnostic.h"
#include "units/unit_cache.h"

namespace gridlaw::check {

struct Symbol {
  std::string name;
  Resolution::Kind kind = Resolution::Kind::kNone;
  Type type;
  SourceRange declaration;
  bool reads_record = false;  // its value depends on attestation data
  bool has_window = false;    // its value aggregates over a time window
};

// The facts about a checked expression that its context needs.
struct ExprInfo {
  Type type;
  bool reads_record = false;  // uses a schema field (directly or through a let)
  // Scope index of the outermost quantifier/comprehension variable used;
  // kNoVariable when none is.
  static constexpr size_t kNoVariable = static_cast<size_t>(-1);
  size_t variable_depth = kNoVariable;
  bool reads_let = false;
  bool has_window = false;  // contains a time-window aggregate (windows do not nest)

  bool reads_variable() const { return variable_depth != kNoVariable; }
  // Folds in what a sub-expression reads.
  void Merge(const ExprInfo& other) {
    reads_record = reads_record || other.reads_record;
    reads_let = reads_let || other.reads_let;
    has_window = has_window || other.has_window;
    variable_depth = std::min(variable_depth, other.variable_depth);
  }
};

class ExprChecker {
 public:
  ExprChecker(CheckedPolicy& out, Diagnostics& diagnostics)
      : out_(out), diagnostics_(diagnostics) {}

  // Names visible to every expression, innermost last.
  void Push(Symbol symbol) {
    index_[symbol.name].push_back(scope_.size());
    scope_.push_back(std::move(symbol));
  }
  void PopTo(size_t size) {
    while (scope_.size() > size) {
      auto it = index_.find(scope_.back().name);
      it->second.pop_back();
      if (it->second.empty()) index_.erase(it);
      scope_.pop_back();
    }
  }
  size_t scope_size() const { return scope_.size(); }
  const Symbol* Lookup(const std::string& name) const;
  // Params and let bindings in scope, for "did you mean".
  std::vector<std::string> VisibleNames() const {
    std::vector<std::string> names;
    for (const auto& s : scope_) {
      if (s.kind != Resolution::Kind::kVariable) names.push_back(s.name);
    }
    return names;
  }

  ExprInfo Check(const ast::Expr& expr);
  // Checks `expr` and reports E0402 unless it is boolean. `what` names the
  // context ("require", "where").
  ExprInfo CheckCondition(const ast::Expr& expr, const char* what);

 private:
  ExprInfo Record(const ast::Expr& expr, ExprInfo info);
  ExprInfo CheckNumber(const ast::Expr& expr);
  ExprInfo CheckName(const ast::Expr& expr);
  ExprInfo CheckField(const ast::Expr& expr);
  ExprInfo CheckUnary(const ast::Expr& expr);
  ExprInfo CheckBinary(const ast::Expr& expr);
  ExprInfo CheckArithmetic(const ast::Expr& expr, const ExprInfo& lhs, const ExprInfo& rhs);
  ExprInfo CheckComparison(const ast::Expr& expr, const ExprInfo& lhs, const ExprInfo& rhs);
  ExprInfo CheckIf(const ast::Expr& expr);
  ExprInfo CheckQuantifier(const ast::Expr& expr);
  ExprInfo CheckList(const ast::Expr& expr);
  ExprInfo CheckComprehension(const ast::Expr& expr);
  ExprInfo CheckCall(const ast::Expr& expr);
  ExprInfo CheckAggregate(const ast::Expr& expr);
  ExprInfo CheckWindow(const ast::Expr& call, const ast::Expr& window);
  // Binds the variable of a quantifier or comprehension over `domain`;
  // returns the element type (kError if the domain is not a list).
  std::optional<Type> BindVariable(const ast::Expr& expr, const ExprInfo& domain);
  void OperandNote(Diagnostic& d, const ast::Expr& operand, const Type& type, const char* side);

  CheckedPolicy& out_;
  Diagnostics& diagnostics_;
  UnitCache units_;  // number literals' units
  std::vector<Symbol> scope_;
  // Name → positions in scope_, innermost last: lookups stay constant-time
  // however many names a hostile policy declares.
  std::unordered_map<std::string, std::vector<size_t>> index_;
};

}  // namespace gridlaw::check
