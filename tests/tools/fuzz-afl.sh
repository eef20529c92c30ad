#!/usr/bin/env bash
# fuzz-afl.sh: run every fuzz target of crates/fuzz under AFL++ (coverage-guided, through
# cargo-afl on the stable toolchain) for FUZZ_SECS seconds each, then print per target the
# executions, executions per second, edges covered, corpus size and crashes. Exits 1 when a
# target crashed (crashing inputs stay under .cache/fuzz/afl/out/<target>/default/crashes/).
#
# usage: bash tests/tools/fuzz-afl.sh [TARGET...]     (default: every target)
# environment: FUZZ_SECS (default 60), FUZZ_EXECS (instead of a time: stop each target after
# about this many executions), FUZZ_RESUME=1 (continue a target's earlier campaign from its
# queue under .cache/fuzz/afl/out/<target> instead of starting afresh: AFL++ restores its
# counters, so executions add up across runs and the -E budget counts the total),
# FUZZ_CMPLOG=0 (turn off AFL++'s comparison logging, which cargo-afl turns on with -c0: on
# targets whose queue grows to large inputs it takes most of the run time, so a long campaign
# gets several times the executions without it, at less depth per input), CARGO (default cargo).
# Installs cargo-afl from crates.io (which builds AFL++) when `cargo afl` is missing.
set -euo pipefail

readonly NAME=fuzz-afl.sh
msg() { printf '%s: %s\n' "$NAME" "$*" >&2; }

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
CARGO=${CARGO:-cargo}
secs=${FUZZ_SECS:-60}
if ! [[ $secs =~ ^[1-9][0-9]*$ ]]; then
    msg "FUZZ_SECS must be a positive number of seconds, got '$secs'"
    exit 2
fi
budget=(-V "$secs")
if [[ -n ${FUZZ_EXECS:-} ]]; then
    if ! [[ $FUZZ_EXECS =~ ^[1-9][0-9]*$ ]]; then
        msg "FUZZ_EXECS must be a positive number, got '$FUZZ_EXECS'"
        exit 2
    fi
    budget=(-E "$FUZZ_EXECS")
fi
cmplog=()
case ${FUZZ_CMPLOG:-1} in
1) ;;
0) cmplog=(-c -) ;;
*)
    msg "FUZZ_CMPLOG must be 0 or 1, got '$FUZZ_CMPLOG'"
    exit 2
    ;;
esac

if ! "$CARGO" afl --version >/dev/null 2>&1; then
    msg "cargo-afl not found: installing it (cargo install cargo-afl --locked)"
    "$CARGO" install cargo-afl --locked
fi

# A target folder of its own: the instrumented build has other flags than the plain one.
export CARGO_TARGET_DIR=target/afl
"$CARGO" afl build --quiet --release -p claimwatch-fuzz --features afl
bin=$CARGO_TARGET_DIR/release
harness=$bin/claimwatch-afl

if (($# > 0)); then
    targets=("$@")
else
    mapfile -t targets < <("$bin/claimwatch-fuzz" --help | sed -n 's/^targets: //p' | tr ' ' '\n')
fi

work=.cache/fuzz/afl
rm -rf "$work/in"
"$bin/claimwatch-fuzz" --write-seeds "$work/in" "${targets[@]}"

# No UI, no CPU-frequency or core-pattern checks (a shared machine, not a fuzzing box); one
# fuzzer per target, one after the other.
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    AFL_NO_AFFINITY=1 AFL_QUIET=1

stat() { sed -n "s/^$2 *: *//p" "$1" | head -n1; }

crashed=0
printf '%-20s%14s%12s%10s%16s%10s%9s\n' target execs execs/s secs edges corpus crashes
for t in "${targets[@]}"; do
    out=$work/out/$t
    input=$work/in/$t
    if [[ ${FUZZ_RESUME:-} == 1 && -f $out/default/fuzzer_stats ]]; then
        input=-
        msg "$t: resuming the campaign in $out"
    else
        rm -rf "$out"
        mkdir -p "$out"
        : >"$out.log"
    fi
    if ! "$CARGO" afl fuzz -i "$input" -o "$out" -t 2000 "${budget[@]}" "${cmplog[@]}" -- "$harness" "$t" \
        >>"$out.log" 2>&1; then
        msg "afl-fuzz failed for $t; its output:"
        tail -n 30 "$out.log" >&2
        exit 1
    fi
    s=$out/default/fuzzer_stats
    execs=$(stat "$s" execs_done)
    run=$(stat "$s" run_time)
    edges="$(stat "$s" edges_found)/$(stat "$s" total_edges)"
    crashes=$(stat "$s" saved_crashes)
    corpus=$(stat "$s" corpus_count)
    printf '%-20s%14s%12.0f%10s%16s%10s%9s\n' "$t" "$execs" \
        "$(awk -v e="$execs" -v r="$run" 'BEGIN { print (r > 0 ? e / r : 0) }')" \
        "$run" "$edges" "$corpus" "$crashes"
    if [[ ${crashes:-0} != 0 ]]; then
        crashed=1
        msg "$t crashed: inputs in $out/default/crashes/"
    fi
done
exit "$crashed"
