#include "records/evaluate_records.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <memory>
#include <unordered_map>

#include "records/line_reader.h"

namespace gridlaw {
namespace {

constexpr size_t kBatch = 2048;

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Reads records batch by batch, refusing duplicate ids.
class RecordSource {
 public:
  RecordSource(const Schema& schema, std::FILE* file)
      : decoder_(schema), lines_(file, kMaxRecordLineBytes) {}

  // Up to `max` records appended to `out`; false with `error` on a bad line.
  bool Read(size_t max, std::vector<Claim>* out, bool* done, RecordError* error) {
    *done = false;
    for (size_t n = 0; n < max; ++n) {
      std::string_view line;
      const LineReader::Status status = lines_.Next(&line);
      if (status == LineReader::Status::kEnd) {
        *done = true;
        return true;
      }
      if (status != LineReader::Status::kLine) {
        error->line = lines_.line_number() + 1;
        error->pointer.clear();
        error->message = status == LineReader::Status::kTooLong
                             ? fmt::format("a line of more than {} bytes", kMaxRecordLineBytes)
                             : "read error";
        return false;
      }
      auto claim = decoder_.Decode(line, error);
      if (!claim) {
        error->line = lines_.line_number();
        return false;
      }
      const auto [it, fresh] = first_line_.emplace(claim->id, lines_.line_number());
      if (!fresh) {
        error->line = lines_.line_number();
        error->pointer = "/" + claim->schema->stream->subject_field;
        error->message =
            fmt::format("the id '{}' was already used on line {}: one record per subject",
                        claim->id, it->second);
        return false;
      }
      latest_end_ = std::max(latest_end_, claim->period_end);
      out->push_back(std::move(*claim));
    }
    return true;
  }
  uint64_t bytes() const { return lines_.bytes_read(); }
  uint64_t records() const { return first_line_.size(); }
  int64_t latest_end() const { return latest_end_; }

 private:
  RecordDecoder decoder_;
  LineReader lines_;
  std::unordered_map<std::string, uint64_t> first_line_;  // id → line
  int64_t latest_end_ = 0;
};

std::unique_ptr<std::FILE, FileCloser> Open(const std::string& path, RecordError* error) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) error->message = fmt::format("cannot open {}", path);
  return file;
}

}  // namespace

std::optional<RunTally> EvaluateRecordFile(const Program& program, const std::string& path,
                                           const RecordRunOptions& options, RecordRunStats* stats,
                                           RecordError* error) {
  const Schema& schema = *program.checked().schema;
  auto file = Open(path, error);
  if (!file) return std::nullopt;
  RecordSource source(schema, file.get());
  RunTally tally = RunTally::For(program);
  EvaluationScratch scratch;
  // Without --at every record is evaluated (each is its own subject, and
  // its period ends by the latest end); the date is known at the end.
  const int64_t at = options.at.value_or(std::numeric_limits<int64_t>::max());
  std::vector<Claim> batch;
  batch.reserve(kBatch);
  for (bool done = false; !done;) {
    batch.clear();
    const auto t0 = Clock::now();
    if (!source.Read(kBatch, &batch, &done, error)) return std::nullopt;
    const auto t1 = Clock::now();
    for (const Claim& claim : batch)
      tally.Add(EvaluateRecord(program, claim, at, &scratch));
    const auto t2 = Clock::now();
    stats->decode_seconds += Seconds(t0, t1);
    stats->eval_seconds += Seconds(t1, t2);
    if (options.on_progress) options.on_progress(source.bytes(), source.records());
  }
  stats->records = source.records();
  stats->bytes = source.bytes();
  tally.evaluated_at = options.at.value_or(source.latest_end());
  return tally;
}

std::optional<std::vector<Claim>> ReadRecordFile(
    const Schema& schema, const std::string& path, RecordError* error,
    const std::function<void(uint64_t bytes, uint64_t records)>& on_progress) {
  auto file = Open(path, error);
  if (!file) return std::nullopt;
  RecordSource source(schema, file.get());
  std::vector<Claim> claims;
  for (bool done = false; !done;) {
    if (!source.Read(kBatch, &claims, &done, error)) return std::nullopt;
    if (on_progress) on_progress(source.bytes(), source.records());
  }
  return claims;
}

}  // namespace gridlaw
