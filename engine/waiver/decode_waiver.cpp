#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "pointer/json_pointer.h"
#include "strict/type_name.h"
#include "time/civil_time.h"
#include "waiver/waiver.h"

namespace gridlaw {
namespace {

using nlohmann::json;

constexpr std::array<WaiverCodeInfo, 13> kCodes = {{
    {WaiverCode::kWaiverJson, "W100", "waiver-json", "malformed",
     "The waiver is not strict JSON (the reason is the J code)."},
    {WaiverCode::kWaiverShape, "W101", "waiver-shape", "malformed",
     "The waiver is not an object, lacks a required member, has an unknown one, or one that is "
     "not a string."},
    {WaiverCode::kWaiverValue, "W102", "waiver-value", "malformed",
     "A member is empty, too long, has control characters, or is not the date, instant or id it "
     "should be."},
    {WaiverCode::kWaiverWindow, "W103", "waiver-window", "malformed",
     "valid_to is before valid_from."},
    {WaiverCode::kWaiverEnvelope, "W200", "waiver-envelope", "malformed",
     "The signed waiver is not a well-formed DSSE envelope of the waiver payload type (the reason "
     "is the A code)."},
    {WaiverCode::kWaiverUnsigned, "W201", "waiver-unsigned", "unsigned",
     "The waiver is plain JSON, not a signed envelope."},
    {WaiverCode::kWaiverBadSignature, "W202", "waiver-bad-signature", "bad_signature",
     "A signature does not verify under the trusted key it names (the payload was altered, or "
     "signed by another key)."},
    {WaiverCode::kWaiverUntrusted, "W203", "waiver-untrusted", "untrusted",
     "No trust store, or a signer is not a regulator key of it usable at the waiver's issued_at."},
    {WaiverCode::kWaiverNotMatching, "W300", "waiver-not-matching", "not_matching",
     "The waiver's policy is not the one evaluated, or no evaluated subject has its subject (and "
     "provider)."},
    {WaiverCode::kWaiverUnknownRule, "W301", "waiver-unknown-rule", "unknown_rule",
     "The evaluated policy has no rule of the waiver's rule id."},
    {WaiverCode::kWaiverExpired, "W302", "waiver-expired", "expired",
     "The evaluated attestation's period ends after valid_to."},
    {WaiverCode::kWaiverNotYetValid, "W303", "waiver-not-yet-valid", "not_yet_valid",
     "The evaluated attestation's period starts before valid_from."},
    {WaiverCode::kWaiverDuplicate, "W304", "waiver-duplicate", "duplicate",
     "Another waiver already exempts the subject from the rule (the first by waiver id applies)."},
}};

constexpr size_t kMaxIdChars = 64;
constexpr size_t kMaxNameChars = 256;
constexpr size_t kMaxReasonChars = 2000;

// Shown in messages: at most 40 bytes of what was written. The cut backs up
// to the start of a UTF-8 character: the message goes into the JSON report
// (`eval --waiver`), and half a character there makes writing it fail.
std::string Quoted(const std::string& text) {
  if (text.size() <= 40) return "\"" + text + "\"";
  size_t cut = 40;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return "\"" + text.substr(0, cut) + "…\"";
}

struct Member {
  const char* name;
  bool required;
  size_t max_chars;
};

constexpr std::array<Member, 9> kMembers = {{
    {"waiver", true, kMaxIdChars},
    {"policy", false, kMaxNameChars},
    {"subject", true, kMaxNameChars},
    {"provider", false, kMaxNameChars},
    {"rule", true, kMaxNameChars},
    {"valid_from", true, 10},
    {"valid_to", true, 10},
    {"reason", true, kMaxReasonChars},
    {"issued_at", true, 40},
}};

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

std::span<const WaiverCodeInfo> AllWaiverCodes() {
  return kCodes;
}

const WaiverCodeInfo& InfoOf(WaiverCode code) {
  return *std::find_if(kCodes.begin(), kCodes.end(),
                       [code](const WaiverCodeInfo& info) { return info.code == code; });
}

std::string Describe(const WaiverError& error) {
  const WaiverCodeInfo& info = InfoOf(error.code);
  return fmt::format("{} {} at {}: {}", info.id, info.name, error.path.empty() ? "/" : error.path,
                     error.message);
}

std::optional<Waiver> DecodeWaiver(const json& document, std::vector<WaiverError>* errors) {
  const size_t errors_before = errors->size();
  auto error = [errors](WaiverCode code, std::string path, std::string message) {
    errors->push_back({code, std::move(path), std::move(message)});
  };
  if (!document.is_object()) {
    error(WaiverCode::kWaiverShape, "",
          fmt::format("a waiver is an object, found {}", JsonTypeName(document)));
    return std::nullopt;
  }
  // Unknown members first, in member order, so a misspelt member is named
  // before the required one it was meant to be.
  for (const auto& [key, value] : document.items()) {
    const bool known = std::any_of(kMembers.begin(), kMembers.end(),
                                   [&key = key](const Member& m) { return key == m.name; });
    if (!known)
      error(WaiverCode::kWaiverShape, AppendPointer("", key), "unknown member " + Quoted(key));
  }
  Waiver waiver;
  for (const Member& member : kMembers) {
    const std::string path = std::string("/") + member.name;
    if (!document.contains(member.name)) {
      if (member.required)
        error(WaiverCode::kWaiverShape, "", "missing member \"" + std::string(member.name) + "\"");
      continue;
    }
    const json& value = document.at(member.name);
    if (!value.is_string()) {
      error(WaiverCode::kWaiverShape, path,
            fmt::format("expected a string, found {}", JsonTypeName(value)));
      continue;
    }
    const std::string text = value.get<std::string>();
    if (text.empty()) {
      error(WaiverCode::kWaiverValue, path, "must not be empty");
      continue;
    }
    if (text.size() > member.max_chars) {
      error(WaiverCode::kWaiverValue, path,
            fmt::format("longer than {} bytes ({})", member.max_chars, text.size()));
      continue;
    }
    if (std::any_of(text.begin(), text.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
      error(WaiverCode::kWaiverValue, path, "has control characters");
      continue;
    }
    const std::string_view name = member.name;
    if (name == "waiver") {
      if (!std::all_of(text.begin(), text.end(), IsIdChar)) {
        error(WaiverCode::kWaiverValue, path,
              "a waiver id is letters, digits, '.', '_' and '-', not " + Quoted(text));
        continue;
      }
      waiver.id = text;
    } else if (name == "policy") {
      waiver.policy = text;
    } else if (name == "subject") {
      waiver.subject = text;
    } else if (name == "provider") {
      waiver.provider = text;
    } else if (name == "rule") {
      waiver.rule = text;
    } else if (name == "valid_from" || name == "valid_to") {
      const auto date = ParseDate(text);
      if (!date) {
        error(WaiverCode::kWaiverValue, path, "expected a date YYYY-MM-DD, found " + Quoted(text));
        continue;
      }
      (name == "valid_from" ? waiver.valid_from : waiver.valid_to) = DaysFromCivil(*date);
    } else if (name == "reason") {
      waiver.reason = text;
    } else if (name == "issued_at") {
      const auto instant = ParseInstantNanos(text);
      if (!instant) {
        error(WaiverCode::kWaiverValue, path,
              "expected an RFC 3339 date-time with an offset, found " + Quoted(text));
        continue;
      }
      waiver.issued_at = *instant;
      waiver.issued_at_text = text;
    }
  }
  if (errors->size() != errors_before) return std::nullopt;
  if (waiver.valid_to < waiver.valid_from) {
    error(WaiverCode::kWaiverWindow, "/valid_to",
          fmt::format("valid_to {} is before valid_from {}",
                      document.at("valid_to").get<std::string>(),
                      document.at("valid_from").get<std::string>()));
    return std::nullopt;
  }
  return waiver;
}

}  // namespace gridlaw
