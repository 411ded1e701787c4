// gridlaw ledger init       DB --trust FILE --key LEDGER.key [--origin NAME] [--now T]
// gridlaw ledger ingest     --ledger DB [--key K] [--now T] [--batch N] [--batch-bytes B]
//                           [--threads N] [--receipts DIR] [--format text|json] ENVELOPE|DIR...
// gridlaw ledger checkpoint --ledger DB [--key K] [--now T]
// gridlaw ledger proof      --ledger DB (--entry N [--size M] | --consistency OLD NEW)
// gridlaw ledger receipt    --ledger DB --entry N
// gridlaw ledger verify     --ledger DB
// gridlaw ledger verify-receipt RECEIPT (--trust FILE | --ledger DB) [--envelope FILE]
// gridlaw ledger equivocations --ledger DB
//
// Exit codes: 0 done (every envelope accepted, the ledger intact, the
// receipt valid), 1 something refused or found wrong, 2 usage or I/O error.

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "clock_option.h"
#include "commands.h"
#include "files.h"
#include "key_files.h"
#include "progress.h"
#include "receipt/receipt.h"
#include "store/ledger.h"

namespace gridlaw::app {
namespace {

constexpr size_t kMaxEnvelopeFileBytes = size_t{8} << 20;
constexpr size_t kMaxReceiptBytes = size_t{1} << 20;

struct LedgerOptions {
  std::string db;
  std::string trust;
  std::string key;
  std::string origin = "gridlaw-ledger";
  std::string now;
  size_t batch = 1024;
  // A batch also ends once its envelopes reach this many bytes, so that the
  // two batches in memory (one committing, the next verifying) stay small
  // whatever --batch says and however large the envelopes are.
  size_t batch_bytes = size_t{64} << 20;
  unsigned threads = 0;  // ingest's verification threads; 0: every hardware thread
  std::string receipts;
  std::string format = "text";
  std::vector<std::string> inputs;
  std::optional<uint64_t> entry;
  std::optional<uint64_t> size;
  std::vector<uint64_t> consistency;
  std::string receipt;
  std::string envelope;
};

int Fail(const std::string& command, const std::string& message, int code = kExitUsage) {
  std::cerr << "gridlaw ledger " << command << ": " << message << "\n";
  return code;
}

std::string Describe(const LedgerError& error) {
  return fmt::format("{} {}: {}", error.code, error.name, error.message);
}

std::optional<Ledger> OpenLedger(const std::string& command, const std::string& path, int* code) {
  auto ledger = Ledger::Open(path);
  if (!ledger.ok()) {
    *code = Fail(command, Describe(ledger.error()));
    return std::nullopt;
  }
  return std::move(ledger).value();
}

// The ledger's key: --key, else the file named when the ledger was created.
std::optional<PrivateKey> LedgerKey(const std::string& command, const Ledger& ledger,
                                    const std::string& path, int* code) {
  std::string error;
  auto key = LoadPrivateKey(path.empty() ? ledger.ledger_key_path() : path, &error);
  if (!key) *code = Fail(command, error + " (the ledger's signing key; give --key)");
  return key;
}

int RunInit(const LedgerOptions& o) {
  std::string error;
  const auto now = InstantOrNow(o.now, "--now", &error);
  auto trust = now ? LoadTrustFile(o.trust, &error) : std::nullopt;
  auto key = trust ? LoadPrivateKey(o.key, &error) : std::nullopt;
  if (!key) return Fail("init", error);
  const std::string key_path = std::filesystem::absolute(o.key).string();
  auto ledger = Ledger::Create(o.db, o.origin, *trust, key->public_key().key_id(), key_path, *now);
  if (!ledger.ok()) return Fail("init", Describe(ledger.error()), kExitProblems);
  std::cout << fmt::format("created ledger {} ({}): {} trusted keys, signing key {}\n", o.db,
                           ledger->origin(), ledger->trust().keys().size(),
                           ledger->ledger_key_id().substr(0, 16));
  return kExitOk;
}

int RunIngest(const LedgerOptions& o) {
  int code = kExitOk;
  std::string error;
  const std::vector<std::string> files = ExpandJsonFiles(o.inputs, &error);
  if (!error.empty()) return Fail("ingest", error);
  auto ledger = OpenLedger("ingest", o.db, &code);
  if (!ledger) return code;
  auto key = LedgerKey("ingest", *ledger, o.key, &code);
  if (!key) return code;
  if (!o.receipts.empty()) std::filesystem::create_directories(o.receipts);
  ledger->set_ingest_threads(o.threads);

  size_t accepted = 0, duplicates = 0, refused = 0, done = 0, read = 0;
  std::string read_error;
  int failed = kExitOk;  // set when printing a committed batch fails
  Progress progress("ingest", files.size(), "envelopes");
  // Batch k + 1 is read, and its verification starts, before batch k commits.
  auto next = [&]() -> std::optional<IngestBatch> {
    if (read >= files.size()) return std::nullopt;
    IngestBatch batch;
    size_t batch_bytes = 0;
    for (const size_t end = std::min(files.size(), read + o.batch);
         read < end && batch_bytes < o.batch_bytes; ++read) {
      auto bytes = ReadFile(files[read], kMaxEnvelopeFileBytes, &read_error);
      if (!bytes) return std::nullopt;
      batch_bytes += bytes->size();
      batch.submissions.push_back({files[read], std::move(*bytes)});
    }
    // The time of receipt: a batch is received when it has been read.
    const auto now = InstantOrNow(o.now, "--now", &read_error);
    if (!now) return std::nullopt;
    batch.now = *now;
    return batch;
  };
  auto committed = [&](const IngestBatch& batch, std::vector<IngestResult> results) {
    progress.Finish();  // the bar stays off the lines printed below
    // Committed: from here on each accepted envelope is acknowledged.
    for (const IngestResult& r : results) {
      if (r.status == IngestResult::Status::kRefused) {
        ++refused;
        if (o.format == "json") {
          std::cout << nlohmann::json{{"source", r.source},
                                      {"status", "refused"},
                                      {"code", r.code},
                                      {"reason", r.name},
                                      {"message", r.message}}
                           .dump()
                    << "\n";
        } else {
          std::cout << fmt::format("refused   {}: {} {}: {}\n", r.source, r.code, r.name,
                                   r.message);
        }
        continue;
      }
      const bool duplicate = r.status == IngestResult::Status::kDuplicate;
      ++(duplicate ? duplicates : accepted);
      auto receipt = ledger->Receipt(r.entry);
      if (!receipt.ok()) {
        failed = Fail("ingest", Describe(receipt.error()), kExitProblems);
        return false;
      }
      if (!o.receipts.empty()) {
        const std::string path =
            (std::filesystem::path(o.receipts) /
             (std::filesystem::path(r.source).stem().string() + ".receipt.json"))
                .string();
        if (!ReplaceFile(path, *receipt, &error)) {
          failed = Fail("ingest", error);
          return false;
        }
      }
      if (o.format == "json") {
        std::cout << nlohmann::json{{"source", r.source},
                                    {"status", duplicate ? "duplicate" : "accepted"},
                                    {"entry", r.entry},
                                    {"receipt", nlohmann::json::parse(*receipt)}}
                         .dump()
                  << "\n";
      } else {
        std::cout << fmt::format("{} {}: entry {}\n", duplicate ? "duplicate" : "accepted ",
                                 r.source, r.entry);
      }
    }
    std::cout.flush();
    done += batch.submissions.size();
    progress.Update(done, done);
    return true;
  };
  auto ingested = ledger->IngestStream(next, *key, committed);
  if (!ingested.ok()) return Fail("ingest", Describe(ingested.error()), kExitProblems);
  if (failed != kExitOk) return failed;
  if (!read_error.empty()) return Fail("ingest", read_error);
  progress.Finish();
  std::cerr << fmt::format(
      "gridlaw ledger ingest: {} accepted, {} duplicate, {} refused; {} entries\n", accepted,
      duplicates, refused, ledger->size());
  return refused == 0 ? kExitOk : kExitProblems;
}

int RunCheckpoint(const LedgerOptions& o) {
  int code = kExitOk;
  std::string error;
  auto ledger = OpenLedger("checkpoint", o.db, &code);
  if (!ledger) return code;
  auto key = LedgerKey("checkpoint", *ledger, o.key, &code);
  if (!key) return code;
  const auto now = InstantOrNow(o.now, "--now", &error);
  if (!now) return Fail("checkpoint", error);
  auto checkpoint = ledger->MakeCheckpoint(*now, *key);
  if (!checkpoint.ok()) return Fail("checkpoint", Describe(checkpoint.error()), kExitProblems);
  std::cout << checkpoint->envelope;
  return kExitOk;
}

nlohmann::json HexList(const std::vector<merkle::Hash>& hashes) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& h : hashes)
    list.push_back(merkle::ToHex(h));
  return list;
}

