#pragma once
// A public key, parsed and checked once, then used for any number of
// verifications. The trust store keeps one per registered key, so no
// signature check ever parses key bytes again.
//
// Accepted encodings (DER SubjectPublicKeyInfo, exactly as OpenSSL writes
// them, so a key has one DER form and hence one key id):
//   - Ed25519: 44 bytes, OID 1.3.101.112, 32-byte point;
//   - ECDSA P-256: 91 bytes, id-ecPublicKey with prime256v1, uncompressed
//     point (04 || x || y).
// At registration (KeyIntake::kRegister) Ed25519 points that are
// non-canonical, off the curve or of small order are refused
// (crypto/ed25519_point.h), and P-256 points must pass OpenSSL's full public
// key check (on the curve, not the point at infinity, in the group).
//
// Thread safety: a PublicKey is immutable after construction; Verify() may be
// called from several threads at once (each call has its own EVP_MD_CTX;
// OpenSSL 3 allows shared read-only EVP_PKEYs).

#include <memory>
#include <string>
#include <string_view>

#include "codes/attest_error.h"
#include "crypto/algorithm.h"
#include "result/result.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace gridlaw {

enum class KeyIntake {
  kRegister,   // every check above: keys entering a trust store
  kParseOnly,  // encoding checks only: measuring OpenSSL itself (test vectors)
};

class PublicKey {
 public:
  static Result<PublicKey, AttestError> FromSpkiDer(std::string_view der,
                                                    KeyIntake intake = KeyIntake::kRegister);
  // A "PUBLIC KEY" PEM block (crypto/pem.h) holding an SPKI as above.
  static Result<PublicKey, AttestError> FromPem(std::string_view pem,
                                                KeyIntake intake = KeyIntake::kRegister);

  PublicKey(PublicKey&&) noexcept;
  PublicKey& operator=(PublicKey&&) noexcept;
  ~PublicKey();

  SignatureAlgorithm algorithm() const { return algorithm_; }
  const std::string& spki_der() const { return der_; }
  const std::string& key_id() const { return key_id_; }
  std::string ToPem() const;

  // True when `signature` is a valid signature of `message` under this key
  // with this key's algorithm: Ed25519 (64 bytes, RFC 8032 with OpenSSL's
  // checks: canonical R, S < L) or ECDSA P-256/SHA-256 in strict DER.
  // ECDSA signatures with s > n/2 ("high S") are accepted, as FIPS 186-5
  // and Wycheproof's valid cases require: see SPEC.md §Attestations.
  bool Verify(std::string_view message, std::string_view signature) const;

 private:
  struct PkeyFree {
    void operator()(evp_pkey_st* p) const;
  };
  PublicKey(SignatureAlgorithm algorithm, std::string der, evp_pkey_st* pkey);

  SignatureAlgorithm algorithm_;
  std::string der_;
  std::string key_id_;
  std::unique_ptr<evp_pkey_st, PkeyFree> pkey_;
};

}  // namespace gridlaw
