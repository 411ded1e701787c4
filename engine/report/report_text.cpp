#include <fmt/format.h>

#include "report/report.h"
#include "time/civil_time.h"

namespace gridlaw {

std::string RenderReportText(const RunResult& run, const ReportInputs& inputs) {
  std::string out = fmt::format("{} {} evaluated at {} over {} attestation{}\n", inputs.policy_id,
                                inputs.policy_version, FormatDate(CivilFromDays(run.evaluated_at)),
                                inputs.inputs.size(), inputs.inputs.size() == 1 ? "" : "s");
  if (inputs.ledger) {
    out += fmt::format("read from ledger {} at its checkpoint of size {} (root {}…)\n",
                       inputs.ledger->origin, inputs.ledger->tree_size,
                       inputs.ledger->root.substr(0, 16));
  }
  // Modules and disabled rules only appear for a policy that has them.
  for (const auto& m : inputs.modules)
    out += fmt::format("module {} {} (sha256 {}…)\n", m.id, m.version, m.sha256.substr(0, 16));
  for (const auto& d : inputs.disabled_rules)
    out += fmt::format("disabled rule {}: {}\n", d.id, d.reason);
  size_t compliant = 0;
  for (const SubjectResult& s : run.subjects) {
    compliant += s.compliant ? 1 : 0;
    out += fmt::format("\n{}/{}: {}", s.provider, s.subject,
                       s.compliant ? "COMPLIANT" : "NOT COMPLIANT");
    if (s.evaluated == nullptr) {
      out += " (no attestation ends by the evaluation date)\n";
      continue;
    }
    int counts[6] = {0, 0, 0, 0, 0, 0};
    for (const RuleResult& r : s.rules)
      ++counts[static_cast<int>(r.verdict)];
    out += fmt::format(" ({} … {}): {} pass, {} warn, {} fail, {} indeterminate, {} not applicable",
                       FormatDate(CivilFromDays(s.evaluated->period_start)),
                       FormatDate(CivilFromDays(s.evaluated->period_end - 1)), counts[0], counts[1],
                       counts[2], counts[3], counts[4]);
    // Without waivers the line stays as it always was.
    out += inputs.waivers.empty() ? "\n" : fmt::format(", {} exempt\n", counts[5]);
    for (const std::string& d : s.evaluated->discrepancies)
      out += "  discrepancy   " + d + "\n";
    for (const RuleResult& r : s.rules) {
      if (r.verdict == Verdict::kPass || r.verdict == Verdict::kNotApplicable) continue;
      out += fmt::format("  {:<13} {} [{}] {}\n               {}\n", VerdictName(r.verdict),
                         r.rule_id, r.severity, r.title, r.message);
      if (!r.override_reason.empty())
        out += fmt::format("               overrides the inherited rule: {}\n", r.override_reason);
    }
  }
  if (!inputs.waivers.empty()) {
    out += "\nwaivers:\n";
    for (const WaiverOutcome& w : inputs.waivers) {
      out += fmt::format("  {:<13} {}{} {}\n               {}\n", w.status,
                         w.id.empty() ? "(unreadable)" : w.id, w.code.empty() ? "" : " " + w.code,
                         w.source, w.message);
    }
  }
  out += fmt::format("\n{} of {} subject{} compliant\n", compliant, run.subjects.size(),
                     run.subjects.size() == 1 ? "" : "s");
  return out;
}

}  // namespace gridlaw
