// The ledger at library level (store/ledger.h, audit/audit.h, receipt/receipt.h),
// each test on its own SQLite file in a temporary directory:
//   - append-only: the triggers refuse UPDATE, DELETE and REPLACE on entries,
//     tree nodes, checkpoints and equivocation records, and leave them as they were;
//   - ingest: consecutive entries, idempotent duplicates with identical receipts;
//   - refusals that store nothing: equivocation (recorded as evidence only),
//     replayed nonces, keys judged at receipt (revoked since), bad signatures,
//     unknown keys, a checkpoint key that is not of role ledger;
//   - receipts: parse, verify offline, fail when any proof field is altered,
//     and stay valid against later checkpoints through consistency proofs;
//   - AuditLedger: an intact ledger's counts, and tampering made around the
//     triggers (edited, recomputed, deleted or re-signed rows) caught at the
//     right entry;
//   - reopening, and the L002/L003 errors of Open and Create.

#include "store/ledger.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "attest/attest_fixture.h"
#include "audit/audit.h"
#include "digest/sha256.h"
#include "dsse/envelope.h"
#include "intake/sign_claims.h"
#include "merkle/merkle.h"
#include "receipt/receipt.h"
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

constexpr char kOrigin[] = "test-ledger";

// The fixture's claims are about subject "fra-1"; the ledger's rules key on
// the subject, so tests need others.
std::string ClaimsAbout(const std::string& subject, const ClaimsSpec& spec = {}) {
  std::string claims = testing::Claims(spec);
  const std::string fixture_subject = R"("id":"fra-1")";
  claims.replace(claims.find(fixture_subject), fixture_subject.size(),
                 R"("id":")" + subject + "\"");
  return claims;
}

std::string Sign(const std::string& claims, const PrivateKey& key) {
  auto envelope = SignClaimsEnvelope(claims, key);
  EXPECT_TRUE(envelope.ok()) << (envelope.ok() ? "" : Describe(envelope.error()));
  return envelope.ok() ? *envelope : "";
}

// A nonce unique to `n` (nonces are 16 to 128 characters).
std::string NonceFor(int n) {
  return "ledger-test-nonce-" + std::to_string(n);
}

using testing::DumpTable;

int64_t CountRows(SQLite::Database& db, const std::string& table) {
  SQLite::Statement query(db, "SELECT count(*) FROM " + table);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

// Changes one hex digit of `hex` (at `at`) to another hex digit.
void AlterHexDigit(std::string& hex, size_t at = 0) {
  hex[at] = hex[at] == '0' ? '1' : '0';
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Register(trust_, provider_key_);
    Register(trust_, ledger_key_, Registration().Provider(kOrigin).Role(KeyRole::kLedger));
    auto created = Ledger::Create(path(), kOrigin, trust_, ledger_key_.public_key().key_id(),
                                  "ledger.key", At("2027-01-15T00:00:00Z"));
    ASSERT_TRUE(created.ok()) << created.error().message;
    ledger_.emplace(std::move(created).value());
  }
  // The ledger closes before its directory goes.
  void TearDown() override { ledger_.reset(); }

  std::string path() const { return (dir_ / "ledger.db").string(); }
  Ledger& ledger() { return *ledger_; }

  // A distinct claim of the provider about `subject-n`, signed.
  std::string EnvelopeNumber(int n) {
    return Sign(ClaimsAbout("site-" + std::to_string(n), ClaimsSpec().Nonce(NonceFor(n))),
                provider_key_);
  }

  std::vector<IngestResult> Ingest(const std::vector<std::string>& envelopes,
                                   const PrivateKey* checkpoint_key = nullptr) {
    std::vector<Submission> batch;
    for (const std::string& envelope : envelopes) {
      batch.push_back({"envelope-" + std::to_string(batch.size()), envelope});
    }
    auto results = ledger().Ingest(batch, now_, checkpoint_key ? *checkpoint_key : ledger_key_);
    EXPECT_TRUE(results.ok()) << (results.ok() ? "" : results.error().message);
    return results.ok() ? *results : std::vector<IngestResult>{};
  }

  // Ingests one envelope that the ledger must refuse with `code`, and checks
  // that the refusal stored nothing in the tree.
  void ExpectRefusedStoringNothing(const std::string& envelope, const std::string& code) {
    const uint64_t size = ledger().size();
    const merkle::Hash root = ledger().Root(size);
    const size_t checkpoints = ledger().Checkpoints().size();
    const int64_t nodes = CountRows(ledger().database(), "nodes");
    const std::vector<IngestResult> results = Ingest({envelope});
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].status, IngestResult::Status::kRefused);
    EXPECT_EQ(results[0].code, code) << results[0].message;
    EXPECT_EQ(ledger().size(), size);
    EXPECT_EQ(ledger().Root(size), root);
    EXPECT_EQ(ledger().Checkpoints().size(), checkpoints);
    EXPECT_EQ(CountRows(ledger().database(), "nodes"), nodes);
    EXPECT_FALSE(ledger().EntryWithSha256(Sha256Hex(envelope)).has_value());
  }

  void Exec(const std::string& sql) { ledger().database().exec(sql); }

  const testing::ScratchDir dir_{"ledger-test"};
  PrivateKey provider_key_ = NewKey();
  PrivateKey ledger_key_ = NewKey();
  TrustStore trust_;
  std::optional<Ledger> ledger_;
  int64_t now_ = At("2027-06-01T00:00:00Z");
};

