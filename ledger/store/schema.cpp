#include "store/schema.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <array>
#include <string_view>

namespace gridlaw {
namespace {

// Migration 1: the whole ledger. Entries, tree nodes, checkpoints and
// equivocation evidence are append-only: triggers refuse UPDATE and DELETE,
// so even a bug (or a careless hand) in a process that holds the file open
// through gridlaw cannot rewrite history; `ledger verify` catches edits made
// around SQLite.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE providers (
  id         TEXT PRIMARY KEY,
  first_seen TEXT NOT NULL
);
CREATE TABLE keys (
  key_id      TEXT PRIMARY KEY,
  owner       TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('provider', 'regulator', 'evaluator', 'ledger')),
  algorithm   TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_until TEXT,
  revoked_at  TEXT,
  reason      TEXT,
  position    INTEGER NOT NULL UNIQUE
);
CREATE TABLE entries (
  idx          INTEGER PRIMARY KEY CHECK (idx >= 0),
  envelope     BLOB NOT NULL,
  sha256       TEXT NOT NULL UNIQUE,
  leaf_hash    BLOB NOT NULL,
  provider     TEXT NOT NULL REFERENCES providers(id),
  subject      TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  nonce        TEXT NOT NULL,
  key_ids      TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  UNIQUE (provider, nonce)
);
CREATE INDEX entries_by_subject ON entries (provider, subject, period_start);
CREATE TABLE nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE checkpoints (
  tree_size INTEGER PRIMARY KEY,
  root      BLOB NOT NULL,
  time      TEXT NOT NULL,
  key_id    TEXT NOT NULL,
  envelope  TEXT NOT NULL
);
CREATE TABLE equivocations (
  id             INTEGER PRIMARY KEY,
  received_at    TEXT NOT NULL,
  provider       TEXT NOT NULL,
  subject        TEXT NOT NULL,
  period_start   TEXT NOT NULL,
  period_end     TEXT NOT NULL,
  existing_entry INTEGER NOT NULL REFERENCES entries(idx),
  sha256         TEXT NOT NULL UNIQUE,
  envelope       BLOB NOT NULL
);
CREATE TABLE reports (
  id             TEXT PRIMARY KEY,
  checkpoint     INTEGER NOT NULL REFERENCES checkpoints(tree_size),
  policy_id      TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  policy_sha256  TEXT NOT NULL,
  policy_text    BLOB NOT NULL,
  evaluated_at   TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  report         BLOB NOT NULL,
  signed         INTEGER NOT NULL
);
CREATE TRIGGER entries_append_only_update BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'gridlaw ledger: entries are append-only'); END;
CREATE TRIGGER entries_append_only_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'gridlaw ledger: entries are append-only'); END;
CREATE TRIGGER nodes_append_only_update BEFORE UPDATE ON nodes
  BEGIN SELECT RAISE(ABORT, 'gridlaw ledger: tree nodes are append-only'); END;
CREATE TRIGGER nodes_append_only_delete BEFORE DELETE ON nodes
  BEGIN SELECT RAISE(ABORT, 'gridlaw ledger: tree nodes are append-only'); END;
CREATE TRIGGER checkpoints_append_only_update BEFORE UPDATE ON checkpoints
  BEGIN SELECT RAISE(ABORT, 'gridlaw ledger: checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_append_only_delete BEFORE DELETE ON checkpoints
  BEGIN SELECT RAISE(ABORT, 'gridlaw ledger: checkpoints are append-only'); END;
CREATE TRIGGER equivocations_append_only_update BEFORE UPDATE ON equivocations
  BEGIN SELECT RAISE(ABORT, 'gridlaw ledger: equivocation records are append-only'); END;
CREATE TRIGGER equivocations_append_only_delete BEFORE DELETE ON equivocations
  BEGIN SELECT RAISE(ABORT, 'gridlaw ledger: equivocation records are append-only'); END;
CREATE TRIGGER reports_append_only_update BEFORE UPDATE ON reports
  BEGIN SELECT RAISE(ABORT, 'gridlaw ledger: reports are append-only'); END;
CREATE TRIGGER reports_append_only_delete BEFORE DELETE ON reports
  BEGIN SELECT RAISE(ABORT, 'gridlaw ledger: reports are append-only'); END;
)sql";

constexpr std::array<std::string_view, 1> kMigrations = {kMigration1};

bool HasMigrationsTable(SQLite::Database& db) {
  SQLite::Statement query(
      db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  query.executeStep();
  return query.getColumn(0).getInt() == 1;
}

}  // namespace

int LatestSchemaVersion() {
  return static_cast<int>(kMigrations.size());
}

int SchemaVersionOf(SQLite::Database& db) {
  if (!HasMigrationsTable(db)) return 0;
  SQLite::Statement query(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
  query.executeStep();
  return query.getColumn(0).getInt();
}

Result<void, LedgerError> Migrate(SQLite::Database& db, const std::string& applied_at) {
  try {
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    const int current = SchemaVersionOf(db);
    if (current > LatestSchemaVersion()) {
      return NotALedger("the ledger's schema version " + std::to_string(current) +
                        " is newer than this gridlaw knows (" +
                        std::to_string(LatestSchemaVersion()) + ")");
    }
    for (int version = current + 1; version <= LatestSchemaVersion(); ++version) {
      SQLite::Transaction transaction(db);
      db.exec(std::string(kMigrations[static_cast<size_t>(version - 1)]));
      SQLite::Statement record(db,
                               "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
      record.bind(1, version);
      record.bind(2, applied_at);
      record.exec();
      transaction.commit();
    }
  } catch (const SQLite::Exception& e) {
    return DatabaseError(std::string("migrating the schema: ") + e.what());
  }
  return {};
}

}  // namespace gridlaw
