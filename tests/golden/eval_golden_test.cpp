// Golden evaluation tests: every directory tests/golden/eval/CASE/ holds
// policy.policy, claims/*.json, optionally `at` (YYYY-MM-DD), and
// expected.txt: one line per subject and rule, "provider/subject rule
// verdict: message", then the subject's status. GRIDLAW_UPDATE_GOLDEN=1
// rewrites expected.txt; review the diff. A `modules/` directory beside the
// policy is its policy path (extends/import); rules that override an
// inherited one show their reason, disabled rules are listed first.
//
// Each case is also evaluated on three threads, which must give the same
// run, and rendered as the JSON report, whose bytes must be canonical: what
// nlohmann::json parses from them, it dumps as the same bytes.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "claims/claims.h"
#include "diag/render.h"
#include "eval/program.h"
#include "eval/run.h"
#include "eval/tally.h"
#include "frontend/frontend.h"
#include "report/report.h"
#include "strict/strict_json.h"
#include "test_files.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

std::vector<std::filesystem::path> Cases() {
  std::vector<std::filesystem::path> cases;
  const auto root = testing::SourceDir() / "tests/golden/eval";
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.is_directory()) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

// The verdict counts of a case: from the explaining run, or from verdicts
// alone (TallyClaims) on three threads. "" when the case has no run.
std::string Counts(const std::filesystem::path& dir, bool verdicts_alone) {
  std::vector<std::string> policy_path;
  if (std::filesystem::exists(dir / "modules")) policy_path.push_back((dir / "modules").string());
  CompiledPolicy policy = CheckPolicyText(
      "policy.policy", testing::ReadFileOrEmpty(dir / "policy.policy"), policy_path);
  if (!policy.ok() || !std::filesystem::exists(dir / "claims")) return "";
  std::vector<Claim> claims;
  for (const auto& e : std::filesystem::directory_iterator(dir / "claims")) {
    JsonResult parsed = ParseStrictJson(testing::ReadFileOrEmpty(e.path()));
    std::vector<ClaimError> errors;
    auto claim = parsed.ok() ? DecodeClaim(parsed.value(), &errors) : std::nullopt;
    if (!claim) return "";
    claim->id = e.path().stem().string();
    claims.push_back(std::move(*claim));
  }
  std::optional<int64_t> at;
  const std::string at_text = testing::ReadFileOrEmpty(dir / "at");
  if (!at_text.empty()) at = DaysFromCivil(*ParseDate(at_text.substr(0, 10)));
  auto program = Program::Compile(*policy.checked);
  std::vector<InputError> errors;
  std::optional<RunTally> tally;
  if (verdicts_alone) {
    tally = TallyClaims(*program, claims, at, &errors, 3);
  } else if (auto run = Evaluate(*program, claims, at, &errors)) {
    tally = RunTally::Of(*program, *run);
  }
  if (!tally) return "";
  ReportInputs inputs;
  inputs.policy_id = policy.policy->header.id.text;
  return RenderReportSummary(*tally, inputs);
}

