#!/usr/bin/env bash
# make bench-extraction: pages/s of claimwatch-extract and every peer over each whole corpus
# (ScrapingHub, WCXB dev; see common.sh), each pinned to one core (taskset -c 0), best of
# several runs, side by side; then the criterion benchmark of the hot path (skip it with CLAIMWATCH_BENCH_CRITERION=0).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REPEAT="${CLAIMWATCH_BENCH_REPEAT:-5}"

require_corpora
build_claimwatch
if wants trafilatura-py; then setup_venv; fi
build_peers  # so that its build time stays out of the timed runs below

for c in "${CORPUS_LIST[@]}"; do
    use_corpus "$c"
    log "== $CORPUS_NAME: timing on one core (${PIN[*]:-no taskset}), best of $REPEAT runs"
    # What each row times, per page (pages are read and un-gzipped before timing):
    # - claimwatch: the whole extract() call on the raw bytes (charset decoding, pre-parse
    #   slimming, parse (our tokenizer, html5ever's tree builder), metadata, main text, language)
    #   with an empty entity dictionary;
    #   with nothing to match, extract() does no sentence or claims analysis at all.
    # - claimwatch+claims: the same with the shipped dictionary: on pages with a mention, also
    #   sentence splitting, attribution chains, hedging and dates (what the pipeline runs).
    # - peers: their extraction call on an already decoded &str (Python: trafilatura.extract).
    log "claimwatch: extract() with an empty dictionary (main text + metadata, no claims);"
    log "claimwatch+claims: with the shipped dictionary; peers: main text from a decoded string"
    run_claimwatch claimwatch "$REPEAT"
    run_claimwatch claimwatch+claims "$REPEAT" --claims
    if wants trafilatura-py; then run_trafilatura_py "$REPEAT"; fi
    run_rust_peers "$REPEAT"

    mapfile -t FILES < <(prediction_files)
    FILES=("${FILES[0]}" "$OUT/claimwatch+claims.json" "${FILES[@]:1}")
    echo
    echo "== $CORPUS_NAME"
    python3 "$ROOT/bench/extraction/table.py" --speed "${FILES[@]}"
done
use_corpus "${CORPUS_LIST[0]}"

if [[ "${CLAIMWATCH_BENCH_CRITERION:-1}" != 0 ]]; then
    echo
    log "criterion benchmark of the hot path (crates/extract/benches/extraction.rs)"
    CRITERION_LOG="$OUT_ROOT/criterion.log"
    # A failing benchmark fails the run (no `|| true`): its output is shown and the exit is 1.
    if ! CLAIMWATCH_EXTRACTION_CORPUS="$CORPUS" "${PIN[@]}" cargo bench --quiet -p claimwatch-extract \
        --bench extraction -- --warm-up-time 1 --measurement-time 3 >"$CRITERION_LOG" 2>&1; then
        cat "$CRITERION_LOG" >&2
        echo "error: the criterion benchmark failed (log: $CRITERION_LOG)" >&2
        exit 1
    fi
    if ! grep -E '^[a-z_/ -]+$|time:|thrpt:' "$CRITERION_LOG"; then
        echo "error: the criterion benchmark printed no timings (log: $CRITERION_LOG)" >&2
        exit 1
    fi
fi
