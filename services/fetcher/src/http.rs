//! HTTP with manners and limits: the SSRF guard on every hop, robots.txt, a token bucket per
//! host, a global concurrency cap, conditional GETs, retries with backoff, manual redirects,
//! bounded bodies and bounded decompression. The decisions are in `claimwatch-fetch`; this
//! module owns the sockets, the clock and the waiting.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use claimwatch_fetch::backoff;
use claimwatch_fetch::decompress::{self, DecompressError, ACCEPT_ENCODING};
use claimwatch_fetch::ratelimit::TokenBucket;
use claimwatch_fetch::robots::{Robots, MAX_ROBOTS_BYTES};
use claimwatch_fetch::ssrf::Policy;
use claimwatch_fetch::state::Validators;
use claimwatch_fetch::url::{host_key, is_http, redact_url, redact_urls_in, robots_url, Url};
use reqwest::header::{self, HeaderMap};
use serde::Serialize;
use tokio::sync::{mpsc, OnceCell, Semaphore};

use crate::config::HttpSettings;
use crate::events;

/// How a request ended: the `outcome` label of `claimwatch_fetcher_fetches_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    NotModified,
    Http4xx,
    Http5xx,
    Timeout,
    BlockedRobots,
    BlockedSsrf,
    TooLarge,
    RejectedScheme,
    Error,
}

impl Outcome {
    pub const ALL: [Outcome; 10] = [
        Outcome::Ok,
        Outcome::NotModified,
        Outcome::Http4xx,
        Outcome::Http5xx,
        Outcome::Timeout,
        Outcome::BlockedRobots,
        Outcome::BlockedSsrf,
        Outcome::TooLarge,
        Outcome::RejectedScheme,
        Outcome::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::NotModified => "not_modified",
            Outcome::Http4xx => "http_4xx",
            Outcome::Http5xx => "http_5xx",
            Outcome::Timeout => "timeout",
            Outcome::BlockedRobots => "blocked_robots",
            Outcome::BlockedSsrf => "blocked_ssrf",
            Outcome::TooLarge => "too_large",
            Outcome::RejectedScheme => "rejected_scheme",
            Outcome::Error => "error",
        }
    }

    fn index(self) -> usize {
        Outcome::ALL.iter().position(|o| *o == self).unwrap_or(0)
    }
}

/// A failed request.
#[derive(Debug, Clone)]
pub struct FetchError {
    pub outcome: Outcome,
    pub status: Option<u16>,
    pub message: String,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.outcome.as_str())
    }
}

impl std::error::Error for FetchError {}

/// A failure whose message is fit for logs: URLs in it (the HTTP client names the URL it
/// failed on) lose their userinfo, query string and fragment.
fn fail(outcome: Outcome, message: impl Into<String>) -> FetchError {
    FetchError {
        outcome,
        status: None,
        message: redact_urls_in(&message.into()),
    }
}

/// A 2xx answer, body decompressed.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// The URL after redirects.
    pub final_url: String,
    /// Media type without parameters, lowercase.
    pub content_type: Option<String>,
    /// The `charset` of `Content-Type`, as the transport declared it.
    pub charset: Option<String>,
    pub validators: Validators,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone)]
pub enum Fetched {
    Ok(Response),
    /// 304: the validators still hold.
    NotModified,
}

/// One request's parameters.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub url: &'a str,
    /// The source it is made for (events and logs).
    pub source: &'a str,
    pub validators: Option<&'a Validators>,
    /// Requests per second to this host for this source; `None` = the default.
    pub rate_per_sec: Option<f64>,
}

/// A source-health event: one per HTTP attempt, published as JSON to
/// `claimwatch.fetcher.events.v1` (key = source id).
#[derive(Debug, Clone, Serialize)]
pub struct HealthEvent {
    pub source_id: String,
    /// `2xx`, `3xx`, `4xx`, `5xx`, or `none` when no answer came.
    pub status_class: &'static str,
    pub http_status: Option<u16>,
    /// The outcome (`ok`, `timeout`, `blocked_ssrf`, …).
    pub outcome: Outcome,
    pub duration_ms: u64,
    /// Milliseconds since the Unix epoch.
    pub timestamp_ms: i64,
    /// 0 for the first try, then retries.
    pub attempt: u32,
}

