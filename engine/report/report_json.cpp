#include <algorithm>
#include <array>

#include "canonical/canonical_writer.h"
#include "report/report.h"
#include "time/civil_time.h"

namespace gridlaw {

namespace {

// Members are written in the order of their names (CanonicalJsonWriter
// refuses any other), which is what makes the report canonical: the bytes
// are those of an nlohmann::json tree of the same report, dumped.

// Verdicts by kind, in Verdict's order.
using VerdictCounts = std::array<uint64_t, 6>;

void Tally(const std::vector<RuleResult>& rules, VerdictCounts* counts) {
  for (const RuleResult& r : rules)
    ++(*counts)[static_cast<size_t>(r.verdict)];
}

// `exempt` is counted only in reports of runs given waivers.
void WriteCounts(const VerdictCounts& counts, bool with_waivers, CanonicalJsonWriter& w) {
  const auto of = [&counts](Verdict v) { return counts[static_cast<size_t>(v)]; };
  w.BeginObject();
  if (with_waivers || of(Verdict::kExempt) > 0) w.Member("exempt", of(Verdict::kExempt));
  w.Member("fail", of(Verdict::kFail));
  w.Member("indeterminate", of(Verdict::kIndeterminate));
  w.Member("not_applicable", of(Verdict::kNotApplicable));
  w.Member("pass", of(Verdict::kPass));
  w.Member("warn", of(Verdict::kWarn));
  w.EndObject();
}

void WriteWaivers(const std::vector<WaiverOutcome>& waivers, CanonicalJsonWriter& w) {
  w.BeginArray();
  for (const WaiverOutcome& waiver : waivers) {
    w.BeginObject();
    if (!waiver.applied_to.empty()) {
      w.Name("applied_to");
      w.BeginArray();
      for (const WaiverTarget& t : waiver.applied_to) {
        w.BeginObject();
        w.Member("provider", t.provider);
        w.Member("rule", t.rule);
        w.Member("subject", t.subject);
        w.EndObject();
      }
      w.EndArray();
    }
    if (!waiver.code.empty()) w.Member("code", waiver.code);
    w.Member("id", waiver.id);
    w.Member("message", waiver.message);
    w.Member("sha256", waiver.sha256);
    w.Member("signed_by", waiver.signed_by);
    w.Member("status", waiver.status);
    w.EndObject();
  }
  w.EndArray();
}

void WritePolicy(const RunResult& run, const ReportInputs& inputs, CanonicalJsonWriter& w) {
  w.BeginObject();
  if (!inputs.disabled_rules.empty()) {
    w.Name("disabled_rules");
    w.BeginArray();
    for (const auto& d : inputs.disabled_rules) {
      w.BeginObject();
      w.Member("reason", d.reason);
      w.Member("rule", d.id);
      w.EndObject();
    }
    w.EndArray();
  }
  w.Member("id", inputs.policy_id);
  w.Member("indeterminate_fails", run.indeterminate_fails);
  // Only with modules, so that reports of policies without them keep their bytes.
  if (!inputs.modules.empty()) {
    w.Name("modules");
    w.BeginArray();
    for (const auto& m : inputs.modules) {
      w.BeginObject();
      w.Member("id", m.id);
      w.Member("sha256", m.sha256);
      w.Member("version", m.version);
      w.EndObject();
    }
    w.EndArray();
  }
  w.Member("sha256", inputs.policy_sha256);
  if (!inputs.policy_signed_by.empty()) w.Member("signed_by", inputs.policy_signed_by);
  w.Member("version", inputs.policy_version);
  w.EndObject();
}

void WriteInputs(const ReportInputs& inputs, CanonicalJsonWriter& w) {
  std::vector<const ReportInputs::Input*> sorted;
  sorted.reserve(inputs.inputs.size());
  for (const auto& input : inputs.inputs)
    sorted.push_back(&input);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* x, const auto* y) { return x->id < y->id; });
  w.BeginArray();
  for (const ReportInputs::Input* input : sorted) {
    w.BeginObject();
    if (input->entry) w.Member("entry", *input->entry);
    w.Member("id", input->id);
    w.Member("signed_by", input->signed_by);
    w.Member("verified", input->verified);
    w.EndObject();
  }
  w.EndArray();
}

