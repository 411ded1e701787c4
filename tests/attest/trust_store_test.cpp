// The trust store file: round trip, and every record refused that should be.

#include "trust/trust_store.h"

#include <gtest/gtest.h>

#include "attest_fixture.h"
#include "base64/base64.h"

namespace gridlaw {
namespace {

using testing::At;
using testing::NewKey;
using testing::Register;
using testing::Registration;

TEST(TrustStore, SerializeParseRoundTrip) {
  TrustStore store;
  const PrivateKey a = NewKey(SignatureAlgorithm::kEd25519);
  const PrivateKey b = NewKey(SignatureAlgorithm::kEcdsaP256Sha256);
  Register(store, a);
  Register(store, b,
           Registration()
               .Provider("regulator.eu")
               .Role(KeyRole::kRegulator)
               .ValidUntil("2030-01-01T00:00:00Z"));
  ASSERT_TRUE(
      store.Revoke(a.public_key().key_id(), At("2027-06-01T00:00:00Z"), "laptop lost").ok());
  const std::string text = store.Serialize();
  auto parsed = TrustStore::Parse(text);
  ASSERT_TRUE(parsed.ok()) << Describe(parsed.error());
  EXPECT_EQ(parsed->Serialize(), text);
  ASSERT_EQ(parsed->keys().size(), 2u);
  const TrustedKey* ka = parsed->Find(a.public_key().key_id());
  ASSERT_NE(ka, nullptr);
  EXPECT_EQ(ka->provider, "acme-cloud");
  EXPECT_EQ(ka->revoked_at, At("2027-06-01T00:00:00Z"));
  EXPECT_EQ(ka->reason, "laptop lost");
  const TrustedKey* kb = parsed->Find(b.public_key().key_id());
  ASSERT_NE(kb, nullptr);
  EXPECT_EQ(kb->role, KeyRole::kRegulator);
  EXPECT_EQ(kb->algorithm, SignatureAlgorithm::kEcdsaP256Sha256);
  EXPECT_EQ(kb->valid_until, At("2030-01-01T00:00:00Z"));
  EXPECT_EQ(parsed->Find(std::string(64, '0')), nullptr);
}

TEST(TrustStore, RevokingAgainOnlyMovesEarlier) {
  TrustStore store;
  const PrivateKey a = NewKey();
  Register(store, a);
  const std::string id = a.public_key().key_id();
  ASSERT_TRUE(store.Revoke(id, At("2027-06-01T00:00:00Z"), "first").ok());
  ASSERT_TRUE(store.Revoke(id, At("2027-09-01T00:00:00Z"), "later").ok());
  EXPECT_EQ(store.Find(id)->revoked_at, At("2027-06-01T00:00:00Z"));
  ASSERT_TRUE(store.Revoke(id, At("2027-03-01T00:00:00Z"), "earlier").ok());
  EXPECT_EQ(store.Find(id)->reason, "earlier");
  auto missing = store.Revoke(std::string(64, 'a'), 0, "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, AttestCode::kNoSuchKey);
}

TEST(TrustStore, RefusesDuplicateKeys) {
  TrustStore store;
  const PrivateKey a = NewKey();
  Register(store, a);
  auto pub = PublicKey::FromSpkiDer(a.public_key().spki_der());
  auto again = store.Add(TrustedKey{.provider = "other",
                                    .role = KeyRole::kProvider,
                                    .algorithm = SignatureAlgorithm::kEd25519,
                                    .key = std::move(pub).value(),
                                    .valid_from = 0,
                                    .valid_until = std::nullopt,
                                    .revoked_at = std::nullopt,
                                    .reason = ""});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, AttestCode::kDuplicateKey);
}

// One valid record, then the same record with one thing wrong.
std::string Record(const PrivateKey& key, const std::string& tweak_name,
                   const std::string& tweak_value) {
  nlohmann::ordered_json r;
  r["key_id"] = key.public_key().key_id();
  r["provider"] = "acme-cloud";
  r["role"] = "provider";
  r["algorithm"] = NameOf(key.algorithm());
  r["public_key"] = EncodeBase64(key.public_key().spki_der());
  r["valid_from"] = "2026-01-01T00:00:00Z";
  r["valid_until"] = nullptr;
  r["revoked_at"] = nullptr;
  r["reason"] = nullptr;
  std::string text = r.dump();
  if (!tweak_name.empty()) {
    const std::string member = "\"" + tweak_name + "\":";
    const size_t at = text.find(member);
    if (at == std::string::npos) {
      text.insert(text.size() - 1, "," + member + tweak_value);
    } else {
      const size_t value_start = at + member.size();
      size_t value_end = text.find(",\"", value_start);
      if (value_end == std::string::npos) value_end = text.size() - 1;
      text.replace(value_start, value_end - value_start, tweak_value);
    }
  }
  return R"({"format":"gridlaw-trust/v1","keys":[)" + text + "]}";
}

TEST(TrustStore, RefusesBadRecords) {
  const PrivateKey ed = NewKey(SignatureAlgorithm::kEd25519);
  const PrivateKey ec = NewKey(SignatureAlgorithm::kEcdsaP256Sha256);
  ASSERT_TRUE(TrustStore::Parse(Record(ed, "", "")).ok());
  ASSERT_TRUE(
      TrustStore::Parse(Record(ec, "public_key", nlohmann::json(ec.public_key().ToPem()).dump()))
          .ok());
  const std::string small_order =
      EncodeBase64(std::string("\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12) + '\x01' +
                   std::string(31, '\0'));
  struct Case {
    const char* name;
    std::string text;
    AttestCode code;
  };
  const Case cases[] = {
      {"not_json", "{", AttestCode::kTrustStoreJson},
      {"duplicate_member", R"({"format":"gridlaw-trust/v1","format":"x","keys":[]})",
       AttestCode::kTrustStoreJson},
      {"wrong_format", R"({"format":"gridlaw-trust/v2","keys":[]})", AttestCode::kTrustStoreFormat},
      {"unknown_top_member", R"({"format":"gridlaw-trust/v1","keys":[],"x":1})",
       AttestCode::kTrustStoreFormat},
      {"unknown_member", Record(ed, "comment", "\"hi\""), AttestCode::kTrustStoreFormat},
      {"missing_reason",
       [&] {
         std::string t = Record(ed, "", "");
         t.erase(t.find(",\"reason\":null"), 14);
         return t;
       }(),
       AttestCode::kTrustStoreFormat},
      {"bad_role", Record(ed, "role", "\"admin\""), AttestCode::kTrustStoreFormat},
      {"bad_algorithm", Record(ed, "algorithm", "\"rsa\""), AttestCode::kTrustStoreFormat},
      {"algorithm_not_the_keys", Record(ed, "algorithm", "\"ecdsa-p256\""),
       AttestCode::kKeyRejected},
      {"key_id_mismatch", Record(ed, "key_id", "\"" + std::string(64, 'a') + "\""),
       AttestCode::kTrustStoreFormat},
      {"small_order_key", Record(ed, "public_key", "\"" + small_order + "\""),
       AttestCode::kKeyRejected},
      {"key_not_base64", Record(ed, "public_key", "\"!!\""), AttestCode::kTrustStoreFormat},
      {"bad_time", Record(ed, "valid_from", "\"2026-01-01\""), AttestCode::kTrustStoreFormat},
      {"empty_window", Record(ed, "valid_until", "\"2025-01-01T00:00:00Z\""),
       AttestCode::kTrustStoreFormat},
      {"revoked_without_reason", Record(ed, "revoked_at", "\"2027-01-01T00:00:00Z\""),
       AttestCode::kTrustStoreFormat},
      {"empty_provider", Record(ed, "provider", "\"\""), AttestCode::kTrustStoreFormat},
  };
  for (const Case& c : cases) {
    auto parsed = TrustStore::Parse(c.text);
    ASSERT_FALSE(parsed.ok()) << c.name;
    EXPECT_EQ(parsed.error().code, c.code) << c.name << ": " << Describe(parsed.error());
  }
}

}  // namespace
}  // namespace gridlaw
