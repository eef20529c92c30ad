//! Dead-letter records with Kafka Connect's error headers, which existing tooling understands.

use rdkafka::message::{Header, OwnedHeaders};

/// Why an input record could not be processed.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Bounded label for metrics (`decode`, `not_text`, …).
    pub kind: &'static str,
    /// Error class, reported as `__connect.errors.exception.class.name`.
    pub class: &'static str,
    /// Human-readable message.
    pub message: String,
}

impl Failure {
    pub fn new(kind: &'static str, class: &'static str, message: impl Into<String>) -> Self {
        Failure {
            kind,
            class,
            message: message.into(),
        }
    }
}

pub const H_TOPIC: &str = "__connect.errors.topic";
pub const H_PARTITION: &str = "__connect.errors.partition";
pub const H_OFFSET: &str = "__connect.errors.offset";
pub const H_CLASS: &str = "__connect.errors.exception.class.name";
pub const H_MESSAGE: &str = "__connect.errors.exception.message";
pub const H_STAGE: &str = "__connect.errors.stage";
pub const H_KIND: &str = "claimwatch.error.kind";

/// Headers for the dead letter of record `topic/partition@offset` that failed in `stage`.
pub fn headers(
    topic: &str,
    partition: i32,
    offset: i64,
    stage: &str,
    failure: &Failure,
) -> OwnedHeaders {
    let p = partition.to_string();
    let o = offset.to_string();
    let pairs: [(&str, &str); 7] = [
        (H_TOPIC, topic),
        (H_PARTITION, &p),
        (H_OFFSET, &o),
        (H_CLASS, failure.class),
        (H_MESSAGE, &failure.message),
        (H_STAGE, stage),
        (H_KIND, failure.kind),
    ];
    let mut h = OwnedHeaders::new_with_capacity(pairs.len());
    for (key, value) in pairs {
        h = h.insert(Header {
            key,
            value: Some(value),
        });
    }
    h
}
