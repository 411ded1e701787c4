#pragma once
// `gridlaw serve`: the provider intake server over a ledger (SPEC.md §18).
//
//   POST /v1/attestations           a DSSE envelope → 201 receipt (new entry),
//                                   200 the same receipt (duplicate), 4xx refusal
//   GET  /v1/checkpoint             the latest signed checkpoint
//   GET  /v1/entries/{index}        an entry and its envelope
//   GET  /v1/proof/inclusion        ?entry=N[&size=M]
//   GET  /v1/proof/consistency      ?old=A&new=B
//   GET  /v1/providers/{id}         keys, entries, latest verdicts
//   GET  /v1/reports/{id}           a stored report's bytes
//   GET  /healthz
//
// Request threads (an HTTP thread pool) only read the ledger, each through a
// connection of its own (reader_pool.h); every submission goes to the one
// writer (ingest_queue.h), and a request is answered only after the batch
// holding it is committed. Bodies are untrusted: their size is capped before
// they are read, and their content goes through the ledger's strict intake.
//
// Lifecycle: Start() opens the ledger and binds the socket, Serve() answers
// until Stop(), Close() (or the destructor) lets the writer commit what is
// queued and closes the ledger.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "crypto/private_key.h"
#include "result/result.h"

namespace gridlaw::server {

struct IntakeServerOptions {
  std::string ledger_path;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see IntakeServer::port())
  // Larger bodies are refused (413) before more than this is read.
  size_t max_body_bytes = size_t{1} << 20;
  // Request threads: also the most connections answered at once (more wait
  // to be accepted into the pool).
  size_t threads = 16;
  size_t max_batch = 256;
  std::chrono::microseconds batch_window{2000};
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  // An idle keep-alive connection is closed after this, and after this many
  // requests, so that no client holds a request thread for ever.
  std::chrono::seconds keep_alive_timeout{2};
  size_t keep_alive_max_requests = 1000;
  // The time of receipt (nanoseconds since the epoch), read once per batch.
  std::function<int64_t()> clock;
};

// One endpoint: its method and its path as the OpenAPI description writes
// it ("/v1/entries/{index}").
struct RouteInfo {
  std::string_view method;  // "GET", "POST"
  std::string_view path;
};

// Every endpoint the server answers (server/openapi.yaml describes each).
std::span<const RouteInfo> IntakeRoutes();

class IntakeServer {
 public:
  // Opens the ledger for writing (and checks that `ledger_key` is its
  // trusted key of role ledger), then binds the listening socket. A message
  // saying what failed otherwise.
  static Result<std::unique_ptr<IntakeServer>, std::string> Start(IntakeServerOptions options,
                                                                  PrivateKey ledger_key);
  ~IntakeServer();
  IntakeServer(const IntakeServer&) = delete;
  IntakeServer& operator=(const IntakeServer&) = delete;

  const std::string& host() const;
  int port() const;  // the bound port, also when 0 was asked for
  const std::string& origin() const;
  uint64_t entries_at_start() const;

  // Answers requests until Stop(). False if it could not listen.
  bool Serve();

  // Stops accepting connections; requests being answered are finished
  // (each submission committed) and then Serve() returns. Thread-safe and
  // idempotent; may be called before Serve().
  void Stop();

  // After Serve() has returned: the writer commits whatever is still
  // queued, then every ledger connection is closed. Idempotent.
  void Close();

  // The ledger's size now (for the shutdown line); 0 if it cannot be read.
  uint64_t entries();

 private:
  struct Impl;
  friend std::span<const RouteInfo> IntakeRoutes();  // read from Impl's endpoint table
  explicit IntakeServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridlaw::server
