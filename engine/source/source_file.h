#pragma once
// A policy text held in memory with a line index, and the positions inside it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gridlaw {

// A position in a source text. `line` and `column` are 1-based; the column
// counts Unicode code points, so a caret lines up under UTF-8 text.
// `offset` is the 0-based byte offset.
struct Location {
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t offset = 0;

  friend bool operator==(const Location&, const Location&) = default;
  friend auto operator<=>(const Location& a, const Location& b) { return a.offset <=> b.offset; }
};

// A half-open range [begin, end) of a source text.
struct SourceRange {
  Location begin;
  Location end;

  friend bool operator==(const SourceRange&, const SourceRange&) = default;
  bool empty() const { return end.offset <= begin.offset; }
};

// Spans from the start of `a` to the end of `b`.
inline SourceRange Cover(const SourceRange& a, const SourceRange& b) {
  return {a.begin, b.end};
}

// One source text (a policy file). Immutable after construction.
class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  // Location of a byte offset (clamped to the end of the text).
  Location LocationAt(uint32_t offset) const;
  // 1-based line text without its line terminator; empty past the end.
  std::string_view LineText(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string name_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

// Number of code points in a UTF-8 byte string (invalid bytes count one each).
uint32_t CodePointCount(std::string_view utf8);

}  // namespace gridlaw
