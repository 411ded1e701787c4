#pragma once
// Why an envelope, a key or a trust store was refused. Codes are stable:
// SPEC.md §Attestations lists them, a test keeps the two in step, and they
// are never renumbered or reused. A refusal caused by strict JSON intake
// carries the JsonError too, and its reason code is then the J code.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "strict/json_error.h"

namespace gridlaw {

enum class AttestCode {
  // A1xx: the envelope
  kEnvelopeJson,       // A100 (reason code: the J code)
  kEnvelopeShape,      // A101
  kBadBase64,          // A102
  kWrongPayloadType,   // A103
  kNoSignatures,       // A104
  kEmptyPayload,       // A105
  kTooManySignatures,  // A106
  // A2xx: signatures and the keys that made them
  kUnknownKey,        // A201
  kBadSignature,      // A202
  kDuplicateSigner,   // A203
  kThresholdNotMet,   // A204
  kWrongKeyRole,      // A205
  kKeyOutsideWindow,  // A206
  kKeyRevoked,        // A207
  kProviderMismatch,  // A208
  // A3xx: the signed claims
  kPayloadJson,     // A300 (reason code: the J code)
  kClaimHeader,     // A301
  kFutureDated,     // A302
  kPeriodNotEnded,  // A303
  kReplayedNonce,   // A304
  // A4xx: keys and the trust store
  kTrustStoreJson,    // A400 (reason code: the J code)
  kTrustStoreFormat,  // A401
  kKeyRejected,       // A402
  kDuplicateKey,      // A403
  kNoSuchKey,         // A404
  kPrivateKey,        // A405
  kCryptoFailure,     // A406
};

struct AttestCodeInfo {
  AttestCode code;
  std::string_view id;       // "A202"
  std::string_view name;     // "bad-signature": stable kebab-case name
  std::string_view summary;  // one line for SPEC.md
};

// Every code, in numeric order.
std::span<const AttestCodeInfo> AllAttestCodes();
const AttestCodeInfo& InfoOf(AttestCode code);

struct AttestError {
  AttestCode code = AttestCode::kEnvelopeShape;
  std::string message;            // one line: what, where, which key
  std::optional<JsonError> json;  // set for kEnvelopeJson, kPayloadJson, kTrustStoreJson
};

// The code a user sees: the J code when strict JSON intake refused, else the A code.
std::string_view ReasonCode(const AttestError& error);

// "A202 bad-signature: no trusted key verifies signature 0 (keyid 3f…)"
std::string Describe(const AttestError& error);

// An AttestError for a JSON refusal: `code` is kEnvelopeJson, kPayloadJson or kTrustStoreJson.
AttestError FromJsonError(AttestCode code, JsonError json);

}  // namespace gridlaw
