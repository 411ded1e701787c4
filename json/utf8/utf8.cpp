#include "utf8/utf8.h"

#include <cstdint>

namespace gridlaw {

std::optional<size_t> FindInvalidUtf8(std::string_view bytes) {
  const size_t n = bytes.size();
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<uint8_t>(bytes[k]); };
  auto continuation = [&](size_t k, uint8_t lo = 0x80, uint8_t hi = 0xBF) {
    return k < n && byte(k) >= lo && byte(k) <= hi;
  };
  while (i < n) {
    const uint8_t b = byte(i);
    if (b < 0x80) {
      ++i;
      continue;
    }
    // Table 3-7 of the Unicode Standard: the second byte's range depends on
    // the first, which is what excludes overlong forms, surrogates and
    // code points above U+10FFFF.
    if (b >= 0xC2 && b <= 0xDF) {
      if (!continuation(i + 1)) return i;
      i += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      const uint8_t lo = b == 0xE0 ? 0xA0 : 0x80;
      const uint8_t hi = b == 0xED ? 0x9F : 0xBF;
      if (!continuation(i + 1, lo, hi) || !continuation(i + 2)) return i;
      i += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      const uint8_t lo = b == 0xF0 ? 0x90 : 0x80;
      const uint8_t hi = b == 0xF4 ? 0x8F : 0xBF;
      if (!continuation(i + 1, lo, hi) || !continuation(i + 2) || !continuation(i + 3)) return i;
      i += 4;
    } else {
      return i;  // 0x80..0xC1 (stray continuation or overlong lead), 0xF5..0xFF
    }
  }
  return std::nullopt;
}

}  // namespace gridlaw
