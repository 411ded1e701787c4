// RFC 9162 §2.1.1 hashing (SHA-256 through OpenSSL EVP, with the one-byte
// leaf and node prefixes that keep a leaf from passing for a node) and the
// hex spelling of hashes.

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "digest/sha256.h"
#include "merkle/merkle.h"

namespace gridlaw::merkle {
namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

// SHA-256 of the concatenation of `parts`.
Hash Sha256(std::initializer_list<std::span<const uint8_t>> parts) {
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                        &EVP_MD_CTX_free);
  bool ok = context != nullptr && EVP_DigestInit_ex(context.get(), Sha256Method(), nullptr) == 1;
  for (const auto part : parts) {
    ok = ok && EVP_DigestUpdate(context.get(), part.data(), part.size()) == 1;
  }
  Hash digest{};
  unsigned int length = 0;
  ok = ok && EVP_DigestFinal_ex(context.get(), digest.data(), &length) == 1;
  if (!ok || length != digest.size()) {
    throw std::runtime_error("OpenSSL SHA-256 failed");  // only on allocation failure
  }
  return digest;
}

std::span<const uint8_t> BytesOf(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

Hash LeafHash(std::string_view entry) {
  return Sha256({std::span(&kLeafPrefix, 1), BytesOf(entry)});
}

Hash NodeHash(const Hash& left, const Hash& right) {
  return Sha256({std::span(&kNodePrefix, 1), left, right});
}

Hash EmptyRoot() {
  static const Hash empty = Sha256({});
  return empty;
}

std::string ToHex(const Hash& hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(hash.size() * 2);
  for (const uint8_t byte : hash) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0xF];
  }
  return hex;
}

std::optional<Hash> HashFromHex(std::string_view hex) {
  Hash hash{};
  if (hex.size() != hash.size() * 2) return std::nullopt;
  for (size_t i = 0; i < hash.size(); ++i) {
    const int high = HexDigitValue(hex[2 * i]);
    const int low = HexDigitValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    hash[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return hash;
}

}  // namespace gridlaw::merkle
