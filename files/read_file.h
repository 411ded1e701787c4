#pragma once
// Reading a whole file that may be hostile: bounded by what is actually read,
// not by what the file says its size is.

#include <cstddef>
#include <optional>
#include <string>

namespace gridlaw {

// The whole file, or nullopt with `error` set to a message that names the
// path ("cannot open x.json: No such file or directory"). Refuses anything
// but a regular file, a file whose size is over `max_bytes` without reading
// it, and stops reading as soon as more than `max_bytes` arrived: a file
// that grows, or one whose size is not its length (/proc reports 0 bytes).
std::optional<std::string> ReadFile(const std::string& path, size_t max_bytes, std::string* error);

}  // namespace gridlaw
