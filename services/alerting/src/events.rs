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

pub fn alert_fired(topic: &str) {
    ALERTS.with_label_values(&[topic]).inc();
}

pub fn suppressed(reason: &str) {
    SUPPRESSED.with_label_values(&[reason]).inc();
}

pub fn watch_topics(n: usize) {
    TOPICS.set(n as i64);
}

pub fn register() {
    LazyLock::force(&ALERTS);
    LazyLock::force(&SUPPRESSED);
    LazyLock::force(&TOPICS);
}
