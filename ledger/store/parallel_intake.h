#pragma once
// The part of ingest that needs no database, run ahead on several threads:
// for each submission of a batch, its SHA-256, its leaf hash and the whole
// intake of §15.5 (VerifyClaimsEnvelope). Each is a pure function of the
// envelope's bytes, the trust store and the options, so computing it early
// and on another thread gives exactly what the serial ingest computed; the
// sequential part (duplicate, equivocation and nonce rules, append, Merkle
// tree, checkpoint) takes the results in submission order and decides
// everything that depends on the ledger's state. The ledger's contents and
// the results are therefore the same whatever the thread count.
//
// Workers claim submissions in order from a shared counter. The consumer,
// when the result it needs next is not ready, claims and prepares the next
// unclaimed submission itself rather than wait, so no thread idles while
// work remains, and with one thread this is the serial ingest. A batch
// started while the consumer is still busy elsewhere (committing the
// previous batch, which mostly waits for the disk) gets a stand-in: one more
// worker, which stops claiming once the consumer starts on the batch, so
// that `threads` threads work throughout.
//
// The SHA-256 is the consumer's: it looks each envelope up first, and
// Skip()s those already in the ledger (duplicates need no verification, so
// re-ingesting a directory stays as cheap as a lookup). A skipped
// submission a worker had already claimed is verified all the same, and one
// asked for anyway is prepared by Take(): skipping saves work, never changes
// a result.

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "intake/verify_claims.h"
#include "merkle/merkle.h"
#include "trust/trust_store.h"

namespace gridlaw {

struct PreparedSubmission {
  merkle::Hash leaf_hash{};
  // What the ledger reads of an accepted envelope is its header and its
  // signers: `claims` is null (no tree is built) and `payload` is released
  // as soon as verification is done.
  Result<VerifiedClaims, AttestError> verified;
};

class ParallelIntake {
 public:
  // The bytes `envelopes` views and `trust` must outlive this object.
  // `threads` counts the consumer: 1 starts no worker; 0 means every
  // hardware thread. Workers start at once, with the stand-in if asked.
  ParallelIntake(std::vector<std::string_view> envelopes, const TrustStore& trust,
                 VerifyOptions options, unsigned threads, bool stand_in = false);
  // Stops the workers after the submission each is preparing, and waits.
  ~ParallelIntake();
  ParallelIntake(const ParallelIntake&) = delete;
  ParallelIntake& operator=(const ParallelIntake&) = delete;

  // The consumer is free to work on this batch: the stand-in stops.
  void ConsumerStarts();

  // Submission `i` needs no verification (see above).
  void Skip(size_t i);

  // The preparation of submission `i`, blocking until it is ready. An
  // exception thrown while preparing it (out of memory) is thrown here, in
  // the consumer, as the serial ingest would have thrown it.
  PreparedSubmission& Take(size_t i);

  // Threads a thread-count setting of 0 stands for: the hardware's.
  static unsigned Resolve(unsigned threads);

 private:
  struct Slot {
    std::optional<PreparedSubmission> prepared;
    std::exception_ptr failure;
    std::atomic<bool> skip{false};
    std::atomic<bool> ready{false};
  };
  // Claims the next unprepared submission and prepares it; false when none is left.
  bool PrepareNext();
  void Prepare(Slot& slot, std::string_view envelope) const;

  std::vector<std::string_view> envelopes_;
  const TrustStore& trust_;
  const VerifyOptions options_;
  std::unique_ptr<Slot[]> slots_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> consumer_started_{false};  // the stand-in's signal to stop
  std::vector<std::thread> workers_;
};

}  // namespace gridlaw
