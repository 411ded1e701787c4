// gridlaw attest sign   --key PREFIX.key [--out FILE] CLAIMS.json
// gridlaw attest verify --trust FILE [--now T] [--skew SECONDS] [--threshold N]
//                       [--format text|json] ENVELOPE...
//
// sign checks the claims against their schema (engine/claims) before
// attest/ signs the file's bytes as they are: bad claims are never signed.
// verify runs the whole intake (attest/intake/verify_claims.h) on each
// envelope; exit 0 when all verify, 1 when any does not (each named with its
// reason code), 2 for usage and I/O errors.

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "claims/claims.h"
#include "clock_option.h"
#include "commands.h"
#include "digest/sha256.h"
#include "files.h"
#include "intake/sign_claims.h"
#include "intake/verify_claims.h"
#include "strict/strict_json.h"

namespace gridlaw::app {
namespace {

constexpr size_t kMaxKeyBytes = 64 << 10;
// Larger files are not read; up to this, strict intake's own 1 MiB limit
// answers with J008.
constexpr size_t kMaxClaimsFileBytes = size_t{8} << 20;
constexpr size_t kMaxEnvelopeFileBytes = size_t{8} << 20;
constexpr size_t kMaxTrustBytes = size_t{8} << 20;

struct SignOptions {
  std::string key;
  std::string out;
  std::string claims;
};

struct VerifyCliOptions {
  std::string trust;
  std::string now;
  int64_t skew_seconds = 300;
  size_t threshold = 1;
  std::string format = "text";
  std::vector<std::string> envelopes;
};

int RunSign(const SignOptions& o) {
  std::string error;
  auto key_pem = ReadFile(o.key, kMaxKeyBytes, &error);
  auto claims_bytes = key_pem ? ReadFile(o.claims, kMaxClaimsFileBytes, &error) : std::nullopt;
  if (!claims_bytes) {
    std::cerr << "gridlaw attest sign: " << error << "\n";
    return kExitUsage;
  }
  auto key = PrivateKey::FromPkcs8Pem(*key_pem);
  if (!key.ok()) {
    std::cerr << "gridlaw attest sign: " << o.key << ": " << Describe(key.error()) << "\n";
    return kExitProblems;
  }
  // The schema first: claims that would not decode are never signed.
  JsonResult parsed = ParseStrictJson(*claims_bytes, kClaimsJsonLimits);
  if (!parsed.ok()) {
    std::cerr << "gridlaw attest sign: " << o.claims << ": " << Describe(parsed.error()) << "\n";
    return kExitProblems;
  }
  std::vector<ClaimError> claim_errors;
  if (!DecodeClaim(*parsed, &claim_errors)) {
    for (const ClaimError& e : claim_errors) {
      std::cerr << fmt::format("{}: {}: {}\n", o.claims, e.path.empty() ? "(document)" : e.path,
                               e.message);
    }
    std::cerr << "gridlaw attest sign: the claims do not match their schema; nothing was signed\n";
    return kExitProblems;
  }
  auto envelope = SignClaimsEnvelope(*claims_bytes, *key);
  if (!envelope.ok()) {
    std::cerr << "gridlaw attest sign: " << o.claims << ": " << Describe(envelope.error()) << "\n";
    return kExitProblems;
  }
  if (o.out.empty()) {
    std::cout << *envelope;
    return kExitOk;
  }
  if (!ReplaceFile(o.out, *envelope, &error)) {
    std::cerr << "gridlaw attest sign: " << error << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

int RunVerify(const VerifyCliOptions& o) {
  std::string error;
  const auto now = InstantOrNow(o.now, "--now", &error);
  if (!now) {
    std::cerr << "gridlaw attest verify: " << error << "\n";
    return kExitUsage;
  }
  auto trust_text = ReadFile(o.trust, kMaxTrustBytes, &error);
  if (!trust_text) {
    std::cerr << "gridlaw attest verify: " << error << "\n";
    return kExitUsage;
  }
  auto trust = TrustStore::Parse(*trust_text);
  if (!trust.ok()) {
    std::cerr << "gridlaw attest verify: " << o.trust << ": " << Describe(trust.error()) << "\n";
    return kExitUsage;
  }
  VerifyOptions options;
  options.now = *now;
  options.max_future_skew = o.skew_seconds * kNanosPerSecond;
  options.threshold = o.threshold;

  NonceRegistry nonces;  // replays among this run's envelopes
  nlohmann::ordered_json report = nlohmann::ordered_json::array();
  int exit_code = kExitOk;
  for (const std::string& path : o.envelopes) {
    nlohmann::ordered_json entry;
    entry["file"] = path;
    auto bytes = ReadFile(path, kMaxEnvelopeFileBytes, &error);
    if (!bytes) {
      std::cerr << "gridlaw attest verify: " << error << "\n";
      entry["verified"] = false;
      entry["reason"] = "io";
      entry["message"] = error;
      report.push_back(std::move(entry));
      exit_code = kExitUsage;
      continue;
    }
    auto verified = VerifyClaimsEnvelope(*bytes, *trust, options, &nonces);
    if (verified.ok()) {
      const TrustedKey* first = trust->Find(verified->signer_key_ids.front());
      entry["verified"] = true;
      entry["provider"] = verified->header.provider;
      entry["issued_at"] = FormatRfc3339(verified->header.issued_at);
      entry["nonce"] = verified->header.nonce;
      entry["payload_sha256"] = Sha256Hex(verified->payload);
      entry["key_ids"] = verified->signer_key_ids;
      if (o.format == "text") {
        std::cout << fmt::format(
            "ok    {}: provider {}, issued {}, signed by {} ({})\n", path,
            verified->header.provider, FormatRfc3339(verified->header.issued_at),
            verified->signer_key_ids.front().substr(0, 16), NameOf(first->algorithm));
      }
    } else {
      entry["verified"] = false;
      entry["reason"] = ReasonCode(verified.error());
      entry["message"] = verified.error().message;
      if (o.format == "text") {
        std::cout << fmt::format("FAIL  {}: {}\n", path, Describe(verified.error()));
      }
      if (exit_code == kExitOk) exit_code = kExitProblems;
    }
    report.push_back(std::move(entry));
  }
  if (o.format == "json") std::cout << report.dump(2) << "\n";
  return exit_code;
}

}  // namespace

void AddAttestCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* attest = app.add_subcommand("attest", "Sign claims, verify signed claims");
  attest->require_subcommand(1);

  auto s = std::make_shared<SignOptions>();
  CLI::App* sign = attest->add_subcommand(
      "sign", "Check claims against their schema, then sign them into a DSSE envelope");
  sign->add_option("--key", s->key, "Private key (PKCS#8 PEM, as keygen writes PREFIX.key)")
      ->required();
  sign->add_option("--out", s->out, "Envelope file; default: standard output");
  sign->add_option("claims", s->claims, "Claims JSON file")->required();
  sign->callback([s, &run] { run = [s] { return RunSign(*s); }; });

  auto v = std::make_shared<VerifyCliOptions>();
  CLI::App* verify = attest->add_subcommand(
      "verify", "Verify envelopes: signatures, trusted keys, claim header, freshness, replays");
  verify->add_option("--trust", v->trust, "Trust store file")->required();
  verify->add_option("--now", v->now, "RFC 3339 instant to judge freshness at; default: now");
  verify->add_option("--skew", v->skew_seconds, "Seconds issued_at may lie in the future")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  verify->add_option("--threshold", v->threshold, "Distinct trusted keys that must have signed")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  verify->add_option("--format", v->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  verify->add_option("envelopes", v->envelopes, "Envelope files")->required();
  verify->callback([v, &run] { run = [v] { return RunVerify(*v); }; });
}

}  // namespace gridlaw::app
