#include "strict/strict_json.h"

#include <iterator>

#include "strict/dom_builder.h"
#include "strict/plain_reader.h"
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

// Checked before any parsing, on either path.
JsonError TooLarge(std::string_view bytes, const JsonLimits& limits) {
  return JsonError{JsonErrorCode::kDocumentTooLarge, "", limits.max_bytes,
                   "document of " + std::to_string(bytes.size()) +
                       " bytes is larger than the limit of " + std::to_string(limits.max_bytes)};
}

}  // namespace

JsonResult ParseStrictJson(std::string_view bytes, const JsonLimits& limits) {
  if (bytes.size() > limits.max_bytes) return TooLarge(bytes, limits);
  // The plain subset first (strict/plain_reader.h); it decides nothing it
  // does not accept, so everything else is read as before.
  size_t consumed = 0;
  json_detail::StrictDomBuilder plain(bytes, limits, &consumed);
  if (json_detail::ReadPlainJson(bytes, plain, &consumed)) return plain.TakeRoot();
  return json_detail::ParseStrictJsonThroughNlohmann(bytes, limits);
}

namespace json_detail {

JsonResult ParseStrictJsonThroughNlohmann(std::string_view bytes, const JsonLimits& limits) {
  if (bytes.size() > limits.max_bytes) return TooLarge(bytes, limits);
  // nlohmann would skip a BOM without a word; RFC 8259 §8.1 says not to send one.
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    return JsonError{JsonErrorCode::kByteOrderMark, "", 0,
                     "document starts with a UTF-8 byte-order mark"};
  }
  // nlohmann checks UTF-8 inside strings only; check every byte, and find
  // the path by reading the valid prefix (which then ends early).
  if (const auto bad = FindInvalidUtf8(bytes)) {
    size_t consumed = 0;
    StrictDomBuilder prefix(bytes.substr(0, *bad), limits, &consumed);
    RunParse(bytes.substr(0, *bad), prefix, consumed);
    return JsonError{JsonErrorCode::kInvalidUnicode, prefix.CurrentPath(), *bad,
                     "byte " + std::to_string(*bad) + " starts an invalid UTF-8 sequence"};
  }
  size_t consumed = 0;
  StrictDomBuilder builder(bytes, limits, &consumed);
  RunParse(bytes, builder, consumed);
  if (builder.error()) return *builder.error();
  return builder.TakeRoot();
}

bool IdenticalTrees(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_object()) {
    for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y) {
      if (x.key() != y.key() || !IdenticalTrees(*x, *y)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    for (size_t i = 0; i < a.size(); ++i) {
      if (!IdenticalTrees(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace json_detail

}  // namespace gridlaw
