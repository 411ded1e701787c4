#pragma once
// Evaluation reports: canonical JSON (the one that is signed and compared),
// a terminal summary, and JUnit XML for CI systems.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eval/run.h"
#include "eval/tally.h"

namespace gridlaw {

struct ReportInputs {
  std::string policy_id;
  std::string policy_version;
  std::string policy_sha256;
  std::vector<std::string> policy_signed_by;  // regulator key ids, when the policy was signed
  std::string engine_version;
  struct Input {
    std::string id;         // the claim's SHA-256
    std::string source;     // file name as given, for people (not part of the canonical report)
    bool verified = false;  // came in a signed envelope that verified
    std::vector<std::string> signed_by;  // key ids of the verified signatures
    std::optional<uint64_t> entry;       // its ledger entry index, when read from a ledger
  };
  std::vector<Input> inputs;
  // When the inputs were read from a ledger: the checkpoint they were read at.
  struct LedgerSource {
    std::string origin;
    uint64_t tree_size = 0;
    std::string root;  // hex
  };
  std::optional<LedgerSource> ledger;
};

// Canonical JSON: UTF-8, object members sorted by name, no insignificant
// whitespace, newline at the end; the only JSON numbers are counts
// (integers), measured values appear as exact decimal text in messages.
// Same inputs, same bytes.
std::string RenderReportJson(const RunResult& run, const ReportInputs& inputs);
std::string RenderReportText(const RunResult& run, const ReportInputs& inputs);
std::string RenderReportJunit(const RunResult& run, const ReportInputs& inputs);
// Verdict counts per rule (SPEC.md §22.3); `inputs.inputs` is not used.
std::string RenderReportSummary(const RunTally& tally, const ReportInputs& inputs);

}  // namespace gridlaw
