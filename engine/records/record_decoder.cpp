#include "records/record_decoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <vector>

#include "strict/plain_scanner.h"
#include "time/civil_time.h"
#include "units/unit.h"

namespace gridlaw {
namespace {

// A FieldSpec prepared for decoding: the unit's factor resolved once.
struct Slot {
  const FieldSpec* spec = nullptr;
  Rational factor = Rational::FromInt(1);  // quantities: base value = JSON number × factor
  // The factor as whole_factor / 10^factor_scale when it has that form
  // (kWh: 3600000/10^0, ms: 1/10^3), else whole_factor 0.
  int64_t whole_factor = 0;
  int factor_scale = 0;
  std::vector<Slot> fields;  // records
};

// The digits and scale of a plain decimal ("8075267", "1.4395") of at most
// 18 digits, without exponent: its value is mantissa / 10^scale. Nullopt for
// any other text, which FromDecimal reads.
struct ShortDecimal {
  int64_t mantissa = 0;
  int scale = 0;
};
std::optional<ShortDecimal> ReadShortDecimal(std::string_view digits) {
  ShortDecimal out;
  int count = 0;
  bool fraction = false;
  for (const char c : digits) {
    if (c >= '0' && c <= '9') {
      if (++count > 18) return std::nullopt;
      out.mantissa = out.mantissa * 10 + (c - '0');
      if (fraction) ++out.scale;
    } else if (c == '.' && !fraction) {
      fraction = true;
    } else {
      return std::nullopt;
    }
  }
  if (count == 0 || (fraction && out.scale == 0)) return std::nullopt;
  return out;
}

Slot Prepare(const FieldSpec& spec) {
  Slot slot;
  slot.spec = &spec;
  if (spec.kind == FieldKind::kQuantity && spec.unit != "1") {
    const UnitParseResult unit = ParseUnit(spec.unit);
    if (!unit.unit) throw std::logic_error("schema names an unknown unit: " + spec.unit);
    slot.factor = unit.unit->factor;
  }
  Rational::Int den = slot.factor.den();
  int scale = 0;
  for (; den % 10 == 0 && scale < 18; den /= 10)
    ++scale;
  if (den == 1 && slot.factor.num() > 0 && slot.factor.num() <= INT64_MAX) {
    slot.whole_factor = static_cast<int64_t>(slot.factor.num());
    slot.factor_scale = scale;
  }
  for (const FieldSpec& f : spec.fields) {
    // Key() tries the field after the last one read before searching, which
    // finds the same field only when names are unique.
    for (const Slot& earlier : slot.fields) {
      if (earlier.spec->name == f.name) throw std::logic_error("schema repeats field " + f.name);
    }
    slot.fields.push_back(Prepare(f));
  }
  return slot;
}

size_t IndexOf(const FieldSpec& root, const std::string& name) {
  for (size_t i = 0; i < root.fields.size(); ++i) {
    if (root.fields[i].name == name) return i;
  }
  throw std::logic_error("record-stream identity names no field: " + name);
}

// RFC 6901: '~' → "~0", '/' → "~1".
void AppendEscaped(std::string* out, std::string_view key) {
  for (char c : key) {
    if (c == '~') {
      *out += "~0";
    } else if (c == '/') {
      *out += "~1";
    } else {
      *out += c;
    }
  }
}

const char* KindName(const FieldSpec& spec, bool element) {
  if (spec.is_list && !element) return "an array";
  switch (spec.kind) {
    case FieldKind::kBool:
      return "a boolean";
    case FieldKind::kString:
      return "a string";
    case FieldKind::kQuantity:
      return "a number";
    case FieldKind::kDate:
      return "a date string \"YYYY-MM-DD\"";
    case FieldKind::kDateTime:
      return "an RFC 3339 date-time string";
    case FieldKind::kRecord:
      return "an object";
  }
  return "a value";
}

}  // namespace

// The SAX handler: nlohmann's json_sax interface (each member returns false
// to stop the parse), walking `root` as the events arrive.
struct RecordDecoder::Impl {
  struct Frame {
    const Slot* slot = nullptr;
    bool is_list = false;       // a list of slot's records/values, else a record
    std::vector<Value> values;  // record: by field index; list: the items so far
    uint64_t seen = 0;          // record: fields read (bit per index)
    int current = -1;           // record: the field whose value comes next
    size_t next = 0;            // record: the field tried first for the next key
  };

  const Schema& schema;
  Slot root;
  size_t subject_index, provider_index, period_index;
  std::vector<Frame> stack;
  size_t depth = 0;  // frames in use (stack keeps its capacity between lines)
  std::optional<Value> result;
  RecordError* error = nullptr;

