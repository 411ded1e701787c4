#include <fmt/format.h>

#include "report/markup.h"
#include "report/report.h"

namespace gridlaw {

// One testsuite per subject, one testcase per rule: fail → <failure>,
// indeterminate → <error>, not_applicable and exempt → <skipped> (exempt
// with the waiver and the verdict it replaced), warn passes with
// its message in <system-out>.
std::string RenderReportJunit(const RunResult& run, const ReportInputs& inputs) {
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  std::string suites;
  for (const SubjectResult& s : run.subjects) {
    size_t f = 0, e = 0, k = 0;
    std::string cases;
    for (const RuleResult& r : s.rules) {
      cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\">",
                           EscapeMarkup(inputs.policy_id), EscapeMarkup(r.rule_id));
      switch (r.verdict) {
        case Verdict::kFail:
          ++f;
          cases += fmt::format("<failure type=\"{}\" message=\"{}\"/>", EscapeMarkup(r.severity),
                               EscapeMarkup(r.message));
          break;
        case Verdict::kIndeterminate:
          ++e;
          cases += fmt::format("<error type=\"indeterminate\" message=\"{}\"/>",
                               EscapeMarkup(r.message));
          break;
        case Verdict::kNotApplicable:
        case Verdict::kExempt:
          ++k;
          cases += fmt::format("<skipped message=\"{}\"/>", EscapeMarkup(r.message));
          break;
        case Verdict::kWarn:
          cases += fmt::format("<system-out>warn: {}</system-out>", EscapeMarkup(r.message));
          break;
        case Verdict::kPass:
          break;
      }
      cases += "</testcase>\n";
    }
    suites += fmt::format(
        "  <testsuite name=\"{}/{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
        "skipped=\"{}\">\n{}  "
        "</testsuite>\n",
        EscapeMarkup(s.provider), EscapeMarkup(s.subject), s.rules.size(), f, e, k, cases);
    tests += s.rules.size();
    failures += f;
    errors += e;
    skipped += k;
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{} {}\" tests=\"{}\" "
      "failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n{}</testsuites>\n",
      EscapeMarkup(inputs.policy_id), EscapeMarkup(inputs.policy_version), tests, failures, errors,
      skipped, suites);
}

}  // namespace gridlaw
