#pragma once
// RFC 6901 JSON pointers, built while reading a document.

#include <string>
#include <string_view>

namespace gridlaw {

// One reference token escaped for a pointer: "~" → "~0", "/" → "~1".
std::string EscapePointerToken(std::string_view token);

// `parent` + "/" + escaped `token`: "/a" and "b/c" give "/a/b~1c".
std::string AppendPointer(std::string_view parent, std::string_view token);

}  // namespace gridlaw
