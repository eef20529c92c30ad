//! ArticleEvents → Alerts, as a [`txloop::Processor`].
//!
//! One alert per (watch topic, topic version, article): each topic is matched against the
//! article's statements within its scope (sentence, paragraph or article), and the alert cites
//! the statements that carry its terms; an alert id that was already committed (seen
//! at start in the alerts topic, or committed by this instance since) is never produced again,
//! so restarts and replays do not repeat alerts.
//!
//! Each candidate alert then goes through the story policy (`claimwatch-story`): copies of a
//! story already alerted are dropped or become `update` alerts, throttled and digest topics hold
//! alerts in a pending digest that is delivered when it falls due. The policy's changed state is
//! written to [`topics::ALERTING_STATE`] in the same transaction as the alerts, and read back at
//! start, so a restart neither forgets stories nor loses held alerts.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use claimwatch_kafka::dlq::Failure;
use claimwatch_kafka::txloop::{BatchResult, Output, Processor, Record};
use claimwatch_model::{
    ids, topics, Alert, ArticleEvent, DigestEntry, Highlight, MatchedClaim, Statement,
};
use claimwatch_schema::{Codec, CodecError, Codecs, Framing, Registry};
use claimwatch_story::{Copy, DigestItem, PendingDigest, Policy, Rules, Settings, Verdict};
use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_watch::{ClaimView, WatchSet};

use crate::events;
use crate::live::LiveWatch;

/// Milliseconds since the epoch; replaceable in tests.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

fn wall_clock() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub struct AlertProcessor {
    live: Arc<LiveWatch>,
    article: Codec<ArticleEvent>,
    alert: Codec<Alert>,
    /// Alert ids that are durable in the alerts topic.
    fired: HashSet<String>,
    /// Where to rebuild `fired` and the policy from at start; `None` keeps what `new` was given.
    history: Option<claimwatch_kafka::KafkaSettings>,
    /// Alert ids (with their watch topic) produced in the open transaction.
    pending: Vec<(String, String, i64)>,
    policy: Policy,
    /// Prefix of this instance's keys in the state topic; `None` writes no state (backfill).
    state_prefix: Option<String>,
    /// Mark alerts as written by a backfill (and give them backfill ids).
    backfill: bool,
    clock: Clock,
}

/// The article-level facts the story policy needs, gathered while merging claims.
struct Candidate {
    alert: Alert,
    signature: Vec<i32>,
    origins: Vec<String>,
    /// The matched statements of the main text (not the title: every syndicating site writes
    /// its own headline, which is no new claim nor a new source).
    body_claims: Vec<String>,
    /// Where publish-to-alert latency counts from: the raw record's Kafka timestamp, else the
    /// fetch time.
    since_ms: i64,
}

impl AlertProcessor {
    pub fn new(watch: WatchSet, fired: HashSet<String>) -> anyhow::Result<Self> {
        Self::live(LiveWatch::fixed(watch), fired)
    }

    /// A processor matching against a set that may change while it runs.
    pub fn live(live: Arc<LiveWatch>, fired: HashSet<String>) -> anyhow::Result<Self> {
        let codecs = Codecs::new()?;
        Ok(AlertProcessor {
            live,
            article: codecs.article,
            alert: codecs.alert,
            fired,
            history: None,
            pending: Vec::new(),
            policy: Policy::new(Settings::default()),
            state_prefix: None,
            backfill: false,
            clock: Arc::new(wall_clock),
        })
    }

    /// Resolve input schema ids through `registry`, and register the alert schema there and
    /// write alerts with the Confluent framing. Blocks (at most `patience` while the registry
    /// is unreachable): call from a blocking thread.
    pub fn with_registry(
        mut self,
        registry: &Registry,
        patience: std::time::Duration,
    ) -> Result<Self, CodecError> {
        self.article = self.article.with_registry(registry.clone());
        self.alert = self
            .alert
            .registered_for(registry, topics::ALERTS, patience)?;
        if let Framing::Confluent { schema_id } = self.alert.framing() {
            tracing::info!(subject = %format!("{}-value", topics::ALERTS), schema_id, "schema registered");
        }
        Ok(self)
    }

