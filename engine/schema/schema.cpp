#include "schema/schema.h"

#include <stdexcept>

#include "units/unit.h"

namespace gridlaw {

const FieldSpec* FieldSpec::Find(std::string_view field_name) const {
  for (const auto& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

std::vector<std::string> FieldSpec::FieldNames() const {
  std::vector<std::string> names;
  for (const auto& f : fields)
    names.push_back(f.name);
  return names;
}

FieldSpec QuantityField(std::string name, std::string unit, std::string description) {
  FieldSpec f;
  f.name = std::move(name);
  f.kind = FieldKind::kQuantity;
  if (unit != "1") {  // "1": a plain ratio
    const UnitParseResult parsed = ParseUnit(unit);
    if (!parsed.unit) throw std::logic_error("schema names an unknown unit: " + unit);
    f.dimension = parsed.unit->dimension;
  }
  f.unit = std::move(unit);
  f.description = std::move(description);
  return f;
}

FieldSpec SimpleField(std::string name, FieldKind kind, std::string description) {
  FieldSpec f;
  f.name = std::move(name);
  f.kind = kind;
  f.description = std::move(description);
  return f;
}

FieldSpec RecordField(std::string name, std::string description, std::vector<FieldSpec> fields) {
  FieldSpec f;
  f.name = std::move(name);
  f.kind = FieldKind::kRecord;
  f.description = std::move(description);
  f.fields = std::move(fields);
  return f;
}

FieldSpec ListOf(FieldSpec element) {
  element.is_list = true;
  return element;
}

FieldSpec Derived(FieldSpec field, std::string formula) {
  field.formula = std::move(formula);
  return field;
}

FieldSpec Required(FieldSpec field) {
  field.required = true;
  return field;
}

FieldSpec OneOf(FieldSpec field, std::vector<std::string> allowed) {
  field.allowed = std::move(allowed);
  return field;
}

const Schema* FindSchema(std::string_view id) {
  if (id == ComputeFacilityV1().id) return &ComputeFacilityV1();
  if (id == FacilityMonthV1().id) return &FacilityMonthV1();
  return nullptr;
}

std::vector<std::string> KnownSchemaIds() {
  return {ComputeFacilityV1().id, FacilityMonthV1().id};
}

}  // namespace gridlaw
