#pragma once
// Replay memory for one verification run: the (provider, nonce) pairs of the
// claims accepted so far. The ledger keeps the same memory across runs.
//
// Thread safety: none; one registry per thread or external locking.

#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace gridlaw {

class NonceRegistry {
 public:
  bool Seen(std::string_view provider, std::string_view nonce) const {
    return seen_.contains({std::string(provider), std::string(nonce)});
  }
  void Remember(std::string provider, std::string nonce) {
    seen_.emplace(std::move(provider), std::move(nonce));
  }

 private:
  std::set<std::pair<std::string, std::string>> seen_;
};

}  // namespace gridlaw
