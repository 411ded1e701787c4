#pragma once
// Evaluation reports: canonical JSON (the one that is signed and compared),
// a terminal summary, and JUnit XML for CI systems.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eval/run.h"
#include "eval/tally.h"
#include "waiver/apply_waivers.h"

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
  // The modules the policy extends and imports (SPEC §4.6), sorted by id and
  // version, with the SHA-256 of each file's bytes: what makes a report of a
  // policy with modules reproducible. Empty without modules.
  struct Module {
    std::string id;
    std::string version;
    std::string sha256;
  };
  std::vector<Module> modules;
  // Inherited rules the policy disabled, with the stated reason.
  struct DisabledRule {
    std::string id;
    std::string reason;
  };
  std::vector<DisabledRule> disabled_rules;
  // The waivers given (SPEC §20), as ApplyWaivers judged them. When there
  // are none the report has no `waivers` section and no `exempt` counts, so
  // its bytes are those of a run without waivers.
  std::vector<WaiverOutcome> waivers;
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
