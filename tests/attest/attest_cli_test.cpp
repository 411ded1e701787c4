// keygen, trust and attest as a user runs them: files, modes, exit codes.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "attest_fixture.h"
#include "run_gridlaw.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;

using testing::Gridlaw;
using testing::Outcome;

class AttestCli : public ::testing::Test {
 protected:
  std::string P(const std::string& name) const { return (dir_ / name).string(); }

  std::string Keygen(const std::string& prefix, const std::string& alg = "ed25519") {
    Outcome run = Gridlaw("keygen --out " + P(prefix) + " --alg " + alg);
    EXPECT_EQ(run.exit_code, 0);
    return run.out.substr(0, run.out.find('\n'));
  }
  void Write(const std::string& name, const std::string& content) {
    testing::WriteFile(dir_ / name, content);
  }

  const testing::ScratchDir dir_{"attest-cli"};
};

// A claim that decodes against compute-facility/v1.
std::string ValidClaims(const std::string& nonce = "3f9c2a7e5b1d4c8f",
                        const std::string& issued_at = "2027-02-03T10:00:00+01:00") {
  return testing::Claims(testing::ClaimsSpec().Nonce(nonce).IssuedAt(issued_at)) + "\n";
}

constexpr char kNow[] = "--now 2027-03-01T00:00:00Z";

