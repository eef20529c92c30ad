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
    /// The largest record, in bytes: the producers' `message.max.bytes`, the topics'
    /// `max.message.bytes` (when claimwatch creates them, and checked at start) and, less
    /// [`RECORD_ENVELOPE_BYTES`], the fetcher's body limit. One setting,
    /// `CLAIMWATCH_MAX_MESSAGE_BYTES`, so that the three cannot disagree.
    pub max_message_bytes: usize,
}

/// Default of `CLAIMWATCH_MAX_MESSAGE_BYTES`: 8 MiB.
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 8 * 1024 * 1024;
/// Smallest and largest values accepted for `CLAIMWATCH_MAX_MESSAGE_BYTES`.
pub const MAX_MESSAGE_BYTES_RANGE: (usize, usize) = (64 * 1024, 32 * 1024 * 1024);
/// Room kept in a record for everything but a raw article's body (URLs, ids, headers, the Avro
/// framing).
pub const RECORD_ENVELOPE_BYTES: usize = 32 * 1024;
/// Variable that sets [`KafkaSettings::max_message_bytes`].
pub const MAX_MESSAGE_BYTES_ENV: &str = "CLAIMWATCH_MAX_MESSAGE_BYTES";

/// Parse and check a `CLAIMWATCH_MAX_MESSAGE_BYTES` value.
pub fn parse_max_message_bytes(v: &str) -> std::result::Result<usize, String> {
    let n: usize = v
        .trim()
        .parse()
        .map_err(|_| format!("{MAX_MESSAGE_BYTES_ENV} must be a number of bytes, got {v:?}"))?;
    let (lo, hi) = MAX_MESSAGE_BYTES_RANGE;
    if !(lo..=hi).contains(&n) {
        return Err(format!(
            "{MAX_MESSAGE_BYTES_ENV} must be between {lo} and {hi} bytes, got {n}"
        ));
    }
    Ok(n)
}

/// Prefix of environment variables passed through to librdkafka.
pub const PASSTHROUGH_PREFIX: &str = "CLAIMWATCH_KAFKA_";

impl KafkaSettings {
    pub fn new(bootstrap: impl Into<String>) -> Self {
        KafkaSettings {
            bootstrap: bootstrap.into(),
            properties: Vec::new(),
            connect_timeout: Duration::from_secs(30),
            max_message_bytes: DEFAULT_MAX_MESSAGE_BYTES,
        }
    }

    /// Settings for `bootstrap`, with pass-through properties from the process environment.
    /// An invalid `CLAIMWATCH_MAX_MESSAGE_BYTES` is reported by [`KafkaSettings::try_from_env`];
    /// here it falls back to the default.
    pub fn from_env(bootstrap: &str, connect_timeout: Duration) -> Self {
        Self::try_from_env(bootstrap, connect_timeout).unwrap_or_else(|e| {
            tracing::error!(error = %e, "using the default max message size");
            let mut s = KafkaSettings::new(bootstrap);
            s.properties = Self::properties_from_env(std::env::vars());
            s.connect_timeout = connect_timeout;
            s
        })
    }

    /// [`KafkaSettings::from_env`], failing on an invalid `CLAIMWATCH_MAX_MESSAGE_BYTES`.
    pub fn try_from_env(
        bootstrap: &str,
        connect_timeout: Duration,
    ) -> std::result::Result<Self, String> {
        let max_message_bytes = match std::env::var(MAX_MESSAGE_BYTES_ENV) {
            Ok(v) if !v.trim().is_empty() => parse_max_message_bytes(&v)?,
            _ => DEFAULT_MAX_MESSAGE_BYTES,
        };
        Ok(KafkaSettings {
            bootstrap: bootstrap.to_string(),
            properties: Self::properties_from_env(std::env::vars()),
            connect_timeout,
            max_message_bytes,
        })
    }

