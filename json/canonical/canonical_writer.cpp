#include "canonical/canonical_writer.h"

#include <fmt/format.h>

#include <stdexcept>

#include "utf8/utf8.h"

namespace gridlaw {

void AppendJsonString(std::string_view text, std::string* out) {
  if (const auto bad = FindInvalidUtf8(text)) {
    throw std::invalid_argument(
        fmt::format("invalid UTF-8 byte at index {}: 0x{:02X}", *bad,
                    static_cast<unsigned>(static_cast<unsigned char>(text[*bad]))));
  }
  out->push_back('"');
  size_t run = 0;  // start of the bytes copied as they are
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        fmt::format_to(std::back_inserter(*out), "\\u{:04x}", c);
    }
  }
  out->append(text.data() + run, text.size() - run);
  out->push_back('"');
}

void CanonicalJsonWriter::BeforeValue() {
  if (open_.empty()) {
    if (wrote_value_) throw std::logic_error("canonical JSON: a second top-level value");
    wrote_value_ = true;
    return;
  }
  Open& top = open_.back();
  if (top.object) {
    if (!top.name_pending) throw std::logic_error("canonical JSON: a member value without a name");
    top.name_pending = false;
    return;
  }
  if (!top.empty) out_.push_back(',');
  top.empty = false;
}

void CanonicalJsonWriter::Name(std::string_view name) {
  if (open_.empty() || !open_.back().object || open_.back().name_pending) {
    throw std::logic_error("canonical JSON: a name outside an object, or two names in a row");
  }
  Open& top = open_.back();
  if (!top.empty && !(top.last_name < name)) {
    throw std::logic_error(
        fmt::format("canonical JSON: member \"{}\" after \"{}\"", name, top.last_name));
  }
  if (!top.empty) out_.push_back(',');
  top.empty = false;
  top.name_pending = true;
  top.last_name.assign(name);
  AppendJsonString(name, &out_);
  out_.push_back(':');
}

void CanonicalJsonWriter::BeginObject() {
  BeforeValue();
  out_.push_back('{');
  open_.push_back(Open{.object = true, .empty = true, .name_pending = false, .last_name = {}});
}

void CanonicalJsonWriter::EndObject() {
  if (open_.empty() || !open_.back().object || open_.back().name_pending) {
    throw std::logic_error("canonical JSON: EndObject without an open object, or a name unset");
  }
  open_.pop_back();
  out_.push_back('}');
}

void CanonicalJsonWriter::BeginArray() {
  BeforeValue();
  out_.push_back('[');
  open_.push_back(Open{.object = false, .empty = true, .name_pending = false, .last_name = {}});
}

void CanonicalJsonWriter::EndArray() {
  if (open_.empty() || open_.back().object) {
    throw std::logic_error("canonical JSON: EndArray without an open array");
  }
  open_.pop_back();
  out_.push_back(']');
}

void CanonicalJsonWriter::String(std::string_view text) {
  BeforeValue();
  AppendJsonString(text, &out_);
}

void CanonicalJsonWriter::Integer(int64_t value) {
  BeforeValue();
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void CanonicalJsonWriter::Unsigned(uint64_t value) {
  BeforeValue();
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void CanonicalJsonWriter::Bool(bool value) {
  BeforeValue();
  out_.append(value ? "true" : "false");
}

void CanonicalJsonWriter::Null() {
  BeforeValue();
  out_.append("null");
}

void CanonicalJsonWriter::StringArray(const std::vector<std::string>& items) {
  BeginArray();
  for (const std::string& item : items)
    String(item);
  EndArray();
}

}  // namespace gridlaw
