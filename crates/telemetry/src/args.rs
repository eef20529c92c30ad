//! Flags and environment variables every service has. Each service flattens [`CommonArgs`] into
//! its own clap struct; the README's configuration reference lists them all.

use std::net::SocketAddr;

use crate::LogFormat;

#[derive(Debug, Clone, clap::Args)]
pub struct CommonArgs {
    /// Kafka bootstrap servers (host:port, comma-separated).
    #[arg(
        long,
        env = "CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS",
        default_value = "127.0.0.1:9092"
    )]
    pub bootstrap_servers: String,

    /// Address for /metrics, /healthz and /readyz; `off` disables the endpoint.
    #[arg(
        long,
        env = "CLAIMWATCH_METRICS_ADDR",
        default_value = "127.0.0.1:9464"
    )]
    pub metrics_addr: String,

    /// Log format: json or text.
    #[arg(long, env = "CLAIMWATCH_LOG_FORMAT", default_value = "json")]
    pub log_format: LogFormat,

    /// Give up if the broker does not answer within this many seconds at start.
    #[arg(long, env = "CLAIMWATCH_BROKER_TIMEOUT_SECS", default_value_t = 30)]
    pub broker_timeout_secs: u64,

    /// Create missing topics at start (disable where a topic-init job owns them).
    #[arg(long, env = "CLAIMWATCH_CREATE_TOPICS", default_value_t = true, action = clap::ArgAction::Set)]
    pub create_topics: bool,

    /// Partitions for topics this service creates.
    #[arg(long, env = "CLAIMWATCH_TOPIC_PARTITIONS", default_value_t = 3)]
    pub topic_partitions: i32,

    /// Schema registry (Confluent REST API; for Apicurio Registry `.../apis/ccompat/v7`).
    /// When set, schemas are registered under `<topic>-value` at start and messages use the
    /// Confluent framing (magic byte 0 + schema id); unset or empty keeps single-object.
    #[arg(long, env = "CLAIMWATCH_SCHEMA_REGISTRY_URL")]
    pub schema_registry_url: Option<String>,
}

impl CommonArgs {
    /// The metrics address, validated: `None` when disabled.
    pub fn metrics_socket(&self) -> Result<Option<SocketAddr>, String> {
        if self.metrics_addr == "off" {
            return Ok(None);
        }
        self.metrics_addr
            .parse()
            .map(Some)
            .map_err(|e| format!("invalid metrics address `{}`: {e}", self.metrics_addr))
    }

    /// The schema registry URL, `None` when unset or empty.
    pub fn schema_registry(&self) -> Option<&str> {
        self.schema_registry_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }

    pub fn validate(&self) -> Result<(), String> {
        self.metrics_socket()?;
        if self.bootstrap_servers.trim().is_empty() {
            return Err("bootstrap servers must not be empty".into());
        }
        if self.broker_timeout_secs == 0 {
            return Err("broker timeout must be at least 1 second".into());
        }
        if !(1..=1000).contains(&self.topic_partitions) {
            return Err("topic partitions must be between 1 and 1000".into());
        }
        Ok(())
    }
}

/// This machine's name, for default per-instance ids (e.g. transactional ids): `HOSTNAME`,
/// else `/etc/hostname`, else `local`.
pub fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "local".into())
}
