// gridlaw serve --ledger DB [--listen HOST:PORT] [--key LEDGER.key] [--max-body BYTES]
//               [--threads N] [--batch-window-ms N]
//
// The provider intake server over a ledger (SPEC.md §18; server/). It prints
// one line when it listens — with --listen HOST:0, the port it was given —
// and runs until SIGTERM or SIGINT, then stops accepting connections,
// answers the requests it has, commits every queued submission and closes
// the ledger. Exit 0 after such a stop, 2 for usage errors or a ledger,
// key or address it cannot use.

#include <fmt/format.h>
#include <pthread.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "clock_option.h"
#include "commands.h"
#include "intake_server.h"
#include "key_files.h"
#include "store/ledger.h"

namespace gridlaw::app {
namespace {

struct ServeOptions {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string key;
  size_t max_body = size_t{1} << 20;
  size_t threads = 16;
  unsigned batch_window_ms = 2;
  std::string now;
};

int Fail(const std::string& message) {
  std::cerr << "gridlaw serve: " << message << "\n";
  return kExitUsage;
}

// "HOST:PORT" or "[IPv6]:PORT".
bool ParseListen(const std::string& text, std::string* host, int* port, std::string* error) {
  const size_t colon = text.rfind(':');
  std::string name = colon == std::string::npos ? "" : text.substr(0, colon);
  const std::string digits = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  int value = -1;
  if (!digits.empty() && digits.size() <= 5 &&
      digits.find_first_not_of("0123456789") == std::string::npos) {
    value = std::stoi(digits);
  }
  if (name.empty() || value < 0 || value > 65535) {
    *error =
        "--listen needs HOST:PORT (127.0.0.1:8080, [::1]:8080; port 0 for any), not '" + text + "'";
    return false;
  }
  *host = name;
  *port = value;
  return true;
}

std::string UrlHost(const std::string& host) {
  return host.find(':') == std::string::npos ? host : "[" + host + "]";
}

int RunServe(const ServeOptions& o) {
  // SIGTERM and SIGINT are blocked before any thread exists, so every thread
  // inherits the mask and the signals are taken only by sigwait() below, in
  // an ordinary thread: no work happens in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up is the socket's error, not ours

  server::IntakeServerOptions options;
  options.ledger_path = o.db;
  std::string error;
  if (!ParseListen(o.listen, &options.host, &options.port, &error)) return Fail(error);
  options.max_body_bytes = o.max_body;
  options.threads = o.threads;
  options.batch_window = std::chrono::milliseconds(o.batch_window_ms);
  if (!o.now.empty()) {
    const auto fixed = InstantOrNow(o.now, "--now", &error);
    if (!fixed) return Fail(error);
    options.clock = [t = *fixed] { return t; };
  } else {
    options.clock = [] {
      std::string unused;
      return InstantOrNow("", "--now", &unused).value_or(0);
    };
  }

  // The ledger's key: --key, else the file named when the ledger was created.
  std::string key_path = o.key;
  if (key_path.empty()) {
    auto ledger = Ledger::Open(o.db);
    if (!ledger.ok()) {
      return Fail(fmt::format("{} {}: {}", ledger.error().code, ledger.error().name,
                              ledger.error().message));
    }
    key_path = ledger->ledger_key_path();
  }
  auto key = LoadPrivateKey(key_path, &error);
  if (!key) return Fail(error + " (the ledger's signing key; give --key)");

  auto started = server::IntakeServer::Start(std::move(options), std::move(*key));
  if (!started.ok()) return Fail(started.error());
  server::IntakeServer& server = **started;
  std::cerr << fmt::format("gridlaw serve: listening on http://{}:{} (ledger {}, {} entries)\n",
                           UrlHost(server.host()), server.port(), server.origin(),
                           server.entries_at_start());

  std::thread signal_waiter([&server, &stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.Stop();
  });
  const bool served = server.Serve();
  // Serve() also ends when it cannot listen: wake the waiter then (after a
  // signal it has already returned and this is not delivered to anyone).
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  server.Close();
  std::cerr << fmt::format("gridlaw serve: stopped (ledger {}, {} entries)\n", server.origin(),
                           server.entries());
  return served ? kExitOk : kExitUsage;
}

}  // namespace

void AddServeCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* serve =
      app.add_subcommand("serve", "The provider intake server: HTTP submissions into the ledger");
  auto o = std::make_shared<ServeOptions>();
  serve->add_option("--ledger", o->db, "Ledger database")->required();
  serve->add_option("--listen", o->listen, "HOST:PORT to listen on; port 0 picks a free one")
      ->capture_default_str();
  serve->add_option("--key", o->key, "The ledger's private key; default: the one given at init");
  serve->add_option("--max-body", o->max_body, "Largest request body accepted, in bytes")
      ->check(CLI::Range(size_t{1}, size_t{3} << 20))
      ->capture_default_str();
  serve->add_option("--threads", o->threads, "Request threads (connections answered at once)")
      ->check(CLI::Range(size_t{1}, size_t{1024}))
      ->capture_default_str();
  serve
      ->add_option("--batch-window-ms", o->batch_window_ms,
                   "How long the writer waits for more submissions to commit together")
      ->check(CLI::Range(0u, 1000u))
      ->capture_default_str();
  // For reproducible tests only: every batch is received at this instant.
  serve->add_option("--now", o->now, "RFC 3339 instant used as the time of receipt")->group("");
  serve->callback([&run, o] { run = [o] { return RunServe(*o); }; });
}

}  // namespace gridlaw::app
