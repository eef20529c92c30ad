//! No document can stall a source: with the largest Kafka record set to 1 MiB, a 1.5 MB page
//! in the middle of a feed and a 1.5 MB file in the middle of a folder are counted as
//! `too_large` (metric and health event) and everything after them is published; `--once`
//! still succeeds. A source whose poll fails makes `--once` exit non-zero, and a topic that
//! accepts smaller records than the setting stops the fetcher at start.

use std::time::Duration;

use axum::http::header;
use axum::routing::get;
use axum::Router;
use claimwatch_fetcher::{Config, SourceKind, SourceSpec};
use claimwatch_model::{topics, RawArticle};
use claimwatch_schema::Codec;
use claimwatch_telemetry::Shutdown;

use crate::harness::*;

const MIB: usize = 1024 * 1024;
const ITEMS: usize = 22;
const BIG: usize = 2; // the item (and the file) that is too large

fn page(i: usize, tag: &str) -> String {
    format!(
        "<html><head><title>Item {i}</title></head><body><article><p>Harbour report {i} of run \
         {tag}: cranes idle, an inspector said.</p></article></body></html>"
    )
}

fn big_page() -> String {
    let para =
        "<p>The dock logs list every crate, every ship and every hour of the night shift.</p>";
    let mut s = String::from("<html><body><article>");
    while s.len() < 3 * MIB / 2 {
        s.push_str(para);
    }
    s.push_str("</article></body></html>");
    s
}

async fn serve(tag: String) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let items: String = (0..ITEMS)
        .map(|i| {
            format!("<item><title>Item {i}</title><link>http://127.0.0.1:{port}/p/{i}</link><guid>{tag}-{i}</guid></item>")
        })
        .collect();
    let feed = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title><link>http://127.0.0.1:{port}/</link><description>t</description>{items}</channel></rss>"#
    );
    let big = big_page();
    let app = Router::new()
        .route(
            "/feed.xml",
            get(move || {
                let f = feed.clone();
                async move { ([(header::CONTENT_TYPE, "application/rss+xml")], f) }
            }),
        )
        .route(
            "/p/{i}",
            get(move |axum::extract::Path(i): axum::extract::Path<usize>| {
                let body = if i == BIG { big.clone() } else { page(i, &tag) };
                async move { ([(header::CONTENT_TYPE, "text/html")], body) }
            }),
        );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    port
}

