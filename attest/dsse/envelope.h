#pragma once
// DSSE v1 envelopes as JSON:
//
//   {"payload": "<base64>", "payloadType": "<type>",
//    "signatures": [{"keyid": "<hex key id>", "sig": "<base64>"}, …]}
//
// Read through strict JSON intake (json/) and strict base64 (base64/).
// Members other than these are refused, as are a missing or empty payload,
// an empty signatures list and a signature without "sig"; "keyid" may be
// absent or "" (then every trusted key is a candidate). The decoded payload
// is kept byte for byte: it is what the signatures cover and what is then
// parsed and evaluated, never a re-encoding of it.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codes/attest_error.h"
#include "result/result.h"
#include "strict/strict_json.h"

namespace gridlaw {

struct EnvelopeSignature {
  std::string keyid;  // as written; "" when absent
  std::string sig;    // decoded bytes
};

struct Envelope {
  std::string payload_type;
  std::string payload;  // decoded bytes
  std::vector<EnvelopeSignature> signatures;
};

struct EnvelopeLimits {
  // The whole envelope: room for a 1 MiB payload in base64 and signatures.
  JsonLimits json{
      .max_bytes = size_t{3} << 20, .max_depth = 3, .max_string_bytes = size_t{3} << 20};
  size_t max_signatures = 16;
};

Result<Envelope, AttestError> ParseEnvelope(std::string_view bytes,
                                            const EnvelopeLimits& limits = {});

namespace dsse_detail {
// ParseEnvelope without its reading of plain, well-formed envelopes straight
// from the bytes (strict/plain_fields.h): every envelope through the strict
// JSON tree. Both give the same result, envelope or refusal, for every
// input; tests and the envelope fuzzer compare them.
Result<Envelope, AttestError> ParseEnvelopeThroughTree(std::string_view bytes,
                                                       const EnvelopeLimits& limits = {});
// That reading alone: the envelope, for a plain and well-formed one; nothing
// for any other, which ParseEnvelope then reads through the tree.
std::optional<Envelope> ParseEnvelopeWithoutTree(std::string_view bytes,
                                                 const EnvelopeLimits& limits = {});
}  // namespace dsse_detail

// Canonical text: members in the order above, standard padded base64, no
// whitespace, a final newline.
std::string SerializeEnvelope(const Envelope& envelope);

}  // namespace gridlaw
