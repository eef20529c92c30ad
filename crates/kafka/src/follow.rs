//! Following a compacted topic for the life of a service: read it to its end at start, then
//! keep applying new records on a thread until shutdown. Watch topics and users' entities are
//! both kept this way.

use std::collections::HashMap;
use std::time::Duration;

use claimwatch_telemetry::Shutdown;

use crate::reader::{read_topic, read_topic_until, OwnedRecord, Start};
use crate::{KafkaSettings, Result};

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
