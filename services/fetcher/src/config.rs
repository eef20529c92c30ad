//! The fetcher's configuration: flags and `CLAIMWATCH_*` variables, plus the sources file.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use claimwatch_kafka::KafkaSettings;
use claimwatch_telemetry::args::CommonArgs;
use serde::Deserialize;

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "claimwatch-fetcher",
    version,
    about = "Polls sources and publishes raw articles"
)]
pub struct Args {
    #[command(flatten)]
    pub common: CommonArgs,

    /// Sources file (TOML, `[[source]]` tables).
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_SOURCES_FILE",
        default_value = "samples/sources.toml"
    )]
    pub sources_file: PathBuf,

    /// Poll every source once, publish, and exit (for demos, tests and cron-style runs).
    #[arg(long, env = "CLAIMWATCH_FETCHER_ONCE", default_value_t = false, action = clap::ArgAction::Set)]
    pub once: bool,

    /// User-Agent sent with every HTTP request.
    #[arg(long, env = "CLAIMWATCH_FETCHER_USER_AGENT", default_value = concat!("claimwatch/", env!("CARGO_PKG_VERSION"), " (+https://github.com/claimwatch/claimwatch)"))]
    pub user_agent: String,

    /// Total timeout of one HTTP request.
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_HTTP_TIMEOUT_SECS",
        default_value_t = 30
    )]
    pub http_timeout_secs: u64,

    /// Largest body accepted as sent on the wire (bytes, before decompression); larger ones
    /// are rejected and counted as too_large. Defaults to, and may not exceed,
    /// `CLAIMWATCH_MAX_MESSAGE_BYTES` less 32 KiB kept for the rest of the record.
    #[arg(long, env = "CLAIMWATCH_FETCHER_MAX_BODY_BYTES")]
    pub max_body_bytes: Option<usize>,

    /// Largest body after gzip/deflate/brotli decompression (bytes); a larger one (a
    /// decompression bomb) is rejected and counted as too_large. Same default and bound as
    /// the body limit: the decompressed body is what goes into the Kafka record.
    #[arg(long, env = "CLAIMWATCH_FETCHER_MAX_DECOMPRESSED_BYTES")]
    pub max_decompressed_bytes: Option<usize>,

    /// Timeout of establishing one TCP/TLS connection.
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_CONNECT_TIMEOUT_SECS",
        default_value_t = 10
    )]
    pub connect_timeout_secs: u64,

    /// Most redirects followed per request (each hop is checked by the SSRF guard).
    #[arg(long, env = "CLAIMWATCH_FETCHER_MAX_REDIRECTS", default_value_t = 5)]
    pub max_redirects: u32,

    /// Requests per second to one host (host:port), unless a source sets `rate_per_sec` or
    /// robots.txt asks for a longer Crawl-delay.
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_HOST_RATE_PER_SEC",
        default_value_t = 1.0
    )]
    pub host_rate_per_sec: f64,

    /// Most HTTP requests in flight at once, over all hosts.
    #[arg(long, env = "CLAIMWATCH_FETCHER_MAX_CONCURRENCY", default_value_t = 64)]
    pub max_concurrency: usize,

    /// Honour robots.txt (fetched per host and cached).
    #[arg(long, env = "CLAIMWATCH_FETCHER_ROBOTS", default_value_t = true, action = clap::ArgAction::Set)]
    pub robots: bool,

    /// How long a fetched robots.txt is trusted before it is fetched again.
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_ROBOTS_TTL_SECS",
        default_value_t = 3600
    )]
    pub robots_ttl_secs: u64,

    /// Longest robots.txt Crawl-delay honoured; longer ones are capped to this.
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_MAX_CRAWL_DELAY_SECS",
        default_value_t = 60
    )]
    pub max_crawl_delay_secs: u64,

    /// Retries of one request after a connection error, a timeout, a 5xx or a 429.
    #[arg(long, env = "CLAIMWATCH_FETCHER_RETRIES", default_value_t = 2)]
    pub retries: u32,

    /// Base of the exponential backoff between retries (doubled per retry, with jitter).
    #[arg(long, env = "CLAIMWATCH_FETCHER_RETRY_BASE_MS", default_value_t = 500)]
    pub retry_base_ms: u64,

    /// Longest Retry-After waited inside one poll; a longer one ends the poll (the host is
    /// paused for that long and the source backs off).
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_MAX_RETRY_AFTER_SECS",
        default_value_t = 120
    )]
    pub max_retry_after_secs: u64,

    /// Cap of the per-source backoff after consecutive failed polls.
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_FAILURE_BACKOFF_CAP_SECS",
        default_value_t = 3600
    )]
    pub failure_backoff_cap_secs: u64,

    /// Consecutive failed polls after which a source counts as unhealthy.
    #[arg(long, env = "CLAIMWATCH_FETCHER_UNHEALTHY_AFTER", default_value_t = 3)]
    pub unhealthy_after: u32,

    /// SSRF guard allow-list, comma-separated: CIDRs (`10.0.0.0/8`), addresses or host names
    /// that may be fetched although internal. Empty (the default) allows public addresses only.
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_SSRF_ALLOW",
        default_value = "",
        value_delimiter = ','
    )]
    pub ssrf_allow: Vec<String>,

    /// How often the sources file is checked for changes (0 = never; changes need a restart).
    #[arg(long, env = "CLAIMWATCH_FETCHER_RELOAD_SECS", default_value_t = 10)]
    pub reload_secs: u64,

    /// Most item pages fetched per feed or sitemap poll (the rest wait for the next poll).
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_MAX_ITEMS_PER_POLL",
        default_value_t = 200
    )]
    pub max_items_per_poll: usize,

    /// First polls are spread over this window (or the source's interval, if shorter), at a
    /// stable offset per source id, so many sources do not fire together after a start.
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_START_SPREAD_SECS",
        default_value_t = 300
    )]
    pub start_spread_secs: u64,

    /// Forget a URL's state (dedup record, validators) when no source listed it for this many
    /// seconds, writing a tombstone to the compacted state topic; 0 keeps it forever.
    #[arg(
        long,
        env = "CLAIMWATCH_FETCHER_STATE_TTL_SECS",
        default_value_t = DEFAULT_STATE_TTL_SECS
    )]
    pub state_ttl_secs: u64,

    /// Publish one source-health event per HTTP attempt to `claimwatch.fetcher.events.v1`.
    #[arg(long, env = "CLAIMWATCH_FETCHER_HEALTH_EVENTS", default_value_t = true, action = clap::ArgAction::Set)]
    pub health_events: bool,
}

