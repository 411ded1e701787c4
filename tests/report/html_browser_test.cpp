// `gridlaw report html` end to end: the real binary evaluates the example
// claims, renders the report, and headless Chromium loads the page from disk.
// The DOM Chromium builds (after its HTML parser and the page's script ran,
// under the page's Content-Security-Policy) must hold one rule row per
// verdict of the JSON report, every failing rule as data-verdict="fail", and
// one svg.chart per measured verdict; a screenshot goes to the build tree's
// test-artifacts directory for people to look at.
//
// Chromium is a test dependency (scripts/install-deps.sh installs it): when
// it is missing these tests fail, saying so, rather than skip.
//
// The command's exit codes (a signed report, unreadable or foreign input)
// are checked here as well, since they too run the binary.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "run_gridlaw.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::Gridlaw;
using ::testing::HasSubstr;
using testing::ReadFileOrEmpty;
using testing::SourceDir;

fs::path ArtifactsDir() {
  return fs::path(GRIDLAW_TEST_ARTIFACTS_DIR);
}

std::string Quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

// stdout of a shell command; stderr is dropped (Chromium reports dbus and
// GPU trouble there that says nothing about the page).
std::string Capture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 8192> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    out.append(buffer.data(), n);
  ::pclose(pipe);
  return out;
}

bool ChromiumOnPath() {
  return std::system("command -v chromium > /dev/null 2>&1") == 0;
}

constexpr const char* kNoChromium =
    "chromium is not on PATH. The HTML report's browser tests need it: run "
    "scripts/install-deps.sh as root (or apt-get install chromium).";

// Runs headless Chromium on `url` with its own throw-away profile, with
// `action` ("--dump-dom" or "--screenshot=PATH"); returns its stdout.
std::string Chromium(const std::string& action, const std::string& url) {
  std::string profile = (fs::temp_directory_path() / "gridlaw-chromium-XXXXXX").string();
  if (::mkdtemp(profile.data()) == nullptr) return "";
  const std::string out = Capture(
      "timeout 90 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
      "--no-first-run --user-data-dir=" +
      Quoted(profile) + " " + action + " '" + url + "'");
  fs::remove_all(profile);
  return out;
}

// One opening tag of the DOM text: its name and attributes.
struct Tag {
  std::string name;
  std::map<std::string, std::string> attributes;
  bool Has(const std::string& attribute) const { return attributes.count(attribute) > 0; }
  std::string Get(const std::string& attribute) const {
    const auto it = attributes.find(attribute);
    return it == attributes.end() ? "" : it->second;
  }
  bool HasClass(const std::string& name_of_class) const {
    const std::string classes = " " + Get("class") + " ";
    return classes.find(" " + name_of_class + " ") != std::string::npos;
  }
};

// The opening tags of serialized HTML in document order. Enough for the
// DOM Chromium prints: attribute values are always double-quoted there, and
// the page's script and style hold no '<'.
std::vector<Tag> OpeningTags(const std::string& html) {
  std::vector<Tag> tags;
  size_t at = 0;
  while ((at = html.find('<', at)) != std::string::npos) {
    ++at;
    if (at >= html.size() || !std::isalpha(static_cast<unsigned char>(html[at]))) continue;
    Tag tag;
    while (at < html.size() && (std::isalnum(static_cast<unsigned char>(html[at])) != 0)) {
      tag.name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[at++])));
    }
    while (at < html.size() && html[at] != '>') {
      if (std::isspace(static_cast<unsigned char>(html[at])) != 0 || html[at] == '/') {
        ++at;
        continue;
      }
      std::string name;
      while (at < html.size() && html[at] != '=' && html[at] != '>' &&
             std::isspace(static_cast<unsigned char>(html[at])) == 0) {
        name += html[at++];
      }
      std::string value;
      if (at < html.size() && html[at] == '=') {
        ++at;
        const char quote = html[at] == '"' || html[at] == '\'' ? html[at++] : ' ';
        while (at < html.size() && html[at] != quote && (quote != ' ' || html[at] != '>')) {
          value += html[at++];
        }
        if (at < html.size() && html[at] == quote) ++at;
      }
      tag.attributes[name] = value;
    }
    tags.push_back(std::move(tag));
  }
  return tags;
}

