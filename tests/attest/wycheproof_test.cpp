// Wycheproof signature vectors (C2SP/wycheproof testvectors_v1): gridlaw's
// verifier accepts exactly the `valid` cases. The keys go through the same
// registration checks as keys entering a trust store.
//
// `acceptable` cases: the vector files pinned in ../shared have none (the
// v1 files decide BER signatures, high-S ECDSA and the rest as valid or
// invalid). A future file with acceptable cases fails CountsAreComplete
// until each is decided here and in SPEC.md §Attestations.

#include <gtest/gtest.h>

#include <map>

#include "crypto/public_key.h"
#include "vectors.h"

namespace gridlaw {
namespace {

using testing::FromHex;
using testing::LoadVectors;

struct Tally {
  int cases = 0;
  int valid = 0;
  int invalid = 0;
  int acceptable = 0;
};

// Runs every case of a Wycheproof file; `to_der` turns the file's signature
// encoding into what the verifier takes (identity for DER files).
Tally RunFile(const std::string& file, std::string (*to_der)(const std::string&)) {
  Tally tally;
  const auto doc = LoadVectors("wycheproof/" + file);
  if (!doc) return tally;
  for (const auto& group : (*doc)["testGroups"]) {
    auto key = PublicKey::FromSpkiDer(FromHex(group["publicKeyDer"].get<std::string>()));
    for (const auto& test : group["tests"]) {
      ++tally.cases;
      const std::string result = test["result"];
      const std::string sig = to_der(FromHex(test["sig"].get<std::string>()));
      const bool accepted = key.ok() && key->Verify(FromHex(test["msg"].get<std::string>()), sig);
      if (result == "valid") {
        ++tally.valid;
        EXPECT_TRUE(accepted) << file << " tcId " << test["tcId"] << " (" << test["comment"]
                              << ") is valid but refused"
                              << (key.ok() ? "" : ": key refused: " + key.error().message);
      } else if (result == "invalid") {
        ++tally.invalid;
        EXPECT_FALSE(accepted) << file << " tcId " << test["tcId"] << " (" << test["comment"]
                               << ") is invalid but accepted";
      } else {
        ++tally.acceptable;
      }
    }
  }
  EXPECT_EQ(tally.cases, (*doc)["numberOfTests"].get<int>()) << file;
  return tally;
}

std::string Same(const std::string& sig) {
  return sig;
}

// IEEE P1363 (r || s, 32 bytes each) as DER, so the one DER verifier is
// measured against the P1363 file too. Any other length cannot be a P-256
// signature and becomes an empty (refused) one.
std::string P1363ToDer(const std::string& sig) {
  if (sig.size() != 64) return "";
  auto integer = [](std::string bytes) {
    while (bytes.size() > 1 && bytes[0] == '\0')
      bytes.erase(0, 1);
    if (static_cast<unsigned char>(bytes[0]) & 0x80) bytes.insert(0, 1, '\0');
    return std::string{'\x02', static_cast<char>(bytes.size())} + bytes;
  };
  const std::string body = integer(sig.substr(0, 32)) + integer(sig.substr(32));
  return std::string{'\x30', static_cast<char>(body.size())} + body;
}

TEST(Wycheproof, Ed25519) {
  const Tally t = RunFile("ed25519_test.json", Same);
  EXPECT_EQ(t.cases, 151);
  EXPECT_EQ(t.acceptable, 0);
}

TEST(Wycheproof, EcdsaP256Sha256Der) {
  const Tally t = RunFile("ecdsa_secp256r1_sha256_test.json", Same);
  EXPECT_EQ(t.cases, 484);
  EXPECT_EQ(t.acceptable, 0);
}

TEST(Wycheproof, EcdsaP256Sha256P1363) {
  const Tally t = RunFile("ecdsa_secp256r1_sha256_p1363_test.json", P1363ToDer);
  EXPECT_EQ(t.cases, 262);
  EXPECT_EQ(t.acceptable, 0);
}

}  // namespace
}  // namespace gridlaw
