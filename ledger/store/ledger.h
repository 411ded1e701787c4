#pragma once
// The ledger: one SQLite file (WAL mode) holding the trust store, every
// accepted envelope exactly as received, the Merkle tree over them (RFC 9162,
// stored as its complete subtrees), signed checkpoints, equivocation
// evidence and reports. The only code in gridlaw that sees SQLite.
//
// Appends happen in batches: one transaction verifies and appends a batch of
// envelopes, then signs a checkpoint covering them, then commits
// (synchronous=FULL): an envelope is acknowledged (its receipt returned)
// only after that commit, so an acknowledged entry survives a crash.
//
// Ingest verifies a batch's signatures on worker threads of its own
// (store/parallel_intake.h) while the calling thread applies the ledger's
// rules and appends in submission order: the ledger and the results are
// byte for byte those of a single thread, whatever the thread count.
//
// Thread safety: none; one Ledger per thread. SQLite's own locking keeps two
// processes from appending at once (the second waits, then fails with L001).

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "checkpoint/checkpoint.h"
#include "crypto/private_key.h"
#include "intake/verify_claims.h"
#include "merkle/merkle.h"
#include "result/result.h"
#include "store/ledger_error.h"
#include "trust/trust_store.h"

namespace gridlaw {

class ParallelIntake;  // store/parallel_intake.h

struct Submission {
  std::string source;  // a file name or request id, for messages
  std::string bytes;   // the envelope, exactly as received
};

// A batch and its time of receipt, for Ledger::IngestStream.
struct IngestBatch {
  std::vector<Submission> submissions;
  int64_t now = 0;
};

struct IngestResult {
  enum class Status { kAccepted, kDuplicate, kRefused };
  std::string source;
  Status status = Status::kRefused;
  uint64_t entry = 0;  // accepted or duplicate: the entry index
  // refused: the intake's code (A…) or the ledger's (L…), and why
  std::string code;
  std::string name;
  std::string message;
};

struct StoredEntry {
  uint64_t index = 0;
  std::string envelope;  // bytes as received
  std::string sha256;    // of `envelope`, hex
  merkle::Hash leaf_hash{};
  std::string provider;
  std::string subject;
  std::string period_start;  // YYYY-MM-DD
  std::string period_end;    // YYYY-MM-DD, exclusive
  std::string nonce;
  std::vector<std::string> key_ids;
  std::string received_at;  // RFC 3339
};

struct StoredCheckpoint {
  Checkpoint checkpoint;
  std::string key_id;
  std::string envelope;  // the signed DSSE envelope text
};

struct EquivocationRecord {
  int64_t id = 0;
  std::string received_at;
  std::string provider;
  std::string subject;
  std::string period_start;
  std::string period_end;
  uint64_t existing_entry = 0;
  std::string sha256;
  std::string envelope;
};

struct StoredReport {
  std::string id;  // sha256 of `report`
  uint64_t checkpoint = 0;
  std::string policy_id;
  std::string policy_version;
  std::string policy_sha256;
  std::string policy_text;
  std::string evaluated_at;
  std::string created_at;
  std::string report;  // the report JSON, or its signed envelope
  bool is_signed = false;
};

class Ledger {
 public:
  ~Ledger();
  Ledger(Ledger&&) noexcept;
  Ledger& operator=(Ledger&&) noexcept;

  // Creates a new ledger file (L003 if one exists) named `origin`, with the
  // keys of `trust`; `ledger_key_id` must be a key of role ledger in it.
  // `ledger_key_path` is remembered so that later commands find the key.
  static Result<Ledger, LedgerError> Create(const std::string& path, const std::string& origin,
                                            const TrustStore& trust,
                                            const std::string& ledger_key_id,
                                            const std::string& ledger_key_path, int64_t now);
  static Result<Ledger, LedgerError> Open(const std::string& path);

  const std::string& origin() const { return origin_; }
  const std::string& ledger_key_id() const { return ledger_key_id_; }
  const std::string& ledger_key_path() const { return ledger_key_path_; }
  const TrustStore& trust() const { return trust_; }

  // Registers or revokes a key in the ledger's trust store.
  Result<void, LedgerError> AddKey(TrustedKey key);
  Result<void, LedgerError> RevokeKey(const std::string& key_id, int64_t at,
                                      const std::string& reason);

