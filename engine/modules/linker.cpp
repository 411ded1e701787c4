#include "modules/linker.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "parse/parser.h"
#include "spelling/spelling.h"

namespace gridlaw::modules {
namespace {

using ast::ItemKind;
using ExprVisitor = std::function<void(ast::ExprPtr&)>;

// Top-down, so that `fn` may replace a node before its operands are visited.
void VisitExpr(ast::ExprPtr& e, const ExprVisitor& fn) {
  if (!e) return;
  fn(e);
  for (auto& operand : e->operands)
    VisitExpr(operand, fn);
}

void VisitItem(ast::Item& item, const ExprVisitor& fn) {
  VisitExpr(item.value, fn);
  for (auto& step : item.steps)
    VisitExpr(step.value, fn);
  if (item.rule) {
    for (auto& clause : item.rule->clauses)
      VisitExpr(clause.expr, fn);
  }
}

std::string Where(const std::string& file, const SourceRange& range) {
  return fmt::format("{}:{}:{}", file, range.begin.line, range.begin.column);
}

// What merging one level found, for the checks after the merged policy is typed.
struct MergeNotes {
  struct ParamOverride {
    std::string name;
    const ast::Item* item = nullptr;  // the merged item, with the new value
    SourceRange range;                // the overriding item
    Type base_type = Type::Error();
    std::string base_where;
  };
  std::vector<ParamOverride> overrides;
  std::vector<DisabledRule> disabled;
  std::map<std::string, std::string> param_where;  // every param of the merge → where declared
};

struct ModuleState {
  bool ok = false;
  std::map<std::string, Type> param_types;
  std::map<std::string, std::string> param_where;
  std::vector<DisabledRule> disabled;
};

struct Selection {
  const ModuleFile* file = nullptr;
  std::string constraint;
  std::string where;
};

class Linker {
 public:
  explicit Linker(const ModuleIndex& index) : index_(index) {}

  LinkResult Run(const SourceFile& source, std::unique_ptr<ast::Policy> policy,
                 Diagnostics& diagnostics) {
    LinkResult result;
    stack_.push_back(policy->header.id.text);
    MergeNotes notes;
    auto merged = Merge(std::move(policy), source.name(), diagnostics, true, &notes);
    if (merged) {
      result.checked = CheckMerged(source, *merged, notes, diagnostics);
      result.merged = std::move(merged);
      result.disabled_rules = notes.disabled;
    }
    for (auto& check : checks_) {
      if (!check.diagnostics.empty()) result.module_files.push_back(std::move(check));
    }
    for (const auto& [key, file] : used_)
      result.modules.push_back({file->id, file->version.ToString(), file->path, file->text});
    return result;
  }

 private:
  const ModuleFile* Resolve(const ast::Item& item, const std::string& file_name,
                            Diagnostics& diagnostics, bool report);
  bool EnsureChecked(const ModuleFile& module, const ast::Item& item, Diagnostics& diagnostics);
  std::unique_ptr<ast::Policy> Merge(std::unique_ptr<ast::Policy> policy,
                                     const std::string& file_name, Diagnostics& diagnostics,
                                     bool report, MergeNotes* notes);
  std::unique_ptr<ast::Policy> BuildFresh(const ModuleFile& module, MergeNotes* notes);
  std::optional<CheckedPolicy> CheckMerged(const SourceFile& source, const ast::Policy& merged,
                                           const MergeNotes& notes, Diagnostics& diagnostics);

