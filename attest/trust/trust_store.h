#pragma once
// The trust store: the keys gridlaw believes, as a JSON file (the ledger
// later keeps the same records in SQLite).
//
//   {"format": "gridlaw-trust/v1",
//    "keys": [{"key_id": "<hex SHA-256 of the DER SPKI>",
//              "provider": "acme-cloud", "role": "provider",
//              "algorithm": "ed25519" | "ecdsa-p256",
//              "public_key": "<base64 DER SPKI>" | "-----BEGIN PUBLIC KEY-----…",
//              "valid_from": "<RFC 3339>", "valid_until": "<RFC 3339>" | null,
//              "revoked_at": "<RFC 3339>" | null, "reason": "<text>" | null}, …]}
//
// Every member is required (null where allowed), unknown members are
// refused, and every key goes through the registration checks of
// crypto/public_key.h each time the file is read: a store edited by hand
// cannot smuggle in a weak key. key_id must match the key, and algorithm
// must be the key's own.
//
// Thread safety: const member functions may be called concurrently.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codes/attest_error.h"
#include "result/result.h"
#include "trust/trusted_key.h"

namespace gridlaw {

class TrustStore {
 public:
  TrustStore() = default;
  TrustStore(TrustStore&&) noexcept = default;
  TrustStore& operator=(TrustStore&&) noexcept = default;

  static Result<TrustStore, AttestError> Parse(std::string_view json_bytes);
  // The JSON form above, keys in registration order, public keys as base64 DER.
  std::string Serialize() const;

  // Registers a key; refuses a key id already present (A403) and a record
  // whose algorithm is not its key's (A402).
  Result<void, AttestError> Add(TrustedKey key);
  // Marks a key revoked from `at` on; revoking again only moves the time
  // earlier (a later revocation never un-revokes claims).
  Result<void, AttestError> Revoke(std::string_view key_id, int64_t at, std::string reason);

  const TrustedKey* Find(std::string_view key_id) const;
  std::span<const TrustedKey> keys() const { return keys_; }

 private:
  // Looks key ids up by std::string_view without building a std::string.
  struct KeyIdHash {
    using is_transparent = void;
    size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
  };
  std::vector<TrustedKey> keys_;
  // key id → position in keys_
  std::unordered_map<std::string, size_t, KeyIdHash, std::equal_to<>> index_;
};

}  // namespace gridlaw
