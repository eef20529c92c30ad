//! ArticleEvents → Alerts, in two stages as Kafka Streams would run them.
//!
//! **Matching** ([`MatchProcessor`], stateless, parallel over the articles' partitions): each
//! watch topic is matched against an article's statements within its scope (sentence,
//! paragraph or article), and every match becomes a [`Candidate`]: the alert it would fire,
//! with what the story policy needs. Candidates are written to the internal topic
//! [`topics::ALERT_CANDIDATES`] keyed by watch-topic id, so every candidate of a topic lands in
//! one partition, whichever article partition it came from.
//!
//! **Deciding** ([`StateProcessor`], stateful, one state per candidates partition): the story
//! policy (`claimwatch-story`) drops copies of a story already alerted or turns them into
//! `update`s, applies throttles and digests, and never produces an alert id twice within
//! [`claimwatch_story::Settings::fired_ttl_ms`]. Its changed records go to the compacted
//! changelog [`topics::ALERTING_STATE`], to the partition of the candidate that changed them,
//! in the same transaction as the alerts and the input offsets. An instance assigned a
//! candidates partition restores that changelog partition first; one that loses it drops the
//! state. With N instances a story fires once, a throttle counts per topic, a digest comes
//! once per period, and a partition that moves takes its held alerts with it.
//!
//! [`AlertProcessor`] runs both stages in one process with one state (tests, backfill and the
//! topic evaluation).

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};
use std::time::{SystemTime, UNIX_EPOCH};

use claimwatch_kafka::dlq::Failure;
use claimwatch_kafka::txloop::{BatchResult, Output, Processor, Record, Tombstone};
use claimwatch_model::bounds::Cut;
use claimwatch_model::{
    ids, topics, Alert, ArticleEvent, DigestEntry, Highlight, MatchedClaim, Statement,
};
use claimwatch_schema::{Codec, CodecError, Codecs, Framing, Registry};
use claimwatch_story::{Copy, DigestItem, PendingDigest, Policy, Rules, Settings, Verdict};
use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_watch::{ClaimView, EntitySpan, WatchSet};
use prometheus::{register_int_counter_vec, IntCounterVec};
use serde::{Deserialize, Serialize};

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

/// A match on its way from the matching stage to the deciding stage (JSON on
/// [`topics::ALERT_CANDIDATES`], an internal topic).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The alert it fires if the policy lets it.
    pub alert: Alert,
    /// MinHash signature of the article's main text.
    pub signature: Vec<i32>,
    /// Outermost speakers of the matched body statements.
    pub origins: Vec<String>,
    /// The matched statements of the main text (not the title: every syndicating site writes
    /// its own headline, which is no new claim nor a new source).
    pub body_claims: Vec<String>,
    /// Where publish-to-alert latency counts from: the raw record's Kafka timestamp, else the
    /// fetch time.
    pub since_ms: i64,
}

static CUT: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_alerting_cut_total",
        "What the per-event limits (claimwatch_model::bounds) removed from alerts: matched \
         claim texts cut, text_bytes removed, highlights dropped.",
        &["what"]
    )
    .expect("registers once")
});

/// Count what the per-event limits removed from one alert.
fn count_cut(c: &Cut) {
    if c.is_empty() {
        return;
    }
    for (what, n) in c.by_kind() {
        if n > 0 {
            CUT.with_label_values(&[what]).inc_by(n as u64);
        }
    }
    tracing::warn!(cut = ?c, "an alert over the per-event limits was cut");
}

/// The candidates of one article: one per topic that fires on it, with backfill ids and
/// marks when `backfill`.
pub fn candidates(watch: &WatchSet, a: &ArticleEvent, backfill: bool, now: i64) -> Vec<Candidate> {
    let mut out = Vec::new();
    for m in article_matches(watch, a) {
        let topic = &watch.topics()[m.topic];
        let id = if backfill {
            ids::backfill_alert_id(&topic.id, topic.version, &a.article_id)
        } else {
            ids::alert_id(&topic.id, topic.version, &a.article_id)
        };
        let mut matched_claims = Vec::new();
        let mut highlights = Vec::new();
        let mut origins = Vec::new();
        let mut body_claims = Vec::new();
        for (i, terms) in &m.evidence {
            let s = &a.statements[*i];
            if s.sentence_index >= 0 {
                body_claims.push(s.text.clone());
                // A headline's "X expects ..." is the syndicating site's wording, not a
                // source of its own.
                origins.extend(
                    s.attribution_chain
                        .first()
                        .and_then(|l| l.speaker.clone())
                        .or_else(|| s.speaker.clone()),
                );
            }
            matched_claims.push(MatchedClaim {
                claim_id: s.statement_id.clone(),
                text: s.text.clone(),
                speaker: s.speaker.clone(),
                cue: s.cue.clone(),
                hedged: s.hedged,
            });
            highlights.extend(highlights_of(s, terms));
        }
        let mut alert = Alert {
            alert_id: id,
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
            backfill,
            digest: Vec::new(),
            digest_more: 0,
        };
        // The event may come from any writer of the articles topic, not only a bounded
        // extractor: the alert carries at most the per-event limits.
        count_cut(&alert.bound());
        out.push(Candidate {
            alert,
            signature: a.story_signature.clone(),
            origins,
            body_claims,
            since_ms: a.raw_timestamp.unwrap_or(a.fetched_at),
        });
    }
    out
}

