//! Where each watch topic's alerts go: the topic's own `webhook`, from the watch-topic file with
//! the compacted log `claimwatch.watch-topics.v1` folded over it and followed until shutdown,
//! so `claimwatch watch add|update|rm` changes a destination within seconds. Only ids and
//! webhooks matter here: entity names in queries are kept as written (the alerting service
//! resolves them), so no dictionary is loaded.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use claimwatch_kafka::follow::{self, Swap};
use claimwatch_kafka::reader::OwnedRecord;
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::topics;
use claimwatch_telemetry::Shutdown;
use claimwatch_watch::{Applied, Topic, WatchLog, WatchSet};
use prometheus::{register_int_counter_vec, register_int_gauge, IntCounterVec, IntGauge};

/// Maps a watch topic id to the URL its alerts go to, if any.
pub type Resolver = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

static ROUTES: LazyLock<IntGauge> = LazyLock::new(|| {
    register_int_gauge!(
        "claimwatch_notifier_webhook_topics",
        "Watch topics that name a webhook of their own."
    )
    .expect("registers once")
});

static CHANGES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_notifier_watch_topic_changes_total",
        "Records read from the watch-topic log, by outcome (upserted, deleted, invalid, read_error).",
        &["outcome"]
    )
    .expect("registers once")
});

pub(crate) fn register_metrics() {
    ROUTES.set(0);
    for o in ["upserted", "deleted", "invalid", "read_error"] {
        CHANGES.with_label_values(&[o]);
    }
}

/// Compile a watch-topic document (the file, or one record of the log). Errors are rendered as
/// `origin:line:column: message`, one per line.
pub fn compile(source: &str, origin: &str) -> Result<Vec<Topic>, String> {
    let as_written = |name: &str| Some(name.to_string());
    WatchSet::from_toml(source, &as_written)
        .map(|s| s.topics().to_vec())
        .map_err(|errs| {
            errs.iter()
                .map(|e| format!("{origin}:{}:{}: {}", e.line, e.column, e.message))
                .collect::<Vec<_>>()
                .join("\n")
        })
}

/// The topics' own webhooks, by topic id (topics without one are left out).
pub fn own_webhooks(topics: &[Topic]) -> HashMap<String, String> {
    topics
        .iter()
        .filter_map(|t| Some((t.id.clone(), t.webhook.clone()?)))
        .collect()
}

/// The current topic id → webhook map, swapped when the log changes it.
pub struct Routes(Swap<HashMap<String, String>>);

impl Routes {
    pub fn fixed(topics: &[Topic]) -> Arc<Routes> {
        let map = own_webhooks(topics);
        ROUTES.set(map.len() as i64);
        Arc::new(Routes(Swap::new(Arc::new(map))))
    }

