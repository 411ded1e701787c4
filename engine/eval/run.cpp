#include "eval/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "time/civil_time.h"

namespace gridlaw {

bool RunResult::compliant() const {
  return std::all_of(subjects.begin(), subjects.end(),
                     [](const SubjectResult& s) { return s.compliant; });
}

bool BreaksCompliance(const RuleResult& result) {
  if (result.verdict == Verdict::kFail) return true;
  return result.verdict == Verdict::kIndeterminate &&
         (result.severity == "major" || result.severity == "critical");
}

std::optional<RunResult> Evaluate(const Program& program, const std::vector<Claim>& claims,
                                  std::optional<int64_t> at, std::vector<InputError>* errors) {
  std::map<std::pair<std::string, std::string>, SubjectHistory> subjects;
  int64_t latest = 0;
  for (const Claim& claim : claims) {
    SubjectHistory& h = subjects[{claim.provider, claim.subject_id}];
    h.provider = claim.provider;
    h.subject = claim.subject_id;
    h.claims.push_back(&claim);
    latest = std::max(latest, claim.period_end);
  }
  bool failed = false;
  for (auto& [key, h] : subjects) {
    std::sort(h.claims.begin(), h.claims.end(), [](const Claim* a, const Claim* b) {
      return std::tie(a->period_start, a->period_end, a->id) <
             std::tie(b->period_start, b->period_end, b->id);
    });
    for (size_t i = 1; i < h.claims.size(); ++i) {
      if (h.claims[i]->period_start < h.claims[i - 1]->period_end) {
        errors->push_back(
            {h.claims[i]->id,
             fmt::format("period {} … {} of {}/{} overlaps the period {} … {} of {}",
                         FormatDate(CivilFromDays(h.claims[i]->period_start)),
                         FormatDate(CivilFromDays(h.claims[i]->period_end)), h.provider, h.subject,
                         FormatDate(CivilFromDays(h.claims[i - 1]->period_start)),
                         FormatDate(CivilFromDays(h.claims[i - 1]->period_end)),
                         h.claims[i - 1]->id)});
        failed = true;
      }
    }
  }
  if (failed) return std::nullopt;

  RunResult run;
  run.evaluated_at = at.value_or(latest);
  for (auto& [key, h] : subjects) {
    SubjectResult s;
    s.provider = h.provider;
    s.subject = h.subject;
    // The latest attestation whose period has ended by the evaluation date.
    size_t current = h.claims.size();
    for (size_t i = 0; i < h.claims.size(); ++i) {
      if (h.claims[i]->period_end <= run.evaluated_at) current = i;
    }
    if (current < h.claims.size()) {
      s.evaluated = h.claims[current];
      s.rules = EvaluateSubject(program, h, current);
    }
    s.compliant =
        s.evaluated != nullptr && std::none_of(s.rules.begin(), s.rules.end(), BreaksCompliance);
    run.subjects.push_back(std::move(s));
  }
  return run;
}

}  // namespace gridlaw
