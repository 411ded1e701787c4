// gridlaw check [--format text|json|sarif] FILE...

#include <fmt/format.h>

#include <iostream>
#include <map>

#include "commands.h"
#include "diag/render.h"
#include "files.h"
#include "frontend/frontend.h"
#include "policy_files.h"
#include "version.h"

namespace gridlaw::app {
namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::vector<std::string> policy_path;
};

int RunCheck(const CheckOptions& options) {
  std::vector<CompiledPolicy> compiled;
  int exit_code = kExitOk;
  for (const std::string& path : options.files) {
    std::string error;
    auto text = ReadFile(path, kMaxPolicyBytes, &error);
    if (!text) {
      std::cerr << "gridlaw check: " << error << "\n";
      return kExitUsage;
    }
    compiled.push_back(
        CheckPolicyText(path, std::move(*text), PolicyPathDirectories(options.policy_path)));
    if (compiled.back().diagnostics.has_errors()) exit_code = kExitProblems;
  }
  std::vector<FileDiagnostics> files;
  size_t errors = 0, warnings = 0;
  for (const auto& c : compiled) {
    for (auto& f : c.AllDiagnostics()) {
      if (f.file != c.source.get() && f.diagnostics.empty()) continue;
      for (const Diagnostic& d : f.diagnostics) {
        (d.severity == Severity::kError ? errors : warnings)++;
      }
      files.push_back(std::move(f));
    }
  }
  if (options.format == "json") {
    std::cout << RenderJson(files);
  } else if (options.format == "sarif") {
    std::cout << RenderSarif(files, GRIDLAW_VERSION);
  } else {
    for (const auto& f : files)
      std::cout << RenderText(*f.file, f.diagnostics);
    std::cout << fmt::format("{}: {} error{}, {} warning{} in {} file{}\n",
                             errors == 0 ? "ok" : "failed", errors, errors == 1 ? "" : "s",
                             warnings, warnings == 1 ? "" : "s", compiled.size(),
                             compiled.size() == 1 ? "" : "s");
  }
  return exit_code;
}

}  // namespace

void AddCheckCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Parse and check policies: syntax, names, schema fields, types and units");
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  AddPolicyPathOption(cmd, &options->policy_path);
  cmd->add_option("files", options->files, "Policy files")->required();
  cmd->callback([options, &run] { run = [options] { return RunCheck(*options); }; });
}

}  // namespace gridlaw::app
