#include <algorithm>
#include <nlohmann/json.hpp>

#include "report/report.h"
#include "time/civil_time.h"

namespace gridlaw {

namespace {

// nlohmann::json keeps object members in a std::map: sorted by name, which
// is what makes the dump canonical.
// `exempt` is counted only in reports of runs given waivers.
nlohmann::json Counts(const std::vector<RuleResult>& rules, bool with_waivers) {
  nlohmann::json counts = nlohmann::json::object();
  for (const char* v : {"pass", "warn", "fail", "indeterminate", "not_applicable"})
    counts[v] = 0;
  if (with_waivers) counts["exempt"] = 0;
  for (const auto& r : rules)
    counts[VerdictName(r.verdict)] = counts[VerdictName(r.verdict)].get<int>() + 1;
  return counts;
}

nlohmann::json WaiversSection(const std::vector<WaiverOutcome>& waivers) {
  nlohmann::json list = nlohmann::json::array();
  for (const WaiverOutcome& w : waivers) {
    nlohmann::json item = {{"id", w.id},
                           {"sha256", w.sha256},
                           {"status", w.status},
                           {"message", w.message},
                           {"signed_by", w.signed_by}};
    if (!w.code.empty()) item["code"] = w.code;
    if (!w.applied_to.empty()) {
      nlohmann::json targets = nlohmann::json::array();
      for (const WaiverTarget& t : w.applied_to)
        targets.push_back({{"provider", t.provider}, {"subject", t.subject}, {"rule", t.rule}});
      item["applied_to"] = std::move(targets);
    }
    list.push_back(std::move(item));
  }
  return list;
}

}  // namespace

std::string RenderReportJson(const RunResult& run, const ReportInputs& inputs) {
  using nlohmann::json;
  json doc;
  doc["engine"] = {{"name", "gridlaw"}, {"version", inputs.engine_version}};
  doc["evaluated_at"] = FormatDate(CivilFromDays(run.evaluated_at));
  doc["policy"] = {{"id", inputs.policy_id},
                   {"version", inputs.policy_version},
                   {"sha256", inputs.policy_sha256},
                   {"indeterminate_fails", run.indeterminate_fails}};
  if (!inputs.policy_signed_by.empty()) doc["policy"]["signed_by"] = inputs.policy_signed_by;
  // Only with modules, so that reports of policies without them keep their bytes.
  if (!inputs.modules.empty()) {
    json modules = json::array();
    for (const auto& m : inputs.modules)
      modules.push_back({{"id", m.id}, {"version", m.version}, {"sha256", m.sha256}});
    doc["policy"]["modules"] = std::move(modules);
  }
  if (!inputs.disabled_rules.empty()) {
    json disabled = json::array();
    for (const auto& d : inputs.disabled_rules)
      disabled.push_back({{"rule", d.id}, {"reason", d.reason}});
    doc["policy"]["disabled_rules"] = std::move(disabled);
  }
  std::vector<ReportInputs::Input> sorted = inputs.inputs;
  std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
  json list = json::array();
  for (const auto& input : sorted) {
    json item = {{"id", input.id}, {"verified", input.verified}, {"signed_by", input.signed_by}};
    if (input.entry) item["entry"] = *input.entry;
    list.push_back(std::move(item));
  }
  doc["inputs"] = std::move(list);
  if (inputs.ledger) {
    doc["ledger"] = {
        {"origin", inputs.ledger->origin},
        {"checkpoint", {{"tree_size", inputs.ledger->tree_size}, {"root", inputs.ledger->root}}}};
  }
  const bool with_waivers = !inputs.waivers.empty();
  if (with_waivers) doc["waivers"] = WaiversSection(inputs.waivers);
  json subjects = json::array();
  size_t compliant = 0;
  std::vector<RuleResult> all;
  for (const SubjectResult& s : run.subjects) {
    json subject = {{"provider", s.provider},
                    {"subject", s.subject},
                    {"status", s.compliant ? "compliant" : "non_compliant"}};
    if (s.evaluated != nullptr) {
      subject["attestation"] = s.evaluated->id;
      subject["discrepancies"] = s.evaluated->discrepancies;
      subject["period"] = {{"start", FormatDate(CivilFromDays(s.evaluated->period_start))},
                           {"end", FormatDate(CivilFromDays(s.evaluated->period_end))}};
    } else {
      subject["attestation"] = nullptr;
    }
    json verdicts = json::array();
    for (size_t i = 0; i < s.rules.size(); ++i) {
      const RuleResult& r = s.rules[i];
      json verdict = {{"rule", r.rule_id},
                      {"title", r.title},
                      {"severity", r.severity},
                      {"cite", r.cite},
                      {"verdict", VerdictName(r.verdict)},
                      {"message", r.message},
                      {"attestations", r.attestations}};
      if (!r.override_reason.empty()) verdict["overrides"] = {{"reason", r.override_reason}};
      if (r.exemption) {
        verdict["waiver"] = r.exemption->waiver_id;
        verdict["without_waiver"] = {{"verdict", VerdictName(r.exemption->verdict)},
                                     {"message", r.exemption->message}};
      }
      if (r.measure) {
        verdict["measure"] = {{"metric", r.measure->metric},
                              {"op", r.measure->op},
                              {"value", r.measure->value},
                              {"limit", r.measure->limit},
                              {"unit", r.measure->unit}};
      }
      if (i < s.series.size() && !s.series[i].empty()) {
        json points = json::array();
        for (const SeriesPoint& p : s.series[i]) {
          points.push_back({{"period", p.period_start},
                            {"verdict", VerdictName(p.verdict)},
                            {"value", p.value},
                            {"limit", p.limit}});
        }
        verdict["series"] = std::move(points);
      }
      verdicts.push_back(std::move(verdict));
      all.push_back(r);
    }
    subject["counts"] = Counts(s.rules, with_waivers);
    subject["verdicts"] = std::move(verdicts);
    compliant += s.compliant ? 1 : 0;
    subjects.push_back(std::move(subject));
  }
  doc["subjects"] = std::move(subjects);
  doc["summary"] = {{"subjects", run.subjects.size()},
                    {"compliant", compliant},
                    {"non_compliant", run.subjects.size() - compliant},
                    {"status", run.compliant() ? "compliant" : "non_compliant"},
                    {"verdicts", Counts(all, with_waivers)}};
  return doc.dump() + "\n";
}

}  // namespace gridlaw
