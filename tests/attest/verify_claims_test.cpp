// Claims intake end to end: sign → verify, revocation, and a table of hostile
// envelopes, each refused with its own reason code and nothing remembered.

#include "intake/verify_claims.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "attest_fixture.h"
#include "base64/base64.h"
#include "intake/sign_claims.h"

namespace gridlaw {
namespace {

using testing::At;
using testing::Claims;
using testing::ClaimsSpec;
using testing::NewKey;
using testing::Register;
using testing::Registration;
using testing::SignedEnvelope;

struct World {
  PrivateKey acme = NewKey(SignatureAlgorithm::kEd25519);
  PrivateKey acme_ec = NewKey(SignatureAlgorithm::kEcdsaP256Sha256);
  PrivateKey globex = NewKey(SignatureAlgorithm::kEd25519);
  PrivateKey regulator = NewKey(SignatureAlgorithm::kEd25519);
  PrivateKey old_acme = NewKey(SignatureAlgorithm::kEd25519);
  PrivateKey stranger = NewKey(SignatureAlgorithm::kEd25519);
  TrustStore store;
  VerifyOptions options;

  World() {
    Register(store, acme);
    Register(store, acme_ec);
    Register(store, globex, Registration().Provider("globex"));
    Register(store, regulator, Registration().Provider("regulator.eu").Role(KeyRole::kRegulator));
    Register(store, old_acme,
             Registration().ValidFrom("2024-01-01T00:00:00Z").ValidUntil("2026-06-01T00:00:00Z"));
    options.now = At("2027-03-01T00:00:00Z");
  }

