//! The notifier's configuration: flags and `CLAIMWATCH_*` variables, validated once. The
//! webhook settings keep the names they had when the sink ran inside the alerting service
//! (`--webhook-*`, `CLAIMWATCH_WEBHOOK_*`).

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use claimwatch_kafka::KafkaSettings;
use claimwatch_notify::{check_url, redact_url, RetryPolicy, Secret};
use claimwatch_telemetry::args::CommonArgs;

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "claimwatch-notifier",
    version,
    about = "Delivers alerts to webhooks (Slack-compatible, signed, retried, dead-lettered)"
)]
pub struct Args {
    #[command(flatten)]
    pub common: CommonArgs,

    /// Watch-topic file (TOML), the same as the alerting service's: a topic's `webhook` is
    /// where its alerts go. Changes published to the watch-topic log apply without a restart.
    #[arg(
        long,
        env = "CLAIMWATCH_NOTIFIER_WATCH_FILE",
        default_value = "samples/watch-topics.toml"
    )]
    pub watch_file: PathBuf,

    #[command(flatten)]
    pub webhook: WebhookArgs,
}

/// The webhook flags and `CLAIMWATCH_WEBHOOK_*` variables.
#[derive(Debug, Clone, clap::Args)]
pub struct WebhookArgs {
    /// Default webhook URL, for watch topics without a `webhook` of their own.
    #[arg(long = "webhook-url", env = "CLAIMWATCH_WEBHOOK_URL")]
    pub webhook_url: Option<String>,

    /// Shared secret of the X-Claimwatch-Signature header (HMAC-SHA256); unset: unsigned.
    #[arg(
        long = "webhook-secret",
        env = "CLAIMWATCH_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub webhook_secret: Option<Secret>,

    /// Internal networks, addresses or host names webhooks may be delivered to, comma
    /// separated (e.g. `10.0.0.0/8,hooks.intranet`). Everything else internal (loopback,
    /// private, link-local, metadata addresses, ...) is refused, as in the fetcher.
    #[arg(
        long = "webhook-ssrf-allow",
        env = "CLAIMWATCH_WEBHOOK_SSRF_ALLOW",
        value_delimiter = ','
    )]
    pub webhook_ssrf_allow: Vec<String>,

    /// Consumer group of the notifier (the one the alerting service's sink used, so a
    /// notifier continues where that sink stopped).
    #[arg(
        long = "webhook-group-id",
        env = "CLAIMWATCH_WEBHOOK_GROUP_ID",
        default_value = "claimwatch-webhook"
    )]
    pub webhook_group_id: String,

    /// Attempts per alert, the first included.
    #[arg(
        long = "webhook-max-attempts",
        env = "CLAIMWATCH_WEBHOOK_MAX_ATTEMPTS",
        default_value_t = 8
    )]
    pub webhook_max_attempts: u32,

    /// Delay before the first retry (doubled per retry, with jitter).
    #[arg(
        long = "webhook-backoff-base-ms",
        env = "CLAIMWATCH_WEBHOOK_BACKOFF_BASE_MS",
        default_value_t = 1000
    )]
    pub webhook_backoff_base_ms: u64,

    /// Cap of one backoff delay.
    #[arg(
        long = "webhook-backoff-max-ms",
        env = "CLAIMWATCH_WEBHOOK_BACKOFF_MAX_MS",
        default_value_t = 60_000
    )]
    pub webhook_backoff_max_ms: u64,

    /// No retry of an alert starts later than this after its first attempt.
    #[arg(
        long = "webhook-max-elapsed-secs",
        env = "CLAIMWATCH_WEBHOOK_MAX_ELAPSED_SECS",
        default_value_t = 300
    )]
    pub webhook_max_elapsed_secs: u64,

    /// Longest Retry-After honoured (a longer one is cut to this).
    #[arg(
        long = "webhook-max-retry-after-secs",
        env = "CLAIMWATCH_WEBHOOK_MAX_RETRY_AFTER_SECS",
        default_value_t = 120
    )]
    pub webhook_max_retry_after_secs: u64,

    /// Alerts fired longer ago than this are not sent (counted as `stale`), so a first start
    /// does not replay the whole alert history to a receiver; 0 = no limit.
    #[arg(
        long = "webhook-max-age-secs",
        env = "CLAIMWATCH_WEBHOOK_MAX_AGE_SECS",
        default_value_t = 86_400
    )]
    pub webhook_max_age_secs: u64,

    /// Total timeout of one attempt (connect, send, answer).
    #[arg(
        long = "webhook-timeout-secs",
        env = "CLAIMWATCH_WEBHOOK_TIMEOUT_SECS",
        default_value_t = 10
    )]
    pub webhook_timeout_secs: u64,
}

