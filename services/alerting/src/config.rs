//! The alerting service's configuration: flags and `CLAIMWATCH_*` variables, validated once.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use claimwatch_kafka::KafkaSettings;
use claimwatch_telemetry::args::CommonArgs;

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "claimwatch-alerting",
    version,
    about = "Matches claims against watch topics"
)]
pub struct Args {
    #[command(flatten)]
    pub common: CommonArgs,

    /// Watch-topic file (TOML).
    #[arg(
        long,
        env = "CLAIMWATCH_ALERTING_WATCH_FILE",
        default_value = "samples/watch-topics.toml"
    )]
    pub watch_file: PathBuf,

    /// Consumer group of the alerting instances.
    #[arg(
        long,
        env = "CLAIMWATCH_ALERTING_GROUP_ID",
        default_value = "claimwatch-alerting"
    )]
    pub group_id: String,

    /// Stable, unique per instance; defaults to the group id plus the host name.
    #[arg(long, env = "CLAIMWATCH_ALERTING_TRANSACTIONAL_ID")]
    pub transactional_id: Option<String>,

    /// Most records processed in one transaction.
    #[arg(long, env = "CLAIMWATCH_ALERTING_BATCH_MAX", default_value_t = 500)]
    pub batch_max: usize,

    /// Longest wait, once a batch has its first record, for more records to join the same
    /// transaction (milliseconds). A batch never waits longer for records that are already
    /// there, so under load batches fill by themselves; this bounds what a lone article waits.
    #[arg(
        long,
        env = "CLAIMWATCH_ALERTING_BATCH_LINGER_MS",
        default_value_t = 20
    )]
    pub batch_linger_ms: u64,

    /// Close a batch once no record has arrived for this long (milliseconds; 0: never): a
    /// lightly loaded stage then commits each burst as soon as it is read instead of waiting
    /// out the linger. Under load the fetched queue is never empty that long, so batches fill
    /// as before.
    #[arg(long, env = "CLAIMWATCH_ALERTING_BATCH_IDLE_MS", default_value_t = 5)]
    pub batch_idle_ms: u64,

    /// Hours a story is remembered after its last copy: later near-duplicates within it fire
    /// no new alert (only an `update` when they add claims or an independent source).
    #[arg(
        long,
        env = "CLAIMWATCH_ALERTING_STORY_WINDOW_HOURS",
        default_value_t = 72
    )]
    pub story_window_hours: u64,

    /// Estimated Jaccard similarity of main texts (0..1) from which two articles are one story.
    #[arg(
        long,
        env = "CLAIMWATCH_ALERTING_STORY_THRESHOLD",
        default_value_t = 0.5
    )]
    pub story_threshold: f64,

    /// Most stories remembered per watch topic inside the story window. A topic that reaches
    /// it forgets its least recently seen stories early (counted in
    /// `claimwatch_alerting_stories_evicted_total` and logged), so a late copy of one may fire
    /// again. Each story costs about 1-3 KB of memory.
    #[arg(
        long,
        env = "CLAIMWATCH_ALERTING_MAX_STORIES",
        default_value_t = claimwatch_story::policy::DEFAULT_MAX_STORIES
    )]
    pub max_stories: usize,

    /// Hours an alert id is remembered after it fired or was held for a digest: the same id is
    /// never produced again within it (a replayed or re-extracted article).
    #[arg(long, env = "CLAIMWATCH_ALERTING_DEDUP_HOURS", default_value_t = 168)]
    pub dedup_hours: u64,
}

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub kafka: KafkaSettings,
    pub metrics_addr: Option<SocketAddr>,
    /// The watch-topic file's contents and where they came from.
    pub watch_source: String,
    pub watch_path: PathBuf,
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
    pub story: claimwatch_story::Settings,
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
        if !(a.story_threshold > 0.0 && a.story_threshold <= 1.0) {
            return Err("story threshold must be in (0, 1]".into());
        }
        if a.story_window_hours == 0 || a.story_window_hours > 24 * 90 {
            return Err("story window must be between 1 and 2160 hours".into());
        }
        if a.max_stories == 0 || a.max_stories > 1_000_000 {
            return Err("max stories must be between 1 and 1000000".into());
        }
        if a.dedup_hours < a.story_window_hours || a.dedup_hours > 24 * 365 {
            return Err(format!(
                "dedup hours must be at least the story window ({} hours) and at most 8760",
                a.story_window_hours
            ));
        }
        let story = claimwatch_story::Settings {
            story_window_ms: a.story_window_hours as i64 * 3600 * 1000,
            threshold: a.story_threshold,
            max_stories: a.max_stories,
            fired_ttl_ms: a.dedup_hours as i64 * 3600 * 1000,
            ..claimwatch_story::Settings::default()
        };
        let watch_source = std::fs::read_to_string(&a.watch_file)
            .map_err(|e| format!("cannot read watch file {}: {e}", a.watch_file.display()))?;
        let transactional_id = a.transactional_id.unwrap_or_else(|| {
            format!("{}-{}", a.group_id, claimwatch_telemetry::args::hostname())
        });
        Ok(Config {
            kafka: KafkaSettings::from_env(
                &a.common.bootstrap_servers,
                Duration::from_secs(a.common.broker_timeout_secs),
            ),
            metrics_addr: a.common.metrics_socket()?,
            watch_source,
            watch_path: a.watch_file,
            group_id: a.group_id,
            transactional_id,
            batch_max: a.batch_max,
            batch_linger: std::time::Duration::from_millis(a.batch_linger_ms),
            batch_idle: (a.batch_idle_ms > 0)
                .then(|| std::time::Duration::from_millis(a.batch_idle_ms)),
            create_topics: a.common.create_topics,
            topic_partitions: a.common.topic_partitions,
            schema_registry: claimwatch_schema::Registry::from_setting(a.common.schema_registry())?,
            story,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_service_flags_are_consistent() {
        use clap::CommandFactory;
        super::Args::command().debug_assert();
    }

    #[test]
    fn both_stages_close_batches_when_idle_unless_turned_off() {
        use clap::Parser;
        let config = |extra: &[&str]| {
            let watch = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../samples/watch-topics.toml"
            );
            let argv = ["claimwatch-alerting", "--watch-file", watch]
                .into_iter()
                .chain(extra.iter().copied());
            super::Config::from_args(super::Args::try_parse_from(argv).unwrap())
        };
        let d = config(&[]).unwrap();
        assert_eq!(d.batch_idle, Some(std::time::Duration::from_millis(5)));
        assert_eq!(config(&["--batch-idle-ms", "0"]).unwrap().batch_idle, None);
        assert!(config(&["--batch-idle-ms", "70000"]).is_err());
    }
}
