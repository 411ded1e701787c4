// gridlaw waiver sign   --key KEY [--out FILE] WAIVER
// gridlaw waiver verify --trust FILE SIGNED_WAIVER
//
// A regulator grants a temporary exemption: a waiver (SPEC.md §20) signed
// as a DSSE envelope of payloadType application/vnd.gridlaw.waiver+json.
// sign decodes the waiver strictly first (a waiver with any error is never
// signed) and signs its bytes exactly; verify checks the signature under a
// regulator key of the trust store usable at the waiver's own issued_at.
// Exit 0 ok, 1 refused, 2 usage or I/O error.

#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "dsse/payload_types.h"
#include "files.h"
#include "intake/signed_document.h"
#include "key_files.h"
#include "strict/strict_json.h"
#include "time/civil_time.h"
#include "waiver/waiver.h"
#include "waiver_files.h"

namespace gridlaw::app {
namespace {

struct WaiverOptions {
  std::string key;
  std::string out;
  std::string trust;
  std::string waiver;
};

int RunSign(const WaiverOptions& o) {
  std::string error;
  auto text = ReadFile(o.waiver, kMaxWaiverBytes, &error);
  auto key = text ? LoadPrivateKey(o.key, &error) : std::nullopt;
  if (!key) {
    std::cerr << "gridlaw waiver sign: " << error << "\n";
    return kExitUsage;
  }
  JsonResult parsed = ParseStrictJson(*text);
  std::vector<WaiverError> errors;
  if (!parsed.ok()) {
    errors.push_back({WaiverCode::kWaiverJson, parsed.error().path,
                      std::string(InfoOf(parsed.error().code).id) + " " + parsed.error().message});
  } else {
    (void)DecodeWaiver(parsed.value(), &errors);
  }
  if (!errors.empty()) {
    for (const WaiverError& e : errors)
      std::cerr << o.waiver << ": " << Describe(e) << "\n";
    std::cerr << "gridlaw waiver sign: the waiver has errors; nothing was signed\n";
    return kExitProblems;
  }
  auto envelope = SignDocument(kWaiverPayloadType, *text, *key);
  if (!envelope.ok()) {
    std::cerr << "gridlaw waiver sign: " << Describe(envelope.error()) << "\n";
    return kExitProblems;
  }
  if (o.out.empty()) {
    std::cout << *envelope;
  } else if (!ReplaceFile(o.out, *envelope, &error)) {
    std::cerr << "gridlaw waiver sign: " << error << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

int RunVerify(const WaiverOptions& o) {
  std::string error;
  auto trust = LoadTrustFile(o.trust, &error);
  auto bytes = trust ? ReadFile(o.waiver, kMaxWaiverBytes, &error) : std::nullopt;
  if (!bytes) {
    std::cerr << "gridlaw waiver verify: " << error << "\n";
    return kExitUsage;
  }
  const WaiverCandidate c = JudgeWaiver(o.waiver, std::move(*bytes), &*trust);
  if (c.refused) {
    std::cout << fmt::format("INVALID {}: {}\n", o.waiver, Describe(*c.refused));
    return kExitProblems;
  }
  const Waiver& w = *c.waiver;
  std::cout << fmt::format(
      "valid   {}: waiver {} exempts {}{} from {}{} for periods within {} … {} (issued {}), "
      "signed by regulator key {}\n",
      o.waiver, w.id, w.provider ? *w.provider + "/" : "", w.subject, w.rule,
      w.policy ? " of " + *w.policy : "", FormatDate(CivilFromDays(w.valid_from)),
      FormatDate(CivilFromDays(w.valid_to)), w.issued_at_text, c.signed_by.front().substr(0, 16));
  return kExitOk;
}

}  // namespace

void AddWaiverCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* waiver = app.add_subcommand("waiver", "Sign and verify waivers (regulator keys)");
  waiver->require_subcommand(1);
  auto o = std::make_shared<WaiverOptions>();

  CLI::App* sign = waiver->add_subcommand("sign", "Check a waiver strictly, then sign its bytes");
  sign->add_option("--key", o->key, "Regulator private key (PKCS#8 PEM)")->required();
  sign->add_option("--out", o->out, "Signed waiver file; default: standard output");
  sign->add_option("waiver", o->waiver, "Waiver file (JSON)")->required();
  sign->callback([o, &run] { run = [o] { return RunSign(*o); }; });

  CLI::App* verify = waiver->add_subcommand(
      "verify", "Verify a signed waiver: a regulator key usable at its issued_at");
  verify->add_option("--trust", o->trust, "Trust store file")->required();
  verify->add_option("waiver", o->waiver, "Signed waiver file")->required();
  verify->callback([o, &run] { run = [o] { return RunVerify(*o); }; });
}

}  // namespace gridlaw::app
