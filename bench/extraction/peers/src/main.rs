//! Runs other open main-text extractors over a folder of pages and writes, per system, a
//! predictions file (`{"version": ..., "output": {id: {"articleBody": text}}}`, the format
//! `score_extraction.py` reads) and a timing file.
//!
//! ```text
//! claimwatch-extraction-peers HTML_DIR OUT_DIR [--repeat N] [--system NAME]...
//! ```
//!
//! Pages (`<id>.html` or `<id>.html.gz`) are read and decoded before timing starts; only the
//! extractor call is timed. Every system sees the same `&str`.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The systems this harness knows, by the names the report uses.
const SYSTEMS: &[&str] = &["trafilatura-rs", "rs-trafilatura", "dom_smoothie"];

fn run_one(system: &str, html: &str) -> String {
    match system {
        "trafilatura-rs" => trafilatura::extract(html, &trafilatura::Options::default())
            .map(|r| r.content_text)
            .unwrap_or_default(),
        "rs-trafilatura" => rs_trafilatura::extract(html)
            .map(|r| r.content_text)
            .unwrap_or_default(),
        "dom_smoothie" => {
            let cfg = dom_smoothie::Config {
                text_mode: dom_smoothie::TextMode::Formatted,
                ..Default::default()
            };
            dom_smoothie::Readability::new(html, None, Some(cfg))
                .and_then(|mut r| r.parse())
                .map(|a| a.text_content.to_string())
                .unwrap_or_default()
        }
        other => panic!("unknown system {other}"),
    }
}

fn version_of(system: &str) -> &'static str {
    match system {
        "trafilatura-rs" => "trafilatura 0.6",
        "rs-trafilatura" => "rs-trafilatura 0.2",
        "dom_smoothie" => "dom_smoothie 0.19",
        _ => "",
    }
}

fn load_pages(dir: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let (id, gz) = if let Some(id) = name.strip_suffix(".html.gz") {
            (id.to_string(), true)
        } else if let Some(id) = name.strip_suffix(".html") {
            (id.to_string(), false)
        } else {
            continue;
        };
        let raw = fs::read(&path).expect("readable page");
        let bytes = if gz {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&raw[..])
                .read_to_end(&mut out)
                .expect("valid gzip");
            out
        } else {
            raw
        };
        pages.push((id, String::from_utf8_lossy(&bytes).into_owned()));
    }
    pages
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut repeat = 1usize;
    let mut systems: Vec<String> = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            "--system" => systems.push(args.next().expect("--system NAME")),
            _ => positional.push(a),
        }
    }
    let [html_dir, out_dir] = positional.as_slice() else {
        eprintln!("usage: claimwatch-extraction-peers HTML_DIR OUT_DIR [--repeat N] [--system NAME]...");
        std::process::exit(2);
    };
    if systems.is_empty() {
        systems = SYSTEMS.iter().map(|s| s.to_string()).collect();
    }
    let pages = load_pages(Path::new(html_dir));
    fs::create_dir_all(out_dir).expect("output folder");
    for system in &systems {
        let mut output = serde_json::Map::new();
        let mut runs = Vec::new();
        for rep in 0..repeat.max(1) {
            let mut total = 0.0f64;
            for (id, html) in &pages {
                let t0 = Instant::now();
                let text = run_one(system, html);
                total += t0.elapsed().as_secs_f64();
                if rep == 0 {
                    output.insert(
                        id.clone(),
                        serde_json::json!({ "articleBody": text }),
                    );
                }
            }
            runs.push(total);
        }
        let best = runs.iter().cloned().fold(f64::INFINITY, f64::min);
        let pages_per_s = pages.len() as f64 / best;
        eprintln!(
            "{system}: {} pages, best of {} runs {best:.3}s = {pages_per_s:.1} pages/s",
            pages.len(),
            runs.len()
        );
        let pred = serde_json::json!({ "version": version_of(system), "output": output });
        fs::write(
            Path::new(out_dir).join(format!("{system}.json")),
            serde_json::to_string(&pred).unwrap(),
        )
        .expect("write predictions");
        let timing = serde_json::json!({
            "system": system,
            "pages": pages.len(),
            "run_seconds": runs,
            "pages_per_s_best": pages_per_s,
        });
        fs::write(
            Path::new(out_dir).join(format!("{system}.timing.json")),
            serde_json::to_string_pretty(&timing).unwrap(),
        )
        .expect("write timing");
    }
}
