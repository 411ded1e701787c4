#include "value/value.h"

namespace gridlaw {

Value Value::Missing(std::string reason) {
  Value v;
  v.text_ = std::move(reason);
  return v;
}

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.integer_ = b ? 1 : 0;
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.text_ = std::move(s);
  return v;
}

Value Value::Quantity(Rational base_value, std::string currency) {
  Value v;
  v.kind_ = Kind::kQuantity;
  v.quantity_ = base_value;
  v.text_ = std::move(currency);
  return v;
}

Value Value::Date(int64_t days) {
  Value v;
  v.kind_ = Kind::kDate;
  v.integer_ = days;
  return v;
}

Value Value::DateTime(int64_t nanos) {
  Value v;
  v.kind_ = Kind::kDateTime;
  v.integer_ = nanos;
  return v;
}

Value Value::List(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kList;
  v.items_ = std::make_shared<const std::vector<Value>>(std::move(items));
  return v;
}

Value Value::Record(std::vector<Value> fields) {
  Value v;
  v.kind_ = Kind::kRecord;
  v.items_ = std::make_shared<const std::vector<Value>>(std::move(fields));
  return v;
}

const std::vector<Value>& Value::EmptyItems() {
  static const std::vector<Value> kEmpty;
  return kEmpty;
}

}  // namespace gridlaw
