#pragma once
// The line on which each record id was first seen: the admission check of a
// record stream (one record per subject, SPEC §22.1).
//
// A stream of a million records admits a million ids, one at a time, on the
// path every record takes. A node-based map pays an allocation and two or
// three cache misses per id and keeps ~70 bytes per id alive; this table
// keeps the ids' bytes end to end in one buffer and an open-addressing index
// of 8-byte slots (32 bits of the hash and the entry), so that an insert is
// usually one cache miss and no allocation, and an id costs its length plus
// ~40 bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridlaw {

class IdLines {
 public:
  // Records `id` as first seen on `line`, or, if it was seen before, returns
  // that line and changes nothing.
  std::optional<uint64_t> Insert(std::string_view id, uint64_t line);
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    uint64_t hash;
    uint64_t line;
    uint64_t offset;  // of the id in bytes_
    uint64_t length;
  };
  // An index slot: the entry's position plus one (0 is empty), and the low
  // 32 bits of its hash, compared before the entry is touched.
  struct Slot {
    uint32_t hash_low = 0;
    uint32_t entry = 0;
  };

  std::string_view IdOf(const Entry& e) const {
    return std::string_view(bytes_).substr(e.offset, e.length);
  }
  void Grow();

  std::string bytes_;
  std::vector<Entry> entries_;
  std::vector<Slot> slots_;  // a power of two in size; at most half full
};

}  // namespace gridlaw