  // Verifies each envelope as `gridlaw attest verify` does, with keys judged
  // at `now` (the time of receipt), then applies the ledger's rules:
  // duplicates are idempotent, equivocations (another claim of the same
  // provider and subject over an overlapping period) are refused and
  // recorded, reused nonces are refused. Appends the accepted envelopes and
  // signs a checkpoint covering them with `ledger_key`, all in one
  // transaction. Nothing of a refused envelope is stored (an equivocation
  // leaves its evidence in the equivocations table only).
  Result<std::vector<IngestResult>, LedgerError> Ingest(std::span<const Submission> batch,
                                                        int64_t now, const PrivateKey& ledger_key,
                                                        const VerifyOptions& verify_options = {});

  // Ingests batch after batch, each exactly as Ingest would (its own
  // transaction, checkpoint and commit), while the next batch is verified
  // during the append and commit of the current one. `next` gives the
  // batches in order (nullopt: no more); it is called for batch k + 1 before
  // batch k commits, so a batch's `now` is read before the previous batch
  // is acknowledged. `committed` gets each batch's results after its commit
  // (false stops the stream). Stops at the first error; batches committed
  // before it stay committed.
  Result<void, LedgerError> IngestStream(
      const std::function<std::optional<IngestBatch>()>& next, const PrivateKey& ledger_key,
      const std::function<bool(const IngestBatch&, std::vector<IngestResult>)>& committed,
      const VerifyOptions& verify_options = {});

  // Threads Ingest verifies on, the calling thread included: 0 (the
  // default) means every hardware thread, 1 verifies on the calling thread
  // alone.
  void set_ingest_threads(unsigned threads) { ingest_threads_ = threads; }

  // Signs a checkpoint at the current size when the latest one is smaller.
  Result<StoredCheckpoint, LedgerError> MakeCheckpoint(int64_t now, const PrivateKey& ledger_key);

  uint64_t size();
  std::optional<StoredCheckpoint> LatestCheckpoint();
  std::optional<StoredCheckpoint> CheckpointAt(uint64_t tree_size);
  // The first checkpoint that covers entry `index`.
  std::optional<StoredCheckpoint> FirstCheckpointCovering(uint64_t index);
  std::vector<StoredCheckpoint> Checkpoints();

  std::optional<StoredEntry> Entry(uint64_t index);
  std::optional<uint64_t> EntryWithSha256(const std::string& sha256);
  // Entries [0, size), in order.
  std::vector<StoredEntry> Entries(uint64_t size);
  std::vector<EquivocationRecord> Equivocations();
  // The entries of one provider, in order, without their envelope bytes
  // (`envelope` is left empty): what the intake server lists per provider.
  std::vector<StoredEntry> EntriesOfProvider(const std::string& provider);

  merkle::Hash Root(uint64_t tree_size);
  Result<std::vector<merkle::Hash>, LedgerError> InclusionProof(uint64_t index, uint64_t tree_size);
  Result<std::vector<merkle::Hash>, LedgerError> ConsistencyProof(uint64_t old_size,
                                                                  uint64_t new_size);
  // The stored complete subtree, if any (for verification).
  std::optional<merkle::Hash> StoredNode(int level, uint64_t index);

  // The receipt of an entry (receipt/receipt.h): the same bytes every time,
  // against the first checkpoint that covers it.
  Result<std::string, LedgerError> Receipt(uint64_t index);

  Result<void, LedgerError> StoreReport(const StoredReport& report);
  std::optional<StoredReport> Report(const std::string& id);
  // The ids of the stored reports, the most recently stored first.
  std::vector<std::string> ReportIdsNewestFirst();
  // The text of a policy some stored report was computed with.
  std::optional<std::string> PolicyText(const std::string& policy_sha256);

  SQLite::Database& database() { return *db_; }

 private:
  explicit Ledger(std::unique_ptr<SQLite::Database> db);
  Result<void, LedgerError> Load();
  Result<void, LedgerError> InsertKeyRecord(const nlohmann::json& record);
  merkle::SubtreeReader Reader();
  // Checkpoint rows after `condition` (an SQL tail with at most one `?`).
  std::vector<StoredCheckpoint> QueryCheckpoints(const std::string& condition,
                                                 std::optional<int64_t> bound);
  // Ingest's sequential part, taking verifications from `intake`;
  // `before_commit` runs just before the transaction commits.
  Result<std::vector<IngestResult>, LedgerError> IngestVerified(
      std::span<const Submission> batch, int64_t now, const PrivateKey& ledger_key,
      ParallelIntake& intake, const std::function<void()>& before_commit);
  Result<StoredCheckpoint, LedgerError> SignCheckpointAt(uint64_t tree_size, int64_t now,
                                                         const PrivateKey& ledger_key);

  std::unique_ptr<SQLite::Database> db_;
  std::string origin_;
  std::string ledger_key_id_;
  std::string ledger_key_path_;
  TrustStore trust_;
  unsigned ingest_threads_ = 0;
};

}  // namespace gridlaw
