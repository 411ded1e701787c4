#include "store/ledger.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <array>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "digest/sha256.h"
#include "dsse/payload_types.h"
#include "instant/rfc3339.h"
#include "intake/signed_document.h"
#include "receipt/receipt.h"
#include "store/parallel_intake.h"
#include "store/schema.h"

namespace gridlaw {
namespace {

constexpr int kBusyTimeoutMs = 10'000;

std::string DateOf(int64_t nanos) {
  return FormatRfc3339(nanos).substr(0, 10);  // the day: periods start at midnight UTC
}

std::string BlobOf(const merkle::Hash& hash) {
  return std::string(reinterpret_cast<const char*>(hash.data()), hash.size());
}

merkle::Hash HashOfBlob(const SQLite::Column& column) {
  merkle::Hash hash{};
  if (column.getBytes() == static_cast<int>(hash.size())) {
    const auto* bytes = static_cast<const uint8_t*>(column.getBlob());
    std::copy(bytes, bytes + hash.size(), hash.begin());
  }
  return hash;
}

void BindBlob(SQLite::Statement& statement, int index, const std::string& bytes) {
  statement.bind(index, static_cast<const void*>(bytes.data()), static_cast<int>(bytes.size()));
}

std::vector<std::string> SplitKeyIds(const std::string& joined) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find(',', start);
    if (end == std::string::npos) end = joined.size();
    ids.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return ids;
}

std::string JoinKeyIds(const std::vector<std::string>& ids) {
  std::string joined;
  for (const auto& id : ids)
    joined += (joined.empty() ? "" : ",") + id;
  return joined;
}

std::unique_ptr<SQLite::Database> OpenDatabase(const std::string& path, bool create) {
  auto db = std::make_unique<SQLite::Database>(
      path, create ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE : SQLite::OPEN_READWRITE);
  db->setBusyTimeout(kBusyTimeoutMs);
  // WAL: readers never block the appender; FULL: a commit is on disk
  // before the receipt goes out.
  db->exec("PRAGMA journal_mode = WAL");
  db->exec("PRAGMA synchronous = FULL");
  db->exec("PRAGMA foreign_keys = ON");
  // INSERT OR REPLACE deletes the row it conflicts with, and fires the
  // append-only DELETE triggers only with recursive triggers on.
  db->exec("PRAGMA recursive_triggers = ON");
  return db;
}

StoredEntry EntryFromRow(SQLite::Statement& row) {
  StoredEntry e;
  e.index = static_cast<uint64_t>(row.getColumn(0).getInt64());
  const SQLite::Column envelope = row.getColumn(1);
  e.envelope.assign(static_cast<const char*>(envelope.getBlob()),
                    static_cast<size_t>(envelope.getBytes()));
  e.sha256 = row.getColumn(2).getString();
  e.leaf_hash = HashOfBlob(row.getColumn(3));
  e.provider = row.getColumn(4).getString();
  e.subject = row.getColumn(5).getString();
  e.period_start = row.getColumn(6).getString();
  e.period_end = row.getColumn(7).getString();
  e.nonce = row.getColumn(8).getString();
  e.key_ids = SplitKeyIds(row.getColumn(9).getString());
  e.received_at = row.getColumn(10).getString();
  return e;
}

constexpr const char* kEntryColumns =
    "idx, envelope, sha256, leaf_hash, provider, subject, period_start, period_end, nonce, "
    "key_ids, received_at";

StoredCheckpoint CheckpointFromRow(SQLite::Statement& row) {
  // Columns: tree_size, root, time, key_id, envelope. The text is read back
  // from the signed envelope, which is what a verifier sees.
  StoredCheckpoint stored;
  stored.checkpoint.size = static_cast<uint64_t>(row.getColumn(0).getInt64());
  stored.checkpoint.root = HashOfBlob(row.getColumn(1));
  stored.checkpoint.time = ParseRfc3339(row.getColumn(2).getString()).value_or(0);
  stored.key_id = row.getColumn(3).getString();
  stored.envelope = row.getColumn(4).getString();
  return stored;
}

}  // namespace

