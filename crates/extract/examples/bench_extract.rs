//! The pure `extract()` cost per article over a folder of pages, for `make bench-pipeline`
//! (bench/pipeline/): the same call the extractor service makes per raw article
//! (`extract_with_options` with the shipped dictionary and a reference time), without Kafka,
//! Avro or the transactional loop, so the service's overhead shows as a ratio.
//!
//! usage: bench_extract DIR [LIMIT]
//!
//! Reads every .html file of DIR (at most LIMIT, in name order) into memory first, loads the
//! dictionary, then extracts each page once on this thread. Prints one JSON line: articles,
//! statements (the title statement included, as the service publishes it), errors, and the
//! thread's CPU seconds (from /proc/thread-self/schedstat, nanoseconds; wall-clock seconds when
//! that is unreadable) and wall-clock seconds of the extraction loop only; then the CPU seconds
//! of the story signatures of the extracted texts, the service's other pure work per article.

use std::path::PathBuf;
use std::time::Instant;

use claimwatch_extract::{extract_with_options, Document, EntityDictionary, ExtractOptions};

/// CPU time of the calling thread in seconds (Linux), if readable.
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: bench_extract DIR [LIMIT]");
        std::process::exit(2);
    };
    let limit = match args.get(1).map(|s| s.parse::<usize>()) {
        None => usize::MAX,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("bench_extract: LIMIT must be a number: {e}");
            std::process::exit(2);
        }
    };
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "html"))
            .collect(),
        Err(e) => {
            eprintln!("bench_extract: cannot read {}: {e}", dir.display());
            std::process::exit(1);
        }
    };
    paths.sort();
    paths.truncate(limit);
    let mut pages = Vec::with_capacity(paths.len());
    for p in &paths {
        match std::fs::read(p) {
            Ok(b) => pages.push((format!("file://{}", p.display()), b)),
            Err(e) => {
                eprintln!("bench_extract: cannot read {}: {e}", p.display());
                std::process::exit(1);
            }
        }
    }
    if pages.is_empty() {
        eprintln!("bench_extract: no .html file in {}", dir.display());
        std::process::exit(1);
    }
    let dict = match EntityDictionary::shared() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("bench_extract: entity dictionary: {e}");
            std::process::exit(1);
        }
    };
    let options = ExtractOptions {
        reference_time_ms: Some(1_780_000_000_000),
        ..ExtractOptions::default()
    };
    let (mut statements, mut errors) = (0usize, 0usize);
    let mut texts = Vec::with_capacity(pages.len());
    let cpu0 = thread_cpu_secs();
    let t0 = Instant::now();
    for (url, body) in &pages {
        let doc = Document {
            body,
            content_type: Some("text/html"),
            declared_charset: None,
            url,
            language_hint: None,
        };
        match extract_with_options(&doc, &dict, &options) {
            Ok(a) => {
                statements += a.statements.len() + usize::from(a.title_statement.is_some());
                texts.push(a.text);
            }
            Err(_) => errors += 1,
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = match (cpu0, thread_cpu_secs()) {
        (Some(a), Some(b)) => b - a,
        _ => wall,
    };
    // The service's other pure work per article, timed apart: the story signature of the
    // main text (claimwatch_story::signature), which travels in the article event.
    let sig0 = thread_cpu_secs();
    let t1 = Instant::now();
    let slots: usize = texts
        .iter()
        .map(|t| claimwatch_story::signature(t).len())
        .sum();
    let sig_wall = t1.elapsed().as_secs_f64();
    let sig_cpu = match (sig0, thread_cpu_secs()) {
        (Some(a), Some(b)) => b - a,
        _ => sig_wall,
    };
    println!(
        "{{\"articles\": {}, \"statements\": {statements}, \"errors\": {errors}, \"cpu_s\": {cpu:.6}, \"wall_s\": {wall:.6}, \"signature_cpu_s\": {sig_cpu:.6}, \"signature_slots\": {slots}}}",
        pages.len()
    );
}
