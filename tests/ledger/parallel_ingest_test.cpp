// Ingest verifies on several threads (store/parallel_intake.h); the ledger it
// builds must not depend on how many. The same batches, mixing accepted
// envelopes with every kind of refusal and with duplicates (of earlier
// batches and within a batch), go into ledgers ingesting on 1, 2, 3 and 8
// threads, batch by batch and streamed (Ledger::IngestStream): every table,
// every root and checkpoint, and every per-submission result must be byte
// for byte those of the single thread.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "attest/attest_fixture.h"
#include "dsse/envelope.h"
#include "intake/sign_claims.h"
#include "store/ledger.h"
#include "table_dump.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;

using testing::At;
using testing::ClaimsSpec;
using testing::NewKey;
using testing::Register;
using testing::Registration;

constexpr char kOrigin[] = "parallel-test";

std::string Sign(const std::string& claims, const PrivateKey& key) {
  auto envelope = SignClaimsEnvelope(claims, key);
  EXPECT_TRUE(envelope.ok()) << (envelope.ok() ? "" : Describe(envelope.error()));
  return envelope.ok() ? *envelope : "";
}

// The fixture's claims, about `subject` instead of its own.
std::string ClaimsAbout(const std::string& subject, const ClaimsSpec& spec) {
  std::string claims = testing::Claims(spec);
  const std::string fixture_subject = R"("id":"fra-1")";
  claims.replace(claims.find(fixture_subject), fixture_subject.size(),
                 R"("id":")" + subject + "\"");
  return claims;
}

std::string NonceFor(int n) {
  return "parallel-test-nonce-" + std::to_string(n);
}

// Every row of every table, with each column's type and bytes.
std::string DumpLedger(SQLite::Database& db) {
  std::string dump;
  for (const char* table :
       {"meta", "providers", "keys", "entries", "nodes", "checkpoints", "equivocations"}) {
    dump += std::string("table ") + table + "\n" + testing::DumpTable(db, table);
  }
  return dump;
}

std::string Describe(const IngestResult& r) {
  return std::to_string(static_cast<int>(r.status)) + " " + r.source + " " +
         std::to_string(r.entry) + " " + r.code + " " + r.name + " " + r.message;
}

class ParallelIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Register(trust_, provider_key_);
    Register(trust_, ledger_key_, Registration().Provider(kOrigin).Role(KeyRole::kLedger));
    batches_ = MixedBatches();
  }

  std::string Good(int n) {
    return Sign(ClaimsAbout("site-" + std::to_string(n), ClaimsSpec().Nonce(NonceFor(n))),
                provider_key_);
  }

  // Four batches; the comments name what the serial ingest decides.
  std::vector<std::vector<std::string>> MixedBatches() {
    auto bad_signature = ParseEnvelope(Good(900));
    EXPECT_TRUE(bad_signature.ok());
    bad_signature->signatures[0].sig[7] ^= 0x01;
    const std::string forged = SerializeEnvelope(*bad_signature);
    const std::string unknown_key =
        Sign(ClaimsAbout("site-901", ClaimsSpec().Nonce(NonceFor(901))), stranger_key_);
    // site-3 again for the same month, with other numbers: L101.
    const std::string equivocation =
        Sign(ClaimsAbout("site-3", ClaimsSpec()
                                       .Nonce(NonceFor(902))
                                       .Extra(R"(,"country":"DE")")
                                       .IssuedAt("2027-02-05T00:00:00Z")),
             provider_key_);
    // Envelope 5's nonce on another subject and period: A304.
    const std::string replay = Sign(ClaimsAbout("elsewhere", ClaimsSpec()
                                                                 .Nonce(NonceFor(5))
                                                                 .Start("2027-03-01")
                                                                 .End("2027-04-01")
                                                                 .IssuedAt("2027-04-02T00:00:00Z")),
                                    provider_key_);
    // Issued a year after the time of receipt: A302.
    const std::string future = Sign(
        ClaimsAbout("site-903", ClaimsSpec().Nonce(NonceFor(903)).IssuedAt("2028-06-01T00:00:00Z")),
        provider_key_);

    std::vector<std::vector<std::string>> batches(4);
    for (int n = 0; n < 40; ++n) {
      batches[0].push_back(Good(n));
      if (n == 2) batches[0].push_back(forged);
      if (n == 6) batches[0].push_back(equivocation);  // after site-3's entry
      if (n == 9) batches[0].push_back(replay);
      if (n == 11) batches[0].push_back(batches[0][4]);  // a duplicate within the batch
      if (n == 17) batches[0].push_back(unknown_key);
      if (n == 23) batches[0].push_back("{\"payloadType\":");  // not JSON
      if (n == 31) batches[0].push_back(future);
      if (n == 33) batches[0].push_back(forged);  // refused again, not a duplicate
    }
    // Duplicates of the first batch among new envelopes, the equivocation
    // again (its evidence is kept once) and a copy of a new envelope.
    for (int n = 40; n < 70; ++n) {
      batches[1].push_back(Good(n));
      if (n % 7 == 0) batches[1].push_back(batches[0][static_cast<size_t>(n - 40)]);
      if (n == 50) batches[1].push_back(equivocation);
      if (n == 60) batches[1].push_back(batches[1][3]);
    }
    // Nothing but duplicates: no checkpoint.
    batches[2] = {batches[0][1], batches[1][0], batches[0][10], batches[1][5]};
    // One envelope: fewer submissions than threads.
    batches[3] = {Good(70)};
    return batches;
  }

  struct Run {
    std::vector<std::string> results;  // Describe() of each, batch after batch
    std::string dump;
    std::vector<std::string> roots;
  };

  // Ingest batch by batch, or (`stream`) through IngestStream, which
  // verifies the next batch while the current one commits.
  Run IngestAll(unsigned threads, bool stream = false) {
    const std::string path =
        (dir_ / ("threads-" + std::to_string(threads) + (stream ? "-stream" : "") + ".db"))
            .string();
    auto created = Ledger::Create(path, kOrigin, trust_, ledger_key_.public_key().key_id(),
                                  "ledger.key", At("2027-01-15T00:00:00Z"));
    EXPECT_TRUE(created.ok()) << created.error().message;
    Ledger ledger = std::move(created).value();
    ledger.set_ingest_threads(threads);
    Run run;
    if (stream) {
      size_t b = 0;
      auto next = [&]() -> std::optional<IngestBatch> {
        if (b == batches_.size()) return std::nullopt;
        IngestBatch batch{.submissions = {}, .now = now_};
        for (const std::string& envelope : batches_[b]) {
          batch.submissions.push_back(
              {"b" + std::to_string(b) + "-" + std::to_string(batch.submissions.size()), envelope});
        }
        ++b;
        return batch;
      };
      auto committed = [&](const IngestBatch& batch, std::vector<IngestResult> results) {
        EXPECT_EQ(results.size(), batch.submissions.size());
        for (const IngestResult& r : results)
          run.results.push_back(Describe(r));
        run.roots.push_back(merkle::ToHex(ledger.Root(ledger.size())));
        return true;
      };
      auto ingested = ledger.IngestStream(next, ledger_key_, committed);
      EXPECT_TRUE(ingested.ok()) << ingested.error().message;
      EXPECT_EQ(b, batches_.size());
      run.dump = DumpLedger(ledger.database());
      return run;
    }
    for (size_t b = 0; b < batches_.size(); ++b) {
      std::vector<Submission> batch;
      for (const std::string& envelope : batches_[b]) {
        batch.push_back({"b" + std::to_string(b) + "-" + std::to_string(batch.size()), envelope});
      }
      auto results = ledger.Ingest(batch, now_, ledger_key_);
      EXPECT_TRUE(results.ok()) << results.error().message;
      if (!results.ok()) return run;
      EXPECT_EQ(results->size(), batch.size());
      for (const IngestResult& r : *results)
        run.results.push_back(Describe(r));
      run.roots.push_back(merkle::ToHex(ledger.Root(ledger.size())));
    }
    run.dump = DumpLedger(ledger.database());
    return run;
  }

  const testing::ScratchDir dir_{"parallel-ingest"};
  PrivateKey provider_key_ = NewKey();
  PrivateKey ledger_key_ = NewKey();
  PrivateKey stranger_key_ = NewKey();
  TrustStore trust_;
  int64_t now_ = At("2027-06-01T00:00:00Z");
  std::vector<std::vector<std::string>> batches_;
};

