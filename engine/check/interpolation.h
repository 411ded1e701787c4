#pragma once
// `{name}` placeholders in rule titles ("PUE at most {max_pue}").

#include <string>
#include <string_view>
#include <vector>

namespace gridlaw {

struct TitlePart {
  bool is_name = false;
  std::string text;       // literal text, or the name
  size_t raw_offset = 0;  // byte offset of the part in the raw string
};

struct TitleParseResult {
  std::vector<TitlePart> parts;
  bool ok = true;
  size_t error_offset = 0;  // raw offset of an unclosed or empty `{`
};

// Splits the raw text of a string literal (escapes as written: `\{` stays a
// literal brace) into literal parts and names.
TitleParseResult ParseTitle(std::string_view raw);

}  // namespace gridlaw
