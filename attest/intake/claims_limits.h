#pragma once
// Limits on a claims payload, the same when signing and when verifying, so
// gridlaw never signs what it would then refuse to read.

#include "strict/strict_json.h"

namespace gridlaw {

inline constexpr JsonLimits kClaimsJsonLimits{
    .max_bytes = size_t{1} << 20,  // 1 MiB of claims JSON
    .max_depth = 32,               // claims nest 4 deep; the rest is margin
    .max_string_bytes = size_t{64} << 10,
};

}  // namespace gridlaw
