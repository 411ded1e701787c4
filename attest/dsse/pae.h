#pragma once
// The DSSE v1 pre-authentication encoding: the exact bytes a signature
// covers. Binding the payload type into them means a signature over claims
// can never be replayed as a signature over something else of the same bytes.
//
//   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
//
// LEN is the byte length in ASCII decimal without leading zeros; SP is one
// space (0x20). https://github.com/secure-systems-lab/dsse/blob/master/protocol.md

#include <string>
#include <string_view>

namespace gridlaw {

std::string PreAuthEncoding(std::string_view payload_type, std::string_view payload);

}  // namespace gridlaw
