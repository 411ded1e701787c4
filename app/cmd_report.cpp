// gridlaw report verify REPORT (--trust FILE | --ledger DB) [--policy FILE] [--now T]
//                      [--waiver FILE|DIR]...
//
// Checks a signed report: a DSSE envelope of type
// application/vnd.gridlaw.report+json signed by an evaluator key valid at
// --now. With --ledger it also re-evaluates the report: the same policy
// (--policy, or the text the ledger kept when the report was made) over
// the ledger's entries at the checkpoint the report names, at the report's
// evaluation date, with the waivers the report names (given again with
// --waiver), and demands the same bytes; otherwise it names the first
// verdict that differs. Exit 0 valid (and reproduced), 1 not, 2 usage.
//
// gridlaw report html REPORT [--out FILE.html]
//
// Renders a canonical JSON report, plain or in its signed envelope, as one
// self-contained HTML page (report/report_html.h). It does not verify the
// signature; the page says so. Exit 0, or 2 when REPORT is unreadable or is
// not a report.

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "clock_option.h"
#include "commands.h"
#include "diag/render.h"
#include "digest/sha256.h"
#include "dsse/envelope.h"
#include "dsse/payload_types.h"
#include "evaluate_claims.h"
#include "files.h"
#include "intake/signed_document.h"
#include "key_files.h"
#include "ledger_inputs.h"
#include "policy_files.h"
#include "report/report.h"
#include "report_page.h"
#include "store/ledger.h"
#include "strict/strict_json.h"
#include "time/civil_time.h"
#include "waiver_files.h"

