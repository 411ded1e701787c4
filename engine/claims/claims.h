#pragma once
// Claims: the JSON document a provider signs. Decoded once, against the
// schema it names, into typed values with every quantity in base units.
//
// Format (SPEC.md §Claims): an object with "schema" (the schema id) and the
// schema's fields. A quantity is {"value": "<decimal text>", "unit": "<unit>"}
// — decimal text, so that no JSON parser rounds it; the unit must have the
// field's dimension (prices: the claim currency, e.g. "EUR/Mtoken" when
// "currency" is "EUR"). Dates are "YYYY-MM-DD", date-times RFC 3339 with an
// offset. An absent field is missing evidence; null is refused. Unknown
// fields and derived fields (pue, …: the engine computes them) are refused.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "schema/schema.h"
#include "value/value.h"

namespace gridlaw {

struct ClaimError {
  std::string path;  // RFC 6901 JSON pointer ("/energy/it/unit"); "" for the document
  std::string message;
};

struct Claim {
  std::string id;  // set by the reader: the SHA-256 of the claim's bytes, or a name
  const Schema* schema = nullptr;
  Value record;  // the root record, fields in schema order, derived fields filled in
  // Identity, read from `record` for convenience.
  std::string provider;
  std::string subject_id;
  int64_t period_start = 0;  // days since 1970-01-01, inclusive
  int64_t period_end = 0;    // exclusive
  int64_t issued_at = 0;     // nanoseconds since the epoch
  std::string nonce;
  // Provider figures for derived ratios (claimed.pue, …) that disagree with
  // the engine's recomputation beyond their own rounding.
  std::vector<std::string> discrepancies;
};

// Decodes a parsed claims document (parse it with the strict JSON reader
// first). Returns nullopt and appends to `errors` (every error found, in
// document order) when the document does not match its schema.
std::optional<Claim> DecodeClaim(const nlohmann::json& document, std::vector<ClaimError>* errors);

}  // namespace gridlaw
