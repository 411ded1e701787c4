#pragma once
// The instants commands take on the command line. Libraries never read the
// clock; only here does the wall clock enter, and only when the user gave
// no explicit time (--now), so any run can be reproduced.

#include <cstdint>
#include <optional>
#include <string>

namespace gridlaw::app {

// `text` as RFC 3339 nanoseconds, or the wall clock when `text` is empty;
// nullopt with `error` set when `text` is malformed.
std::optional<int64_t> InstantOrNow(const std::string& text, const std::string& option,
                                    std::string* error);

}  // namespace gridlaw::app
