#pragma once
// Diagnostics as text for a terminal, as JSON, and as SARIF 2.1.0.

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "source/source_file.h"

namespace gridlaw {

struct FileDiagnostics {
  const SourceFile* file = nullptr;     // not owned
  std::vector<Diagnostic> diagnostics;  // sorted
};

// `FILE:LINE:COL: error[E0502]: message`, the source line, a caret underline,
// then each note the same way. Columns are 1-based code points.
std::string RenderText(const SourceFile& file, const std::vector<Diagnostic>& diagnostics);

// One JSON document: {"files":[{"file":..., "diagnostics":[...]}], "errors":N, "warnings":N}.
std::string RenderJson(const std::vector<FileDiagnostics>& files);

// A SARIF 2.1.0 log with one run whose tool driver lists every code as a rule.
std::string RenderSarif(const std::vector<FileDiagnostics>& files, const std::string& tool_version);

}  // namespace gridlaw
