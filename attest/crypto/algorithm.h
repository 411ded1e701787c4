#pragma once
// The signature algorithms gridlaw accepts. A key record in the trust store
// names its algorithm; a message never does (no "alg" field to trust).

#include <optional>
#include <string_view>

namespace gridlaw {

enum class SignatureAlgorithm {
  kEd25519,          // RFC 8032 Ed25519 (pure): the default
  kEcdsaP256Sha256,  // ECDSA over P-256 with SHA-256, DER-encoded (r, s)
};

// "ed25519", "ecdsa-p256": the names in trust stores and on the command line.
std::string_view NameOf(SignatureAlgorithm algorithm);
std::optional<SignatureAlgorithm> AlgorithmNamed(std::string_view name);

}  // namespace gridlaw
