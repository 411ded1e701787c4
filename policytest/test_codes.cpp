#include "test_codes.h"

#include <array>

namespace gridlaw::policytest {
namespace {

constexpr std::array<TestCodeInfo, 13> kCodes = {{
    {TestCode::kUnreadableFile, "T001", "the test file cannot be read or is not strict JSON"},
    {TestCode::kWrongShape, "T002", "a required member is missing or a value has the wrong type"},
    {TestCode::kUnknownMember, "T003", "a member the format does not define"},
    {TestCode::kBadPolicy, "T004", "the policy cannot be read or has errors"},
    {TestCode::kBadDate, "T005", "\"at\" is not a date YYYY-MM-DD"},
    {TestCode::kUnreadableClaims, "T006",
     "a referenced claims file cannot be read or is not strict JSON"},
    {TestCode::kInvalidClaim, "T007", "a claim does not match its schema (SPEC §14)"},
    {TestCode::kUnknownVerdict, "T008", "an expected verdict is not a verdict name"},
    {TestCode::kUnknownRule, "T009", "an expectation names a rule the policy does not have"},
    {TestCode::kInputError, "T010",
     "the claims of a case cannot be evaluated together (overlapping periods)"},
    {TestCode::kDuplicateCase, "T011", "two cases of one file have the same name"},
    {TestCode::kEmptyCase, "T012", "a case expects nothing"},
    {TestCode::kNoTests, "T013", "a path holds no test file and no policy"},
}};

}  // namespace

std::span<const TestCodeInfo> AllTestCodes() {
  return kCodes;
}

const TestCodeInfo& InfoOf(TestCode code) {
  return kCodes[static_cast<size_t>(code)];
}

std::string Describe(const TestError& error) {
  std::string text = error.file + ": " + std::string(InfoOf(error.code).id);
  if (!error.path.empty()) text += " at " + error.path;
  return text + ": " + error.message;
}

}  // namespace gridlaw::policytest
