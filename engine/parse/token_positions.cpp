#include "parse/token_positions.h"

namespace gridlaw::parse {

TokenPositions::TokenPositions(const SourceFile& source) : source_(source) {
  const std::string& text = source.text();
  byte_offsets_.reserve(text.size() + 1);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) byte_offsets_.push_back(i);
  }
  byte_offsets_.push_back(static_cast<uint32_t>(text.size()));
}

Location TokenPositions::At(size_t index) const {
  if (index >= byte_offsets_.size()) index = byte_offsets_.size() - 1;
  return source_.LocationAt(byte_offsets_[index]);
}

SourceRange TokenPositions::Span(size_t start_index, size_t stop_index) const {
  if (stop_index + 1 < start_index) stop_index = start_index;  // empty (EOF) tokens
  return {At(start_index), At(stop_index + 1)};
}

}  // namespace gridlaw::parse