Ledger::Ledger(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
Ledger::~Ledger() = default;
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;

Result<Ledger, LedgerError> Ledger::Create(const std::string& path, const std::string& origin,
                                           const TrustStore& trust,
                                           const std::string& ledger_key_id,
                                           const std::string& ledger_key_path, int64_t now) {
  if (std::filesystem::exists(path)) {
    return LedgerExists(path + " already exists; a ledger is created once");
  }
  if (!IsValidOrigin(origin)) {
    return LedgerKeyProblem("origin '" + origin + "' must be 1 to 64 of A-Z a-z 0-9 . _ -");
  }
  const TrustedKey* key = trust.Find(ledger_key_id);
  if (key == nullptr || key->role != KeyRole::kLedger) {
    return LedgerKeyProblem("the ledger key " + ledger_key_id.substr(0, 16) +
                            " must be in the trust store with role ledger");
  }
  try {
    Ledger ledger(OpenDatabase(path, true));
    auto migrated = Migrate(*ledger.db_, FormatRfc3339(now));
    if (!migrated.ok()) return std::move(migrated).error();
    SQLite::Transaction transaction(*ledger.db_);
    SQLite::Statement meta(*ledger.db_, "INSERT INTO meta (name, value) VALUES (?, ?)");
    for (const auto& [name, value] :
         std::map<std::string, std::string>{{"origin", origin},
                                            {"ledger_key_id", ledger_key_id},
                                            {"ledger_key_path", ledger_key_path},
                                            {"created_at", FormatRfc3339(now)}}) {
      meta.bind(1, name);
      meta.bind(2, value);
      meta.exec();
      meta.reset();
    }
    transaction.commit();
    const nlohmann::json records = nlohmann::json::parse(trust.Serialize())["keys"];
    for (const auto& record : records) {
      auto added = ledger.InsertKeyRecord(record);
      if (!added.ok()) return std::move(added).error();
    }
    auto loaded = ledger.Load();
    if (!loaded.ok()) return std::move(loaded).error();
    return ledger;
  } catch (const SQLite::Exception& e) {
    return DatabaseError(path + ": " + e.what());
  }
}

Result<Ledger, LedgerError> Ledger::Open(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) {
    return NotALedger(path + " does not exist (create it with gridlaw ledger init)");
  }
  try {
    Ledger ledger(OpenDatabase(path, false));
    const int version = SchemaVersionOf(*ledger.db_);
    if (version == 0) return NotALedger(path + " is not a gridlaw ledger");
    auto migrated = Migrate(*ledger.db_, FormatRfc3339(0));
    if (!migrated.ok()) return std::move(migrated).error();
    auto loaded = ledger.Load();
    if (!loaded.ok()) return std::move(loaded).error();
    return ledger;
  } catch (const SQLite::Exception& e) {
    return DatabaseError(path + ": " + e.what());
  }
}

// Reads the ledger's name, key and trust store. The keys go through
// TrustStore::Parse, so a key edited in the database passes the same
// registration checks as one read from a trust file.
Result<void, LedgerError> Ledger::Load() {
  SQLite::Statement meta(*db_, "SELECT name, value FROM meta");
  while (meta.executeStep()) {
    const std::string name = meta.getColumn(0).getString();
    if (name == "origin") origin_ = meta.getColumn(1).getString();
    if (name == "ledger_key_id") ledger_key_id_ = meta.getColumn(1).getString();
    if (name == "ledger_key_path") ledger_key_path_ = meta.getColumn(1).getString();
  }
  if (origin_.empty() || ledger_key_id_.empty())
    return NotALedger("the ledger has no origin or key");
  nlohmann::json keys = nlohmann::json::array();
  SQLite::Statement rows(*db_,
                         "SELECT key_id, owner, role, algorithm, public_key, valid_from, "
                         "valid_until, revoked_at, reason FROM keys ORDER BY position");
  auto nullable = [](const SQLite::Column& c) -> nlohmann::json {
    return c.isNull() ? nlohmann::json(nullptr) : nlohmann::json(c.getString());
  };
  while (rows.executeStep()) {
    keys.push_back({{"key_id", rows.getColumn(0).getString()},
                    {"provider", rows.getColumn(1).getString()},
                    {"role", rows.getColumn(2).getString()},
                    {"algorithm", rows.getColumn(3).getString()},
                    {"public_key", rows.getColumn(4).getString()},
                    {"valid_from", rows.getColumn(5).getString()},
                    {"valid_until", nullable(rows.getColumn(6))},
                    {"revoked_at", nullable(rows.getColumn(7))},
                    {"reason", nullable(rows.getColumn(8))}});
  }
  const nlohmann::json document = {{"format", "gridlaw-trust/v1"}, {"keys", keys}};
  auto trust = TrustStore::Parse(document.dump());
  if (!trust.ok()) {
    return NotALedger("the ledger's keys do not form a valid trust store: " +
                      trust.error().message);
  }
  trust_ = std::move(trust).value();
  return {};
}

