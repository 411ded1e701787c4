#pragma once
// Physical (and economic) dimensions as products of base dimensions with
// integer exponents: energy/token is mass·length²·time⁻²·token⁻¹.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gridlaw {

// A base dimension. The first values are fixed; every ISO 4217 currency is a
// base dimension of its own (kFirstCurrency + its index in the currency table),
// so USD and CNY never mix silently.
enum class BaseDimension : uint16_t {
  kLength = 0,
  kMass,
  kTime,
  kData,
  kToken,
  kRequest,
  kCo2eMass,
  // The currency an attestation states its prices in: schema fields use it,
  // and it is bound to one ISO code per attestation at evaluation time.
  kClaimCurrency,
  kFirstCurrency = 16,
};

class Dimension {
 public:
  Dimension() = default;  // dimensionless
  static Dimension Of(BaseDimension base, int exponent = 1);
  static Dimension Currency(std::string_view iso_code);  // empty if not an ISO 4217 code

  bool dimensionless() const { return factors_.empty(); }
  Dimension Times(const Dimension& other) const;
  Dimension Over(const Dimension& other) const;
  Dimension Pow(int exponent) const;
  int ExponentOf(BaseDimension base) const;

  // True when the two are equal, or equal once the claim currency stands for
  // the one ISO currency of the other side (checked again when evaluating).
  bool CompatibleWith(const Dimension& other) const;

  // Readable name: "energy", "energy/token", "USD/energy", "volume/energy",
  // falling back to base exponents ("length·mass⁻¹").
  std::string Describe() const;
  // The coherent unit of this dimension as text ("J/token", "kg·m"): what a
  // value of the dimension is normalised to.
  std::string BaseUnitText() const;

  const std::vector<std::pair<BaseDimension, int>>& factors() const { return factors_; }
  friend bool operator==(const Dimension&, const Dimension&) = default;
  friend auto operator<=>(const Dimension&, const Dimension&) = default;

 private:
  std::vector<std::pair<BaseDimension, int>> factors_;  // sorted, no zero exponents
};

// ISO 4217 alphabetic codes known to gridlaw, sorted.
const std::vector<std::string_view>& CurrencyCodes();
bool IsCurrencyCode(std::string_view code);

}  // namespace gridlaw
