// Policy-level checks: header, declarations, rules. Expressions are typed by
// ExprChecker (check_expr.cpp).

#include "check/checker.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "check/expr_checker.h"
#include "check/interpolation.h"
#include "spelling/spelling.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

using ast::ClauseKind;
using check::ExprChecker;
using check::ExprInfo;
using check::Symbol;

bool IsJurisdiction(const std::string& code) {
  if (code == "*" || code == "EU") return true;
  return IsCountryCode(code);
}

class PolicyChecker {
 public:
  PolicyChecker(const SourceFile& source, const ast::Policy& policy, Diagnostics& diagnostics)
      : source_(source), policy_(policy), diagnostics_(diagnostics), exprs_(out_, diagnostics) {}

  CheckedPolicy Run() {
    out_.policy = &policy_;
    out_.types.resize(policy_.node_count + 1);
    out_.resolutions.resize(policy_.node_count + 1);
    CheckHeader();
    for (const auto& item : policy_.items)
      CheckItem(item);
    return std::move(out_);
  }

 private:
  void CheckHeader();
  void CheckIndeterminateSetting(const ast::Header& h);
  void CheckItem(const ast::Item& item);
  void CheckRule(const ast::Rule& rule);
  // `param p = A from D1, B from D2`: dates increasing, values constant and
  // of A's type.
  void CheckSteps(const ast::Item& item, const ExprInfo& first);
  void CheckTitle(const ast::StringValue& title);
  // Declares a name in the global or rule scope, refusing duplicates and
  // collisions with schema fields.
  bool Declare(const ast::Binding& name, Resolution::Kind kind, const ExprInfo& value);

  const SourceFile& source_;
  const ast::Policy& policy_;
  Diagnostics& diagnostics_;
  CheckedPolicy out_;
  ExprChecker exprs_;
  std::map<std::string, SourceRange> rule_ids_;
};

void PolicyChecker::CheckHeader() {
  const ast::Header& h = policy_.header;
  std::map<ast::Header::Field, SourceRange> seen;
  static constexpr const char* kFieldNames[] = {"title",     "description", "jurisdiction",
                                                "effective", "schema",      "indeterminate"};
  for (const auto& f : h.fields) {
    auto [it, inserted] = seen.emplace(f.field, f.range);
    if (!inserted) {
      Diagnostic& d = diagnostics_.Error(
          Code::kDuplicateHeaderField, f.range,
          fmt::format("header field '{}' appears twice", kFieldNames[static_cast<int>(f.field)]));
      d.notes.push_back({it->second, "first given here"});
    }
  }
  if (h.version.find('.') == h.version.rfind('.')) {
    diagnostics_.Error(Code::kSyntax, h.version_range,
                       fmt::format("policy version '{}' must be a semantic version "
                                   "MAJOR.MINOR.PATCH (e.g. 1.2.0)",
                                   h.version));
  }
  if (!h.title) {
    diagnostics_.Error(Code::kMissingHeaderField, h.open_range,
                       "the policy header needs a title (title \"…\")");
  }
  if (!h.schema) {
    diagnostics_.Error(
        Code::kMissingHeaderField, h.open_range,
        fmt::format("the policy header needs a schema (schema {})", KnownSchemaIds().front()));
  } else {
    out_.schema = FindSchema(*h.schema);
    if (out_.schema == nullptr) {
      diagnostics_.Error(Code::kUnknownSchema, h.schema_range,
                         fmt::format("unknown schema '{}'{}", *h.schema,
                                     DidYouMean(ClosestSpelling(*h.schema, KnownSchemaIds()))));
    }
  }
  for (const auto& j : h.jurisdictions) {
    if (!IsJurisdiction(j.value)) {
      diagnostics_.Error(
          Code::kInvalidJurisdiction, j.range,
          fmt::format("jurisdiction \"{}\" is not an ISO 3166-1 alpha-2 code "
                      "(\"DE\"), \"EU\" or \"*\"{}",
                      j.value, j.value == "UK" ? " (the United Kingdom is \"GB\")" : ""));
    }
  }
  if (h.has_indeterminate) CheckIndeterminateSetting(h);
  if (h.effective_from && h.effective_to) {
    auto from = ParseDate(*h.effective_from);
    auto to = ParseDate(*h.effective_to);
    if (from && to && *to < *from) {
      diagnostics_.Error(Code::kInvalidEffectiveRange, h.effective_range,
                         fmt::format("the policy ends ({}) before it starts ({})", *h.effective_to,
                                     *h.effective_from));
    }
  }
}

