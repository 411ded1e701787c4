#include <nlohmann/json.hpp>

#include "diag/render.h"

namespace gridlaw {
namespace {

using nlohmann::ordered_json;

ordered_json RangeJson(const SourceRange& range) {
  return ordered_json{{"line", range.begin.line},
                      {"column", range.begin.column},
                      {"end_line", range.end.line},
                      {"end_column", range.end.column}};
}

// SARIF regions use 1-based lines and columns; ours count code points, which
// is what SARIF's default "utf16CodeUnits" approximates for BMP text, so the
// log states columnKind explicitly.
ordered_json SarifRegion(const SourceRange& range) {
  return ordered_json{{"startLine", range.begin.line},
                      {"startColumn", range.begin.column},
                      {"endLine", range.end.line},
                      {"endColumn", std::max(range.end.column, range.begin.column + 1)}};
}

ordered_json SarifLocation(const std::string& uri, const SourceRange& range) {
  return ordered_json{
      {"physicalLocation", {{"artifactLocation", {{"uri", uri}}}, {"region", SarifRegion(range)}}}};
}

}  // namespace

std::string RenderJson(const std::vector<FileDiagnostics>& files) {
  ordered_json out_files = ordered_json::array();
  size_t errors = 0;
  size_t warnings = 0;
  for (const auto& file : files) {
    ordered_json list = ordered_json::array();
    for (const Diagnostic& d : file.diagnostics) {
      (d.severity == Severity::kError ? errors : warnings)++;
      ordered_json item{{"severity", d.severity == Severity::kError ? "error" : "warning"},
                        {"code", InfoOf(d.code).id},
                        {"message", d.message}};
      item.update(RangeJson(d.range));
      ordered_json notes = ordered_json::array();
      for (const Note& note : d.notes) {
        ordered_json n{{"message", note.message}};
        if (note.range) n.update(RangeJson(*note.range));
        notes.push_back(std::move(n));
      }
      item["notes"] = std::move(notes);
      list.push_back(std::move(item));
    }
    out_files.push_back({{"file", file.file->name()}, {"diagnostics", std::move(list)}});
  }
  ordered_json doc{{"files", std::move(out_files)}, {"errors", errors}, {"warnings", warnings}};
  return doc.dump(2) + "\n";
}

std::string RenderSarif(const std::vector<FileDiagnostics>& files,
                        const std::string& tool_version) {
  ordered_json rules = ordered_json::array();
  for (const CodeInfo& info : AllCodes()) {
    rules.push_back(
        {{"id", info.id}, {"name", info.name}, {"shortDescription", {{"text", info.summary}}}});
  }
  ordered_json results = ordered_json::array();
  ordered_json artifacts = ordered_json::array();
  for (const auto& file : files) {
    artifacts.push_back({{"location", {{"uri", file.file->name()}}}});
    for (const Diagnostic& d : file.diagnostics) {
      const CodeInfo& info = InfoOf(d.code);
      size_t rule_index = 0;
      for (; rule_index < AllCodes().size(); ++rule_index) {
        if (AllCodes()[rule_index].code == d.code) break;
      }
      ordered_json result{
          {"ruleId", info.id},
          {"ruleIndex", rule_index},
          {"level", d.severity == Severity::kError ? "error" : "warning"},
          {"message", {{"text", d.message}}},
          {"locations", ordered_json::array({SarifLocation(file.file->name(), d.range)})}};
      ordered_json related = ordered_json::array();
      int id = 0;
      for (const Note& note : d.notes) {
        if (!note.range) continue;
        ordered_json loc = SarifLocation(file.file->name(), *note.range);
        loc["id"] = id++;
        loc["message"] = {{"text", note.message}};
        related.push_back(std::move(loc));
      }
      if (!related.empty()) result["relatedLocations"] = std::move(related);
      results.push_back(std::move(result));
    }
  }
  ordered_json run{
      {"tool",
       {{"driver", {{"name", "gridlaw"}, {"version", tool_version}, {"rules", std::move(rules)}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"artifacts", std::move(artifacts)},
      {"results", std::move(results)}};
  ordered_json log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", ordered_json::array({std::move(run)})}};
  return log.dump(2) + "\n";
}

}  // namespace gridlaw
