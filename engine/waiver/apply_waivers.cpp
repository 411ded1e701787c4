#include "waiver/apply_waivers.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "time/civil_time.h"

namespace gridlaw {
namespace {

std::string Day(int64_t days) {
  return FormatDate(CivilFromDays(days));
}

std::string WhoOf(const Waiver& w) {
  return w.provider ? *w.provider + "/" + w.subject : w.subject;
}

WaiverOutcome Refused(const WaiverCandidate& c, WaiverCode code, std::string message) {
  WaiverOutcome out;
  out.id = c.waiver ? c.waiver->id : "";
  out.sha256 = c.sha256;
  out.source = c.source;
  out.status = std::string(InfoOf(code).status);
  out.code = std::string(InfoOf(code).id);
  out.message = std::move(message);
  out.signed_by = c.signed_by;
  return out;
}

// What one waiver does to one matching subject: applies, or why not.
struct SubjectMatch {
  std::optional<WaiverCode> refused;
  std::string message;
};

SubjectMatch MatchSubject(const Waiver& w, const SubjectResult& s) {
  const std::string who = s.provider + "/" + s.subject;
  if (s.evaluated == nullptr) {
    return {WaiverCode::kWaiverNotMatching,
            fmt::format("{} has no attestation ending by the evaluation date", who)};
  }
  // Periods end exclusively; the waiver's valid_to is its last day.
  const int64_t first = s.evaluated->period_start;
  const int64_t last = s.evaluated->period_end - 1;
  const std::string period = fmt::format("{} … {}", Day(first), Day(last));
  const std::string window = fmt::format("{} … {}", Day(w.valid_from), Day(w.valid_to));
  if (last > w.valid_to) {
    return {WaiverCode::kWaiverExpired,
            fmt::format("{}'s evaluated period {} ends after the waiver's window {}", who, period,
                        window)};
  }
  if (first < w.valid_from) {
    return {WaiverCode::kWaiverNotYetValid,
            fmt::format("{}'s evaluated period {} starts before the waiver's window {}", who,
                        period, window)};
  }
  return {};
}

}  // namespace

std::vector<WaiverOutcome> ApplyWaivers(std::vector<WaiverCandidate> candidates,
                                        const std::string& policy_id,
                                        const std::vector<std::string>& rule_ids, RunResult* run) {
  auto id_of = [](const WaiverCandidate& c) { return c.waiver ? c.waiver->id : std::string(); };
  std::sort(candidates.begin(), candidates.end(),
            [&](const WaiverCandidate& a, const WaiverCandidate& b) {
              return std::make_tuple(id_of(a), a.sha256) < std::make_tuple(id_of(b), b.sha256);
            });
  candidates.erase(std::unique(candidates.begin(), candidates.end(),
                               [](const WaiverCandidate& a, const WaiverCandidate& b) {
                                 return a.sha256 == b.sha256;
                               }),
                   candidates.end());

  std::vector<WaiverOutcome> outcomes;
  std::set<SubjectResult*> changed;
  for (const WaiverCandidate& c : candidates) {
    if (c.refused) {
      const WaiverError& e = *c.refused;
      outcomes.push_back(
          Refused(c, e.code, e.path.empty() ? e.message : "at " + e.path + ": " + e.message));
      continue;
    }
    const Waiver& w = *c.waiver;
    if (w.policy && *w.policy != policy_id) {
      outcomes.push_back(
          Refused(c, WaiverCode::kWaiverNotMatching,
                  fmt::format("the waiver is for policy {}; this evaluation is of {}", *w.policy,
                              policy_id)));
      continue;
    }
    if (std::find(rule_ids.begin(), rule_ids.end(), w.rule) == rule_ids.end()) {
      outcomes.push_back(Refused(c, WaiverCode::kWaiverUnknownRule,
                                 fmt::format("policy {} has no rule {}", policy_id, w.rule)));
      continue;
    }
    WaiverOutcome applied = Refused(c, WaiverCode::kWaiverNotMatching,
                                    fmt::format("no evaluated subject is {}", WhoOf(w)));
    std::optional<SubjectMatch> first_refusal;
    for (SubjectResult& s : run->subjects) {
      if (s.subject != w.subject || (w.provider && s.provider != *w.provider)) continue;
      SubjectMatch match = MatchSubject(w, s);
      auto rule = std::find_if(s.rules.begin(), s.rules.end(),
                               [&](const RuleResult& r) { return r.rule_id == w.rule; });
      if (!match.refused && rule == s.rules.end()) {
        // Every evaluated subject has every rule; kept for safety.
        match = {WaiverCode::kWaiverUnknownRule,
                 fmt::format("{}/{} has no verdict for {}", s.provider, s.subject, w.rule)};
      } else if (!match.refused && rule->exemption) {
        match = {WaiverCode::kWaiverDuplicate,
                 fmt::format("{}/{} is already exempt from {} by waiver {}", s.provider, s.subject,
                             w.rule, rule->exemption->waiver_id)};
      }
      if (match.refused) {
        if (!first_refusal) first_refusal = std::move(match);
        continue;
      }
      RuleResult& r = *rule;
      r.exemption = RuleResult::Exemption{w.id, r.verdict, r.message};
      r.message = fmt::format("exempt by waiver {} ({}); without it: {}: {}", w.id, w.reason,
                              VerdictName(r.verdict), r.exemption->message);
      r.verdict = Verdict::kExempt;
      applied.applied_to.push_back({s.provider, s.subject, w.rule});
      changed.insert(&s);
    }
    if (!applied.applied_to.empty()) {
      applied.status = "applied";
      applied.code.clear();
      std::vector<std::string> targets;
      for (const WaiverTarget& t : applied.applied_to)
        targets.push_back(t.provider + "/" + t.subject);
      applied.message =
          fmt::format("exempts {} from {} ({} … {}; issued {}): {}", fmt::join(targets, ", "),
                      w.rule, Day(w.valid_from), Day(w.valid_to), w.issued_at_text, w.reason);
      outcomes.push_back(std::move(applied));
    } else if (first_refusal) {
      outcomes.push_back(Refused(c, *first_refusal->refused, first_refusal->message));
    } else {
      outcomes.push_back(std::move(applied));
    }
  }
  for (SubjectResult* s : changed) {
    s->compliant = s->evaluated != nullptr &&
                   std::none_of(s->rules.begin(), s->rules.end(), [&](const RuleResult& r) {
                     return BreaksCompliance(r, run->indeterminate_fails);
                   });
  }
  return outcomes;
}

}  // namespace gridlaw
