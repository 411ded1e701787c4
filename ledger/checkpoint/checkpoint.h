#pragma once
// A checkpoint: the ledger's signed statement of its tree at one size. The
// signed text (payloadType application/vnd.gridlaw.checkpoint) is five
// lines, each ending in "\n", nothing else:
//
//   gridlaw-checkpoint/v1
//   origin <the ledger's name: 1 to 64 of [A-Za-z0-9._-]>
//   size <tree size, decimal, no leading zeros>
//   root <Merkle tree hash, 64 lower-case hex digits>
//   time <RFC 3339 instant, UTC, as the ledger wrote it>
//
// Parsing is strict: any other byte sequence is refused, so one checkpoint
// has exactly one text and one signature to compare.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "merkle/merkle.h"

namespace gridlaw {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  merkle::Hash root{};
  int64_t time = 0;  // nanoseconds since the epoch
};

bool IsValidOrigin(std::string_view origin);

std::string SerializeCheckpoint(const Checkpoint& checkpoint);

// nullopt with `error` set when the text is not exactly a checkpoint.
std::optional<Checkpoint> ParseCheckpoint(std::string_view text, std::string* error);

}  // namespace gridlaw
