#pragma once
// Synthetic signed envelopes for `gridlaw bench`: N compute-facility/v1
// claims of one provider, one subject each, signed in memory with a fresh
// Ed25519 key, and the floor they are measured against: raw OpenSSL
// verification of their PAE bytes, with the key parsed once per thread.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "crypto/private_key.h"
#include "trust/trust_store.h"

namespace gridlaw::app {

struct BenchEnvelopes {
  std::string provider;                 // the provider every claim names
  std::vector<std::string> envelopes;   // DSSE envelope texts
  std::vector<std::string> pae;         // per envelope: the bytes its signature covers
  std::vector<std::string> signatures;  // per envelope: the raw signature
  int64_t issued_at = 0;                // nanoseconds: every claim's issued_at
};

// `key` signs; nullopt with `error` on a signing failure.
std::optional<BenchEnvelopes> MakeBenchEnvelopes(size_t n, const PrivateKey& key,
                                                 std::string* error);

// Verifies every (pae, signature) with EVP_DigestVerify on `threads`
// threads, each with its own copy of the public key. Returns how many
// verified (all of them, unless something is wrong).
size_t VerifyFloor(const BenchEnvelopes& envelopes, const PublicKey& key, unsigned threads);

}  // namespace gridlaw::app
