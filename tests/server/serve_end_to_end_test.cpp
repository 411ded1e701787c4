// `gridlaw serve` end to end: the real binary on a ledger of the example
// data. Every example envelope is accepted with a receipt that verifies
// against the later checkpoint; a repeat gets the same receipt; each class
// of refusal gets its status and JSON code; and every read endpoint answers
// what the ledger (and `gridlaw ledger proof`) says.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "attest/attest_fixture.h"
#include "digest/sha256.h"
#include "dsse/envelope.h"
#include "receipt/receipt.h"
#include "run_gridlaw.h"
#include "serve_process.h"
#include "store/ledger.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;
using testing::Gridlaw;
using testing::ReadFileOrEmpty;
using testing::ServeProcess;
using testing::SourceDir;

class ServeEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("gridlaw-serve-e2e-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const auto init =
        Gridlaw("ledger init " + Db() + " --trust " + Example("trust.json") + " --key " +
                    Example("keys/ledger.key") + " --now 2028-01-15T00:00:00Z",
                true);
    ASSERT_EQ(init.exit_code, 0) << init.out;
    server_ = ServeProcess::Start(Db(), {"--now", "2028-02-01T00:00:00Z"}, dir_ / "serve.log");
    ASSERT_NE(server_, nullptr);
    client_ = server_->Client();
    for (const fs::path& file : testing::FilesIn("examples/envelopes", ".json")) {
      envelopes_.push_back(ReadFileOrEmpty(file));
      auto res = client_->Post("/v1/attestations", envelopes_.back(), "application/json");
      first_statuses_.push_back(res ? res->status : -1);
      receipts_.push_back(res ? res->body : "");
    }
  }

  static void TearDownTestSuite() {
    client_.reset();
    if (server_) {
      EXPECT_EQ(server_->Terminate(), 0) << "a graceful stop exits 0\n" << server_->Log();
      EXPECT_NE(server_->Log().find("gridlaw serve: stopped"), std::string::npos);
    }
    server_.reset();
    fs::remove_all(dir_);
  }

  static std::string Db() { return (dir_ / "ledger.db").string(); }
  static std::string Example(const std::string& name) {
    return (SourceDir() / "examples" / name).string();
  }

  static httplib::Result Get(const std::string& target) { return client_->Get(target.c_str()); }
  static httplib::Result Post(const std::string& body,
                              const std::string& type = "application/json") {
    return client_->Post("/v1/attestations", body, type.c_str());
  }

  // The status and, for an error, the JSON body's code.
  static void ExpectError(const httplib::Result& res, int status, const std::string& code) {
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
    const auto body = nlohmann::json::parse(res->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << res->body;
    EXPECT_EQ(body.value("code", ""), code) << res->body;
    EXPECT_FALSE(body.value("message", "").empty()) << res->body;
    EXPECT_FALSE(body.value("name", "").empty()) << res->body;
  }

  static PrivateKey ExampleKey(const std::string& name) {
    auto key = PrivateKey::FromPkcs8Pem(ReadFileOrEmpty(Example("keys/" + name + ".key")));
    EXPECT_TRUE(key.ok());
    return std::move(key).value();
  }

  static inline fs::path dir_;
  static inline std::unique_ptr<ServeProcess> server_;
  static inline std::unique_ptr<httplib::Client> client_;
  static inline std::vector<std::string> envelopes_;
  static inline std::vector<int> first_statuses_;
  static inline std::vector<std::string> receipts_;
};

TEST_F(ServeEndToEnd, EveryExampleEnvelopeIsAcceptedInOrder) {
  ASSERT_EQ(envelopes_.size(), 189u);
  for (size_t i = 0; i < envelopes_.size(); ++i) {
    EXPECT_EQ(first_statuses_[i], 201) << i << ": " << receipts_[i];
    std::string error;
    const auto receipt = ParseReceipt(receipts_[i], &error);
    ASSERT_TRUE(receipt) << i << ": " << error;
    EXPECT_EQ(receipt->entry, i) << "sent one at a time, entries follow the sending order";
    EXPECT_EQ(receipt->envelope_sha256, Sha256Hex(envelopes_[i]));
  }
}

TEST_F(ServeEndToEnd, EveryReceiptVerifiesAgainstTheLaterCheckpoint) {
  const auto checkpoint = Get("/v1/checkpoint");
  ASSERT_TRUE(checkpoint);
  ASSERT_EQ(checkpoint->status, 200);
  EXPECT_EQ(checkpoint->get_header_value("Content-Type"), "application/vnd.dsse.envelope.v1+json");
  auto trust = TrustStore::Parse(ReadFileOrEmpty(Example("trust.json")));
  ASSERT_TRUE(trust.ok());
  std::string error;
  const auto latest = VerifyCheckpointEnvelope(checkpoint->body, *trust, &error);
  ASSERT_TRUE(latest) << error;
  EXPECT_EQ(latest->size, 189u);
  for (size_t i = 0; i < receipts_.size(); ++i) {
    const auto receipt = ParseReceipt(receipts_[i], &error);
    ASSERT_TRUE(receipt) << error;
    const auto proof_res = Get("/v1/proof/consistency?old=" + std::to_string(receipt->tree_size) +
                               "&new=" + std::to_string(latest->size));
    ASSERT_TRUE(proof_res);
    ASSERT_EQ(proof_res->status, 200) << proof_res->body;
    const auto proof_json = nlohmann::json::parse(proof_res->body);
    std::vector<merkle::Hash> proof;
    for (const auto& hex : proof_json["consistency_proof"]) {
      proof.push_back(merkle::HashFromHex(hex.get<std::string>()).value());
    }
    const ReceiptCheck check{.envelope = envelopes_[i],
                             .later_checkpoint = checkpoint->body,
                             .consistency_proof = proof};
    EXPECT_EQ(VerifyReceipt(*receipt, *trust, check), "") << "receipt " << i;
  }
}

TEST_F(ServeEndToEnd, ARepeatGets200AndTheSameReceiptByteForByte) {
  for (size_t i : {size_t{0}, size_t{77}, size_t{188}}) {
    const auto res = Post(envelopes_[i]);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, receipts_[i]);
    EXPECT_EQ(res->get_header_value("Location"), "/v1/entries/" + std::to_string(i));
  }
  // As the DSSE media type too.
  const auto res = Post(envelopes_[5], "application/vnd.dsse.envelope.v1+json; charset=utf-8");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, receipts_[5]);
}

TEST_F(ServeEndToEnd, ATamperedSignatureIs403) {
  std::string tampered = envelopes_[3];
  const size_t sig = tampered.find("\"sig\":\"") + 7;
  tampered[sig] = tampered[sig] == 'A' ? 'B' : 'A';
  ExpectError(Post(tampered), 403, "A202");
}

TEST_F(ServeEndToEnd, BodiesThatAreNotEnvelopesAre400) {
  ExpectError(Post("garbage"), 400, "J011");
  ExpectError(Post(""), 400, "J011");
  ExpectError(Post("{}"), 400, "A101");
  ExpectError(Post("{\"payload\":\"\",\"payload\":\"\"}"), 400, "J001");
  const auto res = Post("{\"payload\":\"\",\"payload\":\"\"}");
  EXPECT_EQ(nlohmann::json::parse(res->body).value("path", ""), "/payload");
  EXPECT_EQ(nlohmann::json::parse(res->body).value("name", ""), "envelope-json");
}

