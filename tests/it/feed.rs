//! The feed source over HTTP against a local server on 127.0.0.1: each item's page is fetched
//! and published; a restarted fetcher rebuilds its state from the compacted topic and does not
//! republish.

use std::collections::HashSet;
use std::time::Duration;

use axum::http::header;
use axum::routing::get;
use axum::Router;
use claimwatch_fetcher::{Config, SourceKind, SourceSpec};
use claimwatch_model::{topics, RawArticle};
use claimwatch_schema::Codec;
use claimwatch_telemetry::Shutdown;

use crate::harness::*;

const PAGE_A: &str = "<html><head><title>A</title></head><body><article><p>North Korean workers reached Russia, an official said.</p></article></body></html>";
const PAGE_B: &str = "<html><head><title>B</title></head><body><article><p>Quiet day at the port.</p></article></body></html>";

async fn serve() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let feed = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local wire</title><link>http://127.0.0.1:{port}/</link><description>test</description>
<item><title>A</title><link>http://127.0.0.1:{port}/a?utm_source=rss#top</link><guid>a</guid></item>
<item><title>B</title><link>/b</link><guid>b</guid></item>
<item><title>C</title><link>ftp://127.0.0.1/c</link><guid>c</guid></item>
</channel></rss>"#
    );
    let app = Router::new()
        .route(
            "/feed.xml",
            get(move || {
                let f = feed.clone();
                async move { ([(header::CONTENT_TYPE, "application/rss+xml")], f) }
            }),
        )
        .route(
            "/a",
            get(|| async { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE_A) }),
        )
        .route(
            "/b",
            get(|| async { ([(header::CONTENT_TYPE, "text/html")], PAGE_B) }),
        );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    port
}

#[test]
fn feed_items_are_fetched_published_and_not_republished_after_restart() {
    ensure_topics();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let port = rt.block_on(serve());
    let spec = SourceSpec {
        id: "it-feed".into(),
        kind: SourceKind::Feed {
            url: format!("http://127.0.0.1:{port}/feed.xml"),
            fetch_pages: true,
            rate_per_sec: None,
        },
        interval_secs: 60,
        language: Some("en".into()),
        tags: vec![],
    };
    let prefix = format!("http://127.0.0.1:{port}/");
    let codec = Codec::<RawArticle>::new().unwrap();
    let mine = || -> Vec<RawArticle> {
        read_all(topics::ARTICLES_RAW)
            .into_iter()
            .filter_map(|r| codec.decode(r.payload.as_deref()?).ok())
            .filter(|a| a.canonical_url.starts_with(&prefix))
            .collect()
    };

    // The SSRF guard refuses loopback unless the configuration allows it.
    let config = || {
        let mut c = Config::for_sources(kafka(), vec![spec.clone()]);
        c.http = c.http.clone().allow(&["127.0.0.0/8"]).unwrap();
        c
    };
    rt.block_on(claimwatch_fetcher::run(config(), Shutdown::new()))
        .unwrap();
    let first = mine();
    let urls: HashSet<&str> = first.iter().map(|a| a.canonical_url.as_str()).collect();
    assert_eq!(
        urls,
        HashSet::from([format!("{prefix}a").as_str(), format!("{prefix}b").as_str()]),
        "tracking parameters and fragments dropped, relative links resolved, ftp rejected"
    );
    let a = first
        .iter()
        .find(|a| a.canonical_url.ends_with("/a"))
        .unwrap();
    assert_eq!(a.body, PAGE_A.as_bytes());
    assert_eq!(a.http_status, Some(200));
    assert_eq!(a.content_type.as_deref(), Some("text/html"));
    assert_eq!(a.declared_charset.as_deref(), Some("utf-8"));
    assert_eq!(a.language_hint.as_deref(), Some("en"));
    assert_eq!(a.source_id, "it-feed");

    // A new fetcher (fresh process state) rebuilds from the state topic: nothing republished.
    rt.block_on(claimwatch_fetcher::run(config(), Shutdown::new()))
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(mine().len(), 2, "articles were republished after a restart");
}