// `indeterminate fails critical, major` or `indeterminate fails none`.
void PolicyChecker::CheckIndeterminateSetting(const ast::Header& h) {
  if (h.indeterminate_verb.name != "fails") {
    diagnostics_.Error(Code::kSyntax, h.indeterminate_verb.range,
                       fmt::format("expected 'fails' after 'indeterminate', found '{}' "
                                   "(indeterminate fails critical, major)",
                                   h.indeterminate_verb.name));
    return;
  }
  std::vector<std::string> levels;
  for (const ast::Binding& level : h.indeterminate_fails) {
    if (level.name == "none") {
      if (h.indeterminate_fails.size() > 1) {
        diagnostics_.Error(Code::kInvalidSeverity, level.range,
                           "'none' stands alone: indeterminate fails none");
      }
      continue;
    }
    if (level.name == "info") {
      diagnostics_.Error(Code::kInvalidSeverity, level.range,
                         "rules of severity info never decide compliance; list critical, "
                         "major or minor");
      continue;
    }
    if (std::find(Severities().begin(), Severities().end(), level.name) == Severities().end()) {
      diagnostics_.Error(
          Code::kInvalidSeverity, level.range,
          fmt::format("unknown severity '{}'{}; list critical, major or minor, "
                      "or write none",
                      level.name, DidYouMean(ClosestSpelling(level.name, Severities()))));
      continue;
    }
    if (std::find(levels.begin(), levels.end(), level.name) != levels.end()) {
      diagnostics_.Error(Code::kInvalidSeverity, level.range,
                         fmt::format("severity '{}' is listed twice", level.name));
      continue;
    }
    levels.push_back(level.name);
  }
  out_.indeterminate_fails = std::move(levels);
}

bool PolicyChecker::Declare(const ast::Binding& name, Resolution::Kind kind,
                            const ExprInfo& value) {
  if (const Symbol* existing = exprs_.Lookup(name.name)) {
    Diagnostic& d = diagnostics_.Error(Code::kDuplicateName, name.range,
                                       fmt::format("'{}' is already declared", name.name));
    d.notes.push_back({existing->declaration, "first declared here"});
    return false;
  }
  if (out_.schema != nullptr && out_.schema->root.Find(name.name) != nullptr) {
    diagnostics_.Error(Code::kDuplicateName, name.range,
                       fmt::format("'{}' is a field of schema {}; choose another name", name.name,
                                   out_.schema->id));
    return false;
  }
  exprs_.Push(
      Symbol{name.name, kind, value.type, name.range, value.reads_record, value.has_window});
  return true;
}

void PolicyChecker::CheckItem(const ast::Item& item) {
  switch (item.kind) {
    // engine/modules resolves these and merges what they bring before the
    // merged policy is checked.
    case ast::ItemKind::kExtends:
    case ast::ItemKind::kImport:
    case ast::ItemKind::kOverrideRule:
    case ast::ItemKind::kDisableRule:
      return;
    case ast::ItemKind::kParam: {
      ExprInfo value = exprs_.Check(*item.value);
      if (value.reads_record || value.reads_let) {
        diagnostics_.Error(Code::kParamNotConstant, item.value->range,
                           fmt::format("param '{}' must be a constant: it may use literals and "
                                       "other params, not attestation fields or let bindings",
                                       item.name.name));
      }
      CheckSteps(item, value);
      Declare(item.name, Resolution::Kind::kParam, value);
      return;
    }
    case ast::ItemKind::kLet: {
      ExprInfo value = exprs_.Check(*item.value);
      Declare(item.name, Resolution::Kind::kLet, value);
      return;
    }
    case ast::ItemKind::kRule:
      CheckRule(*item.rule);
      return;
  }
}

void PolicyChecker::CheckSteps(const ast::Item& item, const ExprInfo& first) {
  std::optional<CivilDate> previous;
  std::string previous_text;
  for (size_t i = 0; i < item.steps.size(); ++i) {
    const ast::Step& step = item.steps[i];
    if (step.value) {
      ExprInfo value = exprs_.Check(*step.value);
      if (value.reads_record || value.reads_let) {
        diagnostics_.Error(
            Code::kParamNotConstant, step.value->range,
            fmt::format("param '{}' must be a constant in every step", item.name.name));
      } else if (!value.type.is_error() && !first.type.is_error() &&
                 !value.type.CompatibleWith(first.type)) {
        diagnostics_.Error(Code::kInvalidSteps, step.value->range,
                           fmt::format("every step of param '{}' must have the first step's "
                                       "type, {}; this one is {}",
                                       item.name.name, first.type.DescribeWithArticle(),
                                       value.type.DescribeWithArticle()));
      }
    }
    auto day = ParseDate(step.from);
    if (!day) continue;  // reported by the parser (E0104)
    if (previous && *day <= *previous) {
      diagnostics_.Error(Code::kInvalidSteps, step.from_range,
                         fmt::format("the steps of param '{}' must be in increasing date "
                                     "order: {} is not after {}",
                                     item.name.name, step.from, previous_text));
    }
    previous = *day;
    previous_text = step.from;
  }
}

