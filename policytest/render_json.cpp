// The JSON form of `gridlaw test`: one document, members sorted by name,
// for CI and other machines.

#include <nlohmann/json.hpp>

#include "eval/evaluator.h"
#include "render.h"

namespace gridlaw::policytest {
namespace {

using nlohmann::json;

// The outcomes a clause reached, by name; null for a clause the rule lacks.
json Outcomes(uint8_t reached, bool has_clause) {
  if (!has_clause) return nullptr;
  json names = json::array();
  const std::pair<ClauseOutcome, const char*> all[] = {{ClauseOutcome::kTrue, "true"},
                                                       {ClauseOutcome::kFalse, "false"},
                                                       {ClauseOutcome::kUnknown, "unknown"}};
  for (const auto& [outcome, name] : all) {
    if ((reached & (1u << static_cast<unsigned>(outcome))) != 0) names.push_back(name);
  }
  return names;
}

json CoverageJson(const PolicyCoverage& p, const std::optional<int>& threshold) {
  json rules = json::array();
  for (const RuleCoverage& r : p.rules) {
    rules.push_back({{"rule", r.rule_id},
                     {"covered", r.covered()},
                     {"when", Outcomes(r.when, r.has_when)},
                     {"require", Outcomes(r.require, true)},
                     {"warn", Outcomes(r.warn, r.has_warn)},
                     {"verdicts", r.verdicts},
                     {"outcomes_total", r.outcomes_total()},
                     {"outcomes_covered", r.outcomes_covered()},
                     {"not_covered", r.missing()}});
  }
  json out = {{"policy", p.policy},
              {"id", p.policy_id},
              {"version", p.version},
              {"tested", p.tested},
              {"checks", p.checks},
              {"cases", p.cases},
              {"rules_total", p.rules.size()},
              {"rules_covered", p.rules_covered()},
              {"rule_coverage", Percent(p.rules_covered(), static_cast<int>(p.rules.size()))},
              {"outcomes_total", p.outcomes_total()},
              {"outcomes_covered", p.outcomes_covered()},
              {"outcome_coverage", Percent(p.outcomes_covered(), p.outcomes_total())},
              {"rules", rules}};
  if (threshold) out["meets_threshold"] = p.Meets(*threshold);
  return out;
}

}  // namespace

std::string RenderJson(const TestRunReport& report) {
  json cases = json::array();
  for (const CaseResult& c : report.cases) {
    json mismatches = json::array();
    for (const Mismatch& m : c.mismatches) {
      mismatches.push_back({{"subject", m.subject},
                            {"rule", m.rule},
                            {"expected", m.expected},
                            {"got", m.got},
                            {"message", m.message}});
    }
    cases.push_back({{"file", c.file},
                     {"name", c.name},
                     {"result", c.passed() ? "pass" : "fail"},
                     {"mismatches", mismatches}});
  }
  const int total = static_cast<int>(report.cases.size());
  json out = {
      {"cases", cases},
      {"summary",
       {{"total", total}, {"passed", total - report.failed()}, {"failed", report.failed()}}}};
  if (report.with_coverage) {
    json policies = json::array();
    for (const PolicyCoverage& p : report.coverage) {
      policies.push_back(CoverageJson(p, report.threshold));
    }
    out["coverage"] = {{"policies", policies},
                       {"threshold", report.threshold ? json(*report.threshold) : json(nullptr)},
                       {"meets_threshold", report.MeetsThreshold()}};
  }
  return out.dump(2) + "\n";
}

std::string RenderErrorsJson(const std::vector<TestError>& errors) {
  json list = json::array();
  for (const TestError& e : errors) {
    list.push_back({{"code", std::string(InfoOf(e.code).id)},
                    {"file", e.file},
                    {"path", e.path},
                    {"message", e.message}});
  }
  return json{{"errors", list}}.dump(2) + "\n";
}

}  // namespace gridlaw::policytest
