// Typing and dimensional analysis of expressions.

#include <fmt/format.h>

#include <algorithm>

#include "check/expr_checker.h"
#include "format/formatter.h"
#include "spelling/spelling.h"
#include "units/unit.h"

namespace gridlaw::check {
namespace {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;
using K = Type::Kind;

bool IsAggregate(const std::string& name) {
  return name == "sum" || name == "mean" || name == "min" || name == "max" || name == "count";
}

// A short rendering of an operand for messages: the name or field path when
// it is one, otherwise nothing.
std::string PathOf(const Expr& e) {
  if (e.kind == ExprKind::kName) return e.text;
  if (e.kind == ExprKind::kField) {
    const std::string base = PathOf(*e.operands[0]);
    return base.empty() ? std::string() : base + "." + e.text;
  }
  return {};
}

// "'energy.it' is a quantity of energy (J)", "'5 kW' is a quantity of power
// (W)", or for other expressions "the value is a string".
std::string Subject(const Expr& e, const Type& type) {
  const std::string path = PathOf(e);
  if (e.kind == ExprKind::kNumber) {
    return fmt::format("'{}{}{}' is {}", e.text, e.unit.empty() ? "" : " ", e.unit,
                       type.DescribeWithArticle());
  }
  if (e.kind == ExprKind::kString) return fmt::format("\"{}\" is a string", e.raw);
  if (path.empty()) {
    const std::string text = FormatExpr(e);
    if (text.size() <= 48) return fmt::format("'{}' is {}", text, type.DescribeWithArticle());
    return fmt::format("the value is {}", type.DescribeWithArticle());
  }
  return fmt::format("'{}' is {}", path, type.DescribeWithArticle());
}

// A unitless literal 0 is zero in every dimension: `p.price > 0`.
bool IsPlainZero(const Expr& e) {
  if (e.kind != ExprKind::kNumber || !e.unit.empty()) return false;
  const auto value = Rational::FromDecimal(e.text);
  return value && value->is_zero();
}

bool IsWindowArgument(const Expr& e) {
  return e.kind == ExprKind::kWindow;
}

}  // namespace

const Symbol* ExprChecker::Lookup(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &scope_[it->second.back()];
}

ExprInfo ExprChecker::Record(const Expr& expr, ExprInfo info) {
  if (out_.types.size() <= expr.id) out_.types.resize(expr.id + 1);
  out_.types[expr.id] = info.type;
  return info;
}

void ExprChecker::OperandNote(Diagnostic& d, const Expr& operand, const Type& type,
                              const char* side) {
  d.notes.push_back({operand.range, fmt::format("{} operand: {}", side, Subject(operand, type))});
}

ExprInfo ExprChecker::CheckCondition(const Expr& expr, const char* what) {
  ExprInfo info = Check(expr);
  if (!info.type.is_error() && !info.type.is(K::kBool)) {
    diagnostics_.Error(Code::kConditionNotBool, expr.range,
                       fmt::format("{} needs a bool, but {}", what, Subject(expr, info.type)));
  }
  return info;
}

ExprInfo ExprChecker::Check(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kNumber:
      return Record(expr, CheckNumber(expr));
    case ExprKind::kString:
      return Record(expr, {Type::String()});
    case ExprKind::kBool:
      return Record(expr, {Type::Bool()});
    case ExprKind::kDate:
      return Record(expr, {Type::Date()});
    case ExprKind::kDateTime:
      return Record(expr, {Type::DateTime()});
    case ExprKind::kName:
      return Record(expr, CheckName(expr));
    case ExprKind::kField:
      return Record(expr, CheckField(expr));
    case ExprKind::kUnary:
      return Record(expr, CheckUnary(expr));
    case ExprKind::kBinary:
      return Record(expr, CheckBinary(expr));
    case ExprKind::kIf:
      return Record(expr, CheckIf(expr));
    case ExprKind::kQuantifier:
      return Record(expr, CheckQuantifier(expr));
    case ExprKind::kList:
      return Record(expr, CheckList(expr));
    case ExprKind::kComprehension:
      return Record(expr, CheckComprehension(expr));
    case ExprKind::kCall:
      return Record(expr, CheckCall(expr));
    case ExprKind::kWindow:
      // Only reachable as an aggregate's argument, which checks it itself.
      diagnostics_.Error(Code::kWindowArgument, expr.range,
                         "a time window can only be the argument of sum, mean, min, max or count");
      return Record(expr, {Type::Error()});
  }
  return Record(expr, {Type::Error()});
}

