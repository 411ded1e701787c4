#pragma once
// Reading the waivers a command is given (SPEC.md §20): each file is read,
// its envelope and signatures judged against the trust store, and its
// payload decoded. A waiver refused on the way (malformed, unsigned,
// untrusted, bad signature) is still returned, with the reason, so that the
// report can list it; only an unreadable file stops the command.

#include <optional>
#include <string>
#include <vector>

#include "trust/trust_store.h"
#include "waiver/apply_waivers.h"

namespace gridlaw::app {

// One waiver file. Signing keys must be regulator keys of `trust` usable at
// the waiver's own issued_at (no clock is read); `trust` null: every signed
// waiver is untrusted.
WaiverCandidate JudgeWaiver(const std::string& source, std::string bytes, const TrustStore* trust);

// Files, or directories of *.json files (ExpandJsonFiles). nullopt with
// `error` set when a path cannot be read.
std::optional<std::vector<WaiverCandidate>> ReadWaivers(const std::vector<std::string>& paths,
                                                        const TrustStore* trust,
                                                        std::string* error);

}  // namespace gridlaw::app
