#pragma once
// Why a ledger operation failed or refused an envelope. Codes are stable
// and listed in SPEC.md §16.7 (a test keeps the list in step); an envelope
// refused by the intake keeps the intake's own code (A…, J…; attest/codes).

#include <span>
#include <string>
#include <string_view>

namespace gridlaw {

struct LedgerCodeInfo {
  std::string_view id;       // "L101"
  std::string_view name;     // "equivocation"
  std::string_view summary;  // one line for SPEC.md
};

inline constexpr LedgerCodeInfo kLedgerCodes[] = {
    {"L001", "database", "SQLite could not open, read or write the ledger file."},
    {"L002", "not-a-ledger",
     "The file is missing, not a gridlaw ledger, or of a newer schema version."},
    {"L003", "ledger-exists", "ledger init was given a path that already exists."},
    {"L101", "equivocation",
     "The provider already claimed this subject for an overlapping period with other claims."},
    {"L201", "ledger-key",
     "The ledger's key is not a trusted key of role ledger valid now, or a key record is refused."},
    {"L301", "tampered", "Stored bytes, hashes or checkpoints do not recompute."},
    {"L302", "bad-proof", "A receipt or proof does not verify."},
    {"L401", "out-of-range", "No such entry, tree size or checkpoint in this ledger."},
};

inline std::span<const LedgerCodeInfo> AllLedgerCodes() {
  return kLedgerCodes;
}

struct LedgerError {
  std::string code;  // "L101"
  std::string name;  // "equivocation"
  std::string message;
};

namespace ledger_codes {
inline LedgerError Make(size_t row, std::string message) {
  return {std::string(kLedgerCodes[row].id), std::string(kLedgerCodes[row].name),
          std::move(message)};
}
}  // namespace ledger_codes

inline LedgerError DatabaseError(std::string message) {
  return ledger_codes::Make(0, std::move(message));
}
inline LedgerError NotALedger(std::string message) {
  return ledger_codes::Make(1, std::move(message));
}
inline LedgerError LedgerExists(std::string message) {
  return ledger_codes::Make(2, std::move(message));
}
inline LedgerError Equivocation(std::string message) {
  return ledger_codes::Make(3, std::move(message));
}
inline LedgerError LedgerKeyProblem(std::string message) {
  return ledger_codes::Make(4, std::move(message));
}
inline LedgerError Tampered(std::string message) {
  return ledger_codes::Make(5, std::move(message));
}
inline LedgerError BadProof(std::string message) {
  return ledger_codes::Make(6, std::move(message));
}
inline LedgerError NoSuchEntry(std::string message) {
  return ledger_codes::Make(7, std::move(message));
}

}  // namespace gridlaw
