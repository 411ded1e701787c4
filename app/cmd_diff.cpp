// gridlaw diff OLD NEW [--format text|json] [--claims PATH... [--at DATE]]
//
// What a policy revision changes in meaning (engine/diff): rules added,
// removed, renamed; thresholds tightened or loosened after unit
// normalisation; severity, applicability and param changes. With --claims,
// also the subjects whose verdicts change: both versions are evaluated over
// the same claims. Exit 0 when nothing changed, 1 when something did, 2 for
// usage errors and policies with errors.

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "claims/claims.h"
#include "commands.h"
#include "diag/render.h"
#include "diff/policy_diff.h"
#include "eval/program.h"
#include "eval/run.h"
#include "files.h"
#include "frontend/frontend.h"
#include "parallel/for_each_on_threads.h"
#include "policy_files.h"
#include "strict/strict_json.h"
#include "time/civil_time.h"

namespace gridlaw::app {
namespace {

constexpr size_t kMaxClaimBytes = 1 << 20;

struct DiffOptions {
  std::string old_policy;
  std::string new_policy;
  std::string format = "text";
  std::vector<std::string> claims;
  std::string at;
  std::vector<std::string> policy_path;
};

struct VerdictChange {
  std::string subject;  // provider/subject
  std::string status_before, status_after;
  std::vector<std::string> rules;  // "rule: pass → fail"
};

std::optional<CompiledPolicy> Compile(const std::string& path,
                                      const std::vector<std::string>& policy_path) {
  std::string error;
  auto text = ReadFile(path, kMaxPolicyBytes, &error);
  if (!text) {
    std::cerr << "gridlaw diff: " << error << "\n";
    return std::nullopt;
  }
  CompiledPolicy compiled =
      CheckPolicyText(path, std::move(*text), PolicyPathDirectories(policy_path));
  if (!compiled.ok()) {
    std::cerr << compiled.RenderDiagnosticsText();
    std::cerr << "gridlaw diff: " << path << " has errors\n";
    return std::nullopt;
  }
  return compiled;
}

// Claims from files (plain claims; a diff is a regulator's what-if, not an audit).
bool LoadClaims(const std::vector<std::string>& paths, std::vector<Claim>* claims) {
  std::string error;
  for (const std::string& file : ExpandJsonFiles(paths, &error)) {
    auto bytes = ReadFile(file, kMaxClaimBytes, &error);
    if (!bytes) break;
    JsonResult parsed = ParseStrictJson(*bytes);
    std::vector<ClaimError> errors;
    auto claim = parsed.ok() ? DecodeClaim(*parsed, &errors) : std::nullopt;
    if (!claim) {
      error = file + ": not a claim of a known schema";
      break;
    }
    claim->id = file;
    claims->push_back(std::move(*claim));
  }
  if (!error.empty()) std::cerr << "gridlaw diff: " << error << "\n";
  return error.empty();
}

// `renamed`: new rule id → old id, so a renamed rule is compared with itself.
std::vector<VerdictChange> CompareRuns(const RunResult& before, const RunResult& after,
                                       const std::map<std::string, std::string>& renamed) {
  std::map<std::string, const SubjectResult*> old_subjects;
  for (const auto& s : before.subjects)
    old_subjects[s.provider + "/" + s.subject] = &s;
  std::vector<VerdictChange> changes;
  for (const auto& s : after.subjects) {
    const std::string who = s.provider + "/" + s.subject;
    const auto it = old_subjects.find(who);
    if (it == old_subjects.end()) continue;
    VerdictChange change{who,
                         it->second->compliant ? "compliant" : "non_compliant",
                         s.compliant ? "compliant" : "non_compliant",
                         {}};
    std::map<std::string, Verdict> old_verdicts;
    for (const auto& r : it->second->rules)
      old_verdicts[r.rule_id] = r.verdict;
    for (const auto& r : s.rules) {
      const auto old_id = renamed.find(r.rule_id);
      const auto v = old_verdicts.find(old_id == renamed.end() ? r.rule_id : old_id->second);
      const std::string before_verdict =
          v == old_verdicts.end() ? "(none)" : VerdictName(v->second);
      if (before_verdict != VerdictName(r.verdict)) {
        change.rules.push_back(
            fmt::format("{}: {} → {}", r.rule_id, before_verdict, VerdictName(r.verdict)));
      }
    }
    if (change.status_before != change.status_after || !change.rules.empty()) {
      changes.push_back(std::move(change));
    }
  }
  return changes;
}

int RunDiff(const DiffOptions& o) {
  auto old_policy = Compile(o.old_policy, o.policy_path);
  auto new_policy = old_policy ? Compile(o.new_policy, o.policy_path) : std::nullopt;
  if (!new_policy) return kExitUsage;
  auto old_program = Program::Compile(*old_policy->checked);
  auto new_program = Program::Compile(*new_policy->checked);
  const std::vector<PolicyChange> changes = DiffPolicies(*old_program, *new_program);

  std::vector<VerdictChange> verdicts;
  if (!o.claims.empty()) {
    std::optional<int64_t> at;
    if (!o.at.empty()) {
      auto date = ParseDate(o.at);
      if (!date) {
        std::cerr << "gridlaw diff: --at needs a date YYYY-MM-DD\n";
        return kExitUsage;
      }
      at = DaysFromCivil(*date);
    }
    std::vector<Claim> claims;
    if (!LoadClaims(o.claims, &claims)) return kExitUsage;
    std::vector<InputError> errors;
    const unsigned threads = ThreadsOrHardware(0);
    auto before = Evaluate(*old_program, claims, at, &errors, false, threads);
    auto after =
        before ? Evaluate(*new_program, claims, at, &errors, false, threads) : std::nullopt;
    if (!after) {
      for (const auto& e : errors)
        std::cerr << "gridlaw diff: " << e.message << "\n";
      return kExitUsage;
    }
    std::map<std::string, std::string> renamed;
    for (const auto& c : changes) {
      if (c.kind == "rule-renamed") renamed[c.rule] = c.old_rule;
    }
    verdicts = CompareRuns(*before, *after, renamed);
  }

  const auto& old_header = old_policy->policy->header;
  const auto& new_header = new_policy->policy->header;
  if (o.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : changes) {
      nlohmann::json item = {{"kind", c.kind}};
      if (!c.rule.empty()) item["rule"] = c.rule;
      if (!c.old_rule.empty()) item["old_rule"] = c.old_rule;
      if (!c.subject.empty()) item["subject"] = c.subject;
      if (!c.before.empty()) item["before"] = c.before;
      if (!c.after.empty()) item["after"] = c.after;
      list.push_back(std::move(item));
    }
    nlohmann::json doc = {{"old", {{"id", old_header.id.text}, {"version", old_header.version}}},
                          {"new", {{"id", new_header.id.text}, {"version", new_header.version}}},
                          {"changes", std::move(list)}};
    if (!o.claims.empty()) {
      nlohmann::json subjects = nlohmann::json::array();
      for (const auto& v : verdicts) {
        subjects.push_back({{"subject", v.subject},
                            {"status", {{"before", v.status_before}, {"after", v.status_after}}},
                            {"rules", v.rules}});
      }
      doc["subjects"] = std::move(subjects);
    }
    std::cout << doc.dump() << "\n";
  } else {
    std::cout << fmt::format("policy {} {} → {} {}: {} change{}\n", old_header.id.text,
                             old_header.version, new_header.id.text, new_header.version,
                             changes.size(), changes.size() == 1 ? "" : "s");
    for (const auto& c : changes) {
      std::string what;
      if (c.kind == "rule-renamed") {
        what = fmt::format("{} → {} (same body)", c.old_rule, c.rule);
      } else if (c.kind == "rule-added") {
        what = fmt::format("{}: require {}", c.rule, c.after);
      } else if (c.kind == "rule-removed") {
        what = fmt::format("{}: require {}", c.rule, c.before);
      } else {
        const std::string where = c.rule.empty() ? c.subject : c.rule + ": " + c.subject;
        what = fmt::format("{}: {} → {}", where, c.before.empty() ? "(none)" : c.before,
                           c.after.empty() ? "(none)" : c.after);
      }
      std::cout << fmt::format("  {:<22} {}\n", c.kind, what);
    }
    if (!o.claims.empty()) {
      std::cout << fmt::format("{} subject{} change verdicts:\n", verdicts.size(),
                               verdicts.size() == 1 ? "" : "s");
      for (const auto& v : verdicts) {
        std::cout << fmt::format("  {}: {} → {}", v.subject, v.status_before, v.status_after);
        for (const auto& r : v.rules)
          std::cout << "; " << r;
        std::cout << "\n";
      }
    }
  }
  return changes.empty() && verdicts.empty() ? kExitOk : kExitProblems;
}

}  // namespace

void AddDiffCommand(CLI::App& app, std::function<int()>& run) {
  auto o = std::make_shared<DiffOptions>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "What a policy revision changes: rules, thresholds (unit-normalised), params");
  cmd->add_option("old", o->old_policy, "The earlier policy")->required();
  cmd->add_option("new", o->new_policy, "The revised policy")->required();
  cmd->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--claims", o->claims, "Claims to evaluate both versions over");
  cmd->add_option("--at", o->at, "With --claims: the evaluation date");
  AddPolicyPathOption(cmd, &o->policy_path);
  cmd->callback([o, &run] { run = [o] { return RunDiff(*o); }; });
}

}  // namespace gridlaw::app
