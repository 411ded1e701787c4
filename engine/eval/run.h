#pragma once
// An evaluation run: claims grouped by subject, each subject evaluated at
// its latest attestation ending by the evaluation date.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "claims/claims.h"
#include "eval/evaluator.h"
#include "eval/program.h"

namespace gridlaw {

struct SubjectResult {
  std::string provider;
  std::string subject;
  const Claim* evaluated = nullptr;  // null when no attestation ends by the date
  std::vector<RuleResult> rules;
  bool compliant = false;
};

struct RunResult {
  int64_t evaluated_at = 0;             // days: the date the run evaluates at
  std::vector<SubjectResult> subjects;  // sorted by provider, then subject
  std::vector<std::string> indeterminate_fails;  // the policy's setting, for the report
  bool compliant() const;
};

struct InputError {
  std::string claim_id;
  std::string message;
};

// How a verdict counts toward the subject's status: fail breaks compliance,
// and so does indeterminate for the severities in `indeterminate_fails` (the
// policy's setting; critical and major by default); rules of severity info
// never do.
bool BreaksCompliance(const RuleResult& result,
                      const std::vector<std::string>& indeterminate_fails);

// `claims` must outlive the result. `at`: days since the epoch; default the
// latest period end in the data. Overlapping periods of one subject are an
// input error (nothing is evaluated).
std::optional<RunResult> Evaluate(const Program& program, const std::vector<Claim>& claims,
                                  std::optional<int64_t> at, std::vector<InputError>* errors);

}  // namespace gridlaw
