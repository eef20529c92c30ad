//! What the fetcher has already published, and the validators it keeps, in the compacted topic
//! `claimwatch.fetcher.state.v1` (key = article id, value = a JSON
//! [`claimwatch_fetch::state::Record`]) and rebuilt from it at start, so a restarted or
//! rescheduled fetcher does not republish. No local database.

use std::collections::HashMap;

use claimwatch_fetch::state::{Record, RecordKind, Validators};
use claimwatch_kafka::reader::{read_topic, Start};
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::topics;

/// The version 1 record type, kept under its old name for callers.
pub type Seen = Record;

#[derive(Debug, Default)]
pub struct State {
    records: HashMap<String, Record>,
}

impl State {
    /// Rebuild from the state topic (the last record per key wins, as compaction keeps it).
    pub fn load(kafka: &KafkaSettings) -> anyhow::Result<State> {
        let mut state = State::default();
        let mut bad = 0u64;
        read_topic(
            kafka,
            topics::FETCHER_STATE,
            Start::Beginning,
            false,
            None,
            |r| {
                let key = r.key.as_deref().and_then(|k| std::str::from_utf8(k).ok());
                if !state.apply(key, r.payload.as_deref()) {
                    bad += 1;
                }
                true
            },
        )?;
        if bad > 0 {
            tracing::warn!(
                bad,
                "unreadable records in the fetcher state topic were skipped"
            );
        }
        Ok(state)
    }

    /// Apply one record of the state topic; false if it could not be read.
    pub fn apply(&mut self, key: Option<&str>, payload: Option<&[u8]>) -> bool {
        match (key, payload) {
            (Some(k), Some(p)) => match Record::from_json(p) {
                Ok(r) => {
                    self.records.insert(k.to_string(), r);
                    true
                }
                Err(_) => false,
            },
            // A tombstone forgets the key.
            (Some(k), None) => {
                self.records.remove(k);
                true
            }
            _ => false,
        }
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Whether this exact content was already published for the article.
    pub fn is_duplicate(&self, article_id: &str, content_hash: &str) -> bool {
        self.records
            .get(article_id)
            .is_some_and(|s| s.kind != RecordKind::Resource && s.content_hash == content_hash)
    }

    /// Whether the URL with this id was already published (or led to a published article).
    pub fn knows(&self, article_id: &str) -> bool {
        self.records
            .get(article_id)
            .is_some_and(|s| s.kind != RecordKind::Resource)
    }

    pub fn get(&self, key: &str) -> Option<&Record> {
        self.records.get(key)
    }

    /// The validators kept for a key, for a conditional GET.
    pub fn validators(&self, key: &str) -> Option<Validators> {
        self.records.get(key).map(|r| Validators {
            etag: r.etag.clone(),
            last_modified: r.last_modified.clone(),
        })
    }

    pub fn record(&mut self, key: &str, record: Record) {
        self.records.insert(key.to_string(), record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_new_records_rebuild_the_same_state() {
        let mut s = State::default();
        assert!(s.apply(
            Some("a1"),
            Some(br#"{"canonical_url":"https://ex.org/a","content_hash":"h1"}"#)
        ));
        assert!(s.apply(
            Some("f1"),
            Some(br#"{"canonical_url":"https://ex.org/feed","content_hash":"h2","kind":"resource","etag":"\"e\""}"#)
        ));
        assert!(!s.apply(Some("x"), Some(b"not json")));
        assert!(s.knows("a1") && s.is_duplicate("a1", "h1") && !s.is_duplicate("a1", "h9"));
        assert!(!s.knows("f1"), "a feed's validators are not an article");
        assert_eq!(s.validators("f1").unwrap().etag.as_deref(), Some("\"e\""));
        assert!(s.apply(Some("a1"), None));
        assert!(!s.knows("a1"));
    }
}
