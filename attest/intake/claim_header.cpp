#include "intake/claim_header.h"

#include "instant/rfc3339.h"
#include "strict/plain_fields.h"

namespace gridlaw {
namespace {

AttestError Header(const std::string& path, const std::string& message) {
  return AttestError{AttestCode::kClaimHeader, "claims " + path + ": " + message, std::nullopt};
}

// What the header is read from, wherever the claims were read: the string
// members it uses (absent when missing or not a string) and whether the
// containers are objects. One reading of these decides the header and its
// refusals for both readers below.
struct HeaderFields {
  bool object = false;  // the claims themselves
  std::optional<std::string_view> provider;
  std::optional<std::string_view> subject_id;  // only when subject is an object
  std::optional<std::string_view> issued_at;
  std::optional<std::string_view> nonce;
  bool period_object = false;
  std::optional<std::string_view> period_start;  // only when period is an object
  std::optional<std::string_view> period_end;
};

Result<ClaimHeader, AttestError> HeaderFrom(const HeaderFields& fields) {
  if (!fields.object) return Header("", "the payload is not a JSON object");
  ClaimHeader header;
  if (!fields.provider || fields.provider->empty()) {
    return Header("/provider", "must be a non-empty string");
  }
  header.provider = *fields.provider;

  if (!fields.subject_id || fields.subject_id->empty()) {
    return Header("/subject/id", "must be a non-empty string");
  }
  header.subject = *fields.subject_id;

  const auto issued = fields.issued_at ? ParseRfc3339(*fields.issued_at) : std::nullopt;
  if (!issued) return Header("/issued_at", "must be an RFC 3339 date-time with an offset");
  header.issued_at = *issued;

  if (!fields.nonce || fields.nonce->size() < 16 || fields.nonce->size() > 128) {
    return Header("/nonce", "must be a string of 16 to 128 characters");
  }
  header.nonce = *fields.nonce;

  if (!fields.period_object) return Header("/period", "must be an object with start and end");
  // Read through value_or: GCC 12 at -O2 warns (maybe-uninitialized) on
  // dereferencing optionals built by a conditional expression.
  const auto start_at =
      fields.period_start ? ParseIsoDate(*fields.period_start) : std::optional<int64_t>();
  const auto end_at =
      fields.period_end ? ParseIsoDate(*fields.period_end) : std::optional<int64_t>();
  if (!start_at.has_value()) return Header("/period/start", "must be a date YYYY-MM-DD");
  if (!end_at.has_value()) return Header("/period/end", "must be a date YYYY-MM-DD");
  const int64_t start_day = start_at.value_or(0);
  const int64_t end_day = end_at.value_or(0);
  if (end_day <= start_day) return Header("/period/end", "must be after period.start");
  header.period_start = start_day;
  header.period_end = end_day;
  return header;
}

std::optional<std::string_view> StringAt(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get_ref<const std::string&>();
}

// The header's fields as the plain reader shows the claims' values.
class HeaderFieldVisitor {
 public:
  explicit HeaderFieldVisitor(HeaderFields& fields) : fields_(fields) {}

  bool Value(std::span<const json_detail::PlainStep> path, json_detail::PlainKind kind,
             std::string_view text) {
    using json_detail::PlainKind;
    if (path.empty()) {
      fields_.object = kind == PlainKind::kObject;
      return true;
    }
    if (path[0].in_array) return true;
    const std::string_view top = path[0].key;
    if (path.size() == 1) {
      if (kind == PlainKind::kObject && top == "period") fields_.period_object = true;
      if (kind != PlainKind::kString) return true;
      if (top == "provider") fields_.provider = text;
      if (top == "issued_at") fields_.issued_at = text;
      if (top == "nonce") fields_.nonce = text;
      return true;
    }
    if (path.size() != 2 || path[1].in_array || kind != PlainKind::kString) return true;
    // A member's member: "subject" and "period" are objects here.
    if (top == "subject" && path[1].key == "id") fields_.subject_id = text;
    if (top == "period" && path[1].key == "start") fields_.period_start = text;
    if (top == "period" && path[1].key == "end") fields_.period_end = text;
    return true;
  }

 private:
  HeaderFields& fields_;
};

}  // namespace

Result<ClaimHeader, AttestError> ReadClaimHeader(const nlohmann::json& claims) {
  HeaderFields fields;
  fields.object = claims.is_object();
  if (fields.object) {
    fields.provider = StringAt(claims, "provider");
    const auto subject = claims.find("subject");
    if (subject != claims.end() && subject->is_object())
      fields.subject_id = StringAt(*subject, "id");
    fields.issued_at = StringAt(claims, "issued_at");
    fields.nonce = StringAt(claims, "nonce");
    const auto period = claims.find("period");
    fields.period_object = period != claims.end() && period->is_object();
    if (fields.period_object) {
      fields.period_start = StringAt(*period, "start");
      fields.period_end = StringAt(*period, "end");
    }
  }
  return HeaderFrom(fields);
}

std::optional<Result<ClaimHeader, AttestError>> ReadClaimHeaderWithoutTree(
    std::string_view payload, const JsonLimits& limits) {
  HeaderFields fields;
  HeaderFieldVisitor visitor(fields);
  if (!json_detail::ReadPlainFields(payload, limits, visitor)) return std::nullopt;
  return HeaderFrom(fields);
}

}  // namespace gridlaw
