#include "records/evaluate_records.h"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <thread>

#include "eval/verdicts.h"
#include "parallel/for_each_on_threads.h"
#include "records/id_lines.h"
#include "records/line_reader.h"

namespace gridlaw {
namespace {

// Lines per batch, and batches per thread in a round. A round's batches are
// claimed by whichever thread is free, so that a thread given slow lines
// does not keep the other waiting at the end of the round; rounds are large
// enough that starting their threads costs nothing measurable.
constexpr size_t kBatch = 512;
constexpr size_t kBatchesPerThread = 8;

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// The calling thread's CPU time: unlike the wall clock, it stops while the
// thread waits for a core (the reading thread is a third on two cores).
double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::unique_ptr<std::FILE, FileCloser> Open(const std::string& path, RecordError* error) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) error->message = fmt::format("cannot open {}", path);
  return file;
}

// Records are handed over in groups of this many, decoded one after the
// other: small enough that they are still in the cache when they are
// evaluated, large enough that timing the evaluation (two clock reads) and
// switching between decoder and evaluator code cost little per record.
constexpr size_t kGroup = 32;

// What a thread does with each group of records it decodes (thread index,
// index of the batch in its round, records in line order): keep them, or
// evaluate them and let them go while they are still in the cache.
using RecordSink = std::function<void(size_t thread, size_t batch, std::span<Claim> claims)>;

// Consecutive lines of the file, copied out of the reader's buffer so that
// another thread can decode them.
struct Batch {
  std::string text;
  std::vector<std::pair<size_t, size_t>> lines;  // offset and length in `text`
  uint64_t first_line = 0;                       // 1-based number of lines[0]
  // Of each decoded record, in line order: its id and period end, for admission.
  std::vector<std::string> ids;
  std::vector<int64_t> ends;
  std::optional<RecordError> error;  // the first bad line; records stop before it

  void Clear() {
    text.clear();
    lines.clear();
    ids.clear();
    ends.clear();
    error.reset();
  }
  void Decode(RecordDecoder* decoder, const RecordSink& sink, size_t thread, size_t index) {
    std::vector<Claim> group;
    group.reserve(kGroup);
    auto hand_over = [&] {
      if (!group.empty()) sink(thread, index, group);
      group.clear();
    };
    for (size_t i = 0; i < lines.size(); ++i) {
      RecordError e;
      auto claim =
          decoder->Decode(std::string_view(text).substr(lines[i].first, lines[i].second), &e);
      if (!claim) {
        e.line = first_line + i;
        error = std::move(e);
        break;
      }
      ids.push_back(claim->id);
      ends.push_back(claim->period_end);
      group.push_back(std::move(*claim));
      if (group.size() == kGroup) hand_over();
    }
    hand_over();
  }
};

// Runs `work(i)` for i in [0, n): i = 0 on this thread, the others on their own.
template <typename Work>
void RunEach(size_t n, const Work& work) {
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; ++i)
    threads.emplace_back([&work, i] { work(i); });
  if (n > 0) work(0);
  for (std::thread& t : threads)
    t.join();
}

// The batches of one round, filled with consecutive lines.
struct Round {
  std::vector<Batch> batches;
  size_t used = 0;                        // batches filled this round
  bool end = false;                       // the file has no lines after this round
  std::optional<RecordError> read_error;  // a line that could not be read ends the round
  bool last() const { return end || read_error.has_value(); }
};

// Reads the file round by round: kBatchesPerThread batches of lines per
// thread, decoded in parallel by whichever thread is free (each group of
// records handed to the sink), then admitted in file order (where duplicate
// ids are refused). Reading and admission are serial, so
// they run on a thread of their own beside the decoders: while round k is
// decoded, round k-1 is admitted and round k+1 read into its batches.
class RecordSource {
 public:
  RecordSource(const Schema& schema, std::FILE* file, unsigned threads)
      : schema_(schema), lines_(file, kMaxRecordLineBytes) {
    for (Round& round : rounds_)
      round.batches.resize(threads * kBatchesPerThread);
    for (unsigned i = 0; i < threads; ++i)
      decoders_.push_back(std::make_unique<RecordDecoder>(schema));
  }

