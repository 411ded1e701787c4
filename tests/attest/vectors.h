#pragma once
// Public test vectors from ../shared/vectors beside the repository (the CI
// checkout has shared/ next to it). Missing vectors fail the test that needs
// them: they are never skipped.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "strict/strict_json.h"
#include "test_files.h"

namespace gridlaw::testing {

inline std::filesystem::path SharedVectorsDir() {
  return std::filesystem::path(GRIDLAW_SOURCE_DIR).parent_path() / "shared" / "vectors";
}

// The vector file, read through strict JSON intake; nullopt (with a test
// failure saying where it was looked for) when it cannot be read.
inline std::optional<nlohmann::json> LoadVectors(const std::string& relative) {
  const std::filesystem::path path = SharedVectorsDir() / relative;
  if (!std::filesystem::is_regular_file(path)) {
    ADD_FAILURE() << "test vectors missing: " << path
                  << " (check out the shared/ folder beside the repository)";
    return std::nullopt;
  }
  JsonLimits limits;
  limits.max_bytes = size_t{16} << 20;
  JsonResult parsed = ParseStrictJson(ReadFileOrEmpty(path), limits);
  if (!parsed.ok()) {
    ADD_FAILURE() << path << " does not parse: " << Describe(parsed.error());
    return std::nullopt;
  }
  return std::move(parsed).value();
}

inline std::string FromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

}  // namespace gridlaw::testing
