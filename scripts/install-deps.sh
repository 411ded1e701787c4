#!/usr/bin/env bash
# Installs gridlaw's build and test dependencies from Debian 12's packages.
# Idempotent: when every package is already installed it only runs dpkg-query.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  antlr4 libantlr4-runtime-dev
  nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libfmt-dev libcpp-httplib-dev
  clang clang-format libclang-rt-14-dev python3 chromium nodejs
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or install them yourself) and try again" >&2
  exit 2
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
