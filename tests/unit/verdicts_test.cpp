// The verdict evaluator (eval/verdicts.h) against the explaining evaluator:
// every rule of every shipped policy, for every example subject, at dates
// that cut the subjects' histories in different places — the same verdict,
// the same compliance, the same subjects evaluated.

#include "eval/verdicts.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "eval/run.h"
#include "frontend/frontend.h"
#include "test_files.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

std::vector<Claim> ExampleClaims() {
  std::vector<Claim> claims;
  for (const auto& path : testing::FilesIn("examples/claims", ".json")) {
    std::vector<ClaimError> errors;
    auto claim = DecodeClaim(nlohmann::json::parse(testing::ReadFileOrEmpty(path)), &errors);
    EXPECT_TRUE(claim) << path << ": " << (errors.empty() ? "" : errors[0].message);
    if (!claim) continue;
    claim->id = path.filename().string();
    claims.push_back(std::move(*claim));
  }
  return claims;
}

// Each subject's claims in period order, as Evaluate orders them.
std::map<std::pair<std::string, std::string>, std::vector<const Claim*>> BySubject(
    const std::vector<Claim>& claims) {
  std::map<std::pair<std::string, std::string>, std::vector<const Claim*>> subjects;
  for (const Claim& c : claims)
    subjects[{c.provider, c.subject_id}].push_back(&c);
  for (auto& [key, list] : subjects) {
    std::sort(list.begin(), list.end(), [](const Claim* a, const Claim* b) {
      return std::tie(a->period_start, a->period_end, a->id) <
             std::tie(b->period_start, b->period_end, b->id);
    });
  }
  return subjects;
}

TEST(Verdicts, AgreeWithTheExplainingEvaluatorOnShippedPoliciesAndExamples) {
  const std::vector<Claim> claims = ExampleClaims();
  ASSERT_EQ(claims.size(), 189U);
  const auto subjects = BySubject(claims);
  const std::string policy_dir = (testing::SourceDir() / "policies").string();
  std::map<Verdict, int> seen;
  int compared = 0, policies = 0;
  for (const auto& path : testing::FilesIn("policies", ".policy")) {
    CompiledPolicy policy =
        CheckPolicyText(path.string(), testing::ReadFileOrEmpty(path), {policy_dir});
    ASSERT_TRUE(policy.ok()) << policy.RenderDiagnosticsText();
    auto program = Program::Compile(*policy.checked);
    VerdictEvaluator verdicts(*program);
    ++policies;
    // Mid-year (windows with gaps and not yet full), year end, before any data.
    for (const char* date :
         {"2027-04-30", "2027-07-01", "2027-12-31", "2028-01-01", "2026-06-01"}) {
      const int64_t at = DaysFromCivil(*ParseDate(date));
      std::vector<InputError> errors;
      auto run = Evaluate(*program, claims, at, &errors);
      ASSERT_TRUE(run) << path;
      ASSERT_EQ(run->subjects.size(), subjects.size());
      size_t i = 0;
      for (const auto& [key, history] : subjects) {
        const SubjectResult& want = run->subjects[i++];
        ASSERT_EQ(want.subject, key.second);
        SubjectVerdicts got;
        verdicts.Evaluate(history, at, &got);
        const std::string where =
            path.filename().string() + " " + key.first + "/" + key.second + " at " + date;
        ASSERT_EQ(got.evaluated, want.evaluated != nullptr) << where;
        EXPECT_EQ(got.compliant, want.compliant) << where;
        ASSERT_EQ(got.rules.size(), want.rules.size()) << where;
        for (size_t r = 0; r < want.rules.size(); ++r) {
          EXPECT_EQ(VerdictName(got.rules[r]), std::string(VerdictName(want.rules[r].verdict)))
              << where << " rule " << want.rules[r].rule_id << ": " << want.rules[r].message;
          ++seen[want.rules[r].verdict];
          ++compared;
        }
      }
    }
  }
  EXPECT_EQ(policies, 5);
  EXPECT_GT(compared, 2000);
  // The comparison must cover every verdict the evaluator computes.
  for (Verdict v : {Verdict::kPass, Verdict::kWarn, Verdict::kFail, Verdict::kIndeterminate,
                    Verdict::kNotApplicable}) {
    EXPECT_GT(seen[v], 0) << VerdictName(v);
  }
}

}  // namespace
}  // namespace gridlaw
