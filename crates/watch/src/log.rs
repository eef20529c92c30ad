//! Watch topics as an event log.
//!
//! Besides the file read at start, topics live in a compacted Kafka topic keyed by topic id. A
//! record's value is a watch-topic document holding exactly that one topic (the same TOML as the
//! file, so one validator serves both); an empty value (a tombstone) deletes the topic. Replaying
//! the log over the file's topics gives the current set: this module is that fold, with no Kafka
//! in it.

use std::collections::BTreeMap;

use crate::Topic;

/// What applying one record changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The topic was created or changed.
    Upserted { id: String, version: i32 },
    /// The topic was removed.
    Deleted { id: String },
    /// The record restates the current state (e.g. read again after a restart).
    Unchanged,
}

/// The file's topics with the log's changes folded over them.
#[derive(Debug, Clone, Default)]
pub struct WatchLog {
    base: Vec<Topic>,
    /// Latest change per topic id: `None` is a deletion.
    changes: BTreeMap<String, Option<Topic>>,
}

impl WatchLog {
    pub fn new(base: Vec<Topic>) -> WatchLog {
        WatchLog {
            base,
            changes: BTreeMap::new(),
        }
    }

    /// The current definition of a topic.
    pub fn get(&self, id: &str) -> Option<&Topic> {
        match self.changes.get(id) {
            Some(change) => change.as_ref(),
            None => self.base.iter().find(|t| t.id == id),
        }
    }

    /// Apply one record of the log. `compile` turns a document into topics (it resolves entity
    /// names, which this crate cannot do). A record that does not hold exactly one valid topic
    /// whose id is the key is rejected and changes nothing.
    pub fn apply(
        &mut self,
        key: &str,
        value: Option<&str>,
        compile: &dyn Fn(&str) -> Result<Vec<Topic>, String>,
    ) -> Result<Applied, String> {
        let Some(doc) = value.filter(|v| !v.trim().is_empty()) else {
            let existed = self.get(key).is_some();
            self.changes.insert(key.to_string(), None);
            return Ok(if existed {
                Applied::Deleted {
                    id: key.to_string(),
                }
            } else {
                Applied::Unchanged
            });
        };
        let mut topics = compile(doc)?;
        if topics.len() != 1 {
            return Err(format!(
                "a watch-topic record must hold exactly one topic, found {}",
                topics.len()
            ));
        }
        let topic = topics.remove(0);
        if topic.id != key {
            return Err(format!(
                "record key `{key}` does not match the topic id `{}`",
                topic.id
            ));
        }
        if let Some(current) = self.get(key) {
            if same_definition(current, &topic) {
                self.changes.insert(key.to_string(), Some(topic));
                return Ok(Applied::Unchanged);
            }
        }
        let applied = Applied::Upserted {
            id: topic.id.clone(),
            version: topic.version,
        };
        self.changes.insert(key.to_string(), Some(topic));
        Ok(applied)
    }

    /// Every live topic: the file's in file order, then those only in the log, by id.
    pub fn topics(&self) -> Vec<Topic> {
        let mut out: Vec<Topic> = self
            .base
            .iter()
            .filter_map(|t| match self.changes.get(&t.id) {
                Some(change) => change.clone(),
                None => Some(t.clone()),
            })
            .collect();
        for (id, change) in &self.changes {
            if let Some(t) = change {
                if !self.base.iter().any(|b| &b.id == id) {
                    out.push(t.clone());
                }
            }
        }
        out
    }
}

/// Whether two topics are defined alike (every field, the query in canonical form).
pub(crate) fn same_definition(a: &Topic, b: &Topic) -> bool {
    a.id == b.id
        && a.version == b.version
        && a.name == b.name
        && a.severity == b.severity
        && a.owner == b.owner
        && a.tags == b.tags
        && a.query.to_string() == b.query.to_string()
        && a.throttle == b.throttle
        && a.digest_secs == b.digest_secs
        && a.webhook == b.webhook
}

/// Split a watch-topic file into one document per topic, each with its id, ready to publish.
/// `version` overrides each topic's version when given.
pub fn topic_documents(
    source: &str,
    mut version: impl FnMut(&str, Option<i64>) -> Option<i64>,
) -> Result<Vec<(String, String)>, String> {
    let value: toml::Table = toml::from_str(source).map_err(|e| e.message().to_string())?;
    let topics = match value.get("topic") {
        Some(toml::Value::Array(items)) => items.clone(),
        Some(_) => return Err("`topic` must be an array of tables ([[topic]])".into()),
        None => return Err("no [[topic]] table in the file".into()),
    };
    let mut out = Vec::new();
    for item in topics {
        let toml::Value::Table(mut table) = item else {
            return Err("each [[topic]] must be a table".into());
        };
        let id = table
            .get("id")
            .and_then(|v| v.as_str())
            .ok_or("a topic has no string `id`")?
            .to_string();
        let given = table.get("version").and_then(|v| v.as_integer());
        if let Some(v) = version(&id, given) {
            table.insert("version".into(), toml::Value::Integer(v));
        }
        let mut doc = toml::Table::new();
        doc.insert(
            "topic".into(),
            toml::Value::Array(vec![toml::Value::Table(table)]),
        );
        let text = toml::to_string(&doc).map_err(|e| e.to_string())?;
        out.push((id, text));
    }
    Ok(out)
}
