#include "crypto/algorithm.h"

namespace gridlaw {

std::string_view NameOf(SignatureAlgorithm algorithm) {
  switch (algorithm) {
    case SignatureAlgorithm::kEd25519:
      return "ed25519";
    case SignatureAlgorithm::kEcdsaP256Sha256:
      return "ecdsa-p256";
  }
  return "?";
}

std::optional<SignatureAlgorithm> AlgorithmNamed(std::string_view name) {
  if (name == "ed25519") return SignatureAlgorithm::kEd25519;
  if (name == "ecdsa-p256") return SignatureAlgorithm::kEcdsaP256Sha256;
  return std::nullopt;
}

}  // namespace gridlaw
