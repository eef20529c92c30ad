#!/usr/bin/env bash
# Seed evaluation: runs the extractor (crates/extract/examples/eval_seed.rs) over the plain-text
# articles in ../shared/seed/ and prints a PASS/FAIL checklist ending in 'N passed, M failed'.
#
# The seed articles carry no date of their own. Year-less dates ("On June 7") resolve against
# CLAIMWATCH_SEED_PUBLISHED (YYYY-MM-DD), default 2025-06-12: a day shortly after the latest
# event the founding article mentions.
#
# Environment:
#   CLAIMWATCH_SEED_DIR        where the articles are (default: ../shared/seed from the repo root)
#   CLAIMWATCH_SEED_PUBLISHED  assumed publication date (default 2025-06-12)
#   CLAIMWATCH_SEED_DUMP=1     also print every claim with its chain, hedge and dates
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seed_dir="${CLAIMWATCH_SEED_DIR:-$root/../shared/seed}"
published="${CLAIMWATCH_SEED_PUBLISHED:-2025-06-12}"

# No articles is an error that names the folder, never a silent pass.
if [ ! -d "$seed_dir" ] || ! ls "$seed_dir"/*.txt >/dev/null 2>&1; then
  echo "error: eval-seed: no seed articles (*.txt) at $seed_dir; set CLAIMWATCH_SEED_DIR to the folder of the seed articles (../shared/seed)" >&2
  exit 1
fi

args=("$seed_dir" --published "$published")
if [ "${CLAIMWATCH_SEED_DUMP:-0}" = "1" ]; then
  args+=(--dump)
fi

cd "$root"
exec cargo run --quiet -p claimwatch-extract --example eval_seed -- "${args[@]}"