TEST_F(ServeEndToEnd, RefusedClaimsAre422And403And409) {
  const PrivateKey cascadia = ExampleKey("cascadia");
  auto sign = [&](const std::string& claims) {
    return SerializeEnvelope(testing::SignedEnvelope(claims, {&cascadia}));
  };
  auto claims = [](const std::string& subject, const std::string& nonce,
                   const std::string& issued_at) {
    return R"({"schema":"compute-facility/v1","provider":"cascadia","subject":{"id":")" + subject +
           R"(","kind":"facility"},"period":{"start":"2027-01-01","end":"2027-02-01"},)"
           R"("issued_at":")" +
           issued_at + R"(","nonce":")" + nonce + R"("})";
  };
  // The signed payload is not strict JSON: 422 with the J code and where.
  const auto duplicate_member = Post(sign(R"({"a":1,"a":2})"));
  ExpectError(duplicate_member, 422, "J001");
  EXPECT_EQ(nlohmann::json::parse(duplicate_member->body).value("path", ""), "/a");
  EXPECT_EQ(nlohmann::json::parse(duplicate_member->body).value("name", ""), "payload-json");
  ExpectError(Post(sign(R"({"provider":"cascadia"})")), 422, "A301");
  ExpectError(Post(sign(claims("new-1", "nonce-future-000001", "2029-01-01T00:00:00Z"))), 422,
              "A302");
  // Signed by another provider's key than the claims name.
  const PrivateKey hanhai = ExampleKey("hanhai");
  ExpectError(Post(SerializeEnvelope(testing::SignedEnvelope(
                  claims("new-2", "nonce-mismatch-00001", "2027-02-03T00:00:00Z"), {&hanhai}))),
              403, "A208");
  // A nonce cascadia used before, for another subject: a replay.
  const auto first = nlohmann::json::parse(Get("/v1/entries/0")->body);
  ASSERT_EQ(first["provider"], "cascadia");
  ExpectError(
      Post(sign(claims("new-3", first["nonce"].get<std::string>(), "2027-02-03T00:00:00Z"))), 409,
      "A304");
  // Other claims for a subject and period already claimed: an equivocation.
  ExpectError(Post(sign(claims(first["subject"].get<std::string>(), "nonce-equivocate-0001",
                               "2027-02-03T00:00:00Z"))),
              409, "L101");
  auto ledger = Ledger::Open(Db());
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->size(), 189u) << "nothing refused is stored";
  EXPECT_EQ(ledger->Equivocations().size(), 1u) << "the equivocation's evidence is";
}

TEST_F(ServeEndToEnd, TooLargeWrongTypeWrongMethodAndUnknownPaths) {
  ExpectError(Post(std::string((size_t{1} << 20) + 1, ' ')), 413, "H004");
  ExpectError(Post(envelopes_[0], "text/plain"), 415, "H003");
  ExpectError(client_->Post("/v1/attestations", envelopes_[0], ""), 415, "H003");
  ExpectError(client_->Post("/v1/attestations?x=1", envelopes_[0], "application/json"), 400,
              "H005");
  const auto get = Get("/v1/attestations");
  ExpectError(get, 405, "H002");
  EXPECT_EQ(get->get_header_value("Allow"), "POST");
  const auto del = client_->Delete("/v1/checkpoint");
  ExpectError(del, 405, "H002");
  EXPECT_EQ(del->get_header_value("Allow"), "GET, HEAD");
  ExpectError(Get("/v1/nothing"), 404, "H001");
  ExpectError(Get("/"), 404, "H001");
  ExpectError(Get("/v1/entries/1/2"), 404, "H001");
}

