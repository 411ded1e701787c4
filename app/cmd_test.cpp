// gridlaw test [--verbose] [--format text|json] [--coverage [--threshold N]] [PATH...]
//
// Runs policy test files (SPEC.md §21): each case's claims are decoded and
// evaluated exactly as `gridlaw eval` does (EvaluateClaims), and the
// verdicts compared with what the case expects. PATHs are test files or
// directories, searched recursively for *.test.json and *.policy; a policy
// found there that no test names counts as 0 % covered. Exit 0 when every
// case passes (and coverage meets --threshold), 1 when one does not, 2 for
// usage errors and refused test files.

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "commands.h"
#include "eval/program.h"
#include "evaluate_claims.h"
#include "frontend/frontend.h"
#include "policy_files.h"
#include "policytest/case_check.h"
#include "policytest/coverage.h"
#include "policytest/render.h"
#include "policytest/test_file.h"

namespace gridlaw::app {
namespace {

namespace fs = std::filesystem;
using policytest::TestCode;
using policytest::TestError;

struct TestOptions {
  std::vector<std::string> paths;
  bool verbose = false;
  std::string format = "text";
  bool coverage = false;
  std::optional<int> threshold;
  std::vector<std::string> policy_path;  // where extends/import find modules
};

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Test files and policies under the PATHs, each list sorted and without
// duplicates. A path that does not exist is a usage error (false).
bool Discover(const std::vector<std::string>& paths, std::vector<std::string>* tests,
              std::vector<std::string>* policies, std::vector<TestError>* errors) {
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      std::cerr << "gridlaw test: no such file or directory: " << path << "\n";
      return false;
    }
    if (!fs::is_directory(path, ec)) {
      (EndsWith(path, ".policy") ? policies : tests)
          ->push_back(fs::path(path).lexically_normal().string());
      continue;
    }
    bool found = false;
    for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
      if (!entry.is_regular_file()) continue;
      const std::string file = entry.path().lexically_normal().string();
      if (EndsWith(file, ".test.json")) {
        tests->push_back(file);
        found = true;
      } else if (EndsWith(file, ".policy")) {
        policies->push_back(file);
        found = true;
      }
    }
    if (!found) {
      errors->push_back(
          TestError{TestCode::kNoTests, path, "", "holds no *.test.json file and no *.policy"});
    }
  }
  for (auto* list : {tests, policies}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  return true;
}

// A policy read and checked once, however many test files name it.
struct TestedPolicy {
  std::unique_ptr<CompiledPolicy> compiled;  // outlives `program`
  std::unique_ptr<Program> program;
  policytest::PolicyCoverage coverage;
};

// The policy at `path`, or why it cannot be tested.
std::optional<TestedPolicy> OpenTestedPolicy(const std::string& path,
                                             const std::vector<std::string>& policy_path,
                                             std::string* error) {
  auto loaded = LoadPolicy(path, nullptr, 0, false, error);
  if (!loaded) return std::nullopt;
  TestedPolicy policy;
  policy.compiled = std::make_unique<CompiledPolicy>(
      CheckPolicyText(path, loaded->text, PolicyPathDirectories(policy_path)));
  if (!policy.compiled->ok()) {
    *error = "the policy " + path + " has errors; run: gridlaw check " + path;
    return std::nullopt;
  }
  policy.program = Program::Compile(*policy.compiled->checked);
  policy.coverage = policytest::CoverageOf(path, *policy.program);
  return policy;
}

