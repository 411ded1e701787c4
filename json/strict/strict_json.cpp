#include "strict/strict_json.h"

#include <iterator>

#include "strict/dom_builder.h"
#include "utf8/utf8.h"

namespace gridlaw {
namespace {

// An input iterator over the document that records how far nlohmann's lexer
// has read, so the SAX handler can give byte offsets (nlohmann passes
// positions only to parse_error).
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* begin, const char* at, size_t* consumed)
      : begin_(begin), at_(at), consumed_(consumed) {}

  reference operator*() const {
    *consumed_ = static_cast<size_t>(at_ - begin_) + 1;
    return *at_;
  }
  TrackingIterator& operator++() {
    ++at_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator before = *this;
    ++at_;
    return before;
  }
  bool operator==(const TrackingIterator& other) const { return at_ == other.at_; }

 private:
  const char* begin_;
  const char* at_;
  size_t* consumed_;
};

// Runs the SAX parse of `bytes`; the builder holds the outcome.
void RunParse(std::string_view bytes, json_detail::StrictDomBuilder& builder, size_t& consumed) {
  const char* data = bytes.data();
  TrackingIterator first(data, data, &consumed);
  TrackingIterator last(data, data + bytes.size(), &consumed);
  // strict = true: nothing but whitespace may follow the value.
  // ignore_comments = false: comments are not JSON.
  nlohmann::json::sax_parse(first, last, &builder, nlohmann::json::input_format_t::json,
                            /*strict=*/true, /*ignore_comments=*/false);
}

}  // namespace

JsonResult ParseStrictJson(std::string_view bytes, const JsonLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return JsonError{JsonErrorCode::kDocumentTooLarge, "", limits.max_bytes,
                     "document of " + std::to_string(bytes.size()) +
                         " bytes is larger than the limit of " + std::to_string(limits.max_bytes)};
  }
  // nlohmann would skip a BOM without a word; RFC 8259 §8.1 says not to send one.
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    return JsonError{JsonErrorCode::kByteOrderMark, "", 0,
                     "document starts with a UTF-8 byte-order mark"};
  }
  // nlohmann checks UTF-8 inside strings only; check every byte, and find
  // the path by reading the valid prefix (which then ends early).
  if (const auto bad = FindInvalidUtf8(bytes)) {
    size_t consumed = 0;
    json_detail::StrictDomBuilder prefix(bytes.substr(0, *bad), limits, &consumed);
    RunParse(bytes.substr(0, *bad), prefix, consumed);
    return JsonError{JsonErrorCode::kInvalidUnicode, prefix.CurrentPath(), *bad,
                     "byte " + std::to_string(*bad) + " starts an invalid UTF-8 sequence"};
  }
  size_t consumed = 0;
  json_detail::StrictDomBuilder builder(bytes, limits, &consumed);
  RunParse(bytes, builder, consumed);
  if (builder.error()) return *builder.error();
  return builder.TakeRoot();
}

}  // namespace gridlaw
