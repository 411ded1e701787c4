#!/usr/bin/env bash
# Makes the example waiver examples/waivers/w-2027-001.json: the demo
# regulator (examples/keys/regulator.key, role regulator in
# examples/trust.json) exempts jinghua/wuhu-1 from efficiency.hub_pue of
# cn.hub.efficiency for 2027 — a rule it fails (examples/reports/
# cn.hub.efficiency.txt). The waiver's text is kept here; Ed25519 is
# deterministic, so re-running gives the same envelope.
# Usage: examples/sign_waivers.sh [GRIDLAW]
set -euo pipefail
gridlaw=${1:-build/app/gridlaw}
cd "$(dirname "$0")/.."
mkdir -p examples/waivers
text=$(mktemp)
trap 'rm -f "$text"' EXIT
cat > "$text" <<'JSON'
{
  "waiver": "w-2027-001",
  "policy": "cn.hub.efficiency",
  "provider": "jinghua",
  "subject": "wuhu-1",
  "rule": "efficiency.hub_pue",
  "valid_from": "2027-01-01",
  "valid_to": "2027-12-31",
  "reason": "cooling retrofit of hall B under way; the hub PUE target applies again from 2028",
  "issued_at": "2027-01-15T09:00:00Z"
}
JSON
"$gridlaw" waiver sign --key examples/keys/regulator.key --out examples/waivers/w-2027-001.json \
  "$text"
echo "signed examples/waivers/w-2027-001.json"