Result<void, LedgerError> Ledger::AddKey(TrustedKey key) {
  // The record as the trust file writes it, so Load() reads it back alike.
  TrustStore single;
  auto added = single.Add(std::move(key));
  if (!added.ok()) return LedgerKeyProblem(added.error().message);
  auto inserted = InsertKeyRecord(nlohmann::json::parse(single.Serialize())["keys"][0]);
  if (!inserted.ok()) return inserted;
  return Load();
}

Result<void, LedgerError> Ledger::InsertKeyRecord(const nlohmann::json& record) {
  const std::string key_id = record["key_id"].get<std::string>();
  try {
    SQLite::Statement insert(*db_,
                             "INSERT INTO keys (key_id, owner, role, algorithm, public_key, "
                             "valid_from, valid_until, revoked_at, reason, position) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             "(SELECT coalesce(max(position), 0) + 1 FROM keys))");
    int column = 1;
    for (const char* name : {"key_id", "provider", "role", "algorithm", "public_key", "valid_from",
                             "valid_until", "revoked_at", "reason"}) {
      const auto& value = record[name];
      if (value.is_null()) {
        insert.bind(column++);
      } else {
        insert.bind(column++, value.get<std::string>());
      }
    }
    insert.exec();
  } catch (const SQLite::Exception& e) {
    if (std::string(e.what()).find("UNIQUE") != std::string::npos) {
      return LedgerKeyProblem("key " + key_id.substr(0, 16) + " is already registered");
    }
    return DatabaseError(e.what());
  }
  return {};
}

Result<void, LedgerError> Ledger::RevokeKey(const std::string& key_id, int64_t at,
                                            const std::string& reason) {
  TrustStore copy = std::move(trust_);
  auto revoked = copy.Revoke(key_id, at, reason);
  const TrustedKey* key = copy.Find(key_id);
  trust_ = std::move(copy);
  if (!revoked.ok()) return LedgerKeyProblem(revoked.error().message);
  try {
    SQLite::Statement update(*db_, "UPDATE keys SET revoked_at = ?, reason = ? WHERE key_id = ?");
    update.bind(1, FormatRfc3339(*key->revoked_at));
    update.bind(2, key->reason);
    update.bind(3, key_id);
    update.exec();
  } catch (const SQLite::Exception& e) {
    return DatabaseError(e.what());
  }
  return Load();
}

merkle::SubtreeReader Ledger::Reader() {
  auto statement = std::make_shared<SQLite::Statement>(
      *db_, "SELECT hash FROM nodes WHERE level = ? AND idx = ?");
  return [statement](int level, uint64_t index) {
    statement->reset();
    statement->bind(1, level);
    statement->bind(2, static_cast<int64_t>(index));
    merkle::Hash hash{};
    if (statement->executeStep()) hash = HashOfBlob(statement->getColumn(0));
    return hash;
  };
}

std::optional<merkle::Hash> Ledger::StoredNode(int level, uint64_t index) {
  SQLite::Statement query(*db_, "SELECT hash FROM nodes WHERE level = ? AND idx = ?");
  query.bind(1, level);
  query.bind(2, static_cast<int64_t>(index));
  if (!query.executeStep()) return std::nullopt;
  return HashOfBlob(query.getColumn(0));
}

uint64_t Ledger::size() {
  // Entries are numbered 0, 1, … without gaps (each append takes the size
  // as its index; `ledger verify` checks it), so the size is one past the
  // last index: one seek to the end of the table, where count(*) would read
  // all of it, before every batch.
  SQLite::Statement query(*db_, "SELECT coalesce(max(idx) + 1, 0) FROM entries");
  query.executeStep();
  return static_cast<uint64_t>(query.getColumn(0).getInt64());
}

merkle::Hash Ledger::Root(uint64_t tree_size) {
  return merkle::RootOf(tree_size, Reader());
}

Result<std::vector<merkle::Hash>, LedgerError> Ledger::InclusionProof(uint64_t index,
                                                                      uint64_t tree_size) {
  if (tree_size > size() || index >= tree_size) {
    return NoSuchEntry("entry " + std::to_string(index) + " is not in a tree of size " +
                       std::to_string(tree_size) + " (the ledger holds " + std::to_string(size()) +
                       ")");
  }
  return merkle::InclusionProof(index, tree_size, Reader());
}

