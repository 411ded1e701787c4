#!/usr/bin/env bash
# The gridlaw walkthrough: the regulator checks and formats the shipped
# policies and sees what gridlaw says about a broken one; the auditor
# evaluates a year of example claims against each policy. Signing, the
# ledger and signed reports join as they are built.
set -uo pipefail
gridlaw=${1:-build/app/gridlaw}
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }

step "1. The regulator checks the shipped policies (parse, names, schema fields, types, units)"
"$gridlaw" check policies/*.policy || fail "shipped policies do not check"

step "2. ... and confirms they are in canonical layout"
"$gridlaw" fmt --check policies/*.policy && echo "all formatted" || fail "shipped policies are not formatted"

step "3. A deliberately broken policy: every error, with location, caret and notes"
"$gridlaw" check examples/broken.policy
status=$?
[[ $status -eq 1 ]] || fail "expected exit code 1 for the broken policy, got $status"
echo "(exit code $status: problems found)"

step "4. The same diagnostics as SARIF 2.1.0 for code-scanning tools (first result)"
"$gridlaw" check --format sarif examples/broken.policy | python3 -c '
import json, sys
log = json.load(sys.stdin)
r = log["runs"][0]["results"][0]
loc = r["locations"][0]["physicalLocation"]
region = loc["region"]
print("%s %s at %s:%d:%d: %s" % (r["ruleId"], r["level"], loc["artifactLocation"]["uri"],
      region["startLine"], region["startColumn"], r["message"]["text"]))
print("%d results in all" % len(log["runs"][0]["results"]))'

step "5. gridlaw fmt puts a hand-written policy into canonical layout (comments kept)"
"$gridlaw" fmt examples/unformatted.policy

step "6. The auditor evaluates a year of example claims (8 providers, 16 subjects) against each policy"
for policy in policies/*.policy; do
  "$gridlaw" eval --policy "$policy" examples/claims > "$work/$(basename "$policy" .policy).txt"
  status=$?
  [[ $status -le 1 ]] || fail "gridlaw eval $policy failed with exit code $status"
  name=$(basename "$policy" .policy)
  cmp -s "$work/$name.txt" "examples/reports/$name.txt" \
    || fail "the report of $policy differs from examples/reports/$name.txt"
  printf '%-32s %s (= examples/reports/%s.txt)\n' "$(basename "$policy")" \
    "$(tail -n 1 "$work/$name.txt")" "$name"
done

step "7. Why a subject fails: the China hub report for jinghua/wuhu-1, every verdict with its evidence"
sed -n '/^jinghua\/wuhu-1/,/^$/p' "$work/cn.hub.efficiency.txt"

step "8. Providers sign their claims; the auditor evaluates only what verifies"
# examples/sign_examples.sh made the demo keys, trust store and envelopes
# (committed). Signing again with the same keys gives the same bytes:
mkdir -p "$work/resigned"
"$gridlaw" attest sign --key examples/keys/jinghua.key --out "$work/resigned/x.json" \
  examples/claims/jinghua-wuhu-1-2027-12.json 2> /dev/null || fail "attest sign"
cmp -s "$work/resigned/x.json" examples/envelopes/jinghua-wuhu-1-2027-12.json \
  && echo "re-signed jinghua-wuhu-1-2027-12: identical envelope (Ed25519 is deterministic)"
"$gridlaw" attest verify --trust examples/trust.json --now 2028-02-01T00:00:00Z \
  examples/envelopes/*.json > /dev/null && echo "all $(ls examples/envelopes | wc -l) envelopes verify"
"$gridlaw" eval --trust examples/trust.json --now 2028-02-01T00:00:00Z \
  --policy policies/cn.hub.efficiency.policy examples/envelopes | tail -n 1
echo "a claim altered after signing is refused:"
cp -r examples/envelopes "$work/tampered"
python3 - "$work/tampered/$(ls examples/envelopes | head -n 1)" <<'PY'
import json, sys, base64
path = sys.argv[1]
env = json.load(open(path))
payload = bytearray(base64.b64decode(env["payload"]))
payload[payload.index(b'"value": "') + 10] ^= 1  # one bit of one figure
env["payload"] = base64.b64encode(bytes(payload)).decode()
json.dump(env, open(path, "w"))
PY
"$gridlaw" eval --trust examples/trust.json --now 2028-02-01T00:00:00Z \
  --policy policies/cn.hub.efficiency.policy "$work/tampered" 2>&1 | head -n 1

step "9. The canonical JSON report is reproducible: two runs, the same bytes"
"$gridlaw" eval --format json --policy policies/cn.hub.efficiency.policy examples/claims > "$work/a.json"
"$gridlaw" eval --format json --policy policies/cn.hub.efficiency.policy examples/claims > "$work/b.json"
cmp "$work/a.json" "$work/b.json" && echo "identical: sha256 $(sha256sum "$work/a.json" | cut -c1-16)…"

echo
echo "demo: done"
