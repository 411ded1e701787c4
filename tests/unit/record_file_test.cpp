// Record files evaluated in parallel batches (engine/records/evaluate_records):
// the counts do not depend on the number of threads and equal the explaining
// evaluator's, record by record; a bad file reports its first bad line
// whichever thread decoded it.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "eval/run.h"
#include "eval/tally.h"
#include "frontend/frontend.h"
#include "records/evaluate_records.h"
#include "test_files.h"

namespace gridlaw {
namespace {

// Record `i` of a varied stream: passing, failing and missing fields for
// every rule of the peer workload, across several batches; every tenth
// record passes every rule.
std::string Record(int i) {
  if (i % 10 == 1) {
    return fmt::format(
        R"({{"id":"att-{:07}","provider":"prov-{:03}","facility":"f-1","region":"eu-west",)"
        R"("period_start":"2024-{:02}-01","energy_facility_kwh":1300,"energy_it_kwh":1000,)"
        R"("renewable_kwh":900,"water_l":1500,"tokens_served":8000000000,"pue":1.3,)"
        R"("availability":0.9995,"latency_p99_ms":800.5,)"
        R"("prices":[{{"customer_class":"sme","usd_per_mtok":1.1}},)"
        R"({{"customer_class":"domestic","usd_per_mtok":1.05}}],)"
        R"("incidents":[{{"severity":"critical","detected_hours":5,"reported_hours":20}}]}})",
        i, i % 13, 1 + i % 12);
  }
  std::string line = fmt::format(
      R"({{"id":"att-{:07}","provider":"prov-{:03}","facility":"f-{}","region":"{}",)"
      R"("period_start":"2024-{:02}-01","energy_facility_kwh":{},"energy_it_kwh":1000,)",
      i, i % 13, i % 5, i % 9 == 0 ? "mars-1" : "eu-west", 1 + i % 12, 1000 + (i * 37) % 900);
  if (i % 17 != 0) line += fmt::format(R"("renewable_kwh":{},)", (i * 53) % 1500);
  if (i % 19 != 0) line += fmt::format(R"("water_l":{},)", (i * 71) % 2500);
  line += fmt::format(R"("tokens_served":{},"pue":1.{},"availability":0.99{},)",
                      i % 23 == 0 ? 0 : int64_t{1000000000} * (1 + i % 9), 1 + i % 5, 80 + i % 20);
  if (i % 29 != 0) line += fmt::format(R"("latency_p99_ms":{}.5,)", 1500 + (i * 7) % 900);
  line += fmt::format(R"("prices":[{{"customer_class":"sme","usd_per_mtok":1.{}}},)"
                      R"({{"customer_class":"domestic","usd_per_mtok":1.{}}}],)",
                      10 + i % 30, 10 + i % 7);
  line +=
      fmt::format(R"("incidents":[{{"severity":"{}","detected_hours":5,"reported_hours":{}}}]}})",
                  i % 3 == 0 ? "critical" : "low", 10 + (i * 11) % 90);
  return line;
}

class RecordFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto policy_path = testing::SourceDir() / "bench" / "peer-workload.policy";
    policy_ = CheckPolicyText(policy_path.string(), testing::ReadFileOrEmpty(policy_path));
    ASSERT_TRUE(policy_.ok()) << policy_.RenderDiagnosticsText();
    program_ = Program::Compile(*policy_.checked);
  }

  std::string Write(const std::vector<std::string>& lines) {
    const auto path = dir_ / fmt::format("r{}.jsonl", files_++);
    std::string text;
    for (const std::string& line : lines)
      text += line + "\n";
    testing::WriteFile(path, text);
    return path.string();
  }
  std::optional<RunTally> Run(const std::string& path, unsigned threads, RecordError* error) {
    RecordRunOptions options;
    options.threads = threads;
    RecordRunStats stats;
    return EvaluateRecordFile(*program_, path, options, &stats, error);
  }

  CompiledPolicy policy_;
  std::unique_ptr<Program> program_;
  const testing::ScratchDir dir_{"records"};
  int files_ = 0;
};

constexpr int kRecords = 9000;  // rounds of 4096 lines per thread: two on two threads, three on one

