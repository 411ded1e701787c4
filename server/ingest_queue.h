#pragma once
// The single writer of the intake server. Request threads hand their
// envelopes to Submit(); one thread owns the writable Ledger and appends
// them in batches: it takes everything queued (up to `max_batch`), waits at
// most `batch_window` for more, and ingests the lot in one Ledger::Ingest —
// one transaction, one signed checkpoint, one fsync. Only after that commit
// does it fulfil each submission's future, so a request thread that answers
// 201 or 200 answers for an entry that is on disk.
//
// Batching is what makes concurrent intake cheap: SQLite admits one writer
// at a time and the cost of a commit (fsync, checkpoint signature) is paid
// once per batch, not once per envelope.
//
// Thread safety: Submit() may be called from any number of threads; Stop()
// from any one thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "crypto/private_key.h"
#include "store/ledger.h"

namespace gridlaw::server {

struct IngestQueueOptions {
  size_t max_batch = 256;
  std::chrono::microseconds batch_window{2000};
  // The time of receipt of each batch (nanoseconds since the epoch); the
  // library never reads the clock itself.
  std::function<int64_t()> clock;
};

// What became of one submission.
struct IngestOutcome {
  // Set when the batch could not be committed (nothing of it was stored);
  // `result` is then meaningless.
  std::optional<LedgerError> failure;
  IngestResult result;
};

class IngestQueue {
 public:
  // Takes the writable ledger and its signing key, and starts the writer.
  IngestQueue(Ledger ledger, PrivateKey ledger_key, IngestQueueOptions options);
  ~IngestQueue();
  IngestQueue(const IngestQueue&) = delete;
  IngestQueue& operator=(const IngestQueue&) = delete;

  // Queues an envelope; the future is fulfilled after the batch holding it
  // is committed (or failed). nullopt once Stop() has begun.
  std::optional<std::future<IngestOutcome>> Submit(Submission submission);

  // Takes no more submissions, commits everything already queued, joins the
  // writer and closes the ledger. Idempotent.
  void Stop();

  // Batches committed or failed so far (for the shutdown line).
  uint64_t batches() const;

 private:
  struct Pending {
    Submission submission;
    std::promise<IngestOutcome> promise;
  };

  void WriterLoop();
  void IngestBatch(std::vector<Pending>& batch);

  std::optional<Ledger> ledger_;  // used by the writer thread only
  PrivateKey ledger_key_;
  IngestQueueOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  uint64_t batches_ = 0;

  std::thread writer_;
};

}  // namespace gridlaw::server
