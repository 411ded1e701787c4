// libFuzzer target: envelope intake, from untrusted bytes to verified claims.
//
// The first byte picks what the rest is:
//   even: an envelope, verified against a trust store holding the fixed key
//         below (mutations almost never carry a valid signature, so this
//         fuzzes the envelope reader, base64 and signature checks);
//   odd:  a claims payload, which the target signs with the fixed key and
//         then verifies, so payload parsing, the claim header, key windows
//         and freshness are fuzzed behind a valid signature.
// A refusal is an ordinary outcome; a crash, sanitizer report, uncaught
// exception, hang or out-of-memory is a bug. Also checked, aborting when
// broken: an envelope that parses serialises and parses back to the same
// fields; a verified envelope's payload is byte-identical to what was
// signed (odd inputs); a refusal has a reason code; the readings without a
// JSON tree agree with the tree: ParseEnvelope with its tree path, the
// claim header read from the bytes with the header read from the tree, and
// verification without keeping the claims (the ledger's) with verification
// keeping them.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crypto/private_key.h"
#include "dsse/envelope.h"
#include "dsse/pae.h"
#include "dsse/payload_types.h"
#include "instant/rfc3339.h"
#include "intake/claim_header.h"
#include "intake/verify_claims.h"

namespace {

// A key for fuzzing only: public in the source tree on purpose.
constexpr char kFuzzKeyPem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEINnt2yfD2JiXdB++DK8VZddadzphZ0IuJmzirsoWxZVa\n"
    "-----END PRIVATE KEY-----\n";

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "==== fuzz_envelope: invariant broken: %s ====\n", what);
  std::abort();
}

struct World {
  gridlaw::PrivateKey key;
  gridlaw::TrustStore trust;
  gridlaw::VerifyOptions options;
};

World* MakeWorld() {
  auto key = gridlaw::PrivateKey::FromPkcs8Pem(kFuzzKeyPem);
  if (!key.ok()) Fail("the fuzz key does not load");
  auto pub = gridlaw::PublicKey::FromSpkiDer(key->public_key().spki_der());
  if (!pub.ok()) Fail("the fuzz key's public half is refused");
  gridlaw::TrustStore trust;
  auto added =
      trust.Add(gridlaw::TrustedKey{.provider = "acme-cloud",
                                    .role = gridlaw::KeyRole::kProvider,
                                    .algorithm = gridlaw::SignatureAlgorithm::kEd25519,
                                    .key = std::move(pub).value(),
                                    .valid_from = *gridlaw::ParseRfc3339("2026-01-01T00:00:00Z"),
                                    .valid_until = std::nullopt,
                                    .revoked_at = *gridlaw::ParseRfc3339("2027-06-01T00:00:00Z"),
                                    .reason = "fuzzing revocation"});
  if (!added.ok()) Fail("the fuzz key is refused by the trust store");
  gridlaw::VerifyOptions options;
  options.now = *gridlaw::ParseRfc3339("2027-03-01T00:00:00Z");
  return new World{std::move(key).value(), std::move(trust), options};
}

void RoundTrip(std::string_view bytes) {
  auto parsed = gridlaw::ParseEnvelope(bytes);
  if (!parsed.ok()) return;
  auto again = gridlaw::ParseEnvelope(gridlaw::SerializeEnvelope(*parsed));
  if (!again.ok()) Fail("a serialised envelope does not parse");
  if (again->payload != parsed->payload || again->payload_type != parsed->payload_type ||
      again->signatures.size() != parsed->signatures.size()) {
    Fail("an envelope changes in a serialise/parse round trip");
  }
  for (size_t i = 0; i < parsed->signatures.size(); ++i) {
    if (again->signatures[i].keyid != parsed->signatures[i].keyid ||
        again->signatures[i].sig != parsed->signatures[i].sig) {
      Fail("a signature changes in a serialise/parse round trip");
    }
  }
}