/// One configured source, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceSpec {
    /// Stable id, used in events and as a metric label.
    pub id: String,
    pub kind: SourceKind,
    /// Seconds between polls.
    pub interval_secs: u64,
    /// BCP 47 language hint passed on to the extractor.
    pub language: Option<String>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SourceKind {
    /// Every .html, .htm and .txt file under a folder.
    Dir { path: PathBuf },
    /// An RSS, Atom or JSON feed; each new item's page is fetched unless `fetch_pages = false`,
    /// in which case the item's own content or summary is published.
    Feed {
        url: String,
        fetch_pages: bool,
        /// Requests per second to the hosts this source reaches (default: the global rate).
        rate_per_sec: Option<f64>,
    },
    /// A sitemap, sitemap index or Google News sitemap; pages dated within `max_age_secs`
    /// (by `news:publication_date`, else `lastmod`; undated ones too) are fetched.
    Sitemap {
        url: String,
        max_age_secs: u64,
        rate_per_sec: Option<f64>,
    },
    /// One page, re-fetched every interval and republished only when its content changed.
    Page {
        url: String,
        rate_per_sec: Option<f64>,
    },
}

impl SourceKind {
    /// The source's URL, for HTTP sources.
    pub fn url(&self) -> Option<&str> {
        match self {
            SourceKind::Dir { .. } => None,
            SourceKind::Feed { url, .. }
            | SourceKind::Sitemap { url, .. }
            | SourceKind::Page { url, .. } => Some(url),
        }
    }

    /// The per-source request rate, if set.
    pub fn rate_per_sec(&self) -> Option<f64> {
        match self {
            SourceKind::Dir { .. } => None,
            SourceKind::Feed { rate_per_sec, .. }
            | SourceKind::Sitemap { rate_per_sec, .. }
            | SourceKind::Page { rate_per_sec, .. } => *rate_per_sec,
        }
    }
}

/// Default freshness window of sitemap entries: two days, as Google News sitemaps use.
pub const DEFAULT_SITEMAP_MAX_AGE_SECS: u64 = 2 * 86_400;

/// A `[[source]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    kind: String,
    #[serde(default)]
    path: Option<PathBuf>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    fetch_pages: Option<bool>,
    #[serde(default)]
    rate_per_sec: Option<f64>,
    #[serde(default)]
    max_age_secs: Option<u64>,
    #[serde(default = "default_interval")]
    interval_secs: u64,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

