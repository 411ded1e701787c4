#pragma once
// A signing key: generated here or read from an unencrypted PKCS#8 PEM file
// ("-----BEGIN PRIVATE KEY-----", what `gridlaw keygen` writes). Encrypted
// keys are refused rather than prompting for a passphrase.
//
// Signatures: Ed25519 (64 bytes) or ECDSA P-256/SHA-256 in DER, always with
// s ≤ n/2 ("low S"), so gridlaw never emits the malleable twin of a
// signature even though it accepts one (crypto/public_key.h).
//
// Thread safety: Sign() may be called concurrently.

#include <memory>
#include <string>
#include <string_view>

#include "codes/attest_error.h"
#include "crypto/algorithm.h"
#include "crypto/public_key.h"
#include "result/result.h"

struct evp_pkey_st;

namespace gridlaw {

class PrivateKey {
 public:
  static Result<PrivateKey, AttestError> Generate(SignatureAlgorithm algorithm);
  static Result<PrivateKey, AttestError> FromPkcs8Pem(std::string_view pem);

  PrivateKey(PrivateKey&&) noexcept;
  PrivateKey& operator=(PrivateKey&&) noexcept;
  ~PrivateKey();

  SignatureAlgorithm algorithm() const { return public_key_.algorithm(); }
  const PublicKey& public_key() const { return public_key_; }

  // Unencrypted PKCS#8 PEM. The caller writes it with mode 0600.
  Result<std::string, AttestError> ToPkcs8Pem() const;

  Result<std::string, AttestError> Sign(std::string_view message) const;

 private:
  struct PkeyFree {
    void operator()(evp_pkey_st* p) const;
  };
  PrivateKey(evp_pkey_st* pkey, PublicKey public_key);

  std::unique_ptr<evp_pkey_st, PkeyFree> pkey_;
  PublicKey public_key_;
};

}  // namespace gridlaw
