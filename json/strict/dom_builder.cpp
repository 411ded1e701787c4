#include "strict/dom_builder.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "decimal/exact_number.h"
#include "pointer/json_pointer.h"
#include "utf8/utf8.h"

namespace gridlaw::json_detail {
namespace {

bool IsIntegerLiteral(std::string_view text) {
  return text.find_first_of(".eE") == std::string_view::npos;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// What people write for non-finite numbers; JSON has none of them.
bool LooksNonFinite(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  return StartsWithNoCase(text, "nan") || StartsWithNoCase(text, "inf");
}

// Messages travel in JSON (reports, `gridlaw test --format json`, HTTP
// errors), so they must be UTF-8: each byte that starts an invalid sequence
// becomes '?'. Each pass makes one more byte ASCII, so the loop ends.
std::string ValidUtf8(std::string text) {
  while (const auto bad = FindInvalidUtf8(text))
    text[*bad] = '?';
  return text;
}

// A quoted excerpt of a name for messages: at most 40 bytes, cut between
// UTF-8 characters (names are valid UTF-8), kept readable.
std::string Quote(std::string_view name) {
  std::string out = "\"";
  size_t cut = std::min<size_t>(name.size(), 40);
  while (cut > 0 && cut < name.size() && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80)
    --cut;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (i == cut) {
      out += "…";
      break;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

bool StrictDomBuilder::null() {
  return AddValue(nullptr);
}
bool StrictDomBuilder::boolean(bool value) {
  return AddValue(value);
}
bool StrictDomBuilder::number_integer(nlohmann::json::number_integer_t value) {
  return AddValue(value);
}
bool StrictDomBuilder::number_unsigned(nlohmann::json::number_unsigned_t value) {
  return AddValue(value);
}

bool StrictDomBuilder::number_float(nlohmann::json::number_float_t value, const std::string& text) {
  // nlohmann hands integer literals that overflow 64 bits to us as doubles:
  // that is the lossy path being closed here.
  if (IsIntegerLiteral(text)) {
    return Fail(JsonErrorCode::kIntegerOverflow, NumberStart(text),
                "integer " + text.substr(0, 40) + (text.size() > 40 ? "…" : "") +
                    " does not fit in 64 bits");
  }
  if (!std::isfinite(value)) {
    return Fail(JsonErrorCode::kNonFiniteNumber, NumberStart(text),
                "number " + text.substr(0, 40) + " is not finite in binary64");
  }
  if (!RepresentsExactly(value, text)) {
    return Fail(JsonErrorCode::kInexactNumber, NumberStart(text),
                "number " + text.substr(0, 40) + (text.size() > 40 ? "…" : "") +
                    " cannot be stored exactly (nearest binary64 reads back as " +
                    ShortestDecimal(value) + ")");
  }
  return AddValue(value);
}

bool StrictDomBuilder::string(std::string& value) {
  if (!CheckString(value, StringStart())) return false;
  return AddValue(std::move(value));
}

bool StrictDomBuilder::binary(nlohmann::json::binary_t&) {
  // Only the binary formats (CBOR, MessagePack, …) produce these.
  return Fail(JsonErrorCode::kSyntax, *consumed_, "binary values are not JSON");
}

bool StrictDomBuilder::start_object(size_t) {
  return OpenContainer(nlohmann::json::object(), '{');
}
bool StrictDomBuilder::start_array(size_t) {
  return OpenContainer(nlohmann::json::array(), '[');
}
bool StrictDomBuilder::end_object() {
  return CloseContainer();
}
bool StrictDomBuilder::end_array() {
  return CloseContainer();
}

bool StrictDomBuilder::key(std::string& name) {
  Frame& top = stack_.back();
  top.key = std::move(name);
  top.awaiting_value = true;
  const size_t start = StringStart();
  if (!CheckString(top.key, start)) return false;
  if (top.container->contains(top.key)) {
    return Fail(JsonErrorCode::kDuplicateMember, start,
                "member " + Quote(top.key) + " appears more than once in the object");
  }
  return true;
}

bool StrictDomBuilder::parse_error(size_t position, const std::string& last_token,
                                   const nlohmann::detail::exception& ex) {
  // nlohmann's position counts the bytes its lexer has taken, including the
  // one it stopped on, plus one for an attempted read past the end. Its
  // token string is not just the token, so only the position is used.
  const size_t offset =
      position > bytes_.size() ? bytes_.size() : (position > 0 ? position - 1 : 0);
  const std::string what = ex.what();

  if (root_done_ && stack_.empty()) {
    return Fail(JsonErrorCode::kTrailingData, offset, "data after the end of the document's value",
                false);
  }
  if (ex.id == 406) {  // out_of_range: a number literal whose value is ±inf
    const bool integer = IsIntegerLiteral(last_token);
    return Fail(integer ? JsonErrorCode::kIntegerOverflow : JsonErrorCode::kNonFiniteNumber,
                NumberStart(last_token),
                integer ? "integer does not fit in 64 bits"
                        : "number overflows binary64 (it would be infinite)");
  }
  // The lexer stops inside "-Infinity" or "nan" a byte or two after the
  // word begins.
  for (size_t back = std::min<size_t>(offset, 2) + 1; back-- > 0;) {
    if (LooksNonFinite(bytes_.substr(offset - back))) {
      return Fail(JsonErrorCode::kNonFiniteNumber, offset - back,
                  "NaN and Infinity are not JSON numbers; non-finite values are refused");
    }
  }
  if (what.find("surrogate") != std::string::npos || what.find("UTF-8") != std::string::npos) {
    return Fail(JsonErrorCode::kInvalidUnicode, offset, "string is not valid Unicode");
  }
  // nlohmann's message after its "[json.exception.parse_error.101] parse
  // error at line 1, column 5: " prefix; our offset replaces the position.
  // Its "last read" excerpt can end inside a UTF-8 character.
  std::string message = what;
  if (const size_t colon = message.find(": "); colon != std::string::npos) {
    message.erase(0, colon + 2);
  }
  return Fail(JsonErrorCode::kSyntax, offset, ValidUtf8(std::move(message)), !stack_.empty());
}

bool StrictDomBuilder::AddValue(nlohmann::json value) {
  if (stack_.empty()) {
    root_ = std::move(value);
    root_done_ = true;
    return true;
  }
  Frame& top = stack_.back();
  if (top.container->is_array()) {
    top.container->push_back(std::move(value));
  } else {
    top.container->emplace(top.key, std::move(value));
    top.awaiting_value = false;
  }
  return true;
}

bool StrictDomBuilder::OpenContainer(nlohmann::json empty, char bracket) {
  const size_t start = *consumed_ > 0 ? *consumed_ - 1 : 0;
  if (stack_.size() + 1 > limits_.max_depth) {
    return Fail(JsonErrorCode::kNestingTooDeep, start,
                std::string(bracket == '[' ? "array" : "object") + " nested deeper than " +
                    std::to_string(limits_.max_depth) + " levels");
  }
  nlohmann::json* slot = nullptr;
  if (stack_.empty()) {
    root_ = std::move(empty);
    slot = &root_;
  } else {
    Frame& top = stack_.back();
    if (top.container->is_array()) {
      top.container->push_back(std::move(empty));
      slot = &top.container->back();
    } else {
      // std::map nodes do not move, and nothing is added to this object
      // until the child closes, so the pointer stays valid while it is open.
      slot = &(*top.container)[top.key];
      *slot = std::move(empty);
      top.awaiting_value = false;
    }
  }
  stack_.push_back(Frame{slot, {}, false});
  return true;
}

bool StrictDomBuilder::CloseContainer() {
  stack_.pop_back();
  if (stack_.empty()) root_done_ = true;
  return true;
}

bool StrictDomBuilder::CheckString(const std::string& text, size_t start) {
  if (text.size() > limits_.max_string_bytes) {
    return Fail(JsonErrorCode::kStringTooLong, start,
                "string of " + std::to_string(text.size()) + " bytes is longer than the limit of " +
                    std::to_string(limits_.max_string_bytes));
  }
  if (text.find('\0') != std::string::npos) {
    return Fail(JsonErrorCode::kNulCharacter, start, "string contains U+0000");
  }
  return true;
}

bool StrictDomBuilder::Fail(JsonErrorCode code, size_t offset, std::string message,
                            bool include_child) {
  if (!error_) error_ = JsonError{code, PathTo(include_child), offset, std::move(message)};
  return false;
}

std::string StrictDomBuilder::PathTo(bool include_child) const {
  std::string path;
  for (size_t i = 0; i < stack_.size(); ++i) {
    const Frame& frame = stack_[i];
    const bool top = i + 1 == stack_.size();
    if (top && !include_child) break;
    if (frame.container->is_array()) {
      // Below the top, the open child is the last element; at the top, the
      // child is the element about to be added.
      const size_t size = frame.container->size();
      const size_t index = top ? size : size - 1;
      path = AppendPointer(path, std::to_string(index));
    } else if (!top || frame.awaiting_value) {
      path = AppendPointer(path, frame.key);
    }
  }
  return path;
}

size_t StrictDomBuilder::StringStart() const {
  // The lexer has just read the closing quote. The opening quote is the
  // nearest earlier quote not escaped by an odd run of backslashes.
  const size_t end = std::min(*consumed_, bytes_.size());
  if (end < 2) return 0;
  for (size_t i = end - 1; i-- > 0;) {
    if (bytes_[i] != '"') continue;
    size_t backslashes = 0;
    while (backslashes < i && bytes_[i - 1 - backslashes] == '\\')
      ++backslashes;
    if (backslashes % 2 == 0) return i;
  }
  return 0;
}

size_t StrictDomBuilder::NumberStart(std::string_view text) const {
  // The lexer reads one byte past a number (and puts it back) unless the
  // input ends right after it.
  const size_t end = std::min(*consumed_, bytes_.size());
  if (end == bytes_.size() && end >= text.size() && bytes_.substr(end - text.size()) == text) {
    return end - text.size();
  }
  return end >= text.size() + 1 ? end - text.size() - 1 : 0;
}

}  // namespace gridlaw::json_detail
