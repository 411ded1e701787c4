#include "format/formatter.h"

#include <gtest/gtest.h>

#include "parse/parser.h"

namespace gridlaw {
namespace {

std::string Format(const std::string& text) {
  SourceFile source("t.policy", text);
  Diagnostics diagnostics;
  auto policy = ParsePolicy(source, diagnostics);
  EXPECT_NE(policy, nullptr) << (diagnostics.empty() ? "" : diagnostics.items()[0].message);
  return policy ? FormatPolicy(*policy) : "";
}

TEST(Formatter, CanonicalLayout) {
  const std::string messy =
      "policy   a.b version 1.0.0{title \"T\"   schema compute-facility/v1}\n"
      "param x=1.25 param y = 2 kWh\n\n\n\n"
      "rule efficiency.r{severity   minor require (pue<=x)and energy.it>=y}";
  EXPECT_EQ(Format(messy),
            "policy a.b version 1.0.0 {\n"
            "  title \"T\"\n"
            "  schema compute-facility/v1\n"
            "}\n"
            "\n"
            "param x = 1.25\n"
            "param y = 2 kWh\n"
            "\n"
            "rule efficiency.r {\n"
            "  severity minor\n"
            "  require (pue <= x) and energy.it >= y\n"
            "}\n");
}

TEST(Formatter, KeepsEveryComment) {
  const std::string text =
      "# file comment\n"
      "policy a.b version 1.0.0 {  # header\n"
      "  title \"T\"  # the title\n"
      "  # before schema\n"
      "  schema compute-facility/v1\n"
      "  # at end of header\n"
      "}\n"
      "\n"
      "# about the rule\n"
      "rule efficiency.r {\n"
      "  require pue <= 1  # inline\n"
      "    and true  # second line\n"
      "  # last\n"
      "}\n"
      "# trailing\n";
  const std::string once = Format(text);
  for (const char* c :
       {"# file comment", "# header", "# the title", "# before schema", "# at end of header",
        "# about the rule", "# inline", "# second line", "# last", "# trailing"}) {
    EXPECT_NE(once.find(c), std::string::npos) << c << " lost in:\n" << once;
  }
  EXPECT_EQ(Format(once), once);
}

TEST(Formatter, KeepsUnitsAndStringsAsWritten) {
  const std::string text =
      "policy a.b version 1.0.0 {\n"
      "  title \"x \\u00e9 \\{literal\\}\"\n"
      "}\n"
      "\n"
      "param p = 0.4 J/token\n"
      "param q = 2 kWh / 3 h\n"
      "param r = [1 %, 2 ppm]\n";
  EXPECT_EQ(Format(text), text);
}

TEST(Formatter, FormatsEveryConstruct) {
  const std::string text =
      "policy a.b version 1.0.0 {\n"
      "  title \"T\"\n"
      "  jurisdiction \"EU\", \"DE\"\n"
      "  effective 2027-01-01 to 2027-12-31\n"
      "  schema compute-facility/v1\n"
      "}\n"
      "\n"
      "extends global.baseline >= 1.0\n"
      "import eu.eed ^1.2.0 as eed\n"
      "let total = sum(energy.it over 12 months)\n"
      "\n"
      "rule safety.s {\n"
      "  title \"S {total}\"\n"
      "  description \"d\"\n"
      "  severity critical\n"
      "  cite \"c\"\n"
      "  when not facility.hub_node and country in [\"DE\", \"FR\"]\n"
      "  let late = [i for i in incidents where i.notified_at - i.detected_at > 24 h]\n"
      "  require all i in incidents where i.severity == \"critical\": i.notified_at <= "
      "2027-01-01T00:00:00Z\n"
      "  warn if count(late) > 0 then -1 < 0 else any p in prices: max(p.price, p.price) > 0\n"
      "}\n";
  EXPECT_EQ(Format(text), text);
}

}  // namespace
}  // namespace gridlaw