/// The validated webhook configuration. `Debug` masks the secret and the URL's path.
#[derive(Clone)]
pub struct WebhookConfig {
    pub default_url: Option<String>,
    pub secret: Option<Secret>,
    pub group_id: String,
    pub policy: RetryPolicy,
    pub timeout: Duration,
    /// Alerts older than this are not sent; `None`: no limit.
    pub max_age: Option<Duration>,
    /// Resolves the schema ids of Confluent-framed alerts (schema-registry mode).
    pub schema_registry: Option<claimwatch_schema::Registry>,
    /// Which addresses deliveries may go to.
    pub ssrf: Arc<claimwatch_fetch::ssrf::Policy>,
}

impl Default for WebhookConfig {
    /// No default URL, no secret, the default group, retry budget and timeout.
    fn default() -> Self {
        WebhookConfig {
            default_url: None,
            secret: None,
            group_id: "claimwatch-webhook".into(),
            policy: RetryPolicy::default(),
            timeout: Duration::from_secs(10),
            max_age: Some(Duration::from_secs(86_400)),
            schema_registry: None,
            ssrf: Arc::new(claimwatch_fetch::ssrf::Policy::guarded()),
        }
    }
}

impl fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("default_url", &self.default_url.as_deref().map(redact_url))
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .field("group_id", &self.group_id)
            .field("policy", &self.policy)
            .field("timeout", &self.timeout)
            .field("max_age", &self.max_age)
            .field("schema_registry", &self.schema_registry.is_some())
            .field("ssrf", &self.ssrf)
            .finish()
    }
}

impl WebhookArgs {
    pub fn validate(self) -> Result<WebhookConfig, String> {
        let default_url = self.webhook_url.filter(|u| !u.trim().is_empty());
        let parsed = match &default_url {
            Some(u) => Some(check_url(u).map_err(|e| format!("CLAIMWATCH_WEBHOOK_URL: {e}"))?),
            None => None,
        };
        if self.webhook_group_id.trim().is_empty() {
            return Err("webhook group id must not be empty".into());
        }
        if self.webhook_timeout_secs == 0 || self.webhook_timeout_secs > 300 {
            return Err("webhook timeout must be between 1 and 300 seconds".into());
        }
        let policy = RetryPolicy {
            max_attempts: self.webhook_max_attempts,
            base: Duration::from_millis(self.webhook_backoff_base_ms),
            max_delay: Duration::from_millis(self.webhook_backoff_max_ms),
            max_elapsed: Duration::from_secs(self.webhook_max_elapsed_secs),
            max_retry_after: Duration::from_secs(self.webhook_max_retry_after_secs),
        };
        policy.validate()?;
        let ssrf = Arc::new(
            claimwatch_fetch::ssrf::Policy::with_allow_list(&self.webhook_ssrf_allow)
                .map_err(|e| format!("CLAIMWATCH_WEBHOOK_SSRF_ALLOW: {e}"))?,
        );
        if let Some(url) = &parsed {
            claimwatch_netguard::check_literal(&ssrf, url).map_err(|e| {
                format!("CLAIMWATCH_WEBHOOK_URL: {e} (allow it with CLAIMWATCH_WEBHOOK_SSRF_ALLOW)")
            })?;
        }
        Ok(WebhookConfig {
            default_url,
            secret: self.webhook_secret.filter(|s| !s.is_empty()),
            group_id: self.webhook_group_id,
            policy,
            timeout: Duration::from_secs(self.webhook_timeout_secs),
            max_age: (self.webhook_max_age_secs > 0)
                .then(|| Duration::from_secs(self.webhook_max_age_secs)),
            schema_registry: None,
            ssrf,
        })
    }
}

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub kafka: KafkaSettings,
    pub metrics_addr: Option<SocketAddr>,
    /// The watch-topic file's contents and where they came from.
    pub watch_source: String,
    pub watch_path: PathBuf,
    pub create_topics: bool,
    pub topic_partitions: i32,
    /// The webhook settings; its `schema_registry` is the common `CLAIMWATCH_SCHEMA_REGISTRY_URL`.
    pub webhook: WebhookConfig,
}

