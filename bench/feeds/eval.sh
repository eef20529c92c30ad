#!/usr/bin/env bash
# Parse every feed fixture under ../shared/corpora/feeds with the fetcher's own feed code
# (claimwatch_fetch::feed::parse: charset sniffing + feed-rs) and compare with the expected
# outputs shipped with the corpus (feed-rs *.serde.json, feedparser `Expect:` values).
# Prints a summary table; fails on a panic or a hang (per-file timeout), and when the corpus is
# missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS="${CLAIMWATCH_FEEDS_CORPUS:-../shared/corpora/feeds}"
if [[ ! -f "$CORPUS/manifest.json" ]]; then
    echo "error: eval-feeds: no corpus at $CORPUS (manifest.json missing); set CLAIMWATCH_FEEDS_CORPUS to the feeds corpus folder" >&2
    exit 1
fi
TIMEOUT_MS="${EVAL_TIMEOUT_MS:-5000}"
cargo build --quiet -p claimwatch-fetch --example eval_feeds
TARGET="${CARGO_TARGET_DIR:-target}"
echo "eval-feeds: corpus $CORPUS, per-file timeout ${TIMEOUT_MS} ms"
"$TARGET/debug/examples/eval_feeds" "$CORPUS" "$TIMEOUT_MS"
