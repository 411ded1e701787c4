#pragma once
// Attestation schemas: the fields a claim carries, each with its type and,
// for quantities, its unit. Declared once here; the checker types policy
// expressions against it and the claim intake validates claims against it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "units/dimension.h"

namespace gridlaw {

enum class FieldKind { kBool, kString, kQuantity, kDate, kDateTime, kRecord };

struct FieldSpec {
  std::string name;
  FieldKind kind = FieldKind::kString;
  bool is_list = false;  // a list of values of `kind` (for records: of records)
  std::string unit;      // kQuantity: the unit values are shown in ("kWh", "%", "¤/Mtoken")
  Dimension dimension;   // kQuantity: the dimension of `unit`
  std::string description;
  // Derived fields are computed by the engine from other fields (never taken
  // from the claim): `formula` states how, in the policy language.
  std::string formula;
  std::vector<FieldSpec> fields;  // kRecord: the record's fields, in declaration order
  // Claim intake: a required field must be present in every claim; a string
  // field with `allowed` values takes only those.
  bool required = false;
  std::vector<std::string> allowed;

  const FieldSpec* Find(std::string_view field_name) const;
  std::vector<std::string> FieldNames() const;
};

// A record-stream schema (SPEC.md §22): its records are read one per line
// from JSON Lines, plain JSON numbers in the unit each field declares, and
// each record is its own subject. These name the fields that identify it.
struct RecordStreamIdentity {
  std::string subject_field;       // a required string: the record's subject id
  std::string provider_field;      // a required string
  std::string period_start_field;  // a required date, the first day of a month
  int period_months = 1;           // the period is this many calendar months
};

struct Schema {
  std::string id;  // "compute-facility/v1"
  std::string description;
  FieldSpec root;  // a record
  // Set for record-stream schemas; they have no claims documents.
  std::optional<RecordStreamIdentity> stream;
};

// The schema with this id, or null.
const Schema* FindSchema(std::string_view id);
std::vector<std::string> KnownSchemaIds();

// Builds a quantity field: the unit text is parsed with the unit system, so
// a schema cannot name a unit that does not exist (checked by a test).
FieldSpec QuantityField(std::string name, std::string unit, std::string description);
FieldSpec SimpleField(std::string name, FieldKind kind, std::string description);
FieldSpec RecordField(std::string name, std::string description, std::vector<FieldSpec> fields);
FieldSpec ListOf(FieldSpec element);
FieldSpec Derived(FieldSpec field, std::string formula);
FieldSpec Required(FieldSpec field);
FieldSpec OneOf(FieldSpec field, std::vector<std::string> allowed);

// ISO 3166-1 alpha-2 country codes (the officially assigned ones).
bool IsCountryCode(std::string_view code);

const Schema& ComputeFacilityV1();
const Schema& FacilityMonthV1();

}  // namespace gridlaw