// --- append-only --------------------------------------------------------------

TEST_F(LedgerTest, TriggersRefuseRewritingHistoryAndLeaveItUnchanged) {
  const std::string first = EnvelopeNumber(0);
  Ingest({first, EnvelopeNumber(1), EnvelopeNumber(2)});
  // Gives the equivocations table a row: the same subject and period again.
  const std::string rival = Sign(
      ClaimsAbout("site-0", ClaimsSpec().Nonce(NonceFor(100)).IssuedAt("2027-02-04T00:00:00Z")),
      provider_key_);
  ASSERT_EQ(Ingest({rival})[0].code, "L101");

  const std::vector<std::string> tables = {"entries", "nodes", "checkpoints", "equivocations"};
  for (const std::string& table : tables) {
    ASSERT_GT(CountRows(ledger().database(), table), 0) << table;
  }
  std::map<std::string, std::string> before;
  for (const std::string& table : tables)
    before[table] = DumpTable(ledger().database(), table);

  const std::vector<std::string> rewrites = {
      "UPDATE entries SET subject = 'elsewhere' WHERE idx = 1",
      "UPDATE entries SET envelope = zeroblob(10)",
      "DELETE FROM entries WHERE idx = 2",
      "DELETE FROM entries",
      // REPLACE deletes the row it conflicts with: that too is a rewrite.
      "INSERT OR REPLACE INTO entries SELECT idx, envelope, sha256, leaf_hash, provider, "
      "'elsewhere', period_start, period_end, nonce, key_ids, received_at FROM entries "
      "WHERE idx = 1",
      "UPDATE nodes SET hash = zeroblob(32) WHERE level = 0 AND idx = 0",
      "DELETE FROM nodes WHERE level = 1",
      "INSERT OR REPLACE INTO nodes (level, idx, hash) VALUES (0, 0, zeroblob(32))",
      "UPDATE checkpoints SET root = zeroblob(32)",
      "DELETE FROM checkpoints",
      "INSERT OR REPLACE INTO checkpoints SELECT tree_size, root, time, key_id, 'forged' "
      "FROM checkpoints",
      "UPDATE equivocations SET subject = 'elsewhere'",
      "DELETE FROM equivocations",
      "INSERT OR REPLACE INTO equivocations SELECT id, received_at, provider, 'elsewhere', "
      "period_start, period_end, existing_entry, sha256, envelope FROM equivocations",
  };
  for (const std::string& sql : rewrites) {
    EXPECT_THROW(Exec(sql), SQLite::Exception) << sql;
  }
  for (const std::string& table : tables) {
    EXPECT_EQ(DumpTable(ledger().database(), table), before[table]) << table;
  }
  EXPECT_EQ(ledger().Entry(0)->envelope, first);
  EXPECT_TRUE(AuditLedger(ledger()).intact());
}

// --- ingest -------------------------------------------------------------------

TEST_F(LedgerTest, AcceptedEnvelopesGetConsecutiveEntries) {
  const std::vector<std::string> envelopes = {EnvelopeNumber(0), EnvelopeNumber(1),
                                              EnvelopeNumber(2)};
  const std::vector<IngestResult> results = Ingest(envelopes);
  ASSERT_EQ(results.size(), 3u);
  for (uint64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(results[i].status, IngestResult::Status::kAccepted) << results[i].message;
    EXPECT_EQ(results[i].entry, i);
    EXPECT_EQ(results[i].source, "envelope-" + std::to_string(i));
    const auto entry = ledger().Entry(i);
    ASSERT_TRUE(entry.has_value());
    EXPECT_EQ(entry->envelope, envelopes[i]);
    EXPECT_EQ(entry->sha256, Sha256Hex(envelopes[i]));
    EXPECT_EQ(entry->leaf_hash, merkle::LeafHash(envelopes[i]));
    EXPECT_EQ(entry->provider, "acme-cloud");
    EXPECT_EQ(entry->subject, "site-" + std::to_string(i));
    EXPECT_EQ(entry->period_start, "2027-01-01");
    EXPECT_EQ(entry->period_end, "2027-02-01");
    EXPECT_EQ(entry->nonce, NonceFor(static_cast<int>(i)));
    EXPECT_EQ(entry->key_ids, std::vector<std::string>{provider_key_.public_key().key_id()});
    EXPECT_EQ(entry->received_at, "2027-06-01T00:00:00Z");
  }
  // The next batch continues the numbering, under a checkpoint of its own.
  const std::vector<IngestResult> next = Ingest({EnvelopeNumber(3)});
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].entry, 3u);
  EXPECT_EQ(ledger().size(), 4u);
  ASSERT_EQ(ledger().Checkpoints().size(), 2u);
  EXPECT_EQ(ledger().Checkpoints()[0].checkpoint.size, 3u);
  EXPECT_EQ(ledger().Checkpoints()[1].checkpoint.size, 4u);
  EXPECT_EQ(ledger().LatestCheckpoint()->checkpoint.root, ledger().Root(4));
}

