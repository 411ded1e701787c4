#include "eval/scope.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string_view>

#include "time/civil_time.h"

namespace gridlaw {
namespace {

constexpr std::string_view kEuMembers[] = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES",
                                           "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
                                           "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};

}  // namespace

PolicyScope::PolicyScope(const ast::Header& header) {
  if (header.effective_from) {
    from_ = DaysFromCivil(*ParseDate(*header.effective_from));
    from_text_ = *header.effective_from;
  }
  if (header.effective_to) {
    to_ = DaysFromCivil(*ParseDate(*header.effective_to));
    to_text_ = *header.effective_to;
  }
  for (const auto& j : header.jurisdictions) {
    if (j.value == "*") {
      places_.clear();
      break;
    }
    places_.push_back(j.value);
  }
}

const Value* PolicyScope::CountryOf(const Claim& claim) {
  const FieldSpec& root = claim.schema->root;
  for (size_t i = 0; i < root.fields.size(); ++i) {
    if (root.fields[i].name == "country") {
      const Value& country = claim.record.items()[i];
      return country.is_missing() ? nullptr : &country;
    }
  }
  // A schema without `country` cannot place its subjects.
  return nullptr;
}

bool PolicyScope::Covers(const std::string& country) const {
  for (const std::string& place : places_) {
    if (place == country) return true;
    if (place == "EU" &&
        std::find(std::begin(kEuMembers), std::end(kEuMembers), country) != std::end(kEuMembers)) {
      return true;
    }
  }
  return false;
}

PolicyScope::Fit PolicyScope::Of(const Claim& claim) const {
  if (from_ && claim.period_start < *from_) return Fit::kOutside;
  if (to_ && claim.period_start > *to_) return Fit::kOutside;
  if (places_.empty()) return Fit::kInside;
  const Value* country = CountryOf(claim);
  if (country == nullptr) return Fit::kUnknown;
  return Covers(country->as_string()) ? Fit::kInside : Fit::kOutside;
}

std::string PolicyScope::Why(const Claim& claim) const {
  const std::string period = FormatDate(CivilFromDays(claim.period_start));
  if (from_ && claim.period_start < *from_) {
    return fmt::format("the period starting {} is before the policy takes effect on {}", period,
                       from_text_);
  }
  if (to_ && claim.period_start > *to_) {
    return fmt::format("the period starting {} is after the policy ends on {}", period, to_text_);
  }
  if (places_.empty()) return {};
  const std::string where = fmt::format("{}", fmt::join(places_, ", "));
  const Value* country = CountryOf(claim);
  if (country == nullptr) return fmt::format("country is missing: the policy applies in {}", where);
  if (Covers(country->as_string())) return {};
  return fmt::format("the subject is in {}; the policy applies in {}", country->as_string(), where);
}

}  // namespace gridlaw
