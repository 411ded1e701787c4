#pragma once
// Reading and replacing files for the commands.

#include <optional>
#include <string>
#include <vector>

#include "files/read_file.h"  // ReadFile, for every command

namespace gridlaw::app {

// Each path as given, or for a directory the *.json files directly in it,
// sorted; empty with `error` set when a path does not exist.
std::vector<std::string> ExpandJsonFiles(const std::vector<std::string>& paths, std::string* error);

// Replaces `path` atomically (write a sibling temporary, fsync, rename).
bool ReplaceFile(const std::string& path, const std::string& content, std::string* error);

}  // namespace gridlaw::app
