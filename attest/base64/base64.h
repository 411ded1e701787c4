#pragma once
// Strict base64 (RFC 4648 §4 and §5) for envelope payloads and signatures.
//
// Decoding accepts exactly one spelling of each byte string per alphabet:
//   - one alphabet per text: standard ("+/") or URL-safe ("-_"), never mixed;
//   - padding either absent or complete ("=" up to a multiple of 4 characters),
//     and "=" nowhere else;
//   - the unused low bits of the last character must be zero (RFC 4648 §3.5),
//     so "QQ==" decodes and "QR==" does not;
//   - no whitespace, line breaks or other characters; a length of 4k+1 is
//     refused.
// OpenSSL's EVP_DecodeBlock is not used: it skips whitespace, ignores
// trailing bits and returns padding as zero bytes.

#include <cstddef>
#include <string>
#include <string_view>

#include "result/result.h"

namespace gridlaw {

struct Base64Error {
  size_t offset = 0;  // of the offending character, or the text's length when it is cut short
  std::string message;
};

Result<std::string, Base64Error> DecodeBase64(std::string_view text);

// Standard alphabet with padding: what gridlaw writes into envelopes.
std::string EncodeBase64(std::string_view bytes);
// URL-safe alphabet without padding.
std::string EncodeBase64Url(std::string_view bytes);

}  // namespace gridlaw
