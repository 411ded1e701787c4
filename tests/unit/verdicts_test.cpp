// The verdict evaluator (eval/verdicts.h) against the explaining evaluator:
// every rule of every shipped policy, for every example subject, at dates
// that cut the subjects' histories in different places — the same verdict,
// the same compliance, the same subjects evaluated.

#include "eval/verdicts.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "eval/run.h"
#include "eval/tally.h"
#include "facility_month_record.h"
#include "frontend/frontend.h"
#include "record_verdicts_agree.h"
#include "records/record_decoder.h"
#include "schema/schema.h"
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

// The example claims under `copies` sets of new subject ids: many subjects,
// so that every thread of a run takes some.
std::vector<Claim> ManySubjects(int copies) {
  std::vector<Claim> claims;
  for (int k = 0; k < copies; ++k) {
    for (Claim claim : ExampleClaims()) {
      claim.subject_id += "-copy-" + std::to_string(k);
      claim.id += "-copy-" + std::to_string(k);
      claims.push_back(std::move(claim));
    }
  }
  return claims;
}

// A summary of claim files or a ledger (TallyClaims): verdicts alone, on
// several threads, each thread counting its own subjects and the counts
// added at the end. They must be the explained run's counts, at every date.
TEST(Verdicts, TallyOnThreadsCountsTheExplainedRun) {
  const std::vector<Claim> claims = ManySubjects(25);
  ASSERT_EQ(claims.size(), 189U * 25);
  const std::string policy_dir = (testing::SourceDir() / "policies").string();
  int policies = 0;
  for (const auto& path : testing::FilesIn("policies", ".policy")) {
    CompiledPolicy policy =
        CheckPolicyText(path.string(), testing::ReadFileOrEmpty(path), {policy_dir});
    ASSERT_TRUE(policy.ok()) << policy.RenderDiagnosticsText();
    auto program = Program::Compile(*policy.checked);
    ++policies;
    for (const char* date : {"2027-07-01", "2028-01-01"}) {
      const int64_t at = DaysFromCivil(*ParseDate(date));
      std::vector<InputError> errors;
      auto run = Evaluate(*program, claims, at, &errors, false, 2);
      ASSERT_TRUE(run) << path;
      const RunTally want = RunTally::Of(*program, *run);
      for (unsigned threads : {1U, 2U, 4U}) {
        auto got = TallyClaims(*program, claims, at, &errors, threads);
        ASSERT_TRUE(got) << path;
        const std::string where = path.filename().string() + " at " + date + " on " +
                                  std::to_string(threads) + " threads";
        EXPECT_EQ(got->subjects, want.subjects) << where;
        EXPECT_EQ(got->evaluated, want.evaluated) << where;
        EXPECT_EQ(got->compliant, want.compliant) << where;
        EXPECT_EQ(got->evaluated_at, want.evaluated_at) << where;
        ASSERT_EQ(got->rules.size(), want.rules.size()) << where;
        for (size_t r = 0; r < want.rules.size(); ++r) {
          EXPECT_EQ(got->rules[r].by_verdict, want.rules[r].by_verdict)
              << where << " rule " << want.rules[r].rule_id;
        }
      }
      EXPECT_EQ(want.subjects, 16U * 25);
    }
  }
  EXPECT_EQ(policies, 5);
}

