//! The hot path of claimwatch-extract: HTML → main text and metadata.
//!
//! Always runs on a synthetic news page written here (navigation, a long article, related
//! links, comments, scripts). When `CLAIMWATCH_EXTRACTION_CORPUS` names a folder with
//! `html/<id>.html[.gz]` pages (bench/extraction/bench.sh sets it), the whole page set is
//! benchmarked too, as one batch: with an empty dictionary (main text and metadata) and with
//! the shipped one (claims too).

use std::io::Read;
use std::path::Path;

use claimwatch_extract::{extract, Document, EntityDictionary};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn synthetic_page() -> String {
    let mut html = String::from(
        "<!doctype html><html lang=en><head><title>Council approves budget | The Example Times</title>\
         <meta property=\"article:published_time\" content=\"2026-05-17T08:00:00Z\">\
         <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":{\"name\":\"Jane Doe\"}}</script>\
         <script>var tracking = {a: 1, b: '<div>'};</script><style>p { margin: 0 }</style></head><body>\
         <header><nav><ul>",
    );
    for i in 0..40 {
        html.push_str(&format!(
            "<li><a href=\"/section/{i}\">Section {i}</a></li>"
        ));
    }
    html.push_str("</ul></nav></header><main><article><h1>Council approves budget</h1><div class=\"article-body\">");
    for i in 0..40 {
        html.push_str(&format!(
            "<p class=\"para\">Paragraph {i}: the council met on Tuesday evening and, after a long \
             debate about schools, roads and the harbour, voted to approve the budget for the \
             coming year, <a href=\"/x\">officials said</a>.</p>"
        ));
        if i % 8 == 0 {
            html.push_str("<div class=\"ad-slot\"><p>Advertisement</p></div><figure><img src=x><figcaption>A photo</figcaption></figure>");
        }
    }
    html.push_str("</div><aside class=\"related\"><ul>");
    for i in 0..20 {
        html.push_str(&format!(
            "<li><a href=\"/story/{i}\">Another story number {i}</a></li>"
        ));
    }
    html.push_str("</ul></aside><section id=\"comments\">");
    for i in 0..30 {
        html.push_str(&format!("<div class=\"comment\"><p>Reader comment {i}, which goes on for a while about the budget.</p></div>"));
    }
    html.push_str(
        "</section></article></main><footer><p>© 2026 The Example Times</p></footer></body></html>",
    );
    html
}

fn corpus_pages() -> Vec<Vec<u8>> {
    let Ok(dir) = std::env::var("CLAIMWATCH_EXTRACTION_CORPUS") else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(Path::new(&dir).join("html")) else {
        return Vec::new();
    };
    let mut pages = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let name = path.to_string_lossy().to_string();
        let Ok(raw) = std::fs::read(&path) else {
            continue;
        };
        if name.ends_with(".html.gz") {
            let mut out = Vec::new();
            if flate2::read::GzDecoder::new(&raw[..])
                .read_to_end(&mut out)
                .is_ok()
            {
                pages.push(out);
            }
        } else if name.ends_with(".html") {
            pages.push(raw);
        }
    }
    pages
}

fn bench(c: &mut Criterion) {
    let dict = EntityDictionary::from_toml("version = \"bench\"\n").expect("empty dictionary");
    let page = synthetic_page();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("synthetic_news_page", |b| {
        b.iter(|| {
            let doc = Document {
                body: page.as_bytes(),
                content_type: Some("text/html"),
                url: "https://news.example/2026/05/17/budget",
                ..Document::default()
            };
            extract(&doc, &dict).expect("main text")
        })
    });
    let pages = corpus_pages();
    if !pages.is_empty() {
        let bytes: usize = pages.iter().map(Vec::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(10);
        // With an empty dictionary extract() does no claims analysis; with the shipped one it
        // also splits sentences and analyses attribution on pages that mention an entity.
        let shipped = EntityDictionary::builtin().expect("shipped dictionary");
        for (name, dict) in [
            ("corpus_all_pages", &dict),
            ("corpus_all_pages_with_claims", &shipped),
        ] {
            group.bench_function(name, |b| {
                b.iter(|| {
                    for p in &pages {
                        let doc = Document {
                            body: p,
                            content_type: Some("text/html"),
                            ..Document::default()
                        };
                        let _ = extract(&doc, dict);
                    }
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
