#!/usr/bin/env bash
# make eval-extraction: main-text quality of claimwatch-extract and its peers on every corpus
# (ScrapingHub's article-extraction benchmark, 181 pages; the WCXB dev split, 1,497 pages of
# seven page types), scored by score_extraction.py in one run: one table per corpus, the
# per-type table where the ground truth has page types, and title/author/date against the
# ground truth (beside Python trafilatura's own metadata) where it has them.
# A missing corpus or scorer is an error (exit 1), not a skip.
#
# CLAIMWATCH_EVAL_REPEAT: timed runs per system (default 1; speed is bench-extraction's job).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REPEAT="${CLAIMWATCH_EVAL_REPEAT:-1}"

require_corpora
build_claimwatch
if wants trafilatura-py; then setup_venv; fi
build_peers

for c in "${CORPUS_LIST[@]}"; do
    use_corpus "$c"
    log "== $CORPUS_NAME: running claimwatch and the peers"
    run_claimwatch claimwatch "$REPEAT"
    if wants trafilatura-py; then run_trafilatura_py "$REPEAT"; fi
    run_rust_peers "$REPEAT"

    mapfile -t FILES < <(prediction_files)
    python3 "$TOOLS/score_extraction.py" "$CORPUS/ground-truth.json" "${FILES[@]}" \
        --json "$OUT/scores.json" --per-doc "$OUT/claimwatch.per-doc.tsv" >"$OUT/scores.txt"
    echo
    echo "== $CORPUS_NAME ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' \
        "$CORPUS/ground-truth.json") pages)"
    python3 "$ROOT/bench/extraction/table.py" "$OUT/scores.json" "${FILES[@]}"
    # The scorer's per-type table (printed when the ground truth has page types).
    if grep -q '^by page type' "$OUT/scores.txt"; then
        echo
        sed -n '/^by page type/,$p' "$OUT/scores.txt"
    fi
    if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=next(iter(d.values()));
sys.exit(0 if isinstance(v, dict) and "publish_date" in v else 1)' "$CORPUS/ground-truth.json"; then
        meta=()
        if wants trafilatura-py; then
            "$VENV/bin/python" "$ROOT/bench/extraction/trafilatura_meta.py" "$CORPUS/html" \
                "$OUT/trafilatura-py.meta.json" 2>"$OUT/trafilatura-meta.log"
            meta=("$OUT/trafilatura-py.meta.json")
        fi
        echo
        python3 "$ROOT/bench/extraction/metadata.py" "$CORPUS/ground-truth.json" \
            "$OUT/claimwatch.json" "${meta[@]}"
    fi
    echo "(per-page scores of claimwatch: $OUT/claimwatch.per-doc.tsv)"
done
