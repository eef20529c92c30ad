#!/usr/bin/env bash
# make bench-pipeline: the three services as OS processes (release build) against a fresh real
# Kafka broker, over a generated corpus (bench/pipeline/gen_corpus.py). Prints one table: each
# stage alone, extractor scale-out (1, 2, 3 instances), the whole pipeline, publish->alert
# latency at a fixed offered load, and the pure extract() cost in the same run (see driver.py).
#
# environment: ARTICLES (default 20000), SMALL=1 (2,000 articles, 10 s of latency load),
# RATE (offered articles/s in the latency phase, default 500), LATENCY_SECS (default 20),
# BENCH_WORK (work folder; default a new one under /tmp, removed afterwards unless KEEP=1),
# CLAIMWATCH_TEST_KAFKA_PORT (the broker's port, default 19092; the controller uses port+1),
# PHASES (comma-separated phase names to run, e.g. "latency"; default all),
# BENCH_SET_<NAME>=<value> (sets <NAME> in every service's environment, to compare settings),
# BENCH_BINS (a folder with the three service binaries to run instead of the release build's,
# e.g. wrappers that start them under a profiler).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${SMALL:-0}" == 1 ]]; then
    ARTICLES="${ARTICLES:-2000}"
    LATENCY_SECS="${LATENCY_SECS:-10}"
fi
ARTICLES="${ARTICLES:-20000}"
RATE="${RATE:-500}"
LATENCY_SECS="${LATENCY_SECS:-20}"
TARGET="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)"

cargo build --quiet --release -p claimwatch-fetcher -p claimwatch-extractor -p claimwatch-alerting --bins
cargo build --quiet --release -p claimwatch-extract --example bench_extract
PY="$(bash tests/tools/venv.sh | tail -n1)"

if [[ -n "${BENCH_WORK:-}" ]]; then
    WORK="$BENCH_WORK"
    mkdir -p "$WORK"
else
    WORK="$(mktemp -d /tmp/claimwatch-bench-pipeline.XXXXXX)"
    if [[ "${KEEP:-0}" != 1 ]]; then
        trap 'rm -rf "$WORK"' EXIT
    fi
fi
WORK="$(cd "$WORK" && pwd)"
CORPUS="$WORK/corpus"
rm -rf "$CORPUS" "$WORK"/copy-* "$WORK"/logs
python3 bench/pipeline/gen_corpus.py "$CORPUS" "$ARTICLES" >"$WORK/corpus.json"
echo "bench-pipeline: corpus $(cat "$WORK/corpus.json") in $CORPUS" >&2

# A whole run is bounded: each phase has its own timeouts, and this one caps them all.
timeout --kill-after=30 "${BENCH_TIMEOUT_SECS:-3600}" \
    bash tests/tools/with-kafka.sh "$PY" bench/pipeline/driver.py \
    --bins "${BENCH_BINS:-$TARGET/release}" --corpus "$CORPUS" --work "$WORK" \
    --bench-extract "$TARGET/release/examples/bench_extract" \
    --rate "$RATE" --latency-secs "$LATENCY_SECS" --phases "${PHASES:-}"
