// DSSE: the pre-authentication encoding and the envelope's JSON form.

#include <gtest/gtest.h>

#include "base64/base64.h"
#include "dsse/envelope.h"
#include "dsse/pae.h"

namespace gridlaw {
namespace {

TEST(Pae, SpecExample) {
  // The example of the DSSE protocol document.
  EXPECT_EQ(PreAuthEncoding("http://example.com/HelloWorld", "hello world"),
            "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  EXPECT_EQ(PreAuthEncoding("", ""), "DSSEv1 0  0 ");
  // Lengths are bytes, not characters.
  EXPECT_EQ(PreAuthEncoding("t", "\xC3\xA9"), "DSSEv1 1 t 2 \xC3\xA9");
}

TEST(Envelope, RoundTripIsByteExact) {
  Envelope envelope{
      "application/x", std::string("{\"a\": 1}\n\x01", 10), {{"ab", "sig-bytes"}, {"", "other"}}};
  const std::string text = SerializeEnvelope(envelope);
  EXPECT_EQ(
      text,
      "{\"payload\":\"eyJhIjogMX0KAQ==\",\"payloadType\":\"application/x\",\"signatures\":["
      "{\"keyid\":\"ab\",\"sig\":\"c2lnLWJ5dGVz\"},{\"keyid\":\"\",\"sig\":\"b3RoZXI=\"}]}\n");
  auto parsed = ParseEnvelope(text);
  ASSERT_TRUE(parsed.ok()) << Describe(parsed.error());
  EXPECT_EQ(parsed->payload, envelope.payload);
  EXPECT_EQ(parsed->payload_type, envelope.payload_type);
  ASSERT_EQ(parsed->signatures.size(), 2u);
  EXPECT_EQ(parsed->signatures[0].keyid, "ab");
  EXPECT_EQ(parsed->signatures[1].sig, "other");
  EXPECT_EQ(SerializeEnvelope(*parsed), text);
}

TEST(Envelope, KeyidMayBeAbsentAndBase64UrlSafe) {
  auto parsed = ParseEnvelope(R"({"payloadType":"t","payload":"-_8","signatures":[{"sig":"AA"}]})");
  ASSERT_TRUE(parsed.ok()) << Describe(parsed.error());
  EXPECT_EQ(parsed->payload, "\xfb\xff");
  EXPECT_EQ(parsed->signatures[0].keyid, "");
  EXPECT_EQ(parsed->signatures[0].sig, std::string(1, '\0'));
}

struct Bad {
  const char* name;
  std::string text;
  AttestCode code;
  std::string reason;
};

TEST(Envelope, RefusesMalformed) {
  const std::string sig = R"("signatures":[{"keyid":"k","sig":"AA=="}])";
  const Bad cases[] = {
      {"not_json", "{", AttestCode::kEnvelopeJson, "J011"},
      {"duplicate_member", R"({"payloadType":"t","payloadType":"u","payload":"eA==",)" + sig + "}",
       AttestCode::kEnvelopeJson, "J001"},
      {"trailing", R"({"payloadType":"t","payload":"eA==",)" + sig + "} {}",
       AttestCode::kEnvelopeJson, "J002"},
      {"too_deep", std::string(10000, '[') + std::string(10000, ']'), AttestCode::kEnvelopeJson,
       "J009"},
      {"array", "[]", AttestCode::kEnvelopeShape, "A101"},
      {"unknown_member", R"({"payloadType":"t","payload":"eA==","x":1,)" + sig + "}",
       AttestCode::kEnvelopeShape, "A101"},
      {"no_type", R"({"payload":"eA==",)" + sig + "}", AttestCode::kEnvelopeShape, "A101"},
      {"empty_type", R"({"payloadType":"","payload":"eA==",)" + sig + "}",
       AttestCode::kEnvelopeShape, "A101"},
      {"type_not_string", R"({"payloadType":1,"payload":"eA==",)" + sig + "}",
       AttestCode::kEnvelopeShape, "A101"},
      {"no_payload", R"({"payloadType":"t",)" + sig + "}", AttestCode::kEnvelopeShape, "A101"},
      {"payload_bad_base64", R"({"payloadType":"t","payload":"eA=",)" + sig + "}",
       AttestCode::kBadBase64, "A102"},
      {"payload_trailing_bits", R"({"payloadType":"t","payload":"eB==",)" + sig + "}",
       AttestCode::kBadBase64, "A102"},
      {"empty_payload", R"({"payloadType":"t","payload":"",)" + sig + "}",
       AttestCode::kEmptyPayload, "A105"},
      {"no_signatures", R"({"payloadType":"t","payload":"eA==","signatures":[]})",
       AttestCode::kNoSignatures, "A104"},
      {"signatures_missing", R"({"payloadType":"t","payload":"eA=="})", AttestCode::kEnvelopeShape,
       "A101"},
      {"sig_missing", R"({"payloadType":"t","payload":"eA==","signatures":[{"keyid":"k"}]})",
       AttestCode::kEnvelopeShape, "A101"},
      {"sig_bad_base64",
       R"({"payloadType":"t","payload":"eA==","signatures":[{"keyid":"k","sig":"A"}]})",
       AttestCode::kBadBase64, "A102"},
      {"signature_unknown_member",
       R"({"payloadType":"t","payload":"eA==","signatures":[{"sig":"AA==","alg":"none"}]})",
       AttestCode::kEnvelopeShape, "A101"},
      {"keyid_not_string",
       R"({"payloadType":"t","payload":"eA==","signatures":[{"keyid":7,"sig":"AA=="}]})",
       AttestCode::kEnvelopeShape, "A101"},
  };
  for (const Bad& c : cases) {
    auto parsed = ParseEnvelope(c.text);
    ASSERT_FALSE(parsed.ok()) << c.name;
    EXPECT_EQ(parsed.error().code, c.code) << c.name << ": " << Describe(parsed.error());
    EXPECT_EQ(ReasonCode(parsed.error()), c.reason) << c.name << ": " << Describe(parsed.error());
  }
}

TEST(Envelope, SignatureCountIsLimited) {
  std::string sigs;
  for (int i = 0; i < 17; ++i)
    sigs += std::string(i ? "," : "") + R"({"sig":"AA=="})";
  auto parsed =
      ParseEnvelope(R"({"payloadType":"t","payload":"eA==","signatures":[)" + sigs + "]}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, AttestCode::kTooManySignatures);
}

}  // namespace
}  // namespace gridlaw
