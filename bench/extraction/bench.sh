#!/usr/bin/env bash
# make bench-extraction: pages/s of claimwatch-extract and every peer over the whole
# ScrapingHub page set, each pinned to one core (taskset -c 0), best of several runs, side by
# side; then the criterion benchmark of the hot path (skip it with CLAIMWATCH_BENCH_CRITERION=0).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REPEAT="${CLAIMWATCH_BENCH_REPEAT:-5}"

require_corpus
build_claimwatch
if wants trafilatura-py; then setup_venv; fi
build_peers  # so that its build time stays out of the timed runs below

log "timing on one core (${PIN[*]:-no taskset}), best of $REPEAT runs"
run_claimwatch claimwatch "$REPEAT"
# The full pipeline (sentences, entity matching, attribution) on the same pages, for reference.
run_claimwatch claimwatch+claims "$REPEAT" --claims
if wants trafilatura-py; then run_trafilatura_py "$REPEAT"; fi
run_rust_peers "$REPEAT"

mapfile -t FILES < <(prediction_files)
FILES=("${FILES[0]}" "$OUT/claimwatch+claims.json" "${FILES[@]:1}")
echo
python3 "$ROOT/bench/extraction/table.py" --speed "${FILES[@]}"

if [[ "${CLAIMWATCH_BENCH_CRITERION:-1}" != 0 ]]; then
    echo
    log "criterion benchmark of the hot path (crates/extract/benches/extraction.rs)"
    CLAIMWATCH_EXTRACTION_CORPUS="$CORPUS" "${PIN[@]}" cargo bench --quiet -p claimwatch-extract \
        --bench extraction -- --warm-up-time 1 --measurement-time 3 2>&1 |
        grep -E '^[a-z_/ -]+$|time:|thrpt:' || true
fi