  explicit Impl(const Schema& s)
      : schema(s),
        root(Prepare(s.root)),
        subject_index(IndexOf(s.root, s.stream->subject_field)),
        provider_index(IndexOf(s.root, s.stream->provider_field)),
        period_index(IndexOf(s.root, s.stream->period_start_field)) {
    if (root.fields.size() > 64) throw std::logic_error("record-stream schema has > 64 fields");
  }

  // The pointer of the value being read.
  std::string Pointer() const {
    std::string out;
    for (size_t i = 0; i < depth; ++i) {
      const Frame& f = stack[i];
      if (f.is_list) {
        out += '/';
        out += std::to_string(f.values.size());
      } else if (f.current >= 0) {
        out += '/';
        AppendEscaped(&out, f.slot->fields[static_cast<size_t>(f.current)].spec->name);
      }
    }
    return out;
  }

  bool Fail(std::string message) {
    if (error->message.empty()) {
      error->pointer = Pointer();
      error->message = std::move(message);
    }
    return false;
  }

  // The slot of the value that comes next, and whether it is one element of
  // a list (so `is_list` of its spec does not apply). Null at the top.
  const Slot* Expected(bool* element) const {
    if (depth == 0) return nullptr;
    const Frame& f = stack[depth - 1];
    *element = f.is_list;
    if (f.is_list) return f.slot;
    return &f.slot->fields[static_cast<size_t>(f.current)];
  }

  bool Deliver(Value v) {
    if (depth == 0) {
      result = std::move(v);
      return true;
    }
    Frame& f = stack[depth - 1];
    if (f.is_list) {
      f.values.push_back(std::move(v));
    } else {
      f.values[static_cast<size_t>(f.current)] = std::move(v);
      f.current = -1;
    }
    return true;
  }

  Frame& Push(const Slot* slot, bool is_list) {
    if (depth == stack.size()) stack.emplace_back();
    Frame& f = stack[depth++];
    f.slot = slot;
    f.is_list = is_list;
    f.values.clear();
    if (!is_list) f.values.resize(slot->fields.size());
    f.seen = 0;
    f.current = -1;
    f.next = 0;
    return f;
  }

  // A list's items, moved into a vector of their exact size: the frame
  // keeps its capacity for the next list (no regrowth per line).
  static std::vector<Value> TakeValues(Frame* f) {
    return std::vector<Value>(std::make_move_iterator(f->values.begin()),
                              std::make_move_iterator(f->values.end()));
  }

  // A scalar is expected here of `kind`; false (with the error) otherwise.
  const Slot* ScalarSlot(FieldKind kind, const char* found) {
    if (depth == 0) {
      Fail(fmt::format("a record is a JSON object, found {}", found));
      return nullptr;
    }
    bool element = false;
    const Slot* slot = Expected(&element);
    const FieldSpec& spec = *slot->spec;
    const bool wrong_kind = spec.kind != kind &&
                            !(kind == FieldKind::kString &&
                              (spec.kind == FieldKind::kDate || spec.kind == FieldKind::kDateTime));
    if ((spec.is_list && !element) || wrong_kind) {
      Fail(fmt::format("expected {}, found {}", KindName(spec, element), found));
      return nullptr;
    }
    return slot;
  }

  bool Quantity(std::optional<Rational> value, const char* found) {
    const Slot* slot = ScalarSlot(FieldKind::kQuantity, found);
    if (slot == nullptr) return false;
    return QuantityIn(*slot, value);
  }
  // A number's text (without its sign) in the field's unit. A short decimal
  // and a factor of the form whole/10^k, the common case, are converted in one
  // step (one reduction instead of FromDecimal's and Mul's); the value is the
  // same. FromScaledInteger refuses a combined scale beyond 18: then the
  // general path.
  bool QuantityText(bool negative, std::string_view digits) {
    const Slot* slot = ScalarSlot(FieldKind::kQuantity, "a number");
    if (slot == nullptr) return false;
    if (slot->whole_factor != 0) {
      if (const auto decimal = ReadShortDecimal(digits)) {
        const auto base =
            Rational::FromScaledInteger(negative ? -decimal->mantissa : decimal->mantissa,
                                        slot->whole_factor, decimal->scale + slot->factor_scale);
        if (base) return Deliver(Value::Quantity(*base));
      }
    }
    auto value = Rational::FromDecimal(digits);
    if (value && negative) value = value->Negate();
    return QuantityIn(*slot, value);
  }
  bool QuantityIn(const Slot& slot, const std::optional<Rational>& value) {
    if (!value) return Fail("a number beyond exact arithmetic");
    const auto base = value->Mul(slot.factor);
    if (!base) return Fail("a number beyond exact arithmetic in base units");
    return Deliver(Value::Quantity(*base));
  }

