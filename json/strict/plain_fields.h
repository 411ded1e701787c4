#pragma once
// Strict JSON intake without the tree, for readers that need a few fields of
// a document and must still refuse it exactly as ParseStrictJson would: the
// ledger's ingest reads an envelope's three members and a claims payload's
// header, and builds no nlohmann tree for either.
//
// ReadPlainFields runs the plain-subset scanner (strict/plain_scanner.h)
// with every rule StrictDomBuilder applies to that subset: the document
// size, string and member-name lengths, nesting depth, duplicate member
// names, and numbers only as integers of at most 18 digits (what the plain
// reader hands to the builder; anything else it leaves to nlohmann). Each
// value is shown to the visitor with its path. The result is true only when
// the document is plain, ParseStrictJson would accept it through its plain
// path (so it accepts it, with the tree the visitor was shown), and the
// visitor accepted every value. Otherwise the caller knows nothing more
// than before and reads the document the ordinary way, which decides the
// refusal and its message: a false here is never itself a refusal.
//
// The visitor provides
//   bool Value(std::span<const PlainStep> path, PlainKind kind, std::string_view text);
// called once per value, containers when they open; `text` is a string's
// contents (plain strings have no escapes, so these are its bytes) or a
// number's text, empty otherwise. The views point into the document.
//
// fuzz/json_fuzzer.cpp checks, for every input it is given, that what this
// reader accepts ParseStrictJson accepts, with the same strings at the same
// paths.

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "strict/plain_scanner.h"
#include "strict/strict_json.h"

namespace gridlaw::json_detail {

enum class PlainKind { kObject, kArray, kString, kNumber, kLiteral };

// One level of a value's path: a member name in an object, an index in an array.
struct PlainStep {
  bool in_array = false;
  std::string_view key;  // objects
  size_t index = 0;      // arrays
};

// Objects with more members than this are left to the ordinary reader: the
// duplicate check here compares names pairwise, which must stay cheap on
// hostile input. Envelopes and claims headers have a handful.
inline constexpr size_t kMaxPlainFieldMembers = 64;

template <class Visitor>
class PlainFieldChecker {
 public:
  PlainFieldChecker(const JsonLimits& limits, Visitor& visitor)
      : limits_(limits), visitor_(visitor) {}

  bool Key(std::string_view name) {
    if (name.size() > limits_.max_string_bytes) return false;
    size_t& members = members_.back();
    if (members == kMaxPlainFieldMembers) return false;
    for (size_t i = names_.size() - members; i < names_.size(); ++i) {
      if (names_[i] == name) return false;
    }
    names_.push_back(name);
    ++members;
    path_.back().key = name;
    return true;
  }
  bool String(std::string_view text) {
    return text.size() <= limits_.max_string_bytes && Scalar(PlainKind::kString, text);
  }
  // As the plain reader: integers of up to 18 digits, nothing else.
  bool Number(bool, std::string_view digits, bool integer) {
    return integer && digits.size() <= 18 && Scalar(PlainKind::kNumber, digits);
  }
  bool Boolean(bool) { return Scalar(PlainKind::kLiteral, {}); }
  bool Null() { return Scalar(PlainKind::kLiteral, {}); }
  bool StartObject() { return Start(PlainKind::kObject); }
  bool StartArray() { return Start(PlainKind::kArray); }
  bool EndObject() {
    names_.resize(names_.size() - members_.back());
    return End();
  }
  bool EndArray() { return End(); }
  void Consumed(size_t) {}

 private:
  bool Scalar(PlainKind kind, std::string_view text) {
    if (!visitor_.Value(std::span<const PlainStep>(path_), kind, text)) return false;
    Next();
    return true;
  }
  bool Start(PlainKind kind) {
    // StrictDomBuilder: the container about to open would be one too deep.
    if (members_.size() + 1 > limits_.max_depth) return false;
    if (!visitor_.Value(std::span<const PlainStep>(path_), kind, {})) return false;
    members_.push_back(0);
    path_.push_back(PlainStep{.in_array = kind == PlainKind::kArray, .key = {}, .index = 0});
    return true;
  }
  bool End() {
    members_.pop_back();
    path_.pop_back();
    Next();
    return true;
  }
  // After a value: the next element of an enclosing array.
  void Next() {
    if (!path_.empty() && path_.back().in_array) ++path_.back().index;
  }

  const JsonLimits& limits_;
  Visitor& visitor_;
  // By open container: its member names so far (the last ones of names_).
  std::vector<size_t> members_;
  std::vector<PlainStep> path_;
  std::vector<std::string_view> names_;  // member names of the open objects, outermost first
};

template <class Visitor>
bool ReadPlainFields(std::string_view bytes, const JsonLimits& limits, Visitor& visitor) {
  if (bytes.size() > limits.max_bytes) return false;
  PlainFieldChecker<Visitor> checker(limits, visitor);
  return PlainScanner<PlainFieldChecker<Visitor>>(bytes, checker).Document();
}

}  // namespace gridlaw::json_detail
