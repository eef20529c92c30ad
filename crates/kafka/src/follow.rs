//! Following a compacted topic for the life of a service: read it to its end at start, then
//! keep applying new records on a thread until shutdown. Watch topics and users' entities are
//! both kept this way.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use claimwatch_telemetry::Shutdown;

use crate::reader::{read_topic, read_topic_until, OwnedRecord, Start};
use crate::{KafkaSettings, Result};

/// The current value folded from a followed log (a compiled watch-topic set, a dictionary),
/// swapped atomically when the log changes it; readers take the `Arc` they were given for the
/// whole of their batch.
#[derive(Debug)]
pub struct Swap<T> {
    current: Mutex<Arc<T>>,
    generation: AtomicU64,
}

impl<T> Swap<T> {
    pub fn new(value: Arc<T>) -> Swap<T> {
        Swap {
            current: Mutex::new(value),
            generation: AtomicU64::new(0),
        }
    }

    /// The value now.
    pub fn current(&self) -> Arc<T> {
        self.current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// How many times the value was replaced.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn replace(&self, value: Arc<T>) {
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = value;
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

/// Where following continues after [`load`]: partition → next offset.
pub type Follow = HashMap<i32, i64>;

/// Read `topic` from its beginning to its current end, calling `apply` for each record.
pub fn load(
    kafka: &KafkaSettings,
    topic: &str,
    mut apply: impl FnMut(&OwnedRecord),
) -> Result<Follow> {
    let mut next = HashMap::new();
    read_topic(kafka, topic, Start::Beginning, false, None, |r| {
        next.insert(r.partition, r.offset + 1);
        apply(&r);
        true
    })?;
    Ok(next)
}

/// Keep applying the records of `topic` that come after `next` until `shutdown`. The reader
/// starts at the beginning and skips what was applied, so an older record of a key never
/// briefly replaces a newer one. A failed read is reported to `on_error` and retried after 2 s.
pub fn follow(
    kafka: &KafkaSettings,
    topic: &str,
    mut next: Follow,
    shutdown: &Shutdown,
    apply: &mut dyn FnMut(&OwnedRecord),
    on_error: &mut dyn FnMut(&crate::Error),
) {
    while !shutdown.is_triggered() {
        let result = read_topic_until(
            kafka,
            topic,
            Start::Beginning,
            true,
            None,
            &|| shutdown.is_triggered(),
            |r| {
                if next.get(&r.partition).is_some_and(|&n| r.offset < n) {
                    return true;
                }
                next.insert(r.partition, r.offset + 1);
                apply(&r);
                true
            },
        );
        if let Err(e) = result {
            on_error(&e);
        }
        for _ in 0..20 {
            if shutdown.is_triggered() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
