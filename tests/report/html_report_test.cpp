// The HTML report renderer on its own (engine/report/report_html.h): hostile
// report text is escaped everywhere it lands, every verdict is one row with
// its verdict as data-verdict, every measured verdict one chart, the page is
// byte-for-byte deterministic, fetches nothing, and its Content-Security-
// Policy names the hashes of exactly the style and script it carries.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>

#include "base64/base64.h"
#include "digest/sha256.h"
#include "report/markup.h"
#include "report/report_html.h"

namespace gridlaw {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kHostile = "<script>alert('x')</script>";

size_t Occurrences(std::string_view text, std::string_view needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// The text between the first `open` and the `close` after it.
std::string Between(const std::string& text, std::string_view open, std::string_view close) {
  const size_t start = text.find(open);
  if (start == std::string::npos) return "";
  const size_t end = text.find(close, start + open.size());
  if (end == std::string::npos) return "";
  return text.substr(start + open.size(), end - start - open.size());
}

json Verdict(const std::string& rule, const std::string& verdict) {
  return {{"rule", rule},
          {"title", "Title of " + rule},
          {"severity", "major"},
          {"cite", "Art. 1"},
          {"verdict", verdict},
          {"message", "message of " + rule},
          {"attestations", json::array({"a1"})}};
}

json Measure(const std::string& value, const std::string& limit) {
  return {{"metric", "pue"}, {"op", "<="}, {"value", value}, {"limit", limit}, {"unit", ""}};
}

// A small report in the shape `gridlaw eval --format json --series` writes:
// two subjects, every verdict, a series with a missing value and a month
// without attestation, a measure without series, and hostile text in every
// string a provider or a policy author controls.
json SampleReport() {
  json measured = Verdict("efficiency.pue", "fail");
  measured["measure"] = Measure("1.31", "1.25");
  measured["series"] = json::array({
      {{"period", "2027-01-01"}, {"verdict", "pass"}, {"value", "1.2"}, {"limit", "1.25"}},
      {{"period", "2027-02-01"}, {"verdict", "indeterminate"}, {"value", ""}, {"limit", "1.25"}},
      // March has no attestation.
      {{"period", "2027-04-01"}, {"verdict", "warn"}, {"value", "1.24"}, {"limit", "1.3"}},
      {{"period", "2027-05-01"}, {"verdict", "fail"}, {"value", "1.31"}, {"limit", "1.25"}},
  });
  json hostile = Verdict(std::string(kHostile), "warn");
  hostile["title"] = std::string(kHostile);
  hostile["message"] = "value \"quoted\" & 'single' <b>bold</b>";
  hostile["cite"] = std::string(kHostile);
  hostile["measure"] = {{"metric", std::string(kHostile)},
                        {"op", ">="},
                        {"value", "<iframe onload=alert(1)>"},
                        {"limit", "\" onload=\"alert(1)"},
                        {"unit", std::string(kHostile)}};
  json single = Verdict("safety.availability", "pass");
  single["measure"] = Measure("99.95", "99");

  json first = {
      {"provider", "acme"},
      {"subject", "dc-1"},
      {"status", "non_compliant"},
      {"attestation", "0123456789abcdef0123456789abcdef"},
      {"period", {{"start", "2027-05-01"}, {"end", "2027-06-01"}}},
      {"discrepancies", json::array({"claimed.pue = 1.1 <disagrees>"})},
      {"counts",
       {{"pass", 1}, {"warn", 1}, {"fail", 1}, {"indeterminate", 1}, {"not_applicable", 1}}},
      {"verdicts",
       json::array({measured, hostile, single, Verdict("reporting.kpis", "indeterminate"),
                    Verdict("scope.eu", "not_applicable")})}};
  json second = {
      {"provider", std::string(kHostile)},
      {"subject", "svc\"1"},
      {"status", "compliant"},
      {"attestation", "fedcba9876543210fedcba9876543210"},
      {"period", {{"start", "2027-05-01"}, {"end", "2027-06-01"}}},
      {"discrepancies", json::array()},
      {"counts",
       {{"pass", 2}, {"warn", 0}, {"fail", 0}, {"indeterminate", 0}, {"not_applicable", 0}}},
      {"verdicts", json::array({Verdict("a.rule", "pass"), Verdict("b.rule", "pass")})}};
  return {
      {"engine", {{"name", "gridlaw"}, {"version", "0.1.0"}}},
      {"evaluated_at", "2027-06-01"},
      {"policy",
       {{"id", "acme.policy"},
        {"version", "1.0.0"},
        {"sha256", std::string(64, 'a')},
        {"indeterminate_fails", json::array({"critical", "major"})}}},
      {"inputs",
       json::array(
           {{{"id", std::string(64, 'b')}, {"verified", false}, {"signed_by", json::array()}}})},
      {"ledger",
       {{"origin", "gridlaw.example/ledger"},
        {"checkpoint", {{"tree_size", 189}, {"root", std::string(64, 'c')}}}}},
      {"subjects", json::array({first, second})},
      {"summary",
       {{"subjects", 2},
        {"compliant", 1},
        {"non_compliant", 1},
        {"status", "non_compliant"},
        {"verdicts",
         {{"pass", 3}, {"warn", 1}, {"fail", 1}, {"indeterminate", 1}, {"not_applicable", 1}}}}}};
}

std::string Render(const json& report = SampleReport(), const HtmlSource& source = {}) {
  return RenderReportHtml(report, source);
}

TEST(EscapeMarkup, ReplacesTheFiveCharactersAndControls) {
  EXPECT_EQ(EscapeMarkup("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
  EXPECT_EQ(EscapeMarkup("tab\tline\nend"), "tab\tline\nend");
  EXPECT_EQ(EscapeMarkup(std::string("bell\x07")), "bell\uFFFD");
  EXPECT_EQ(EscapeMarkup("Wärme · ≤"), "Wärme · ≤");
}

TEST(HtmlReport, EscapesScriptInTitleMessageAndCite) {
  const std::string html = Render();
  // The page's own script is the only one.
  EXPECT_EQ(Occurrences(html, "<script"), 1u);
  EXPECT_THAT(html, Not(HasSubstr(std::string(kHostile))));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("value &quot;quoted&quot; &amp; &#39;single&#39; &lt;b&gt;bold"));
  EXPECT_THAT(html, Not(HasSubstr("<b>bold</b>")));
  // In SVG text and attributes too: no element or attribute is injected.
  EXPECT_THAT(html, Not(HasSubstr("<iframe")));
  EXPECT_THAT(html, Not(HasSubstr("\" onload=\"")));
  EXPECT_THAT(html, Not(HasSubstr("svc\"1")));
  EXPECT_THAT(
      html,
      HasSubstr("data-subject=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;/svc&quot;1\""));
}

TEST(HtmlReport, OneRowPerVerdictWithItsDataVerdict) {
  const json report = SampleReport();
  const std::string html = Render(report);
  std::map<std::string, size_t> expected;
  size_t total = 0;
  for (const json& subject : report["subjects"]) {
    for (const json& verdict : subject["verdicts"]) {
      ++expected[verdict["verdict"].get<std::string>()];
      ++total;
    }
  }
  EXPECT_EQ(Occurrences(html, "<tr class=\"rule\""), total);
  EXPECT_EQ(Occurrences(html, "data-verdict=\""), total);
  for (const auto& [verdict, n] : expected) {
    EXPECT_EQ(Occurrences(html, "data-verdict=\"" + verdict + "\""), n) << verdict;
  }
}

TEST(HtmlReport, OneChartPerMeasuredVerdict) {
  const std::string html = Render();
  EXPECT_EQ(Occurrences(html, "<svg class=\"chart\""), 3u);
  EXPECT_THAT(html, HasSubstr("<svg class=\"chart\" data-rule=\"efficiency.pue\" "
                              "data-subject=\"acme/dc-1\""));
  EXPECT_THAT(html, HasSubstr("<svg class=\"chart\" data-rule=\"safety.availability\" "
                              "data-subject=\"acme/dc-1\""));
  EXPECT_EQ(Occurrences(html, "<tr class=\"chart-row\">"), 3u);
}

TEST(HtmlReport, ChartMarksMissingValuesSkippedMonthsAndAStepInTheLimit) {
  const std::string html = Render();
  const std::string chart =
      Between(html, "<svg class=\"chart\" data-rule=\"efficiency.pue\"", "</svg>");
  ASSERT_FALSE(chart.empty());
  EXPECT_THAT(chart, HasSubstr("<title>pue &lt;= 1.25</title>"));
  // February's value is missing: a cross, not a point at zero.
  EXPECT_EQ(Occurrences(chart, "</title><path class=\"missing v-indeterminate\""), 1u);
  EXPECT_THAT(chart, HasSubstr("2027-02-01: indeterminate, missing (limit 1.25)"));
  // March has no attestation: an empty, labelled slot.
  EXPECT_THAT(chart, HasSubstr("2027-03: no attestation"));
  // One mark per present value, in the verdict's shape and colour.
  EXPECT_EQ(Occurrences(chart, "</title><circle class=\"mark v-pass\""), 1u);
  EXPECT_EQ(Occurrences(chart, "</title><path class=\"mark v-warn\""), 1u);
  EXPECT_EQ(Occurrences(chart, "</title><rect class=\"mark v-fail\""), 1u);
  // The limit is drawn per slot: broken where March has none, a step where
  // it falls back from 1.3 in April to 1.25 in May.
  const std::string limit = Between(chart, "<path class=\"limit\" d=\"", "\"");
  EXPECT_EQ(Occurrences(limit, "M"), 2u) << limit;
  EXPECT_EQ(Occurrences(limit, "V"), 1u) << limit;
  EXPECT_THAT(chart, HasSubstr(">limit 1.25<"));
  EXPECT_THAT(chart, HasSubstr(">1.31<"));
  for (const char* period : {">2027-01<", ">2027-02<", ">2027-03<", ">2027-04<", ">2027-05<"}) {
    EXPECT_THAT(chart, HasSubstr(period));
  }
}

TEST(HtmlReport, WithoutSeriesPlotsTheMeasuredPoint) {
  const std::string chart =
      Between(Render(), "<svg class=\"chart\" data-rule=\"safety.availability\"", "</svg>");
  ASSERT_FALSE(chart.empty());
  EXPECT_EQ(Occurrences(chart, "<g><title>"), 1u);
  EXPECT_THAT(chart, HasSubstr("2027-05-01: pass, 99.95 (limit 99)"));
  EXPECT_THAT(chart, HasSubstr(">2027-05<"));
}

TEST(HtmlReport, SameReportSameBytes) {
  const json report = SampleReport();
  const std::string once = Render(report);
  EXPECT_EQ(once, Render(report));
  // A report read back from its canonical text renders the same page.
  EXPECT_EQ(once, Render(json::parse(report.dump())));
}

TEST(HtmlReport, FetchesNothing) {
  const std::string html = Render();
  for (const char* reference : {"http://", "https://", "src=", "url(", "@import", "//cdn"}) {
    EXPECT_THAT(html, Not(HasSubstr(reference))) << reference;
  }
  // The only links are to the page's own anchors.
  for (size_t at = html.find("href=\""); at != std::string::npos;
       at = html.find("href=\"", at + 1)) {
    EXPECT_EQ(html[at + 6], '#') << html.substr(at, 40);
  }
}

std::string Sha256Base64(std::string_view text) {
  const std::string hex = Sha256Hex(text);
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return EncodeBase64(bytes);
}

TEST(HtmlReport, ContentSecurityPolicyAllowsExactlyItsOwnStyleAndScript) {
  const std::string html = Render();
  const std::string policy =
      Between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
  ASSERT_FALSE(policy.empty());
  EXPECT_THAT(policy, HasSubstr("default-src 'none'"));
  const std::string style = Between(html, "<style>", "</style>");
  const std::string script = Between(html, "<script>", "</script>");
  EXPECT_THAT(policy, HasSubstr("style-src 'sha256-" + Sha256Base64(style) + "'"));
  EXPECT_THAT(policy, HasSubstr("script-src 'sha256-" + Sha256Base64(script) + "'"));
  EXPECT_THAT(policy, Not(HasSubstr("unsafe")));
}

TEST(HtmlReport, HeaderNamesPolicyDigestsEngineAndLedger) {
  const std::string html = Render();
  EXPECT_THAT(html, HasSubstr("<code>acme.policy</code>"));
  EXPECT_THAT(html, HasSubstr("<code title=\"" + std::string(64, 'a') + "\">" +
                              std::string(16, 'a') + "…</code>"));
  EXPECT_THAT(html, Not(HasSubstr("Policy signed by")));
  json signed_policy = SampleReport();
  signed_policy["policy"]["signed_by"] = json::array({std::string(64, 'e')});
  EXPECT_THAT(Render(signed_policy),
              HasSubstr("<dt>Policy signed by</dt><dd><code title=\"" + std::string(64, 'e')));
  EXPECT_THAT(html, HasSubstr("gridlaw 0.1.0"));
  EXPECT_THAT(html, HasSubstr("2027-06-01"));
  EXPECT_THAT(html, HasSubstr("1 attestation, 0 from verified envelopes"));
  EXPECT_THAT(html, HasSubstr("<code>gridlaw.example/ledger</code>"));
  EXPECT_THAT(html, HasSubstr("size 189, root <code title=\"" + std::string(64, 'c') + "\">"));
  // The period end is exclusive in the report; the page shows the last day.
  EXPECT_THAT(html, HasSubstr("2027-05-01 – 2027-05-31"));
  EXPECT_THAT(html, HasSubstr("Discrepancy: claimed.pue = 1.1 &lt;disagrees&gt;"));
}

TEST(HtmlReport, SaysWhetherTheReportWasSignedAndThatItIsNotVerified) {
  const std::string unsigned_page = Render();
  EXPECT_THAT(unsigned_page, HasSubstr("id=\"provenance\" class=\"unsigned\""));

  const std::string key(64, 'd');
  const std::string signed_page =
      Render(SampleReport(), HtmlSource{.signed_envelope = true, .signer_key_ids = {key, ""}});
  EXPECT_THAT(signed_page, HasSubstr("id=\"provenance\" class=\"signed\""));
  EXPECT_THAT(signed_page, HasSubstr("<code title=\"" + key + "\">" + std::string(16, 'd')));
  EXPECT_THAT(signed_page, HasSubstr("a signature without keyid"));
  EXPECT_THAT(signed_page, HasSubstr("does <strong>not</strong> check the signature"));
  EXPECT_THAT(signed_page, HasSubstr("gridlaw report verify"));
}

TEST(HtmlReport, FiltersAreHiddenUntilTheScriptRunsAndStylesHideRowsByVerdict) {
  const std::string html = Render();
  EXPECT_THAT(html, HasSubstr("<fieldset id=\"filters\" hidden>"));
  for (const char* verdict : {"pass", "warn", "fail", "indeterminate", "not_applicable"}) {
    EXPECT_THAT(html, HasSubstr(std::string("<input type=\"checkbox\" value=\"") + verdict +
                                "\" checked>"));
    EXPECT_THAT(html, HasSubstr(std::string("body.hide-") + verdict +
                                " tr.rule[data-verdict=" + verdict + "]"));
  }
  EXPECT_THAT(html, HasSubstr("@media print"));
}

TEST(HtmlReport, CountsComeFromTheVerdictsAndAMismatchIsShown) {
  json report = SampleReport();
  EXPECT_THAT(Render(report), Not(HasSubstr("class=\"mismatch\"")));
  report["subjects"][1]["counts"]["pass"] = 7;
  EXPECT_THAT(Render(report), HasSubstr("class=\"mismatch\""));
}

TEST(HtmlReport, MembersOfTheWrongTypeAreShownAsAbsent) {
  json report = SampleReport();
  report["engine"] = 42;
  report["inputs"] = "many";
  report["subjects"][0]["verdicts"][0]["title"] = json::array({1, 2});
  report["subjects"][0]["verdicts"][0]["series"][0] = "not a point";
  report["subjects"][0]["verdicts"][0]["series"][1]["value"] = "1e400";
  report["subjects"][0]["verdicts"][1]["measure"]["value"] = json::object();
  report["subjects"][1]["period"] = nullptr;
  std::string html;
  EXPECT_NO_THROW(html = Render(report));
  EXPECT_EQ(Occurrences(html, "<tr class=\"rule\""), 7u);
  // Numbers at the edges of the double range still give a bounded chart.
  report["subjects"][0]["verdicts"][2]["measure"]["value"] = "0." + std::string(320, '0') + "1";
  report["subjects"][0]["verdicts"][2]["measure"]["limit"] = "0." + std::string(319, '0') + "3";
  EXPECT_NO_THROW(html = Render(report));
  EXPECT_LT(html.size(), size_t{1} << 20);
  EXPECT_NO_THROW(Render(json::array()));
  EXPECT_NO_THROW(Render(json("text")));
}

TEST(HtmlReport, ShapeProblemNamesWhatIsMissing) {
  EXPECT_EQ(ReportShapeProblem(SampleReport()), "");
  EXPECT_EQ(ReportShapeProblem(json::array()), "it is not a JSON object");
  json claims = {{"schema", "compute-facility/v1"}, {"provider", "acme"}};
  EXPECT_EQ(ReportShapeProblem(claims), "it has no policy id");
  json report = SampleReport();
  report.erase("summary");
  EXPECT_EQ(ReportShapeProblem(report), "it has no summary");
  report = SampleReport();
  report["subjects"][1]["verdicts"][0].erase("verdict");
  EXPECT_EQ(ReportShapeProblem(report), "verdict 1 of subject 2 has no rule or no verdict");
}

}  // namespace
}  // namespace gridlaw
