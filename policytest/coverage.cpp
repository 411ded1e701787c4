#include "coverage.h"

#include <fmt/format.h>

#include <algorithm>

#include "eval/evaluator.h"
#include "test_file.h"

namespace gridlaw::policytest {
namespace {

constexpr uint8_t Bit(ClauseOutcome outcome) {
  return static_cast<uint8_t>(1u << static_cast<unsigned>(outcome));
}

struct Counted {
  const char* clause;
  ClauseOutcome outcome;
  const char* name;
};

// The counted outcomes of a rule, in the order they are listed.
std::vector<Counted> CountedOutcomes(const RuleCoverage& rule) {
  std::vector<Counted> out;
  if (rule.has_when) {
    out.push_back({"when", ClauseOutcome::kTrue, "true"});
    out.push_back({"when", ClauseOutcome::kFalse, "false"});
  }
  out.push_back({"require", ClauseOutcome::kTrue, "true"});
  out.push_back({"require", ClauseOutcome::kFalse, "false"});
  out.push_back({"require", ClauseOutcome::kUnknown, "unknown"});
  if (rule.has_warn) {
    out.push_back({"warn", ClauseOutcome::kTrue, "true"});
    out.push_back({"warn", ClauseOutcome::kFalse, "false"});
  }
  return out;
}

uint8_t Reached(const RuleCoverage& rule, const std::string& clause) {
  return clause == "when" ? rule.when : clause == "require" ? rule.require : rule.warn;
}

}  // namespace

int RuleCoverage::outcomes_total() const {
  return static_cast<int>(CountedOutcomes(*this).size());
}

int RuleCoverage::outcomes_covered() const {
  int n = 0;
  for (const Counted& c : CountedOutcomes(*this)) {
    if ((Reached(*this, c.clause) & Bit(c.outcome)) != 0) ++n;
  }
  return n;
}

std::vector<std::string> RuleCoverage::missing() const {
  std::vector<std::string> out;
  for (const Counted& c : CountedOutcomes(*this)) {
    if ((Reached(*this, c.clause) & Bit(c.outcome)) == 0) {
      out.push_back(std::string(c.clause) + " " + c.name);
    }
  }
  return out;
}

int PolicyCoverage::rules_covered() const {
  return static_cast<int>(
      std::count_if(rules.begin(), rules.end(), [](const RuleCoverage& r) { return r.covered(); }));
}

int PolicyCoverage::outcomes_total() const {
  int n = 0;
  for (const RuleCoverage& r : rules)
    n += r.outcomes_total();
  return n;
}

int PolicyCoverage::outcomes_covered() const {
  int n = 0;
  for (const RuleCoverage& r : rules)
    n += r.outcomes_covered();
  return n;
}

bool PolicyCoverage::Meets(int threshold) const {
  if (threshold <= 0) return true;
  if (!tested || !checks) return false;
  const int total = static_cast<int>(rules.size());
  return total == 0 || rules_covered() * 100 >= threshold * total;
}

PolicyCoverage CoverageOf(const std::string& policy, const Program& program) {
  PolicyCoverage coverage;
  coverage.policy = policy;
  const auto& header = program.checked().policy->header;
  coverage.policy_id = header.id.text;
  coverage.version = header.version;
  for (const CompiledRule& rule : program.rules()) {
    RuleCoverage r;
    r.rule_id = rule.id;
    r.has_when = rule.when.has_value();
    r.has_warn = rule.warn.has_value();
    coverage.rules.push_back(std::move(r));
  }
  return coverage;
}

void Record(const RunResult& run, PolicyCoverage* coverage) {
  static const std::vector<std::string> order = VerdictNames();
  ++coverage->cases;
  for (const SubjectResult& subject : run.subjects) {
    for (const RuleResult& result : subject.rules) {
      auto rule = std::find_if(coverage->rules.begin(), coverage->rules.end(),
                               [&](const RuleCoverage& r) { return r.rule_id == result.rule_id; });
      if (rule == coverage->rules.end()) continue;
      rule->when |= Bit(result.clauses.when);
      rule->require |= Bit(result.clauses.require);
      rule->warn |= Bit(result.clauses.warn);
      // Not evaluated is no outcome.
      rule->when &= static_cast<uint8_t>(~Bit(ClauseOutcome::kNotEvaluated));
      rule->require &= static_cast<uint8_t>(~Bit(ClauseOutcome::kNotEvaluated));
      rule->warn &= static_cast<uint8_t>(~Bit(ClauseOutcome::kNotEvaluated));
      const std::string name = VerdictName(result.verdict);
      if (std::find(rule->verdicts.begin(), rule->verdicts.end(), name) == rule->verdicts.end()) {
        rule->verdicts.push_back(name);
        std::sort(rule->verdicts.begin(), rule->verdicts.end(),
                  [&](const std::string& a, const std::string& b) {
                    return std::find(order.begin(), order.end(), a) <
                           std::find(order.begin(), order.end(), b);
                  });
      }
    }
  }
}

std::string Percent(int covered, int total) {
  if (total <= 0) return "-";
  const int64_t tenths = (int64_t{covered} * 2000 + total) / (int64_t{2} * total);
  return fmt::format("{}.{}%", tenths / 10, tenths % 10);
}

}  // namespace gridlaw::policytest
