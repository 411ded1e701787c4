#!/usr/bin/env bash
# The gridlaw walkthrough. Today: the regulator's side — check and format the
# shipped policies, then see what gridlaw says about a broken one. Later
# steps (sign, ingest, evaluate, report) join as they are built.
set -uo pipefail
gridlaw=${1:-build/app/gridlaw}
cd "$(dirname "$0")/.."

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

echo
echo "demo: done"
