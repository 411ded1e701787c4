#include "crypto/private_key.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <vector>

#include "crypto/openssl_handles.h"

namespace gridlaw {
namespace {

using crypto_detail::BioHandle;
using crypto_detail::BnHandle;
using crypto_detail::EcdsaSigHandle;
using crypto_detail::MdCtxHandle;
using crypto_detail::PkeyHandle;

AttestError Failure(AttestCode code, std::string message) {
  ERR_clear_error();
  return AttestError{code, std::move(message), std::nullopt};
}

// The public half as DER SPKI, checked like any key entering a trust store:
// a private key whose public key would be refused is refused too.
Result<PublicKey, AttestError> PublicHalf(EVP_PKEY* pkey) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(pkey, &der);
  if (length <= 0) return Failure(AttestCode::kPrivateKey, "cannot encode the public key");
  std::string bytes(reinterpret_cast<const char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  return PublicKey::FromSpkiDer(bytes, KeyIntake::kRegister);
}

// P-256 group order n.
constexpr const char* kP256OrderHex =
    "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

// Rewrites a DER ECDSA signature with s > n/2 as (r, n - s): the same
// signature's low-S twin.
Result<std::string, AttestError> LowS(std::string der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  EcdsaSigHandle sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return Failure(AttestCode::kCryptoFailure, "OpenSSL produced an unreadable signature");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  BIGNUM* order_raw = nullptr;
  if (BN_hex2bn(&order_raw, kP256OrderHex) == 0) {
    return Failure(AttestCode::kCryptoFailure, "out of memory");
  }
  BnHandle order(order_raw);
  BnHandle half(BN_dup(order.get()));
  if (!half || BN_rshift1(half.get(), half.get()) != 1) {
    return Failure(AttestCode::kCryptoFailure, "out of memory");
  }
  if (BN_cmp(s, half.get()) <= 0) return der;
  BnHandle new_r(BN_dup(r));
  BnHandle new_s(BN_new());
  if (!new_r || !new_s || BN_sub(new_s.get(), order.get(), s) != 1 ||
      ECDSA_SIG_set0(sig.get(), new_r.get(), new_s.get()) != 1) {
    return Failure(AttestCode::kCryptoFailure, "out of memory");
  }
  new_r.release();  // owned by sig now
  new_s.release();
  unsigned char* out = nullptr;
  const int length = i2d_ECDSA_SIG(sig.get(), &out);
  if (length <= 0) return Failure(AttestCode::kCryptoFailure, "cannot encode the signature");
  std::string result(reinterpret_cast<const char*>(out), static_cast<size_t>(length));
  OPENSSL_free(out);
  return result;
}

// OpenSSL's passphrase callback: refuse, never prompt on the terminal.
int NoPassphrase(char*, int, int, void*) {
  return -1;
}

}  // namespace

void PrivateKey::PkeyFree::operator()(evp_pkey_st* p) const {
  EVP_PKEY_free(p);
}

PrivateKey::PrivateKey(evp_pkey_st* pkey, PublicKey public_key)
    : pkey_(pkey), public_key_(std::move(public_key)) {}
PrivateKey::PrivateKey(PrivateKey&&) noexcept = default;
PrivateKey& PrivateKey::operator=(PrivateKey&&) noexcept = default;
PrivateKey::~PrivateKey() = default;

Result<PrivateKey, AttestError> PrivateKey::Generate(SignatureAlgorithm algorithm) {
  PkeyHandle pkey(algorithm == SignatureAlgorithm::kEd25519
                      ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                      : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!pkey) return Failure(AttestCode::kCryptoFailure, "OpenSSL cannot generate a key");
  auto public_key = PublicHalf(pkey.get());
  if (!public_key.ok()) return std::move(public_key).error();
  return PrivateKey(pkey.release(), std::move(public_key).value());
}

Result<PrivateKey, AttestError> PrivateKey::FromPkcs8Pem(std::string_view pem) {
  if (pem.find("-----BEGIN PRIVATE KEY-----") == std::string_view::npos) {
    return Failure(AttestCode::kPrivateKey,
                   "not an unencrypted PKCS#8 PEM key (\"-----BEGIN PRIVATE KEY-----\")");
  }
  BioHandle bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Failure(AttestCode::kCryptoFailure, "out of memory");
  PkeyHandle pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!pkey) return Failure(AttestCode::kPrivateKey, "OpenSSL cannot read the private key");
  const bool ed25519 = EVP_PKEY_is_a(pkey.get(), "ED25519") == 1;
  const bool p256 = EVP_PKEY_is_a(pkey.get(), "EC") == 1 && EVP_PKEY_get_bits(pkey.get()) == 256;
  if (!ed25519 && !p256) {
    return Failure(AttestCode::kPrivateKey, "private key is neither Ed25519 nor ECDSA P-256");
  }
  auto public_key = PublicHalf(pkey.get());
  if (!public_key.ok()) return std::move(public_key).error();
  ERR_clear_error();
  return PrivateKey(pkey.release(), std::move(public_key).value());
}

Result<std::string, AttestError> PrivateKey::ToPkcs8Pem() const {
  BioHandle bio(BIO_new(BIO_s_secmem()));
  if (!bio) return Failure(AttestCode::kCryptoFailure, "out of memory");
  if (PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr,
                                    nullptr) != 1) {
    return Failure(AttestCode::kCryptoFailure, "cannot encode the private key");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

Result<std::string, AttestError> PrivateKey::Sign(std::string_view message) const {
  MdCtxHandle ctx(EVP_MD_CTX_new());
  if (!ctx) return Failure(AttestCode::kCryptoFailure, "out of memory");
  const bool ed25519 = algorithm() == SignatureAlgorithm::kEd25519;
  if (EVP_DigestSignInit(ctx.get(), nullptr, ed25519 ? nullptr : EVP_sha256(), nullptr,
                         pkey_.get()) != 1) {
    return Failure(AttestCode::kCryptoFailure, "OpenSSL cannot start signing");
  }
  const auto* data = reinterpret_cast<const unsigned char*>(message.data());
  size_t length = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &length, data, message.size()) != 1) {
    return Failure(AttestCode::kCryptoFailure, "OpenSSL cannot size the signature");
  }
  std::vector<unsigned char> signature(length);
  if (EVP_DigestSign(ctx.get(), signature.data(), &length, data, message.size()) != 1) {
    return Failure(AttestCode::kCryptoFailure, "OpenSSL cannot sign");
  }
  std::string bytes(reinterpret_cast<const char*>(signature.data()), length);
  if (ed25519) return bytes;
  return LowS(std::move(bytes));
}

}  // namespace gridlaw
