#!/usr/bin/env bash
# Makes the example providers' keys, trust store and signed envelopes:
#   examples/keys/PROVIDER.{key,pub}   demo keys — published on purpose, never use them for real
#   examples/keys/{ledger,auditor,regulator}.*  the demo ledger's key (role ledger), an auditor's
#                                      (role evaluator) and a regulator's (role regulator)
#   examples/trust.json                the trust store that registers them (valid from 2027-01-01)
#   examples/envelopes/*.json          every claim of examples/claims, signed by its provider
# Ed25519 signatures are deterministic, so re-running with the same keys
# reproduces the same envelopes. Usage: examples/sign_examples.sh [GRIDLAW]
set -euo pipefail
gridlaw=${1:-build/app/gridlaw}
cd "$(dirname "$0")/.."
mkdir -p examples/keys examples/envelopes
for provider in $(ls examples/claims | sed 's/-.*//' | sort -u); do
  if [[ ! -f examples/keys/$provider.key ]]; then
    "$gridlaw" keygen --out "examples/keys/$provider" > /dev/null 2>&1
  fi
done
for operator in ledger auditor regulator; do
  if [[ ! -f examples/keys/$operator.key ]]; then
    "$gridlaw" keygen --out "examples/keys/$operator" > /dev/null 2>&1
  fi
done
rm -f examples/trust.json
for provider in $(ls examples/claims | sed 's/-.*//' | sort -u); do
  "$gridlaw" trust add --trust examples/trust.json --provider "$provider" \
    --pub "examples/keys/$provider.pub" --valid-from 2027-01-01T00:00:00Z > /dev/null
done
"$gridlaw" trust add --trust examples/trust.json --provider demo-ledger --role ledger \
  --pub examples/keys/ledger.pub --valid-from 2027-01-01T00:00:00Z > /dev/null
"$gridlaw" trust add --trust examples/trust.json --provider demo-auditor --role evaluator \
  --pub examples/keys/auditor.pub --valid-from 2027-01-01T00:00:00Z > /dev/null
"$gridlaw" trust add --trust examples/trust.json --provider demo-regulator --role regulator \
  --pub examples/keys/regulator.pub --valid-from 2027-01-01T00:00:00Z > /dev/null
for claim in examples/claims/*.json; do
  provider=$(basename "$claim" | sed 's/-.*//')
  "$gridlaw" attest sign --key "examples/keys/$provider.key" \
    --out "examples/envelopes/$(basename "$claim")" "$claim" 2> /dev/null
done
echo "signed $(ls examples/envelopes | wc -l) claims of $(ls examples/claims | sed 's/-.*//' | sort -u | wc -l) providers"
