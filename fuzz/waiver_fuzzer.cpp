// libFuzzer target: arbitrary bytes as a waiver document (SPEC.md §20.1),
// read the way `gridlaw waiver sign` and `eval --waiver` read one: the strict
// JSON reader under the waiver size limit, then DecodeWaiver.
//
// A refusal is an ordinary outcome; a crash, sanitizer report, uncaught
// exception, hang or out-of-memory is a bug. Also checked, aborting when
// broken:
//   1. a refusal has at least one error, each with a W1xx code, and each
//      error can be written into a JSON report as `eval --waiver` writes it
//      (a message that is not UTF-8 makes nlohmann's dump throw);
//   2. a decoded waiver keeps SPEC.md §20.1: every member non-empty, within
//      its length limit and free of control characters, the id of id
//      characters only, valid_to not before valid_from;
//   3. a decoded waiver written back as JSON (dates and instant as text)
//      decodes to the same waiver.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strict/strict_json.h"
#include "time/civil_time.h"
#include "waiver/waiver.h"

namespace {

using gridlaw::Waiver;
using gridlaw::WaiverCode;
using gridlaw::WaiverError;
using nlohmann::json;

std::string_view current_input;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "==== fuzz_waiver: invariant broken: %s ====\n", what);
  std::fprintf(stderr, "---- input (%zu bytes) ----\n%.*s\n---- end of input ----\n",
               current_input.size(), static_cast<int>(current_input.size()), current_input.data());
  std::fflush(stderr);
  std::abort();
}

bool IsW1xx(WaiverCode code) {
  return code == WaiverCode::kWaiverJson || code == WaiverCode::kWaiverShape ||
         code == WaiverCode::kWaiverValue || code == WaiverCode::kWaiverWindow;
}

// The report's waivers section (engine/report/report_json.cpp) holds the
// refusal as "at PATH: MESSAGE"; `gridlaw waiver verify` prints Describe.
void CheckWritable(const WaiverError& e) {
  const std::string in_report = e.path.empty() ? e.message : "at " + e.path + ": " + e.message;
  try {
    (void)json{{"message", in_report}, {"describe", gridlaw::Describe(e)}}.dump();
  } catch (const json::exception& ex) {
    std::fprintf(stderr, "%s\nmessage: %s\n", ex.what(), in_report.c_str());
    Fail("a refusal cannot be written into a JSON report");
  }
}

void CheckText(const std::string& text, size_t max_bytes) {
  if (text.empty()) Fail("a decoded member is empty");
  if (text.size() > max_bytes) Fail("a decoded member is longer than its limit");
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    Fail("a decoded member has control characters");
  }
}

std::string Day(int64_t days) {
  return gridlaw::FormatDate(gridlaw::CivilFromDays(days));
}

void CheckWaiver(const Waiver& w) {
  CheckText(w.id, 64);
  if (!std::all_of(w.id.begin(), w.id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
      })) {
    Fail("a waiver id has a character other than letters, digits, '.', '_', '-'");
  }
  if (w.policy) CheckText(*w.policy, 256);
  CheckText(w.subject, 256);
  if (w.provider) CheckText(*w.provider, 256);
  CheckText(w.rule, 256);
  CheckText(w.reason, 2000);
  CheckText(w.issued_at_text, 40);
  if (w.valid_to < w.valid_from) Fail("valid_to before valid_from was accepted");

  json again = {{"waiver", w.id},
                {"subject", w.subject},
                {"rule", w.rule},
                {"valid_from", Day(w.valid_from)},
                {"valid_to", Day(w.valid_to)},
                {"reason", w.reason},
                {"issued_at", w.issued_at_text}};
  if (w.policy) again["policy"] = *w.policy;
  if (w.provider) again["provider"] = *w.provider;
  std::vector<WaiverError> errors;
  const std::optional<Waiver> round = gridlaw::DecodeWaiver(again, &errors);
  if (!round) {
    for (const WaiverError& e : errors)
      std::fprintf(stderr, "%s\n", gridlaw::Describe(e).c_str());
    Fail("a decoded waiver written back as JSON is refused");
  }
  if (round->id != w.id || round->policy != w.policy || round->subject != w.subject ||
      round->provider != w.provider || round->rule != w.rule || round->valid_from != w.valid_from ||
      round->valid_to != w.valid_to || round->reason != w.reason ||
      round->issued_at != w.issued_at || round->issued_at_text != w.issued_at_text) {
    Fail("a decoded waiver written back as JSON decodes to another waiver");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  current_input = bytes;
  gridlaw::JsonResult parsed =
      gridlaw::ParseStrictJson(bytes, gridlaw::JsonLimits{.max_bytes = gridlaw::kMaxWaiverBytes});
  if (!parsed.ok()) return 0;  // the strict reader has its own target, fuzz_json
  std::vector<WaiverError> errors;
  const std::optional<Waiver> waiver = gridlaw::DecodeWaiver(parsed.value(), &errors);
  if (!waiver) {
    if (errors.empty()) Fail("a refusal without an error");
    for (const WaiverError& e : errors) {
      if (!IsW1xx(e.code)) Fail("a document refusal with a code outside W1xx");
      CheckWritable(e);
    }
    return 0;
  }
  if (!errors.empty()) Fail("a decoded waiver with errors");
  CheckWaiver(*waiver);
  return 0;
}