ExprInfo ExprChecker::CheckNumber(const Expr& expr) {
  if (expr.unit.empty()) return {Type::Quantity(Dimension())};
  const UnitParseResult& parsed = units_.Parse(expr.unit);
  if (parsed.unit) return {Type::Quantity(parsed.unit->dimension)};
  switch (parsed.error) {
    case UnitError::kUnknown:
      diagnostics_.Error(
          Code::kUnknownUnit, expr.unit_range,
          fmt::format("unknown unit '{}'{}", parsed.offending, DidYouMean(parsed.suggestion)));
      break;
    case UnitError::kCalendar:
      diagnostics_.Error(Code::kCalendarUnitOutsideWindow, expr.unit_range,
                         fmt::format("'{}' has no fixed length; months, quarters and years can "
                                     "only size a window (`over 12 months`); use d or h for a "
                                     "duration",
                                     parsed.offending));
      break;
    case UnitError::kMalformed:
      diagnostics_.Error(Code::kInvalidUnitExpression, expr.unit_range,
                         fmt::format("malformed unit '{}': exponents are whole numbers from -9 "
                                     "to 9, other than 0",
                                     parsed.offending));
      break;
    case UnitError::kOverflow:
      diagnostics_.Error(Code::kUnitOverflow, expr.unit_range,
                         fmt::format("the conversion factor of unit '{}' is beyond exact "
                                     "arithmetic",
                                     expr.unit));
      break;
  }
  return {Type::Error()};
}

ExprInfo ExprChecker::CheckName(const Expr& expr) {
  if (const Symbol* symbol = Lookup(expr.text)) {
    if (out_.resolutions.size() <= expr.id) out_.resolutions.resize(expr.id + 1);
    out_.resolutions[expr.id] = {symbol->kind, nullptr, symbol->declaration};
    ExprInfo info{symbol->type};
    if (symbol->kind == Resolution::Kind::kVariable) {
      info.variable_depth = static_cast<size_t>(symbol - scope_.data());
    }
    info.reads_let = symbol->kind == Resolution::Kind::kLet;
    info.reads_record = symbol->reads_record;
    info.has_window = symbol->has_window;
    return info;
  }
  if (out_.schema != nullptr) {
    if (const FieldSpec* field = out_.schema->root.Find(expr.text)) {
      if (out_.resolutions.size() <= expr.id) out_.resolutions.resize(expr.id + 1);
      out_.resolutions[expr.id] = {Resolution::Kind::kField, field, {}};
      ExprInfo info{Type::OfField(*field)};
      info.reads_record = true;
      return info;
    }
  }
  // Without a schema every field would be unknown: the header's error says
  // why once, instead of one error per field use.
  if (out_.schema == nullptr) return {Type::Error()};
  std::vector<std::string> candidates;
  for (const auto& s : scope_)
    candidates.push_back(s.name);
  for (const auto& n : out_.schema->root.FieldNames())
    candidates.push_back(n);
  diagnostics_.Error(Code::kUnknownName, expr.range,
                     fmt::format("unknown name '{}'{}", expr.text,
                                 DidYouMean(ClosestSpelling(expr.text, candidates))));
  return {Type::Error()};
}

ExprInfo ExprChecker::CheckField(const Expr& expr) {
  ExprInfo object = Check(*expr.operands[0]);
  ExprInfo info = object;
  if (object.type.is_error()) return info;
  if (object.type.is(K::kRecord)) {
    const FieldSpec* record = object.type.record();
    if (const FieldSpec* field = record->Find(expr.text)) {
      info.type = Type::OfField(*field);
      return info;
    }
    diagnostics_.Error(Code::kUnknownField, expr.name_range,
                       fmt::format("{} has no field '{}'{}", object.type.Describe(), expr.text,
                                   DidYouMean(ClosestSpelling(expr.text, record->FieldNames()))));
    info.type = Type::Error();
    return info;
  }
  Diagnostic& d =
      diagnostics_.Error(Code::kFieldOfNonRecord, expr.name_range,
                         fmt::format("{}, not a record: it has no field '{}'",
                                     Subject(*expr.operands[0], object.type), expr.text));
  if (object.type.is(K::kList) && object.type.element().is(K::kRecord)) {
    const std::string path = PathOf(*expr.operands[0]);
    d.notes.push_back({std::nullopt, fmt::format("to reach each element's field, write "
                                                 "[x.{} for x in {}]",
                                                 expr.text, path.empty() ? "…" : path)});
  }
  info.type = Type::Error();
  return info;
}