Result<std::vector<merkle::Hash>, LedgerError> Ledger::ConsistencyProof(uint64_t old_size,
                                                                        uint64_t new_size) {
  if (old_size == 0 || old_size > new_size || new_size > size()) {
    return NoSuchEntry("no consistency proof from size " + std::to_string(old_size) + " to " +
                       std::to_string(new_size) + " (0 < OLD <= NEW <= " + std::to_string(size()) +
                       ")");
  }
  return merkle::ConsistencyProof(old_size, new_size, Reader());
}

std::optional<StoredEntry> Ledger::Entry(uint64_t index) {
  SQLite::Statement query(*db_,
                          std::string("SELECT ") + kEntryColumns + " FROM entries WHERE idx = ?");
  query.bind(1, static_cast<int64_t>(index));
  if (!query.executeStep()) return std::nullopt;
  return EntryFromRow(query);
}

std::optional<uint64_t> Ledger::EntryWithSha256(const std::string& sha256) {
  SQLite::Statement query(*db_, "SELECT idx FROM entries WHERE sha256 = ?");
  query.bind(1, sha256);
  if (!query.executeStep()) return std::nullopt;
  return static_cast<uint64_t>(query.getColumn(0).getInt64());
}

std::vector<StoredEntry> Ledger::Entries(uint64_t tree_size) {
  std::vector<StoredEntry> entries;
  SQLite::Statement query(
      *db_, std::string("SELECT ") + kEntryColumns + " FROM entries WHERE idx < ? ORDER BY idx");
  query.bind(1, static_cast<int64_t>(tree_size));
  while (query.executeStep())
    entries.push_back(EntryFromRow(query));
  return entries;
}

std::vector<StoredEntry> Ledger::EntriesOfProvider(const std::string& provider) {
  std::vector<StoredEntry> entries;
  // Every column but the envelope, in the order EntryFromRow reads them.
  SQLite::Statement query(*db_,
                          "SELECT idx, x'', sha256, leaf_hash, provider, subject, period_start, "
                          "period_end, nonce, key_ids, received_at FROM entries "
                          "WHERE provider = ? ORDER BY idx");
  query.bind(1, provider);
  while (query.executeStep())
    entries.push_back(EntryFromRow(query));
  return entries;
}

std::vector<EquivocationRecord> Ledger::Equivocations() {
  std::vector<EquivocationRecord> records;
  SQLite::Statement query(*db_,
                          "SELECT id, received_at, provider, subject, period_start, period_end, "
                          "existing_entry, sha256, envelope FROM equivocations ORDER BY id");
  while (query.executeStep()) {
    EquivocationRecord r;
    r.id = query.getColumn(0).getInt64();
    r.received_at = query.getColumn(1).getString();
    r.provider = query.getColumn(2).getString();
    r.subject = query.getColumn(3).getString();
    r.period_start = query.getColumn(4).getString();
    r.period_end = query.getColumn(5).getString();
    r.existing_entry = static_cast<uint64_t>(query.getColumn(6).getInt64());
    r.sha256 = query.getColumn(7).getString();
    const SQLite::Column envelope = query.getColumn(8);
    r.envelope.assign(static_cast<const char*>(envelope.getBlob()),
                      static_cast<size_t>(envelope.getBytes()));
    records.push_back(std::move(r));
  }
  return records;
}

std::vector<StoredCheckpoint> Ledger::QueryCheckpoints(const std::string& condition,
                                                       std::optional<int64_t> bound) {
  std::vector<StoredCheckpoint> found;
  SQLite::Statement query(
      *db_, "SELECT tree_size, root, time, key_id, envelope FROM checkpoints " + condition);
  if (bound) query.bind(1, *bound);
  while (query.executeStep()) {
    found.push_back(CheckpointFromRow(query));
    found.back().checkpoint.origin = origin_;
  }
  return found;
}

