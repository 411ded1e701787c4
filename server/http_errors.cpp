// Refusal codes to HTTP statuses and the JSON error body (http_errors.h).

#include "http_errors.h"

#include <nlohmann/json.hpp>

namespace gridlaw::server {
namespace {

constexpr ServerCodeInfo kServerCodes[] = {
    {"H001", "not-found", 404, "No endpoint, provider or report at this path."},
    {"H002", "method-not-allowed", 405,
     "The endpoint does not answer this method; the Allow header lists those it does."},
    {"H003", "unsupported-media-type", 415,
     "A submission's Content-Type is not application/json or "
     "application/vnd.dsse.envelope.v1+json."},
    {"H004", "body-too-large", 413, "The request body is larger than the server's limit."},
    {"H005", "bad-request", 400,
     "A path or query parameter is missing, unknown, repeated or malformed."},
    {"H006", "shutting-down", 503, "The server is stopping and takes no more submissions."},
    {"H007", "internal-error", 500, "The server failed while answering; nothing was acknowledged."},
};

// "A202" → 202; -1 unless the code is a letter and three digits.
int NumberOf(std::string_view code) {
  if (code.size() != 4) return -1;
  int number = 0;
  for (char c : code.substr(1)) {
    if (c < '0' || c > '9') return -1;
    number = number * 10 + (c - '0');
  }
  return number;
}

}  // namespace

std::span<const ServerCodeInfo> AllServerCodes() {
  return kServerCodes;
}

const ServerCodeInfo& InfoOf(ServerCode code) {
  return kServerCodes[static_cast<size_t>(code)];
}

std::string HttpError::Body() const {
  nlohmann::json body = {{"code", code}, {"name", name}, {"message", message}};
  if (path) body["path"] = *path;
  // The message quotes untrusted bytes (member names, ids); replace what is
  // not UTF-8 rather than fail to answer.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

HttpError MakeError(ServerCode code, std::string message) {
  const ServerCodeInfo& info = InfoOf(code);
  return {info.status, std::string(info.id), std::string(info.name), std::move(message), {}};
}

int StatusOf(std::string_view code, JsonScope json_scope) {
  const int number = NumberOf(code);
  if (number < 0) return 500;
  switch (code.front()) {
    case 'J':
      return json_scope == JsonScope::kEnvelope ? 400 : 422;
    case 'A':
      if (number >= 100 && number <= 199) return 400;
      if (number >= 200 && number <= 299) return 403;
      if (number == 304) return 409;
      if (number >= 300 && number <= 399) return 422;
      return 500;  // A4xx: the server's own keys, never the client's fault
    case 'L':
      if (number == 101) return 409;
      if (number == 401) return 404;
      if (number == 1) return 503;
      return 500;
    case 'H':
      for (const ServerCodeInfo& info : kServerCodes) {
        if (info.id == code) return info.status;
      }
      return 500;
    default:
      return 500;
  }
}

HttpError EnvelopeRefusal(const AttestError& error) {
  HttpError http;
  http.code = std::string(ReasonCode(error));
  // As `gridlaw ledger ingest` reports it: a J code named by the document
  // it was found in ("envelope-json").
  http.name = std::string(InfoOf(error.code).name);
  http.message = error.message;
  if (error.json) http.path = error.json->path;
  http.status = StatusOf(http.code, JsonScope::kEnvelope);
  return http;
}

HttpError LedgerRefusal(const IngestResult& refused, std::optional<std::string> path) {
  HttpError http;
  http.code = refused.code;
  http.name = refused.name;
  http.message = refused.message;
  http.path = std::move(path);
  http.status = StatusOf(http.code, JsonScope::kPayload);
  return http;
}

HttpError LedgerFailure(const LedgerError& error) {
  return {StatusOf(error.code, JsonScope::kEnvelope), error.code, error.name, error.message, {}};
}

}  // namespace gridlaw::server
