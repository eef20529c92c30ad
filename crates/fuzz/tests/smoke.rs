//! The fuzz targets' smoke run inside `make test`: each target's seed corpus and a few hundred
//! mutations of it, with a fixed seed (the same inputs every run), must not crash. The long
//! runs are `make fuzz`.

use std::time::Duration;

use claimwatch_fuzz::{corpus_files, drive, Budget, TARGETS};

#[test]
fn every_target_survives_its_corpus_and_mutations() {
    let mut failures = Vec::new();
    for t in TARGETS {
        let corpus = corpus_files(t.name);
        assert!(
            !corpus.is_empty() || !(t.seeds)().is_empty(),
            "{}: no seed corpus",
            t.name
        );
        let budget = Budget {
            max_execs: 300,
            // Seconds, not minutes: an unoptimised HTML extraction takes milliseconds.
            max_time: Duration::from_secs(3),
        };
        let r = drive(t, &corpus, budget, 7);
        eprintln!("{}: {} execs in {:?}", t.name, r.execs, r.elapsed);
        assert!(
            r.execs >= corpus.len() as u64,
            "{}: the corpus did not run",
            t.name
        );
        for (input, msg) in &r.crashes {
            failures.push(format!(
                "{}: {msg}\n  input: {:?}",
                t.name,
                String::from_utf8_lossy(&input[..input.len().min(300)])
            ));
        }
    }
    assert!(failures.is_empty(), "crashes:\n{}", failures.join("\n"));
}

/// The driver does catch what a target breaks: a target that panics on one byte is reported
/// with that input.
#[test]
fn the_driver_reports_crashes() {
    fn picky(data: &[u8]) {
        assert!(!data.contains(&b'!'), "found the byte");
    }
    fn seeds() -> Vec<Vec<u8>> {
        vec![b"harbour".to_vec()]
    }
    let t = claimwatch_fuzz::Target {
        name: "picky",
        run: picky,
        seeds,
        tokens: &["!"],
    };
    let r = drive(
        &t,
        &[],
        Budget {
            max_execs: 2000,
            max_time: Duration::from_secs(20),
        },
        3,
    );
    assert!(r.crash_count > 0);
    assert!(r
        .crashes
        .iter()
        .all(|(i, m)| i.contains(&b'!') && m.contains("found the byte")));
}
