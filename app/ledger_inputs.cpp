#include "ledger_inputs.h"

#include <fmt/format.h>

#include <optional>

#include "digest/sha256.h"
#include "dsse/envelope.h"
#include "parallel/for_each_on_threads.h"
#include "strict/strict_json.h"

namespace gridlaw::app {

namespace {

// The claim of one entry, or why it cannot be read.
std::optional<Claim> DecodeEntry(const StoredEntry& entry, std::string* error) {
  // Verified at receipt; `ledger verify` re-checks the bytes. Here only
  // the payload is taken out of its envelope.
  auto envelope = ParseEnvelope(entry.envelope);
  if (!envelope.ok()) {
    *error = fmt::format("entry {}: {}", entry.index, Describe(envelope.error()));
    return std::nullopt;
  }
  JsonResult parsed = ParseStrictJson(envelope->payload);
  if (!parsed.ok()) {
    *error = fmt::format("entry {}: {}", entry.index, Describe(parsed.error()));
    return std::nullopt;
  }
  std::vector<ClaimError> claim_errors;
  auto claim = DecodeClaim(*parsed, &claim_errors);
  if (!claim) {
    *error = fmt::format("entry {}: at {}: {}", entry.index,
                         claim_errors.empty() ? "/" : claim_errors.front().path,
                         claim_errors.empty() ? "" : claim_errors.front().message);
    return std::nullopt;
  }
  claim->id = Sha256Hex(envelope->payload);
  return claim;
}

}  // namespace

bool LoadLedgerClaims(Ledger& ledger, const StoredCheckpoint& checkpoint,
                      std::vector<Claim>* claims, ReportInputs* inputs, std::string* error,
                      unsigned threads) {
  inputs->ledger = ReportInputs::LedgerSource{ledger.origin(), checkpoint.checkpoint.size,
                                              merkle::ToHex(checkpoint.checkpoint.root)};
  std::vector<StoredEntry> entries = ledger.Entries(checkpoint.checkpoint.size);
  // Entries decode independently: each thread takes the next one and fills
  // its slot, so the claims and the first error are those of entry order.
  std::vector<std::optional<Claim>> decoded(entries.size());
  std::vector<std::string> errors(entries.size());
  ForEachOnThreads(entries.size(), ThreadsOrHardware(threads),
                   [&](size_t, size_t i) { decoded[i] = DecodeEntry(entries[i], &errors[i]); });
  claims->reserve(claims->size() + entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!decoded[i]) {
      *error = std::move(errors[i]);
      return false;
    }
    claims->push_back(std::move(*decoded[i]));
    ReportInputs::Input input;
    input.id = claims->back().id;
    input.source = fmt::format("entry {}", entries[i].index);
    input.verified = true;
    input.signed_by = std::move(entries[i].key_ids);
    input.entry = entries[i].index;
    inputs->inputs.push_back(std::move(input));
  }
  return true;
}

}  // namespace gridlaw::app
