#include "evaluate_claims.h"

#include <algorithm>
#include <thread>

#include "digest/sha256.h"
#include "eval/program.h"
#include "version.h"

namespace gridlaw::app {

std::optional<RunResult> EvaluateClaims(const CompiledPolicy& compiled,
                                        const std::string& policy_sha256,
                                        const std::vector<Claim>& claims, std::optional<int64_t> at,
                                        bool with_series, std::vector<WaiverCandidate> waivers,
                                        ReportInputs* inputs, std::string* error,
                                        unsigned threads) {
  auto program = Program::Compile(*compiled.checked);
  std::vector<InputError> input_errors;
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  auto run = Evaluate(*program, claims, at, &input_errors, with_series, threads);
  if (!run) {
    for (const auto& e : input_errors)
      *error += (error->empty() ? "" : "\n") + e.message;
    return std::nullopt;
  }
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
  if (!waivers.empty()) {
    std::vector<std::string> rule_ids;
    for (const CompiledRule& rule : program->rules())
      rule_ids.push_back(rule.id);
    inputs->waivers = ApplyWaivers(std::move(waivers), inputs->policy_id, rule_ids, &*run);
  }
  return run;
}

}  // namespace gridlaw::app
