#pragma once
// Key ids: lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo
// (design §2). A key id names a key for lookup only: it narrows the
// candidate keys for a signature and never vouches for anything itself.

#include <string>
#include <string_view>

namespace gridlaw {

std::string KeyIdOf(std::string_view spki_der);

// 64 lower-case hex digits.
bool IsWellFormedKeyId(std::string_view key_id);

}  // namespace gridlaw
