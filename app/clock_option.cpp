#include "clock_option.h"

#include <chrono>

#include "instant/rfc3339.h"

namespace gridlaw::app {

std::optional<int64_t> InstantOrNow(const std::string& text, const std::string& option,
                                    std::string* error) {
  if (text.empty()) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  const auto instant = ParseRfc3339(text);
  if (!instant) {
    *error = option + " needs an RFC 3339 date-time with an offset (2027-03-01T00:00:00Z), not '" +
             text + "'";
  }
  return instant;
}

}  // namespace gridlaw::app
