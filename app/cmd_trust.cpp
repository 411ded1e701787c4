// gridlaw trust add    --trust FILE --provider ID --pub FILE [--role R] [--alg A]
//                      [--valid-from T] [--valid-until T]
// gridlaw trust revoke --trust FILE --key-id HEX --reason TEXT [--at T]
// gridlaw trust list   --trust FILE [--format text|json]
//
// The trust store file (attest/trust/trust_store.h). add creates it when it
// does not exist; every change replaces it atomically. A key refused at
// registration (small-order or non-canonical Ed25519, invalid EC point,
// algorithm other than stated) exits 1 with its code.

#include <fmt/format.h>
#include <sys/stat.h>

#include <iostream>

#include "clock_option.h"
#include "commands.h"
#include "files.h"
#include "instant/rfc3339.h"
#include "trust/trust_store.h"

namespace gridlaw::app {
namespace {

constexpr size_t kMaxTrustBytes = size_t{8} << 20;
constexpr size_t kMaxPublicKeyBytes = 64 << 10;

struct TrustOptions {
  std::string trust;
  // add
  std::string provider;
  std::string pub;
  std::string role = "provider";
  std::string alg;
  std::string valid_from;
  std::string valid_until;
  // revoke
  std::string key_id;
  std::string reason;
  std::string at;
  // list
  std::string format = "text";
};

// The store in `path`; an empty store when `missing_ok` and there is no file.
// Exit code in `*exit_code` on failure.
std::optional<TrustStore> LoadStore(const std::string& path, bool missing_ok, int* exit_code) {
  struct stat st {};
  if (missing_ok && ::stat(path.c_str(), &st) != 0 && errno == ENOENT) return TrustStore();
  std::string error;
  auto text = ReadFile(path, kMaxTrustBytes, &error);
  if (!text) {
    std::cerr << "gridlaw trust: " << error << "\n";
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  auto store = TrustStore::Parse(*text);
  if (!store.ok()) {
    std::cerr << "gridlaw trust: " << path << ": " << Describe(store.error()) << "\n";
    *exit_code = kExitProblems;
    return std::nullopt;
  }
  return std::move(store).value();
}

int Save(const TrustStore& store, const std::string& path) {
  std::string error;
  if (!ReplaceFile(path, store.Serialize(), &error)) {
    std::cerr << "gridlaw trust: " << error << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

int RunAdd(const TrustOptions& o) {
  std::string error;
  const auto valid_from = InstantOrNow(o.valid_from, "--valid-from", &error);
  std::optional<int64_t> valid_until;
  if (valid_from && !o.valid_until.empty()) {
    valid_until = ParseRfc3339(o.valid_until);
    if (!valid_until) error = "--valid-until needs an RFC 3339 date-time with an offset";
  }
  if (!error.empty()) {
    std::cerr << "gridlaw trust add: " << error << "\n";
    return kExitUsage;
  }
  if (valid_until && *valid_until <= *valid_from) {
    std::cerr << "gridlaw trust add: --valid-until is not after --valid-from\n";
    return kExitUsage;
  }
  int exit_code = kExitOk;
  auto store = LoadStore(o.trust, true, &exit_code);
  if (!store) return exit_code;
  auto pem = ReadFile(o.pub, kMaxPublicKeyBytes, &error);
  if (!pem) {
    std::cerr << "gridlaw trust add: " << error << "\n";
    return kExitUsage;
  }
  auto key = PublicKey::FromPem(*pem);  // every registration check
  if (!key.ok()) {
    std::cerr << "gridlaw trust add: " << o.pub << ": " << Describe(key.error()) << "\n";
    return kExitProblems;
  }
  if (!o.alg.empty() && *AlgorithmNamed(o.alg) != key->algorithm()) {
    std::cerr << fmt::format(
        "gridlaw trust add: {}: A402 key-rejected: --alg is {} but the key is {}\n", o.pub, o.alg,
        NameOf(key->algorithm()));
    return kExitProblems;
  }
  const std::string key_id = key->key_id();
  const SignatureAlgorithm algorithm = key->algorithm();
  auto added = store->Add(TrustedKey{.provider = o.provider,
                                     .role = *RoleNamed(o.role),
                                     .algorithm = algorithm,
                                     .key = std::move(key).value(),
                                     .valid_from = *valid_from,
                                     .valid_until = valid_until,
                                     .revoked_at = std::nullopt,
                                     .reason = ""});
  if (!added.ok()) {
    std::cerr << "gridlaw trust add: " << Describe(added.error()) << "\n";
    return kExitProblems;
  }
  if (const int saved = Save(*store, o.trust); saved != kExitOk) return saved;
  std::cout << key_id << "\n";
  return kExitOk;
}

int RunRevoke(const TrustOptions& o) {
  std::string error;
  const auto at = InstantOrNow(o.at, "--at", &error);
  if (!at) {
    std::cerr << "gridlaw trust revoke: " << error << "\n";
    return kExitUsage;
  }
  int exit_code = kExitOk;
  auto store = LoadStore(o.trust, false, &exit_code);
  if (!store) return exit_code;
  auto revoked = store->Revoke(o.key_id, *at, o.reason);
  if (!revoked.ok()) {
    std::cerr << "gridlaw trust revoke: " << Describe(revoked.error()) << "\n";
    return kExitProblems;
  }
  return Save(*store, o.trust);
}

int RunList(const TrustOptions& o) {
  int exit_code = kExitOk;
  auto store = LoadStore(o.trust, false, &exit_code);
  if (!store) return exit_code;
  if (o.format == "json") {
    std::cout << store->Serialize();
    return kExitOk;
  }
  for (const TrustedKey& k : store->keys()) {
    std::cout << fmt::format(
        "{}  {:<10} {:<9} {:<10} from {}{}{}\n", k.key_id(), k.provider, NameOf(k.role),
        NameOf(k.algorithm), FormatRfc3339(k.valid_from),
        k.valid_until ? " until " + FormatRfc3339(*k.valid_until) : "",
        k.revoked_at ? " REVOKED " + FormatRfc3339(*k.revoked_at) + " (" + k.reason + ")" : "");
  }
  std::cout << fmt::format("{} key{}\n", store->keys().size(),
                           store->keys().size() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace

void AddTrustCommand(CLI::App& app, std::function<int()>& run) {
  auto o = std::make_shared<TrustOptions>();
  CLI::App* trust = app.add_subcommand("trust", "Manage the trust store of signing keys");
  trust->require_subcommand(1);

  CLI::App* add = trust->add_subcommand("add", "Register a public key (checks it first)");
  add->add_option("--trust", o->trust, "Trust store file (created if absent)")->required();
  add->add_option("--provider", o->provider, "Owner id: the provider the claims name")->required();
  add->add_option("--pub", o->pub, "Public key (SPKI PEM, as keygen writes PREFIX.pub)")
      ->required();
  add->add_option("--role", o->role, "What the key may sign")
      ->check(CLI::IsMember({"provider", "regulator", "evaluator", "ledger"}))
      ->capture_default_str();
  add->add_option("--alg", o->alg, "Expected algorithm; refused if the key is another")
      ->check(CLI::IsMember({"ed25519", "ecdsa-p256"}));
  add->add_option("--valid-from", o->valid_from, "RFC 3339; default: now");
  add->add_option("--valid-until", o->valid_until, "RFC 3339, exclusive; default: open-ended");
  add->callback([o, &run] { run = [o] { return RunAdd(*o); }; });

  CLI::App* revoke = trust->add_subcommand(
      "revoke", "Revoke a key: claims issued at or after --at no longer verify");
  revoke->add_option("--trust", o->trust, "Trust store file")->required();
  revoke->add_option("--key-id", o->key_id, "Hex key id")->required();
  revoke->add_option("--reason", o->reason, "Why")->required();
  revoke->add_option("--at", o->at, "RFC 3339; default: now");
  revoke->callback([o, &run] { run = [o] { return RunRevoke(*o); }; });

  CLI::App* list = trust->add_subcommand("list", "List the keys");
  list->add_option("--trust", o->trust, "Trust store file")->required();
  list->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  list->callback([o, &run] { run = [o] { return RunList(*o); }; });
}

}  // namespace gridlaw::app