namespace gridlaw::app {
namespace {

constexpr size_t kMaxReportBytes = size_t{64} << 20;

struct ReportOptions {
  std::string report;
  std::string trust;
  std::string ledger;
  std::string policy;
  std::string now;
  std::vector<std::string> waivers;
  std::vector<std::string> policy_path;
};

int Fail(const std::string& message, int code = kExitUsage) {
  std::cerr << "gridlaw report verify: " << message << "\n";
  return code;
}

// Where two canonical reports first part: a verdict when they differ in
// one, else the first top-level member.
std::string FirstDifference(const nlohmann::json& claimed, const nlohmann::json& recomputed) {
  const auto& a = claimed["subjects"];
  const auto& b = recomputed["subjects"];
  if (a.is_array() && b.is_array()) {
    // First a verdict or its message, which is what an auditor acts on;
    // then any other member of a verdict (a title, a measure) or a summary.
    for (const bool decisive_only : {true, false}) {
      for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        const std::string who =
            fmt::format("{}/{}", a[i].value("provider", "?"), a[i].value("subject", "?"));
        const auto& va = a[i]["verdicts"];
        const auto& vb = b[i]["verdicts"];
        if (!va.is_array() || !vb.is_array()) continue;
        for (size_t j = 0; j < std::min(va.size(), vb.size()); ++j) {
          const bool differs = decisive_only
                                   ? va[j].value("verdict", "") != vb[j].value("verdict", "") ||
                                         va[j].value("message", "") != vb[j].value("message", "")
                                   : va[j] != vb[j];
          if (differs) {
            return fmt::format("{} rule {}: the report says {} ({}), re-evaluation gives {} ({})",
                               who, va[j].value("rule", "?"), va[j].value("verdict", "?"),
                               va[j].value("message", ""), vb[j].value("verdict", "?"),
                               vb[j].value("message", ""));
          }
        }
        if (!decisive_only && a[i] != b[i]) return who + ": the subject's summary differs";
      }
    }
    if (a.size() != b.size()) {
      return fmt::format("the report has {} subjects, re-evaluation {}", a.size(), b.size());
    }
  }
  for (const auto& [key, value] : claimed.items()) {
    if (!recomputed.contains(key) || recomputed[key] != value)
      return "member '" + key + "' differs";
  }
  return "the bytes differ";
}

int RunVerify(const ReportOptions& o) {
  std::string error;
  auto bytes = ReadFile(o.report, kMaxReportBytes, &error);
  if (!bytes) return Fail(error);
  const auto now = InstantOrNow(o.now, "--now", &error);
  if (!now) return Fail(error);

  std::optional<Ledger> ledger;
  std::optional<TrustStore> trust_file;
  if (!o.ledger.empty()) {
    auto opened = Ledger::Open(o.ledger);
    if (!opened.ok()) return Fail(opened.error().code + " " + opened.error().message);
    ledger = std::move(opened).value();
  } else {
    trust_file = LoadTrustFile(o.trust, &error);
    if (!trust_file) return Fail(error);
  }
  const TrustStore& trust = ledger ? ledger->trust() : *trust_file;
  auto document = VerifyDocument(*bytes, kReportPayloadType, KeyRole::kEvaluator, trust, *now);
  if (!document.ok()) {
    std::cout << fmt::format("INVALID {}: {}\n", o.report, Describe(document.error()));
    return kExitProblems;
  }
  std::cout << fmt::format("signature valid: {} is signed by evaluator key {}\n", o.report,
                           document->signer_key_ids.front().substr(0, 16));
  if (!ledger) return kExitOk;

  // Re-evaluation from the checkpoint the report names.
  nlohmann::json claimed = nlohmann::json::parse(document->payload, nullptr, false);
  if (!claimed.is_object() || !claimed.contains("ledger") || !claimed.contains("policy")) {
    std::cout << "NOT REPRODUCIBLE: the report was not computed from a ledger\n";
    return kExitProblems;
  }
  const auto size = claimed["ledger"]["checkpoint"].value("tree_size", uint64_t{0});
  const std::string root = claimed["ledger"]["checkpoint"].value("root", "");
  const auto checkpoint = ledger->CheckpointAt(size);
  if (!checkpoint || merkle::ToHex(checkpoint->checkpoint.root) != root) {
    std::cout << fmt::format(
        "NOT REPRODUCIBLE: the ledger has no checkpoint of size {} with root {}\n", size, root);
    return kExitProblems;
  }
  const std::string policy_sha256 = claimed["policy"].value("sha256", "");
  // The policy as it was given to eval: plain text, or signed (then its
  // signature is checked again, and its signers must be the report's).
  std::optional<std::string> policy_bytes;
  if (!o.policy.empty()) {
    policy_bytes = ReadFile(o.policy, kMaxPolicyBytes * 2, &error);
    if (!policy_bytes) return Fail(error);
  } else {
    // The policy kept with this very report, else any kept with the same text.
    if (auto stored = ledger->Report(Sha256Hex(*bytes))) {
      policy_bytes = std::move(stored->policy_text);
    } else {
      policy_bytes = ledger->PolicyText(policy_sha256);
    }
    if (!policy_bytes) return Fail("the ledger does not hold the report's policy; give --policy");
  }
  auto policy = OpenPolicy(std::move(*policy_bytes), o.policy.empty() ? "policy" : o.policy,
                           &ledger->trust(), *now, /*require_signed=*/false, &error);
  if (!policy) {
    std::cout << "NOT REPRODUCIBLE: " << error << "\n";
    return kExitProblems;
  }
  const std::optional<std::string> policy_text = policy->text;
  // Another policy than the report's is still evaluated, so that the answer
  // names the first verdict it changes, not only that the text differs.
  std::string policy_note;
  if (Sha256Hex(*policy_text) != policy_sha256) {
    policy_note = fmt::format("the policy is not the one the report names (sha256 {}…, not {}…); ",
                              Sha256Hex(*policy_text).substr(0, 16), policy_sha256.substr(0, 16));
  }
  CompiledPolicy compiled = CheckPolicyText(o.policy.empty() ? "policy" : o.policy, *policy_text,
                                            PolicyPathDirectories(o.policy_path));
  if (!compiled.ok()) {
    std::cerr << compiled.RenderDiagnosticsText();
    return Fail("the report's policy has errors");
  }
  const auto at = ParseDate(claimed.value("evaluated_at", ""));
  if (!at) return Fail("the report has no evaluation date");
  std::vector<Claim> claims;
  ReportInputs inputs;
  inputs.policy_signed_by = policy->signed_by;
  if (!LoadLedgerClaims(*ledger, *checkpoint, &claims, &inputs, &error)) return Fail(error);
  // A report made with --series is re-made with it.
  bool with_series = false;
  for (const auto& subject : claimed.value("subjects", nlohmann::json::array())) {
    for (const auto& verdict : subject.value("verdicts", nlohmann::json::array())) {
      with_series = with_series || verdict.contains("series");
    }
  }
  // The report names each waiver it was given by its SHA-256: all of them
  // must be given again (the ledger does not keep them).
  std::vector<WaiverCandidate> waivers;
  if (!o.waivers.empty()) {
    auto read = ReadWaivers(o.waivers, &ledger->trust(), &error);
    if (!read) return Fail(error);
    waivers = std::move(*read);
  }
  for (const auto& named : claimed.value("waivers", nlohmann::json::array())) {
    const std::string sha256 = named.value("sha256", "");
    const bool given = std::any_of(waivers.begin(), waivers.end(),
                                   [&](const WaiverCandidate& c) { return c.sha256 == sha256; });
    if (!given) {
      std::cout << fmt::format(
          "NOT REPRODUCIBLE: the report was made with waiver {} (sha256 {}…, {}); give that "
          "file again with --waiver\n",
          named.value("id", "").empty() ? "(unreadable)" : named.value("id", ""),
          sha256.substr(0, 16), named.value("status", "?"));
      return kExitProblems;
    }
  }
  auto run = EvaluateClaims(compiled, Sha256Hex(*policy_text), claims, DaysFromCivil(*at),
                            with_series, std::move(waivers), &inputs, &error);
  if (!run) return Fail(error);
  const std::string recomputed = RenderReportJson(*run, inputs);
  // Modules are re-read from --policy-path: name the ones whose bytes differ.
  const nlohmann::json claimed_modules =
      claimed["policy"].value("modules", nlohmann::json::array());
  const nlohmann::json recomputed_modules =
      nlohmann::json::parse(recomputed)["policy"].value("modules", nlohmann::json::array());
  if (claimed_modules != recomputed_modules) {
    policy_note += fmt::format("the modules differ (the report names {}; --policy-path gives {}); ",
                               claimed_modules.dump(), recomputed_modules.dump());
  }
  if (recomputed == document->payload) {
    std::cout << fmt::format(
        "reproduced: re-evaluating {} {} over the {} entries at checkpoint {} gives the same "
        "bytes\n",
        inputs.policy_id, inputs.policy_version, size, root.substr(0, 16));
    return kExitOk;
  }
  std::cout << "NOT REPRODUCIBLE: " << policy_note
            << FirstDifference(claimed, nlohmann::json::parse(recomputed)) << "\n";
  return kExitProblems;
}

struct HtmlOptions {
  std::string report;
  std::string out;
};

int FailHtml(const std::string& message) {
  std::cerr << "gridlaw report html: " << message << "\n";
  return kExitUsage;
}

int RunHtml(const HtmlOptions& o) {
  std::string error;
  const auto bytes = ReadFile(o.report, server::kMaxReportBytes, &error);
  if (!bytes) return FailHtml(error);
  auto page = server::ReportPageHtml(*bytes, o.report, &error);
  if (!page) return FailHtml(error);
  const std::string& html = *page;
  if (o.out.empty()) {
    std::cout << html;
    return kExitOk;
  }
  if (!ReplaceFile(o.out, html, &error)) return FailHtml(error);
  return kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* report = app.add_subcommand("report", "Signed compliance reports");
  report->require_subcommand(1);
  auto o = std::make_shared<ReportOptions>();
  CLI::App* verify = report->add_subcommand(
      "verify", "Check a signed report; with --ledger, re-evaluate it and demand the same bytes");
  verify->add_option("report", o->report, "Signed report (DSSE envelope)")->required();
  auto* trust = verify->add_option("--trust", o->trust, "Trust store file");
  auto* ledger = verify->add_option("--ledger", o->ledger, "Ledger database: also re-evaluate");
  trust->excludes(ledger);
  verify->add_option("--policy", o->policy,
                     "The policy file; default: the text the ledger kept with the report");
  AddPolicyPathOption(verify, &o->policy_path);
  verify->add_option("--now", o->now, "RFC 3339 instant to judge the signing key at; default: now");
  // Only a re-evaluation reads waivers: without --ledger one would be ignored.
  verify
      ->add_option("--waiver", o->waivers,
                   "With --ledger: the waiver files (or directories) the report was made with")
      ->allow_extra_args(false)
      ->needs(ledger);
  verify->callback([&run, o, trust, ledger] {
    if (trust->count() + ledger->count() == 0) throw CLI::RequiredError("--trust or --ledger");
    run = [o] { return RunVerify(*o); };
  });

  auto html_options = std::make_shared<HtmlOptions>();
  CLI::App* html = report->add_subcommand(
      "html", "Render a report (plain or signed) as one self-contained HTML page");
  html->add_option("report", html_options->report, "Report: canonical JSON or its DSSE envelope")
      ->required();
  html->add_option("--out", html_options->out, "Write the page here; default: standard output");
  html->callback([&run, html_options] { run = [html_options] { return RunHtml(*html_options); }; });
}

}  // namespace gridlaw::app
