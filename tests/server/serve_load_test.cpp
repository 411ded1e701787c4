// `gridlaw serve` under load: 8 client threads, 2,000 submissions each —
// unique valid envelopes, duplicates of acknowledged ones, envelopes all
// threads send at once, and refusals of every kind. Every valid envelope
// ends in the ledger exactly once, every refusal gets its status and code,
// and the ledger verifies. Latency and throughput are printed, never
// asserted (tests do not assert on time).

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "digest/sha256.h"
#include "load_workload.h"
#include "serve_process.h"
#include "store/ledger.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;
using testing::Kind;
using testing::PlannedSubmission;

constexpr size_t kClients = 8;
constexpr size_t kPerClient = 2000;
constexpr size_t kShared = 40;

struct Answer {
  int status = -1;
  std::string body;
  double latency_ms = 0;
};

std::string CodeOf(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  return json.is_object() ? json.value("code", "") : "";
}

TEST(ServeLoad, EveryValidEnvelopeOnceEveryRefusalRight) {
  const fs::path dir =
      fs::temp_directory_path() / ("gridlaw-serve-load-" + std::to_string(::getpid()));
  auto ledger = testing::LoadLedger::Create(dir);
  const std::vector<std::string> shared = testing::SharedEnvelopes(ledger.provider_key, kShared);
  std::vector<std::vector<PlannedSubmission>> plans;
  for (size_t t = 0; t < kClients; ++t) {
    plans.push_back(testing::PlanFor(ledger.provider_key, t, kPerClient, shared));
  }

  auto server =
      testing::ServeProcess::Start(ledger.db, {"--now", testing::kLoadNow}, dir / "serve.log");
  ASSERT_NE(server, nullptr);
  std::vector<std::vector<Answer>> answers(kClients);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (size_t t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      auto client = server->Client();
      for (const PlannedSubmission& p : plans[t]) {
        const auto sent = std::chrono::steady_clock::now();
        auto res = client->Post("/v1/attestations", p.body, "application/json");
        const std::chrono::duration<double, std::milli> took =
            std::chrono::steady_clock::now() - sent;
        answers[t].push_back({res ? res->status : -1, res ? res->body : "", took.count()});
      }
    });
  }
  for (auto& client : clients)
    client.join();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

  // Every answer is the one planned.
  std::map<size_t, std::vector<const Answer*>> shared_answers;
  std::set<std::string> valid;  // the bodies that must be entries
  std::vector<double> latencies;
  size_t wrong = 0;
  for (size_t t = 0; t < kClients; ++t) {
    for (size_t i = 0; i < plans[t].size(); ++i) {
      const PlannedSubmission& p = plans[t][i];
      const Answer& a = answers[t][i];
      latencies.push_back(a.latency_ms);
      if (p.kind == Kind::kShared) {
        shared_answers[p.shared].push_back(&a);
        valid.insert(p.body);
        continue;
      }
      if (p.kind == Kind::kValid) valid.insert(p.body);
      bool right = a.status == p.status;
      if (p.kind == Kind::kDuplicate) right = right && a.body == answers[t][p.original].body;
      if (!p.code.empty()) right = right && CodeOf(a.body) == p.code;
      if (!right && ++wrong <= 10) {
        ADD_FAILURE() << "client " << t << " submission " << i << " (kind "
                      << static_cast<int>(p.kind) << "): expected " << p.status << " " << p.code
                      << ", got " << a.status << " " << a.body;
      }
    }
  }
  EXPECT_EQ(wrong, 0u);
  // An envelope sent by several threads at once is appended once: one 201,
  // and every other answer is 200 with the same receipt.
  for (const auto& [index, list] : shared_answers) {
    size_t created = 0;
    for (const Answer* a : list) {
      created += a->status == 201;
      EXPECT_TRUE(a->status == 201 || a->status == 200) << a->status << " " << a->body;
      EXPECT_EQ(a->body, list.front()->body) << "shared envelope " << index;
    }
    EXPECT_EQ(created, 1u) << "shared envelope " << index;
  }

  const size_t requests = kClients * kPerClient;
  std::cout << "[ load     ] " << requests << " requests from " << kClients << " clients in "
            << elapsed.count() << " s: " << static_cast<int>(requests / elapsed.count())
            << " req/s, p50 " << testing::PercentileMs(latencies, 0.50) << " ms, p99 "
            << testing::PercentileMs(latencies, 0.99) << " ms; " << valid.size() << " entries\n";

  EXPECT_EQ(server->Terminate(), 0) << server->Log();
  auto opened = Ledger::Open(ledger.db);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->size(), valid.size());
  std::set<uint64_t> indices;
  for (const std::string& body : valid) {
    const auto entry = opened->EntryWithSha256(Sha256Hex(body));
    ASSERT_TRUE(entry) << "a valid envelope is missing";
    indices.insert(*entry);
  }
  EXPECT_EQ(indices.size(), valid.size()) << "each valid envelope is its own entry";
  const auto verify = testing::Gridlaw("ledger verify --ledger " + ledger.db);
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_NE(verify.out.find("intact"), std::string::npos) << verify.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gridlaw
