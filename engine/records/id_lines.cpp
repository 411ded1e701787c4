#include "records/id_lines.h"

#include <functional>
#include <limits>
#include <stdexcept>

namespace gridlaw {

std::optional<uint64_t> IdLines::Insert(std::string_view id, uint64_t line) {
  if (entries_.size() + 1 > slots_.size() / 2) Grow();
  const uint64_t hash = std::hash<std::string_view>{}(id);
  const auto hash_low = static_cast<uint32_t>(hash);
  const size_t mask = slots_.size() - 1;
  // Linear probing from the hash's high bits (the low ones are in the slot).
  for (size_t i = static_cast<size_t>(hash >> 32) & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.entry == 0) {
      entries_.push_back(
          {.hash = hash, .line = line, .offset = bytes_.size(), .length = id.size()});
      bytes_.append(id);
      slot = {.hash_low = hash_low, .entry = static_cast<uint32_t>(entries_.size())};
      return std::nullopt;
    }
    if (slot.hash_low != hash_low) continue;
    const Entry& e = entries_[slot.entry - 1];
    if (e.hash == hash && IdOf(e) == id) return e.line;
  }
}

void IdLines::Grow() {
  // Entries are numbered from 1 in 32 bits: four billion ids.
  if (entries_.size() >= std::numeric_limits<uint32_t>::max() - 1)
    throw std::length_error("more than 4294967294 record ids");
  std::vector<Slot> slots(slots_.empty() ? 1024 : slots_.size() * 2);
  const size_t mask = slots.size() - 1;
  for (size_t n = 0; n < entries_.size(); ++n) {
    const uint64_t hash = entries_[n].hash;
    size_t i = static_cast<size_t>(hash >> 32) & mask;
    while (slots[i].entry != 0)
      i = (i + 1) & mask;
    slots[i] = {.hash_low = static_cast<uint32_t>(hash), .entry = static_cast<uint32_t>(n + 1)};
  }
  slots_ = std::move(slots);
}

}  // namespace gridlaw
