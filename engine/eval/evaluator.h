#pragma once
// Evaluates a compiled policy for one subject at one attestation: verdicts
// with the evidence that decided them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "claims/claims.h"
#include "eval/program.h"

namespace gridlaw {

// kExempt is never computed by the evaluator: a waiver (engine/waiver)
// turns another verdict into it, keeping that verdict in RuleResult::exemption.
enum class Verdict { kPass, kWarn, kFail, kIndeterminate, kNotApplicable, kExempt };
const char* VerdictName(Verdict verdict);

// How one clause of a rule (`when`, `require`, `warn`) came out in an
// evaluation: what policy test coverage counts (`gridlaw test --coverage`).
enum class ClauseOutcome : uint8_t { kNotEvaluated, kTrue, kFalse, kUnknown };

// One subject's attestations, ordered by period start, without overlaps.
struct SubjectHistory {
  std::string provider;
  std::string subject;
  std::vector<const Claim*> claims;
};

struct RuleResult {
  std::string rule_id;
  std::string title;  // with {names} interpolated
  std::string severity;
  std::string cite;
  // The reason of `override rule … because "…"` when the policy replaced an
  // inherited rule; empty otherwise.
  std::string override_reason;
  Verdict verdict = Verdict::kIndeterminate;
  // Why: the values of the sub-expressions that decided the verdict
  // ("mean(pue over 12 months) = 1.31 > max_pue = 1.25 (12 attestations,
  // 2027-01 … 2027-12)").
  std::string message;
  std::vector<std::string> attestations;  // ids of the claims the verdict read, sorted
  // For a rule whose `require` is one comparison of quantities or numbers:
  // the measured value against its limit, as numbers a chart can plot.
  struct Measure {
    std::string metric;  // the measured side as written: "mean(pue over 12 months)"
    std::string op;      // with the metric on the left: "<="
    std::string value;   // decimal in `unit`, rounded as in messages; "" when missing
    std::string limit;   // decimal in `unit`; "" when missing
    std::string unit;    // "kWh", "%", "EUR/Mtoken"; "" for plain numbers
  };
  std::optional<Measure> measure;
  // Which way each clause went; kNotEvaluated when the rule has no such
  // clause, when an earlier clause decided the verdict, or when the policy's
  // scope (effective dates, jurisdiction) did. Three bytes set on the way,
  // so that coverage costs evaluation nothing.
  struct Clauses {
    ClauseOutcome when = ClauseOutcome::kNotEvaluated;
    ClauseOutcome require = ClauseOutcome::kNotEvaluated;
    ClauseOutcome warn = ClauseOutcome::kNotEvaluated;
  };
  Clauses clauses;
  // Set when a waiver exempts the subject from the rule (verdict kExempt):
  // which waiver, and what the verdict and message were without it.
  struct Exemption {
    std::string waiver_id;
    Verdict verdict = Verdict::kIndeterminate;
    std::string message;
  };
  std::optional<Exemption> exemption;
};

// Working memory of evaluations, reused across subjects so that a run does
// not allocate per subject. One per thread; not shared. It belongs to one
// Program at a time: given another, it starts over, but it must not outlive
// the Program it was last used with and then meet a new one at its address.
struct EvaluationScratch {
  const Program* program = nullptr;  // the program the vectors below are for
  std::vector<Value> memo;           // by node index
  std::vector<uint32_t> memo_epoch;  // memo[i] is valid when memo_epoch[i] == epoch
  uint32_t epoch = 0;
  // What explanations show of the policy itself, the same for every
  // subject: each node's source text (FormatExpr), made when first shown,
  // and each rule's title split into literal text and {names}.
  std::vector<std::optional<std::string>> node_text;  // by node index
  struct TitlePart {
    bool is_name = false;
    std::string text;  // the name, or the literal text with its escapes decoded
  };
  std::vector<std::optional<std::vector<TitlePart>>> titles;  // by rule index
};

// Evaluates every rule for the attestation at `current` of `history`.
std::vector<RuleResult> EvaluateSubject(const Program& program, const SubjectHistory& history,
                                        size_t current, EvaluationScratch* scratch = nullptr);

// Shows a quantity in `unit` (empty: the base unit of `dimension`), rounded
// half to even to `digits` decimals with trailing zeros dropped (-1: exact,
// a fraction when it has no finite decimal form); "%" multiplies by 100.
std::string FormatQuantity(const Rational& base_value, const std::string& unit,
                           const Dimension& dimension, int digits = 6);

// The same, as the number and the unit apart ("1.31", ""; "98.5", "%").
struct QuantityParts {
  std::string number;
  std::string unit;
};
QuantityParts QuantityInUnit(const Rational& base_value, const std::string& unit,
                             const Dimension& dimension, int digits = 6);

}  // namespace gridlaw
