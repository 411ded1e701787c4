#pragma once
// `gridlaw ledger verify`: trusts nothing the database says about itself.
// From the stored envelope bytes alone it recomputes every SHA-256, every
// leaf hash and every complete subtree of the Merkle tree, compares them
// with the stored ones, checks that each envelope is signed by a trusted
// key, recomputes the root at each checkpoint's size and checks the
// checkpoint's signature, text and consistency with the checkpoint before
// it. The first mismatch is reported with its entry index.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/ledger.h"

namespace gridlaw {

struct AuditResult {
  uint64_t entries = 0;
  uint64_t nodes = 0;
  uint64_t checkpoints = 0;
  std::string problem;                // "" when the ledger is intact
  std::optional<uint64_t> bad_entry;  // the first entry the problem concerns, if any
  bool intact() const { return problem.empty(); }
};

AuditResult AuditLedger(Ledger& ledger);

}  // namespace gridlaw
