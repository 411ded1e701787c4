#pragma once
// DSSE payload types gridlaw signs and verifies. A verifier is always told
// which one it expects; an envelope of any other type is refused (A103).

#include <string_view>

namespace gridlaw {

// Claims of a compute provider (engine/claims): the payload is claims JSON.
inline constexpr std::string_view kClaimsPayloadType = "application/vnd.gridlaw.claims+json";
// A ledger checkpoint (ledger/checkpoint): the payload is the checkpoint text.
inline constexpr std::string_view kCheckpointPayloadType = "application/vnd.gridlaw.checkpoint";
// A policy signed by a regulator: the payload is the policy text.
inline constexpr std::string_view kPolicyPayloadType = "application/vnd.gridlaw.policy";
// A compliance report: the payload is the canonical JSON report.
inline constexpr std::string_view kReportPayloadType = "application/vnd.gridlaw.report+json";
// A waiver signed by a regulator (engine/waiver): the payload is waiver JSON.
inline constexpr std::string_view kWaiverPayloadType = "application/vnd.gridlaw.waiver+json";

}  // namespace gridlaw
