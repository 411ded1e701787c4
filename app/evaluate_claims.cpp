#include "evaluate_claims.h"

#include "digest/sha256.h"
#include "eval/program.h"
#include "parallel/for_each_on_threads.h"
#include "version.h"

namespace gridlaw::app {

namespace {

void SetPolicyInputs(const CompiledPolicy& compiled, const std::string& policy_sha256,
                     ReportInputs* inputs) {
  inputs->policy_id = compiled.policy->header.id.text;
  inputs->policy_version = compiled.policy->header.version;
  inputs->policy_sha256 = policy_sha256;
  inputs->engine_version = GRIDLAW_VERSION;
  inputs->modules.clear();
  for (const auto& m : compiled.modules)
    inputs->modules.push_back({m.id, m.version, Sha256Hex(m.text)});
  inputs->disabled_rules.clear();
  for (const auto& d : compiled.disabled_rules)
    inputs->disabled_rules.push_back({d.id, d.reason});
}

void AppendErrors(const std::vector<InputError>& errors, std::string* error) {
  for (const auto& e : errors)
    *error += (error->empty() ? "" : "\n") + e.message;
}

}  // namespace

std::optional<RunTally> TallyClaimsRun(const CompiledPolicy& compiled,
                                       const std::string& policy_sha256,
                                       const std::vector<Claim>& claims, std::optional<int64_t> at,
                                       ReportInputs* inputs, std::string* error, unsigned threads) {
  auto program = Program::Compile(*compiled.checked);
  std::vector<InputError> input_errors;
  auto tally = TallyClaims(*program, claims, at, &input_errors, ThreadsOrHardware(threads));
  if (!tally) {
    AppendErrors(input_errors, error);
    return std::nullopt;
  }
  SetPolicyInputs(compiled, policy_sha256, inputs);
  return tally;
}

std::optional<RunResult> EvaluateClaims(const CompiledPolicy& compiled,
                                        const std::string& policy_sha256,
                                        const std::vector<Claim>& claims, std::optional<int64_t> at,
                                        bool with_series, std::vector<WaiverCandidate> waivers,
                                        ReportInputs* inputs, std::string* error,
                                        unsigned threads) {
  auto program = Program::Compile(*compiled.checked);
  std::vector<InputError> input_errors;
  auto run = Evaluate(*program, claims, at, &input_errors, with_series, ThreadsOrHardware(threads));
  if (!run) {
    AppendErrors(input_errors, error);
    return std::nullopt;
  }
  SetPolicyInputs(compiled, policy_sha256, inputs);
  if (!waivers.empty()) {
    std::vector<std::string> rule_ids;
    for (const CompiledRule& rule : program->rules())
      rule_ids.push_back(rule.id);
    inputs->waivers = ApplyWaivers(std::move(waivers), inputs->policy_id, rule_ids, &*run);
  }
  return run;
}

}  // namespace gridlaw::app
