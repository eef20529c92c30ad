//! Kafka bytes per article, as the extractor encodes its events: the per-claim topic
//! (`claimwatch.claims.v1`, one ClaimEvent per sentence that mentions an entity: the whole
//! output before every sentence was published) against the per-article topic
//! (`claimwatch.articles.v1`, one ArticleEvent holding every sentence).
//!
//! usage: event_bytes <folder of .html/.html.gz/.txt pages> [--limit N]

use std::io::Read;
use std::path::PathBuf;

use claimwatch_extractor::ExtractProcessor;
use claimwatch_model::{ids, RawArticle};
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
        }
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
}
