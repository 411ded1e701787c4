#pragma once
// The ledger's Merkle tree: RFC 9162 (Certificate Transparency v2) §2.1
// hashing, inclusion and consistency proofs, and their verification.
//
// A tree is kept as its complete (perfect) subtrees: the subtree at `level`
// and `index` covers leaves [index << level, (index + 1) << level). Once
// complete such a subtree never changes, so a store of them is append-only,
// and every root or proof of any tree size up to the current one is a fold of
// O(log n) of them. Generation reads them through a SubtreeReader, so the same
// code serves the SQLite store and MemoryTree below.
//
// A proof does not bind the tree size on its own: for some sizes n and n + 1
// the very same hashes verify (RFC 9162 hashes no sizes). Whoever relies on a
// size must get it from a signed checkpoint together with the root.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gridlaw::merkle {

using Hash = std::array<uint8_t, 32>;

// SHA-256(0x00 || entry): the hash of one leaf (RFC 9162 §2.1.1).
Hash LeafHash(std::string_view entry);
// SHA-256(0x01 || left || right): the hash of an interior node.
Hash NodeHash(const Hash& left, const Hash& right);
// SHA-256 of the empty string: the root of the tree with no leaves.
Hash EmptyRoot();

// 64 lower-case hex digits, how the ledger stores and prints hashes.
std::string ToHex(const Hash& hash);
// The inverse of ToHex; only its exact spelling (64 lower-case hex digits) is accepted.
std::optional<Hash> HashFromHex(std::string_view hex);

// The hash of the complete subtree at (level, index). Proof generation asks
// only for subtrees that are complete in the tree it was given the size of.
using SubtreeReader = std::function<Hash(int level, uint64_t index)>;

struct StoredNode {
  int level = 0;
  uint64_t index = 0;
  Hash hash{};
  bool operator==(const StoredNode&) const = default;
};

// The complete subtrees that appending leaf number `index` (the tree had
// `index` leaves before) completes: (0, index, leaf_hash) first, then each
// parent it completes, upward. Reads the left sibling of each through `read`.
std::vector<StoredNode> NodesCompletedByAppend(uint64_t index, const Hash& leaf_hash,
                                               const SubtreeReader& read);

// MTH of the first `size` leaves; EmptyRoot() for 0.
Hash RootOf(uint64_t size, const SubtreeReader& read);
// PATH(index, D[size]) of RFC 9162 §2.1.3.1, the leaf's sibling first.
// Throws std::invalid_argument unless index < size.
std::vector<Hash> InclusionProof(uint64_t index, uint64_t size, const SubtreeReader& read);
// PROOF(old_size, D[new_size]) of RFC 9162 §2.1.4.1; empty when the sizes are
// equal. Throws std::invalid_argument unless 0 < old_size <= new_size.
std::vector<Hash> ConsistencyProof(uint64_t old_size, uint64_t new_size, const SubtreeReader& read);

// RFC 9162 §2.1.3.2 and §2.1.4.2. Each returns "" when the proof holds, else
// a short English reason. Any input is safe: sizes, indexes and proof lengths
// are checked before any hashing, and the work is bounded by 64 levels.
std::string VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                            std::span<const Hash> proof, const Hash& root);
// Equal sizes hold with an empty proof and equal roots; an old size of 0 is
// refused, since there is nothing to prove about the empty tree.
std::string VerifyConsistency(uint64_t old_size, uint64_t new_size, std::span<const Hash> proof,
                              const Hash& old_root, const Hash& new_root);

// A whole tree in memory, for tests and for anyone who holds every leaf.
class MemoryTree {
 public:
  // Appends one entry (its leaf hash is LeafHash(entry)); returns its index.
  uint64_t Append(std::string_view entry);

  uint64_t size() const { return levels_.empty() ? 0 : levels_.front().size(); }
  Hash Root() const { return Root(size()); }
  // The sizes below must not exceed size(), else std::out_of_range.
  Hash Root(uint64_t size) const;
  std::vector<Hash> InclusionProof(uint64_t index, uint64_t size) const;
  std::vector<Hash> ConsistencyProof(uint64_t old_size, uint64_t new_size) const;

  // Reads this tree's complete subtrees (std::out_of_range for any other);
  // valid while the tree lives.
  SubtreeReader reader() const;

 private:
  void RequireSize(uint64_t size) const;

  // levels_[level][index]: the complete subtree at (level, index).
  std::vector<std::vector<Hash>> levels_;
};

}  // namespace gridlaw::merkle