int RunProof(const LedgerOptions& o) {
  int code = kExitOk;
  auto ledger = OpenLedger("proof", o.db, &code);
  if (!ledger) return code;
  if (o.consistency.size() == 2) {
    auto proof = ledger->ConsistencyProof(o.consistency[0], o.consistency[1]);
    if (!proof.ok()) return Fail("proof", Describe(proof.error()), kExitProblems);
    std::cout << nlohmann::json{{"old_size", o.consistency[0]},
                                {"new_size", o.consistency[1]},
                                {"old_root", merkle::ToHex(ledger->Root(o.consistency[0]))},
                                {"new_root", merkle::ToHex(ledger->Root(o.consistency[1]))},
                                {"consistency_proof", HexList(*proof)}}
                     .dump()
              << "\n";
    return kExitOk;
  }
  if (!o.entry) return Fail("proof", "give --entry N [--size M] or --consistency OLD NEW");
  const uint64_t size = o.size.value_or(ledger->size());
  auto proof = ledger->InclusionProof(*o.entry, size);
  if (!proof.ok()) return Fail("proof", Describe(proof.error()), kExitProblems);
  const auto entry = ledger->Entry(*o.entry);
  std::cout << nlohmann::json{{"entry", *o.entry},
                              {"tree_size", size},
                              {"leaf_hash", merkle::ToHex(entry->leaf_hash)},
                              {"root", merkle::ToHex(ledger->Root(size))},
                              {"inclusion_proof", HexList(*proof)}}
                   .dump()
            << "\n";
  return kExitOk;
}