  std::string Signed(const std::string& payload,
                     std::vector<const PrivateKey*> signers = {}) const {
    if (signers.empty()) signers = {&acme};
    return SerializeEnvelope(SignedEnvelope(payload, signers));
  }
};

World& TheWorld() {
  static World* world = new World();  // keys are slow enough to make once
  return *world;
}

TEST(VerifyClaims, RoundTripBothAlgorithms) {
  const World& w = TheWorld();
  for (const PrivateKey* key : {&w.acme, &w.acme_ec}) {
    const std::string claims = Claims();
    auto envelope = SignClaimsEnvelope(claims, *key);
    ASSERT_TRUE(envelope.ok()) << Describe(envelope.error());
    NonceRegistry nonces;
    auto verified = VerifyClaimsEnvelope(*envelope, w.store, w.options, &nonces);
    ASSERT_TRUE(verified.ok()) << Describe(verified.error());
    EXPECT_EQ(verified->payload, claims);  // the signed bytes, not a re-encoding
    EXPECT_EQ(verified->claims["provider"], "acme-cloud");
    EXPECT_EQ(verified->header.issued_at, At("2027-02-03T09:00:00Z"));
    EXPECT_EQ(verified->signer_key_ids, std::vector<std::string>{key->public_key().key_id()});
    EXPECT_TRUE(nonces.Seen("acme-cloud", "3f9c2a7e5b1d4c8f"));
    // The same envelope again is a replay.
    auto again = VerifyClaimsEnvelope(*envelope, w.store, w.options, &nonces);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(ReasonCode(again.error()), "A304");
  }
}

TEST(VerifyClaims, PayloadBytesAreKeptExactly) {
  // Whitespace, member order and escapes survive: nothing is re-encoded.
  const World& w = TheWorld();
  const std::string claims =
      "  " + Claims(ClaimsSpec().Extra(R"(,"region":"eu-\u0063entral")")) + "\n";
  auto envelope = SignClaimsEnvelope(claims, w.acme);
  ASSERT_TRUE(envelope.ok()) << Describe(envelope.error());
  auto verified = VerifyClaimsEnvelope(*envelope, w.store, w.options);
  ASSERT_TRUE(verified.ok()) << Describe(verified.error());
  EXPECT_EQ(verified->payload, claims);
  EXPECT_EQ(verified->claims["region"], "eu-central");
}

TEST(VerifyClaims, Revocation) {
  World& w = TheWorld();
  TrustStore store;
  Register(store, w.acme);
  ASSERT_TRUE(
      store.Revoke(w.acme.public_key().key_id(), At("2027-02-10T00:00:00Z"), "key compromised")
          .ok());
  auto verify = [&](const char* issued_at, const char* nonce) {
    const ClaimsSpec spec = ClaimsSpec().IssuedAt(issued_at).Nonce(nonce);
    VerifyOptions options = w.options;
    return VerifyClaimsEnvelope(w.Signed(Claims(spec)), store, options);
  };
  // Issued before the revocation: still verifies.
  auto before = verify("2027-02-09T23:59:59Z", "before-revocation-1");
  EXPECT_TRUE(before.ok()) << Describe(before.error());
  // At or after it: refused.
  for (const char* t : {"2027-02-10T00:00:00Z", "2027-02-20T00:00:00Z"}) {
    auto after = verify(t, "after-revocation-01");
    ASSERT_FALSE(after.ok()) << t;
    EXPECT_EQ(ReasonCode(after.error()), "A207") << Describe(after.error());
  }
}

TEST(VerifyClaims, ThresholdOfDistinctKeys) {
  World& w = TheWorld();
  VerifyOptions two = w.options;
  two.threshold = 2;
  const std::string claims = Claims();
  auto both = VerifyClaimsEnvelope(w.Signed(claims, {&w.acme, &w.acme_ec}), w.store, two);
  ASSERT_TRUE(both.ok()) << Describe(both.error());
  EXPECT_EQ(both->signer_key_ids.size(), 2u);
  auto one = VerifyClaimsEnvelope(w.Signed(claims, {&w.acme}), w.store, two);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(ReasonCode(one.error()), "A204");
  auto twice = VerifyClaimsEnvelope(w.Signed(claims, {&w.acme, &w.acme}), w.store, two);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(ReasonCode(twice.error()), "A203");
}

TEST(VerifyClaims, EmptyKeyidTriesEveryTrustedKey) {
  World& w = TheWorld();
  Envelope envelope = SignedEnvelope(Claims(), {&w.acme_ec});
  envelope.signatures[0].keyid = "";
  auto verified = VerifyClaimsEnvelope(SerializeEnvelope(envelope), w.store, w.options);
  ASSERT_TRUE(verified.ok()) << Describe(verified.error());
  EXPECT_EQ(verified->signer_key_ids[0], w.acme_ec.public_key().key_id());
}

TEST(VerifyClaims, AlgorithmComesFromTheKeyRecord) {
  // An Ed25519 signature presented under the P-256 key's id: the record says
  // ECDSA, so it is checked as ECDSA and fails; nothing in the envelope can
  // ask for another algorithm.
  World& w = TheWorld();
  Envelope envelope = SignedEnvelope(Claims(), {&w.acme});
  envelope.signatures[0].keyid = w.acme_ec.public_key().key_id();
  auto verified = VerifyClaimsEnvelope(SerializeEnvelope(envelope), w.store, w.options);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(ReasonCode(verified.error()), "A202");
}

TEST(VerifyClaims, SkewIsInclusive) {
  World& w = TheWorld();
  VerifyOptions options = w.options;
  options.now = At("2027-02-03T08:55:00Z");  // issued 09:00Z: exactly 300 s ahead
  EXPECT_TRUE(VerifyClaimsEnvelope(w.Signed(Claims()), w.store, options).ok());
  options.now -= 1;
  auto late = VerifyClaimsEnvelope(w.Signed(Claims()), w.store, options);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(ReasonCode(late.error()), "A302");
}

// ---- The hostile table ----------------------------------------------------

struct Hostile {
  const char* name;
  std::function<std::string(const World&)> envelope;
  std::string reason;
  size_t threshold = 1;
};

void PrintTo(const Hostile& h, std::ostream* os) {
  *os << h.name;
}

std::string FlipBit(std::string text, size_t at, int bit) {
  text[at] = static_cast<char>(text[at] ^ (1 << bit));
  return text;
}

const std::string kNested = std::string(10000, '[') + std::string(10000, ']');

const Hostile kHostile[] = {
    {"payload_one_bit_flipped",
     [](const World& w) {
       Envelope e = SignedEnvelope(Claims(), {&w.acme});
       e.payload = FlipBit(e.payload, e.payload.size() / 2, 0);
       return SerializeEnvelope(e);
     },
     "A202"},
    {"signature_one_bit_flipped",
     [](const World& w) {
       Envelope e = SignedEnvelope(Claims(), {&w.acme});
       e.signatures[0].sig = FlipBit(e.signatures[0].sig, 10, 3);
       return SerializeEnvelope(e);
     },
     "A202"},
    {"other_providers_key", [](const World& w) { return w.Signed(Claims(), {&w.globex}); }, "A208"},
    {"regulator_key", [](const World& w) { return w.Signed(Claims(), {&w.regulator}); }, "A205"},
    {"key_expired_before_issue", [](const World& w) { return w.Signed(Claims(), {&w.old_acme}); },
     "A206"},
    {"key_not_yet_valid",
     [](const World& w) {
       return w.Signed(Claims(
           ClaimsSpec().IssuedAt("2025-12-31T23:00:00Z").Start("2025-11-01").End("2025-12-01")));
     },
     "A206"},
    {"payload_type_swapped",
     [](const World& w) {
       return SerializeEnvelope(SignedEnvelope(Claims(), {&w.acme}, std::string(kClaimsPayloadType),
                                               "application/vnd.gridlaw.report+json"));
     },
     "A103"},
    {"payload_type_swapped_to_claims",
     [](const World& w) {
       return SerializeEnvelope(
           SignedEnvelope(Claims(), {&w.acme}, "application/vnd.gridlaw.report+json"));
     },
     "A202"},
    {"unknown_key_id", [](const World& w) { return w.Signed(Claims(), {&w.stranger}); }, "A201"},
    {"unregistered_key_without_keyid",
     [](const World& w) {
       Envelope e = SignedEnvelope(Claims(), {&w.stranger});
       e.signatures[0].keyid = "";
       return SerializeEnvelope(e);
     },
     "A202"},
    {"same_key_twice_for_threshold",
     [](const World& w) {
       return w.Signed(Claims(), {&w.acme, &w.acme});
     },
     "A203", 2},
    {"one_key_below_threshold", [](const World& w) { return w.Signed(Claims(), {&w.acme}); },
     "A204", 2},
    {"no_signatures",
     [](const World&) {
       return R"({"payload":")" + EncodeBase64(Claims()) +
              R"(","payloadType":"application/vnd.gridlaw.claims+json","signatures":[]})";
     },
     "A104"},
    {"truncated_signature",
     [](const World& w) {
       Envelope e = SignedEnvelope(Claims(), {&w.acme});
       e.signatures[0].sig.resize(63);
       return SerializeEnvelope(e);
     },
     "A202"},
    {"truncated_ecdsa_signature",
     [](const World& w) {
       Envelope e = SignedEnvelope(Claims(), {&w.acme_ec});
       e.signatures[0].sig.pop_back();
       return SerializeEnvelope(e);
     },
     "A202"},
    {"empty_payload",
     [](const World& w) {
       Envelope e = SignedEnvelope("", {&w.acme});
       return SerializeEnvelope(e);
     },
     "A105"},
    {"payload_bad_base64",
     [](const World& w) {
       std::string text = w.Signed(Claims());
       text.insert(text.find("\",\"payloadType\""), "=");
       return text;
     },
     "A102"},
    {"one_mebibyte_string",
     [](const World& w) {
       return w.Signed(
           Claims(ClaimsSpec().Extra(R"(,"name":")" + std::string(size_t{1} << 20, 'x') + "\"")));
     },
     "J008"},
    {"long_string",
     [](const World& w) {
       return w.Signed(
           Claims(ClaimsSpec().Extra(R"(,"name":")" + std::string(100000, 'x') + "\"")));
     },
     "J010"},
    {"payload_10000_nested_arrays",
     [](const World& w) { return w.Signed(Claims(ClaimsSpec().Extra(R"(,"x":)" + kNested))); },
     "J009"},
    {"envelope_10000_nested_arrays", [](const World&) { return kNested; }, "J009"},
    {"payload_duplicate_member",
     [](const World& w) {
       return w.Signed(Claims(ClaimsSpec().Extra(R"(,"provider":"acme-cloud")")));
     },
     "J001"},
    {"envelope_duplicate_member",
     [](const World& w) {
       std::string text = w.Signed(Claims());
       text.insert(1, R"("payloadType":"application/vnd.gridlaw.claims+json",)");
       return text;
     },
     "J001"},
    {"payload_trailing_data", [](const World& w) { return w.Signed(Claims() + " {}"); }, "J002"},
    {"envelope_trailing_data", [](const World& w) { return w.Signed(Claims()) + "x"; }, "J002"},
    {"payload_bom", [](const World& w) { return w.Signed("\xEF\xBB\xBF" + Claims()); }, "J003"},
    {"envelope_bom", [](const World& w) { return "\xEF\xBB\xBF" + w.Signed(Claims()); }, "J003"},
    {"payload_invalid_utf8",
     [](const World& w) { return w.Signed(Claims(ClaimsSpec().Extra(",\"name\":\"\xC3\x28\""))); },
     "J004"},
    {"envelope_invalid_utf8",
     [](const World& w) {
       std::string text = w.Signed(Claims());
       text.insert(text.find("application"), "\xFF");
       return text;
     },
     "J004"},
    {"payload_non_finite",
     [](const World& w) { return w.Signed(Claims(ClaimsSpec().Extra(R"(,"x":1e999)"))); }, "J005"},
    {"payload_nan",
     [](const World& w) { return w.Signed(Claims(ClaimsSpec().Extra(R"(,"x":NaN)"))); }, "J005"},
    {"payload_integer_overflow",
     [](const World& w) {
       return w.Signed(Claims(ClaimsSpec().Extra(R"(,"x":99999999999999999999)")));
     },
     "J006"},
    {"payload_not_an_object", [](const World& w) { return w.Signed("[1]"); }, "A301"},
    {"missing_nonce",
     [](const World& w) {
       std::string claims = Claims();
       const std::string member = R"(,"nonce":"3f9c2a7e5b1d4c8f")";
       claims.erase(claims.find(member), member.size());
       return w.Signed(claims);
     },
     "A301"},
    {"short_nonce", [](const World& w) { return w.Signed(Claims(ClaimsSpec().Nonce("abc"))); },
     "A301"},
    {"issued_at_without_offset",
     [](const World& w) { return w.Signed(Claims(ClaimsSpec().IssuedAt("2027-02-03T10:00:00"))); },
     "A301"},
    {"future_dated",
     [](const World& w) { return w.Signed(Claims(ClaimsSpec().IssuedAt("2027-03-01T00:05:01Z"))); },
     "A302"},
    {"period_not_ended",
     [](const World& w) { return w.Signed(Claims(ClaimsSpec().IssuedAt("2027-01-31T00:00:00Z"))); },
     "A303"},
};

