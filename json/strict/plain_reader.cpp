#include "strict/plain_reader.h"

#include <cstdint>
#include <string>

namespace gridlaw::json_detail {
namespace {

// Beyond this the reader gives up; the builder's depth limit (64 by
// default) stops well before it. It bounds this reader's recursion whatever
// limit a caller sets.
constexpr size_t kMaxPlainDepth = 256;

// Integers of up to 18 digits fit in 64 bits whatever they are, so nlohmann
// reads them exactly as integers; longer ones go to nlohmann to decide.
constexpr size_t kMaxPlainDigits = 18;

class PlainReader {
 public:
  PlainReader(std::string_view bytes, StrictDomBuilder& builder, size_t* consumed)
      : begin_(bytes.data()),
        p_(bytes.data()),
        end_(bytes.data() + bytes.size()),
        builder_(builder),
        consumed_(consumed) {}

  bool Document() {
    SkipSpace();
    if (!Value(0)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  // JSON's whitespace, as nlohmann skips it.
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r'))
      ++p_;
  }
  bool Is(char c) const { return p_ != end_ && *p_ == c; }
  // The builder sees the position just after what was read, as with nlohmann.
  void Consumed() { *consumed_ = static_cast<size_t>(p_ - begin_); }

  // At '"': the text up to the closing quote, when it has no escape, no
  // control character and no byte beyond ASCII.
  bool String(std::string* out) {
    const char* start = ++p_;
    for (; p_ != end_; ++p_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out->assign(start, static_cast<size_t>(p_ - start));
        ++p_;
        Consumed();
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
    }
    return false;
  }

  // -?(0|[1-9][0-9]*) of at most 18 digits, not followed by a fraction or
  // an exponent: nlohmann gives non-negative ones as unsigned, negative ones
  // (and -0) as signed integers.
  bool Integer() {
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    if (Is('0')) {
      ++p_;
    } else {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9')
        ++p_;
    }
    const auto count = static_cast<size_t>(p_ - digits);
    if (count == 0 || count > kMaxPlainDigits) return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E' || (*p_ >= '0' && *p_ <= '9')))
      return false;
    uint64_t value = 0;
    for (const char* d = digits; d != p_; ++d)
      value = value * 10 + static_cast<uint64_t>(*d - '0');
    Consumed();
    if (negative) return builder_.number_integer(-static_cast<int64_t>(value));
    return builder_.number_unsigned(value);
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    Consumed();
    return true;
  }

  bool Value(size_t depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return Object(depth + 1);
      case '[':
        return Array(depth + 1);
      case '"': {
        std::string text;
        return String(&text) && builder_.string(text);
      }
      case 't':
        return Literal("true") && builder_.boolean(true);
      case 'f':
        return Literal("false") && builder_.boolean(false);
      case 'n':
        return Literal("null") && builder_.null();
      default:
        return (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) && Integer();
    }
  }

  bool Object(size_t depth) {
    if (depth > kMaxPlainDepth) return false;
    ++p_;
    Consumed();
    if (!builder_.start_object(0)) return false;
    SkipSpace();
    if (Is('}')) {
      ++p_;
      Consumed();
      return builder_.end_object();
    }
    std::string name;
    for (;;) {
      if (!Is('"') || !String(&name) || !builder_.key(name)) return false;
      SkipSpace();
      if (!Is(':')) return false;
      ++p_;
      SkipSpace();
      if (!Value(depth)) return false;
      SkipSpace();
      if (Is(',')) {
        ++p_;
        SkipSpace();
      } else if (Is('}')) {
        ++p_;
        Consumed();
        return builder_.end_object();
      } else {
        return false;
      }
    }
  }

  bool Array(size_t depth) {
    if (depth > kMaxPlainDepth) return false;
    ++p_;
    Consumed();
    if (!builder_.start_array(0)) return false;
    SkipSpace();
    if (Is(']')) {
      ++p_;
      Consumed();
      return builder_.end_array();
    }
    for (;;) {
      if (!Value(depth)) return false;
      SkipSpace();
      if (Is(',')) {
        ++p_;
        SkipSpace();
      } else if (Is(']')) {
        ++p_;
        Consumed();
        return builder_.end_array();
      } else {
        return false;
      }
    }
  }

  const char* const begin_;
  const char* p_;
  const char* const end_;
  StrictDomBuilder& builder_;
  size_t* consumed_;
};

}  // namespace

bool ReadPlainJson(std::string_view bytes, StrictDomBuilder& builder, size_t* consumed) {
  return PlainReader(bytes, builder, consumed).Document() && !builder.error();
}

}  // namespace gridlaw::json_detail