  // json_sax interface.
  bool null() { return Fail("null is not a value: leave the key out when there is no evidence"); }
  bool boolean(bool b) {
    if (ScalarSlot(FieldKind::kBool, "a boolean") == nullptr) return false;
    return Deliver(Value::Bool(b));
  }
  bool number_integer(nlohmann::json::number_integer_t v) {
    return Quantity(Rational::FromInt(v), "a number");
  }
  bool number_unsigned(nlohmann::json::number_unsigned_t v) {
    return Quantity(Rational::Make(static_cast<Rational::Int>(v), 1), "a number");
  }
  bool number_float(nlohmann::json::number_float_t, const std::string& text) {
    // The text as written, exactly: the double nlohmann made of it is not used.
    std::string_view digits = text;
    const bool negative = !digits.empty() && digits.front() == '-';
    if (negative) digits.remove_prefix(1);
    auto value = Rational::FromDecimal(digits);
    if (value && negative) value = value->Negate();
    return Quantity(value, "a number");
  }
  bool string(std::string& s) { return String(s); }
  bool String(std::string_view s) {
    const Slot* slot = ScalarSlot(FieldKind::kString, "a string");
    if (slot == nullptr) return false;
    const FieldSpec& spec = *slot->spec;
    if (spec.kind == FieldKind::kDate) {
      const auto date = ParseDate(s);
      if (!date) return Fail(fmt::format("'{}' is not a date YYYY-MM-DD", s));
      return Deliver(Value::Date(DaysFromCivil(*date)));
    }
    if (spec.kind == FieldKind::kDateTime) {
      const auto instant = ParseInstantNanos(s);
      if (!instant) return Fail(fmt::format("'{}' is not an RFC 3339 date-time", s));
      return Deliver(Value::DateTime(*instant));
    }
    if (!spec.allowed.empty() &&
        std::find(spec.allowed.begin(), spec.allowed.end(), s) == spec.allowed.end()) {
      return Fail(fmt::format("'{}' is not one of {}", s, fmt::join(spec.allowed, ", ")));
    }
    return Deliver(Value::String(std::string(s)));
  }
  bool binary(nlohmann::json::binary_t&) { return Fail("binary values are not JSON"); }
  bool start_object(size_t) {
    if (depth == 0) {
      Push(&root, false);
      return true;
    }
    bool element = false;
    const Slot* slot = Expected(&element);
    if (slot->spec->kind != FieldKind::kRecord || (slot->spec->is_list && !element)) {
      return Fail(fmt::format("expected {}, found an object", KindName(*slot->spec, element)));
    }
    Push(slot, false);
    return true;
  }
  bool key(std::string& name) { return Key(name); }
  bool Key(std::string_view name) {
    Frame& f = stack[depth - 1];
    const auto& fields = f.slot->fields;
    // Writers put the keys in schema order, so the field after the last one
    // read is tried first (names are unique: the first match is the match).
    size_t index = fields.size();
    if (f.next < fields.size() && fields[f.next].spec->name == name) {
      index = f.next;
    } else {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].spec->name == name) {
          index = i;
          break;
        }
      }
    }
    if (index == fields.size()) {
      const std::string at = Pointer();
      error->pointer = at + "/";
      AppendEscaped(&error->pointer, name);
      error->message = fmt::format("unknown field '{}' in {}", name,
                                   f.slot == &root ? schema.id : "'" + f.slot->spec->name + "'");
      return false;
    }
    f.current = static_cast<int>(index);
    f.next = index + 1;
    if ((f.seen >> index) & 1U) return Fail(fmt::format("'{}' appears twice", name));
    f.seen |= uint64_t{1} << index;
    return true;
  }
  bool end_object() {
    Frame& f = stack[depth - 1];
    for (size_t i = 0; i < f.slot->fields.size(); ++i) {
      if (f.slot->fields[i].spec->required && !((f.seen >> i) & 1U)) {
        return Fail(fmt::format("'{}' is required", f.slot->fields[i].spec->name));
      }
    }
    // The vector itself (sized by Push): no element is moved again.
    Value record = Value::Record(std::move(f.values));
    --depth;
    return Deliver(std::move(record));
  }
  bool start_array(size_t) {
    bool element = false;
    const Slot* slot = depth == 0 ? nullptr : Expected(&element);
    if (slot == nullptr || !slot->spec->is_list || element) {
      return Fail(fmt::format("expected {}, found an array",
                              slot == nullptr ? "an object" : KindName(*slot->spec, element)));
    }
    Push(slot, true);
    return true;
  }
  bool end_array() {
    Frame& f = stack[depth - 1];
    Value list = Value::List(TakeValues(&f));
    --depth;
    return Deliver(std::move(list));
  }
  bool parse_error(size_t position, const std::string& last_token,
                   const nlohmann::detail::exception&) {
    if (!error->message.empty()) return false;
    error->pointer = Pointer();
    // The excerpt is printed: bytes beyond ASCII (perhaps the invalid UTF-8
    // that stopped the parse, perhaps a character cut at 40 bytes) and
    // control characters become '?'.
    std::string near = last_token.substr(0, 40);
    for (char& c : near) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte >= 0x7F) c = '?';
    }
    error->message = fmt::format("invalid JSON at byte {} (near '{}')", position, near);
    return false;
  }
};

