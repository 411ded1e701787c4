// gridlaw fmt [--check | --write] FILE...

#include <iostream>

#include "commands.h"
#include "diag/render.h"
#include "files.h"
#include "format/formatter.h"
#include "parse/parser.h"

namespace gridlaw::app {
namespace {

struct FmtOptions {
  std::vector<std::string> files;
  bool check = false;
  bool write = false;
};

int RunFmt(const FmtOptions& options) {
  int exit_code = kExitOk;
  for (const std::string& path : options.files) {
    std::string error;
    auto text = ReadFile(path, kMaxPolicyBytes, &error);
    if (!text) {
      std::cerr << "gridlaw fmt: " << error << "\n";
      return kExitUsage;
    }
    SourceFile source(path, std::move(*text));
    Diagnostics diagnostics;
    auto policy = ParsePolicy(source, diagnostics);
    if (!policy) {
      // Only text that parses can be formatted; its errors say why not.
      std::cerr << RenderText(source, diagnostics.Sorted());
      exit_code = kExitProblems;
      continue;
    }
    const std::string formatted = FormatPolicy(*policy);
    const bool changed = formatted != source.text();
    if (options.check) {
      if (changed) {
        std::cout << path << "\n";
        exit_code = kExitProblems;
      }
    } else if (options.write) {
      if (changed && !ReplaceFile(path, formatted, &error)) {
        std::cerr << "gridlaw fmt: " << error << "\n";
        return kExitUsage;
      }
    } else {
      std::cout << formatted;
    }
  }
  return exit_code;
}

}  // namespace

void AddFmtCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<FmtOptions>();
  CLI::App* cmd =
      app.add_subcommand("fmt", "Print policies in canonical layout (comments kept; idempotent)");
  auto* check = cmd->add_flag("--check", options->check,
                              "Print the files that are not formatted and exit 1 if any");
  auto* write = cmd->add_flag("--write", options->write, "Rewrite files in place");
  check->excludes(write);
  cmd->add_option("files", options->files, "Policy files")->required();
  cmd->callback([options, &run] { run = [options] { return RunFmt(*options); }; });
}

}  // namespace gridlaw::app
