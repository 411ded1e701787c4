// gridlaw bench [--envelopes N] [--records FILE | --generate N] [--policy FILE]
//
// One run on one machine, so that the figures can be compared with each
// other (SPEC.md §23):
//   (a) the verification floor: raw OpenSSL Ed25519 verification of N
//       envelopes' PAE bytes, keys parsed once, on every hardware thread;
//   (b) gridlaw's end-to-end ingest of the same N envelopes into a fresh
//       ledger (Ledger::Ingest: verify, claim header, equivocation and nonce
//       rules, append, Merkle tree, signed checkpoint), verifying on the
//       same threads as (a), as a rate and as a ratio to (a);
//   (c) evaluation of the peer workload (bench/peer-workload.policy over a
//       facility-month/v1 JSON Lines file): load+decode and evaluation time
//       apart, rule evaluations per second, and the per-rule counts — the
//       same code (on the same threads) and the same counts as `gridlaw
//       eval --format summary`.
// Timings are this command's output, so they vary run to run; nothing else
// gridlaw prints does.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "bench_envelopes.h"
#include "commands.h"
#include "digest/sha256.h"
#include "eval/program.h"
#include "files.h"
#include "frontend/frontend.h"
#include "progress.h"
#include "records/evaluate_records.h"
#include "report/report.h"
#include "store/ledger.h"
#include "version.h"

