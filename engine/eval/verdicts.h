#pragma once
// Verdicts without explanations: the evaluation behind runs that keep only
// counts (`gridlaw eval --records … --format summary`, `gridlaw bench`).
//
// It interprets the same compiled nodes as the explaining evaluator
// (eval/evaluator.h) with the same semantics — Kleene logic, exact
// arithmetic, missing evidence, date-dependent params, the policy's scope —
// but its values are small copyable cells that point into the claim and the
// program instead of owning strings and lists, and it never builds a
// message. Both must give the same verdict for every rule of every subject
// (tests/unit/verdicts_test.cpp compares them subject by subject). A rule's
// conditions run as specialised forms where they have one
// (eval/fast_paths.h), on the general interpreter otherwise. There, some
// shapes take shorter paths — `in` over a list literal of strings, an
// aggregate over a comprehension, structurally equal subexpressions
// evaluated once per attestation — and verdicts.cpp says at each why it
// gives what the general path gives.
//
// Thread safety: one VerdictEvaluator per thread; the Program is shared.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "claims/claims.h"
#include "eval/evaluator.h"
#include "eval/program.h"
#include "eval/scope.h"

namespace gridlaw {

// The verdicts of one subject, as a summary counts them.
struct SubjectVerdicts {
  bool evaluated = false;  // the attestation's period ended by the evaluation date
  bool compliant = false;
  std::vector<Verdict> rules;  // in program order; empty when not evaluated
};

class VerdictEvaluator {
 public:
  // `program` must outlive the evaluator.
  explicit VerdictEvaluator(const Program& program);
  ~VerdictEvaluator();
  VerdictEvaluator(const VerdictEvaluator&) = delete;
  VerdictEvaluator& operator=(const VerdictEvaluator&) = delete;

  // The subject whose attestations are `history` (ordered by period start,
  // without overlaps), evaluated at `at` (days) — at its latest attestation
  // ending by then — exactly as Evaluate (eval/run.h) decides it.
  void Evaluate(std::span<const Claim* const> history, int64_t at, SubjectVerdicts* out);
  // A subject with one attestation (a record of a record stream).
  void Evaluate(const Claim& claim, int64_t at, SubjectVerdicts* out) {
    const Claim* const one = &claim;
    Evaluate(std::span<const Claim* const>(&one, 1), at, out);
  }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridlaw
