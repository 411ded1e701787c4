#include "trust/trust_store.h"

#include <nlohmann/json.hpp>

#include "base64/base64.h"
#include "instant/rfc3339.h"
#include "strict/strict_json.h"

namespace gridlaw {
namespace {

constexpr std::string_view kFormat = "gridlaw-trust/v1";

AttestError Format(std::string message) {
  return AttestError{AttestCode::kTrustStoreFormat, std::move(message), std::nullopt};
}

// Reads one record; `where` is "keys[3]" for messages.
Result<TrustedKey, AttestError> ReadRecord(const nlohmann::json& record, const std::string& where) {
  if (!record.is_object()) return Format(where + " is not an object");
  static constexpr std::string_view kMembers[] = {"key_id",      "provider",   "role",
                                                  "algorithm",   "public_key", "valid_from",
                                                  "valid_until", "revoked_at", "reason"};
  for (const auto& [name, value] : record.items()) {
    bool known = false;
    for (std::string_view m : kMembers)
      known = known || name == m;
    if (!known) return Format(where + " has unknown member \"" + name + "\"");
  }
  for (std::string_view m : kMembers) {
    if (!record.contains(m)) return Format(where + " has no \"" + std::string(m) + "\"");
  }
  auto text = [&](const char* name,
                  bool nullable) -> Result<std::optional<std::string>, AttestError> {
    const nlohmann::json& v = record.at(name);
    if (v.is_null() && nullable) return std::optional<std::string>();
    if (!v.is_string()) {
      return Format(where + "." + name + " is not a string" + (nullable ? " or null" : ""));
    }
    return std::optional<std::string>(v.get<std::string>());
  };
  auto instant = [&](const char* name,
                     bool nullable) -> Result<std::optional<int64_t>, AttestError> {
    auto value = text(name, nullable);
    if (!value.ok()) return std::move(value).error();
    if (!value->has_value()) return std::optional<int64_t>();
    const auto nanos = ParseRfc3339(**value);
    if (!nanos) return Format(where + "." + name + " is not an RFC 3339 date-time with offset");
    return std::optional<int64_t>(*nanos);
  };

  auto key_id = text("key_id", false);
  auto provider = text("provider", false);
  auto role_name = text("role", false);
  auto algorithm_name = text("algorithm", false);
  auto public_key = text("public_key", false);
  auto reason = text("reason", true);
  for (auto* r : {&key_id, &provider, &role_name, &algorithm_name, &public_key, &reason}) {
    if (!r->ok()) return r->error();
  }
  auto valid_from = instant("valid_from", false);
  auto valid_until = instant("valid_until", true);
  auto revoked_at = instant("revoked_at", true);
  for (auto* r : {&valid_from, &valid_until, &revoked_at}) {
    if (!r->ok()) return r->error();
  }
  if ((*provider)->empty()) return Format(where + ".provider is empty");
  const auto role = RoleNamed(**role_name);
  if (!role) return Format(where + ".role \"" + **role_name + "\" is not a known role");
  const auto algorithm = AlgorithmNamed(**algorithm_name);
  if (!algorithm) {
    return Format(where + ".algorithm \"" + **algorithm_name + "\" is not ed25519 or ecdsa-p256");
  }

  // The key: PEM or base64 DER, through every registration check.
  const std::string& encoded = **public_key;
  Result<PublicKey, AttestError> key = encoded.rfind("-----BEGIN", 0) == 0
                                           ? PublicKey::FromPem(encoded)
                                           : [&]() -> Result<PublicKey, AttestError> {
    auto der = DecodeBase64(encoded);
    if (!der.ok()) {
      return Format(where + ".public_key is neither PEM nor base64 DER: " + der.error().message);
    }
    return PublicKey::FromSpkiDer(*der);
  }();
  if (!key.ok()) {
    AttestError error = std::move(key).error();
    error.message = where + ": " + error.message;
    return error;
  }
  if (key->key_id() != **key_id) {
    return Format(where + ".key_id does not match the key (its id is " + key->key_id() + ")");
  }
  if (key->algorithm() != *algorithm) {
    return AttestError{AttestCode::kKeyRejected,
                       where + ".algorithm is " + **algorithm_name + " but the key is " +
                           std::string(NameOf(key->algorithm())),
                       std::nullopt};
  }
  if (*valid_until && **valid_until <= **valid_from) {
    return Format(where + ".valid_until is not after valid_from");
  }
  if (revoked_at->has_value() && !reason->has_value())
    return Format(where + " is revoked without a reason");
  return TrustedKey{.provider = std::move(**provider),
                    .role = *role,
                    .algorithm = *algorithm,
                    .key = std::move(key).value(),
                    .valid_from = **valid_from,
                    .valid_until = *valid_until,
                    .revoked_at = *revoked_at,
                    .reason = reason->value_or("")};
}

}  // namespace

Result<TrustStore, AttestError> TrustStore::Parse(std::string_view json_bytes) {
  const JsonLimits limits{
      .max_bytes = size_t{8} << 20, .max_depth = 3, .max_string_bytes = size_t{16} << 10};
  JsonResult parsed = ParseStrictJson(json_bytes, limits);
  if (!parsed.ok()) return FromJsonError(AttestCode::kTrustStoreJson, std::move(parsed).error());
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object()) return Format("trust store is not a JSON object");
  for (const auto& [name, value] : doc.items()) {
    if (name != "format" && name != "keys") {
      return Format("trust store has unknown member \"" + name + "\"");
    }
  }
  if (!doc.contains("format") || doc["format"] != kFormat) {
    return Format("trust store \"format\" is not \"" + std::string(kFormat) + "\"");
  }
  if (!doc.contains("keys") || !doc["keys"].is_array()) {
    return Format("trust store has no \"keys\" array");
  }
  TrustStore store;
  const nlohmann::json& keys = doc["keys"];
  for (size_t i = 0; i < keys.size(); ++i) {
    auto record = ReadRecord(keys[i], "keys[" + std::to_string(i) + "]");
    if (!record.ok()) return std::move(record).error();
    auto added = store.Add(std::move(record).value());
    if (!added.ok()) return std::move(added).error();
  }
  return store;
}