namespace gridlaw::app {
namespace {

using Clock = std::chrono::steady_clock;

struct BenchOptions {
  size_t envelopes = 10000;
  size_t batch = 1024;  // as gridlaw ledger ingest
  size_t rounds = 3;
  std::string records;
  size_t generate = 0;
  std::string policy = "bench/peer-workload.policy";
  std::string gen_js = "../shared/bench/gen.js";
  unsigned threads = 0;
};

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The process's CPU time (every thread), in seconds: in user space and in
// the kernel apart, since the kernel's share (writes, fsync, page faults) is
// not spent in gridlaw's code or its libraries' and is cut differently.
struct CpuTime {
  double user = 0;
  double system = 0;
};

CpuTime CpuNow() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return {.user = seconds(usage.ru_utime), .system = seconds(usage.ru_stime)};
}

// Wall and CPU time of a phase: CPU over wall is how many cores it kept
// busy, which tells a phase that waits (for the disk, for another thread)
// from one that computes.
struct Stopwatch {
  Clock::time_point wall_start = Clock::now();
  CpuTime cpu_start = CpuNow();
  double Wall() const { return Since(wall_start); }
  std::string Busy() const {
    const CpuTime now = CpuNow();
    const double user = now.user - cpu_start.user;
    const double system = now.system - cpu_start.system;
    return fmt::format("CPU {:.3f} s of which system {:.3f} s, {:.2f} cores busy", user + system,
                       system, (user + system) / Wall());
  }
};

std::string Rate(double count, double seconds) {
  const double r = seconds > 0 ? count / seconds : 0;
  if (r >= 1e6) return fmt::format("{:.2f} M/s", r / 1e6);
  if (r >= 1e3) return fmt::format("{:.1f} k/s", r / 1e3);
  return fmt::format("{:.0f} /s", r);
}

// A temporary directory, removed with everything in it.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() / fmt::format("gridlaw-bench-{}", ::getpid());
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

// Envelopes per second in one round; 0 when the round failed.
struct RoundRates {
  double floor = 0;
  double ingest = 0;
};

// One round's (a) and (b): the floor, then the ingest of the same envelopes
// into a fresh ledger, each printed. After a failure (printed) the rates are 0.
RoundRates BenchRound(const BenchOptions& o, const TempDir& dir, size_t round,
                      const BenchEnvelopes& envelopes, const PublicKey& provider_key,
                      const PrivateKey& ledger_key, const TrustStore& trust) {
  // (a) The floor.
  const Stopwatch floor_watch;
  const size_t verified = VerifyFloor(envelopes, provider_key, o.threads);
  const double floor_seconds = floor_watch.Wall();
  const std::string floor_busy = floor_watch.Busy();
  if (verified != o.envelopes) {
    std::cerr << fmt::format("gridlaw bench: {} of {} signatures verified\n", verified,
                             o.envelopes);
    return {};
  }
  std::cout << fmt::format(
      "(a) verification floor  {} Ed25519 EVP_DigestVerify, {} threads: {:.3f} s, {} ({})\n",
      o.envelopes, o.threads, floor_seconds, Rate(static_cast<double>(o.envelopes), floor_seconds),
      floor_busy);

  // (b) The real ingest, into a fresh ledger.
  const int64_t now = envelopes.issued_at + int64_t{3600} * 1'000'000'000;
  const std::filesystem::path path = dir.path / fmt::format("bench-{}.ledger", round);
  auto ledger =
      Ledger::Create(path.string(), "bench", trust, ledger_key.public_key().key_id(), "", now);
  if (!ledger.ok()) {
    std::cerr << "gridlaw bench: " << ledger.error().message << "\n";
    return {};
  }
  ledger->set_ingest_threads(o.threads);
  std::vector<Submission> all;
  all.reserve(o.envelopes);
  for (size_t i = 0; i < o.envelopes; ++i)
    all.push_back({fmt::format("bench-{}", i), envelopes.envelopes[i]});
  size_t accepted = 0;
  size_t handed = 0;
  const Stopwatch ingest_watch;
  // The envelopes in batches, as `gridlaw ledger ingest` streams files.
  auto next = [&]() -> std::optional<IngestBatch> {
    if (handed >= all.size()) return std::nullopt;
    IngestBatch batch{.submissions = {}, .now = now};
    const size_t end = std::min(all.size(), handed + o.batch);
    for (; handed < end; ++handed)
      batch.submissions.push_back(std::move(all[handed]));
    return batch;
  };
  auto committed = [&](const IngestBatch&, std::vector<IngestResult> results) {
    for (const IngestResult& r : results) {
      if (r.status == IngestResult::Status::kAccepted) ++accepted;
    }
    return true;
  };
  auto ingested = ledger->IngestStream(next, ledger_key, committed);
  if (!ingested.ok()) {
    std::cerr << "gridlaw bench: ingest: " << ingested.error().message << "\n";
    return {};
  }
  const double ingest_seconds = ingest_watch.Wall();
  const std::string ingest_busy = ingest_watch.Busy();
  if (accepted != o.envelopes) {
    std::cerr << fmt::format("gridlaw bench: {} of {} envelopes accepted\n", accepted, o.envelopes);
    return {};
  }
  std::cout << fmt::format(
      "(b) ledger ingest       {} envelopes, batches of {}, verified on {} threads (verify, rules, "
      "append, checkpoint, commit): {:.3f} s, {} ({})\n",
      o.envelopes, o.batch, o.threads, ingest_seconds,
      Rate(static_cast<double>(o.envelopes), ingest_seconds), ingest_busy);
  const RoundRates rates{.floor = static_cast<double>(o.envelopes) / floor_seconds,
                         .ingest = static_cast<double>(o.envelopes) / ingest_seconds};
  std::cout << fmt::format("    ingest / floor      {:.4f} (the floor is {:.1f}x faster)\n",
                           rates.ingest / rates.floor, rates.floor / rates.ingest);
  return rates;
}

int BenchEnvelopes(const BenchOptions& o, const TempDir& dir) {
  auto provider_key = PrivateKey::Generate(SignatureAlgorithm::kEd25519);
  auto ledger_key = PrivateKey::Generate(SignatureAlgorithm::kEd25519);
  if (!provider_key.ok() || !ledger_key.ok()) {
    std::cerr << "gridlaw bench: cannot generate keys\n";
    return kExitUsage;
  }
  std::string error;
  const auto setup = Clock::now();
  auto envelopes = MakeBenchEnvelopes(o.envelopes, *provider_key, &error);
  if (!envelopes) {
    std::cerr << "gridlaw bench: " << error << "\n";
    return kExitUsage;
  }
  std::cout << fmt::format("envelopes: {} signed claims of 1 provider built in {:.2f} s\n",
                           o.envelopes, Since(setup));

  TrustStore trust;
  auto provider_public = PublicKey::FromSpkiDer(provider_key->public_key().spki_der());
  auto ledger_public = PublicKey::FromSpkiDer(ledger_key->public_key().spki_der());
  if (!provider_public.ok() || !ledger_public.ok()) {
    std::cerr << "gridlaw bench: cannot copy the public keys\n";
    return kExitUsage;
  }
  // Valid from the epoch on, never revoked: the bench judges speed, not keys.
  auto always_valid = [](std::string owner, KeyRole role, PublicKey key) {
    return TrustedKey{.provider = std::move(owner),
                      .role = role,
                      .algorithm = SignatureAlgorithm::kEd25519,
                      .key = std::move(key),
                      .valid_from = 0,
                      .valid_until = std::nullopt,
                      .revoked_at = std::nullopt,
                      .reason = ""};
  };
  TrustedKey provider =
      always_valid(envelopes->provider, KeyRole::kProvider, std::move(*provider_public));
  TrustedKey ledger_trusted =
      always_valid("bench-ledger", KeyRole::kLedger, std::move(*ledger_public));
  if (!trust.Add(std::move(provider)).ok() || !trust.Add(std::move(ledger_trusted)).ok()) {
    std::cerr << "gridlaw bench: cannot build the trust store\n";
    return kExitUsage;
  }

  // The machine's speed drifts (a virtual machine's more than most), so a
  // floor measured once and an ingest measured once are compared at two
  // different speeds. Each round measures both back to back, and the ratio
  // reported is the median of the rounds'.
  std::vector<double> ratios;
  for (size_t round = 1; round <= o.rounds; ++round) {
    if (o.rounds > 1) std::cout << fmt::format("round {} of {}\n", round, o.rounds);
    const RoundRates rates =
        BenchRound(o, dir, round, *envelopes, provider_key->public_key(), *ledger_key, trust);
    if (rates.floor == 0) return kExitProblems;
    ratios.push_back(rates.ingest / rates.floor);
    // The next round starts from the same free disk.
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::error_code ignored;
      std::filesystem::remove(dir.path / fmt::format("bench-{}.ledger{}", round, suffix), ignored);
    }
  }
  if (o.rounds > 1) {
    std::vector<double> sorted = ratios;
    std::sort(sorted.begin(), sorted.end());
    const size_t n = sorted.size();
    const double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    std::cout << fmt::format("ingest / floor, median of {} rounds: {:.4f} (rounds: {:.4f})\n", n,
                             median, fmt::join(ratios, ", "));
  }
  return kExitOk;
}

