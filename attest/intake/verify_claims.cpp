#include "intake/verify_claims.h"

#include <set>

#include "dsse/pae.h"
#include "dsse/payload_types.h"

namespace gridlaw {
namespace {

AttestError Refuse(AttestCode code, std::string message) {
  return AttestError{code, std::move(message), std::nullopt};
}

std::string ShortId(const std::string& key_id) {
  return key_id.size() > 16 ? key_id.substr(0, 16) + "…" : key_id;
}

// Step 3 for one signature: the trusted key that made it.
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

// Step 5 for one signing key.
std::optional<AttestError> CheckKeyFor(const TrustedKey& key, const ClaimHeader& header) {
  const std::string which = "key " + ShortId(key.key_id());
  if (key.role != KeyRole::kProvider) {
    return Refuse(AttestCode::kWrongKeyRole,
                  which + " is a " + std::string(NameOf(key.role)) + " key, not a provider key");
  }
  if (key.provider != header.provider) {
    return Refuse(AttestCode::kProviderMismatch, which + " belongs to provider \"" + key.provider +
                                                     "\", but the claims name \"" +
                                                     header.provider + "\"");
  }
  if (header.issued_at < key.valid_from ||
      (key.valid_until && header.issued_at >= *key.valid_until)) {
    return Refuse(AttestCode::kKeyOutsideWindow,
                  which + " is valid from " + FormatRfc3339(key.valid_from) +
                      (key.valid_until ? " until " + FormatRfc3339(*key.valid_until) : "") +
                      ", but the claims were issued at " + FormatRfc3339(header.issued_at));
  }
  if (key.revoked_at && *key.revoked_at <= header.issued_at) {
    return Refuse(AttestCode::kKeyRevoked,
                  which + " was revoked at " + FormatRfc3339(*key.revoked_at) + " (" + key.reason +
                      "), before the claims were issued at " + FormatRfc3339(header.issued_at));
  }
  return std::nullopt;
}

}  // namespace

Result<VerifiedClaims, AttestError> VerifyClaimsEnvelope(std::string_view envelope_bytes,
                                                         const TrustStore& trust,
                                                         const VerifyOptions& options,
                                                         NonceRegistry* nonces) {
  // 1-2. The envelope and its type.
  auto parsed = ParseEnvelope(envelope_bytes, options.envelope_limits);
  if (!parsed.ok()) return std::move(parsed).error();
  Envelope& envelope = *parsed;
  if (envelope.payload_type != kClaimsPayloadType) {
    return Refuse(AttestCode::kWrongPayloadType,
                  "payloadType is \"" + envelope.payload_type.substr(0, 80) + "\", not \"" +
                      std::string(kClaimsPayloadType) + "\"");
  }

  // 3. Signatures over the PAE, before anything reads the payload.
  const std::string pae = PreAuthEncoding(envelope.payload_type, envelope.payload);
  std::vector<const TrustedKey*> signers;
  std::set<std::string> seen;
  for (size_t i = 0; i < envelope.signatures.size(); ++i) {
    auto signer = Signer(envelope.signatures[i], i, pae, trust);
    if (!signer.ok()) return std::move(signer).error();
    if (!seen.insert((*signer)->key_id()).second) {
      return Refuse(AttestCode::kDuplicateSigner, "key " + ShortId((*signer)->key_id()) +
                                                      " signed more than once (signature " +
                                                      std::to_string(i) + ")");
    }
    signers.push_back(*signer);
  }
  if (signers.size() < options.threshold) {
    return Refuse(AttestCode::kThresholdNotMet,
                  std::to_string(signers.size()) + " distinct trusted key(s) signed; " +
                      std::to_string(options.threshold) + " required");
  }

  // 4. The verified bytes, and nothing else, become the claims.
  JsonResult claims = ParseStrictJson(envelope.payload, options.payload_limits);
  if (!claims.ok()) return FromJsonError(AttestCode::kPayloadJson, std::move(claims).error());
  auto header = ReadClaimHeader(*claims);
  if (!header.ok()) return std::move(header).error();

  // 5. Each key, for these claims.
  for (const TrustedKey* key : signers) {
    if (auto problem = CheckKeyFor(*key, *header)) return *problem;
  }

  // 6. Freshness.
  if (header->issued_at > options.now &&
      header->issued_at - options.now > options.max_future_skew) {
    return Refuse(AttestCode::kFutureDated,
                  "issued_at " + FormatRfc3339(header->issued_at) + " is after now (" +
                      FormatRfc3339(options.now) + ") plus the allowed skew of " +
                      std::to_string(options.max_future_skew / kNanosPerSecond) + " s");
  }
  if (header->period_end > header->issued_at) {
    return Refuse(AttestCode::kPeriodNotEnded,
                  "the period ends " + FormatRfc3339(header->period_end) +
                      ", after the claims were issued at " + FormatRfc3339(header->issued_at));
  }

  // 7. Replays.
  if (nonces != nullptr) {
    if (nonces->Seen(header->provider, header->nonce)) {
      return Refuse(
          AttestCode::kReplayedNonce,
          "provider \"" + header->provider + "\" already used nonce \"" + header->nonce + "\"");
    }
    nonces->Remember(header->provider, header->nonce);
  }

  VerifiedClaims out;
  out.payload = std::move(envelope.payload);
  out.claims = std::move(claims).value();
  out.header = std::move(header).value();
  for (const TrustedKey* key : signers)
    out.signer_key_ids.push_back(key->key_id());
  return out;
}

}  // namespace gridlaw
