#include "dsse/envelope.h"

#include "base64/base64.h"
#include "strict/plain_fields.h"

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

// The members of a well-formed envelope as the plain reader shows them:
// the three top-level members and each signature's two, all strings.
// Anything else (another member or type, a deeper value, too many
// signatures) stops the reading, and the tree path decides.
class EnvelopeVisitor {
 public:
  explicit EnvelopeVisitor(size_t max_signatures) : max_signatures_(max_signatures) {}

  std::optional<std::string_view> payload_type;
  std::optional<std::string_view> payload;
  bool signatures = false;
  std::vector<std::string_view> keyids;               // "" when absent
  std::vector<std::optional<std::string_view>> sigs;  // by signature

  bool Value(std::span<const json_detail::PlainStep> path, json_detail::PlainKind kind,
             std::string_view text) {
    using json_detail::PlainKind;
    switch (path.size()) {
      case 0:
        return kind == PlainKind::kObject;
      case 1: {
        const std::string_view name = path[0].key;
        if (name == "signatures" && kind == PlainKind::kArray) {
          signatures = true;
        } else if (name == "payloadType" && kind == PlainKind::kString) {
          payload_type = text;
        } else if (name == "payload" && kind == PlainKind::kString) {
          payload = text;
        } else {
          return false;
        }
        return true;
      }
      case 2:
        // path[0] is "signatures", the only container at the top.
        if (kind != PlainKind::kObject || path[1].index >= max_signatures_) return false;
        keyids.emplace_back();
        sigs.emplace_back();
        return true;
      case 3:
        if (kind != PlainKind::kString) return false;
        if (path[2].key == "keyid") {
          keyids.back() = text;
        } else if (path[2].key == "sig") {
          sigs.back() = text;
        } else {
          return false;
        }
        return true;
      default:
        return false;
    }
  }

 private:
  size_t max_signatures_;
};

}  // namespace

namespace dsse_detail {

// Every member the tree path requires must be here with its type, and the
// base64 must decode, so what is returned is what the tree path returns.
std::optional<Envelope> ParseEnvelopeWithoutTree(std::string_view bytes,
                                                 const EnvelopeLimits& limits) {
  EnvelopeVisitor members(limits.max_signatures);
  if (!json_detail::ReadPlainFields(bytes, limits.json, members)) return std::nullopt;
  if (!members.payload_type || members.payload_type->empty() || !members.payload ||
      !members.signatures || members.sigs.empty()) {
    return std::nullopt;
  }
  Envelope envelope;
  envelope.payload_type = std::string(*members.payload_type);
  auto payload = DecodeBase64(*members.payload);
  if (!payload.ok() || payload->empty()) return std::nullopt;
  envelope.payload = std::move(payload).value();
  envelope.signatures.reserve(members.sigs.size());
  for (size_t i = 0; i < members.sigs.size(); ++i) {
    if (!members.sigs[i]) return std::nullopt;
    auto sig = DecodeBase64(*members.sigs[i]);
    if (!sig.ok()) return std::nullopt;
    envelope.signatures.push_back({std::string(members.keyids[i]), std::move(sig).value()});
  }
  return envelope;
}

Result<Envelope, AttestError> ParseEnvelopeThroughTree(std::string_view bytes,
                                                       const EnvelopeLimits& limits) {
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

}  // namespace dsse_detail

Result<Envelope, AttestError> ParseEnvelope(std::string_view bytes, const EnvelopeLimits& limits) {
  if (auto plain = dsse_detail::ParseEnvelopeWithoutTree(bytes, limits)) return std::move(*plain);
  return dsse_detail::ParseEnvelopeThroughTree(bytes, limits);
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
