#pragma once
// Escaping text for markup: the HTML report and JUnit XML both embed text
// from claims and policies, which is hostile.

#include <string>
#include <string_view>

namespace gridlaw {

// `text` with & < > " ' replaced by character references and C0 control
// characters other than tab and newline by U+FFFD: safe in HTML and XML 1.0
// element content and in quoted attribute values.
std::string EscapeMarkup(std::string_view text);

}  // namespace gridlaw