fn default_interval() -> u64 {
    300
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    #[serde(default, rename = "source")]
    sources: Vec<RawSource>,
}

/// Parse and validate a sources file. Relative `dir` paths are resolved against `base`.
pub fn parse_sources(src: &str, base: &std::path::Path) -> Result<Vec<SourceSpec>, String> {
    let file: SourcesFile = toml::from_str(src).map_err(|e| e.to_string())?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for s in file.sources {
        if s.id.is_empty()
            || !s
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "source id `{}` must be letters, digits, - or _",
                s.id
            ));
        }
        if !seen.insert(s.id.clone()) {
            return Err(format!("duplicate source id `{}`", s.id));
        }
        if s.interval_secs == 0 {
            return Err(format!(
                "source `{}`: interval_secs must be at least 1",
                s.id
            ));
        }
        let id = &s.id;
        if let Some(r) = s.rate_per_sec {
            if !(r.is_finite() && r > 0.0 && r <= 1000.0) {
                return Err(format!(
                    "source `{id}`: rate_per_sec must be above 0 and at most 1000"
                ));
            }
        }
        let http_url = |kind: &str| -> Result<String, String> {
            let url = s
                .url
                .clone()
                .ok_or_else(|| format!("source `{id}`: a {kind} source needs `url`"))?;
            let parsed = claimwatch_fetch::url::Url::parse(&url)
                .map_err(|e| format!("source `{id}`: invalid url `{url}`: {e}"))?;
            if !claimwatch_fetch::url::is_http(&parsed) || parsed.host_str().is_none() {
                return Err(format!("source `{id}`: {kind} url must be http or https"));
            }
            if s.path.is_some() {
                return Err(format!(
                    "source `{id}`: `path` does not apply to a {kind} source"
                ));
            }
            Ok(url)
        };
        let kind = match s.kind.as_str() {
            "dir" => {
                let path = s
                    .path
                    .ok_or_else(|| format!("source `{id}`: a dir source needs `path`"))?;
                if s.url.is_some()
                    || s.fetch_pages.is_some()
                    || s.rate_per_sec.is_some()
                    || s.max_age_secs.is_some()
                {
                    return Err(format!(
                        "source `{id}`: `url`/`fetch_pages`/`rate_per_sec`/`max_age_secs` do not apply to a dir source"
                    ));
                }
                SourceKind::Dir {
                    path: if path.is_relative() {
                        base.join(path)
                    } else {
                        path
                    },
                }
            }
            "feed" => {
                let url = http_url("feed")?;
                if s.max_age_secs.is_some() {
                    return Err(format!(
                        "source `{id}`: `max_age_secs` applies to sitemap sources only"
                    ));
                }
                SourceKind::Feed {
                    url,
                    fetch_pages: s.fetch_pages.unwrap_or(true),
                    rate_per_sec: s.rate_per_sec,
                }
            }
            "sitemap" => {
                let url = http_url("sitemap")?;
                if s.fetch_pages.is_some() {
                    return Err(format!(
                        "source `{id}`: `fetch_pages` applies to feed sources only"
                    ));
                }
                SourceKind::Sitemap {
                    url,
                    max_age_secs: s.max_age_secs.unwrap_or(DEFAULT_SITEMAP_MAX_AGE_SECS),
                    rate_per_sec: s.rate_per_sec,
                }
            }
            "page" => {
                let url = http_url("page")?;
                if s.fetch_pages.is_some() || s.max_age_secs.is_some() {
                    return Err(format!(
                        "source `{id}`: `fetch_pages`/`max_age_secs` do not apply to a page source"
                    ));
                }
                SourceKind::Page {
                    url,
                    rate_per_sec: s.rate_per_sec,
                }
            }
            other => {
                return Err(format!(
                    "source `{id}`: unknown kind `{other}` (expected dir, feed, sitemap or page)"
                ))
            }
        };
        let s = SourceSpec {
            id: s.id,
            kind,
            interval_secs: s.interval_secs,
            language: s.language,
            tags: s.tags,
        };
        out.push(s);
    }
    Ok(out)
}