ExprInfo ExprChecker::CheckUnary(const Expr& expr) {
  ExprInfo info = Check(*expr.operands[0]);
  if (info.type.is_error()) return info;
  if (expr.unary_op == ast::UnaryOp::kNot) {
    if (!info.type.is(K::kBool)) {
      diagnostics_.Error(
          Code::kOperandType, expr.range,
          fmt::format("'not' needs a bool, but {}", Subject(*expr.operands[0], info.type)));
      info.type = Type::Error();
    }
    return info;
  }
  if (!info.type.is(K::kQuantity)) {
    diagnostics_.Error(Code::kOperandType, expr.range,
                       fmt::format("'-' needs a number or quantity, but {}",
                                   Subject(*expr.operands[0], info.type)));
    info.type = Type::Error();
  }
  return info;
}

ExprInfo ExprChecker::CheckBinary(const Expr& expr) {
  const ExprInfo lhs = Check(*expr.operands[0]);
  const ExprInfo rhs = Check(*expr.operands[1]);
  ExprInfo info = lhs;
  info.Merge(rhs);
  const BinaryOp op = expr.binary_op;
  if (ast::IsArithmetic(op)) {
    info.type = CheckArithmetic(expr, lhs, rhs).type;
    return info;
  }
  if (ast::IsComparison(op)) {
    info.type = CheckComparison(expr, lhs, rhs).type;
    return info;
  }
  info.type = Type::Bool();
  if (op == BinaryOp::kAnd || op == BinaryOp::kOr) {
    for (int i = 0; i < 2; ++i) {
      const ExprInfo& side = i == 0 ? lhs : rhs;
      if (!side.type.is_error() && !side.type.is(K::kBool)) {
        diagnostics_.Error(Code::kOperandType, expr.operands[i]->range,
                           fmt::format("'{}' needs bool operands, but {}", ast::Spelling(op),
                                       Subject(*expr.operands[i], side.type)));
        info.type = Type::Error();
      }
    }
    return info;
  }
  // in / not in
  if (lhs.type.is_error() || rhs.type.is_error()) return info;
  if (!rhs.type.is(K::kList)) {
    diagnostics_.Error(Code::kNotAList, expr.operands[1]->range,
                       fmt::format("'{}' needs a list on its right, but {}", ast::Spelling(op),
                                   Subject(*expr.operands[1], rhs.type)));
    info.type = Type::Error();
  } else if (!lhs.type.CompatibleWith(rhs.type.element())) {
    Diagnostic& d =
        diagnostics_.Error(Code::kMembershipType, expr.range,
                           fmt::format("cannot look for {} in a list of {}", lhs.type.Describe(),
                                       rhs.type.element().Describe()));
    OperandNote(d, *expr.operands[0], lhs.type, "left");
    OperandNote(d, *expr.operands[1], rhs.type, "right");
    info.type = Type::Error();
  }
  return info;
}

