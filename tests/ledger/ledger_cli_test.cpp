// `gridlaw ledger` as a user runs it, on the built binary:
//   - durability: an ingest of 10,000 generated envelopes is killed with
//     SIGKILL after a random number of acknowledgements; every envelope
//     acknowledged before the kill is in the ledger, the ledger verifies,
//     and ingesting everything again completes with each envelope exactly once;
//   - the example data: init, ingest with receipts, every receipt verifies
//     offline and against the ledger, an altered receipt does not, and
//     `ledger verify` passes until the database is edited behind its back.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "attest/attest_fixture.h"
#include "digest/sha256.h"
#include "intake/sign_claims.h"
#include "run_gridlaw.h"
#include "store/ledger.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;

using testing::Gridlaw;
using testing::Outcome;

class LedgerCli : public ::testing::Test {
 protected:
  std::string P(const std::string& name) const { return (dir_ / name).string(); }

  const testing::ScratchDir dir_{"ledger-cli"};
};

// --- durability ---------------------------------------------------------------

constexpr int kEnvelopes = 10'000;
constexpr int kBatch = 100;
constexpr char kReceivedAt[] = "2027-06-01T00:00:00Z";

// The fixture's claims are about "fra-1"; each generated claim needs a subject of its own.
std::string ClaimsAbout(const std::string& subject, const testing::ClaimsSpec& spec) {
  std::string claims = testing::Claims(spec);
  const std::string fixture_subject = R"("id":"fra-1")";
  claims.replace(claims.find(fixture_subject), fixture_subject.size(),
                 R"("id":")" + subject + "\"");
  return claims;
}

