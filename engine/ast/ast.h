#pragma once
// gridlaw's own syntax tree of a policy. Built by engine/parse from the ANTLR
// parse tree, owned through unique_ptr, immutable once built. Every node
// carries its source range; expressions carry an id that later passes use to
// key side tables (types, units), so the tree itself is never annotated.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source/source_file.h"

namespace gridlaw::ast {

using NodeId = uint32_t;

enum class ExprKind {
  kNumber,         // 1.25, 0.4 J/token, 99.9 %
  kString,         // "critical"
  kBool,           // true
  kDate,           // 2027-01-01
  kDateTime,       // 2027-01-01T00:00:00Z
  kName,           // max_pue, energy, i
  kField,          // energy.it
  kUnary,          // -x, not x
  kBinary,         // a + b, a <= b, a and b, a in b
  kIf,             // if c then a else b
  kQuantifier,     // all i in incidents where c: body
  kList,           // [a, b]
  kComprehension,  // [e for x in xs where c], or as a call argument
  kCall,           // mean(...), count(...)
  kWindow,         // pue over 12 months (only as an aggregate's argument)
};

enum class UnaryOp { kNegate, kNot };
enum class BinaryOp {
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
};
enum class QuantifierKind { kAll, kAny };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// A bound variable: `i` in `all i in incidents: …`.
struct Binding {
  std::string name;
  SourceRange range;
};

struct Expr {
  ExprKind kind;
  NodeId id = 0;
  SourceRange range;

  // kNumber: the literal's digits exactly as written, and its unit text
  // ("J/token", "%") with the unit's own range; unit empty for a plain number.
  // kString: the decoded value. kDate/kDateTime: the literal text.
  // kName: the name. kField: the field name. kCall: the function name.
  std::string text;
  std::string unit;
  SourceRange unit_range;
  std::string raw;  // kString: the text between the quotes, escapes as written
  bool bool_value = false;
  bool parenthesized = false;  // written in parentheses (kept by the formatter)

  UnaryOp unary_op = UnaryOp::kNegate;
  BinaryOp binary_op = BinaryOp::kAdd;
  QuantifierKind quantifier = QuantifierKind::kAll;

  // Operands, by kind:
  //   kField: [object]            kUnary: [operand]        kBinary: [lhs, rhs]
  //   kIf: [cond, then, else]     kList: items             kCall: arguments
  //   kQuantifier / kComprehension: [element-or-body, domain, filter?]
  //   kWindow: [value]
  std::vector<ExprPtr> operands;
  Binding variable;         // kQuantifier, kComprehension
  bool has_filter = false;  // kQuantifier, kComprehension: operands[2] is the `where`
  bool bracketed = true;    // kComprehension: [..] list, or a call's generator argument

  // kWindow: `over 12 months` → count "12", calendar word "months".
  std::string window_count;  // empty for `over year`
  std::string window_unit;
  SourceRange window_range;

  // kName / kField: the source range of the name itself (for kField, just the
  // part after the dot).
  SourceRange name_range;
};

// `0.4 J/token` and `12` alike.
inline bool IsComparison(BinaryOp op) {
  return op == BinaryOp::kLt || op == BinaryOp::kLe || op == BinaryOp::kGt || op == BinaryOp::kGe ||
         op == BinaryOp::kEq || op == BinaryOp::kNe;
}
inline bool IsArithmetic(BinaryOp op) {
  return op == BinaryOp::kAdd || op == BinaryOp::kSub || op == BinaryOp::kMul ||
         op == BinaryOp::kDiv;
}
const char* Spelling(BinaryOp op);
const char* Spelling(UnaryOp op);

// ------------------------------------------------------------ declarations

struct StringValue {
  std::string value;  // decoded
  SourceRange range;
  std::string raw;  // between the quotes, escapes as written
};

struct DottedName {
  std::string text;  // "efficiency.pue"
  SourceRange range;
};

struct Header {
  DottedName id;
  std::string version;
  SourceRange version_range;
  std::optional<StringValue> title;
  std::optional<StringValue> description;
  std::vector<StringValue> jurisdictions;
  SourceRange jurisdiction_range;
  bool has_jurisdiction = false;
  std::optional<std::string> effective_from;
  std::optional<std::string> effective_to;
  SourceRange effective_range;
  std::optional<std::string> schema;
  SourceRange schema_range;
  // `indeterminate fails critical, major`: the severities whose indeterminate
  // verdicts make a subject non-compliant. Unset: the default (critical,
  // major). The word `none` stands for the empty list.
  bool has_indeterminate = false;
  Binding indeterminate_verb;
  std::vector<Binding> indeterminate_fails;
  SourceRange indeterminate_range;
  SourceRange range;  // `policy … {` to `}`
  SourceRange open_range;
  SourceRange close_range;  // the `}`

  // The fields in source order, for the formatter and duplicate checks.
  enum class Field { kTitle, kDescription, kJurisdiction, kEffective, kSchema, kIndeterminate };
  struct FieldEntry {
    Field field;
    SourceRange range;
    std::string canonical;  // the field as the formatter prints it
  };
  std::vector<FieldEntry> fields;
};

enum class ClauseKind { kTitle, kDescription, kSeverity, kCite, kWhen, kLet, kRequire, kWarn };
const char* Keyword(ClauseKind kind);

struct Clause {
  ClauseKind kind;
  SourceRange range;
  StringValue text;  // kTitle, kDescription, kCite; kSeverity: the level word
  Binding name;      // kLet
  ExprPtr expr;      // kWhen, kLet, kRequire, kWarn
};

struct Rule {
  DottedName id;
  // `override rule ID because "reason" { … }`: replaces the inherited rule of
  // that id; the reason is reported with every result of the rule.
  std::optional<StringValue> override_reason;
  std::vector<Clause> clauses;
  SourceRange range;
  SourceRange close_range;
};

enum class ItemKind { kExtends, kImport, kParam, kLet, kRule, kOverrideRule, kDisableRule };

// One value of a date-dependent param: in force from `from` (YYYY-MM-DD)
// until the next step's date.
struct Step {
  ExprPtr value;
  std::string from;
  SourceRange from_range;
};

struct Item {
  ItemKind kind;
  SourceRange range;
  // kExtends / kImport
  DottedName module;
  std::string constraint;  // ">= 1.0", "^1.2.0", or empty
  std::optional<Binding> alias;
  // kParam / kLet
  Binding name;
  ExprPtr value;
  // kParam with dates: `param p = A from D1, B from D2`; `value` is A and
  // steps[0] is {A', D1} where A' is null (the value stays in `value`);
  // steps[i > 0] own their values. Empty for a plain param.
  std::vector<Step> steps;
  // kRule, kOverrideRule
  std::unique_ptr<Rule> rule;
  // kDisableRule: the rule id; kOverrideRule/kDisableRule: the reason
  DottedName target;
  StringValue reason;
};

struct Comment {
  std::string text;  // including the leading '#'
  SourceRange range;
};

struct Policy {
  Header header;
  std::vector<Item> items;
  std::vector<Comment> comments;  // in source order
  NodeId node_count = 0;          // expression ids are 1 … node_count
};

}  // namespace gridlaw::ast
