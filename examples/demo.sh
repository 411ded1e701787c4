#!/usr/bin/env bash
# The gridlaw walkthrough: the regulator checks and formats the shipped
# policies and sees what gridlaw says about a broken one; the auditor
# evaluates a year of example claims against each policy; providers sign
# their claims, the ledger records them with receipts and proves it was not
# rewritten, and the auditor signs a report anyone can re-evaluate; a
# regulator's signed waiver exempts one subject from one rule for a year.
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

step "10. The regulator's ledger records the signed claims and gives each provider a receipt"
ledger="$work/ledger.db"
"$gridlaw" ledger init "$ledger" --trust examples/trust.json --key examples/keys/ledger.key \
  --now 2028-01-15T00:00:00Z || fail "ledger init"
"$gridlaw" ledger ingest --ledger "$ledger" --now 2028-02-01T00:00:00Z --batch 100 \
  --receipts "$work/receipts" examples/envelopes > "$work/ingest.txt" || fail "ledger ingest"
head -n 2 "$work/ingest.txt"; echo "…"; tail -n 1 "$work/ingest.txt"
"$gridlaw" ledger ingest --ledger "$ledger" --now 2028-02-01T00:00:00Z \
  examples/envelopes/jinghua-wuhu-1-2027-12.json || fail "a resubmission must be idempotent"
"$gridlaw" ledger verify-receipt --trust examples/trust.json \
  --envelope examples/envelopes/jinghua-wuhu-1-2027-12.json \
  "$work/receipts/jinghua-wuhu-1-2027-12.receipt.json" || fail "receipt"

step "11. A provider tries to replace a December claim already recorded: refused as equivocation"
python3 - "$work/changed.json" <<'PY'
import json, sys
claims = json.load(open("examples/claims/jinghua-wuhu-1-2027-12.json"))
claims["energy"]["facility"]["value"] = "9000"  # a lower facility energy: a better PUE
claims["nonce"] = "jinghua-wuhu-1-2027-12-second-try"
json.dump(claims, open(sys.argv[1], "w"), indent=1)
PY
"$gridlaw" attest sign --key examples/keys/jinghua.key --out "$work/changed.env.json" \
  "$work/changed.json" 2> /dev/null || fail "sign the changed claims"
"$gridlaw" ledger ingest --ledger "$ledger" --now 2028-02-02T00:00:00Z "$work/changed.env.json"
[[ $? -eq 1 ]] || fail "an equivocation must be refused"
"$gridlaw" ledger equivocations --ledger "$ledger"

step "12. Anyone can check that nothing was rewritten; a rewrite is found"
"$gridlaw" ledger verify --ledger "$ledger" || fail "ledger verify"
cp "$ledger" "$work/rewritten.db"
python3 - "$work/rewritten.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER entries_append_only_update")
db.execute("UPDATE entries SET envelope = CAST(replace(CAST(envelope AS TEXT), 'ZW5lcmd5', 'ZW5lcmd6') AS BLOB) WHERE idx = 42")
db.commit()
PY
"$gridlaw" ledger verify --ledger "$work/rewritten.db"
[[ $? -eq 1 ]] || fail "a rewritten ledger must fail verification"

step "13. The regulator signs the policy; the auditor evaluates the ledger under it and signs the report"
"$gridlaw" policy sign --key examples/keys/regulator.key --out "$work/cn.signed.json" \
  policies/cn.hub.efficiency.policy || fail "policy sign"
"$gridlaw" policy verify --trust examples/trust.json --now 2028-02-02T00:00:00Z \
  "$work/cn.signed.json" || fail "policy verify"
"$gridlaw" eval --ledger "$ledger" --policy "$work/cn.signed.json" --require-signed-policy \
  --format json --sign-key examples/keys/auditor.key --now 2028-02-02T00:00:00Z \
  --out "$work/report.json"
[[ $? -le 1 ]] || fail "eval --ledger"
echo "anyone with the ledger re-evaluates the signed report:"
"$gridlaw" report verify --ledger "$ledger" --now 2028-02-02T00:00:00Z "$work/report.json" \
  || fail "report verify"

step "14. The auditor's HTML report: one self-contained page, a chart per measured rule"
out=${DEMO_OUT:-build/demo}
mkdir -p "$out"
"$gridlaw" eval --format json --series --policy policies/eu.eed.datacentres.policy examples/claims \
  --out "$work/eu.json"
[[ $? -le 1 ]] || fail "eval --series"
"$gridlaw" report html "$work/eu.json" --out "$out/eu.eed.datacentres.html" || fail "report html"
echo "wrote $out/eu.eed.datacentres.html ($(grep -o '<svg class="chart"' "$out/eu.eed.datacentres.html" | wc -l) charts); open it in a browser"

step "15. A revision of the policy, read by meaning: what tightens, and whose verdicts change"
sed -e "s/^param hub_max_pue = 1.25/param hub_max_pue = 1.2/" -e "s/^param hub_min_rack_utilisation = 65 %/param hub_min_rack_utilisation = 0.6/" policies/cn.hub.efficiency.policy \
  > "$work/cn.next.policy"
"$gridlaw" diff policies/cn.hub.efficiency.policy "$work/cn.next.policy" --claims examples/claims
[[ $? -le 1 ]] || fail "diff"

step "16. The regulator grants jinghua/wuhu-1 a temporary exemption from the hub PUE rule: a signed waiver"
# examples/sign_waivers.sh signed examples/waivers/w-2027-001.json with the
# demo regulator key; only a regulator key of the trust store can grant one.
"$gridlaw" waiver verify --trust examples/trust.json examples/waivers/w-2027-001.json \
  || fail "waiver verify"
"$gridlaw" eval --trust examples/trust.json --now 2028-02-01T00:00:00Z \
  --policy policies/cn.hub.efficiency.policy --waiver examples/waivers examples/envelopes \
  > "$work/waived.txt"
[[ $? -le 1 ]] || fail "eval --waiver"
sed -n '/^jinghua\/wuhu-1/,/^$/p' "$work/waived.txt"
sed -n '/^waivers:/,/^$/p' "$work/waived.txt"
grep -q '^  exempt        efficiency.hub_pue' "$work/waived.txt" || fail "the waiver did not apply"

echo
echo "demo: done"