TEST_F(LedgerTest, TheSameEnvelopeAgainIsADuplicateWithTheSameEntryAndReceipt) {
  const std::string envelope = EnvelopeNumber(1);
  Ingest({EnvelopeNumber(0), envelope, EnvelopeNumber(2)});
  auto receipt = ledger().Receipt(1);
  ASSERT_TRUE(receipt.ok());
  const size_t checkpoints = ledger().Checkpoints().size();

  const std::vector<IngestResult> again = Ingest({envelope});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].status, IngestResult::Status::kDuplicate);
  EXPECT_EQ(again[0].entry, 1u);
  EXPECT_EQ(ledger().size(), 3u);
  // Nothing new to sign: a batch of duplicates makes no checkpoint.
  EXPECT_EQ(ledger().Checkpoints().size(), checkpoints);
  auto receipt_again = ledger().Receipt(1);
  ASSERT_TRUE(receipt_again.ok());
  EXPECT_EQ(*receipt_again, *receipt);

  // Even after later entries, the receipt is the same bytes.
  Ingest({EnvelopeNumber(3)});
  EXPECT_EQ(ledger().Receipt(1).value(), *receipt);
}

TEST_F(LedgerTest, AnEnvelopeTwiceInOneBatchIsStoredOnce) {
  const std::string envelope = EnvelopeNumber(0);
  const std::vector<IngestResult> results = Ingest({envelope, envelope});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, IngestResult::Status::kAccepted);
  EXPECT_EQ(results[1].status, IngestResult::Status::kDuplicate);
  EXPECT_EQ(results[1].entry, 0u);
  EXPECT_EQ(ledger().size(), 1u);
}

// --- equivocation and replay --------------------------------------------------

TEST_F(LedgerTest, AnotherClaimForAnOverlappingPeriodIsRefusedAndRecorded) {
  Ingest({EnvelopeNumber(0), EnvelopeNumber(1)});
  const uint64_t size = ledger().size();
  const merkle::Hash root = ledger().Root(size);

  // site-1 again for the very same month, with other numbers.
  const std::string same_period = Sign(ClaimsAbout("site-1", ClaimsSpec()
                                                                 .Nonce(NonceFor(101))
                                                                 .Extra(R"(,"country":"DE")")
                                                                 .IssuedAt("2027-02-05T00:00:00Z")),
                                       provider_key_);
  std::vector<IngestResult> results = Ingest({same_period});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, IngestResult::Status::kRefused);
  EXPECT_EQ(results[0].code, "L101");
  EXPECT_EQ(results[0].name, "equivocation");
  EXPECT_NE(results[0].message.find("entry 1"), std::string::npos) << results[0].message;
  EXPECT_EQ(ledger().size(), size);
  EXPECT_EQ(ledger().Root(size), root);
  EXPECT_FALSE(ledger().EntryWithSha256(Sha256Hex(same_period)).has_value());
  std::vector<EquivocationRecord> records = ledger().Equivocations();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].existing_entry, 1u);
  EXPECT_EQ(records[0].provider, "acme-cloud");
  EXPECT_EQ(records[0].subject, "site-1");
  EXPECT_EQ(records[0].period_start, "2027-01-01");
  EXPECT_EQ(records[0].period_end, "2027-02-01");
  EXPECT_EQ(records[0].sha256, Sha256Hex(same_period));
  EXPECT_EQ(records[0].envelope, same_period);
  EXPECT_EQ(records[0].received_at, "2027-06-01T00:00:00Z");

  // Submitted again: refused again, but the evidence is kept once.
  results = Ingest({same_period});
  EXPECT_EQ(results[0].code, "L101");
  EXPECT_EQ(ledger().Equivocations().size(), 1u);

  // Mid-January to mid-February overlaps January in half a month.
  const std::string partly = Sign(ClaimsAbout("site-1", ClaimsSpec()
                                                            .Nonce(NonceFor(102))
                                                            .Start("2027-01-15")
                                                            .End("2027-02-15")
                                                            .IssuedAt("2027-02-20T00:00:00Z")),
                                  provider_key_);
  results = Ingest({partly});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, IngestResult::Status::kRefused);
  EXPECT_EQ(results[0].code, "L101");
  EXPECT_EQ(ledger().size(), size);
  EXPECT_EQ(ledger().Root(size), root);
  records = ledger().Equivocations();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].existing_entry, 1u);
  EXPECT_EQ(records[1].period_start, "2027-01-15");
  EXPECT_EQ(records[1].period_end, "2027-02-15");
  EXPECT_EQ(records[1].envelope, partly);
}

