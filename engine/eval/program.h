#pragma once
// A checked policy compiled into an executable form, and its evaluation over
// a subject's attestations.
//
// The form is a flat array of nodes (a closure tree without closures): every
// name is resolved to a slot, every field to an index path, every literal to
// its value in base units, every param to its constant, at compile time.
// Evaluating a record only indexes into the decoded claims; it never parses
// text or consults the AST. A tree of nodes rather than bytecode keeps the
// sub-expression structure that verdict explanations report.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "check/checker.h"
#include "claims/claims.h"
#include "units/unit.h"
#include "value/value.h"

namespace gridlaw {

enum class Op : uint8_t {
  kConst,      // constants[slot]
  kRootField,  // a top-level field of the current attestation: index
  kGetField,   // field `index` of record child a
  kLet,        // let slot (cached per attestation)
  kVariable,   // variable slot (bound by a quantifier or comprehension)
  kNegate,
  kNot,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kAnd,
  kOr,
  kIn,
  kNotIn,
  kIf,
  kAll,
  kAny,
  kList,
  kComprehension,  // list of element for each x in domain where filter
  kAggregate,      // over a list: a = list node
  kAggregateArgs,  // min/max over the argument nodes
  kWindow,         // aggregate over the subject's attestations in a window
  kAbs,
  kPresent,
  kStep,  // a date-dependent param: items[i] from steps()[slot].from[i] on
};

enum class Aggregate : uint8_t { kCount, kSum, kMin, kMax, kMean };

struct Node {
  Op op = Op::kConst;
  Aggregate aggregate = Aggregate::kCount;
  CalendarUnit window_unit = CalendarUnit::kMonth;
  uint32_t a = 0, b = 0, c = 0;  // child node indices (meaning by op)
  int32_t slot = -1;             // constant, let or variable slot
  uint32_t index = 0;            // field index; window length
  bool has_filter = false;
  // The subtree reads a quantifier or comprehension variable: its value
  // depends on the element being visited, so it is never memoised.
  bool uses_variable = false;
  // The subtree aggregates over a window: recomputed so that explanations
  // can name the attestations the window used.
  bool contains_window = false;
  std::vector<uint32_t> items;  // kList, kAggregateArgs
  // The unit values of this node are shown in ("kWh", "J/token", "%"); empty
  // for non-quantities and for dimensionless numbers.
  std::string display_unit;
  const ast::Expr* source = nullptr;  // for explanations
};

// The dates of a date-dependent param (SPEC §4.7), in increasing order.
struct StepTable {
  std::string param;
  std::vector<int64_t> from;           // days since the epoch
  std::vector<std::string> from_text;  // YYYY-MM-DD
};

struct CompiledRule {
  const ast::Rule* rule = nullptr;
  std::string id;
  std::string severity = "major";
  std::string title;  // interpolated at evaluation
  std::string cite;
  std::string override_reason;  // `override rule … because "…"`; empty otherwise
  std::optional<uint32_t> when, require, warn;
  std::vector<std::pair<std::string, int32_t>> lets;  // (name, let slot) in order
};

class Program {
 public:
  // `checked` must come from a policy without errors; it must outlive the Program.
  static std::unique_ptr<Program> Compile(const CheckedPolicy& checked);

  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<CompiledRule>& rules() const { return rules_; }
  const std::vector<Value>& constants() const { return constants_; }
  const std::vector<StepTable>& steps() const { return steps_; }
  size_t let_count() const { return let_nodes_.size(); }
  size_t variable_count() const { return variable_count_; }
  uint32_t let_node(int32_t slot) const { return let_nodes_[static_cast<size_t>(slot)]; }
  const CheckedPolicy& checked() const { return *checked_; }
  // The constant a node stands for: the node itself when it is a literal,
  // or the literal behind a param or a let bound to one; nullptr otherwise.
  const Node* ConstantBehind(uint32_t index) const;
  // The date-dependent param (a kStep node) behind a name; nullptr otherwise.
  const Node* StepsBehind(uint32_t index) const;
  // Params by name, for title interpolation.
  const std::vector<std::pair<std::string, int32_t>>& names() const { return names_; }

 private:
  friend class Compiler;
  const CheckedPolicy* checked_ = nullptr;
  std::vector<Node> nodes_;
  std::vector<Value> constants_;
  std::vector<StepTable> steps_;
  std::vector<uint32_t> let_nodes_;  // by let slot
  size_t variable_count_ = 0;
  std::vector<CompiledRule> rules_;
  std::vector<std::pair<std::string, int32_t>> names_;  // param or top-level let → let slot
};

}  // namespace gridlaw
