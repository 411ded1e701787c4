#pragma once
// The static types of policy expressions. Values of these types are plain
// and immutable; the checker keeps them in a side table keyed by node id.

#include <string>
#include <vector>

#include "schema/schema.h"
#include "units/dimension.h"

namespace gridlaw {

class Type {
 public:
  enum class Kind {
    kError,  // an expression that already failed to check: silences follow-on errors
    kAny,    // the element of an empty list literal
    kBool,
    kString,
    kQuantity,  // a number with a dimension (dimensionless for plain numbers)
    kDate,
    kDateTime,
    kRecord,  // a record of the schema
    kList,
  };

  Type() = default;
  static Type Error() { return Type(Kind::kError); }
  static Type Any() { return Type(Kind::kAny); }
  static Type Bool() { return Type(Kind::kBool); }
  static Type String() { return Type(Kind::kString); }
  static Type Date() { return Type(Kind::kDate); }
  static Type DateTime() { return Type(Kind::kDateTime); }
  static Type Quantity(Dimension dimension);
  static Type Record(const FieldSpec* spec);  // spec is not owned; schemas are static
  static Type List(Type element);
  // The type of a value of a schema field.
  static Type OfField(const FieldSpec& spec);

  Kind kind() const { return kind_; }
  bool is_error() const { return kind_ == Kind::kError; }
  bool is(Kind kind) const { return kind_ == kind; }
  const Dimension& dimension() const { return dimension_; }
  const FieldSpec* record() const { return record_; }
  const Type& element() const { return elements_.front(); }

  // Same type, treating the claim currency as compatible with an ISO
  // currency, kAny with anything, and kError with everything.
  bool CompatibleWith(const Type& other) const;

  // "quantity of energy/token", "list of record incidents", "bool".
  std::string Describe() const;
  // "a quantity of energy (J)", "an invalid value".
  std::string DescribeWithArticle() const;

 private:
  explicit Type(Kind kind) : kind_(kind) {}
  Kind kind_ = Kind::kError;
  Dimension dimension_;
  const FieldSpec* record_ = nullptr;
  std::vector<Type> elements_;  // one element for kList
};

}  // namespace gridlaw