std::string TrustStore::Serialize() const {
  nlohmann::ordered_json keys = nlohmann::ordered_json::array();
  auto instant_or_null = [](const std::optional<int64_t>& t) {
    return t ? nlohmann::ordered_json(FormatRfc3339(*t)) : nlohmann::ordered_json(nullptr);
  };
  for (const TrustedKey& k : keys_) {
    nlohmann::ordered_json record;
    record["key_id"] = k.key_id();
    record["provider"] = k.provider;
    record["role"] = NameOf(k.role);
    record["algorithm"] = NameOf(k.algorithm);
    record["public_key"] = EncodeBase64(k.key.spki_der());
    record["valid_from"] = FormatRfc3339(k.valid_from);
    record["valid_until"] = instant_or_null(k.valid_until);
    record["revoked_at"] = instant_or_null(k.revoked_at);
    record["reason"] = k.revoked_at ? nlohmann::ordered_json(k.reason) : nullptr;
    keys.push_back(std::move(record));
  }
  nlohmann::ordered_json doc;
  doc["format"] = kFormat;
  doc["keys"] = std::move(keys);
  return doc.dump(2) + "\n";
}

Result<void, AttestError> TrustStore::Add(TrustedKey key) {
  if (key.algorithm != key.key.algorithm()) {
    return AttestError{AttestCode::kKeyRejected,
                       "record says " + std::string(NameOf(key.algorithm)) + " but the key is " +
                           std::string(NameOf(key.key.algorithm())),
                       std::nullopt};
  }
  if (index_.contains(key.key_id())) {
    return AttestError{AttestCode::kDuplicateKey,
                       "key " + key.key_id() + " is already in the trust store", std::nullopt};
  }
  index_.emplace(key.key_id(), keys_.size());
  keys_.push_back(std::move(key));
  return {};
}

Result<void, AttestError> TrustStore::Revoke(std::string_view key_id, int64_t at,
                                             std::string reason) {
  const auto it = index_.find(std::string(key_id));
  if (it == index_.end()) {
    return AttestError{AttestCode::kNoSuchKey,
                       "no key " + std::string(key_id) + " in the trust store", std::nullopt};
  }
  TrustedKey& key = keys_[it->second];
  if (!key.revoked_at || at < *key.revoked_at) {
    key.revoked_at = at;
    key.reason = std::move(reason);
  }
  return {};
}

const TrustedKey* TrustStore::Find(std::string_view key_id) const {
  const auto it = index_.find(key_id);
  return it == index_.end() ? nullptr : &keys_[it->second];
}

}  // namespace gridlaw