int BenchEval(const BenchOptions& o, const TempDir& dir) {
  std::string error;
  std::string records = o.records;
  if (records.empty()) {
    records = (dir.path / "records.jsonl").string();
    const std::string command = fmt::format("node '{}' --n {} --seed 42 --out '{}' 2>/dev/null",
                                            o.gen_js, o.generate, records);
    if (std::system(command.c_str()) != 0) {
      std::cerr << "gridlaw bench: generating the workload failed: " << command << "\n";
      return kExitUsage;
    }
  }
  auto text = ReadFile(o.policy, kMaxPolicyBytes, &error);
  if (!text) {
    std::cerr << "gridlaw bench: " << error << "\n";
    return kExitUsage;
  }
  const std::string policy_sha256 = Sha256Hex(*text);
  CompiledPolicy compiled = CheckPolicyText(o.policy, std::move(*text));
  if (!compiled.ok() || !compiled.checked->schema->stream) {
    std::cerr << "gridlaw bench: " << o.policy
              << " must be a valid policy of a record-stream schema (gridlaw check it)\n";
    return kExitUsage;
  }
  auto program = Program::Compile(*compiled.checked);
  RecordRunStats stats;
  RecordError record_error;
  Progress progress("eval", std::filesystem::file_size(records), "records");
  RecordRunOptions run_options;
  run_options.threads = o.threads;
  run_options.on_progress = [&progress](uint64_t bytes, uint64_t n) { progress.Update(bytes, n); };
  const Stopwatch watch;
  auto tally = EvaluateRecordFile(*program, records, run_options, &stats, &record_error);
  const double wall = watch.Wall();
  const std::string busy = watch.Busy();
  progress.Finish();
  if (!tally) {
    std::cerr << fmt::format("{}:{}: at {}: {}\n", records, record_error.line,
                             record_error.pointer.empty() ? "/" : record_error.pointer,
                             record_error.message);
    return kExitUsage;
  }
  const double evaluations = static_cast<double>(tally->rule_evaluations());
  const double n = static_cast<double>(stats.records);
  std::cout << fmt::format("(c) eval                {} records ({:.1f} MB), {} rules, {} threads\n",
                           stats.records, static_cast<double>(stats.bytes) / 1e6,
                           tally->rules.size(), stats.threads);
  std::cout << fmt::format("    load+decode         {:.3f} s, {} records, {:.1f} MB/s\n",
                           stats.decode_seconds, Rate(n, stats.decode_seconds),
                           static_cast<double>(stats.bytes) / 1e6 / stats.decode_seconds);
  std::cout << fmt::format(
      "    evaluation          {:.3f} s, {:.0f} rule evaluations, {} (threads' CPU clocks; by "
      "their wall clocks {:.3f} s, {})\n",
      stats.eval_cpu_seconds, evaluations, Rate(evaluations, stats.eval_cpu_seconds),
      stats.eval_wall_seconds, Rate(evaluations, stats.eval_wall_seconds));
  std::cout << fmt::format(
      "    wall                {:.3f} s, {} rule evaluations end to end ({})\n", wall,
      Rate(evaluations, wall), busy);
  ReportInputs inputs;
  inputs.policy_id = compiled.policy->header.id.text;
  inputs.policy_version = compiled.policy->header.version;
  inputs.policy_sha256 = policy_sha256;
  inputs.engine_version = GRIDLAW_VERSION;
  // The counts exactly as `gridlaw eval --format summary` prints them.
  std::cout << "\ncounts (as gridlaw eval --format summary):\n"
            << RenderReportSummary(*tally, inputs);
  return kExitOk;
}

