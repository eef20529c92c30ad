#!/usr/bin/env bash
# make eval-attribution: span-level precision/recall/F1 of attribution sources and cues on the
# labelled set in this folder (written for this project; see README.md), per language, overall
# and per error pattern; then, as a closing note, the figures recorded before the rework.
#
# Environment:
#   CLAIMWATCH_ATTR_ERRORS=1  also print every sentence with a missed or spurious link
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
args=("$root/bench/attribution")
if [ "${CLAIMWATCH_ATTR_ERRORS:-0}" = "1" ]; then
  args+=(--errors)
fi
cd "$root"
cargo run --quiet -p claimwatch-extract --example eval_attribution -- "${args[@]}"
if [ -f "$root/bench/attribution/before.txt" ]; then
  echo
  echo "closing note: BEFORE (recorded on the code before the rework; see the file for the commit):"
  cat "$root/bench/attribution/before.txt"
fi
