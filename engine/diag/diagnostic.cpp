#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace gridlaw {

Diagnostic& Diagnostics::Add(Severity severity, Code code, SourceRange range, std::string message) {
  if (items_.size() >= kMaxDiagnostics) {
    ++dropped_;
    discarded_ = Diagnostic{severity, code, range, std::move(message), {}};
    return discarded_;
  }
  items_.push_back(Diagnostic{severity, code, range, std::move(message), {}});
  return items_.back();
}

Diagnostic& Diagnostics::Error(Code code, SourceRange range, std::string message) {
  return Add(Severity::kError, code, range, std::move(message));
}

Diagnostic& Diagnostics::Warning(Code code, SourceRange range, std::string message) {
  return Add(Severity::kWarning, code, range, std::move(message));
}

bool Diagnostics::has_errors() const {
  return error_count() > 0 || dropped_ > 0;
}

size_t Diagnostics::error_count() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> sorted = items_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tuple(a.range.begin.offset, a.range.end.offset, static_cast<int>(a.code),
                      std::string_view(a.message)) <
           std::tuple(b.range.begin.offset, b.range.end.offset, static_cast<int>(b.code),
                      std::string_view(b.message));
  });
  sorted.erase(std::unique(sorted.begin(), sorted.end(),
                           [](const Diagnostic& a, const Diagnostic& b) {
                             return a.code == b.code && a.range == b.range &&
                                    a.message == b.message;
                           }),
               sorted.end());
  if (dropped_ > 0) {
    const SourceRange at = sorted.empty() ? SourceRange{} : sorted.back().range;
    sorted.push_back(Diagnostic{Severity::kError,
                                Code::kTooManyErrors,
                                at,
                                std::to_string(dropped_) + " further diagnostics not shown",
                                {}});
  }
  return sorted;
}

}  // namespace gridlaw
