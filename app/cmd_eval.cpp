// gridlaw eval --policy FILE [--at DATE] [--format text|json|junit] [--out FILE]
//              [--trust FILE [--allow-unsigned] [--now T]] CLAIMS...
// gridlaw eval --policy FILE --ledger DB [--checkpoint SIZE] [--sign-key KEY] …
//              [--waiver FILE|DIR]...
// gridlaw eval --policy FILE --records FILE.jsonl [--format summary|text|json|junit]
//
// Inputs are claim files or DSSE envelopes of claims. With --trust every
// envelope is verified first (attest/intake) and only its verified payload
// bytes are evaluated; plain claim files are then refused unless
// --allow-unsigned. The report records per input whether it was verified and
// by which keys. With --ledger the inputs are the ledger's entries up to a
// signed checkpoint (default: the latest), and the report names that
// checkpoint and each input's entry index; the report is also stored in the
// ledger. --sign-key wraps the canonical JSON report in a DSSE envelope
// signed by an evaluator key of the trust store. --waiver applies signed
// waivers (SPEC §20), judged against the same trust store. With --records
// the inputs are the records of a JSON Lines file of a record-stream schema
// (SPEC.md §22); --format summary then streams them and keeps only the counts.

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <set>

#include "claims/claims.h"
#include "clock_option.h"
#include "commands.h"
#include "diag/render.h"
#include "digest/sha256.h"
#include "dsse/payload_types.h"
#include "eval/program.h"
#include "eval/run.h"
#include "evaluate_claims.h"
#include "files.h"
#include "frontend/frontend.h"
#include "instant/rfc3339.h"
#include "intake/signed_document.h"
#include "intake/verify_claims.h"
#include "key_files.h"
#include "ledger_inputs.h"
#include "policy_files.h"
#include "progress.h"
#include "records/evaluate_records.h"
#include "report/report.h"
#include "strict/strict_json.h"
#include "time/civil_time.h"
#include "version.h"
#include "waiver_files.h"

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
  std::string ledger;
  std::optional<uint64_t> checkpoint;
  std::string sign_key;
  bool series = false;
  bool require_signed_policy = false;
  std::vector<std::string> waivers;
  std::string records;
  unsigned threads = 0;  // 0: every hardware thread
  std::vector<std::string> claims;
  std::vector<std::string> policy_path;
};

// A DSSE envelope, as opposed to a claims document: it names a payloadType.
bool LooksLikeEnvelope(const nlohmann::json& document) {
  return document.is_object() && document.contains("payloadType") && !document.contains("schema");
}

// Claims from files: plain claims, or envelopes verified against --trust.
// Returns kExitOk, or the exit code after reporting why not.
int LoadFileClaims(const EvalOptions& options, const std::optional<TrustStore>& trust,
                   std::vector<Claim>* claims_out, ReportInputs* inputs_out) {
  std::string error;
  const std::vector<std::string> files = ExpandJsonFiles(options.claims, &error);
  if (!error.empty()) {
    std::cerr << "gridlaw eval: " << error << "\n";
    return kExitUsage;
  }
  VerifyOptions verify_options;
  if (trust) {
    const auto now = InstantOrNow(options.now, "--now", &error);
    if (!now) {
      std::cerr << "gridlaw eval: " << error << "\n";
      return kExitUsage;
    }
    verify_options.now = *now;
  }
  NonceRegistry nonces;

  std::vector<Claim>& claims = *claims_out;
  ReportInputs& inputs = *inputs_out;
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

  return kExitOk;
}

// The canonical JSON report in a DSSE envelope signed by --sign-key, whose
// public key must be an evaluator key of `trust`, valid now.
std::optional<std::string> SignReport(const EvalOptions& options, const std::string& report,
                                      const TrustStore* trust, std::string* error) {
  if (options.format != "json") {
    *error = "--sign-key signs the canonical JSON report: give --format json";
    return std::nullopt;
  }
  if (trust == nullptr) {
    *error = "--sign-key needs the trust store that holds its key (--trust or --ledger)";
    return std::nullopt;
  }
  auto key = LoadPrivateKey(options.sign_key, error);
  if (!key) return std::nullopt;
  const TrustedKey* trusted = trust->Find(key->public_key().key_id());
  if (trusted == nullptr) {
    *error = "the signing key " + key->public_key().key_id().substr(0, 16) +
             " is not in the trust store";
    return std::nullopt;
  }
  const auto now = InstantOrNow(options.now, "--now", error);
  if (!now) return std::nullopt;
  auto usable = KeyUsableAt(*trusted, KeyRole::kEvaluator, *now, "when the report is signed");
  if (!usable.ok()) {
    *error = Describe(usable.error());
    return std::nullopt;
  }
  auto envelope = SignDocument(kReportPayloadType, report, *key);
  if (!envelope.ok()) {
    *error = Describe(envelope.error());
    return std::nullopt;
  }
  return std::move(envelope).value();
}

