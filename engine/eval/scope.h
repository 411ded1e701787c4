#pragma once
// Whether a policy applies to an attestation at all (SPEC.md §4.1): its
// effective dates and its jurisdictions. Prepared once per policy, so that
// the question costs a few integer comparisons per attestation; the reason
// is built only when someone shows it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "claims/claims.h"

namespace gridlaw {

class PolicyScope {
 public:
  enum class Fit : uint8_t {
    kInside,
    kOutside,  // outside the effective dates or jurisdictions: not applicable
    kUnknown,  // the claim lacks the country to decide: indeterminate
  };

  explicit PolicyScope(const ast::Header& header);

  Fit Of(const Claim& claim) const;
  // Why `claim` is outside the scope or cannot be placed; empty when inside.
  std::string Why(const Claim& claim) const;

 private:
  // The claim's country, or nullptr when the claim has none.
  static const Value* CountryOf(const Claim& claim);
  bool Covers(const std::string& country) const;

  std::optional<int64_t> from_, to_;  // days
  std::string from_text_, to_text_;
  std::vector<std::string> places_;  // empty: everywhere
};

}  // namespace gridlaw
