//! The alerting service's own metrics.

use std::sync::LazyLock;

use prometheus::{register_int_counter_vec, register_int_gauge, IntCounterVec, IntGauge};

static ALERTS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_alerting_alerts_total",
        "Alerts fired, by watch topic (bounded by the configured topics).",
        &["watch_topic"]
    )
    .expect("registers once")
});

static SUPPRESSED: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_alerting_suppressed_total",
        "Matches that did not fire a new alert, by reason (already_fired).",
        &["reason"]
    )
    .expect("registers once")
});

static TOPICS: LazyLock<IntGauge> = LazyLock::new(|| {
    register_int_gauge!(
        "claimwatch_alerting_watch_topics",
        "Watch topics currently compiled."
    )
    .expect("registers once")
});

static WATCH_CHANGES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_alerting_watch_topic_changes_total",
        "Records read from the watch-topic log, by outcome (upserted, deleted, invalid, read_error).",
        &["outcome"]
    )
    .expect("registers once")
});

static END_TO_END: LazyLock<prometheus::Histogram> = LazyLock::new(|| {
    prometheus::register_histogram!(
        "claimwatch_alerting_end_to_end_latency_seconds",
        "Time from the publication of an article's raw record (its Kafka timestamp; the fetch time for events without one) to the commit of the alert it fired.",
        vec![0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0]
    )
    .expect("registers once")
});

static EVICTED: LazyLock<prometheus::IntCounter> = LazyLock::new(|| {
    prometheus::register_int_counter!(
        "claimwatch_alerting_stories_evicted_total",
        "Stories forgotten while still inside the story window because a topic held the most stories allowed (CLAIMWATCH_ALERTING_MAX_STORIES): a late copy of one may fire again."
    )
    .expect("registers once")
});

static RESTORED: LazyLock<prometheus::IntCounter> = LazyLock::new(|| {
    prometheus::register_int_counter!(
        "claimwatch_alerting_state_restored_records_total",
        "Changelog records applied while restoring the state of newly assigned candidates partitions."
    )
    .expect("registers once")
});

pub fn stories_evicted(n: u64) {
    EVICTED.inc_by(n);
}

pub fn state_restored(n: u64) {
    RESTORED.inc_by(n);
}

/// An alert fetched at `fetched_at_ms` became durable now.
pub fn end_to_end(fetched_at_ms: i64) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    if fetched_at_ms > 0 && now >= fetched_at_ms {
        END_TO_END.observe((now - fetched_at_ms) as f64 / 1000.0);
    }
}

pub fn alert_fired(topic: &str) {
    ALERTS.with_label_values(&[topic]).inc();
}

pub fn suppressed(reason: &str) {
    SUPPRESSED.with_label_values(&[reason]).inc();
}

pub fn watch_change(outcome: &str) {
    WATCH_CHANGES.with_label_values(&[outcome]).inc();
}

pub fn watch_topics(n: usize) {
    TOPICS.set(n as i64);
}

pub fn register() {
    LazyLock::force(&ALERTS);
    LazyLock::force(&SUPPRESSED);
    LazyLock::force(&TOPICS);
    LazyLock::force(&WATCH_CHANGES);
    LazyLock::force(&END_TO_END);
    LazyLock::force(&EVICTED);
    LazyLock::force(&RESTORED);
}
