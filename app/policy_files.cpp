#include "policy_files.h"

#include "commands.h"
#include "dsse/payload_types.h"
#include "files.h"
#include "intake/signed_document.h"
#include "modules/module_index.h"

namespace gridlaw::app {

namespace {
// An envelope of a policy of up to kMaxPolicyBytes, in base64, with signatures.
constexpr size_t kMaxSignedPolicyBytes = kMaxPolicyBytes * 2;

// Policy text never starts with '{' (it starts with comments or `policy`);
// an envelope always does.
bool LooksLikeEnvelope(const std::string& bytes) {
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  return first != std::string::npos && bytes[first] == '{';
}
}  // namespace

std::optional<LoadedPolicy> LoadPolicy(const std::string& path, const TrustStore* trust,
                                       int64_t now, bool require_signed, std::string* error) {
  auto bytes = ReadFile(path, kMaxSignedPolicyBytes, error);
  if (!bytes) return std::nullopt;
  return OpenPolicy(std::move(*bytes), path, trust, now, require_signed, error);
}

std::optional<LoadedPolicy> OpenPolicy(std::string bytes, const std::string& name,
                                       const TrustStore* trust, int64_t now, bool require_signed,
                                       std::string* error) {
  if (!LooksLikeEnvelope(bytes)) {
    if (require_signed) {
      *error =
          name + ": the policy is not signed; sign it with gridlaw policy sign (a regulator key)";
      return std::nullopt;
    }
    if (bytes.size() > kMaxPolicyBytes) {
      *error = name + ": larger than the " + std::to_string(kMaxPolicyBytes) + "-byte limit";
      return std::nullopt;
    }
    std::string text = bytes;
    return LoadedPolicy{std::move(bytes), std::move(text), {}};
  }
  if (trust == nullptr) {
    *error = name + ": a signed policy; give --trust (or --ledger) to verify it";
    return std::nullopt;
  }
  auto verified = VerifyDocument(bytes, kPolicyPayloadType, KeyRole::kRegulator, *trust, now);
  if (!verified.ok()) {
    *error = name + ": " + Describe(verified.error());
    return std::nullopt;
  }
  return LoadedPolicy{std::move(bytes), std::move(verified->payload),
                      std::move(verified->signer_key_ids)};
}

void AddPolicyPathOption(CLI::App* cmd, std::vector<std::string>* values) {
  cmd->add_option("--policy-path", *values,
                  "Directories of module policies for extends/import (repeatable, or joined "
                  "with ':'); default: policies/")
      // One directory per occurrence: the words after it stay positional.
      ->allow_extra_args(false);
}

std::vector<std::string> PolicyPathDirectories(const std::vector<std::string>& values) {
  if (values.empty()) return {"policies"};
  return modules::SplitPolicyPath(values);
}

}  // namespace gridlaw::app
