#pragma once
// UTF-8 validation of raw bytes (RFC 3629): no overlong forms, no encoded
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequence.

#include <cstddef>
#include <optional>
#include <string_view>

namespace gridlaw {

// The byte offset of the first byte that starts an invalid sequence, or
// nullopt when all of `bytes` is well-formed UTF-8.
std::optional<size_t> FindInvalidUtf8(std::string_view bytes);

}  // namespace gridlaw
