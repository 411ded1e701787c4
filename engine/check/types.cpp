#include "check/types.h"

#include <fmt/format.h>

namespace gridlaw {

Type Type::Quantity(Dimension dimension) {
  Type t(Kind::kQuantity);
  t.dimension_ = std::move(dimension);
  return t;
}

Type Type::Record(const FieldSpec* spec) {
  Type t(Kind::kRecord);
  t.record_ = spec;
  return t;
}

Type Type::List(Type element) {
  Type t(Kind::kList);
  t.elements_.push_back(std::move(element));
  return t;
}

Type Type::OfField(const FieldSpec& spec) {
  Type scalar;
  switch (spec.kind) {
    case FieldKind::kBool:
      scalar = Bool();
      break;
    case FieldKind::kString:
      scalar = String();
      break;
    case FieldKind::kQuantity:
      scalar = Quantity(spec.dimension);
      break;
    case FieldKind::kDate:
      scalar = Date();
      break;
    case FieldKind::kDateTime:
      scalar = DateTime();
      break;
    case FieldKind::kRecord:
      scalar = Record(&spec);
      break;
  }
  return spec.is_list ? List(std::move(scalar)) : scalar;
}

bool Type::CompatibleWith(const Type& other) const {
  if (is_error() || other.is_error() || is(Kind::kAny) || other.is(Kind::kAny)) return true;
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::kQuantity:
      return dimension_.CompatibleWith(other.dimension_);
    case Kind::kRecord:
      return record_ == other.record_;
    case Kind::kList:
      return element().CompatibleWith(other.element());
    default:
      return true;
  }
}

std::string Type::DescribeWithArticle() const {
  const std::string text = Describe();
  if (kind_ == Kind::kAny) return text;
  const bool vowel =
      text[0] == 'a' || text[0] == 'e' || text[0] == 'i' || text[0] == 'o' || text[0] == 'u';
  return (vowel ? "an " : "a ") + text;
}

std::string Type::Describe() const {
  switch (kind_) {
    case Kind::kError:
      return "an invalid value";
    case Kind::kAny:
      return "anything";
    case Kind::kBool:
      return "bool";
    case Kind::kString:
      return "string";
    case Kind::kDate:
      return "date";
    case Kind::kDateTime:
      return "date-time";
    case Kind::kQuantity: {
      if (dimension_.dimensionless()) return "number";
      const std::string name = dimension_.Describe();
      const std::string unit = dimension_.BaseUnitText();
      return name == unit ? fmt::format("quantity of {}", name)
                          : fmt::format("quantity of {} ({})", name, unit);
    }
    case Kind::kRecord:
      return record_ != nullptr && !record_->name.empty()
                 ? fmt::format("record '{}'", record_->name)
                 : std::string("record");
    case Kind::kList:
      return "list of " + element().Describe();
  }
  return "?";
}

}  // namespace gridlaw
