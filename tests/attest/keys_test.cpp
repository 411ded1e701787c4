// Keys and signatures: generation, PEM, key ids, registration checks, low-S.

#include <gtest/gtest.h>

#include <array>

#include "base64/base64.h"
#include "crypto/ed25519_point.h"
#include "crypto/key_id.h"
#include "crypto/private_key.h"
#include "crypto/public_key.h"
#include "vectors.h"

namespace gridlaw {
namespace {

using testing::FromHex;

const std::string kEd25519Prefix("\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12);

class KeysBothAlgorithms : public ::testing::TestWithParam<SignatureAlgorithm> {};

TEST_P(KeysBothAlgorithms, GenerateSignVerifyAndPem) {
  auto key = PrivateKey::Generate(GetParam());
  ASSERT_TRUE(key.ok()) << Describe(key.error());
  EXPECT_EQ(key->algorithm(), GetParam());
  const PublicKey& pub = key->public_key();
  EXPECT_EQ(pub.key_id(), KeyIdOf(pub.spki_der()));
  EXPECT_TRUE(IsWellFormedKeyId(pub.key_id()));

  auto sig = key->Sign("message");
  ASSERT_TRUE(sig.ok());
  if (GetParam() == SignatureAlgorithm::kEd25519) {
    EXPECT_EQ(sig->size(), 64u);
  }
  EXPECT_TRUE(pub.Verify("message", *sig));
  EXPECT_FALSE(pub.Verify("messagf", *sig));
  EXPECT_FALSE(pub.Verify("message", sig->substr(0, sig->size() - 1)));

  // PKCS#8 round trip: the same key.
  auto pem = key->ToPkcs8Pem();
  ASSERT_TRUE(pem.ok());
  EXPECT_EQ(pem->rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u) << *pem;
  auto again = PrivateKey::FromPkcs8Pem(*pem);
  ASSERT_TRUE(again.ok()) << Describe(again.error());
  EXPECT_EQ(again->public_key().key_id(), pub.key_id());

  // SPKI PEM round trip: the same DER, so the same key id.
  auto reread = PublicKey::FromPem(pub.ToPem());
  ASSERT_TRUE(reread.ok()) << Describe(reread.error());
  EXPECT_EQ(reread->spki_der(), pub.spki_der());
  EXPECT_TRUE(reread->Verify("message", *sig));
}

INSTANTIATE_TEST_SUITE_P(Both, KeysBothAlgorithms,
                         ::testing::Values(SignatureAlgorithm::kEd25519,
                                           SignatureAlgorithm::kEcdsaP256Sha256),
                         [](const auto& info) {
                           return std::string(NameOf(info.param)) == "ed25519" ? "ed25519"
                                                                               : "ecdsa_p256";
                         });

// Big-endian 32-byte arithmetic, enough to move between s and n - s.
using U256 = std::array<uint8_t, 32>;
constexpr char kOrderHex[] = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

U256 Pad(const std::string& bytes) {
  U256 out{};
  const std::string tail = bytes.size() > 32 ? bytes.substr(bytes.size() - 32) : bytes;
  std::copy(tail.begin(), tail.end(), out.end() - static_cast<long>(tail.size()));
  return out;
}
U256 Sub(const U256& a, const U256& b) {
  U256 out{};
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int d = a[i] - b[i] - borrow;
    borrow = d < 0;
    out[i] = static_cast<uint8_t>(d + (borrow ? 256 : 0));
  }
  return out;
}
std::string DerInteger(const U256& v) {
  std::string bytes(v.begin(), v.end());
  while (bytes.size() > 1 && bytes[0] == '\0')
    bytes.erase(0, 1);
  if (static_cast<uint8_t>(bytes[0]) & 0x80) bytes.insert(0, 1, '\0');
  return std::string{'\x02', static_cast<char>(bytes.size())} + bytes;
}
// (r, s) of a DER ECDSA signature (short-form lengths: P-256 always fits).
std::pair<U256, U256> SplitDer(const std::string& der) {
  const size_t r_len = static_cast<uint8_t>(der[3]);
  const std::string r = der.substr(4, r_len);
  const size_t s_len = static_cast<uint8_t>(der[5 + r_len]);
  return {Pad(r), Pad(der.substr(6 + r_len, s_len))};
}

TEST(Ecdsa, SignsLowSAndVerifiesHighSOnPurpose) {
  auto key = PrivateKey::Generate(SignatureAlgorithm::kEcdsaP256Sha256);
  ASSERT_TRUE(key.ok());
  const U256 order = Pad(FromHex(kOrderHex));
  U256 half{};  // n >> 1
  for (int i = 0; i < 32; ++i) {
    half[i] = static_cast<uint8_t>(order[i] >> 1 | (i > 0 ? (order[i - 1] & 1) << 7 : 0));
  }
  for (int i = 0; i < 64; ++i) {
    const std::string message = "claims " + std::to_string(i);
    auto sig = key->Sign(message);
    ASSERT_TRUE(sig.ok());
    const auto [r, s] = SplitDer(*sig);
    EXPECT_LE(s, half) << "signature " << i << " has high S";
    // The malleable twin (r, n - s) is a valid ECDSA signature too, and
    // gridlaw accepts it (SPEC.md §Attestations, "High-S").
    const std::string body = DerInteger(r) + DerInteger(Sub(order, s));
    const std::string twin = std::string{'\x30', static_cast<char>(body.size())} + body;
    EXPECT_TRUE(key->public_key().Verify(message, twin));
  }
}

TEST(Ed25519Registration, RefusesWeakKeys) {
  struct Case {
    const char* hex;
    Ed25519KeyProblem problem;
  };
  for (const Case& c : {
           Case{"0100000000000000000000000000000000000000000000000000000000000000",
                Ed25519KeyProblem::kSmallOrder},  // identity
           Case{"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                Ed25519KeyProblem::kSmallOrder},  // order 2
           Case{"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
                Ed25519KeyProblem::kSmallOrder},  // order 8
           Case{"0100000000000000000000000000000000000000000000000000000000000080",
                Ed25519KeyProblem::kNonCanonical},  // identity with x = -0
           Case{"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                Ed25519KeyProblem::kNonCanonical},  // y = p + 1
           Case{"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                Ed25519KeyProblem::kNonCanonical},  // y = p
       }) {
    EXPECT_EQ(CheckEd25519PublicKey(FromHex(c.hex)), c.problem) << c.hex;
    auto key = PublicKey::FromSpkiDer(kEd25519Prefix + FromHex(c.hex));
    ASSERT_FALSE(key.ok()) << c.hex;
    EXPECT_EQ(key.error().code, AttestCode::kKeyRejected);
  }
  // About half of all y have no x: find some, and check they are refused.
  int off_curve = 0;
  for (int y = 2; y < 40; ++y) {
    std::string encoding(32, '\0');
    encoding[0] = static_cast<char>(y);
    if (CheckEd25519PublicKey(encoding) == Ed25519KeyProblem::kNotOnCurve) {
      ++off_curve;
      EXPECT_FALSE(PublicKey::FromSpkiDer(kEd25519Prefix + encoding).ok());
    }
  }
  EXPECT_GT(off_curve, 5);
  // Generated keys always pass.
  for (int i = 0; i < 20; ++i) {
    auto key = PrivateKey::Generate(SignatureAlgorithm::kEd25519);
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(CheckEd25519PublicKey(key->public_key().spki_der().substr(12)),
              Ed25519KeyProblem::kNone);
  }
}

TEST(P256Registration, RefusesPointsOffTheCurveAndOtherForms) {
  auto key = PrivateKey::Generate(SignatureAlgorithm::kEcdsaP256Sha256);
  ASSERT_TRUE(key.ok());
  const std::string der = key->public_key().spki_der();
  ASSERT_EQ(der.size(), 91u);
  std::string off = der;
  off[90] = static_cast<char>(off[90] ^ 1);  // y + or - 1: not on the curve
  auto refused = PublicKey::FromSpkiDer(off);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, AttestCode::kKeyRejected);
  // The point at infinity cannot even be written in this form; x = y = 0 is off the curve.
  std::string zero = der.substr(0, 27) + std::string(64, '\0');
  EXPECT_FALSE(PublicKey::FromSpkiDer(zero).ok());
  // Compressed points, trailing bytes, other lengths: not the one DER form.
  std::string compressed = der;
  compressed[26] = '\x02';
  EXPECT_FALSE(PublicKey::FromSpkiDer(compressed).ok());
  EXPECT_FALSE(PublicKey::FromSpkiDer(der + '\0').ok());
  EXPECT_FALSE(PublicKey::FromSpkiDer(der.substr(0, 90)).ok());
  EXPECT_FALSE(PublicKey::FromSpkiDer("").ok());
}

TEST(PublicKeyPem, StrictForm) {
  auto key = PrivateKey::Generate(SignatureAlgorithm::kEd25519);
  ASSERT_TRUE(key.ok());
  const std::string pem = key->public_key().ToPem();
  EXPECT_TRUE(PublicKey::FromPem(pem).ok());
  EXPECT_FALSE(PublicKey::FromPem("junk\n" + pem).ok());
  EXPECT_FALSE(PublicKey::FromPem(pem + "junk\n").ok());
  std::string spaced = pem;
  spaced.insert(spaced.find('\n') + 5, " ");
  EXPECT_FALSE(PublicKey::FromPem(spaced).ok());
  EXPECT_FALSE(PublicKey::FromPem(pem.substr(0, pem.size() - 10)).ok());
}

TEST(PrivateKeyPem, RefusesEncryptedAndGarbage) {
  for (const char* text : {"", "hello",
                           "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED "
                           "PRIVATE KEY-----\n",
                           "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}) {
    auto key = PrivateKey::FromPkcs8Pem(text);
    ASSERT_FALSE(key.ok()) << text;
    EXPECT_EQ(key.error().code, AttestCode::kPrivateKey) << text;
  }
}

}  // namespace
}  // namespace gridlaw
