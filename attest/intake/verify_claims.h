#pragma once
// Verifying a claims envelope: the whole intake, from untrusted bytes to
// claims JSON that may reach an evaluation. In order:
//   1. the envelope: strict JSON, DSSE shape, strict base64 (A1xx, J codes);
//   2. payloadType must be the claims type (A103);
//   3. every signature must verify, over PAE(payloadType, payload), under a
//      trusted key: its keyid selects the candidate (A201 when unknown); an
//      empty keyid makes every trusted key a candidate; the algorithm is the
//      key record's (A202); no key may sign twice (A203); at least
//      `threshold` distinct keys must have signed (A204);
//   4. only then is the payload parsed: those exact bytes, strict JSON (A300
//      with the J code), and its header read (A301);
//   5. each signing key must be a provider key (A205) of the provider the
//      claims name (A208), valid when the claims were issued (A206), and not
//      revoked at or before then (A207);
//   6. freshness against `now`: issued_at ≤ now + skew (A302); the period
//      ended at or before issued_at (A303);
//   7. the nonce must be new for its provider (A304).
// A refusal names the first failed check and changes nothing; only an
// accepted envelope's nonce is remembered.
//
// The library never reads the clock: `now` is an input, so verification is
// reproducible (the CLI passes the wall clock unless --now is given).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "codes/attest_error.h"
#include "dsse/envelope.h"
#include "instant/rfc3339.h"
#include "intake/claim_header.h"
#include "intake/claims_limits.h"
#include "intake/nonce_registry.h"
#include "result/result.h"
#include "trust/trust_store.h"

namespace gridlaw {

struct VerifyOptions {
  int64_t now = 0;  // nanoseconds since the epoch
  // How far issued_at may lie ahead of `now` (clocks disagree a little).
  int64_t max_future_skew = 300 * kNanosPerSecond;
  size_t threshold = 1;  // distinct trusted keys that must have signed
  // The ledger judges keys at the time it received the claims: when set,
  // each signing key must also be valid and unrevoked at this instant, so a
  // claim back-dated under a key revoked since is refused.
  std::optional<int64_t> keys_judged_at;
  EnvelopeLimits envelope_limits;
  JsonLimits payload_limits = kClaimsJsonLimits;
  // False when only the header is wanted (the ledger's ingest): the payload
  // is checked as strict JSON as always, with the same refusals, but no tree
  // is built when it need not be, and `claims` is then null.
  bool keep_claims = true;
};

struct VerifiedClaims {
  std::string payload;    // the signed bytes, exactly as verified
  nlohmann::json claims;  // parsed from `payload`, nothing else (see keep_claims)
  ClaimHeader header;
  std::vector<std::string> signer_key_ids;  // in signature order
};

Result<VerifiedClaims, AttestError> VerifyClaimsEnvelope(std::string_view envelope_bytes,
                                                         const TrustStore& trust,
                                                         const VerifyOptions& options,
                                                         NonceRegistry* nonces = nullptr);

}  // namespace gridlaw
