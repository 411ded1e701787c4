// Read connections of the intake server (reader_pool.h).

#include "reader_pool.h"

namespace gridlaw::server {

ReaderPool::ReaderPool(std::string ledger_path) : ledger_path_(std::move(ledger_path)) {}

ReaderPool::Lease::Lease(ReaderPool* pool, std::unique_ptr<Ledger> ledger)
    : pool_(pool), ledger_(std::move(ledger)) {}

ReaderPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), ledger_(std::move(other.ledger_)) {}

ReaderPool::Lease::~Lease() {
  if (ledger_) pool_->Return(std::move(ledger_));
}

Result<ReaderPool::Lease, LedgerError> ReaderPool::Acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Ledger> ledger = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(ledger));
    }
  }
  // Opening reads the schema and the trust store: done outside the lock.
  auto opened = Ledger::Open(ledger_path_);
  if (!opened.ok()) return std::move(opened).error();
  return Lease(this, std::make_unique<Ledger>(std::move(opened).value()));
}

void ReaderPool::Close() {
  std::vector<std::unique_ptr<Ledger>> closing;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    closing.swap(idle_);
  }
}

void ReaderPool::Return(std::unique_ptr<Ledger> ledger) {
  std::lock_guard lock(mutex_);
  if (!closed_) idle_.push_back(std::move(ledger));
}

}  // namespace gridlaw::server
