#pragma once
// Applies waivers to an evaluation run (SPEC.md §20.3): a waiver that is
// validly signed, names the evaluated policy (if it names one), a rule of
// it and an evaluated subject, and whose window [valid_from, valid_to]
// holds the whole period of the subject's evaluated attestation turns that
// verdict into `exempt`, keeping the verdict it replaces. Every other
// waiver has no effect and says why. The result is the report's `waivers`
// section; it does not depend on the order the waivers were given in.

#include <optional>
#include <string>
#include <vector>

#include "eval/run.h"
#include "waiver/waiver.h"

namespace gridlaw {

// A waiver as read by the command (app/waiver_files.h).
struct WaiverCandidate {
  std::string source;            // the file as given, for people (not in the canonical report)
  std::string sha256;            // of the file's bytes, exactly as given
  std::optional<Waiver> waiver;  // the decoded waiver, whenever its text could be read
  std::vector<std::string> signed_by;  // key ids of the regulator keys that verified
  // Set when the waiver was refused before matching (malformed, unsigned,
  // untrusted, bad signature): it then has no effect.
  std::optional<WaiverError> refused;
};

struct WaiverTarget {
  std::string provider;
  std::string subject;
  std::string rule;
};

struct WaiverOutcome {
  std::string id;  // the waiver's id; "" when it could not be read
  std::string sha256;
  std::string source;
  std::string status;  // "applied", or the status of `code` (InfoOf(code).status)
  std::string code;    // the W code; "" when applied
  std::string message;
  std::vector<std::string> signed_by;
  std::vector<WaiverTarget> applied_to;  // when applied: each (provider, subject, rule) exempted
};

// Same file given twice (same SHA-256) counts once. Outcomes are sorted by
// waiver id, then SHA-256; when two waivers exempt the same subject from the
// same rule, the first in that order applies and the other is `duplicate`.
// Recomputes the status of every subject a waiver applied to.
std::vector<WaiverOutcome> ApplyWaivers(std::vector<WaiverCandidate> candidates,
                                        const std::string& policy_id,
                                        const std::vector<std::string>& rule_ids, RunResult* run);

}  // namespace gridlaw
