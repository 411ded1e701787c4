// The intake server: HTTP routes, request threads and lifecycle (intake_server.h).
//
// cpp-httplib is Debian's build (a shared library compiled with its OpenSSL,
// zlib and brotli support); server/CMakeLists.txt compiles this file with the
// same configuration macros so that the library's classes have one layout.
// The server never turns TLS on.

#include "intake_server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <exception>
#include <regex>
#include <thread>
#include <vector>

#include "dsse/envelope.h"
#include "http_errors.h"
#include "ingest_queue.h"
#include "intake/claims_limits.h"
#include "intake/signed_document.h"
#include "ledger_views.h"
#include "reader_pool.h"
#include "store/ledger.h"

namespace gridlaw::server {
namespace {

// Provider ids are short names; a longer path segment is refused unread.
constexpr size_t kMaxProviderIdBytes = 256;

void Send(httplib::Response& res, const Reply& reply) {
  res.status = reply.status;
  res.set_content(reply.body, reply.content_type.c_str());
}

void SendError(httplib::Response& res, const HttpError& error) {
  res.status = error.status;
  res.set_content(error.Body(), kJsonMediaType);
}

HttpError BadRequest(std::string message) {
  return MakeError(ServerCode::kBadRequest, std::move(message));
}

// An entry index or tree size: decimal digits, no sign, no leading zeros,
// at most 2^64 - 1.
std::optional<uint64_t> ParseCount(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text.front() == '0')) return std::nullopt;
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The query names only `allowed`, each at most once.
std::optional<HttpError> CheckQuery(const httplib::Request& req,
                                    std::initializer_list<std::string_view> allowed) {
  for (auto it = req.params.begin(); it != req.params.end(); ++it) {
    const std::string& name = it->first;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return BadRequest("unknown query parameter \"" + name + "\"");
    }
    if (req.params.count(name) > 1) return BadRequest("query parameter \"" + name + "\" repeated");
  }
  return std::nullopt;
}

// A required (or, with `required` false, optional) count parameter.
Result<std::optional<uint64_t>, HttpError> CountParam(const httplib::Request& req,
                                                      const std::string& name, bool required) {
  if (!req.has_param(name)) {
    if (required) return BadRequest("query parameter \"" + name + "\" is required");
    return std::optional<uint64_t>();
  }
  const std::string text = req.get_param_value(name);
  const auto value = ParseCount(text);
  if (!value) {
    return BadRequest("query parameter \"" + name + "\" must be a decimal count, not \"" + text +
                      "\"");
  }
  return std::optional<uint64_t>(*value);
}

// The media type of a Content-Type header, lower-case, without parameters.
std::string MediaTypeOf(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back())))
    type.pop_back();
  size_t start = 0;
  while (start < type.size() && std::isspace(static_cast<unsigned char>(type[start])))
    ++start;
  type.erase(0, start);
  for (char& c : type)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

bool IsHexId(std::string_view text) {
  if (text.size() != 64) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The route's path as a regular expression: each {parameter} one segment.
std::string PatternOf(std::string_view path) {
  std::string pattern;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      pattern += "([^/]+)";
      i = path.find('}', i);
    } else {
      pattern += path[i];
    }
  }
  return pattern;
}

// The answer to an envelope the ledger refused. A J code alone does not say
// which document was not strict JSON — the envelope (400) or the claims
// signed inside it (422) — nor where: only for such a refusal is the body
// read again here, with the functions the ledger's intake used, so that
// every accepted submission is parsed once, by the writer.
HttpError RefusalOf(const IngestResult& refused, const std::string& body) {
  if (refused.code.empty() || refused.code.front() != 'J') return LedgerRefusal(refused, {});
  auto envelope = ParseEnvelope(body);
  if (!envelope.ok()) return EnvelopeRefusal(envelope.error());
  auto claims = ParseStrictJson(envelope->payload, kClaimsJsonLimits);
  return LedgerRefusal(
      refused, claims.ok() ? std::nullopt : std::optional<std::string>(claims.error().path));
}

}  // namespace

struct IntakeServer::Impl {
  using Handle = void (Impl::*)(const httplib::Request&, httplib::Response&);
  struct Endpoint {
    RouteInfo route;
    Handle handle;
  };
  static const std::vector<Endpoint>& Endpoints();

  Impl(IntakeServerOptions opts, Ledger writer, PrivateKey key)
      : options(std::move(opts)),
        origin(writer.origin()),
        entries_at_start(writer.size()),
        readers(options.ledger_path),
        queue(std::move(writer), std::move(key),
              {.max_batch = options.max_batch,
               .batch_window = options.batch_window,
               .clock = options.clock}) {}

  void Configure();