TEST_F(LedgerTest, AdjacentPeriodsAndOtherSubjectsAreNoEquivocation) {
  Ingest({EnvelopeNumber(0)});
  // February follows January (periods end exclusively): no overlap.
  const std::string february = Sign(ClaimsAbout("site-0", ClaimsSpec()
                                                              .Nonce(NonceFor(200))
                                                              .Start("2027-02-01")
                                                              .End("2027-03-01")
                                                              .IssuedAt("2027-03-02T00:00:00Z")),
                                    provider_key_);
  const std::vector<IngestResult> results = Ingest({february, EnvelopeNumber(1)});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, IngestResult::Status::kAccepted) << results[0].message;
  EXPECT_EQ(results[1].status, IngestResult::Status::kAccepted) << results[1].message;
  EXPECT_TRUE(ledger().Equivocations().empty());
}

TEST_F(LedgerTest, AReusedNonceIsRefusedAsAReplay) {
  Ingest({EnvelopeNumber(0)});
  // Another subject and another period, but envelope 0's nonce.
  const std::string replay = Sign(ClaimsAbout("elsewhere", ClaimsSpec()
                                                               .Nonce(NonceFor(0))
                                                               .Start("2027-03-01")
                                                               .End("2027-04-01")
                                                               .IssuedAt("2027-04-02T00:00:00Z")),
                                  provider_key_);
  ExpectRefusedStoringNothing(replay, "A304");
  EXPECT_TRUE(ledger().Equivocations().empty());
}

// The replay is found when the entry's INSERT hits UNIQUE (provider, nonce):
// within a batch too, where the refused INSERT must leave the batch's later
// appends, their numbering and the tree as if it had never run.
TEST_F(LedgerTest, AReplayWithinABatchIsRefusedAndTheBatchGoesOn) {
  Ingest({EnvelopeNumber(0)});
  auto replay_of = [&](int n, const std::string& subject) {
    return Sign(ClaimsAbout(subject, ClaimsSpec()
                                         .Nonce(NonceFor(n))
                                         .Start("2027-03-01")
                                         .End("2027-04-01")
                                         .IssuedAt("2027-04-02T00:00:00Z")),
                provider_key_);
  };
  const std::vector<std::string> batch = {EnvelopeNumber(1), replay_of(0, "elsewhere"),
                                          replay_of(1, "further"), EnvelopeNumber(2)};
  const std::vector<IngestResult> results = Ingest(batch);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].status, IngestResult::Status::kAccepted);
  EXPECT_EQ(results[0].entry, 1u);
  for (size_t i : {1, 2}) {
    EXPECT_EQ(results[i].status, IngestResult::Status::kRefused);
    EXPECT_EQ(results[i].code, "A304");
    EXPECT_EQ(results[i].name, std::string(InfoOf(AttestCode::kReplayedNonce).name));
  }
  EXPECT_EQ(results[1].message,
            "provider \"acme-cloud\" already used nonce \"" + NonceFor(0) + "\" in entry 0");
  EXPECT_EQ(results[2].message,
            "provider \"acme-cloud\" already used nonce \"" + NonceFor(1) + "\" in entry 1");
  EXPECT_EQ(results[3].status, IngestResult::Status::kAccepted);
  EXPECT_EQ(results[3].entry, 2u);
  EXPECT_EQ(ledger().size(), 3u);
  EXPECT_EQ(CountRows(ledger().database(), "entries"), 3);
  EXPECT_FALSE(ledger().EntryWithSha256(Sha256Hex(batch[1])).has_value());
  EXPECT_FALSE(ledger().EntryWithSha256(Sha256Hex(batch[2])).has_value());
  merkle::MemoryTree tree;
  for (const std::string& envelope : {EnvelopeNumber(0), batch[0], batch[3]})
    tree.Append(envelope);
  EXPECT_EQ(ledger().LatestCheckpoint()->checkpoint.root, tree.Root());
  EXPECT_TRUE(ledger().Equivocations().empty());
  EXPECT_TRUE(AuditLedger(ledger()).intact());
}

// --- keys judged at receipt ---------------------------------------------------

TEST_F(LedgerTest, ClaimsSignedBeforeTheKeyWasRevokedAreRefusedAfterwards) {
  Ingest({EnvelopeNumber(0)});
  const PrivateKey second_key = NewKey();
  TrustedKey record{.provider = "acme-cloud",
                    .role = KeyRole::kProvider,
                    .algorithm = second_key.algorithm(),
                    .key = PublicKey::FromSpkiDer(second_key.public_key().spki_der()).value(),
                    .valid_from = At("2026-01-01T00:00:00Z"),
                    .valid_until = std::nullopt,
                    .revoked_at = std::nullopt,
                    .reason = ""};
  ASSERT_TRUE(ledger().AddKey(std::move(record)).ok());
  // Issued on 2027-02-03, while the key was good.
  const std::string envelope =
      Sign(ClaimsAbout("site-1", ClaimsSpec().Nonce(NonceFor(1))), second_key);
  // Revoked on 2027-04-01, before the ledger receives the claims on 2027-06-01.
  ASSERT_TRUE(
      ledger()
          .RevokeKey(second_key.public_key().key_id(), At("2027-04-01T00:00:00Z"), "compromised")
          .ok());
  ExpectRefusedStoringNothing(envelope, "A207");
}

