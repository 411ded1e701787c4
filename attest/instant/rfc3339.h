#pragma once
// Instants for attestations and trust records: nanoseconds since
// 1970-01-01T00:00:00Z in an int64, read from RFC 3339 text. The same rules
// as engine/time (which attest/ does not link): the offset is mandatory,
// fractions of a second optional (up to 9 digits), leap seconds (":60")
// refused, years 1900..2200.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gridlaw {

// "2027-02-03T10:00:00+01:00", "2027-02-03T09:00:00.5Z"
std::optional<int64_t> ParseRfc3339(std::string_view text);

// "YYYY-MM-DD" as the instant its day begins, UTC.
std::optional<int64_t> ParseIsoDate(std::string_view text);

// "2027-02-03T09:00:00Z", with a fraction only when there is one.
std::string FormatRfc3339(int64_t nanos);

inline constexpr int64_t kNanosPerSecond = 1'000'000'000;

}  // namespace gridlaw
