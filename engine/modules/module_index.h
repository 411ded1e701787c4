#pragma once
// The policy path: directories whose `*.policy` files are modules, found by
// the id and version in their headers (SPEC §4.6). Several versions of one
// module coexist as separate files (any file names); the index holds them
// all, and the linker picks one per requirement.

#include <map>
#include <string>
#include <vector>

#include "modules/semver.h"

namespace gridlaw::modules {

struct ModuleFile {
  std::string id;    // "global.baseline"
  Version version;   // 1.0.0
  std::string path;  // as found: DIR/NAME.policy (DIR as given)
  std::string text;  // the file's bytes
};

class ModuleIndex {
 public:
  // Reads every `*.policy` file directly in each directory, in the order
  // given and by file name within one. Unreadable directories and files whose
  // header does not parse are skipped: they cannot be required by id.
  static ModuleIndex Scan(const std::vector<std::string>& directories);

  // Every version of `id` found, highest first; empty when none.
  std::vector<const ModuleFile*> Versions(const std::string& id) const;
  // Every module id found, for "did you mean".
  std::vector<std::string> Ids() const;
  // Another file with the same id and version as `file`, when there is one.
  const ModuleFile* DuplicateOf(const ModuleFile& file) const;

  void Add(ModuleFile file);
  const std::vector<std::string>& directories() const { return directories_; }

 private:
  std::vector<std::string> directories_;
  std::vector<ModuleFile> files_;  // in scan order
  std::map<std::string, std::vector<size_t>> by_id_;
};

// A policy path option split into directories: repeated values, each of
// which may hold several directories joined by ':'. Empty parts are dropped.
std::vector<std::string> SplitPolicyPath(const std::vector<std::string>& values);

}  // namespace gridlaw::modules
