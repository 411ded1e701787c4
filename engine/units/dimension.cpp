#include "units/dimension.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace gridlaw {
namespace {

// Active ISO 4217 alphabetic codes (funds and precious metals left out), sorted.
constexpr auto kCurrencyCodes = std::to_array<std::string_view>(
    {"AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
     "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
     "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
     "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
     "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
     "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
     "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
     "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
     "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
     "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
     "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
     "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW",
     "ZWG"});

struct Named {
  std::string_view description;
  std::string_view unit;
  std::array<int, 3> exponents;  // length, mass, time
};

// Physical dimensions with names, in the order they are tried.
constexpr std::array<Named, 7> kNamedPhysical = {{
    {"energy", "J", {2, 1, -2}},
    {"power", "W", {2, 1, -3}},
    {"time", "s", {0, 0, 1}},
    {"length", "m", {1, 0, 0}},
    {"mass", "kg", {0, 1, 0}},
    {"area", "m^2", {2, 0, 0}},
    {"volume", "m^3", {3, 0, 0}},
}};

std::string_view OtherName(BaseDimension base, bool as_unit) {
  switch (base) {
    case BaseDimension::kData:
      return as_unit ? "B" : "data";
    case BaseDimension::kToken:
      return "token";
    case BaseDimension::kRequest:
      return as_unit ? "req" : "request";
    case BaseDimension::kCo2eMass:
      return as_unit ? "kgCO2e" : "CO2e mass";
    case BaseDimension::kClaimCurrency:
      return as_unit ? "¤" : "currency";
    default:
      break;
  }
  const auto index = static_cast<size_t>(base) - static_cast<size_t>(BaseDimension::kFirstCurrency);
  return index < kCurrencyCodes.size() ? kCurrencyCodes[index] : "?";
}

std::string_view PhysicalBaseName(int index, bool as_unit) {
  static constexpr std::array<std::string_view, 3> kNames = {"length", "mass", "time"};
  static constexpr std::array<std::string_view, 3> kUnits = {"m", "kg", "s"};
  return as_unit ? kUnits[index] : kNames[index];
}

std::string WithExponent(std::string_view name, int exponent) {
  if (exponent == 1) return std::string(name);
  return fmt::format("{}^{}", name, exponent);
}

std::string Compose(const Dimension& d, bool as_unit) {
  if (d.dimensionless()) return as_unit ? "1" : "dimensionless";
  std::array<int, 3> phys = {d.ExponentOf(BaseDimension::kLength),
                             d.ExponentOf(BaseDimension::kMass),
                             d.ExponentOf(BaseDimension::kTime)};
  std::vector<std::string> numerator, denominator;
  auto label = [&](const Named& n) { return std::string(as_unit ? n.unit : n.description); };
  auto matches = [&](const std::array<int, 3>& e, int sign) {
    return e[0] == sign * phys[0] && e[1] == sign * phys[1] && e[2] == sign * phys[2];
  };
  if (phys != std::array<int, 3>{0, 0, 0}) {
    bool named = false;
    for (const auto& n : kNamedPhysical) {
      if (matches(n.exponents, 1)) {
        numerator.push_back(label(n));
        named = true;
        break;
      }
    }
    if (!named) {
      for (const auto& n : kNamedPhysical) {
        if (matches(n.exponents, -1)) {
          denominator.push_back(label(n));
          named = true;
          break;
        }
      }
    }
    for (size_t a = 0; a < kNamedPhysical.size() && !named; ++a) {
      for (size_t b = 0; b < kNamedPhysical.size() && !named; ++b) {
        const auto& ea = kNamedPhysical[a].exponents;
        const auto& eb = kNamedPhysical[b].exponents;
        if (a != b && matches({ea[0] - eb[0], ea[1] - eb[1], ea[2] - eb[2]}, 1)) {
          numerator.push_back(label(kNamedPhysical[a]));
          denominator.push_back(label(kNamedPhysical[b]));
          named = true;
        }
      }
    }
    if (!named) {
      for (int i = 0; i < 3; ++i) {
        if (phys[i] > 0) numerator.push_back(WithExponent(PhysicalBaseName(i, as_unit), phys[i]));
        if (phys[i] < 0)
          denominator.push_back(WithExponent(PhysicalBaseName(i, as_unit), -phys[i]));
      }
    }
  }
  for (const auto& [base, exponent] : d.factors()) {
    if (base <= BaseDimension::kTime) continue;
    if (exponent > 0) numerator.push_back(WithExponent(OtherName(base, as_unit), exponent));
    if (exponent < 0) denominator.push_back(WithExponent(OtherName(base, as_unit), -exponent));
  }
  const std::string_view times = as_unit ? "*" : "·";
  std::string text = numerator.empty() ? "1" : fmt::format("{}", fmt::join(numerator, times));
  if (!denominator.empty()) {
    const std::string den = fmt::format("{}", fmt::join(denominator, times));
    text += denominator.size() > 1 ? fmt::format("/({})", den) : "/" + den;
  }
  return text;
}

}  // namespace