// The whole outcome of a case as text, errors included; with `json_report`
// set, the JSON report of the run instead (when there is one).
std::string Outcome(const std::filesystem::path& dir, unsigned threads = 1,
                    bool json_report = false) {
  std::vector<std::string> policy_path;
  if (std::filesystem::exists(dir / "modules")) policy_path.push_back((dir / "modules").string());
  CompiledPolicy policy = CheckPolicyText(
      "policy.policy", testing::ReadFileOrEmpty(dir / "policy.policy"), policy_path);
  if (!policy.ok()) return "policy errors:\n" + policy.RenderDiagnosticsText();
  std::vector<std::filesystem::path> files;
  if (std::filesystem::exists(dir / "claims")) {
    for (const auto& e : std::filesystem::directory_iterator(dir / "claims"))
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Claim> claims;
  std::string out;
  for (const auto& file : files) {
    JsonResult parsed = ParseStrictJson(testing::ReadFileOrEmpty(file));
    if (!parsed.ok()) {
      out += file.filename().string() + ": " + Describe(parsed.error()) + "\n";
      continue;
    }
    std::vector<ClaimError> errors;
    auto claim = DecodeClaim(parsed.value(), &errors);
    for (const auto& e : errors)
      out += fmt::format("{}: at {}: {}\n", file.filename().string(), e.path, e.message);
    if (!claim) continue;
    claim->id = file.stem().string();  // readable ids in expectations
    claims.push_back(std::move(*claim));
  }
  if (!out.empty()) return "claim errors:\n" + out;
  std::optional<int64_t> at;
  const std::string at_text = testing::ReadFileOrEmpty(dir / "at");
  if (!at_text.empty()) at = DaysFromCivil(*ParseDate(at_text.substr(0, 10)));
  auto program = Program::Compile(*policy.checked);
  std::vector<InputError> input_errors;
  auto run = Evaluate(*program, claims, at, &input_errors, /*with_series=*/json_report, threads);
  if (json_report) {
    if (!run) return "";
    ReportInputs inputs;
    inputs.policy_id = policy.policy->header.id.text;
    inputs.policy_version = policy.policy->header.version;
    inputs.engine_version = "test";
    for (const Claim& claim : claims) {
      ReportInputs::Input input;
      input.id = claim.id;
      inputs.inputs.push_back(std::move(input));
    }
    return RenderReportJson(*run, inputs);
  }
  if (!run) {
    out = "input errors:\n";
    for (const auto& e : input_errors)
      out += e.claim_id + ": " + e.message + "\n";
    return out;
  }
  out = "evaluated at " + FormatDate(CivilFromDays(run->evaluated_at)) + "\n";
  for (const auto& m : policy.modules)
    out += fmt::format("module {} {}\n", m.id, m.version);
  for (const auto& d : policy.disabled_rules)
    out += fmt::format("disabled {}: {}\n", d.id, d.reason);
  for (const SubjectResult& s : run->subjects) {
    for (const RuleResult& r : s.rules) {
      out += fmt::format("{}/{} {} {}: {}\n", s.provider, s.subject, r.rule_id,
                         VerdictName(r.verdict), r.message);
      if (!r.title.empty()) out += fmt::format("  title: {}\n", r.title);
      if (!r.override_reason.empty()) out += fmt::format("  overrides: {}\n", r.override_reason);
      out += fmt::format("  read: {}\n", fmt::join(r.attestations, " "));
    }
    out += fmt::format("{}/{} status: {}\n", s.provider, s.subject,
                       s.compliant ? "compliant" : "non_compliant");
  }
  return out;
}

class GoldenEval : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(GoldenEval, VerdictsMatch) {
  const auto& dir = GetParam();
  const std::string actual = Outcome(dir);
  if (testing::UpdatingGolden()) {
    testing::WriteFile(dir / "expected.txt", actual);
    GTEST_SKIP() << "updated " << dir / "expected.txt";
  }
  ASSERT_TRUE(std::filesystem::exists(dir / "expected.txt")) << "missing expected.txt in " << dir;
  EXPECT_EQ(actual, testing::ReadFileOrEmpty(dir / "expected.txt"));
}

TEST_P(GoldenEval, ThreeThreadsGiveTheSameRun) {
  EXPECT_EQ(Outcome(GetParam(), 3), Outcome(GetParam(), 1));
}

TEST_P(GoldenEval, JsonReportIsCanonicalAndTheSameOnThreeThreads) {
  const std::string report = Outcome(GetParam(), 1, true);
  // Cases of policy, claim or input errors have no run to report.
  if (!report.starts_with("{")) GTEST_SKIP() << "no run: the case expects errors";
  EXPECT_EQ(nlohmann::json::parse(report).dump() + "\n", report);
  EXPECT_EQ(Outcome(GetParam(), 3, true), report);
}

TEST_P(GoldenEval, VerdictsAloneCountAsTheExplainingRun) {
  const std::string counts = Counts(GetParam(), false);
  if (counts.empty()) GTEST_SKIP() << "no run: the case expects errors";
  EXPECT_EQ(Counts(GetParam(), true), counts);
}

INSTANTIATE_TEST_SUITE_P(Eval, GoldenEval, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return testing::TestNameOf(info.param); });

}  // namespace
}  // namespace gridlaw