ExprInfo ExprChecker::CheckArithmetic(const Expr& expr, const ExprInfo& lhs, const ExprInfo& rhs) {
  const BinaryOp op = expr.binary_op;
  const Type& a = lhs.type;
  const Type& b = rhs.type;
  if (a.is_error() || b.is_error()) return {Type::Error()};
  if (a.is(K::kQuantity) && b.is(K::kQuantity)) {
    switch (op) {
      case BinaryOp::kMul:
        return {Type::Quantity(a.dimension().Times(b.dimension()))};
      case BinaryOp::kDiv:
        return {Type::Quantity(a.dimension().Over(b.dimension()))};
      default:
        break;
    }
    if (a.dimension().CompatibleWith(b.dimension())) return {a};
    if (IsPlainZero(*expr.operands[0])) return {b};
    if (IsPlainZero(*expr.operands[1])) return {a};
    Diagnostic& d = diagnostics_.Error(
        Code::kAdditionDimensions, expr.range,
        fmt::format("cannot {} {} and {}", op == BinaryOp::kAdd ? "add" : "subtract",
                    a.dimension().Describe(), b.dimension().Describe()));
    OperandNote(d, *expr.operands[0], a, "left");
    OperandNote(d, *expr.operands[1], b, "right");
    return {Type::Error()};
  }
  const Dimension time = Dimension::Of(BaseDimension::kTime);
  const bool b_is_duration = b.is(K::kQuantity) && b.dimension() == time;
  if (a.is(K::kDateTime) || a.is(K::kDate)) {
    if (op == BinaryOp::kSub && b.kind() == a.kind()) return {Type::Quantity(time)};
    if ((op == BinaryOp::kAdd || op == BinaryOp::kSub) && b_is_duration) return {a};
  }
  if (op == BinaryOp::kAdd && (b.is(K::kDateTime) || b.is(K::kDate)) && a.is(K::kQuantity) &&
      a.dimension() == time) {
    return {b};
  }
  // A date stands for 00:00 UTC of that day next to a date-time.
  if (op == BinaryOp::kSub &&
      ((a.is(K::kDateTime) && b.is(K::kDate)) || (a.is(K::kDate) && b.is(K::kDateTime)))) {
    return {Type::Quantity(time)};
  }
  Diagnostic& d = diagnostics_.Error(Code::kOperandType, expr.range,
                                     fmt::format("operator '{}' cannot combine {} and {}",
                                                 ast::Spelling(op), a.Describe(), b.Describe()));
  OperandNote(d, *expr.operands[0], a, "left");
  OperandNote(d, *expr.operands[1], b, "right");
  return {Type::Error()};
}

ExprInfo ExprChecker::CheckComparison(const Expr& expr, const ExprInfo& lhs, const ExprInfo& rhs) {
  const BinaryOp op = expr.binary_op;
  const Expr& left = *expr.operands[0];
  if (left.kind == ExprKind::kBinary && ast::IsComparison(left.binary_op) && !left.parenthesized) {
    diagnostics_.Error(Code::kChainedComparison, expr.range,
                       "comparisons do not chain: write `a < b and b < c`, or parenthesise to "
                       "compare a bool");
    return {Type::Error()};
  }
  const Type& a = lhs.type;
  const Type& b = rhs.type;
  if (a.is_error() || b.is_error()) return {Type::Bool()};
  const bool ordering = op != BinaryOp::kEq && op != BinaryOp::kNe;
  const bool zero = IsPlainZero(left) || IsPlainZero(*expr.operands[1]);
  const bool date_and_time =
      (a.is(K::kDate) && b.is(K::kDateTime)) || (a.is(K::kDateTime) && b.is(K::kDate));
  if (date_and_time) return {Type::Bool()};
  if (a.is(K::kQuantity) && b.is(K::kQuantity) && !zero &&
      !a.dimension().CompatibleWith(b.dimension())) {
    Diagnostic& d =
        diagnostics_.Error(Code::kComparisonDimensions, expr.range,
                           fmt::format("cannot compare {} with {}: the dimensions differ",
                                       a.dimension().Describe(), b.dimension().Describe()));
    OperandNote(d, left, a, "left");
    OperandNote(d, *expr.operands[1], b, "right");
    return {Type::Bool()};
  }
  if (!a.CompatibleWith(b) && !(zero && a.is(K::kQuantity) && b.is(K::kQuantity))) {
    Diagnostic& d = diagnostics_.Error(
        Code::kOperandType, expr.range,
        fmt::format("cannot compare {} with {}", a.DescribeWithArticle(), b.DescribeWithArticle()));
    OperandNote(d, left, a, "left");
    OperandNote(d, *expr.operands[1], b, "right");
    return {Type::Bool()};
  }
  if (ordering && !(a.is(K::kQuantity) || a.is(K::kDate) || a.is(K::kDateTime))) {
    diagnostics_.Error(Code::kNotOrdered, expr.range,
                       fmt::format("'{}' needs ordered values (numbers, quantities, dates), but "
                                   "{}",
                                   ast::Spelling(op), Subject(left, a)));
  }
  return {Type::Bool()};
}

