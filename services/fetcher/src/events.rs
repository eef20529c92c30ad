//! The fetcher's own metrics: every metric name is spelled here and nowhere else.

use std::sync::LazyLock;
use std::time::Duration;

use prometheus::{
    register_histogram, register_int_counter, register_int_counter_vec, register_int_gauge,
    register_int_gauge_vec, Histogram, IntCounter, IntCounterVec, IntGauge, IntGaugeVec,
};

static FETCHES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_fetcher_fetches_total",
        "Fetch attempts by outcome (ok, not_modified, http_4xx, http_5xx, timeout, blocked_robots, blocked_ssrf, too_large, rejected_scheme, error).",
        &["outcome"]
    )
    .expect("registers once")
});
static BYTES: LazyLock<IntCounter> = LazyLock::new(|| {
    register_int_counter!(
        "claimwatch_fetcher_downloaded_bytes_total",
        "Body bytes read (after decompression)."
    )
    .expect("registers once")
});
static DURATION: LazyLock<Histogram> = LazyLock::new(|| {
    register_histogram!(
        "claimwatch_fetcher_fetch_duration_seconds",
        "Time of one fetch attempt (HTTP request with its redirects, or file read).",
        claimwatch_telemetry::metrics::DURATION_BUCKETS.to_vec()
    )
    .expect("registers once")
});
static RETRIES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_fetcher_retries_total",
        "HTTP requests retried, by the outcome that caused the retry.",
        &["outcome"]
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
static STATE_EXPIRED: LazyLock<IntCounter> = LazyLock::new(|| {
    register_int_counter!(
        "claimwatch_fetcher_state_expired_total",
        "State keys forgotten (tombstoned) because no source listed them within CLAIMWATCH_FETCHER_STATE_TTL_SECS."
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
static UNHEALTHY: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    register_int_gauge_vec!(
        "claimwatch_fetcher_source_unhealthy",
        "1 while a configured source has failed several polls in a row and is backing off, else 0.",
        &["source"]
    )
    .expect("registers once")
});
static QUEUE: LazyLock<IntGauge> = LazyLock::new(|| {
    register_int_gauge!(
        "claimwatch_fetcher_queue_depth",
        "HTTP requests waiting for their host's rate limit or a free connection slot."
    )
    .expect("registers once")
});
static SOURCES: LazyLock<IntGauge> = LazyLock::new(|| {
    register_int_gauge!(
        "claimwatch_fetcher_sources",
        "Sources currently configured."
    )
    .expect("registers once")
});
static RELOADS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_fetcher_source_reloads_total",
        "Reloads of the sources file after it changed, by result (ok, invalid).",
        &["result"]
    )
    .expect("registers once")
});
static HEALTH_DROPPED: LazyLock<IntCounter> = LazyLock::new(|| {
    register_int_counter!(
        "claimwatch_fetcher_health_events_dropped_total",
        "Source-health events dropped because the publishing queue was full."
    )
    .expect("registers once")
});

pub fn fetch(outcome: &str, bytes: usize, took: Duration) {
    FETCHES.with_label_values(&[outcome]).inc();
    BYTES.inc_by(bytes as u64);
    DURATION.observe(took.as_secs_f64());
}

pub fn retry(outcome: &str) {
    RETRIES.with_label_values(&[outcome]).inc();
}

pub fn published() {
    PUBLISHED.inc();
}

pub fn duplicate() {
    DUPLICATES.inc();
}

pub fn state_expired(n: usize) {
    STATE_EXPIRED.inc_by(n as u64);
}

pub fn source_ok(source: &str) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    LAST_SUCCESS.with_label_values(&[source]).set(now);
    UNHEALTHY.with_label_values(&[source]).set(0);
}

pub fn source_unhealthy(source: &str, failures: u32) {
    UNHEALTHY.with_label_values(&[source]).set(1);
    tracing::warn!(source, failures, "source unhealthy: failed polls in a row");
}

/// A source left the configuration: its labelled series go too, keeping labels bounded.
pub fn source_removed(source: &str) {
    let _ = LAST_SUCCESS.remove_label_values(&[source]);
    let _ = UNHEALTHY.remove_label_values(&[source]);
}

pub fn sources(n: usize) {
    SOURCES.set(n as i64);
}

pub fn reload(ok: bool) {
    RELOADS
        .with_label_values(&[if ok { "ok" } else { "invalid" }])
        .inc();
}

pub fn queue_depth(delta: i64) {
    QUEUE.add(delta);
}

pub fn health_event_dropped() {
    HEALTH_DROPPED.inc();
}

pub fn register() {
    LazyLock::force(&FETCHES);
    LazyLock::force(&BYTES);
    LazyLock::force(&DURATION);
    LazyLock::force(&RETRIES);
    LazyLock::force(&PUBLISHED);
    LazyLock::force(&DUPLICATES);
    LazyLock::force(&STATE_EXPIRED);
    LazyLock::force(&LAST_SUCCESS);
    LazyLock::force(&UNHEALTHY);
    LazyLock::force(&QUEUE);
    LazyLock::force(&SOURCES);
    LazyLock::force(&RELOADS);
    LazyLock::force(&HEALTH_DROPPED);
}
