#pragma once
// Reading the key material commands are given: trust stores and private keys.

#include <optional>
#include <string>

#include "crypto/private_key.h"
#include "trust/trust_store.h"

namespace gridlaw::app {

// nullopt with `error` set ("trust.json: A401 …") when unreadable or invalid.
std::optional<TrustStore> LoadTrustFile(const std::string& path, std::string* error);
std::optional<PrivateKey> LoadPrivateKey(const std::string& path, std::string* error);

}  // namespace gridlaw::app
