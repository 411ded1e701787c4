#include "ledger_inputs.h"

#include <fmt/format.h>

#include "digest/sha256.h"
#include "dsse/envelope.h"
#include "strict/strict_json.h"

namespace gridlaw::app {

bool LoadLedgerClaims(Ledger& ledger, const StoredCheckpoint& checkpoint,
                      std::vector<Claim>* claims, ReportInputs* inputs, std::string* error) {
  inputs->ledger = ReportInputs::LedgerSource{ledger.origin(), checkpoint.checkpoint.size,
                                              merkle::ToHex(checkpoint.checkpoint.root)};
  for (StoredEntry& entry : ledger.Entries(checkpoint.checkpoint.size)) {
    // Verified at receipt; `ledger verify` re-checks the bytes. Here only
    // the payload is taken out of its envelope.
    auto envelope = ParseEnvelope(entry.envelope);
    if (!envelope.ok()) {
      *error = fmt::format("entry {}: {}", entry.index, Describe(envelope.error()));
      return false;
    }
    JsonResult parsed = ParseStrictJson(envelope->payload);
    if (!parsed.ok()) {
      *error = fmt::format("entry {}: {}", entry.index, Describe(parsed.error()));
      return false;
    }
    std::vector<ClaimError> claim_errors;
    auto claim = DecodeClaim(*parsed, &claim_errors);
    if (!claim) {
      *error = fmt::format("entry {}: at {}: {}", entry.index,
                           claim_errors.empty() ? "/" : claim_errors.front().path,
                           claim_errors.empty() ? "" : claim_errors.front().message);
      return false;
    }
    claim->id = Sha256Hex(envelope->payload);
    claims->push_back(std::move(*claim));
    ReportInputs::Input input;
    input.id = claims->back().id;
    input.source = fmt::format("entry {}", entry.index);
    input.verified = true;
    input.signed_by = std::move(entry.key_ids);
    input.entry = entry.index;
    inputs->inputs.push_back(std::move(input));
  }
  return true;
}

}  // namespace gridlaw::app