    /// How many topics name a webhook now.
    pub fn len(&self) -> usize {
        self.0.current().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A resolver: the topic's own `webhook` as it is when its alert is delivered, else
    /// `default_url`.
    pub fn resolver(self: &Arc<Self>, default_url: Option<String>) -> Resolver {
        let routes = self.clone();
        Arc::new(move |topic: &str| {
            routes
                .0
                .current()
                .get(topic)
                .cloned()
                .or_else(|| default_url.clone())
        })
    }

    /// Take the change of topic `id` (now `topic`, `None` when deleted) if it changes a webhook.
    fn update(&self, id: &str, topic: Option<&Topic>) {
        let now = self.0.current();
        let url = topic.and_then(|t| t.webhook.as_ref());
        if now.get(id) == url {
            return;
        }
        let mut next = HashMap::clone(&now);
        match url {
            Some(u) => next.insert(id.to_string(), u.clone()),
            None => next.remove(id),
        };
        ROUTES.set(next.len() as i64);
        self.0.replace(Arc::new(next));
    }
}

/// Fold one record of the log into `log`; count and log the outcome. Returns the id of the
/// topic it changed, if any.
pub fn apply_record(log: &mut WatchLog, r: &OwnedRecord) -> Option<String> {
    let (key, value) = match r.text() {
        Ok(kv) => kv,
        Err(why) => {
            CHANGES.with_label_values(&["invalid"]).inc();
            tracing::warn!(
                partition = r.partition,
                offset = r.offset,
                "watch-topic record ignored: {why}"
            );
            return None;
        }
    };
    let compile_doc = |doc: &str| compile(doc, topics::WATCH_TOPICS);
    match log.apply(key, value, &compile_doc) {
        Ok(Applied::Unchanged) => None,
        Ok(Applied::Upserted { id, .. }) => {
            CHANGES.with_label_values(&["upserted"]).inc();
            Some(id)
        }
        Ok(Applied::Deleted { id }) => {
            CHANGES.with_label_values(&["deleted"]).inc();
            Some(id)
        }
        Err(e) => {
            CHANGES.with_label_values(&["invalid"]).inc();
            tracing::warn!(topic_id = key, offset = r.offset, error = %e, "invalid watch-topic record ignored; the topic keeps its previous webhook");
            None
        }
    }
}

/// Read the log to its end over `base`, then follow it on a thread until shutdown.
pub fn start(
    kafka: &KafkaSettings,
    base: Vec<Topic>,
    shutdown: Shutdown,
) -> anyhow::Result<Arc<Routes>> {
    let mut log = WatchLog::new(base);
    let next = follow::load(kafka, topics::WATCH_TOPICS, |r| {
        apply_record(&mut log, r);
    })?;
    let routes = Routes::fixed(&log.topics());
    tracing::info!(
        topics_with_webhook = routes.len(),
        "watch topics loaded from the file and {}",
        topics::WATCH_TOPICS
    );
    let (kafka, target) = (kafka.clone(), routes.clone());
    std::thread::Builder::new()
        .name("watch-topics".into())
        .spawn(move || {
            follow::follow(
                &kafka,
                topics::WATCH_TOPICS,
                next,
                &shutdown,
                &mut |r| {
                    if let Some(id) = apply_record(&mut log, r) {
                        target.update(&id, log.get(&id));
                    }
                },
                &mut |e| {
                    CHANGES.with_label_values(&["read_error"]).inc();
                    tracing::warn!(error = %e, "following the watch-topic log failed; retrying");
                },
            )
        })?;
    Ok(routes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(offset: i64, id: &str, value: Option<&str>) -> OwnedRecord {
        OwnedRecord {
            partition: 0,
            offset,
            key: Some(id.as_bytes().to_vec()),
            payload: value.map(|v| v.as_bytes().to_vec()),
            headers: Vec::new(),
        }
    }

    #[test]
    fn per_topic_urls_win_over_the_default_and_topics_without_either_resolve_to_none() {
        let src = "[[topic]]\nid = \"a\"\nname = \"a\"\nquery = \"x\"\nwebhook = \"https://a.example/h\"\n\
                   [[topic]]\nid = \"b\"\nname = \"b\"\nquery = \"y\"\n";
        let routes = Routes::fixed(&compile(src, "w").unwrap());
        let r = routes.resolver(Some("https://default.example/h".into()));
        assert_eq!(r("a").as_deref(), Some("https://a.example/h"));
        assert_eq!(r("b").as_deref(), Some("https://default.example/h"));
        assert_eq!(r("gone").as_deref(), Some("https://default.example/h"));
        let r = routes.resolver(None);
        assert_eq!(r("a").as_deref(), Some("https://a.example/h"));
        assert_eq!(r("b"), None);
    }

    #[test]
    fn entity_names_need_no_dictionary_and_errors_say_where() {
        let src = "[[topic]]\nid = \"e\"\nname = \"e\"\nall_of = [\"entity:atlantis\"]\nwebhook = \"https://e.example/h\"\n";
        let topics = compile(src, "w.toml").unwrap();
        assert_eq!(own_webhooks(&topics)["e"], "https://e.example/h");
        let e = compile("[[topic]]\nid = \"x\"\n", "w.toml").unwrap_err();
        assert!(e.starts_with("w.toml:"), "{e}");
    }

    #[test]
    fn the_log_changes_and_removes_webhooks() {
        let base = compile("[[topic]]\nid = \"a\"\nname = \"a\"\nquery = \"x\"\n", "w").unwrap();
        let mut log = WatchLog::new(base.clone());
        let routes = Routes::fixed(&base);
        let r = routes.resolver(None);
        assert_eq!(r("a"), None);
        let mut apply = |rec: OwnedRecord| {
            if let Some(id) = apply_record(&mut log, &rec) {
                routes.update(&id, log.get(&id));
            }
        };
        let with_hook = "[[topic]]\nid = \"a\"\nname = \"a\"\nquery = \"x\"\nversion = 2\nwebhook = \"https://a.example/h\"\n";
        apply(record(0, "a", Some(with_hook)));
        assert_eq!(r("a").as_deref(), Some("https://a.example/h"));
        // A record that does not compile changes nothing.
        apply(record(1, "a", Some("[[topic]]\nid = \"a\"\n")));
        assert_eq!(r("a").as_deref(), Some("https://a.example/h"));
        // A key that is not the topic's id is refused.
        apply(record(2, "b", Some(with_hook)));
        assert_eq!(r("b"), None);
        // A tombstone deletes the topic and its webhook.
        apply(record(3, "a", None));
        assert_eq!(r("a"), None);
    }
}
