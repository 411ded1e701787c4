#pragma once
// What the intakes share for their refusals: the error and the short form
// of a key id in messages.

#include <optional>
#include <string>

#include "codes/attest_error.h"

namespace gridlaw {

inline AttestError Refuse(AttestCode code, std::string message) {
  return AttestError{code, std::move(message), std::nullopt};
}

// "3f9c2a7e5b1d4c8f…": enough of a key id to tell keys apart in a message.
inline std::string ShortId(const std::string& key_id) {
  return key_id.size() > 16 ? key_id.substr(0, 16) + "…" : key_id;
}

}  // namespace gridlaw