TEST_F(RecordFileTest, CountsDoNotDependOnThreadsAndEqualTheExplainingEvaluator) {
  std::vector<std::string> lines;
  for (int i = 0; i < kRecords; ++i)
    lines.push_back(Record(i));
  const std::string path = Write(lines);

  RecordError error;
  auto read = ReadRecordFile(*program_->checked().schema, path, &error);
  ASSERT_TRUE(read) << error.line << ": " << error.message;
  ASSERT_EQ(read->size(), static_cast<size_t>(kRecords));
  RunTally want = RunTally::For(*program_);
  EvaluationScratch scratch;
  int64_t latest = 0;
  for (const Claim& claim : *read)
    latest = std::max(latest, claim.period_end);
  for (const Claim& claim : *read)
    want.Add(EvaluateRecord(*program_, claim, latest, &scratch));

  for (unsigned threads : {1U, 2U, 3U}) {
    auto reread = ReadRecordFile(*program_->checked().schema, path, &error, threads);
    ASSERT_TRUE(reread) << error.message;
    ASSERT_EQ(reread->size(), read->size());
    for (size_t i = 0; i < read->size(); i += 997)
      EXPECT_EQ((*reread)[i].id, (*read)[i].id) << threads << " threads";
    auto got = Run(path, threads, &error);
    ASSERT_TRUE(got) << error.message;
    EXPECT_EQ(got->subjects, static_cast<uint64_t>(kRecords));
    EXPECT_EQ(got->evaluated, want.evaluated);
    EXPECT_EQ(got->compliant, want.compliant) << threads << " threads";
    EXPECT_EQ(got->evaluated_at, latest);
    ASSERT_EQ(got->rules.size(), want.rules.size());
    for (size_t r = 0; r < want.rules.size(); ++r) {
      EXPECT_EQ(got->rules[r].by_verdict, want.rules[r].by_verdict)
          << want.rules[r].rule_id << ", " << threads << " threads";
    }
  }
  // The stream exercises every outcome the workload counts.
  uint64_t fails = 0, indeterminate = 0;
  for (const RuleTally& r : want.rules) {
    fails += r.count(Verdict::kFail);
    indeterminate += r.count(Verdict::kIndeterminate);
  }
  EXPECT_GT(fails, 1000U);
  EXPECT_GT(indeterminate, 1000U);
  EXPECT_GE(want.compliant, static_cast<uint64_t>(kRecords / 10));
}

TEST_F(RecordFileTest, TheFirstBadLineIsReportedWhateverThreadReadIt) {
  std::vector<std::string> lines;
  for (int i = 0; i < kRecords; ++i)
    lines.push_back(Record(i));
  lines[8500] = R"({"id":"att-x","pue":"high"})";  // in the third batch
  lines[8700] = Record(42);                        // a duplicate id, after it
  const std::string bad_then_duplicate = Write(lines);
  lines[8500] = Record(8500);
  lines[5000] = Record(7);  // a duplicate, in the second batch, before line 8701
  const std::string duplicate_then_duplicate = Write(lines);
  for (unsigned threads : {1U, 2U, 3U}) {
    RecordError error;
    EXPECT_FALSE(Run(bad_then_duplicate, threads, &error));
    EXPECT_EQ(error.line, 8501U) << threads << " threads";
    error = {};
    EXPECT_FALSE(Run(duplicate_then_duplicate, threads, &error));
    EXPECT_EQ(error.line, 5001U) << threads << " threads";
    EXPECT_EQ(error.pointer, "/id");
    EXPECT_EQ(error.message,
              "the id 'att-0000007' was already used on line 8: one record per subject");
  }
}

// Lines are read one round ahead of decoding and admitted one round behind
// it: a line that cannot be read is still reported only after every line
// before it was decoded and admitted.
TEST_F(RecordFileTest, AnUnreadableLineIsReportedAfterTheBadLinesBeforeIt) {
  std::vector<std::string> lines;
  for (int i = 0; i < kRecords; ++i)
    lines.push_back(Record(i));
  lines[8800] = std::string(kMaxRecordLineBytes + 1, ' ');  // in the last round
  const std::string too_long = Write(lines);
  lines[8000] = R"({"id":"att-x","pue":"high"})";  // the round before it (one thread)
  const std::string bad_then_too_long = Write(lines);
  lines[8000] = Record(8000);
  lines[1000] = Record(3);  // a duplicate, in the first round
  const std::string duplicate_then_too_long = Write(lines);
  for (unsigned threads : {1U, 2U, 3U}) {
    RecordError error;
    EXPECT_FALSE(Run(too_long, threads, &error));
    EXPECT_EQ(error.line, 8801U) << threads << " threads";
    EXPECT_EQ(error.message, "a line of more than 1048576 bytes");
    error = {};
    EXPECT_FALSE(Run(bad_then_too_long, threads, &error));
    EXPECT_EQ(error.line, 8001U) << threads << " threads";
    EXPECT_EQ(error.pointer, "/pue");
    error = {};
    EXPECT_FALSE(Run(duplicate_then_too_long, threads, &error));
    EXPECT_EQ(error.line, 1001U) << threads << " threads";
    EXPECT_EQ(error.message,
              "the id 'att-0000003' was already used on line 4: one record per subject");
  }
}

}  // namespace
}  // namespace gridlaw
