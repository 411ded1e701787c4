#include "crypto/public_key.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include "crypto/ed25519_point.h"
#include "crypto/key_id.h"
#include "crypto/openssl_handles.h"
#include "crypto/pem.h"

namespace gridlaw {
namespace {

using crypto_detail::MdCtxHandle;
using crypto_detail::PkeyCtxHandle;
using crypto_detail::PkeyHandle;

// The fixed DER prefixes of the two accepted SubjectPublicKeyInfo forms.
constexpr std::string_view kEd25519Prefix{"\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12};
constexpr size_t kEd25519Length = 12 + 32;
constexpr std::string_view kP256Prefix{
    "\x30\x59\x30\x13\x06\x07\x2a\x86\x48\xce\x3d\x02\x01\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07"
    "\x03\x42\x00\x04",
    27};
constexpr size_t kP256Length = 27 + 64;

AttestError Rejected(std::string message) {
  return AttestError{AttestCode::kKeyRejected, std::move(message), std::nullopt};
}

}  // namespace

void PublicKey::PkeyFree::operator()(evp_pkey_st* p) const {
  EVP_PKEY_free(p);
}

PublicKey::PublicKey(SignatureAlgorithm algorithm, std::string der, evp_pkey_st* pkey)
    : algorithm_(algorithm), der_(std::move(der)), key_id_(KeyIdOf(der_)), pkey_(pkey) {}
PublicKey::PublicKey(PublicKey&&) noexcept = default;
PublicKey& PublicKey::operator=(PublicKey&&) noexcept = default;
PublicKey::~PublicKey() = default;

Result<PublicKey, AttestError> PublicKey::FromSpkiDer(std::string_view der, KeyIntake intake) {
  SignatureAlgorithm algorithm;
  if (der.size() == kEd25519Length && der.substr(0, kEd25519Prefix.size()) == kEd25519Prefix) {
    algorithm = SignatureAlgorithm::kEd25519;
    if (intake == KeyIntake::kRegister) {
      switch (CheckEd25519PublicKey(der.substr(kEd25519Prefix.size()))) {
        case Ed25519KeyProblem::kNone:
          break;
        case Ed25519KeyProblem::kNonCanonical:
          return Rejected("Ed25519 public key is a non-canonical encoding");
        case Ed25519KeyProblem::kNotOnCurve:
          return Rejected("Ed25519 public key is not a point on the curve");
        case Ed25519KeyProblem::kSmallOrder:
          return Rejected("Ed25519 public key is a point of small order");
      }
    }
  } else if (der.size() == kP256Length && der.substr(0, kP256Prefix.size()) == kP256Prefix) {
    algorithm = SignatureAlgorithm::kEcdsaP256Sha256;
  } else {
    return Rejected(
        "not an Ed25519 or uncompressed P-256 SubjectPublicKeyInfo in its DER form "
        "(other algorithms, curves and point encodings are not accepted)");
  }

  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  PkeyHandle pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  const bool whole = pkey && p == reinterpret_cast<const unsigned char*>(der.data() + der.size());
  ERR_clear_error();
  if (!whole) {
    return Rejected(algorithm == SignatureAlgorithm::kEcdsaP256Sha256
                        ? "P-256 public key is not a point on the curve"
                        : "OpenSSL cannot read the Ed25519 public key");
  }
  if (algorithm == SignatureAlgorithm::kEcdsaP256Sha256) {
    // On the curve, not infinity, and n·Q = O (P-256 has cofactor 1, but the
    // check costs nothing at registration).
    PkeyCtxHandle ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    const bool valid = ctx && EVP_PKEY_public_check(ctx.get()) == 1;
    ERR_clear_error();
    if (!valid) return Rejected("P-256 public key fails OpenSSL's public key check");
  }
  return PublicKey(algorithm, std::string(der), pkey.release());
}

Result<PublicKey, AttestError> PublicKey::FromPem(std::string_view pem, KeyIntake intake) {
  auto der = PemToDer(pem, "PUBLIC KEY");
  if (!der.ok()) return Rejected(der.error().message);
  return FromSpkiDer(*der, intake);
}

std::string PublicKey::ToPem() const {
  return DerToPem(der_, "PUBLIC KEY");
}

bool PublicKey::Verify(std::string_view message, std::string_view signature) const {
  MdCtxHandle ctx(EVP_MD_CTX_new());
  if (!ctx) return false;
  // Ed25519 hashes internally (no digest may be named); ECDSA uses SHA-256.
  const EVP_MD* md = algorithm_ == SignatureAlgorithm::kEd25519 ? nullptr : EVP_sha256();
  bool valid =
      EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, pkey_.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  // A refused signature leaves errors on the thread's queue; they must not
  // surface later as someone else's failure.
  ERR_clear_error();
  return valid;
}

}  // namespace gridlaw