/// HTTP behaviour: limits, politeness, retries and the SSRF guard.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub user_agent: String,
    /// Total time of one request, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Most bytes read from the wire for one body.
    pub max_body_bytes: usize,
    /// Most bytes after decompression.
    pub max_decompressed_bytes: usize,
    pub max_redirects: u32,
    /// Default requests per second per host.
    pub host_rate_per_sec: f64,
    /// Most requests in flight over all hosts.
    pub max_concurrency: usize,
    pub robots: bool,
    pub robots_ttl: Duration,
    pub max_crawl_delay: Duration,
    pub retries: u32,
    pub retry_base: Duration,
    pub max_retry_after: Duration,
    pub ssrf: claimwatch_fetch::ssrf::Policy,
    /// Names answered without DNS (tests and benchmarks: many host names on 127.0.0.x). Their
    /// addresses still pass the SSRF guard. No flag sets it.
    pub static_hosts: Vec<(String, std::net::IpAddr)>,
}

impl HttpSettings {
    /// Defaults as documented on the flags, SSRF guard on with an empty allow-list.
    pub fn defaults() -> HttpSettings {
        HttpSettings {
            user_agent: concat!("claimwatch/", env!("CARGO_PKG_VERSION")).into(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body_bytes: body_limit_for(claimwatch_kafka::DEFAULT_MAX_MESSAGE_BYTES),
            max_decompressed_bytes: body_limit_for(claimwatch_kafka::DEFAULT_MAX_MESSAGE_BYTES),
            max_redirects: 5,
            host_rate_per_sec: 1.0,
            max_concurrency: 64,
            robots: true,
            robots_ttl: Duration::from_secs(3600),
            max_crawl_delay: Duration::from_secs(60),
            retries: 2,
            retry_base: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(120),
            ssrf: claimwatch_fetch::ssrf::Policy::guarded(),
            static_hosts: Vec::new(),
        }
    }

    /// Allow the given CIDRs, addresses or host names through the SSRF guard.
    pub fn allow<S: AsRef<str>>(mut self, entries: &[S]) -> Result<HttpSettings, String> {
        self.ssrf = claimwatch_fetch::ssrf::Policy::with_allow_list(entries)?;
        Ok(self)
    }
}

/// Default of `CLAIMWATCH_FETCHER_STATE_TTL_SECS`: 90 days.
pub const DEFAULT_STATE_TTL_SECS: u64 = 90 * 86_400;

/// The largest body a raw article can carry when Kafka records are at most
/// `max_message_bytes`.
pub fn body_limit_for(max_message_bytes: usize) -> usize {
    max_message_bytes.saturating_sub(claimwatch_kafka::RECORD_ENVELOPE_BYTES)
}

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub kafka: KafkaSettings,
    pub metrics_addr: Option<SocketAddr>,
    pub sources: Vec<SourceSpec>,
    /// Where the sources came from, watched for changes when `reload` is set.
    pub sources_file: Option<PathBuf>,
    pub reload: Option<Duration>,
    /// Window over which first polls are spread.
    pub start_spread: Duration,
    pub once: bool,
    /// Time to live of a state key no source lists any more (`None`: forever).
    pub state_ttl: Option<Duration>,
    pub http: HttpSettings,
    pub max_items_per_poll: usize,
    pub failure_backoff_cap: Duration,
    pub unhealthy_after: u32,
    pub health_events: bool,
    pub create_topics: bool,
    pub topic_partitions: i32,
    /// Schema registry: when set, events are written with the Confluent framing.
    pub schema_registry: Option<claimwatch_schema::Registry>,
}

