// libFuzzer target: arbitrary bytes as a `gridlaw test` test file (SPEC.md
// §21.1), decoded as if it lay in policies/tests/ of the source tree, so the
// claims files the seeds name ({"file": "claims/…"}) are found and decoded
// too (files are only read, never written).
//
// A refusal is an ordinary outcome; a crash, sanitizer report, uncaught
// exception, hang or out-of-memory is a bug. Also checked, aborting when
// broken:
//   1. a refusal has at least one error, each naming the file, and the
//      errors print as `gridlaw test` prints them, in text and in JSON (a
//      message that is not UTF-8 makes nlohmann's dump throw);
//   2. a decoded file keeps SPEC.md §21.1 and test_file.h: a policy path, at
//      least one case, case names non-empty and unique, each case with
//      claims and with something to expect, every expected verdict a
//      verdict name, verdicts sorted by subject then rule, statuses sorted
//      by subject.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "policytest/render.h"
#include "policytest/test_file.h"

#ifndef GRIDLAW_FUZZ_TESTS_DIR
#error "GRIDLAW_FUZZ_TESTS_DIR names policies/tests of the source tree (fuzz/CMakeLists.txt)"
#endif

namespace {

namespace pt = gridlaw::policytest;

std::string_view current_input;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "==== fuzz_policy_test: invariant broken: %s ====\n", what);
  std::fprintf(stderr, "---- input (%zu bytes) ----\n%.*s\n---- end of input ----\n",
               current_input.size(), static_cast<int>(current_input.size()), current_input.data());
  std::fflush(stderr);
  std::abort();
}

void CheckRefusal(const std::vector<pt::TestError>& errors, const std::string& path) {
  if (errors.empty()) Fail("a refusal without an error");
  for (const pt::TestError& e : errors) {
    if (e.file != path) Fail("an error names another file");
    if (e.message.empty()) Fail("an error without a message");
    if (!e.path.empty() && e.path.front() != '/') Fail("an error's pointer is not a pointer");
  }
  (void)pt::RenderErrorsText(errors);
  try {
    (void)pt::RenderErrorsJson(errors);
  } catch (const nlohmann::json::exception& ex) {
    std::fprintf(stderr, "%s\n%s", ex.what(), pt::RenderErrorsText(errors).c_str());
    Fail("the errors cannot be printed as JSON");
  }
}

void CheckFile(const pt::TestFile& file) {
  static const std::vector<std::string> verdict_names = pt::VerdictNames();
  if (file.policy.empty()) Fail("a decoded file without a policy path");
  if (file.cases.empty()) Fail("a decoded file without cases");
  std::set<std::string> names;
  for (const pt::TestCase& c : file.cases) {
    if (c.name.empty()) Fail("a decoded case without a name");
    if (!names.insert(c.name).second) Fail("two decoded cases share a name");
    if (c.claims.empty()) Fail("a decoded case without claims");
    if (c.verdicts.empty() && c.statuses.empty()) Fail("a decoded case expects nothing");
    for (const pt::ExpectedVerdict& v : c.verdicts) {
      if (std::find(verdict_names.begin(), verdict_names.end(), v.verdict) == verdict_names.end())
        Fail("an expected verdict that is not a verdict name");
    }
    const bool verdicts_sorted =
        std::is_sorted(c.verdicts.begin(), c.verdicts.end(),
                       [](const pt::ExpectedVerdict& a, const pt::ExpectedVerdict& b) {
                         return a.subject != b.subject ? a.subject < b.subject : a.rule < b.rule;
                       });
    if (!verdicts_sorted) Fail("expected verdicts not sorted by subject, then rule");
    const bool statuses_sorted =
        std::is_sorted(c.statuses.begin(), c.statuses.end(),
                       [](const pt::ExpectedStatus& a, const pt::ExpectedStatus& b) {
                         return a.subject < b.subject;
                       });
    if (!statuses_sorted) Fail("expected statuses not sorted by subject");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = std::string(GRIDLAW_FUZZ_TESTS_DIR) + "/fuzz.test.json";
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  current_input = bytes;
  std::vector<pt::TestError> errors;
  const std::optional<pt::TestFile> file = pt::DecodeTestFile(bytes, path, &errors);
  if (!file) {
    CheckRefusal(errors, path);
    return 0;
  }
  if (!errors.empty()) Fail("a decoded file with errors");
  CheckFile(*file);
  return 0;
}
