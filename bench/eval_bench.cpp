// Compile time of a 1,000-rule policy, and evaluation throughput (rule
// evaluations per second) of a 12-rule policy over 100,000 records; and the
// peer workload (SPEC.md §22–§23): decoding its JSON Lines records and
// evaluating bench/peer-workload.policy over them, apart.
//
//   GRIDLAW_WORKLOAD=records.jsonl build/bench/gridlaw_bench --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "claims/claims.h"
#include "eval/program.h"
#include "eval/run.h"
#include "eval/tally.h"
#include "eval/verdicts.h"
#include "frontend/frontend.h"
#include "records/record_decoder.h"

namespace gridlaw {
namespace {

constexpr const char* kHeader =
    "policy bench.policy version 1.0.0 {\n  title \"Bench\"\n  schema compute-facility/v1\n}\n\n";

// Twelve rules in the spirit of shared/bench/WORKLOAD.md, in this schema.
constexpr const char* kTwelveRules = R"(
rule efficiency.pue_max { require pue <= 1.3 }
rule efficiency.renewable_share { require energy.facility > 0 kWh and energy.renewable / energy.facility >= 50 % }
rule efficiency.joules_per_token { require tokens.served > 0 token and energy_per_token <= 0.5 J/token }
rule safety.availability_min { require availability_ratio >= 99.9 % }
rule safety.latency_p99_max { require latency.p99 <= 2000 ms }
rule fairness.price_parity { require min(p.price for p in prices) > 0 and max(p.price for p in prices) / min(p.price for p in prices) <= 110 % }
rule safety.critical_incident_reporting { require all i in incidents where i.severity == "critical": i.notified_at - i.detected_at <= 24 h }
rule safety.incident_reporting { require all i in incidents: i.notified_at - i.detected_at <= 72 h }
rule efficiency.wue_max { require energy.it > 0 kWh and wue <= 1.8 L/kWh }
rule efficiency.tokens_positive { require tokens.served > 0 token }
rule fairness.region_allowed { require region in ["us-east", "us-west", "eu-west", "eu-central", "ap-northeast"] }
rule reporting.energy_consistency { require energy.facility >= energy.it }
)";

uint64_t Next(uint64_t& state) {  // splitmix64: deterministic data
  state += 0x9E3779B97F4A7C15ULL;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::vector<Claim> Records(size_t n) {
  static const char* kRegions[] = {"us-east",    "us-west",      "eu-west",
                                   "eu-central", "ap-northeast", "sa-east"};
  uint64_t state = 42;
  std::vector<Claim> claims;
  claims.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t it = 200000 + Next(state) % 19800000;
    const uint64_t fac = it * (105 + Next(state) % 45) / 100;
    nlohmann::json doc = {
        {"schema", "compute-facility/v1"},
        {"provider", fmt::format("prov-{:03}", i % 200)},
        {"subject", {{"id", fmt::format("f-{}", i)}, {"kind", "facility"}}},
        {"region", kRegions[Next(state) % 6]},
        {"period", {{"start", "2027-01-01"}, {"end", "2027-02-01"}}},
        {"issued_at", "2027-02-02T00:00:00Z"},
        {"nonce", fmt::format("nonce-{:012}", i)},
        {"currency", "USD"},
        {"energy",
         {{"facility", {{"value", std::to_string(fac)}, {"unit", "kWh"}}},
          {"it", {{"value", std::to_string(it)}, {"unit", "kWh"}}},
          {"renewable",
           {{"value", std::to_string(fac * (30 + Next(state) % 70) / 100)}, {"unit", "kWh"}}}}},
        {"water",
         {{"withdrawn",
           {{"value", std::to_string(it * (20 + Next(state) % 200) / 100)}, {"unit", "L"}}}}},
        {"tokens",
         {{"served",
           {{"value", std::to_string(it * 7 + Next(state) % 1000)}, {"unit", "Mtoken"}}}}},
        {"latency",
         {{"p99", {{"value", std::to_string(50 + Next(state) % 2350)}, {"unit", "ms"}}}}},
        {"availability",
         {{"available", {{"value", "44600"}, {"unit", "min"}}},
          {"unavailable", {{"value", std::to_string(Next(state) % 200)}, {"unit", "min"}}}}},
        {"prices", nlohmann::json::array()},
        {"incidents", nlohmann::json::array()}};
    for (const char* cls : {"domestic", "foreign", "sme"}) {
      doc["prices"].push_back(
          {{"customer_class", cls},
           {"price",
            {{"value", fmt::format("{}.{:02}", 1 + Next(state) % 20, Next(state) % 100)},
             {"unit", "USD/Mtoken"}}}});
    }
    for (uint64_t k = Next(state) % 4; k > 0; --k) {
      const uint64_t detected = Next(state) % 500;
      doc["incidents"].push_back({{"id", fmt::format("I{}", k)},
                                  {"severity", k == 1 ? "critical" : "high"},
                                  {"detected_at", fmt::format("2027-01-0{}T{:02}:00:00Z",
                                                              1 + detected % 9, detected % 24)},
                                  {"notified_at", fmt::format("2027-01-1{}T{:02}:00:00Z",
                                                              detected % 9, Next(state) % 24)}});
    }
    std::vector<ClaimError> errors;
    auto claim = DecodeClaim(doc, &errors);
    if (!claim) throw std::runtime_error(errors.at(0).path + ": " + errors.at(0).message);
    claim->id = std::to_string(i);
    claims.push_back(std::move(*claim));
  }
  return claims;
}

std::string ThousandRulePolicy() {
  std::string text = kHeader;
  for (int i = 0; i < 1000; ++i) {
    text += fmt::format(
        "rule efficiency.r{} {{\n  severity minor\n  require energy.it / tokens.served <= {}.{} "
        "J/token and "
        "all i in incidents: i.notified_at - i.detected_at <= {} h\n}}\n\n",
        i, i % 7, i % 10, 24 + i % 48);
  }
  return text;
}

// The whole front end and the compiled program: what `gridlaw check` and
// `gridlaw eval` pay before the first claim.
void BM_Compile1000Rules(benchmark::State& state) {
  const std::string text = ThousandRulePolicy();
  for (auto _ : state) {
    CompiledPolicy compiled = CheckPolicyText("bench.policy", text);
    if (!compiled.ok()) state.SkipWithError("policy has errors");
    auto program = Program::Compile(*compiled.checked);
    benchmark::DoNotOptimize(program);
  }
  state.counters["rules"] = 1000;
}
BENCHMARK(BM_Compile1000Rules)->Unit(benchmark::kMillisecond);

// The stages apart, to see where compile time goes.
void BM_Parse1000Rules(benchmark::State& state) {
  const SourceFile source("bench.policy", ThousandRulePolicy());
  for (auto _ : state) {
    Diagnostics diagnostics;
    auto policy = ParsePolicy(source, diagnostics);
    benchmark::DoNotOptimize(policy);
  }
}
BENCHMARK(BM_Parse1000Rules)->Unit(benchmark::kMillisecond);

void BM_Check1000Rules(benchmark::State& state) {
  const SourceFile source("bench.policy", ThousandRulePolicy());
  Diagnostics parse_diagnostics;
  const auto policy = ParsePolicy(source, parse_diagnostics);
  for (auto _ : state) {
    Diagnostics diagnostics;
    auto checked = CheckPolicy(source, *policy, diagnostics);
    benchmark::DoNotOptimize(checked);
  }
}
BENCHMARK(BM_Check1000Rules)->Unit(benchmark::kMillisecond);

void BM_Program1000Rules(benchmark::State& state) {
  const CompiledPolicy compiled = CheckPolicyText("bench.policy", ThousandRulePolicy());
  for (auto _ : state) {
    auto program = Program::Compile(*compiled.checked);
    benchmark::DoNotOptimize(program);
  }
}
BENCHMARK(BM_Program1000Rules)->Unit(benchmark::kMillisecond);

// `n` claims and the twelve rules compiled: what the claim-run benchmarks
// share. `error` is set when the policy does not check.
struct TwelveRuleRun {
  std::vector<Claim> claims;
  CompiledPolicy compiled;
  std::unique_ptr<Program> program;
  std::string error;