TEST_F(LedgerTest, ABadSignatureIsRefused) {
  Ingest({EnvelopeNumber(0)});
  auto envelope = ParseEnvelope(EnvelopeNumber(1));
  ASSERT_TRUE(envelope.ok());
  envelope->signatures[0].sig[10] ^= 0x01;
  ExpectRefusedStoringNothing(SerializeEnvelope(*envelope), "A202");
}

TEST_F(LedgerTest, AnUnknownKeyIsRefused) {
  Ingest({EnvelopeNumber(0)});
  const PrivateKey stranger = NewKey();
  ExpectRefusedStoringNothing(
      Sign(ClaimsAbout("site-1", ClaimsSpec().Nonce(NonceFor(1))), stranger), "A201");
}

TEST_F(LedgerTest, ACheckpointKeyNotOfRoleLedgerFailsTheBatchAndStoresNothing) {
  const std::vector<Submission> batch = {{"a", EnvelopeNumber(0)}, {"b", EnvelopeNumber(1)}};
  // The provider's key is trusted, but not to sign checkpoints.
  auto results = ledger().Ingest(batch, now_, provider_key_);
  ASSERT_FALSE(results.ok());
  EXPECT_EQ(results.error().code, "L201");
  // A key the ledger does not know at all.
  const PrivateKey stranger = NewKey();
  results = ledger().Ingest(batch, now_, stranger);
  ASSERT_FALSE(results.ok());
  EXPECT_EQ(results.error().code, "L201");

  for (const char* table : {"entries", "nodes", "checkpoints", "providers", "equivocations"}) {
    EXPECT_EQ(CountRows(ledger().database(), table), 0) << table;
  }
  // The rolled-back batch goes in whole with the right key.
  results = ledger().Ingest(batch, now_, ledger_key_);
  ASSERT_TRUE(results.ok());
  EXPECT_EQ((*results)[0].entry, 0u);
  EXPECT_EQ((*results)[1].entry, 1u);
  EXPECT_EQ(ledger().size(), 2u);
}

// Ingest keeps the right edge of the tree in memory for the length of a
// transaction, and what providers it has inserted: batches of every size,
// starting at every kind of tree size, and a batch rolled back midway
// through a tree, must store exactly the nodes a tree built in memory has.
TEST_F(LedgerTest, BatchesOfEverySizeStoreTheSameTreeAsOneBuiltInMemory) {
  merkle::MemoryTree tree;
  int n = 0;
  auto next_batch = [&](int size) {
    std::vector<std::string> envelopes;
    for (int i = 0; i < size; ++i)
      envelopes.push_back(EnvelopeNumber(n++));
    return envelopes;
  };
  for (const int size : {1, 2, 3, 1, 5, 8, 2, 7, 4}) {
    const std::vector<std::string> envelopes = next_batch(size);
    if (size == 5) {
      // Rolled back: the checkpoint key is not the ledger's.
      std::vector<Submission> batch;
      for (const std::string& envelope : envelopes)
        batch.push_back({"rolled-back", envelope});
      ASSERT_FALSE(ledger().Ingest(batch, now_, provider_key_).ok());
      EXPECT_EQ(ledger().size(), tree.size());
    }
    const std::vector<IngestResult> results = Ingest(envelopes);
    ASSERT_EQ(results.size(), envelopes.size());
    for (size_t i = 0; i < results.size(); ++i) {
      ASSERT_EQ(results[i].status, IngestResult::Status::kAccepted) << results[i].message;
      EXPECT_EQ(results[i].entry, tree.Append(envelopes[i]));
    }
  }
  ASSERT_EQ(ledger().size(), tree.size());
  const merkle::SubtreeReader expected = tree.reader();
  for (int level = 0; (uint64_t{1} << level) <= tree.size(); ++level) {
    for (uint64_t index = 0; ((index + 1) << level) <= tree.size(); ++index) {
      EXPECT_EQ(ledger().StoredNode(level, index), expected(level, index))
          << "level " << level << " index " << index;
    }
  }
  EXPECT_EQ(CountRows(ledger().database(), "providers"), 1);
  EXPECT_EQ(ledger().LatestCheckpoint()->checkpoint.root, tree.Root());
  EXPECT_TRUE(AuditLedger(ledger()).intact());
}

// --- receipts -----------------------------------------------------------------

