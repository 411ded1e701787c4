#pragma once
// What `gridlaw test` prints: the cases that failed (every case with
// `verbose`), the summary `PASS: n/n` or `FAIL: k/n`, and with coverage a
// table per policy. Text for people, JSON for machines; no clock, no timing,
// so the same tests print the same bytes.

#include <optional>
#include <string>
#include <vector>

#include "case_check.h"
#include "coverage.h"
#include "test_codes.h"

namespace gridlaw::policytest {

struct TestRunReport {
  std::vector<CaseResult> cases;  // in file order, then case order
  bool with_coverage = false;
  std::vector<PolicyCoverage> coverage;  // sorted by policy path
  std::optional<int> threshold;          // --threshold, whole percent

  int failed() const {
    int n = 0;
    for (const CaseResult& c : cases)
      n += c.passed() ? 0 : 1;
    return n;
  }
  // Every policy's rule coverage reaches the threshold (true without one).
  bool MeetsThreshold() const {
    for (const PolicyCoverage& p : coverage) {
      if (threshold && !p.Meets(*threshold)) return false;
    }
    return true;
  }
};

std::string RenderText(const TestRunReport& report, bool verbose);
std::string RenderJson(const TestRunReport& report);

// Refused test files: one line each (Describe), or a JSON document.
std::string RenderErrorsText(const std::vector<TestError>& errors);
std::string RenderErrorsJson(const std::vector<TestError>& errors);

}  // namespace gridlaw::policytest
