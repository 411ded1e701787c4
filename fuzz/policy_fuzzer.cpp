// libFuzzer target: arbitrary bytes as policy text.
//
// Every input goes through the whole front end (parse, then check), and its
// diagnostics are rendered as text and JSON the way `gridlaw check` prints
// them. Any diagnostic is an ordinary outcome; a crash, sanitizer report,
// uncaught exception, hang or out-of-memory is a bug. When the text parses,
// the formatter's promises are checked too, and a broken one aborts:
//   1. the formatted text parses again (FormatPolicy emits valid gridlaw);
//   2. formatting is idempotent: FormatPolicy(parse(F)) == F for F = FormatPolicy(parse(input));
//   3. formatting keeps the meaning: the formatted text checks with the same
//      diagnostics (code and message, in order) as the input.
// A policy of schema compute-facility/v1 that checks is then compiled and
// evaluated on example claims (example_claims.h) at three dates, and:
//   4. the verdict evaluator (its fast paths included) gives each subject the
//      explaining evaluator's verdicts and compliance;
//   5. the JSON report of the run is canonical: nlohmann_json parses it and
//      dumps the same bytes.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "claims/claims.h"
#include "diag/codes.h"
#include "diag/render.h"
#include "eval/program.h"
#include "eval/run.h"
#include "eval/verdicts.h"
#include "example_claims.h"
#include "format/formatter.h"
#include "frontend/frontend.h"
#include "report/report.h"
#include "strict/strict_json.h"
#include "time/civil_time.h"

namespace {

using gridlaw::CompiledPolicy;

void Dump(const char* label, const std::string& text) {
  std::fprintf(stderr, "---- %s (%zu bytes) ----\n%s\n---- end of %s ----\n", label, text.size(),
               text.c_str(), label);
}

void DumpDiagnostics(const char* label, const CompiledPolicy& compiled) {
  std::fprintf(stderr, "---- diagnostics of %s ----\n", label);
  for (const auto& d : compiled.diagnostics.items()) {
    std::fprintf(stderr, "  %s at %u:%u: %s\n", std::string(gridlaw::InfoOf(d.code).id).c_str(),
                 d.range.begin.line, d.range.begin.column, d.message.c_str());
  }
}

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "==== fuzz_policy: invariant broken: %s ====\n", what);
  std::fflush(stderr);
  std::abort();
}

const std::vector<gridlaw::Claim>& ExampleClaims() {
  static const std::vector<gridlaw::Claim> claims = [] {
    std::vector<gridlaw::Claim> decoded;
    for (std::string_view text : gridlaw::fuzz::kExampleClaims) {
      auto parsed = gridlaw::ParseStrictJson(text);
      std::vector<gridlaw::ClaimError> errors;
      auto claim = parsed.ok() ? gridlaw::DecodeClaim(parsed.value(), &errors) : std::nullopt;
      if (!claim) Fail("an example claim does not decode");
      claim->id = "claim-" + std::to_string(decoded.size());
      decoded.push_back(std::move(*claim));
    }
    return decoded;
  }();
  return claims;
}

// Invariants 4 and 5 for a policy that checks.
void EvaluateOnExamples(const std::string& text, const CompiledPolicy& compiled) {
  if (compiled.checked->schema == nullptr ||
      compiled.checked->schema->id != "compute-facility/v1") {
    return;
  }
  const auto program = gridlaw::Program::Compile(*compiled.checked);
  gridlaw::VerdictEvaluator verdicts(*program);
  const std::vector<gridlaw::Claim>& claims = ExampleClaims();
  for (const char* date : {"2027-04-15", "2027-06-01", "2028-01-01"}) {
    const int64_t at = gridlaw::DaysFromCivil(*gridlaw::ParseDate(date));
    std::vector<gridlaw::InputError> errors;
    int64_t latest = 0;
    const auto subjects = gridlaw::GroupBySubject(claims, &errors, &latest);
    const auto run = gridlaw::Evaluate(*program, claims, at, &errors);
    if (!subjects || !run || run->subjects.size() != subjects->size()) {
      Fail("the example claims do not evaluate");
    }
    for (size_t i = 0; i < subjects->size(); ++i) {
      const gridlaw::SubjectResult& want = run->subjects[i];
      gridlaw::SubjectVerdicts got;
      verdicts.Evaluate((*subjects)[i].claims, at, &got);
      bool same = got.evaluated == (want.evaluated != nullptr) && got.compliant == want.compliant &&
                  got.rules.size() == want.rules.size();
      for (size_t r = 0; same && r < want.rules.size(); ++r)
        same = got.rules[r] == want.rules[r].verdict;
      if (!same) {
        Dump("input", text);
        std::fprintf(stderr, "subject %s/%s at %s\n", want.provider.c_str(), want.subject.c_str(),
                     date);
        for (size_t r = 0; r < want.rules.size(); ++r) {
          std::fprintf(stderr, "  %s: explained %s (%s), verdicts %s\n",
                       want.rules[r].rule_id.c_str(), gridlaw::VerdictName(want.rules[r].verdict),
                       want.rules[r].message.c_str(),
                       r < got.rules.size() ? gridlaw::VerdictName(got.rules[r]) : "-");
        }
        Fail("the verdict evaluator disagrees with the explaining evaluator");
      }
    }
    gridlaw::ReportInputs inputs;
    inputs.policy_id = compiled.policy->header.id.text;
    const std::string report = gridlaw::RenderReportJson(*run, inputs);
    if (nlohmann::json::parse(report).dump() + "\n" != report) {
      Dump("input", text);
      Dump("report", report);
      Fail("the JSON report is not canonical");
    }
  }
}

std::vector<std::pair<gridlaw::Code, std::string>> Summary(const CompiledPolicy& compiled) {
  std::vector<std::pair<gridlaw::Code, std::string>> out;
  for (const auto& d : compiled.diagnostics.items())
    out.emplace_back(d.code, d.message);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const CompiledPolicy input = gridlaw::CheckPolicyText("fuzz.policy", text);
  {
    // What `gridlaw check` prints, in both formats (renderers see hostile
    // source lines and messages that quote source text).
    std::vector<gridlaw::Diagnostic> sorted = input.diagnostics.Sorted();
    (void)gridlaw::RenderText(*input.source, sorted);
    std::vector<gridlaw::FileDiagnostics> files(1);
    files[0].file = input.source.get();
    files[0].diagnostics = std::move(sorted);
    (void)gridlaw::RenderJson(files);
  }
  if (input.policy == nullptr) return 0;  // did not parse: diagnostics only

  const std::string formatted = gridlaw::FormatPolicy(*input.policy);
  const CompiledPolicy again = gridlaw::CheckPolicyText("formatted.policy", formatted);
  if (again.policy == nullptr) {
    Dump("input", text);
    Dump("formatted", formatted);
    DumpDiagnostics("formatted", again);
    Fail("formatter: the formatted text does not parse");
  }
  const std::string twice = gridlaw::FormatPolicy(*again.policy);
  if (twice != formatted) {
    Dump("input", text);
    Dump("formatted once", formatted);
    Dump("formatted twice", twice);
    Fail("formatter: formatting is not idempotent");
  }
  if (Summary(input) != Summary(again)) {
    Dump("input", text);
    Dump("formatted", formatted);
    DumpDiagnostics("input", input);
    DumpDiagnostics("formatted", again);
    Fail("formatter: the formatted text checks differently from the input");
  }
  if (input.ok()) EvaluateOnExamples(text, input);
  return 0;
}