TEST_F(LedgerTest, ReceiptsVerifyOfflineAndFailWhenAltered) {
  std::vector<std::string> envelopes;
  for (int n = 0; n < 5; ++n)
    envelopes.push_back(EnvelopeNumber(n));
  Ingest(envelopes);

  for (uint64_t i = 0; i < envelopes.size(); ++i) {
    SCOPED_TRACE("entry " + std::to_string(i));
    auto text = ledger().Receipt(i);
    ASSERT_TRUE(text.ok());
    std::string error;
    const auto receipt = ParseReceipt(*text, &error);
    ASSERT_TRUE(receipt.has_value()) << error;
    EXPECT_EQ(receipt->entry, i);
    EXPECT_EQ(receipt->tree_size, 5u);
    EXPECT_EQ(receipt->envelope_sha256, Sha256Hex(envelopes[i]));
    EXPECT_EQ(SerializeReceipt(*receipt), *text);
    EXPECT_EQ(VerifyReceipt(*receipt, trust_), "");
    ReceiptCheck with_envelope;
    with_envelope.envelope = envelopes[i];
    EXPECT_EQ(VerifyReceipt(*receipt, trust_, with_envelope), "");
    // Another envelope is not the one received.
    ReceiptCheck other_envelope;
    other_envelope.envelope = envelopes[(i + 1) % envelopes.size()];
    EXPECT_NE(VerifyReceipt(*receipt, trust_, other_envelope), "");

    // One hex digit of the receipt's text changed at a time.
    const nlohmann::json document = nlohmann::json::parse(*text);
    auto altered_text = [&](const std::function<void(nlohmann::json&)>& alter) {
      nlohmann::json copy = document;
      alter(copy);
      const auto altered = ParseReceipt(copy.dump() + "\n", &error);
      EXPECT_TRUE(altered.has_value()) << error;
      return altered.value_or(ReceiptData{});
    };
    ASSERT_FALSE(document["inclusion_proof"].empty());
    for (size_t p = 0; p < document["inclusion_proof"].size(); ++p) {
      const ReceiptData proof_altered = altered_text([p](nlohmann::json& d) {
        std::string hash = d["inclusion_proof"][p];
        AlterHexDigit(hash, 63);
        d["inclusion_proof"][p] = hash;
      });
      EXPECT_NE(VerifyReceipt(proof_altered, trust_), "") << "proof hash " << p;
    }
    const ReceiptData leaf_altered = altered_text([](nlohmann::json& d) {
      std::string hash = d["leaf_hash"];
      AlterHexDigit(hash, 5);
      d["leaf_hash"] = hash;
    });
    EXPECT_NE(VerifyReceipt(leaf_altered, trust_), "");
    for (uint64_t other = 0; other < 5; ++other) {
      if (other == i) continue;
      const ReceiptData entry_altered =
          altered_text([other](nlohmann::json& d) { d["entry"] = other; });
      EXPECT_NE(VerifyReceipt(entry_altered, trust_), "") << "as entry " << other;
    }
    const ReceiptData size_altered = altered_text([](nlohmann::json& d) { d["tree_size"] = 6; });
    EXPECT_NE(VerifyReceipt(size_altered, trust_), "");
  }
}

TEST_F(LedgerTest, AnOldReceiptVerifiesAgainstALaterCheckpoint) {
  Ingest({EnvelopeNumber(0), EnvelopeNumber(1), EnvelopeNumber(2)});
  std::vector<ReceiptData> old_receipts;
  for (uint64_t i = 0; i < 3; ++i) {
    std::string error;
    auto receipt = ParseReceipt(ledger().Receipt(i).value(), &error);
    ASSERT_TRUE(receipt.has_value()) << error;
    old_receipts.push_back(*receipt);
  }
  Ingest({EnvelopeNumber(3), EnvelopeNumber(4), EnvelopeNumber(5), EnvelopeNumber(6)});
  const auto latest = ledger().LatestCheckpoint();
  ASSERT_TRUE(latest.has_value());
  ASSERT_EQ(latest->checkpoint.size, 7u);
  std::string error;
  ASSERT_TRUE(VerifyCheckpointEnvelope(latest->envelope, trust_, &error).has_value()) << error;

  auto proof = ledger().ConsistencyProof(3, 7);
  ASSERT_TRUE(proof.ok());
  for (const ReceiptData& receipt : old_receipts) {
    SCOPED_TRACE("entry " + std::to_string(receipt.entry));
    EXPECT_EQ(receipt.tree_size, 3u);
    ReceiptCheck check;
    check.later_checkpoint = latest->envelope;
    check.consistency_proof = *proof;
    EXPECT_EQ(VerifyReceipt(receipt, trust_, check), "");

    std::vector<merkle::Hash> altered = *proof;
    altered[0][31] ^= 0x01;
    check.consistency_proof = altered;
    EXPECT_NE(VerifyReceipt(receipt, trust_, check), "");
    // The proof to another size does not fit this checkpoint.
    const auto to_six = ledger().ConsistencyProof(3, 6).value();
    check.consistency_proof = to_six;
    EXPECT_NE(VerifyReceipt(receipt, trust_, check), "");
  }
}