uint64_t FileSize(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<uint64_t>(size);
}

std::string Describe(const std::string& file, const RecordError& e) {
  return fmt::format("{}:{}: at {}: {}", file, e.line, e.pointer.empty() ? "/" : e.pointer,
                     e.message);
}

// --records with --format summary: the stream evaluated in batches, counts only.
int RunRecordSummary(const EvalOptions& options, const CompiledPolicy& compiled,
                     std::optional<int64_t> at, ReportInputs* inputs, std::string* rendered,
                     bool* compliant) {
  auto program = Program::Compile(*compiled.checked);
  Progress progress("eval", FileSize(options.records), "records");
  RecordRunOptions run_options;
  run_options.at = at;
  run_options.threads = options.threads;
  run_options.on_progress = [&progress](uint64_t bytes, uint64_t records) {
    progress.Update(bytes, records);
  };
  RecordRunStats stats;
  RecordError error;
  auto tally = EvaluateRecordFile(*program, options.records, run_options, &stats, &error);
  progress.Finish();
  if (!tally) {
    std::cerr << Describe(options.records, error) << "\n";
    std::cerr << "gridlaw eval: the records were refused (see above); nothing was evaluated\n";
    return kExitUsage;
  }
  inputs->policy_id = compiled.policy->header.id.text;
  inputs->policy_version = compiled.policy->header.version;
  inputs->engine_version = GRIDLAW_VERSION;
  *rendered = RenderReportSummary(*tally, *inputs);
  *compliant = tally->compliant == tally->subjects;
  return kExitOk;
}

// --records for a per-subject report: every record read first.
int LoadRecordClaims(const EvalOptions& options, const Schema& schema, std::vector<Claim>* claims,
                     ReportInputs* inputs) {
  Progress progress("read", FileSize(options.records), "records");
  RecordError error;
  auto read = ReadRecordFile(
      schema, options.records, &error, options.threads,
      [&progress](uint64_t bytes, uint64_t records) { progress.Update(bytes, records); });
  progress.Finish();
  if (!read) {
    std::cerr << Describe(options.records, error) << "\n";
    std::cerr << "gridlaw eval: the records were refused (see above); nothing was evaluated\n";
    return kExitUsage;
  }
  *claims = std::move(*read);
  for (const Claim& claim : *claims) {
    ReportInputs::Input input;
    input.id = claim.id;
    input.source = options.records;
    inputs->inputs.push_back(std::move(input));
  }
  return kExitOk;
}

