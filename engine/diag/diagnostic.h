#pragma once
// User mistakes in a policy are data: a list of diagnostics, each with a code,
// a location, a message and notes that point at other places.

#include <optional>
#include <string>
#include <vector>

#include "diag/codes.h"
#include "source/source_file.h"

namespace gridlaw {

enum class Severity { kError, kWarning };

struct Note {
  std::optional<SourceRange> range;  // absent for a note about no place in particular
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  Code code = Code::kSyntax;
  SourceRange range;
  std::string message;
  std::vector<Note> notes;
};

// Collects the diagnostics of one source file across passes. Keeps at most
// kMaxDiagnostics; past that it counts what it drops and Sorted() ends with
// one E0603 saying how many (hostile text cannot make output unbounded).
class Diagnostics {
 public:
  static constexpr size_t kMaxDiagnostics = 200;

  Diagnostic& Error(Code code, SourceRange range, std::string message);
  Diagnostic& Warning(Code code, SourceRange range, std::string message);

  bool has_errors() const;
  size_t error_count() const;
  bool empty() const { return items_.empty(); }
  // Sorted by position, then code, then message: stable output for golden files.
  std::vector<Diagnostic> Sorted() const;
  const std::vector<Diagnostic>& items() const { return items_; }

 private:
  Diagnostic& Add(Severity severity, Code code, SourceRange range, std::string message);

  std::vector<Diagnostic> items_;
  size_t dropped_ = 0;
  Diagnostic discarded_;  // what Error/Warning return once the cap is reached
};

}  // namespace gridlaw
