// gridlaw policy sign   --key KEY [--out FILE] POLICY
// gridlaw policy verify --trust FILE [--now T] SIGNED_POLICY
//
// A regulator publishes a policy signed: a DSSE envelope of payloadType
// application/vnd.gridlaw.policy whose payload is the policy text exactly.
// sign checks the policy first (a policy with errors is never signed);
// verify checks the signature under a regulator key of the trust store
// valid at --now and that the text still checks. `gridlaw eval
// --require-signed-policy` accepts only such a policy. Exit 0 ok, 1 refused,
// 2 usage or I/O error.

#include <fmt/format.h>

#include <iostream>

#include "clock_option.h"
#include "commands.h"
#include "diag/render.h"
#include "digest/sha256.h"
#include "dsse/payload_types.h"
#include "files.h"
#include "frontend/frontend.h"
#include "intake/signed_document.h"
#include "key_files.h"
#include "policy_files.h"

namespace gridlaw::app {
namespace {

struct PolicyOptions {
  std::string key;
  std::string out;
  std::string trust;
  std::string now;
  std::string policy;
  std::vector<std::string> policy_path;
};

int RunSign(const PolicyOptions& o) {
  std::string error;
  auto text = ReadFile(o.policy, kMaxPolicyBytes, &error);
  auto key = text ? LoadPrivateKey(o.key, &error) : std::nullopt;
  if (!key) {
    std::cerr << "gridlaw policy sign: " << error << "\n";
    return kExitUsage;
  }
  CompiledPolicy compiled = CheckPolicyText(o.policy, *text, PolicyPathDirectories(o.policy_path));
  if (!compiled.ok()) {
    std::cerr << compiled.RenderDiagnosticsText();
    std::cerr << "gridlaw policy sign: the policy has errors; nothing was signed\n";
    return kExitProblems;
  }
  auto envelope = SignDocument(kPolicyPayloadType, *text, *key);
  if (!envelope.ok()) {
    std::cerr << "gridlaw policy sign: " << Describe(envelope.error()) << "\n";
    return kExitProblems;
  }
  if (o.out.empty()) {
    std::cout << *envelope;
  } else if (!ReplaceFile(o.out, *envelope, &error)) {
    std::cerr << "gridlaw policy sign: " << error << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

int RunVerify(const PolicyOptions& o) {
  std::string error;
  const auto now = InstantOrNow(o.now, "--now", &error);
  auto trust = now ? LoadTrustFile(o.trust, &error) : std::nullopt;
  if (!trust) {
    std::cerr << "gridlaw policy verify: " << error << "\n";
    return kExitUsage;
  }
  auto policy = LoadPolicy(o.policy, &*trust, *now, /*require_signed=*/true, &error);
  if (!policy) {
    std::cout << "INVALID " << error << "\n";
    return kExitProblems;
  }
  CompiledPolicy compiled =
      CheckPolicyText(o.policy, policy->text, PolicyPathDirectories(o.policy_path));
  if (!compiled.ok()) {
    std::cerr << compiled.RenderDiagnosticsText();
    std::cout << "INVALID " << o.policy << ": the signed policy does not check\n";
    return kExitProblems;
  }
  std::cout << fmt::format("valid   {}: policy {} {} (sha256 {}), signed by regulator key {}\n",
                           o.policy, compiled.policy->header.id.text,
                           compiled.policy->header.version, Sha256Hex(policy->text).substr(0, 16),
                           policy->signed_by.front().substr(0, 16));
  return kExitOk;
}

}  // namespace

void AddPolicyCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* policy = app.add_subcommand("policy", "Sign and verify policies (regulator keys)");
  policy->require_subcommand(1);
  auto o = std::make_shared<PolicyOptions>();

  CLI::App* sign = policy->add_subcommand("sign", "Check a policy, then sign its text");
  sign->add_option("--key", o->key, "Regulator private key (PKCS#8 PEM)")->required();
  sign->add_option("--out", o->out, "Signed policy file; default: standard output");
  AddPolicyPathOption(sign, &o->policy_path);
  sign->add_option("policy", o->policy, "Policy file")->required();
  sign->callback([o, &run] { run = [o] { return RunSign(*o); }; });

  CLI::App* verify = policy->add_subcommand(
      "verify", "Verify a signed policy: regulator signature, then the text checks");
  verify->add_option("--trust", o->trust, "Trust store file")->required();
  verify->add_option("--now", o->now, "RFC 3339 instant to judge the key at; default: now");
  AddPolicyPathOption(verify, &o->policy_path);
  verify->add_option("policy", o->policy, "Signed policy file")->required();
  verify->callback([o, &run] { run = [o] { return RunVerify(*o); }; });
}

}  // namespace gridlaw::app
