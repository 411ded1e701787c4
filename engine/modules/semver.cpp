#include "modules/semver.h"

#include <charconv>

namespace gridlaw::modules {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<uint64_t> Number(std::string_view s) {
  if (!AllDigits(s) || s.size() > 18) return std::nullopt;
  uint64_t value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  return value;
}

// Pre-release precedence: dot-separated identifiers left to right; numeric
// ones compare as numbers and sort below alphanumeric ones; a shorter list
// that is a prefix of a longer one sorts first.
int ComparePre(std::string_view a, std::string_view b) {
  while (true) {
    const size_t da = a.find('.'), db = b.find('.');
    const std::string_view ia = a.substr(0, da), ib = b.substr(0, db);
    const bool na = AllDigits(ia), nb = AllDigits(ib);
    int c = 0;
    if (na && nb) {
      c = ia.size() != ib.size() ? (ia.size() < ib.size() ? -1 : 1) : ia.compare(ib);
    } else if (na != nb) {
      c = na ? -1 : 1;
    } else {
      c = ia.compare(ib);
    }
    if (c != 0) return c < 0 ? -1 : 1;
    if (da == std::string_view::npos || db == std::string_view::npos) {
      if (da == db) return 0;
      return da == std::string_view::npos ? -1 : 1;
    }
    a.remove_prefix(da + 1);
    b.remove_prefix(db + 1);
  }
}

}  // namespace

std::string Version::ToString() const {
  std::string out =
      std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  if (!pre.empty()) out += "-" + pre;
  return out;
}

int Compare(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.pre.empty() || b.pre.empty()) {
    if (a.pre.empty() && b.pre.empty()) return 0;
    return a.pre.empty() ? 1 : -1;
  }
  return ComparePre(a.pre, b.pre);
}

std::optional<Version> ParseVersion(std::string_view text, bool allow_partial) {
  Version v;
  const size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    v.pre = std::string(text.substr(dash + 1));
    text = text.substr(0, dash);
    if (v.pre.empty()) return std::nullopt;
    for (std::string_view rest = v.pre;;) {
      const size_t dot = rest.find('.');
      if (rest.substr(0, dot).empty()) return std::nullopt;
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
  }
  uint64_t* numbers[] = {&v.major, &v.minor, &v.patch};
  int count = 0;
  while (true) {
    if (count == 3) return std::nullopt;
    const size_t dot = text.find('.');
    auto n = Number(text.substr(0, dot));
    if (!n) return std::nullopt;
    *numbers[count++] = *n;
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  if (count < 3 && (!allow_partial || !v.pre.empty())) return std::nullopt;
  v.parts = count;
  return v;
}

std::optional<Constraint> ParseConstraint(std::string_view text) {
  Constraint c;
  c.text = std::string(text);
  if (text.empty()) return c;
  static constexpr std::pair<std::string_view, Constraint::Op> kOps[] = {
      {">=", Constraint::Op::kGe},  {"<=", Constraint::Op::kLe}, {"==", Constraint::Op::kExact},
      {">", Constraint::Op::kGt},   {"<", Constraint::Op::kLt},  {"^", Constraint::Op::kCaret},
      {"~", Constraint::Op::kTilde}};
  c.op = Constraint::Op::kExact;
  for (const auto& [spelling, op] : kOps) {
    if (text.substr(0, spelling.size()) == spelling) {
      c.op = op;
      text.remove_prefix(spelling.size());
      break;
    }
  }
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  auto v = ParseVersion(text, /*allow_partial=*/true);
  if (!v) return std::nullopt;
  c.version = *v;
  return c;
}

bool Satisfies(const Version& v, const Constraint& c) {
  if (c.op == Constraint::Op::kAny) return v.pre.empty();
  const Version& w = c.version;
  if (!v.pre.empty() &&
      (w.pre.empty() || v.major != w.major || v.minor != w.minor || v.patch != w.patch)) {
    return false;
  }
  const int cmp = Compare(v, w);
  switch (c.op) {
    case Constraint::Op::kAny:
      return true;
    case Constraint::Op::kExact:
      return cmp == 0;
    case Constraint::Op::kGe:
      return cmp >= 0;
    case Constraint::Op::kGt:
      return cmp > 0;
    case Constraint::Op::kLe:
      return cmp <= 0;
    case Constraint::Op::kLt:
      return cmp < 0;
    case Constraint::Op::kCaret: {
      // The leftmost non-zero number of the constraint may not change.
      if (cmp < 0) return false;
      if (w.major != 0 || w.parts == 1) return v.major == w.major;
      if (w.minor != 0 || w.parts == 2) return v.major == 0 && v.minor == w.minor;
      return v.major == 0 && v.minor == 0 && v.patch == w.patch;
    }
    case Constraint::Op::kTilde:
      // Patch updates; `~1` allows minor updates as well.
      if (cmp < 0) return false;
      if (w.parts == 1) return v.major == w.major;
      return v.major == w.major && v.minor == w.minor;
  }
  return false;
}

}  // namespace gridlaw::modules