/// Per-instance counters by outcome (the Prometheus counters are process-wide; these let a
/// caller, e.g. a test or the benchmark, see exactly what one fetcher did).
#[derive(Debug, Default)]
pub struct Stats {
    by_outcome: [AtomicU64; 10],
    pub bytes: AtomicU64,
    pub retries: AtomicU64,
}

impl Stats {
    pub fn get(&self, o: Outcome) -> u64 {
        self.by_outcome[o.index()].load(Ordering::Relaxed)
    }

    pub fn total(&self) -> u64 {
        self.by_outcome
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .sum()
    }
}

/// Politeness state of one host.
struct Host {
    bucket: TokenBucket,
    /// robots.txt, fetched once per TTL by whichever request needs it first.
    robots: Arc<OnceCell<Arc<Robots>>>,
    robots_expires: Option<Instant>,
}

/// The fetcher's HTTP side. Cheap to share behind an `Arc`.
pub struct Http {
    client: reqwest::Client,
    settings: HttpSettings,
    policy: Arc<Policy>,
    hosts: Mutex<HashMap<String, Host>>,
    permits: Semaphore,
    health: Option<mpsc::Sender<HealthEvent>>,
    pub stats: Stats,
}

/// Drop idle host entries once the map is this large (links reach unboundedly many hosts).
const HOSTS_SOFT_MAX: usize = 20_000;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn status_class(status: Option<u16>) -> &'static str {
    match status {
        Some(200..=299) => "2xx",
        Some(300..=399) => "3xx",
        Some(400..=499) => "4xx",
        Some(500..=599) => "5xx",
        Some(_) => "other",
        None => "none",
    }
}

/// What one attempt (with its redirect chain) produced.
enum Attempt {
    Done(Fetched),
    /// Worth retrying after the given wait (server said when, or backoff decides).
    Retry(FetchError, Option<Duration>),
}

impl Http {
    pub fn new(
        settings: HttpSettings,
        health: Option<mpsc::Sender<HealthEvent>>,
    ) -> anyhow::Result<Http> {
        let policy = Arc::new(settings.ssrf.clone());
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .timeout(settings.timeout)
            .connect_timeout(settings.connect_timeout)
            // Redirects are followed by hand, so each hop passes the SSRF guard and robots.txt.
            .redirect(reqwest::redirect::Policy::none())
            // Decompression is done by hand, with a ceiling.
            .no_gzip()
            .no_brotli()
            .no_deflate()
            // A proxy would resolve names itself, out of the guard's reach.
            .no_proxy()
            .dns_resolver(Arc::new(claimwatch_netguard::GuardedResolver::new(
                policy.clone(),
                settings.static_hosts.iter().cloned().collect(),
            )))
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(2)
            .tcp_nodelay(true)
            .build()?;
        Ok(Http {
            client,
            permits: Semaphore::new(settings.max_concurrency.max(1)),
            settings,
            policy,
            hosts: Mutex::new(HashMap::new()),
            health,
            stats: Stats::default(),
        })
    }

    /// Count a link that was not fetched because of its scheme.
    pub fn count_rejected_scheme(&self) {
        self.stats.by_outcome[Outcome::RejectedScheme.index()].fetch_add(1, Ordering::Relaxed);
        events::fetch(Outcome::RejectedScheme.as_str(), 0, Duration::ZERO);
    }

    pub fn settings(&self) -> &HttpSettings {
        &self.settings
    }