int RunEval(const EvalOptions& options) {
  std::string error;
  // The keys first: a signed policy, signed claims and the report's signing
  // key are all judged against them.
  std::optional<Ledger> ledger;
  std::optional<TrustStore> trust;
  if (!options.ledger.empty()) {
    auto opened = Ledger::Open(options.ledger);
    if (!opened.ok()) {
      std::cerr << "gridlaw eval: " << opened.error().code << " " << opened.error().message << "\n";
      return kExitUsage;
    }
    ledger = std::move(opened).value();
  } else if (!options.trust.empty()) {
    trust = LoadTrustFile(options.trust, &error);
    if (!trust) {
      std::cerr << "gridlaw eval: " << error << "\n";
      return kExitUsage;
    }
  }
  const TrustStore* keys = ledger ? &ledger->trust() : trust ? &*trust : nullptr;
  const auto now = InstantOrNow(options.now, "--now", &error);
  auto policy = now ? LoadPolicy(options.policy, keys, *now, options.require_signed_policy, &error)
                    : std::nullopt;
  if (!policy) {
    std::cerr << "gridlaw eval: " << error << "\n";
    return kExitUsage;
  }
  const std::string policy_sha256 = Sha256Hex(policy->text);
  const std::string policy_bytes = policy->file_bytes;
  CompiledPolicy compiled = CheckPolicyText(options.policy, std::move(policy->text),
                                            PolicyPathDirectories(options.policy_path));
  if (!compiled.ok()) {
    std::cerr << compiled.RenderDiagnosticsText();
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

  std::vector<Claim> claims;
  ReportInputs inputs;
  inputs.policy_signed_by = policy->signed_by;
  const Schema& schema = *compiled.checked->schema;
  if (!options.records.empty() && !schema.stream) {
    std::cerr << "gridlaw eval: --records reads JSON Lines of a record-stream schema (such as "
                 "facility-month/v1); the policy's schema "
              << schema.id << " takes claim files\n";
    return kExitUsage;
  }
  if (options.records.empty() && schema.stream) {
    std::cerr << "gridlaw eval: the policy's schema " << schema.id
              << " is a record-stream schema: give its records with --records FILE.jsonl\n";
    return kExitUsage;
  }
  std::string rendered;
  std::optional<RunResult> run;
  bool compliant = false;
  int64_t evaluated_at = 0;  // days: the date the run evaluated at
  if (!options.records.empty() && options.format == "summary") {
    if (!options.waivers.empty()) {
      std::cerr << "gridlaw eval: --waiver needs a per-subject report; --records with --format "
                   "summary keeps only counts\n";
      return kExitUsage;
    }
    inputs.policy_sha256 = policy_sha256;
    const int done = RunRecordSummary(options, compiled, at, &inputs, &rendered, &compliant);
    if (done != kExitOk) return done;
  } else {
    if (!options.records.empty()) {
      const int loaded = LoadRecordClaims(options, schema, &claims, &inputs);
      if (loaded != kExitOk) return loaded;
    } else if (ledger) {
      const auto checkpoint = options.checkpoint ? ledger->CheckpointAt(*options.checkpoint)
                                                 : ledger->LatestCheckpoint();
      if (!checkpoint) {
        std::cerr << "gridlaw eval: the ledger has no checkpoint"
                  << (options.checkpoint ? " at size " + std::to_string(*options.checkpoint) : "")
                  << "\n";
        return kExitUsage;
      }
      if (!LoadLedgerClaims(*ledger, *checkpoint, &claims, &inputs, &error, options.threads)) {
        std::cerr << "gridlaw eval: " << options.ledger << ": " << error << "\n";
        return kExitUsage;
      }
    } else {
      const int loaded = LoadFileClaims(options, trust, &claims, &inputs);
      if (loaded != kExitOk) return loaded;
    }

    // Without waivers a summary needs only the verdicts: no explanations.
    if (options.format == "summary" && options.waivers.empty()) {
      auto tally =
          TallyClaimsRun(compiled, policy_sha256, claims, at, &inputs, &error, options.threads);
      if (!tally) {
        std::cerr << "gridlaw eval: " << error << "\n";
        return kExitUsage;
      }
      evaluated_at = tally->evaluated_at;
      compliant = tally->compliant == tally->subjects;
      rendered = RenderReportSummary(*tally, inputs);
    } else {
      // Waivers are judged against the same keys; a refused one only has no
      // effect (the report lists it), an unreadable file stops the run.
      std::vector<WaiverCandidate> waivers;
      if (!options.waivers.empty()) {
        auto read = ReadWaivers(options.waivers, keys, &error);
        if (!read) {
          std::cerr << "gridlaw eval: " << error << "\n";
          return kExitUsage;
        }
        waivers = std::move(*read);
      }
      run = EvaluateClaims(compiled, policy_sha256, claims, at, options.series, std::move(waivers),
                           &inputs, &error, options.threads);
      if (!run) {
        std::cerr << "gridlaw eval: " << error << "\n";
        return kExitUsage;
      }
      compliant = run->compliant();
      evaluated_at = run->evaluated_at;
      if (options.format == "summary") {
        const auto program = Program::Compile(*compiled.checked);
        rendered = RenderReportSummary(RunTally::Of(*program, *run), inputs);
      } else {
        rendered = options.format == "json"    ? RenderReportJson(*run, inputs)
                   : options.format == "junit" ? RenderReportJunit(*run, inputs)
                                               : RenderReportText(*run, inputs);
      }
    }
  }
  if (!options.sign_key.empty()) {
    auto signed_report = SignReport(options, rendered, keys, &error);
    if (!signed_report) {
      std::cerr << "gridlaw eval: " << error << "\n";
      return kExitUsage;
    }
    rendered = std::move(*signed_report);
  }
  if (ledger) {
    // The ledger keeps the report with the policy text it came from, so
    // `gridlaw report verify --ledger` can re-evaluate it later.
    StoredReport stored;
    stored.id = Sha256Hex(rendered);
    stored.checkpoint = inputs.ledger->tree_size;
    stored.policy_id = inputs.policy_id;
    stored.policy_version = inputs.policy_version;
    stored.policy_sha256 = policy_sha256;
    stored.policy_text = policy_bytes;
    stored.evaluated_at = FormatDate(CivilFromDays(evaluated_at));
    const auto now = InstantOrNow(options.now, "--now", &error);
    stored.created_at = now ? FormatRfc3339(*now) : "";
    stored.report = rendered;
    stored.is_signed = !options.sign_key.empty();
    auto kept = ledger->StoreReport(stored);
    if (!kept.ok()) {
      std::cerr << "gridlaw eval: " << kept.error().message << "\n";
      return kExitUsage;
    }
    std::cerr << "gridlaw eval: report " << stored.id.substr(0, 16) << " stored in the ledger\n";
  }
  if (options.out.empty()) {
    std::cout << rendered;
  } else if (!ReplaceFile(options.out, rendered, &error)) {
    std::cerr << "gridlaw eval: " << error << "\n";
    return kExitUsage;
  }
  return compliant ? kExitOk : kExitProblems;
}

}  // namespace

void AddEvalCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Evaluate claims against a policy: verdicts per subject and rule, with evidence");
  cmd->add_option("--policy", options->policy, "Policy file")->required();
  AddPolicyPathOption(cmd, &options->policy_path);
  cmd->add_option("--at", options->at,
                  "Evaluation date YYYY-MM-DD (default: the end of the latest period in the data)");
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "junit", "summary"}))
      ->capture_default_str();
  cmd->add_option("--out", options->out, "Write the report to this file instead of stdout");
  auto* trust = cmd->add_option("--trust", options->trust,
                                "Trust store: verify envelopes and refuse unsigned claims");
  cmd->add_flag("--allow-unsigned", options->allow_unsigned,
                "With --trust, also evaluate plain (unsigned) claim files");
  cmd->add_option("--now", options->now,
                  "RFC 3339 instant that envelope freshness is judged at; default: now");
  auto* ledger = cmd->add_option("--ledger", options->ledger,
                                 "Evaluate the entries of this ledger instead of files");
  cmd->add_option("--checkpoint", options->checkpoint,
                  "With --ledger: the checkpoint (tree size) to evaluate at; default: the latest");
  cmd->add_flag("--require-signed-policy", options->require_signed_policy,
                "Refuse a policy that is not signed by a regulator key of the trust store");
  cmd->add_flag("--series", options->series,
                "JSON report: also each measured rule at every attestation (for charts)");
  cmd->add_option("--waiver", options->waivers,
                  "Signed waiver (exemption) file, or a directory of them; repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--sign-key", options->sign_key,
                  "Sign the JSON report with this evaluator key (DSSE envelope)");
  auto* records = cmd->add_option(
      "--records", options->records,
      "JSON Lines file of a record-stream schema (facility-month/v1): one record per subject");
  cmd->add_option("--threads", options->threads,
                  "Threads reading --records and evaluating subjects (default: every hardware "
                  "thread); the report does not depend on it");
  auto* claims = cmd->add_option("claims", options->claims,
                                 "Claim files or envelopes (JSON), or directories of them");
  claims->excludes(ledger);
  records->excludes(ledger);
  records->excludes(claims);
  records->excludes(trust);  // records are unsigned
  cmd->callback([options, &run, claims, ledger, records] {
    if (claims->count() + ledger->count() + records->count() == 0) {
      throw CLI::RequiredError("claims (files or directories), --ledger or --records");
    }
    run = [options] { return RunEval(*options); };
  });
}

}  // namespace gridlaw::app
