//! Runs claimwatch-extract over a folder of pages and writes the main texts in the format
//! `score_extraction.py` reads: `{"version": ..., "output": {id: {"articleBody": text}}}`.
//!
//! ```text
//! cargo run --release -p claimwatch-extract --example eval_extraction -- \
//!     HTML_DIR OUT.json [--urls URLS.json] [--repeat N] [--claims] [--dump DUMP.jsonl]
//! ```
//!
//! Pages are `<id>.html` or `<id>.html.gz`; they are read before timing starts. Only the
//! `extract` call is timed. By default the dictionary is empty and no statements are built
//! (`max_claims` 0), so the timing covers what the peers do (decoding, parsing, main text,
//! metadata); `--claims` uses the shipped dictionary and builds every statement, so it also
//! times sentence analysis, entity and place matching, attribution, hedging and dates. Timing goes to
//! stderr and to `OUT.timing.json`.
//!
//! `--dump DUMP.jsonl` also writes, outside the timing, each page's whole [`Article`] (main text,
//! metadata and every statement with its speaker, cue, chain, entities, places, hedge and dates)
//! as one JSON line `{"id": ..., "article": ...}` in page order: a byte-for-byte comparable
//! record of the output, for checking that an optimisation changes nothing.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use claimwatch_extract::{
    extract_with_options, Article, Document, EntityDictionary, ExtractOptions, EXTRACTOR_VERSION,
};

/// The extractor service's allocator (services/extractor), so that the timing is the service's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn load_pages(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut pages = Vec::new();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let raw = || fs::read(&path).expect("readable page");
        if let Some(id) = name.strip_suffix(".html.gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&raw()[..])
                .read_to_end(&mut out)
                .expect("valid gzip");
            pages.push((id.to_string(), out));
        } else if let Some(id) = name.strip_suffix(".html") {
            pages.push((id.to_string(), raw()));
        }
    }
    pages
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut positional, mut repeat, mut claims, mut urls_path) = (Vec::new(), 1usize, false, None);
    let mut dump_path = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            "--claims" => claims = true,
            "--urls" => urls_path = args.next(),
            "--dump" => dump_path = args.next(),
            _ => positional.push(a),
        }
    }
    let [html_dir, out] = positional.as_slice() else {
        eprintln!(
            "usage: eval_extraction HTML_DIR OUT.json [--urls URLS.json] [--repeat N] [--claims] \
             [--dump DUMP.jsonl]"
        );
        std::process::exit(2);
    };
    let urls: serde_json::Map<String, serde_json::Value> = match &urls_path {
        Some(p) => serde_json::from_str(&fs::read_to_string(p).expect("urls file"))
            .expect("urls JSON object"),
        None => serde_json::Map::new(),
    };
    let dict = if claims {
        EntityDictionary::builtin().expect("shipped dictionary")
    } else {
        EntityDictionary::from_toml("version = \"empty\"\n").expect("empty dictionary")
    };
    let options = ExtractOptions {
        max_claims: if claims {
            ExtractOptions::default().max_claims
        } else {
            0
        },
        ..ExtractOptions::default()
    };
    let pages = load_pages(Path::new(html_dir));
    let mut output = serde_json::Map::new();
    let mut runs = Vec::new();
    let mut dump = String::new();
    for rep in 0..repeat.max(1) {
        let mut total = 0.0f64;
        for (id, body) in &pages {
            let url = urls.get(id).and_then(|u| u.as_str()).unwrap_or("");
            let doc = Document {
                body,
                content_type: Some("text/html"),
                url,
                ..Document::default()
            };
            let t0 = Instant::now();
            let article = extract_with_options(&doc, &dict, &options);
            total += t0.elapsed().as_secs_f64();
            if rep == 0 {
                if dump_path.is_some() {
                    dump_line(&mut dump, id, &article);
                }
                let value = match article {
                    Ok(a) => serde_json::json!({
                        "articleBody": a.text,
                        "title": a.title,
                        "byline": a.byline,
                        "published_at": a.published_at,
                        "modified_at": a.modified_at,
                        "language": a.language,
                        "canonical_url": a.canonical_url,
                    }),
                    Err(e) => serde_json::json!({ "articleBody": "", "error": e.to_string() }),
                };
                output.insert(id.clone(), value);
            }
        }
        runs.push(total);
    }
    if let Some(p) = &dump_path {
        fs::write(p, &dump).expect("write dump");
    }
    let best = runs.iter().copied().fold(f64::INFINITY, f64::min);
    let pages_per_s = pages.len() as f64 / best;
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "claimwatch: {} pages, best of {} runs {best:.3}s = {pages_per_s:.1} pages/s, {:.1} MB/s",
        pages.len(),
        runs.len(),
        bytes as f64 / best / 1e6
    );
    let pred = serde_json::json!({ "version": EXTRACTOR_VERSION, "output": output });
    fs::write(out, serde_json::to_string(&pred).expect("json")).expect("write predictions");
    let timing = serde_json::json!({
        "system": "claimwatch",
        "claims": claims,
        "pages": pages.len(),
        "run_seconds": runs,
        "pages_per_s_best": pages_per_s,
    });
    let timing_path = Path::new(out).with_extension("timing.json");
    fs::write(
        timing_path,
        serde_json::to_string_pretty(&timing).expect("json"),
    )
    .expect("write timing");
}

/// Appends one JSON line with the page id and its whole article (or its error).
fn dump_line(
    out: &mut String,
    id: &str,
    article: &Result<Article, claimwatch_extract::ExtractError>,
) {
    let value = match article {
        Ok(a) => serde_json::json!({ "id": id, "article": a }),
        Err(e) => serde_json::json!({ "id": id, "error": e.to_string() }),
    };
    out.push_str(&serde_json::to_string(&value).expect("json"));
    out.push('\n');
}
