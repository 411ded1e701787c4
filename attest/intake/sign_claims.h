#pragma once
// Signing claims: the payload is the claims file's bytes exactly as given
// (never re-encoded), after the checks that verification would otherwise
// fail on later: strict JSON under the claims limits and a readable claim
// header. Checking the claims against their schema is the caller's part
// (app/ does it with engine/claims; attest/ knows no schema).

#include <string>
#include <string_view>

#include "codes/attest_error.h"
#include "crypto/private_key.h"
#include "result/result.h"

namespace gridlaw {

// The envelope text (dsse/envelope.h), signed by `key`, keyid = its key id.
Result<std::string, AttestError> SignClaimsEnvelope(std::string_view claims_bytes,
                                                    const PrivateKey& key);

}  // namespace gridlaw
