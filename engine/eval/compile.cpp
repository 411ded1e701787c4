// AST + checker side tables → the flat node array of a Program.

#include <map>
#include <stdexcept>

#include "eval/program.h"
#include "time/civil_time.h"
#include "units/unit_cache.h"

namespace gridlaw {

namespace {
// The ISO code of the one named currency in a dimension, or "".
std::string NamedCurrency(const Dimension& d);
}  // namespace

class Compiler {
 public:
  explicit Compiler(const CheckedPolicy& checked) : checked_(checked) {
    program_ = std::make_unique<Program>();
    program_->checked_ = &checked;
  }

  std::unique_ptr<Program> Run();

 private:
  uint32_t Compile(const ast::Expr& e);
  uint32_t CompileSteps(const ast::Item& param) {
    StepTable table;
    table.param = param.name.name;
    Node n;
    n.op = Op::kStep;
    n.source = param.value.get();
    for (size_t i = 0; i < param.steps.size(); ++i) {
      n.items.push_back(Compile(i == 0 ? *param.value : *param.steps[i].value));
      table.from.push_back(DaysFromCivil(*ParseDate(param.steps[i].from)));
      table.from_text.push_back(param.steps[i].from);
    }
    program_->steps_.push_back(std::move(table));
    n.slot = static_cast<int32_t>(program_->steps_.size() - 1);
    return Add(std::move(n));
  }
  uint32_t Add(Node node) {
    node.display_unit = DisplayUnit(node);
    const auto& nodes = program_->nodes_;
    node.uses_variable = node.op == Op::kVariable;
    node.contains_window = node.op == Op::kWindow;
    if (node.op == Op::kLet) {
      node.contains_window =
          nodes[program_->let_nodes_[static_cast<size_t>(node.slot)]].contains_window;
    } else if (node.op != Op::kConst && node.op != Op::kRootField && node.op != Op::kVariable) {
      for (uint32_t child : {node.a, node.b, node.c}) {
        if (child < nodes.size() && child != 0)
          node.contains_window |= nodes[child].contains_window;
      }
      for (uint32_t item : node.items)
        node.contains_window |= nodes[item].contains_window;
    }
    auto child_uses = [&](uint32_t i) { return i < nodes.size() && nodes[i].uses_variable; };
    switch (node.op) {
      case Op::kConst:
      case Op::kRootField:
      case Op::kVariable:
      case Op::kLet:
        break;  // a let is evaluated outside any quantifier: never uses one
      case Op::kList:
      case Op::kAggregateArgs:
      case Op::kStep:
        for (uint32_t item : node.items)
          node.uses_variable = node.uses_variable || child_uses(item);
        break;
      default:
        node.uses_variable = child_uses(node.a) || child_uses(node.b) ||
                             (node.op == Op::kIf && child_uses(node.c)) ||
                             (node.has_filter && child_uses(node.c));
    }
    program_->nodes_.push_back(std::move(node));
    return static_cast<uint32_t>(program_->nodes_.size() - 1);
  }
  uint32_t Constant(Value v, const ast::Expr& source) {
    program_->constants_.push_back(std::move(v));
    Node n;
    n.op = Op::kConst;
    n.slot = static_cast<int32_t>(program_->constants_.size() - 1);
    n.source = &source;
    return Add(std::move(n));
  }
  int32_t NewLet(uint32_t node) {
    program_->let_nodes_.push_back(node);
    return static_cast<int32_t>(program_->let_nodes_.size() - 1);
  }
  const Type& TypeOf(const ast::Expr& e) const { return checked_.types[e.id]; }
  uint32_t FieldIndex(const FieldSpec& record, const std::string& name) const {
    for (uint32_t i = 0; i < record.fields.size(); ++i) {
      if (record.fields[i].name == name) return i;
    }
    throw std::logic_error("compile: field not in its record: " + name);
  }
  std::string DisplayUnit(const Node& node) const;
  uint32_t BindVariable(const std::string& name) {
    variables_.push_back(name);
    program_->variable_count_ = std::max(program_->variable_count_, variables_.size());
    return static_cast<uint32_t>(variables_.size() - 1);
  }

