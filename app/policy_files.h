#pragma once
// Reading a policy for a command: plain policy text, or a signed policy — a
// DSSE envelope (payloadType application/vnd.gridlaw.policy) whose payload
// is the policy text, signed by a regulator key.

#include <optional>
#include <string>
#include <vector>

#include "trust/trust_store.h"

namespace CLI {
class App;
}

namespace gridlaw::app {

struct LoadedPolicy {
  std::string file_bytes;              // the file as read: text, or the signed envelope
  std::string text;                    // the policy text (the verified payload when signed)
  std::vector<std::string> signed_by;  // regulator key ids; empty when unsigned
};

// A signed policy is verified against `trust` (a regulator key valid at
// `now`); without a trust store it is refused. With `require_signed` a plain
// policy is refused. nullopt with `error` set otherwise.
std::optional<LoadedPolicy> LoadPolicy(const std::string& path, const TrustStore* trust,
                                       int64_t now, bool require_signed, std::string* error);

// The same for bytes already read; `name` is used in messages.
std::optional<LoadedPolicy> OpenPolicy(std::string bytes, const std::string& name,
                                       const TrustStore* trust, int64_t now, bool require_signed,
                                       std::string* error);

// `--policy-path DIR`: where extends/import find modules (SPEC §4.6).
// Repeatable; each value may join directories with ':'. Default: policies/.
void AddPolicyPathOption(CLI::App* cmd, std::vector<std::string>* values);
std::vector<std::string> PolicyPathDirectories(const std::vector<std::string>& values);

}  // namespace gridlaw::app
