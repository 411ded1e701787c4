// RFC 9162 §2.1 over a tree stored as complete subtrees: roots, inclusion and
// consistency proofs (generation walks MTH's own splits; every hash it needs
// is a fold of complete subtrees), their verification, and MemoryTree.

#include "merkle/merkle.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace gridlaw::merkle {
namespace {

// MTH splits n > 1 leaves at the largest power of two below n (RFC 9162 §2.1.1).
uint64_t SplitOf(uint64_t leaves) {
  return std::bit_floor(leaves - 1);
}

// MTH of leaves [begin, end), end > begin, for a slice that MTH's own splits
// produce. Such a slice starts at a multiple of its length rounded up to a
// power of two, so it falls apart into complete subtrees, largest first, one
// per set bit of its length. MTH splits off the largest power of two each
// time, so its hash is those subtrees folded from the right. O(log n) reads.
Hash RangeHash(uint64_t begin, uint64_t end, const SubtreeReader& read) {
  std::array<Hash, 64> subtrees;
  size_t count = 0;
  for (uint64_t at = begin, remaining = end - begin; remaining != 0;) {
    const int level = static_cast<int>(std::bit_width(remaining)) - 1;
    subtrees[count++] = read(level, at >> level);
    at += uint64_t{1} << level;
    remaining -= uint64_t{1} << level;
  }
  Hash hash = subtrees[count - 1];
  for (size_t i = count - 1; i-- > 0;) {
    hash = NodeHash(subtrees[i], hash);
  }
  return hash;
}

// Calls sibling(begin, end) for the slice behind each hash of
// PATH(index, D[size]), from the root down (the reverse of the proof's
// order). Needs index < size. Each step halves the slice: at most 64 steps.
template <typename Visit>
void WalkInclusionPath(uint64_t index, uint64_t size, Visit&& sibling) {
  uint64_t begin = 0;
  uint64_t end = size;
  while (end - begin > 1) {
    const uint64_t split = begin + SplitOf(end - begin);
    if (index < split) {
      sibling(split, end);
      end = split;
    } else {
      sibling(begin, split);
      begin = split;
    }
  }
}

// Calls part(begin, end) for the slice behind each hash of
// PROOF(old_size, D[new_size]) = SUBPROOF(old_size, D[new_size], true), from
// the root down (the reverse of the proof's order). Needs
// 0 < old_size <= new_size. The slice [begin, end) always has
// begin < old_size <= end, so it ends, within 64 halvings, at one whose end is
// old_size: the old tree's last complete subtree, whose hash is part of the
// proof unless that slice is the whole old tree (the verifier holds its root).
template <typename Visit>
void WalkConsistencyProof(uint64_t old_size, uint64_t new_size, Visit&& part) {
  uint64_t begin = 0;
  uint64_t end = new_size;
  bool whole_old_tree = true;  // SUBPROOF's b: the slice is still [0, end)
  while (old_size != end) {
    const uint64_t split = begin + SplitOf(end - begin);
    if (old_size <= split) {
      part(split, end);
      end = split;
    } else {
      part(begin, split);
      begin = split;
      whole_old_tree = false;
    }
  }
  if (!whole_old_tree) part(begin, end);
}

size_t InclusionProofLength(uint64_t index, uint64_t size) {
  size_t length = 0;
  WalkInclusionPath(index, size, [&](uint64_t, uint64_t) { ++length; });
  return length;
}

size_t ConsistencyProofLength(uint64_t old_size, uint64_t new_size) {
  size_t length = 0;
  WalkConsistencyProof(old_size, new_size, [&](uint64_t, uint64_t) { ++length; });
  return length;
}

std::string WrongLength(size_t length, size_t expected) {
  return fmt::format("proof has {} hashes, expected {}", length, expected);
}

// RFC 9162's "right-shift fn and sn equally until LSB(fn) is set or fn is 0".
void ShiftToSetBitOrZero(uint64_t& fn, uint64_t& sn) {
  while ((fn & 1) == 0 && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

std::vector<StoredNode> NodesCompletedByAppend(uint64_t index, const Hash& leaf_hash,
                                               const SubtreeReader& read) {
  std::vector<StoredNode> completed{{0, index, leaf_hash}};
  // A node completes its parent when it is a right child (odd index); the
  // parent is the left sibling, complete already, hashed with it.
  StoredNode node = completed.back();
  while ((node.index & 1) != 0) {
    const Hash left = read(node.level, node.index - 1);
    node = {node.level + 1, node.index >> 1, NodeHash(left, node.hash)};
    completed.push_back(node);
  }
  return completed;
}

Hash RootOf(uint64_t size, const SubtreeReader& read) {
  return size == 0 ? EmptyRoot() : RangeHash(0, size, read);
}

std::vector<Hash> InclusionProof(uint64_t index, uint64_t size, const SubtreeReader& read) {
  if (index >= size) {
    throw std::invalid_argument(
        fmt::format("inclusion proof: index {} is not below tree size {}", index, size));
  }
  std::vector<Hash> proof;
  WalkInclusionPath(index, size, [&](uint64_t begin, uint64_t end) {
    proof.push_back(RangeHash(begin, end, read));
  });
  std::reverse(proof.begin(), proof.end());
  return proof;
}

std::vector<Hash> ConsistencyProof(uint64_t old_size, uint64_t new_size,
                                   const SubtreeReader& read) {
  if (old_size == 0 || old_size > new_size) {
    throw std::invalid_argument(fmt::format(
        "consistency proof: needs 0 < old size <= new size, got {} and {}", old_size, new_size));
  }
  std::vector<Hash> proof;
  WalkConsistencyProof(old_size, new_size, [&](uint64_t begin, uint64_t end) {
    proof.push_back(RangeHash(begin, end, read));
  });
  std::reverse(proof.begin(), proof.end());
  return proof;
}

std::string VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                            std::span<const Hash> proof, const Hash& root) {
  if (index >= size) return fmt::format("index {} is not below tree size {}", index, size);
  // Not a step of the RFC, whose loop below refuses a wrong length too; this
  // says so plainly and bounds the work before any hashing.
  const size_t expected = InclusionProofLength(index, size);
  if (proof.size() != expected) return WrongLength(proof.size(), expected);

  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash computed = leaf_hash;
  for (const Hash& sibling : proof) {
    if (sn == 0) return "proof is longer than the path to the root";
    if ((fn & 1) != 0 || fn == sn) {
      computed = NodeHash(sibling, computed);
      ShiftToSetBitOrZero(fn, sn);
    } else {
      computed = NodeHash(computed, sibling);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return "proof is shorter than the path to the root";
  if (computed != root) return "computed root differs";
  return "";
}

std::string VerifyConsistency(uint64_t old_size, uint64_t new_size, std::span<const Hash> proof,
                              const Hash& old_root, const Hash& new_root) {
  if (old_size == 0) return "old tree size is 0: nothing to prove about the empty tree";
  if (old_size > new_size) {
    return fmt::format("old tree size {} exceeds new tree size {}", old_size, new_size);
  }
  if (old_size == new_size) {
    if (!proof.empty()) return WrongLength(proof.size(), 0);
    if (old_root != new_root) return "roots differ though the tree sizes are equal";
    return "";
  }
  // At least one hash from here on, so the RFC's "empty path fails" step holds.
  const size_t expected = ConsistencyProofLength(old_size, new_size);
  if (proof.size() != expected) return WrongLength(proof.size(), expected);

  // When the old tree is a perfect subtree its root is the proof's implicit
  // first hash: the RFC prepends it, this starts from it.
  const bool old_tree_is_perfect = std::has_single_bit(old_size);
  auto next = proof.begin();
  Hash old_computed = old_tree_is_perfect ? old_root : *next++;
  Hash new_computed = old_computed;
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {  // ends: fn < UINT64_MAX has a zero bit
    fn >>= 1;
    sn >>= 1;
  }
  for (; next != proof.end(); ++next) {
    if (sn == 0) return "proof is longer than the path to the root";
    if ((fn & 1) != 0 || fn == sn) {
      old_computed = NodeHash(*next, old_computed);
      new_computed = NodeHash(*next, new_computed);
      ShiftToSetBitOrZero(fn, sn);
    } else {
      new_computed = NodeHash(new_computed, *next);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return "proof is shorter than the path to the root";
  if (old_computed != old_root) return "computed old root differs";
  if (new_computed != new_root) return "computed new root differs";
  return "";
}

uint64_t MemoryTree::Append(std::string_view entry) {
  const uint64_t index = size();
  for (const StoredNode& node : NodesCompletedByAppend(index, LeafHash(entry), reader())) {
    const auto level = static_cast<size_t>(node.level);
    if (levels_.size() <= level) levels_.resize(level + 1);
    // Subtrees of one level complete in index order, so node.index is the
    // level's next slot.
    levels_[level].push_back(node.hash);
  }
  return index;
}

void MemoryTree::RequireSize(uint64_t size) const {
  if (size > this->size()) {
    throw std::out_of_range(
        fmt::format("tree size {} exceeds the {} leaves held", size, this->size()));
  }
}

Hash MemoryTree::Root(uint64_t size) const {
  RequireSize(size);
  return RootOf(size, reader());
}

std::vector<Hash> MemoryTree::InclusionProof(uint64_t index, uint64_t size) const {
  RequireSize(size);
  return merkle::InclusionProof(index, size, reader());
}

std::vector<Hash> MemoryTree::ConsistencyProof(uint64_t old_size, uint64_t new_size) const {
  RequireSize(new_size);
  return merkle::ConsistencyProof(old_size, new_size, reader());
}

SubtreeReader MemoryTree::reader() const {
  return [this](int level, uint64_t index) -> Hash {
    if (level < 0 || static_cast<size_t>(level) >= levels_.size() ||
        index >= levels_[static_cast<size_t>(level)].size()) {
      throw std::out_of_range(
          fmt::format("no complete subtree at level {} index {} in memory tree", level, index));
    }
    return levels_[static_cast<size_t>(level)][index];
  };
}

}  // namespace gridlaw::merkle