// What the DOM shows, per subject.
struct DomSubject {
  std::vector<std::pair<std::string, std::string>> rows;  // (data-rule, data-verdict)
  std::set<std::string> charts;                           // data-rule of each svg.chart
  size_t chart_count = 0;
  bool filtered_out = false;
};

std::map<std::string, DomSubject> SubjectsInDom(const std::string& dom) {
  std::map<std::string, DomSubject> subjects;
  DomSubject* current = nullptr;
  std::string current_name;
  for (const Tag& tag : OpeningTags(dom)) {
    if (tag.name == "section" && tag.HasClass("subject")) {
      current_name = tag.Get("data-subject");
      current = &subjects[current_name];
      current->filtered_out = tag.HasClass("filtered-out");
    } else if (current != nullptr && tag.name == "tr" && tag.HasClass("rule")) {
      current->rows.emplace_back(tag.Get("data-rule"), tag.Get("data-verdict"));
    } else if (current != nullptr && tag.name == "svg" && tag.HasClass("chart")) {
      EXPECT_EQ(tag.Get("data-subject"), current_name) << "a chart outside its subject's section";
      current->charts.insert(tag.Get("data-rule"));
      ++current->chart_count;
    }
  }
  return subjects;
}

// This process's scratch directory, removed when the tests end. Each test
// runs in its own process under ctest, perhaps in parallel with the same
// test for the other policy: nothing but the screenshot is shared.
const fs::path& WorkDir() {
  struct Scratch {
    fs::path path = fs::temp_directory_path() / ("gridlaw-html-test-" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(path); }
    ~Scratch() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  };
  static const Scratch scratch;
  return scratch.path;
}

struct Rendered {
  std::optional<std::string> error;  // why the page could not be made
  json report;
  fs::path html;
};

// Evaluates the examples under `policy` with the real binary and renders the
// page, once per policy for the whole test program.
const Rendered& RenderExample(const std::string& policy) {
  static std::map<std::string, Rendered> made;
  if (const auto it = made.find(policy); it != made.end()) return it->second;
  Rendered& r = made[policy];
  const fs::path& dir = WorkDir();
  const fs::path report = dir / (policy + ".json");
  r.html = dir / (policy + ".html");
  const auto eval =
      Gridlaw("eval --format json --series --policy " +
                  Quoted(SourceDir() / "policies" / (policy + ".policy")) + " " +
                  Quoted(SourceDir() / "examples/claims") + " --out " + Quoted(report),
              true);
  if (eval.exit_code != 0 && eval.exit_code != 1) {
    r.error = "gridlaw eval failed: " + eval.out;
    return r;
  }
  r.report = json::parse(ReadFileOrEmpty(report), nullptr, false);
  const auto html = Gridlaw("report html " + Quoted(report) + " --out " + Quoted(r.html), true);
  if (html.exit_code != 0) r.error = "gridlaw report html failed: " + html.out;
  return r;
}

class HtmlInBrowser : public ::testing::TestWithParam<std::string> {};