  const CheckedPolicy& checked_;
  std::unique_ptr<Program> program_;
  std::map<std::string, int32_t> globals_;    // params and top-level lets → let slot
  std::map<std::string, int32_t> rule_lets_;  // the current rule's lets
  std::vector<std::string> variables_;        // bound variables, innermost last
  UnitCache units_;                           // number literals' units
};

namespace {
std::string NamedCurrency(const Dimension& d) {
  for (const auto& [base, e] : d.factors()) {
    if (base >= BaseDimension::kFirstCurrency) {
      return std::string(CurrencyCodes()[static_cast<size_t>(base) -
                                         static_cast<size_t>(BaseDimension::kFirstCurrency)]);
    }
  }
  return {};
}
}  // namespace

// The unit a value is shown in: as written (literal), as the schema states
// (field), else inherited through operators that keep the dimension; empty
// means "the coherent base unit of the dimension".
std::string Compiler::DisplayUnit(const Node& node) const {
  const auto& nodes = program_->nodes_;
  auto child = [&](uint32_t i) { return nodes[i].display_unit; };
  const ast::Expr* e = node.source;
  switch (node.op) {
    case Op::kConst:
      return e != nullptr && e->kind == ast::ExprKind::kNumber ? e->unit : std::string();
    case Op::kRootField:
    case Op::kGetField: {
      const FieldSpec* record =
          node.op == Op::kRootField ? &checked_.schema->root : TypeOf(*e->operands[0]).record();
      const std::string& unit = record->fields[node.index].unit;
      return unit == "1" ? std::string() : unit;
    }
    case Op::kLet:
      return child(program_->let_nodes_[static_cast<size_t>(node.slot)]);
    case Op::kNegate:
    case Op::kAbs:
    case Op::kAggregate:
    case Op::kWindow:
      return node.aggregate == Aggregate::kCount && node.op != Op::kNegate && node.op != Op::kAbs
                 ? std::string()
                 : child(node.a);
    case Op::kAdd:
    case Op::kSub:
      return child(node.a).empty() ? child(node.b) : child(node.a);
    case Op::kIf:
      return child(node.b).empty() ? child(node.c) : child(node.b);
    case Op::kAggregateArgs:
    case Op::kList:
    case Op::kStep:
      return node.items.empty() ? std::string() : child(node.items[0]);
    case Op::kComprehension:
      return child(node.a);
    default:
      return {};
  }
}

uint32_t Compiler::Compile(const ast::Expr& e) {
  using K = ast::ExprKind;
  Node n;
  n.source = &e;
  switch (e.kind) {
    case K::kNumber: {
      Rational value = *Rational::FromDecimal(e.text);
      std::string currency;
      if (!e.unit.empty()) {
        const Unit& unit = *units_.Parse(e.unit).unit;
        value = *value.Mul(unit.factor);
        currency = NamedCurrency(unit.dimension);
      }
      // Amounts in a named currency carry it, like claim prices carry the
      // claim's: the evaluator never combines two different ones.
      return Constant(Value::Quantity(value, currency), e);
    }
    case K::kString:
      return Constant(Value::String(e.text), e);
    case K::kBool:
      return Constant(Value::Bool(e.bool_value), e);
    case K::kDate:
      return Constant(Value::Date(DaysFromCivil(*ParseDate(e.text))), e);
    case K::kDateTime:
      return Constant(Value::DateTime(*ParseInstantNanos(e.text)), e);
    case K::kName: {
      const Resolution& r = checked_.resolutions[e.id];
      if (r.kind == Resolution::Kind::kField) {
        n.op = Op::kRootField;
        n.index = FieldIndex(checked_.schema->root, e.text);
        return Add(std::move(n));
      }
      if (r.kind == Resolution::Kind::kVariable) {
        for (size_t i = variables_.size(); i-- > 0;) {
          if (variables_[i] == e.text) {
            n.op = Op::kVariable;
            n.slot = static_cast<int32_t>(i);
            return Add(std::move(n));
          }
        }
      }
      n.op = Op::kLet;
      if (auto it = rule_lets_.find(e.text); it != rule_lets_.end()) {
        n.slot = it->second;
      } else {
        n.slot = globals_.at(e.text);
      }
      return Add(std::move(n));
    }
    case K::kField: {
      n.op = Op::kGetField;
      n.a = Compile(*e.operands[0]);
      n.index = FieldIndex(*TypeOf(*e.operands[0]).record(), e.text);
      return Add(std::move(n));
    }
    case K::kUnary:
      n.op = e.unary_op == ast::UnaryOp::kNot ? Op::kNot : Op::kNegate;
      n.a = Compile(*e.operands[0]);
      return Add(std::move(n));
    case K::kBinary: {
      static const Op kOps[] = {Op::kAdd, Op::kSub, Op::kMul, Op::kDiv,  Op::kLt,
                                Op::kLe,  Op::kGt,  Op::kGe,  Op::kEq,   Op::kNe,
                                Op::kAnd, Op::kOr,  Op::kIn,  Op::kNotIn};
      n.op = kOps[static_cast<int>(e.binary_op)];
      n.a = Compile(*e.operands[0]);
      n.b = Compile(*e.operands[1]);
      return Add(std::move(n));
    }
    case K::kIf:
      n.op = Op::kIf;
      n.a = Compile(*e.operands[0]);
      n.b = Compile(*e.operands[1]);
      n.c = Compile(*e.operands[2]);
      return Add(std::move(n));
    case K::kQuantifier:
    case K::kComprehension: {
      n.op = e.kind == K::kComprehension
                 ? Op::kComprehension
                 : (e.quantifier == ast::QuantifierKind::kAll ? Op::kAll : Op::kAny);
      n.b = Compile(*e.operands[1]);  // the domain, outside the variable's scope
      n.slot = static_cast<int32_t>(BindVariable(e.variable.name));
      n.has_filter = e.has_filter;
      if (e.has_filter) n.c = Compile(*e.operands[2]);
      n.a = Compile(*e.operands[0]);  // body or element
      variables_.pop_back();
      return Add(std::move(n));
    }
    case K::kList:
      n.op = Op::kList;
      for (const auto& item : e.operands)
        n.items.push_back(Compile(*item));
      return Add(std::move(n));
    case K::kCall: {
      const std::string& f = e.text;
      if (f == "abs" || f == "present") {
        n.op = f == "abs" ? Op::kAbs : Op::kPresent;
        n.a = Compile(*e.operands[0]);
        return Add(std::move(n));
      }
      n.aggregate = f == "count" ? Aggregate::kCount
                    : f == "sum" ? Aggregate::kSum
                    : f == "min" ? Aggregate::kMin
                    : f == "max" ? Aggregate::kMax
                                 : Aggregate::kMean;
      const ast::Expr& arg = *e.operands[0];
      if (arg.kind == K::kWindow) {
        n.op = Op::kWindow;
        n.a = Compile(*arg.operands[0]);
        n.window_unit = *ParseCalendarUnit(arg.window_unit);
        n.index = arg.window_count.empty()
                      ? 1
                      : static_cast<uint32_t>(Rational::FromDecimal(arg.window_count)->num());
        return Add(std::move(n));
      }
      if (e.operands.size() > 1) {
        n.op = Op::kAggregateArgs;
        for (const auto& item : e.operands)
          n.items.push_back(Compile(*item));
        return Add(std::move(n));
      }
      n.op = Op::kAggregate;
      n.a = Compile(arg);
      return Add(std::move(n));
    }
    case K::kWindow:
      break;  // only inside a call, handled there
  }
  throw std::logic_error("compile: unexpected expression kind");
}

std::unique_ptr<Program> Compiler::Run() {
  const ast::Policy& policy = *checked_.policy;
  for (const ast::Item& item : policy.items) {
    if (item.kind == ast::ItemKind::kParam || item.kind == ast::ItemKind::kLet) {
      const int32_t slot = NewLet(item.steps.empty() ? Compile(*item.value) : CompileSteps(item));
      globals_[item.name.name] = slot;
      program_->names_.push_back({item.name.name, slot});
      continue;
    }
    if (item.kind != ast::ItemKind::kRule) continue;
    const ast::Rule& rule = *item.rule;
    CompiledRule compiled;
    compiled.rule = &rule;
    compiled.id = rule.id.text;
    if (rule.override_reason) compiled.override_reason = rule.override_reason->value;
    rule_lets_.clear();
    for (const ast::Clause& clause : rule.clauses) {
      switch (clause.kind) {
        case ast::ClauseKind::kTitle:
          compiled.title = clause.text.raw;
          break;
        case ast::ClauseKind::kSeverity:
          compiled.severity = clause.text.value;
          break;
        case ast::ClauseKind::kCite:
          compiled.cite = clause.text.value;
          break;
        case ast::ClauseKind::kDescription:
          break;
        case ast::ClauseKind::kWhen:
          compiled.when = Compile(*clause.expr);
          break;
        case ast::ClauseKind::kRequire:
          compiled.require = Compile(*clause.expr);
          break;
        case ast::ClauseKind::kWarn:
          compiled.warn = Compile(*clause.expr);
          break;
        case ast::ClauseKind::kLet: {
          const int32_t slot = NewLet(Compile(*clause.expr));
          rule_lets_[clause.name.name] = slot;
          compiled.lets.push_back({clause.name.name, slot});
          break;
        }
      }
    }
    program_->rules_.push_back(std::move(compiled));
  }
  return std::move(program_);
}

std::unique_ptr<Program> Program::Compile(const CheckedPolicy& checked) {
  return Compiler(checked).Run();
}

const Node* Program::ConstantBehind(uint32_t index) const {
  // Lets bind only earlier items, so the chain ends; the bound guards anyway.
  for (int hops = 0; hops < 64; ++hops) {
    const Node& n = nodes_[index];
    if (n.op == Op::kConst) return &n;
    if (n.op != Op::kLet) return nullptr;
    index = let_node(n.slot);
  }
  return nullptr;
}

const Node* Program::StepsBehind(uint32_t index) const {
  for (int hops = 0; hops < 64; ++hops) {
    const Node& n = nodes_[index];
    if (n.op == Op::kStep) return &n;
    if (n.op != Op::kLet) return nullptr;
    index = let_node(n.slot);
  }
  return nullptr;
}

}  // namespace gridlaw
