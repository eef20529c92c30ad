#!/usr/bin/env bash
# The evaluation and benchmark scripts must fail loudly: a missing corpus, or a benchmark that
# fails, ends in a non-zero exit and a message naming what is missing, never in "nothing to do"
# and exit 0. Runs in seconds: every case stops before anything is built (cargo is a stub that
# fails `cargo bench` and succeeds otherwise). Part of `make test-unit`.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
MISSING="$TMP/no-such-corpus"

mkdir -p "$TMP/bin"
cat >"$TMP/bin/cargo" <<'STUB'
#!/usr/bin/env bash
# Stub: `cargo bench` fails, anything else succeeds without doing anything.
[[ "${1:-}" == bench ]] && { echo "stub cargo: bench failed" >&2; exit 101; }
exit 0
STUB
chmod +x "$TMP/bin/cargo"
export PATH="$TMP/bin:$PATH"

passed=0
failed=0
# expect_failure NAME NEEDLE COMMAND...: the command must exit non-zero and say NEEDLE.
expect_failure() {
    local name="$1" needle="$2"
    shift 2
    local out rc
    out="$(cd "$ROOT" && timeout 60 "$@" 2>&1)"
    rc=$?
    if [[ $rc -ne 0 && "$out" == *"$needle"* ]]; then
        echo "PASS $name (exit $rc)"
        passed=$((passed + 1))
    else
        echo "FAIL $name: exit $rc, expected non-zero and a message naming \`$needle\`; output:"
        printf '%s\n' "$out" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
}

expect_failure "eval-extraction without its corpus" "$MISSING" \
    env CLAIMWATCH_EXTRACTION_CORPUS="$MISSING" bash bench/extraction/eval.sh
expect_failure "bench-extraction without its corpus" "$MISSING" \
    env CLAIMWATCH_EXTRACTION_CORPUS="$MISSING" bash bench/extraction/bench.sh
expect_failure "eval-extraction without the scorer" "$MISSING/tools" \
    env CLAIMWATCH_SHARED_TOOLS="$MISSING/tools" bash bench/extraction/eval.sh
expect_failure "eval-seed without the seed articles" "$MISSING" \
    env CLAIMWATCH_SEED_DIR="$MISSING" bash bench/seed/eval.sh
mkdir -p "$TMP/empty-seed"
expect_failure "eval-seed with an empty folder" "$TMP/empty-seed" \
    env CLAIMWATCH_SEED_DIR="$TMP/empty-seed" bash bench/seed/eval.sh
expect_failure "eval-feeds without its corpus" "$MISSING" \
    env CLAIMWATCH_FEEDS_CORPUS="$MISSING" bash bench/feeds/eval.sh

# bench-extraction with a corpus but a failing criterion benchmark: the failure is the exit.
CORPUS="$TMP/corpus"
mkdir -p "$CORPUS/html" "$TMP/tools"
echo '{}' >"$CORPUS/ground-truth.json"
touch "$TMP/tools/score_extraction.py"
expect_failure "bench-extraction when criterion fails" "criterion benchmark failed" \
    env CLAIMWATCH_EXTRACTION_CORPUS="$CORPUS" CLAIMWATCH_SHARED_TOOLS="$TMP/tools" \
    CLAIMWATCH_EXTRACT_BIN=/bin/true CLAIMWATCH_EXTRACTION_PEERS=none \
    CLAIMWATCH_BENCH_REPEAT=1 bash bench/extraction/bench.sh

echo "bench-guards: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
