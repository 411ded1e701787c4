#include "report_page.h"

#include <fmt/format.h>

#include "dsse/envelope.h"
#include "dsse/payload_types.h"
#include "report/report_html.h"
#include "strict/strict_json.h"

namespace gridlaw::server {
namespace {

// Reports are gridlaw's own canonical JSON; the strict reader still guards
// against a hostile file (depth, size, duplicate members).
std::optional<nlohmann::json> ParseReportJson(std::string_view bytes, const std::string& what,
                                              std::string* error) {
  const JsonLimits limits{
      .max_bytes = kMaxReportBytes, .max_depth = 64, .max_string_bytes = size_t{16} << 20};
  auto parsed = ParseStrictJson(bytes, limits);
  if (!parsed.ok()) {
    *error = what + " is not JSON: " + Describe(parsed.error());
    return std::nullopt;
  }
  return std::move(parsed).value();
}

}  // namespace

std::optional<std::string> ReportPageHtml(std::string_view bytes, const std::string& name,
                                          std::string* error) {
  auto report = ParseReportJson(bytes, name, error);
  if (!report) return std::nullopt;
  auto fail = [&](std::string message) {
    *error = std::move(message);
    return std::nullopt;
  };
  HtmlSource source;
  // A signed report: show its payload, say who signed it, verify nothing.
  if (report->is_object() && report->contains("payloadType")) {
    auto envelope = ParseEnvelope(bytes);
    if (!envelope.ok()) {
      return fail(name + " is not a valid DSSE envelope: " + Describe(envelope.error()));
    }
    if (envelope->payload_type != kReportPayloadType) {
      return fail(fmt::format("{} is a DSSE envelope of type {}, not a report ({})", name,
                              envelope->payload_type, kReportPayloadType));
    }
    report = ParseReportJson(envelope->payload, "the envelope's payload", error);
    if (!report) return std::nullopt;
    source.signed_envelope = true;
    for (const EnvelopeSignature& signature : envelope->signatures) {
      source.signer_key_ids.push_back(signature.keyid);
    }
  }
  if (const std::string problem = ReportShapeProblem(*report); !problem.empty()) {
    return fail(name + " is not a gridlaw report: " + problem);
  }
  return RenderReportHtml(*report, source);
}

}  // namespace gridlaw::server
