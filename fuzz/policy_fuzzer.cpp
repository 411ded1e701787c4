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

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "diag/codes.h"
#include "diag/render.h"
#include "format/formatter.h"
#include "frontend/frontend.h"

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
  std::fprintf(stderr, "==== fuzz_policy: formatter invariant broken: %s ====\n", what);
  std::fflush(stderr);
  std::abort();
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
    Fail("the formatted text does not parse");
  }
  const std::string twice = gridlaw::FormatPolicy(*again.policy);
  if (twice != formatted) {
    Dump("input", text);
    Dump("formatted once", formatted);
    Dump("formatted twice", twice);
    Fail("formatting is not idempotent");
  }
  if (Summary(input) != Summary(again)) {
    Dump("input", text);
    Dump("formatted", formatted);
    DumpDiagnostics("input", input);
    DumpDiagnostics("formatted", again);
    Fail("the formatted text checks differently from the input");
  }
  return 0;
}