impl Config {
    pub fn from_args(a: Args) -> Result<Config, String> {
        a.common.validate()?;
        let src = std::fs::read_to_string(&a.sources_file)
            .map_err(|e| format!("cannot read sources file {}: {e}", a.sources_file.display()))?;
        let base = std::env::current_dir().map_err(|e| e.to_string())?;
        let sources =
            parse_sources(&src, &base).map_err(|e| format!("{}: {e}", a.sources_file.display()))?;
        if a.http_timeout_secs == 0 || a.connect_timeout_secs == 0 {
            return Err("http and connect timeouts must be at least 1 second".into());
        }
        if !(a.host_rate_per_sec.is_finite() && a.host_rate_per_sec > 0.0) {
            return Err("host rate per second must be above 0".into());
        }
        if a.max_concurrency == 0 || a.max_items_per_poll == 0 {
            return Err("max concurrency and max items per poll must be at least 1".into());
        }
        let kafka = KafkaSettings::try_from_env(
            &a.common.bootstrap_servers,
            Duration::from_secs(a.common.broker_timeout_secs),
        )?;
        let body_limit = body_limit_for(kafka.max_message_bytes);
        let max_body_bytes = a.max_body_bytes.unwrap_or(body_limit);
        let max_decompressed_bytes = a.max_decompressed_bytes.unwrap_or(body_limit);
        if max_body_bytes == 0 || max_decompressed_bytes == 0 {
            return Err("body limits must be at least 1 byte".into());
        }
        if max_body_bytes > body_limit || max_decompressed_bytes > body_limit {
            return Err(format!(
                "body limits ({max_body_bytes} on the wire, {max_decompressed_bytes} decompressed) \
                 must not exceed {body_limit} bytes: {} ({}) less {} bytes for the rest of the \
                 record; raise {0} (and the topics' max.message.bytes) instead",
                claimwatch_kafka::MAX_MESSAGE_BYTES_ENV,
                kafka.max_message_bytes,
                claimwatch_kafka::RECORD_ENVELOPE_BYTES,
            ));
        }
        if a.max_redirects > 20 {
            return Err("max redirects must be at most 20".into());
        }
        let http = HttpSettings {
            user_agent: a.user_agent,
            timeout: Duration::from_secs(a.http_timeout_secs),
            connect_timeout: Duration::from_secs(a.connect_timeout_secs),
            max_body_bytes,
            max_decompressed_bytes,
            max_redirects: a.max_redirects,
            host_rate_per_sec: a.host_rate_per_sec,
            max_concurrency: a.max_concurrency,
            robots: a.robots,
            robots_ttl: Duration::from_secs(a.robots_ttl_secs.max(1)),
            max_crawl_delay: Duration::from_secs(a.max_crawl_delay_secs),
            retries: a.retries.min(10),
            retry_base: Duration::from_millis(a.retry_base_ms.max(1)),
            max_retry_after: Duration::from_secs(a.max_retry_after_secs),
            ssrf: claimwatch_fetch::ssrf::Policy::guarded(),
            static_hosts: Vec::new(),
        }
        .allow(&a.ssrf_allow)?;
        Ok(Config {
            kafka,
            metrics_addr: a.common.metrics_socket()?,
            sources,
            sources_file: Some(a.sources_file),
            reload: (a.reload_secs > 0).then(|| Duration::from_secs(a.reload_secs)),
            start_spread: Duration::from_secs(a.start_spread_secs),
            once: a.once,
            state_ttl: (a.state_ttl_secs > 0).then(|| Duration::from_secs(a.state_ttl_secs)),
            http,
            max_items_per_poll: a.max_items_per_poll,
            failure_backoff_cap: Duration::from_secs(a.failure_backoff_cap_secs.max(1)),
            unhealthy_after: a.unhealthy_after.max(1),
            health_events: a.health_events,
            create_topics: a.common.create_topics,
            topic_partitions: a.common.topic_partitions,
            schema_registry: claimwatch_schema::Registry::from_setting(a.common.schema_registry())?,
        })
    }

    /// A configuration for in-process use (demo, tests): one-shot, no metrics endpoint, no
    /// reloading, default HTTP settings (SSRF guard on: tests against 127.0.0.1 allow it with
    /// `config.http = config.http.allow(&["127.0.0.0/8"])`).
    pub fn for_sources(kafka: KafkaSettings, sources: Vec<SourceSpec>) -> Config {
        let body_limit = body_limit_for(kafka.max_message_bytes);
        Config {
            kafka,
            metrics_addr: None,
            sources,
            sources_file: None,
            reload: None,
            start_spread: Duration::from_secs(300),
            once: true,
            state_ttl: Some(Duration::from_secs(DEFAULT_STATE_TTL_SECS)),
            http: HttpSettings {
                max_body_bytes: body_limit,
                max_decompressed_bytes: body_limit,
                ..HttpSettings::defaults()
            },
            max_items_per_poll: 200,
            failure_backoff_cap: Duration::from_secs(3600),
            unhealthy_after: 3,
            health_events: true,
            create_topics: false,
            topic_partitions: 3,
            schema_registry: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse_and_validate() {
        let src = r#"
[[source]]
id = "local"
kind = "dir"
path = "samples/articles"
interval_secs = 10

[[source]]
id = "wire"
kind = "feed"
url = "http://127.0.0.1:8080/feed.xml"
language = "en"
"#;
        let s = parse_sources(src, std::path::Path::new("/base")).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].kind,
            SourceKind::Dir {
                path: "/base/samples/articles".into()
            }
        );
        assert_eq!(s[1].interval_secs, 300);
        assert!(matches!(
            s[1].kind,
            SourceKind::Feed {
                fetch_pages: true,
                ..
            }
        ));

        let dup =
            "[[source]]\nid='a'\nkind='dir'\npath='x'\n[[source]]\nid='a'\nkind='dir'\npath='y'\n";
        assert!(parse_sources(dup, std::path::Path::new("/"))
            .unwrap_err()
            .contains("duplicate"));
        let ftp = "[[source]]\nid='a'\nkind='feed'\nurl='ftp://x/feed'\n";
        assert!(parse_sources(ftp, std::path::Path::new("/"))
            .unwrap_err()
            .contains("http"));
        let shipped = include_str!("../../../samples/sources.toml");
        assert_eq!(
            parse_sources(shipped, std::path::Path::new("/r"))
                .unwrap()
                .len(),
            1
        );
        let unknown = "[[source]]\nid='a'\nkind='gopher'\n";
        assert!(parse_sources(unknown, std::path::Path::new("/")).is_err());
    }

