#include "intake/sign_claims.h"

#include "dsse/envelope.h"
#include "dsse/pae.h"
#include "dsse/payload_types.h"
#include "intake/claim_header.h"
#include "intake/claims_limits.h"

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

  auto signature = key.Sign(PreAuthEncoding(kClaimsPayloadType, claims_bytes));
  if (!signature.ok()) return std::move(signature).error();
  Envelope envelope;
  envelope.payload_type = std::string(kClaimsPayloadType);
  envelope.payload = std::string(claims_bytes);
  envelope.signatures.push_back({key.public_key().key_id(), std::move(signature).value()});
  return SerializeEnvelope(envelope);
}

}  // namespace gridlaw
