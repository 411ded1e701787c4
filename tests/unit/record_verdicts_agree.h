#pragma once
// A differential check shared by the verdict evaluator's tests: facility-
// month/v1 records evaluated by the explaining evaluator (eval/run.h) and by
// a VerdictEvaluator must give the same compliance and the same verdict for
// every rule. Tests that look deeper at one rule (a specialised form alone)
// do so in `also`.

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "eval/run.h"
#include "eval/verdicts.h"
#include "records/record_decoder.h"
#include "schema/schema.h"

namespace gridlaw::testing {

// Called for rule `rule` (its index in the program) of each record, after its
// verdicts were compared: the decoded claim, the explaining evaluator's result
// for the rule, and a description of where it is for failure messages.
using RuleCheck = std::function<void(size_t rule, const Claim& claim, const RuleResult& want,
                                     const std::string& where)>;

// Every line must decode. Returns how often each verdict was the expected one
// (so that a test can require each verdict to have been reached).
inline std::map<Verdict, int> ExpectRecordVerdictsAgree(const Program& program,
                                                        VerdictEvaluator& verdicts,
                                                        const std::vector<std::string>& lines,
                                                        int64_t at, const RuleCheck& also = {}) {
  std::map<Verdict, int> seen;
  RecordDecoder decoder(FacilityMonthV1());
  for (const std::string& line : lines) {
    RecordError error;
    auto claim = decoder.Decode(line, &error);
    EXPECT_TRUE(claim) << error.pointer << ": " << error.message << "\n" << line;
    if (!claim) continue;
    EvaluationScratch scratch;
    const SubjectResult want = EvaluateRecord(program, *claim, at, &scratch);
    SubjectVerdicts got;
    verdicts.Evaluate(*claim, at, &got);
    EXPECT_TRUE(got.evaluated) << line;
    EXPECT_EQ(got.compliant, want.compliant) << line;
    EXPECT_EQ(got.rules.size(), want.rules.size()) << line;
    if (got.rules.size() != want.rules.size()) continue;
    for (size_t r = 0; r < want.rules.size(); ++r) {
      const std::string where = want.rules[r].rule_id + ": " + want.rules[r].message + "\n" + line;
      EXPECT_EQ(VerdictName(got.rules[r]), std::string(VerdictName(want.rules[r].verdict)))
          << where;
      ++seen[want.rules[r].verdict];
      if (also) also(r, *claim, want.rules[r], where);
    }
  }
  return seen;
}

}  // namespace gridlaw::testing
