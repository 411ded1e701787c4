#include "dsse/pae.h"

namespace gridlaw {

std::string PreAuthEncoding(std::string_view payload_type, std::string_view payload) {
  const std::string type_length = std::to_string(payload_type.size());
  const std::string body_length = std::to_string(payload.size());
  std::string out;
  out.reserve(9 + type_length.size() + payload_type.size() + body_length.size() + payload.size());
  out += "DSSEv1 ";
  out += type_length;
  out += ' ';
  out += payload_type;
  out += ' ';
  out += body_length;
  out += ' ';
  out += payload;
  return out;
}

}  // namespace gridlaw
