//! What compiling the shipped dictionary costs in memory (issue 12's RSS goal): builds it as
//! the extractor does (`EntityDictionary::shared`, with the gazetteer's matchers) or, with
//! `names`, as alerting does (`EntityDictionary::shared_names`), and prints the process's
//! peak and current resident memory (VmHWM, VmRSS from /proc/self/status, Linux) with the
//! time the build took.
//!
//! usage: dictionary_memory [names]

use std::time::Instant;

use claimwatch_extract::EntityDictionary;

fn status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let names = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("names") => true,
        Some(other) => {
            eprintln!(
                "dictionary_memory: unknown argument {other:?}; usage: dictionary_memory [names]"
            );
            std::process::exit(2);
        }
    };
    let before = status_kb("VmRSS:");
    let t = Instant::now();
    let built = if names {
        EntityDictionary::shared_names()
    } else {
        EntityDictionary::shared()
    };
    let secs = t.elapsed().as_secs_f64();
    let d = match built {
        Ok(d) => d,
        Err(e) => {
            eprintln!("dictionary_memory: {e}");
            std::process::exit(1);
        }
    };
    let mb = |kb: Option<u64>| kb.map_or(f64::NAN, |k| k as f64 / 1024.0);
    println!(
        "{{\"mode\": \"{}\", \"entities\": {}, \"build_s\": {secs:.3}, \"rss_before_mb\": {:.1}, \"peak_rss_mb\": {:.1}, \"rss_mb\": {:.1}}}",
        if names { "names" } else { "search" },
        d.len(),
        mb(before),
        mb(status_kb("VmHWM:")),
        mb(status_kb("VmRSS:")),
    );
}
