//! What the fetcher has already published, and the validators it keeps, in the compacted topic
//! `claimwatch.fetcher.state.v1` (key = article id, value = a JSON
//! [`claimwatch_fetch::state::Record`]) and rebuilt from it at start, so a restarted or
//! rescheduled fetcher does not republish. No local database.

use std::collections::HashMap;

use claimwatch_fetch::state::{Record, RecordKind, Validators};
use claimwatch_kafka::reader::{read_topic, Start};
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::topics;

/// One key's record, when it was last written to the state topic and when a source last
/// listed it (Unix ms).
#[derive(Debug, Clone)]
struct Entry {
    record: Record,
    written_ms: i64,
    seen_ms: i64,
}

/// The state, bounded in time: a key that no source listed for `ttl` is forgotten (and a
/// tombstone written for it), so the map does not grow with every URL ever fetched. A key that
/// sources keep listing is rewritten once half its `ttl` has passed, so it survives restarts.
#[derive(Debug, Default)]
pub struct State {
    records: HashMap<String, Entry>,
    ttl_ms: Option<i64>,
    /// Time of the load: the last-seen time of records written without one.
    loaded_ms: i64,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl State {
    /// Rebuild from the state topic (the last record per key wins, as compaction keeps it).
    pub fn load(kafka: &KafkaSettings) -> anyhow::Result<State> {
        let mut state = State {
            loaded_ms: now_ms(),
            ..State::default()
        };
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
                    let at = r.fetched_at.unwrap_or(self.loaded_ms);
                    self.records.insert(
                        k.to_string(),
                        Entry {
                            record: r,
                            written_ms: at,
                            seen_ms: at,
                        },
                    );
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
        self.records.get(article_id).is_some_and(|e| {
            e.record.kind != RecordKind::Resource && e.record.content_hash == content_hash
        })
    }

    /// Whether the URL with this id was already published (or led to a published article).
    pub fn knows(&self, article_id: &str) -> bool {
        self.records
            .get(article_id)
            .is_some_and(|e| e.record.kind != RecordKind::Resource)
    }

    pub fn get(&self, key: &str) -> Option<&Record> {
        self.records.get(key).map(|e| &e.record)
    }

    /// The validators kept for a key, for a conditional GET.
    pub fn validators(&self, key: &str) -> Option<Validators> {
        self.records.get(key).map(|e| Validators {
            etag: e.record.etag.clone(),
            last_modified: e.record.last_modified.clone(),
        })
    }

    /// Apply a record just written to the state topic at `now_ms`.
    pub fn record_at(&mut self, key: &str, record: Record, now_ms: i64) {
        self.records.insert(
            key.to_string(),
            Entry {
                record,
                written_ms: now_ms,
                seen_ms: now_ms,
            },
        );
    }

    pub fn record(&mut self, key: &str, record: Record) {
        self.record_at(key, record, now_ms());
    }

    /// Forget a key (an article whose publication failed: it is tried again next poll).
    pub fn forget(&mut self, key: &str) {
        self.records.remove(key);
    }

    /// Forget keys after `ttl` without being listed (`None`: never).
    pub fn set_ttl(&mut self, ttl: Option<std::time::Duration>) {
        self.ttl_ms = ttl.map(|d| d.as_millis().min(i64::MAX as u128) as i64);
    }

    /// A source listed `key` again at `now_ms`. Returns its record when it should be written
    /// again to stay alive across restarts (more than half its time to live since the last
    /// write).
    pub fn touch(&mut self, key: &str, now_ms: i64) -> Option<Record> {
        let ttl = self.ttl_ms;
        let e = self.records.get_mut(key)?;
        e.seen_ms = e.seen_ms.max(now_ms);
        let ttl = ttl?;
        (now_ms - e.written_ms > ttl / 2).then(|| e.record.clone())
    }

    /// Remove the keys not listed within the time to live before `now_ms`; returns them (the
    /// caller writes their tombstones).
    pub fn expire(&mut self, now_ms: i64) -> Vec<String> {
        let Some(ttl) = self.ttl_ms else {
            return Vec::new();
        };
        let mut gone: Vec<String> = self
            .records
            .iter()
            .filter(|(_, e)| now_ms - e.seen_ms > ttl)
            .map(|(k, _)| k.clone())
            .collect();
        gone.sort();
        for k in &gone {
            self.records.remove(k);
        }
        gone
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

    #[test]
    fn keys_not_listed_within_the_ttl_expire_and_listed_ones_are_rewritten() {
        let day = 86_400_000i64;
        let mut s = State::default();
        s.record_at("a", Record::article("https://ex.org/a", "h"), 0);
        s.record_at("b", Record::article("https://ex.org/b", "h"), 0);
        // No TTL: nothing ever expires or needs rewriting.
        assert!(s.expire(1000 * day).is_empty());
        assert!(s.touch("a", 1000 * day).is_none());

        let mut s = State::default();
        s.set_ttl(Some(std::time::Duration::from_millis(10 * day as u64)));
        s.record_at("a", Record::article("https://ex.org/a", "h"), 0);
        s.record_at("b", Record::article("https://ex.org/b", "h"), 0);
        assert!(s.touch("a", 4 * day).is_none(), "written recently enough");
        let again = s.touch("a", 6 * day).expect("half the TTL passed: rewrite");
        assert_eq!(again.canonical_url, "https://ex.org/a");
        s.record_at("a", again, 6 * day);
        assert!(s.expire(9 * day).is_empty());
        assert_eq!(
            s.expire(11 * day),
            vec!["b".to_string()],
            "b was never listed again"
        );
        assert!(s.knows("a") && !s.knows("b"));
        assert_eq!(s.len(), 1);
        assert!(
            s.touch("b", 11 * day).is_none(),
            "a forgotten key is not revived"
        );
        assert_eq!(s.expire(17 * day), vec!["a".to_string()]);
    }
}
