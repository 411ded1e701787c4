#pragma once
// Workloads for the server's load and fault tests: a ledger trusting one
// freshly generated provider key, and per client thread a plan of
// submissions — unique valid envelopes, exact duplicates of ones already
// acknowledged, envelopes every thread sends, and refusals of each kind —
// each with the status and code the server must answer.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "attest/attest_fixture.h"
#include "dsse/envelope.h"
#include "run_gridlaw.h"
#include "test_files.h"

namespace gridlaw::testing {

inline constexpr const char* kLoadProvider = "loadco";
// Every batch is received at this instant (serve --now), after the period
// and issue time of every valid claim below.
inline constexpr const char* kLoadNow = "2028-02-01T00:00:00Z";

// A ledger in `dir` whose trust store holds one provider key and one ledger key.
struct LoadLedger {
  std::filesystem::path dir;
  std::string db;
  PrivateKey provider_key;

  static LoadLedger Create(const std::filesystem::path& dir) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    LoadLedger ledger{dir, (dir / "ledger.db").string(), NewKey()};
    const PrivateKey ledger_key = NewKey();
    TrustStore trust;
    Register(trust, ledger.provider_key, Registration().Provider(kLoadProvider));
    Register(trust, ledger_key, Registration().Provider("load-ledger").Role(KeyRole::kLedger));
    WriteFile(dir / "trust.json", trust.Serialize());
    WriteFile(dir / "ledger.key", ledger_key.ToPkcs8Pem().value());
    const auto init =
        Gridlaw("ledger init " + ledger.db + " --trust " + (dir / "trust.json").string() +
                    " --key " + (dir / "ledger.key").string() + " --now 2028-01-15T00:00:00Z",
                true);
    EXPECT_EQ(init.exit_code, 0) << init.out;
    return ledger;
  }
};

struct ClaimFields {
  std::string subject;
  std::string nonce;
  std::string start = "2027-01-01";
  std::string end = "2027-02-01";
  std::string issued_at = "2027-02-03T10:00:00Z";
};

inline std::string LoadClaims(const ClaimFields& c) {
  return std::string(R"({"schema":"compute-facility/v1","provider":")") + kLoadProvider +
         R"(","subject":{"id":")" + c.subject + R"(","kind":"facility"},"period":{"start":")" +
         c.start + R"(","end":")" + c.end + R"("},"issued_at":")" + c.issued_at + R"(","nonce":")" +
         c.nonce + R"(","energy":{"it":{"value":"3000000","unit":"kWh"}}})";
}

inline std::string SignClaims(const PrivateKey& key, const std::string& claims) {
  return SerializeEnvelope(SignedEnvelope(claims, {&key}));
}

// The same envelope with one base64 character of its signature changed.
inline std::string TamperSignature(const std::string& envelope_text) {
  auto envelope = ParseEnvelope(envelope_text);
  EXPECT_TRUE(envelope.ok());
  std::string& sig = envelope->signatures[0].sig;
  sig[0] = static_cast<char>(sig[0] ^ 0x01);  // the decoded bytes: one bit of R
  return SerializeEnvelope(*envelope);
}

enum class Kind {
  kValid,          // a new entry: 201
  kDuplicate,      // the bytes of an acknowledged one: 200 and its receipt again
  kShared,         // sent by every thread: one 201 in all, 200 for the rest
  kTampered,       // 403 A202
  kGarbage,        // 400
  kFutureDated,    // 422 A302
  kReplayedNonce,  // 409 A304
  kEquivocation,   // 409 L101
};

struct PlannedSubmission {
  Kind kind = Kind::kValid;
  std::string body;
  int status = 201;     // for kShared: 201 or 200
  std::string code;     // for refusals
  size_t original = 0;  // kDuplicate: the index of the submission it repeats
  size_t shared = 0;    // kShared: which shared envelope
};

// Envelopes every client thread sends (distinct subjects and nonces).
inline std::vector<std::string> SharedEnvelopes(const PrivateKey& key, size_t count) {
  std::vector<std::string> envelopes;
  for (size_t i = 0; i < count; ++i) {
    envelopes.push_back(SignClaims(
        key, LoadClaims({.subject = "shared-" + std::to_string(i),
                         .nonce = "shared-nonce-" + std::to_string(i) + "-0123456789"})));
  }
  return envelopes;
}

// Thread `thread`'s plan: `count` submissions, about 60 % unique valid ones;
// with `valid_only` every one is a unique valid envelope.
inline std::vector<PlannedSubmission> PlanFor(const PrivateKey& key, size_t thread, size_t count,
                                              const std::vector<std::string>& shared,
                                              bool valid_only = false) {
  std::mt19937 random(static_cast<unsigned>(thread) * 7919u + 17u);
  std::vector<PlannedSubmission> plan;
  std::vector<size_t> valid;  // indices of this thread's valid submissions so far
  const std::string tag = "t" + std::to_string(thread);
  auto fresh = [&](const std::string& what, size_t i) {
    return ClaimFields{.subject = tag + "-" + what + std::to_string(i),
                       .nonce = tag + "-" + what + "-nonce-" + std::to_string(i) + "-0123456789"};
  };
  for (size_t i = 0; i < count; ++i) {
    const unsigned roll = valid_only ? 0 : random() % 100;
    PlannedSubmission p;
    if (roll < 60 || valid.empty()) {
      p.body = SignClaims(key, LoadClaims(fresh("s", i)));
      valid.push_back(i);
    } else if (roll < 75) {
      p.kind = Kind::kDuplicate;
      p.original = valid[random() % valid.size()];
      p.body = plan[p.original].body;
      p.status = 200;
    } else if (roll < 80) {
      p.kind = Kind::kShared;
      p.shared = random() % shared.size();
      p.body = shared[p.shared];
    } else if (roll < 84) {
      p.kind = Kind::kTampered;
      p.body = TamperSignature(SignClaims(key, LoadClaims(fresh("x", i))));
      p.status = 403;
      p.code = "A202";
    } else if (roll < 88) {
      p.kind = Kind::kGarbage;
      p.body = i % 2 == 0 ? "{\"payload\": " : "{\"payload\":\"\",\"payloadType\":1}";
      p.status = 400;
      p.code = i % 2 == 0 ? "J011" : "A101";
    } else if (roll < 92) {
      ClaimFields claims = fresh("f", i);
      claims.issued_at = "2029-01-01T00:00:00Z";
      p.kind = Kind::kFutureDated;
      p.body = SignClaims(key, LoadClaims(claims));
      p.status = 422;
      p.code = "A302";
    } else if (roll < 96) {
      ClaimFields claims = fresh("r", i);
      claims.nonce = tag + "-s-nonce-" + std::to_string(valid[random() % valid.size()]) +
                     "-0123456789";  // the nonce of one of this thread's valid claims
      p.kind = Kind::kReplayedNonce;
      p.body = SignClaims(key, LoadClaims(claims));
      p.status = 409;
      p.code = "A304";
    } else {
      ClaimFields claims = fresh("e", i);
      claims.subject = tag + "-s" + std::to_string(valid[random() % valid.size()]);
      p.kind = Kind::kEquivocation;
      p.body = SignClaims(key, LoadClaims(claims));
      p.status = 409;
      p.code = "L101";
    }
    plan.push_back(std::move(p));
  }
  return plan;
}

// Latency percentile (0 < q <= 1) of `samples`, in milliseconds.
inline double PercentileMs(std::vector<double> samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const size_t at = std::min(samples.size() - 1, static_cast<size_t>(q * samples.size()));
  return samples[at];
}

}  // namespace gridlaw::testing
