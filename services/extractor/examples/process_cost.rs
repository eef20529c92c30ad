//! The extractor's in-process cost per article, step by step, without Kafka: the pure
//! `extract()` call, then the service's `process()` (decode the raw Avro record, extract, build
//! and encode the article event) with and without the legacy `claims.v1` events. What is left
//! of the pipeline's overhead after this is the Kafka client's (`make bench-pipeline` prints the
//! whole ratio).
//!
//! usage: process_cost DIR [LIMIT]   (a folder of .html pages, e.g. bench-pipeline's corpus)
//!
//! Prints CPU seconds per 1,000 articles of this thread for each step, best of three passes.

use std::path::PathBuf;

use claimwatch_extract::{extract_with_options, Document, EntityDictionary, ExtractOptions};
use claimwatch_extractor::ExtractProcessor;
use claimwatch_kafka::txloop::Record;
use claimwatch_model::RawArticle;
use claimwatch_schema::Codecs;

// The service's allocator, so that allocation costs are the service's.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn thread_cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map(|ns| ns / 1e9)
        .unwrap_or(f64::NAN)
}

fn best_of_three(mut pass: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut n = 0;
    for _ in 0..3 {
        let t = thread_cpu_secs();
        n = pass();
        best = best.min(thread_cpu_secs() - t);
    }
    (best, n)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.first()
            .ok_or_else(|| anyhow::anyhow!("usage: process_cost DIR [LIMIT]"))?,
    );
    let limit: usize = match args.get(1) {
        Some(s) => s.parse()?,
        None => usize::MAX,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    paths.sort();
    paths.truncate(limit);
    let codecs = Codecs::new()?;
    let mut raws = Vec::with_capacity(paths.len());
    for (i, p) in paths.iter().enumerate() {
        let url = format!("file://{}", p.display());
        let raw = RawArticle {
            article_id: format!("a{i}"),
            canonical_url: url.clone(),
            url,
            source_id: "bench".into(),
            fetched_at: 1_700_000_000_000,
            http_status: None,
            content_type: Some("text/html".into()),
            declared_charset: None,
            language_hint: None,
            content_hash: String::new(),
            body: std::fs::read(p)?,
        };
        raws.push((codecs.raw_article.encode(&raw)?, raw));
    }
    let dict = EntityDictionary::shared().map_err(|e| anyhow::anyhow!("{e}"))?;
    let options = ExtractOptions {
        reference_time_ms: Some(1_700_000_000_000),
        ..ExtractOptions::default()
    };
    let (pure, _) = best_of_three(|| {
        let mut n = 0;
        for (_, raw) in &raws {
            let doc = Document {
                body: &raw.body,
                content_type: raw.content_type.as_deref(),
                declared_charset: None,
                url: &raw.url,
                language_hint: None,
            };
            n += extract_with_options(&doc, &dict, &options).map_or(0, |a| a.statements.len());
        }
        n
    });
    let mut rows = vec![("pure extract()".to_string(), pure, 0usize)];
    for legacy in [false, true] {
        let mut p = ExtractProcessor::new()?.with_legacy_claims(legacy);
        let (secs, outputs) = best_of_three(|| {
            let mut n = 0;
            for (i, (bytes, _)) in raws.iter().enumerate() {
                let r = Record {
                    topic: "raw",
                    partition: 0,
                    offset: i as i64,
                    key: None,
                    payload: Some(bytes),
                    timestamp_ms: Some(1_700_000_000_000),
                };
                n += p.process(&r).map_or(0, |o| o.len());
            }
            n
        });
        let name = format!(
            "process(), legacy claims {}",
            if legacy { "on" } else { "off" }
        );
        rows.push((name, secs, outputs));
    }
    let k = raws.len() as f64 / 1000.0;
    println!("{} articles", raws.len());
    for (name, secs, outputs) in rows {
        println!(
            "{name:<34} {:>6.3} CPU s/1k  {:>5.2}x pure  {outputs} records",
            secs / k,
            secs / pure
        );
    }
    Ok(())
}