TEST_P(HtmlInBrowser, DomHoldsEveryVerdictAndOneChartPerMeasuredRule) {
  ASSERT_TRUE(ChromiumOnPath()) << kNoChromium;
  const Rendered& rendered = RenderExample(GetParam());
  ASSERT_FALSE(rendered.error) << *rendered.error;
  ASSERT_TRUE(rendered.report.is_object());
  const std::string dom = Chromium("--dump-dom", "file://" + rendered.html.string());
  ASSERT_THAT(dom, HasSubstr("</html>")) << "Chromium printed no DOM";

  const auto in_dom = SubjectsInDom(dom);
  size_t verdicts = 0;
  size_t rows = 0;
  size_t measured = 0;
  size_t fails = 0;
  for (const auto& [name, subject] : in_dom)
    rows += subject.rows.size();
  for (const json& subject : rendered.report["subjects"]) {
    const std::string name =
        subject["provider"].get<std::string>() + "/" + subject["subject"].get<std::string>();
    SCOPED_TRACE(name);
    const auto found = in_dom.find(name);
    ASSERT_NE(found, in_dom.end()) << "no section for the subject";
    const DomSubject& shown = found->second;
    ASSERT_EQ(shown.rows.size(), subject["verdicts"].size());
    std::set<std::string> measured_rules;
    for (size_t i = 0; i < subject["verdicts"].size(); ++i) {
      const json& verdict = subject["verdicts"][i];
      ++verdicts;
      // Rows are in the report's order, each with its verdict.
      EXPECT_EQ(shown.rows[i].first, verdict["rule"]);
      EXPECT_EQ(shown.rows[i].second, verdict["verdict"]);
      if (verdict["verdict"] == "fail") {
        ++fails;
        EXPECT_EQ(shown.rows[i].second, "fail") << verdict["rule"];
      }
      if (verdict.contains("measure")) measured_rules.insert(verdict["rule"].get<std::string>());
    }
    measured += measured_rules.size();
    EXPECT_EQ(shown.charts, measured_rules);
    EXPECT_EQ(shown.chart_count, measured_rules.size());
  }
  EXPECT_EQ(rows, verdicts);
  EXPECT_GT(measured, 0u) << "the example report should have measured rules";
  if (GetParam() == "eu.eed.datacentres") {
    EXPECT_GT(fails, 0u);
  }
  size_t charts = 0;
  for (const Tag& tag : OpeningTags(dom))
    charts += tag.name == "svg" && tag.HasClass("chart") ? 1 : 0;
  EXPECT_EQ(charts, measured);

  // The script ran (the Content-Security-Policy let it): it shows the filters.
  for (const Tag& tag : OpeningTags(dom)) {
    if (tag.Get("id") == "filters") {
      EXPECT_FALSE(tag.Has("hidden")) << "the filter script did not run";
    }
  }
}

TEST_P(HtmlInBrowser, FragmentPreselectsVerdictFilters) {
  ASSERT_TRUE(ChromiumOnPath()) << kNoChromium;
  const Rendered& rendered = RenderExample(GetParam());
  ASSERT_FALSE(rendered.error) << *rendered.error;
  const std::string dom =
      Chromium("--dump-dom", "file://" + rendered.html.string() + "#verdicts=fail,warn");
  std::string body_class;
  for (const Tag& tag : OpeningTags(dom)) {
    if (tag.name == "body") body_class = " " + tag.Get("class") + " ";
  }
  for (const char* hidden : {"pass", "indeterminate", "not_applicable"}) {
    EXPECT_THAT(body_class, HasSubstr(std::string(" hide-") + hidden + " "));
  }
  EXPECT_THAT(body_class, ::testing::Not(HasSubstr(" hide-fail ")));
  EXPECT_THAT(body_class, ::testing::Not(HasSubstr(" hide-warn ")));
  // A subject left with no row to show is hidden whole.
  for (const auto& [name, subject] : SubjectsInDom(dom)) {
    bool shows_a_row = false;
    for (const auto& [rule, verdict] : subject.rows)
      shows_a_row = shows_a_row || verdict == "fail" || verdict == "warn";
    EXPECT_EQ(subject.filtered_out, !shows_a_row) << name;
  }
}

TEST_P(HtmlInBrowser, ScreenshotIsSavedInTheBuildTree) {
  ASSERT_TRUE(ChromiumOnPath()) << kNoChromium;
  const Rendered& rendered = RenderExample(GetParam());
  ASSERT_FALSE(rendered.error) << *rendered.error;
  fs::create_directories(ArtifactsDir());
  const fs::path png = ArtifactsDir() / ("report-" + GetParam() + ".png");
  fs::remove(png);
  // The page beside its picture, for whoever wants to open it.
  fs::copy_file(rendered.html, ArtifactsDir() / ("report-" + GetParam() + ".html"),
                fs::copy_options::overwrite_existing);
  Chromium("--window-size=1400,4000 --screenshot=" + Quoted(png),
           "file://" + rendered.html.string());
  ASSERT_TRUE(fs::exists(png)) << "Chromium wrote no screenshot to " << png;
  EXPECT_GT(fs::file_size(png), 10u * 1024) << png << " is too small to show the report";
}

