#include "crypto/key_id.h"

#include <openssl/evp.h>

#include <array>
#include <cstdlib>

namespace gridlaw {

std::string KeyIdOf(std::string_view spki_der) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(spki_der.data(), spki_der.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
      1) {
    std::abort();  // only on allocation failure or a broken OpenSSL install
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

bool IsWellFormedKeyId(std::string_view key_id) {
  if (key_id.size() != 64) return false;
  for (char c : key_id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace gridlaw