impl Config {
    pub fn from_args(a: Args) -> Result<Config, String> {
        a.common.validate()?;
        let watch_source = std::fs::read_to_string(&a.watch_file)
            .map_err(|e| format!("cannot read watch file {}: {e}", a.watch_file.display()))?;
        let webhook = WebhookConfig {
            schema_registry: claimwatch_schema::Registry::from_setting(a.common.schema_registry())?,
            ..a.webhook.validate()?
        };
        Ok(Config {
            kafka: KafkaSettings::from_env(
                &a.common.bootstrap_servers,
                Duration::from_secs(a.common.broker_timeout_secs),
            ),
            metrics_addr: a.common.metrics_socket()?,
            watch_source,
            watch_path: a.watch_file,
            create_topics: a.common.create_topics,
            topic_partitions: a.common.topic_partitions,
            webhook,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        w: WebhookArgs,
    }

    fn parse(args: &[&str]) -> Result<WebhookConfig, String> {
        let mut v = vec!["t"];
        v.extend_from_slice(args);
        T::try_parse_from(v)
            .map_err(|e| e.to_string())?
            .w
            .validate()
    }

    #[test]
    fn the_service_flags_are_consistent() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }

    #[test]
    fn config_masks_the_secret_and_the_url_path() {
        let c = parse(&[
            "--webhook-url",
            "https://hooks.example.org:8443/services/T0/B0/tok3n",
            "--webhook-secret",
            "hunter2",
        ])
        .unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("tok3n"), "{shown}");
        assert!(
            shown.contains("https://hooks.example.org:8443/***"),
            "{shown}"
        );
        assert_eq!(c.secret.as_ref().unwrap().expose(), b"hunter2");
        let d = WebhookConfig::default();
        assert_eq!(
            (c.policy, &c.group_id, c.timeout),
            (d.policy, &d.group_id, d.timeout)
        );
    }

    #[test]
    fn bad_settings_are_refused_with_a_clear_message() {
        assert!(parse(&["--webhook-url", "ftp://x"])
            .unwrap_err()
            .starts_with("CLAIMWATCH_WEBHOOK_URL: must be an http"));
        assert!(parse(&["--webhook-url", "not a url"])
            .unwrap_err()
            .starts_with("CLAIMWATCH_WEBHOOK_URL: not a URL"));
        assert_eq!(
            parse(&["--webhook-max-attempts", "0"]).unwrap_err(),
            "webhook max attempts must be between 1 and 100"
        );
        assert_eq!(
            parse(&["--webhook-timeout-secs", "0"]).unwrap_err(),
            "webhook timeout must be between 1 and 300 seconds"
        );
        assert_eq!(
            parse(&["--webhook-group-id", " "]).unwrap_err(),
            "webhook group id must not be empty"
        );
        // An internal default URL is refused at start unless the allow-list names it.
        let e = parse(&["--webhook-url", "http://169.254.169.254/latest"]).unwrap_err();
        assert!(
            e.contains("ssrf guard") && e.contains("CLAIMWATCH_WEBHOOK_SSRF_ALLOW"),
            "{e}"
        );
        let ok = parse(&[
            "--webhook-url",
            "http://127.0.0.1:9000/h",
            "--webhook-ssrf-allow",
            "127.0.0.1,10.0.0.0/8",
        ])
        .unwrap();
        assert_eq!(ok.ssrf.allow_nets.len(), 2);
        assert!(parse(&["--webhook-ssrf-allow", "not an entry!"])
            .unwrap_err()
            .starts_with("CLAIMWATCH_WEBHOOK_SSRF_ALLOW"));
        // Empty values mean unset.
        let c = parse(&["--webhook-url", "", "--webhook-secret", ""]).unwrap();
        assert!(c.default_url.is_none() && c.secret.is_none());
        assert_eq!(
            parse(&["--webhook-max-age-secs", "0"]).unwrap().max_age,
            None
        );
    }
}
