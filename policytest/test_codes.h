#pragma once
// Why a policy test file was refused. Codes are stable: SPEC.md §21 lists
// them, a test keeps the two in step, and they are never renumbered or reused.

#include <span>
#include <string>
#include <string_view>

namespace gridlaw::policytest {

enum class TestCode {
  kUnreadableFile,    // T001
  kWrongShape,        // T002
  kUnknownMember,     // T003
  kBadPolicy,         // T004
  kBadDate,           // T005
  kUnreadableClaims,  // T006
  kInvalidClaim,      // T007
  kUnknownVerdict,    // T008
  kUnknownRule,       // T009
  kInputError,        // T010
  kDuplicateCase,     // T011
  kEmptyCase,         // T012
  kNoTests,           // T013
};

struct TestCodeInfo {
  TestCode code;
  std::string_view id;       // "T001"
  std::string_view summary;  // one line for SPEC.md
};

// Every code, in numeric order.
std::span<const TestCodeInfo> AllTestCodes();
const TestCodeInfo& InfoOf(TestCode code);

// A refused test file: the code, the file, the RFC 6901 pointer of the
// offending value in it ("" for the whole file) and one line saying why.
struct TestError {
  TestCode code = TestCode::kWrongShape;
  std::string file;
  std::string path;
  std::string message;
};

// "policies/tests/x.test.json: T002 at /cases/0/at: expected a string"
std::string Describe(const TestError& error);

}  // namespace gridlaw::policytest
