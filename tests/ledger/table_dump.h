#pragma once
// Ledger tables as text, for tests that require two ledgers (or one ledger
// before and after) to hold exactly the same bytes.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <string>

namespace gridlaw::testing {

// Every row of `table` with the type and bytes of each column: equal dumps
// mean nothing in the table changed.
inline std::string DumpTable(SQLite::Database& db, const std::string& table) {
  SQLite::Statement query(db, "SELECT * FROM " + table + " ORDER BY 1, 2");
  std::string dump;
  while (query.executeStep()) {
    for (int i = 0; i < query.getColumnCount(); ++i) {
      const SQLite::Column column = query.getColumn(i);
      dump += std::to_string(column.getType()) + ":";
      if (!column.isNull()) {
        dump.append(static_cast<const char*>(column.getBlob()),
                    static_cast<size_t>(column.getBytes()));
      }
      dump += "|";
    }
    dump += "\n";
  }
  return dump;
}

}  // namespace gridlaw::testing
