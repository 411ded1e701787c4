#pragma once
// What the intake server's read endpoints answer, computed from a ledger
// connection: free of HTTP, so each answer is the same function of the
// ledger whichever transport asks. Parameters arrive already parsed; what
// they name may still be absent (404) or out of range.
//
//   CheckpointView        GET /v1/checkpoint
//   EntryView             GET /v1/entries/{index}
//   InclusionProofView    GET /v1/proof/inclusion?entry=N[&size=M]
//   ConsistencyProofView  GET /v1/proof/consistency?old=A&new=B
//   ProviderView          GET /v1/providers/{id}
//   ReportView            GET /v1/reports/{id}
//   HealthView            GET /healthz
//
// The proofs are byte for byte what `gridlaw ledger proof` prints.

#include <cstdint>
#include <optional>
#include <string>

#include "http_errors.h"
#include "result/result.h"
#include "store/ledger.h"

namespace gridlaw::server {

// The media type of a DSSE envelope (the DSSE specification's).
inline constexpr const char* kEnvelopeMediaType = "application/vnd.dsse.envelope.v1+json";
inline constexpr const char* kJsonMediaType = "application/json";

struct Reply {
  int status = 200;
  std::string content_type = kJsonMediaType;
  std::string body;
};

using ViewResult = Result<Reply, HttpError>;

// The latest signed checkpoint envelope, as stored.
ViewResult CheckpointView(Ledger& ledger);

// The entry's metadata and, as a JSON string, its envelope's exact bytes (so
// a client can hash them: SHA-256 of `envelope` is `sha256`).
ViewResult EntryView(Ledger& ledger, uint64_t index);

// An inclusion proof of `entry` in the tree of `tree_size` entries (default:
// the whole ledger).
ViewResult InclusionProofView(Ledger& ledger, uint64_t entry, std::optional<uint64_t> tree_size);

ViewResult ConsistencyProofView(Ledger& ledger, uint64_t old_size, uint64_t new_size);

// A provider's keys (every record the trust store has for that owner), its
// entries (index, subject, period, time of receipt) and its latest verdicts:
// the subjects of the most recently stored report that names the provider,
// as that report states them.
ViewResult ProviderView(Ledger& ledger, const std::string& provider);

// A stored report's bytes: a DSSE envelope (signed) or canonical JSON.
ViewResult ReportView(Ledger& ledger, const std::string& id);

// The stored report as the auditor's HTML page (404 for text or JUnit reports).
ViewResult ReportHtmlView(Ledger& ledger, const std::string& id);
ViewResult HealthView(Ledger& ledger);

}  // namespace gridlaw::server
