// The intake server's single writer (ingest_queue.h).

#include "ingest_queue.h"

#include <exception>
#include <vector>

namespace gridlaw::server {

IngestQueue::IngestQueue(Ledger ledger, PrivateKey ledger_key, IngestQueueOptions options)
    : ledger_(std::move(ledger)), ledger_key_(std::move(ledger_key)), options_(std::move(options)) {
  if (options_.max_batch == 0) options_.max_batch = 1;
  writer_ = std::thread(&IngestQueue::WriterLoop, this);
}

IngestQueue::~IngestQueue() {
  Stop();
}

std::optional<std::future<IngestOutcome>> IngestQueue::Submit(Submission submission) {
  Pending pending{std::move(submission), {}};
  std::future<IngestOutcome> future = pending.promise.get_future();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return std::nullopt;
    queue_.push_back(std::move(pending));
  }
  wake_.notify_one();
  return future;
}

void IngestQueue::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
  ledger_.reset();  // closes the database: the WAL is checkpointed into the file
}

uint64_t IngestQueue::batches() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

void IngestQueue::WriterLoop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;  // stopping, and everything queued is committed
    // Other requests are likely on their way: let them join this batch
    // rather than pay for a commit each. A full batch or Stop() ends the wait.
    if (!stopping_ && queue_.size() < options_.max_batch) {
      wake_.wait_for(lock, options_.batch_window,
                     [this] { return queue_.size() >= options_.max_batch || stopping_; });
    }
    std::vector<Pending> batch;
    const size_t count = std::min(queue_.size(), options_.max_batch);
    batch.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    IngestBatch(batch);
    lock.lock();
    ++batches_;
  }
}

void IngestQueue::IngestBatch(std::vector<Pending>& batch) {
  std::vector<Submission> submissions;
  submissions.reserve(batch.size());
  for (Pending& pending : batch)
    submissions.push_back(std::move(pending.submission));

  std::optional<LedgerError> failure;
  std::vector<IngestResult> results;
  try {
    auto ingested = ledger_->Ingest(submissions, options_.clock(), ledger_key_);
    if (ingested.ok()) {
      results = std::move(ingested).value();
    } else {
      failure = ingested.error();
    }
  } catch (const std::exception& e) {
    // Ingest reports SQLite's failures itself; anything else (out of
    // memory) still must not leave a request waiting forever.
    failure = LedgerError{"H007", "internal-error", std::string("ingesting a batch: ") + e.what()};
  }
  if (!failure && results.size() != batch.size()) {
    failure = LedgerError{"H007", "internal-error", "the ledger answered for another batch size"};
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    IngestOutcome outcome;
    if (failure) {
      outcome.failure = failure;
    } else {
      outcome.result = std::move(results[i]);
    }
    batch[i].promise.set_value(std::move(outcome));
  }
}

}  // namespace gridlaw::server
