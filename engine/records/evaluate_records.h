#pragma once
// Evaluation of a record stream (SPEC.md §22): a JSON Lines file of a
// record-stream schema, read in batches so that memory stays bounded by the
// batch, not the file. Each record is its own subject.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "claims/claims.h"
#include "eval/program.h"
#include "eval/tally.h"
#include "records/record_decoder.h"

namespace gridlaw {

struct RecordRunOptions {
  // Evaluation date (days); default: the latest period end in the file.
  std::optional<int64_t> at;
  // Threads that decode and evaluate; 0: every hardware thread. The counts
  // do not depend on it.
  unsigned threads = 0;
  // Called after each batch: bytes and records read so far.
  std::function<void(uint64_t bytes, uint64_t records)> on_progress;
};

// Where the time went (for `gridlaw bench` and people; never in reports).
// Each thread decodes 32 records and evaluates them at once, so the phases are
// apart only in the threads' clocks. Evaluation is measured twice, each as
// the threads' time in the evaluator divided by the number of threads: by
// their CPU clocks (the evaluator's cost: a thread that waits for a core is
// not charged) and by the wall clock; load+decode is the rest of the run's
// wall time (reading, decoding, admitting ids).
struct RecordRunStats {
  uint64_t records = 0;
  uint64_t bytes = 0;
  unsigned threads = 0;
  double decode_seconds = 0;     // wall time minus eval_wall_seconds
  double eval_cpu_seconds = 0;   // CPU time in the evaluator / threads
  double eval_wall_seconds = 0;  // wall time in the evaluator / threads
};

// Reads `path` and evaluates every record against `program` (whose schema
// must be a record-stream schema), keeping only the counts. A bad line
// stops the run: nullopt with `error` (line number and JSON pointer), and
// no counts; with several bad lines, the first in the file is reported.
// Duplicate record ids are refused (one subject, one record). Batches of
// lines are decoded and evaluated on `options.threads` threads, verdicts
// only (eval/verdicts.h): a summary shows no messages.
std::optional<RunTally> EvaluateRecordFile(const Program& program, const std::string& path,
                                           const RecordRunOptions& options, RecordRunStats* stats,
                                           RecordError* error);

// Reads every record of `path` (for per-subject reports of small streams),
// decoding on `threads` threads (0: every hardware thread); same errors.
std::optional<std::vector<Claim>> ReadRecordFile(
    const Schema& schema, const std::string& path, RecordError* error, unsigned threads = 0,
    const std::function<void(uint64_t bytes, uint64_t records)>& on_progress = {});

}  // namespace gridlaw
