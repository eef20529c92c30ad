//! What the fetcher has already published, kept in the compacted topic
//! `claimwatch.fetcher.state.v1` (key = article id) and rebuilt from it at start, so a restarted
//! or rescheduled fetcher does not republish. No local database.

use std::collections::HashMap;

use claimwatch_kafka::reader::{read_topic, Start};
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::topics;
use serde::{Deserialize, Serialize};

/// The state kept per article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub canonical_url: String,
    pub content_hash: String,
}

#[derive(Debug, Default)]
pub struct State {
    seen: HashMap<String, Seen>,
}

impl State {
    /// Rebuild from the state topic (the last record per key wins, as compaction keeps it).
    pub fn load(kafka: &KafkaSettings) -> anyhow::Result<State> {
        let mut seen = HashMap::new();
        let mut bad = 0u64;
        read_topic(
            kafka,
            topics::FETCHER_STATE,
            Start::Beginning,
            false,
            None,
            |r| {
                let key = r.key.as_deref().and_then(|k| std::str::from_utf8(k).ok());
                match (key, r.payload.as_deref()) {
                    (Some(k), Some(p)) => match serde_json::from_slice::<Seen>(p) {
                        Ok(s) => {
                            seen.insert(k.to_string(), s);
                        }
                        Err(_) => bad += 1,
                    },
                    // A tombstone forgets the article.
                    (Some(k), None) => {
                        seen.remove(k);
                    }
                    _ => bad += 1,
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
        Ok(State { seen })
    }

    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Whether this exact content was already published for the article.
    pub fn is_duplicate(&self, article_id: &str, content_hash: &str) -> bool {
        self.seen
            .get(article_id)
            .is_some_and(|s| s.content_hash == content_hash)
    }

    /// Whether anything was published for the article.
    pub fn knows(&self, article_id: &str) -> bool {
        self.seen.contains_key(article_id)
    }

    pub fn record(&mut self, article_id: &str, seen: Seen) {
        self.seen.insert(article_id.to_string(), seen);
    }
}