TEST_F(ServeEndToEnd, ReadEndpointsAnswerWhatTheLedgerHolds) {
  auto ledger = Ledger::Open(Db());
  ASSERT_TRUE(ledger.ok());
  const auto checkpoint = Get("/v1/checkpoint");
  EXPECT_EQ(checkpoint->body, ledger->LatestCheckpoint()->envelope);

  for (uint64_t i : {uint64_t{0}, uint64_t{42}, uint64_t{188}}) {
    const auto res = Get("/v1/entries/" + std::to_string(i));
    ASSERT_EQ(res->status, 200) << res->body;
    const auto entry = nlohmann::json::parse(res->body);
    const StoredEntry stored = *ledger->Entry(i);
    EXPECT_EQ(entry["entry"], i);
    EXPECT_EQ(entry["envelope"], envelopes_[i]);
    EXPECT_EQ(entry["sha256"], Sha256Hex(envelopes_[i]));
    EXPECT_EQ(entry["leaf_hash"], merkle::ToHex(stored.leaf_hash));
    EXPECT_EQ(entry["provider"], stored.provider);
    EXPECT_EQ(entry["subject"], stored.subject);
    EXPECT_EQ(entry["period"]["start"], stored.period_start);
    EXPECT_EQ(entry["period"]["end"], stored.period_end);
    EXPECT_EQ(entry["nonce"], stored.nonce);
    EXPECT_EQ(entry["key_ids"], stored.key_ids);
    EXPECT_EQ(entry["received_at"], "2028-02-01T00:00:00Z");
  }
  ExpectError(Get("/v1/entries/189"), 404, "L401");
  ExpectError(Get("/v1/entries/abc"), 400, "H005");
  ExpectError(Get("/v1/entries/07"), 400, "H005");
  ExpectError(Get("/v1/entries/-1"), 400, "H005");
  ExpectError(Get("/v1/entries/99999999999999999999999"), 400, "H005");

  // Proofs: byte for byte what `gridlaw ledger proof` prints.
  const auto inclusion = Get("/v1/proof/inclusion?entry=7&size=100");
  ASSERT_EQ(inclusion->status, 200) << inclusion->body;
  EXPECT_EQ(inclusion->body,
            Gridlaw("ledger proof --ledger " + Db() + " --entry 7 --size 100").out);
  EXPECT_EQ(Get("/v1/proof/inclusion?entry=7")->body,
            Gridlaw("ledger proof --ledger " + Db() + " --entry 7").out);
  const auto consistency = Get("/v1/proof/consistency?old=50&new=189");
  ASSERT_EQ(consistency->status, 200) << consistency->body;
  EXPECT_EQ(consistency->body,
            Gridlaw("ledger proof --ledger " + Db() + " --consistency 50 189").out);
  ExpectError(Get("/v1/proof/inclusion"), 400, "H005");
  ExpectError(Get("/v1/proof/inclusion?entry=x"), 400, "H005");
  ExpectError(Get("/v1/proof/inclusion?entry=1&entry=2"), 400, "H005");
  ExpectError(Get("/v1/proof/inclusion?entry=1&bogus=2"), 400, "H005");
  ExpectError(Get("/v1/proof/inclusion?entry=5&size=5"), 400, "H005");
  ExpectError(Get("/v1/proof/inclusion?entry=1&size=1000"), 404, "L401");
  ExpectError(Get("/v1/proof/inclusion?entry=500"), 404, "L401");
  ExpectError(Get("/v1/proof/consistency?old=0&new=5"), 400, "H005");
  ExpectError(Get("/v1/proof/consistency?old=6&new=5"), 400, "H005");
  ExpectError(Get("/v1/proof/consistency?old=5"), 400, "H005");
  ExpectError(Get("/v1/proof/consistency?old=5&new=1000"), 404, "L401");
  ExpectError(Get("/v1/checkpoint?size=3"), 400, "H005");

  const auto health = nlohmann::json::parse(Get("/healthz")->body);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["entries"], 189);
  EXPECT_EQ(health["checkpoint_size"], 189);
  EXPECT_EQ(health["origin"], "gridlaw-ledger");
}

