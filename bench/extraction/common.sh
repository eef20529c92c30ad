# Shared by eval.sh and bench.sh (sourced, not run). Builds and runs claimwatch-extract and the
# peer extractors over the ScrapingHub article-extraction benchmark pages, which are read in
# place from ../shared and never copied into the repository.
#
# Environment:
#   CLAIMWATCH_EXTRACTION_CORPUS  folder with html/ and ground-truth.json
#                                 (default: ../shared/corpora/extraction/scrapinghub)
#   CLAIMWATCH_SHARED_TOOLS       folder with score_extraction.py and run_trafilatura.py
#                                 (default: ../shared/tools)
#   CLAIMWATCH_EXTRACTION_PEERS   space-separated subset of the peers to run
#                                 (default: "trafilatura-py trafilatura-rs rs-trafilatura dom_smoothie")

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

CORPUS="${CLAIMWATCH_EXTRACTION_CORPUS:-$ROOT/../shared/corpora/extraction/scrapinghub}"
TOOLS="${CLAIMWATCH_SHARED_TOOLS:-$ROOT/../shared/tools}"
PEERS="${CLAIMWATCH_EXTRACTION_PEERS:-trafilatura-py trafilatura-rs rs-trafilatura dom_smoothie}"
OUT="$ROOT/.cache/eval/extraction"
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

require_corpus() {
    if [[ ! -d "$CORPUS/html" || ! -f "$CORPUS/ground-truth.json" ]]; then
        echo "extraction corpus not found at $CORPUS (expected html/ and ground-truth.json);"
        echo "set CLAIMWATCH_EXTRACTION_CORPUS to its folder. Nothing to do."
        exit 0
    fi
    if [[ ! -f "$TOOLS/score_extraction.py" ]]; then
        echo "score_extraction.py not found in $TOOLS; set CLAIMWATCH_SHARED_TOOLS. Nothing to do."
        exit 0
    fi
    mkdir -p "$OUT"
}

build_claimwatch() {
    log "building claimwatch-extract (release example eval_extraction)"
    cargo build --quiet --release -p claimwatch-extract --example eval_extraction
}

# run_claimwatch NAME REPEAT [extra args]: writes $OUT/NAME.json and NAME.timing.json.
run_claimwatch() {
    local name="$1" repeat="$2"
    shift 2
    local urls=()
    [[ -f "$CORPUS/urls.json" ]] && urls=(--urls "$CORPUS/urls.json")
    "${PIN[@]}" "$CW_TARGET/release/examples/eval_extraction" "$CORPUS/html" \
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
