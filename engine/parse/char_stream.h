#pragma once
// The character stream the lexer reads a policy from. Internal to engine/parse.

#include <string_view>

#include "antlr4-runtime.h"

namespace gridlaw::parse {

// An ANTLRInputStream over text that is already known to be valid UTF-8
// (ParsePolicy checks it first). ANTLRInputStream's own constructor converts
// through a generic UTF-8 decoder after zero-filling the whole buffer; this
// decodes directly into it, with the same code points.
class PolicyCharStream : public antlr4::ANTLRInputStream {
 public:
  explicit PolicyCharStream(std::string_view utf8) {
    // At most one code point a byte; written through a pointer, then trimmed
    // (push_back per character costs more than the decoding).
    _data.resize(utf8.size());
    char32_t* out = _data.data();
    for (size_t i = 0; i < utf8.size();) {
      const auto lead = static_cast<unsigned char>(utf8[i]);
      if (lead < 0x80) {
        *out++ = lead;
        ++i;
        continue;
      }
      // 110xxxxx, 1110xxxx or 11110xxx, then 10xxxxxx bytes.
      const size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
      char32_t cp = lead & (0x7F >> length);
      for (size_t k = 1; k < length; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
      }
      *out++ = cp;
      i += length;
    }
    _data.resize(static_cast<size_t>(out - _data.data()));
    p = 0;
  }
};

}  // namespace gridlaw::parse
