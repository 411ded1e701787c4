// gridlaw keygen --out PREFIX [--alg ed25519|ecdsa-p256]
//
// Writes PREFIX.key (unencrypted PKCS#8 PEM, mode 0600) and PREFIX.pub (SPKI
// PEM) and prints the key id. Never overwrites: an existing key file is
// somebody's identity.

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "commands.h"
#include "crypto/private_key.h"

namespace gridlaw::app {
namespace {

struct KeygenOptions {
  std::string out;
  std::string alg = "ed25519";
};

// Creates `path` (which must not exist) with `mode`, writes `content`, fsyncs.
bool WriteNewFile(const std::string& path, const std::string& content, mode_t mode,
                  std::string* error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    *error = fmt::format("cannot create {}: {}", path, std::strerror(errno));
    return false;
  }
  // The umask may only have removed bits; make the mode exact anyway.
  bool ok = ::fchmod(fd, mode) == 0;
  size_t written = 0;
  while (ok && written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  if (::close(fd) != 0) ok = false;
  if (!ok) {
    *error = fmt::format("cannot write {}: {}", path, std::strerror(errno));
    ::unlink(path.c_str());
  }
  return ok;
}

int RunKeygen(const KeygenOptions& options) {
  const std::string key_path = options.out + ".key";
  const std::string pub_path = options.out + ".pub";
  for (const std::string& path : {key_path, pub_path}) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
      std::cerr << "gridlaw keygen: " << path << " exists; not overwriting a key\n";
      return kExitUsage;
    }
  }
  const auto algorithm = AlgorithmNamed(options.alg);
  auto key = PrivateKey::Generate(*algorithm);  // CLI11 checked the name
  if (!key.ok()) {
    std::cerr << "gridlaw keygen: " << Describe(key.error()) << "\n";
    return kExitProblems;
  }
  auto pem = key->ToPkcs8Pem();
  if (!pem.ok()) {
    std::cerr << "gridlaw keygen: " << Describe(pem.error()) << "\n";
    return kExitProblems;
  }
  std::string error;
  if (!WriteNewFile(key_path, *pem, 0600, &error) ||
      !WriteNewFile(pub_path, key->public_key().ToPem(), 0644, &error)) {
    std::cerr << "gridlaw keygen: " << error << "\n";
    return kExitUsage;
  }
  std::cout << key->public_key().key_id() << "\n";
  std::cerr << fmt::format("gridlaw keygen: wrote {} ({}, mode 0600) and {}\n", key_path,
                           options.alg, pub_path);
  return kExitOk;
}

}  // namespace

void AddKeygenCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<KeygenOptions>();
  CLI::App* cmd =
      app.add_subcommand("keygen",
                         "Generate a signing key: PREFIX.key (PKCS#8, mode 0600) and PREFIX.pub; "
                         "prints the key id");
  cmd->add_option("--out", options->out, "Path prefix of the two files")->required();
  cmd->add_option("--alg", options->alg, "Signature algorithm")
      ->check(CLI::IsMember({"ed25519", "ecdsa-p256"}))
      ->capture_default_str();
  cmd->callback([options, &run] { run = [options] { return RunKeygen(*options); }; });
}

}  // namespace gridlaw::app
