//! `claimwatch backfill --topic <id> [--since 30d]`: run one watch topic over the retained
//! claims log, with the alerting service's own engine and story dedup, and write the alerts it
//! would have fired, marked `backfill` and with ids of their own, to stdout (JSON lines) or to
//! the alerts topics.
//!
//! The log is read by partition assignment, outside any consumer group, so the live alerting
//! group's offsets and members are untouched.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use claimwatch_kafka::rdkafka::consumer::{BaseConsumer, Consumer};
use claimwatch_kafka::reader::{read_topic, Start};
use claimwatch_kafka::txloop::Processor;
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::{topics, Alert, ArticleEvent, ClaimEvent};
use claimwatch_schema::{Codec, Registry};
use claimwatch_watch::WatchSet;

#[derive(Debug, clap::Args)]
pub struct BackfillArgs {
    /// Id of the watch topic to run.
    #[arg(long)]
    topic: String,
    /// Only claims fetched this far back: `30d`, `12h`, `90m`.
    #[arg(long)]
    since: Option<String>,
    /// A watch-topic file to take the topic from when the watch-topic log does not have it.
    #[arg(long)]
    watch_file: Option<PathBuf>,
    /// Produce the alerts to claimwatch.alerts.v1 (and its JSON mirror) instead of stdout.
    #[arg(long)]
    to_kafka: bool,
    /// Read the older per-claim log (claimwatch.claims.v1: entity-bearing sentences only, no
    /// paragraphs) instead of claimwatch.articles.v1, for history extracted before every
    /// sentence was published. To match such history against every sentence, re-extract it
    /// instead: `claimwatch replay` of the raw log.
    #[arg(long)]
    from_claims: bool,
    /// Kafka bootstrap servers.
    #[arg(
        long,
        env = "CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS",
        default_value = "127.0.0.1:9092"
    )]
    bootstrap_servers: String,
    /// Schema registry (Confluent REST API; for Apicurio `.../apis/ccompat/v7`): resolves the
    /// ids of Confluent-framed claims, and with --to-kafka the alerts are written in that
    /// framing, as the alerting service writes them in registry mode.
    #[arg(long, env = "CLAIMWATCH_SCHEMA_REGISTRY_URL")]
    schema_registry_url: Option<String>,
}

