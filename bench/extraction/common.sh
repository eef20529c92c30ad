# Shared by eval.sh and bench.sh (sourced, not run). Builds and runs claimwatch-extract and the
# peer extractors over the extraction benchmark corpora (ScrapingHub's article-extraction
# benchmark and the WCXB dev split), which are read in place from ../shared and never copied
# into the repository.
#
# Environment:
#   CLAIMWATCH_EXTRACTION_CORPORA space-separated corpus folders, each with html/ and
#                                 ground-truth.json (default: ../shared/corpora/extraction/
#                                 scrapinghub and ../shared/corpora/extraction/wcxb-dev)
#   CLAIMWATCH_EXTRACTION_CORPUS  one corpus folder only (overrides the list above)
#   CLAIMWATCH_SHARED_TOOLS       folder with score_extraction.py and run_trafilatura.py
#                                 (default: ../shared/tools)
#   CLAIMWATCH_EXTRACT_BIN        a prebuilt eval_extraction example to run instead of building
#                                 this checkout's (to score another commit side by side)
#   CLAIMWATCH_EXTRACTION_PEERS   space-separated subset of the peers to run
#                                 (default: "trafilatura-py trafilatura-rs rs-trafilatura dom_smoothie")

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

SHARED_CORPORA="$ROOT/../shared/corpora/extraction"
CORPORA="${CLAIMWATCH_EXTRACTION_CORPORA:-$SHARED_CORPORA/scrapinghub $SHARED_CORPORA/wcxb-dev}"
if [[ -n "${CLAIMWATCH_EXTRACTION_CORPUS:-}" ]]; then
    CORPORA="$CLAIMWATCH_EXTRACTION_CORPUS"
fi
read -r -a CORPUS_LIST <<<"$CORPORA"
TOOLS="${CLAIMWATCH_SHARED_TOOLS:-$ROOT/../shared/tools}"
PEERS="${CLAIMWATCH_EXTRACTION_PEERS:-trafilatura-py trafilatura-rs rs-trafilatura dom_smoothie}"
OUT_ROOT="$ROOT/.cache/eval/extraction"
# Set per corpus by use_corpus.
CORPUS=""
CORPUS_NAME=""
OUT=""
VENV="$ROOT/.cache/venv-extraction"
PEERS_TARGET="$ROOT/.cache/target-peers"
# claimwatch is built in the workspace's own target dir (or $CARGO_TARGET_DIR when set).
CW_TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

# Everything that is timed runs on one core.
PIN=()
if command -v taskset >/dev/null 2>&1; then
    PIN=(taskset -c 0)
fi

log() { printf '%s\n' "$*" >&2; }

# Every corpus and the scorer must be there: a missing one is an error (exit 1) that names
# it, never a silent skip.
require_corpora() {
    local missing=()
    for c in "${CORPUS_LIST[@]}"; do
        if [[ ! -d "$c/html" || ! -f "$c/ground-truth.json" ]]; then
            missing+=("$c (expected html/ and ground-truth.json)")
        fi
    done
    if [[ ! -f "$TOOLS/score_extraction.py" ]]; then
        missing+=("$TOOLS/score_extraction.py (set CLAIMWATCH_SHARED_TOOLS)")
    fi
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "error: missing extraction benchmark input:" >&2
        printf '  %s\n' "${missing[@]}" >&2
        echo "set CLAIMWATCH_EXTRACTION_CORPORA / CLAIMWATCH_SHARED_TOOLS to their folders" >&2
        exit 1
    fi
}

# use_corpus DIR: makes DIR the corpus that the run_* functions read, with its own output folder.
use_corpus() {
    CORPUS="$1"
    CORPUS_NAME="$(basename "$CORPUS")"
    OUT="$OUT_ROOT/$CORPUS_NAME"
    mkdir -p "$OUT"
}

CW_BIN="${CLAIMWATCH_EXTRACT_BIN:-$CW_TARGET/release/examples/eval_extraction}"

build_claimwatch() {
    if [[ -n "${CLAIMWATCH_EXTRACT_BIN:-}" ]]; then
        log "using the prebuilt $CLAIMWATCH_EXTRACT_BIN"
        return 0
    fi
    log "building claimwatch-extract (release example eval_extraction)"
    cargo build --quiet --release -p claimwatch-extract --example eval_extraction
}

# run_claimwatch NAME REPEAT [extra args]: writes $OUT/NAME.json and NAME.timing.json.
run_claimwatch() {
    local name="$1" repeat="$2"
    shift 2
    local urls=()
    [[ -f "$CORPUS/urls.json" ]] && urls=(--urls "$CORPUS/urls.json")
    "${PIN[@]}" "$CW_BIN" "$CORPUS/html" \
        "$OUT/$name.json" --repeat "$repeat" "${urls[@]}" "$@"
}

wants() { [[ " $PEERS " == *" $1 "* ]]; }

# A venv with trafilatura, created once and reused.
setup_venv() {
    if [[ ! -x "$VENV/bin/python" ]]; then
        log "creating Python venv in $VENV"
        python3 -m venv "$VENV"
    fi
    if ! "$VENV/bin/python" -c 'import trafilatura, lxml_html_clean' 2>/dev/null; then
        log "installing trafilatura into $VENV"
        "$VENV/bin/pip" install --quiet --disable-pip-version-check trafilatura lxml_html_clean
    fi
}

run_trafilatura_py() {
    local repeat="$1"
    setup_venv
    "${PIN[@]}" "$VENV/bin/python" "$TOOLS/run_trafilatura.py" "$CORPUS/html" \
        "$OUT/trafilatura-py.json" --repeat "$repeat" 2>"$OUT/trafilatura-py.log" || {
        cat "$OUT/trafilatura-py.log" >&2
        return 1
    }
}

build_peers() {
    log "building the Rust peer harness (bench/extraction/peers)"
    CARGO_TARGET_DIR="$PEERS_TARGET" cargo build --quiet --release \
        --manifest-path "$ROOT/bench/extraction/peers/Cargo.toml"
}

run_rust_peers() {
    local repeat="$1"
    local systems=()
    for s in trafilatura-rs rs-trafilatura dom_smoothie; do
        wants "$s" && systems+=(--system "$s")
    done
    [[ ${#systems[@]} -eq 0 ]] && return 0
    build_peers
    "${PIN[@]}" "$PEERS_TARGET/release/claimwatch-extraction-peers" "$CORPUS/html" "$OUT" \
        --repeat "$repeat" "${systems[@]}"
}

# Files of the systems that ran, claimwatch first.
prediction_files() {
    local files=("$OUT/claimwatch.json")
    for s in trafilatura-py trafilatura-rs rs-trafilatura dom_smoothie; do
        wants "$s" && [[ -f "$OUT/$s.json" ]] && files+=("$OUT/$s.json")
    done
    printf '%s\n' "${files[@]}"
}
