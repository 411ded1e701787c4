#include "audit/audit.h"

#include <SQLiteCpp/Statement.h>

#include <bit>
#include <cstring>
#include <map>

#include "digest/sha256.h"
#include "dsse/envelope.h"
#include "intake/signed_document.h"
#include "receipt/receipt.h"

namespace gridlaw {
namespace {

AuditResult Problem(AuditResult result, std::string problem,
                    std::optional<uint64_t> entry = std::nullopt) {
  result.problem = std::move(problem);
  result.bad_entry = entry;
  return result;
}

}  // namespace

AuditResult AuditLedger(Ledger& ledger) {
  AuditResult result;
  // The tree recomputed from the envelopes: complete subtrees by (level, index).
  std::map<std::pair<int, uint64_t>, merkle::Hash> tree;
  const merkle::SubtreeReader read = [&tree](int level, uint64_t index) {
    const auto it = tree.find({level, index});
    return it == tree.end() ? merkle::Hash{} : it->second;
  };

  SQLite::Statement entries(ledger.database(),
                            "SELECT idx, envelope, sha256, leaf_hash FROM entries ORDER BY idx");
  while (entries.executeStep()) {
    const auto index = static_cast<uint64_t>(entries.getColumn(0).getInt64());
    if (index != result.entries) {
      return Problem(result, "entry " + std::to_string(result.entries) + " is missing",
                     result.entries);
    }
    const SQLite::Column column = entries.getColumn(1);
    const std::string envelope(static_cast<const char*>(column.getBlob()),
                               static_cast<size_t>(column.getBytes()));
    if (Sha256Hex(envelope) != entries.getColumn(2).getString()) {
      return Problem(
          result, "entry " + std::to_string(index) + ": its SHA-256 is not the stored one", index);
    }
    const merkle::Hash leaf = merkle::LeafHash(envelope);
    const SQLite::Column stored_leaf = entries.getColumn(3);
    if (stored_leaf.getBytes() != 32 ||
        std::memcmp(stored_leaf.getBlob(), leaf.data(), leaf.size()) != 0) {
      return Problem(result,
                     "entry " + std::to_string(index) + ": its leaf hash is not the stored one",
                     index);
    }
    auto parsed = ParseEnvelope(envelope);
    auto signers = parsed.ok()
                       ? TrustedSigners(*parsed, ledger.trust(), 1)
                       : Result<std::vector<const TrustedKey*>, AttestError>(parsed.error());
    if (!signers.ok()) {
      return Problem(result, "entry " + std::to_string(index) + ": " + Describe(signers.error()),
                     index);
    }
    for (const merkle::StoredNode& node : merkle::NodesCompletedByAppend(index, leaf, read)) {
      tree[{node.level, node.index}] = node.hash;
    }
    ++result.entries;
  }

  SQLite::Statement nodes(ledger.database(), "SELECT level, idx, hash FROM nodes");
  while (nodes.executeStep()) {
    const int level = nodes.getColumn(0).getInt();
    const auto index = static_cast<uint64_t>(nodes.getColumn(1).getInt64());
    const SQLite::Column hash = nodes.getColumn(2);
    const auto it = tree.find({level, index});
    const uint64_t first_leaf = level >= 0 && level < 64 ? index << level : 0;
    if (it == tree.end()) {
      return Problem(result,
                     "a tree node (level " + std::to_string(level) + ", index " +
                         std::to_string(index) + ") covers entries the ledger does not hold",
                     first_leaf);
    }
    if (hash.getBytes() != 32 || std::memcmp(hash.getBlob(), it->second.data(), 32) != 0) {
      return Problem(result,
                     "the tree node (level " + std::to_string(level) + ", index " +
                         std::to_string(index) + ") over entries " + std::to_string(first_leaf) +
                         " … " + std::to_string(first_leaf + (uint64_t{1} << level) - 1) +
                         " is not the hash of those entries",
                     first_leaf);
    }
    ++result.nodes;
  }
  const uint64_t expected_nodes =
      2 * result.entries - static_cast<uint64_t>(std::popcount(result.entries));
  if (result.nodes != expected_nodes) {
    return Problem(result, std::to_string(expected_nodes - result.nodes) +
                               " tree node(s) are missing from the store");
  }

  std::optional<Checkpoint> previous;
  for (const StoredCheckpoint& stored : ledger.Checkpoints()) {
    const uint64_t size = stored.checkpoint.size;
    const std::string which = "checkpoint at size " + std::to_string(size);
    if (size == 0 || size > result.entries) {
      // The log was cut short: the first entry the signed checkpoint covers
      // and the ledger no longer holds.
      return Problem(result,
                     which + " is beyond the " + std::to_string(result.entries) +
                         " entries the ledger holds: entries from " +
                         std::to_string(result.entries) + " on are missing",
                     result.entries);
    }
    std::string error;
    const auto signed_checkpoint =
        VerifyCheckpointEnvelope(stored.envelope, ledger.trust(), &error);
    if (!signed_checkpoint) return Problem(result, which + ": " + error, size - 1);
    const merkle::Hash root = merkle::RootOf(size, read);
    if (signed_checkpoint->size != size || signed_checkpoint->root != stored.checkpoint.root ||
        signed_checkpoint->origin != ledger.origin()) {
      return Problem(result, which + ": the signed text does not match the stored row", size - 1);
    }
    if (root != signed_checkpoint->root) {
      // The signed root is what the ledger promised: entries it covers were
      // rewritten since, with hashes recomputed to match. The checkpoints
      // before it still hold, so the change lies after the previous one.
      const uint64_t from = previous ? previous->size : 0;
      return Problem(result,
                     which + ": the signed root " + merkle::ToHex(signed_checkpoint->root) +
                         " is not the root " + merkle::ToHex(root) +
                         " of the stored entries: an entry in " + std::to_string(from) + " … " +
                         std::to_string(size - 1) + " was rewritten",
                     from);
    }
    if (previous) {
      const auto proof = merkle::ConsistencyProof(previous->size, size, read);
      const std::string consistency =
          merkle::VerifyConsistency(previous->size, size, proof, previous->root, root);
      if (!consistency.empty()) return Problem(result, which + ": " + consistency);
      if (signed_checkpoint->time < previous->time) {
        return Problem(result, which + " is dated before the checkpoint before it");
      }
    }
    previous = signed_checkpoint;
    ++result.checkpoints;
  }
  return result;
}

}  // namespace gridlaw
