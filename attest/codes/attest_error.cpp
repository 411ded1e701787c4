#include "codes/attest_error.h"

#include <array>

namespace gridlaw {
namespace {

using C = AttestCode;

constexpr std::array kCodes = {
    AttestCodeInfo{C::kEnvelopeJson, "A100", "envelope-json",
                   "The envelope is not strict JSON (the reason is the J code)."},
    AttestCodeInfo{C::kEnvelopeShape, "A101", "envelope-shape",
                   "The envelope lacks a member, has an unknown one, or one of the wrong type."},
    AttestCodeInfo{C::kBadBase64, "A102", "bad-base64",
                   "The payload or a signature is not strict base64."},
    AttestCodeInfo{C::kWrongPayloadType, "A103", "wrong-payload-type",
                   "The payloadType is not the one expected here."},
    AttestCodeInfo{C::kNoSignatures, "A104", "no-signatures", "The envelope has no signatures."},
    AttestCodeInfo{C::kEmptyPayload, "A105", "empty-payload", "The payload is empty."},
    AttestCodeInfo{C::kTooManySignatures, "A106", "too-many-signatures",
                   "The envelope has more signatures than the limit."},
    AttestCodeInfo{C::kUnknownKey, "A201", "unknown-key",
                   "No key in the trust store has the signature's keyid."},
    AttestCodeInfo{C::kBadSignature, "A202", "bad-signature",
                   "No candidate trusted key verifies the signature over the PAE."},
    AttestCodeInfo{C::kDuplicateSigner, "A203", "duplicate-signer",
                   "The same key signed the envelope more than once."},
    AttestCodeInfo{C::kThresholdNotMet, "A204", "threshold-not-met",
                   "Fewer distinct trusted keys signed than the threshold requires."},
    AttestCodeInfo{C::kWrongKeyRole, "A205", "wrong-key-role",
                   "The signing key is registered for another role (regulator, …)."},
    AttestCodeInfo{C::kKeyOutsideWindow, "A206", "key-outside-window",
                   "The claim's issued_at is outside the key's validity window."},
    AttestCodeInfo{C::kKeyRevoked, "A207", "key-revoked",
                   "The key was revoked at or before the claim's issued_at."},
    AttestCodeInfo{C::kProviderMismatch, "A208", "provider-mismatch",
                   "The key is registered to another provider than the claim names."},
    AttestCodeInfo{C::kPayloadJson, "A300", "payload-json",
                   "The signed payload is not strict JSON (the reason is the J code)."},
    AttestCodeInfo{C::kClaimHeader, "A301", "claim-header",
                   "provider, subject.id, issued_at, nonce or period is missing or malformed."},
    AttestCodeInfo{C::kFutureDated, "A302", "future-dated",
                   "issued_at is later than now plus the allowed clock skew."},
    AttestCodeInfo{C::kPeriodNotEnded, "A303", "period-not-ended",
                   "The claim was issued before its period ended."},
    AttestCodeInfo{C::kReplayedNonce, "A304", "replayed-nonce",
                   "The provider's nonce was seen before."},
    AttestCodeInfo{C::kTrustStoreJson, "A400", "trust-store-json",
                   "The trust store is not strict JSON (the reason is the J code)."},
    AttestCodeInfo{C::kTrustStoreFormat, "A401", "trust-store-format",
                   "A trust store record lacks a field or has a malformed one."},
    AttestCodeInfo{C::kKeyRejected, "A402", "key-rejected",
                   "A public key is malformed, of another algorithm, small-order, "
                   "non-canonical or not on its curve."},
    AttestCodeInfo{C::kDuplicateKey, "A403", "duplicate-key",
                   "The key is already in the trust store."},
    AttestCodeInfo{C::kNoSuchKey, "A404", "no-such-key", "No key in the trust store has that id."},
    AttestCodeInfo{C::kPrivateKey, "A405", "private-key",
                   "A private key file is not an unencrypted PKCS#8 Ed25519 or P-256 key."},
    AttestCodeInfo{C::kCryptoFailure, "A406", "crypto-failure",
                   "OpenSSL failed to sign or generate (out of memory, broken install)."},
};

}  // namespace

std::span<const AttestCodeInfo> AllAttestCodes() {
  return kCodes;
}

const AttestCodeInfo& InfoOf(AttestCode code) {
  return kCodes[static_cast<size_t>(code)];
}

std::string_view ReasonCode(const AttestError& error) {
  return error.json ? InfoOf(error.json->code).id : InfoOf(error.code).id;
}

std::string Describe(const AttestError& error) {
  std::string out(ReasonCode(error));
  out += ' ';
  out += error.json ? InfoOf(error.json->code).name : InfoOf(error.code).name;
  out += ": ";
  out += error.message;
  return out;
}

AttestError FromJsonError(AttestCode code, JsonError json) {
  std::string where = code == AttestCode::kEnvelopeJson  ? "envelope"
                      : code == AttestCode::kPayloadJson ? "payload"
                                                         : "trust store";
  std::string message = where + " " + (json.path.empty() ? "" : "at " + json.path + " ") +
                        "(byte " + std::to_string(json.offset) + "): " + json.message;
  return AttestError{code, std::move(message), std::move(json)};
}

}  // namespace gridlaw
