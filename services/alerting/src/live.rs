//! The live set of watch topics: the file's topics with the compacted topic
//! `claimwatch.watch-topics.v1` folded over them, followed for the life of the service so
//! changes published with `claimwatch watch add|update|rm` apply within seconds, without a
//! restart.

use claimwatch_kafka::follow::{self, Swap};
use claimwatch_kafka::reader::OwnedRecord;
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::topics;
use claimwatch_telemetry::Shutdown;
use claimwatch_watch::{Applied, Topic, WatchLog, WatchSet};
use std::collections::HashMap;
use std::sync::Arc;

use crate::events;

/// The current compiled set, swapped atomically when the log changes it.
pub struct LiveWatch(Swap<WatchSet>);

impl LiveWatch {
    /// A set that never changes (tests, the demo).
    pub fn fixed(set: WatchSet) -> Arc<LiveWatch> {
        events::watch_topics(set.topics().len());
        Arc::new(LiveWatch(Swap::new(Arc::new(set))))
    }

    /// The set to match the next batch against.
    pub fn current(&self) -> Arc<WatchSet> {
        self.0.current()
    }

    /// How many times the set was replaced.
    pub fn generation(&self) -> u64 {
        self.0.generation()
    }

    #[cfg(test)]
    pub(crate) fn replace_for_test(&self, set: WatchSet) {
        self.replace(set);
    }

    fn replace(&self, set: WatchSet) {
        events::watch_topics(set.topics().len());
        self.0.replace(Arc::new(set));
    }
}

/// Compile one record's document against the built-in dictionary.
pub fn compile_document(doc: &str) -> Result<Vec<Topic>, String> {
    crate::compile_watch_file(doc, topics::WATCH_TOPICS).map(|s| s.topics().to_vec())
}

/// Fold one record into `log`; count and log the outcome. Returns whether the set changed.
pub fn apply_record(log: &mut WatchLog, r: &OwnedRecord) -> bool {
    let (key, value) = match r.text() {
        Ok(kv) => kv,
        Err(why) => {
            events::watch_change("invalid");
            tracing::error!(
                partition = r.partition,
                offset = r.offset,
                "watch-topic record ignored: {why}"
            );
            return false;
        }
    };
    match log.apply(key, value, &compile_document) {
        Ok(Applied::Unchanged) => false,
        Ok(Applied::Upserted { id, version }) => {
            events::watch_change("upserted");
            tracing::info!(topic_id = %id, version, offset = r.offset, "watch topic created or updated");
            true
        }
        Ok(Applied::Deleted { id }) => {
            events::watch_change("deleted");
            tracing::info!(topic_id = %id, offset = r.offset, "watch topic deleted");
            true
        }
        Err(e) => {
            events::watch_change("invalid");
            tracing::error!(topic_id = key, offset = r.offset, error = %e, "invalid watch-topic record ignored; the topic keeps its previous definition");
            false
        }
    }
}

/// Fold the log, read to its current end, over `base`. Also returns, per partition, the offset
/// after the last record read (where following it should continue).
pub fn load(
    kafka: &KafkaSettings,
    base: Vec<Topic>,
) -> claimwatch_kafka::Result<(WatchLog, HashMap<i32, i64>)> {
    let mut log = WatchLog::new(base);
    let next = follow::load(kafka, topics::WATCH_TOPICS, |r| {
        apply_record(&mut log, r);
    })?;
    Ok((log, next))
}

/// Records folded into the log since the set was last compiled. The follower applies each
/// record as it comes (compiling only that record's document); the whole set is compiled again
/// at most once per [`RECOMPILE_EVERY`], however many records a burst brings, so a flood of
/// topic changes costs one compile per interval, not one per record.
pub struct Pending {
    log: std::sync::Mutex<WatchLog>,
    dirty: std::sync::atomic::AtomicBool,
}

/// How often the set is compiled again while records change it.
pub const RECOMPILE_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

impl Pending {
    pub fn new(log: WatchLog) -> Pending {
        Pending {
            log: std::sync::Mutex::new(log),
            dirty: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Fold one record in; returns whether it changed the set.
    pub fn apply(&self, r: &OwnedRecord) -> bool {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let changed = apply_record(&mut log, r);
        if changed {
            self.dirty.store(true, std::sync::atomic::Ordering::Release);
        }
        changed
    }

    /// Compile the set and give it to `live` if records changed it since the last call.
    pub fn publish(&self, live: &LiveWatch) -> bool {
        if !self.dirty.swap(false, std::sync::atomic::Ordering::AcqRel) {
            return false;
        }
        let topics = self.log.lock().unwrap_or_else(|e| e.into_inner()).topics();
        live.replace(WatchSet::new(topics));
        true
    }
}

/// Read the log to its end over `base`, then follow it on a thread until shutdown.
pub fn start(
    kafka: &KafkaSettings,
    base: Vec<Topic>,
    shutdown: Shutdown,
) -> anyhow::Result<Arc<LiveWatch>> {
    let (log, next) = load(kafka, base)?;
    let live = LiveWatch::fixed(WatchSet::new(log.topics()));
    tracing::info!(
        topics = live.current().topics().len(),
        "watch topics loaded from the file and {}",
        topics::WATCH_TOPICS
    );
    let pending = Arc::new(Pending::new(log));
    let (compiler, target, stop) = (pending.clone(), live.clone(), shutdown.clone());
    std::thread::Builder::new()
        .name("watch-compile".into())
        .spawn(move || {
            while !stop.is_triggered() {
                std::thread::sleep(RECOMPILE_EVERY);
                compiler.publish(&target);
            }
        })?;
    let kafka = kafka.clone();
    std::thread::Builder::new()
        .name("watch-topics".into())
        .spawn(move || {
            follow::follow(
                &kafka,
                topics::WATCH_TOPICS,
                next,
                &shutdown,
                &mut |r| {
                    pending.apply(r);
                },
                &mut |e| {
                    events::watch_change("read_error");
                    tracing::warn!(error = %e, "following the watch-topic log failed; retrying");
                },
            )
        })?;
    Ok(live)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(offset: i64, id: &str, query: &str) -> OwnedRecord {
        let doc = format!("[[topic]]\nid = \"{id}\"\nname = \"{id}\"\nquery = '{query}'\n");
        OwnedRecord {
            partition: 0,
            offset,
            key: Some(id.as_bytes().to_vec()),
            payload: Some(doc.into_bytes()),
            headers: Vec::new(),
        }
    }

    #[test]
    fn a_burst_of_topic_changes_is_compiled_once() {
        let live = LiveWatch::fixed(WatchSet::new(Vec::new()));
        let pending = Pending::new(WatchLog::new(Vec::new()));
        let before = live.generation();
        for i in 0..200 {
            assert!(pending.apply(&record(i, &format!("t{i}"), &format!("word{i}"))));
        }
        assert_eq!(live.generation(), before, "nothing is compiled per record");
        assert!(pending.publish(&live));
        assert_eq!(live.generation(), before + 1, "one compile for the burst");
        assert_eq!(live.current().topics().len(), 200);
        assert!(!pending.publish(&live), "nothing changed since");
        // A record that changes nothing does not make the set dirty.
        assert!(!pending.apply(&record(200, "t0", "word0")));
        assert!(!pending.publish(&live));
    }
}