#[test]
fn a_too_large_document_is_counted_and_the_poll_goes_on() {
    ensure_topics();
    let work = temp_dir("too-large");
    let tag = work.file_name().unwrap().to_string_lossy().to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let port = rt.block_on(serve(tag.clone()));

    let folder = work.join("docs");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..ITEMS {
        let body = if i == BIG { big_page() } else { page(i, &tag) };
        std::fs::write(folder.join(format!("d{i:03}.html")), body).unwrap();
    }
    let feed_id = format!("it-big-feed-{}", std::process::id());
    let specs = vec![
        SourceSpec {
            id: feed_id.clone(),
            kind: SourceKind::Feed {
                url: format!("http://127.0.0.1:{port}/feed.xml"),
                fetch_pages: true,
                rate_per_sec: Some(1000.0),
            },
            interval_secs: 60,
            language: None,
            tags: vec![],
        },
        SourceSpec {
            id: format!("it-big-dir-{}", std::process::id()),
            kind: SourceKind::Dir {
                path: folder.clone(),
            },
            interval_secs: 60,
            language: None,
            tags: vec![],
        },
    ];
    let mut settings = kafka();
    settings.max_message_bytes = MIB;
    let mut config = Config::for_sources(settings, specs);
    config.http = config.http.clone().allow(&["127.0.0.0/8"]).unwrap();
    assert!(
        config.http.max_body_bytes < MIB,
        "the body limit follows the message size"
    );
    let started = std::time::Instant::now();
    rt.block_on(claimwatch_fetcher::run(config, Shutdown::new()))
        .expect("a too-large document does not fail the poll");
    eprintln!(
        "both sources polled in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let codec = Codec::<RawArticle>::new().unwrap();
    let feed_prefix = format!("http://127.0.0.1:{port}/p/");
    let dir_prefix = file_url(&folder);
    let published: Vec<RawArticle> = read_all(topics::ARTICLES_RAW)
        .into_iter()
        .filter_map(|r| codec.decode(r.payload.as_deref()?).ok())
        .filter(|a| {
            a.canonical_url.starts_with(&feed_prefix) || a.canonical_url.starts_with(&dir_prefix)
        })
        .collect();
    let from_feed = published
        .iter()
        .filter(|a| a.canonical_url.starts_with(&feed_prefix))
        .count();
    assert_eq!(from_feed, ITEMS - 1, "every feed item but the big one");
    assert_eq!(
        published.len(),
        2 * (ITEMS - 1),
        "every file but the big one"
    );
    assert!(published.iter().all(|a| a.body.len() < MIB));

    // Health events: the feed's too-large page is reported for its source.
    let events: Vec<serde_json::Value> = read_all(topics::FETCHER_EVENTS)
        .into_iter()
        .filter_map(|r| serde_json::from_slice(r.payload.as_deref()?).ok())
        .filter(|e: &serde_json::Value| e["source_id"] == feed_id.as_str())
        .collect();
    assert!(
        events.iter().any(|e| e["outcome"] == "too_large"),
        "no too_large health event: {events:?}"
    );
}

#[test]
fn once_exits_non_zero_when_a_source_fails() {
    ensure_topics();
    let work = temp_dir("once-fail");
    let good = work.join("good");
    std::fs::create_dir_all(&good).unwrap();
    std::fs::write(good.join("a.html"), page(1, "once-fail")).unwrap();
    let sources = work.join("sources.toml");
    std::fs::write(
        &sources,
        format!(
            "[[source]]\nid = \"it-once-good\"\nkind = \"dir\"\npath = \"{}\"\n\n\
             [[source]]\nid = \"it-once-gone\"\nkind = \"dir\"\npath = \"{}\"\n",
            good.display(),
            work.join("no-such-folder").display()
        ),
    )
    .unwrap();
    let mut fetcher = fetcher_once(&sources, &work);
    let status = fetcher
        .wait_exit(Duration::from_secs(60))
        .unwrap_or_else(|| panic!("fetcher --once did not exit\n{}", fetcher.log_text()));
    assert!(
        !status.success(),
        "a failed source must fail --once\n{}",
        fetcher.log_text()
    );
    assert!(
        fetcher.log_text().contains("it-once-gone"),
        "the failed source is named\n{}",
        fetcher.log_text()
    );
}

#[test]
fn a_topic_with_a_smaller_record_limit_stops_the_fetcher_at_start() {
    ensure_topics();
    let work = temp_dir("max-check");
    let sources = dir_sources_file(&work, "it-max-check", &work, 60);
    // The test broker's topics accept 8 MiB; ask for more.
    let mut fetcher = Service::start(
        "claimwatch-fetcher",
        &[],
        &[
            (
                "CLAIMWATCH_FETCHER_SOURCES_FILE",
                sources.display().to_string(),
            ),
            ("CLAIMWATCH_FETCHER_ONCE", "true".into()),
            ("CLAIMWATCH_MAX_MESSAGE_BYTES", (16 * MIB).to_string()),
        ],
        &work,
    );
    let status = fetcher
        .wait_exit(Duration::from_secs(60))
        .unwrap_or_else(|| panic!("fetcher did not exit\n{}", fetcher.log_text()));
    let log = fetcher.log_text();
    assert!(!status.success(), "{log}");
    assert!(
        log.contains("max.message.bytes") && log.contains("CLAIMWATCH_MAX_MESSAGE_BYTES"),
        "{log}"
    );
}