// Evaluate on several threads writes each subject's result at the subject's
// place: with 400 subjects every thread takes some, and the run must be the
// one thread's, subject by subject and message by message.
TEST(Verdicts, ThreadsPlaceEachSubjectWhereOneThreadDoes) {
  const std::vector<Claim> claims = ManySubjects(25);
  const std::string policy_dir = (testing::SourceDir() / "policies").string();
  const auto path = testing::SourceDir() / "policies/global.baseline.policy";
  CompiledPolicy policy =
      CheckPolicyText(path.string(), testing::ReadFileOrEmpty(path), {policy_dir});
  ASSERT_TRUE(policy.ok()) << policy.RenderDiagnosticsText();
  auto program = Program::Compile(*policy.checked);
  std::vector<InputError> errors;
  auto one = Evaluate(*program, claims, std::nullopt, &errors, true, 1);
  auto four = Evaluate(*program, claims, std::nullopt, &errors, true, 4);
  ASSERT_TRUE(one && four);
  ASSERT_EQ(four->subjects.size(), one->subjects.size());
  ASSERT_EQ(one->subjects.size(), 16U * 25);
  for (size_t i = 0; i < one->subjects.size(); ++i) {
    const SubjectResult& want = one->subjects[i];
    const SubjectResult& got = four->subjects[i];
    const std::string where = want.provider + "/" + want.subject;
    ASSERT_EQ(got.provider + "/" + got.subject, where) << "subject " << i;
    EXPECT_EQ(got.evaluated, want.evaluated) << where;
    EXPECT_EQ(got.compliant, want.compliant) << where;
    ASSERT_EQ(got.rules.size(), want.rules.size()) << where;
    for (size_t r = 0; r < want.rules.size(); ++r) {
      EXPECT_EQ(got.rules[r].verdict, want.rules[r].verdict) << where;
      EXPECT_EQ(got.rules[r].message, want.rules[r].message) << where;
      EXPECT_EQ(got.rules[r].title, want.rules[r].title) << where;
    }
    EXPECT_EQ(got.series.size(), want.series.size()) << where;
  }
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

// The paths the verdict evaluator takes for particular shapes (`in` over a
// constant list of strings, aggregates streamed from a comprehension,
// repeated subexpressions evaluated once) against the explaining evaluator,
// on facility-month records made to reach their corner cases.
constexpr const char* kRecord = testing::kFacilityMonthRecord;

TEST(Verdicts, FastPathsAgreeWithTheExplainingEvaluator) {
  const std::string policy_text = R"(policy test.fast version 1.0.0 {
  title "t"
  schema facility-month/v1
}

param allowed = ["us-east", "eu-west", "ap-south", "eu-west"]
param numbers = [1 token, 7200000000 token]

rule fairness.in_param { require region in allowed }
rule fairness.not_in_param { require region not in allowed }
rule fairness.in_literal { require region in ["zz", "eu-west", "aa", "zz"] }
rule fairness.not_in_literal { require region not in ["zz", "aa"] }
rule fairness.in_empty_string { require region in ["", "eu-west"] }
rule fairness.in_numbers { require tokens_served in numbers }
rule fairness.in_with_field { require region in ["us-east", facility] }
rule fairness.min_max { require min(p.usd_per_mtok for p in prices) > 0 USD/Mtoken and max(p.usd_per_mtok for p in prices) / min(p.usd_per_mtok for p in prices) <= 1.10 }
rule fairness.filtered_min { require min(p.usd_per_mtok for p in prices where p.customer_class == "sme") >= 1.2 USD/Mtoken }
rule fairness.missing_filter { require max(p.usd_per_mtok for p in prices where p.usd_per_mtok > 1 USD/Mtoken) < 2 USD/Mtoken }
rule fairness.count_filter { require count(p for p in prices where p.usd_per_mtok > 1.15 USD/Mtoken) == 1 }
rule fairness.sum_mean { require sum(p.usd_per_mtok for p in prices) >= 2 * mean(p.usd_per_mtok for p in prices) }
rule fairness.sum_overflow { require sum(p.usd_per_mtok * 1e30 * 1e30 for p in prices) > 0 USD/Mtoken }
rule fairness.count_list { require count(prices) >= 1 and count(incidents) < 2 }
rule safety.repeated_in_body { require all i in incidents: i.reported_hours - i.detected_hours <= 24 h or min(p.usd_per_mtok for p in prices) < min(p.usd_per_mtok for p in prices where p.usd_per_mtok > 0 USD/Mtoken) }
rule fairness.currency_same { require max(p.usd_per_mtok for p in prices) - 1 USD/Mtoken < 5 USD/Mtoken }
rule safety.outer_variable { require all r in prices: max(p.usd_per_mtok for p in prices where p.customer_class == r.customer_class) <= 1.2 USD/Mtoken }
)";
  CompiledPolicy policy = CheckPolicyText("fast.policy", policy_text);
  ASSERT_TRUE(policy.ok()) << policy.RenderDiagnosticsText();
  auto program = Program::Compile(*policy.checked);
  VerdictEvaluator verdicts(*program);

  const std::string no_price = R"({"customer_class":"foreign"})";
  const std::vector<std::string> records = {
      kRecord,
      testing::ReplaceFirst(kRecord, R"("region":"eu-west",)", ""),  // missing
      testing::ReplaceFirst(kRecord, R"("region":"eu-west")", R"("region":"aa")"),
      testing::ReplaceFirst(kRecord, R"("region":"eu-west")", R"("region":"")"),
      testing::ReplaceFirst(kRecord, R"("region":"eu-west")", R"("region":"prov-007-f2")"),
      testing::ReplaceFirst(kRecord, R"("region":"eu-west")", R"("region":"eu-wes")"),
      testing::ReplaceFirst(kRecord, R"("tokens_served":7200000000)", R"("tokens_served":1)"),
      testing::ReplaceFirst(kRecord, R"("usd_per_mtok":1.1})", R"("usd_per_mtok":1.2})"),
      testing::ReplaceFirst(kRecord, R"("usd_per_mtok":1.1})", R"("usd_per_mtok":0})"),
      testing::ReplaceFirst(kRecord, R"({"customer_class":"domestic","usd_per_mtok":1.1})",
                            no_price),
      testing::ReplaceFirst(kRecord, R"({"customer_class":"sme","usd_per_mtok":1.2345},)",
                            no_price + ","),
      testing::ReplaceFirst(kRecord,
                            R"([{"customer_class":"sme","usd_per_mtok":1.2345},)"
                            R"({"customer_class":"domestic","usd_per_mtok":1.1}])",
                            "[]"),
      testing::ReplaceFirst(kRecord, R"("reported_hours":30)", R"("reported_hours":6)"),
      testing::ReplaceFirst(
          kRecord, R"("incidents":[)",
          R"("incidents":[)" +
              std::string(R"({"severity":"low","detected_hours":1,"reported_hours":2},)")),
  };
  std::map<Verdict, int> seen =
      testing::ExpectRecordVerdictsAgree(*program, verdicts, records, DaysFromCivil({2025, 1, 1}));
  for (Verdict v : {Verdict::kPass, Verdict::kFail, Verdict::kIndeterminate})
    EXPECT_GT(seen[v], 0) << VerdictName(v);
}

}  // namespace
}  // namespace gridlaw
