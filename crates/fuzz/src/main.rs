//! `claimwatch-fuzz [--secs N] [--execs N] [--seed S] [TARGET...]`: run each target (all by
//! default) for the given time or number of executions and print, per target, the executions
//! and crashes. Crashing inputs are written to `.cache/fuzz/crashes/<target>/`; the exit status
//! is 1 when any target crashed.
//!
//! `claimwatch-fuzz --write-seeds DIR [TARGET...]` writes each target's seeds (its corpus files
//! and the seeds built in code) to `DIR/<target>/`, the input folders of an AFL++ run.
//!
//! `claimwatch-fuzz --replay TARGET FILE...` runs the target once on each file (a crash or a
//! queue entry AFL++ saved) and prints its size and how long the uninstrumented code took.

use std::time::Duration;

use claimwatch_fuzz::{corpus_files, drive, target, Budget, TARGETS};

fn main() {
    let mut secs = 60u64;
    let mut execs = u64::MAX;
    let mut seed = 0x5eed_u64;
    let mut names = Vec::new();
    let mut write_seeds: Option<String> = None;
    if std::env::args().nth(1).as_deref() == Some("--replay") {
        replay(std::env::args().skip(2).collect());
        return;
    }
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut num = |what: &str| -> u64 {
            args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
                eprintln!("{what} needs a number");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--secs" => secs = num("--secs"),
            "--execs" => execs = num("--execs"),
            "--seed" => seed = num("--seed"),
            "--write-seeds" => {
                write_seeds = Some(args.next().unwrap_or_else(|| {
                    eprintln!("--write-seeds needs a folder");
                    std::process::exit(2)
                }))
            }
            "-h" | "--help" => {
                println!("usage: claimwatch-fuzz [--secs N] [--execs N] [--seed S] [TARGET...]");
                println!("       claimwatch-fuzz --write-seeds DIR [TARGET...]");
                println!("       claimwatch-fuzz --replay TARGET FILE...");
                println!(
                    "targets: {}",
                    TARGETS.iter().map(|t| t.name).collect::<Vec<_>>().join(" ")
                );
                return;
            }
            name => names.push(name.to_string()),
        }
    }
    let chosen: Vec<_> = if names.is_empty() {
        TARGETS.iter().collect()
    } else {
        names
            .iter()
            .map(|n| {
                target(n).unwrap_or_else(|| {
                    eprintln!("unknown target `{n}`");
                    std::process::exit(2)
                })
            })
            .collect()
    };
    if let Some(dir) = write_seeds {
        for t in chosen {
            let at = std::path::Path::new(&dir).join(t.name);
            let mut seeds = corpus_files(t.name);
            seeds.extend((t.seeds)());
            let written = std::fs::create_dir_all(&at).and_then(|()| {
                seeds
                    .iter()
                    .enumerate()
                    .try_for_each(|(i, s)| std::fs::write(at.join(format!("seed-{i:04}")), s))
            });
            if let Err(e) = written {
                eprintln!("writing seeds to {}: {e}", at.display());
                std::process::exit(1);
            }
        }
        return;
    }
    let out = std::path::Path::new(".cache/fuzz/crashes");
    let mut crashed = 0u64;
    println!(
        "{:<20}{:>14}{:>12}{:>10}{:>9}",
        "target", "execs", "execs/s", "secs", "crashes"
    );
    for t in chosen {
        let corpus = corpus_files(t.name);
        let budget = Budget {
            max_execs: execs,
            max_time: Duration::from_secs(secs),
        };
        let r = drive(t, &corpus, budget, seed);
        let s = r.elapsed.as_secs_f64();
        println!(
            "{:<20}{:>14}{:>12.0}{:>10.1}{:>9}",
            t.name,
            r.execs,
            r.execs as f64 / s.max(1e-9),
            s,
            r.crash_count
        );
        for (i, (input, msg)) in r.crashes.iter().enumerate() {
            let dir = out.join(t.name);
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("crash-{seed}-{i}"));
            let _ = std::fs::write(&file, input);
            eprintln!("  {}: {msg}", file.display());
        }
        crashed += r.crash_count;
    }
    if crashed > 0 {
        std::process::exit(1);
    }
}

/// Run one target once on each file and print its size and time; a panic is reported as
/// usual (with the file named first), so a saved crash reproduces here.
fn replay(args: Vec<String>) {
    let Some((name, files)) = args.split_first() else {
        eprintln!("--replay needs a target and files");
        std::process::exit(2)
    };
    let Some(t) = target(name) else {
        eprintln!("unknown target `{name}`");
        std::process::exit(2)
    };
    // Warm the target (dictionaries, schemas) so the first file is not charged for it.
    for seed in (t.seeds)() {
        (t.run)(&seed);
    }
    println!("{:>10}{:>12}  file", "bytes", "ms");
    for f in files {
        let data = std::fs::read(f).unwrap_or_else(|e| {
            eprintln!("reading {f}: {e}");
            std::process::exit(2)
        });
        eprintln!("{f}");
        let start = std::time::Instant::now();
        (t.run)(&data);
        let ms = start.elapsed().as_secs_f64() * 1e3;
        println!("{:>10}{:>12.3}  {f}", data.len(), ms);
    }
}
