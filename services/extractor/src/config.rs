//! The extractor's configuration: flags and `CLAIMWATCH_*` variables, validated once.

use std::net::SocketAddr;
use std::time::Duration;

use claimwatch_kafka::KafkaSettings;
use claimwatch_telemetry::args::CommonArgs;

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "claimwatch-extractor",
    version,
    about = "Turns raw articles into claims"
)]
pub struct Args {
    #[command(flatten)]
    pub common: CommonArgs,

    /// Consumer group of the extractor instances.
    #[arg(
        long,
        env = "CLAIMWATCH_EXTRACTOR_GROUP_ID",
        default_value = "claimwatch-extractor"
    )]
    pub group_id: String,

    /// Stable, unique per instance (fences a crashed predecessor); defaults to the group id
    /// plus the host name.
    #[arg(long, env = "CLAIMWATCH_EXTRACTOR_TRANSACTIONAL_ID")]
    pub transactional_id: Option<String>,

    /// Most records processed in one transaction.
    #[arg(long, env = "CLAIMWATCH_EXTRACTOR_BATCH_MAX", default_value_t = 200)]
    pub batch_max: usize,

    /// Longest wait, once a batch has its first record, for more records to join the same
    /// transaction (milliseconds). A batch never waits longer for records that are already
    /// there, so under load batches fill by themselves; this bounds what a lone article waits.
    #[arg(
        long,
        env = "CLAIMWATCH_EXTRACTOR_BATCH_LINGER_MS",
        default_value_t = 20
    )]
    pub batch_linger_ms: u64,

    /// Close a batch once no record has arrived for this long (milliseconds; 0: never): a
    /// lightly loaded stage then commits each burst as soon as it is read instead of waiting
    /// out the linger. Under load the fetched queue is never empty that long, so batches fill
    /// as before.
    #[arg(long, env = "CLAIMWATCH_EXTRACTOR_BATCH_IDLE_MS", default_value_t = 5)]
    pub batch_idle_ms: u64,

    /// Also write entity-bearing statements to claimwatch.claims.v1, one ClaimEvent each, as
    /// before claimwatch.articles.v1 existed (deprecated: off by default; turn it on for
    /// subscribers of the older topic, at about a quarter more of the extractor's CPU).
    #[arg(
        long,
        env = "CLAIMWATCH_EXTRACTOR_LEGACY_CLAIMS",
        default_value_t = false,
        action = clap::ArgAction::Set
    )]
    pub legacy_claims: bool,

    /// Follow the users' entity log (claimwatch.entities.v1); off: the shipped dictionary only.
    #[arg(
        long,
        env = "CLAIMWATCH_EXTRACTOR_FOLLOW_ENTITIES",
        default_value_t = true,
        action = clap::ArgAction::Set
    )]
    pub follow_entities: bool,
}

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub kafka: KafkaSettings,
    pub metrics_addr: Option<SocketAddr>,
    pub group_id: String,
    pub transactional_id: String,
    pub batch_max: usize,
    pub batch_linger: std::time::Duration,
    /// `None`: batches close on linger and size only.
    pub batch_idle: Option<std::time::Duration>,
    pub create_topics: bool,
    pub topic_partitions: i32,
    /// Schema registry: when set, events are written with the Confluent framing.
    pub schema_registry: Option<claimwatch_schema::Registry>,
    /// Write claimwatch.claims.v1 as well.
    pub legacy_claims: bool,
    /// Follow claimwatch.entities.v1.
    pub follow_entities: bool,
}

impl Config {
    pub fn from_args(a: Args) -> Result<Config, String> {
        a.common.validate()?;
        if a.batch_max == 0 || a.batch_max > 100_000 {
            return Err("batch max must be between 1 and 100000".into());
        }
        if a.batch_linger_ms > 60_000 {
            return Err("batch linger must be at most 60000 ms".into());
        }
        if a.batch_idle_ms > 60_000 {
            return Err("batch idle must be at most 60000 ms".into());
        }
        let transactional_id = a.transactional_id.unwrap_or_else(|| {
            format!("{}-{}", a.group_id, claimwatch_telemetry::args::hostname())
        });
        Ok(Config {
            kafka: KafkaSettings::try_from_env(
                &a.common.bootstrap_servers,
                Duration::from_secs(a.common.broker_timeout_secs),
            )?,
            metrics_addr: a.common.metrics_socket()?,
            group_id: a.group_id,
            transactional_id,
            batch_max: a.batch_max,
            batch_linger: std::time::Duration::from_millis(a.batch_linger_ms),
            batch_idle: (a.batch_idle_ms > 0)
                .then(|| std::time::Duration::from_millis(a.batch_idle_ms)),
            create_topics: a.common.create_topics,
            topic_partitions: a.common.topic_partitions,
            schema_registry: claimwatch_schema::Registry::from_setting(a.common.schema_registry())?,
            legacy_claims: a.legacy_claims,
            follow_entities: a.follow_entities,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn config(extra: &[&str]) -> Result<Config, String> {
        let argv = ["claimwatch-extractor"].iter().chain(extra);
        Config::from_args(Args::try_parse_from(argv).map_err(|e| e.to_string())?)
    }

    #[test]
    fn batch_linger_is_short_by_default_settable_and_bounded() {
        let d = config(&[]).unwrap();
        assert_eq!(d.batch_linger, std::time::Duration::from_millis(20));
        let set = config(&["--batch-linger-ms", "5"]).unwrap();
        assert_eq!(set.batch_linger, std::time::Duration::from_millis(5));
        let err = config(&["--batch-linger-ms", "70000"]).unwrap_err();
        assert!(err.contains("batch linger"), "{err}");
    }

    #[test]
    fn the_legacy_claims_topic_is_off_by_default_and_can_be_turned_on() {
        assert!(!config(&[]).unwrap().legacy_claims);
        assert!(config(&["--legacy-claims", "true"]).unwrap().legacy_claims);
    }

    #[test]
    fn batches_close_when_idle_by_default_and_the_gap_can_be_turned_off() {
        let d = config(&[]).unwrap();
        assert_eq!(d.batch_idle, Some(std::time::Duration::from_millis(5)));
        assert_eq!(config(&["--batch-idle-ms", "0"]).unwrap().batch_idle, None);
        let set = config(&["--batch-idle-ms", "2"]).unwrap();
        assert_eq!(set.batch_idle, Some(std::time::Duration::from_millis(2)));
        let err = config(&["--batch-idle-ms", "70000"]).unwrap_err();
        assert!(err.contains("batch idle"), "{err}");
    }
}