void WriteVerdict(const RuleResult& r, const std::vector<SeriesPoint>* series,
                  CanonicalJsonWriter& w) {
  w.BeginObject();
  w.Member("attestations", r.attestations);
  w.Member("cite", r.cite);
  if (r.measure) {
    w.Name("measure");
    w.BeginObject();
    w.Member("limit", r.measure->limit);
    w.Member("metric", r.measure->metric);
    w.Member("op", r.measure->op);
    w.Member("unit", r.measure->unit);
    w.Member("value", r.measure->value);
    w.EndObject();
  }
  w.Member("message", r.message);
  if (!r.override_reason.empty()) {
    w.Name("overrides");
    w.BeginObject();
    w.Member("reason", r.override_reason);
    w.EndObject();
  }
  w.Member("rule", r.rule_id);
  if (series != nullptr && !series->empty()) {
    w.Name("series");
    w.BeginArray();
    for (const SeriesPoint& p : *series) {
      w.BeginObject();
      w.Member("limit", p.limit);
      w.Member("period", p.period_start);
      w.Member("value", p.value);
      w.Member("verdict", VerdictName(p.verdict));
      w.EndObject();
    }
    w.EndArray();
  }
  w.Member("severity", r.severity);
  w.Member("title", r.title);
  w.Member("verdict", VerdictName(r.verdict));
  if (r.exemption) {
    w.Member("waiver", r.exemption->waiver_id);
    w.Name("without_waiver");
    w.BeginObject();
    w.Member("message", r.exemption->message);
    w.Member("verdict", VerdictName(r.exemption->verdict));
    w.EndObject();
  }
  w.EndObject();
}

// Returns the subject's verdict counts, which the summary adds up.
VerdictCounts WriteSubject(const SubjectResult& s, bool with_waivers, CanonicalJsonWriter& w) {
  w.BeginObject();
  w.Name("attestation");
  if (s.evaluated != nullptr) {
    w.String(s.evaluated->id);
  } else {
    w.Null();
  }
  VerdictCounts counts{};
  Tally(s.rules, &counts);
  w.Name("counts");
  WriteCounts(counts, with_waivers, w);
  if (s.evaluated != nullptr) {
    w.Member("discrepancies", s.evaluated->discrepancies);
    w.Name("period");
    w.BeginObject();
    w.Member("end", FormatDate(CivilFromDays(s.evaluated->period_end)));
    w.Member("start", FormatDate(CivilFromDays(s.evaluated->period_start)));
    w.EndObject();
  }
  w.Member("provider", s.provider);
  w.Member("status", s.compliant ? "compliant" : "non_compliant");
  w.Member("subject", s.subject);
  w.Name("verdicts");
  w.BeginArray();
  for (size_t i = 0; i < s.rules.size(); ++i)
    WriteVerdict(s.rules[i], i < s.series.size() ? &s.series[i] : nullptr, w);
  w.EndArray();
  w.EndObject();
  return counts;
}

}  // namespace

std::string RenderReportJson(const RunResult& run, const ReportInputs& inputs) {
  std::string out;
  CanonicalJsonWriter w(&out);
  const bool with_waivers = !inputs.waivers.empty();
  w.BeginObject();
  w.Name("engine");
  w.BeginObject();
  w.Member("name", "gridlaw");
  w.Member("version", inputs.engine_version);
  w.EndObject();
  w.Member("evaluated_at", FormatDate(CivilFromDays(run.evaluated_at)));
  w.Name("inputs");
  WriteInputs(inputs, w);
  if (inputs.ledger) {
    w.Name("ledger");
    w.BeginObject();
    w.Name("checkpoint");
    w.BeginObject();
    w.Member("root", inputs.ledger->root);
    w.Member("tree_size", inputs.ledger->tree_size);
    w.EndObject();
    w.Member("origin", inputs.ledger->origin);
    w.EndObject();
  }
  w.Name("policy");
  WritePolicy(run, inputs, w);
  w.Name("subjects");
  w.BeginArray();
  VerdictCounts all{};
  uint64_t compliant = 0;
  for (const SubjectResult& s : run.subjects) {
    const VerdictCounts counts = WriteSubject(s, with_waivers, w);
    for (size_t v = 0; v < all.size(); ++v)
      all[v] += counts[v];
    compliant += s.compliant ? 1 : 0;
  }
  w.EndArray();
  w.Name("summary");
  w.BeginObject();
  w.Member("compliant", compliant);
  w.Member("non_compliant", static_cast<uint64_t>(run.subjects.size()) - compliant);
  w.Member("status", run.compliant() ? "compliant" : "non_compliant");
  w.Member("subjects", static_cast<uint64_t>(run.subjects.size()));
  w.Name("verdicts");
  WriteCounts(all, with_waivers, w);
  w.EndObject();
  if (with_waivers) {
    w.Name("waivers");
    WriteWaivers(inputs.waivers, w);
  }
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace gridlaw
