// libFuzzer target: what a ledger client reads from outside — receipts,
// checkpoint texts and Merkle proofs.
//
// The first byte picks what the rest is:
//   0 mod 3: a receipt (JSON), parsed and, when it parses, verified against a
//            trust store holding one ledger key (mutations almost never
//            carry a valid signature: this fuzzes the readers and the order
//            of checks);
//   1 mod 3: a checkpoint text, parsed; when it parses it must serialise
//            back to exactly the same bytes (one checkpoint, one text);
//   2 mod 3: an inclusion and a consistency proof read as raw sizes, index
//            and hashes; verification must answer, never crash or hang.
// A refusal is an ordinary outcome; a crash, sanitizer report, uncaught
// exception, hang or out-of-memory is a bug.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "checkpoint/checkpoint.h"
#include "crypto/private_key.h"
#include "instant/rfc3339.h"
#include "merkle/merkle.h"
#include "receipt/receipt.h"

namespace {

// A key for fuzzing only: public in the source tree on purpose.
constexpr char kFuzzKeyPem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEINnt2yfD2JiXdB++DK8VZddadzphZ0IuJmzirsoWxZVa\n"
    "-----END PRIVATE KEY-----\n";

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "==== fuzz_receipt: invariant broken: %s ====\n", what);
  std::abort();
}

gridlaw::TrustStore* MakeTrust() {
  auto key = gridlaw::PrivateKey::FromPkcs8Pem(kFuzzKeyPem);
  if (!key.ok()) Fail("the fuzz key does not load");
  auto pub = gridlaw::PublicKey::FromSpkiDer(key->public_key().spki_der());
  if (!pub.ok()) Fail("the fuzz key's public half is refused");
  auto* trust = new gridlaw::TrustStore();
  auto added =
      trust->Add(gridlaw::TrustedKey{.provider = "fuzz-ledger",
                                     .role = gridlaw::KeyRole::kLedger,
                                     .algorithm = gridlaw::SignatureAlgorithm::kEd25519,
                                     .key = std::move(pub).value(),
                                     .valid_from = *gridlaw::ParseRfc3339("2026-01-01T00:00:00Z"),
                                     .valid_until = std::nullopt,
                                     .revoked_at = std::nullopt,
                                     .reason = ""});
  if (!added.ok()) Fail("the fuzz key is refused by the trust store");
  return trust;
}

uint64_t ReadU64(std::string_view& bytes) {
  uint64_t value = 0;
  const size_t n = std::min<size_t>(8, bytes.size());
  std::memcpy(&value, bytes.data(), n);
  bytes.remove_prefix(n);
  return value;
}

std::vector<gridlaw::merkle::Hash> ReadHashes(std::string_view& bytes, size_t max) {
  std::vector<gridlaw::merkle::Hash> hashes;
  while (bytes.size() >= 32 && hashes.size() < max) {
    gridlaw::merkle::Hash h{};
    std::memcpy(h.data(), bytes.data(), 32);
    bytes.remove_prefix(32);
    hashes.push_back(h);
  }
  return hashes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static gridlaw::TrustStore* trust = MakeTrust();
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string error;
  switch (data[0] % 3) {
    case 0: {
      auto receipt = gridlaw::ParseReceipt(rest, &error);
      if (!receipt) {
        if (error.empty()) Fail("a refused receipt without a reason");
        return 0;
      }
      (void)gridlaw::VerifyReceipt(*receipt, *trust, {.envelope = rest});
      (void)gridlaw::SerializeReceipt(*receipt);
      return 0;
    }
    case 1: {
      auto checkpoint = gridlaw::ParseCheckpoint(rest, &error);
      if (!checkpoint) {
        if (error.empty()) Fail("a refused checkpoint without a reason");
        return 0;
      }
      if (gridlaw::SerializeCheckpoint(*checkpoint) != rest) {
        Fail("a checkpoint text parses but is not the canonical text of what it says");
      }
      return 0;
    }
    default: {
      const uint64_t a = ReadU64(rest);
      const uint64_t b = ReadU64(rest);
      const uint64_t c = ReadU64(rest);
      auto hashes = ReadHashes(rest, 80);
      const gridlaw::merkle::Hash root = hashes.empty() ? gridlaw::merkle::Hash{} : hashes.back();
      (void)gridlaw::merkle::VerifyInclusion(a, b, gridlaw::merkle::LeafHash(rest), hashes, root);
      (void)gridlaw::merkle::VerifyConsistency(a, c, hashes, root, gridlaw::merkle::EmptyRoot());
      return 0;
    }
  }
}
