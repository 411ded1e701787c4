// The auditor's HTML page for a canonical JSON report (report_html.h).
//
// Stable hooks, for tests and for anyone who styles or scrapes the page.
// Nothing else in the markup is promised.
//
//   #report-header       header: policy, digests, engine, date, inputs, ledger
//   #provenance          whether the file was a signed envelope, and by whom
//   #summary             overall status and the table of subjects
//     .overall[data-status]        the report's summary status
//     table.subjects tr.subject-row[data-status]   one row per subject
//   #filters             verdict checkboxes (hidden until the script runs)
//     input[value=VERDICT]         one per verdict
//   #rules               every subject's rules
//     section.subject#subject-N[data-subject="PROVIDER/SUBJECT"][data-status]
//                                  N counts subjects from 1 in report order
//     table.rules tbody.rule-group one per verdict: the rule row, then its chart row
//     tr.rule[data-verdict][data-rule]   one per verdict in the report. No
//                                  other element carries data-verdict, and the
//                                  style's selectors leave its value unquoted,
//                                  so the text data-verdict="fail" occurs once
//                                  per failing verdict
//     tr.chart-row                 follows a tr.rule whose verdict has a measure
//     svg.chart[data-rule][data-subject]  one per measured verdict (svg_chart.h)
//   #waivers             the waivers given, each with its status (only when
//                        the report has a `waivers` section, SPEC §20)
//     tr.waiver[data-status][data-waiver]  one per waiver
//   #inputs              the report's inputs, collapsed
//   .badge.v-VERDICT     a verdict badge; .status.s-STATUS a status
//   body.hide-VERDICT    set by the filters: rows of that verdict are hidden;
//                        section.subject.filtered-out: a subject left with none
//
// The filters are the only script. The page reads the same without it (the
// filter controls then stay hidden) and a URL fragment `#verdicts=fail,warn`
// preselects them.

#include "report/report_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <vector>

#include "report/markup.h"
#include "report/svg_chart.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

using nlohmann::json;

// The verdicts in the order an auditor reads them: what decides first.
// `exempt` (SPEC §20) is shown only for reports of runs given waivers, so
// that a page without waivers is what it always was.
constexpr std::array<std::string_view, 6> kVerdictOrder = {
    "fail", "indeterminate", "warn", "exempt", "pass", "not_applicable"};
using VerdictOrder = std::vector<std::string_view>;

VerdictOrder VerdictsShown(const json& report) {
  VerdictOrder order;
  const bool with_waivers = report.is_object() && report.contains("waivers");
  for (std::string_view v : kVerdictOrder) {
    if (v != "exempt" || with_waivers) order.push_back(v);
  }
  return order;
}

// The page's only script. Its SHA-256 is in the Content-Security-Policy
// below; html_report_test recomputes both hashes, so an edit here that
// forgets the policy fails the build's tests rather than the page silently.
constexpr std::string_view kFilterScript =
    R"JS((function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filters input'));
  var body = document.body;
  function apply() {
    boxes.forEach(function (box) { body.classList.toggle('hide-' + box.value, !box.checked); });
    document.querySelectorAll('section.subject').forEach(function (section) {
      var rows = Array.prototype.slice.call(section.querySelectorAll('tr.rule'));
      var shown = rows.some(function (row) {
        return !body.classList.contains('hide-' + row.getAttribute('data-verdict'));
      });
      section.classList.toggle('filtered-out', !shown);
    });
  }
  var wanted = /^#verdicts=([a-z_,]*)$/.exec(window.location.hash);
  if (wanted) {
    var names = wanted[1].split(',');
    boxes.forEach(function (box) { box.checked = names.indexOf(box.value) >= 0; });
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  document.getElementById('filters').hidden = false;
  apply();
})();
)JS";

constexpr std::string_view kStyle = R"CSS(
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --hairline: #e8ebef; --faint: #f6f8fa;
  --pass: #1a7f37; --pass-bg: #e6f4ea; --warn: #8a5a00; --warn-bg: #fff5cc;
  --fail: #c4112a; --fail-bg: #fde8ea; --indeterminate: #7a3fc7; --indeterminate-bg: #f4ecfd;
  --not_applicable: #6e7781; --not_applicable-bg: #f3f4f6; --other: #6e7781; --other-bg: #f3f4f6;
  --exempt: #0b6b8a; --exempt-bg: #e3f3f8;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1320px; padding: 28px 32px 56px; color: var(--ink);
  background: #fff; font: 13px/1.45 var(--sans); font-variant-numeric: tabular-nums; }
