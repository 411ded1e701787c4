#pragma once
// Documents other than claims that gridlaw signs: ledger checkpoints,
// compliance reports, policies. Each is a DSSE envelope (dsse/envelope.h) of
// a fixed payloadType, signed by a key of a fixed role; verifying one checks
// the type, every signature against the trust store, each signer's role and
// its validity at a given instant. Claims have their own, stricter intake
// (verify_claims.h), which shares the signature step below.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "codes/attest_error.h"
#include "crypto/private_key.h"
#include "dsse/envelope.h"
#include "result/result.h"
#include "trust/trust_store.h"

namespace gridlaw {

// The canonical envelope text of `payload`, signed by `key` (keyid = its key id).
Result<std::string, AttestError> SignDocument(std::string_view payload_type,
                                              std::string_view payload, const PrivateKey& key);

// Step 3 of every intake: each signature verifies over PAE(type, payload)
// under a trusted key (A201, A202), no key signs twice (A203), and at least
// `threshold` distinct keys signed (A204). Returns the signers in order.
Result<std::vector<const TrustedKey*>, AttestError> TrustedSigners(const Envelope& envelope,
                                                                   const TrustStore& trust,
                                                                   size_t threshold);

// Whether `key` may sign for `role` at instant `at` (nanoseconds): the role
// (A205), the validity window (A206) and revocation (A207). `what` says in
// messages what the instant is ("when the checkpoint was signed").
Result<void, AttestError> KeyUsableAt(const TrustedKey& key, KeyRole role, int64_t at,
                                      std::string_view what);

struct SignedDocument {
  std::string payload;  // the signed bytes, exactly
  std::vector<std::string> signer_key_ids;
};

// Verifies a document envelope: its type (A103), its signatures, and each
// signer's role and validity at `at`.
Result<SignedDocument, AttestError> VerifyDocument(std::string_view envelope_bytes,
                                                   std::string_view payload_type, KeyRole role,
                                                   const TrustStore& trust, int64_t at);

}  // namespace gridlaw
