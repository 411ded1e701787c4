#include "modules/module_index.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "diag/diagnostic.h"
#include "files/read_file.h"
#include "parse/parser.h"

namespace gridlaw::modules {
namespace fs = std::filesystem;

ModuleIndex ModuleIndex::Scan(const std::vector<std::string>& directories) {
  ModuleIndex index;
  index.directories_ = directories;
  const ParseLimits limits;
  for (const std::string& dir : directories) {
    std::error_code ec;
    std::vector<fs::path> paths;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".policy" && it->is_regular_file(ec)) {
        paths.push_back(it->path().filename());
      }
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& name : paths) {
      const std::string path = (fs::path(dir) / name).generic_string();
      std::string unreadable;  // such a file is no module; naming one reports it
      std::optional<std::string> read = ReadFile(path, limits.max_source_bytes, &unreadable);
      if (!read) continue;
      std::string text = std::move(*read);
      // Only the header matters here; errors in the rest are reported when
      // the module is used.
      SourceFile source(path, text);
      Diagnostics ignored;
      auto policy = ParsePolicy(source, ignored, limits);
      if (!policy) continue;
      auto version = ParseVersion(policy->header.version);
      if (!version) continue;
      index.Add({policy->header.id.text, *version, path, std::move(text)});
    }
  }
  return index;
}

void ModuleIndex::Add(ModuleFile file) {
  by_id_[file.id].push_back(files_.size());
  files_.push_back(std::move(file));
}

std::vector<const ModuleFile*> ModuleIndex::Versions(const std::string& id) const {
  std::vector<const ModuleFile*> out;
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return out;
  for (size_t i : it->second)
    out.push_back(&files_[i]);
  // Highest first; among equal versions the first found stays first.
  std::stable_sort(out.begin(), out.end(), [](const ModuleFile* a, const ModuleFile* b) {
    return Compare(a->version, b->version) > 0;
  });
  return out;
}

std::vector<std::string> ModuleIndex::Ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, files] : by_id_)
    ids.push_back(id);
  return ids;
}

const ModuleFile* ModuleIndex::DuplicateOf(const ModuleFile& file) const {
  for (const ModuleFile* other : Versions(file.id)) {
    if (other != &file && Compare(other->version, file.version) == 0 &&
        other->version.pre == file.version.pre) {
      return other;
    }
  }
  return nullptr;
}

std::vector<std::string> SplitPolicyPath(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& value : values) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t colon = value.find(':', start);
      if (colon == std::string::npos) colon = value.size();
      if (colon > start) out.push_back(value.substr(start, colon - start));
      start = colon + 1;
    }
  }
  return out;
}

}  // namespace gridlaw::modules
