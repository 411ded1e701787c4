#pragma once
// Waivers: a regulator's temporary exemption of one subject from one rule
// (SPEC.md §20). The payload of a DSSE envelope of type
// application/vnd.gridlaw.waiver+json signed by a regulator key:
//
//   {"waiver": "w-2027-001", "policy": "cn.hub.efficiency", "subject": "wuhu-1",
//    "provider": "jinghua", "rule": "efficiency.hub_pue", "valid_from": "2027-01-01",
//    "valid_to": "2027-12-31", "reason": "…", "issued_at": "2027-01-10T09:00:00Z"}
//
// `policy` and `provider` are optional; every other member is required, and
// unknown members are refused. Decoding reports every problem with its JSON
// pointer and a W1xx code; the signature is checked elsewhere (app/), since
// the engine knows nothing of keys.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gridlaw {

// Stable codes: SPEC.md §20.6 lists them, a test keeps the two in step.
enum class WaiverCode {
  // W1xx: the waiver document
  kWaiverJson,    // W100 (the reason is the J code)
  kWaiverShape,   // W101
  kWaiverValue,   // W102
  kWaiverWindow,  // W103
  // W2xx: its signature
  kWaiverEnvelope,      // W200
  kWaiverUnsigned,      // W201
  kWaiverBadSignature,  // W202
  kWaiverUntrusted,     // W203
  // W3xx: matching it against the evaluation
  kWaiverNotMatching,  // W300
  kWaiverUnknownRule,  // W301
  kWaiverExpired,      // W302
  kWaiverNotYetValid,  // W303
  kWaiverDuplicate,    // W304
};

struct WaiverCodeInfo {
  WaiverCode code;
  std::string_view id;       // "W302"
  std::string_view name;     // "waiver-expired"
  std::string_view status;   // the report's status: "expired"
  std::string_view summary;  // one line for SPEC.md
};

// Every code, in numeric order.
std::span<const WaiverCodeInfo> AllWaiverCodes();
const WaiverCodeInfo& InfoOf(WaiverCode code);

struct WaiverError {
  WaiverCode code = WaiverCode::kWaiverShape;
  std::string path;  // RFC 6901 pointer into the waiver ("/valid_to"); "" for the document
  std::string message;
};

// "W102 waiver-value at /valid_to: expected a date YYYY-MM-DD, found \"2027-13-01\""
std::string Describe(const WaiverError& error);

struct Waiver {
  std::string id;                     // "w-2027-001"
  std::optional<std::string> policy;  // the policy id it is restricted to
  std::string subject;                // subject.id of the claims
  std::optional<std::string> provider;
  std::string rule;            // a rule id of the policy
  int64_t valid_from = 0;      // days since 1970-01-01, inclusive
  int64_t valid_to = 0;        // days since 1970-01-01, inclusive (the last day it covers)
  std::string reason;          // why the regulator granted it
  int64_t issued_at = 0;       // nanoseconds since the epoch
  std::string issued_at_text;  // as written, for messages
};

// The most bytes a waiver file (or its envelope) may have.
inline constexpr size_t kMaxWaiverBytes = 64 * 1024;

// Decodes a waiver parsed by the strict JSON reader. nullopt with every
// problem appended to `errors` (in member order) when it is not a waiver.
std::optional<Waiver> DecodeWaiver(const nlohmann::json& document,
                                   std::vector<WaiverError>* errors);

}  // namespace gridlaw
