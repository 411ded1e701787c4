#include "crypto/pem.h"

#include "base64/base64.h"

namespace gridlaw {

Result<std::string, PemError> PemToDer(std::string_view pem, std::string_view label) {
  const std::string begin = "-----BEGIN " + std::string(label) + "-----";
  const std::string end = "-----END " + std::string(label) + "-----";
  // Lines, with "\r\n" or "\n"; one final line break is optional.
  std::string body;
  size_t at = 0;
  bool begun = false, ended = false;
  while (at < pem.size()) {
    size_t eol = pem.find('\n', at);
    if (eol == std::string_view::npos) eol = pem.size();
    std::string_view line = pem.substr(at, eol - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at = eol + 1;
    if (ended) return PemError{"text after the PEM end line"};
    if (!begun) {
      if (line != begin) return PemError{"PEM must start with \"" + begin + "\""};
      begun = true;
    } else if (line == end) {
      ended = true;
    } else {
      body.append(line);
    }
  }
  if (!ended) return PemError{"PEM has no \"" + end + "\" line"};
  auto der = DecodeBase64(body);
  if (!der.ok()) return PemError{"PEM body is not base64: " + der.error().message};
  if (der->empty()) return PemError{"PEM body is empty"};
  return std::move(der).value();
}

std::string DerToPem(std::string_view der, std::string_view label) {
  const std::string base64 = EncodeBase64(der);
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (size_t i = 0; i < base64.size(); i += 64) {
    out.append(base64, i, 64);
    out += '\n';
  }
  out += "-----END " + std::string(label) + "-----\n";
  return out;
}

}  // namespace gridlaw
