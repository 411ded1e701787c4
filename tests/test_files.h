#pragma once
// Test data access: files under the source tree, read whole.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace gridlaw::testing {

inline std::filesystem::path SourceDir() {
  return GRIDLAW_SOURCE_DIR;
}

inline std::string ReadFileOrEmpty(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

inline void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

// Files with this extension directly in `dir` (relative to the source tree), sorted.
inline std::vector<std::filesystem::path> FilesIn(const std::string& dir, const std::string& ext) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() / dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ext) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// GRIDLAW_UPDATE_GOLDEN=1 rewrites expected files instead of comparing.
inline bool UpdatingGolden() {
  const char* value = std::getenv("GRIDLAW_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

// A test name from a file stem: letters, digits and underscores only.
inline std::string TestNameOf(const std::filesystem::path& path) {
  std::string name = path.stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// A fresh, empty directory for one test, removed with everything in it.
// Its name holds `purpose`, the process and a counter, so that tests run in
// parallel (ctest -j) or one after another never share one.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& purpose) {
    static std::atomic<int> counter{0};
    path_ =
        std::filesystem::temp_directory_path() /
        ("gridlaw-" + purpose + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace gridlaw::testing