// --- audit --------------------------------------------------------------------

// A ledger of 7 entries under checkpoints at sizes 2, 6 and 7.
class AuditTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    for (const auto& [from, to] : std::vector<std::pair<int, int>>{{0, 2}, {2, 6}, {6, 7}}) {
      std::vector<std::string> batch;
      for (int n = from; n < to; ++n)
        batch.push_back(EnvelopeNumber(n));
      Ingest(batch);
    }
    ASSERT_EQ(ledger().size(), 7u);
    ASSERT_EQ(ledger().Checkpoints().size(), 3u);
  }

  void UpdateEnvelope(uint64_t index, const std::string& envelope) {
    SQLite::Statement update(ledger().database(), "UPDATE entries SET envelope = ? WHERE idx = ?");
    update.bind(1, static_cast<const void*>(envelope.data()), static_cast<int>(envelope.size()));
    update.bind(2, static_cast<int64_t>(index));
    ASSERT_EQ(update.exec(), 1);
  }
};

TEST_F(AuditTest, AnUntouchedLedgerIsIntactWithExactCounts) {
  const AuditResult audit = AuditLedger(ledger());
  EXPECT_TRUE(audit.intact()) << audit.problem;
  EXPECT_EQ(audit.entries, 7u);
  EXPECT_EQ(audit.nodes, 2 * 7u - static_cast<uint64_t>(std::popcount(7u)));
  EXPECT_EQ(audit.checkpoints, 3u);
  EXPECT_FALSE(audit.bad_entry.has_value());
  EXPECT_EQ(CountRows(ledger().database(), "nodes"), 11);
}

TEST_F(AuditTest, AnEditedEnvelopeIsCaughtAtItsEntry) {
  Exec("DROP TRIGGER entries_append_only_update");
  std::string envelope = ledger().Entry(3)->envelope;
  envelope[envelope.size() / 2] ^= 0x01;
  UpdateEnvelope(3, envelope);

  const AuditResult audit = AuditLedger(ledger());
  EXPECT_FALSE(audit.intact());
  EXPECT_NE(audit.problem.find("entry 3"), std::string::npos) << audit.problem;
  EXPECT_EQ(audit.bad_entry, 3u);
}

TEST_F(AuditTest, AnEntryRewrittenWithItsHashesIsCaughtByTheSignedRoot) {
  // A validly signed other claim replaces entry 3, and every hash that
  // depends on it is recomputed: only the checkpoint signatures remain.
  const std::string forged = EnvelopeNumber(300);
  Exec("DROP TRIGGER entries_append_only_update");
  Exec("DROP TRIGGER nodes_append_only_update");
  UpdateEnvelope(3, forged);
  {
    SQLite::Statement update(ledger().database(),
                             "UPDATE entries SET sha256 = ?, leaf_hash = ? WHERE idx = 3");
    const merkle::Hash leaf = merkle::LeafHash(forged);
    update.bind(1, Sha256Hex(forged));
    update.bind(2, static_cast<const void*>(leaf.data()), static_cast<int>(leaf.size()));
    ASSERT_EQ(update.exec(), 1);
  }
  merkle::MemoryTree tree;
  for (const StoredEntry& entry : ledger().Entries(7))
    tree.Append(entry.envelope);
  const merkle::SubtreeReader recomputed = tree.reader();
  std::vector<std::pair<int, int64_t>> nodes;
  {
    SQLite::Statement query(ledger().database(), "SELECT level, idx FROM nodes");
    while (query.executeStep())
      nodes.emplace_back(query.getColumn(0).getInt(), query.getColumn(1).getInt64());
  }
  int changed = 0;
  for (const auto& [level, index] : nodes) {
    const merkle::Hash hash = recomputed(level, static_cast<uint64_t>(index));
    SQLite::Statement update(ledger().database(),
                             "UPDATE nodes SET hash = ? WHERE level = ? AND idx = ? AND hash != ?");
    update.bind(1, static_cast<const void*>(hash.data()), static_cast<int>(hash.size()));
    update.bind(2, level);
    update.bind(3, index);
    update.bind(4, static_cast<const void*>(hash.data()), static_cast<int>(hash.size()));
    changed += update.exec();
  }
  // The leaf, its parent (2..3) and grandparent (0..3).
  EXPECT_EQ(changed, 3);
  ASSERT_EQ(ledger().Root(7), tree.Root());

  const AuditResult audit = AuditLedger(ledger());
  EXPECT_FALSE(audit.intact());
  EXPECT_NE(audit.problem.find("checkpoint at size 6"), std::string::npos) << audit.problem;
  // Checkpoint 2 still holds, so the rewrite lies in 2 … 5.
  EXPECT_EQ(audit.bad_entry, 2u);
}

TEST_F(AuditTest, AMissingTreeNodeIsCaught) {
  Exec("DROP TRIGGER nodes_append_only_delete");
  Exec("DELETE FROM nodes WHERE level = 1 AND idx = 2");
  const AuditResult audit = AuditLedger(ledger());
  EXPECT_FALSE(audit.intact());
  EXPECT_NE(audit.problem.find("missing"), std::string::npos) << audit.problem;
}

