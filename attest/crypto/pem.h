#pragma once
// PEM (RFC 7468 strict form) for public keys: "-----BEGIN <label>-----",
// base64 lines, "-----END <label>-----". Decoded with strict base64, so one
// key has one accepted spelling per line layout, and nothing surrounds it but
// line breaks.

#include <string>
#include <string_view>

#include "result/result.h"

namespace gridlaw {

struct PemError {
  std::string message;
};

// The DER inside a PEM block with `label` ("PUBLIC KEY").
Result<std::string, PemError> PemToDer(std::string_view pem, std::string_view label);

// A PEM block with 64-character lines and a final line break.
std::string DerToPem(std::string_view der, std::string_view label);

}  // namespace gridlaw
