#include <fmt/format.h>

#include "diag/render.h"

namespace gridlaw {
namespace {

std::string_view SeverityWord(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

// The source line of `range.begin` and an underline beneath the range (to the
// end of that line when the range spans lines). Tabs in the source are copied
// into the underline so the marks line up in any terminal.
void AppendSnippet(std::string& out, const SourceFile& file, const SourceRange& range) {
  const std::string_view line = file.LineText(range.begin.line);
  const std::string gutter = fmt::format("{}", range.begin.line);
  const std::string pad(gutter.size(), ' ');
  fmt::format_to(std::back_inserter(out), " {} | {}\n", gutter, line);

  std::string marks;
  uint32_t column = 1;
  size_t i = 0;
  auto next_code_point = [&]() {
    const size_t start = i;
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80)
      ++i;
    return line.substr(start, i - start);
  };
  while (i < line.size() && column < range.begin.column) {
    marks += next_code_point() == "\t" ? '\t' : ' ';
    ++column;
  }
  const uint32_t line_width = CodePointCount(line);
  uint32_t last = range.end.line == range.begin.line ? range.end.column : line_width + 1;
  if (last <= range.begin.column) last = range.begin.column + 1;  // empty range: one caret
  marks += '^';
  for (uint32_t c = range.begin.column + 1; c < last; ++c)
    marks += '~';
  fmt::format_to(std::back_inserter(out), " {} | {}\n", pad, marks);
}

}  // namespace

std::string RenderText(const SourceFile& file, const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    fmt::format_to(std::back_inserter(out), "{}:{}:{}: {}[{}]: {}\n", file.name(),
                   d.range.begin.line, d.range.begin.column, SeverityWord(d.severity),
                   InfoOf(d.code).id, d.message);
    AppendSnippet(out, file, d.range);
    for (const Note& note : d.notes) {
      if (note.range) {
        fmt::format_to(std::back_inserter(out), "{}:{}:{}: note: {}\n", file.name(),
                       note.range->begin.line, note.range->begin.column, note.message);
        AppendSnippet(out, file, *note.range);
      } else {
        fmt::format_to(std::back_inserter(out), "note: {}\n", note.message);
      }
    }
  }
  return out;
}

}  // namespace gridlaw