int RunReceipt(const LedgerOptions& o) {
  int code = kExitOk;
  auto ledger = OpenLedger("receipt", o.db, &code);
  if (!ledger) return code;
  auto receipt = ledger->Receipt(o.entry.value_or(0));
  if (!receipt.ok()) return Fail("receipt", Describe(receipt.error()), kExitProblems);
  std::cout << *receipt;
  return kExitOk;
}

int RunVerify(const LedgerOptions& o) {
  int code = kExitOk;
  auto ledger = OpenLedger("verify", o.db, &code);
  if (!ledger) return code;
  const AuditResult audit = AuditLedger(*ledger);
  if (!audit.intact()) {
    const std::string problem = Describe(Tampered(audit.problem));
    std::cout << (audit.bad_entry
                      ? fmt::format("TAMPERED at entry {}: {}\n", *audit.bad_entry, problem)
                      : fmt::format("TAMPERED: {}\n", problem));
    return kExitProblems;
  }
  std::cout << fmt::format(
      "ledger {} intact: {} entries, {} tree nodes and {} signed checkpoints recomputed and "
      "checked\n",
      ledger->origin(), audit.entries, audit.nodes, audit.checkpoints);
  return kExitOk;
}

int RunVerifyReceipt(const LedgerOptions& o) {
  std::string error;
  auto text = ReadFile(o.receipt, kMaxReceiptBytes, &error);
  if (!text) return Fail("verify-receipt", error);
  auto receipt = ParseReceipt(*text, &error);
  if (!receipt) return Fail("verify-receipt", o.receipt + ": " + error, kExitProblems);
  std::optional<std::string> envelope;
  if (!o.envelope.empty()) {
    envelope = ReadFile(o.envelope, kMaxEnvelopeFileBytes, &error);
    if (!envelope) return Fail("verify-receipt", error);
  }
  ReceiptCheck check;
  if (envelope) check.envelope = *envelope;
  std::string verdict;
  std::string against;
  if (!o.db.empty()) {
    // Against the ledger's latest checkpoint: the entry is still there.
    int code = kExitOk;
    auto ledger = OpenLedger("verify-receipt", o.db, &code);
    if (!ledger) return code;
    const auto latest = ledger->LatestCheckpoint();
    std::vector<merkle::Hash> proof;
    if (latest && latest->checkpoint.size >= receipt->tree_size && receipt->tree_size > 0) {
      auto consistency = ledger->ConsistencyProof(receipt->tree_size, latest->checkpoint.size);
      if (consistency.ok()) proof = std::move(consistency).value();
      check.later_checkpoint = latest->envelope;
      check.consistency_proof = proof;
      against = fmt::format(", consistent with the ledger's checkpoint at size {}",
                            latest->checkpoint.size);
    } else {
      return Fail("verify-receipt",
                  "the ledger has no checkpoint at or beyond the receipt's tree size",
                  kExitProblems);
    }
    verdict = VerifyReceipt(*receipt, ledger->trust(), check);
  } else {
    auto trust = LoadTrustFile(o.trust, &error);
    if (!trust) return Fail("verify-receipt", error);
    verdict = VerifyReceipt(*receipt, *trust, check);
  }
  if (!verdict.empty()) {
    std::cout << fmt::format("INVALID {}: {}\n", o.receipt, Describe(BadProof(verdict)));
    return kExitProblems;
  }
  std::cout << fmt::format("valid   {}: entry {} is in the signed tree of size {}{}{}\n", o.receipt,
                           receipt->entry, receipt->tree_size,
                           envelope ? " and is the given envelope" : "", against);
  return kExitOk;
}

