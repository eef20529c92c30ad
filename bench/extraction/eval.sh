#!/usr/bin/env bash
# make eval-extraction: main-text quality of claimwatch-extract and its peers on the ScrapingHub
# article-extraction benchmark (181 pages), scored by score_extraction.py, as one table.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

require_corpus
build_claimwatch
run_claimwatch claimwatch 3
if wants trafilatura-py; then run_trafilatura_py 3; fi
run_rust_peers 3

mapfile -t FILES < <(prediction_files)
python3 "$TOOLS/score_extraction.py" "$CORPUS/ground-truth.json" "${FILES[@]}" \
    --json "$OUT/scores.json" --per-doc "$OUT/claimwatch.per-doc.tsv" >"$OUT/scores.txt"
python3 "$ROOT/bench/extraction/table.py" "$OUT/scores.json" "${FILES[@]}"
