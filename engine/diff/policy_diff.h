#pragma once
// A semantic diff of two versions of a policy: what a regulator's revision
// changes in meaning, not in text. Rules are matched by id; a removed and an
// added rule with the same body (when, lets, require, warn, severity) are a
// rename. A threshold is compared after unit normalisation — `0.4 J/token`
// and `400 mJ/token` are the same limit — and read as tightened or loosened
// from the comparison's direction. Params are compared by value.

#include <string>
#include <vector>

#include "eval/program.h"

namespace gridlaw {

struct PolicyChange {
  // "rule-added", "rule-removed", "rule-renamed", "threshold-tightened",
  // "threshold-loosened", "threshold-changed", "warn-tightened",
  // "warn-loosened", "warn-changed", "requirement-changed",
  // "applicability-changed", "severity-changed", "param-added",
  // "param-removed", "param-changed", "header-changed"
  std::string kind;
  std::string rule;      // the rule (its new id for a rename); "" for params and header
  std::string old_rule;  // a rename's old id
  std::string subject;   // what changed: the metric, the param, the header field
  std::string before;    // as shown to people, units included
  std::string after;
};

// Changes in a stable order: header, params, then rules in the new
// policy's order, then removed rules in the old one's.
std::vector<PolicyChange> DiffPolicies(const Program& old_policy, const Program& new_policy);

}  // namespace gridlaw