TEST_F(ServeEndToEnd, ProvidersAndReports) {
  // Two reports stored in the ledger while the server runs: plain, then signed.
  const std::string policy = (SourceDir() / "policies/cn.hub.efficiency.policy").string();
  const std::string eval = "eval --policy " + policy + " --ledger " + Db() +
                           " --format json --now 2028-02-02T00:00:00Z --out ";
  EXPECT_EQ(Gridlaw(eval + (dir_ / "plain.json").string()).exit_code, 1) << "non-compliant data";
  EXPECT_EQ(
      Gridlaw(eval + (dir_ / "signed.json").string() + " --sign-key " + Example("keys/auditor.key"))
          .exit_code,
      1);
  const std::string plain = ReadFileOrEmpty(dir_ / "plain.json");
  const std::string signed_report = ReadFileOrEmpty(dir_ / "signed.json");

  const auto plain_res = Get("/v1/reports/" + Sha256Hex(plain));
  ASSERT_EQ(plain_res->status, 200) << plain_res->body;
  EXPECT_EQ(plain_res->body, plain);
  EXPECT_EQ(plain_res->get_header_value("Content-Type"), "application/json");
  const auto signed_res = Get("/v1/reports/" + Sha256Hex(signed_report));
  ASSERT_EQ(signed_res->status, 200) << signed_res->body;
  EXPECT_EQ(signed_res->body, signed_report);
  EXPECT_EQ(signed_res->get_header_value("Content-Type"), "application/vnd.dsse.envelope.v1+json");
  ExpectError(Get("/v1/reports/" + std::string(64, '0')), 404, "H001");
  ExpectError(Get("/v1/reports/" + std::string(64, 'A')), 400, "H005");
  ExpectError(Get("/v1/reports/abc"), 400, "H005");

  // The same reports as the auditor's page: the signed one names its signer.
  const auto page = Get("/v1/reports/" + Sha256Hex(signed_report) + ".html");
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->body.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page->body.find("jinghua/wuhu-1"), std::string::npos);
  EXPECT_NE(page->body.find("data-verdict=\"fail\""), std::string::npos);
  EXPECT_NE(page->body.find("class=\"chart\""), std::string::npos);
  const auto plain_page = Get("/v1/reports/" + Sha256Hex(plain) + ".html");
  ASSERT_EQ(plain_page->status, 200);
  EXPECT_NE(plain_page->body, page->body) << "only the signed page says who signed it";
  ExpectError(Get("/v1/reports/" + std::string(64, '0') + ".html"), 404, "H001");

  // hanhai: its keys from the trust store, its entries, and its subjects of
  // the latest report (the signed one, stored last).
  const auto res = Get("/v1/providers/hanhai");
  ASSERT_EQ(res->status, 200) << res->body;
  const auto provider = nlohmann::json::parse(res->body);
  EXPECT_EQ(provider["provider"], "hanhai");
  nlohmann::json expected_keys = nlohmann::json::array();
  const auto trust = nlohmann::json::parse(ReadFileOrEmpty(Example("trust.json")));
  for (const auto& key : trust["keys"]) {
    if (key["provider"] == "hanhai") expected_keys.push_back(key);
  }
  EXPECT_EQ(provider["keys"], expected_keys);
  auto ledger = Ledger::Open(Db());
  ASSERT_TRUE(ledger.ok());
  std::vector<uint64_t> expected_entries;
  for (const StoredEntry& e : ledger->Entries(ledger->size())) {
    if (e.provider == "hanhai") expected_entries.push_back(e.index);
  }
  ASSERT_EQ(provider["entries"].size(), expected_entries.size());
  for (size_t i = 0; i < expected_entries.size(); ++i) {
    const auto& listed = provider["entries"][i];
    const StoredEntry stored = *ledger->Entry(expected_entries[i]);
    EXPECT_EQ(listed["entry"], stored.index);
    EXPECT_EQ(listed["subject"], stored.subject);
    EXPECT_EQ(listed["period"]["start"], stored.period_start);
    EXPECT_EQ(listed["period"]["end"], stored.period_end);
  }
  const auto& latest = provider["latest_report"];
  EXPECT_EQ(latest["id"], Sha256Hex(signed_report));
  EXPECT_EQ(latest["signed"], true);
  EXPECT_EQ(latest["policy"]["id"], "cn.hub.efficiency");
  const auto report = nlohmann::json::parse(ParseEnvelope(signed_report)->payload);
  nlohmann::json expected_subjects = nlohmann::json::array();
  for (const auto& subject : report["subjects"]) {
    if (subject["provider"] == "hanhai") expected_subjects.push_back(subject);
  }
  ASSERT_FALSE(expected_subjects.empty());
  EXPECT_EQ(latest["subjects"], expected_subjects);

  ExpectError(Get("/v1/providers/nobody"), 404, "H001");
  ExpectError(Get("/v1/providers/" + std::string(300, 'x')), 400, "H005");
}

}  // namespace
}  // namespace gridlaw
