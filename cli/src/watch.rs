//! `claimwatch watch add|update|rm|list`: manage watch topics in the compacted topic
//! `claimwatch.watch-topics.v1`, which running alerting instances follow.
//!
//! Each record is keyed by topic id and holds one topic in the watch-file TOML format; a
//! tombstone deletes. Every change gets a new version: `add` keeps the file's version (1 by
//! default), `update` takes the next one unless the file names a higher one.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use claimwatch_kafka::{admin, KafkaSettings};
use claimwatch_model::topics;
use claimwatch_watch::{topic_documents, Topic};

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    #[command(subcommand)]
    command: WatchCommand,
    /// Kafka bootstrap servers.
    #[arg(
        long,
        global = true,
        env = "CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS",
        default_value = "127.0.0.1:9092"
    )]
    bootstrap_servers: String,
}

#[derive(Debug, clap::Subcommand)]
enum WatchCommand {
    /// Publish the topics of a watch-topic file that do not exist yet.
    Add { file: PathBuf },
    /// Publish new versions of existing topics from a watch-topic file.
    Update { file: PathBuf },
    /// Delete topics by id.
    Rm {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Print the current topics (from the log only; file topics of a service are not known
    /// here).
    List {
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
}

pub fn main(a: WatchArgs) -> ExitCode {
    let kafka = KafkaSettings::from_env(&a.bootstrap_servers, Duration::from_secs(15));
    match run(&kafka, a.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("claimwatch watch: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The current topics in the log, by id.
fn current(kafka: &KafkaSettings) -> Result<BTreeMap<String, Topic>, String> {
    let (log, _) = claimwatch_alerting::live::load(kafka, Vec::new())
        .map_err(|e| format!("reading {}: {e}", topics::WATCH_TOPICS))?;
    Ok(log
        .topics()
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect())
}

fn run(kafka: &KafkaSettings, command: WatchCommand) -> Result<(), String> {
    admin::wait_for_broker(kafka).map_err(|e| e.to_string())?;
    let existing = current(kafka)?;
    match command {
        WatchCommand::Add { file } => publish_file(kafka, &file, &existing, false),
        WatchCommand::Update { file } => publish_file(kafka, &file, &existing, true),
        WatchCommand::Rm { ids } => {
            for id in &ids {
                if !existing.contains_key(id) {
                    return Err(format!("no watch topic `{id}` in {}", topics::WATCH_TOPICS));
                }
            }
            let records: Vec<(String, Option<String>)> =
                ids.iter().map(|id| (id.clone(), None)).collect();
            produce(kafka, &records)?;
            for id in ids {
                println!("deleted {id}");
            }
            Ok(())
        }
        WatchCommand::List { json } => {
            for t in existing.values() {
                if json {
                    let v = serde_json::json!({
                        "id": t.id, "name": t.name, "version": t.version,
                        "severity": t.severity, "owner": t.owner, "tags": t.tags,
                        "query": t.query.to_string(),
                        "throttle": t.throttle.map(|th| serde_json::json!({"max_alerts": th.max_alerts, "window_secs": th.window_secs})),
                        "digest_secs": t.digest_secs, "webhook": t.webhook,
                    });
                    println!("{v}");
                } else {
                    println!(
                        "{:<28} v{:<3} {:<8} {}",
                        t.id, t.version, t.severity, t.query
                    );
                }
            }
            Ok(())
        }
    }
}

fn publish_file(
    kafka: &KafkaSettings,
    file: &std::path::Path,
    existing: &BTreeMap<String, Topic>,
    update: bool,
) -> Result<(), String> {
    let source = std::fs::read_to_string(file)
        .map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
    // Validate the whole file first: nothing is published unless every topic compiles. Names
    // are resolved with the dictionary in use (shipped, gazetteer and users' entity log).
    let dict = crate::entity::current(kafka)?
        .dictionary()
        .map_err(|e| format!("entity dictionary: {e}"))?;
    let set =
        claimwatch_alerting::compile_watch_file_with(&source, &file.display().to_string(), &dict)?;
    for w in claimwatch_alerting::topic_warnings(&set) {
        eprintln!("{}: {w}", file.display());
    }
    let mut problems = Vec::new();
    let docs = topic_documents(&source, |id, given| match (update, existing.get(id)) {
        (false, Some(_)) => {
            problems.push(format!(
                "watch topic `{id}` exists; use `claimwatch watch update`"
            ));
            None
        }
        (true, None) => {
            problems.push(format!(
                "no watch topic `{id}` to update; use `claimwatch watch add`"
            ));
            None
        }
        (false, None) => Some(given.unwrap_or(1)),
        (true, Some(t)) => {
            let next = i64::from(t.version) + 1;
            Some(given.map_or(next, |g| g.max(next)))
        }
    })
    .map_err(|e| format!("{}: {e}", file.display()))?;
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    // The rewritten documents must still compile (the version was the only change).
    let mut records = Vec::new();
    for (id, doc) in docs {
        let compiled = claimwatch_alerting::live::compile_document(&doc)?;
        let version = compiled.first().map_or(0, |t| t.version);
        records.push((id, Some(doc), version));
    }
    let plain: Vec<(String, Option<String>)> = records
        .iter()
        .map(|(id, d, _)| (id.clone(), d.clone()))
        .collect();
    produce(kafka, &plain)?;
    for (id, _, version) in records {
        println!(
            "{} {id} v{version}",
            if update { "updated" } else { "added" }
        );
    }
    Ok(())
}

/// Publish (key, document or tombstone) records to the watch-topic log.
fn produce(kafka: &KafkaSettings, records: &[(String, Option<String>)]) -> Result<(), String> {
    let records: Vec<crate::produce::Record<'_>> = records
        .iter()
        .map(|(key, value)| crate::produce::Record {
            topic: topics::WATCH_TOPICS,
            key: key.as_bytes(),
            value: value.as_deref().map(str::as_bytes),
        })
        .collect();
    crate::produce::produce_all(kafka, &records)
}
