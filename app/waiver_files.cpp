#include "waiver_files.h"

#include <fmt/format.h>

#include "digest/sha256.h"
#include "dsse/envelope.h"
#include "dsse/payload_types.h"
#include "files.h"
#include "intake/signed_document.h"
#include "strict/strict_json.h"

namespace gridlaw::app {
namespace {

WaiverError FromJson(const JsonError& e) {
  return {WaiverCode::kWaiverJson, e.path, std::string(InfoOf(e.code).id) + " " + e.message};
}

// The waiver in `payload`, or the first reason it is not one (and how many
// more there are).
std::optional<Waiver> Decode(std::string_view payload, std::optional<WaiverError>* problem) {
  JsonResult parsed = ParseStrictJson(payload);
  if (!parsed.ok()) {
    *problem = FromJson(parsed.error());
    return std::nullopt;
  }
  std::vector<WaiverError> errors;
  auto waiver = DecodeWaiver(parsed.value(), &errors);
  if (!waiver) {
    *problem = errors.front();
    if (errors.size() > 1) {
      (*problem)->message +=
          fmt::format(" (and {} more problem{})", errors.size() - 1, errors.size() == 2 ? "" : "s");
    }
  }
  return waiver;
}

WaiverError Signature(WaiverCode code, const AttestError& e) {
  return {code, "", Describe(e)};
}

}  // namespace

WaiverCandidate JudgeWaiver(const std::string& source, std::string bytes, const TrustStore* trust) {
  WaiverCandidate c;
  c.source = source;
  c.sha256 = Sha256Hex(bytes);
  JsonResult parsed = ParseStrictJson(bytes);
  if (!parsed.ok()) {
    c.refused = FromJson(parsed.error());
    return c;
  }
  const nlohmann::json& document = parsed.value();
  const bool envelope = document.is_object() && document.contains("payloadType");
  if (!envelope) {
    // Read for its id only: an unsigned waiver has no effect.
    std::optional<WaiverError> ignored;
    c.waiver = Decode(bytes, &ignored);
    c.refused = WaiverError{WaiverCode::kWaiverUnsigned, "",
                            "the waiver is not signed (gridlaw waiver sign); it has no effect"};
    return c;
  }
  auto parsed_envelope = ParseEnvelope(bytes);
  if (!parsed_envelope.ok()) {
    c.refused = Signature(WaiverCode::kWaiverEnvelope, parsed_envelope.error());
    return c;
  }
  const Envelope& env = *parsed_envelope;
  if (env.payload_type != kWaiverPayloadType) {
    c.refused = WaiverError{WaiverCode::kWaiverEnvelope, "/payloadType",
                            fmt::format("payloadType is \"{}\", not \"{}\"",
                                        env.payload_type.substr(0, 80), kWaiverPayloadType)};
    return c;
  }
  std::optional<WaiverError> problem;
  c.waiver = Decode(env.payload, &problem);
  if (trust == nullptr) {
    c.refused = WaiverError{WaiverCode::kWaiverUntrusted, "",
                            "no trust store to verify it (give --trust, or --ledger)"};
    return c;
  }
  auto signers = TrustedSigners(env, *trust, 1);
  if (!signers.ok()) {
    const AttestCode code = signers.error().code;
    c.refused = Signature(code == AttestCode::kBadSignature ? WaiverCode::kWaiverBadSignature
                          : code == AttestCode::kUnknownKey ? WaiverCode::kWaiverUntrusted
                                                            : WaiverCode::kWaiverEnvelope,
                          signers.error());
    return c;
  }
  // Only a payload whose signatures verified is read as a waiver.
  if (problem) {
    c.refused = problem;
    return c;
  }
  for (const TrustedKey* key : *signers) {
    auto usable =
        KeyUsableAt(*key, KeyRole::kRegulator, c.waiver->issued_at, "when the waiver was issued");
    if (!usable.ok()) {
      c.refused = Signature(WaiverCode::kWaiverUntrusted, usable.error());
      return c;
    }
    c.signed_by.push_back(key->key_id());
  }
  return c;
}

std::optional<std::vector<WaiverCandidate>> ReadWaivers(const std::vector<std::string>& paths,
                                                        const TrustStore* trust,
                                                        std::string* error) {
  const std::vector<std::string> files = ExpandJsonFiles(paths, error);
  if (!error->empty()) return std::nullopt;
  std::vector<WaiverCandidate> out;
  for (const std::string& file : files) {
    auto bytes = ReadFile(file, kMaxWaiverBytes, error);
    if (!bytes) return std::nullopt;
    out.push_back(JudgeWaiver(file, std::move(*bytes), trust));
  }
  return out;
}

}  // namespace gridlaw::app