  // The next round's records, each given to `sink` on the thread that
  // decoded it; false with `error` at the first bad line in the file (the
  // sink may have seen records after it: the caller drops what it made of
  // them); `done` when the file has no more lines.
  bool Read(const RecordSink& sink, bool* done, RecordError* error) {
    if (!primed_) {
      Fill(&rounds_[0]);
      primed_ = true;
    }
    Round& now = rounds_[turn_];
    Round& other = rounds_[turn_ ^ 1];  // the previous round, decoded; then the next one
    bool admitted = true;
    std::optional<RecordError> admission_error;
    std::thread background([&] {
      if (previous_pending_) admitted = AdmitRound(other, &admission_error);
      if (admitted && !now.last()) Fill(&other);
    });
    std::atomic<size_t> next_batch{0};
    RunEach(std::min(decoders_.size(), now.used), [&](size_t thread) {
      for (size_t i; (i = next_batch.fetch_add(1)) < now.used;)
        now.batches[i].Decode(decoders_[thread].get(), sink, thread, i);
    });
    background.join();
    if (!admitted) {
      *error = std::move(*admission_error);
      return false;
    }
    previous_pending_ = true;
    turn_ ^= 1;
    *done = false;
    if (now.last()) {  // nothing was read ahead: admit this round now
      previous_pending_ = false;
      std::optional<RecordError> last_error;
      if (!AdmitRound(now, &last_error)) {
        *error = std::move(*last_error);
        return false;
      }
      if (now.read_error) {
        *error = std::move(*now.read_error);
        return false;
      }
      *done = true;
    }
    return true;
  }

  // Counts of the records admitted so far; read between calls of Read.
  uint64_t bytes() const { return lines_.bytes_read(); }
  uint64_t records() const { return first_line_.size(); }
  int64_t latest_end() const { return latest_end_; }

 private:
  // Fills the batches of `round` with the next lines of the file.
  void Fill(Round* round) {
    size_t filled = 0;
    round->read_error.reset();
    for (; filled < round->batches.size() && !end_ && !round->read_error; ++filled) {
      Batch& batch = round->batches[filled];
      batch.Clear();
      batch.first_line = lines_.line_number() + 1;
      while (batch.lines.size() < kBatch) {
        std::string_view line;
        const LineReader::Status status = lines_.Next(&line);
        if (status == LineReader::Status::kEnd) {
          end_ = true;
          break;
        }
        if (status != LineReader::Status::kLine) {
          RecordError e;
          e.line = lines_.line_number() + 1;
          e.message = status == LineReader::Status::kTooLong
                          ? fmt::format("a line of more than {} bytes", kMaxRecordLineBytes)
                          : "read error";
          round->read_error = std::move(e);
          break;
        }
        batch.lines.emplace_back(batch.text.size(), line.size());
        batch.text.append(line);
      }
    }
    round->used = filled;
    round->end = end_;
  }

  bool AdmitRound(const Round& round, std::optional<RecordError>* error) {
    for (size_t i = 0; i < round.used; ++i) {
      RecordError e;
      if (!Admit(round.batches[i], &e)) {
        *error = std::move(e);
        return false;
      }
    }
    return true;
  }

  bool Admit(const Batch& batch, RecordError* error) {
    for (size_t i = 0; i < batch.ids.size(); ++i) {
      const std::string& id = batch.ids[i];
      const uint64_t line = batch.first_line + i;
      if (const std::optional<uint64_t> first = first_line_.Insert(id, line)) {
        error->line = line;
        error->pointer = "/" + schema_.stream->subject_field;
        error->message = fmt::format(
            "the id '{}' was already used on line {}: one record per subject", id, *first);
        return false;
      }
      latest_end_ = std::max(latest_end_, batch.ends[i]);
    }
    if (batch.error) {
      *error = *batch.error;
      return false;
    }
    return true;
  }

  const Schema& schema_;
  LineReader lines_;
  Round rounds_[2];
  size_t turn_ = 0;                // rounds_[turn_] is the next to decode
  bool primed_ = false;            // the first round has been read
  bool previous_pending_ = false;  // rounds_[turn_ ^ 1] is decoded but not admitted
  std::vector<std::unique_ptr<RecordDecoder>> decoders_;
  bool end_ = false;
  IdLines first_line_;
  int64_t latest_end_ = 0;
};

