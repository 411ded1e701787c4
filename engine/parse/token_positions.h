#pragma once
// ANTLR indexes characters by code point; diagnostics need byte offsets,
// lines and columns. This maps one to the other for one source text.

#include <cstdint>
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

 private:
  std::vector<Location> locations_;  // per code point, plus one past the end
};

}  // namespace gridlaw::parse
