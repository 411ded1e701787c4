#include "dsse/envelope.h"

#include "base64/base64.h"

namespace gridlaw {
namespace {

AttestError Shape(std::string message) {
  return AttestError{AttestCode::kEnvelopeShape, std::move(message), std::nullopt};
}

// The members of `object`, all of which must be in `allowed`.
std::optional<AttestError> OnlyMembers(const nlohmann::json& object,
                                       std::initializer_list<std::string_view> allowed,
                                       const std::string& where) {
  for (const auto& [name, value] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed)
      known = known || name == a;
    if (!known) return Shape(where + " has unknown member \"" + name + "\"");
  }
  return std::nullopt;
}

Result<std::string, AttestError> Base64Member(const nlohmann::json& object, const char* name,
                                              const std::string& where) {
  const auto it = object.find(name);
  if (it == object.end()) return Shape(where + " has no \"" + name + "\"");
  if (!it->is_string()) return Shape(where + "." + name + " is not a string");
  auto decoded = DecodeBase64(it->get_ref<const std::string&>());
  if (!decoded.ok()) {
    return AttestError{AttestCode::kBadBase64,
                       where + "." + name + " at character " +
                           std::to_string(decoded.error().offset) + ": " + decoded.error().message,
                       std::nullopt};
  }
  return std::move(decoded).value();
}

}  // namespace

Result<Envelope, AttestError> ParseEnvelope(std::string_view bytes, const EnvelopeLimits& limits) {
  JsonResult parsed = ParseStrictJson(bytes, limits.json);
  if (!parsed.ok()) return FromJsonError(AttestCode::kEnvelopeJson, std::move(parsed).error());
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object()) return Shape("envelope is not a JSON object");
  if (auto unknown = OnlyMembers(doc, {"payload", "payloadType", "signatures"}, "envelope")) {
    return *unknown;
  }
  Envelope envelope;
  const auto type = doc.find("payloadType");
  if (type == doc.end()) return Shape("envelope has no \"payloadType\"");
  if (!type->is_string() || type->get_ref<const std::string&>().empty()) {
    return Shape("envelope.payloadType is not a non-empty string");
  }
  envelope.payload_type = type->get<std::string>();

  auto payload = Base64Member(doc, "payload", "envelope");
  if (!payload.ok()) return std::move(payload).error();
  envelope.payload = std::move(payload).value();
  if (envelope.payload.empty()) {
    return AttestError{AttestCode::kEmptyPayload, "envelope.payload is empty", std::nullopt};
  }

  const auto signatures = doc.find("signatures");
  if (signatures == doc.end()) return Shape("envelope has no \"signatures\"");
  if (!signatures->is_array()) return Shape("envelope.signatures is not an array");
  if (signatures->empty()) {
    return AttestError{AttestCode::kNoSignatures, "envelope.signatures is empty", std::nullopt};
  }
  if (signatures->size() > limits.max_signatures) {
    return AttestError{AttestCode::kTooManySignatures,
                       "envelope has " + std::to_string(signatures->size()) +
                           " signatures; the limit is " + std::to_string(limits.max_signatures),
                       std::nullopt};
  }
  for (size_t i = 0; i < signatures->size(); ++i) {
    const nlohmann::json& entry = (*signatures)[i];
    const std::string where = "envelope.signatures[" + std::to_string(i) + "]";
    if (!entry.is_object()) return Shape(where + " is not an object");
    if (auto unknown = OnlyMembers(entry, {"keyid", "sig"}, where)) return *unknown;
    EnvelopeSignature signature;
    if (const auto keyid = entry.find("keyid"); keyid != entry.end()) {
      if (!keyid->is_string()) return Shape(where + ".keyid is not a string");
      signature.keyid = keyid->get<std::string>();
    }
    auto sig = Base64Member(entry, "sig", where);
    if (!sig.ok()) return std::move(sig).error();
    signature.sig = std::move(sig).value();
    envelope.signatures.push_back(std::move(signature));
  }
  return envelope;
}

std::string SerializeEnvelope(const Envelope& envelope) {
  // Written by hand so the member order is the documented one; the strings
  // are base64, hex and a media type, so JSON escaping goes through nlohmann.
  auto quoted = [](const std::string& s) { return nlohmann::json(s).dump(); };
  std::string out = "{\"payload\":" + quoted(EncodeBase64(envelope.payload)) +
                    ",\"payloadType\":" + quoted(envelope.payload_type) + ",\"signatures\":[";
  for (size_t i = 0; i < envelope.signatures.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"keyid\":" + quoted(envelope.signatures[i].keyid) +
           ",\"sig\":" + quoted(EncodeBase64(envelope.signatures[i].sig)) + "}";
  }
  out += "]}\n";
  return out;
}

}  // namespace gridlaw