// `gridlaw ledger ingest` running as a child, its stdout on a pipe.
class IngestProcess {
 public:
  explicit IngestProcess(const std::vector<std::string>& args) {
    std::vector<std::string> words = {GRIDLAW_BINARY};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& word : words)
      argv.push_back(word.data());
    argv.push_back(nullptr);
    int fds[2];
    if (::pipe(fds) != 0) return;
    // Room for several batches of acknowledgements, so that the child runs
    // ahead into its next transactions rather than waiting on the pipe, and
    // the kill lands wherever the child happens to be. Best effort.
    ::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      const int devnull = ::open("/dev/null", O_WRONLY);
      if (devnull >= 0) ::dup2(devnull, STDERR_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~IngestProcess() {
    if (out_ >= 0) ::close(out_);
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
  }
  IngestProcess(const IngestProcess&) = delete;
  IngestProcess& operator=(const IngestProcess&) = delete;

  bool started() const { return pid_ > 0 && out_ >= 0; }

  // The next complete line of output, without its newline; nullopt at the
  // end of the output (a final line without newline is not complete).
  std::optional<std::string> NextLine() {
    for (;;) {
      const size_t newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        std::string line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return line;
      }
      char chunk[1 << 16];
      const ssize_t n = ::read(out_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  void Kill() { ::kill(pid_, SIGKILL); }
  // The wait status.
  int Wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  bool reaped_ = false;
  std::string buffer_;
};

// Where the 10,000 input files go: tmpfs when there is one. On a disk
// mounted with online discard, deleting that many files that a commit's
// fsync has flushed takes half a minute. The ledger itself stays on disk.
fs::path ScratchRoot() {
  std::error_code error;
  return fs::is_directory("/dev/shm", error) ? fs::path("/dev/shm") : fs::temp_directory_path();
}

struct RemovedAtExit {
  explicit RemovedAtExit(fs::path p) : path(std::move(p)) {}
  ~RemovedAtExit() { fs::remove_all(path); }
  RemovedAtExit(const RemovedAtExit&) = delete;
  RemovedAtExit& operator=(const RemovedAtExit&) = delete;
  fs::path path;
};

struct Acknowledgement {
  std::string status;
  uint64_t entry = 0;
};

TEST_F(LedgerCli, AcknowledgedEnvelopesSurviveSigkillAndReingestStoresEachOnce) {
  // Phases and their seconds, printed at the end: the test must stay well
  // under a minute in a Debug build.
  std::string timings;
  auto lap = [&timings, last = std::chrono::steady_clock::now()](const char* phase) mutable {
    const auto now = std::chrono::steady_clock::now();
    timings += std::string(" ") + phase + " " +
               std::to_string(std::chrono::duration<double>(now - last).count()) + " s;";
    last = now;
  };
  const PrivateKey provider_key = testing::NewKey();
  const PrivateKey ledger_key = testing::NewKey();
  TrustStore trust;
  testing::Register(trust, provider_key);
  testing::Register(trust, ledger_key,
                    testing::Registration().Provider("durability").Role(KeyRole::kLedger));
  testing::WriteFile(P("trust.json"), trust.Serialize());
  testing::WriteFile(P("ledger.key"), ledger_key.ToPkcs8Pem().value());

  const RemovedAtExit envelopes_dir(ScratchRoot() /
                                    ("gridlaw-ledger-envelopes-" + std::to_string(::getpid())));
  const fs::path& envelopes = envelopes_dir.path;
  fs::remove_all(envelopes);
  fs::create_directories(envelopes);
  for (int n = 0; n < kEnvelopes; ++n) {
    char number[8];
    std::snprintf(number, sizeof number, "%05d", n);
    const std::string claims =
        ClaimsAbout(std::string("site-") + number,
                    testing::ClaimsSpec().Nonce(std::string("durability-nonce-") + number));
    auto envelope = SignClaimsEnvelope(claims, provider_key);
    ASSERT_TRUE(envelope.ok());
    testing::WriteFile(envelopes / (std::string("envelope-") + number + ".json"), *envelope);
  }

  lap("signing");
  const Outcome init = Gridlaw("ledger init " + P("ledger.db") + " --trust " + P("trust.json") +
                                   " --key " + P("ledger.key") + " --now 2027-01-15T00:00:00Z",
                               true);
  ASSERT_EQ(init.exit_code, 0) << init.out;

  std::random_device device;
  const unsigned seed = device();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  const int kill_after = std::uniform_int_distribution<int>(1, 9'000)(random);
  SCOPED_TRACE("SIGKILL after " + std::to_string(kill_after) + " acknowledgements");

  // Each line is printed after its batch committed: an acknowledgement.
  std::map<std::string, Acknowledgement> acknowledged;
  auto acknowledge = [&acknowledged](const std::string& line) {
    const nlohmann::json ack = nlohmann::json::parse(line);
    acknowledged[ack["source"].get<std::string>()] = {ack["status"].get<std::string>(),
                                                      ack["entry"].get<uint64_t>()};
  };
  {
    IngestProcess ingest({"ledger", "ingest", "--ledger", P("ledger.db"), "--format", "json",
                          "--batch", std::to_string(kBatch), "--now", kReceivedAt,
                          envelopes.string()});
    ASSERT_TRUE(ingest.started());
    while (acknowledged.size() < static_cast<size_t>(kill_after)) {
      const auto line = ingest.NextLine();
      ASSERT_TRUE(line.has_value())
          << "the ingest ended after " << acknowledged.size() << " acknowledgements";
      acknowledge(*line);
    }
    ingest.Kill();
    const int status = ingest.Wait();
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
    // Lines the child wrote before it died were acknowledged too.
    while (const auto line = ingest.NextLine())
      acknowledge(*line);
  }
  lap("ingest until SIGKILL");
  for (const auto& [source, ack] : acknowledged) {
    ASSERT_EQ(ack.status, "accepted") << source;
  }

  const Outcome verify = Gridlaw("ledger verify --ledger " + P("ledger.db"));
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  lap("verify");
  uint64_t size_after_kill = 0;
  {
    auto ledger = Ledger::Open(P("ledger.db"));
    ASSERT_TRUE(ledger.ok()) << ledger.error().message;
    size_after_kill = ledger->size();
    EXPECT_GE(size_after_kill, acknowledged.size());
    // A batch is one transaction: all of it or none.
    EXPECT_EQ(size_after_kill % kBatch, 0u);
    for (const auto& [source, ack] : acknowledged) {
      const auto entry = ledger->EntryWithSha256(Sha256Hex(testing::ReadFileOrEmpty(source)));
      ASSERT_TRUE(entry.has_value()) << source << " was acknowledged but is not in the ledger";
      EXPECT_EQ(*entry, ack.entry) << source;
    }
  }

  // Everything again, to completion. Text output ("accepted  SOURCE: entry
  // N", "duplicate SOURCE: entry N"): the JSON lines would add their
  // receipts, 15 MB to print and parse.
  const Outcome rerun =
      Gridlaw("ledger ingest --ledger " + P("ledger.db") + " --format text --batch " +
              std::to_string(kBatch) + " --now " + kReceivedAt + " " + envelopes.string());
  EXPECT_EQ(rerun.exit_code, 0);
  lap("ingest again");
  std::map<std::string, uint64_t> statuses;
  std::set<uint64_t> entries;
  size_t start = 0;
  while (start < rerun.out.size()) {
    const size_t end = rerun.out.find('\n', start);
    ASSERT_NE(end, std::string::npos);
    const std::string line = rerun.out.substr(start, end - start);
    start = end + 1;
    const size_t status_end = line.find(' ');
    const size_t source_start = line.find_first_not_of(' ', status_end);
    const size_t source_end = line.rfind(": entry ");
    ASSERT_TRUE(status_end != std::string::npos && source_end != std::string::npos) << line;
    const std::string status = line.substr(0, status_end);
    const std::string source = line.substr(source_start, source_end - source_start);
    const uint64_t entry = std::stoull(line.substr(source_end + 8));
    ++statuses[status];
    entries.insert(entry);
    const auto ack = acknowledged.find(source);
    if (ack != acknowledged.end()) {
      EXPECT_EQ(status, "duplicate") << source;
      EXPECT_EQ(entry, ack->second.entry) << source;
    }
  }
  EXPECT_EQ(statuses["duplicate"], size_after_kill);
  EXPECT_EQ(statuses["accepted"], kEnvelopes - size_after_kill);
  EXPECT_EQ(statuses["refused"], 0u);
  EXPECT_EQ(entries.size(), static_cast<size_t>(kEnvelopes));
  EXPECT_EQ(*entries.rbegin(), static_cast<uint64_t>(kEnvelopes - 1));
  {
    auto ledger = Ledger::Open(P("ledger.db"));
    ASSERT_TRUE(ledger.ok());
    EXPECT_EQ(ledger->size(), static_cast<uint64_t>(kEnvelopes));
    SQLite::Statement distinct(ledger->database(), "SELECT count(DISTINCT sha256) FROM entries");
    distinct.executeStep();
    EXPECT_EQ(distinct.getColumn(0).getInt64(), kEnvelopes);
  }
  const Outcome final_verify = Gridlaw("ledger verify --ledger " + P("ledger.db"));
  EXPECT_EQ(final_verify.exit_code, 0) << final_verify.out;
  EXPECT_NE(final_verify.out.find("10000 entries"), std::string::npos) << final_verify.out;

  lap("checks and verify");
  std::cout << "durability test: " << acknowledged.size() << " acknowledged before SIGKILL ("
            << size_after_kill << " committed);" << timings << "\n";
}

// --- the example data ---------------------------------------------------------

std::string Example(const std::string& path) {
  return (testing::SourceDir() / "examples" / path).string();
}

// A ledger of the 189 example envelopes, with a receipt file for each.
class ExampleLedgerCli : public LedgerCli {
 protected:
  void SetUp() override {
    LedgerCli::SetUp();
    const Outcome init =
        Gridlaw("ledger init " + P("ledger.db") + " --trust " + Example("trust.json") + " --key " +
                    Example("keys/ledger.key") + " --now " + kNow,
                true);
    ASSERT_EQ(init.exit_code, 0) << init.out;
    const Outcome ingest = Gridlaw("ledger ingest --ledger " + P("ledger.db") + " --now " + kNow +
                                       " --receipts " + P("receipts") + " " + Example("envelopes"),
                                   true);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
    envelopes_ = testing::FilesIn("examples/envelopes", ".json");
    ASSERT_EQ(envelopes_.size(), 189u);
  }

  std::string ReceiptOf(const fs::path& envelope) const {
    return P("receipts/" + envelope.stem().string() + ".receipt.json");
  }

  static constexpr char kNow[] = "2028-02-01T00:00:00Z";
  std::vector<fs::path> envelopes_;
};

// A batch is one transaction and one checkpoint; it ends at --batch
// envelopes or once its envelopes reach --batch-bytes.
TEST_F(LedgerCli, BatchesEndAtTheirCountOrTheirBytes) {
  struct Case {
    std::string options;
    size_t checkpoints;
  };
  const Case cases[] = {
      {"", 1},                              // 189 envelopes, under both defaults
      {"--batch 50", 4},                    // 50 + 50 + 50 + 39
      {"--batch-bytes 1", 189},             // every envelope reaches the limit alone
      {"--batch 50 --batch-bytes 1", 189},  // whichever comes first
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.options);
    fs::remove_all(P("batches.db"));
    const Outcome init =
        Gridlaw("ledger init " + P("batches.db") + " --trust " + Example("trust.json") + " --key " +
                    Example("keys/ledger.key") + " --now 2028-02-01T00:00:00Z",
                true);
    ASSERT_EQ(init.exit_code, 0) << init.out;
    const Outcome ingest =
        Gridlaw("ledger ingest --ledger " + P("batches.db") + " --now 2028-02-01T00:00:00Z " +
                    c.options + " " + Example("envelopes"),
                true);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
    auto ledger = Ledger::Open(P("batches.db"));
    ASSERT_TRUE(ledger.ok()) << ledger.error().message;
    EXPECT_EQ(ledger->size(), 189u);
    EXPECT_EQ(ledger->Checkpoints().size(), c.checkpoints);
  }
}

TEST_F(ExampleLedgerCli, EveryReceiptVerifiesOfflineAndAgainstTheLedger) {
  for (const fs::path& envelope : envelopes_) {
    SCOPED_TRACE(envelope.filename().string());
    const std::string receipt = ReceiptOf(envelope);
    ASSERT_TRUE(fs::exists(receipt));
    const Outcome offline = Gridlaw("ledger verify-receipt " + receipt + " --trust " +
                                    Example("trust.json") + " --envelope " + envelope.string());
    EXPECT_EQ(offline.exit_code, 0) << offline.out;
    EXPECT_EQ(offline.out.rfind("valid", 0), 0u) << offline.out;
    const Outcome online = Gridlaw("ledger verify-receipt " + receipt + " --ledger " +
                                   P("ledger.db") + " --envelope " + envelope.string());
    EXPECT_EQ(online.exit_code, 0) << online.out;
  }
  // A receipt is for its own envelope only.
  const Outcome mismatched =
      Gridlaw("ledger verify-receipt " + ReceiptOf(envelopes_[0]) + " --trust " +
              Example("trust.json") + " --envelope " + envelopes_[1].string());
  EXPECT_EQ(mismatched.exit_code, 1) << mismatched.out;
}

TEST_F(ExampleLedgerCli, AReceiptWithOneAlteredProofCharacterIsInvalid) {
  std::string receipt = testing::ReadFileOrEmpty(ReceiptOf(envelopes_[7]));
  const std::string proof = R"("inclusion_proof":[")";
  const size_t at = receipt.find(proof);
  ASSERT_NE(at, std::string::npos) << receipt;
  char& digit = receipt[at + proof.size() + 10];
  digit = digit == 'a' ? 'b' : 'a';
  testing::WriteFile(P("altered.receipt.json"), receipt);

  for (const std::string& against :
       {"--trust " + Example("trust.json"), "--ledger " + P("ledger.db")}) {
    const Outcome run =
        Gridlaw("ledger verify-receipt " + P("altered.receipt.json") + " " + against);
    EXPECT_EQ(run.exit_code, 1) << against << ": " << run.out;
    EXPECT_NE(run.out.find("INVALID"), std::string::npos) << run.out;
  }
}

TEST_F(ExampleLedgerCli, VerifyPassesUntilTheDatabaseIsEditedAroundTheTriggers) {
  const Outcome intact = Gridlaw("ledger verify --ledger " + P("ledger.db"));
  EXPECT_EQ(intact.exit_code, 0) << intact.out;
  EXPECT_NE(intact.out.find("189 entries"), std::string::npos) << intact.out;

  {
    SQLite::Database db(P("ledger.db"), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER entries_append_only_update");
    SQLite::Statement read(db, "SELECT envelope FROM entries WHERE idx = 42");
    ASSERT_TRUE(read.executeStep());
    const SQLite::Column column = read.getColumn(0);
    std::string envelope(static_cast<const char*>(column.getBlob()),
                         static_cast<size_t>(column.getBytes()));
    read.reset();
    envelope[envelope.size() / 2] ^= 0x01;
    SQLite::Statement update(db, "UPDATE entries SET envelope = ? WHERE idx = 42");
    update.bind(1, static_cast<const void*>(envelope.data()), static_cast<int>(envelope.size()));
    ASSERT_EQ(update.exec(), 1);
  }
  const Outcome tampered = Gridlaw("ledger verify --ledger " + P("ledger.db"));
  EXPECT_EQ(tampered.exit_code, 1) << tampered.out;
  EXPECT_NE(tampered.out.find("TAMPERED at entry 42"), std::string::npos) << tampered.out;
}

}  // namespace
}  // namespace gridlaw
