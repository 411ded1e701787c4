// Signed policies: `gridlaw policy sign|verify` and `gridlaw eval
// --require-signed-policy`. A regulator key signs the policy text exactly;
// the report records the signer and the text's SHA-256, which equals the
// unsigned run's.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_gridlaw.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;
using testing::Gridlaw;
using testing::SourceDir;

class PolicySigning : public ::testing::Test {
 protected:
  std::string P(const std::string& name) const { return (dir_ / name).string(); }
  static std::string Example(const std::string& name) {
    return (SourceDir() / "examples" / name).string();
  }
  static std::string Policy() {
    return (SourceDir() / "policies/cn.hub.efficiency.policy").string();
  }
  static std::string Trust() {
    return "--trust " + Example("trust.json") + " --now 2028-02-01T00:00:00Z";
  }

  const testing::ScratchDir dir_{"policy-sign"};
};

TEST_F(PolicySigning, SignedByARegulatorVerifies) {
  ASSERT_EQ(Gridlaw("policy sign --key " + Example("keys/regulator.key") + " --out " +
                    P("signed.json") + " " + Policy())
                .exit_code,
            0);
  const auto verify = Gridlaw("policy verify " + Trust() + " " + P("signed.json"));
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_NE(verify.out.find("policy cn.hub.efficiency 1.2.0"), std::string::npos) << verify.out;
}

TEST_F(PolicySigning, AProviderKeyDoesNotSignPolicies) {
  ASSERT_EQ(Gridlaw("policy sign --key " + Example("keys/cascadia.key") + " --out " +
                    P("signed.json") + " " + Policy())
                .exit_code,
            0);
  const auto verify = Gridlaw("policy verify " + Trust() + " " + P("signed.json"));
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find("A205"), std::string::npos) << verify.out;
}

TEST_F(PolicySigning, APolicyWithErrorsIsNeverSigned) {
  const auto run = Gridlaw("policy sign --key " + Example("keys/regulator.key") + " --out " +
                           P("signed.json") + " " + Example("broken.policy"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_FALSE(fs::exists(P("signed.json")));
}

TEST_F(PolicySigning, AnAlteredSignedPolicyIsRefused) {
  ASSERT_EQ(Gridlaw("policy sign --key " + Example("keys/regulator.key") + " --out " +
                    P("signed.json") + " " + Policy())
                .exit_code,
            0);
  auto envelope = nlohmann::json::parse(testing::ReadFileOrEmpty(P("signed.json")));
  std::string payload = envelope["payload"];
  payload[40] = payload[40] == 'A' ? 'B' : 'A';  // one base64 character of the text
  envelope["payload"] = payload;
  testing::WriteFile(P("altered.json"), envelope.dump());
  const auto verify = Gridlaw("policy verify " + Trust() + " " + P("altered.json"));
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find("A202"), std::string::npos) << verify.out;
}

TEST_F(PolicySigning, EvalRequiresASignedPolicyWhenAskedAndRecordsTheSigner) {
  const std::string claims = Example("envelopes");
  EXPECT_EQ(
      Gridlaw("eval --require-signed-policy " + Trust() + " --policy " + Policy() + " " + claims)
          .exit_code,
      2)
      << "a plain policy is refused";
  ASSERT_EQ(Gridlaw("policy sign --key " + Example("keys/regulator.key") + " --out " +
                    P("signed.json") + " " + Policy())
                .exit_code,
            0);
  const auto signed_run = Gridlaw("eval --require-signed-policy --format json " + Trust() +
                                  " --policy " + P("signed.json") + " " + claims);
  ASSERT_EQ(signed_run.exit_code, 1) << "the example data has non-compliant subjects";
  const auto plain_run =
      Gridlaw("eval --format json " + Trust() + " --policy " + Policy() + " " + claims);
  const auto with_signature = nlohmann::json::parse(signed_run.out);
  const auto without = nlohmann::json::parse(plain_run.out);
  EXPECT_EQ(with_signature["policy"]["sha256"], without["policy"]["sha256"]);
  EXPECT_EQ(with_signature["subjects"], without["subjects"]);
  const auto trust = nlohmann::json::parse(testing::ReadFileOrEmpty(Example("trust.json")));
  std::string regulator;
  for (const auto& key : trust["keys"])
    if (key["role"] == "regulator") regulator = key["key_id"];
  EXPECT_EQ(with_signature["policy"]["signed_by"], nlohmann::json::array({regulator}));
  EXPECT_FALSE(without["policy"].contains("signed_by"));
  // A signed policy without a trust store to verify it is refused.
  EXPECT_EQ(Gridlaw("eval --policy " + P("signed.json") + " " + Example("claims")).exit_code, 2);
}

}  // namespace
}  // namespace gridlaw