// The fast path. nlohmann's SAX parser copies every key and string into a
// std::string, converts every number to a double with strtod (unused: the
// text is read exactly) and checks UTF-8 byte by byte; the profile of a
// 100k-record file put more than half of decoding there. The records
// writers emit are plain JSON, which the shared plain scanner
// (json/strict/plain_scanner.h) reads straight from the line into the same
// handler calls. Whatever is outside that subset (escapes, non-ASCII bytes,
// malformed JSON) and every refusal by the handler make it give up: Decode
// then reads the line again with nlohmann, so what is accepted, and every
// error message, are nlohmann's and the handler's exactly as before.
struct RecordDecoder::FastReader {
  Impl& d;

  bool Key(std::string_view name) { return d.Key(name); }
  bool String(std::string_view text) { return d.String(text); }
  // The value is the exact one nlohmann's integer and float events give the
  // handler (which reads a float from this same text).
  bool Number(bool negative, std::string_view digits, bool) {
    return d.QuantityText(negative, digits);
  }
  bool Boolean(bool value) { return d.boolean(value); }
  // null is refused, in nlohmann's words.
  bool Null() { return false; }
  bool StartObject() { return d.start_object(0); }
  bool EndObject() { return d.end_object(); }
  bool StartArray() { return d.start_array(0); }
  bool EndArray() { return d.end_array(); }
  // Errors carry a JSON pointer, not an offset.
  void Consumed(size_t) {}
};

RecordDecoder::RecordDecoder(const Schema& schema) : impl_(std::make_unique<Impl>(schema)) {
  if (!schema.stream) throw std::logic_error(schema.id + " is not a record-stream schema");
}

RecordDecoder::~RecordDecoder() = default;

std::optional<Claim> RecordDecoder::Decode(std::string_view line, RecordError* error) {
  Impl& d = *impl_;
  error->pointer.clear();
  error->message.clear();
  if (line.size() > kMaxRecordLineBytes) {
    error->message = fmt::format("a line of more than {} bytes", kMaxRecordLineBytes);
    return std::nullopt;
  }
  d.error = error;
  d.depth = 0;
  d.result.reset();
  FastReader events{d};
  bool ok = json_detail::PlainScanner<FastReader>(line, events).Document() && d.result.has_value();
  if (!ok) {
    // From scratch with nlohmann, which decides and words every refusal.
    error->pointer.clear();
    error->message.clear();
    d.depth = 0;
    d.result.reset();
    ok = nlohmann::json::sax_parse(line.begin(), line.end(), &d);
  }
  if (!ok || !d.result) {
    if (error->message.empty()) error->message = "invalid JSON";
    return std::nullopt;
  }
  Claim claim;
  claim.schema = &d.schema;
  claim.record = std::move(*d.result);
  const std::vector<Value>& fields = claim.record.items();
  claim.subject_id = fields[d.subject_index].as_string();
  claim.id = claim.subject_id;
  claim.provider = fields[d.provider_index].as_string();
  claim.period_start = fields[d.period_index].as_date();
  CivilDate start = CivilFromDays(claim.period_start);
  if (start.day != 1) {
    error->pointer = "/" + d.schema.stream->period_start_field;
    error->message = "a record's period starts on the first day of a month";
    return std::nullopt;
  }
  const int months = start.year * 12 + (start.month - 1) + d.schema.stream->period_months;
  claim.period_end = DaysFromCivil(CivilDate{months / 12, months % 12 + 1, 1});
  return claim;
}

}  // namespace gridlaw
