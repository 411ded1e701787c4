#include "intake/sign_claims.h"

#include "dsse/payload_types.h"
#include "intake/claim_header.h"
#include "intake/claims_limits.h"
#include "intake/signed_document.h"

namespace gridlaw {

Result<std::string, AttestError> SignClaimsEnvelope(std::string_view claims_bytes,
                                                    const PrivateKey& key) {
  if (claims_bytes.empty()) {
    return AttestError{AttestCode::kEmptyPayload, "the claims are empty", std::nullopt};
  }
  JsonResult claims = ParseStrictJson(claims_bytes, kClaimsJsonLimits);
  if (!claims.ok()) return FromJsonError(AttestCode::kPayloadJson, std::move(claims).error());
  auto header = ReadClaimHeader(*claims);
  if (!header.ok()) return std::move(header).error();

  return SignDocument(kClaimsPayloadType, claims_bytes, key);
}

}  // namespace gridlaw
