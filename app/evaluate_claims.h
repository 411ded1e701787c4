#pragma once
// The step `gridlaw eval` and `gridlaw report verify` share: a checked
// policy over decoded claims, giving the run and the report's policy fields.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "claims/claims.h"
#include "eval/run.h"
#include "eval/tally.h"
#include "frontend/frontend.h"
#include "report/report.h"
#include "waiver/apply_waivers.h"

namespace gridlaw::app {

// `compiled` must be free of errors; `claims` must outlive the result.
// Sets the policy id, version, SHA-256 and engine version in `inputs`.
// `with_series`: each measured rule at every attestation too (charts).
// `waivers` (app/waiver_files.h) are then applied (SPEC §20) and recorded
// in `inputs`. nullopt with `error` set for input errors (overlapping periods).
// `threads` evaluate subjects side by side; 0: every hardware thread.
std::optional<RunResult> EvaluateClaims(const CompiledPolicy& compiled,
                                        const std::string& policy_sha256,
                                        const std::vector<Claim>& claims, std::optional<int64_t> at,
                                        bool with_series, std::vector<WaiverCandidate> waivers,
                                        ReportInputs* inputs, std::string* error,
                                        unsigned threads = 0);

// The counts alone of the run EvaluateClaims would make, without waivers
// (eval/tally.h TallyClaims): what `eval --format summary` needs. Sets
// `inputs` as EvaluateClaims does.
std::optional<RunTally> TallyClaimsRun(const CompiledPolicy& compiled,
                                       const std::string& policy_sha256,
                                       const std::vector<Claim>& claims, std::optional<int64_t> at,
                                       ReportInputs* inputs, std::string* error,
                                       unsigned threads = 0);

}  // namespace gridlaw::app
