#include "intake/verify_claims.h"

#include "dsse/payload_types.h"
#include "intake/refusal.h"
#include "intake/signed_document.h"

namespace gridlaw {
namespace {

// Step 5 for one signing key.
std::optional<AttestError> CheckKeyFor(const TrustedKey& key, const ClaimHeader& header,
                                       std::optional<int64_t> judged_at) {
  // Spelled out only for a refusal: an accepted envelope needs no message.
  auto which = [&key] { return "key " + ShortId(key.key_id()); };
  if (key.role != KeyRole::kProvider) {
    return Refuse(AttestCode::kWrongKeyRole,
                  which() + " is a " + std::string(NameOf(key.role)) + " key, not a provider key");
  }
  if (key.provider != header.provider) {
    return Refuse(AttestCode::kProviderMismatch, which() + " belongs to provider \"" +
                                                     key.provider + "\", but the claims name \"" +
                                                     header.provider + "\"");
  }
  if (judged_at) {
    auto usable =
        KeyUsableAt(key, KeyRole::kProvider, *judged_at, "when the ledger received the claims");
    if (!usable.ok()) return std::move(usable).error();
  }
  if (header.issued_at < key.valid_from ||
      (key.valid_until && header.issued_at >= *key.valid_until)) {
    return Refuse(AttestCode::kKeyOutsideWindow,
                  which() + " is valid from " + FormatRfc3339(key.valid_from) +
                      (key.valid_until ? " until " + FormatRfc3339(*key.valid_until) : "") +
                      ", but the claims were issued at " + FormatRfc3339(header.issued_at));
  }
  if (key.revoked_at && *key.revoked_at <= header.issued_at) {
    return Refuse(AttestCode::kKeyRevoked, which() + " was revoked at " +
                                               FormatRfc3339(*key.revoked_at) + " (" + key.reason +
                                               "), before the claims were issued at " +
                                               FormatRfc3339(header.issued_at));
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
  auto trusted = TrustedSigners(envelope, trust, options.threshold);
  if (!trusted.ok()) return std::move(trusted).error();
  const std::vector<const TrustedKey*>& signers = *trusted;

  // 4. The verified bytes, and nothing else, become the claims.
  std::optional<Result<ClaimHeader, AttestError>> read;
  nlohmann::json claims;
  if (!options.keep_claims)
    read = ReadClaimHeaderWithoutTree(envelope.payload, options.payload_limits);
  if (!read) {
    JsonResult parsed = ParseStrictJson(envelope.payload, options.payload_limits);
    if (!parsed.ok()) return FromJsonError(AttestCode::kPayloadJson, std::move(parsed).error());
    claims = std::move(parsed).value();
    read = ReadClaimHeader(claims);
    if (!options.keep_claims) claims = nullptr;
  }
  if (!read->ok()) return std::move(*read).error();
  ClaimHeader& header = **read;

  // 5. Each key, for these claims.
  for (const TrustedKey* key : signers) {
    if (auto problem = CheckKeyFor(*key, header, options.keys_judged_at)) return *problem;
  }

  // 6. Freshness.
  if (header.issued_at > options.now && header.issued_at - options.now > options.max_future_skew) {
    return Refuse(AttestCode::kFutureDated,
                  "issued_at " + FormatRfc3339(header.issued_at) + " is after now (" +
                      FormatRfc3339(options.now) + ") plus the allowed skew of " +
                      std::to_string(options.max_future_skew / kNanosPerSecond) + " s");
  }
  if (header.period_end > header.issued_at) {
    return Refuse(AttestCode::kPeriodNotEnded,
                  "the period ends " + FormatRfc3339(header.period_end) +
                      ", after the claims were issued at " + FormatRfc3339(header.issued_at));
  }

  // 7. Replays.
  if (nonces != nullptr) {
    if (nonces->Seen(header.provider, header.nonce)) {
      return Refuse(
          AttestCode::kReplayedNonce,
          "provider \"" + header.provider + "\" already used nonce \"" + header.nonce + "\"");
    }
    nonces->Remember(header.provider, header.nonce);
  }

  VerifiedClaims out;
  out.payload = std::move(envelope.payload);
  out.claims = std::move(claims);
  out.header = std::move(header);
  for (const TrustedKey* key : signers)
    out.signer_key_ids.push_back(key->key_id());
  return out;
}

}  // namespace gridlaw
