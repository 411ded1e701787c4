// Semantic versions and the constraints of extends/import (SPEC §4.6).

#include "modules/semver.h"

#include <gtest/gtest.h>

namespace gridlaw::modules {
namespace {

Version V(const char* text) {
  auto v = ParseVersion(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(Version{});
}

bool Matches(const char* version, const char* constraint) {
  auto c = ParseConstraint(constraint);
  EXPECT_TRUE(c.has_value()) << constraint;
  return c && Satisfies(V(version), *c);
}

TEST(Semver, ParsesVersions) {
  EXPECT_EQ(V("1.2.3").ToString(), "1.2.3");
  EXPECT_EQ(V("2.1.0-rc.1").pre, "rc.1");
  EXPECT_FALSE(ParseVersion("1.2").has_value());
  EXPECT_TRUE(ParseVersion("1.2", /*allow_partial=*/true).has_value());
  EXPECT_FALSE(ParseVersion("1.2.3.4").has_value());
  EXPECT_FALSE(ParseVersion("1..3").has_value());
  EXPECT_FALSE(ParseVersion("1.2.3-").has_value());
  EXPECT_FALSE(ParseVersion("1.2.3-rc..1").has_value());
}

TEST(Semver, OrdersByPrecedence) {
  const char* ordered[] = {"0.9.9",      "1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta",
                           "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
                           "1.0.0",      "1.0.1",        "1.10.0",        "2.0.0"};
  for (size_t i = 0; i + 1 < std::size(ordered); ++i) {
    EXPECT_LT(Compare(V(ordered[i]), V(ordered[i + 1])), 0)
        << ordered[i] << " < " << ordered[i + 1];
    EXPECT_GT(Compare(V(ordered[i + 1]), V(ordered[i])), 0);
  }
  EXPECT_EQ(Compare(V("1.2.3"), V("1.2.3")), 0);
}

struct Case {
  const char* version;
  const char* constraint;
  bool satisfies;
};

class ConstraintTable : public ::testing::TestWithParam<Case> {};

TEST_P(ConstraintTable, Satisfies) {
  const Case& c = GetParam();
  EXPECT_EQ(Matches(c.version, c.constraint), c.satisfies) << c.version << " vs " << c.constraint;
}

INSTANTIATE_TEST_SUITE_P(
    Semver, ConstraintTable,
    ::testing::Values(
        // No constraint: any release.
        Case{"3.4.5", "", true}, Case{"1.0.0-rc.1", "", false},
        // Comparisons; a NUMBER version has zeros for the missing parts.
        Case{"1.0.0", ">= 1.0", true}, Case{"0.9.9", ">= 1.0", false},
        Case{"1.0.0", "> 1.0.0", false}, Case{"1.0.1", ">1.0.0", true},
        Case{"2.0.0", "< 2.0.0", false}, Case{"1.9.9", "<2", true}, Case{"2.0.0", "<= 2.0", true},
        Case{"2.0.1", "<= 2.0", false}, Case{"1.2.0", "== 1.2.0", true},
        Case{"1.2.1", "==1.2.0", false},
        // A bare version is that version exactly.
        Case{"1.2.0", "1.2.0", true}, Case{"1.3.0", "1.2.0", false},
        // Caret: the leftmost non-zero number stays.
        Case{"1.9.0", "^1.2.0", true}, Case{"2.0.0", "^1.2.0", false},
        Case{"1.1.9", "^1.2.0", false}, Case{"0.2.9", "^0.2.3", true},
        Case{"0.3.0", "^0.2.3", false}, Case{"0.0.3", "^0.0.3", true},
        Case{"0.0.4", "^0.0.3", false}, Case{"1.5.0", "^1", true}, Case{"0.5.0", "^0", true},
        Case{"1.0.0", "^0", false},
        // Tilde: patch updates; with only a major, minor updates too.
        Case{"1.2.9", "~1.2.3", true}, Case{"1.3.0", "~1.2.3", false},
        Case{"1.2.2", "~1.2.3", false}, Case{"1.2.0", "~1.2", true}, Case{"1.9.0", "~1", true},
        Case{"2.0.0", "~1", false},
        // Pre-releases only for a constraint on a pre-release of the same version.
        Case{"1.1.0-rc.1", "^1.0", false}, Case{"1.1.0-rc.2", ">= 1.1.0-rc.1", true},
        Case{"1.1.0-beta", ">= 1.1.0-rc.1", false}, Case{"1.1.0", ">= 1.1.0-rc.1", true}));

TEST(Semver, RefusesMalformedConstraints) {
  EXPECT_FALSE(ParseConstraint(">= x").has_value());
  EXPECT_FALSE(ParseConstraint("^").has_value());
  EXPECT_FALSE(ParseConstraint("1.2.3.4").has_value());
}

}  // namespace
}  // namespace gridlaw::modules
