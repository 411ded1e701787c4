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

// A rule's measure at one of the subject's attestations (for charts).
struct SeriesPoint {
  std::string period_start;  // YYYY-MM-DD
  Verdict verdict = Verdict::kIndeterminate;
  std::string value;  // as RuleResult::Measure; "" when missing
  std::string limit;
};

struct SubjectResult {
  std::string provider;
  std::string subject;
  const Claim* evaluated = nullptr;  // null when no attestation ends by the date
  std::vector<RuleResult> rules;
  // With series: per rule (same order as `rules`), the rule evaluated at
  // each of the subject's attestations up to the evaluated one; empty for
  // rules without a measure.
  std::vector<std::vector<SeriesPoint>> series;
  bool compliant = false;
};

struct RunResult {
  int64_t evaluated_at = 0;                      // days: the date the run evaluates at
  std::vector<SubjectResult> subjects;           // sorted by provider, then subject
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
// input error (nothing is evaluated). `with_series` also evaluates every
// rule with a measure at each earlier attestation of the subject.
// `threads` evaluate subjects side by side (0 counts as 1); the result does
// not depend on it.
std::optional<RunResult> Evaluate(const Program& program, const std::vector<Claim>& claims,
                                  std::optional<int64_t> at, std::vector<InputError>* errors,
                                  bool with_series = false, unsigned threads = 1);

// `claims` grouped by subject (provider, then subject id, in byte order),
// each subject's attestations ordered by period; `latest` is set to the
// latest period end. nullopt, with `errors` added, when two periods of one
// subject overlap. The histories point into `claims`.
std::optional<std::vector<SubjectHistory>> GroupBySubject(const std::vector<Claim>& claims,
                                                          std::vector<InputError>* errors,
                                                          int64_t* latest);

// A subject with one attestation, `claim` (a record of a record stream,
// SPEC.md §22), evaluated as Evaluate evaluates each subject at `at` (days):
// not evaluated when its period ends after `at`, not applicable outside the
// policy's scope. `claim` must outlive the result.
SubjectResult EvaluateRecord(const Program& program, const Claim& claim, int64_t at,
                             EvaluationScratch* scratch);

}  // namespace gridlaw
