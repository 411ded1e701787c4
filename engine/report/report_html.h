#pragma once
// The auditor's HTML view of a canonical JSON report (SPEC.md §13.6, §17.1):
// one self-contained HTML5 page (inline style, one small inline script for
// the verdict filters, inline SVG charts; nothing is fetched) that reads the
// same with scripts disabled and prints black on white.
//
// The report is hostile input: its text comes from provider claims and
// policy text. Every string from it is HTML-escaped, and the page carries a
// Content-Security-Policy that lets only its own script run, so a missed
// escape still could not execute anything. Members of the wrong type are
// shown as absent rather than thrown on.
//
// The page is a pure function of its inputs: the same report and source give
// the same bytes (no clock, no random ids, no locale).

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace gridlaw {

// Where the report came from, for the page's provenance notice. The HTML
// view never verifies a signature; it only says that there was one.
struct HtmlSource {
  bool signed_envelope = false;             // the file was a DSSE report envelope
  std::vector<std::string> signer_key_ids;  // keyids as written there ("" when absent)
};

// "" when `report` has the shape of a gridlaw report (an object with
// `policy`, `subjects` whose verdicts name a rule and a verdict, and
// `summary`), else what is missing, for an error message.
std::string ReportShapeProblem(const nlohmann::json& report);

// The page. `report` should pass ReportShapeProblem; anything else still
// renders, with the missing parts left out.
std::string RenderReportHtml(const nlohmann::json& report, const HtmlSource& source);

}  // namespace gridlaw