  // Runs `view` over a read connection and sends what it answers.
  template <typename View>
  void Answer(httplib::Response& res, View&& view) {
    auto lease = readers.Acquire();
    if (!lease.ok()) return SendError(res, LedgerFailure(lease.error()));
    ViewResult result = view(**lease);
    if (result.ok()) {
      Send(res, *result);
    } else {
      SendError(res, result.error());
    }
  }

  void Submit(const httplib::Request& req, httplib::Response& res);
  void GetCheckpoint(const httplib::Request& req, httplib::Response& res);
  void GetEntry(const httplib::Request& req, httplib::Response& res);
  void GetInclusionProof(const httplib::Request& req, httplib::Response& res);
  void GetConsistencyProof(const httplib::Request& req, httplib::Response& res);
  void GetProvider(const httplib::Request& req, httplib::Response& res);
  void GetReport(const httplib::Request& req, httplib::Response& res);
  void GetReportHtml(const httplib::Request& req, httplib::Response& res);
  void GetHealth(const httplib::Request& req, httplib::Response& res);
  void AnswerError(const httplib::Request& req, httplib::Response& res);

  IntakeServerOptions options;
  std::string origin;
  uint64_t entries_at_start = 0;
  int port = -1;
  ReaderPool readers;
  IngestQueue queue;
  httplib::Server http;

  // Stop() may come before Serve() has started listening, and httplib's
  // stop() only acts on a listening server: see Serve() and Stop().
  std::atomic<bool> serve_started{false};
  std::atomic<bool> serve_finished{false};
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> closed{false};
};

const std::vector<IntakeServer::Impl::Endpoint>& IntakeServer::Impl::Endpoints() {
  static const std::vector<Endpoint> endpoints = {
      {{"POST", "/v1/attestations"}, &Impl::Submit},
      {{"GET", "/v1/checkpoint"}, &Impl::GetCheckpoint},
      {{"GET", "/v1/entries/{index}"}, &Impl::GetEntry},
      {{"GET", "/v1/proof/inclusion"}, &Impl::GetInclusionProof},
      {{"GET", "/v1/proof/consistency"}, &Impl::GetConsistencyProof},
      {{"GET", "/v1/providers/{id}"}, &Impl::GetProvider},
      // Before /v1/reports/{id}, whose pattern would also match "….html".
      {{"GET", "/v1/reports/{id}.html"}, &Impl::GetReportHtml},
      {{"GET", "/v1/reports/{id}"}, &Impl::GetReport},
      {{"GET", "/healthz"}, &Impl::GetHealth},
  };
  return endpoints;
}

std::span<const RouteInfo> IntakeRoutes() {
  static const std::vector<RouteInfo> routes = [] {
    std::vector<RouteInfo> list;
    for (const auto& endpoint : IntakeServer::Impl::Endpoints())
      list.push_back(endpoint.route);
    return list;
  }();
  return routes;
}

void IntakeServer::Impl::Configure() {
  for (const Endpoint& endpoint : Endpoints()) {
    const Handle handle = endpoint.handle;
    httplib::Server::Handler handler = [this, handle](const httplib::Request& req,
                                                      httplib::Response& res) {
      try {
        (this->*handle)(req, res);
      } catch (const std::exception& e) {
        SendError(res, MakeError(ServerCode::kInternalError, e.what()));
      }
    };
    const std::string pattern = PatternOf(endpoint.route.path);
    if (endpoint.route.method == "POST") {
      http.Post(pattern, std::move(handler));
    } else {
      http.Get(pattern, std::move(handler));
    }
  }
  http.set_error_handler(
      [this](const httplib::Request& req, httplib::Response& res) { AnswerError(req, res); });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SendError(res, MakeError(ServerCode::kInternalError, "the request failed"));
      });
  // httplib writes a response's headers and body separately: without
  // TCP_NODELAY, Nagle's algorithm holds the body until the client's delayed
  // ACK (40 ms on Linux) for every small answer.
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(options.max_body_bytes);
  http.set_read_timeout(options.read_timeout);
  http.set_write_timeout(options.write_timeout);
  http.set_keep_alive_timeout(static_cast<time_t>(options.keep_alive_timeout.count()));
  http.set_keep_alive_max_count(options.keep_alive_max_requests);
  const size_t threads = std::max<size_t>(options.threads, 1);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
}

