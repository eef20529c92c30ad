//! Metrics every pipeline stage has, registered once per process in the default registry.

use std::sync::LazyLock;
use std::time::Duration;

use prometheus::{
    register_histogram_vec, register_int_counter_vec, register_int_gauge_vec, HistogramVec,
    IntCounterVec, IntGaugeVec,
};

/// Buckets for per-message processing time: 50 µs to 10 s.
pub const DURATION_BUCKETS: &[f64] = &[
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
    2.5, 5.0, 10.0,
];

macro_rules! lazy_metric {
    ($name:ident: $ty:ty = $init:expr) => {
        pub static $name: LazyLock<$ty> = LazyLock::new(|| {
            $init.expect(concat!("metric ", stringify!($name), " registers once"))
        });
    };
}

lazy_metric!(MESSAGES_IN: IntCounterVec = register_int_counter_vec!(
    "claimwatch_stage_messages_in_total",
    "Messages a stage consumed (or, for the fetcher, documents it fetched).",
    &["stage"]
));
lazy_metric!(MESSAGES_OUT: IntCounterVec = register_int_counter_vec!(
    "claimwatch_stage_messages_out_total",
    "Messages a stage produced, by destination topic.",
    &["stage", "topic"]
));
lazy_metric!(ERRORS: IntCounterVec = register_int_counter_vec!(
    "claimwatch_stage_errors_total",
    "Errors by stage and kind.",
    &["stage", "error_type"]
));
lazy_metric!(DEAD_LETTERS: IntCounterVec = register_int_counter_vec!(
    "claimwatch_stage_dead_letters_total",
    "Input records a stage sent to its dead-letter topic.",
    &["stage"]
));
lazy_metric!(TRANSACTIONS: IntCounterVec = register_int_counter_vec!(
    "claimwatch_stage_transactions_total",
    "Kafka transactions by outcome (committed, aborted).",
    &["stage", "outcome"]
));
lazy_metric!(RECORDS_COMMITTED: IntCounterVec = register_int_counter_vec!(
    "claimwatch_stage_records_committed_total",
    "Input records whose processing committed (outputs durable and offsets stored).",
    &["stage"]
));
lazy_metric!(PROCESSING_SECONDS: HistogramVec = register_histogram_vec!(
    "claimwatch_stage_processing_duration_seconds",
    "Time to process one input message.",
    &["stage"],
    DURATION_BUCKETS.to_vec()
));
lazy_metric!(COMMIT_SECONDS: HistogramVec = register_histogram_vec!(
    "claimwatch_stage_commit_duration_seconds",
    "Time to commit one transaction once its outputs are sent: the input offsets sent to it and the commit acknowledged (outputs flushed, markers written).",
    &["stage"],
    DURATION_BUCKETS.to_vec()
));
lazy_metric!(CONSUMER_LAG: IntGaugeVec = register_int_gauge_vec!(
    "claimwatch_kafka_consumer_lag_messages",
    "Records between a consumer's position and the partition's last stable offset (from librdkafka statistics).",
    &["group", "topic", "partition"]
));
lazy_metric!(REBALANCE_EVENTS: IntCounterVec = register_int_counter_vec!(
    "claimwatch_kafka_rebalance_events_total",
    "Consumer group rebalance events of a transactional loop: assigned and revoked partitions, and input records dropped from an unfinished batch because their partition was revoked.",
    &["group", "event"]
));
lazy_metric!(BUILD_INFO: IntGaugeVec = register_int_gauge_vec!(
    "claimwatch_build_info",
    "Always 1; the version label says which build is running.",
    &["version"]
));

/// Handles to the shared metrics of one stage, with its label already applied.
#[derive(Clone)]
pub struct StageMetrics {
    stage: &'static str,
    pub messages_in: prometheus::IntCounter,
    pub dead_letters: prometheus::IntCounter,
    pub committed: prometheus::IntCounter,
    pub processing: prometheus::Histogram,
    pub commit: prometheus::Histogram,
}

impl StageMetrics {
    pub fn new(stage: &'static str) -> Self {
        BUILD_INFO.with_label_values(&[crate::VERSION]).set(1);
        StageMetrics {
            stage,
            messages_in: MESSAGES_IN.with_label_values(&[stage]),
            dead_letters: DEAD_LETTERS.with_label_values(&[stage]),
            committed: RECORDS_COMMITTED.with_label_values(&[stage]),
            processing: PROCESSING_SECONDS.with_label_values(&[stage]),
            commit: COMMIT_SECONDS.with_label_values(&[stage]),
        }
    }

    pub fn stage(&self) -> &'static str {
        self.stage
    }

    pub fn produced(&self, topic: &str, n: u64) {
        MESSAGES_OUT
            .with_label_values(&[self.stage, topic])
            .inc_by(n);
    }

    pub fn error(&self, error_type: &str) {
        ERRORS.with_label_values(&[self.stage, error_type]).inc();
    }

    pub fn transaction(&self, outcome: &'static str) {
        TRANSACTIONS.with_label_values(&[self.stage, outcome]).inc();
    }

    pub fn observe(&self, d: Duration) {
        self.processing.observe(d.as_secs_f64());
    }

    /// Current value of `claimwatch_stage_messages_out_total` for one topic (used by the demo to
    /// know when the pipeline has drained).
    pub fn produced_so_far(&self, topic: &str) -> u64 {
        MESSAGES_OUT.with_label_values(&[self.stage, topic]).get()
    }
}
