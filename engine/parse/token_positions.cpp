#include "parse/token_positions.h"

namespace gridlaw::parse {

// One pass over the text: every code point's line, column and byte offset,
// so that each token's location costs O(1) however long its line is.
TokenPositions::TokenPositions(const SourceFile& source) {
  const std::string& text = source.text();
  text_ = text;
  locations_.reserve(text.size() + 1);
  uint32_t line = 1;
  uint32_t column = 1;
  for (uint32_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte: same code point
    locations_.push_back(Location{line, column, i});
    if (byte == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  locations_.push_back(Location{line, column, static_cast<uint32_t>(text.size())});
}

Location TokenPositions::At(size_t index) const {
  if (index >= locations_.size()) index = locations_.size() - 1;
  return locations_[index];
}

SourceRange TokenPositions::Span(size_t start_index, size_t stop_index) const {
  if (stop_index + 1 < start_index) stop_index = start_index;  // empty (EOF) tokens
  return {At(start_index), At(stop_index + 1)};
}

std::string_view TokenPositions::Text(size_t start_index, size_t stop_index) const {
  if (stop_index + 1 < start_index) return {};  // empty (EOF) tokens
  const uint32_t begin = At(start_index).offset;
  return text_.substr(begin, At(stop_index + 1).offset - begin);
}

}  // namespace gridlaw::parse