ExprInfo ExprChecker::CheckIf(const Expr& expr) {
  ExprInfo cond = CheckCondition(*expr.operands[0], "the condition of if");
  ExprInfo then = Check(*expr.operands[1]);
  ExprInfo otherwise = Check(*expr.operands[2]);
  ExprInfo info = cond;
  info.Merge(then);
  info.Merge(otherwise);
  if (!then.type.CompatibleWith(otherwise.type)) {
    Diagnostic& d =
        diagnostics_.Error(Code::kBranchTypes, expr.range,
                           fmt::format("the branches of if differ: {} and {}", then.type.Describe(),
                                       otherwise.type.Describe()));
    OperandNote(d, *expr.operands[1], then.type, "then");
    OperandNote(d, *expr.operands[2], otherwise.type, "else");
    info.type = Type::Error();
    return info;
  }
  info.type = then.type.is(K::kAny) ? otherwise.type : then.type;
  return info;
}

std::optional<Type> ExprChecker::BindVariable(const Expr& expr, const ExprInfo& domain) {
  Type element = Type::Error();
  const Expr& domain_expr = *expr.operands[1];
  if (domain.type.is(K::kList)) {
    element = domain.type.element();
  } else if (!domain.type.is_error()) {
    diagnostics_.Error(Code::kNotAList, domain_expr.range,
                       fmt::format("'{}' ranges over a list, but {}", expr.variable.name,
                                   Subject(domain_expr, domain.type)));
  }
  if (const Symbol* existing = Lookup(expr.variable.name);
      existing != nullptr && existing->kind != Resolution::Kind::kVariable) {
    Diagnostic& d = diagnostics_.Error(
        Code::kDuplicateName, expr.variable.range,
        fmt::format("variable '{}' would hide the {} of the same name", expr.variable.name,
                    existing->kind == Resolution::Kind::kParam ? "param" : "let binding"));
    d.notes.push_back({existing->declaration, "declared here"});
  }
  if (out_.schema != nullptr && out_.schema->root.Find(expr.variable.name) != nullptr) {
    diagnostics_.Error(Code::kDuplicateName, expr.variable.range,
                       fmt::format("variable '{}' would hide the field '{}' of schema {}; choose "
                                   "another name",
                                   expr.variable.name, expr.variable.name, out_.schema->id));
  }
  Push(Symbol{expr.variable.name, Resolution::Kind::kVariable, element, expr.variable.range,
              domain.reads_record, false});
  return element;
}

ExprInfo ExprChecker::CheckQuantifier(const Expr& expr) {
  const size_t mark = scope_size();
  ExprInfo domain = Check(*expr.operands[1]);
  BindVariable(expr, domain);
  ExprInfo info = domain;
  if (expr.has_filter) info.Merge(CheckCondition(*expr.operands[2], "where"));
  info.Merge(CheckCondition(*expr.operands[0],
                            expr.quantifier == ast::QuantifierKind::kAll ? "all … :" : "any … :"));
  PopTo(mark);
  // The quantifier's own variable is not a free variable of the whole.
  if (info.variable_depth >= mark) info.variable_depth = ExprInfo::kNoVariable;
  info.type = Type::Bool();
  return info;
}

ExprInfo ExprChecker::CheckComprehension(const Expr& expr) {
  const size_t mark = scope_size();
  ExprInfo domain = Check(*expr.operands[1]);
  BindVariable(expr, domain);
  ExprInfo info = domain;
  if (expr.has_filter) info.Merge(CheckCondition(*expr.operands[2], "where"));
  ExprInfo element = Check(*expr.operands[0]);
  info.Merge(element);
  PopTo(mark);
  if (info.variable_depth >= mark) info.variable_depth = ExprInfo::kNoVariable;
  info.type = element.type.is_error() ? Type::Error() : Type::List(element.type);
  return info;
}

ExprInfo ExprChecker::CheckList(const Expr& expr) {
  ExprInfo info;
  Type element = Type::Any();
  const Expr* first = nullptr;
  bool failed = false;
  for (const auto& item : expr.operands) {
    ExprInfo e = Check(*item);
    info.Merge(e);
    if (e.type.is_error()) {
      failed = true;
      continue;
    }
    if (first == nullptr) {
      first = item.get();
      element = e.type;
    } else if (!element.CompatibleWith(e.type)) {
      Diagnostic& d =
          diagnostics_.Error(Code::kListElementTypes, item->range,
                             fmt::format("list elements must have one type: {} after {}",
                                         e.type.Describe(), element.Describe()));
      d.notes.push_back({first->range, fmt::format("first element: {}", element.Describe())});
      failed = true;
    }
  }
  info.type = failed ? Type::Error() : Type::List(element);
  return info;
}

