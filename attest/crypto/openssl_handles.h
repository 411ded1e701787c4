#pragma once
// Owning handles for OpenSSL objects (internal to attest/crypto: no header
// outside this folder includes OpenSSL). Each frees with its own function.

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <memory>

namespace gridlaw::crypto_detail {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};

using PkeyHandle = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxHandle = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxHandle = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using BnHandle = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using BnCtxHandle = std::unique_ptr<BN_CTX, Deleter<BN_CTX, BN_CTX_free>>;
using EcdsaSigHandle = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;

inline void FreeBio(BIO* bio) {
  BIO_free_all(bio);
}
using BioHandle = std::unique_ptr<BIO, Deleter<BIO, FreeBio>>;

}  // namespace gridlaw::crypto_detail