int RunBench(BenchOptions o) {
  if (o.threads == 0) o.threads = std::max(1U, std::thread::hardware_concurrency());
  std::cout << fmt::format("gridlaw bench {} ({} hardware threads; timings vary run to run)\n",
                           GRIDLAW_VERSION, std::thread::hardware_concurrency());
  TempDir dir;
  if (o.envelopes > 0) {
    const int code = BenchEnvelopes(o, dir);
    if (code != kExitOk) return code;
  }
  if (!o.records.empty() || o.generate > 0) return BenchEval(o, dir);
  return kExitOk;
}

}  // namespace

void AddBenchCommand(CLI::App& app, std::function<int()>& run) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "bench",
      "Measure signature verification, ledger ingest and workload evaluation on this machine");
  cmd->add_option("--envelopes", o->envelopes,
                  "Synthetic signed envelopes for (a) and (b); 0 skips them")
      ->capture_default_str();
  cmd->add_option("--batch", o->batch, "Envelopes per ledger transaction")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--rounds", o->rounds,
                  "Rounds of (a) then (b), each into a fresh ledger; the ratio is their median")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  auto* records = cmd->add_option("--records", o->records,
                                  "facility-month/v1 JSON Lines file to evaluate for (c)");
  cmd->add_option("--generate", o->generate,
                  "Instead of --records: generate N records with node and --gen-js (seed 42)")
      ->excludes(records);
  cmd->add_option("--policy", o->policy, "Policy for (c)")->capture_default_str();
  cmd->add_option("--gen-js", o->gen_js, "The workload generator (shared/bench/gen.js)")
      ->capture_default_str();
  cmd->add_option("--threads", o->threads,
                  "Threads for the floor, ingest's verification and the evaluation (default: all "
                  "hardware threads)");
  cmd->callback([o, &run] { run = [o] { return RunBench(*o); }; });
}

}  // namespace gridlaw::app
