// SPEC.md §16.7 lists every ledger code with its name and meaning: kept in
// step with ledger/store/ledger_error.h here.

#include <gtest/gtest.h>

#include <set>

#include "store/ledger_error.h"
#include "test_files.h"

namespace gridlaw {
namespace {

TEST(LedgerCodes, EveryCodeIsListedInTheSpec) {
  const std::string spec = testing::ReadFileOrEmpty(testing::SourceDir() / "SPEC.md");
  const size_t start = spec.find("\n### 16.7 Ledger codes");
  ASSERT_NE(start, std::string::npos);
  const std::string section = spec.substr(start);
  for (const LedgerCodeInfo& info : AllLedgerCodes()) {
    const std::string row = "| " + std::string(info.id) + " | " + std::string(info.name) + " | " +
                            std::string(info.summary) + " |";
    EXPECT_NE(section.find(row), std::string::npos) << row;
  }
}

TEST(LedgerCodes, CodesAndNamesAreUnique) {
  std::set<std::string_view> ids, names;
  for (const LedgerCodeInfo& info : AllLedgerCodes()) {
    EXPECT_TRUE(ids.insert(info.id).second) << info.id;
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
  }
  EXPECT_EQ(Equivocation("x").code, "L101");
  EXPECT_EQ(Equivocation("x").name, "equivocation");
  EXPECT_EQ(NoSuchEntry("x").code, "L401");
}

}  // namespace
}  // namespace gridlaw
