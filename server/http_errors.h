#pragma once
// What the intake server answers when it does not answer with data: an HTTP
// status and a JSON body
//
//   {"code": "A202", "message": "…", "name": "bad-signature", "path": "/payload"}
//
// (members sorted, `path` only when the refusal points into a JSON document).
// The code is the one the ledger or the intake gave (J…, A…, L…), so an HTTP
// client sees what `gridlaw ledger ingest` would print; refusals that only
// HTTP can make (no such route, wrong method, body too large, …) have codes
// of their own, H0xx, listed in SPEC.md §18 (a test keeps the two in step).

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "codes/attest_error.h"
#include "store/ledger.h"

namespace gridlaw::server {

struct ServerCodeInfo {
  std::string_view id;       // "H004"
  std::string_view name;     // "body-too-large"
  int status;                // the HTTP status it is sent with
  std::string_view summary;  // one line for SPEC.md
};

enum class ServerCode {
  kNotFound,              // H001
  kMethodNotAllowed,      // H002
  kUnsupportedMediaType,  // H003
  kBodyTooLarge,          // H004
  kBadRequest,            // H005
  kShuttingDown,          // H006
  kInternalError,         // H007
};

// Every H code, in numeric order.
std::span<const ServerCodeInfo> AllServerCodes();
const ServerCodeInfo& InfoOf(ServerCode code);

struct HttpError {
  int status = 500;
  std::string code;  // "A202", "J001", "L101", "H004"
  std::string name;  // "bad-signature"
  std::string message;
  std::optional<std::string> path;  // RFC 6901 pointer into the refused JSON document

  // The JSON body, with a final newline.
  std::string Body() const;
};

HttpError MakeError(ServerCode code, std::string message);

// Where a strict-JSON refusal (a J code) was found: the envelope itself is a
// malformed request (400); the signed claims inside a well-formed envelope
// are a well-formed request whose content is refused (422).
enum class JsonScope { kEnvelope, kPayload };

// The HTTP status of an intake or ledger code:
//   J… (envelope), A100–A106          400  the body is not a DSSE envelope
//   A201–A208                         403  not signed by a key allowed to sign it
//   J… (payload), A300–A303           422  the signed claims are refused
//   A304, L101                        409  conflicts with what the ledger holds
//   L401                              404  no such entry, tree size or checkpoint
//   L001                              503  the ledger could not be read or written (retry)
//   anything else                     500
int StatusOf(std::string_view code, JsonScope json_scope);

// The refusal of the envelope itself (dsse/envelope.h): always 400.
HttpError EnvelopeRefusal(const AttestError& error);

// An envelope the ledger refused (its code, name and message unchanged),
// once EnvelopeRefusal has ruled out the envelope itself: a J code is then
// the payload's, and `path` the pointer into it, when known.
HttpError LedgerRefusal(const IngestResult& refused, std::optional<std::string> path);

// A failure of the whole ledger operation (the batch was not committed).
HttpError LedgerFailure(const LedgerError& error);

}  // namespace gridlaw::server
