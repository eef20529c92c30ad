//! `claimwatch-afl TARGET`: the AFL++ harness of one fuzz target, in persistent mode. Built with
//! `cargo afl build --features afl` (coverage instrumentation from cargo-afl, stable Rust) and
//! run by `tests/tools/fuzz-afl.sh` under `afl-fuzz`; a panic (a broken invariant included)
//! aborts, which AFL++ records as a crash.

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some(target) = claimwatch_fuzz::target(&name) else {
        eprintln!(
            "usage: claimwatch-afl TARGET (one of: {})",
            claimwatch_fuzz::TARGETS
                .iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
                .join(" ")
        );
        std::process::exit(2);
    };
    // Load dictionaries and schemas once, before the fork server starts (the harness defers
    // it to the loop below): every forked child starts warm.
    let mut warm_up = claimwatch_fuzz::corpus_files(target.name);
    warm_up.extend((target.seeds)());
    for seed in warm_up {
        (target.run)(&seed);
    }
    afl::fuzz!(|data: &[u8]| {
        (target.run)(data);
    });
}
