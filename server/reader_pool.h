#pragma once
// Ledger connections for the intake server's request threads, which only
// read: receipts, checkpoints, entries, proofs, providers, reports. Each is
// its own SQLite connection, so readers never wait for one another, and in
// WAL mode they read the last commit while the writer (ingest_queue.h)
// appends the next one. Connections are opened on demand and kept, so there
// are at most as many as request threads ever read at once.
//
// Thread safety: Acquire() may be called from any thread; a Lease is used by
// the thread that holds it.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "result/result.h"
#include "store/ledger.h"

namespace gridlaw::server {

class ReaderPool {
 public:
  explicit ReaderPool(std::string ledger_path);

  // A connection lent to one thread until the lease is destroyed.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Ledger> ledger);
    ~Lease();
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Ledger& operator*() const { return *ledger_; }
    Ledger* operator->() const { return ledger_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Ledger> ledger_;
  };

  // An idle connection, or a new one (L001/L002 if the file cannot be opened).
  Result<Lease, LedgerError> Acquire();

  // Closes the idle connections (the server's shutdown; leases still out
  // close when returned).
  void Close();

 private:
  void Return(std::unique_ptr<Ledger> ledger);

  std::string ledger_path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Ledger>> idle_;
  bool closed_ = false;
};

}  // namespace gridlaw::server