int RunEquivocations(const LedgerOptions& o) {
  int code = kExitOk;
  auto ledger = OpenLedger("equivocations", o.db, &code);
  if (!ledger) return code;
  const auto records = ledger->Equivocations();
  if (o.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : records) {
      list.push_back({{"id", r.id},
                      {"received_at", r.received_at},
                      {"provider", r.provider},
                      {"subject", r.subject},
                      {"period", {{"start", r.period_start}, {"end", r.period_end}}},
                      {"existing_entry", r.existing_entry},
                      {"sha256", r.sha256}});
    }
    std::cout << list.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& r : records) {
    std::cout << fmt::format("#{} {} {}/{} {} … {}: conflicts with entry {} (envelope sha256 {})\n",
                             r.id, r.received_at, r.provider, r.subject, r.period_start,
                             r.period_end, r.existing_entry, r.sha256.substr(0, 16));
  }
  std::cout << fmt::format("{} equivocation(s)\n", records.size());
  return kExitOk;
}

}  // namespace

void AddLedgerCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* ledger = app.add_subcommand(
      "ledger", "The tamper-evident ledger: ingest envelopes, checkpoints, proofs, verification");
  ledger->require_subcommand(1);
  auto o = std::make_shared<LedgerOptions>();
  auto bind = [&run, o](CLI::App* cmd, int (*action)(const LedgerOptions&)) {
    cmd->callback([&run, o, action] { run = [o, action] { return action(*o); }; });
  };
  auto now_option = [o](CLI::App* cmd) {
    cmd->add_option("--now", o->now, "RFC 3339 instant to use as the time; default: now");
  };

  CLI::App* init = ledger->add_subcommand("init", "Create a ledger");
  init->add_option("db", o->db, "Ledger database file to create")->required();
  init->add_option("--trust", o->trust, "Trust store to import (keys of every role)")->required();
  init->add_option("--key", o->key, "The ledger's private key (its public key: role ledger)")
      ->required();
  init->add_option("--origin", o->origin, "The ledger's name in its checkpoints")
      ->capture_default_str();
  now_option(init);
  bind(init, RunInit);

  CLI::App* ingest = ledger->add_subcommand(
      "ingest", "Verify envelopes and append the accepted ones; print a receipt for each");
  ingest->add_option("--ledger", o->db, "Ledger database")->required();
  ingest->add_option("--key", o->key, "The ledger's private key; default: the one given at init");
  ingest->add_option("--batch", o->batch, "Envelopes per transaction and checkpoint")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  ingest
      ->add_option("--batch-bytes", o->batch_bytes,
                   "A batch also ends once its envelopes reach this many bytes")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  ingest->add_option("--threads", o->threads,
                     "Threads that verify signatures (the results do not depend on it); "
                     "default: every hardware thread");
  ingest->add_option("--receipts", o->receipts, "Write each receipt to DIR/NAME.receipt.json");
  ingest->add_option("--format", o->format, "Output: text, or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  now_option(ingest);
  ingest->add_option("envelopes", o->inputs, "Envelope files, or directories of them")->required();
  bind(ingest, RunIngest);

  CLI::App* checkpoint =
      ledger->add_subcommand("checkpoint", "Sign a checkpoint of the current tree and print it");
  checkpoint->add_option("--ledger", o->db, "Ledger database")->required();
  checkpoint->add_option("--key", o->key, "The ledger's private key; default: the one at init");
  now_option(checkpoint);
  bind(checkpoint, RunCheckpoint);

  CLI::App* proof = ledger->add_subcommand("proof", "Print an inclusion or consistency proof");
  proof->add_option("--ledger", o->db, "Ledger database")->required();
  proof->add_option("--entry", o->entry, "Entry index for an inclusion proof");
  proof->add_option("--size", o->size, "Tree size for the inclusion proof; default: all entries");
  proof->add_option("--consistency", o->consistency, "OLD NEW tree sizes")->expected(2);
  bind(proof, RunProof);

  CLI::App* receipt = ledger->add_subcommand("receipt", "Print the receipt of an entry");
  receipt->add_option("--ledger", o->db, "Ledger database")->required();
  receipt->add_option("--entry", o->entry, "Entry index")->required();
  bind(receipt, RunReceipt);

  CLI::App* verify = ledger->add_subcommand(
      "verify", "Recompute every hash and check every checkpoint; exit 1 on any tampering");
  verify->add_option("--ledger", o->db, "Ledger database")->required();
  bind(verify, RunVerify);

  CLI::App* verify_receipt = ledger->add_subcommand(
      "verify-receipt",
      "Check a receipt: offline with --trust, or against the ledger's latest checkpoint");
  verify_receipt->add_option("receipt", o->receipt, "Receipt file")->required();
  auto* trust = verify_receipt->add_option("--trust", o->trust, "Trust store (offline check)");
  auto* db = verify_receipt->add_option("--ledger", o->db,
                                        "Ledger database (check against its latest checkpoint)");
  trust->excludes(db);
  verify_receipt->add_option("--envelope", o->envelope, "The envelope the receipt is for");
  verify_receipt->callback([&run, o, trust, db] {
    if (trust->count() + db->count() == 0) throw CLI::RequiredError("--trust or --ledger");
    run = [o] { return RunVerifyReceipt(*o); };
  });

  CLI::App* equivocations =
      ledger->add_subcommand("equivocations", "List the recorded equivocations");
  equivocations->add_option("--ledger", o->db, "Ledger database")->required();
  equivocations->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  bind(equivocations, RunEquivocations);
}

}  // namespace gridlaw::app
