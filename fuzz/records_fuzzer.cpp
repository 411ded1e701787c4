// libFuzzer target: arbitrary bytes as a JSON Lines record stream of the
// facility-month/v1 schema (SPEC.md §22), the way `gridlaw eval --records`
// reads one: the bytes are a file, cut into lines as LineReader cuts them
// ('\n' ends a line, a last line without one is still a line), and every
// line is decoded by one RecordDecoder that lives as long as the process (as
// it lives for a whole file in evaluate_records.cpp, so whatever a refused
// line leaves behind in its working stack is seen by the next line).
// LineReader itself is not used: it reads in 1 MiB chunks, and allocating
// and clearing one per input held the target to ~160 runs a second.
//
// A refusal is an ordinary outcome; a crash, sanitizer report, uncaught
// exception, hang or out-of-memory is a bug. Also checked, aborting when
// broken:
//   1. a refusal has a message, and its pointer is "" or starts with '/';
//   2. a decoded record has the schema's shape (one value per field, each
//      missing or of the field's kind, every required field present), since
//      the evaluator indexes records by schema position without checking;
//   3. the claim's id and subject id are the record's `id`, its provider the
//      record's `provider`, and its period the calendar month that starts at
//      `period_start`;
//   4. decoding the same line again gives the same claim or the same error.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "records/record_decoder.h"
#include "schema/schema.h"
#include "time/civil_time.h"

namespace {

using gridlaw::Claim;
using gridlaw::FieldKind;
using gridlaw::FieldSpec;
using gridlaw::RecordError;
using gridlaw::Value;

std::string_view current_line;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "==== fuzz_records: invariant broken: %s ====\n", what);
  std::fprintf(stderr, "---- line (%zu bytes) ----\n%.*s\n---- end of line ----\n",
               current_line.size(), static_cast<int>(current_line.size()), current_line.data());
  std::fflush(stderr);
  std::abort();
}

bool Equal(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kMissing:
      return true;
    case Value::Kind::kBool:
      return a.as_bool() == b.as_bool();
    case Value::Kind::kString:
      return a.as_string() == b.as_string();
    case Value::Kind::kQuantity:
      return a.as_quantity() == b.as_quantity() && a.currency() == b.currency();
    case Value::Kind::kDate:
      return a.as_date() == b.as_date();
    case Value::Kind::kDateTime:
      return a.as_datetime() == b.as_datetime();
    case Value::Kind::kList:
    case Value::Kind::kRecord:
      if (a.items().size() != b.items().size()) return false;
      for (size_t i = 0; i < a.items().size(); ++i) {
        if (!Equal(a.items()[i], b.items()[i])) return false;
      }
      return true;
  }
  return false;
}

Value::Kind KindOf(FieldKind kind) {
  switch (kind) {
    case FieldKind::kBool:
      return Value::Kind::kBool;
    case FieldKind::kString:
      return Value::Kind::kString;
    case FieldKind::kQuantity:
      return Value::Kind::kQuantity;
    case FieldKind::kDate:
      return Value::Kind::kDate;
    case FieldKind::kDateTime:
      return Value::Kind::kDateTime;
    case FieldKind::kRecord:
      return Value::Kind::kRecord;
  }
  return Value::Kind::kMissing;
}

// `value` is one value of `spec` (an element when `element`, so a list
// field's is_list does not apply).
void CheckShape(const Value& value, const FieldSpec& spec, bool element) {
  if (spec.is_list && !element) {
    if (value.kind() != Value::Kind::kList) Fail("a list field holds something else");
    for (const Value& item : value.items())
      CheckShape(item, spec, true);
    return;
  }
  if (value.kind() != KindOf(spec.kind)) Fail("a field holds a value of another kind");
  if (spec.kind == FieldKind::kString && !spec.allowed.empty()) {
    bool allowed = false;
    for (const std::string& a : spec.allowed)
      allowed = allowed || a == value.as_string();
    if (!allowed) Fail("a string outside the field's allowed values was accepted");
  }
  if (spec.kind != FieldKind::kRecord) return;
  if (value.items().size() != spec.fields.size()) Fail("a record has the wrong number of fields");
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const Value& field = value.items()[i];
    if (field.is_missing()) {
      if (spec.fields[i].required) Fail("a required field is missing from a decoded record");
      continue;
    }
    CheckShape(field, spec.fields[i], false);
  }
}

const Value& Field(const Claim& claim, const std::string& name) {
  const auto& fields = claim.schema->root.fields;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return claim.record.items()[i];
  }
  Fail("the stream identity names no field of the schema");
}

void CheckClaim(const Claim& claim, const gridlaw::Schema& schema) {
  if (claim.schema != &schema) Fail("the claim names another schema");
  CheckShape(claim.record, schema.root, false);
  const gridlaw::RecordStreamIdentity& identity = *schema.stream;
  const std::string& subject = Field(claim, identity.subject_field).as_string();
  if (claim.id != subject || claim.subject_id != subject)
    Fail("the claim id is not the record's subject field");
  if (claim.provider != Field(claim, identity.provider_field).as_string())
    Fail("the claim's provider is not the record's provider field");
  if (claim.period_start != Field(claim, identity.period_start_field).as_date())
    Fail("the claim's period does not start at the record's period_start");
  const gridlaw::CivilDate start = gridlaw::CivilFromDays(claim.period_start);
  if (start.day != 1) Fail("a period that does not start on the first of a month was accepted");
  const gridlaw::CivilDate end = gridlaw::CivilFromDays(claim.period_end);
  const int months = (end.year - start.year) * 12 + (end.month - start.month);
  if (end.day != 1 || months != identity.period_months)
    Fail("the claim's period is not the schema's number of calendar months");
}

void CheckSame(const std::optional<Claim>& a, const RecordError& ea, const std::optional<Claim>& b,
               const RecordError& eb) {
  if (a.has_value() != b.has_value()) Fail("the same line decodes once and is refused once");
  if (!a) {
    if (ea.message != eb.message || ea.pointer != eb.pointer)
      Fail("the same line is refused with different errors");
    return;
  }
  if (a->id != b->id || a->provider != b->provider || a->period_start != b->period_start ||
      a->period_end != b->period_end || !Equal(a->record, b->record)) {
    Fail("the same line decodes to different claims");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const gridlaw::Schema& schema = gridlaw::FacilityMonthV1();
  static gridlaw::RecordDecoder* decoder = new gridlaw::RecordDecoder(schema);
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    // A heap block of exactly the line's bytes, so ASan sees a read past
    // the line's end (in the input it would land on the next line).
    const std::string_view cut = rest.substr(0, nl);
    const std::vector<char> bytes(cut.begin(), cut.end());
    const std::string_view line(bytes.data(), bytes.size());
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    current_line = line;
    RecordError first_error;
    const std::optional<Claim> first = decoder->Decode(line, &first_error);
    if (first) {
      CheckClaim(*first, schema);
    } else if (first_error.message.empty() ||
               (!first_error.pointer.empty() && first_error.pointer.front() != '/')) {
      Fail("a refusal without a message, or with a pointer that is not one");
    }
    RecordError second_error;
    const std::optional<Claim> second = decoder->Decode(line, &second_error);
    CheckSame(first, first_error, second, second_error);
  }
  return 0;
}
