// The waiver decoder (engine/waiver): strict members, every problem with
// its JSON pointer and W code; and SPEC.md §20.6 lists every W code.

#include "waiver/waiver.h"

#include <gtest/gtest.h>

#include "strict/strict_json.h"
#include "test_files.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

constexpr const char* kValid = R"({
  "waiver": "w-2027-001", "policy": "cn.hub.efficiency", "provider": "jinghua",
  "subject": "wuhu-1", "rule": "efficiency.hub_pue", "valid_from": "2027-01-01",
  "valid_to": "2027-12-31", "reason": "retrofit", "issued_at": "2027-01-15T09:00:00+01:00"})";

struct Decoded {
  std::optional<Waiver> waiver;
  std::vector<WaiverError> errors;
};

Decoded Decode(const std::string& text) {
  JsonResult parsed = ParseStrictJson(text);
  EXPECT_TRUE(parsed.ok()) << text;
  Decoded out;
  if (parsed.ok()) out.waiver = DecodeWaiver(parsed.value(), &out.errors);
  return out;
}

// kValid with `member` replaced by `value` (JSON text), or removed when empty.
std::string With(const std::string& member, const std::string& value) {
  nlohmann::json doc = nlohmann::json::parse(kValid);
  if (value.empty()) {
    doc.erase(member);
  } else {
    doc[member] = nlohmann::json::parse(value);
  }
  return doc.dump();
}

TEST(WaiverDecoder, ReadsEveryMember) {
  const Decoded d = Decode(kValid);
  ASSERT_TRUE(d.waiver) << (d.errors.empty() ? "" : Describe(d.errors.front()));
  EXPECT_TRUE(d.errors.empty());
  EXPECT_EQ(d.waiver->id, "w-2027-001");
  EXPECT_EQ(d.waiver->policy, "cn.hub.efficiency");
  EXPECT_EQ(d.waiver->provider, "jinghua");
  EXPECT_EQ(d.waiver->subject, "wuhu-1");
  EXPECT_EQ(d.waiver->rule, "efficiency.hub_pue");
  EXPECT_EQ(d.waiver->valid_from, DaysFromCivil(*ParseDate("2027-01-01")));
  EXPECT_EQ(d.waiver->valid_to, DaysFromCivil(*ParseDate("2027-12-31")));
  EXPECT_EQ(d.waiver->reason, "retrofit");
  EXPECT_EQ(d.waiver->issued_at, *ParseInstantNanos("2027-01-15T08:00:00Z"));
}

TEST(WaiverDecoder, PolicyAndProviderAreOptional) {
  const Decoded d = Decode(With("policy", ""));
  ASSERT_TRUE(d.waiver);
  EXPECT_FALSE(d.waiver->policy);
  const Decoded e = Decode(With("provider", ""));
  ASSERT_TRUE(e.waiver);
  EXPECT_FALSE(e.waiver->provider);
}

TEST(WaiverDecoder, UnknownMembersAreRefusedWithTheirPointer) {
  nlohmann::json doc = nlohmann::json::parse(kValid);
  doc["valid_unti"] = "2027-12-31";
  doc["a/b"] = "x";
  const Decoded d = Decode(doc.dump());
  EXPECT_FALSE(d.waiver);
  ASSERT_EQ(d.errors.size(), 2u);
  EXPECT_EQ(d.errors[0].code, WaiverCode::kWaiverShape);
  EXPECT_EQ(d.errors[0].path, "/a~1b");  // RFC 6901
  EXPECT_EQ(d.errors[1].path, "/valid_unti");
  EXPECT_EQ(Describe(d.errors[1]),
            "W101 waiver-shape at /valid_unti: unknown member \"valid_unti\"");
}

TEST(WaiverDecoder, MissingRequiredMembers) {
  for (const char* member :
       {"waiver", "subject", "rule", "valid_from", "valid_to", "reason", "issued_at"}) {
    const Decoded d = Decode(With(member, ""));
    EXPECT_FALSE(d.waiver) << member;
    ASSERT_EQ(d.errors.size(), 1u) << member;
    EXPECT_EQ(d.errors[0].code, WaiverCode::kWaiverShape);
    EXPECT_EQ(d.errors[0].path, "");
    EXPECT_EQ(d.errors[0].message, std::string("missing member \"") + member + "\"");
  }
}