std::optional<StoredCheckpoint> Ledger::LatestCheckpoint() {
  auto found = QueryCheckpoints("ORDER BY tree_size DESC LIMIT 1", std::nullopt);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<StoredCheckpoint> Ledger::CheckpointAt(uint64_t tree_size) {
  auto found = QueryCheckpoints("WHERE tree_size = ?", static_cast<int64_t>(tree_size));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<StoredCheckpoint> Ledger::FirstCheckpointCovering(uint64_t index) {
  auto found = QueryCheckpoints("WHERE tree_size > ? ORDER BY tree_size LIMIT 1",
                                static_cast<int64_t>(index));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<StoredCheckpoint> Ledger::Checkpoints() {
  return QueryCheckpoints("ORDER BY tree_size", std::nullopt);
}

Result<StoredCheckpoint, LedgerError> Ledger::SignCheckpointAt(uint64_t tree_size, int64_t now,
                                                               const PrivateKey& ledger_key) {
  const TrustedKey* trusted = trust_.Find(ledger_key.public_key().key_id());
  if (trusted == nullptr) {
    return LedgerKeyProblem("the ledger key " + ledger_key.public_key().key_id().substr(0, 16) +
                            " is not in the ledger's trust store");
  }
  auto usable = KeyUsableAt(*trusted, KeyRole::kLedger, now, "when the checkpoint is signed");
  if (!usable.ok()) return LedgerKeyProblem(usable.error().message);
  StoredCheckpoint stored;
  stored.checkpoint = {origin_, tree_size, Root(tree_size), now};
  stored.key_id = trusted->key_id();
  auto envelope =
      SignDocument(kCheckpointPayloadType, SerializeCheckpoint(stored.checkpoint), ledger_key);
  if (!envelope.ok()) return LedgerKeyProblem(envelope.error().message);
  stored.envelope = std::move(envelope).value();
  SQLite::Statement insert(*db_,
                           "INSERT INTO checkpoints (tree_size, root, time, key_id, envelope) "
                           "VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, static_cast<int64_t>(tree_size));
  BindBlob(insert, 2, BlobOf(stored.checkpoint.root));
  insert.bind(3, FormatRfc3339(now));
  insert.bind(4, stored.key_id);
  insert.bind(5, stored.envelope);
  insert.exec();
  return stored;
}

Result<StoredCheckpoint, LedgerError> Ledger::MakeCheckpoint(int64_t now,
                                                             const PrivateKey& ledger_key) {
  try {
    SQLite::Transaction transaction(*db_);
    const uint64_t current = size();
    auto latest = LatestCheckpoint();
    if (latest && latest->checkpoint.size == current) return *latest;
    if (current == 0) return NoSuchEntry("the ledger is empty: there is no tree to sign");
    auto stored = SignCheckpointAt(current, now, ledger_key);
    if (!stored.ok()) return stored;
    transaction.commit();
    return stored;
  } catch (const SQLite::Exception& e) {
    return DatabaseError(e.what());
  }
}

namespace {

std::vector<std::string_view> EnvelopesOf(std::span<const Submission> batch) {
  std::vector<std::string_view> envelopes;
  envelopes.reserve(batch.size());
  for (const Submission& submission : batch)
    envelopes.push_back(submission.bytes);
  return envelopes;
}

// The intake of §15.5 as the ledger runs it: keys judged at the time of
// receipt, and only the claims' header read (the ledger stores the envelope).
VerifyOptions AtReceipt(const VerifyOptions& verify_options, int64_t now) {
  VerifyOptions options = verify_options;
  options.now = now;
  options.keys_judged_at = now;
  options.keep_claims = false;
  return options;
}

}  // namespace

Result<std::vector<IngestResult>, LedgerError> Ledger::Ingest(std::span<const Submission> batch,
                                                              int64_t now,
                                                              const PrivateKey& ledger_key,
                                                              const VerifyOptions& verify_options) {
  ParallelIntake intake(EnvelopesOf(batch), trust_, AtReceipt(verify_options, now),
                        ingest_threads_);
  return IngestVerified(batch, now, ledger_key, intake, [] {});
}

Result<void, LedgerError> Ledger::IngestStream(
    const std::function<std::optional<IngestBatch>()>& next, const PrivateKey& ledger_key,
    const std::function<bool(const IngestBatch&, std::vector<IngestResult>)>& committed,
    const VerifyOptions& verify_options) {
  // Batches live on the heap: their intake views their bytes while they move
  // from `following` to `current`.
  auto fetch = [&next]() -> std::unique_ptr<IngestBatch> {
    std::optional<IngestBatch> batch = next();
    return batch ? std::make_unique<IngestBatch>(std::move(*batch)) : nullptr;
  };
  std::unique_ptr<IngestBatch> current = fetch();
  std::unique_ptr<ParallelIntake> intake;
  if (current) {
    intake =
        std::make_unique<ParallelIntake>(EnvelopesOf(current->submissions), trust_,
                                         AtReceipt(verify_options, current->now), ingest_threads_);
  }
  while (current) {
    std::unique_ptr<IngestBatch> following;
    std::unique_ptr<ParallelIntake> following_intake;
    // Before the commit, which mostly waits for the disk: the next batch's
    // verification starts, with a stand-in for this thread.
    auto start_next = [&] {
      following = fetch();
      if (!following) return;
      following_intake = std::make_unique<ParallelIntake>(
          EnvelopesOf(following->submissions), trust_, AtReceipt(verify_options, following->now),
          ingest_threads_, true);
    };
    auto results =
        IngestVerified(current->submissions, current->now, ledger_key, *intake, start_next);
    if (!results.ok()) return std::move(results).error();
    if (!committed(*current, std::move(results).value())) return {};
    intake = std::move(following_intake);
    current = std::move(following);
  }
  return {};
}

Result<std::vector<IngestResult>, LedgerError> Ledger::IngestVerified(
    std::span<const Submission> batch, int64_t now, const PrivateKey& ledger_key,
    ParallelIntake& intake, const std::function<void()>& before_commit) {
  std::vector<IngestResult> results;
  results.reserve(batch.size());
  const std::string received_at = FormatRfc3339(now);
  try {
    intake.ConsumerStarts();
    SQLite::Transaction transaction(*db_);
    uint64_t next = size();
    const uint64_t first = next;
    // The left sibling an append hashes with is always the last node
    // written at its level, so the right edge of the tree as this
    // transaction extends it answers every read but those of its first
    // append, which go to SQLite. It lives as long as the transaction: a
    // rollback leaves nothing of it behind.
    std::array<std::optional<merkle::StoredNode>, 64> right_edge;
    const merkle::SubtreeReader stored_node = Reader();
    const merkle::SubtreeReader read = [&right_edge, &stored_node](int level, uint64_t index) {
      if (level >= 0 && static_cast<size_t>(level) < right_edge.size()) {
        const std::optional<merkle::StoredNode>& last = right_edge[static_cast<size_t>(level)];
        if (last && last->index == index) return last->hash;
      }
      return stored_node(level, index);
    };
    // Providers this transaction has inserted or found already: a second
    // INSERT OR IGNORE of one would change nothing (first_seen is the
    // transaction's received_at either way).
    std::unordered_set<std::string> providers_present;
    SQLite::Statement by_sha(*db_, "SELECT idx FROM entries WHERE sha256 = ?");
    SQLite::Statement overlap(
        *db_,
        "SELECT idx, period_start, period_end FROM entries WHERE provider = ? "
        "AND subject = ? AND period_start < ? AND period_end > ? LIMIT 1");
    SQLite::Statement nonce_used(*db_, "SELECT idx FROM entries WHERE provider = ? AND nonce = ?");
    SQLite::Statement add_provider(
        *db_, "INSERT OR IGNORE INTO providers (id, first_seen) VALUES (?, ?)");
    SQLite::Statement add_entry(*db_, std::string("INSERT INTO entries (") + kEntryColumns +
                                          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement add_node(*db_, "INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)");
    SQLite::Statement add_equivocation(
        *db_,
        "INSERT OR IGNORE INTO equivocations (received_at, provider, subject, period_start, "
        "period_end, existing_entry, sha256, envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

    // Verification needs nothing of the ledger: it started on the workers
    // before this transaction, and this thread takes its results in order.
    // Envelopes already in the ledger are duplicates whatever else the batch
    // holds (entries are never removed), and need no verification.
    std::vector<std::string> sha256s;
    std::vector<std::optional<uint64_t>> stored;
    sha256s.reserve(batch.size());
    stored.reserve(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      sha256s.push_back(Sha256Hex(batch[i].bytes));
      by_sha.reset();
      by_sha.bind(1, sha256s.back());
      stored.push_back(by_sha.executeStep()
                           ? std::optional(static_cast<uint64_t>(by_sha.getColumn(0).getInt64()))
                           : std::nullopt);
      if (stored.back()) intake.Skip(i);
    }
    // The envelopes this batch appended, so that a second copy later in the
    // batch is a duplicate too: with `stored`, what looking up entries by
    // SHA-256 at that point would find.
    std::unordered_map<std::string_view, uint64_t> appended;

    for (size_t i = 0; i < batch.size(); ++i) {
      const Submission& submission = batch[i];
      const std::string& sha256 = sha256s[i];
      IngestResult result;
      result.source = submission.source;
      std::optional<uint64_t> duplicate = stored[i];
      if (!duplicate) {
        const auto earlier = appended.find(sha256);
        if (earlier != appended.end()) duplicate = earlier->second;
      }
      if (duplicate) {
        result.status = IngestResult::Status::kDuplicate;
        result.entry = *duplicate;
        results.push_back(std::move(result));
        continue;
      }
      PreparedSubmission& prepared = intake.Take(i);
      auto& verified = prepared.verified;
      if (!verified.ok()) {
        const AttestError& error = verified.error();
        result.code = std::string(ReasonCode(error));
        result.name = std::string(InfoOf(error.code).name);
        result.message = error.message;
        results.push_back(std::move(result));
        continue;
      }
      const ClaimHeader& header = verified->header;
      const std::string start = DateOf(header.period_start);
      const std::string end = DateOf(header.period_end);
      overlap.reset();
      overlap.bind(1, header.provider);
      overlap.bind(2, header.subject);
      overlap.bind(3, end);
      overlap.bind(4, start);
      if (overlap.executeStep()) {
        const int64_t existing = overlap.getColumn(0).getInt64();
        add_equivocation.reset();
        add_equivocation.bind(1, received_at);
        add_equivocation.bind(2, header.provider);
        add_equivocation.bind(3, header.subject);
        add_equivocation.bind(4, start);
        add_equivocation.bind(5, end);
        add_equivocation.bind(6, existing);
        add_equivocation.bind(7, sha256);
        BindBlob(add_equivocation, 8, submission.bytes);
        add_equivocation.exec();
        const LedgerError error =
            Equivocation("provider \"" + header.provider + "\" already claimed subject \"" +
                         header.subject + "\" for " + overlap.getColumn(1).getString() + " … " +
                         overlap.getColumn(2).getString() + " in entry " +
                         std::to_string(existing) + "; these different claims for " + start +
                         " … " + end + " are recorded as an equivocation");
        result.code = error.code;
        result.name = error.name;
        result.message = error.message;
        results.push_back(std::move(result));
        continue;
      }
      // A replayed nonce: the entries' UNIQUE (provider, nonce) refuses the
      // INSERT below, and only then is the entry that used it looked up, so
      // an accepted envelope costs one index probe for its nonce, not two.
      // A provider with a used nonce has an entry, hence a providers row:
      // inserting it first changes nothing for a replay.
      const uint64_t index = next;
      const merkle::Hash& leaf = prepared.leaf_hash;
      if (!providers_present.contains(header.provider)) {
        add_provider.reset();
        add_provider.bind(1, header.provider);
        add_provider.bind(2, received_at);
        add_provider.exec();
        providers_present.insert(header.provider);
      }
      add_entry.reset();
      add_entry.bind(1, static_cast<int64_t>(index));
      // Read by SQLite in place: the batch's bytes outlive the exec below.
      add_entry.bindNoCopy(2, static_cast<const void*>(submission.bytes.data()),
                           static_cast<int>(submission.bytes.size()));
      add_entry.bind(3, sha256);
      BindBlob(add_entry, 4, BlobOf(leaf));
      add_entry.bind(5, header.provider);
      add_entry.bind(6, header.subject);
      add_entry.bind(7, start);
      add_entry.bind(8, end);
      add_entry.bind(9, header.nonce);
      add_entry.bind(10, JoinKeyIds(verified->signer_key_ids));
      add_entry.bind(11, received_at);
      try {
        add_entry.exec();
      } catch (const SQLite::Exception& e) {
        // A constraint failure undoes only its statement; the transaction
        // goes on. The statement keeps the failure until reset, which would
        // report it again: clear it here.
        if (e.getExtendedErrorCode() != SQLITE_CONSTRAINT_UNIQUE) throw;
        add_entry.tryReset();
        nonce_used.reset();
        nonce_used.bind(1, header.provider);
        nonce_used.bind(2, header.nonce);
        if (!nonce_used.executeStep()) throw;  // not a replay: the batch fails as before
        result.code = std::string(InfoOf(AttestCode::kReplayedNonce).id);
        result.name = std::string(InfoOf(AttestCode::kReplayedNonce).name);
        result.message = "provider \"" + header.provider + "\" already used nonce \"" +
                         header.nonce + "\" in entry " +
                         std::to_string(nonce_used.getColumn(0).getInt64());
        results.push_back(std::move(result));
        continue;
      }
      ++next;
      for (const merkle::StoredNode& node : merkle::NodesCompletedByAppend(index, leaf, read)) {
        add_node.reset();
        add_node.bind(1, node.level);
        add_node.bind(2, static_cast<int64_t>(node.index));
        BindBlob(add_node, 3, BlobOf(node.hash));
        add_node.exec();
        if (node.level >= 0 && static_cast<size_t>(node.level) < right_edge.size()) {
          right_edge[static_cast<size_t>(node.level)] = node;
        }
      }
      appended.emplace(sha256, index);
      result.status = IngestResult::Status::kAccepted;
      result.entry = index;
      results.push_back(std::move(result));
    }
    if (next > first) {
      auto checkpoint = SignCheckpointAt(next, now, ledger_key);
      if (!checkpoint.ok()) return std::move(checkpoint).error();
    }
    before_commit();
    transaction.commit();
  } catch (const SQLite::Exception& e) {
    return DatabaseError(e.what());
  }
  return results;
}

Result<std::string, LedgerError> Ledger::Receipt(uint64_t index) {
  auto entry = Entry(index);
  if (!entry) return NoSuchEntry("the ledger has no entry " + std::to_string(index));
  auto checkpoint = FirstCheckpointCovering(index);
  if (!checkpoint) {
    return NoSuchEntry("no checkpoint covers entry " + std::to_string(index) +
                       " yet (run gridlaw ledger checkpoint)");
  }
  auto proof = InclusionProof(index, checkpoint->checkpoint.size);
  if (!proof.ok()) return std::move(proof).error();
  ReceiptData receipt;
  receipt.entry = index;
  receipt.leaf_hash = entry->leaf_hash;
  receipt.envelope_sha256 = entry->sha256;
  receipt.tree_size = checkpoint->checkpoint.size;
  receipt.inclusion_proof = std::move(proof).value();
  receipt.checkpoint_envelope = checkpoint->envelope;
  return SerializeReceipt(receipt);
}

Result<void, LedgerError> Ledger::StoreReport(const StoredReport& report) {
  try {
    SQLite::Statement insert(*db_,
                             "INSERT OR IGNORE INTO reports (id, checkpoint, policy_id, "
                             "policy_version, policy_sha256, policy_text, evaluated_at, "
                             "created_at, report, signed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, report.id);
    insert.bind(2, static_cast<int64_t>(report.checkpoint));
    insert.bind(3, report.policy_id);
    insert.bind(4, report.policy_version);
    insert.bind(5, report.policy_sha256);
    BindBlob(insert, 6, report.policy_text);
    insert.bind(7, report.evaluated_at);
    insert.bind(8, report.created_at);
    BindBlob(insert, 9, report.report);
    insert.bind(10, report.is_signed ? 1 : 0);
    insert.exec();
  } catch (const SQLite::Exception& e) {
    return DatabaseError(e.what());
  }
  return {};
}

std::optional<StoredReport> Ledger::Report(const std::string& id) {
  SQLite::Statement query(*db_,
                          "SELECT id, checkpoint, policy_id, policy_version, policy_sha256, "
                          "policy_text, evaluated_at, created_at, report, signed FROM reports "
                          "WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  StoredReport r;
  r.id = query.getColumn(0).getString();
  r.checkpoint = static_cast<uint64_t>(query.getColumn(1).getInt64());
  r.policy_id = query.getColumn(2).getString();
  r.policy_version = query.getColumn(3).getString();
  r.policy_sha256 = query.getColumn(4).getString();
  const SQLite::Column policy = query.getColumn(5);
  r.policy_text.assign(static_cast<const char*>(policy.getBlob()),
                       static_cast<size_t>(policy.getBytes()));
  r.evaluated_at = query.getColumn(6).getString();
  r.created_at = query.getColumn(7).getString();
  const SQLite::Column report = query.getColumn(8);
  r.report.assign(static_cast<const char*>(report.getBlob()),
                  static_cast<size_t>(report.getBytes()));
  r.is_signed = query.getColumn(9).getInt() != 0;
  return r;
}

std::vector<std::string> Ledger::ReportIdsNewestFirst() {
  std::vector<std::string> ids;
  // reports is append-only, so rowid order is the order they were stored.
  SQLite::Statement query(*db_, "SELECT id FROM reports ORDER BY rowid DESC");
  while (query.executeStep())
    ids.push_back(query.getColumn(0).getString());
  return ids;
}

std::optional<std::string> Ledger::PolicyText(const std::string& policy_sha256) {
  SQLite::Statement query(*db_, "SELECT policy_text FROM reports WHERE policy_sha256 = ? LIMIT 1");
  query.bind(1, policy_sha256);
  if (!query.executeStep()) return std::nullopt;
  const SQLite::Column text = query.getColumn(0);
  return std::string(static_cast<const char*>(text.getBlob()),
                     static_cast<size_t>(text.getBytes()));
}

}  // namespace gridlaw
