#pragma once
// ANTLR indexes characters by code point; diagnostics need byte offsets,
// lines and columns. This maps one to the other for one source text.

#include <cstdint>
#include <string_view>
#include <vector>

#include "source/source_file.h"

namespace gridlaw::parse {

class TokenPositions {
 public:
  explicit TokenPositions(const SourceFile& source);

  // Location of the code point with this index (the end of text past the end).
  Location At(size_t code_point_index) const;
  // Range from the first code point of `start` to just after `stop`.
  SourceRange Span(size_t start_index, size_t stop_index) const;
  // The UTF-8 text of the code points `start` to `stop`, a view into the
  // source: ANTLR's own getText() converts back from UTF-32 into a new string.
  std::string_view Text(size_t start_index, size_t stop_index) const;

 private:
  std::string_view text_;
  std::vector<Location> locations_;  // per code point, plus one past the end
};

}  // namespace gridlaw::parse
