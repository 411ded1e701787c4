// server/openapi.yaml is kept true: its operations are exactly the routes
// the server answers, and against a running server every request below —
// one answered, one refused, per operation — gets a status the description
// lists for that operation. No YAML library is at hand: the file's layout is
// fixed (paths at two spaces, methods at four, `responses:` at six, quoted
// status codes at eight; the file says so) and read line by line.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "digest/sha256.h"
#include "intake_server.h"
#include "run_gridlaw.h"
#include "serve_process.h"
#include "test_files.h"

namespace gridlaw {
namespace {

namespace fs = std::filesystem;
using testing::ReadFileOrEmpty;
using testing::SourceDir;

// "GET /v1/entries/{index}" → the statuses listed for it.
using Operations = std::map<std::string, std::set<int>>;

Operations ReadOperations(const std::string& yaml) {
  Operations operations;
  std::istringstream lines(yaml);
  std::string line;
  bool in_paths = false;
  bool in_responses = false;
  std::string path;
  std::string operation;
  auto indent_of = [](const std::string& l) { return l.find_first_not_of(' '); };
  while (std::getline(lines, line)) {
    if (line.empty() || line.find_first_not_of(' ') == std::string::npos) continue;
    const size_t indent = indent_of(line);
    if (indent == 0) {
      in_paths = line == "paths:";
      continue;
    }
    if (!in_paths) continue;
    if (indent == 2 && line[2] == '/' && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
      operation.clear();
      in_responses = false;
    } else if (indent == 4 && line.back() == ':') {
      std::string method = line.substr(4, line.size() - 5);
      for (char& c : method)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      operation = method + " " + path;
      operations[operation];
      in_responses = false;
    } else if (indent == 6) {
      in_responses = line == "      responses:";
    } else if (indent == 8 && in_responses && line.size() >= 14 && line[8] == '\'') {
      operations[operation].insert(std::stoi(line.substr(9, 3)));
    }
  }
  return operations;
}

struct Probe {
  std::string target;
  std::string body;  // for POST
};

class OpenApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("gridlaw-serve-openapi-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const std::string db = (dir_ / "ledger.db").string();
    const std::string examples = (SourceDir() / "examples").string();
    ASSERT_EQ(testing::Gridlaw("ledger init " + db + " --trust " + examples + "/trust.json --key " +
                               examples + "/keys/ledger.key --now 2028-01-15T00:00:00Z")
                  .exit_code,
              0);
    // A few entries and a stored report, so that every endpoint has
    // something to answer with.
    ASSERT_EQ(testing::Gridlaw("ledger ingest --ledger " + db + " --now 2028-02-01T00:00:00Z " +
                               examples + "/envelopes/hanhai-wlcb-1-2027-01.json " + examples +
                               "/envelopes/hanhai-wlcb-1-2027-02.json")
                  .exit_code,
              0);
    testing::Gridlaw("eval --policy " +
                     (SourceDir() / "policies/cn.hub.efficiency.policy").string() + " --ledger " +
                     db + " --format json --now 2028-02-02T00:00:00Z --out " +
                     (dir_ / "report.json").string());
    report_id_ = Sha256Hex(ReadFileOrEmpty(dir_ / "report.json"));
    server_ =
        testing::ServeProcess::Start(db, {"--now", "2028-02-01T00:00:00Z"}, dir_ / "serve.log");
  }
  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->Terminate(), 0);
    }
    server_.reset();
    fs::remove_all(dir_);
  }

  static inline fs::path dir_;
  static inline std::string report_id_;
  static inline std::unique_ptr<testing::ServeProcess> server_;
};

TEST(OpenApiFile, ListsExactlyTheRoutesTheServerAnswers) {
  const Operations described = ReadOperations(ReadFileOrEmpty(SourceDir() / "server/openapi.yaml"));
  ASSERT_FALSE(described.empty());
  std::set<std::string> served;
  for (const server::RouteInfo& route : server::IntakeRoutes()) {
    served.insert(std::string(route.method) + " " + std::string(route.path));
  }
  std::set<std::string> listed;
  for (const auto& [operation, statuses] : described) {
    listed.insert(operation);
    EXPECT_FALSE(statuses.empty()) << operation << " lists no responses";
  }
  EXPECT_EQ(listed, served);
}

TEST_F(OpenApi, EveryOperationAnswersOnlyStatusesItLists) {
  ASSERT_NE(server_, nullptr);
  const std::string envelope =
      ReadFileOrEmpty(SourceDir() / "examples/envelopes/hanhai-wlcb-1-2027-03.json");
  // Per operation: requests that are answered, and requests that are refused.
  const std::map<std::string, std::vector<Probe>> probes = {
      {"POST /v1/attestations",
       {{"/v1/attestations", envelope},
        {"/v1/attestations", envelope},
        {"/v1/attestations", "{}"},
        {"/v1/attestations?x=1", envelope}}},
      {"GET /v1/checkpoint", {{"/v1/checkpoint", ""}, {"/v1/checkpoint?x=1", ""}}},
      {"GET /v1/entries/{index}",
       {{"/v1/entries/0", ""}, {"/v1/entries/99", ""}, {"/v1/entries/x", ""}}},
      {"GET /v1/proof/inclusion",
       {{"/v1/proof/inclusion?entry=0&size=2", ""},
        {"/v1/proof/inclusion?entry=0&size=99", ""},
        {"/v1/proof/inclusion", ""}}},
      {"GET /v1/proof/consistency",
       {{"/v1/proof/consistency?old=1&new=2", ""},
        {"/v1/proof/consistency?old=1&new=99", ""},
        {"/v1/proof/consistency?old=0&new=1", ""}}},
      {"GET /v1/providers/{id}",
       {{"/v1/providers/hanhai", ""},
        {"/v1/providers/nobody", ""},
        {"/v1/providers/hanhai?x", ""}}},
      {"GET /v1/reports/{id}.html",
       {{"/v1/reports/" + report_id_ + ".html", ""},
        {"/v1/reports/" + std::string(64, '0') + ".html", ""},
        {"/v1/reports/x.html", ""}}},
      {"GET /v1/reports/{id}",
       {{"/v1/reports/" + report_id_, ""},
        {"/v1/reports/" + std::string(64, '0'), ""},
        {"/v1/reports/x", ""}}},
      {"GET /healthz", {{"/healthz", ""}, {"/healthz?x=1", ""}}},
  };
  const Operations described = ReadOperations(ReadFileOrEmpty(SourceDir() / "server/openapi.yaml"));
  auto client = server_->Client();
  for (const auto& [operation, statuses] : described) {
    const auto found = probes.find(operation);
    ASSERT_NE(found, probes.end()) << "no probe for " << operation << ": add one here";
    std::set<int> seen;
    for (const Probe& probe : found->second) {
      const auto res = operation.starts_with("POST ")
                           ? client->Post(probe.target.c_str(), probe.body, "application/json")
                           : client->Get(probe.target.c_str());
      ASSERT_TRUE(res) << probe.target;
      seen.insert(res->status);
      EXPECT_TRUE(statuses.count(res->status))
          << operation << ": " << probe.target << " answered " << res->status
          << ", which openapi.yaml does not list";
    }
    EXPECT_TRUE(seen.count(200) || seen.count(201)) << operation << " never answered";
    EXPECT_GT(seen.size(), 1u) << operation << " was never refused";
  }
}

}  // namespace
}  // namespace gridlaw