  explicit TwelveRuleRun(size_t n)
      : claims(Records(n)),
        compiled(CheckPolicyText("bench.policy", std::string(kHeader) + kTwelveRules)) {
    if (!compiled.ok()) {
      error = "policy has errors";
      return;
    }
    program = Program::Compile(*compiled.checked);
  }
  void Count(benchmark::State& state) const {
    state.counters["rule_evals_per_s"] = benchmark::Counter(
        static_cast<double>(claims.size() * 12) * static_cast<double>(state.iterations()),
        benchmark::Counter::kIsRate);
  }
};

void BM_Evaluate12RulesOver100kRecords(benchmark::State& state) {
  const TwelveRuleRun run(static_cast<size_t>(state.range(0)));
  if (!run.error.empty()) {
    state.SkipWithError(run.error.c_str());
    return;
  }
  for (auto _ : state) {
    std::vector<InputError> errors;
    auto result = Evaluate(*run.program, run.claims, std::nullopt, &errors);
    benchmark::DoNotOptimize(result);
  }
  run.Count(state);
}
BENCHMARK(BM_Evaluate12RulesOver100kRecords)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);

// The same run's counts from verdicts alone (what `eval --format summary`
// of claim files or a ledger computes), on one thread and on two.
void BM_Tally12RulesOver100kRecords(benchmark::State& state) {
  const TwelveRuleRun run(static_cast<size_t>(state.range(0)));
  if (!run.error.empty()) {
    state.SkipWithError(run.error.c_str());
    return;
  }
  for (auto _ : state) {
    std::vector<InputError> errors;
    auto tally = TallyClaims(*run.program, run.claims, std::nullopt, &errors,
                             static_cast<unsigned>(state.range(1)));
    benchmark::DoNotOptimize(tally);
  }
  run.Count(state);
}
BENCHMARK(BM_Tally12RulesOver100kRecords)
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The first `n` lines of the file GRIDLAW_WORKLOAD names (shared/bench/gen.js output).
std::vector<std::string> WorkloadLines(size_t n) {
  std::vector<std::string> lines;
  const char* path = std::getenv("GRIDLAW_WORKLOAD");
  if (path == nullptr) return lines;
  std::ifstream in(path);
  for (std::string line; lines.size() < n && std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

void BM_PeerWorkloadDecode(benchmark::State& state) {
  const auto lines = WorkloadLines(static_cast<size_t>(state.range(0)));
  if (lines.empty()) {
    state.SkipWithError("set GRIDLAW_WORKLOAD to a file made by shared/bench/gen.js");
    return;
  }
  RecordDecoder decoder(FacilityMonthV1());
  size_t bytes = 0;
  for (auto _ : state) {
    for (const std::string& line : lines) {
      RecordError error;
      auto claim = decoder.Decode(line, &error);
      if (!claim) state.SkipWithError(error.message.c_str());
      benchmark::DoNotOptimize(claim);
      bytes += line.size() + 1;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["records_per_s"] = benchmark::Counter(
      static_cast<double>(lines.size()) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PeerWorkloadDecode)->Arg(20000)->Unit(benchmark::kMillisecond);

// The peer workload decoded beforehand, and its policy compiled: what the
// evaluation benchmarks share. `error` is set when it cannot be loaded.
struct DecodedWorkload {
  CompiledPolicy compiled;
  std::unique_ptr<Program> program;
  std::vector<Claim> claims;
  std::string error;

  explicit DecodedWorkload(size_t n) {
    const auto lines = WorkloadLines(n);
    std::ifstream policy_file(std::string(GRIDLAW_SOURCE_DIR) + "/bench/peer-workload.policy");
    const std::string policy((std::istreambuf_iterator<char>(policy_file)), {});
    compiled = CheckPolicyText("peer-workload.policy", policy);
    if (lines.empty() || !compiled.ok()) {
      error = "set GRIDLAW_WORKLOAD; bench/peer-workload.policy must check";
      return;
    }
    RecordDecoder decoder(FacilityMonthV1());
    for (const std::string& line : lines) {
      RecordError e;
      auto claim = decoder.Decode(line, &e);
      if (!claim) {
        error = e.message;
        return;
      }
      claims.push_back(std::move(*claim));
    }
    program = Program::Compile(*compiled.checked);
  }
  void Count(benchmark::State& state) const {
    state.counters["rule_evals_per_s"] =
        benchmark::Counter(static_cast<double>(claims.size() * program->rules().size()) *
                               static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
  }
};

void BM_PeerWorkloadEvaluate(benchmark::State& state) {
  const DecodedWorkload w(static_cast<size_t>(state.range(0)));
  if (!w.error.empty()) {
    state.SkipWithError(w.error.c_str());
    return;
  }
  EvaluationScratch scratch;
  for (auto _ : state) {
    for (const Claim& claim : w.claims) {
      auto result =
          EvaluateRecord(*w.program, claim, std::numeric_limits<int64_t>::max(), &scratch);
      benchmark::DoNotOptimize(result);
    }
  }
  w.Count(state);
}
BENCHMARK(BM_PeerWorkloadEvaluate)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(1);

// The same records through the verdict evaluator, as summaries and
// `gridlaw bench` evaluate them (claims decoded beforehand, one thread).
void BM_PeerWorkloadVerdicts(benchmark::State& state) {
  const DecodedWorkload w(static_cast<size_t>(state.range(0)));
  if (!w.error.empty()) {
    state.SkipWithError(w.error.c_str());
    return;
  }
  VerdictEvaluator verdicts(*w.program);
  SubjectVerdicts subject;
  for (auto _ : state) {
    for (const Claim& claim : w.claims) {
      verdicts.Evaluate(claim, std::numeric_limits<int64_t>::max(), &subject);
      benchmark::DoNotOptimize(subject.rules.data());
    }
  }
  w.Count(state);
}
BENCHMARK(BM_PeerWorkloadVerdicts)->Arg(20000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gridlaw

BENCHMARK_MAIN();
