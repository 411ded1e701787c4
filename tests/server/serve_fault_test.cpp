// `gridlaw serve` stopped in the middle of a load. SIGKILL: the ledger
// still verifies, every submission acknowledged (201 or 200) before the kill
// is an entry, and a restarted server on the same file answers retries of
// the others idempotently. SIGTERM: the server stops accepting, answers
// what it took (each a committed 201), and exits 0.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "digest/sha256.h"
#include "load_workload.h"
#include "serve_process.h"
#include "store/ledger.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;

constexpr size_t kClients = 8;
constexpr size_t kPerClient = 600;

struct LoadRun {
  std::vector<std::vector<testing::PlannedSubmission>> plans;
  // Per client, the answers it got before its first failed request.
  std::vector<std::vector<int>> statuses;
  std::atomic<size_t> acknowledged{0};
};

// Clients send their (all valid) plans until the server goes away.
std::vector<std::thread> StartClients(const testing::ServeProcess& server, LoadRun& run) {
  run.statuses.assign(kClients, {});
  std::vector<std::thread> clients;
  for (size_t t = 0; t < kClients; ++t) {
    clients.emplace_back([&server, &run, t] {
      auto client = server.Client();
      for (const auto& p : run.plans[t]) {
        auto res = client->Post("/v1/attestations", p.body, "application/json");
        if (!res) return;  // the server is gone: this one's fate is unknown
        run.statuses[t].push_back(res->status);
        if (res->status == 201 || res->status == 200) ++run.acknowledged;
      }
    });
  }
  return clients;
}

void WaitForAcknowledged(const LoadRun& run, size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (run.acknowledged < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

class ServeFault : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gridlaw-serve-fault-" + std::to_string(::getpid()));
    ledger_.emplace(testing::LoadLedger::Create(dir_));
    for (size_t t = 0; t < kClients; ++t) {
      run_.plans.push_back(testing::PlanFor(ledger_->provider_key, t, kPerClient, {}, true));
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Every acknowledged submission is an entry of the ledger file.
  void ExpectAcknowledgedStored() {
    auto ledger = Ledger::Open(ledger_->db);
    ASSERT_TRUE(ledger.ok());
    size_t checked = 0;
    for (size_t t = 0; t < kClients; ++t) {
      for (size_t i = 0; i < run_.statuses[t].size(); ++i) {
        if (run_.statuses[t][i] != 201 && run_.statuses[t][i] != 200) continue;
        ++checked;
        EXPECT_TRUE(ledger->EntryWithSha256(Sha256Hex(run_.plans[t][i].body)))
            << "client " << t << " submission " << i << " was acknowledged but is not stored";
      }
    }
    EXPECT_EQ(checked, run_.acknowledged.load());
  }

  void ExpectLedgerVerifies() {
    const auto verify = testing::Gridlaw("ledger verify --ledger " + ledger_->db);
    EXPECT_EQ(verify.exit_code, 0) << verify.out;
  }

  fs::path dir_;
  std::optional<testing::LoadLedger> ledger_;
  LoadRun run_;
};

TEST_F(ServeFault, AcknowledgedEntriesSurviveSigkill) {
  auto server =
      testing::ServeProcess::Start(ledger_->db, {"--now", testing::kLoadNow}, dir_ / "serve.log");
  ASSERT_NE(server, nullptr);
  auto clients = StartClients(*server, run_);
  WaitForAcknowledged(run_, kClients * kPerClient / 3);
  server->Kill();
  for (auto& client : clients)
    client.join();
  const size_t total = kClients * kPerClient;
  std::cout << "[ fault    ] killed after " << run_.acknowledged << " of " << total
            << " submissions were acknowledged\n";
  EXPECT_LT(run_.acknowledged, total) << "the kill came after the load had ended";
  for (const auto& statuses : run_.statuses) {
    for (int status : statuses)
      EXPECT_EQ(status, 201);
  }
  ExpectLedgerVerifies();
  ExpectAcknowledgedStored();

  // A restarted server on the same file: retries of every submission are
  // answered 201 (never reached the ledger) or 200 (committed, but the
  // answer was lost with the process) — none is appended twice.
  auto restarted =
      testing::ServeProcess::Start(ledger_->db, {"--now", testing::kLoadNow}, dir_ / "again.log");
  ASSERT_NE(restarted, nullptr);
  std::atomic<size_t> retried_existing{0};
  std::atomic<size_t> wrong{0};
  std::vector<std::thread> retries;
  for (const auto& plan : run_.plans) {
    retries.emplace_back([&restarted, &plan, &retried_existing, &wrong] {
      auto client = restarted->Client();
      for (const auto& p : plan) {
        auto res = client->Post("/v1/attestations", p.body, "application/json");
        if (res && res->status == 200) ++retried_existing;
        if (!res || (res->status != 201 && res->status != 200)) ++wrong;
      }
    });
  }
  for (auto& retry : retries)
    retry.join();
  EXPECT_EQ(wrong, 0u);
  EXPECT_GE(retried_existing, run_.acknowledged.load());
  EXPECT_EQ(restarted->Terminate(), 0) << restarted->Log();
  auto ledger = Ledger::Open(ledger_->db);
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->size(), total);
  ExpectLedgerVerifies();
}

TEST_F(ServeFault, SigtermFinishesWhatItTookAndExitsZero) {
  auto server =
      testing::ServeProcess::Start(ledger_->db, {"--now", testing::kLoadNow}, dir_ / "serve.log");
  ASSERT_NE(server, nullptr);
  auto clients = StartClients(*server, run_);
  WaitForAcknowledged(run_, kClients * kPerClient / 3);
  EXPECT_EQ(server->Terminate(), 0) << server->Log();
  for (auto& client : clients)
    client.join();
  EXPECT_NE(server->Log().find("gridlaw serve: stopped"), std::string::npos) << server->Log();
  // Every request the server took was answered, and answered 201: none was
  // dropped with a 5xx on the way out.
  for (const auto& statuses : run_.statuses) {
    for (int status : statuses)
      EXPECT_EQ(status, 201);
  }
  ExpectLedgerVerifies();
  ExpectAcknowledgedStored();
  auto ledger = Ledger::Open(ledger_->db);
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->size(), run_.acknowledged.load())
      << "what was committed is exactly what was acknowledged";
}

}  // namespace
}  // namespace gridlaw
