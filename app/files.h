#pragma once
// Reading and replacing files for the commands.

#include <optional>
#include <string>
#include <vector>

namespace gridlaw::app {

// The whole file, or nullopt with `error` set ("cannot open …: No such file").
// Refuses files larger than `max_bytes` without reading them.
std::optional<std::string> ReadFile(const std::string& path, size_t max_bytes, std::string* error);

// Each path as given, or for a directory the *.json files directly in it,
// sorted; empty with `error` set when a path does not exist.
std::vector<std::string> ExpandJsonFiles(const std::vector<std::string>& paths, std::string* error);

// Replaces `path` atomically (write a sibling temporary, fsync, rename).
bool ReplaceFile(const std::string& path, const std::string& content, std::string* error);

}  // namespace gridlaw::app