    /// GET `req.url` politely. Retries connection errors, timeouts, 5xx and 429 with backoff
    /// (honouring `Retry-After`); every attempt is counted and reported as a health event.
    pub async fn get(&self, req: Request<'_>) -> Result<Fetched, FetchError> {
        let mut attempt = 0u32;
        loop {
            let started = Instant::now();
            let result = self.attempt(req, attempt).await;
            let took = started.elapsed();
            let (outcome, status, bytes) = match &result {
                Attempt::Done(Fetched::Ok(r)) => (Outcome::Ok, Some(r.status), r.body.len()),
                Attempt::Done(Fetched::NotModified) => (Outcome::NotModified, Some(304), 0),
                Attempt::Retry(e, _) => (e.outcome, e.status, 0),
            };
            self.account(req.source, outcome, status, bytes, took, attempt);
            let (err, wait) = match result {
                Attempt::Done(f) => return Ok(f),
                Attempt::Retry(e, wait) => (e, wait),
            };
            let retryable = matches!(
                err.outcome,
                Outcome::Http5xx | Outcome::Timeout | Outcome::Error
            ) || err.status == Some(429);
            if !retryable || attempt >= self.settings.retries {
                return Err(err);
            }
            let backoff = backoff::backoff(
                attempt,
                self.settings.retry_base,
                self.settings.retry_base * 64,
                fastrand::f64(),
            );
            let key = Url::parse(req.url).ok().as_ref().and_then(host_key);
            if let (Some(w), Some(key)) = (wait, key.as_deref()) {
                // The host asked everyone to wait, not just this request: every source's next
                // request to it waits in the host's bucket.
                // Capped, so a hostile Retry-After cannot silence a host for good.
                self.pause_host(key, w.min(Duration::from_secs(6 * 3600)));
            }
            if let Some(w) = wait.filter(|w| *w > self.settings.max_retry_after) {
                // Too long to wait inside a poll: the host stays paused and the source backs off.
                return Err(FetchError {
                    message: format!("{} (retry after {}s)", err.message, w.as_secs()),
                    ..err
                });
            }
            // With a Retry-After, the paused bucket makes the retry wait for it; the backoff
            // adds jitter on top.
            let wait = backoff;
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
            events::retry(err.outcome.as_str());
            tracing::debug!(source = req.source, url = %redact_url(req.url), error = %err, wait_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    fn account(
        &self,
        source: &str,
        outcome: Outcome,
        status: Option<u16>,
        bytes: usize,
        took: Duration,
        attempt: u32,
    ) {
        self.stats.by_outcome[outcome.index()].fetch_add(1, Ordering::Relaxed);
        self.stats.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        events::fetch(outcome.as_str(), bytes, took);
        if let Some(tx) = &self.health {
            let ev = HealthEvent {
                source_id: source.to_string(),
                status_class: status_class(status),
                http_status: status,
                outcome,
                duration_ms: took.as_millis() as u64,
                timestamp_ms: now_ms(),
                attempt,
            };
            if tx.try_send(ev).is_err() {
                events::health_event_dropped();
            }
        }
    }

    /// A fetched document that cannot be published because its record would be too large for
    /// Kafka: counted as outcome `too_large` and reported as a health event.
    pub fn count_too_large(&self, source: &str) {
        self.account(source, Outcome::TooLarge, None, 0, Duration::ZERO, 0);
    }

    /// One attempt: the redirect chain, each hop vetted.
    async fn attempt(&self, req: Request<'_>, attempt: u32) -> Attempt {
        let mut url = match Url::parse(req.url) {
            Ok(u) => u,
            Err(e) => {
                return Attempt::Retry(fail(Outcome::Error, format!("invalid url: {e}")), None)
            }
        };
        let mut hops = 0u32;
        loop {
            let hop = self.hop(&url, req, hops == 0, attempt).await;
            match hop {
                Ok(HopResult::Done(f)) => return Attempt::Done(f),
                Ok(HopResult::Redirect(next)) => {
                    hops += 1;
                    if hops > self.settings.max_redirects {
                        return Attempt::Retry(
                            fail(
                                Outcome::Error,
                                format!("more than {} redirects", self.settings.max_redirects),
                            ),
                            None,
                        );
                    }
                    url = next;
                }
                Err((e, wait)) => return Attempt::Retry(e, wait),
            }
        }
    }

    /// Check the scheme and a literal address before any socket is opened.
    fn vet(&self, url: &Url) -> Result<String, FetchError> {
        if !is_http(url) {
            return Err(fail(
                Outcome::RejectedScheme,
                format!("scheme `{}` is not fetched", url.scheme()),
            ));
        }
        let key = host_key(url).ok_or_else(|| fail(Outcome::Error, "url has no host"))?;
        // The resolver is not consulted for literal addresses: check them here.
        claimwatch_netguard::check_literal(&self.policy, url)
            .map_err(|why| fail(Outcome::BlockedSsrf, why))?;
        Ok(key)
    }

    async fn hop(
        &self,
        url: &Url,
        req: Request<'_>,
        first: bool,
        _attempt: u32,
    ) -> Result<HopResult, (FetchError, Option<Duration>)> {
        let key = self.vet(url).map_err(|e| (e, None))?;
        let mut rate = req.rate_per_sec.unwrap_or(self.settings.host_rate_per_sec);
        if self.settings.robots {
            let robots = self
                .robots(url, &key, req.source)
                .await
                .map_err(|e| (e, None))?;
            let mut path = url.path().to_string();
            if let Some(q) = url.query() {
                path.push('?');
                path.push_str(q);
            }
            if !robots.allowed(&path) {
                return Err((
                    fail(
                        Outcome::BlockedRobots,
                        format!("robots.txt disallows {}", redact_url(url.as_str())),
                    ),
                    None,
                ));
            }
            if let Some(d) = robots.crawl_delay {
                let d = d.min(self.settings.max_crawl_delay);
                if d > Duration::ZERO {
                    rate = rate.min(1.0 / d.as_secs_f64());
                }
            }
        }
        let validators = if first { req.validators } else { None };
        // The permit is held until the body is read: the cap bounds downloads, not just
        // connection set-ups.
        let (resp, _permit) = self.send(url, &key, rate, validators).await?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        match status {
            301 | 302 | 303 | 307 | 308 => {
                let loc = header_str(&headers, header::LOCATION).ok_or_else(|| {
                    (
                        fail(
                            Outcome::Error,
                            format!("redirect {status} without Location"),
                        ),
                        None,
                    )
                })?;
                let next = url.join(&loc).map_err(|e| {
                    (
                        fail(Outcome::Error, format!("bad redirect target `{loc}`: {e}")),
                        None,
                    )
                })?;
                Ok(HopResult::Redirect(next))
            }
            304 => Ok(HopResult::Done(Fetched::NotModified)),
            200..=299 => {
                let body = self.read_body(resp).await.map_err(|e| (e, None))?;
                let content_type = header_str(&headers, header::CONTENT_TYPE);
                Ok(HopResult::Done(Fetched::Ok(Response {
                    status,
                    final_url: url.to_string(),
                    charset: content_type
                        .as_deref()
                        .and_then(claimwatch_fetch::charset::charset_param),
                    content_type: content_type.map(|c| {
                        c.split(';')
                            .next()
                            .unwrap_or("")
                            .trim()
                            .to_ascii_lowercase()
                    }),
                    validators: Validators {
                        etag: header_str(&headers, header::ETAG),
                        last_modified: header_str(&headers, header::LAST_MODIFIED),
                    },
                    body,
                })))
            }
            429 | 500..=599 => {
                let wait = header_str(&headers, header::RETRY_AFTER)
                    .and_then(|v| backoff::retry_after(&v, SystemTime::now()));
                let outcome = if status == 429 {
                    Outcome::Http4xx
                } else {
                    Outcome::Http5xx
                };
                Err((
                    FetchError {
                        outcome,
                        status: Some(status),
                        message: format!("{} answered {status}", redact_url(url.as_str())),
                    },
                    wait,
                ))
            }
            400..=499 => Err((
                FetchError {
                    outcome: Outcome::Http4xx,
                    status: Some(status),
                    message: format!("{} answered {status}", redact_url(url.as_str())),
                },
                None,
            )),
            _ => Err((
                FetchError {
                    outcome: Outcome::Error,
                    status: Some(status),
                    message: format!("{} answered {status}", redact_url(url.as_str())),
                },
                None,
            )),
        }
    }

    /// Wait for the host's token and a global permit, then send. Waiting for a host never
    /// holds a permit, so a slow or strict host does not hold up the others.
    async fn send(
        &self,
        url: &Url,
        key: &str,
        rate: f64,
        validators: Option<&Validators>,
    ) -> Result<(reqwest::Response, tokio::sync::SemaphorePermit<'_>), (FetchError, Option<Duration>)>
    {
        let queued = Queued::enter();
        let wait = self.reserve(key, rate);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        let permit = self.permits.acquire().await;
        drop(queued);
        let permit =
            permit.map_err(|_| (fail(Outcome::Error, "fetcher is shutting down"), None))?;
        let mut rb = self
            .client
            .get(url.clone())
            .header(header::ACCEPT_ENCODING, ACCEPT_ENCODING);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                rb = rb.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                rb = rb.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        let resp = rb.send().await.map_err(|e| (classify(&e), None))?;
        Ok((resp, permit))
    }

    /// Read the body within the wire limit, then decompress within the output limit.
    async fn read_body(&self, mut resp: reqwest::Response) -> Result<Vec<u8>, FetchError> {
        let max = self.settings.max_body_bytes;
        if resp.content_length().is_some_and(|n| n > max as u64) {
            return Err(fail(
                Outcome::TooLarge,
                format!("declared length over {max} bytes"),
            ));
        }
        let encoding = header_str(resp.headers(), header::CONTENT_ENCODING);
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| classify(&e))? {
            if body.len() + chunk.len() > max {
                return Err(fail(Outcome::TooLarge, format!("body over {max} bytes")));
            }
            body.extend_from_slice(&chunk);
        }
        let limit = self.settings.max_decompressed_bytes;
        if encoding.is_none() {
            return if body.len() > limit {
                Err(fail(Outcome::TooLarge, format!("body over {limit} bytes")))
            } else {
                Ok(body)
            };
        }
        // Decompression is CPU work: off the async workers for big bodies.
        let run = move || decompress::decode_body(encoding.as_deref(), body, limit);
        let out = if self.settings.max_concurrency > 1 {
            tokio::task::spawn_blocking(run)
                .await
                .map_err(|e| fail(Outcome::Error, e.to_string()))?
        } else {
            run()
        };
        out.map_err(|e| match e {
            DecompressError::TooLarge { .. } => fail(Outcome::TooLarge, e.to_string()),
            other => fail(Outcome::Error, other.to_string()),
        })
    }

    fn reserve(&self, key: &str, rate: f64) -> Duration {
        let now = Instant::now();
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        if hosts.len() > HOSTS_SOFT_MAX {
            hosts.retain(|_, h| !h.bucket.idle(now) || h.robots_expires.is_some_and(|t| t > now));
        }
        let host = hosts.entry(key.to_string()).or_insert_with(|| Host {
            bucket: TokenBucket::new(rate, 1.0, now),
            robots: Arc::new(OnceCell::new()),
            robots_expires: None,
        });
        if (host.bucket.rate() - rate).abs() > f64::EPSILON {
            host.bucket.set_rate(rate, now);
        }
        host.bucket.reserve(now)
    }

    fn pause_host(&self, key: &str, pause: Duration) {
        let now = Instant::now();
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(h) = hosts.get_mut(key) {
            h.bucket.pause(pause, now);
        }
    }

    /// The robots.txt rules for `url`'s host, fetched at most once per TTL.
    async fn robots(&self, url: &Url, key: &str, source: &str) -> Result<Arc<Robots>, FetchError> {
        let cell = {
            let now = Instant::now();
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            let host = hosts.entry(key.to_string()).or_insert_with(|| Host {
                bucket: TokenBucket::new(self.settings.host_rate_per_sec, 1.0, now),
                robots: Arc::new(OnceCell::new()),
                robots_expires: None,
            });
            if host.robots_expires.is_some_and(|t| t <= now) {
                host.robots = Arc::new(OnceCell::new());
                host.robots_expires = None;
            }
            host.robots.clone()
        };
        let robots_at = robots_url(url).ok_or_else(|| fail(Outcome::Error, "no robots url"))?;
        let result = cell
            .get_or_try_init(|| async {
                let (robots, ttl) = self.fetch_robots(&robots_at, key, source).await?;
                let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(h) = hosts.get_mut(key) {
                    h.robots_expires = Some(Instant::now() + ttl);
                }
                Ok::<_, FetchError>(Arc::new(robots))
            })
            .await?;
        Ok(result.clone())
    }

    /// Fetch and parse robots.txt. 2xx: its rules; 4xx: no rules; 5xx: everything disallowed
    /// for a short while (RFC 9309); unreachable: the error (the page would fail the same way).
    async fn fetch_robots(
        &self,
        robots_at: &str,
        key: &str,
        source: &str,
    ) -> Result<(Robots, Duration), FetchError> {
        let ttl = self.settings.robots_ttl;
        let short = ttl.min(Duration::from_secs(600));
        let mut url = Url::parse(robots_at).map_err(|e| fail(Outcome::Error, e.to_string()))?;
        let started = Instant::now();
        for _ in 0..=5 {
            let hop_key = self.vet(&url)?;
            let (resp, _permit) = match self
                .send(&url, &hop_key, self.settings.host_rate_per_sec, None)
                .await
            {
                Ok(r) => r,
                Err((e, _)) => {
                    // Not counted here: the request that needed robots.txt fails with this
                    // error and is counted once.
                    return Err(FetchError {
                        message: format!("robots.txt: {}", e.message),
                        ..e
                    });
                }
            };
            let status = resp.status().as_u16();
            match status {
                301 | 302 | 303 | 307 | 308 => {
                    let Some(next) = header_str(resp.headers(), header::LOCATION)
                        .and_then(|l| url.join(&l).ok())
                    else {
                        break;
                    };
                    url = next;
                }
                200..=299 => {
                    let encoding = header_str(resp.headers(), header::CONTENT_ENCODING);
                    let mut body = Vec::new();
                    let mut resp = resp;
                    // Read at most the robots limit; the rest is ignored (RFC 9309 §2.5).
                    while let Ok(Some(chunk)) = resp.chunk().await {
                        body.extend_from_slice(&chunk);
                        if body.len() > MAX_ROBOTS_BYTES * 2 {
                            break;
                        }
                    }
                    let body =
                        decompress::decode_body(encoding.as_deref(), body, MAX_ROBOTS_BYTES * 4)
                            .unwrap_or_default();
                    self.account(
                        source,
                        Outcome::Ok,
                        Some(status),
                        body.len(),
                        started.elapsed(),
                        0,
                    );
                    let text = String::from_utf8_lossy(&body);
                    let robots = Robots::parse(&text, &self.settings.user_agent);
                    tracing::debug!(host = key, crawl_delay = ?robots.crawl_delay, "robots.txt read");
                    return Ok((robots, ttl));
                }
                400..=499 => {
                    // No robots.txt: the normal case for many hosts, not counted as a failure.
                    return Ok((Robots::allow_all(), ttl));
                }
                _ => {
                    self.account(
                        source,
                        Outcome::Http5xx,
                        Some(status),
                        0,
                        started.elapsed(),
                        0,
                    );
                    return Ok((Robots::disallow_all(), short));
                }
            }
        }
        // Too many redirects: treated as unavailable (RFC 9309: as a 4xx).
        Ok((Robots::allow_all(), short))
    }
}

/// Counts a request in the queue-depth gauge while it waits for its host and a permit, also
/// when the wait is cancelled.
struct Queued;

impl Queued {
    fn enter() -> Queued {
        events::queue_depth(1);
        Queued
    }
}

impl Drop for Queued {
    fn drop(&mut self) {
        events::queue_depth(-1);
    }
}

enum HopResult {
    Done(Fetched),
    Redirect(Url),
}

fn classify(e: &reqwest::Error) -> FetchError {
    if let Some(why) = claimwatch_netguard::refusal_in(e) {
        return fail(Outcome::BlockedSsrf, why);
    }
    let outcome = if e.is_timeout() {
        Outcome::Timeout
    } else {
        Outcome::Error
    };
    // The full chain names the cause (connection refused, reset, …).
    let mut msg = e.to_string();
    let mut cur = std::error::Error::source(e);
    while let Some(s) = cur {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        cur = s.source();
    }
    fail(outcome, msg)
}
