// SPEC.md §15 lists every J and A code with its name: kept in step here.

#include <gtest/gtest.h>

#include "codes/attest_error.h"
#include "strict/json_error.h"
#include "test_files.h"

namespace gridlaw {
namespace {

std::string AttestationsSection() {
  const std::string spec = testing::ReadFileOrEmpty(testing::SourceDir() / "SPEC.md");
  const size_t start = spec.find("\n## 15. Attestations");
  EXPECT_NE(start, std::string::npos) << "SPEC.md has no section 15. Attestations";
  return start == std::string::npos ? "" : spec.substr(start);
}

TEST(SpecCodes, EveryJsonCodeIsListed) {
  const std::string section = AttestationsSection();
  for (const JsonErrorInfo& info : AllJsonErrorCodes()) {
    const std::string row = "| " + std::string(info.id) + " | " + std::string(info.name) + " |";
    EXPECT_NE(section.find(row), std::string::npos) << row;
  }
}

TEST(SpecCodes, EveryAttestCodeIsListed) {
  const std::string section = AttestationsSection();
  for (const AttestCodeInfo& info : AllAttestCodes()) {
    const std::string row = "| " + std::string(info.id) + " | " + std::string(info.name) + " | " +
                            std::string(info.summary) + " |";
    EXPECT_NE(section.find(row), std::string::npos) << row;
  }
}

}  // namespace
}  // namespace gridlaw
