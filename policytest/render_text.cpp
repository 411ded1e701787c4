// The text form of `gridlaw test`, shaped like `opa test`.

#include <fmt/format.h>

#include <algorithm>

#include "eval/evaluator.h"
#include "render.h"

namespace gridlaw::policytest {
namespace {

constexpr const char* kRuler =
    "--------------------------------------------------------------------------------\n";

void RenderMismatch(const Mismatch& m, std::string* out) {
  const std::string what = m.rule.empty() ? m.subject : m.subject + " " + m.rule;
  *out += fmt::format("  {}: expected {}, got {}\n", what, m.expected, m.got);
  if (!m.message.empty()) *out += fmt::format("    message: {}\n", m.message);
}

// "tf." for a clause that came out true and false but never unknown; "-"
// for a clause the rule does not have.
std::string Cells(uint8_t reached, bool has_clause, bool with_unknown) {
  if (!has_clause) return "-";
  auto bit = [&](ClauseOutcome o) { return (reached & (1u << static_cast<unsigned>(o))) != 0; };
  std::string cells;
  cells += bit(ClauseOutcome::kTrue) ? 't' : '.';
  cells += bit(ClauseOutcome::kFalse) ? 'f' : '.';
  if (with_unknown || bit(ClauseOutcome::kUnknown)) {
    cells += bit(ClauseOutcome::kUnknown) ? 'u' : '.';
  }
  return cells;
}

void RenderCoverage(const PolicyCoverage& p, std::string* out) {
  *out += fmt::format("\n{} ({} {})", p.policy, p.policy_id.empty() ? "?" : p.policy_id, p.version);
  if (!p.checks) {
    *out += ": the policy has errors (gridlaw check)\n";
  } else if (!p.tested) {
    *out += ": no test file names this policy\n";
  } else {
    *out += fmt::format(", {} case{}\n", p.cases, p.cases == 1 ? "" : "s");
  }
  size_t width = 4;
  for (const RuleCoverage& r : p.rules)
    width = std::max(width, r.rule_id.size());
  if (!p.rules.empty()) {
    *out += fmt::format("  {:<{}}  when  require  warn  verdicts\n", "rule", width);
  }
  for (const RuleCoverage& r : p.rules) {
    std::string verdicts;
    for (const auto& v : r.verdicts)
      verdicts += (verdicts.empty() ? "" : " ") + v;
    const std::string line = fmt::format(
        "  {:<{}}  {:<4}  {:<7}  {:<4}  {}", r.rule_id, width, Cells(r.when, r.has_when, false),
        Cells(r.require, true, true), Cells(r.warn, r.has_warn, false), verdicts);
    *out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
  }
  const int total = static_cast<int>(p.rules.size());
  *out += fmt::format("  rules {}/{} ({}), outcomes {}/{} ({})\n", p.rules_covered(), total,
                      Percent(p.tested ? p.rules_covered() : 0, total), p.outcomes_covered(),
                      p.outcomes_total(), Percent(p.outcomes_covered(), p.outcomes_total()));
  bool header = false;
  for (const RuleCoverage& r : p.rules) {
    const auto missing = r.missing();
    if (missing.empty()) continue;
    if (!header) *out += "  not covered:\n";
    header = true;
    std::string list;
    for (const auto& m : missing)
      list += (list.empty() ? "" : ", ") + m;
    *out +=
        fmt::format("    {}{}: {}\n", r.rule_id, r.covered() ? "" : " (rule not covered)", list);
  }
}

}  // namespace

std::string RenderText(const TestRunReport& report, bool verbose) {
  std::string out;
  if (verbose) {
    std::string file;
    for (const CaseResult& c : report.cases) {
      if (c.file != file) out += c.file + ":\n";
      file = c.file;
      out += fmt::format("  {}: {}\n", c.name, c.passed() ? "PASS" : "FAIL");
    }
    if (!report.cases.empty()) out += "\n";
  }
  for (const CaseResult& c : report.cases) {
    if (c.passed()) continue;
    out += fmt::format("FAIL {}: {}\n", c.file, c.name);
    for (const Mismatch& m : c.mismatches)
      RenderMismatch(m, &out);
  }
  out += kRuler;
  const int total = static_cast<int>(report.cases.size());
  const int failed = report.failed();
  if (failed == 0) {
    out += fmt::format("PASS: {}/{}\n", total, total);
  } else {
    out += fmt::format("PASS: {}/{}\nFAIL: {}/{}\n", total - failed, total, failed, total);
  }
  if (!report.with_coverage) return out;

  out +=
      "\nCoverage (when/require/warn outcomes reached: t true, f false, u unknown, "
      ". not reached, - no such clause)\n";
  int rules = 0, covered = 0, outcomes = 0, outcomes_covered = 0;
  for (const PolicyCoverage& p : report.coverage) {
    RenderCoverage(p, &out);
    rules += static_cast<int>(p.rules.size());
    covered += p.rules_covered();
    outcomes += p.outcomes_total();
    outcomes_covered += p.outcomes_covered();
  }
  out += fmt::format("\nRule coverage: {}/{} ({}); outcome coverage: {}/{} ({})\n", covered, rules,
                     Percent(covered, rules), outcomes_covered, outcomes,
                     Percent(outcomes_covered, outcomes));
  if (report.threshold) {
    for (const PolicyCoverage& p : report.coverage) {
      if (p.Meets(*report.threshold)) continue;
      out += fmt::format(
          "FAIL: {} covers {} of its rules, below the threshold of {}%\n", p.policy,
          Percent(p.tested ? p.rules_covered() : 0, std::max(1, static_cast<int>(p.rules.size()))),
          *report.threshold);
    }
  }
  return out;
}

std::string RenderErrorsText(const std::vector<TestError>& errors) {
  std::string out;
  for (const TestError& e : errors)
    out += Describe(e) + "\n";
  return out;
}

}  // namespace gridlaw::policytest
