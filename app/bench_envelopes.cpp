#include "bench_envelopes.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <thread>

#include "dsse/pae.h"
#include "dsse/payload_types.h"
#include "instant/rfc3339.h"
#include "intake/sign_claims.h"

namespace gridlaw::app {
namespace {

// A plausible claim: identity plus a handful of measurements, about the size
// of the example claims.
std::string BenchClaim(const std::string& provider, size_t i) {
  const uint64_t it = 400000 + (i * 7919) % 300000;
  return fmt::format(
      R"({{"schema":"compute-facility/v1","provider":"{}",)"
      R"("subject":{{"id":"bench-facility-{:07}","kind":"facility"}},)"
      R"("country":"DE","period":{{"start":"2027-01-01","end":"2027-02-01"}},)"
      R"("issued_at":"2027-02-01T00:00:00Z","nonce":"bench-nonce-{:012}",)"
      R"("energy":{{"facility":{{"value":"{}","unit":"kWh"}},"it":{{"value":"{}","unit":"kWh"}},)"
      R"("renewable":{{"value":"{}","unit":"kWh"}}}},)"
      R"("water":{{"withdrawn":{{"value":"{}","unit":"L"}}}}}})",
      provider, i, i, it * 13 / 10, it, it * 7 / 10, it);
}

}  // namespace

std::optional<BenchEnvelopes> MakeBenchEnvelopes(size_t n, const PrivateKey& key,
                                                 std::string* error) {
  BenchEnvelopes out;
  out.provider = "bench-provider";
  out.issued_at = *ParseRfc3339("2027-02-01T00:00:00Z");
  out.envelopes.reserve(n);
  out.pae.reserve(n);
  out.signatures.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string claim = BenchClaim(out.provider, i);
    auto envelope = SignClaimsEnvelope(claim, key);
    if (!envelope.ok()) {
      *error = Describe(envelope.error());
      return std::nullopt;
    }
    // Ed25519 is deterministic: this is the signature inside the envelope.
    std::string pae = PreAuthEncoding(kClaimsPayloadType, claim);
    auto signature = key.Sign(pae);
    if (!signature.ok()) {
      *error = Describe(signature.error());
      return std::nullopt;
    }
    out.envelopes.push_back(std::move(*envelope));
    out.pae.push_back(std::move(pae));
    out.signatures.push_back(std::move(*signature));
  }
  return out;
}

size_t VerifyFloor(const BenchEnvelopes& envelopes, const PublicKey& key, unsigned threads) {
  const size_t n = envelopes.pae.size();
  std::vector<size_t> verified(threads, 0);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const auto* der = reinterpret_cast<const unsigned char*>(key.spki_der().data());
      EVP_PKEY* pkey = d2i_PUBKEY(nullptr, &der, static_cast<long>(key.spki_der().size()));
      EVP_MD_CTX* ctx = EVP_MD_CTX_new();
      for (size_t i = t; pkey != nullptr && ctx != nullptr && i < n; i += threads) {
        const std::string& sig = envelopes.signatures[i];
        const std::string& msg = envelopes.pae[i];
        if (EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                             reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) == 1) {
          ++verified[t];
        }
      }
      EVP_MD_CTX_free(ctx);
      EVP_PKEY_free(pkey);
    });
  }
  for (auto& w : workers)
    w.join();
  size_t total = 0;
  for (size_t v : verified)
    total += v;
  return total;
}

}  // namespace gridlaw::app