  const ModuleIndex& index_;
  std::map<std::string, ModuleState> states_;  // by path; present once checked
  std::vector<std::string> stack_;             // ids of the modules being checked
  std::map<std::string, Selection> selected_;  // by module id
  std::map<std::pair<std::string, std::string>, const ModuleFile*> used_;  // (id, version)
  std::vector<ModuleCheck> checks_;
  std::vector<std::unique_ptr<SourceFile>> fresh_sources_;
};

const ModuleFile* Linker::Resolve(const ast::Item& item, const std::string& file_name,
                                  Diagnostics& diagnostics, bool report) {
  const std::string& id = item.module.text;
  const auto versions = index_.Versions(id);
  if (versions.empty()) {
    if (report) {
      diagnostics.Error(Code::kUnknownModule, item.module.range,
                        fmt::format("no module '{}' in the policy path ({}){}", id,
                                    index_.directories().empty()
                                        ? std::string("empty")
                                        : fmt::format("{}", fmt::join(index_.directories(), ":")),
                                    DidYouMean(ClosestSpelling(id, index_.Ids()))));
    }
    return nullptr;
  }
  auto constraint = ParseConstraint(item.constraint);
  const ModuleFile* chosen = nullptr;
  if (constraint) {
    for (const ModuleFile* file : versions) {
      if (Satisfies(file->version, *constraint)) {
        chosen = file;
        break;
      }
    }
  }
  if (chosen == nullptr) {
    if (report) {
      std::vector<std::string> found;
      for (auto it = versions.rbegin(); it != versions.rend(); ++it)
        found.push_back((*it)->version.ToString());
      diagnostics.Error(Code::kNoMatchingVersion, item.range,
                        fmt::format("no version of '{}' satisfies '{}'; found {}", id,
                                    item.constraint, fmt::join(found, ", ")));
    }
    return nullptr;
  }
  if (const ModuleFile* twin = index_.DuplicateOf(*chosen)) {
    if (report) {
      diagnostics.Error(Code::kInvalidModuleUse, item.range,
                        fmt::format("module '{}' version {} is defined by two files, {} and {}; "
                                    "remove one from the policy path",
                                    id, chosen->version.ToString(), chosen->path, twin->path));
    }
    return nullptr;
  }
  if (!report) return chosen;
  const std::string where = Where(file_name, item.range);
  auto [it, first] = selected_.emplace(id, Selection{chosen, item.constraint, where});
  if (!first && it->second.file != chosen) {
    // Name a version both requirements would accept, when there is one.
    std::string both;
    auto other = ParseConstraint(it->second.constraint);
    for (const ModuleFile* file : versions) {
      if (constraint && other && Satisfies(file->version, *constraint) &&
          Satisfies(file->version, *other)) {
        both = fmt::format("; {} satisfies both: tighten the constraints to select it",
                           file->version.ToString());
        break;
      }
    }
    Diagnostic& d = diagnostics.Error(
        Code::kModuleVersionConflict, item.range,
        fmt::format("module '{}' is required at two versions: '{}' selects {} here, but "
                    "'{}' selects {}{}",
                    id, item.constraint, chosen->version.ToString(), it->second.constraint,
                    it->second.file->version.ToString(), both));
    d.notes.push_back({std::nullopt, fmt::format("the other requirement is at {}: {} {}",
                                                 it->second.where, id, it->second.constraint)});
    return nullptr;
  }
  return chosen;
}

bool Linker::EnsureChecked(const ModuleFile& module, const ast::Item& item,
                           Diagnostics& diagnostics) {
  auto on_stack = std::find(stack_.begin(), stack_.end(), module.id);
  if (on_stack != stack_.end()) {
    std::vector<std::string> cycle(on_stack, stack_.end());
    cycle.push_back(module.id);
    diagnostics.Error(Code::kModuleCycle, item.range,
                      fmt::format("module cycle: {}", fmt::join(cycle, " → ")));
    return false;
  }
  if (auto it = states_.find(module.path); it != states_.end()) return it->second.ok;

  ModuleCheck check;
  check.source = std::make_unique<SourceFile>(module.path, module.text);
  ModuleState state;
  auto parsed = ParsePolicy(*check.source, check.diagnostics);
  if (parsed) {
    stack_.push_back(module.id);
    MergeNotes notes;
    auto merged = Merge(std::move(parsed), module.path, check.diagnostics, true, &notes);
    stack_.pop_back();
    if (merged) {
      auto checked = CheckMerged(*check.source, *merged, notes, check.diagnostics);
      if (checked) {
        for (const auto& item : merged->items) {
          if (item.kind != ItemKind::kParam) continue;
          state.param_types.emplace(item.name.name, checked->types[item.value->id]);
        }
      }
      state.param_where = notes.param_where;
      state.disabled = notes.disabled;
    }
    state.ok = merged != nullptr && !check.diagnostics.has_errors();
  }
  const bool ok = state.ok;
  states_.emplace(module.path, std::move(state));
  checks_.push_back(std::move(check));
  if (ok) used_.emplace(std::make_pair(module.id, module.version.ToString()), &module);
  return ok;
}

std::unique_ptr<ast::Policy> Linker::BuildFresh(const ModuleFile& module, MergeNotes* notes) {
  fresh_sources_.push_back(std::make_unique<SourceFile>(module.path, module.text));
  Diagnostics ignored;  // reported when the module was checked
  auto parsed = ParsePolicy(*fresh_sources_.back(), ignored);
  if (!parsed) return nullptr;
  return Merge(std::move(parsed), module.path, ignored, false, notes);
}

std::unique_ptr<ast::Policy> Linker::Merge(std::unique_ptr<ast::Policy> policy,
                                           const std::string& file_name, Diagnostics& diagnostics,
                                           bool report, MergeNotes* notes) {
  // 1. Resolve the requirements.
  const ast::Item* extends = nullptr;
  const ModuleFile* base = nullptr;
  std::vector<std::pair<const ast::Item*, const ModuleFile*>> imports;
  std::set<std::string> aliases;
  bool ok = true;
  for (const auto& item : policy->items) {
    if (item.kind != ItemKind::kExtends && item.kind != ItemKind::kImport) continue;
    if (item.kind == ItemKind::kExtends && extends != nullptr) {
      if (report) {
        Diagnostic& d = diagnostics.Error(
            Code::kInvalidModuleUse, item.range,
            "a policy extends at most one module; import the others (import MODULE as ALIAS)");
        d.notes.push_back({extends->range, "the policy already extends a module here"});
      }
      ok = false;
      continue;
    }
    if (item.kind == ItemKind::kExtends) extends = &item;
    const ModuleFile* file = Resolve(item, file_name, diagnostics, report);
    if (file == nullptr) {
      ok = false;
      continue;
    }
    if (report ? !EnsureChecked(*file, item, diagnostics) : !states_[file->path].ok) {
      ok = false;
      continue;
    }
    if (item.kind == ItemKind::kExtends) {
      base = file;
      continue;
    }
    const std::string alias =
        item.alias ? item.alias->name : item.module.text.substr(item.module.text.rfind('.') + 1);
    const SourceRange at = item.alias ? item.alias->range : item.module.range;
    if (!aliases.insert(alias).second) {
      if (report) {
        diagnostics.Error(Code::kDuplicateName, at,
                          fmt::format("two imports use the alias '{}'; give one another "
                                      "(import MODULE as ALIAS)",
                                      alias));
      }
      ok = false;
      continue;
    }
    imports.push_back({&item, file});
  }
  if (!ok) return nullptr;

  auto merged = std::make_unique<ast::Policy>();
  merged->header = policy->header;

  // 2. Imports: the module's params and lets under ALIAS.NAME.
  std::map<std::string, std::string> import_alias;  // alias → module id
  for (const auto& [item, file] : imports) {
    const std::string alias = item->alias
                                  ? item->alias->name
                                  : item->module.text.substr(item->module.text.rfind('.') + 1);
    import_alias[alias] = file->id;
    MergeNotes ignored;
    auto module = BuildFresh(*file, &ignored);
    if (!module) return nullptr;
    std::set<std::string> names;
    for (const auto& m : module->items) {
      if (m.kind == ItemKind::kParam || m.kind == ItemKind::kLet) names.insert(m.name.name);
    }
    for (auto& m : module->items) {
      if (m.kind != ItemKind::kParam && m.kind != ItemKind::kLet) continue;
      VisitItem(m, [&](ast::ExprPtr& e) {
        if (e->kind == ast::ExprKind::kName && names.count(e->text))
          e->text = alias + "." + e->text;
      });
      m.name.name = alias + "." + m.name.name;
      merged->items.push_back(std::move(m));
    }
  }

  // 3. The base's params, lets and rules, as the base itself sees them.
  if (base != nullptr) {
    MergeNotes base_notes;
    auto module = BuildFresh(*base, &base_notes);
    if (!module) return nullptr;
    for (auto& m : module->items)
      merged->items.push_back(std::move(m));
    notes->disabled = states_[base->path].disabled;
    notes->param_where = states_[base->path].param_where;
  }
  const size_t inherited_end = merged->items.size();
  auto find_inherited = [&](ItemKind kind, const std::string& name) -> ast::Item* {
    for (size_t i = 0; i < inherited_end; ++i) {
      ast::Item& m = merged->items[i];
      if (m.kind != kind) continue;
      if ((kind == ItemKind::kRule ? m.rule->id.text : m.name.name) == name) return &m;
    }
    return nullptr;
  };
  std::vector<std::string> inherited_rules;
  for (size_t i = 0; i < inherited_end; ++i) {
    if (merged->items[i].kind == ItemKind::kRule)
      inherited_rules.push_back(merged->items[i].rule->id.text);
  }
  const std::string base_name = extends ? "'" + extends->module.text + "'" : "";

  // 4. The policy's own items: overrides in place, the rest appended.
  std::vector<size_t> removed;
  std::set<std::string> changed_rules;
  for (auto& item : policy->items) {
    // `alias.name` → the imported name.
    if (!import_alias.empty()) {
      VisitItem(item, [&](ast::ExprPtr& e) {
        if (e->kind != ast::ExprKind::kField || e->operands[0]->kind != ast::ExprKind::kName ||
            e->operands[0]->parenthesized || !import_alias.count(e->operands[0]->text)) {
          return;
        }
        auto name = std::make_unique<ast::Expr>();
        name->kind = ast::ExprKind::kName;
        name->text = e->operands[0]->text + "." + e->text;
        name->range = e->range;
        name->name_range = e->range;
        name->parenthesized = e->parenthesized;
        e = std::move(name);
      });
    }
    switch (item.kind) {
      case ItemKind::kExtends:
      case ItemKind::kImport:
        break;
      case ItemKind::kParam:
      case ItemKind::kLet: {
        ast::Item* inherited = find_inherited(ItemKind::kParam, item.name.name);
        ast::Item* inherited_let = find_inherited(ItemKind::kLet, item.name.name);
        if (item.kind == ItemKind::kParam && inherited != nullptr) {
          inherited->value = std::move(item.value);
          inherited->steps = std::move(item.steps);
          inherited->name.range = item.name.range;
          inherited->range = item.range;
          auto where = notes->param_where.find(item.name.name);
          notes->overrides.push_back({item.name.name, inherited, item.range, Type::Error(),
                                      where == notes->param_where.end() ? "" : where->second});
          notes->param_where[item.name.name] = Where(file_name, item.name.range);
          break;
        }
        if (inherited != nullptr || inherited_let != nullptr) {
          if (report) {
            diagnostics.Error(
                Code::kDuplicateName, item.name.range,
                fmt::format("'{}' is already declared as a {} by {}{}", item.name.name,
                            inherited != nullptr ? "param" : "let", base_name,
                            inherited != nullptr ? "; override it with a param"
                                                 : "; a let cannot be overridden"));
          }
          return nullptr;
        }
        if (item.kind == ItemKind::kParam)
          notes->param_where[item.name.name] = Where(file_name, item.name.range);
        merged->items.push_back(std::move(item));
        break;
      }
      case ItemKind::kRule:
        merged->items.push_back(std::move(item));
        break;
      case ItemKind::kOverrideRule:
      case ItemKind::kDisableRule: {
        const bool disable = item.kind == ItemKind::kDisableRule;
        ast::Item* target = find_inherited(ItemKind::kRule, item.target.text);
        // A rule is overridden or disabled once: the second would act on a
        // rule that is already gone or replaced.
        if (target != nullptr && !changed_rules.insert(item.target.text).second) {
          if (report) {
            diagnostics.Error(
                Code::kUnknownRuleOverride, item.target.range,
                fmt::format("rule '{}' is already overridden or disabled above", item.target.text));
          }
          return nullptr;
        }
        if (target == nullptr) {
          if (report) {
            diagnostics.Error(
                Code::kUnknownRuleOverride, item.target.range,
                extends == nullptr
                    ? fmt::format("'{} rule' needs a base: this policy extends no module",
                                  disable ? "disable" : "override")
                    : fmt::format("{} has no rule '{}' to {}{}", base_name, item.target.text,
                                  disable ? "disable" : "override",
                                  DidYouMean(ClosestSpelling(item.target.text, inherited_rules))));
          }
          return nullptr;
        }
        if (disable) {
          notes->disabled.push_back({item.target.text, item.reason.value});
          removed.push_back(static_cast<size_t>(target - merged->items.data()));
        } else {
          target->rule = std::move(item.rule);
          target->range = item.range;
        }
        break;
      }
    }
  }
  std::sort(removed.begin(), removed.end());
  for (auto it = removed.rbegin(); it != removed.rend(); ++it)
    merged->items.erase(merged->items.begin() + static_cast<std::ptrdiff_t>(*it));
  // Erasing moved items: re-point the override notes at the surviving ones.
  for (auto& o : notes->overrides) {
    for (const auto& m : merged->items) {
      if (m.kind == ItemKind::kParam && m.name.name == o.name) o.item = &m;
    }
  }
  RenumberExpressions(*merged);
  for (auto& o : notes->overrides) {
    if (base != nullptr) {
      const auto& types = states_[base->path].param_types;
      if (auto t = types.find(o.name); t != types.end()) o.base_type = t->second;
    }
  }
  return merged;
}

// Types the merged policy. An override that changes a param's type would make
// the base's own rules fail to check in the base's file; that is reported
// once, at the override, instead.
std::optional<CheckedPolicy> Linker::CheckMerged(const SourceFile& source,
                                                 const ast::Policy& merged, const MergeNotes& notes,
                                                 Diagnostics& diagnostics) {
  Diagnostics local;
  CheckedPolicy checked = CheckPolicy(source, merged, local);
  bool changed_type = false;
  for (const auto& o : notes.overrides) {
    if (o.base_type.is_error()) continue;
    std::vector<const ast::Expr*> values = {o.item->value.get()};
    for (const auto& step : o.item->steps) {
      if (step.value) values.push_back(step.value.get());
    }
    for (const ast::Expr* value : values) {
      const Type& type = checked.types[value->id];
      if (type.is_error() || type.CompatibleWith(o.base_type)) continue;
      Diagnostic& d = diagnostics.Error(
          Code::kParamOverrideType, value->range,
          fmt::format("override of param '{}' changes its type: the base declares {}, this "
                      "value is {}",
                      o.name, o.base_type.DescribeWithArticle(), type.DescribeWithArticle()));
      if (!o.base_where.empty()) {
        d.notes.push_back(
            {std::nullopt, fmt::format("'{}' is declared at {}", o.name, o.base_where)});
      }
      changed_type = true;
    }
  }
  if (changed_type) return std::nullopt;
  for (const Diagnostic& d : local.items()) {
    Diagnostic& copy = d.severity == Severity::kError
                           ? diagnostics.Error(d.code, d.range, d.message)
                           : diagnostics.Warning(d.code, d.range, d.message);
    copy.notes = d.notes;
  }
  return checked;
}

}  // namespace

bool UsesModules(const ast::Policy& policy) {
  for (const auto& item : policy.items) {
    if (item.kind == ItemKind::kExtends || item.kind == ItemKind::kImport ||
        item.kind == ItemKind::kOverrideRule || item.kind == ItemKind::kDisableRule) {
      return true;
    }
  }
  return false;
}

LinkResult Link(const SourceFile& source, std::unique_ptr<ast::Policy> policy,
                const ModuleIndex& index, Diagnostics& diagnostics) {
  return Linker(index).Run(source, std::move(policy), diagnostics);
}

void RenumberExpressions(ast::Policy& policy) {
  ast::NodeId next = 0;
  for (auto& item : policy.items)
    VisitItem(item, [&](ast::ExprPtr& e) { e->id = ++next; });
  policy.node_count = next;
}

}  // namespace gridlaw::modules
