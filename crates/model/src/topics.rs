//! Kafka topic names: lowercase, dot-separated, versioned. The only place they are spelled out.

pub const ARTICLES_RAW: &str = "claimwatch.articles.raw.v1";
/// Extracted articles with every statement (`ArticleEvent`): what alerting reads.
pub const ARTICLES: &str = "claimwatch.articles.v1";
/// The statements that mention a dictionary entity, one `ClaimEvent` each: the extractor's
/// output before `ARTICLES`, still written for existing subscribers unless turned off.
pub const CLAIMS: &str = "claimwatch.claims.v1";
/// Users' entities (the dictionary layered on the shipped one), keyed by entity id; a value is
/// one `[[entity]]` in the dictionary's TOML, a tombstone removes the entity.
pub const ENTITIES: &str = "claimwatch.entities.v1";
pub const ALERTS: &str = "claimwatch.alerts.v1";
/// Every alert again as plain JSON, for subscribers without an Avro decoder.
pub const ALERTS_JSON: &str = "claimwatch.alerts.json.v1";
pub const FETCHER_STATE: &str = "claimwatch.fetcher.state.v1";
pub const FETCHER_EVENTS: &str = "claimwatch.fetcher.events.v1";
pub const WATCH_TOPICS: &str = "claimwatch.watch-topics.v1";
/// Internal to alerting: every match of a watch topic (a candidate alert, JSON), keyed by
/// watch-topic id so that all of a topic's candidates are in one partition, whose state one
/// instance owns.
pub const ALERT_CANDIDATES: &str = "claimwatch.alerting.candidates.v1";
/// The alerting state's changelog (stories, throttle windows, pending digests, fired alert
/// ids), keyed by `<watch topic>/...` and co-partitioned with [`ALERT_CANDIDATES`]: a record is
/// in the partition of the candidates it comes from, written in the same transaction as the
/// alerts. (v1 was keyed per instance.)
pub const ALERTING_STATE: &str = "claimwatch.alerting.state.v2";

/// Dead-letter topic for records read from `topic`.
pub fn dlq(topic: &str) -> String {
    format!("{topic}.dlq")
}

/// Topics that a stage consumes and dead-letters records from: bad input of the transactional
/// stages, and alerts the webhook sink could not decode or deliver (`claimwatch.alerts.v1.dlq`).
pub const DEAD_LETTERED: &[&str] = &[ARTICLES_RAW, ARTICLES, CLAIMS, ALERTS, ALERT_CANDIDATES];

/// Every topic the pipeline uses, with whether it is log-compacted.
pub const ALL: &[(&str, bool)] = &[
    (ARTICLES_RAW, false),
    (ARTICLES, false),
    (CLAIMS, false),
    (ALERTS, false),
    (ALERTS_JSON, false),
    (FETCHER_STATE, true),
    (FETCHER_EVENTS, false),
    (WATCH_TOPICS, true),
    (ENTITIES, true),
    (ALERT_CANDIDATES, false),
    (ALERTING_STATE, true),
];
