//! The fetcher binary against local HTTP sources (feed, sitemap, page) and the real broker:
//! configured through `CLAIMWATCH_FETCHER_*` variables, it publishes each article once, writes
//! source-health events, and a restarted fetcher republishes nothing (state rebuilt from the
//! compacted topic, conditional GETs answered 304).

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use claimwatch_fetcher::testserver::{serve, Reply, Req};
use claimwatch_model::{topics, RawArticle};
use claimwatch_schema::Codec;

use crate::harness::*;

fn page(title: &str) -> Reply {
    Reply::ok(
        "text/html; charset=utf-8",
        format!("<html><head><title>{title}</title></head><body><p>{title}</p></body></html>"),
    )
}

#[test]
fn fetcher_restart_republishes_nothing_and_reports_health() {
    ensure_topics();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let not_modified = Arc::new(AtomicUsize::new(0));
    let nm = not_modified.clone();
    let port = Arc::new(AtomicUsize::new(0));
    let p = port.clone();
    let addr = rt
        .block_on(serve("127.0.0.1:0", move |r: &Req| {
            let base = format!("http://127.0.0.1:{}", p.load(Ordering::SeqCst));
            if r.header("if-none-match") == Some("\"v1\"") {
                nm.fetch_add(1, Ordering::SeqCst);
                return Reply::status(304);
            }
            match r.path.as_str() {
                "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private\n"),
                "/feed.xml" => Reply::ok(
                    "application/atom+xml",
                    format!(r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>f</id>
<entry><title>one</title><link href="{base}/one?utm_campaign=x"/><id>1</id></entry>
<entry><title>private</title><link href="{base}/private/two"/><id>2</id></entry></feed>"#),
                )
                .header("ETag", "\"v1\""),
                "/sitemap.xml" => Reply::ok(
                    "application/xml",
                    format!(r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}/three</loc></url></urlset>"#),
                )
                .header("ETag", "\"v1\""),
                "/statement" => page("statement").header("ETag", "\"v1\""),
                p => page(p),
            }
        }))
        .unwrap();
    port.store(addr.port() as usize, Ordering::SeqCst);
    let dir = temp_dir("fetcher-restart");
    let sources = dir.join("sources.toml");
    std::fs::write(
        &sources,
        format!(
            r#"[[source]]
id = "it-restart-feed"
kind = "feed"
url = "http://{addr}/feed.xml"

[[source]]
id = "it-restart-sitemap"
kind = "sitemap"
url = "http://{addr}/sitemap.xml"

[[source]]
id = "it-restart-page"
kind = "page"
url = "http://{addr}/statement"
rate_per_sec = 5
"#
        ),
    )
    .unwrap();
    let env = vec![
        ("CLAIMWATCH_LOG_FORMAT", "text".to_string()),
        (
            "CLAIMWATCH_FETCHER_SOURCES_FILE",
            sources.display().to_string(),
        ),
        ("CLAIMWATCH_FETCHER_ONCE", "true".to_string()),
        ("CLAIMWATCH_FETCHER_SSRF_ALLOW", "127.0.0.0/8".to_string()),
        ("CLAIMWATCH_FETCHER_HOST_RATE_PER_SEC", "20".to_string()),
    ];
    let prefix = format!("http://{addr}/");
    let codec = Codec::<RawArticle>::new().unwrap();
    let mine = || -> Vec<RawArticle> {
        read_all(topics::ARTICLES_RAW)
            .into_iter()
            .filter_map(|r| codec.decode(r.payload.as_deref()?).ok())
            .filter(|a| a.canonical_url.starts_with(&prefix))
            .collect()
    };
    let run = |_tag: &str| {
        let mut svc = Service::start("claimwatch-fetcher", &[], &env, &dir);
        let status = svc
            .wait_exit(Duration::from_secs(90))
            .expect("fetcher exits in once mode");
        assert!(status.success(), "fetcher failed: {}", svc.log_text());
    };

    run("first");
    let first = mine();
    let urls: HashSet<String> = first.iter().map(|a| a.canonical_url.clone()).collect();
    assert_eq!(
        urls,
        HashSet::from([
            format!("{prefix}one"),
            format!("{prefix}three"),
            format!("{prefix}statement"),
        ]),
        "robots.txt keeps /private out; tracking parameters dropped"
    );
    assert_eq!(first.len(), 3);

    // A second fetcher process: the state topic says all is published, and the feed,
    // sitemap and page answer 304 to the validators it kept.
    run("second");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(mine().len(), 3, "nothing republished after a restart");
    assert_eq!(
        not_modified.load(Ordering::SeqCst),
        3,
        "feed, sitemap and page were conditional"
    );

    // Source-health events: JSON, key = source id, one per attempt.
    let events: Vec<serde_json::Value> = read_all(topics::FETCHER_EVENTS)
        .into_iter()
        .filter(|r| {
            r.key
                .as_deref()
                .is_some_and(|k| k.starts_with(b"it-restart-"))
        })
        .filter_map(|r| serde_json::from_slice(r.payload.as_deref()?).ok())
        .collect();
    assert!(events.len() >= 6, "{} events", events.len());
    let e = &events[0];
    for field in [
        "source_id",
        "status_class",
        "outcome",
        "duration_ms",
        "timestamp_ms",
    ] {
        assert!(e.get(field).is_some(), "event lacks {field}: {e}");
    }
    assert!(events.iter().any(|e| e["outcome"] == "not_modified"));
    assert!(events.iter().any(|e| e["outcome"] == "blocked_robots"));
    let _ = std::fs::remove_dir_all(&dir);
}