// Answers httplib itself gave (no route, body too large, unreadable
// request) get the same JSON error body as every other refusal.
void IntakeServer::Impl::AnswerError(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return;  // a handler's own answer
  if (res.status == 413) {
    return SendError(res, MakeError(ServerCode::kBodyTooLarge,
                                    fmt::format("the body is larger than the limit of {} bytes",
                                                options.max_body_bytes)));
  }
  if (res.status == 404) {
    std::string allow;
    for (const Endpoint& endpoint : Endpoints()) {
      if (std::regex_match(req.path, std::regex(PatternOf(endpoint.route.path)))) {
        allow += (allow.empty() ? "" : ", ") + std::string(endpoint.route.method);
        if (endpoint.route.method == "GET") allow += ", HEAD";
      }
    }
    if (!allow.empty()) {
      res.set_header("Allow", allow);
      return SendError(res, MakeError(ServerCode::kMethodNotAllowed,
                                      req.method + " is not allowed on " + req.path +
                                          " (allowed: " + allow + ")"));
    }
    return SendError(res, MakeError(ServerCode::kNotFound, "no endpoint " + req.path));
  }
  HttpError error =
      MakeError(res.status >= 500 ? ServerCode::kInternalError : ServerCode::kBadRequest,
                "the request could not be answered (HTTP " + std::to_string(res.status) + ")");
  error.status = res.status;
  SendError(res, error);
}

void IntakeServer::Impl::Submit(const httplib::Request& req, httplib::Response& res) {
  if (auto bad = CheckQuery(req, {})) return SendError(res, *bad);
  const std::string media_type = MediaTypeOf(req.get_header_value("Content-Type"));
  if (media_type != kJsonMediaType && media_type != kEnvelopeMediaType) {
    return SendError(res, MakeError(ServerCode::kUnsupportedMediaType,
                                    "a submission is a DSSE envelope: Content-Type " +
                                        std::string(kJsonMediaType) + " or " + kEnvelopeMediaType +
                                        ", not \"" + media_type + "\""));
  }
  if (req.body.size() > options.max_body_bytes) {  // httplib enforces it; a second lock
    return SendError(res, MakeError(ServerCode::kBodyTooLarge, "the body is too large"));
  }
  const std::string source = fmt::format("{}:{}", req.remote_addr, req.remote_port);
  auto pending = queue.Submit({source, req.body});
  if (!pending) {
    return SendError(res, MakeError(ServerCode::kShuttingDown, "the server is shutting down"));
  }
  const IngestOutcome outcome = pending->get();
  if (outcome.failure) return SendError(res, LedgerFailure(*outcome.failure));
  const IngestResult& result = outcome.result;
  if (result.status == IngestResult::Status::kRefused) {
    return SendError(res, RefusalOf(result, req.body));
  }
  // Committed: the receipt is read back like any other reader would.
  Answer(res, [&](Ledger& ledger) -> ViewResult {
    auto receipt = ledger.Receipt(result.entry);
    if (!receipt.ok()) return LedgerFailure(receipt.error());
    const bool accepted = result.status == IngestResult::Status::kAccepted;
    return Reply{accepted ? 201 : 200, kJsonMediaType, std::move(receipt).value()};
  });
  if (res.status == 200 || res.status == 201) {
    res.set_header("Location", "/v1/entries/" + std::to_string(result.entry));
  }
}

void IntakeServer::Impl::GetCheckpoint(const httplib::Request& req, httplib::Response& res) {
  if (auto bad = CheckQuery(req, {})) return SendError(res, *bad);
  Answer(res, [](Ledger& ledger) { return CheckpointView(ledger); });
}

void IntakeServer::Impl::GetEntry(const httplib::Request& req, httplib::Response& res) {
  if (auto bad = CheckQuery(req, {})) return SendError(res, *bad);
  const std::string text = req.matches[1].str();
  const auto index = ParseCount(text);
  if (!index) return SendError(res, BadRequest("an entry index is a decimal count, not " + text));
  Answer(res, [&](Ledger& ledger) { return EntryView(ledger, *index); });
}

void IntakeServer::Impl::GetInclusionProof(const httplib::Request& req, httplib::Response& res) {
  if (auto bad = CheckQuery(req, {"entry", "size"})) return SendError(res, *bad);
  auto entry = CountParam(req, "entry", true);
  if (!entry.ok()) return SendError(res, entry.error());
  auto size = CountParam(req, "size", false);
  if (!size.ok()) return SendError(res, size.error());
  if (*size && **entry >= **size) {
    return SendError(res, BadRequest("entry must be less than size"));
  }
  Answer(res, [&](Ledger& ledger) { return InclusionProofView(ledger, **entry, *size); });
}

void IntakeServer::Impl::GetConsistencyProof(const httplib::Request& req, httplib::Response& res) {
  if (auto bad = CheckQuery(req, {"old", "new"})) return SendError(res, *bad);
  auto old_size = CountParam(req, "old", true);
  if (!old_size.ok()) return SendError(res, old_size.error());
  auto new_size = CountParam(req, "new", true);
  if (!new_size.ok()) return SendError(res, new_size.error());
  if (**old_size == 0 || **old_size > **new_size) {
    return SendError(res, BadRequest("a consistency proof needs 0 < old <= new"));
  }
  Answer(res, [&](Ledger& ledger) { return ConsistencyProofView(ledger, **old_size, **new_size); });
}

