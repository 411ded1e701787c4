#pragma once
// What `gridlaw eval --ledger` and `gridlaw report verify --ledger` evaluate:
// the claims of the ledger's entries up to a checkpoint, each entry's
// payload exactly as it was verified when the ledger received it.

#include <string>
#include <vector>

#include "claims/claims.h"
#include "report/report.h"
#include "store/ledger.h"

namespace gridlaw::app {

// Decodes entries [0, checkpoint size) into `claims` and records each in
// `inputs` (its claim SHA-256, entry index and signers) together with the
// checkpoint, in entry order. Entries are decoded on `threads` threads (0:
// every hardware thread). False with `error` set for the first entry, in
// entry order, that does not decode.
bool LoadLedgerClaims(Ledger& ledger, const StoredCheckpoint& checkpoint,
                      std::vector<Claim>* claims, ReportInputs* inputs, std::string* error,
                      unsigned threads = 0);

}  // namespace gridlaw::app
