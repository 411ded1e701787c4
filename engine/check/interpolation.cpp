#include "check/interpolation.h"

#include <cctype>

namespace gridlaw {

TitleParseResult ParseTitle(std::string_view raw) {
  TitleParseResult result;
  TitlePart literal;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      literal.text += raw.substr(i, 2);
      ++i;
      continue;
    }
    if (raw[i] != '{') {
      literal.text += raw[i];
      continue;
    }
    const size_t close = raw.find('}', i + 1);
    const std::string_view name =
        close == std::string_view::npos ? std::string_view() : raw.substr(i + 1, close - i - 1);
    bool valid =
        !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
    for (char c : name)
      valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!valid) {
      result.ok = false;
      result.error_offset = i;
      return result;
    }
    if (!literal.text.empty()) result.parts.push_back(std::move(literal));
    literal = TitlePart{false, "", close + 1};
    result.parts.push_back(TitlePart{true, std::string(name), i + 1});
    i = close;
  }
  if (!literal.text.empty()) result.parts.push_back(std::move(literal));
  return result;
}

}  // namespace gridlaw