    /// Rebuild the set of fired alerts and the story policy from Kafka when the loop starts,
    /// and write policy changes under `state_prefix` (the instance's transactional id).
    pub fn with_history(
        mut self,
        kafka: claimwatch_kafka::KafkaSettings,
        state_prefix: &str,
    ) -> Self {
        self.history = Some(kafka);
        self.state_prefix = Some(state_prefix.to_string());
        self
    }

    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.policy = Policy::new(settings);
        self
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Write backfill alerts: ids of their own, `backfill = true`, no throttle or digest (those
    /// shape live delivery), story dedup as live.
    pub fn for_backfill(mut self) -> Self {
        self.backfill = true;
        self
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Alerts for a batch of articles (pure apart from the clock; used by the loop and by
    /// tests). Each topic is matched within its scope (sentence, paragraph or article).
    pub fn alerts_for(&mut self, articles: &[ArticleEvent]) -> Vec<Alert> {
        let watch = self.live.current();
        let mut open: BTreeMap<String, Candidate> = BTreeMap::new();
        let mut order = Vec::new();
        let now = (self.clock)();
        for a in articles {
            for m in article_matches(&watch, a) {
                let topic = &watch.topics()[m.topic];
                let id = if self.backfill {
                    ids::backfill_alert_id(&topic.id, topic.version, &a.article_id)
                } else {
                    ids::alert_id(&topic.id, topic.version, &a.article_id)
                };
                if self.fired.contains(&id)
                    || self.pending.iter().any(|(p, _, _)| *p == id)
                    || open.contains_key(&id)
                {
                    events::suppressed("already_fired");
                    continue;
                }
                let mut matched_claims = Vec::new();
                let mut highlights = Vec::new();
                let mut origins = Vec::new();
                let mut body_claims = Vec::new();
                for (i, terms) in &m.evidence {
                    let s = &a.statements[*i];
                    if s.sentence_index >= 0 {
                        body_claims.push(s.text.clone());
                    }
                    matched_claims.push(MatchedClaim {
                        claim_id: s.statement_id.clone(),
                        text: s.text.clone(),
                        speaker: s.speaker.clone(),
                        cue: s.cue.clone(),
                        hedged: s.hedged,
                    });
                    highlights.extend(highlights_of(s, terms));
                    // A headline's "X expects ..." is the syndicating site's wording, not a
                    // source of its own.
                    if s.sentence_index >= 0 {
                        origins.extend(
                            s.attribution_chain
                                .first()
                                .and_then(|l| l.speaker.clone())
                                .or_else(|| s.speaker.clone()),
                        );
                    }
                }
                order.push(id.clone());
                let alert = Alert {
                    alert_id: id.clone(),
                    watch_topic_id: topic.id.clone(),
                    watch_topic_version: topic.version,
                    severity: topic.severity.clone(),
                    article_id: a.article_id.clone(),
                    article_url: a.article_url.clone(),
                    article_title: a.article_title.clone(),
                    source_id: a.source_id.clone(),
                    published_at: a.published_at,
                    matched_claims,
                    explanation: format!(
                        "{} within a {}",
                        topic.explain(&m.matched_terms),
                        topic.scope.as_str()
                    ),
                    matched_terms: m.matched_terms,
                    fired_at: now,
                    fetched_at: a.fetched_at,
                    highlights,
                    kind: "alert".into(),
                    story_id: None,
                    backfill: self.backfill,
                    digest: Vec::new(),
                    digest_more: 0,
                };
                open.insert(
                    id,
                    Candidate {
                        alert,
                        signature: a.story_signature.clone(),
                        origins,
                        body_claims,
                        since_ms: a.raw_timestamp.unwrap_or(a.fetched_at),
                    },
                );
            }
        }
        let mut out = Vec::new();
        for id in order {
            let Some(cand) = open.remove(&id) else {
                continue;
            };
            let mut a = cand.alert;
            let rules = watch
                .topics()
                .iter()
                .find(|t| t.id == a.watch_topic_id)
                .filter(|_| !self.backfill)
                .map(|t| Rules {
                    throttle: t.throttle.map(|th| (th.max_alerts, th.window_secs)),
                    digest_secs: t.digest_secs,
                })
                .unwrap_or_default();
            let texts: Vec<&str> = cand.body_claims.iter().map(String::as_str).collect();
            let origins: Vec<&str> = cand.origins.iter().map(String::as_str).collect();
            let copy = Copy {
                article_id: &a.article_id,
                source_id: &a.source_id,
                signature: &cand.signature,
                claims: &texts,
                origins: &origins,
                event_ms: a.fetched_at,
            };
            match self.policy.decide(&a.watch_topic_id, rules, &copy, now) {
                Verdict::Fire { kind, story_id } => {
                    a.kind = kind.as_str().to_string();
                    a.story_id = Some(story_id);
                }
                Verdict::Hold {
                    kind,
                    story_id,
                    reason,
                    due_ms,
                } => {
                    events::suppressed(if reason == "digest" {
                        "held_for_digest"
                    } else {
                        "throttled"
                    });
                    let item = DigestItem {
                        alert_id: a.alert_id.clone(),
                        kind,
                        story_id,
                        article_id: a.article_id.clone(),
                        article_url: a.article_url.clone(),
                        article_title: a.article_title.clone(),
                        source_id: a.source_id.clone(),
                        published_at: a.published_at,
                        claims: a.matched_claims.len() as u32,
                    };
                    self.policy
                        .hold(&a.watch_topic_id, reason, due_ms, now, item);
                    continue;
                }
                Verdict::Duplicate { reason, .. } => {
                    events::suppressed(reason);
                    continue;
                }
            }
            self.pending
                .push((id, a.watch_topic_id.clone(), cand.since_ms));
            out.push(a);
        }
        out.extend(self.due_digests(&watch, now));
        out
    }

    /// Whether any topic fires on the article (no state is read or changed).
    pub fn fires_on(&self, a: &ArticleEvent) -> bool {
        !article_matches(&self.live.current(), a).is_empty()
    }

    /// Digest alerts for the pending digests that fell due.
    fn due_digests(&mut self, watch: &WatchSet, now: i64) -> Vec<Alert> {
        self.policy
            .due(now)
            .into_iter()
            .filter(|(_, d)| !d.items.is_empty())
            .map(|(topic_id, d)| {
                let topic = watch.topics().iter().find(|t| t.id == topic_id);
                let a = digest_alert(&topic_id, topic, &d, now);
                self.pending
                    .push((a.alert_id.clone(), topic_id, a.fetched_at));
                a
            })
            .collect()
    }

    /// Alerts and state changes as loop outputs.
    fn outputs(&mut self, alerts: Vec<Alert>, metrics: &StageMetrics, result: &mut BatchResult) {
        for alert in alerts {
            let json = serde_json::to_vec(&alert);
            match (self.alert.encode(&alert), json) {
                (Ok(payload), Ok(json)) => {
                    let key = alert.watch_topic_id.as_bytes().to_vec();
                    // The JSON mirror is written in the same transaction: both or neither.
                    result.outputs.push(Output {
                        topic: topics::ALERTS.to_string(),
                        key: key.clone(),
                        payload,
                    });
                    result.outputs.push(Output {
                        topic: topics::ALERTS_JSON.to_string(),
                        key,
                        payload: json,
                    });
                }
                (Err(e), _) => {
                    // Our own event failed to encode: a bug, not bad input. Count it loudly.
                    metrics.error("encode");
                    tracing::error!(error = %e, alert_id = %alert.alert_id, "cannot encode alert");
                }
                (_, Err(e)) => {
                    metrics.error("encode");
                    tracing::error!(error = %e, alert_id = %alert.alert_id, "cannot encode alert as JSON");
                }
            }
        }
        let changes = self.policy.take_changes();
        if let Some(prefix) = &self.state_prefix {
            for (key, value) in changes {
                let key = format!("{prefix}/{key}").into_bytes();
                match value {
                    Some(payload) => result.outputs.push(Output {
                        topic: topics::ALERTING_STATE.to_string(),
                        key,
                        payload,
                    }),
                    None => result
                        .tombstones
                        .push((topics::ALERTING_STATE.to_string(), key)),
                }
            }
        }
    }
}

/// Every topic that fires on the article, each within its scope.
fn article_matches(watch: &WatchSet, a: &ArticleEvent) -> Vec<claimwatch_watch::ArticleMatch> {
    let ids_of: Vec<(Vec<&str>, Vec<&str>)> = a
        .statements
        .iter()
        .map(|s| {
            (
                s.entities.iter().map(|e| e.id.as_str()).collect(),
                s.countries.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let views: Vec<ClaimView<'_>> = a
        .statements
        .iter()
        .zip(&ids_of)
        .map(|(s, (entity_ids, countries))| ClaimView {
            text: &s.text,
            entity_ids,
            countries,
            speaker: s.speaker.as_deref(),
            language: a.language.as_deref(),
            source_id: &a.source_id,
            hedged: s.hedged,
            // Source tags are not on the event yet.
            tags: &[],
            paragraph: s.paragraph.max(0) as u32,
        })
        .collect();
    watch.match_article(&views)
}

/// One alert summarising the held ones.
fn digest_alert(
    topic_id: &str,
    topic: Option<&claimwatch_watch::Topic>,
    d: &PendingDigest,
    now: i64,
) -> Alert {
    let version = topic.map_or(0, |t| t.version);
    let item_ids: Vec<&str> = d.items.iter().map(|i| i.alert_id.as_str()).collect();
    let first = &d.items[0];
    let total = d.items.len() + d.more as usize;
    let name = topic.map_or(topic_id, |t| t.name.as_str());
    Alert {
        alert_id: ids::digest_alert_id(topic_id, version, &item_ids),
        watch_topic_id: topic_id.to_string(),
        watch_topic_version: version,
        severity: topic.map_or_else(|| "medium".to_string(), |t| t.severity.clone()),
        article_id: first.article_id.clone(),
        article_url: first.article_url.clone(),
        article_title: Some(format!("{total} alert(s) for {name}")),
        source_id: first.source_id.clone(),
        published_at: first.published_at,
        matched_claims: Vec::new(),
        matched_terms: Vec::new(),
        explanation: format!(
            "`{topic_id}` v{version}: {total} alert(s) held by {} since {} (digest)",
            d.reason,
            chrono_free_iso(d.opened_ms)
        ),
        fired_at: now,
        fetched_at: now,
        highlights: Vec::new(),
        kind: "digest".into(),
        story_id: None,
        backfill: false,
        digest: d
            .items
            .iter()
            .map(|i| DigestEntry {
                alert_id: i.alert_id.clone(),
                kind: i.kind.as_str().to_string(),
                story_id: i.story_id.clone(),
                article_id: i.article_id.clone(),
                article_url: i.article_url.clone(),
                article_title: i.article_title.clone(),
                source_id: i.source_id.clone(),
                published_at: i.published_at,
                claims: i.claims as i32,
            })
            .collect(),
        digest_more: d.more as i32,
    }
}

/// `2026-11-28T09:00:00Z` for a millisecond timestamp, without a date library.
fn chrono_free_iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Where the matched terms occur in a statement: the spans the matcher found for text terms,
/// and the extractor's mention offsets for `entity:` terms (which the matcher sees only as ids).
fn highlights_of(c: &Statement, terms: &[claimwatch_watch::MatchedTerm]) -> Vec<Highlight> {
    let mut out = Vec::new();
    for t in terms {
        for span in &t.spans {
            out.push(Highlight {
                claim_id: c.statement_id.clone(),
                term: t.term.clone(),
                start: span.start as i32,
                end: span.end as i32,
            });
        }
        if let Some(id) = t.term.strip_prefix("entity:") {
            for m in c.entities.iter().filter(|m| m.id == id) {
                out.push(Highlight {
                    claim_id: c.statement_id.clone(),
                    term: t.term.clone(),
                    start: m.start,
                    end: m.end,
                });
            }
        }
    }
    out.sort_by_key(|h| (h.start, h.end));
    out.dedup();
    out
}

impl Processor for AlertProcessor {
    fn process_batch(&mut self, batch: &[Record<'_>], metrics: &StageMetrics) -> BatchResult {
        let started = std::time::Instant::now();
        let mut result = BatchResult::default();
        let mut articles = Vec::with_capacity(batch.len());
        for (i, r) in batch.iter().enumerate() {
            match r.payload {
                None => result.failures.push((
                    i,
                    Failure::new(
                        "empty_payload",
                        "io.claimwatch.DecodeError",
                        "record has no value",
                    ),
                )),
                Some(p) => match self.article.decode(p) {
                    Ok(a) => articles.push(a),
                    Err(e) => result.failures.push((
                        i,
                        Failure::new(e.kind(), "io.claimwatch.schema.CodecError", e.to_string()),
                    )),
                },
            }
        }
        self.policy.begin();
        let alerts = self.alerts_for(&articles);
        self.outputs(alerts, metrics, &mut result);
        if !batch.is_empty() {
            let per = started.elapsed() / batch.len() as u32;
            for _ in 0..batch.len() {
                metrics.observe(per);
            }
        }
        result
    }

    fn on_start(&mut self) -> Result<(), String> {
        if let Some(kafka) = &self.history {
            let fired = crate::fired_alert_ids(kafka, &self.alert).map_err(|e| e.to_string())?;
            tracing::info!(already_fired = fired.len(), "alert history loaded");
            self.fired.extend(fired);
            if let Some(prefix) = &self.state_prefix {
                let restored = crate::restore_policy(kafka, prefix, &mut self.policy)
                    .map_err(|e| e.to_string())?;
                tracing::info!(records = restored, "story and digest state restored");
            }
        }
        Ok(())
    }

    fn committed(&mut self) {
        self.policy.commit();
        for (id, topic, fetched_at) in self.pending.drain(..) {
            events::alert_fired(&topic);
            events::end_to_end(fetched_at);
            self.fired.insert(id);
        }
    }

    fn aborted(&mut self) {
        self.pending.clear();
        self.policy.rollback();
    }

    fn idle(&mut self) -> BatchResult {
        let mut result = BatchResult::default();
        let now = (self.clock)();
        if self.policy.next_due().is_some_and(|due| due <= now) {
            self.policy.begin();
            let watch = self.live.current();
            let digests = self.due_digests(&watch, now);
            let metrics = StageMetrics::new(crate::STAGE);
            self.outputs(digests, &metrics, &mut result);
        }
        result
    }
}