class HostileEnvelope : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileEnvelope, RefusedWithItsCodeAndNothingRemembered) {
  const World& w = TheWorld();
  const Hostile& h = GetParam();
  VerifyOptions options = w.options;
  options.threshold = h.threshold;
  NonceRegistry nonces;
  const std::string envelope = h.envelope(w);
  auto result = VerifyClaimsEnvelope(envelope, w.store, options, &nonces);
  ASSERT_FALSE(result.ok()) << h.name;
  EXPECT_EQ(ReasonCode(result.error()), h.reason) << Describe(result.error());
  EXPECT_FALSE(result.error().message.empty());
  EXPECT_FALSE(nonces.Seen("acme-cloud", "3f9c2a7e5b1d4c8f"));
  // The ledger's intake, which builds no claims tree, refuses alike.
  options.keep_claims = false;
  auto header_only = VerifyClaimsEnvelope(envelope, w.store, options, &nonces);
  ASSERT_FALSE(header_only.ok()) << h.name;
  EXPECT_EQ(Describe(header_only.error()), Describe(result.error()));
  EXPECT_FALSE(nonces.Seen("acme-cloud", "3f9c2a7e5b1d4c8f"));
}

// The claim header read straight from the payload's bytes against the header
// read from its tree, for payloads that exercise each field's refusal.
TEST(ClaimHeader, ReadWithoutATreeAgreesWithTheTree) {
  const std::string claims = Claims();
  auto without = [&claims](std::string_view from, std::string_view to) {
    std::string text = claims;
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  const std::string payloads[] = {
      claims,
      without(R"("provider":"acme-cloud")", R"("provider":"")"),
      without(R"("provider":"acme-cloud")", R"("provider":7)"),
      without(R"("provider":"acme-cloud")", R"("supplier":"acme-cloud")"),
      without(R"("nonce":"3f9c2a7e5b1d4c8f")", R"("nonce":"short")"),
      without(R"("nonce":"3f9c2a7e5b1d4c8f")", R"("nonce":["3f9c2a7e5b1d4c8f"])"),
      without(R"("issued_at":")", R"("issued_at":"x)"),
      without(R"("subject":{)", R"("subject":{"x":{"id":"deep"},)"),
      without(R"("id":")", R"("ids":")"),
      without(R"("id":"fra-1")", R"("id":{"id":"fra-1"})"),
      without(R"("period":{"start":"2027-01-01","end":"2027-02-01"})",
              R"("period":[{"start":"2027-01-01","end":"2027-02-01"}])"),
      without(R"("start":")", R"("start":"2027)"),
      without(R"("end":")", R"("end":"1999-01-01","x":")"),
      R"({"provider":"p","subject":["id"],"period":{"start":"2027-01-01"}})",
      R"({"list":[{"provider":"p"}],"provider":"q","subject":{"id":"s"},"nonce":"0123456789abcdef",)"
      R"("issued_at":"2027-02-01T00:00:00Z","period":{"start":"2027-01-01","end":"2027-02-01"}})",
      "[1]",
      R"("claims")",
  };
  size_t read_without_tree = 0;
  for (const std::string& payload : payloads) {
    SCOPED_TRACE(payload);
    auto tree = ParseStrictJson(payload, kClaimsJsonLimits);
    ASSERT_TRUE(tree.ok()) << Describe(tree.error());
    const auto expected = ReadClaimHeader(*tree);
    const auto read = ReadClaimHeaderWithoutTree(payload, kClaimsJsonLimits);
    if (!read) continue;
    ++read_without_tree;
    ASSERT_EQ(read->ok(), expected.ok());
    if (!expected.ok()) {
      EXPECT_EQ(Describe(read->error()), Describe(expected.error()));
      continue;
    }
    EXPECT_EQ((*read)->provider, expected->provider);
    EXPECT_EQ((*read)->subject, expected->subject);
    EXPECT_EQ((*read)->issued_at, expected->issued_at);
    EXPECT_EQ((*read)->nonce, expected->nonce);
    EXPECT_EQ((*read)->period_start, expected->period_start);
    EXPECT_EQ((*read)->period_end, expected->period_end);
  }
  // All of them are plain JSON: none was left to the tree.
  EXPECT_EQ(read_without_tree, std::size(payloads));
  // Outside the plain subset, nothing is decided without the tree.
  EXPECT_FALSE(ReadClaimHeaderWithoutTree(without(R"("acme-cloud")", R"("acme\u002dcloud")"),
                                          kClaimsJsonLimits));
  EXPECT_FALSE(ReadClaimHeaderWithoutTree(claims + "x", kClaimsJsonLimits));
}

TEST(VerifyClaims, HeaderOnlyIntakeGivesTheSameHeaderAndNoTree) {
  const World& w = TheWorld();
  const std::string envelope = w.Signed(Claims());
  auto full = VerifyClaimsEnvelope(envelope, w.store, w.options);
  VerifyOptions options = w.options;
  options.keep_claims = false;
  auto header_only = VerifyClaimsEnvelope(envelope, w.store, options);
  ASSERT_TRUE(full.ok()) << Describe(full.error());
  ASSERT_TRUE(header_only.ok()) << Describe(header_only.error());
  EXPECT_TRUE(full->claims.is_object());
  EXPECT_TRUE(header_only->claims.is_null());
  EXPECT_EQ(header_only->payload, full->payload);
  EXPECT_EQ(header_only->header.provider, "acme-cloud");
  EXPECT_EQ(header_only->header.nonce, full->header.nonce);
  EXPECT_EQ(header_only->header.subject, full->header.subject);
  EXPECT_EQ(header_only->header.issued_at, full->header.issued_at);
  EXPECT_EQ(header_only->header.period_start, full->header.period_start);
  EXPECT_EQ(header_only->header.period_end, full->header.period_end);
  EXPECT_EQ(header_only->signer_key_ids, full->signer_key_ids);
  // Outside the plain subset the tree is read, and still not kept.
  auto escaped = VerifyClaimsEnvelope(
      w.Signed(Claims(ClaimsSpec().Extra(R"(,"name":"caf\u00e9")"))), w.store, options);
  ASSERT_TRUE(escaped.ok()) << Describe(escaped.error());
  EXPECT_TRUE(escaped->claims.is_null());
  EXPECT_EQ(escaped->header.provider, "acme-cloud");
}

INSTANTIATE_TEST_SUITE_P(Table, HostileEnvelope, ::testing::ValuesIn(kHostile),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(VerifyClaims, CodesAreDistinctAndOrdered) {
  std::set<std::string_view> ids, names;
  std::string_view previous;
  for (const AttestCodeInfo& info : AllAttestCodes()) {
    EXPECT_EQ(InfoOf(info.code).id, info.id);
    EXPECT_TRUE(ids.insert(info.id).second) << info.id;
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_LT(previous, info.id);
    previous = info.id;
  }
}

TEST(SignClaims, RefusesWhatVerificationWouldRefuse) {
  const World& w = TheWorld();
  for (const std::string& bad : {std::string(), std::string("{\"a\":1,\"a\":2}"),
                                 std::string("[1]"), Claims(ClaimsSpec().Nonce("short"))}) {
    auto envelope = SignClaimsEnvelope(bad, w.acme);
    EXPECT_FALSE(envelope.ok()) << bad;
  }
}

}  // namespace
}  // namespace gridlaw
