#!/usr/bin/env bash
# Fetcher throughput: SOURCES feeds (ITEMS items each) served by a local server on several
# 127.0.0.x addresses under HOSTS distinct host names, polled once through the production fetch
# path with politeness on (robots.txt, 1 request/s per host, global concurrency cap). Prints
# fetches/s and the fetcher's peak RSS. Nothing leaves 127.0.0.x.
set -euo pipefail
cd "$(dirname "$0")/../.."
SOURCES="${SOURCES:-10000}"
HOSTS="${HOSTS:-5000}"
ITEMS="${ITEMS:-20}"
ADDRS="${ADDRS:-8}"
CONCURRENCY="${CONCURRENCY:-256}"
PORT="${PORT:-$((20000 + RANDOM % 20000))}"
PROFILE="${PROFILE:-release}"   # PROFILE=dev reuses the debug build (slower figures)
if [[ "$PROFILE" == release ]]; then
    cargo build --quiet --release -p claimwatch-fetcher --features testserver --example fetch_bench
    BIN="${CARGO_TARGET_DIR:-target}/release/examples/fetch_bench"
else
    cargo build --quiet -p claimwatch-fetcher --features testserver --example fetch_bench
    BIN="${CARGO_TARGET_DIR:-target}/debug/examples/fetch_bench"
fi
# The sockets of 10,000 connections need file descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
"$BIN" serve "$PORT" "$ITEMS" "$ADDRS" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done
echo "bench-fetcher: profile $PROFILE, $(nproc) cores"
"$BIN" run "$PORT" "$SOURCES" "$HOSTS" "$ITEMS" "$ADDRS" "$CONCURRENCY"
