#pragma once
// Canonical JSON written straight into a string: object members in
// increasing byte order of their names, no insignificant whitespace, strings
// escaped as nlohmann::json's dump() escapes them (only `"`, `\` and control
// characters; those without a short form as \u00xx), integers in decimal.
// The bytes are those of building an nlohmann::json tree and dumping it,
// without the tree: a report of a million verdicts is written in one pass
// and in the memory of its own text.
//
// The caller gives members in canonical order; a name out of order, a value
// where a name is due or an unbalanced End throws std::logic_error (a bug of
// the caller's, never of the data's). Text that is not UTF-8 throws
// std::invalid_argument, as dump() throws.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gridlaw {

class CanonicalJsonWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit CanonicalJsonWriter(std::string* out) : out_(*out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // The next member's name; must sort after the previous member's.
  void Name(std::string_view name);

  void String(std::string_view text);
  void Integer(int64_t value);
  void Unsigned(uint64_t value);
  void Bool(bool value);
  void Null();
  void StringArray(const std::vector<std::string>& items);

  // A member in one call: Name, then the value.
  void Member(std::string_view name, std::string_view text) {
    Name(name);
    String(text);
  }
  void Member(std::string_view name, const char* text) { Member(name, std::string_view(text)); }
  void Member(std::string_view name, const std::string& text) {
    Member(name, std::string_view(text));
  }
  void Member(std::string_view name, uint64_t value) {
    Name(name);
    Unsigned(value);
  }
  void Member(std::string_view name, bool value) {
    Name(name);
    Bool(value);
  }
  void Member(std::string_view name, const std::vector<std::string>& items) {
    Name(name);
    StringArray(items);
  }

  // True when every container begun has ended.
  bool complete() const { return open_.empty() && wrote_value_; }

 private:
  struct Open {
    bool object = false;
    bool empty = true;          // no member or element yet
    bool name_pending = false;  // an object's name was given, its value is due
    std::string last_name;
  };
  void BeforeValue();

  std::string& out_;
  std::vector<Open> open_;
  bool wrote_value_ = false;  // the top-level value was begun
};

// `text` as a JSON string, quotes included, appended to `out`.
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace gridlaw
