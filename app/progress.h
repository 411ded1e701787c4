#pragma once
// A progress bar for long runs (ledger ingest, eval --records): done/total,
// rate and ETA, redrawn on stderr at most ten times a second — only when
// stderr is a terminal, so logs and pipes never see it.

#include <chrono>
#include <cstdint>
#include <string>

namespace gridlaw::app {

class Progress {
 public:
  // `total`: the amount of work in the unit Update counts (bytes, entries);
  // `items`: what the item count names ("records", "envelopes").
  Progress(std::string label, uint64_t total, std::string items);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done` of `total`, and how many items that is.
  void Update(uint64_t done, uint64_t items);
  // Clears the bar (idempotent).
  void Finish();
  bool enabled() const { return enabled_; }

 private:
  void Draw(uint64_t done, uint64_t items);

  std::string label_;
  uint64_t total_;
  std::string items_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace gridlaw::app
