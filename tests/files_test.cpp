#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "files/read_file.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;

class ReadFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  const testing::ScratchDir dir_{"read-file"};
};

TEST_F(ReadFileTest, AFileUpToTheLimitIsReadWhole) {
  const std::string content("a\0b\nc", 5);
  const std::string path = Write("five", content);
  std::string error;
  EXPECT_EQ(ReadFile(path, 5, &error), content);
  EXPECT_EQ(ReadFile(Write("empty", ""), 0, &error), "");
  EXPECT_EQ(error, "");
}

TEST_F(ReadFileTest, AFileOverTheLimitIsRefusedByItsSize) {
  const std::string path = Write("six", "123456");
  std::string error;
  EXPECT_EQ(ReadFile(path, 5, &error), std::nullopt);
  EXPECT_EQ(error, path + " is 6 bytes; the limit is 5");
}

TEST_F(ReadFileTest, AMissingFileOrADirectoryIsNamedInTheError) {
  std::string error;
  const std::string missing = (dir_ / "missing").string();
  EXPECT_EQ(ReadFile(missing, 100, &error), std::nullopt);
  EXPECT_EQ(error, "cannot open " + missing + ": No such file or directory");
  EXPECT_EQ(ReadFile(dir_.path().string(), 100, &error), std::nullopt);
  EXPECT_EQ(error, dir_.path().string() + " is not a regular file");
}

// A /proc file says it is empty and is not: the bound is on what is read.
TEST_F(ReadFileTest, AFileLongerThanItsSizeIsStoppedAtTheLimit) {
  std::error_code ec;
  if (!fs::exists("/proc/self/maps", ec) || fs::file_size("/proc/self/maps", ec) != 0)
    GTEST_SKIP() << "needs /proc/self/maps reporting 0 bytes";
  std::string error;
  EXPECT_EQ(ReadFile("/proc/self/maps", 10, &error), std::nullopt);
  EXPECT_EQ(error, "/proc/self/maps grew past the limit of 10 bytes while being read");
  // Under the limit, the same file reads whole.
  auto whole = ReadFile("/proc/self/maps", size_t{1} << 24, &error);
  ASSERT_TRUE(whole.has_value()) << error;
  EXPECT_GT(whole->size(), 10U);
}

}  // namespace
}  // namespace gridlaw