    #[test]
    fn sitemap_page_and_rates() {
        let src = r#"
[[source]]
id = "sm"
kind = "sitemap"
url = "https://ex.org/news-sitemap.xml"
max_age_secs = 3600
rate_per_sec = 0.5

[[source]]
id = "pg"
kind = "page"
url = "https://ex.org/statement"
interval_secs = 900
"#;
        let s = parse_sources(src, std::path::Path::new("/")).unwrap();
        assert_eq!(
            s[0].kind,
            SourceKind::Sitemap {
                url: "https://ex.org/news-sitemap.xml".into(),
                max_age_secs: 3600,
                rate_per_sec: Some(0.5)
            }
        );
        assert_eq!(s[1].kind.url(), Some("https://ex.org/statement"));
        let bad_rate = "[[source]]\nid='a'\nkind='page'\nurl='http://x/'\nrate_per_sec=0\n";
        assert!(parse_sources(bad_rate, std::path::Path::new("/")).is_err());
        let misplaced = "[[source]]\nid='a'\nkind='feed'\nurl='http://x/'\nmax_age_secs=5\n";
        assert!(parse_sources(misplaced, std::path::Path::new("/")).is_err());
        let no_host = "[[source]]\nid='a'\nkind='page'\nurl='http://'\n";
        assert!(parse_sources(no_host, std::path::Path::new("/")).is_err());
        let file = "[[source]]\nid='a'\nkind='page'\nurl='file:///etc/passwd'\n";
        assert!(parse_sources(file, std::path::Path::new("/")).is_err());
    }

    #[test]
    fn flags_validate_once() {
        use clap::Parser;
        let dir = std::env::temp_dir().join(format!("cw-fetcher-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("sources.toml");
        std::fs::write(
            &f,
            "[[source]]\nid='a'\nkind='feed'\nurl='http://127.0.0.1:1/f'\n",
        )
        .unwrap();
        let parse = |extra: &[&str]| {
            let mut argv = vec!["claimwatch-fetcher", "--sources-file", f.to_str().unwrap()];
            argv.extend_from_slice(extra);
            Config::from_args(Args::try_parse_from(argv).unwrap())
        };
        let c = parse(&["--ssrf-allow", "127.0.0.0/8,intranet.local"]).unwrap();
        assert!(c.http.ssrf.check("127.0.0.1".parse().unwrap()).is_ok());
        assert!(c.http.ssrf.host_allowed("intranet.local"));
        let c = parse(&[]).unwrap();
        assert!(c.http.ssrf.check("127.0.0.1".parse().unwrap()).is_err());
        assert_eq!(c.http.max_redirects, 5);
        assert_eq!(c.reload, Some(Duration::from_secs(10)));
        assert!(parse(&["--ssrf-allow", "bad/entry/x"]).is_err());
        assert!(parse(&["--host-rate-per-sec", "0"]).is_err());
        assert!(parse(&["--max-concurrency", "0"]).is_err());
        // The body limits follow the one message-size setting and may not exceed it.
        let limit = body_limit_for(claimwatch_kafka::DEFAULT_MAX_MESSAGE_BYTES);
        assert_eq!(c.http.max_body_bytes, limit);
        assert_eq!(c.http.max_decompressed_bytes, limit);
        assert_eq!(
            c.kafka.max_message_bytes,
            limit + claimwatch_kafka::RECORD_ENVELOPE_BYTES
        );
        assert!(parse(&["--max-body-bytes", "1000"]).is_ok());
        let too_big = (limit + 1).to_string();
        let e = parse(&["--max-decompressed-bytes", &too_big]).unwrap_err();
        assert!(e.contains("CLAIMWATCH_MAX_MESSAGE_BYTES"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
