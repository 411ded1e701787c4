#pragma once
// Whether a case's run gave what the case expects: per (subject, rule) the
// verdict (and a message substring), per subject the compliance status.

#include <string>
#include <vector>

#include "eval/run.h"
#include "test_codes.h"
#include "test_file.h"

namespace gridlaw::policytest {

// One expectation the run did not meet.
struct Mismatch {
  std::string subject;   // as the case wrote it
  std::string rule;      // "" for the compliance status
  std::string expected;  // "fail", "compliant", "message containing \"…\""
  std::string got;       // "pass", "non-compliant", "no such subject", …
  std::string message;   // the rule's message, when there is a rule result
};

struct CaseResult {
  std::string file;
  std::string name;
  std::vector<Mismatch> mismatches;  // in the order of the case's expectations
  bool passed() const { return mismatches.empty(); }
};

CaseResult CheckCase(const std::string& file, const TestCase& test, const RunResult& run);

// T009 for each expectation that names a rule not in `rule_ids`.
void CheckRuleIds(const TestFile& file, const std::vector<std::string>& rule_ids,
                  std::vector<TestError>* errors);

}  // namespace gridlaw::policytest