const std::vector<std::string>& BuiltinFunctions() {
  static const std::vector<std::string> names = {"abs", "count",   "max", "mean",
                                                 "min", "present", "sum"};
  return names;
}

ExprInfo ExprChecker::CheckCall(const Expr& expr) {
  const std::string& name = expr.text;
  if (IsAggregate(name)) return CheckAggregate(expr);
  if (name == "abs" || name == "present") {
    if (!expr.operands.empty() && IsWindowArgument(*expr.operands[0])) {
      diagnostics_.Error(Code::kWindowArgument, expr.operands[0]->range,
                         fmt::format("a time window can only be the argument of sum, mean, min, "
                                     "max or count, not of {}()",
                                     name));
      Check(*expr.operands[0]->operands[0]);
      return {Type::Error()};
    }
    if (expr.operands.size() != 1 || expr.operands[0]->kind == ExprKind::kComprehension) {
      diagnostics_.Error(Code::kArgumentCount, expr.range,
                         fmt::format("{}() takes exactly one value", name));
      for (const auto& arg : expr.operands) {
        if (arg->kind != ExprKind::kWindow) Check(*arg);
      }
      return {Type::Error()};
    }
    ExprInfo arg = Check(*expr.operands[0]);
    if (name == "present") {
      if (!arg.type.is_error() && !arg.reads_record) {
        diagnostics_.Error(Code::kOperandType, expr.operands[0]->range,
                           "present() asks whether attestation evidence exists, but this value "
                           "does not come from the attestation");
      }
      arg.type = Type::Bool();
      return arg;
    }
    if (!arg.type.is_error() && !arg.type.is(K::kQuantity)) {
      diagnostics_.Error(Code::kOperandType, expr.operands[0]->range,
                         fmt::format("abs() needs a number or quantity, but {}",
                                     Subject(*expr.operands[0], arg.type)));
      arg.type = Type::Error();
    }
    return arg;
  }
  diagnostics_.Error(Code::kUnknownFunction, expr.name_range,
                     fmt::format("unknown function '{}'{}", name,
                                 DidYouMean(ClosestSpelling(name, BuiltinFunctions()))));
  ExprInfo info{Type::Error()};
  for (const auto& arg : expr.operands) {
    info.Merge(Check(IsWindowArgument(*arg) ? *arg->operands[0] : *arg));
  }
  return info;
}

ExprInfo ExprChecker::CheckAggregate(const Expr& expr) {
  const std::string& name = expr.text;
  if (expr.operands.empty()) {
    diagnostics_.Error(Code::kArgumentCount, expr.range,
                       fmt::format("{}() needs a list, a generator (x for x in …) or a window "
                                   "(… over 12 months)",
                                   name));
    return {Type::Error()};
  }
  const Expr& first = *expr.operands[0];
  if (first.kind == ExprKind::kWindow) return CheckWindow(expr, first);

  // min(a, b, …) and max(a, b, …) of single values.
  if (expr.operands.size() > 1) {
    if (name != "min" && name != "max") {
      diagnostics_.Error(
          Code::kArgumentCount, expr.range,
          fmt::format("{}() takes one list, not {} values", name, expr.operands.size()));
      for (const auto& arg : expr.operands)
        Check(*arg);
      return {Type::Error()};
    }
    ExprInfo info{Type::Any()};
    const Expr* first_arg = nullptr;
    for (const auto& arg : expr.operands) {
      ExprInfo a = Check(*arg);
      info.Merge(a);
      if (a.type.is_error() || info.type.is_error()) {
        info.type = Type::Error();
        continue;
      }
      if (!(a.type.is(K::kQuantity) || a.type.is(K::kDate) || a.type.is(K::kDateTime))) {
        diagnostics_.Error(Code::kAggregateArgument, arg->range,
                           fmt::format("{}() compares numbers, quantities or dates, but {}", name,
                                       Subject(*arg, a.type)));
        info.type = Type::Error();
      } else if (first_arg != nullptr && !info.type.CompatibleWith(a.type)) {
        Diagnostic& d = diagnostics_.Error(
            a.type.is(K::kQuantity) && info.type.is(K::kQuantity) ? Code::kComparisonDimensions
                                                                  : Code::kAggregateArgument,
            arg->range,
            fmt::format("{}() of values of different types: {} and {}", name, info.type.Describe(),
                        a.type.Describe()));
        d.notes.push_back({first_arg->range, fmt::format("first value: {}", info.type.Describe())});
        info.type = Type::Error();
      } else if (first_arg == nullptr) {
        first_arg = arg.get();
        info.type = a.type;
      }
    }
    return info;
  }

  ExprInfo list = Check(first);
  if (list.type.is_error()) return list;
  if (!list.type.is(K::kList)) {
    diagnostics_.Error(Code::kNotAList, first.range,
                       fmt::format("{}() needs a list, but {}", name, Subject(first, list.type)));
    list.type = Type::Error();
    return list;
  }
  ExprInfo info = list;
  const Type& element = list.type.element();
  if (name == "count") {
    info.type = Type::Quantity(Dimension());
    return info;
  }
  if (element.is(K::kAny)) {
    info.type = Type::Quantity(Dimension());
    return info;
  }
  const bool orderable = element.is(K::kDate) || element.is(K::kDateTime);
  if (!element.is(K::kQuantity) && !((name == "min" || name == "max") && orderable)) {
    diagnostics_.Error(Code::kAggregateArgument, first.range,
                       fmt::format("{}() needs a list of numbers or quantities, but {}", name,
                                   Subject(first, list.type)));
    info.type = Type::Error();
    return info;
  }
  info.type = element;
  return info;
}