INSTANTIATE_TEST_SUITE_P(ExamplePolicies, HtmlInBrowser,
                         ::testing::Values("eu.eed.datacentres", "global.baseline"),
                         [](const auto& info) {
                           return testing::TestNameOf(fs::path(info.param + ".x"));
                         });

// --- The command itself -----------------------------------------------------

class HtmlCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("gridlaw-report-html-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static fs::path Path(const std::string& name) { return dir_ / name; }
  static fs::path Example(const std::string& name) { return SourceDir() / "examples" / name; }
  static inline fs::path dir_;
};

TEST_F(HtmlCommand, WritesToStandardOutputWithoutOut) {
  const auto eval = Gridlaw("eval --format json --policy " +
                            Quoted(SourceDir() / "policies/global.baseline.policy") + " " +
                            Quoted(Example("claims")) + " --out " + Quoted(Path("plain.json")));
  ASSERT_EQ(eval.exit_code, 1);
  const auto run = Gridlaw("report html " + Quoted(Path("plain.json")));
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, ::testing::StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(run.out, HasSubstr("class=\"unsigned\""));
  // Without --series each measured verdict still has its chart, of one point.
  EXPECT_THAT(run.out, HasSubstr("<svg class=\"chart\""));
  EXPECT_EQ(Gridlaw("report html " + Quoted(Path("plain.json"))).out, run.out);
}

TEST_F(HtmlCommand, SignedReportShowsItsSignerAndIsNotVerified) {
  const auto eval = Gridlaw(
      "eval --format json --policy " + Quoted(SourceDir() / "policies/eu.eed.datacentres.policy") +
      " --trust " + Quoted(Example("trust.json")) + " --now 2028-02-02T00:00:00Z --sign-key " +
      Quoted(Example("keys/auditor.key")) + " --out " + Quoted(Path("signed.json")) + " " +
      Quoted(Example("envelopes")));
  ASSERT_EQ(eval.exit_code, 1);
  const auto run = Gridlaw("report html " + Quoted(Path("signed.json")) + " --out " +
                           Quoted(Path("signed.html")));
  ASSERT_EQ(run.exit_code, 0);
  const std::string html = ReadFileOrEmpty(Path("signed.html"));
  EXPECT_THAT(html, HasSubstr("id=\"provenance\" class=\"signed\""));
  const json envelope = json::parse(ReadFileOrEmpty(Path("signed.json")));
  const std::string keyid = envelope["signatures"][0]["keyid"];
  EXPECT_THAT(html, HasSubstr("<code title=\"" + keyid + "\">"));
  EXPECT_THAT(html, HasSubstr("gridlaw report verify"));
}

TEST_F(HtmlCommand, RefusesWhatIsNotAReportWithExitTwo) {
  testing::WriteFile(Path("broken.json"), "{\"policy\": ");
  testing::WriteFile(Path("array.json"), "[]");
  testing::WriteFile(Path("bad-envelope.json"), "{\"payloadType\": 3}");
  struct Case {
    fs::path input;
    std::string says;
  };
  const std::vector<Case> cases = {
      {Path("missing.json"), "cannot open"},
      {Path("broken.json"), "is not JSON"},
      {Path("array.json"), "is not a gridlaw report: it is not a JSON object"},
      {Example("claims/cascadia-dls-1-2027-01.json"), "is not a gridlaw report"},
      {Example("envelopes/cascadia-dls-1-2027-01.json"),
       "is a DSSE envelope of type application/vnd.gridlaw.claims+json, not a report"},
      {Path("bad-envelope.json"), "is not a valid DSSE envelope"},
  };
  for (const Case& c : cases) {
    const auto run =
        Gridlaw("report html " + Quoted(c.input) + " --out " + Quoted(Path("x.html")), true);
    EXPECT_EQ(run.exit_code, 2) << c.input;
    EXPECT_THAT(run.out, HasSubstr("gridlaw report html: ")) << c.input;
    EXPECT_THAT(run.out, HasSubstr(c.says)) << c.input;
    EXPECT_FALSE(fs::exists(Path("x.html"))) << c.input;
  }
}

}  // namespace
}  // namespace gridlaw
