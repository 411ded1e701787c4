// libFuzzer target: arbitrary bytes through strict JSON intake.
//
// A refusal is an ordinary outcome; a crash, sanitizer report, uncaught
// exception, hang or out-of-memory is a bug. Besides that, checked and
// aborting when broken:
//   1. strict intake accepts a subset of what nlohmann accepts, with the same
//      value (nlohmann::json::parse as the reference);
//   2. a refusal has an offset inside the input, a path that is an RFC 6901
//      pointer ("" or starting with "/") and a message and path that are
//      UTF-8 (reports, test output and HTTP errors carry them in JSON);
//   3. an accepted document, written out by nlohmann, reads back equal;
//   4. the fast path for plain documents changes nothing: ParseStrictJson
//      and the nlohmann-only path give the same tree (same text and number
//      types) or the same error (code, path, offset, message);
//   5. what the tree-less reader (strict/plain_fields.h) accepts, strict
//      intake accepts, and the values it shows are the tree's: the same
//      kinds and strings at the same paths.
// Inputs run twice: at the default limits and at small ones (depth 4,
// strings of 16 bytes, 256 bytes in all), so the limit paths are fuzzed too.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "strict/plain_fields.h"
#include "strict/strict_json.h"
#include "utf8/utf8.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "==== fuzz_json: invariant broken: %s ====\ninput (%zu bytes): %.*s\n", what,
               input.size(), static_cast<int>(std::min<size_t>(input.size(), 2000)), input.data());
  std::abort();
}

// One line per value: its path, its kind and, for strings, the text.
std::string Line(const std::string& path, gridlaw::json_detail::PlainKind kind,
                 std::string_view text) {
  return path + " " + std::to_string(static_cast<int>(kind)) + " " + std::string(text);
}

struct Transcript {
  std::vector<std::string> lines;
  bool Value(std::span<const gridlaw::json_detail::PlainStep> path,
             gridlaw::json_detail::PlainKind kind, std::string_view text) {
    std::string where;
    for (const auto& step : path)
      where += step.in_array ? "[" + std::to_string(step.index) + "]" : "/" + std::string(step.key);
    using gridlaw::json_detail::PlainKind;
    lines.push_back(Line(where, kind, kind == PlainKind::kString ? text : ""));
    return true;
  }
};

void Walk(const nlohmann::json& value, const std::string& where, std::vector<std::string>& lines) {
  using gridlaw::json_detail::PlainKind;
  if (value.is_object()) {
    lines.push_back(Line(where, PlainKind::kObject, ""));
    for (const auto& [name, member] : value.items())
      Walk(member, where + "/" + name, lines);
  } else if (value.is_array()) {
    lines.push_back(Line(where, PlainKind::kArray, ""));
    for (size_t i = 0; i < value.size(); ++i)
      Walk(value[i], where + "[" + std::to_string(i) + "]", lines);
  } else if (value.is_string()) {
    lines.push_back(Line(where, PlainKind::kString, value.get_ref<const std::string&>()));
  } else {
    lines.push_back(Line(where, value.is_number() ? PlainKind::kNumber : PlainKind::kLiteral, ""));
  }
}

void CheckWithoutTree(std::string_view input, const gridlaw::JsonLimits& limits,
                      const gridlaw::JsonResult& result) {
  Transcript transcript;
  if (!gridlaw::json_detail::ReadPlainFields(input, limits, transcript)) return;
  if (!result.ok()) Fail("the tree-less reader accepted what strict intake refuses", input);
  std::vector<std::string> expected;
  Walk(*result, "", expected);
  // Objects' members come in the tree's order there, in the document's here.
  std::sort(expected.begin(), expected.end());
  std::sort(transcript.lines.begin(), transcript.lines.end());
  if (expected != transcript.lines) Fail("the tree-less reader shows values the tree lacks", input);
}

void Check(std::string_view input, const gridlaw::JsonLimits& limits) {
  const gridlaw::JsonResult result = gridlaw::ParseStrictJson(input, limits);
  const gridlaw::JsonResult slow =
      gridlaw::json_detail::ParseStrictJsonThroughNlohmann(input, limits);
  if (result.ok() != slow.ok()) Fail("the fast path and nlohmann disagree on acceptance", input);
  if (result.ok() && !gridlaw::json_detail::IdenticalTrees(*result, *slow))
    Fail("the fast path and nlohmann read different trees", input);
  if (!result.ok()) {
    const gridlaw::JsonError& a = result.error();
    const gridlaw::JsonError& b = slow.error();
    if (a.code != b.code || a.path != b.path || a.offset != b.offset || a.message != b.message)
      Fail("the fast path and nlohmann give different errors", input);
  }
  CheckWithoutTree(input, limits, result);
  if (!result.ok()) {
    const gridlaw::JsonError& error = result.error();
    if (error.offset > input.size()) Fail("error offset past the end of the input", input);
    if (!error.path.empty() && error.path[0] != '/') Fail("error path is not a pointer", input);
    if (gridlaw::FindInvalidUtf8(error.message) || gridlaw::FindInvalidUtf8(error.path))
      Fail("error message or path is not UTF-8", input);
    (void)gridlaw::Describe(error);
    return;
  }
  nlohmann::json reference;
  try {
    reference = nlohmann::json::parse(input);
  } catch (const nlohmann::json::exception&) {
    Fail("strict intake accepted what nlohmann refuses", input);
  }
  if (reference != *result) Fail("strict intake and nlohmann read different values", input);
  const std::string written = result->dump();
  if (nlohmann::json::parse(written) != *result)
    Fail("written document reads back different", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Check(input, gridlaw::JsonLimits{});
  Check(input, gridlaw::JsonLimits{.max_bytes = 256, .max_depth = 4, .max_string_bytes = 16});
  return 0;
}
