//! `claimwatch entity add|update|rm|list|import`: manage users' entities in the compacted
//! topic `claimwatch.entities.v1`, which running extractors follow (the dictionary changes
//! without a restart).
//!
//! Each record is keyed by entity id and holds one `[[entity]]` in the dictionary's TOML (the
//! format of `crates/extract/data/entities.toml`); a tombstone removes the entity, shipped or
//! not. Every change is checked against the whole dictionary first (shipped, gazetteer and the
//! log as it is): nothing is published unless all of it compiles.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use claimwatch_extract::{check_document, EntityDictionary, EntityLog};
use claimwatch_kafka::{admin, follow, KafkaSettings};
use claimwatch_model::topics;

#[derive(Debug, clap::Args)]
pub struct EntityArgs {
    #[command(subcommand)]
    command: EntityCommand,
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
enum EntityCommand {
    /// Publish the entities of a dictionary file whose ids are not in the dictionary yet.
    Add { file: PathBuf },
    /// Publish new definitions of entities that exist (shipped or added).
    Update { file: PathBuf },
    /// Publish every entity of a dictionary file, new or existing.
    Import { file: PathBuf },
    /// Remove entities by id (shipped ones too).
    Rm {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Print the users' entities (the log); `--all` prints the whole dictionary in use.
    List {
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
        /// Every entity: shipped, gazetteer and users' own.
        #[arg(long)]
        all: bool,
    },
}

pub fn main(a: EntityArgs) -> ExitCode {
    let kafka = KafkaSettings::from_env(&a.bootstrap_servers, Duration::from_secs(15));
    match run(&kafka, a.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("claimwatch entity: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The entity log as it is now.
pub fn current(kafka: &KafkaSettings) -> Result<EntityLog, String> {
    let mut log = EntityLog::new();
    follow::load(kafka, topics::ENTITIES, |r| {
        let key = r.key.as_deref().and_then(|k| std::str::from_utf8(k).ok());
        let value = r
            .payload
            .as_deref()
            .and_then(|v| std::str::from_utf8(v).ok());
        if let Some(key) = key {
            // Records the services refuse are refused here too.
            let _ = log.apply(key, value);
        }
    })
    .map_err(|e| format!("reading {}: {e}", topics::ENTITIES))?;
    Ok(log)
}

/// The entities of a dictionary file, each as a document of its own: (id, document).
pub fn split_file(source: &str) -> Result<Vec<(String, String)>, String> {
    let value: toml::Table = source.parse().map_err(|e| format!("{e}"))?;
    if let Some(k) = value
        .keys()
        .find(|k| !matches!(k.as_str(), "entity" | "version"))
    {
        return Err(format!(
            "unexpected key `{k}`: an entity file holds `[[entity]]` tables"
        ));
    }
    let Some(list) = value.get("entity").and_then(|e| e.as_array()) else {
        return Err("no [[entity]] in the file".into());
    };
    let mut out = Vec::new();
    for e in list {
        let Some(table) = e.as_table() else {
            return Err("every `entity` must be a table".into());
        };
        let id = table
            .get("id")
            .and_then(|v| v.as_str())
            .ok_or("an entity without an `id`")?
            .to_string();
        let mut one = toml::Table::new();
        one.insert(
            "entity".into(),
            toml::Value::Array(vec![toml::Value::Table(table.clone())]),
        );
        let doc = toml::to_string(&one).map_err(|e| e.to_string())?;
        check_document(&id, &doc)?;
        if out.iter().any(|(i, _)| *i == id) {
            return Err(format!("entity `{id}` twice in the file"));
        }
        out.push((id, doc));
    }
    Ok(out)
}

fn run(kafka: &KafkaSettings, command: EntityCommand) -> Result<(), String> {
    admin::wait_for_broker(kafka).map_err(|e| e.to_string())?;
    let mut log = current(kafka)?;
    let dict = log.dictionary().map_err(|e| e.to_string())?;
    let records: Vec<(String, Option<String>)> = match command {
        EntityCommand::List { json, all } => {
            list(&log, &dict, json, all);
            return Ok(());
        }
        EntityCommand::Rm { ids } => {
            for id in &ids {
                if !dict.contains_id(id) {
                    return Err(format!("no entity `{id}` in the dictionary"));
                }
            }
            ids.into_iter().map(|id| (id, None)).collect()
        }
        EntityCommand::Add { file }
        | EntityCommand::Update { file }
        | EntityCommand::Import { file }
            if !file.exists() =>
        {
            return Err(format!("{}: no such file", file.display()));
        }
        EntityCommand::Add { file } => {
            let docs = read_split(&file)?;
            let taken: Vec<&str> = docs
                .iter()
                .filter(|(id, _)| dict.contains_id(id))
                .map(|(id, _)| id.as_str())
                .collect();
            if !taken.is_empty() {
                return Err(format!(
                    "already in the dictionary: {}; use `claimwatch entity update`",
                    taken.join(", ")
                ));
            }
            docs.into_iter().map(|(id, d)| (id, Some(d))).collect()
        }
        EntityCommand::Update { file } => {
            let docs = read_split(&file)?;
            let missing: Vec<&str> = docs
                .iter()
                .filter(|(id, _)| !dict.contains_id(id))
                .map(|(id, _)| id.as_str())
                .collect();
            if !missing.is_empty() {
                return Err(format!(
                    "not in the dictionary: {}; use `claimwatch entity add`",
                    missing.join(", ")
                ));
            }
            docs.into_iter().map(|(id, d)| (id, Some(d))).collect()
        }
        EntityCommand::Import { file } => read_split(&file)?
            .into_iter()
            .map(|(id, d)| (id, Some(d)))
            .collect(),
    };
    // Nothing is published unless the dictionary compiles with every change.
    for (id, doc) in &records {
        log.apply(id, doc.as_deref())
            .map_err(|e| format!("entity `{id}`: {e}"))?;
    }
    let after = log.dictionary().map_err(|e| e.to_string())?;
    let plain: Vec<crate::produce::Record<'_>> = records
        .iter()
        .map(|(key, value)| crate::produce::Record {
            topic: topics::ENTITIES,
            key: key.as_bytes(),
            value: value.as_deref().map(str::as_bytes),
        })
        .collect();
    crate::produce::produce_all(kafka, &plain)?;
    for (id, doc) in &records {
        println!(
            "{} {id}",
            if doc.is_some() {
                "published"
            } else {
                "removed"
            }
        );
    }
    println!("dictionary version {}", after.version());
    Ok(())
}

fn read_split(file: &std::path::Path) -> Result<Vec<(String, String)>, String> {
    let source = std::fs::read_to_string(file)
        .map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
    split_file(&source).map_err(|e| format!("{}: {e}", file.display()))
}

fn list(log: &EntityLog, dict: &EntityDictionary, json: bool, all: bool) {
    let users: std::collections::HashSet<&str> = log.documents().map(|(id, _)| id).collect();
    for e in dict.entities() {
        let mine = users.contains(e.id.as_str());
        if !all && !mine {
            continue;
        }
        let aliases: usize = e.aliases.values().map(Vec::len).sum();
        if json {
            let v = serde_json::json!({
                "id": e.id, "kind": e.kind, "country": e.country,
                "aliases": e.aliases, "contains": e.contains, "user": mine,
            });
            println!("{v}");
        } else {
            let groups = if e.contains.is_empty() {
                String::new()
            } else {
                format!("  contains {}", e.contains.join(", "))
            };
            println!(
                "{:<32} {:<12} {:>4} aliases{}{groups}",
                e.id,
                e.kind,
                aliases,
                if mine { "  (user)" } else { "" }
            );
        }
    }
    if !json {
        for id in log.removed() {
            println!("{id:<32} removed by users");
        }
        eprintln!("dictionary version {}", dict.version());
    }
}

#[cfg(test)]
mod tests {
    use super::split_file;

    #[test]
    fn a_file_splits_into_one_document_per_entity() {
        let src = "version = \"mine.1\"\n[[entity]]\nid = \"acme\"\nkind = \"company\"\naliases = { en = [\"Acme\"] }\n\n[[entity]]\nid = \"bolt\"\nkind = \"vessel\"\n[entity.aliases]\nen = [\"MV Bolt\"]\n";
        let docs = split_file(src).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].0, "bolt");
        assert!(docs[1].1.contains("MV Bolt"));
        assert!(split_file("[[entity]]\nkind = \"x\"\n")
            .unwrap_err()
            .contains("id"));
        assert!(split_file("colour = 1\n")
            .unwrap_err()
            .contains("unexpected key"));
        let twice = format!(
            "{src}\n[[entity]]\nid = \"acme\"\nkind = \"c\"\naliases = {{ en = [\"A2\"] }}\n"
        );
        assert!(split_file(&twice).unwrap_err().contains("twice"));
    }
}