code, .mono { font-family: var(--mono); font-size: 0.92em; }
h1 { font-size: 21px; font-weight: 600; margin: 2px 0 14px; letter-spacing: -0.01em; }
h1 code { font-size: inherit; }
h1 .version { color: var(--muted); font-weight: 400; font-size: 15px; margin-left: 4px; }
h2 { font-size: 13px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em;
  color: var(--muted); margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; font-weight: 600; margin: 0; }
a { color: inherit; }
.kicker { margin: 0; font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px 28px;
  margin: 0 0 16px; }
dl.facts div { min-width: 0; }
dl.facts dt { font-size: 0.85em; color: var(--muted); }
dl.facts dd { margin: 1px 0 0; overflow-wrap: anywhere; }
#provenance { margin: 0; padding: 8px 12px; border-left: 3px solid var(--line); background: var(--faint); }
#provenance.signed { border-left-color: var(--pass); }
#provenance.unsigned { border-left-color: var(--warn); }
.overall { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 14px; margin: 0 0 12px; }
.overall .status { font-size: 14px; padding: 2px 10px; }
.overall .totals { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-size: 0.85em; font-weight: 600; color: var(--muted); padding: 5px 8px;
  border-bottom: 1px solid var(--line); white-space: nowrap; }
td { padding: 6px 8px; border-top: 1px solid var(--hairline); vertical-align: top; }
.num { text-align: right; width: 5.5em; }
.zero { color: #b6bec7; }
.badge, .status { display: inline-block; padding: 0 7px; border: 1px solid currentColor; border-radius: 3px;
  font-size: 0.85em; font-weight: 600; line-height: 1.5; white-space: nowrap; }
.v-pass { --c: var(--pass); --c-bg: var(--pass-bg); }
.v-warn { --c: var(--warn); --c-bg: var(--warn-bg); }
.v-fail { --c: var(--fail); --c-bg: var(--fail-bg); }
.v-indeterminate { --c: var(--indeterminate); --c-bg: var(--indeterminate-bg); }
.v-not_applicable { --c: var(--not_applicable); --c-bg: var(--not_applicable-bg); }
.v-exempt { --c: var(--exempt); --c-bg: var(--exempt-bg); }
.v-other { --c: var(--other); --c-bg: var(--other-bg); }
.badge { color: var(--c); background: var(--c-bg); }
.status.s-compliant { color: var(--pass); background: var(--pass-bg); }
.status.s-non_compliant { color: #fff; background: var(--fail); border-color: var(--fail); }
.status.s-other { color: var(--other); background: var(--other-bg); }
.count-fail:not(.zero) { color: var(--fail); font-weight: 600; }
.count-indeterminate:not(.zero) { color: var(--indeterminate); font-weight: 600; }
.count-warn:not(.zero) { color: var(--warn); font-weight: 600; }
#filters { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; align-items: center;
  gap: 4px 18px; margin: 18px 0 0; padding: 8px 0; border: 0; border-bottom: 1px solid var(--line);
  background: #fff; }
#filters[hidden] { display: none; }
#filters legend { float: left; padding: 0; margin-right: 4px; color: var(--muted); }
#filters label { display: inline-flex; align-items: center; gap: 5px; cursor: pointer; }
#filters .n { color: var(--muted); }
section.subject { margin: 26px 0 0; }
section.subject.filtered-out { display: none; }
.subject-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; padding-bottom: 6px; }
.subject-meta { color: var(--muted); }
.subject-meta .sep { padding: 0 3px; color: #b6bec7; }
.discrepancies, .mismatch { margin: 2px 0 8px; padding: 6px 12px; border-left: 3px solid var(--warn);
  background: var(--warn-bg); list-style: none; }
table.rules { table-layout: fixed; }
table.rules col.verdict { width: 116px; }
table.rules col.rule { width: 25%; }
table.rules col.severity { width: 74px; }
table.rules col.cite { width: 21%; }
tr.rule td { border-top: 1px solid var(--hairline); }
tbody.rule-group:first-of-type tr.rule td { border-top: 0; }
tr.rule .rule-id { font-family: var(--mono); font-size: 0.92em; overflow-wrap: break-word; }
tr.rule .title { margin-top: 1px; }
tr.rule .message { font-family: var(--mono); font-size: 0.92em; white-space: pre-wrap; overflow-wrap: anywhere; }
tr.rule .reads { margin-top: 2px; font-size: 0.85em; color: var(--muted); }
tr.rule .cite { font-size: 0.92em; color: var(--muted); overflow-wrap: anywhere; }
tr.rule .severity-critical { font-weight: 600; }
tr.rule[data-verdict=not_applicable] td:not(:first-child) { color: var(--muted); }
tr.chart-row td { border-top: 0; padding: 2px 8px 14px; }
svg.chart { display: block; width: 100%; max-width: 900px; height: auto; overflow: visible; }
svg.chart text { font-family: var(--sans); font-size: 10px; fill: var(--muted); }
svg.chart .chart-title { font-size: 12px; font-weight: 600; fill: var(--ink); }
svg.chart .legend { fill: var(--ink); }
svg.chart .note { font-size: 11px; font-style: italic; }
svg.chart .period.skipped { font-style: italic; fill: #9aa3ad; }
svg.chart .grid { stroke: var(--hairline); fill: none; }
svg.chart .axis { stroke: #8c959f; fill: none; }
svg.chart .limit { stroke: #24292f; stroke-width: 1.3; stroke-dasharray: 5 3; fill: none; }
svg.chart .compliant-side { fill: var(--pass); opacity: 0.07; }
svg.chart .no-attestation { fill: #eef0f3; }
svg.chart .series { stroke: #9aa3ad; stroke-width: 1.2; fill: none; }
svg.chart .mark { fill: var(--c); stroke: #fff; stroke-width: 0.8; }
svg.chart .mark.hollow { fill: #fff; stroke: var(--c); stroke-width: 1.6; }
svg.chart .missing { stroke: var(--c); stroke-width: 1.8; fill: none; }
svg.chart .value-label { font-size: 11px; font-weight: 600; fill: var(--c); }
svg.chart .limit-label { fill: var(--ink); }
.reading { color: var(--muted); margin: 8px 0 0; }
#inputs { margin-top: 32px; }
#inputs summary { cursor: pointer; font-weight: 600; }
table.inputs td { font-size: 0.92em; }
footer { margin-top: 40px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.85em; }
body.hide-pass tr.rule[data-verdict=pass], body.hide-pass tr.rule[data-verdict=pass] + tr.chart-row,
body.hide-warn tr.rule[data-verdict=warn], body.hide-warn tr.rule[data-verdict=warn] + tr.chart-row,
body.hide-fail tr.rule[data-verdict=fail], body.hide-fail tr.rule[data-verdict=fail] + tr.chart-row,
body.hide-indeterminate tr.rule[data-verdict=indeterminate],
body.hide-indeterminate tr.rule[data-verdict=indeterminate] + tr.chart-row,
body.hide-not_applicable tr.rule[data-verdict=not_applicable],
body.hide-not_applicable tr.rule[data-verdict=not_applicable] + tr.chart-row,
body.hide-exempt tr.rule[data-verdict=exempt],
body.hide-exempt tr.rule[data-verdict=exempt] + tr.chart-row { display: none; }
@media print {
  @page { margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10.5px; color: #000; background: #fff; }
  #filters, #inputs { display: none !important; }
  h2 { color: #000; border-bottom-color: #000; break-after: avoid; }
  .subject-head, .subject-meta { break-after: avoid; }
  thead { display: table-header-group; }
  tbody.rule-group, tr, svg.chart, table.subjects tr { break-inside: avoid; }
  .badge, .status, .status.s-non_compliant, .status.s-compliant { color: #000; background: #fff; border-color: #000; }
  .badge.v-fail, .status.s-non_compliant { font-weight: 700; }
  .count-fail:not(.zero), .count-indeterminate:not(.zero), .count-warn:not(.zero) { color: #000; }
  tr.rule .cite, tr.rule .reads, .subject-meta, dl.facts dt, th, tr.rule[data-verdict=not_applicable] td { color: #333; }
  #provenance, .discrepancies, .mismatch { background: #fff; border-left-color: #000; }
  svg.chart { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { text-decoration: none; }
}
)CSS";

// Content-Security-Policy: nothing may be fetched, and only the style and
// script above may apply (by their SHA-256, base64), so markup that slipped
// through escaping still could not run or restyle anything.
constexpr std::string_view kStyleSha256 = "mNcsqb5DibRm6Fti5nLmzwSPqx3cHFq19/INExZEY7c=";
constexpr std::string_view kScriptSha256 = "zEAwocD7vJ2+NZ96Blo5hteUoUcXYdValVFFw+XZZXQ=";

// --- Reading the report without trusting its types ------------------------

const json& Member(const json& object, const char* key) {
  static const json kAbsent;
  if (!object.is_object()) return kAbsent;
  const auto it = object.find(key);
  return it == object.end() ? kAbsent : *it;
}

// A member as text: strings as they are, numbers and booleans as JSON
// writes them, anything else as "".
std::string Text(const json& object, const char* key) {
  const json& value = Member(object, key);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned() || value.is_boolean()) {
    return value.dump();
  }
  return "";
}

const json& List(const json& object, const char* key) {
  static const json kEmpty = json::array();
  const json& value = Member(object, key);
  return value.is_array() ? value : kEmpty;
}

std::string Escaped(const json& object, const char* key) {
  return EscapeMarkup(Text(object, key));
}

bool KnownVerdict(std::string_view verdict) {
  return std::find(kVerdictOrder.begin(), kVerdictOrder.end(), verdict) != kVerdictOrder.end();
}

std::string VerdictLabel(std::string_view verdict) {
  return verdict == "not_applicable" ? "not applicable" : std::string(verdict);
}

std::string Badge(std::string_view verdict) {
  return fmt::format("<span class=\"badge {}\">{}</span>",
                     KnownVerdict(verdict) ? "v-" + std::string(verdict) : "v-other",
                     EscapeMarkup(VerdictLabel(verdict)));
}

std::string StatusBadge(std::string_view status) {
  if (status == "compliant") return "<span class=\"status s-compliant\">compliant</span>";
  if (status == "non_compliant") {
    return "<span class=\"status s-non_compliant\">non-compliant</span>";
  }
  return fmt::format("<span class=\"status s-other\">{}</span>",
                     EscapeMarkup(status.empty() ? "unknown" : status));
}

// A digest shown short, the whole of it in the tooltip (and copied on select).
std::string ShortDigest(const std::string& hex, size_t shown = 12) {
  if (hex.size() <= shown + 1) return "<code>" + EscapeMarkup(hex) + "</code>";
  return fmt::format("<code title=\"{}\">{}…</code>", EscapeMarkup(hex),
                     EscapeMarkup(hex.substr(0, shown)));
}

// The report's period end is exclusive (§13.6); people read the last day.
std::string PeriodText(const json& subject) {
  const json& period = Member(subject, "period");
  const std::string start = Text(period, "start");
  const std::string end = Text(period, "end");
  if (start.empty() && end.empty()) return "";
  const auto end_date = ParseDate(end);
  const std::string last_day =
      end_date ? FormatDate(CivilFromDays(DaysFromCivil(*end_date) - 1)) : end;
  return EscapeMarkup(start) + " – " + EscapeMarkup(last_day);
}

using VerdictCounts = std::map<std::string, uint64_t, std::less<>>;

VerdictCounts CountVerdicts(const json& subject, const VerdictOrder& order) {
  VerdictCounts counts;
  for (std::string_view v : order)
    counts[std::string(v)] = 0;
  for (const json& verdict : List(subject, "verdicts"))
    ++counts[Text(verdict, "verdict")];
  return counts;
}

std::string CountCell(std::string_view verdict, uint64_t n) {
  return fmt::format("<td class=\"num count-{}{}\">{}</td>", verdict, n == 0 ? " zero" : "", n);
}

// An identifier escaped, with line-break opportunities after its dots and
// underscores, so a long rule id wraps between its words in a narrow column
// rather than mid-word. (Escaping never produces either character.)
std::string BreakableId(std::string_view id) {
  std::string out;
  for (const char c : EscapeMarkup(id)) {
    out += c;
    if (c == '.' || c == '_') out += "<wbr>";
  }
  return out;
}

std::string SubjectName(const json& subject) {
  return Text(subject, "provider") + "/" + Text(subject, "subject");
}

// --- Page sections ----------------------------------------------------------

void AppendHeader(const json& report, const HtmlSource& source, std::string& out) {
  const json& policy = Member(report, "policy");
  const json& engine = Member(report, "engine");
  const json& inputs = List(report, "inputs");
  size_t verified = 0;
  for (const json& input : inputs)
    verified += Member(input, "verified") == true ? 1 : 0;
  std::string indeterminate_fails;
  for (const json& severity : List(policy, "indeterminate_fails")) {
    if (!severity.is_string()) continue;
    if (!indeterminate_fails.empty()) indeterminate_fails += ", ";
    indeterminate_fails += EscapeMarkup(severity.get<std::string>());
  }
  out += "<header id=\"report-header\">\n<p class=\"kicker\">gridlaw compliance report</p>\n";
  out += fmt::format("<h1><code>{}</code> <span class=\"version\">version {}</span></h1>\n",
                     Escaped(policy, "id"), Escaped(policy, "version"));
  out += "<dl class=\"facts\">\n";
  auto fact = [&out](std::string_view term, const std::string& html) {
    out += fmt::format("<div><dt>{}</dt><dd>{}</dd></div>\n", term, html);
  };
  fact("Policy SHA-256", ShortDigest(Text(policy, "sha256"), 16));
  // A signed policy names its signers' key ids (as verified by eval).
  std::string policy_signers;
  for (const json& key : List(policy, "signed_by")) {
    if (!key.is_string()) continue;
    if (!policy_signers.empty()) policy_signers += ", ";
    policy_signers += ShortDigest(key.get<std::string>(), 16);
  }
  if (!policy_signers.empty()) fact("Policy signed by", policy_signers);
  fact("Evaluated at", Escaped(report, "evaluated_at"));
  fact("Engine", fmt::format("{} {}", Escaped(engine, "name"), Escaped(engine, "version")));
  fact("Inputs", fmt::format("{} attestation{}, {} from verified envelopes", inputs.size(),
                             inputs.size() == 1 ? "" : "s", verified));
  fact("Missing evidence fails",
       indeterminate_fails.empty() ? std::string("no severity") : indeterminate_fails);
  const json& ledger = Member(report, "ledger");
  if (ledger.is_object()) {
    const json& checkpoint = Member(ledger, "checkpoint");
    fact("Ledger", fmt::format("<code>{}</code>", Escaped(ledger, "origin")));
    fact("Checkpoint", fmt::format("size {}, root {}", Escaped(checkpoint, "tree_size"),
                                   ShortDigest(Text(checkpoint, "root"), 16)));
  }
  out += "</dl>\n";
  if (source.signed_envelope) {
    std::string keys;
    for (const std::string& key : source.signer_key_ids) {
      if (!keys.empty()) keys += ", ";
      keys += key.empty() ? std::string("a signature without keyid") : ShortDigest(key, 16);
    }
    out += fmt::format(
        "<p id=\"provenance\" class=\"signed\">Read from a signed report: a DSSE envelope of type "
        "<code>application/vnd.gridlaw.report+json</code> signed by {}. This page does "
        "<strong>not</strong> check the signature: run <code>gridlaw report verify FILE --trust "
        "TRUST</code> (or <code>--ledger DB</code>, which also re-evaluates the report) before "
        "relying on it.</p>\n",
        keys.empty() ? std::string("no key") : keys);
  } else {
    out +=
        "<p id=\"provenance\" class=\"unsigned\">Read from an unsigned report: nothing here shows "
        "who produced it or that it is unaltered. A signed report (<code>gridlaw eval "
        "--sign-key</code>) can be checked with <code>gridlaw report verify</code>.</p>\n";
  }
  out += "</header>\n";
}

void AppendSummary(const json& report, const VerdictOrder& order, std::string& out) {
  const json& summary = Member(report, "summary");
  const json& subjects = List(report, "subjects");
  VerdictCounts totals;
  for (std::string_view v : order)
    totals[std::string(v)] = 0;
  size_t non_compliant = 0;
  for (const json& subject : subjects) {
    for (const auto& [verdict, n] : CountVerdicts(subject, order))
      totals[verdict] += n;
    non_compliant += Text(subject, "status") == "compliant" ? 0 : 1;
  }
  const std::string status = Text(summary, "status");
  out += "<section id=\"summary\">\n<h2>Summary</h2>\n";
  out += fmt::format(
      "<p class=\"overall\" data-status=\"{}\">{}<span>{} of {} subject{} "
      "non-compliant</span><span class=\"totals\">",
      EscapeMarkup(status), StatusBadge(status), non_compliant, subjects.size(),
      subjects.size() == 1 ? "" : "s");
  for (size_t i = 0; i < order.size(); ++i) {
    out += fmt::format("{}{} {}", i == 0 ? "" : " · ", totals[std::string(order[i])],
                       VerdictLabel(order[i]));
  }
  out += "</span></p>\n";
  out +=
      "<table class=\"subjects\">\n<thead><tr><th>Subject</th><th>Status</th><th>Period</th>"
      "<th class=\"num\">fail</th><th class=\"num\">indeterminate</th><th class=\"num\">warn</th>";
  if (order.size() == kVerdictOrder.size()) out += "<th class=\"num\">exempt</th>";
  out +=
      "<th class=\"num\">pass</th><th class=\"num\">not applicable</th><th>Discrepancies</th>"
      "</tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < subjects.size(); ++i) {
    const json& subject = subjects[i];
    const VerdictCounts counts = CountVerdicts(subject, order);
    out += fmt::format(
        "<tr class=\"subject-row\" data-status=\"{}\"><td><a href=\"#subject-{}\">{}</a></td>"
        "<td>{}</td><td>{}</td>",
        Escaped(subject, "status"), i + 1, EscapeMarkup(SubjectName(subject)),
        StatusBadge(Text(subject, "status")), PeriodText(subject));
    for (std::string_view v : order)
      out += CountCell(v, counts.find(v)->second);
    const size_t discrepancies = List(subject, "discrepancies").size();
    out += discrepancies == 0 ? "<td class=\"zero\">none</td>"
                              : fmt::format("<td class=\"count-warn\">{}</td>", discrepancies);
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  out +=
      "<p class=\"reading\">Charts plot each measured rule per period against its limit "
      "(dashed; the compliant side lightly shaded): ● pass, ▲ warn, ■ fail, ◇ indeterminate, "
      "○ not applicable; × under the axis: no value; a shaded month: no attestation for it. The "
      "evaluated value and limit are written at the right.</p>\n";
  out += "</section>\n";
}

void AppendFilters(const json& report, const VerdictOrder& order, std::string& out) {
  VerdictCounts totals;
  for (const json& subject : List(report, "subjects")) {
    for (const auto& [verdict, n] : CountVerdicts(subject, order))
      totals[verdict] += n;
  }
  out += "<fieldset id=\"filters\" hidden>\n<legend>Show</legend>\n";
  for (std::string_view v : order) {
    out += fmt::format(
        "<label><input type=\"checkbox\" value=\"{}\" checked> {} <span class=\"n\">{}</span>"
        "</label>\n",
        v, Badge(v), totals[std::string(v)]);
  }
  out += "</fieldset>\n";
}

ChartInput ChartOf(const json& subject, const json& verdict) {
  const json& measure = Member(verdict, "measure");
  ChartInput chart{.rule = Text(verdict, "rule"),
                   .subject = SubjectName(subject),
                   .metric = Text(measure, "metric"),
                   .op = Text(measure, "op"),
                   .limit = Text(measure, "limit"),
                   .unit = Text(measure, "unit"),
                   .points = {}};
  const json& series = Member(verdict, "series");
  if (series.is_array()) {
    for (const json& point : series) {
      chart.points.push_back({.period = Text(point, "period"),
                              .verdict = Text(point, "verdict"),
                              .value = Text(point, "value"),
                              .limit = Text(point, "limit")});
    }
  } else {
    // Without --series the report has the evaluated point only.
    chart.points.push_back({.period = Text(Member(subject, "period"), "start"),
                            .verdict = Text(verdict, "verdict"),
                            .value = Text(measure, "value"),
                            .limit = chart.limit});
  }
  return chart;
}

void AppendRuleGroup(const json& subject, const json& verdict, std::string& out) {
  const std::string verdict_name = Text(verdict, "verdict");
  const std::string severity = Text(verdict, "severity");
  out += "<tbody class=\"rule-group\">\n";
  out += fmt::format("<tr class=\"rule\" data-verdict=\"{}\" data-rule=\"{}\"><td>{}</td>",
                     EscapeMarkup(verdict_name), Escaped(verdict, "rule"), Badge(verdict_name));
  out += fmt::format("<td><div class=\"rule-id\">{}</div>", BreakableId(Text(verdict, "rule")));
  if (const std::string title = Text(verdict, "title"); !title.empty()) {
    out += fmt::format("<div class=\"title\">{}</div>", EscapeMarkup(title));
  }
  out += "</td>";
  out += fmt::format("<td class=\"severity-{}\">{}</td>",
                     severity == "critical" ? "critical" : "other", EscapeMarkup(severity));
  out += fmt::format("<td><div class=\"message\">{}</div>", Escaped(verdict, "message"));
  const json& read = List(verdict, "attestations");
  // One attestation is the evaluated one, named in the subject's header;
  // more are the window a rule read, worth a line.
  if (read.size() > 1) {
    std::string ids;
    for (const json& id : read) {
      if (!id.is_string()) continue;
      if (!ids.empty()) ids += " ";
      ids += id.get<std::string>().substr(0, 12);
    }
    out += fmt::format("<div class=\"reads\" title=\"{}\">read {} attestation{}</div>",
                       EscapeMarkup(ids), read.size(), read.size() == 1 ? "" : "s");
  }
  out += fmt::format("</td><td class=\"cite\">{}</td></tr>\n", Escaped(verdict, "cite"));
  if (Member(verdict, "measure").is_object()) {
    out += "<tr class=\"chart-row\"><td></td><td colspan=\"4\">\n";
    out += RenderSvgChart(ChartOf(subject, verdict));
    out += "</td></tr>\n";
  }
  out += "</tbody>\n";
}

void AppendSubject(const json& subject, size_t number, const VerdictOrder& order,
                   std::string& out) {
  const std::string status = Text(subject, "status");
  out += fmt::format(
      "<section class=\"subject\" id=\"subject-{}\" data-subject=\"{}\" "
      "data-status=\"{}\">\n",
      number, EscapeMarkup(SubjectName(subject)), EscapeMarkup(status));
  out += fmt::format("<div class=\"subject-head\"><h3>{}</h3>{}<span class=\"subject-meta\">",
                     EscapeMarkup(SubjectName(subject)), StatusBadge(status));
  const std::string attestation = Text(subject, "attestation");
  if (attestation.empty()) {
    out += "no attestation ends by the evaluation date";
  } else {
    out += fmt::format("period {}<span class=\"sep\">·</span>attestation {}", PeriodText(subject),
                       ShortDigest(attestation));
  }
  const VerdictCounts counts = CountVerdicts(subject, order);
  for (std::string_view v : order) {
    const uint64_t n = counts.find(v)->second;
    if (n == 0) continue;
    out += fmt::format("<span class=\"sep\">·</span><span class=\"count-{}\">{} {}</span>", v, n,
                       VerdictLabel(v));
  }
  out += "</span></div>\n";
  // Counts on the page are the verdicts' own; a report whose stated counts
  // disagree has been edited or is broken, and the reader should know.
  const json& stated = Member(subject, "counts");
  if (stated.is_object()) {
    bool agrees = true;
    for (std::string_view v : order) {
      const json& n = Member(stated, std::string(v).c_str());
      // Counts parsed from text are unsigned, built in code signed: either will do.
      const bool same = n.is_number_unsigned() ? n.get<uint64_t>() == counts.find(v)->second
                        : n.is_number_integer()
                            ? n.get<int64_t>() >= 0 &&
                                  static_cast<uint64_t>(n.get<int64_t>()) == counts.find(v)->second
                            : false;
      agrees = agrees && same;
    }
    if (!agrees) {
      out += fmt::format(
          "<p class=\"mismatch\">The report's own counts for this subject ({}) do "
          "not match its verdicts; this page counts the verdicts.</p>\n",
          EscapeMarkup(stated.dump()));
    }
  }
  const json& discrepancies = List(subject, "discrepancies");
  if (!discrepancies.empty()) {
    out += "<ul class=\"discrepancies\">\n";
    for (const json& d : discrepancies) {
      out += fmt::format("<li>Discrepancy: {}</li>\n",
                         EscapeMarkup(d.is_string() ? d.get<std::string>() : d.dump()));
    }
    out += "</ul>\n";
  }
  out +=
      "<table class=\"rules\">\n<colgroup><col class=\"verdict\"><col class=\"rule\">"
      "<col class=\"severity\"><col class=\"message\"><col class=\"cite\"></colgroup>\n"
      "<thead><tr><th>Verdict</th><th>Rule</th><th>Severity</th><th>Message</th><th>Cite</th>"
      "</tr></thead>\n";
  for (const json& verdict : List(subject, "verdicts"))
    AppendRuleGroup(subject, verdict, out);
  out += "</table>\n</section>\n";
}

// The waivers the run was given (SPEC §20): applied ones first in the
// report's order, each with its status and why.
void AppendWaivers(const json& report, std::string& out) {
  if (!Member(report, "waivers").is_array()) return;
  const json& waivers = List(report, "waivers");
  out += "<section id=\"waivers\">\n<h2>Waivers</h2>\n";
  out +=
      "<table class=\"waivers\">\n<thead><tr><th>Waiver</th><th>Status</th><th>Applies to</th>"
      "<th>Message</th><th>SHA-256</th></tr></thead>\n<tbody>\n";
  for (const json& waiver : waivers) {
    const std::string status = Text(waiver, "status");
    std::string targets;
    for (const json& t : List(waiver, "applied_to")) {
      if (!targets.empty()) targets += "<br>";
      targets += fmt::format("{}/{} <code>{}</code>", Escaped(t, "provider"), Escaped(t, "subject"),
                             Escaped(t, "rule"));
    }
    const std::string code = Text(waiver, "code");
    out += fmt::format(
        "<tr class=\"waiver\" data-status=\"{}\" data-waiver=\"{}\"><td><code>{}</code></td>"
        "<td><span class=\"badge {}\">{}</span>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        EscapeMarkup(status), Escaped(waiver, "id"), Escaped(waiver, "id"),
        status == "applied" ? "v-exempt" : "v-other", EscapeMarkup(status),
        code.empty() ? "" : " <code>" + EscapeMarkup(code) + "</code>", targets,
        Escaped(waiver, "message"), ShortDigest(Text(waiver, "sha256")));
  }
  out += "</tbody>\n</table>\n</section>\n";
}

void AppendInputs(const json& report, std::string& out) {
  const json& inputs = List(report, "inputs");
  if (inputs.empty()) return;
  out += fmt::format(
      "<details id=\"inputs\">\n<summary>Inputs: {} attestation{} (SHA-256 of each claim)"
      "</summary>\n<table class=\"inputs\">\n<thead><tr><th>SHA-256</th><th>Verified envelope"
      "</th><th>Signed by</th><th>Ledger entry</th></tr></thead>\n<tbody>\n",
      inputs.size(), inputs.size() == 1 ? "" : "s");
  for (const json& input : inputs) {
    std::string signers;
    for (const json& key : List(input, "signed_by")) {
      if (!key.is_string()) continue;
      if (!signers.empty()) signers += ", ";
      signers += ShortDigest(key.get<std::string>(), 16);
    }
    out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       Escaped(input, "id"), Member(input, "verified") == true ? "yes" : "no",
                       signers, Escaped(input, "entry"));
  }
  out += "</tbody>\n</table>\n</details>\n";
}

}  // namespace

std::string ReportShapeProblem(const json& report) {
  if (!report.is_object()) return "it is not a JSON object";
  const json& policy = Member(report, "policy");
  if (!policy.is_object() || !Member(policy, "id").is_string()) return "it has no policy id";
  if (!Member(report, "subjects").is_array()) return "it has no list of subjects";
  if (!Member(report, "summary").is_object()) return "it has no summary";
  const json& subjects = Member(report, "subjects");
  for (size_t i = 0; i < subjects.size(); ++i) {
    if (!Member(subjects[i], "verdicts").is_array()) {
      return fmt::format("subject {} has no list of verdicts", i + 1);
    }
    const json& verdicts = Member(subjects[i], "verdicts");
    for (size_t j = 0; j < verdicts.size(); ++j) {
      if (!Member(verdicts[j], "rule").is_string() || !Member(verdicts[j], "verdict").is_string()) {
        return fmt::format("verdict {} of subject {} has no rule or no verdict", j + 1, i + 1);
      }
    }
  }
  return "";
}

std::string RenderReportHtml(const json& report, const HtmlSource& source) {
  const json& policy = Member(report, "policy");
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'sha256-{}'; script-src 'sha256-{}'; img-src data:; base-uri 'none'; "
      "form-action 'none'\">\n",
      kStyleSha256, kScriptSha256);
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"gridlaw report html\">\n";
  out += fmt::format("<title>{} {} — gridlaw compliance report</title>\n", Escaped(policy, "id"),
                     Escaped(policy, "version"));
  out += "<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  const VerdictOrder order = VerdictsShown(report);
  AppendHeader(report, source, out);
  AppendSummary(report, order, out);
  out += "<main id=\"rules\">\n<h2>Rules per subject</h2>\n";
  AppendFilters(report, order, out);
  const json& subjects = List(report, "subjects");
  for (size_t i = 0; i < subjects.size(); ++i)
    AppendSubject(subjects[i], i + 1, order, out);
  out += "</main>\n";
  AppendWaivers(report, out);
  AppendInputs(report, out);
  out += fmt::format(
      "<footer>Rendered by <code>gridlaw report html</code> from the canonical JSON report of "
      "policy <code>{}</code> {} (SHA-256 {}). The JSON report, not this page, is the "
      "record.</footer>\n",
      Escaped(policy, "id"), Escaped(policy, "version"), ShortDigest(Text(policy, "sha256"), 16));
  out += "<script>";
  out += kFilterScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace gridlaw
