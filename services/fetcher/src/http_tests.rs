//! The fetch path against local servers on 127.0.0.x, without Kafka ([`Output::Memory`]).
//! Every test is bounded: small timeouts, bounded loops, no unbounded waits.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::{Config, HttpSettings, SourceKind, SourceSpec};
use crate::http::{Fetched, Outcome, Request};
use crate::state::State;
use crate::testserver::{serve, Reply, Req};
use crate::{schedule, Ctx, Output};
use claimwatch_kafka::KafkaSettings;
use claimwatch_telemetry::Shutdown;

fn settings() -> HttpSettings {
    let mut s = HttpSettings::defaults().allow(&["127.0.0.0/8"]).unwrap();
    s.host_rate_per_sec = 100.0;
    s.timeout = Duration::from_secs(5);
    s.retry_base = Duration::from_millis(20);
    s
}

fn config(sources: Vec<SourceSpec>, http: HttpSettings) -> Config {
    let mut c = Config::for_sources(KafkaSettings::new("127.0.0.1:1"), sources);
    c.http = http;
    c
}

fn feed(id: &str, url: String, fetch_pages: bool) -> SourceSpec {
    SourceSpec {
        id: id.into(),
        kind: SourceKind::Feed {
            url,
            fetch_pages,
            rate_per_sec: None,
        },
        interval_secs: 60,
        language: None,
        tags: vec![],
    }
}

/// Poll every source once on a fresh context (or the given one) and return it.
async fn once(config: Config, ctx: Option<Arc<Ctx>>) -> Arc<Ctx> {
    let ctx = ctx.unwrap_or_else(|| {
        Arc::new(Ctx::new(&config, State::default(), Output::memory(), None).unwrap())
    });
    let run = schedule(Arc::new(config), ctx.clone(), Shutdown::new());
    tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .expect("poll finished in time");
    ctx
}

fn urls(ctx: &Ctx) -> Vec<String> {
    let mut u: Vec<String> = ctx
        .articles()
        .iter()
        .map(|a| a.canonical_url.clone())
        .collect();
    u.sort();
    u
}

/// A context with default settings and in-memory output, for one-off requests.
fn memory_ctx() -> Ctx {
    Ctx::new(
        &config(vec![], settings()),
        State::default(),
        Output::memory(),
        None,
    )
    .unwrap()
}

/// GET `url` through the context's HTTP client, as source `t`, without validators.
async fn get(ctx: &Ctx, url: &str) -> Result<Fetched, crate::http::FetchError> {
    ctx.http
        .get(Request {
            url,
            source: "t",
            validators: None,
            rate_per_sec: None,
        })
        .await
}

/// A server on 127.0.0.1 with no robots.txt (404) that answers every other request with `f`.
async fn serve_without_robots<F>(f: F) -> std::io::Result<std::net::SocketAddr>
where
    F: Fn(&Req) -> Reply + Send + Sync + 'static,
{
    serve("127.0.0.1:0", move |r: &Req| {
        if r.path == "/robots.txt" {
            return Reply::status(404);
        }
        f(r)
    })
    .await
}

fn page(title: &str) -> Reply {
    Reply::ok(
        "text/html; charset=utf-8",
        format!("<html><head><title>{title}</title></head><body><p>{title}</p></body></html>"),
    )
}