pub fn main(a: BackfillArgs) -> ExitCode {
    match run(&a) {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("claimwatch backfill: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `30d` → milliseconds.
pub fn parse_since(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = num
        .parse()
        .map_err(|_| format!("--since `{s}`: expected a number and a unit (d, h, m)"))?;
    let unit_ms = match unit {
        "d" => 86_400_000,
        "h" => 3_600_000,
        "m" => 60_000,
        _ => return Err(format!("--since `{s}`: unit must be d, h or m")),
    };
    n.checked_mul(unit_ms)
        .ok_or_else(|| format!("--since `{s}` is too large"))
}

/// The topic to run: from the watch-topic log, else from the file.
fn find_topic(kafka: &KafkaSettings, a: &BackfillArgs) -> Result<WatchSet, String> {
    let base = match &a.watch_file {
        Some(path) => {
            let src = std::fs::read_to_string(path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            claimwatch_alerting::compile_watch_file(&src, &path.display().to_string())?
                .topics()
                .to_vec()
        }
        None => Vec::new(),
    };
    let (log, _) = claimwatch_alerting::live::load(kafka, base)
        .map_err(|e| format!("reading {}: {e}", topics::WATCH_TOPICS))?;
    let topic = log
        .get(&a.topic)
        .cloned()
        .ok_or_else(|| format!("no watch topic `{}` in the log or the file", a.topic))?;
    Ok(WatchSet::new(vec![topic]))
}

/// Records in `topic` now (high minus low watermark, summed over partitions).
fn total_records(kafka: &KafkaSettings, topic: &str) -> Result<i64, String> {
    let c: BaseConsumer = kafka
        .config_with(&[("group.id", "claimwatch-backfill")])
        .create()
        .map_err(|e| e.to_string())?;
    let md = c
        .fetch_metadata(Some(topic), kafka.connect_timeout)
        .map_err(|e| e.to_string())?;
    let mut total = 0;
    for t in md.topics() {
        for p in t.partitions() {
            let (lo, hi) = c
                .fetch_watermarks(topic, p.id(), kafka.connect_timeout)
                .map_err(|e| e.to_string())?;
            total += hi - lo;
        }
    }
    Ok(total)
}

struct Progress {
    on: bool,
    total: i64,
    last: Instant,
}

impl Progress {
    fn show(&mut self, read: i64, alerts: usize, force: bool) {
        if !self.on || (!force && self.last.elapsed() < Duration::from_millis(100)) {
            return;
        }
        self.last = Instant::now();
        let total = self.total.max(read).max(1);
        let width = 30;
        let done = (read * width / total) as usize;
        eprint!(
            "\r[{}{}] {read}/{total} records, {alerts} alerts",
            "#".repeat(done),
            " ".repeat(width as usize - done)
        );
        let _ = std::io::stderr().flush();
    }
}

fn run(a: &BackfillArgs) -> Result<String, String> {
    let kafka = KafkaSettings::from_env(&a.bootstrap_servers, Duration::from_secs(15));
    claimwatch_kafka::admin::wait_for_broker(&kafka).map_err(|e| e.to_string())?;
    let since_ms = a.since.as_deref().map(parse_since).transpose()?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let cutoff = since_ms.map(|s| now - s);
    let set = find_topic(&kafka, a)?;
    let topic = set.topics()[0].clone();
    let mut processor = claimwatch_alerting::AlertProcessor::new(set)
        .map_err(|e| e.to_string())?
        .for_backfill();
    let registry = Registry::from_setting(a.schema_registry_url.as_deref())?;
    let mut codec = Codec::<ClaimEvent>::new().map_err(|e| e.to_string())?;
    let mut article_codec = Codec::<ArticleEvent>::new().map_err(|e| e.to_string())?;
    let mut alert_codec = Codec::<Alert>::new().map_err(|e| e.to_string())?;
    let source = if a.from_claims {
        topics::CLAIMS
    } else {
        topics::ARTICLES
    };
    if let Some(registry) = &registry {
        codec = codec.with_registry(registry.clone());
        article_codec = article_codec.with_registry(registry.clone());
        if a.to_kafka {
            alert_codec = alert_codec
                .registered_for(registry, topics::ALERTS, kafka.connect_timeout)
                .map_err(|e| e.to_string())?;
        }
    }
    let mut progress = Progress {
        on: std::io::stderr().is_terminal(),
        total: total_records(&kafka, source).unwrap_or(0),
        last: Instant::now(),
    };
    let started = Instant::now();
    let (mut read, mut considered, mut undecodable) = (0i64, 0u64, 0u64);
    let mut alerts: Vec<Alert> = Vec::new();
    // The articles the topic fires on, kept (only those) and then replayed through the story
    // policy in fetch-time order: the first copy of a story is the earliest one, whatever order
    // the partitions were read in, so a rerun gives the same alerts.
    let mut batch: Vec<ArticleEvent> = Vec::new();
    let mut claims: Vec<ClaimEvent> = Vec::new();
    let mut candidates: Vec<ArticleEvent> = Vec::new();
    let mut flush = |batch: &mut Vec<ArticleEvent>, claims: &mut Vec<ClaimEvent>| {
        batch.extend(ArticleEvent::from_claims(claims));
        claims.clear();
        candidates.extend(batch.drain(..).filter(|a| processor.fires_on(a)));
    };
    // Skip what was written to the log before the cutoff (an event is written after its
    // article was fetched), then filter on the fetch time itself.
    let start = cutoff.map_or(Start::Beginning, Start::Time);
    read_topic(&kafka, source, start, false, None, |r| {
        read += 1;
        let in_range = |fetched_at: i64| cutoff.is_none_or(|cut| fetched_at >= cut);
        match r.payload.as_deref() {
            Some(p) if a.from_claims => match codec.decode(p) {
                Ok(c) if in_range(c.fetched_at) => {
                    considered += 1;
                    claims.push(c);
                }
                Ok(_) => {}
                Err(_) => undecodable += 1,
            },
            Some(p) => match article_codec.decode(p) {
                Ok(art) if in_range(art.fetched_at) => {
                    considered += 1;
                    batch.push(art);
                }
                Ok(_) => {}
                Err(_) => undecodable += 1,
            },
            None => undecodable += 1,
        }
        if batch.len() + claims.len() >= 500 {
            flush(&mut batch, &mut claims);
        }
        progress.show(read, 0, false);
        true
    })
    .map_err(|e| format!("reading {source}: {e}"))?;
    flush(&mut batch, &mut claims);
    candidates.sort_by(|a, b| (a.fetched_at, &a.article_id).cmp(&(b.fetched_at, &b.article_id)));
    for chunk in candidates.chunks(500) {
        alerts.extend(processor.alerts_for(chunk));
        processor.committed();
    }
    progress.show(read, alerts.len(), true);
    if progress.on {
        eprintln!();
    }

    if a.to_kafka {
        produce(&kafka, &alert_codec, &alerts)?;
    } else {
        let mut out = std::io::stdout().lock();
        for alert in &alerts {
            let line = serde_json::to_string(alert).map_err(|e| e.to_string())?;
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
        }
    }
    Ok(format!(
        "backfill of `{}` v{}: {read} records of {source} read, {considered} in range, {undecodable} undecodable, {} alerts {} in {:.1} s",
        topic.id,
        topic.version,
        alerts.len(),
        if a.to_kafka {
            format!("written to {}", topics::ALERTS)
        } else {
            "printed".to_string()
        },
        started.elapsed().as_secs_f64()
    ))
}

/// Write the alerts to the alerts topic and its JSON mirror.
fn produce(kafka: &KafkaSettings, codec: &Codec<Alert>, alerts: &[Alert]) -> Result<(), String> {
    let mut encoded = Vec::with_capacity(alerts.len());
    for alert in alerts {
        let avro = codec.encode(alert).map_err(|e| e.to_string())?;
        let json = serde_json::to_vec(alert).map_err(|e| e.to_string())?;
        encoded.push((alert.watch_topic_id.as_bytes(), avro, json));
    }
    let records: Vec<crate::produce::Record<'_>> = encoded
        .iter()
        .flat_map(|(key, avro, json)| {
            [(topics::ALERTS, avro), (topics::ALERTS_JSON, json)].map(|(topic, value)| {
                crate::produce::Record {
                    topic,
                    key,
                    value: Some(value.as_slice()),
                }
            })
        })
        .collect();
    crate::produce::produce_all(kafka, &records)
}

#[cfg(test)]
mod tests {
    use super::parse_since;

    #[test]
    fn since_takes_days_hours_and_minutes() {
        assert_eq!(parse_since("30d"), Ok(30 * 86_400_000));
        assert_eq!(parse_since("12h"), Ok(12 * 3_600_000));
        assert_eq!(parse_since("90m"), Ok(90 * 60_000));
        assert!(parse_since("3w").is_err());
        assert!(parse_since("d").is_err());
        assert!(parse_since("99999999999999999d").is_err());
    }
}