bool SameEnvelope(const gridlaw::Envelope& a, const gridlaw::Envelope& b) {
  if (a.payload != b.payload || a.payload_type != b.payload_type ||
      a.signatures.size() != b.signatures.size()) {
    return false;
  }
  for (size_t i = 0; i < a.signatures.size(); ++i) {
    if (a.signatures[i].keyid != b.signatures[i].keyid ||
        a.signatures[i].sig != b.signatures[i].sig)
      return false;
  }
  return true;
}

template <class T>
bool SameOutcome(const gridlaw::Result<T, gridlaw::AttestError>& a,
                 const gridlaw::Result<T, gridlaw::AttestError>& b) {
  if (a.ok() != b.ok()) return false;
  return a.ok() || gridlaw::Describe(a.error()) == gridlaw::Describe(b.error());
}

void EnvelopeWithoutTree(std::string_view bytes) {
  const auto read = gridlaw::ParseEnvelope(bytes);
  const auto tree = gridlaw::dsse_detail::ParseEnvelopeThroughTree(bytes);
  if (!SameOutcome(read, tree) || (read.ok() && !SameEnvelope(*read, *tree)))
    Fail("the envelope read without a tree differs from the tree's");
}

bool SameHeader(const gridlaw::ClaimHeader& a, const gridlaw::ClaimHeader& b) {
  return a.provider == b.provider && a.subject == b.subject && a.issued_at == b.issued_at &&
         a.nonce == b.nonce && a.period_start == b.period_start && a.period_end == b.period_end;
}

void HeaderWithoutTree(std::string_view payload) {
  const auto read = gridlaw::ReadClaimHeaderWithoutTree(payload, gridlaw::kClaimsJsonLimits);
  if (!read) return;
  const gridlaw::JsonResult tree = gridlaw::ParseStrictJson(payload, gridlaw::kClaimsJsonLimits);
  if (!tree.ok()) Fail("a header was read without a tree from JSON that strict intake refuses");
  const auto expected = gridlaw::ReadClaimHeader(*tree);
  if (!SameOutcome(*read, expected) || (expected.ok() && !SameHeader(**read, *expected)))
    Fail("the claim header read without a tree differs from the tree's");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World* world = MakeWorld();
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string envelope_bytes;
  if (data[0] % 2 == 0) {
    envelope_bytes = std::string(rest);
    RoundTrip(envelope_bytes);
    EnvelopeWithoutTree(envelope_bytes);
  } else {
    HeaderWithoutTree(rest);
    auto sig = world->key.Sign(gridlaw::PreAuthEncoding(gridlaw::kClaimsPayloadType, rest));
    if (!sig.ok()) Fail("signing failed");
    gridlaw::Envelope envelope{std::string(gridlaw::kClaimsPayloadType),
                               std::string(rest),
                               {{world->key.public_key().key_id(), *sig}}};
    envelope_bytes = gridlaw::SerializeEnvelope(envelope);
  }
  gridlaw::NonceRegistry nonces;
  auto verified =
      gridlaw::VerifyClaimsEnvelope(envelope_bytes, world->trust, world->options, &nonces);
  gridlaw::VerifyOptions header_only = world->options;
  header_only.keep_claims = false;
  const auto ledger_view = gridlaw::VerifyClaimsEnvelope(envelope_bytes, world->trust, header_only);
  if (!SameOutcome(verified, ledger_view) ||
      (verified.ok() &&
       (!SameHeader(verified->header, ledger_view->header) ||
        verified->payload != ledger_view->payload || !ledger_view->claims.is_null())))
    Fail("verification without the claims tree differs from verification with it");
  if (!verified.ok()) {
    if (gridlaw::ReasonCode(verified.error()).empty()) Fail("a refusal without a reason code");
    (void)gridlaw::Describe(verified.error());
    return 0;
  }
  if (data[0] % 2 == 1 && verified->payload != rest)
    Fail("verified payload differs from the signed bytes");
  return 0;
}