const std::vector<std::string_view>& CurrencyCodes() {
  static const std::vector<std::string_view> codes(kCurrencyCodes.begin(), kCurrencyCodes.end());
  return codes;
}

bool IsCurrencyCode(std::string_view code) {
  return std::binary_search(kCurrencyCodes.begin(), kCurrencyCodes.end(), code);
}

Dimension Dimension::Of(BaseDimension base, int exponent) {
  Dimension d;
  if (exponent != 0) d.factors_.push_back({base, exponent});
  return d;
}

Dimension Dimension::Currency(std::string_view iso_code) {
  auto it = std::lower_bound(kCurrencyCodes.begin(), kCurrencyCodes.end(), iso_code);
  if (it == kCurrencyCodes.end() || *it != iso_code) return Dimension();
  const auto index = static_cast<uint16_t>(it - kCurrencyCodes.begin());
  return Of(
      static_cast<BaseDimension>(static_cast<uint16_t>(BaseDimension::kFirstCurrency) + index));
}

Dimension Dimension::Times(const Dimension& other) const {
  Dimension result;
  auto a = factors_.begin(), b = other.factors_.begin();
  while (a != factors_.end() || b != other.factors_.end()) {
    if (b == other.factors_.end() || (a != factors_.end() && a->first < b->first)) {
      result.factors_.push_back(*a++);
    } else if (a == factors_.end() || b->first < a->first) {
      result.factors_.push_back(*b++);
    } else {
      const int sum = a->second + b->second;
      if (sum != 0) result.factors_.push_back({a->first, sum});
      ++a, ++b;
    }
  }
  return result;
}

Dimension Dimension::Pow(int exponent) const {
  Dimension result;
  if (exponent == 0) return result;
  for (const auto& [base, e] : factors_)
    result.factors_.push_back({base, e * exponent});
  return result;
}

Dimension Dimension::Over(const Dimension& other) const {
  return Times(other.Pow(-1));
}

int Dimension::ExponentOf(BaseDimension base) const {
  for (const auto& [b, e] : factors_) {
    if (b == base) return e;
  }
  return 0;
}

bool Dimension::CompatibleWith(const Dimension& other) const {
  if (*this == other) return true;
  // Let the claim currency stand for the single ISO currency of the other side.
  auto substitute = [](const Dimension& with_claim, const Dimension& concrete) {
    const int claim = with_claim.ExponentOf(BaseDimension::kClaimCurrency);
    if (claim == 0) return false;
    for (const auto& [base, e] : concrete.factors()) {
      if (base >= BaseDimension::kFirstCurrency && e == claim) {
        Dimension replaced =
            with_claim.Times(Of(BaseDimension::kClaimCurrency, -claim)).Times(Of(base, claim));
        if (replaced == concrete) return true;
      }
    }
    return false;
  };
  return substitute(*this, other) || substitute(other, *this);
}

std::string Dimension::Describe() const {
  return Compose(*this, false);
}
std::string Dimension::BaseUnitText() const {
  return Compose(*this, true);
}

}  // namespace gridlaw
