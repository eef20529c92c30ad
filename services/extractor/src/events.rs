//! The extractor's own metrics. Shared stage metrics live in `claimwatch_telemetry::metrics`.

use std::sync::LazyLock;

use prometheus::{register_int_counter_vec, IntCounterVec};

static ARTICLES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_extractor_articles_total",
        "Articles by extraction result (with_claims, no_claims, empty, not_text, too_large, decode_error, panic).",
        &["result"]
    )
    .expect("registers once")
});

static CLAIMS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_extractor_claims_total",
        "Claims extracted, by whether they are hedged.",
        &["hedged"]
    )
    .expect("registers once")
});

/// An article was extracted (or rejected) with this result.
pub fn article(result: &str) {
    ARTICLES.with_label_values(&[result]).inc();
}

/// A claim was extracted.
pub fn claim(hedged: bool) {
    CLAIMS
        .with_label_values(&[if hedged { "true" } else { "false" }])
        .inc();
}

/// Register the families so they appear in /metrics before the first article.
pub fn register() {
    LazyLock::force(&ARTICLES);
    LazyLock::force(&CLAIMS);
}
