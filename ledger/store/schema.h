#pragma once
// The ledger's SQLite schema and its migrations. Each migration is applied
// once, in order, inside a transaction, and recorded in schema_migrations;
// a database whose latest migration is newer than this build knows is
// refused rather than misread.

#include <SQLiteCpp/Database.h>

#include "result/result.h"
#include "store/ledger_error.h"

namespace gridlaw {

// The number of migrations this build knows.
int LatestSchemaVersion();

// Applies the missing migrations. L002 when the database is newer.
Result<void, LedgerError> Migrate(SQLite::Database& db, const std::string& applied_at);

// The version recorded in the database; 0 for a database without gridlaw's tables.
int SchemaVersionOf(SQLite::Database& db);

}  // namespace gridlaw
