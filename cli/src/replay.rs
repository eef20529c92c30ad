//! `claimwatch replay`: rewind a consumer group over a retained topic, so the stage reprocesses
//! history (e.g. the extractor re-extracting raw articles after an upgrade). Events carry the
//! extractor version, so downstream can tell old claims from new ones.
//!
//! The group's members must be stopped first: Kafka only accepts offset commits from outside a
//! group while it has no active members. The services are static members, which stay in the
//! group for the session timeout (6 s) after they stop, so the commit is retried for up to
//! 20 s while the broker still counts them.

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use claimwatch_kafka::rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use claimwatch_kafka::rdkafka::{Offset, TopicPartitionList};
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::topics;

#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// Consumer group to rewind.
    #[arg(long, default_value = "claimwatch-extractor")]
    group: String,
    /// Topic the group consumes.
    #[arg(long, default_value = topics::ARTICLES_RAW)]
    topic: String,
    /// Rewind only this far back (hours); without it, to the oldest retained record.
    #[arg(long)]
    since_hours: Option<u64>,
    /// Kafka bootstrap servers.
    #[arg(
        long,
        env = "CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS",
        default_value = "127.0.0.1:9092"
    )]
    bootstrap_servers: String,
    /// Show the new offsets without committing them.
    #[arg(long)]
    dry_run: bool,
}

/// How long stopped static members may still count as members of their group (the services'
/// session timeout, 6 s, with room to spare).
const STOPPED_MEMBERS_LEAVE_WITHIN: Duration = Duration::from_secs(20);

/// Whether a refused commit means the group still has members.
fn members_remain(e: &claimwatch_kafka::rdkafka::error::KafkaError) -> bool {
    use claimwatch_kafka::rdkafka::types::RDKafkaErrorCode as C;
    matches!(
        e.rdkafka_error_code(),
        Some(C::UnknownMemberId | C::RebalanceInProgress | C::IllegalGeneration)
    )
}

pub fn main(a: ReplayArgs) -> ExitCode {
    match run(&a) {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("claimwatch replay: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(a: &ReplayArgs) -> Result<String, String> {
    let kafka = KafkaSettings::from_env(&a.bootstrap_servers, Duration::from_secs(15));
    let consumer: BaseConsumer = kafka
        .config_with(&[("group.id", &a.group), ("enable.auto.commit", "false")])
        .create()
        .map_err(|e| e.to_string())?;
    let md = consumer
        .fetch_metadata(Some(&a.topic), kafka.connect_timeout)
        .map_err(|e| format!("metadata: {e}"))?;
    let partitions: Vec<i32> = md
        .topics()
        .iter()
        .filter(|t| t.name() == a.topic && t.error().is_none())
        .flat_map(|t| t.partitions().iter().map(|p| p.id()))
        .collect();
    if partitions.is_empty() {
        return Err(format!("topic {} not found", a.topic));
    }
    let mut target = TopicPartitionList::new();
    match a.since_hours {
        None => {
            for p in &partitions {
                let (low, _) = consumer
                    .fetch_watermarks(&a.topic, *p, kafka.connect_timeout)
                    .map_err(|e| format!("watermarks: {e}"))?;
                target
                    .add_partition_offset(&a.topic, *p, Offset::Offset(low))
                    .map_err(|e| e.to_string())?;
            }
        }
        Some(h) => {
            let since = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_err(|e| e.to_string())?
                .saturating_sub(Duration::from_secs(h * 3600))
                .as_millis() as i64;
            let mut query = TopicPartitionList::new();
            for p in &partitions {
                query
                    .add_partition_offset(&a.topic, *p, Offset::Offset(since))
                    .map_err(|e| e.to_string())?;
            }
            let found = consumer
                .offsets_for_times(query, kafka.connect_timeout)
                .map_err(|e| format!("offsets for times: {e}"))?;
            for el in found.elements() {
                // No record that recent: start at the end (nothing to replay there).
                let offset = match el.offset() {
                    Offset::Offset(o) => Offset::Offset(o),
                    _ => {
                        let (_, high) = consumer
                            .fetch_watermarks(&a.topic, el.partition(), kafka.connect_timeout)
                            .map_err(|e| format!("watermarks: {e}"))?;
                        Offset::Offset(high)
                    }
                };
                target
                    .add_partition_offset(&a.topic, el.partition(), offset)
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    let listing: Vec<String> = target
        .elements()
        .iter()
        .map(|e| format!("{}:{}", e.partition(), e.offset().to_raw().unwrap_or(-1)))
        .collect();
    if a.dry_run {
        return Ok(format!(
            "dry run: group {} on {} would restart at partition:offset {}",
            a.group,
            a.topic,
            listing.join(" ")
        ));
    }
    let deadline = std::time::Instant::now() + STOPPED_MEMBERS_LEAVE_WITHIN;
    loop {
        match consumer.commit(&target, CommitMode::Sync) {
            Ok(()) => break,
            Err(e) if std::time::Instant::now() < deadline && members_remain(&e) => {
                std::thread::sleep(Duration::from_millis(500));
            }
            Err(e) => {
                return Err(format!(
                    "commit refused ({e}); stop every member of group {} first",
                    a.group
                ))
            }
        }
    }
    drop(target);
    Ok(format!(
        "group {} on {} rewound to partition:offset {}; start the service to reprocess",
        a.group,
        a.topic,
        listing.join(" ")
    ))
}