/// Decide about one candidate with the state of its partition: the alert to deliver now, or
/// `None` (a duplicate, or held for a digest).
fn decide(
    policy: &mut Policy,
    watch: &WatchSet,
    cand: Candidate,
    backfill: bool,
    now: i64,
) -> Option<Alert> {
    let mut a = cand.alert;
    if policy.has_fired(&a.watch_topic_id, &a.alert_id) {
        events::suppressed("already_fired");
        return None;
    }
    let rules = watch
        .topics()
        .iter()
        .find(|t| t.id == a.watch_topic_id)
        .filter(|_| !backfill)
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
    match policy.decide(&a.watch_topic_id, rules, &copy, now) {
        Verdict::Fire { kind, story_id } => {
            a.kind = kind.as_str().to_string();
            a.story_id = Some(story_id);
            a.fired_at = now;
            policy.mark_fired(&a.watch_topic_id, &a.alert_id, now);
            Some(a)
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
            policy.mark_fired(&a.watch_topic_id, &a.alert_id, now);
            policy.hold(&a.watch_topic_id, reason, due_ms, now, item);
            None
        }
        Verdict::Duplicate { reason, .. } => {
            events::suppressed(reason);
            None
        }
    }
}

/// Digest alerts for the pending digests of `policy` that fell due.
fn due_digests(policy: &mut Policy, watch: &WatchSet, now: i64) -> Vec<Alert> {
    policy
        .due(now)
        .into_iter()
        .filter(|(_, d)| !d.items.is_empty())
        .map(|(topic_id, d)| {
            let topic = watch.topics().iter().find(|t| t.id == topic_id);
            let a = digest_alert(&topic_id, topic, &d, now);
            policy.mark_fired(&topic_id, &a.alert_id, now);
            a
        })
        .collect()
}

