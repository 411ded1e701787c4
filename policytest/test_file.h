#pragma once
// A policy test file (SPEC.md §21): a policy, and cases of claims with the
// verdicts they must get. Strict JSON, read with the project's strict reader:
//
//   {"policy": "../global.baseline.policy",
//    "cases": [{"name": "…", "at": "2027-12-31",
//               "claims": [{…inline claims document…}, {"file": "claims/x.json"}],
//               "expect": {"<subject>": {"<rule>": "fail",
//                                        "<rule>": {"verdict": "pass", "message": "…"}}},
//               "expect_compliant": {"<subject>": false}}]}
//
// Paths are relative to the test file. Every refusal is a TestError with a
// code, the file and a JSON pointer; all of a file's errors are reported.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claims/claims.h"
#include "test_codes.h"

namespace gridlaw::policytest {

// The verdict of one rule for one subject, as a case expects it.
struct ExpectedVerdict {
  std::string subject;  // a subject id, or "provider/subject id"
  std::string rule;
  std::string verdict;           // a name VerdictName gives ("fail", "not_applicable", …)
  std::string message_contains;  // "" when the case does not look at the message
  std::string path;              // pointer of the expectation in the test file
};

struct ExpectedStatus {
  std::string subject;
  bool compliant = false;
  std::string path;
};

struct TestCase {
  std::string name;
  std::string path;                       // "/cases/3"
  std::optional<int64_t> at;              // days since the epoch; default as `gridlaw eval`
  std::vector<Claim> claims;              // decoded; ids name where each came from
  std::vector<ExpectedVerdict> verdicts;  // sorted by subject, then rule
  std::vector<ExpectedStatus> statuses;   // sorted by subject
};

struct TestFile {
  std::string path;    // as found
  std::string policy;  // the policy's path: the test file's directory joined, made normal
  std::string policy_pointer = "/policy";
  std::vector<TestCase> cases;
};

// The verdict names a case may expect: every name VerdictName gives.
std::vector<std::string> VerdictNames();

// Reads, checks and decodes `path`. nullopt when anything is wrong, with
// every error found appended to `errors`.
std::optional<TestFile> ReadTestFile(const std::string& path, std::vector<TestError>* errors);

// The same for the `bytes` of a test file at `path`, already read: claims
// files it names are still read, relative to `path`'s directory. A separate
// entry so the decoding can be fuzzed without writing each input to disk.
std::optional<TestFile> DecodeTestFile(std::string_view bytes, const std::string& path,
                                       std::vector<TestError>* errors);

}  // namespace gridlaw::policytest
