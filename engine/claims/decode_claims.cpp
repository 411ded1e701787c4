#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "claims/claims.h"
#include "spelling/spelling.h"
#include "strict/type_name.h"
#include "time/civil_time.h"
#include "units/unit.h"

namespace gridlaw {
namespace {

using nlohmann::json;

// RFC 6901: '~' → "~0", '/' → "~1".
std::string Escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

class Decoder {
 public:
  explicit Decoder(std::vector<ClaimError>* errors) : errors_(errors) {}

  Value DecodeRecord(const FieldSpec& spec, const json& object, const std::string& path);
  bool failed() const { return failed_; }
  void Error(const std::string& path, std::string message) {
    errors_->push_back({path, std::move(message)});
    failed_ = true;
  }
  std::string currency;  // the claim's currency, once read

 private:
  Value DecodeField(const FieldSpec& spec, const json& value, const std::string& path);
  Value DecodeScalar(const FieldSpec& spec, const json& value, const std::string& path);
  Value DecodeQuantity(const FieldSpec& spec, const json& value, const std::string& path);

  std::vector<ClaimError>* errors_;
  bool failed_ = false;
};

Value Decoder::DecodeRecord(const FieldSpec& spec, const json& object, const std::string& path) {
  if (!object.is_object()) {
    Error(path, fmt::format("expected an object, found {}", JsonTypeName(object)));
    return Value::Missing();
  }
  for (const auto& [key, value] : object.items()) {
    if (path.empty() && key == "schema") continue;
    const FieldSpec* field = spec.Find(key);
    if (field == nullptr) {
      const std::string suggestion = ClosestSpelling(key, spec.FieldNames());
      Error(path + "/" + Escape(key),
            fmt::format("unknown field '{}'{}", key, DidYouMean(suggestion)));
    } else if (!field->formula.empty()) {
      Error(path + "/" + Escape(key),
            fmt::format("'{}' is derived by the engine ({}); submit the measurements, and put "
                        "your own figure in claimed.{}",
                        key, field->formula, key));
    }
  }
  std::vector<Value> fields;
  fields.reserve(spec.fields.size());
  for (const FieldSpec& field : spec.fields) {
    const std::string field_path = path + "/" + Escape(field.name);
    auto it = object.find(field.name);
    if (it == object.end() || !field.formula.empty()) {
      if (field.required)
        Error(field_path, fmt::format("required field '{}' is missing", field.name));
      fields.push_back(Value::Missing());
      continue;
    }
    fields.push_back(DecodeField(field, *it, field_path));
  }
  return Value::Record(std::move(fields));
}

Value Decoder::DecodeField(const FieldSpec& spec, const json& value, const std::string& path) {
  if (value.is_null()) {
    Error(path, "null is not a value; leave the field out when there is no evidence");
    return Value::Missing();
  }
  if (!spec.is_list) return DecodeScalar(spec, value, path);
  if (!value.is_array()) {
    Error(path, fmt::format("expected an array, found {}", JsonTypeName(value)));
    return Value::Missing();
  }
  std::vector<Value> items;
  for (size_t i = 0; i < value.size(); ++i) {
    items.push_back(DecodeScalar(spec, value[i], fmt::format("{}/{}", path, i)));
  }
  return Value::List(std::move(items));
}

Value Decoder::DecodeScalar(const FieldSpec& spec, const json& value, const std::string& path) {
  auto expect = [&](bool ok, const char* what) {
    if (!ok) Error(path, fmt::format("expected {}, found {}", what, JsonTypeName(value)));
    return ok;
  };
  switch (spec.kind) {
    case FieldKind::kRecord:
      return DecodeRecord(spec, value, path);
    case FieldKind::kQuantity:
      return DecodeQuantity(spec, value, path);
    case FieldKind::kBool:
      if (!expect(value.is_boolean(), "true or false")) return Value::Missing();
      return Value::Bool(value.get<bool>());
    case FieldKind::kString: {
      if (!expect(value.is_string(), "a string")) return Value::Missing();
      const std::string& s = value.get_ref<const std::string&>();
      if (!spec.allowed.empty() &&
          std::find(spec.allowed.begin(), spec.allowed.end(), s) == spec.allowed.end()) {
        Error(path, fmt::format("'{}' is not one of: {}", s, fmt::join(spec.allowed, ", ")));
        return Value::Missing();
      }
      return Value::String(s);
    }
    case FieldKind::kDate: {
      if (!expect(value.is_string(), "a date string (YYYY-MM-DD)")) return Value::Missing();
      auto date = ParseDate(value.get_ref<const std::string&>());
      if (!date) {
        Error(path, fmt::format("'{}' is not a date of the calendar (YYYY-MM-DD)",
                                value.get_ref<const std::string&>()));
        return Value::Missing();
      }
      return Value::Date(DaysFromCivil(*date));
    }
    case FieldKind::kDateTime: {
      if (!expect(value.is_string(), "an RFC 3339 date-time string")) return Value::Missing();
      auto nanos = ParseInstantNanos(value.get_ref<const std::string&>());
      if (!nanos) {
        Error(path, fmt::format("'{}' is not an RFC 3339 date-time with an offset "
                                "(2027-01-31T23:00:00Z), years 1900 to 2200",
                                value.get_ref<const std::string&>()));
        return Value::Missing();
      }
      return Value::DateTime(*nanos);
    }
  }
  return Value::Missing();
}

Value Decoder::DecodeQuantity(const FieldSpec& spec, const json& value, const std::string& path) {
  if (!value.is_object() || !value.contains("value") || !value.contains("unit") ||
      value.size() != 2) {
    Error(path, fmt::format("expected a quantity {{\"value\": \"<decimal>\", \"unit\": \"{}\"}}",
                            spec.unit == "1" ? "1" : spec.unit));
    return Value::Missing();
  }
  const json& number = value["value"];
  const json& unit_text = value["unit"];
  if (!number.is_string()) {
    Error(path + "/value",
          fmt::format("expected the value as a decimal string (\"12.5\"), found {}; "
                      "strings keep every digit exact",
                      JsonTypeName(number)));
    return Value::Missing();
  }
  auto magnitude = Rational::FromDecimal(number.get_ref<const std::string&>());
  if (!magnitude) {
    Error(path + "/value",
          fmt::format("'{}' is not a non-negative decimal number that exact arithmetic can hold",
                      number.get_ref<const std::string&>()));
    return Value::Missing();
  }
  if (!unit_text.is_string()) {
    Error(path + "/unit", fmt::format("expected a unit string, found {}", JsonTypeName(unit_text)));
    return Value::Missing();
  }
  const std::string& unit_string = unit_text.get_ref<const std::string&>();
  Unit unit;
  if (unit_string != "1") {
    UnitParseResult parsed = ParseUnit(unit_string);
    if (!parsed.unit || unit_string.find("¤") != std::string::npos) {
      Error(path + "/unit",
            fmt::format("unknown unit '{}'{}", unit_string, DidYouMean(parsed.suggestion)));
      return Value::Missing();
    }
    unit = *parsed.unit;
  }
  // A claim-currency field takes units in the claim's own currency.
  std::string currency_of_value;
  Dimension expected = spec.dimension;
  if (const int e = expected.ExponentOf(BaseDimension::kClaimCurrency); e != 0) {
    if (currency.empty()) {
      Error(path, "a price needs the claim's \"currency\" (ISO 4217 code)");
      return Value::Missing();
    }
    expected = expected.Times(Dimension::Of(BaseDimension::kClaimCurrency, -e))
                   .Times(Dimension::Currency(currency).Pow(e));
    currency_of_value = currency;
  }
  if (unit.dimension != expected) {
    Error(path + "/unit",
          fmt::format("unit '{}' measures {}, but this field is {} (for example '{}')", unit_string,
                      unit.dimension.Describe(), expected.Describe(),
                      currency_of_value.empty()
                          ? spec.unit
                          : std::string(spec.unit).replace(spec.unit.find("¤"),
                                                           std::string("¤").size(), currency)));
    return Value::Missing();
  }
  auto base = magnitude->Mul(unit.factor);
  if (!base) {
    Error(path, "value times its unit's factor is beyond exact arithmetic");
    return Value::Missing();
  }
  return Value::Quantity(*base, currency_of_value);
}

// Derived fields: the engine's own computation from the measurements.
// Missing when an input is missing or a denominator is zero.
Value Ratio(const Value& num, const Value& den, std::string_view den_name = "the denominator") {
  if (num.kind() != Value::Kind::kQuantity || den.kind() != Value::Kind::kQuantity) {
    return Value::Missing();
  }
  if (den.as_quantity().is_zero())
    return Value::Missing(fmt::format("division by zero: {} is 0", den_name));
  auto q = num.as_quantity().Div(den.as_quantity());
  return q ? Value::Quantity(*q) : Value::Missing();
}

const Value& FieldOf(const FieldSpec& spec, const Value& record, std::string_view path) {
  static const Value kMissing;
  const FieldSpec* current = &spec;
  const Value* value = &record;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t dot = path.find('.', start);
    const std::string_view name =
        path.substr(start, dot == std::string_view::npos ? dot : dot - start);
    size_t index = 0;
    for (; index < current->fields.size() && current->fields[index].name != name; ++index) {
    }
    if (index == current->fields.size() || value->kind() != Value::Kind::kRecord) return kMissing;
    value = &value->items()[index];
    current = &current->fields[index];
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return *value;
}

Value WithDerived(const Schema& schema, const Value& record) {
  const FieldSpec& root = schema.root;
  std::vector<Value> fields = record.items();
  auto f = [&](std::string_view path) -> const Value& { return FieldOf(root, record, path); };
  for (size_t i = 0; i < root.fields.size(); ++i) {
    const std::string& name = root.fields[i].name;
    if (root.fields[i].formula.empty()) continue;
    if (name == "pue") fields[i] = Ratio(f("energy.facility"), f("energy.it"), "energy.it");
    if (name == "ref")
      fields[i] = Ratio(f("energy.renewable"), f("energy.facility"), "energy.facility");
    if (name == "erf")
      fields[i] = Ratio(f("energy.reused"), f("energy.facility"), "energy.facility");
    if (name == "wue") fields[i] = Ratio(f("water.withdrawn"), f("energy.it"), "energy.it");
    if (name == "energy_per_token") {
      fields[i] = Ratio(f("energy.it"), f("tokens.served"), "tokens.served");
    }
    if (name == "availability_ratio") {
      const Value& up = f("availability.available");
      const Value& down = f("availability.unavailable");
      if (up.kind() == Value::Kind::kQuantity && down.kind() == Value::Kind::kQuantity) {
        auto total = up.as_quantity().Add(down.as_quantity());
        fields[i] = total ? Ratio(up, Value::Quantity(*total),
                                  "availability.available + availability.unavailable")
                          : Value::Missing();
      }
    }
  }
  return Value::Record(std::move(fields));
}

// Decimal places of a decimal text ("1.250" → 3, "12" → 0, "1.5e-2" → 3).
int DecimalPlaces(const std::string& text) {
  const size_t point = text.find('.');
  const size_t exponent = text.find_first_of("eE");
  int places = 0;
  if (point != std::string::npos) {
    places = static_cast<int>((exponent == std::string::npos ? text.size() : exponent) - point - 1);
  }
  if (exponent != std::string::npos) places -= std::atoi(text.c_str() + exponent + 1);
  return std::max(places, 0);
}

// A provider's own figure for a derived ratio (claimed.X) must agree with the
// engine's recomputation within the rounding of the figure as written: half a
// unit in its last decimal place.
std::vector<std::string> Discrepancies(const Schema& schema, const json& document,
                                       const Value& record) {
  std::vector<std::string> found;
  auto claimed = document.find("claimed");
  if (claimed == document.end() || !claimed->is_object()) return found;
  for (const auto& [name, quantity] : claimed->items()) {
    const FieldSpec* derived = schema.root.Find(name);
    if (derived == nullptr || derived->formula.empty()) continue;
    const Value& computed = FieldOf(schema.root, record, name);
    const Value& stated = FieldOf(schema.root, record, "claimed." + name);
    if (computed.kind() != Value::Kind::kQuantity || stated.kind() != Value::Kind::kQuantity)
      continue;
    const std::string text = quantity["value"].get<std::string>();
    const std::string unit_text = quantity["unit"].get<std::string>();
    Rational factor = Rational::FromInt(1);
    if (unit_text != "1") factor = ParseUnit(unit_text).unit->factor;
    const int places = DecimalPlaces(text);
    auto half_ulp = Rational::PowerOfTen(-places);
    if (!half_ulp) continue;
    auto tolerance = half_ulp->Mul(*Rational::Make(1, 2));
    auto tolerance_base = tolerance ? tolerance->Mul(factor) : std::nullopt;
    auto difference = stated.as_quantity().Sub(computed.as_quantity());
    if (!tolerance_base || !difference) continue;
    const Rational magnitude = difference->sign() < 0 ? difference->Negate() : *difference;
    if (magnitude <= *tolerance_base) continue;
    auto shown = computed.as_quantity().Div(factor);
    const std::string unit_suffix = unit_text == "1" ? "" : " " + unit_text;
    found.push_back(fmt::format(
        "claimed.{} = {}{} disagrees with the recomputed {} = {}{} beyond the claim's rounding",
        name, text, unit_suffix, derived->formula, shown ? shown->ToDecimal(places + 2) : "?",
        unit_suffix));
  }
  return found;
}

}  // namespace

std::optional<Claim> DecodeClaim(const json& document, std::vector<ClaimError>* errors) {
  Decoder decoder(errors);
  if (!document.is_object()) {
    decoder.Error("",
                  fmt::format("a claims document is an object, found {}", JsonTypeName(document)));
    return std::nullopt;
  }
  auto schema_it = document.find("schema");
  if (schema_it == document.end() || !schema_it->is_string()) {
    decoder.Error("/schema",
                  "the claims document must name its schema (\"schema\": "
                  "\"compute-facility/v1\")");
    return std::nullopt;
  }
  const Schema* schema = FindSchema(schema_it->get_ref<const std::string&>());
  if (schema == nullptr) {
    decoder.Error("/schema",
                  fmt::format("unknown schema '{}'", schema_it->get_ref<const std::string&>()));
    return std::nullopt;
  }
  if (schema->stream) {
    decoder.Error("/schema", fmt::format("{} is a record-stream schema: its records are read "
                                         "from JSON Lines (gridlaw eval --records), not as claims",
                                         schema->id));
    return std::nullopt;
  }
  if (auto c = document.find("currency"); c != document.end() && c->is_string()) {
    if (!IsCurrencyCode(c->get_ref<const std::string&>())) {
      decoder.Error("/currency", fmt::format("'{}' is not an ISO 4217 currency code",
                                             c->get_ref<const std::string&>()));
    } else {
      decoder.currency = c->get<std::string>();
    }
  }
  if (auto c = document.find("country");
      c != document.end() && c->is_string() && !IsCountryCode(c->get_ref<const std::string&>())) {
    decoder.Error("/country", fmt::format("'{}' is not an ISO 3166-1 alpha-2 code",
                                          c->get_ref<const std::string&>()));
  }
  Value record = decoder.DecodeRecord(schema->root, document, "");
  if (decoder.failed()) return std::nullopt;

  Claim claim;
  claim.schema = schema;
  claim.record = WithDerived(*schema, record);
  claim.discrepancies = Discrepancies(*schema, document, claim.record);
  claim.provider = FieldOf(schema->root, record, "provider").as_string();
  claim.subject_id = FieldOf(schema->root, record, "subject.id").as_string();
  claim.period_start = FieldOf(schema->root, record, "period.start").as_date();
  claim.period_end = FieldOf(schema->root, record, "period.end").as_date();
  claim.issued_at = FieldOf(schema->root, record, "issued_at").as_datetime();
  claim.nonce = FieldOf(schema->root, record, "nonce").as_string();
  if (claim.period_end <= claim.period_start) {
    decoder.Error("/period/end", "the period ends on or before its start");
  }
  if (claim.nonce.size() < 16 || claim.nonce.size() > 128) {
    decoder.Error("/nonce", "a nonce has 16 to 128 characters");
  }
  if (decoder.failed()) return std::nullopt;
  return claim;
}

}  // namespace gridlaw