// The key a policy is known by, so that two spellings of one file meet.
std::string PolicyKey(const std::string& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

int Refuse(const TestOptions& options, const std::vector<TestError>& errors) {
  if (options.format == "json") {
    std::cout << policytest::RenderErrorsJson(errors);
  } else {
    std::cerr << policytest::RenderErrorsText(errors)
              << "gridlaw test: test files were refused (see above); no case was run\n";
  }
  return kExitUsage;
}

int RunTests(const TestOptions& options) {
  std::vector<std::string> test_paths, policy_paths;
  std::vector<TestError> errors;
  const std::vector<std::string> roots =
      options.paths.empty() ? std::vector<std::string>{"policies"} : options.paths;
  if (!Discover(roots, &test_paths, &policy_paths, &errors)) return kExitUsage;

  std::vector<policytest::TestFile> files;
  for (const std::string& path : test_paths) {
    auto file = policytest::ReadTestFile(path, &errors);
    if (file) files.push_back(std::move(*file));
  }

  // Policies in the scanned directories first (their paths name them in
  // the coverage), then those the test files name.
  std::map<std::string, TestedPolicy> policies;
  for (const std::string& path : policy_paths) {
    std::string error;
    auto policy = OpenTestedPolicy(path, options.policy_path, &error);
    if (!policy) {
      errors.push_back(TestError{TestCode::kBadPolicy, path, "", error});
      continue;
    }
    policies.emplace(PolicyKey(path), std::move(*policy));
  }
  for (policytest::TestFile& file : files) {
    const std::string key = PolicyKey(file.policy);
    auto found = policies.find(key);
    if (found == policies.end()) {
      std::string error;
      auto policy = OpenTestedPolicy(file.policy, options.policy_path, &error);
      if (!policy) {
        errors.push_back(TestError{TestCode::kBadPolicy, file.path, file.policy_pointer, error});
        continue;
      }
      found = policies.emplace(key, std::move(*policy)).first;
    }
    found->second.coverage.tested = true;
    std::vector<std::string> rule_ids;
    for (const auto& rule : found->second.program->rules())
      rule_ids.push_back(rule.id);
    policytest::CheckRuleIds(file, rule_ids, &errors);
  }
  if (!errors.empty()) return Refuse(options, errors);

  policytest::TestRunReport report;
  for (const policytest::TestFile& file : files) {
    TestedPolicy& policy = policies.at(PolicyKey(file.policy));
    for (const policytest::TestCase& test : file.cases) {
      // The evaluation `gridlaw eval` runs, on the case's claims.
      ReportInputs inputs;
      std::string error;
      auto run =
          EvaluateClaims(*policy.compiled, "", test.claims, test.at, false, {}, &inputs, &error,
                         /*threads=*/1);
      if (!run) {
        errors.push_back(TestError{TestCode::kInputError, file.path, test.path + "/claims", error});
        continue;
      }
      report.cases.push_back(policytest::CheckCase(file.path, test, *run));
      policytest::Record(*run, &policy.coverage);
    }
  }
  if (!errors.empty()) return Refuse(options, errors);

  report.with_coverage = options.coverage;
  report.threshold = options.threshold;
  for (auto& [key, policy] : policies)
    report.coverage.push_back(std::move(policy.coverage));
  std::sort(report.coverage.begin(), report.coverage.end(),
            [](const auto& a, const auto& b) { return a.policy < b.policy; });

  std::cout << (options.format == "json" ? policytest::RenderJson(report)
                                         : policytest::RenderText(report, options.verbose));
  if (report.failed() > 0) return kExitProblems;
  return report.MeetsThreshold() ? kExitOk : kExitProblems;
}

}  // namespace

void AddTestCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "test", "Run policy test cases (*.test.json): expected verdicts, with rule coverage");
  AddPolicyPathOption(cmd, &options->policy_path);
  cmd->add_flag("-v,--verbose", options->verbose, "List every case, not only the failing ones");
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  auto* coverage =
      cmd->add_flag("--coverage", options->coverage, "Report rule and outcome coverage per policy");
  cmd->add_option("--threshold", options->threshold,
                  "With --coverage: fail when a policy's rule coverage is below N percent")
      ->check(CLI::Range(0, 100))
      ->needs(coverage);
  cmd->add_option("paths", options->paths,
                  "Test files, or directories searched recursively for *.test.json and *.policy "
                  "(default: policies)");
  cmd->callback([options, &run] { run = [options] { return RunTests(*options); }; });
}

}  // namespace gridlaw::app