void IntakeServer::Impl::GetProvider(const httplib::Request& req, httplib::Response& res) {
  if (auto bad = CheckQuery(req, {})) return SendError(res, *bad);
  const std::string provider = req.matches[1].str();
  if (provider.size() > kMaxProviderIdBytes) {
    return SendError(
        res, BadRequest(fmt::format("a provider id has at most {} bytes", kMaxProviderIdBytes)));
  }
  Answer(res, [&](Ledger& ledger) { return ProviderView(ledger, provider); });
}

void IntakeServer::Impl::GetReport(const httplib::Request& req, httplib::Response& res) {
  if (auto bad = CheckQuery(req, {})) return SendError(res, *bad);
  const std::string id = req.matches[1].str();
  if (!IsHexId(id)) {
    return SendError(res, BadRequest("a report id is 64 lower-case hex digits (its SHA-256)"));
  }
  Answer(res, [&](Ledger& ledger) { return ReportView(ledger, id); });
}

void IntakeServer::Impl::GetReportHtml(const httplib::Request& req, httplib::Response& res) {
  if (auto bad = CheckQuery(req, {})) return SendError(res, *bad);
  const std::string id = req.matches[1].str();
  if (!IsHexId(id)) {
    return SendError(res, BadRequest("a report id is 64 lower-case hex digits (its SHA-256)"));
  }
  Answer(res, [&](Ledger& ledger) { return ReportHtmlView(ledger, id); });
}

void IntakeServer::Impl::GetHealth(const httplib::Request& req, httplib::Response& res) {
  if (auto bad = CheckQuery(req, {})) return SendError(res, *bad);
  Answer(res, [](Ledger& ledger) { return HealthView(ledger); });
}

IntakeServer::IntakeServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

IntakeServer::~IntakeServer() {
  Stop();
  Close();
}

Result<std::unique_ptr<IntakeServer>, std::string> IntakeServer::Start(IntakeServerOptions options,
                                                                       PrivateKey ledger_key) {
  if (!options.clock) return std::string("no clock given for the time of receipt");
  auto ledger = Ledger::Open(options.ledger_path);
  if (!ledger.ok()) {
    const LedgerError& e = ledger.error();
    return fmt::format("{} {}: {}", e.code, e.name, e.message);
  }
  // Refuse to start rather than fail every batch: the key must be the
  // ledger's trusted key of role ledger, valid now.
  const TrustedKey* trusted = ledger->trust().Find(ledger_key.public_key().key_id());
  if (trusted == nullptr) {
    return fmt::format("L201 ledger-key: the key {} is not in the ledger's trust store",
                       ledger_key.public_key().key_id().substr(0, 16));
  }
  auto usable = KeyUsableAt(*trusted, KeyRole::kLedger, options.clock(), "checkpoints");
  if (!usable.ok()) return "L201 ledger-key: " + usable.error().message;

  auto impl =
      std::make_unique<Impl>(std::move(options), std::move(ledger).value(), std::move(ledger_key));
  impl->Configure();
  const IntakeServerOptions& o = impl->options;
  if (o.port == 0) {
    impl->port = impl->http.bind_to_any_port(o.host);
  } else if (impl->http.bind_to_port(o.host, o.port)) {
    impl->port = o.port;
  }
  if (impl->port <= 0) return fmt::format("cannot listen on {}:{}", o.host, o.port);
  return std::unique_ptr<IntakeServer>(new IntakeServer(std::move(impl)));
}

const std::string& IntakeServer::host() const {
  return impl_->options.host;
}
int IntakeServer::port() const {
  return impl_->port;
}
const std::string& IntakeServer::origin() const {
  return impl_->origin;
}
uint64_t IntakeServer::entries_at_start() const {
  return impl_->entries_at_start;
}

bool IntakeServer::Serve() {
  impl_->serve_started = true;
  bool listened = true;
  if (!impl_->stop_requested) listened = impl_->http.listen_after_bind();
  impl_->serve_finished = true;
  // httplib's pool has finished every request it took: nothing will be
  // submitted any more.
  return listened || impl_->stop_requested;
}

void IntakeServer::Stop() {
  impl_->stop_requested = true;
  // If Serve() has begun, wait until httplib listens (or gave up) so that
  // its stop() takes effect; if it has not, it will see stop_requested.
  while (impl_->serve_started && !impl_->serve_finished && !impl_->http.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->http.stop();
}

void IntakeServer::Close() {
  if (impl_->closed.exchange(true)) return;
  impl_->queue.Stop();
  impl_->readers.Close();
}

uint64_t IntakeServer::entries() {
  auto lease = impl_->readers.Acquire();
  return lease.ok() ? (*lease)->size() : 0;
}

}  // namespace gridlaw::server