TEST_F(ParallelIngestTest, TheSerialRunDecidesEachKindOfSubmission) {
  // The reference itself must hold what the batches were built to hold, or
  // comparing with it would prove little.
  const Run serial = IngestAll(1);
  auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (const std::string& r : serial.results)
      n += r.find(needle) != std::string::npos ? 1 : 0;
    return n;
  };
  EXPECT_EQ(count(" A202 "), 2u);  // the forged envelope, twice
  EXPECT_EQ(count(" A201 "), 1u);
  EXPECT_EQ(count(" L101 "), 2u);
  EXPECT_EQ(count(" A304 "), 1u);
  EXPECT_EQ(count(" A302 "), 1u);
  auto with_status = [&](IngestResult::Status status) {
    const std::string prefix = std::to_string(static_cast<int>(status)) + " ";
    size_t n = 0;
    for (const std::string& r : serial.results)
      n += r.rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
  };
  EXPECT_EQ(with_status(IngestResult::Status::kAccepted), 71u);  // 40 + 30 + 1 good envelopes
  EXPECT_EQ(with_status(IngestResult::Status::kDuplicate), 1u + 5u + 4u);
  EXPECT_EQ(with_status(IngestResult::Status::kRefused), 8u);  // the not-JSON envelope too
  EXPECT_EQ(serial.results.size(), batches_[0].size() + batches_[1].size() + 4 + 1);
  EXPECT_EQ(serial.roots.size(), 4u);
  EXPECT_EQ(serial.roots[1], serial.roots[2]);  // the batch of duplicates added nothing
}

TEST_F(ParallelIngestTest, AnyThreadCountBuildsTheSameLedgerAndResults) {
  const Run serial = IngestAll(1);
  for (unsigned threads : {2U, 3U, 8U}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    const Run parallel = IngestAll(threads);
    ASSERT_EQ(parallel.results.size(), serial.results.size());
    for (size_t i = 0; i < serial.results.size(); ++i)
      EXPECT_EQ(parallel.results[i], serial.results[i]) << "submission " << i;
    EXPECT_EQ(parallel.roots, serial.roots);
    EXPECT_TRUE(parallel.dump == serial.dump) << "the ledgers' tables differ";
  }
}

TEST_F(ParallelIngestTest, StreamingBatchesBuildsTheSameLedgerAndResults) {
  const Run serial = IngestAll(1);
  for (unsigned threads : {1U, 2U, 8U}) {
    SCOPED_TRACE(std::to_string(threads) + " threads, streamed");
    const Run streamed = IngestAll(threads, true);
    EXPECT_EQ(streamed.results, serial.results);
    EXPECT_EQ(streamed.roots, serial.roots);
    EXPECT_TRUE(streamed.dump == serial.dump) << "the ledgers' tables differ";
  }
}

TEST_F(ParallelIngestTest, TheDefaultIsEveryHardwareThreadAndGivesTheSameLedger) {
  const Run serial = IngestAll(1);
  const Run by_default = IngestAll(0);
  EXPECT_EQ(by_default.results, serial.results);
  EXPECT_EQ(by_default.roots, serial.roots);
  EXPECT_TRUE(by_default.dump == serial.dump);
}

}  // namespace
}  // namespace gridlaw