TEST(WaiverDecoder, WrongTypesAndValues) {
  struct Case {
    const char* member;
    const char* value;
    WaiverCode code;
    const char* message;
  };
  const Case cases[] = {
      {"subject", "42", WaiverCode::kWaiverShape, "expected a string, found a number"},
      {"policy", "null", WaiverCode::kWaiverShape, "expected a string, found null"},
      {"rule", "\"\"", WaiverCode::kWaiverValue, "must not be empty"},
      {"waiver", "\"w 1\"", WaiverCode::kWaiverValue,
       "a waiver id is letters, digits, '.', '_' and '-', not \"w 1\""},
      {"valid_to", "\"2027-13-01\"", WaiverCode::kWaiverValue,
       "expected a date YYYY-MM-DD, found \"2027-13-01\""},
      {"valid_from", "\"2027-1-1\"", WaiverCode::kWaiverValue,
       "expected a date YYYY-MM-DD, found \"2027-1-1\""},
      {"issued_at", "\"2027-01-15T09:00:00\"", WaiverCode::kWaiverValue,
       "expected an RFC 3339 date-time with an offset, found \"2027-01-15T09:00:00\""},
      {"reason", "\"two\\nlines\"", WaiverCode::kWaiverValue, "has control characters"},
      {"reason", "[\"x\"]", WaiverCode::kWaiverShape, "expected a string, found an array"},
  };
  for (const Case& c : cases) {
    const Decoded d = Decode(With(c.member, c.value));
    EXPECT_FALSE(d.waiver) << c.member << " = " << c.value;
    ASSERT_EQ(d.errors.size(), 1u) << c.member << " = " << c.value;
    EXPECT_EQ(d.errors[0].code, c.code) << c.member;
    EXPECT_EQ(d.errors[0].path, std::string("/") + c.member);
    EXPECT_EQ(d.errors[0].message, c.message);
  }
}

TEST(WaiverDecoder, TooLongReasonIsRefused) {
  const Decoded d = Decode(With("reason", "\"" + std::string(2001, 'x') + "\""));
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_EQ(d.errors[0].code, WaiverCode::kWaiverValue);
  EXPECT_EQ(d.errors[0].path, "/reason");
  EXPECT_TRUE(Decode(With("reason", "\"" + std::string(2000, 'x') + "\"")).waiver);
}

TEST(WaiverDecoder, WindowMustNotBeReversed) {
  const Decoded d = Decode(With("valid_to", "\"2026-12-31\""));
  EXPECT_FALSE(d.waiver);
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_EQ(Describe(d.errors[0]),
            "W103 waiver-window at /valid_to: valid_to 2026-12-31 is before valid_from 2027-01-01");
  // One day is a window.
  EXPECT_TRUE(Decode(With("valid_to", "\"2027-01-01\"")).waiver);
}

TEST(WaiverDecoder, EveryProblemIsReported) {
  nlohmann::json doc = nlohmann::json::parse(kValid);
  doc.erase("rule");
  doc["subject"] = true;
  doc["valid_from"] = "soon";
  doc["extra"] = 1;
  const Decoded d = Decode(doc.dump());
  ASSERT_EQ(d.errors.size(), 4u);
  EXPECT_EQ(d.errors[0].path, "/extra");
  EXPECT_EQ(d.errors[1].path, "/subject");
  EXPECT_EQ(d.errors[2].message, "missing member \"rule\"");
  EXPECT_EQ(d.errors[3].path, "/valid_from");
}

TEST(WaiverDecoder, NotAnObject) {
  const Decoded d = Decode("[1]");
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_EQ(Describe(d.errors[0]), "W101 waiver-shape at /: a waiver is an object, found an array");
}

// fuzz_waiver found it: a member name of 39 ASCII bytes and an 'é' was cut
// to 40 bytes inside the 'é', and the report could not write the message.
TEST(WaiverDecoder, QuotedTextIsCutBetweenUtf8Characters) {
  const std::string text = testing::ReadFileOrEmpty(
      testing::SourceDir() /
      "fuzz/regressions/waiver/refusal-not-utf8-long-unknown-member-cut-inside-char.json");
  ASSERT_FALSE(text.empty());
  const Decoded d = Decode(text);
  EXPECT_FALSE(d.waiver);
  ASSERT_FALSE(d.errors.empty());
  const std::string a39(39, 'a');
  EXPECT_EQ(Describe(d.errors[0]),
            "W101 waiver-shape at /" + a39 + "\u00e9: unknown member \"" + a39 + "\u2026\"");
  for (const WaiverError& e : d.errors)
    EXPECT_NO_THROW((void)nlohmann::json(Describe(e)).dump()) << Describe(e);
}

TEST(WaiverCodes, EveryCodeIsListedInSpec) {
  const std::string spec = testing::ReadFileOrEmpty(testing::SourceDir() / "SPEC.md");
  const size_t start = spec.find("\n## 20. Exemptions (waivers)");
  ASSERT_NE(start, std::string::npos) << "SPEC.md has no section 20. Exemptions (waivers)";
  const std::string section = spec.substr(start, spec.find("\n## ", start + 1) - start);
  for (const WaiverCodeInfo& info : AllWaiverCodes()) {
    const std::string row = "| " + std::string(info.id) + " | " + std::string(info.name) + " | `" +
                            std::string(info.status) + "` | " + std::string(info.summary) + " |";
    EXPECT_NE(section.find(row), std::string::npos) << row;
    EXPECT_EQ(&InfoOf(info.code), &info);
  }
}

}  // namespace
}  // namespace gridlaw