// One thread's evaluation state, kept across rounds.
struct Worker {
  Worker(const Program& program, int64_t at)
      : tally(RunTally::For(program)), verdicts(program), at(at) {}
  void Evaluate(std::span<const Claim> claims) {
    const auto start = Clock::now();
    const double cpu_start = ThreadCpuSeconds();
    for (const Claim& claim : claims) {
      verdicts.Evaluate(claim, at, &subject);
      tally.Add(subject);
    }
    evaluating_cpu += ThreadCpuSeconds() - cpu_start;
    evaluating += Clock::now() - start;
  }
  RunTally tally;
  VerdictEvaluator verdicts;
  int64_t at;
  SubjectVerdicts subject;
  Clock::duration evaluating{};  // wall time in Evaluate
  double evaluating_cpu = 0;     // this thread's CPU time in Evaluate
};

}  // namespace

std::optional<RunTally> EvaluateRecordFile(const Program& program, const std::string& path,
                                           const RecordRunOptions& options, RecordRunStats* stats,
                                           RecordError* error) {
  const Schema& schema = *program.checked().schema;
  auto file = Open(path, error);
  if (!file) return std::nullopt;
  const unsigned threads = ThreadsOrHardware(options.threads);
  RecordSource source(schema, file.get(), threads);
  // Without --at every record is evaluated (each is its own subject, and
  // its period ends by the latest end); the date is known at the end.
  const int64_t at = options.at.value_or(std::numeric_limits<int64_t>::max());
  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned i = 0; i < threads; ++i)
    workers.push_back(std::make_unique<Worker>(program, at));
  // Each group of records is evaluated as soon as it is decoded, on the
  // same thread, while it is in the cache; admission (duplicate ids) follows per round,
  // and a refused file gives no counts at all.
  const RecordSink evaluate = [&workers](size_t thread, size_t, std::span<Claim> claims) {
    workers[thread]->Evaluate(claims);
  };
  const auto start = Clock::now();
  for (bool done = false; !done;) {
    if (!source.Read(evaluate, &done, error)) return std::nullopt;
    if (options.on_progress) options.on_progress(source.bytes(), source.records());
  }
  const double wall = Seconds(start, Clock::now());
  RunTally tally = RunTally::For(program);
  Clock::duration evaluating{};
  double evaluating_cpu = 0;
  for (const auto& worker : workers) {
    tally.Merge(worker->tally);
    evaluating += worker->evaluating;
    evaluating_cpu += worker->evaluating_cpu;
  }
  stats->records = source.records();
  stats->bytes = source.bytes();
  stats->threads = threads;
  stats->eval_wall_seconds = std::chrono::duration<double>(evaluating).count() / threads;
  stats->eval_cpu_seconds = evaluating_cpu / threads;
  stats->decode_seconds = std::max(0.0, wall - stats->eval_wall_seconds);
  tally.evaluated_at = options.at.value_or(source.latest_end());
  return tally;
}

std::optional<std::vector<Claim>> ReadRecordFile(
    const Schema& schema, const std::string& path, RecordError* error, unsigned requested_threads,
    const std::function<void(uint64_t bytes, uint64_t records)>& on_progress) {
  auto file = Open(path, error);
  if (!file) return std::nullopt;
  const unsigned threads = ThreadsOrHardware(requested_threads);
  RecordSource source(schema, file.get(), threads);
  // Per batch of the round: each batch is decoded by one thread.
  std::vector<std::vector<Claim>> decoded(threads * kBatchesPerThread);
  const RecordSink keep = [&decoded](size_t, size_t batch, std::span<Claim> claims) {
    std::move(claims.begin(), claims.end(), std::back_inserter(decoded[batch]));
  };
  std::vector<Claim> claims;
  for (bool done = false; !done;) {
    if (!source.Read(keep, &done, error)) return std::nullopt;
    // In batch order, the records are in file order.
    for (std::vector<Claim>& batch : decoded) {
      std::move(batch.begin(), batch.end(), std::back_inserter(claims));
      batch.clear();
    }
    if (on_progress) on_progress(source.bytes(), source.records());
  }
  return claims;
}

}  // namespace gridlaw
