// CCTV Ed25519 edge cases (C2SP/CCTV ed25519vectors.json) as a regression
// baseline, in two layers:
//   - OpenSSL's verification alone (keys parsed without registration
//     checks): it accepts 208 of the 914, exactly those flagged neither
//     non_canonical_R nor low_order_residue (the "ref10" behaviour);
//   - gridlaw's path (keys registered first): registration refuses every key
//     flagged low_order_A or non_canonical_A, leaving 86 accepted.
// A change of OpenSSL version that moves either number fails here.

#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/public_key.h"
#include "vectors.h"

namespace gridlaw {
namespace {

using testing::FromHex;

bool Flagged(const nlohmann::json& vector, const std::string& flag) {
  const auto& flags = vector["flags"];
  return flags.is_array() && std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::string Spki(const std::string& raw_key) {
  return std::string("\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12) + raw_key;
}

TEST(CctvEd25519, OpenSslBaselineAndRegistration) {
  const auto vectors = testing::LoadVectors("cctv-ed25519/ed25519vectors.json");
  ASSERT_TRUE(vectors.has_value());
  ASSERT_EQ(vectors->size(), 914u);
  int openssl_accepts = 0, gridlaw_accepts = 0, registration_refuses = 0;
  for (const auto& v : *vectors) {
    const std::string der = Spki(FromHex(v["key"]));
    const std::string sig = FromHex(v["sig"]);
    const std::string msg = v["msg"];
    const int number = v["number"];

    auto parsed = PublicKey::FromSpkiDer(der, KeyIntake::kParseOnly);
    ASSERT_TRUE(parsed.ok()) << number;
    const bool openssl = parsed->Verify(msg, sig);
    openssl_accepts += openssl;
    EXPECT_EQ(openssl, !Flagged(v, "non_canonical_R") && !Flagged(v, "low_order_residue"))
        << "vector " << number;

    auto registered = PublicKey::FromSpkiDer(der, KeyIntake::kRegister);
    const bool weak_key = Flagged(v, "low_order_A") || Flagged(v, "non_canonical_A");
    EXPECT_EQ(registered.ok(), !weak_key) << "vector " << number;
    if (!registered.ok()) {
      ++registration_refuses;
      EXPECT_EQ(registered.error().code, AttestCode::kKeyRejected);
      continue;
    }
    const bool accepted = registered->Verify(msg, sig);
    gridlaw_accepts += accepted;
    EXPECT_EQ(accepted, openssl) << "vector " << number;
  }
  EXPECT_EQ(openssl_accepts, 208);
  EXPECT_EQ(registration_refuses, 526);
  EXPECT_EQ(gridlaw_accepts, 86);
}

}  // namespace
}  // namespace gridlaw
