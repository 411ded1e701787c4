#pragma once
// Verdict counts per rule over a run: the summary of a run too large to
// report subject by subject (SPEC.md §22.3), built from either kind of run.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eval/evaluator.h"
#include "eval/program.h"
#include "eval/run.h"
#include "eval/verdicts.h"

namespace gridlaw {

struct RuleTally {
  std::string rule_id;
  std::string severity;
  // Indexed by Verdict, exempt (set by waivers) included.
  std::array<uint64_t, static_cast<size_t>(Verdict::kExempt) + 1> by_verdict{};

  uint64_t count(Verdict v) const { return by_verdict[static_cast<size_t>(v)]; }
};

struct RunTally {
  uint64_t subjects = 0;
  uint64_t evaluated = 0;  // subjects with an attestation ending by the evaluation date
  uint64_t compliant = 0;
  int64_t evaluated_at = 0;      // days
  std::vector<RuleTally> rules;  // in policy order

  // Zero counts for each rule of `program`.
  static RunTally For(const Program& program);
  static RunTally Of(const Program& program, const RunResult& run);
  void Add(const SubjectResult& subject);
  void Add(const SubjectVerdicts& subject);
  // Adds the counts of `other`, a tally of the same program over other subjects.
  void Merge(const RunTally& other);
  uint64_t rule_evaluations() const { return evaluated * rules.size(); }
};

// The tally of Evaluate's run (eval/run.h) over `claims`, from verdicts
// alone: each subject through a VerdictEvaluator instead of the explaining
// evaluator, on `threads` threads. The counts are those of
// RunTally::Of(program, *Evaluate(…)); what a summary of claim files or a
// ledger needs, without a message per verdict. nullopt with `errors` as
// Evaluate gives them.
std::optional<RunTally> TallyClaims(const Program& program, const std::vector<Claim>& claims,
                                    std::optional<int64_t> at, std::vector<InputError>* errors,
                                    unsigned threads = 1);

}  // namespace gridlaw
