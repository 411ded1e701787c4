#include "intake/signed_document.h"

#include <algorithm>

#include "dsse/pae.h"
#include "instant/rfc3339.h"
#include "intake/refusal.h"

namespace gridlaw {
namespace {

// The trusted key that made one signature.
Result<const TrustedKey*, AttestError> Signer(const EnvelopeSignature& signature, size_t index,
                                              std::string_view pae, const TrustStore& trust) {
  const std::string which = "signature " + std::to_string(index);
  if (!signature.keyid.empty()) {
    const TrustedKey* key = trust.Find(signature.keyid);
    if (key == nullptr) {
      return Refuse(AttestCode::kUnknownKey,
                    which + ": no trusted key has keyid " + ShortId(signature.keyid));
    }
    if (!key->key.Verify(pae, signature.sig)) {
      return Refuse(AttestCode::kBadSignature,
                    which + " does not verify under key " + ShortId(key->key_id()));
    }
    return key;
  }
  for (const TrustedKey& key : trust.keys()) {
    if (key.key.Verify(pae, signature.sig)) return &key;
  }
  return Refuse(AttestCode::kBadSignature, which + " (no keyid) verifies under no trusted key");
}

}  // namespace

Result<std::string, AttestError> SignDocument(std::string_view payload_type,
                                              std::string_view payload, const PrivateKey& key) {
  if (payload.empty()) {
    return Refuse(AttestCode::kEmptyPayload, "the document to sign is empty");
  }
  auto signature = key.Sign(PreAuthEncoding(payload_type, payload));
  if (!signature.ok()) return std::move(signature).error();
  Envelope envelope;
  envelope.payload_type = std::string(payload_type);
  envelope.payload = std::string(payload);
  envelope.signatures.push_back({key.public_key().key_id(), std::move(signature).value()});
  return SerializeEnvelope(envelope);
}

Result<std::vector<const TrustedKey*>, AttestError> TrustedSigners(const Envelope& envelope,
                                                                   const TrustStore& trust,
                                                                   size_t threshold) {
  const std::string pae = PreAuthEncoding(envelope.payload_type, envelope.payload);
  std::vector<const TrustedKey*> signers;
  for (size_t i = 0; i < envelope.signatures.size(); ++i) {
    auto signer = Signer(envelope.signatures[i], i, pae, trust);
    if (!signer.ok()) return std::move(signer).error();
    // The signers so far, by key id (a handful at most: the envelope's
    // signatures are limited).
    const bool seen = std::any_of(signers.begin(), signers.end(), [&](const TrustedKey* earlier) {
      return earlier->key_id() == (*signer)->key_id();
    });
    if (seen) {
      return Refuse(AttestCode::kDuplicateSigner, "key " + ShortId((*signer)->key_id()) +
                                                      " signed more than once (signature " +
                                                      std::to_string(i) + ")");
    }
    signers.push_back(*signer);
  }
  if (signers.size() < threshold) {
    return Refuse(AttestCode::kThresholdNotMet, std::to_string(signers.size()) +
                                                    " distinct trusted key(s) signed; " +
                                                    std::to_string(threshold) + " required");
  }
  return signers;
}

Result<void, AttestError> KeyUsableAt(const TrustedKey& key, KeyRole role, int64_t at,
                                      std::string_view what) {
  // Spelled out only for a refusal.
  auto which = [&key] { return "key " + ShortId(key.key_id()); };
  if (key.role != role) {
    return Refuse(AttestCode::kWrongKeyRole, which() + " is a " + std::string(NameOf(key.role)) +
                                                 " key, not a " + std::string(NameOf(role)) +
                                                 " key");
  }
  if (at < key.valid_from || (key.valid_until && at >= *key.valid_until)) {
    return Refuse(AttestCode::kKeyOutsideWindow,
                  which() + " is valid from " + FormatRfc3339(key.valid_from) +
                      (key.valid_until ? " until " + FormatRfc3339(*key.valid_until) : "") +
                      ", not at " + FormatRfc3339(at) + " (" + std::string(what) + ")");
  }
  if (key.revoked_at && *key.revoked_at <= at) {
    return Refuse(AttestCode::kKeyRevoked, which() + " was revoked at " +
                                               FormatRfc3339(*key.revoked_at) + " (" + key.reason +
                                               "), not later than " + FormatRfc3339(at) + " (" +
                                               std::string(what) + ")");
  }
  return {};
}

Result<SignedDocument, AttestError> VerifyDocument(std::string_view envelope_bytes,
                                                   std::string_view payload_type, KeyRole role,
                                                   const TrustStore& trust, int64_t at) {
  auto parsed = ParseEnvelope(envelope_bytes);
  if (!parsed.ok()) return std::move(parsed).error();
  if (parsed->payload_type != payload_type) {
    return Refuse(AttestCode::kWrongPayloadType,
                  "payloadType is \"" + parsed->payload_type.substr(0, 80) + "\", not \"" +
                      std::string(payload_type) + "\"");
  }
  auto signers = TrustedSigners(*parsed, trust, 1);
  if (!signers.ok()) return std::move(signers).error();
  SignedDocument out;
  for (const TrustedKey* key : *signers) {
    auto usable = KeyUsableAt(*key, role, at, "the time the document is judged at");
    if (!usable.ok()) return std::move(usable).error();
    out.signer_key_ids.push_back(key->key_id());
  }
  out.payload = std::move(parsed->payload);
  return out;
}

}  // namespace gridlaw
