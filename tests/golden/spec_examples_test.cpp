// SPEC.md is kept true by running it: every ```gridlaw block is a complete
// policy that checks clean and is formatted; every ```gridlaw-error block
// starts with `# expect: E0xxx` and produces that code. The diagnostics table
// lists every code, and the schema section names every field.

#include <gtest/gtest.h>

#include <regex>

#include "diag/codes.h"
#include "diag/render.h"
#include "format/formatter.h"
#include "frontend/frontend.h"
#include "schema/schema.h"
#include "test_files.h"

namespace gridlaw {
namespace {

struct Example {
  std::string info;  // "gridlaw" or "gridlaw-error"
  int line = 0;      // line of the opening fence in SPEC.md
  std::string text;
};

std::vector<Example> ExamplesInSpec() {
  std::vector<Example> examples;
  std::istringstream in(testing::ReadFileOrEmpty(testing::SourceDir() / "SPEC.md"));
  std::string line;
  int number = 0;
  Example* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (open == nullptr && (line == "```gridlaw" || line == "```gridlaw-error")) {
      examples.push_back({line.substr(3), number, {}});
      open = &examples.back();
    } else if (open != nullptr && line == "```") {
      open = nullptr;
    } else if (open != nullptr) {
      open->text += line + "\n";
    }
  }
  return examples;
}

TEST(SpecExamples, ThereAreExamplesOfBothKinds) {
  int clean = 0, failing = 0;
  for (const auto& e : ExamplesInSpec())
    (e.info == "gridlaw" ? clean : failing)++;
  EXPECT_GE(clean, 5);
  EXPECT_GE(failing, 5);
}

TEST(SpecExamples, EachBehavesAsDocumented) {
  for (const auto& example : ExamplesInSpec()) {
    SCOPED_TRACE("SPEC.md:" + std::to_string(example.line));
    CompiledPolicy compiled = CheckPolicyText("example.policy", example.text);
    const std::string rendered = RenderText(*compiled.source, compiled.diagnostics.Sorted());
    if (example.info == "gridlaw") {
      ASSERT_NE(compiled.policy, nullptr) << rendered;
      EXPECT_TRUE(compiled.diagnostics.empty()) << rendered;
      EXPECT_EQ(FormatPolicy(*compiled.policy), example.text);
      continue;
    }
    std::smatch match;
    static const std::regex kExpect("^# expect: (E[0-9]{4})\n");
    ASSERT_TRUE(std::regex_search(example.text, match, kExpect))
        << "a gridlaw-error block starts with `# expect: E0xxx`";
    bool found = false;
    for (const auto& d : compiled.diagnostics.items())
      found = found || InfoOf(d.code).id == match[1].str();
    EXPECT_TRUE(found) << "expected " << match[1] << ", got:\n" << rendered;
  }
}

TEST(SpecExamples, DiagnosticsTableListsEveryCode) {
  const std::string spec = testing::ReadFileOrEmpty(testing::SourceDir() / "SPEC.md");
  for (const CodeInfo& info : AllCodes()) {
    EXPECT_NE(spec.find("| " + std::string(info.id) + " |"), std::string::npos)
        << info.id << " is missing from SPEC.md's diagnostics table";
  }
}

void CollectPaths(const FieldSpec& spec, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& f : spec.fields) {
    const std::string path = prefix + f.name + (f.is_list ? "[]" : "");
    out.push_back(path);
    if (f.kind == FieldKind::kRecord) CollectPaths(f, path + ".", out);
  }
}

TEST(SpecExamples, SchemaSectionNamesEveryField) {
  const std::string spec = testing::ReadFileOrEmpty(testing::SourceDir() / "SPEC.md");
  std::vector<std::string> paths;
  CollectPaths(ComputeFacilityV1().root, "", paths);
  for (const auto& path : paths) {
    EXPECT_NE(spec.find("`" + path + "`"), std::string::npos) << path << " missing from SPEC.md";
  }
}

// §22 has a row per facility-month/v1 field, with the field's unit.
TEST(SpecExamples, RecordStreamSectionNamesEveryFieldWithItsUnit) {
  const std::string spec = testing::ReadFileOrEmpty(testing::SourceDir() / "SPEC.md");
  const size_t start = spec.find("## 22. Record streams");
  ASSERT_NE(start, std::string::npos);
  const std::string section = spec.substr(start, spec.find("\n## 23.", start) - start);
  std::vector<std::string> paths;
  CollectPaths(FacilityMonthV1().root, "", paths);
  EXPECT_EQ(paths.size(), 20U);
  for (const auto& path : paths) {
    const size_t row = section.find("| `" + path + "` |");
    ASSERT_NE(row, std::string::npos) << path << " missing from SPEC.md §22";
    const std::string line = section.substr(row, section.find('\n', row) - row);
    const FieldSpec* field = FacilityMonthV1().root.Find(path);
    if (field != nullptr && field->kind == FieldKind::kQuantity) {
      EXPECT_NE(line.find("| " + field->unit + " |"), std::string::npos) << line;
    }
  }
}

}  // namespace
}  // namespace gridlaw
