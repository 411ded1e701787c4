#pragma once
// The few claim fields that intake itself needs, read from the verified
// payload: who claims (provider), when (issued_at), uniqueness (nonce) and
// the period claimed, and the subject (the ledger's unit of equivocation). The rest of the claim
// (engine/claims, against its schema) is the engine's business: attest/ knows nothing of schemas.
// The formats match engine/claims: dates "YYYY-MM-DD", date-times RFC 3339
// with an offset, nonce 16 to 128 characters.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "codes/attest_error.h"
#include "result/result.h"
#include "strict/strict_json.h"

namespace gridlaw {

struct ClaimHeader {
  std::string provider;
  std::string subject;    // subject.id: the facility or service the claims are about
  int64_t issued_at = 0;  // nanoseconds since the epoch
  std::string nonce;
  int64_t period_start = 0;  // nanoseconds: start of the first day, inclusive
  int64_t period_end = 0;    // nanoseconds: start of the day after the last, exclusive
};

// A301 with the member's JSON pointer when a field is missing or malformed.
Result<ClaimHeader, AttestError> ReadClaimHeader(const nlohmann::json& claims);

// The same header read straight from the payload's bytes, with no tree: for
// a plain payload (strict/plain_fields.h) that ParseStrictJson(payload,
// limits) accepts, exactly what ReadClaimHeader gives for that tree. Nothing
// (std::nullopt) for any other payload, which the caller then parses.
std::optional<Result<ClaimHeader, AttestError>> ReadClaimHeaderWithoutTree(
    std::string_view payload, const JsonLimits& limits);

}  // namespace gridlaw
