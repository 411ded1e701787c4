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

// ParseEnvelope reads plain, well-formed envelopes without a JSON tree; for
// every input it must give what the tree path gives, envelope or refusal.
void ExpectSameAsTheTree(const std::string& text, bool plain) {
  SCOPED_TRACE(text.substr(0, 200));
  const auto read = ParseEnvelope(text);
  const auto tree = dsse_detail::ParseEnvelopeThroughTree(text);
  ASSERT_EQ(read.ok(), tree.ok());
  if (!read.ok()) {
    EXPECT_EQ(read.error().code, tree.error().code);
    EXPECT_EQ(Describe(read.error()), Describe(tree.error()));
    return;
  }
  EXPECT_EQ(read->payload_type, tree->payload_type);
  EXPECT_EQ(read->payload, tree->payload);
  ASSERT_EQ(read->signatures.size(), tree->signatures.size());
  for (size_t i = 0; i < read->signatures.size(); ++i) {
    EXPECT_EQ(read->signatures[i].keyid, tree->signatures[i].keyid);
    EXPECT_EQ(read->signatures[i].sig, tree->signatures[i].sig);
  }
  // The envelopes gridlaw writes are read without a tree, and come out the same.
  if (plain) {
    EXPECT_TRUE(dsse_detail::ParseEnvelopeWithoutTree(text).has_value());
    EXPECT_EQ(SerializeEnvelope(*read), text);
  }
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
    ExpectSameAsTheTree(c.text, false);
    auto parsed = ParseEnvelope(c.text);
    ASSERT_FALSE(parsed.ok()) << c.name;
    EXPECT_EQ(parsed.error().code, c.code) << c.name << ": " << Describe(parsed.error());
    EXPECT_EQ(ReasonCode(parsed.error()), c.reason) << c.name << ": " << Describe(parsed.error());
  }
}

TEST(Envelope, ReadingWithoutATreeAgreesWithTheTree) {
  const Envelope written{"application/vnd.gridlaw.claims+json",
                         R"({"provider":"acme"})",
                         {{"ab12", "sig-bytes"}, {"", "other"}}};
  ExpectSameAsTheTree(SerializeEnvelope(written), true);
  const std::string sig = R"("signatures":[{"keyid":"k","sig":"AA=="}])";
  const std::string variants[] = {
      R"( { "signatures" : [ { "sig" : "AA==" } ] , "payload" : "eA==" , "payloadType" : "t" } )",
      R"({"payloadType":"t","payload":"-_8","signatures":[{"sig":"AA"}]})",
      R"({"payloadType":"t","payload":"eA==","signatures":[{"keyid":"","sig":""}]})",
      R"({"payloadType":"t","payload":"eA==","signatures":[{"sig":"AA==","keyid":"x"},{"sig":"AA=="}]})",
      R"({"payloadType":"t\u0041","payload":"eA==",)" + sig + "}",
      R"({"payloadType":"t","payload":"eA==","signatures":{"sig":"AA=="}})",
      R"({"payloadType":"t","payload":"eA==","signatures":["AA=="]})",
      R"({"payloadType":"t","payload":"eA==","signatures":[[{"sig":"AA=="}]]})",
      R"({"payloadType":"t","payload":"eA==","signatures":[{"sig":{"a":1}}]})",
      R"({"payloadType":"t","payload":"eA==","signatures":[{"sig":"AA==","sig":"AA=="}]})",
      R"({"payloadType":"t","payload":{"a":"eA=="},)" + sig + "}",
      R"({"payloadType":["t"],"payload":"eA==",)" + sig + "}",
      R"({"payloadType":"t","payload":"eA==","signatures":[{"keyid":null,"sig":"AA=="}]})",
      R"({"payloadType":"t","payload":"eA==","signatures":[{"sig":"AA=="}],"payload":"eA=="})",
      "",
      "null",
      R"("envelope")",
  };
  for (const std::string& text : variants)
    ExpectSameAsTheTree(text, false);
  // Whitespace, member order, url-safe base64, an empty keyid and sig, two
  // signatures: still read without a tree; an escape is left to the tree.
  for (size_t i = 0; i < 4; ++i)
    EXPECT_TRUE(dsse_detail::ParseEnvelopeWithoutTree(variants[i]).has_value()) << variants[i];
  EXPECT_FALSE(dsse_detail::ParseEnvelopeWithoutTree(variants[4]).has_value()) << variants[4];
  std::string sigs;
  for (int i = 0; i < 17; ++i) {
    sigs += std::string(i ? "," : "") + R"({"sig":"AA=="})";
    ExpectSameAsTheTree(R"({"payloadType":"t","payload":"eA==","signatures":[)" + sigs + "]}",
                        false);
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
