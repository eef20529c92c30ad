//! The live entity dictionary: the shipped dictionary with the users' entity log
//! (`claimwatch.entities.v1`) layered on it, followed for the life of the service so that
//! `claimwatch entity add|update|rm|import` applies within seconds, without a restart.

use std::sync::Arc;

use claimwatch_extract::{EntityDictionary, EntityLog};
use claimwatch_kafka::follow::{self, Swap};
use claimwatch_kafka::reader::OwnedRecord;
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::topics;
use claimwatch_telemetry::Shutdown;

use crate::events;

/// The current compiled dictionary, swapped atomically when the log changes it.
pub struct LiveDictionary(Swap<EntityDictionary>);

impl LiveDictionary {
    /// A dictionary that never changes (tests, the demo).
    pub fn fixed(dict: Arc<EntityDictionary>) -> Arc<LiveDictionary> {
        events::dictionary(&dict);
        Arc::new(LiveDictionary(Swap::new(dict)))
    }

    /// The dictionary to extract the next article with.
    pub fn current(&self) -> Arc<EntityDictionary> {
        self.0.current()
    }

    /// How many times the dictionary was replaced.
    pub fn generation(&self) -> u64 {
        self.0.generation()
    }

    fn replace(&self, dict: EntityDictionary) {
        events::dictionary(&dict);
        self.0.replace(Arc::new(dict));
    }
}

/// How a record is folded: at start without compiling (once at the end), later compiled at
/// once so a bad record is refused.
enum Mode<'a> {
    Load,
    Follow(&'a LiveDictionary),
}

/// Fold one record of the entity log; count and log the outcome. Returns whether the
/// dictionary changed.
fn apply(log: &mut EntityLog, r: &OwnedRecord, mode: Mode<'_>) -> bool {
    let offset = r.offset;
    let (key, value) = match r.text() {
        Ok(kv) => kv,
        Err(why) => {
            events::entity_change("invalid");
            tracing::error!(offset, "entity record ignored: {why}");
            return false;
        }
    };
    let outcome = match mode {
        Mode::Load => log.apply(key, value).map(|changed| (changed, None)),
        Mode::Follow(_) => log.apply_checked(key, value).map(|d| (d.is_some(), d)),
    };
    match outcome {
        Ok((false, _)) => false,
        Ok((true, dict)) => {
            events::entity_change(if value.is_some() {
                "upserted"
            } else {
                "deleted"
            });
            tracing::info!(entity = key, offset, version = %log.version(), "entity dictionary changed");
            if let (Mode::Follow(live), Some(d)) = (mode, dict) {
                live.replace(d);
            }
            true
        }
        Err(e) => {
            events::entity_change("invalid");
            tracing::error!(entity = key, offset, error = %e, "invalid entity record ignored; the dictionary keeps its previous state");
            false
        }
    }
}

/// Read the entity log to its end, then follow it on a thread until shutdown.
pub fn start(kafka: &KafkaSettings, shutdown: Shutdown) -> anyhow::Result<Arc<LiveDictionary>> {
    let mut log = EntityLog::new();
    let resume = follow::load(kafka, topics::ENTITIES, |r| {
        apply(&mut log, r, Mode::Load);
    })?;
    let (dict, dropped) = log.dictionary_lenient();
    for (id, error) in dropped {
        events::entity_change("invalid");
        tracing::error!(entity = %id, %error, "entity record left out: the dictionary does not compile with it");
    }
    tracing::info!(entities = dict.len(), version = %dict.version(), "entity dictionary loaded from the shipped files and {}", topics::ENTITIES);
    let live = LiveDictionary::fixed(Arc::new(dict));
    let follower = live.clone();
    let kafka = kafka.clone();
    std::thread::Builder::new()
        .name("entity-log".into())
        .spawn(move || {
            follow::follow(
                &kafka,
                topics::ENTITIES,
                resume,
                &shutdown,
                &mut |r| {
                    apply(&mut log, r, Mode::Follow(&follower));
                },
                &mut |e| {
                    events::entity_change("read_error");
                    tracing::warn!(error = %e, "following the entity log failed; retrying");
                },
            )
        })?;
    Ok(live)
}
