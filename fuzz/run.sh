#!/usr/bin/env bash
# Runs every libFuzzer target of a GRIDLAW_FUZZ=ON build.
#
#   bash fuzz/run.sh BUILD_DIR SECONDS
#
# For each target (fuzz_policy, …):
#   1. replays every input in fuzz/regressions/<corpus>/ (crashes found before,
#      kept forever, replayed exactly: no -max_len); a failing replay fails
#      the script, but the other replays and the fuzzing still run;
#   2. fuzzes for SECONDS, starting from the committed seed corpus
#      fuzz/corpus/<corpus>/ copied to a temporary working corpus, so the
#      repository is never modified. Crash, timeout and OOM inputs are written
#      to BUILD_DIR/fuzz-artifacts/<target>/.
# Exits non-zero if any replay or fuzzing run finds a crash, hang or OOM.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
BUILD_DIR=$(cd "$1" && pwd)
SECONDS_PER_TARGET=$2
if ! [[ $SECONDS_PER_TARGET =~ ^[0-9]+$ ]]; then
  echo "run.sh: SECONDS must be a whole number, not '$SECONDS_PER_TARGET'" >&2
  exit 2
fi
FUZZ_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

MAX_LEN=4096
TIMEOUT=10     # seconds for one input before it counts as a hang
RSS_LIMIT=2048 # MB before an input counts as out-of-memory

# UBSan findings are fatal and come with a stack; leaks are findings too.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}

# target name → corpus name (fuzz/corpus/<name>, fuzz/regressions/<name>, fuzz/<name>.dict)
declare -A CORPUS=(
  [fuzz_policy]=policy
  [fuzz_json]=json
  [fuzz_envelope]=envelope
  [fuzz_receipt]=receipt
  [fuzz_records]=records
  [fuzz_waiver]=waiver
  [fuzz_policy_test]=policy_test
)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gridlaw-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

failures=0
for target in "${!CORPUS[@]}"; do
  name=${CORPUS[$target]}
  binary="$BUILD_DIR/fuzz/$target"
  if [[ ! -x $binary ]]; then
    echo "run.sh: $binary not found; build with -DGRIDLAW_FUZZ=ON first" >&2
    exit 2
  fi
  dict=()
  [[ -f $FUZZ_DIR/$name.dict ]] && dict=("-dict=$FUZZ_DIR/$name.dict")
  limits=(-timeout=$TIMEOUT -rss_limit_mb=$RSS_LIMIT)

  # 1. Regressions: each file once, all of them even when one fails.
  regressions=()
  if [[ -d $FUZZ_DIR/regressions/$name ]]; then
    while IFS= read -r -d '' f; do regressions+=("$f"); done < <(
      find "$FUZZ_DIR/regressions/$name" -maxdepth 1 -type f ! -name 'README.md' ! -name '.*' -print0 | sort -z)
  fi
  artifacts="$BUILD_DIR/fuzz-artifacts/$target"
  mkdir -p "$artifacts"
  echo "== $target: replaying ${#regressions[@]} regression input(s)"
  for f in "${regressions[@]}"; do
    replay_log="$artifacts/replay-$(basename "$f").log"
    # No -max_len here: a regression input is replayed exactly, however long.
    if ! "$binary" "${limits[@]}" "$f" > "$replay_log" 2>&1; then
      echo "FAIL: $target crashes on regression input $f (full log: $replay_log)" >&2
      # The report's first lines and the top of its stack (a stack overflow
      # repeats one frame pair hundreds of times).
      grep -m1 -E 'ERROR|what\(\)|invariant broken|runtime error' "$replay_log" >&2 || true
      grep -E '^ +#[0-9]+ ' "$replay_log" | head -n 25 >&2 || true
      grep -m1 '^SUMMARY' "$replay_log" >&2 || true
      failures=$((failures + 1))
    fi
  done

  # 2. Fuzzing from a throw-away copy of the committed corpus.
  corpus="$WORK/corpus-$name"
  mkdir -p "$corpus"
  if [[ -d $FUZZ_DIR/corpus/$name ]]; then
    cp -R "$FUZZ_DIR/corpus/$name/." "$corpus/"
  fi
  log="$BUILD_DIR/fuzz-artifacts/$target.log"
  echo "== $target: fuzzing for ${SECONDS_PER_TARGET}s ($(ls "$corpus" | wc -l) seed inputs, log $log)"
  status=0
  "$binary" "${limits[@]}" -max_len=$MAX_LEN "${dict[@]}" -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$corpus" > "$log" 2>&1 || status=$?
  # Coverage at start and at the end, then libFuzzer's final statistics.
  grep -m1 -E '^#[0-9]+[[:space:]]+INITED' "$log" || true
  grep -E '^#[0-9]+[[:space:]]+[A-Z]+[[:space:]]+cov:' "$log" | tail -n 1 || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|slowest_unit_time_sec|peak_rss_mb)' "$log" || true
  if [[ $status -ne 0 ]]; then
    echo "FAIL: $target found a problem (exit $status); inputs in $artifacts/" >&2
    grep -E 'ERROR: |SUMMARY: |runtime error|invariant broken|what\(\)|Test unit written' "$log" >&2 || true
    grep -E '^ +#[0-9]+ ' "$log" | head -n 40 >&2 || true
    echo "minimise with: $binary -minimize_crash=1 -max_total_time=120 -exact_artifact_path=min.input <crash file>" >&2
    echo "then keep it as fuzz/regressions/$name/<what-broke>-<how> (see fuzz/regressions/policy/README.md)" >&2
    failures=$((failures + 1))
  fi
done

if [[ $failures -ne 0 ]]; then
  echo "run.sh: $failures failure(s)" >&2
  exit 1
fi
echo "run.sh: no crashes"
