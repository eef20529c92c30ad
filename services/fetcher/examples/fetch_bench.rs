//! Fetcher throughput benchmark (driven by `bench/fetcher/run.sh`).
//!
//! `fetch_bench serve <port> <items> <addrs>`: answer feeds on 127.0.0.1..127.0.0.<addrs>.
//! `fetch_bench run <port> <sources> <hosts> <items> <addrs> <concurrency>`: poll `sources`
//! feeds once, spread over `hosts` host names (each resolved to one of the addresses), with
//! the production fetch path (SSRF guard with a loopback allow-list, robots.txt, per-host
//! token bucket of 1 request/s, global concurrency cap, charset sniffing, feed parsing, dedup
//! state); published articles are discarded. Prints fetches/s and peak RSS.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use claimwatch_fetcher::http::Outcome;
use claimwatch_fetcher::state::State;
use claimwatch_fetcher::testserver::{serve, Reply, Req};
use claimwatch_fetcher::{schedule, Config, Ctx, HttpSettings, Output, SourceKind, SourceSpec};
use claimwatch_kafka::KafkaSettings;
use claimwatch_telemetry::Shutdown;

fn arg(args: &[String], i: usize, default: usize) -> usize {
    args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default)
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn feed(host: &str, port: usize, path: &str, items: usize) -> String {
    let mut s = String::with_capacity(200 + items * 220);
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>bench</title>");
    for k in 0..items {
        s.push_str(&format!(
            "<item><title>Item {k} of {path}</title><link>http://{host}:{port}{path}/item/{k}?utm_source=rss</link><guid>{path}/{k}</guid><description>Workers reached the port, an official said on day {k}.</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

async fn run_server(port: usize, items: usize, addrs: usize) {
    for a in 1..=addrs {
        let addr = format!("127.0.0.{a}:{port}");
        serve(&addr, move |r: &Req| {
            if r.path == "/robots.txt" {
                return Reply::ok("text/plain", "User-agent: *\nDisallow: /private\n");
            }
            let host = r
                .header("host")
                .unwrap_or("x")
                .split(':')
                .next()
                .unwrap_or("x")
                .to_string();
            Reply::ok("application/rss+xml", feed(&host, port, &r.path, items))
        })
        .await
        .unwrap_or_else(|e| panic!("bind {addr}: {e}"));
    }
    eprintln!("serving on 127.0.0.1..{addrs}:{port}");
    std::future::pending::<()>().await;
}

async fn run_client(port: usize, sources: usize, hosts: usize, addrs: usize, concurrency: usize) {
    let mut http = HttpSettings::defaults().allow(&["127.0.0.0/8"]).unwrap();
    http.max_concurrency = concurrency;
    http.retries = 0;
    http.static_hosts = (0..hosts)
        .map(|h| {
            let ip: IpAddr = format!("127.0.0.{}", 1 + h % addrs).parse().unwrap();
            (format!("h{h}.bench.test"), ip)
        })
        .collect();
    let specs: Vec<SourceSpec> = (0..sources)
        .map(|i| SourceSpec {
            id: format!("s{i}"),
            kind: SourceKind::Feed {
                url: format!("http://h{}.bench.test:{port}/feed/{i}", i % hosts),
                fetch_pages: false,
                rate_per_sec: None,
            },
            interval_secs: 300,
            language: None,
            tags: vec![],
        })
        .collect();
    let mut config = Config::for_sources(KafkaSettings::new("127.0.0.1:1"), specs);
    config.http = http;
    config.health_events = false;
    let ctx = Arc::new(Ctx::new(&config, State::default(), Output::Discard, None).unwrap());
    let started = Instant::now();
    schedule(Arc::new(config), ctx.clone(), Shutdown::new()).await;
    let took = started.elapsed();
    let s = &ctx.http.stats;
    let fetches = s.total();
    let ok = s.get(Outcome::Ok);
    let feeds_ok = ok.saturating_sub(hosts as u64);
    println!("sources            {sources} feeds on {hosts} host names over {addrs} addresses, 1 req/s per host, concurrency {concurrency}");
    println!("elapsed            {:.2} s", took.as_secs_f64());
    println!(
        "fetches            {fetches} (ok {ok} incl. {hosts} robots.txt; errors {})",
        fetches - ok
    );
    println!(
        "fetches/s          {:.0}",
        fetches as f64 / took.as_secs_f64()
    );
    println!(
        "feed fetches/s     {:.0}",
        feeds_ok as f64 / took.as_secs_f64()
    );
    println!(
        "articles           {}",
        ctx.published.load(std::sync::atomic::Ordering::Relaxed)
    );
    println!(
        "bytes              {}",
        s.bytes.load(std::sync::atomic::Ordering::Relaxed)
    );
    println!("peak RSS           {} MiB", peak_rss_kib() / 1024);
    // Let the numbers be read before the process exits.
    tokio::time::sleep(Duration::from_millis(10)).await;
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    match args.get(1).map(String::as_str) {
        Some("serve") => rt.block_on(run_server(
            arg(&args, 2, 18080),
            arg(&args, 3, 20),
            arg(&args, 4, 8),
        )),
        Some("run") => rt.block_on(run_client(
            arg(&args, 2, 18080),
            arg(&args, 3, 10_000),
            arg(&args, 4, 5_000),
            arg(&args, 6, 8),
            arg(&args, 7, 256),
        )),
        _ => {
            eprintln!("usage: fetch_bench serve <port> <items> <addrs> | run <port> <sources> <hosts> <items> <addrs> <concurrency>");
            std::process::exit(2);
        }
    }
}
