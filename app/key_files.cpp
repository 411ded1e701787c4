#include "key_files.h"

#include "files.h"

namespace gridlaw::app {

namespace {
constexpr size_t kMaxTrustBytes = size_t{8} << 20;
constexpr size_t kMaxKeyBytes = 64 << 10;
}  // namespace

std::optional<TrustStore> LoadTrustFile(const std::string& path, std::string* error) {
  auto text = ReadFile(path, kMaxTrustBytes, error);
  if (!text) return std::nullopt;
  auto store = TrustStore::Parse(*text);
  if (!store.ok()) {
    *error = path + ": " + Describe(store.error());
    return std::nullopt;
  }
  return std::move(store).value();
}

std::optional<PrivateKey> LoadPrivateKey(const std::string& path, std::string* error) {
  auto pem = ReadFile(path, kMaxKeyBytes, error);
  if (!pem) return std::nullopt;
  auto key = PrivateKey::FromPkcs8Pem(*pem);
  if (!key.ok()) {
    *error = path + ": " + Describe(key.error());
    return std::nullopt;
  }
  return std::move(key).value();
}

}  // namespace gridlaw::app
