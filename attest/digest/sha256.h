#pragma once
// SHA-256 digests (OpenSSL EVP): content ids of claims, policies and reports.

#include <openssl/types.h>

#include <string>
#include <string_view>

namespace gridlaw {

// SHA-256 fetched from OpenSSL's default provider once per process, for
// every digest gridlaw makes: EVP_sha256() would look the algorithm up again
// on each use (a locked, hashed method-store query), which costs as much as
// hashing a small envelope. Falls back to EVP_sha256() should the fetch fail.
const EVP_MD* Sha256Method();

// Lower-case hex of SHA-256(bytes).
std::string Sha256Hex(std::string_view bytes);

}  // namespace gridlaw
