#pragma once
// Runtime values of the policy language. Quantities are exact rationals in
// the base unit of their dimension (J for energy, s for time, kg CO2e, …),
// so comparing 1 kWh with 3.6 MJ compares equal numbers. Values are
// immutable; lists and records share their elements, so copies are cheap.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "num/rational.h"

namespace gridlaw {

class Value {
 public:
  enum class Kind : uint8_t {
    kMissing,  // absent evidence: the field was not in the claim
    kBool,
    kString,
    kQuantity,
    kDate,      // days since 1970-01-01
    kDateTime,  // nanoseconds since 1970-01-01T00:00:00Z
    kList,
    kRecord,  // fields in the order of their FieldSpec
  };

  Value() = default;  // missing
  static Value Missing() { return Value(); }
  // Missing, with why: "energy.it is missing", "division by zero".
  static Value Missing(std::string reason);
  static Value Bool(bool b);
  static Value String(std::string s);
  // `currency` is the ISO 4217 code a claim-currency quantity is stated in
  // (empty for every other quantity).
  static Value Quantity(Rational base_value, std::string currency = {});
  static Value Date(int64_t days);
  static Value DateTime(int64_t nanos);
  static Value List(std::vector<Value> items);
  static Value Record(std::vector<Value> fields);

  Kind kind() const { return kind_; }
  bool is_missing() const { return kind_ == Kind::kMissing; }
  bool as_bool() const { return integer_ != 0; }
  const std::string& as_string() const { return text_; }
  const Rational& as_quantity() const { return quantity_; }
  const std::string& currency() const { return text_; }        // kQuantity only
  const std::string& missing_reason() const { return text_; }  // kMissing only
  int64_t as_date() const { return integer_; }
  int64_t as_datetime() const { return integer_; }
  // kList and kRecord. Inline: evaluation reads it for every element of a
  // list and every field of an element it visits.
  const std::vector<Value>& items() const { return items_ ? *items_ : EmptyItems(); }

 private:
  Kind kind_ = Kind::kMissing;
  int64_t integer_ = 0;
  Rational quantity_;
  std::string text_;
  std::shared_ptr<const std::vector<Value>> items_;

  static const std::vector<Value>& EmptyItems();  // the items of a value without any
};

}  // namespace gridlaw
