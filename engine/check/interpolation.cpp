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
    // Identifier characters; bytes of multi-byte UTF-8 (µ, μ) count as letters.
    auto letter = [](char c) {
      const auto b = static_cast<unsigned char>(c);
      return std::isalpha(b) != 0 || c == '_' || b >= 0x80;
    };
    bool valid = !name.empty() && letter(name[0]);
    for (size_t k = 0; k < name.size(); ++k) {
      // `{alias.name}` names an imported param (SPEC §4.6): a dot between words.
      const bool dot = name[k] == '.' && k + 1 < name.size() && letter(name[k + 1]);
      valid = valid &&
              (letter(name[k]) || dot || std::isdigit(static_cast<unsigned char>(name[k])) != 0);
    }
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
