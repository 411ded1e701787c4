#pragma once
// A receipt: the ledger's proof to a provider that an envelope was recorded.
// Canonical JSON (sorted keys, no whitespace, final newline):
//
//   {"checkpoint": <the signed checkpoint envelope, a DSSE object>,
//    "entry": <index>, "envelope_sha256": "<hex>",
//    "format": "gridlaw-receipt/v1",
//    "inclusion_proof": ["<hex>", …], "leaf_hash": "<hex>",
//    "tree_size": <the checkpoint's size>}
//
// It verifies offline with nothing but the trust store: the checkpoint's
// signature (a ledger key valid when it was signed), the checkpoint's size,
// and the inclusion proof of leaf_hash at entry under the checkpoint's root.
// Against a later checkpoint, a consistency proof shows the entry is still
// there.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checkpoint/checkpoint.h"
#include "merkle/merkle.h"
#include "trust/trust_store.h"

namespace gridlaw {

struct ReceiptData {
  uint64_t entry = 0;
  merkle::Hash leaf_hash{};
  std::string envelope_sha256;
  uint64_t tree_size = 0;
  std::vector<merkle::Hash> inclusion_proof;
  std::string checkpoint_envelope;  // DSSE envelope text
};

std::string SerializeReceipt(const ReceiptData& receipt);
std::optional<ReceiptData> ParseReceipt(std::string_view text, std::string* error);

// Verifies a checkpoint envelope (signature by a ledger key of `trust`
// valid at the checkpoint's time, strict text). nullopt with `error` set otherwise.
std::optional<Checkpoint> VerifyCheckpointEnvelope(std::string_view envelope,
                                                   const TrustStore& trust, std::string* error);

struct ReceiptCheck {
  std::optional<std::string_view> envelope;  // the submitted bytes, when at hand
  // A later checkpoint (its envelope) and the consistency proof from the
  // receipt's tree size to it.
  std::optional<std::string_view> later_checkpoint;
  std::span<const merkle::Hash> consistency_proof;
};

// "" when the receipt holds; otherwise the first reason it does not.
std::string VerifyReceipt(const ReceiptData& receipt, const TrustStore& trust,
                          const ReceiptCheck& check = {});

}  // namespace gridlaw