void PolicyChecker::CheckTitle(const ast::StringValue& title) {
  const TitleParseResult parsed = ParseTitle(title.raw);
  auto location_of = [&](size_t raw_offset) {
    // The raw text starts one byte after the opening quote.
    return source_.LocationAt(title.range.begin.offset + 1 + static_cast<uint32_t>(raw_offset));
  };
  if (!parsed.ok) {
    const Location at = location_of(parsed.error_offset);
    diagnostics_.Error(Code::kUnknownInterpolation, {at, location_of(parsed.error_offset + 1)},
                       "'{' in a title starts a {name} placeholder; write \\{ for a brace");
    return;
  }
  for (const auto& part : parsed.parts) {
    if (!part.is_name) continue;
    const Symbol* symbol = exprs_.Lookup(part.text);
    if (symbol == nullptr || symbol->kind == Resolution::Kind::kVariable) {
      diagnostics_.Error(
          Code::kUnknownInterpolation,
          {location_of(part.raw_offset), location_of(part.raw_offset + part.text.size())},
          fmt::format("'{{{}}}' names no param or let binding{}", part.text,
                      DidYouMean(ClosestSpelling(part.text, exprs_.VisibleNames()))));
    }
  }
}

const std::vector<std::string>& Categories() {
  return RuleCategories();
}

void PolicyChecker::CheckRule(const ast::Rule& rule) {
  // Id: category.name…
  const std::string& id = rule.id.text;
  const std::string category = id.substr(0, id.find('.'));
  if (id.find('.') == std::string::npos) {
    diagnostics_.Error(Code::kInvalidRuleCategory, rule.id.range,
                       fmt::format("rule id '{}' must start with a category and a dot "
                                   "(efficiency., safety., fairness., reporting.)",
                                   id));
  } else if (std::find(Categories().begin(), Categories().end(), category) == Categories().end()) {
    diagnostics_.Error(Code::kInvalidRuleCategory, rule.id.range,
                       fmt::format("unknown rule category '{}'{}; categories are efficiency, "
                                   "safety, fairness and reporting",
                                   category, DidYouMean(ClosestSpelling(category, Categories()))));
  }
  auto [it, inserted] = rule_ids_.emplace(id, rule.id.range);
  if (!inserted) {
    Diagnostic& d = diagnostics_.Error(Code::kDuplicateRule, rule.id.range,
                                       fmt::format("rule '{}' is defined twice", id));
    d.notes.push_back({it->second, "first defined here"});
  }

  const size_t mark = exprs_.scope_size();
  std::map<ClauseKind, SourceRange> once;
  bool has_require = false;
  std::vector<const ast::StringValue*> titles;
  for (const ast::Clause& clause : rule.clauses) {
    if (clause.kind != ClauseKind::kLet) {
      auto [prev, first] = once.emplace(clause.kind, clause.range);
      if (!first) {
        Diagnostic& d = diagnostics_.Error(
            Code::kDuplicateClause, clause.range,
            fmt::format("'{}' may appear once in a rule", ast::Keyword(clause.kind)));
        d.notes.push_back({prev->second, "first given here"});
      }
    }
    switch (clause.kind) {
      case ClauseKind::kTitle:
        titles.push_back(&clause.text);
        break;
      case ClauseKind::kDescription:
      case ClauseKind::kCite:
        break;
      case ClauseKind::kSeverity:
        if (std::find(Severities().begin(), Severities().end(), clause.text.value) ==
            Severities().end()) {
          diagnostics_.Error(
              Code::kInvalidSeverity, clause.text.range,
              fmt::format("unknown severity '{}'{}; severities are critical, "
                          "major, minor and info",
                          clause.text.value,
                          DidYouMean(ClosestSpelling(clause.text.value, Severities()))));
        }
        break;
      case ClauseKind::kWhen:
        exprs_.CheckCondition(*clause.expr, "when");
        break;
      case ClauseKind::kRequire:
        has_require = true;
        exprs_.CheckCondition(*clause.expr, "require");
        break;
      case ClauseKind::kWarn:
        exprs_.CheckCondition(*clause.expr, "warn");
        break;
      case ClauseKind::kLet: {
        ExprInfo value = exprs_.Check(*clause.expr);
        Declare(clause.name, Resolution::Kind::kLet, value);
        break;
      }
    }
  }
  // Titles may interpolate the rule's own let bindings, so they are checked
  // with the rule scope complete.
  for (const auto* title : titles)
    CheckTitle(*title);
  exprs_.PopTo(mark);
  if (!has_require) {
    diagnostics_.Error(Code::kMissingRequire, rule.id.range,
                       fmt::format("rule '{}' has no require clause", id));
  }
}

}  // namespace

const std::vector<std::string>& Severities() {
  static const std::vector<std::string> levels = {"critical", "major", "minor", "info"};
  return levels;
}

const std::vector<std::string>& RuleCategories() {
  static const std::vector<std::string> categories = {"efficiency", "safety", "fairness",
                                                      "reporting"};
  return categories;
}

CheckedPolicy CheckPolicy(const SourceFile& source, const ast::Policy& policy,
                          Diagnostics& diagnostics) {
  return PolicyChecker(source, policy, diagnostics).Run();
}

}  // namespace gridlaw
