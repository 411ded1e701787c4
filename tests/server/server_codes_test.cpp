// SPEC.md §18 lists the server's H codes and the status of every intake and
// ledger code: kept in step with server/http_errors.h here.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "http_errors.h"
#include "test_files.h"

namespace gridlaw::server {
namespace {

std::string SpecSection() {
  const std::string spec = testing::ReadFileOrEmpty(testing::SourceDir() / "SPEC.md");
  const size_t start = spec.find("\n## 18. The intake server");
  if (start == std::string::npos) return "";
  const size_t end = spec.find("\n## ", start + 1);
  return spec.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TEST(ServerCodes, EveryCodeIsListedInTheSpec) {
  const std::string section = SpecSection();
  ASSERT_FALSE(section.empty());
  for (const ServerCodeInfo& info : AllServerCodes()) {
    const std::string row = "| " + std::string(info.id) + " | " + std::string(info.name) + " | " +
                            std::to_string(info.status) + " | " + std::string(info.summary) + " |";
    EXPECT_NE(section.find(row), std::string::npos) << row;
  }
}

TEST(ServerCodes, CodesAndNamesAreUniqueAndInOrder) {
  std::set<std::string_view> ids, names;
  for (const ServerCodeInfo& info : AllServerCodes()) {
    EXPECT_TRUE(ids.insert(info.id).second) << info.id;
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
  }
  EXPECT_EQ(InfoOf(ServerCode::kNotFound).id, "H001");
  EXPECT_EQ(InfoOf(ServerCode::kInternalError).id, "H007");
}

TEST(ServerCodes, StatusOfEachRefusal) {
  EXPECT_EQ(StatusOf("J001", JsonScope::kEnvelope), 400);
  EXPECT_EQ(StatusOf("J001", JsonScope::kPayload), 422);
  for (const char* code : {"A100", "A101", "A102", "A103", "A104", "A105", "A106"})
    EXPECT_EQ(StatusOf(code, JsonScope::kEnvelope), 400) << code;
  for (const char* code : {"A201", "A202", "A203", "A204", "A205", "A206", "A207", "A208"})
    EXPECT_EQ(StatusOf(code, JsonScope::kEnvelope), 403) << code;
  for (const char* code : {"A300", "A301", "A302", "A303"})
    EXPECT_EQ(StatusOf(code, JsonScope::kEnvelope), 422) << code;
  EXPECT_EQ(StatusOf("A304", JsonScope::kEnvelope), 409);
  EXPECT_EQ(StatusOf("L101", JsonScope::kEnvelope), 409);
  EXPECT_EQ(StatusOf("L401", JsonScope::kEnvelope), 404);
  EXPECT_EQ(StatusOf("L001", JsonScope::kEnvelope), 503);
  EXPECT_EQ(StatusOf("L201", JsonScope::kEnvelope), 500);
  EXPECT_EQ(StatusOf("H004", JsonScope::kEnvelope), 413);
  EXPECT_EQ(StatusOf("bogus", JsonScope::kEnvelope), 500);
}

TEST(ServerCodes, TheErrorBodyIsJsonWithAPathOnlyWhenThereIsOne) {
  HttpError error = MakeError(ServerCode::kBadRequest, "bad \xff byte");
  auto body = nlohmann::json::parse(error.Body());
  EXPECT_EQ(body["code"], "H005");
  EXPECT_EQ(body["name"], "bad-request");
  EXPECT_FALSE(body.contains("path"));
  error.path = "/a/b";
  body = nlohmann::json::parse(error.Body());
  EXPECT_EQ(body["path"], "/a/b");
}

}  // namespace
}  // namespace gridlaw::server
