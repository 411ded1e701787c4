#include "base64/base64.h"

#include <array>
#include <cstdint>

namespace gridlaw {
namespace {

constexpr std::string_view kStandard =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlSafe =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

enum class Alphabet { kUnknown, kStandard, kUrlSafe };

constexpr uint8_t kInvalid = 0xFF;

// Value of each character in either alphabet ("+" and "-" are both 62).
constexpr std::array<uint8_t, 256> MakeTable() {
  std::array<uint8_t, 256> table{};
  for (auto& v : table)
    v = kInvalid;
  for (size_t i = 0; i < 64; ++i) {
    table[static_cast<uint8_t>(kStandard[i])] = static_cast<uint8_t>(i);
    table[static_cast<uint8_t>(kUrlSafe[i])] = static_cast<uint8_t>(i);
  }
  return table;
}
constexpr std::array<uint8_t, 256> kTable = MakeTable();

std::string Encode(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  auto at = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t n = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    out += alphabet[n >> 18 & 63];
    out += alphabet[n >> 12 & 63];
    out += alphabet[n >> 6 & 63];
    out += alphabet[n & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t n = at(i) << 16;
    out += alphabet[n >> 18 & 63];
    out += alphabet[n >> 12 & 63];
    if (pad) out += "==";
  } else if (rest == 2) {
    const uint32_t n = at(i) << 16 | at(i + 1) << 8;
    out += alphabet[n >> 18 & 63];
    out += alphabet[n >> 12 & 63];
    out += alphabet[n >> 6 & 63];
    if (pad) out += '=';
  }
  return out;
}

Base64Error Error(size_t offset, std::string message) {
  return Base64Error{offset, std::move(message)};
}

}  // namespace

Result<std::string, Base64Error> DecodeBase64(std::string_view text) {
  // Split off the padding: at most two "=" at the very end.
  size_t data_length = text.size();
  while (data_length > 0 && text[data_length - 1] == '=' && text.size() - data_length < 2) {
    --data_length;
  }
  // Characters first, so the offset names the first offending one.
  Alphabet alphabet = Alphabet::kUnknown;
  for (size_t i = 0; i < data_length; ++i) {
    const char c = text[i];
    if (kTable[static_cast<uint8_t>(c)] == kInvalid) {
      return Error(i, c == '=' ? "padding in the middle of the text"
                               : "character is not in the base64 alphabet");
    }
    if (c == '+' || c == '/' || c == '-' || c == '_') {
      const Alphabet used = (c == '+' || c == '/') ? Alphabet::kStandard : Alphabet::kUrlSafe;
      if (alphabet != Alphabet::kUnknown && alphabet != used) {
        return Error(i, "standard and URL-safe alphabets are mixed");
      }
      alphabet = used;
    }
  }
  const size_t padding = text.size() - data_length;
  if (padding > 0 && text.size() % 4 != 0) {
    return Error(text.size(), "padding must fill the last group of 4 characters");
  }
  if (padding > 0 && data_length % 4 == 0) {
    return Error(data_length, "padding after a complete group of 4 characters");
  }
  if (data_length % 4 == 1) {
    return Error(data_length, "length leaves a single character in the last group");
  }

  std::string out;
  out.reserve(data_length / 4 * 3 + 2);
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < data_length; ++i) {
    buffer = buffer << 6 | kTable[static_cast<uint8_t>(text[i])];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(buffer >> bits & 0xFF);
    }
  }
  // 2 or 4 bits left over from the last character must be zero.
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) {
    return Error(data_length - 1, "unused bits of the last character are not zero");
  }
  return out;
}

std::string EncodeBase64(std::string_view bytes) {
  return Encode(bytes, kStandard, true);
}

std::string EncodeBase64Url(std::string_view bytes) {
  return Encode(bytes, kUrlSafe, false);
}

}  // namespace gridlaw
