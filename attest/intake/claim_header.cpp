#include "intake/claim_header.h"

#include "instant/rfc3339.h"

namespace gridlaw {
namespace {

AttestError Header(const std::string& path, const std::string& message) {
  return AttestError{AttestCode::kClaimHeader, "claims " + path + ": " + message, std::nullopt};
}

const std::string* StringAt(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

}  // namespace

Result<ClaimHeader, AttestError> ReadClaimHeader(const nlohmann::json& claims) {
  if (!claims.is_object()) return Header("", "the payload is not a JSON object");
  ClaimHeader header;
  const std::string* provider = StringAt(claims, "provider");
  if (provider == nullptr || provider->empty()) {
    return Header("/provider", "must be a non-empty string");
  }
  header.provider = *provider;

  const auto subject = claims.find("subject");
  const std::string* subject_id =
      subject != claims.end() && subject->is_object() ? StringAt(*subject, "id") : nullptr;
  if (subject_id == nullptr || subject_id->empty()) {
    return Header("/subject/id", "must be a non-empty string");
  }
  header.subject = *subject_id;

  const std::string* issued_at = StringAt(claims, "issued_at");
  const auto issued = issued_at ? ParseRfc3339(*issued_at) : std::nullopt;
  if (!issued) return Header("/issued_at", "must be an RFC 3339 date-time with an offset");
  header.issued_at = *issued;

  const std::string* nonce = StringAt(claims, "nonce");
  if (nonce == nullptr || nonce->size() < 16 || nonce->size() > 128) {
    return Header("/nonce", "must be a string of 16 to 128 characters");
  }
  header.nonce = *nonce;

  const auto period = claims.find("period");
  if (period == claims.end() || !period->is_object()) {
    return Header("/period", "must be an object with start and end");
  }
  const std::string* start = StringAt(*period, "start");
  const std::string* end = StringAt(*period, "end");
  // Read through value_or: GCC 12 at -O2 warns (maybe-uninitialized) on
  // dereferencing optionals built by a conditional expression.
  const auto start_at = start == nullptr ? std::optional<int64_t>() : ParseIsoDate(*start);
  const auto end_at = end == nullptr ? std::optional<int64_t>() : ParseIsoDate(*end);
  if (!start_at.has_value()) return Header("/period/start", "must be a date YYYY-MM-DD");
  if (!end_at.has_value()) return Header("/period/end", "must be a date YYYY-MM-DD");
  const int64_t start_day = start_at.value_or(0);
  const int64_t end_day = end_at.value_or(0);
  if (end_day <= start_day) return Header("/period/end", "must be after period.start");
  header.period_start = start_day;
  header.period_end = end_day;
  return header;
}

}  // namespace gridlaw
