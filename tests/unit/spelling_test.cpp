#include "spelling/spelling.h"

#include <gtest/gtest.h>

namespace gridlaw {
namespace {

TEST(Spelling, EditDistance) {
  EXPECT_EQ(EditDistance("pue", "pue"), 0u);
  EXPECT_EQ(EditDistance("itt", "it"), 1u);
  EXPECT_EQ(EditDistance("majro", "major"), 1u);  // adjacent swap counts once
  EXPECT_EQ(EditDistance("", "abc"), 3u);
}

TEST(Spelling, ClosestCandidate) {
  const std::vector<std::string> fields = {"facility", "it", "renewable", "reused"};
  EXPECT_EQ(ClosestSpelling("renewabel", fields), "renewable");
  EXPECT_EQ(ClosestSpelling("Facility", fields), "facility");  // case only
  EXPECT_EQ(ClosestSpelling("xyzzy", fields), "");             // nothing close
  EXPECT_EQ(ClosestSpelling("reuse", fields), "reused");
}

}  // namespace
}  // namespace gridlaw
