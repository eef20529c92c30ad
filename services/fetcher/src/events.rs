//! The fetcher's own metrics.

use std::sync::LazyLock;
use std::time::Duration;

use prometheus::{
    register_histogram, register_int_counter, register_int_counter_vec, register_int_gauge_vec,
    Histogram, IntCounter, IntCounterVec, IntGaugeVec,
};

static FETCHES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_fetcher_fetches_total",
        "Fetch attempts by outcome (ok, http_4xx, http_5xx, timeout, too_large, error).",
        &["outcome"]
    )
    .expect("registers once")
});
static BYTES: LazyLock<IntCounter> = LazyLock::new(|| {
    register_int_counter!(
        "claimwatch_fetcher_downloaded_bytes_total",
        "Body bytes read."
    )
    .expect("registers once")
});
static DURATION: LazyLock<Histogram> = LazyLock::new(|| {
    register_histogram!(
        "claimwatch_fetcher_fetch_duration_seconds",
        "Time of one fetch (HTTP request or file read).",
        claimwatch_telemetry::metrics::DURATION_BUCKETS.to_vec()
    )
    .expect("registers once")
});
static PUBLISHED: LazyLock<IntCounter> = LazyLock::new(|| {
    register_int_counter!(
        "claimwatch_fetcher_articles_published_total",
        "Raw articles published."
    )
    .expect("registers once")
});
static DUPLICATES: LazyLock<IntCounter> = LazyLock::new(|| {
    register_int_counter!(
        "claimwatch_fetcher_duplicates_skipped_total",
        "Documents not republished because their canonical URL and content were already published."
    )
    .expect("registers once")
});
static LAST_SUCCESS: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    register_int_gauge_vec!(
        "claimwatch_fetcher_source_last_success_timestamp_seconds",
        "When each configured source last polled successfully (label bounded by the config).",
        &["source"]
    )
    .expect("registers once")
});

pub fn fetch(outcome: &str, bytes: usize, took: Duration) {
    FETCHES.with_label_values(&[outcome]).inc();
    BYTES.inc_by(bytes as u64);
    DURATION.observe(took.as_secs_f64());
}

pub fn published() {
    PUBLISHED.inc();
}

pub fn duplicate() {
    DUPLICATES.inc();
}

pub fn source_ok(source: &str) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    LAST_SUCCESS.with_label_values(&[source]).set(now);
}

pub fn register() {
    LazyLock::force(&FETCHES);
    LazyLock::force(&BYTES);
    LazyLock::force(&DURATION);
    LazyLock::force(&PUBLISHED);
    LazyLock::force(&DUPLICATES);
    LazyLock::force(&LAST_SUCCESS);
}
