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

    /// Largest body accepted (bytes); larger ones are rejected and counted.
    #[arg(long, env = "CLAIMWATCH_FETCHER_MAX_BODY_BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_body_bytes: usize,
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
    /// An RSS or Atom feed; each new item's page is fetched unless `fetch_pages = false`, in
    /// which case the item's own content or summary is published.
    Feed { url: String, fetch_pages: bool },
}

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
        let kind = match s.kind.as_str() {
            "dir" => {
                let path = s
                    .path
                    .ok_or_else(|| format!("source `{id}`: a dir source needs `path`"))?;
                if s.url.is_some() || s.fetch_pages.is_some() {
                    return Err(format!(
                        "source `{id}`: `url`/`fetch_pages` do not apply to a dir source"
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
                let url = s
                    .url
                    .ok_or_else(|| format!("source `{id}`: a feed source needs `url`"))?;
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(format!("source `{id}`: feed url must be http or https"));
                }
                if s.path.is_some() {
                    return Err(format!(
                        "source `{id}`: `path` does not apply to a feed source"
                    ));
                }
                SourceKind::Feed {
                    url,
                    fetch_pages: s.fetch_pages.unwrap_or(true),
                }
            }
            other => {
                return Err(format!(
                    "source `{id}`: unknown kind `{other}` (expected dir or feed)"
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

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub kafka: KafkaSettings,
    pub metrics_addr: Option<SocketAddr>,
    pub sources: Vec<SourceSpec>,
    pub once: bool,
    pub user_agent: String,
    pub http_timeout: Duration,
    pub max_body_bytes: usize,
    pub create_topics: bool,
    pub topic_partitions: i32,
}

impl Config {
    pub fn from_args(a: Args) -> Result<Config, String> {
        a.common.validate()?;
        let src = std::fs::read_to_string(&a.sources_file)
            .map_err(|e| format!("cannot read sources file {}: {e}", a.sources_file.display()))?;
        let base = std::env::current_dir().map_err(|e| e.to_string())?;
        let sources =
            parse_sources(&src, &base).map_err(|e| format!("{}: {e}", a.sources_file.display()))?;
        if a.http_timeout_secs == 0 {
            return Err("http timeout must be at least 1 second".into());
        }
        Ok(Config {
            kafka: KafkaSettings::from_env(
                &a.common.bootstrap_servers,
                Duration::from_secs(a.common.broker_timeout_secs),
            ),
            metrics_addr: a.common.metrics_socket()?,
            sources,
            once: a.once,
            user_agent: a.user_agent,
            http_timeout: Duration::from_secs(a.http_timeout_secs),
            max_body_bytes: a.max_body_bytes,
            create_topics: a.common.create_topics,
            topic_partitions: a.common.topic_partitions,
        })
    }

    /// A configuration for in-process use (demo, tests): one-shot, no metrics endpoint.
    pub fn for_sources(kafka: KafkaSettings, sources: Vec<SourceSpec>) -> Config {
        Config {
            kafka,
            metrics_addr: None,
            sources,
            once: true,
            user_agent: concat!("claimwatch/", env!("CARGO_PKG_VERSION")).into(),
            http_timeout: Duration::from_secs(30),
            max_body_bytes: 10 * 1024 * 1024,
            create_topics: false,
            topic_partitions: 3,
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
}
