#pragma once
// One key in the trust store: whose it is, what it may sign, with which
// algorithm, and when.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/public_key.h"

namespace gridlaw {

// What a key may sign. Claims verify only under provider keys.
enum class KeyRole {
  kProvider,   // claims of that provider
  kRegulator,  // policies and waivers
  kEvaluator,  // compliance reports
  kLedger,     // ledger tree heads and receipts
};

std::string_view NameOf(KeyRole role);  // "provider", …
std::optional<KeyRole> RoleNamed(std::string_view name);

struct TrustedKey {
  std::string provider;  // owner id: the provider a claim names, or the regulator's id, …
  KeyRole role = KeyRole::kProvider;
  // The algorithm of the record; must equal key.algorithm() (checked when
  // the record is read). Signatures are checked with this and nothing else.
  SignatureAlgorithm algorithm = SignatureAlgorithm::kEd25519;
  PublicKey key;
  // Nanoseconds since the epoch. Valid for claims issued in
  // [valid_from, valid_until); revoked for claims issued at or after revoked_at.
  int64_t valid_from = 0;
  std::optional<int64_t> valid_until;
  std::optional<int64_t> revoked_at;
  std::string reason;  // why it was revoked; "" while not revoked

  const std::string& key_id() const { return key.key_id(); }
};

}  // namespace gridlaw