/// Decode a batch of `ArticleEvent` records; records that cannot be read become failures.
fn decode_articles(
    codec: &Codec<ArticleEvent>,
    batch: &[Record<'_>],
    result: &mut BatchResult,
) -> Vec<ArticleEvent> {
    let mut articles = Vec::with_capacity(batch.len());
    for (i, r) in batch.iter().enumerate() {
        match r.payload {
            None => result.failures.push((i, empty_payload())),
            Some(p) => match codec.decode(p) {
                Ok(a) => articles.push(a),
                Err(e) => result.failures.push((
                    i,
                    Failure::new(e.kind(), "io.claimwatch.schema.CodecError", e.to_string()),
                )),
            },
        }
    }
    articles
}

fn empty_payload() -> Failure {
    Failure::new(
        "empty_payload",
        "io.claimwatch.DecodeError",
        "record has no value",
    )
}

fn observe_batch(metrics: &StageMetrics, started: std::time::Instant, n: usize) {
    if n > 0 {
        let per = started.elapsed() / n as u32;
        for _ in 0..n {
            metrics.observe(per);
        }
    }
}

/// The matching stage: articles in, candidates out (keyed by watch-topic id), no state.
pub struct MatchProcessor {
    live: Arc<LiveWatch>,
    article: Codec<ArticleEvent>,
    clock: Clock,
    /// `<application>/`, the prefix of this application's candidate keys.
    prefix: String,
}

/// The key prefix of an application's candidates and state records. Several alerting
/// deployments (consumer groups) may share a cluster and so the internal topics, the way Kafka
/// Streams applications share a cluster; each reads and restores only its own records.
fn app_prefix(application: &str) -> String {
    format!("{application}/")
}

impl MatchProcessor {
    /// Matching for the alerting application `application` (its consumer group id).
    pub fn new(live: Arc<LiveWatch>, application: &str) -> anyhow::Result<Self> {
        Ok(MatchProcessor {
            live,
            article: Codecs::new()?.article,
            clock: Arc::new(wall_clock),
            prefix: app_prefix(application),
        })
    }

    /// Resolve input schema ids through `registry`.
    pub fn with_registry(mut self, registry: &Registry) -> Self {
        self.article = self.article.with_registry(registry.clone());
        self
    }
}

impl Processor for MatchProcessor {
    fn process_batch(&mut self, batch: &[Record<'_>], metrics: &StageMetrics) -> BatchResult {
        let started = std::time::Instant::now();
        let mut result = BatchResult::default();
        let articles = decode_articles(&self.article, batch, &mut result);
        let watch = self.live.current();
        let now = (self.clock)();
        for a in &articles {
            for c in candidates(&watch, a, false, now) {
                match serde_json::to_vec(&c) {
                    Ok(payload) => result.outputs.push(Output::new(
                        topics::ALERT_CANDIDATES,
                        format!("{}{}", self.prefix, c.alert.watch_topic_id).into_bytes(),
                        payload,
                    )),
                    Err(e) => {
                        metrics.error("encode");
                        tracing::error!(error = %e, alert_id = %c.alert.alert_id, "cannot encode candidate");
                    }
                }
            }
        }
        observe_batch(metrics, started, batch.len());
        result
    }
}

/// The deciding stage: candidates in, alerts and changelog records out, with one story state
/// per candidates partition this instance owns.
pub struct StateProcessor {
    live: Arc<LiveWatch>,
    alert: Codec<Alert>,
    settings: Settings,
    /// The state of each owned candidates partition.
    states: BTreeMap<i32, Policy>,
    /// Where to restore a newly assigned partition's state from; `None` starts it empty.
    kafka: Option<claimwatch_kafka::KafkaSettings>,
    /// Alerts produced in the open transaction: (watch topic, latency origin).
    pending: Vec<(String, i64)>,
    /// Write changed state to the changelog (not in a backfill).
    changelog: bool,
    backfill: bool,
    clock: Clock,
    /// When fired ids were last expired.
    expired_at: i64,
    /// `<application>/`: the candidates and state records of this application start with it.
    prefix: String,
}

/// How often fired alert ids past their TTL are forgotten.
const EXPIRE_EVERY_MS: i64 = 60_000;

impl StateProcessor {
    /// Deciding for the alerting application `application` (the matching stage's group id).
    pub fn new(
        live: Arc<LiveWatch>,
        settings: Settings,
        application: &str,
    ) -> anyhow::Result<Self> {
        Ok(StateProcessor {
            prefix: app_prefix(application),
            live,
            alert: Codecs::new()?.alert,
            settings,
            states: BTreeMap::new(),
            kafka: None,
            pending: Vec::new(),
            changelog: true,
            backfill: false,
            clock: Arc::new(wall_clock),
            expired_at: 0,
        })
    }

    /// Restore assigned partitions from the changelog in this cluster.
    pub fn with_changelog(mut self, kafka: claimwatch_kafka::KafkaSettings) -> Self {
        self.kafka = Some(kafka);
        self
    }

    /// Register the alert schema in `registry` and write alerts with the Confluent framing.
    /// Blocks (at most `patience` while the registry is unreachable).
    pub fn with_registry(
        mut self,
        registry: &Registry,
        patience: std::time::Duration,
    ) -> Result<Self, CodecError> {
        self.alert = self
            .alert
            .registered_for(registry, topics::ALERTS, patience)?;
        if let Framing::Confluent { schema_id } = self.alert.framing() {
            tracing::info!(subject = %format!("{}-value", topics::ALERTS), schema_id, "schema registered");
        }
        Ok(self)
    }

    /// The state of a partition, created empty if this instance had none (in a transaction
    /// from its creation on).
    fn state(&mut self, partition: i32) -> &mut Policy {
        let settings = &self.settings;
        self.states.entry(partition).or_insert_with(|| {
            let mut p = Policy::new(settings.clone());
            p.begin();
            p
        })
    }

    /// Decide about candidates read from `partition`.
    pub fn decide_all(&mut self, partition: i32, candidates: Vec<Candidate>) -> Vec<Alert> {
        let watch = self.live.current();
        let now = (self.clock)();
        let backfill = self.backfill;
        let mut out = Vec::new();
        let mut fired = Vec::new();
        let policy = self.state(partition);
        for c in candidates {
            let since = c.since_ms;
            if let Some(a) = decide(policy, &watch, c, backfill, now) {
                fired.push((a.watch_topic_id.clone(), since));
                out.push(a);
            }
        }
        self.pending.extend(fired);
        out
    }

    fn begin(&mut self) {
        for p in self.states.values_mut() {
            p.begin();
        }
    }

    /// Digests that fell due, in every partition, as loop outputs.
    fn due(&mut self, result: &mut BatchResult, metrics: &StageMetrics) {
        let now = (self.clock)();
        let watch = self.live.current();
        let mut alerts = Vec::new();
        for policy in self.states.values_mut() {
            if policy.next_due().is_some_and(|due| due <= now) {
                for a in due_digests(policy, &watch, now) {
                    self.pending.push((a.watch_topic_id.clone(), a.fetched_at));
                    alerts.push(a);
                }
            }
        }
        if now - self.expired_at >= EXPIRE_EVERY_MS {
            self.expired_at = now;
            let gone: usize = self.states.values_mut().map(|p| p.expire_fired(now)).sum();
            if gone > 0 {
                tracing::debug!(gone, "fired alert ids past their TTL forgotten");
            }
        }
        self.outputs(alerts, metrics, result);
    }

    /// Alerts and state changes as loop outputs.
    fn outputs(&mut self, alerts: Vec<Alert>, metrics: &StageMetrics, result: &mut BatchResult) {
        for alert in alerts {
            match (self.alert.encode(&alert), serde_json::to_vec(&alert)) {
                (Ok(payload), Ok(json)) => {
                    let key = alert.watch_topic_id.as_bytes().to_vec();
                    // The JSON mirror is written in the same transaction: both or neither.
                    result
                        .outputs
                        .push(Output::new(topics::ALERTS, key.clone(), payload));
                    result
                        .outputs
                        .push(Output::new(topics::ALERTS_JSON, key, json));
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
        for (partition, policy) in &mut self.states {
            let evicted = policy.take_evictions();
            if evicted > 0 {
                events::stories_evicted(evicted);
                tracing::warn!(
                    partition,
                    evicted,
                    max_stories = policy.settings().max_stories,
                    "story memory full: stories still inside the window were forgotten, so a late copy of one may fire again (raise CLAIMWATCH_ALERTING_MAX_STORIES)"
                );
            }
            let changes = policy.take_changes();
            if !self.changelog {
                continue;
            }
            for (key, value) in changes {
                let key = format!("{}{key}", self.prefix).into_bytes();
                match value {
                    Some(payload) => result.outputs.push(Output {
                        partition: Some(*partition),
                        ..Output::new(topics::ALERTING_STATE, key, payload)
                    }),
                    None => result.tombstones.push(Tombstone {
                        topic: topics::ALERTING_STATE.to_string(),
                        key,
                        partition: Some(*partition),
                    }),
                }
            }
        }
    }
}

impl Processor for StateProcessor {
    fn state_topics(&self) -> &[&str] {
        &[topics::ALERTING_STATE]
    }

    fn process_batch(&mut self, batch: &[Record<'_>], metrics: &StageMetrics) -> BatchResult {
        let started = std::time::Instant::now();
        let mut result = BatchResult::default();
        self.begin();
        // Candidates of one partition in order; partitions in turn.
        let mut by_partition: BTreeMap<i32, Vec<Candidate>> = BTreeMap::new();
        for (i, r) in batch.iter().enumerate() {
            // Another application's candidate: its own deciding stage takes it.
            if !r.key.is_some_and(|k| k.starts_with(self.prefix.as_bytes())) {
                continue;
            }
            match r.payload.map(serde_json::from_slice::<Candidate>) {
                None => result.failures.push((i, empty_payload())),
                Some(Err(e)) => result.failures.push((
                    i,
                    Failure::new(
                        "undecodable_candidate",
                        "io.claimwatch.DecodeError",
                        e.to_string(),
                    ),
                )),
                Some(Ok(c)) => by_partition.entry(r.partition).or_default().push(c),
            }
        }
        let mut alerts = Vec::new();
        for (partition, cands) in by_partition {
            alerts.extend(self.decide_all(partition, cands));
        }
        self.outputs(alerts, metrics, &mut result);
        self.due(&mut result, metrics);
        observe_batch(metrics, started, batch.len());
        result
    }

    fn assigned(&mut self, partitions: &[(String, i32)]) -> Result<(), String> {
        let parts: Vec<i32> = partitions
            .iter()
            .filter(|(t, _)| t == topics::ALERT_CANDIDATES)
            .map(|(_, p)| *p)
            .collect();
        let Some(kafka) = self.kafka.clone() else {
            return Ok(());
        };
        let started = std::time::Instant::now();
        let mut restored: BTreeMap<i32, Policy> = parts
            .iter()
            .map(|p| (*p, Policy::new(self.settings.clone())))
            .collect();
        let (mut applied, mut skipped) = (0u64, 0u64);
        let prefix = self.prefix.clone();
        claimwatch_kafka::reader::read_partitions(&kafka, topics::ALERTING_STATE, &parts, |r| {
            let key = r.key.as_deref().and_then(|k| std::str::from_utf8(k).ok());
            // Records of another application sharing the changelog are not ours to restore.
            if key.is_some_and(|k| !k.starts_with(&prefix)) {
                return true;
            }
            let key = key.map(|k| &k[prefix.len()..]);
            let policy = restored.get_mut(&r.partition);
            match (key, policy) {
                (Some(key), Some(policy)) => match policy.restore(key, r.payload.as_deref()) {
                    Ok(()) => applied += 1,
                    Err(e) => {
                        skipped += 1;
                        tracing::warn!(error = %e, partition = r.partition, offset = r.offset, "unreadable state record skipped");
                    }
                },
                _ => skipped += 1,
            }
            true
        })
        .map_err(|e| format!("restoring {}: {e}", topics::ALERTING_STATE))?;
        events::state_restored(applied);
        tracing::info!(
            partitions = ?parts,
            records = applied,
            skipped,
            ms = started.elapsed().as_millis() as u64,
            "alerting state restored from the changelog"
        );
        self.states.extend(restored);
        Ok(())
    }

    fn revoked(&mut self, partitions: &[(String, i32)]) {
        for (t, p) in partitions {
            if t == topics::ALERT_CANDIDATES && self.states.remove(p).is_some() {
                tracing::info!(
                    partition = p,
                    "alerting state of a revoked partition dropped"
                );
            }
        }
    }

    fn committed(&mut self) {
        for p in self.states.values_mut() {
            p.commit();
        }
        for (topic, since) in self.pending.drain(..) {
            events::alert_fired(&topic);
            events::end_to_end(since);
        }
    }

    fn aborted(&mut self) {
        self.pending.clear();
        for p in self.states.values_mut() {
            p.rollback();
        }
    }

    fn idle(&mut self) -> BatchResult {
        let mut result = BatchResult::default();
        let now = (self.clock)();
        let due = self
            .states
            .values()
            .filter_map(Policy::next_due)
            .min()
            .is_some_and(|d| d <= now);
        if due || now - self.expired_at >= EXPIRE_EVERY_MS {
            self.begin();
            let metrics = StageMetrics::new(crate::STAGE_STATE);
            self.due(&mut result, &metrics);
        }
        result
    }
}

/// Both stages in one process with one state: matching then deciding, no repartitioning.
pub struct AlertProcessor {
    live: Arc<LiveWatch>,
    article: Codec<ArticleEvent>,
    state: StateProcessor,
}

impl AlertProcessor {
    pub fn new(watch: WatchSet) -> anyhow::Result<Self> {
        Self::live(LiveWatch::fixed(watch))
    }

    /// A processor matching against a set that may change while it runs.
    pub fn live(live: Arc<LiveWatch>) -> anyhow::Result<Self> {
        let mut state = StateProcessor::new(live.clone(), Settings::default(), "in-process")?;
        state.changelog = false;
        Ok(AlertProcessor {
            live,
            article: Codecs::new()?.article,
            state,
        })
    }

    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.state.settings = settings;
        self.state.states.clear();
        self
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.state.clock = clock;
        self
    }

    /// Write backfill alerts: ids of their own, `backfill = true`, no throttle or digest (those
    /// shape live delivery), story dedup as live.
    pub fn for_backfill(mut self) -> Self {
        self.state.backfill = true;
        self
    }

    /// Alerts for a batch of articles (pure apart from the clock; used by tests, backfill and
    /// the topic evaluation). Each topic is matched within its scope.
    pub fn alerts_for(&mut self, articles: &[ArticleEvent]) -> Vec<Alert> {
        let watch = self.live.current();
        let now = (self.state.clock)();
        let cands: Vec<Candidate> = articles
            .iter()
            .flat_map(|a| candidates(&watch, a, self.state.backfill, now))
            .collect();
        let mut out = self.state.decide_all(0, cands);
        if let Some(policy) = self.state.states.get_mut(&0) {
            for a in due_digests(policy, &watch, now) {
                self.state
                    .pending
                    .push((a.watch_topic_id.clone(), a.fetched_at));
                out.push(a);
            }
        }
        out
    }

    /// Whether any topic fires on the article (no state is read or changed).
    pub fn fires_on(&self, a: &ArticleEvent) -> bool {
        !article_matches(&self.live.current(), a).is_empty()
    }
}

impl Processor for AlertProcessor {
    fn process_batch(&mut self, batch: &[Record<'_>], metrics: &StageMetrics) -> BatchResult {
        let mut result = BatchResult::default();
        let articles = decode_articles(&self.article, batch, &mut result);
        self.state.begin();
        let alerts = self.alerts_for(&articles);
        self.state.outputs(alerts, metrics, &mut result);
        result
    }

    fn committed(&mut self) {
        self.state.committed();
    }

    fn aborted(&mut self) {
        self.state.aborted();
    }

    fn idle(&mut self) -> BatchResult {
        self.state.idle()
    }
}

/// Every topic that fires on the article, each within its scope.
fn article_matches(watch: &WatchSet, a: &ArticleEvent) -> Vec<claimwatch_watch::ArticleMatch> {
    type Ids<'a> = (Vec<&'a str>, Vec<&'a str>, Vec<EntitySpan<'a>>);
    let ids_of: Vec<Ids<'_>> = a
        .statements
        .iter()
        .map(|s| {
            (
                s.entities.iter().map(|e| e.id.as_str()).collect(),
                s.countries.iter().map(String::as_str).collect(),
                s.entities
                    .iter()
                    .filter_map(|e| {
                        Some(EntitySpan {
                            id: e.id.as_str(),
                            start: u32::try_from(e.start).ok()?,
                            end: u32::try_from(e.end).ok()?,
                        })
                    })
                    .collect(),
            )
        })
        .collect();
    let views: Vec<ClaimView<'_>> = a
        .statements
        .iter()
        .zip(&ids_of)
        .map(|(s, (entity_ids, countries, entity_spans))| ClaimView {
            text: &s.text,
            entity_ids,
            countries,
            entity_spans,
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
            iso_utc(d.opened_ms)
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

/// `2026-11-28T09:00:00Z` for a millisecond timestamp.
fn iso_utc(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| format!("{ms} ms"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use claimwatch_model::bounds::{MAX_HIGHLIGHTS_PER_ALERT, MAX_STATEMENT_BYTES};

    fn cut_so_far(what: &str) -> u64 {
        CUT.with_label_values(&[what]).get()
    }

    #[test]
    fn a_hostile_statement_gives_a_bounded_alert_and_the_cut_is_counted() {
        let set = crate::compile_watch_file(
            "[[topic]]\nid = \"w\"\nname = \"W\"\nquery = 'worker*'\n",
            "w",
        )
        .unwrap();
        // One "sentence" of 27 KB naming the term 1,000 times, as no extractor of ours
        // would publish, but any writer of the articles topic can.
        let text = "Harbour workers met again. ".repeat(1_000);
        let claim = crate::highlight_tests::claim(&text, &[]);
        let event = ArticleEvent::from_claims(&[claim]).remove(0);
        let (texts, highlights) = (cut_so_far("texts"), cut_so_far("highlights"));
        let found = candidates(&set, &event, false, 0);
        assert_eq!(found.len(), 1);
        let alert = &found[0].alert;
        let kept = &alert.matched_claims[0].text;
        assert!(kept.len() <= MAX_STATEMENT_BYTES, "{} bytes", kept.len());
        assert!(text.starts_with(kept.as_str()));
        assert!(!alert.highlights.is_empty());
        assert!(alert.highlights.len() <= MAX_HIGHLIGHTS_PER_ALERT);
        for h in &alert.highlights {
            assert!(h.start >= 0 && h.end as usize <= kept.len(), "{h:?}");
            assert!(kept[h.start as usize..h.end as usize].starts_with("worker"));
        }
        // Other tests may count too: at least this alert's cut.
        assert!(cut_so_far("texts") > texts);
        assert!(cut_so_far("highlights") >= highlights + (1_000 - MAX_HIGHLIGHTS_PER_ALERT) as u64);
    }
}
