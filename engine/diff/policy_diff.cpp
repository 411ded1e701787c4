#include "diff/policy_diff.h"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>

#include "eval/evaluator.h"
#include "format/formatter.h"

namespace gridlaw {
namespace {

const ast::Expr* ClauseExpr(const ast::Rule& rule, ast::ClauseKind kind) {
  for (const auto& clause : rule.clauses) {
    if (clause.kind == kind) return clause.expr.get();
  }
  return nullptr;
}

std::string ClauseText(const ast::Rule& rule, ast::ClauseKind kind) {
  const ast::Expr* expr = ClauseExpr(rule, kind);
  return expr == nullptr ? "" : FormatExpr(*expr);
}

// The meaning of a compiled expression as text: operations, fields by
// index, and constants by value in base units, so `1 MW` and `1000 kW` have
// the same shape.
std::string Shape(const Program& program, uint32_t index, int depth = 0) {
  if (depth > 200) return "…";
  if (const Node* constant = program.ConstantBehind(index)) {
    const Value& v = program.constants()[static_cast<size_t>(constant->slot)];
    switch (v.kind()) {
      case Value::Kind::kQuantity:
        return "q" + v.as_quantity().ToString() + v.currency();
      case Value::Kind::kString:
        return "s\"" + v.as_string() + "\"";
      case Value::Kind::kBool:
        return v.as_bool() ? "true" : "false";
      case Value::Kind::kDate:
        return "d" + std::to_string(v.as_date());
      case Value::Kind::kDateTime:
        return "t" + std::to_string(v.as_datetime());
      default:
        return "c";
    }
  }
  const Node& n = program.nodes()[index];
  auto child = [&](uint32_t i) { return Shape(program, i, depth + 1); };
  std::string out = "(" + std::to_string(static_cast<int>(n.op));
  switch (n.op) {
    case Op::kLet:
      return Shape(program, program.let_node(n.slot), depth + 1);
    case Op::kRootField:
      return out + " f" + std::to_string(n.index) + ")";
    case Op::kVariable:
      return out + ")";
    case Op::kGetField:
      return out + " f" + std::to_string(n.index) + " " + child(n.a) + ")";
    case Op::kNegate:
    case Op::kNot:
    case Op::kAbs:
    case Op::kPresent:
      return out + " " + child(n.a) + ")";
    case Op::kIf:
      return out + " " + child(n.a) + " " + child(n.b) + " " + child(n.c) + ")";
    case Op::kAll:
    case Op::kAny:
    case Op::kComprehension:
      return out + " " + child(n.b) + " " + child(n.a) + (n.has_filter ? " " + child(n.c) : "") +
             ")";
    case Op::kList:
    case Op::kAggregateArgs:
      out += " a" + std::to_string(static_cast<int>(n.aggregate));
      for (uint32_t item : n.items)
        out += " " + child(item);
      return out + ")";
    case Op::kAggregate:
      return out + " a" + std::to_string(static_cast<int>(n.aggregate)) + " " + child(n.a) + ")";
    case Op::kWindow:
      return out + " a" + std::to_string(static_cast<int>(n.aggregate)) + " w" +
             std::to_string(static_cast<int>(n.window_unit)) + "x" + std::to_string(n.index) + " " +
             child(n.a) + ")";
    default:  // the binary operators
      return out + " " + child(n.a) + " " + child(n.b) + ")";
  }
}

// What a rule does, without its id, title, description and cite: equal
// bodies under different ids are a rename.
std::string BodyOf(const Program& program, const CompiledRule& rule) {
  std::string body = "severity " + rule.severity;
  for (const auto& [name, slot] : rule.lets) {
    body += "\nlet " + Shape(program, program.let_node(slot));
  }
  if (rule.when) body += "\nwhen " + Shape(program, *rule.when);
  if (rule.require) body += "\nrequire " + Shape(program, *rule.require);
  if (rule.warn) body += "\nwarn " + Shape(program, *rule.warn);
  return body;
}

// A comparison read as "metric op limit" with a constant limit.
struct Threshold {
  std::string metric;
  Op op = Op::kLe;
  Value limit;
  std::string display_unit;
  std::string written;  // the limit as written: "400 mJ/token", "max_pue"
  Dimension dimension;
};

Op Flipped(Op op) {
  switch (op) {
    case Op::kLt:
      return Op::kGt;
    case Op::kLe:
      return Op::kGe;
    case Op::kGt:
      return Op::kLt;
    case Op::kGe:
      return Op::kLe;
    default:
      return op;
  }
}

const char* Spelling(Op op) {
  switch (op) {
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    case Op::kEq:
      return "==";
    default:
      return "!=";
  }
}

// `step`: for a limit that is a date-dependent param, the value of that step.
std::optional<Threshold> ThresholdOf(const Program& program, std::optional<uint32_t> node,
                                     size_t step = 0) {
  if (!node) return std::nullopt;
  const Node& n = program.nodes()[*node];
  if (n.op < Op::kLt || n.op > Op::kNe) return std::nullopt;
  auto constant_behind = [&](uint32_t i) {
    const Node* steps = program.StepsBehind(i);
    if (steps != nullptr && step < steps->items.size())
      return program.ConstantBehind(steps->items[step]);
    return program.ConstantBehind(i);
  };
  const Node* a_constant = constant_behind(n.a);
  const Node* b_constant = constant_behind(n.b);
  const bool limit_left = a_constant != nullptr && b_constant == nullptr;
  const Node& metric = program.nodes()[limit_left ? n.b : n.a];
  const Node& limit = program.nodes()[limit_left ? n.a : n.b];
  const Node* constant = limit_left ? a_constant : b_constant;
  if (constant == nullptr) return std::nullopt;
  const Value& value = program.constants()[static_cast<size_t>(constant->slot)];
  if (value.kind() != Value::Kind::kQuantity) return std::nullopt;
  Threshold t;
  t.metric = FormatExpr(*metric.source);
  t.op = limit_left ? Flipped(n.op) : n.op;
  t.limit = value;
  t.display_unit = metric.display_unit.empty() ? limit.display_unit : metric.display_unit;
  t.written = FormatExpr(*limit.source);
  t.dimension = program.checked().types[limit.source->id].dimension();
  return t;
}

std::string ShowLimit(const Threshold& t, const std::string& unit) {
  std::string shown = FormatQuantity(t.limit.as_quantity(), unit, t.dimension);
  if (!t.limit.currency().empty()) {
    const size_t at = shown.find("¤");
    if (at != std::string::npos) shown.replace(at, std::string("¤").size(), t.limit.currency());
  }
  // Name the form it was written in when that differs ("0.35 J/token, written 350 mJ/token").
  // A param is named; a literal in another form is quoted as written.
  const bool named =
      !t.written.empty() &&
      (std::isalpha(static_cast<unsigned char>(t.written[0])) || t.written[0] == '_');
  if (named) {
    shown += " (" + t.written + ")";
  } else if (t.written != shown) {
    shown += " (written " + t.written + ")";
  }
  return shown;
}

// Compares two thresholds on the same metric; "" when they are the same.
std::string ThresholdChange(const Threshold& before, const Threshold& after) {
  if (before.metric != after.metric || before.op != after.op ||
      !(before.dimension == after.dimension)) {
    return "changed";
  }
  const auto order = before.limit.as_quantity() <=> after.limit.as_quantity();
  if (order == 0 && before.limit.currency() == after.limit.currency()) return "";
  if (before.limit.currency() != after.limit.currency()) return "changed";
  // An upper bound that falls, or a lower bound that rises, demands more.
  switch (before.op) {
    case Op::kLt:
    case Op::kLe:
      return order > 0 ? "tightened" : "loosened";
    case Op::kGt:
    case Op::kGe:
      return order < 0 ? "tightened" : "loosened";
    default:
      return "changed";
  }
}

// A threshold per date: one entry with date "" for a fixed limit, one per
// step (from its date on) for a date-dependent param.
std::vector<std::pair<std::string, Threshold>> ThresholdSteps(const Program& program,
                                                              std::optional<uint32_t> node) {
  std::vector<std::pair<std::string, Threshold>> out;
  if (!node) return out;
  const Node& n = program.nodes()[*node];
  const Node* steps = nullptr;
  if (n.op >= Op::kLt && n.op <= Op::kNe) {
    steps = program.StepsBehind(n.b);
    if (steps == nullptr) steps = program.StepsBehind(n.a);
  }
  if (steps == nullptr) {
    if (auto t = ThresholdOf(program, node)) out.push_back({"", *t});
    return out;
  }
  const StepTable& table = program.steps()[static_cast<size_t>(steps->slot)];
  for (size_t i = 0; i < table.from_text.size(); ++i) {
    auto t = ThresholdOf(program, node, i);
    if (!t) return {};
    out.push_back({table.from_text[i], *t});
  }
  return out;
}

// The threshold in force on `date` ("" = before every date).
const Threshold* InForce(const std::vector<std::pair<std::string, Threshold>>& steps,
                         const std::string& date) {
  const Threshold* found = nullptr;
  for (const auto& [from, t] : steps) {
    if (from <= date) found = &t;
  }
  return found;
}

// Thresholds where either side is date-dependent: compared on each date
// either side names. True when it reported (or found nothing to report).
bool CompareSteps(const std::string& prefix, const std::string& id,
                  const std::vector<std::pair<std::string, Threshold>>& before,
                  const std::vector<std::pair<std::string, Threshold>>& after,
                  std::vector<PolicyChange>* changes) {
  if (before.empty() || after.empty()) return false;
  if (before.size() == 1 && after.size() == 1 && before[0].first.empty() &&
      after[0].first.empty()) {
    return false;
  }
  std::set<std::string> dates;
  for (const auto& s : before)
    dates.insert(s.first);
  for (const auto& s : after)
    dates.insert(s.first);
  for (const std::string& date : dates) {
    const Threshold* b = InForce(before, date);
    const Threshold* a = InForce(after, date);
    const std::string subject = (a ? a->metric : b->metric) + (date.empty() ? "" : " from " + date);
    if (b == nullptr || a == nullptr) {
      changes->push_back(
          {prefix + "-changed", id, "", subject,
           b ? std::string(Spelling(b->op)) + " " + ShowLimit(*b, b->display_unit) : "(none)",
           a ? std::string(Spelling(a->op)) + " " + ShowLimit(*a, a->display_unit) : "(none)"});
      continue;
    }
    const std::string change = ThresholdChange(*b, *a);
    if (change.empty()) continue;
    changes->push_back({prefix + "-" + change, id, "", subject,
                        std::string(Spelling(b->op)) + " " + ShowLimit(*b, b->display_unit),
                        std::string(Spelling(a->op)) + " " + ShowLimit(*a, b->display_unit)});
  }
  return true;
}

void CompareRules(const Program& old_program, const CompiledRule& old_rule,
                  const Program& new_program, const CompiledRule& new_rule,
                  std::vector<PolicyChange>* changes) {
  const std::string id = new_rule.id;
  if (old_rule.severity != new_rule.severity) {
    changes->push_back(
        {"severity-changed", id, "", "severity", old_rule.severity, new_rule.severity});
  }
  const std::string old_when = ClauseText(*old_rule.rule, ast::ClauseKind::kWhen);
  const std::string new_when = ClauseText(*new_rule.rule, ast::ClauseKind::kWhen);
  if (old_when != new_when) {
    changes->push_back({"applicability-changed", id, "", "when",
                        old_when.empty() ? "(always)" : old_when,
                        new_when.empty() ? "(always)" : new_when});
  }
  struct Part {
    std::optional<uint32_t> CompiledRule::*node;
    ast::ClauseKind clause;
    const char* prefix;  // "threshold" or "warn"
  };
  for (const Part part : {Part{&CompiledRule::require, ast::ClauseKind::kRequire, "threshold"},
                          Part{&CompiledRule::warn, ast::ClauseKind::kWarn, "warn"}}) {
    const std::string old_text = ClauseText(*old_rule.rule, part.clause);
    const std::string new_text = ClauseText(*new_rule.rule, part.clause);
    if (CompareSteps(part.prefix, id, ThresholdSteps(old_program, old_rule.*part.node),
                     ThresholdSteps(new_program, new_rule.*part.node), changes)) {
      continue;
    }
    const auto before = ThresholdOf(old_program, old_rule.*part.node);
    const auto after = ThresholdOf(new_program, new_rule.*part.node);
    if (before && after) {
      const std::string change = ThresholdChange(*before, *after);
      if (change.empty()) continue;  // same limit, however it is written
      if (change != "changed" || before->metric == after->metric) {
        changes->push_back(
            {std::string(part.prefix) + "-" + change, id, "", after->metric,
             std::string(Spelling(before->op)) + " " + ShowLimit(*before, before->display_unit),
             std::string(Spelling(after->op)) + " " + ShowLimit(*after, before->display_unit)});
        continue;
      }
    }
    if (old_text != new_text) {
      const std::string kind =
          part.clause == ast::ClauseKind::kRequire ? "requirement-changed" : "warn-changed";
      changes->push_back({kind, id, "", ast::Keyword(part.clause),
                          old_text.empty() ? "(none)" : old_text,
                          new_text.empty() ? "(none)" : new_text});
    }
  }
}

std::string JoinStrings(const std::vector<ast::StringValue>& values) {
  std::string out;
  for (const auto& v : values)
    out += (out.empty() ? "" : ", ") + ("\"" + v.value + "\"");
  return out;
}

void CompareHeaders(const ast::Header& before, const ast::Header& after,
                    std::vector<PolicyChange>* changes) {
  auto field = [&](const char* name, const std::string& a, const std::string& b) {
    if (a != b) changes->push_back({"header-changed", "", "", name, a, b});
  };
  field("version", before.version, after.version);
  field("jurisdiction", JoinStrings(before.jurisdictions), JoinStrings(after.jurisdictions));
  auto effective = [](const ast::Header& h) {
    if (!h.effective_from) return std::string("(always)");
    return *h.effective_from + (h.effective_to ? " to " + *h.effective_to : "");
  };
  field("effective", effective(before), effective(after));
  auto indeterminate = [](const ast::Header& h) {
    std::string text;
    for (const auto& level : h.indeterminate_fails)
      text += (text.empty() ? "" : ", ") + level.name;
    return h.has_indeterminate ? text : std::string("critical, major (default)");
  };
  field("indeterminate fails", indeterminate(before), indeterminate(after));
  field("schema", before.schema.value_or(""), after.schema.value_or(""));
}

// A param's value as written, with its steps.
std::string ParamText(const ast::Item& item) {
  std::string text = FormatExpr(*item.value);
  for (size_t i = 0; i < item.steps.size(); ++i) {
    if (i > 0) text += ", " + FormatExpr(*item.steps[i].value);
    text += " from " + item.steps[i].from;
  }
  return text;
}

void CompareParams(const Program& old_program, const Program& new_program,
                   std::vector<PolicyChange>* changes) {
  auto params = [](const Program& p) {
    std::map<std::string, std::pair<int32_t, const ast::Item*>> out;
    for (const auto& item : p.checked().policy->items) {
      if (item.kind != ast::ItemKind::kParam) continue;
      for (const auto& [name, slot] : p.names()) {
        if (name == item.name.name) out[name] = {static_cast<int32_t>(p.let_node(slot)), &item};
      }
    }
    return out;
  };
  const auto before = params(old_program);
  const auto after = params(new_program);
  for (const auto& [name, b] : before) {
    const auto it = after.find(name);
    if (it == after.end()) {
      changes->push_back({"param-removed", "", "", name, ParamText(*b.second), ""});
      continue;
    }
    const Node* cx = old_program.ConstantBehind(static_cast<uint32_t>(b.first));
    const Node* cy = new_program.ConstantBehind(static_cast<uint32_t>(it->second.first));
    const Value x = cx ? old_program.constants()[static_cast<size_t>(cx->slot)] : Value();
    const Value y = cy ? new_program.constants()[static_cast<size_t>(cy->slot)] : Value();
    const bool same = x.kind() == y.kind() &&
                      (x.kind() != Value::Kind::kQuantity ||
                       (x.as_quantity() == y.as_quantity() && x.currency() == y.currency())) &&
                      (x.kind() == Value::Kind::kQuantity ||
                       ParamText(*b.second) == ParamText(*it->second.second));
    const bool stepped = !b.second->steps.empty() || !it->second.second->steps.empty();
    if (stepped ? ParamText(*b.second) != ParamText(*it->second.second) : !same) {
      changes->push_back(
          {"param-changed", "", "", name, ParamText(*b.second), ParamText(*it->second.second)});
    }
  }
  for (const auto& [name, a] : after) {
    if (!before.contains(name)) {
      changes->push_back({"param-added", "", "", name, "", ParamText(*a.second)});
    }
  }
}

}  // namespace

std::vector<PolicyChange> DiffPolicies(const Program& old_policy, const Program& new_policy) {
  std::vector<PolicyChange> changes;
  CompareHeaders(old_policy.checked().policy->header, new_policy.checked().policy->header,
                 &changes);
  CompareParams(old_policy, new_policy, &changes);

  std::map<std::string, const CompiledRule*> old_by_id;
  for (const auto& rule : old_policy.rules())
    old_by_id[rule.id] = &rule;
  std::set<std::string> new_ids;
  for (const auto& rule : new_policy.rules())
    new_ids.insert(rule.id);
  // Old rules without a namesake, by body, for renames.
  std::multimap<std::string, const CompiledRule*> unmatched_old_by_body;
  for (const auto& rule : old_policy.rules()) {
    if (!new_ids.contains(rule.id)) unmatched_old_by_body.emplace(BodyOf(old_policy, rule), &rule);
  }
  std::set<std::string> renamed_from;
  for (const auto& rule : new_policy.rules()) {
    const auto same_id = old_by_id.find(rule.id);
    if (same_id != old_by_id.end()) {
      CompareRules(old_policy, *same_id->second, new_policy, rule, &changes);
      continue;
    }
    const auto same_body = unmatched_old_by_body.find(BodyOf(new_policy, rule));
    if (same_body != unmatched_old_by_body.end()) {
      changes.push_back({"rule-renamed", rule.id, same_body->second->id, "", "", ""});
      renamed_from.insert(same_body->second->id);
      unmatched_old_by_body.erase(same_body);
      continue;
    }
    changes.push_back(
        {"rule-added", rule.id, "", "", "", ClauseText(*rule.rule, ast::ClauseKind::kRequire)});
  }
  for (const auto& rule : old_policy.rules()) {
    if (!new_ids.contains(rule.id) && !renamed_from.contains(rule.id)) {
      changes.push_back(
          {"rule-removed", rule.id, "", "", ClauseText(*rule.rule, ast::ClauseKind::kRequire), ""});
    }
  }
  return changes;
}

}  // namespace gridlaw
