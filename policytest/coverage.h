#pragma once
// Coverage of a policy by its test cases (SPEC.md §21).
//
// A rule is covered when its `require` was evaluated (true, false or
// unknown) for some subject in some case: its own logic ran, rather than a
// `when` or the policy's scope deciding the verdict. Outcomes are the ways
// each clause can go: `when` true and false, `require` true, false and
// unknown, `warn` true and false, for the clauses the rule has. The verdicts
// each rule reached are shown but not counted: they follow from the outcomes.

#include <cstdint>
#include <string>
#include <vector>

#include "eval/program.h"
#include "eval/run.h"

namespace gridlaw::policytest {

struct RuleCoverage {
  std::string rule_id;
  bool has_when = false;
  bool has_warn = false;
  // Bit (1 << ClauseOutcome) set when the clause came out that way.
  uint8_t when = 0;
  uint8_t require = 0;
  uint8_t warn = 0;
  std::vector<std::string> verdicts;  // names reached, in the order of the Verdict enum

  bool covered() const { return require != 0; }
  int outcomes_total() const;
  int outcomes_covered() const;
  // "require unknown", "when false", …: the counted outcomes not reached.
  std::vector<std::string> missing() const;
};

struct PolicyCoverage {
  std::string policy;  // the policy file's path
  std::string policy_id;
  std::string version;
  bool tested = false;  // some test file names this policy
  bool checks = true;   // false: the policy has errors, its rules are unknown
  int cases = 0;
  std::vector<RuleCoverage> rules;  // in policy order

  int rules_covered() const;
  int outcomes_total() const;
  int outcomes_covered() const;
  // Rule coverage in whole percent is at least `threshold`; a policy that
  // has no tests (or does not check) never is, unless the threshold is 0.
  bool Meets(int threshold) const;
};

// Every rule of `program`, nothing reached yet.
PolicyCoverage CoverageOf(const std::string& policy, const Program& program);

// Adds what one case's run reached.
void Record(const RunResult& run, PolicyCoverage* coverage);

// "66.7%": the share rounded half up to one decimal, in integers so that it
// prints the same everywhere; "-" when there is nothing to cover.
std::string Percent(int covered, int total);

}  // namespace gridlaw::policytest
