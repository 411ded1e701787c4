#pragma once
// A reader of the plain subset of JSON, shared by the two fast paths that
// read it: strict JSON intake (strict/plain_reader.cpp, envelopes and
// claims) and the record decoder (records/record_decoder.cpp, JSON Lines).
//
// The plain subset is what gridlaw and well-behaved writers emit: strings of
// ASCII without escapes or control characters, numbers, true, false, null,
// objects and arrays. The scanner reads it straight from the bytes and
// hands each event to a handler; it never decides a refusal. On anything
// outside the subset, and on any event the handler refuses, it returns
// false, and the caller reads the input again from the start with
// nlohmann_json, whose reading (and every error message) is the reference.
//
// The handler (inlined: this is the hot loop of both readers) provides
//   bool Key(std::string_view name);
//   bool String(std::string_view text);
//   bool Number(bool negative, std::string_view digits, bool integer);
//       digits: the number's text after any '-', in JSON's grammar
//       (0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; integer: it has no
//       fraction and no exponent
//   bool Boolean(bool value);
//   bool Null();
//   bool StartObject(); bool EndObject(); bool StartArray(); bool EndArray();
//   void Consumed(size_t offset);
//       the offset just after a value's or bracket's last byte, where
//       nlohmann's lexer would be when it hands over the same event

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace gridlaw::json_detail {

// Beyond this depth the scanner gives up; both handlers' own depth limits
// stop well before it. It bounds the scanner's recursion whatever a caller
// sets.
inline constexpr size_t kMaxPlainDepth = 256;

template <class Handler>
class PlainScanner {
 public:
  PlainScanner(std::string_view bytes, Handler& handler)
      : begin_(bytes.data()), p_(bytes.data()), end_(bytes.data() + bytes.size()), h_(handler) {}

  // One value, with nothing but whitespace around it.
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

  // Whether any of the eight bytes in `word` is '"', '\\', below 0x20 or
  // from 0x80 up: the bytes String() stops at. Each test is the classic
  // "some byte is below n" ((x - n·ones) & ~x & highs, exact for n <= 0x80),
  // so a word without such a byte is never taken for one.
  static bool MayEndString(uint64_t word) {
    constexpr uint64_t kOnes = 0x0101010101010101;
    constexpr uint64_t kHighs = 0x8080808080808080;
    const uint64_t quote = word ^ (kOnes * '"');
    const uint64_t backslash = word ^ (kOnes * '\\');
    const uint64_t below = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                           ((word - kOnes * 0x20) & ~word);
    return ((below | word) & kHighs) != 0;
  }
  static bool Digit(char c) { return c >= '0' && c <= '9'; }
  void Consumed() { h_.Consumed(static_cast<size_t>(p_ - begin_)); }

  // At '"': the text up to the closing quote, when it has no escape, no
  // control character and no byte beyond ASCII (those nlohmann validates).
  bool String(std::string_view* out) {
    const char* start = ++p_;
    // Eight bytes at a time past those that need no look, then byte by byte
    // from the first word that holds one.
    while (end_ - p_ >= 8) {
      uint64_t word;
      std::memcpy(&word, p_, sizeof word);
      if (MayEndString(word)) break;
      p_ += 8;
    }
    for (; p_ != end_; ++p_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        *out = std::string_view(start, static_cast<size_t>(p_ - start));
        ++p_;
        Consumed();
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
    }
    return false;
  }

  // JSON's number grammar. A digit right after a leading zero ("01") ends
  // the number here, and what follows is then no JSON: the caller gives up.
  bool Number() {
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* start = p_;
    if (Is('0')) {
      ++p_;
    } else if (p_ != end_ && *p_ >= '1' && *p_ <= '9') {
      while (p_ != end_ && Digit(*p_))
        ++p_;
    } else {
      return false;
    }
    bool integer = true;
    if (Is('.')) {
      integer = false;
      const char* fraction = ++p_;
      while (p_ != end_ && Digit(*p_))
        ++p_;
      if (p_ == fraction) return false;
    }
    if (Is('e') || Is('E')) {
      integer = false;
      ++p_;
      if (Is('+') || Is('-')) ++p_;
      const char* exponent = p_;
      while (p_ != end_ && Digit(*p_))
        ++p_;
      if (p_ == exponent) return false;
    }
    Consumed();
    return h_.Number(negative, std::string_view(start, static_cast<size_t>(p_ - start)), integer);
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
        std::string_view text;
        return String(&text) && h_.String(text);
      }
      case 't':
        return Literal("true") && h_.Boolean(true);
      case 'f':
        return Literal("false") && h_.Boolean(false);
      case 'n':
        return Literal("null") && h_.Null();
      default:
        return (*p_ == '-' || Digit(*p_)) && Number();
    }
  }

  bool Object(size_t depth) {
    if (depth > kMaxPlainDepth) return false;
    ++p_;
    Consumed();
    if (!h_.StartObject()) return false;
    SkipSpace();
    if (Is('}')) {
      ++p_;
      Consumed();
      return h_.EndObject();
    }
    for (;;) {
      std::string_view name;
      if (!Is('"') || !String(&name) || !h_.Key(name)) return false;
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
        return h_.EndObject();
      } else {
        return false;
      }
    }
  }

  bool Array(size_t depth) {
    if (depth > kMaxPlainDepth) return false;
    ++p_;
    Consumed();
    if (!h_.StartArray()) return false;
    SkipSpace();
    if (Is(']')) {
      ++p_;
      Consumed();
      return h_.EndArray();
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
        return h_.EndArray();
      } else {
        return false;
      }
    }
  }

  const char* const begin_;
  const char* p_;
  const char* const end_;
  Handler& h_;
};

}  // namespace gridlaw::json_detail
