#!/usr/bin/env bash
# make eval-attribution: span-level precision/recall/F1 of attribution sources and cues on the
# labelled sets in this folder (written for this project; see README.md), per language, overall
# and per pattern: the main set (*.tsv), then the held-out set (holdout/*.tsv, written after
# the rules were frozen), the fresh set (fresh/*.tsv, written before the second round), the
# second fresh set (fresh2/*.tsv, written before the third round), the third (fresh3/*.tsv: es,
# it, pt, zh, ja, ko, written blind before their first score), the fourth (fresh4/*.tsv: ar, tr,
# written blind before their first score) and its probe (written after the rules); then, as a closing note, the
# figures measured before the rework.
#
# Environment:
#   CLAIMWATCH_ATTR_ERRORS=1  also print every sentence with a missed or spurious link
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
flags=()
if [ "${CLAIMWATCH_ATTR_ERRORS:-0}" = "1" ]; then
  flags+=(--errors)
fi
cd "$root"
cargo build --quiet -p claimwatch-extract --example eval_attribution
bin="$root/target/debug/examples/eval_attribution"
echo "== main set (bench/attribution/*.tsv) =="
"$bin" "$root/bench/attribution" "${flags[@]}"
echo
echo "== held-out set (bench/attribution/holdout/*.tsv) =="
"$bin" "$root/bench/attribution/holdout" "${flags[@]}"
echo
echo "== fresh set (bench/attribution/fresh/*.tsv, written before the second round of rules) =="
"$bin" "$root/bench/attribution/fresh" "${flags[@]}"
echo
echo "== fresh2 set (bench/attribution/fresh2/*.tsv, written before the third round of rules) =="
"$bin" "$root/bench/attribution/fresh2" "${flags[@]}"
echo
echo "== fresh3 set (bench/attribution/fresh3/*.tsv: es, it, pt, zh, ja, ko, written blind) =="
"$bin" "$root/bench/attribution/fresh3" "${flags[@]}"
echo
echo "== fresh4 set (bench/attribution/fresh4/*.tsv: ar, tr, written blind) =="
"$bin" "$root/bench/attribution/fresh4" "${flags[@]}"
echo
echo "== fresh4 probe (bench/attribution/fresh4/probe/*.tsv: ar, tr, written after the rules) =="
"$bin" "$root/bench/attribution/fresh4/probe" "${flags[@]}"
if [ -f "$root/bench/attribution/before.txt" ]; then
  echo
  echo "closing note: BEFORE, the same sets on the code before the rework (see before.txt):"
  cat "$root/bench/attribution/before.txt"
fi
