#include "records/id_lines.h"

#include <gtest/gtest.h>

#include <string>

namespace gridlaw {
namespace {

TEST(IdLines, ASecondInsertOfAnIdGivesTheFirstLineAndChangesNothing) {
  IdLines ids;
  EXPECT_EQ(ids.Insert("att-1", 1), std::nullopt);
  EXPECT_EQ(ids.Insert("att-2", 2), std::nullopt);
  EXPECT_EQ(ids.Insert("att-1", 3), 1U);
  EXPECT_EQ(ids.Insert("att-1", 4), 1U);
  EXPECT_EQ(ids.Insert("att-2", 5), 2U);
  EXPECT_EQ(ids.size(), 2U);
}

TEST(IdLines, IdsThatArePrefixesOrEmptyAreDistinct) {
  IdLines ids;
  EXPECT_EQ(ids.Insert("", 1), std::nullopt);
  EXPECT_EQ(ids.Insert("a", 2), std::nullopt);
  EXPECT_EQ(ids.Insert("ab", 3), std::nullopt);
  EXPECT_EQ(ids.Insert(std::string("a\0b", 3), 4), std::nullopt);
  EXPECT_EQ(ids.Insert("", 5), 1U);
  EXPECT_EQ(ids.Insert("ab", 6), 3U);
  EXPECT_EQ(ids.Insert(std::string("a\0b", 3), 7), 4U);
}

TEST(IdLines, EveryIdKeepsItsLineAcrossManyGrowths) {
  IdLines ids;
  constexpr uint64_t kIds = 300'000;
  for (uint64_t i = 0; i < kIds; ++i)
    ASSERT_EQ(ids.Insert("id-" + std::to_string(i), i + 1), std::nullopt) << i;
  EXPECT_EQ(ids.size(), kIds);
  for (uint64_t i = 0; i < kIds; i += 997)
    ASSERT_EQ(ids.Insert("id-" + std::to_string(i), kIds + 1), i + 1) << i;
  EXPECT_EQ(ids.Insert("id-" + std::to_string(kIds), kIds + 1), std::nullopt);
  EXPECT_EQ(ids.size(), kIds + 1);
}

}  // namespace
}  // namespace gridlaw
