#include "base64/base64.h"

#include <array>
#include <cstdint>
#include <optional>

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

// Which alphabet a character belongs to only: 1 for "+/", 2 for "-_", 0
// for the characters both share (and for those in neither).
constexpr std::array<uint8_t, 256> MakeFamilies() {
  std::array<uint8_t, 256> families{};
  families['+'] = families['/'] = 1;
  families['-'] = families['_'] = 2;
  return families;
}
constexpr std::array<uint8_t, 256> kFamilies = MakeFamilies();

// The first character that is not base64, or where the alphabets are
// mixed, as an error; nullopt when there is none.
std::optional<Base64Error> FirstBadCharacter(std::string_view text, size_t data_length) {
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
  return std::nullopt;
}

}  // namespace

Result<std::string, Base64Error> DecodeBase64(std::string_view text) {
  // Split off the padding: at most two "=" at the very end.
  size_t data_length = text.size();
  while (data_length > 0 && text[data_length - 1] == '=' && text.size() - data_length < 2) {
    --data_length;
  }
  // One pass decodes whole groups of 4 and notes, without branching, whether
  // any character is not base64 (kInvalid has the top bit) or both
  // alphabets occur; only then does FirstBadCharacter find which, so errors
  // are reported as a character-by-character check would.
  const auto at = [&](size_t i) { return kTable[static_cast<uint8_t>(text[i])]; };
  const size_t whole = data_length / 4 * 4;
  std::string out(whole / 4 * 3, '\0');
  uint32_t values = 0;
  uint32_t families = 0;
  char* o = out.data();
  for (size_t i = 0; i < whole; i += 4) {
    const uint32_t a = at(i), b = at(i + 1), c = at(i + 2), d = at(i + 3);
    values |= a | b | c | d;
    families |=
        kFamilies[static_cast<uint8_t>(text[i])] | kFamilies[static_cast<uint8_t>(text[i + 1])] |
        kFamilies[static_cast<uint8_t>(text[i + 2])] | kFamilies[static_cast<uint8_t>(text[i + 3])];
    const uint32_t n = a << 18 | b << 12 | c << 6 | d;
    *o++ = static_cast<char>(n >> 16 & 0xFF);
    *o++ = static_cast<char>(n >> 8 & 0xFF);
    *o++ = static_cast<char>(n & 0xFF);
  }
  for (size_t i = whole; i < data_length; ++i) {
    values |= at(i);
    families |= kFamilies[static_cast<uint8_t>(text[i])];
  }
  if ((values & 0x80) != 0 || families == 3) {
    if (auto error = FirstBadCharacter(text, data_length)) return *error;
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
  // The last 2 or 3 characters give 1 or 2 bytes; the 4 or 2 bits left over
  // from the last character must be zero.
  const size_t rest = data_length - whole;
  if (rest >= 2) {
    uint32_t n = uint32_t{at(whole)} << 18 | uint32_t{at(whole + 1)} << 12;
    if (rest == 3) n |= uint32_t{at(whole + 2)} << 6;
    const uint32_t unused = rest == 2 ? (n >> 12 & 0xF) : (n >> 6 & 0x3);
    if (unused != 0)
      return Error(data_length - 1, "unused bits of the last character are not zero");
    out += static_cast<char>(n >> 16 & 0xFF);
    if (rest == 3) out += static_cast<char>(n >> 8 & 0xFF);
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
