#include "frontend/frontend.h"

#include "modules/module_index.h"

namespace gridlaw {

bool CompiledPolicy::ok() const {
  if (policy == nullptr || diagnostics.has_errors()) return false;
  for (const auto& m : module_files) {
    if (m.diagnostics.has_errors()) return false;
  }
  return checked.has_value();
}

std::vector<FileDiagnostics> CompiledPolicy::AllDiagnostics() const {
  std::vector<FileDiagnostics> files;
  files.push_back({source.get(), diagnostics.Sorted()});
  for (const auto& m : module_files)
    files.push_back({m.source.get(), m.diagnostics.Sorted()});
  return files;
}

std::string CompiledPolicy::RenderDiagnosticsText() const {
  std::string out;
  for (const auto& f : AllDiagnostics())
    out += RenderText(*f.file, f.diagnostics);
  return out;
}

CompiledPolicy CheckPolicyText(std::string name, std::string text, const ParseLimits& limits) {
  return CheckPolicyText(std::move(name), std::move(text), {}, limits);
}

CompiledPolicy CheckPolicyText(std::string name, std::string text,
                               const std::vector<std::string>& policy_path,
                               const ParseLimits& limits) {
  CompiledPolicy result;
  result.source = std::make_unique<SourceFile>(std::move(name), std::move(text));
  result.policy = ParsePolicy(*result.source, result.diagnostics, limits);
  if (!result.policy) return result;
  if (!modules::UsesModules(*result.policy)) {
    result.checked = CheckPolicy(*result.source, *result.policy, result.diagnostics);
    return result;
  }
  // The linker consumes a parse of its own; `policy` stays as written (fmt).
  Diagnostics ignored;
  auto copy = ParsePolicy(*result.source, ignored, limits);
  const auto index = modules::ModuleIndex::Scan(policy_path);
  auto linked = modules::Link(*result.source, std::move(copy), index, result.diagnostics);
  result.merged = std::move(linked.merged);
  result.checked = std::move(linked.checked);
  result.module_files = std::move(linked.module_files);
  result.modules = std::move(linked.modules);
  result.disabled_rules = std::move(linked.disabled_rules);
  return result;
}

}  // namespace gridlaw