TEST_F(AttestCli, KeygenWritesPrivateKeyMode0600AndPrintsKeyId) {
  const std::string key_id = Keygen("acme");
  EXPECT_EQ(key_id.size(), 64u);
  struct stat st {};
  ASSERT_EQ(::stat(P("acme.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(testing::ReadFileOrEmpty(P("acme.key")).rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
  EXPECT_EQ(testing::ReadFileOrEmpty(P("acme.pub")).rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
  // Never overwrites.
  EXPECT_EQ(Gridlaw("keygen --out " + P("acme")).exit_code, 2);
  EXPECT_EQ(Gridlaw("keygen --out " + P("x") + " --alg rsa").exit_code, 2);
  EXPECT_EQ(Keygen("ec", "ecdsa-p256").size(), 64u);
}

TEST_F(AttestCli, SignVerifyRevokeBothAlgorithms) {
  for (const std::string alg : {"ed25519", "ecdsa-p256"}) {
    const std::string key_id = Keygen("acme-" + alg, alg);
    const std::string trust = P("trust-" + alg + ".json");
    Outcome add =
        Gridlaw("trust add --trust " + trust + " --provider acme-cloud --pub " +
                P("acme-" + alg + ".pub") + " --alg " + alg + " --valid-from 2026-01-01T00:00:00Z");
    ASSERT_EQ(add.exit_code, 0) << alg;
    EXPECT_EQ(add.out, key_id + "\n");

    Write("claims.json", ValidClaims());
    ASSERT_EQ(Gridlaw("attest sign --key " + P("acme-" + alg + ".key") + " --out " +
                      P("claims.dsse.json") + " " + P("claims.json"))
                  .exit_code,
              0);
    Outcome ok =
        Gridlaw("attest verify --trust " + trust + " " + kNow + " " + P("claims.dsse.json"));
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_NE(ok.out.find("ok    "), std::string::npos) << ok.out;

    // Revoked after the claims were issued: they still verify; before: not.
    ASSERT_EQ(Gridlaw("trust revoke --trust " + trust + " --key-id " + key_id +
                      " --reason rotated --at 2027-02-10T00:00:00Z")
                  .exit_code,
              0);
    EXPECT_EQ(Gridlaw("attest verify --trust " + trust + " " + kNow + " " + P("claims.dsse.json"))
                  .exit_code,
              0);
    ASSERT_EQ(Gridlaw("trust revoke --trust " + trust + " --key-id " + key_id +
                      " --reason compromised --at 2027-01-15T00:00:00Z")
                  .exit_code,
              0);
    Outcome revoked =
        Gridlaw("attest verify --trust " + trust + " " + kNow + " " + P("claims.dsse.json"));
    EXPECT_EQ(revoked.exit_code, 1);
    EXPECT_NE(revoked.out.find("A207 key-revoked"), std::string::npos) << revoked.out;
  }
}

TEST_F(AttestCli, VerifyReportsEachFailureWithItsCode) {
  Keygen("acme");
  Keygen("mallory");
  const std::string trust = P("trust.json");
  ASSERT_EQ(Gridlaw("trust add --trust " + trust + " --provider acme-cloud --pub " + P("acme.pub") +
                    " --valid-from 2026-01-01T00:00:00Z")
                .exit_code,
            0);
  Write("a.json", ValidClaims("nonce-aaaaaaaaaaaa"));
  Write("b.json", ValidClaims("nonce-bbbbbbbbbbbb"));
  ASSERT_EQ(
      Gridlaw("attest sign --key " + P("acme.key") + " --out " + P("a.dsse") + " " + P("a.json"))
          .exit_code,
      0);
  ASSERT_EQ(
      Gridlaw("attest sign --key " + P("mallory.key") + " --out " + P("b.dsse") + " " + P("b.json"))
          .exit_code,
      0);
  // a verifies, b's key is unknown, a again is a replay within the run.
  Outcome run = Gridlaw("attest verify --trust " + trust + " " + kNow + " --format json " +
                        P("a.dsse") + " " + P("b.dsse") + " " + P("a.dsse"));
  EXPECT_EQ(run.exit_code, 1);
  const auto report = nlohmann::json::parse(run.out);
  ASSERT_EQ(report.size(), 3u);
  EXPECT_EQ(report[0]["verified"], true);
  EXPECT_EQ(report[0]["provider"], "acme-cloud");
  EXPECT_EQ(report[1]["reason"], "A201");
  EXPECT_EQ(report[2]["reason"], "A304");
  // Future-dated against an explicit --now.
  Outcome early =
      Gridlaw("attest verify --trust " + trust + " --now 2027-02-01T00:00:00Z " + P("a.dsse"));
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_NE(early.out.find("A302"), std::string::npos) << early.out;
  // Usage and I/O errors.
  EXPECT_EQ(Gridlaw("attest verify --trust " + trust + " " + P("missing.dsse")).exit_code, 2);
  EXPECT_EQ(Gridlaw("attest verify --trust " + P("missing.json") + " " + P("a.dsse")).exit_code, 2);
  EXPECT_EQ(Gridlaw("attest verify --trust " + trust + " --now yesterday " + P("a.dsse")).exit_code,
            2);
  EXPECT_EQ(Gridlaw("attest verify " + P("a.dsse")).exit_code, 2);
}

TEST_F(AttestCli, SignRefusesClaimsThatFailTheSchemaAndWritesNothing) {
  Keygen("acme");
  Write("bad.json", R"({"schema":"compute-facility/v1","provider":"acme-cloud"})");
  Outcome run = Gridlaw(
      "attest sign --key " + P("acme.key") + " --out " + P("bad.dsse") + " " + P("bad.json"), true);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("nothing was signed"), std::string::npos) << run.out;
  EXPECT_FALSE(fs::exists(P("bad.dsse")));
  Write("dup.json", R"({"provider":"a","provider":"b"})");
  Outcome dup = Gridlaw("attest sign --key " + P("acme.key") + " " + P("dup.json"), true);
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_NE(dup.out.find("J001"), std::string::npos) << dup.out;
}

TEST_F(AttestCli, TrustRefusesWeakKeysAndLists) {
  // The Ed25519 identity point: small order.
  Write("weak.pub",
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
        "-----END PUBLIC KEY-----\n");
  Outcome weak = Gridlaw(
      "trust add --trust " + P("trust.json") + " --provider acme-cloud --pub " + P("weak.pub"),
      true);
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_NE(weak.out.find("A402"), std::string::npos) << weak.out;
  EXPECT_FALSE(fs::exists(P("trust.json")));

  const std::string key_id = Keygen("reg", "ecdsa-p256");
  EXPECT_EQ(Gridlaw("trust add --trust " + P("trust.json") +
                    " --provider regulator.eu --role "
                    "regulator --alg ed25519 --pub " +
                    P("reg.pub"))
                .exit_code,
            1);
  ASSERT_EQ(Gridlaw("trust add --trust " + P("trust.json") +
                    " --provider regulator.eu --role regulator --pub " + P("reg.pub") +
                    " --valid-from 2026-01-01T00:00:00Z --valid-until 2028-01-01T00:00:00Z")
                .exit_code,
            0);
  EXPECT_EQ(Gridlaw("trust add --trust " + P("trust.json") + " --provider x --pub " + P("reg.pub"))
                .exit_code,
            1);  // A403: already registered
  Outcome list = Gridlaw("trust list --trust " + P("trust.json"));
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find(key_id + "  regulator.eu regulator ecdsa-p256 from 2026-01-01T00:00:00Z "
                                   "until 2028-01-01T00:00:00Z"),
            std::string::npos)
      << list.out;
  EXPECT_EQ(Gridlaw("trust revoke --trust " + P("trust.json") + " --key-id " +
                    std::string(64, '0') + " --reason x")
                .exit_code,
            1);  // A404
}

}  // namespace
}  // namespace gridlaw
