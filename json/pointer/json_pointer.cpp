#include "pointer/json_pointer.h"

namespace gridlaw {

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string AppendPointer(std::string_view parent, std::string_view token) {
  std::string out(parent);
  out += '/';
  out += EscapePointerToken(token);
  return out;
}

}  // namespace gridlaw
