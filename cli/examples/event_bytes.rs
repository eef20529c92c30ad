//! Kafka bytes per article, as the extractor encodes its events: the per-claim topic
//! (`claimwatch.claims.v1`, one ClaimEvent per sentence that mentions an entity: the whole
//! output before every sentence was published) against the per-article topic
//! (`claimwatch.articles.v1`, one ArticleEvent holding every sentence).
//!
//! usage: event_bytes <folder of .html/.html.gz/.txt pages> [--limit N]

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use claimwatch_extractor::ExtractProcessor;
use claimwatch_model::{ids, ArticleEvent, ClaimEvent, RawArticle};
use claimwatch_schema::Codecs;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "samples/articles".into()));
    let mut limit = usize::MAX;
    while let Some(a) = args.next() {
        if a == "--limit" {
            limit = args
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(usize::MAX);
        }
    }
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("event_bytes: {}: {e}", dir.display());
            std::process::exit(1);
        }
    };
    files.sort();
    let p = ExtractProcessor::new().expect("extractor");
    let codecs = Codecs::new().expect("codecs");
    let (mut pages, mut claims_bytes, mut article_bytes, mut claims, mut statements) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut articles, mut claim_events) = (Vec::new(), Vec::new());
    for f in files.into_iter().take(limit) {
        let name = f.to_string_lossy().to_string();
        let mut body = Vec::new();
        if name.ends_with(".gz") {
            let Ok(file) = std::fs::File::open(&f) else {
                continue;
            };
            if flate2::read::GzDecoder::new(file)
                .read_to_end(&mut body)
                .is_err()
            {
                continue;
            }
        } else if let Ok(b) = std::fs::read(&f) {
            body = b;
        }
        let html = !name.ends_with(".txt");
        let url = format!("file://{name}");
        let raw = RawArticle {
            article_id: ids::article_id(&url),
            url: url.clone(),
            canonical_url: url,
            source_id: "bytes".into(),
            fetched_at: 1_764_000_000_000,
            http_status: Some(200),
            content_type: Some(if html { "text/html" } else { "text/plain" }.into()),
            declared_charset: None,
            language_hint: None,
            content_hash: ids::sha256_hex(&body),
            body,
        };
        let Ok(Some(article)) = p.article_for(&raw) else {
            continue;
        };
        pages += 1;
        article_bytes += codecs.article.encode(&article).expect("encode").len();
        statements += article.statements.len();
        for c in p.claims_for(&raw).unwrap_or_default() {
            claims_bytes += codecs.claim.encode(&c).expect("encode").len();
            claims += 1;
            claim_events.push(c);
        }
        articles.push(article);
    }
    let per = |b: usize| b as f64 / pages.max(1) as f64;
    println!("pages: {pages} ({})", dir.display());
    println!(
        "before  claimwatch.claims.v1   {:>9.0} bytes/article  ({:.1} claims/article)",
        per(claims_bytes),
        claims as f64 / pages.max(1) as f64
    );
    println!(
        "after   claimwatch.articles.v1 {:>9.0} bytes/article  ({:.1} statements/article)",
        per(article_bytes),
        statements as f64 / pages.max(1) as f64
    );
    println!(
        "after, with the legacy claims topic kept on: {:.0} bytes/article",
        per(article_bytes + claims_bytes)
    );
    encode_timing(&codecs, &articles, &claim_events, pages);
}

/// Encoding cost per article: the schema-aware serializer the services use, against the
/// `Value` tree path they used before, over the same events (best of 5 passes each). Every
/// event is also checked to encode to the same bytes both ways.
fn encode_timing(codecs: &Codecs, articles: &[ArticleEvent], claims: &[ClaimEvent], pages: usize) {
    let identical = articles.iter().all(|a| {
        codecs.article.encode_datum(a).ok() == codecs.article.encode_datum_via_value(a).ok()
    }) && claims
        .iter()
        .all(|c| codecs.claim.encode_datum(c).ok() == codecs.claim.encode_datum_via_value(c).ok());
    let best = |f: &dyn Fn() -> usize| {
        (0..5)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let direct = best(&|| {
        let a: usize = articles
            .iter()
            .map(|a| codecs.article.encode_datum(a).map_or(0, |b| b.len()))
            .sum();
        a + claims
            .iter()
            .map(|c| codecs.claim.encode_datum(c).map_or(0, |b| b.len()))
            .sum::<usize>()
    });
    let value = best(&|| {
        let a: usize = articles
            .iter()
            .map(|a| {
                codecs
                    .article
                    .encode_datum_via_value(a)
                    .map_or(0, |b| b.len())
            })
            .sum();
        a + claims
            .iter()
            .map(|c| {
                codecs
                    .claim
                    .encode_datum_via_value(c)
                    .map_or(0, |b| b.len())
            })
            .sum::<usize>()
    });
    let per = |s: f64| s * 1e6 / pages.max(1) as f64;
    println!(
        "encode (articles.v1 + claims.v1) per article: direct {:.1} us, via Value {:.1} us ({:.1}x); identical bytes: {}",
        per(direct),
        per(value),
        value / direct.max(1e-12),
        if identical { "yes" } else { "NO" }
    );
    if !identical {
        std::process::exit(1);
    }
}
