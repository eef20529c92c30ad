//! Reading a topic from its beginning to its current end, as `read_committed`.

use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::message::{Headers, Message};
use rdkafka::{Offset, TopicPartitionList};

use crate::{Error, KafkaSettings, Result};

/// An owned record read from a topic.
#[derive(Debug, Clone)]
pub struct OwnedRecord {
    pub partition: i32,
    pub offset: i64,
    pub key: Option<Vec<u8>>,
    pub payload: Option<Vec<u8>>,
    pub headers: Vec<(String, Vec<u8>)>,
}

impl OwnedRecord {
    /// The key and value of a record of a text log (watch topics, entities): the value is
    /// `None` for a tombstone. `Err` says why the record is not text.
    pub fn text(&self) -> std::result::Result<(&str, Option<&str>), &'static str> {
        let Some(key) = self.key.as_deref() else {
            return Err("the record has no key");
        };
        let key = std::str::from_utf8(key).map_err(|_| "the key is not UTF-8")?;
        match self.payload.as_deref().map(std::str::from_utf8) {
            None => Ok((key, None)),
            Some(Ok(value)) => Ok((key, Some(value))),
            Some(Err(_)) => Err("the value is not UTF-8"),
        }
    }
}

/// Where to start reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Beginning,
    End,
    /// The first record whose timestamp is at or after this time (Unix ms), per partition.
    Time(i64),
}

/// Read every committed record of `topic` up to the end it had when reading started (`Start::
/// Beginning`), calling `f` for each; or, with `follow`, keep reading new records until `f`
/// returns `false` or `deadline` passes. A missing topic reads as empty.
pub fn read_topic(
    settings: &KafkaSettings,
    topic: &str,
    start: Start,
    follow: bool,
    deadline: Option<Instant>,
    f: impl FnMut(OwnedRecord) -> bool,
) -> Result<u64> {
    read_topic_until(settings, topic, start, follow, deadline, &|| false, f)
}

/// [`read_topic`] that also stops, between polls, once `stop` returns `true` (for a reader that
/// follows a topic for the life of a service and must end on shutdown).
pub fn read_topic_until(
    settings: &KafkaSettings,
    topic: &str,
    start: Start,
    follow: bool,
    deadline: Option<Instant>,
    stop: &dyn Fn() -> bool,
    f: impl FnMut(OwnedRecord) -> bool,
) -> Result<u64> {
    read(settings, topic, None, start, follow, deadline, stop, f)
}

/// Every committed record of the given partitions of `topic`, from their beginning to the end
/// they had when reading started (a changelog restored for the partitions an instance owns).
pub fn read_partitions(
    settings: &KafkaSettings,
    topic: &str,
    partitions: &[i32],
    f: impl FnMut(OwnedRecord) -> bool,
) -> Result<u64> {
    if partitions.is_empty() {
        return Ok(0);
    }
    read(
        settings,
        topic,
        Some(partitions),
        Start::Beginning,
        false,
        None,
        &|| false,
        f,
    )
}

#[allow(clippy::too_many_arguments)]
fn read(
    settings: &KafkaSettings,
    topic: &str,
    only: Option<&[i32]>,
    start: Start,
    follow: bool,
    deadline: Option<Instant>,
    stop: &dyn Fn() -> bool,
    mut f: impl FnMut(OwnedRecord) -> bool,
) -> Result<u64> {
    let consumer: BaseConsumer = settings
        .config_with(&[
            ("group.id", "claimwatch-reader"),
            ("enable.auto.commit", "false"),
            ("isolation.level", "read_committed"),
            ("enable.partition.eof", "true"),
        ])
        .create()?;
    let md = consumer.fetch_metadata(Some(topic), settings.connect_timeout)?;
    let partitions: Vec<i32> = md
        .topics()
        .iter()
        .filter(|t| t.name() == topic && t.error().is_none())
        .flat_map(|t| t.partitions().iter().map(|p| p.id()))
        .filter(|p| only.is_none_or(|o| o.contains(p)))
        .collect();
    if partitions.is_empty() {
        return Ok(0);
    }
    let mut tpl = TopicPartitionList::new();
    for p in &partitions {
        let offset = match start {
            Start::Beginning => Offset::Beginning,
            Start::End => Offset::End,
            // Looked up below: the timestamp goes in the offset field.
            Start::Time(ms) => Offset::Offset(ms),
        };
        tpl.add_partition_offset(topic, *p, offset)?;
    }
    if let Start::Time(_) = start {
        // A partition with no record that late comes back as End.
        tpl = consumer.offsets_for_times(tpl, settings.connect_timeout)?;
    }
    consumer.assign(&tpl)?;
    drop(tpl);

    let mut at_end = std::collections::HashSet::new();
    let mut count = 0u64;
    loop {
        if let Some(d) = deadline {
            if Instant::now() >= d {
                break;
            }
        }
        if (!follow && at_end.len() == partitions.len()) || stop() {
            break;
        }
        match consumer.poll(Duration::from_millis(200)) {
            Some(Ok(m)) => {
                count += 1;
                let headers = m
                    .headers()
                    .map(|h| {
                        h.iter()
                            .map(|x| (x.key.to_string(), x.value.unwrap_or_default().to_vec()))
                            .collect()
                    })
                    .unwrap_or_default();
                let rec = OwnedRecord {
                    partition: m.partition(),
                    offset: m.offset(),
                    key: m.key().map(<[u8]>::to_vec),
                    payload: m.payload().map(<[u8]>::to_vec),
                    headers,
                };
                if !f(rec) {
                    break;
                }
            }
            Some(Err(KafkaError::PartitionEOF(p))) => {
                at_end.insert(p);
            }
            Some(Err(e)) => return Err(Error::Kafka(e)),
            None => {}
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: Option<&[u8]>, payload: Option<&[u8]>) -> OwnedRecord {
        OwnedRecord {
            partition: 0,
            offset: 7,
            key: key.map(<[u8]>::to_vec),
            payload: payload.map(<[u8]>::to_vec),
            headers: Vec::new(),
        }
    }

    #[test]
    fn a_text_record_has_a_utf8_key_and_a_utf8_value_or_none() {
        assert_eq!(
            record(Some(b"dprk"), Some("Пхеньян".as_bytes())).text(),
            Ok(("dprk", Some("Пхеньян")))
        );
        assert_eq!(record(Some(b"dprk"), None).text(), Ok(("dprk", None)));
        assert_eq!(
            record(None, Some(b"x")).text(),
            Err("the record has no key")
        );
        assert_eq!(
            record(Some(b"\xff"), Some(b"x")).text(),
            Err("the key is not UTF-8")
        );
        assert_eq!(
            record(Some(b"k"), Some(b"\xc3")).text(),
            Err("the value is not UTF-8")
        );
    }
}
