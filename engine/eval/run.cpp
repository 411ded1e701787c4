#include "eval/run.h"

#include <fmt/format.h>

#include <algorithm>

#include "ast/ast.h"
#include "eval/scope.h"
#include "parallel/for_each_on_threads.h"
#include "time/civil_time.h"

namespace gridlaw {

bool RunResult::compliant() const {
  return std::all_of(subjects.begin(), subjects.end(),
                     [](const SubjectResult& s) { return s.compliant; });
}

bool BreaksCompliance(const RuleResult& result,
                      const std::vector<std::string>& indeterminate_fails) {
  // Rules of severity info are advice: they report, they never decide.
  if (result.severity == "info") return false;
  // An exempt verdict was waived by a regulator (SPEC §20): never a breach.
  if (result.verdict == Verdict::kExempt) return false;
  if (result.verdict == Verdict::kFail) return true;
  return result.verdict == Verdict::kIndeterminate &&
         std::find(indeterminate_fails.begin(), indeterminate_fails.end(), result.severity) !=
             indeterminate_fails.end();
}

namespace {

// Each rule that has a measure at the evaluated attestation, evaluated at
// every attestation up to it: the points of its chart.
std::vector<std::vector<SeriesPoint>> SeriesOf(const Program& program, const SubjectHistory& h,
                                               size_t current, const std::vector<RuleResult>& rules,
                                               EvaluationScratch* scratch) {
  std::vector<std::vector<SeriesPoint>> series(rules.size());
  const bool any = std::any_of(rules.begin(), rules.end(),
                               [](const RuleResult& r) { return r.measure.has_value(); });
  if (!any) return series;
  const PolicyScope scope(program.checked().policy->header);
  for (size_t i = 0; i <= current; ++i) {
    const PolicyScope::Fit fit = scope.Of(*h.claims[i]);
    const bool outside = fit != PolicyScope::Fit::kInside;
    const bool unknown = fit == PolicyScope::Fit::kUnknown;
    std::vector<RuleResult> at_i;
    if (!outside) at_i = i == current ? rules : EvaluateSubject(program, h, i, scratch);
    for (size_t r = 0; r < rules.size(); ++r) {
      if (!rules[r].measure) continue;
      SeriesPoint point;
      point.period_start = FormatDate(CivilFromDays(h.claims[i]->period_start));
      if (outside) {
        point.verdict = unknown ? Verdict::kIndeterminate : Verdict::kNotApplicable;
      } else {
        point.verdict = at_i[r].verdict;
        if (at_i[r].measure) {
          point.value = at_i[r].measure->value;
          point.limit = at_i[r].measure->limit;
        }
      }
      series[r].push_back(std::move(point));
    }
  }
  return series;
}

// One subject at the evaluation date `at`: its latest attestation whose
// period has ended by then (index in `current`), within the policy's scope.
SubjectResult EvaluateHistory(const Program& program, const SubjectHistory& h, int64_t at,
                              EvaluationScratch* scratch, size_t* current_out) {
  SubjectResult s;
  s.provider = h.provider;
  s.subject = h.subject;
  size_t current = h.claims.size();
  for (size_t i = 0; i < h.claims.size(); ++i) {
    if (h.claims[i]->period_end <= at) current = i;
  }
  *current_out = current;
  if (current < h.claims.size()) {
    s.evaluated = h.claims[current];
    const PolicyScope scope(program.checked().policy->header);
    const PolicyScope::Fit fit = scope.Of(*s.evaluated);
    if (fit == PolicyScope::Fit::kInside) {
      s.rules = EvaluateSubject(program, h, current, scratch);
    } else {
      const bool unknown = fit == PolicyScope::Fit::kUnknown;
      const std::string why = scope.Why(*s.evaluated);
      for (const CompiledRule& rule : program.rules()) {
        RuleResult r;
        r.rule_id = rule.id;
        r.severity = rule.severity;
        r.cite = rule.cite;
        r.verdict = unknown ? Verdict::kIndeterminate : Verdict::kNotApplicable;
        r.message = (unknown ? "applicability unknown: " : "not applicable: ") + why;
        r.attestations = {s.evaluated->id};
        s.rules.push_back(std::move(r));
      }
    }
  }
  const auto& fails = program.checked().indeterminate_fails;
  s.compliant = s.evaluated != nullptr &&
                std::none_of(s.rules.begin(), s.rules.end(),
                             [&](const RuleResult& r) { return BreaksCompliance(r, fails); });
  return s;
}

}  // namespace

SubjectResult EvaluateRecord(const Program& program, const Claim& claim, int64_t at,
                             EvaluationScratch* scratch) {
  SubjectHistory h;
  h.provider = claim.provider;
  h.subject = claim.subject_id;
  h.claims.push_back(&claim);
  size_t current = 0;
  return EvaluateHistory(program, h, at, scratch, &current);
}

std::optional<std::vector<SubjectHistory>> GroupBySubject(const std::vector<Claim>& claims,
                                                          std::vector<InputError>* errors,
                                                          int64_t* latest) {
  // One sort of all claims by subject, then period: each subject's
  // attestations are then a run of neighbours, in the order they are
  // evaluated in, without a map of subjects.
  std::vector<const Claim*> order;
  order.reserve(claims.size());
  *latest = 0;
  for (const Claim& claim : claims) {
    order.push_back(&claim);
    *latest = std::max(*latest, claim.period_end);
  }
  std::sort(order.begin(), order.end(), [](const Claim* a, const Claim* b) {
    return std::tie(a->provider, a->subject_id, a->period_start, a->period_end, a->id) <
           std::tie(b->provider, b->subject_id, b->period_start, b->period_end, b->id);
  });
  std::vector<SubjectHistory> subjects;
  for (const Claim* claim : order) {
    if (subjects.empty() || subjects.back().provider != claim->provider ||
        subjects.back().subject != claim->subject_id) {
      subjects.push_back({.provider = claim->provider, .subject = claim->subject_id, .claims = {}});
    }
    subjects.back().claims.push_back(claim);
  }
  bool failed = false;
  for (const SubjectHistory& h : subjects) {
    // Compare each period with the one reaching furthest so far, so that a
    // long period overlapping several later ones is caught for each.
    const Claim* furthest = h.claims.empty() ? nullptr : h.claims.front();
    for (size_t i = 1; i < h.claims.size(); ++i) {
      const Claim* c = h.claims[i];
      if (c->period_start < furthest->period_end) {
        errors->push_back(
            {c->id, fmt::format("period {} … {} of {}/{} overlaps the period {} … {} of {}",
                                FormatDate(CivilFromDays(c->period_start)),
                                FormatDate(CivilFromDays(c->period_end)), h.provider, h.subject,
                                FormatDate(CivilFromDays(furthest->period_start)),
                                FormatDate(CivilFromDays(furthest->period_end)), furthest->id)});
        failed = true;
      }
      if (c->period_end > furthest->period_end) furthest = c;
    }
  }
  if (failed) return std::nullopt;
  return subjects;
}

std::optional<RunResult> Evaluate(const Program& program, const std::vector<Claim>& claims,
                                  std::optional<int64_t> at, std::vector<InputError>* errors,
                                  bool with_series, unsigned threads) {
  int64_t latest = 0;
  const auto subjects = GroupBySubject(claims, errors, &latest);
  if (!subjects) return std::nullopt;

  RunResult run;
  run.evaluated_at = at.value_or(latest);
  run.indeterminate_fails = program.checked().indeterminate_fails;
  // Subjects are independent: each thread takes the next one and writes its
  // result at the subject's place in the sorted order, so the run is the
  // same whatever the thread count.
  run.subjects.resize(subjects->size());
  std::vector<EvaluationScratch> scratch(std::max(1U, threads));
  ForEachOnThreads(subjects->size(), threads, [&](size_t thread, size_t i) {
    const SubjectHistory& h = (*subjects)[i];
    size_t current = 0;
    SubjectResult s = EvaluateHistory(program, h, run.evaluated_at, &scratch[thread], &current);
    if (with_series && s.evaluated != nullptr) {
      s.series = SeriesOf(program, h, current, s.rules, &scratch[thread]);
    }
    run.subjects[i] = std::move(s);
  });
  return run;
}

}  // namespace gridlaw
