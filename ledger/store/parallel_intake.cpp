#include "store/parallel_intake.h"

#include <algorithm>

namespace gridlaw {

unsigned ParallelIntake::Resolve(unsigned threads) {
  return threads != 0 ? threads : std::max(1U, std::thread::hardware_concurrency());
}

ParallelIntake::ParallelIntake(std::vector<std::string_view> envelopes, const TrustStore& trust,
                               VerifyOptions options, unsigned threads, bool stand_in)
    : envelopes_(std::move(envelopes)),
      trust_(trust),
      options_(std::move(options)),
      slots_(std::make_unique<Slot[]>(envelopes_.size())) {
  // More workers than submissions would only start and stop; the consumer
  // is one of the threads.
  const size_t workers = std::min<size_t>(Resolve(threads), envelopes_.size());
  for (size_t w = 1; w < workers; ++w) {
    workers_.emplace_back([this] {
      while (PrepareNext()) {
      }
    });
  }
  if (stand_in && !envelopes_.empty()) {
    workers_.emplace_back([this] {
      while (!consumer_started_.load(std::memory_order_relaxed) && PrepareNext()) {
      }
    });
  }
}

ParallelIntake::~ParallelIntake() {
  // Nothing left to claim: each worker ends after its current submission.
  next_.store(envelopes_.size());
  for (std::thread& worker : workers_)
    worker.join();
}

void ParallelIntake::Skip(size_t i) {
  slots_[i].skip.store(true, std::memory_order_relaxed);
}

bool ParallelIntake::PrepareNext() {
  const size_t i = next_.fetch_add(1);
  if (i >= envelopes_.size()) return false;
  Slot& slot = slots_[i];
  if (!slot.skip.load(std::memory_order_relaxed)) {
    try {
      Prepare(slot, envelopes_[i]);
    } catch (...) {
      slot.failure = std::current_exception();
    }
  }
  slot.ready.store(true, std::memory_order_release);
  slot.ready.notify_all();
  return true;
}

void ParallelIntake::Prepare(Slot& slot, std::string_view envelope) const {
  auto verified = VerifyClaimsEnvelope(envelope, trust_, options_);
  if (verified.ok()) {
    // The payload's copy goes here, on the thread that made it and while it
    // is still in its cache, rather than with the whole batch on the
    // consumer's thread after the commit. (The ledger asks for no claims
    // tree: see AtReceipt.)
    std::string().swap(verified->payload);
  }
  slot.prepared.emplace(PreparedSubmission{
      .leaf_hash = merkle::LeafHash(envelope),
      .verified = std::move(verified),
  });
}

void ParallelIntake::ConsumerStarts() {
  consumer_started_.store(true, std::memory_order_relaxed);
}

PreparedSubmission& ParallelIntake::Take(size_t i) {
  Slot& slot = slots_[i];
  // Help rather than wait: claiming the next unclaimed submission keeps
  // this thread busy until `i`'s worker is done with it.
  while (!slot.ready.load(std::memory_order_acquire)) {
    if (!PrepareNext()) slot.ready.wait(false, std::memory_order_acquire);
  }
  if (slot.failure) std::rethrow_exception(slot.failure);
  if (!slot.prepared) Prepare(slot, envelopes_[i]);  // skipped, yet needed
  return *slot.prepared;
}

}  // namespace gridlaw
