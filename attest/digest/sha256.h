#pragma once
// SHA-256 digests (OpenSSL EVP): content ids of claims, policies and reports.

#include <string>
#include <string_view>

namespace gridlaw {

// Lower-case hex of SHA-256(bytes).
std::string Sha256Hex(std::string_view bytes);

}  // namespace gridlaw
