// The summary report (SPEC.md §22.3): verdict counts per rule, for runs over
// too many subjects to list. Plain text with fixed columns; same run, same bytes.

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "report/report.h"
#include "time/civil_time.h"

namespace gridlaw {

std::string RenderReportSummary(const RunTally& tally, const ReportInputs& inputs) {
  std::string out;
  out += fmt::format("policy {} {}\n", inputs.policy_id, inputs.policy_version);
  out += fmt::format("policy sha256 {}\n", inputs.policy_sha256);
  out += fmt::format("evaluated at {}\n", FormatDate(CivilFromDays(tally.evaluated_at)));
  out += fmt::format("subjects {}, evaluated {}, compliant {}, rule evaluations {}\n\n",
                     tally.subjects, tally.evaluated, tally.compliant, tally.rule_evaluations());
  size_t width = 4;
  for (const RuleTally& r : tally.rules)
    width = std::max(width, r.rule_id.size());
  // An `exempt` column only when a waiver exempted something, so that a run
  // without waivers keeps the five columns it always had.
  std::vector<Verdict> columns = {Verdict::kPass, Verdict::kWarn, Verdict::kFail,
                                  Verdict::kIndeterminate, Verdict::kNotApplicable};
  if (std::any_of(tally.rules.begin(), tally.rules.end(),
                  [](const RuleTally& r) { return r.count(Verdict::kExempt) > 0; })) {
    columns.push_back(Verdict::kExempt);
  }
  out += fmt::format("{:<{}}", "rule", width);
  for (Verdict v : columns)
    out += fmt::format(" {:>14}", VerdictName(v));
  out += "\n";
  for (const RuleTally& r : tally.rules) {
    out += fmt::format("{:<{}}", r.rule_id, width);
    for (Verdict v : columns)
      out += fmt::format(" {:>14}", r.count(v));
    out += "\n";
  }
  return out;
}

}  // namespace gridlaw
