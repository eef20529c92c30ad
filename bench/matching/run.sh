#!/usr/bin/env bash
# Watch-topic matching benchmark: claimwatch's engine, the naive evaluate-every-topic path and
# Apache Lucene Monitor, on the same generated topics and claims, each pinned to one core and
# timed by wall clock after a warm-up pass (see README.md).
#
# Knobs (environment): TOPICS (10000), CLAIMS (100000), NAIVE_CLAIMS (3000: the naive path
# evaluates every topic for every claim, so it runs on a prefix of the stream), SEED (7),
# LUCENE_BATCH (documents per Monitor.match call, 1), CPU (the core, 0), LUCENE_CLASSES
# (unset: query words get stem keys for the claims' languages only; `all`: for every stemming
# language, as claimwatch compiles them; see README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

TOPICS=${TOPICS:-10000}
CLAIMS=${CLAIMS:-100000}
NAIVE_CLAIMS=${NAIVE_CLAIMS:-3000}
SEED=${SEED:-7}
LUCENE_BATCH=${LUCENE_BATCH:-1}
CPU=${CPU:-0}
OUT=.cache/bench/matching
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}

pin() {
    if command -v taskset >/dev/null; then taskset -c "$CPU" "$@"; else "$@"; fi
}

echo "== building (release)" >&2
cargo build --quiet --release -p claimwatch-watch --example bench_matching
BIN=$CARGO_TARGET_DIR/release/examples/bench_matching
(cd bench/matching/lucene && mvn -q -B package -DskipTests)
LUCENE_CP=bench/matching/lucene/target/matching-lucene-0.1.0.jar:$(cat bench/matching/lucene/target/classpath.txt)

echo "== generating $TOPICS topics and $CLAIMS claims (seed $SEED) into $OUT" >&2
mkdir -p "$OUT"
rm -f "$OUT"/matches-*.tsv "$OUT"/stats-*.txt
"$BIN" gen "$OUT" "$TOPICS" "$CLAIMS" "$SEED" >&2

# Wall time is what is measured: the load says how busy the machine was around the runs.
echo "== running, pinned to CPU $CPU ($(uptime | sed 's/.*load/load/'))" >&2
pin "$BIN" run "$OUT" fast "$CLAIMS"
pin "$BIN" run "$OUT" naive "$NAIVE_CLAIMS"
pin java -XX:ActiveProcessorCount=1 -Xms1g -Xmx2g -cp "$LUCENE_CP" \
    claimwatch.bench.MonitorBench "$OUT" "$CLAIMS" "$LUCENE_BATCH"

echo "== done ($(uptime | sed 's/.*load/load/'))" >&2
"$BIN" report "$OUT"
