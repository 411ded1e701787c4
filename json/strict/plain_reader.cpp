#include "strict/plain_reader.h"

#include <cstdint>
#include <string>

#include "strict/plain_scanner.h"

namespace gridlaw::json_detail {
namespace {

// Integers of up to 18 digits fit in 64 bits whatever they are, so nlohmann
// reads them exactly as integers; longer ones, and numbers with a fraction
// or an exponent, go to nlohmann to decide.
constexpr size_t kMaxPlainDigits = 18;

// The scanner's events as nlohmann's SAX events to the strict DOM builder.
class ToDomBuilder {
 public:
  ToDomBuilder(StrictDomBuilder& builder, size_t* consumed)
      : builder_(builder), consumed_(consumed) {}

  bool Key(std::string_view name) {
    text_.assign(name);
    return builder_.key(text_);
  }
  bool String(std::string_view text) {
    text_.assign(text);
    return builder_.string(text_);
  }
  // nlohmann gives non-negative integers as unsigned, negative ones (and -0)
  // as signed.
  bool Number(bool negative, std::string_view digits, bool integer) {
    if (!integer || digits.size() > kMaxPlainDigits) return false;
    uint64_t value = 0;
    for (const char d : digits)
      value = value * 10 + static_cast<uint64_t>(d - '0');
    if (negative) return builder_.number_integer(-static_cast<int64_t>(value));
    return builder_.number_unsigned(value);
  }
  bool Boolean(bool value) { return builder_.boolean(value); }
  bool Null() { return builder_.null(); }
  bool StartObject() { return builder_.start_object(0); }
  bool EndObject() { return builder_.end_object(); }
  bool StartArray() { return builder_.start_array(0); }
  bool EndArray() { return builder_.end_array(); }
  // The builder reads the position through `consumed` when it reports an error.
  void Consumed(size_t offset) { *consumed_ = offset; }

 private:
  StrictDomBuilder& builder_;
  size_t* consumed_;
  std::string text_;  // nlohmann's SAX interface takes strings by reference
};

}  // namespace

bool ReadPlainJson(std::string_view bytes, StrictDomBuilder& builder, size_t* consumed) {
  ToDomBuilder events(builder, consumed);
  return PlainScanner<ToDomBuilder>(bytes, events).Document() && !builder.error();
}

}  // namespace gridlaw::json_detail
