#pragma once
// Why a ledger operation failed or refused an envelope. Codes are stable
// and listed in SPEC.md §16; an envelope refused by the intake keeps the
// intake's own code (A1xx–A3xx, attest/codes).

#include <string>

namespace gridlaw {

struct LedgerError {
  std::string code;  // "L101"
  std::string name;  // "equivocation"
  std::string message;
};

inline LedgerError DatabaseError(std::string message) {
  return {"L001", "database", std::move(message)};
}
inline LedgerError NotALedger(std::string message) {
  return {"L002", "not-a-ledger", std::move(message)};
}
inline LedgerError LedgerExists(std::string message) {
  return {"L003", "ledger-exists", std::move(message)};
}
inline LedgerError Equivocation(std::string message) {
  return {"L101", "equivocation", std::move(message)};
}
inline LedgerError LedgerKeyProblem(std::string message) {
  return {"L201", "ledger-key", std::move(message)};
}
inline LedgerError Tampered(std::string message) {
  return {"L301", "tampered", std::move(message)};
}
inline LedgerError BadProof(std::string message) {
  return {"L302", "bad-proof", std::move(message)};
}
inline LedgerError NoSuchEntry(std::string message) {
  return {"L401", "out-of-range", std::move(message)};
}

}  // namespace gridlaw
