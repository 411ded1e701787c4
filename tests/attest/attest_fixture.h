#pragma once
// Claims, keys, trust stores and envelopes for the attestation tests.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/private_key.h"
#include "dsse/envelope.h"
#include "dsse/pae.h"
#include "dsse/payload_types.h"
#include "instant/rfc3339.h"
#include "trust/trust_store.h"

namespace gridlaw::testing {

inline int64_t At(const char* rfc3339) {
  const auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(0);
}

struct ClaimsSpec {
  std::string provider = "acme-cloud";
  std::string issued_at = "2027-02-03T10:00:00+01:00";
  std::string nonce = "3f9c2a7e5b1d4c8f";
  std::string start = "2027-01-01";
  std::string end = "2027-02-01";
  std::string extra;  // more members, with a leading comma

  // Setters for one-line variations: ClaimsSpec().Nonce("x").
  ClaimsSpec& Provider(std::string v) { return provider = std::move(v), *this; }
  ClaimsSpec& IssuedAt(std::string v) { return issued_at = std::move(v), *this; }
  ClaimsSpec& Nonce(std::string v) { return nonce = std::move(v), *this; }
  ClaimsSpec& Start(std::string v) { return start = std::move(v), *this; }
  ClaimsSpec& End(std::string v) { return end = std::move(v), *this; }
  ClaimsSpec& Extra(std::string v) { return extra = std::move(v), *this; }
};

inline std::string Claims(const ClaimsSpec& c = {}) {
  return R"({"schema":"compute-facility/v1","provider":")" + c.provider +
         R"(","subject":{"id":"fra-1","kind":"facility"},"period":{"start":")" + c.start +
         R"(","end":")" + c.end + R"("},"issued_at":")" + c.issued_at + R"(","nonce":")" + c.nonce +
         R"(","energy":{"it":{"value":"3000000","unit":"kWh"}})" + c.extra + "}";
}

inline PrivateKey NewKey(SignatureAlgorithm algorithm = SignatureAlgorithm::kEd25519) {
  auto key = PrivateKey::Generate(algorithm);
  if (!key.ok()) {
    ADD_FAILURE() << Describe(key.error());
    std::abort();
  }
  return std::move(key).value();
}

struct Registration {
  std::string provider = "acme-cloud";
  KeyRole role = KeyRole::kProvider;
  std::string valid_from = "2026-01-01T00:00:00Z";
  std::string valid_until;  // "" for open-ended

  Registration& Provider(std::string v) { return provider = std::move(v), *this; }
  Registration& Role(KeyRole v) { return role = v, *this; }
  Registration& ValidFrom(std::string v) { return valid_from = std::move(v), *this; }
  Registration& ValidUntil(std::string v) { return valid_until = std::move(v), *this; }
};

inline void Register(TrustStore& store, const PrivateKey& key, const Registration& r = {}) {
  auto pub = PublicKey::FromSpkiDer(key.public_key().spki_der());
  ASSERT_TRUE(pub.ok());
  TrustedKey record{.provider = r.provider,
                    .role = r.role,
                    .algorithm = key.algorithm(),
                    .key = std::move(pub).value(),
                    .valid_from = At(r.valid_from.c_str()),
                    .valid_until = r.valid_until.empty()
                                       ? std::nullopt
                                       : std::optional<int64_t>(At(r.valid_until.c_str())),
                    .revoked_at = std::nullopt,
                    .reason = ""};
  auto added = store.Add(std::move(record));
  ASSERT_TRUE(added.ok()) << Describe(added.error());
}

// An envelope signed by each of `signers` over PAE(`signed_type`, payload),
// with `payload_type` written into it (normally the same type).
inline Envelope SignedEnvelope(const std::string& payload,
                               const std::vector<const PrivateKey*>& signers,
                               std::string signed_type = std::string(kClaimsPayloadType),
                               std::string payload_type = std::string(kClaimsPayloadType)) {
  Envelope envelope{payload_type, payload, {}};
  for (const PrivateKey* key : signers) {
    auto sig = key->Sign(PreAuthEncoding(signed_type, payload));
    EXPECT_TRUE(sig.ok());
    envelope.signatures.push_back({key->public_key().key_id(), sig.ok() ? *sig : ""});
  }
  return envelope;
}

}  // namespace gridlaw::testing
