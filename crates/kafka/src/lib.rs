//! Kafka I/O shared by claimwatch's services.
//!
//! * [`KafkaSettings`]: the broker list plus pass-through librdkafka properties
//!   (`CLAIMWATCH_KAFKA_<PROPERTY>` → `property`), so SASL/TLS work without code changes.
//! * [`admin`]: waiting for a broker with a bounded timeout, creating topics.
//! * [`txloop`]: the consume → process → produce loop inside Kafka transactions, with input
//!   offsets committed atomically with the outputs, and dead letters for bad input.
//! * [`reader`]: reading a topic from the beginning to its end (state rebuilds, `tail`).

pub mod admin;
pub mod dlq;
pub mod follow;
pub mod reader;
pub mod stats;
pub mod txloop;

use std::time::Duration;

use rdkafka::config::ClientConfig;

pub use rdkafka;

/// Errors from Kafka I/O, with messages that name what to check.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("kafka broker at {bootstrap} not reachable within {timeout:?}: {detail}")]
    BrokerUnreachable {
        bootstrap: String,
        timeout: Duration,
        detail: String,
    },
    #[error("kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error("fatal transaction error (another instance with the same transactional id may have fenced this one): {0}")]
    FatalTransaction(String),
    #[error("{0}")]
    Other(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// Connection settings common to every client a service creates.
#[derive(Debug, Clone)]
pub struct KafkaSettings {
    /// `bootstrap.servers`.
    pub bootstrap: String,
    /// Extra librdkafka properties, applied last (they win).
    pub properties: Vec<(String, String)>,
    /// How long to wait for the broker at start before giving up.
    pub connect_timeout: Duration,
}

/// Prefix of environment variables passed through to librdkafka.
pub const PASSTHROUGH_PREFIX: &str = "CLAIMWATCH_KAFKA_";

impl KafkaSettings {
    pub fn new(bootstrap: impl Into<String>) -> Self {
        KafkaSettings {
            bootstrap: bootstrap.into(),
            properties: Vec::new(),
            connect_timeout: Duration::from_secs(30),
        }
    }

    /// Settings for `bootstrap`, with pass-through properties from the process environment.
    pub fn from_env(bootstrap: &str, connect_timeout: Duration) -> Self {
        KafkaSettings {
            bootstrap: bootstrap.to_string(),
            properties: Self::properties_from_env(std::env::vars()),
            connect_timeout,
        }
    }

    /// An idempotent producer (acks=all) for at-least-once publishing outside transactions.
    pub fn idempotent_producer(&self) -> Result<rdkafka::producer::FutureProducer> {
        Ok(self
            .config_with(&[
                ("enable.idempotence", "true"),
                ("acks", "all"),
                ("linger.ms", "5"),
                ("message.timeout.ms", "60000"),
            ])
            .create()?)
    }

    /// Collect `CLAIMWATCH_KAFKA_<PROPERTY>` variables: `CLAIMWATCH_KAFKA_SECURITY_PROTOCOL=ssl`
    /// becomes `security.protocol=ssl`. `CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS` is the broker list
    /// itself and is not repeated here.
    pub fn properties_from_env<I: IntoIterator<Item = (String, String)>>(
        vars: I,
    ) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = vars
            .into_iter()
            .filter_map(|(k, v)| {
                let rest = k.strip_prefix(PASSTHROUGH_PREFIX)?;
                if rest.is_empty() || rest == "BOOTSTRAP_SERVERS" {
                    return None;
                }
                Some((rest.to_ascii_lowercase().replace('_', "."), v))
            })
            .collect();
        out.sort();
        out
    }

    /// A client configuration with the broker list and pass-through properties.
    pub fn client_config(&self) -> ClientConfig {
        self.config_with(&[])
    }

    /// A client configuration with claimwatch's `defaults` for one kind of client, under the
    /// pass-through properties: an operator's `CLAIMWATCH_KAFKA_*` setting always wins.
    pub fn config_with(&self, defaults: &[(&str, &str)]) -> ClientConfig {
        let mut c = ClientConfig::new();
        c.set("bootstrap.servers", &self.bootstrap);
        c.set("client.id", "claimwatch");
        for (k, v) in defaults {
            c.set(*k, *v);
        }
        for (k, v) in &self.properties {
            c.set(k, v);
        }
        c
    }

    /// The settings as loggable pairs, with secrets masked.
    pub fn redacted(&self) -> Vec<(String, String)> {
        self.properties
            .iter()
            .map(|(k, v)| {
                let secret = ["password", "secret", "key", "token", "jaas"]
                    .iter()
                    .any(|s| k.contains(s));
                (k.clone(), if secret { "***".into() } else { v.clone() })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passthrough_maps_env_names_to_properties() {
        let props = KafkaSettings::properties_from_env(vec![
            (
                "CLAIMWATCH_KAFKA_SECURITY_PROTOCOL".into(),
                "sasl_ssl".into(),
            ),
            ("CLAIMWATCH_KAFKA_SASL_PASSWORD".into(), "hunter2".into()),
            ("CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS".into(), "x:9092".into()),
            ("CLAIMWATCH_LOG_FORMAT".into(), "json".into()),
        ]);
        assert_eq!(
            props,
            vec![
                ("sasl.password".to_string(), "hunter2".to_string()),
                ("security.protocol".to_string(), "sasl_ssl".to_string()),
            ]
        );
        let mut s = KafkaSettings::new("x:9092");
        s.properties = props;
        assert_eq!(s.redacted()[0].1, "***");
        assert_eq!(s.redacted()[1].1, "sasl_ssl");
    }

    #[test]
    fn operator_properties_override_claimwatch_defaults() {
        let mut s = KafkaSettings::new("x:9092");
        s.properties = vec![("linger.ms".into(), "50".into())];
        let c = s.config_with(&[("linger.ms", "5"), ("acks", "all")]);
        assert_eq!(c.get("linger.ms"), Some("50"));
        assert_eq!(c.get("acks"), Some("all"));
        assert_eq!(c.get("bootstrap.servers"), Some("x:9092"));
    }
}
