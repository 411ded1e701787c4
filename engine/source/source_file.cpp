#include "source/source_file.h"

#include <algorithm>

namespace gridlaw {

SourceFile::SourceFile(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

uint32_t CodePointCount(std::string_view utf8) {
  uint32_t count = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++count;  // every byte but a continuation byte starts a code point
  }
  return count;
}

Location SourceFile::LocationAt(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line_index = static_cast<uint32_t>(it - line_starts_.begin()) - 1;
  const uint32_t start = line_starts_[line_index];
  const uint32_t column = CodePointCount(std::string_view(text_).substr(start, offset - start)) + 1;
  return Location{line_index + 1, column, offset};
}

std::string_view SourceFile::LineText(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const uint32_t start = line_starts_[line - 1];
  uint32_t end =
      line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  std::string_view text(text_);
  while (end > start && (text[end - 1] == '\n' || text[end - 1] == '\r'))
    --end;
  return text.substr(start, end - start);
}

}  // namespace gridlaw
