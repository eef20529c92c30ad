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
        "Statements extracted (every sentence), by whether they are hedged.",
        &["hedged"]
    )
    .expect("registers once")
});

static STATEMENTS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_extractor_statements_total",
        "Statements published (every sentence), by whether they are attributed.",
        &["attributed"]
    )
    .expect("registers once")
});

static DROPPED: LazyLock<prometheus::IntCounter> = LazyLock::new(|| {
    prometheus::register_int_counter!(
        "claimwatch_extractor_statements_dropped_total",
        "Sentences not published because an article had more than the per-article cap."
    )
    .expect("registers once")
});

static CUT: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_extractor_cut_total",
        "What the per-event limits (claimwatch_model::bounds) removed from published statements: \
         texts cut, text_bytes removed, mentions, dates and chain_links dropped.",
        &["what"]
    )
    .expect("registers once")
});

/// Count what the per-event limits removed from one article event.
pub fn cut(c: &claimwatch_model::bounds::Cut) {
    if c.is_empty() {
        return;
    }
    for (what, n) in c.by_kind() {
        if n > 0 {
            CUT.with_label_values(&[what]).inc_by(n as u64);
        }
    }
    tracing::warn!(cut = ?c, "statements over the per-event limits were cut");
}

static ENTITY_CHANGES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_extractor_entity_changes_total",
        "Records of the entity log applied, by outcome (upserted, deleted, invalid, read_error).",
        &["outcome"]
    )
    .expect("registers once")
});

static ENTITIES: LazyLock<prometheus::IntGauge> = LazyLock::new(|| {
    prometheus::register_int_gauge!(
        "claimwatch_extractor_entities",
        "Entities in the dictionary in use (shipped, gazetteer and users' own)."
    )
    .expect("registers once")
});

/// A record of the entity log was applied with this outcome.
pub fn entity_change(outcome: &str) {
    ENTITY_CHANGES.with_label_values(&[outcome]).inc();
}

/// The dictionary in use changed.
pub fn dictionary(d: &claimwatch_extract::EntityDictionary) {
    ENTITIES.set(d.len() as i64);
}

/// A statement was published.
pub fn statement(hedged: bool, attributed: bool) {
    claim(hedged);
    STATEMENTS
        .with_label_values(&[if attributed { "true" } else { "false" }])
        .inc();
}

/// Sentences an article had beyond the cap.
pub fn dropped(n: usize) {
    if n > 0 {
        DROPPED.inc_by(n as u64);
        tracing::warn!(
            sentences = n,
            "article over the statement cap: sentences not published"
        );
    }
}

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
    LazyLock::force(&STATEMENTS);
    LazyLock::force(&DROPPED);
    LazyLock::force(&CUT);
    LazyLock::force(&ENTITY_CHANGES);
    LazyLock::force(&ENTITIES);
}