    /// An idempotent producer (acks=all) for at-least-once publishing outside transactions.
    pub fn idempotent_producer(&self) -> Result<rdkafka::producer::FutureProducer> {
        Ok(self
            .config_with(&[
                ("enable.idempotence", "true"),
                ("acks", "all"),
                ("linger.ms", "5"),
                ("message.timeout.ms", "60000"),
                ("compression.type", "zstd"),
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
        c.set("message.max.bytes", self.max_message_bytes.to_string());
        for (k, v) in defaults {
            c.set(*k, *v);
        }
        for (k, v) in &self.properties {
            c.set(k, v);
        }
        c
    }

    /// The settings as loggable pairs, with secrets masked (see [`is_secret_property`]).
    pub fn redacted(&self) -> Vec<(String, String)> {
        self.properties
            .iter()
            .map(|(k, v)| {
                let masked = if is_secret_property(k, v) {
                    "***".to_string()
                } else {
                    v.clone()
                };
                (k.clone(), masked)
            })
            .collect()
    }
}

/// librdkafka properties whose value is a secret or carries one (the OAUTHBEARER config holds
/// `clientSecret=…`, a PEM holds a private key, a JAAS config holds a password).
pub const SECRET_PROPERTIES: &[&str] = &[
    "sasl.password",
    "sasl.username",
    "sasl.jaas.config",
    "sasl.oauthbearer.config",
    "sasl.oauthbearer.client.secret",
    "sasl.oauthbearer.assertion.private.key.passphrase",
    "sasl.oauthbearer.assertion.private.key.pem",
    "sasl.oauthbearer.assertion.jwt.template.file",
    "sasl.kerberos.keytab",
    "ssl.key.password",
    "ssl.key.pem",
    "ssl_key",
    "ssl.keystore.password",
    "ssl.truststore.password",
    "ssl.engine.callback_data",
];

/// Words that mark a property as secret wherever they stand in its name, as a whole
/// `.`/`_`/`-`-separated part (`my.plugin.api_token`, `sasl.foo.credentials`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "token",
    "credential",
    "credentials",
    "jaas",
    "apikey",
    "pem",
    "keytab",
    "private",
];

/// Markers of a secret inside a value, whatever the property is called
/// (`clientSecret=…`, `password="…"`, a PEM block).
const SECRET_VALUE_MARKERS: &[&str] = &[
    "secret=",
    "password=",
    "passwd=",
    "token=",
    "clientsecret",
    "-----begin",
];

/// Whether a Kafka client property must be masked in logs: it is a known secret property, a
/// part of its name is a secret word, or its value carries a secret marker. Names are compared
/// without case, with `_` read as `.` (the form `CLAIMWATCH_KAFKA_*` variables arrive in).
pub fn is_secret_property(key: &str, value: &str) -> bool {
    let k = key.trim().to_ascii_lowercase().replace('_', ".");
    if SECRET_PROPERTIES.iter().any(|s| s.replace('_', ".") == k) {
        return true;
    }
    if k.split(['.', '-']).any(|part| SECRET_WORDS.contains(&part)) {
        return true;
    }
    let v = value.to_ascii_lowercase();
    SECRET_VALUE_MARKERS.iter().any(|m| v.contains(m))
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
    fn secret_properties_are_masked() {
        let mut s = KafkaSettings::new("x:9092");
        s.properties = vec![
            (
                "sasl.oauthbearer.config".into(),
                "principal=svc scope=read".into(),
            ),
            ("sasl.oauthbearer.client.secret".into(), "s3cr3t".into()),
            ("ssl.key.pem".into(), "MIIEvQ".into()),
            ("ssl.keystore.password".into(), "pw".into()),
            ("sasl.jaas.config".into(), "x".into()),
            ("my.plugin.api.token".into(), "abc".into()),
            ("vendor.credentials".into(), "abc".into()),
            // Unknown name, secret-looking value.
            ("vendor.extra".into(), "clientId=a clientSecret=b".into()),
            ("vendor.other".into(), "user=a password=b".into()),
            // Not secrets: shown as they are.
            ("security.protocol".into(), "sasl_ssl".into()),
            ("sasl.mechanism".into(), "OAUTHBEARER".into()),
            ("ssl.ca.location".into(), "/etc/ca.pem".into()),
            ("linger.ms".into(), "5".into()),
        ];
        let shown: Vec<(String, String)> = s.redacted();
        for (k, v) in &shown[..9] {
            assert_eq!(v, "***", "{k} must be masked");
        }
        for ((k, v), (_, orig)) in shown[9..].iter().zip(&s.properties[9..]) {
            assert_eq!(v, orig, "{k} is not a secret");
        }
        // Every known secret property is masked whatever its value, in either spelling.
        for k in SECRET_PROPERTIES {
            assert!(is_secret_property(k, "v"), "{k}");
            assert!(
                is_secret_property(&k.replace('.', "_").to_uppercase(), "v"),
                "{k}"
            );
        }
    }

    #[test]
    fn operator_properties_override_claimwatch_defaults() {
        let mut s = KafkaSettings::new("x:9092");
        s.properties = vec![("linger.ms".into(), "50".into())];
        let c = s.config_with(&[("linger.ms", "5"), ("acks", "all")]);
        assert_eq!(c.get("linger.ms"), Some("50"));
        assert_eq!(c.get("acks"), Some("all"));
        assert_eq!(c.get("bootstrap.servers"), Some("x:9092"));
        assert_eq!(
            c.get("message.max.bytes"),
            Some(DEFAULT_MAX_MESSAGE_BYTES.to_string().as_str())
        );
    }

    #[test]
    fn max_message_bytes_is_validated() {
        assert_eq!(parse_max_message_bytes("1048576"), Ok(1_048_576));
        assert!(parse_max_message_bytes("10")
            .unwrap_err()
            .contains("between"));
        assert!(parse_max_message_bytes("1e6")
            .unwrap_err()
            .contains("number"));
        assert!(parse_max_message_bytes("999999999").is_err());
    }
}