ExprInfo ExprChecker::CheckWindow(const Expr& call, const Expr& window) {
  const std::string& name = call.text;
  if (call.operands.size() > 1) {
    diagnostics_.Error(Code::kArgumentCount, call.range,
                       fmt::format("{}() over a window takes one value", name));
  }
  // Size of the window.
  const auto unit = ParseCalendarUnit(window.window_unit);
  bool count_ok = true;
  if (!window.window_count.empty()) {
    const bool digits_only =
        window.window_count.find_first_not_of("0123456789") == std::string::npos;
    const auto n = digits_only ? Rational::FromDecimal(window.window_count) : std::nullopt;
    count_ok = n && n->is_integer() && n->sign() > 0 && *n <= Rational::FromInt(120);
  } else {
    // `over year`, not `over years`: without a count the unit is singular.
    count_ok = window.window_unit == "month" || window.window_unit == "quarter" ||
               window.window_unit == "year";
  }
  if (!unit || !count_ok) {
    diagnostics_.Error(Code::kInvalidWindow, window.window_range,
                       fmt::format("a window is a whole number of months, quarters or years "
                                   "from 1 to 120 (`over 12 months`, `over year`), not '{}{}{}'",
                                   window.window_count, window.window_count.empty() ? "" : " ",
                                   window.window_unit));
  }
  const Expr& value_expr = *window.operands[0];
  ExprInfo value = Check(value_expr);
  Record(window, value);
  ExprInfo info;
  info.reads_record = true;
  info.reads_let = value.reads_let;
  info.has_window = true;
  if (value.type.is_error()) {
    info.type = Type::Error();
    return info;
  }
  if (value.has_window) {
    diagnostics_.Error(Code::kWindowArgument, value_expr.range,
                       "windows do not nest: this value already aggregates over a window");
    info.type = Type::Error();
    return info;
  }
  if (value.reads_variable()) {
    diagnostics_.Error(Code::kWindowArgument, value_expr.range,
                       "a window aggregates one value per attestation; it cannot use a variable "
                       "bound inside one attestation");
    info.type = Type::Error();
    return info;
  }
  if (!value.reads_record) {
    diagnostics_.Error(Code::kWindowArgument, value_expr.range,
                       "a window aggregates a value of each attestation, but this value does not "
                       "depend on the attestation");
    info.type = Type::Error();
    return info;
  }
  if (name == "count") {
    if (!value.type.is(K::kBool)) {
      diagnostics_.Error(Code::kWindowArgument, value_expr.range,
                         fmt::format("count(… over …) counts the attestations where a condition "
                                     "holds; it needs a bool, but {}",
                                     Subject(value_expr, value.type)));
      info.type = Type::Error();
      return info;
    }
    info.type = Type::Quantity(Dimension());
    return info;
  }
  if (!value.type.is(K::kQuantity)) {
    diagnostics_.Error(Code::kWindowArgument, value_expr.range,
                       fmt::format("{}(… over …) needs a number or quantity per attestation, but "
                                   "{}",
                                   name, Subject(value_expr, value.type)));
    info.type = Type::Error();
    return info;
  }
  info.type = value.type;
  return info;
}

}  // namespace gridlaw::check
