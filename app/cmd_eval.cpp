// gridlaw eval --policy FILE [--at DATE] [--format text|json|junit] [--out FILE]
//              [--trust FILE [--allow-unsigned] [--now T]] CLAIMS...
//
// Inputs are claim files or DSSE envelopes of claims. With --trust every
// envelope is verified first (attest/intake) and only its verified payload
// bytes are evaluated; plain claim files are then refused unless
// --allow-unsigned. The report records per input whether it was verified and
// by which keys.

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <set>

#include "claims/claims.h"
#include "clock_option.h"
#include "commands.h"
#include "diag/render.h"
#include "digest/sha256.h"
#include "eval/program.h"
#include "eval/run.h"
#include "files.h"
#include "frontend/frontend.h"
#include "intake/verify_claims.h"
#include "report/report.h"
#include "strict/strict_json.h"
#include "time/civil_time.h"
#include "version.h"

namespace gridlaw::app {
namespace {

constexpr size_t kMaxClaimBytes = 1 << 20;

struct EvalOptions {
  std::string policy;
  std::string at;
  std::string format = "text";
  std::string out;
  std::string trust;
  bool allow_unsigned = false;
  std::string now;
  std::vector<std::string> claims;
};

// A DSSE envelope, as opposed to a claims document: it names a payloadType.
bool LooksLikeEnvelope(const nlohmann::json& document) {
  return document.is_object() && document.contains("payloadType") && !document.contains("schema");
}

int RunEval(const EvalOptions& options) {
  std::string error;
  auto policy_text = ReadFile(options.policy, kMaxPolicyBytes, &error);
  if (!policy_text) {
    std::cerr << "gridlaw eval: " << error << "\n";
    return kExitUsage;
  }
  const std::string policy_sha256 = Sha256Hex(*policy_text);
  CompiledPolicy compiled = CheckPolicyText(options.policy, std::move(*policy_text));
  if (!compiled.ok()) {
    std::cerr << RenderText(*compiled.source, compiled.diagnostics.Sorted());
    std::cerr << "gridlaw eval: the policy has errors; nothing was evaluated\n";
    return kExitProblems;
  }
  std::optional<int64_t> at;
  if (!options.at.empty()) {
    auto date = ParseDate(options.at);
    if (!date) {
      std::cerr << "gridlaw eval: --at needs a date YYYY-MM-DD, not '" << options.at << "'\n";
      return kExitUsage;
    }
    at = DaysFromCivil(*date);
  }

  const std::vector<std::string> files = ExpandJsonFiles(options.claims, &error);
  if (!error.empty()) {
    std::cerr << "gridlaw eval: " << error << "\n";
    return kExitUsage;
  }
  std::optional<TrustStore> trust;
  VerifyOptions verify_options;
  if (!options.trust.empty()) {
    auto trust_text = ReadFile(options.trust, kMaxClaimBytes * 8, &error);
    if (!trust_text) {
      std::cerr << "gridlaw eval: " << error << "\n";
      return kExitUsage;
    }
    auto parsed_trust = TrustStore::Parse(*trust_text);
    if (!parsed_trust.ok()) {
      std::cerr << "gridlaw eval: " << options.trust << ": " << Describe(parsed_trust.error())
                << "\n";
      return kExitUsage;
    }
    trust = std::move(parsed_trust.value());
    const auto now = InstantOrNow(options.now, "--now", &error);
    if (!now) {
      std::cerr << "gridlaw eval: " << error << "\n";
      return kExitUsage;
    }
    verify_options.now = *now;
  }
  NonceRegistry nonces;

  std::vector<Claim> claims;
  ReportInputs inputs;
  std::set<std::string> seen;
  bool bad_input = false;
  for (const std::string& file : files) {
    auto file_bytes = ReadFile(file, kMaxClaimBytes, &error);
    if (!file_bytes) {
      std::cerr << "gridlaw eval: " << error << "\n";
      return kExitUsage;
    }
    std::string bytes = std::move(*file_bytes);
    JsonResult parsed = ParseStrictJson(bytes);
    if (!parsed.ok()) {
      std::cerr << fmt::format("{}: {}\n", file, Describe(parsed.error()));
      bad_input = true;
      continue;
    }
    std::vector<std::string> signers;
    if (LooksLikeEnvelope(parsed.value())) {
      if (!trust) {
        std::cerr << fmt::format("{}: a signed envelope; give --trust to verify it\n", file);
        bad_input = true;
        continue;
      }
      auto verified = VerifyClaimsEnvelope(bytes, *trust, verify_options, &nonces);
      if (!verified.ok()) {
        std::cerr << fmt::format("{}: {}\n", file, Describe(verified.error()));
        bad_input = true;
        continue;
      }
      // The bytes that were verified are the bytes that are evaluated.
      bytes = std::move(verified->payload);
      parsed = std::move(verified->claims);
      signers = std::move(verified->signer_key_ids);
    } else if (trust && !options.allow_unsigned) {
      std::cerr << fmt::format(
          "{}: unsigned claims are refused with --trust; sign them (gridlaw "
          "attest sign) or pass --allow-unsigned\n",
          file);
      bad_input = true;
      continue;
    }
    const std::string id = Sha256Hex(bytes);
    if (!seen.insert(id).second) continue;  // the same claim given twice
    std::vector<ClaimError> claim_errors;
    auto claim = DecodeClaim(parsed.value(), &claim_errors);
    if (!claim) {
      for (const ClaimError& e : claim_errors) {
        std::cerr << fmt::format("{}: at {}: {}\n", file, e.path.empty() ? "/" : e.path, e.message);
      }
      bad_input = true;
      continue;
    }
    claim->id = id;
    claims.push_back(std::move(*claim));
    ReportInputs::Input input;
    input.id = id;
    input.source = file;
    input.verified = !signers.empty();
    input.signed_by = std::move(signers);
    inputs.inputs.push_back(std::move(input));
  }
  if (bad_input) {
    std::cerr << "gridlaw eval: inputs were refused (see above); nothing was evaluated\n";
    return kExitUsage;
  }

  auto program = Program::Compile(*compiled.checked);
  std::vector<InputError> input_errors;
  auto run = Evaluate(*program, claims, at, &input_errors);
  if (!run) {
    for (const auto& e : input_errors)
      std::cerr << "gridlaw eval: " << e.message << "\n";
    return kExitUsage;
  }
  inputs.policy_id = compiled.policy->header.id.text;
  inputs.policy_version = compiled.policy->header.version;
  inputs.policy_sha256 = policy_sha256;
  inputs.engine_version = GRIDLAW_VERSION;
  std::string rendered = options.format == "json"    ? RenderReportJson(*run, inputs)
                         : options.format == "junit" ? RenderReportJunit(*run, inputs)
                                                     : RenderReportText(*run, inputs);
  if (options.out.empty()) {
    std::cout << rendered;
  } else if (!ReplaceFile(options.out, rendered, &error)) {
    std::cerr << "gridlaw eval: " << error << "\n";
    return kExitUsage;
  }
  return run->compliant() ? kExitOk : kExitProblems;
}

}  // namespace

void AddEvalCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Evaluate claims against a policy: verdicts per subject and rule, with evidence");
  cmd->add_option("--policy", options->policy, "Policy file")->required();
  cmd->add_option("--at", options->at,
                  "Evaluation date YYYY-MM-DD (default: the end of the latest period in the data)");
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "junit"}))
      ->capture_default_str();
  cmd->add_option("--out", options->out, "Write the report to this file instead of stdout");
  cmd->add_option("--trust", options->trust,
                  "Trust store: verify envelopes and refuse unsigned claims");
  cmd->add_flag("--allow-unsigned", options->allow_unsigned,
                "With --trust, also evaluate plain (unsigned) claim files");
  cmd->add_option("--now", options->now,
                  "RFC 3339 instant that envelope freshness is judged at; default: now");
  cmd->add_option("claims", options->claims,
                  "Claim files or envelopes (JSON), or directories of them")
      ->required();
  cmd->callback([options, &run] { run = [options] { return RunEval(*options); }; });
}

}  // namespace gridlaw::app
