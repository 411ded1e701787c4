#pragma once
// Semantic versions (SPEC §2.7) and the version constraints of `extends` and
// `import` (SPEC §4.6): `>= 1.0`, `^1.2.0`, `~1.2`, `== 2.0.0`, a bare
// version (exactly that version) or none (any version).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridlaw::modules {

struct Version {
  uint64_t major = 0, minor = 0, patch = 0;
  std::string pre;  // pre-release without the '-', empty for a release
  // How many of the three numbers were written: `1.2` in a constraint is 2.
  int parts = 3;

  std::string ToString() const;
};

// Semantic-version precedence: numbers first, a pre-release below its
// release, pre-release identifiers compared numerically when both are digits.
int Compare(const Version& a, const Version& b);

// `1.2.0`, `2.1.0-rc.1`; with `allow_partial`, `1` and `1.2` too (missing
// numbers are 0). nullopt when malformed.
std::optional<Version> ParseVersion(std::string_view text, bool allow_partial = false);

struct Constraint {
  enum class Op { kAny, kExact, kGe, kGt, kLe, kLt, kCaret, kTilde };
  Op op = Op::kAny;
  Version version;
  std::string text;  // as written, "" for kAny
};

// The constraint text as the AST keeps it (">= 1.0", "^1.2.0", "1.0.0", "").
std::optional<Constraint> ParseConstraint(std::string_view text);

// Whether `v` satisfies `c`. A pre-release version satisfies only a
// constraint whose own version is a pre-release of the same MAJOR.MINOR.PATCH,
// so `^1.0` never selects `1.1.0-rc.1` by accident.
bool Satisfies(const Version& v, const Constraint& c);

}  // namespace gridlaw::modules