#[tokio::test]
async fn feeds_of_every_kind_are_read() {
    let port = Arc::new(AtomicUsize::new(0));
    let p = port.clone();
    let addr = serve("127.0.0.1:0", move |r: &Req| {
        let base = format!("http://127.0.0.1:{}", p.load(Ordering::SeqCst));
        let xml = |body: String| Reply::ok("application/xml", body);
        match r.path.as_str() {
            "/rss091" => xml(format!(r#"<rss version="0.91"><channel><title>t</title><link>{base}/</link><description>d</description><item><title>a</title><link>{base}/p/rss091</link></item></channel></rss>"#)),
            "/rss092" => xml(format!(r#"<rss version="0.92"><channel><title>t</title><item><title>a</title><link>{base}/p/rss092</link></item></channel></rss>"#)),
            "/rss1" => xml(format!(r#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="{base}/"><title>t</title><link>{base}/</link></channel><item rdf:about="{base}/p/rss1"><title>a</title><link>{base}/p/rss1</link></item></rdf:RDF>"#)),
            "/rss2" => xml(r#"<rss version="2.0"><channel><title>t</title><item><title>a</title><link>/p/rss2?utm_source=feed</link></item></channel></rss>"#.to_string()),
            "/atom03" => xml(format!(r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title><entry><title>a</title><link rel="alternate" type="text/html" href="{base}/p/atom03"/><id>x</id></entry></feed>"#)),
            "/atom1" => xml(format!(r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>f</id><entry><title>a</title><link href="{base}/p/atom1"/><id>e</id></entry></feed>"#)),
            "/json" => Reply::ok("application/feed+json", format!(r#"{{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{{"id":"1","url":"{base}/p/json"}}]}}"#)),
            p if p.starts_with("/p/") => page(p),
            _ => Reply::status(404),
        }
    })
    .await
    .unwrap();
    port.store(addr.port() as usize, Ordering::SeqCst);
    let kinds = [
        "rss091", "rss092", "rss1", "rss2", "atom03", "atom1", "json",
    ];
    let sources = kinds
        .iter()
        .map(|k| feed(k, format!("http://{addr}/{k}"), true))
        .collect();
    let ctx = once(config(sources, settings()), None).await;
    let expected: Vec<String> = {
        let mut v: Vec<String> = kinds
            .iter()
            .map(|k| format!("http://{addr}/p/{k}"))
            .collect();
        v.sort();
        v
    };
    assert_eq!(urls(&ctx), expected);
    let a = ctx
        .articles()
        .into_iter()
        .find(|a| a.canonical_url.ends_with("/json"))
        .unwrap();
    assert_eq!(a.http_status, Some(200));
    assert_eq!(a.content_type.as_deref(), Some("text/html"));
    assert_eq!(a.declared_charset.as_deref(), Some("utf-8"));
    assert!(String::from_utf8(a.body).unwrap().contains("/p/json"));
}

#[tokio::test]
async fn not_modified_is_cheap_and_pages_republish_only_on_change() {
    let hits = Arc::new(Mutex::new(
        Vec::<(String, Option<String>, Option<String>)>::new(),
    ));
    let version = Arc::new(AtomicUsize::new(1));
    let (h, v) = (hits.clone(), version.clone());
    let addr = serve("127.0.0.1:0", move |r: &Req| {
        h.lock().unwrap().push((
            r.path.clone(),
            r.header("if-none-match").map(str::to_string),
            r.header("if-modified-since").map(str::to_string),
        ));
        match r.path.as_str() {
            "/feed" => {
                if r.header("if-none-match") == Some("\"f1\"") {
                    return Reply::status(304);
                }
                Reply::ok("application/rss+xml", "<rss version=\"2.0\"><channel><title>t</title><item><link>/a</link></item></channel></rss>")
                    .header("ETag", "\"f1\"")
            }
            "/a" => page("a"),
            "/statement" => {
                let n = v.load(Ordering::SeqCst);
                let lm = format!("Mon, 0{n} Jan 2024 00:00:00 GMT");
                if r.header("if-modified-since") == Some(lm.as_str()) {
                    return Reply::status(304);
                }
                page(&format!("statement v{n}")).header("Last-Modified", &lm)
            }
            _ => Reply::status(404),
        }
    })
    .await
    .unwrap();
    let sources = vec![
        feed("f", format!("http://{addr}/feed"), true),
        SourceSpec {
            id: "pg".into(),
            kind: SourceKind::Page {
                url: format!("http://{addr}/statement"),
                rate_per_sec: None,
            },
            interval_secs: 60,
            language: None,
            tags: vec![],
        },
    ];
    let cfg = config(sources, settings());
    let ctx = once(cfg.clone(), None).await;
    assert_eq!(ctx.articles().len(), 2);
    assert_eq!(ctx.http.stats.get(Outcome::NotModified), 0);
    // Second poll: both answer 304.
    let ctx = once(cfg.clone(), Some(ctx)).await;
    assert_eq!(ctx.articles().len(), 2);
    assert_eq!(ctx.http.stats.get(Outcome::NotModified), 2);
    let seen = hits.lock().unwrap().clone();
    assert!(seen
        .iter()
        .any(|(p, e, _)| p == "/feed" && e.as_deref() == Some("\"f1\"")));
    assert!(seen
        .iter()
        .any(|(p, _, m)| p == "/statement" && m.is_some()));
    // The page changes: republished once, under the same article id.
    version.store(2, Ordering::SeqCst);
    let ctx = once(cfg, Some(ctx)).await;
    let arts = ctx.articles();
    assert_eq!(arts.len(), 3);
    assert_eq!(
        arts[2].article_id,
        arts.iter()
            .find(|a| a.canonical_url.ends_with("/statement"))
            .unwrap()
            .article_id
    );
    assert!(String::from_utf8_lossy(&arts[2].body).contains("statement v2"));
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let addr = serve_without_robots(move |_: &Req| {
        if c.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::status(429).header("Retry-After", "1")
        } else {
            page("late")
        }
    })
    .await
    .unwrap();
    let ctx = memory_ctx();
    let started = Instant::now();
    let url = format!("http://{addr}/x");
    let got = get(&ctx, &url).await.unwrap();
    assert!(matches!(got, Fetched::Ok(_)));
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After honoured"
    );
    assert_eq!(ctx.http.stats.retries.load(Ordering::Relaxed), 1);
    assert_eq!(ctx.http.stats.get(Outcome::Http4xx), 1);

    // A Retry-After beyond the limit ends the request at once, counted.
    let far = serve_without_robots(|_: &Req| Reply::status(503).header("Retry-After", "3600"))
        .await
        .unwrap();
    let url = format!("http://{far}/x");
    let started = Instant::now();
    let err = get(&ctx, &url).await.unwrap_err();
    assert_eq!(err.outcome, Outcome::Http5xx);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn server_errors_are_retried_with_backoff() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let addr = serve_without_robots(move |_: &Req| {
        if c.fetch_add(1, Ordering::SeqCst) < 2 {
            Reply::status(502)
        } else {
            page("ok")
        }
    })
    .await
    .unwrap();
    let ctx = memory_ctx();
    let url = format!("http://{addr}/x");
    let got = get(&ctx, &url).await;
    assert!(got.is_ok());
    assert_eq!(ctx.http.stats.get(Outcome::Http5xx), 2);
    // With retries exhausted the error is returned.
    calls.store(0, Ordering::SeqCst);
    let mut s = settings();
    s.retries = 1;
    let ctx = Ctx::new(&config(vec![], s), State::default(), Output::memory(), None).unwrap();
    let err = get(&ctx, &url).await.unwrap_err();
    assert_eq!(err.outcome, Outcome::Http5xx);
    // Connection refused: an error, retried, then given up.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let url = format!("http://{closed}/x");
    let err = get(&ctx, &url).await.unwrap_err();
    assert_eq!(err.outcome, Outcome::Error);
}

#[tokio::test]
async fn redirects_are_followed_and_each_hop_is_guarded() {
    let port = Arc::new(AtomicUsize::new(0));
    let p = port.clone();
    let addr = serve("127.0.0.1:0", move |r: &Req| {
        let port = p.load(Ordering::SeqCst);
        match r.path.as_str() {
            "/r1" => Reply::redirect(302, "/r2"),
            "/r2" => Reply::redirect(301, "/final"),
            "/final" => page("final"),
            "/to-loopback" => Reply::redirect(302, &format!("http://127.0.0.1:{port}/final")),
            "/to-mapped" => {
                Reply::redirect(307, &format!("http://[::ffff:127.0.0.1]:{port}/final"))
            }
            "/to-metadata" => Reply::redirect(302, "http://169.254.169.254/latest/meta-data/"),
            "/to-ftp" => Reply::redirect(302, "ftp://127.0.0.1/x"),
            "/loop" => Reply::redirect(302, "/loop"),
            _ => Reply::status(404),
        }
    })
    .await
    .unwrap();
    port.store(addr.port() as usize, Ordering::SeqCst);
    let get = |ctx: Arc<Ctx>, url: String| async move { get(&ctx, &url).await };
    // With 127.0.0.0/8 allowed, a chain of redirects ends at the final page.
    let open = Arc::new(memory_ctx());
    match get(open.clone(), format!("http://{addr}/r1"))
        .await
        .unwrap()
    {
        Fetched::Ok(r) => assert_eq!(r.final_url, format!("http://{addr}/final")),
        other => panic!("{other:?}"),
    }
    let err = get(open.clone(), format!("http://{addr}/loop"))
        .await
        .unwrap_err();
    assert_eq!(err.outcome, Outcome::Error, "{err}");
    let err = get(open.clone(), format!("http://{addr}/to-ftp"))
        .await
        .unwrap_err();
    assert_eq!(err.outcome, Outcome::RejectedScheme);
    let err = get(open, format!("http://{addr}/to-metadata"))
        .await
        .unwrap_err();
    assert_eq!(
        err.outcome,
        Outcome::BlockedSsrf,
        "allowing loopback does not allow link-local"
    );

    // Only the name `localhost` is trusted: a redirect to 127.0.0.1 is refused, also when
    // spelled as an IPv4-mapped IPv6 address.
    let mut s = HttpSettings::defaults().allow(&["localhost"]).unwrap();
    s.retries = 0;
    let named =
        Arc::new(Ctx::new(&config(vec![], s), State::default(), Output::memory(), None).unwrap());
    let port = addr.port();
    let ok = get(named.clone(), format!("http://localhost:{port}/final")).await;
    assert!(ok.is_ok(), "{ok:?}");
    for path in ["to-loopback", "to-mapped"] {
        let err = get(named.clone(), format!("http://localhost:{port}/{path}"))
            .await
            .unwrap_err();
        assert_eq!(err.outcome, Outcome::BlockedSsrf, "{path}: {err}");
    }

    // Guard on, nothing allowed: a name that resolves to loopback is refused by the resolver,
    // before any connection, and so is a literal address.
    let mut s = HttpSettings::defaults();
    s.retries = 0;
    let strict =
        Arc::new(Ctx::new(&config(vec![], s), State::default(), Output::memory(), None).unwrap());
    for url in [
        format!("http://localhost:{port}/final"),
        format!("http://{addr}/final"),
    ] {
        let err = get(strict.clone(), url.clone()).await.unwrap_err();
        assert_eq!(err.outcome, Outcome::BlockedSsrf, "{url}: {err}");
    }
    assert_eq!(strict.http.stats.get(Outcome::Ok), 0);
}

#[tokio::test]
async fn a_feed_on_loopback_fails_without_the_allow_list() {
    let addr = serve("127.0.0.1:0", |_r: &Req| page("x")).await.unwrap();
    let mut s = HttpSettings::defaults();
    s.retries = 0;
    let ctx = once(
        config(vec![feed("f", format!("http://{addr}/feed"), true)], s),
        None,
    )
    .await;
    assert!(ctx.articles().is_empty());
    assert_eq!(ctx.http.stats.get(Outcome::BlockedSsrf), 1);
}

#[tokio::test]
async fn gzip_bombs_and_oversized_bodies_are_rejected() {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..32 {
        e.write_all(&zeros).unwrap();
    }
    let bomb = e.finish().unwrap();
    assert!(bomb.len() < 100_000);
    let mut small = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    small.write_all(b"<html><body>fine</body></html>").unwrap();
    let small = small.finish().unwrap();
    let addr = serve("127.0.0.1:0", move |r: &Req| match r.path.as_str() {
        "/bomb" => Reply::ok("text/html", bomb.clone()).header("Content-Encoding", "gzip"),
        "/gz" => Reply::ok("text/html", small.clone()).header("Content-Encoding", "gzip"),
        "/big" => Reply::ok("text/html", vec![b'a'; 3 << 20]),
        "/lying" => Reply::ok("text/html", vec![b'a'; 100]).header("Content-Length", "99999999"),
        _ => Reply::status(404),
    })
    .await
    .unwrap();
    let mut s = settings();
    s.max_body_bytes = 2 << 20;
    s.max_decompressed_bytes = 4 << 20;
    s.retries = 0;
    let ctx = Ctx::new(&config(vec![], s), State::default(), Output::memory(), None).unwrap();
    let get = |path: &str| {
        let url = format!("http://{addr}{path}");
        let ctx = &ctx;
        async move { get(ctx, &url).await }
    };
    match get("/gz").await.unwrap() {
        Fetched::Ok(r) => assert_eq!(r.body, b"<html><body>fine</body></html>"),
        other => panic!("{other:?}"),
    }
    for path in ["/bomb", "/big", "/lying"] {
        let err = get(path).await.unwrap_err();
        assert_eq!(err.outcome, Outcome::TooLarge, "{path}: {err}");
    }
    assert_eq!(ctx.http.stats.get(Outcome::TooLarge), 3);
}

#[tokio::test]
async fn a_trickling_server_hits_the_total_timeout() {
    let addr = serve_without_robots(|_: &Req| {
        // 2,000 bytes, 20 every 100 ms: 10 s in all, never idle for long.
        Reply::ok("text/html", vec![b'x'; 2000]).trickle(20, Duration::from_millis(100))
    })
    .await
    .unwrap();
    let mut s = settings();
    s.timeout = Duration::from_secs(1);
    s.retries = 0;
    let ctx = Ctx::new(&config(vec![], s), State::default(), Output::memory(), None).unwrap();
    let started = Instant::now();
    let url = format!("http://{addr}/slow");
    let err = get(&ctx, &url).await.unwrap_err();
    assert_eq!(err.outcome, Outcome::Timeout, "{err}");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn wrong_and_missing_charsets_are_read_right() {
    let title = "Рабочие из КНДР прибыли в Россию";
    let rss = |decl: &str| {
        format!("<?xml version=\"1.0\"{decl}?><rss version=\"2.0\"><channel><title>t</title><item><title>{title}</title><link>/a</link><description>{title}, сообщил источник в министерстве</description></item></channel></rss>")
    };
    let cp1251_undeclared = encoding_rs::WINDOWS_1251.encode(&rss("")).0.into_owned();
    let koi8_by_header = encoding_rs::KOI8_R.encode(&rss("")).0.into_owned();
    let wrong_header = encoding_rs::WINDOWS_1251
        .encode(&rss(" encoding=\"windows-1251\""))
        .0
        .into_owned();
    let euc_kr_title = "북한 노동자들이 러시아에 도착했다";
    let euc = encoding_rs::EUC_KR
        .encode(&format!("<?xml version=\"1.0\" encoding=\"euc-kr\"?><rss version=\"2.0\"><channel><title>t</title><item><title>{euc_kr_title}</title><link>/k</link></item></channel></rss>"))
        .0
        .into_owned();
    let addr = serve("127.0.0.1:0", move |r: &Req| match r.path.as_str() {
        "/none" => Reply::ok("text/xml", cp1251_undeclared.clone()),
        "/koi8" => Reply::ok(
            "application/rss+xml; charset=KOI8-R",
            koi8_by_header.clone(),
        ),
        "/wrong" => Reply::ok("application/rss+xml; charset=utf-8", wrong_header.clone()),
        "/euc" => Reply::ok("application/rss+xml", euc.clone()),
        _ => Reply::status(404),
    })
    .await
    .unwrap();
    for (path, expect) in [
        ("none", title),
        ("koi8", title),
        ("wrong", title),
        ("euc", euc_kr_title),
    ] {
        // Without page fetches the item's title is published as UTF-8 HTML.
        let ctx = once(
            config(
                vec![feed(path, format!("http://{addr}/{path}"), false)],
                settings(),
            ),
            None,
        )
        .await;
        let arts = ctx.articles();
        assert_eq!(arts.len(), 1, "{path}");
        let body = String::from_utf8(arts[0].body.clone()).unwrap();
        assert!(body.contains(expect), "{path}: {body}");
    }
}

#[tokio::test]
async fn robots_disallow_and_crawl_delay_are_honoured() {
    let times = Arc::new(Mutex::new(Vec::<(String, Instant)>::new()));
    let t = times.clone();
    let addr = serve("127.0.0.1:0", move |r: &Req| {
        t.lock().unwrap().push((r.path.clone(), Instant::now()));
        match r.path.as_str() {
            "/robots.txt" => Reply::ok(
                "text/plain",
                "User-agent: *\nDisallow: /private\nCrawl-delay: 1\n\nUser-agent: otherbot\nDisallow: /\n",
            ),
            "/feed" => Reply::ok("application/rss+xml", "<rss version=\"2.0\"><channel><title>t</title><item><link>/private/x</link></item><item><link>/p1</link></item><item><link>/p2</link></item></channel></rss>"),
            p => page(p),
        }
    })
    .await
    .unwrap();
    let mut s = settings();
    s.user_agent = "claimwatch/0.1 (+https://example.org)".into();
    let ctx = once(
        config(vec![feed("f", format!("http://{addr}/feed"), true)], s),
        None,
    )
    .await;
    assert_eq!(
        urls(&ctx),
        vec![format!("http://{addr}/p1"), format!("http://{addr}/p2")]
    );
    assert_eq!(ctx.http.stats.get(Outcome::BlockedRobots), 1);
    let times = times.lock().unwrap().clone();
    assert!(!times.iter().any(|(p, _)| p.starts_with("/private")));
    assert_eq!(
        times.iter().filter(|(p, _)| p == "/robots.txt").count(),
        1,
        "robots.txt cached"
    );
    // After robots.txt: /feed, /p1, /p2 at least a Crawl-delay apart.
    let after: Vec<Instant> = times
        .iter()
        .filter(|(p, _)| p != "/robots.txt")
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(after.len(), 3);
    for w in after.windows(2) {
        assert!(
            w[1] - w[0] >= Duration::from_millis(900),
            "crawl-delay kept"
        );
    }
}

#[tokio::test]
async fn a_strict_host_does_not_hold_up_other_hosts() {
    let slow_feed = "<rss version=\"2.0\"><channel><title>t</title><item><link>/1</link></item><item><link>/2</link></item><item><link>/3</link></item><item><link>/4</link></item></channel></rss>";
    let a = serve("127.0.0.1:0", move |r: &Req| match r.path.as_str() {
        "/feed" => Reply::ok("application/rss+xml", slow_feed),
        "/robots.txt" => Reply::status(404),
        p => page(p),
    })
    .await
    .unwrap();
    let b = serve("127.0.0.2:0", |r: &Req| match r.path.as_str() {
        "/feed" => Reply::ok("application/rss+xml", "<rss version=\"2.0\"><channel><title>t</title><item><link>/b</link></item></channel></rss>"),
        "/robots.txt" => Reply::status(404),
        p => page(p),
    })
    .await
    .unwrap();
    let mut s = settings();
    s.host_rate_per_sec = 2.0;
    let started = Instant::now();
    let cfg = config(
        vec![
            feed("a", format!("http://{a}/feed"), true),
            feed("b", format!("http://{b}/feed"), true),
        ],
        s,
    );
    let ctx = Arc::new(Ctx::new(&cfg, State::default(), Output::memory(), None).unwrap());
    let run = tokio::spawn(schedule(Arc::new(cfg), ctx.clone(), Shutdown::new()));
    // Host b's article arrives while host a is still being paced (6 requests at 2/s ≥ 2.5 s).
    let mut b_at = None;
    for _ in 0..300 {
        if ctx
            .articles()
            .iter()
            .any(|x| x.canonical_url.ends_with("/b"))
        {
            b_at = Some(started.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .unwrap()
        .unwrap();
    let total = started.elapsed();
    let b_at = b_at.expect("host b published");
    assert_eq!(ctx.articles().len(), 5);
    assert!(
        total >= Duration::from_millis(2400),
        "host a paced: {total:?}"
    );
    assert!(b_at < total, "b ({b_at:?}) finished before a ({total:?})");
}

#[tokio::test]
async fn canonical_links_dedup_and_aliases_are_not_refetched() {
    let hits = Arc::new(AtomicUsize::new(0));
    let polls = Arc::new(AtomicUsize::new(0));
    let (h, n) = (hits.clone(), polls.clone());
    let addr = serve("127.0.0.1:0", move |r: &Req| match r.path.split('?').next().unwrap_or("") {
        // The title changes per poll, so the feed's bytes are new each time.
        "/feed" => Reply::ok("application/rss+xml", format!("<rss version=\"2.0\"><channel><title>t{}</title><item><link>/story?utm_source=rss</link></item><item><link>/amp/story</link></item><item><link>/other</link></item></channel></rss>", n.fetch_add(1, Ordering::SeqCst))),
        "/amp/story" | "/story" => {
            h.fetch_add(1, Ordering::SeqCst);
            Reply::ok("text/html", "<html><head><link rel=\"canonical\" href=\"/story\"></head><body>same</body></html>")
        }
        "/other" => Reply::ok("text/html", "<html><head><link rel=\"canonical\" href=\"https://elsewhere.example/story\"></head><body>other</body></html>"),
        _ => Reply::status(404),
    })
    .await
    .unwrap();
    let cfg = config(
        vec![feed("f", format!("http://{addr}/feed"), true)],
        settings(),
    );
    let ctx = once(cfg.clone(), None).await;
    // /amp/story declares /story, same bytes: one article. /other's foreign canonical is ignored.
    assert_eq!(
        urls(&ctx),
        vec![
            format!("http://{addr}/other"),
            format!("http://{addr}/story")
        ]
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    // The feed changes (new bytes) but its items are known, aliases included: nothing fetched.
    let ctx = once(cfg, Some(ctx)).await;
    assert_eq!(polls.load(Ordering::SeqCst), 2);
    assert_eq!(ctx.articles().len(), 2);
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn sitemaps_index_news_and_freshness() {
    let now = chrono::Utc::now();
    let fresh = (now - chrono::Duration::hours(2)).to_rfc3339();
    let old = (now - chrono::Duration::days(30)).to_rfc3339();
    let port = Arc::new(AtomicUsize::new(0));
    let p = port.clone();
    let addr = serve("127.0.0.1:0", move |r: &Req| {
        let base = format!("http://127.0.0.1:{}", p.load(Ordering::SeqCst));
        match r.path.as_str() {
            "/sitemap_index.xml" => Reply::ok("application/xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/news.xml</loc><lastmod>{fresh}</lastmod></sitemap>
<sitemap><loc>{base}/archive.xml</loc><lastmod>{old}</lastmod></sitemap>
</sitemapindex>"#)),
            "/news.xml" => Reply::ok("application/xml", format!(r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/new</loc><news:news><news:publication><news:name>X</news:name><news:language>ko</news:language></news:publication><news:publication_date>{fresh}</news:publication_date><news:title>t</news:title></news:news></url>
<url><loc>{base}/stale</loc><news:news><news:publication_date>{old}</news:publication_date></news:news></url>
</urlset>"#)),
            "/archive.xml" => panic!("a stale child sitemap is not fetched"),
            p => page(p),
        }
    })
    .await
    .unwrap();
    port.store(addr.port() as usize, Ordering::SeqCst);
    let spec = SourceSpec {
        id: "sm".into(),
        kind: SourceKind::Sitemap {
            url: format!("http://{addr}/sitemap_index.xml"),
            max_age_secs: 86_400,
            rate_per_sec: None,
        },
        interval_secs: 60,
        language: Some("en".into()),
        tags: vec![],
    };
    let ctx = once(config(vec![spec], settings()), None).await;
    let arts = ctx.articles();
    assert_eq!(urls(&ctx), vec![format!("http://{addr}/new")]);
    assert_eq!(
        arts[0].language_hint.as_deref(),
        Some("ko"),
        "news:language beats the source hint"
    );
}

#[tokio::test]
async fn the_sources_file_is_reloaded_without_restart() {
    let addr = serve("127.0.0.1:0", |r: &Req| match r.path.as_str() {
        "/one" | "/two" => Reply::ok(
            "application/rss+xml",
            format!("<rss version=\"2.0\"><channel><title>t</title><item><link>{}/item</link></item></channel></rss>", r.path),
        ),
        p => page(p),
    })
    .await
    .unwrap();
    let dir = std::env::temp_dir().join(format!("cw-fetcher-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sources.toml");
    let write = |name: &str| {
        std::fs::write(
            &file,
            format!("[[source]]\nid = \"{name}\"\nkind = \"feed\"\nurl = \"http://{addr}/{name}\"\ninterval_secs = 3600\n"),
        )
        .unwrap();
    };
    write("one");
    let mut cfg = config(
        crate::config::parse_sources(&std::fs::read_to_string(&file).unwrap(), &dir).unwrap(),
        settings(),
    );
    cfg.once = false;
    cfg.sources_file = Some(file.clone());
    cfg.reload = Some(Duration::from_millis(100));
    cfg.start_spread = Duration::ZERO;
    let ctx = Arc::new(Ctx::new(&cfg, State::default(), Output::memory(), None).unwrap());
    let shutdown = Shutdown::new();
    let run = tokio::spawn(schedule(Arc::new(cfg), ctx.clone(), shutdown.clone()));
    let wait_for = |suffix: &'static str| {
        let ctx = ctx.clone();
        async move {
            for _ in 0..1000 {
                if ctx
                    .articles()
                    .iter()
                    .any(|a| a.canonical_url.ends_with(suffix))
                {
                    return true;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            false
        }
    };
    assert!(wait_for("/one/item").await, "first source polled");
    // An invalid file keeps the running sources; a valid change starts the new one.
    std::fs::write(&file, "[[source]]\nid = \"bad\"\nkind = \"gopher\"\n").unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    write("two");
    assert!(wait_for("/two/item").await, "reloaded source polled");
    shutdown.trigger();
    tokio::time::timeout(Duration::from_secs(10), run)
        .await
        .unwrap()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_failing_source_backs_off_and_shows_unhealthy() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let addr = serve_without_robots(move |_: &Req| {
        c.fetch_add(1, Ordering::SeqCst);
        Reply::status(500)
    })
    .await
    .unwrap();
    let mut s = settings();
    s.retries = 0;
    let mut spec = feed("it-unhealthy", format!("http://{addr}/feed"), true);
    spec.interval_secs = 1;
    let mut cfg = config(vec![spec], s);
    cfg.once = false;
    cfg.start_spread = Duration::ZERO;
    cfg.unhealthy_after = 2;
    let ctx = Arc::new(Ctx::new(&cfg, State::default(), Output::memory(), None).unwrap());
    let shutdown = Shutdown::new();
    let run = tokio::spawn(schedule(Arc::new(cfg), ctx, shutdown.clone()));
    let gauge = || {
        prometheus::gather()
            .iter()
            .find(|f| f.name() == "claimwatch_fetcher_source_unhealthy")
            .and_then(|f| {
                f.get_metric()
                    .iter()
                    .find(|m| m.get_label().iter().any(|l| l.value() == "it-unhealthy"))
                    .map(|m| m.get_gauge().get_value())
            })
    };
    let mut unhealthy = false;
    for _ in 0..100 {
        if gauge() == Some(1.0) {
            unhealthy = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        unhealthy,
        "gauge {:?} after {} calls",
        gauge(),
        calls.load(Ordering::SeqCst)
    );
    // Backing off: polls at ~0 s, ~2 s (1 s doubled), then ~4 s later; not every second.
    let at_unhealthy = calls.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(calls.load(Ordering::SeqCst) <= at_unhealthy + 1);
    shutdown.trigger();
    tokio::time::timeout(Duration::from_secs(10), run)
        .await
        .unwrap()
        .unwrap();
    // Every metric the fetcher documents is registered.
    let names: Vec<String> = prometheus::gather()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    for n in [
        "claimwatch_fetcher_fetches_total",
        "claimwatch_fetcher_downloaded_bytes_total",
        "claimwatch_fetcher_fetch_duration_seconds",
        "claimwatch_fetcher_source_unhealthy",
        "claimwatch_fetcher_queue_depth",
        "claimwatch_fetcher_sources",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} not registered");
    }
}

#[tokio::test]
async fn error_messages_carry_no_url_secrets() {
    let addr = serve_without_robots(|_r: &Req| Reply::status(404))
        .await
        .unwrap();
    let ctx = memory_ctx();
    let url = format!("http://feeduser:pw-S3CR3T@{addr}/feed.xml?token=T0K3N#frag");
    let Err(e) = get(&ctx, &url).await else {
        panic!("a 404 is an error");
    };
    assert_eq!(e.status, Some(404));
    assert_eq!(
        e.message,
        format!("http://{addr}/feed.xml?[redacted] answered 404")
    );
    // A refused connection: the HTTP client's own message names the URL.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut s = settings();
    s.retries = 0;
    s.robots = false;
    let ctx = Ctx::new(&config(vec![], s), State::default(), Output::memory(), None).unwrap();
    let url = format!("http://u:pw-S3CR3T@127.0.0.1:{port}/x?api_key=T0K3N");
    let Err(e) = get(&ctx, &url).await else {
        panic!("nothing listens on {port}");
    };
    assert_eq!(e.outcome, Outcome::Error);
    for secret in ["S3CR3T", "T0K3N", "pw-"] {
        assert!(!e.message.contains(secret), "{secret} in {}", e.message);
        assert!(!e.to_string().contains(secret));
    }
}

#[tokio::test]
async fn literal_addresses_in_any_spelling_are_refused_before_connecting() {
    let mut s = HttpSettings::defaults();
    s.retries = 0;
    let ctx = Ctx::new(&config(vec![], s), State::default(), Output::memory(), None).unwrap();
    for url in [
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://0xa9.254.0251.0xfe/latest/meta-data/",
        "http://[::ffff:7f00:1]/",
        "http://[::ffff:0:127.0.0.1]/",
        "http://[64:ff9b:1::a00:1]/",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
    ] {
        let Err(e) = get(&ctx, url).await else {
            panic!("{url} was fetched");
        };
        assert_eq!(e.outcome, Outcome::BlockedSsrf, "{url}: {e}");
    }
    assert_eq!(ctx.http.stats.get(Outcome::BlockedSsrf), 8);
}
