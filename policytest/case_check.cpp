#include "case_check.h"

#include <algorithm>

#include "eval/evaluator.h"
#include "spelling/spelling.h"

namespace gridlaw::policytest {
namespace {

// The subjects a key names: "id" matches every provider's subject of that
// id, "provider/id" one subject.
std::vector<const SubjectResult*> SubjectsNamed(const RunResult& run, const std::string& key) {
  std::vector<const SubjectResult*> found;
  for (const SubjectResult& s : run.subjects) {
    if (s.subject == key || s.provider + "/" + s.subject == key) found.push_back(&s);
  }
  return found;
}

std::string SubjectList(const RunResult& run) {
  std::string list;
  for (const SubjectResult& s : run.subjects) {
    list += (list.empty() ? "" : ", ") + s.provider + "/" + s.subject;
  }
  return list.empty() ? "none" : list;
}

// The one subject `key` names, or why not (as what the run "got").
const SubjectResult* OneSubject(const RunResult& run, const std::string& key, std::string* why) {
  const auto found = SubjectsNamed(run, key);
  if (found.empty()) {
    *why = "no such subject (evaluated: " + SubjectList(run) + ")";
    return nullptr;
  }
  if (found.size() > 1) {
    *why = "several subjects have this id; write provider/" + key;
    return nullptr;
  }
  if (found.front()->evaluated == nullptr) {
    *why = "no attestation of this subject ends by the evaluation date";
    return nullptr;
  }
  return found.front();
}

}  // namespace

CaseResult CheckCase(const std::string& file, const TestCase& test, const RunResult& run) {
  CaseResult result{file, test.name, {}};
  for (const ExpectedVerdict& expected : test.verdicts) {
    std::string why;
    const SubjectResult* subject = OneSubject(run, expected.subject, &why);
    const RuleResult* rule = nullptr;
    if (subject != nullptr) {
      for (const RuleResult& r : subject->rules) {
        if (r.rule_id == expected.rule) rule = &r;
      }
      if (rule == nullptr) why = "no result for this rule";
    }
    const std::string wanted =
        expected.message_contains.empty()
            ? expected.verdict
            : expected.verdict + " with a message containing \"" + expected.message_contains + "\"";
    if (rule == nullptr) {
      result.mismatches.push_back(Mismatch{expected.subject, expected.rule, wanted, why, ""});
      continue;
    }
    const std::string got = VerdictName(rule->verdict);
    const bool message_ok = expected.message_contains.empty() ||
                            rule->message.find(expected.message_contains) != std::string::npos;
    if (got != expected.verdict || !message_ok) {
      result.mismatches.push_back(
          Mismatch{expected.subject, expected.rule, wanted, got, rule->message});
    }
  }
  for (const ExpectedStatus& expected : test.statuses) {
    std::string why;
    const SubjectResult* subject = OneSubject(run, expected.subject, &why);
    const std::string wanted = expected.compliant ? "compliant" : "non-compliant";
    if (subject == nullptr) {
      result.mismatches.push_back(Mismatch{expected.subject, "", wanted, why, ""});
    } else if (subject->compliant != expected.compliant) {
      result.mismatches.push_back(Mismatch{expected.subject, "", wanted,
                                           subject->compliant ? "compliant" : "non-compliant", ""});
    }
  }
  return result;
}

void CheckRuleIds(const TestFile& file, const std::vector<std::string>& rule_ids,
                  std::vector<TestError>* errors) {
  for (const TestCase& test : file.cases) {
    for (const ExpectedVerdict& expected : test.verdicts) {
      if (std::find(rule_ids.begin(), rule_ids.end(), expected.rule) != rule_ids.end()) continue;
      errors->push_back(TestError{TestCode::kUnknownRule, file.path, expected.path,
                                  "the policy " + file.policy + " has no rule '" + expected.rule +
                                      "'" + DidYouMean(ClosestSpelling(expected.rule, rule_ids))});
    }
  }
}

}  // namespace gridlaw::policytest