TEST_F(AuditTest, AMissingEntryIsCaughtAtItsIndex) {
  Exec("DROP TRIGGER entries_append_only_delete");
  Exec("DELETE FROM entries WHERE idx = 4");
  const AuditResult audit = AuditLedger(ledger());
  EXPECT_FALSE(audit.intact());
  EXPECT_EQ(audit.bad_entry, 4u) << audit.problem;
}

// Truncating the log: the last entries removed, with or without the tree
// nodes over them; the signed checkpoints still name the size.
TEST_F(AuditTest, ATruncatedLogIsCaughtAtTheFirstMissingEntry) {
  Exec("DROP TRIGGER entries_append_only_delete");
  Exec("DELETE FROM entries WHERE idx >= 5");
  AuditResult audit = AuditLedger(ledger());
  EXPECT_FALSE(audit.intact());
  EXPECT_EQ(audit.bad_entry, 5u) << audit.problem;

  Exec("DROP TRIGGER nodes_append_only_delete");
  Exec("DELETE FROM nodes WHERE (level = 0 AND idx >= 5) OR (level = 1 AND idx >= 2)");
  audit = AuditLedger(ledger());
  EXPECT_FALSE(audit.intact());
  EXPECT_EQ(audit.bad_entry, 5u) << audit.problem;
  EXPECT_NE(audit.problem.find("checkpoint at size 6"), std::string::npos) << audit.problem;
}

TEST_F(AuditTest, AnAlteredCheckpointSignatureIsCaught) {
  Exec("DROP TRIGGER checkpoints_append_only_update");
  const auto stored = ledger().CheckpointAt(6);
  ASSERT_TRUE(stored.has_value());
  auto envelope = ParseEnvelope(stored->envelope);
  ASSERT_TRUE(envelope.ok());
  envelope->signatures[0].sig[0] ^= 0x01;
  SQLite::Statement update(ledger().database(),
                           "UPDATE checkpoints SET envelope = ? WHERE tree_size = 6");
  update.bind(1, SerializeEnvelope(*envelope));
  ASSERT_EQ(update.exec(), 1);

  const AuditResult audit = AuditLedger(ledger());
  EXPECT_FALSE(audit.intact());
  EXPECT_NE(audit.problem.find("checkpoint at size 6"), std::string::npos) << audit.problem;
  EXPECT_EQ(audit.checkpoints, 1u);
}

// --- open and create ----------------------------------------------------------

TEST_F(LedgerTest, ReopeningGivesTheSameTreeAndKeys) {
  Ingest({EnvelopeNumber(0), EnvelopeNumber(1), EnvelopeNumber(2)});
  ASSERT_TRUE(
      ledger()
          .RevokeKey(provider_key_.public_key().key_id(), At("2027-07-01T00:00:00Z"), "rotated")
          .ok());
  const uint64_t size = ledger().size();
  const merkle::Hash root = ledger().Root(size);
  const std::string keys = ledger().trust().Serialize();
  const std::string receipt = ledger().Receipt(2).value();
  ledger_.reset();

  auto reopened = Ledger::Open(path());
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  EXPECT_EQ(reopened->size(), size);
  EXPECT_EQ(reopened->Root(size), root);
  EXPECT_EQ(reopened->trust().Serialize(), keys);
  EXPECT_NE(keys.find("rotated"), std::string::npos);
  EXPECT_EQ(reopened->origin(), kOrigin);
  EXPECT_EQ(reopened->ledger_key_id(), ledger_key_.public_key().key_id());
  EXPECT_EQ(reopened->ledger_key_path(), "ledger.key");
  EXPECT_EQ(reopened->Receipt(2).value(), receipt);
  EXPECT_TRUE(AuditLedger(*reopened).intact());
}

TEST_F(LedgerTest, OpenRefusesWhatIsNotALedger) {
  const std::string other = (dir_ / "other.db").string();
  {
    SQLite::Database db(other, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE things (name TEXT)");
  }
  auto opened = Ledger::Open(other);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "L002");

  opened = Ledger::Open((dir_ / "missing.db").string());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "L002");
  EXPECT_FALSE(fs::exists(dir_ / "missing.db"));
}

TEST_F(LedgerTest, CreateRefusesAnExistingPath) {
  const std::string key_id = ledger_key_.public_key().key_id();
  auto created = Ledger::Create(path(), kOrigin, trust_, key_id, "ledger.key", now_);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, "L003");

  const fs::path file = dir_ / "notes.txt";
  testing::WriteFile(file, "not a database");
  created = Ledger::Create(file.string(), kOrigin, trust_, key_id, "ledger.key", now_);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, "L003");
  EXPECT_EQ(testing::ReadFileOrEmpty(file), "not a database");
}

}  // namespace
}  // namespace gridlaw
