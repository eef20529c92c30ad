//! ClaimEvents → Alerts, as a [`txloop::Processor`].
//!
//! One alert per (watch topic, topic version, article): claims of one article matching the same
//! topic within a batch are merged into one alert; an alert id that was already committed (seen
//! at start in the alerts topic, or committed by this instance since) is never produced again,
//! so restarts and replays do not repeat alerts.

use std::collections::{BTreeMap, HashSet};
use std::time::{SystemTime, UNIX_EPOCH};

use claimwatch_kafka::dlq::Failure;
use claimwatch_kafka::txloop::{BatchResult, Output, Processor, Record};
use claimwatch_model::{ids, topics, Alert, ClaimEvent, Highlight, MatchedClaim};
use claimwatch_schema::{Codec, CodecError, Codecs, Framing, Registry};
use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_watch::{ClaimView, WatchSet};

use crate::events;

pub struct AlertProcessor {
    watch: WatchSet,
    claim: Codec<ClaimEvent>,
    alert: Codec<Alert>,
    /// Alert ids that are durable in the alerts topic.
    fired: HashSet<String>,
    /// Where to rebuild `fired` from at start; `None` keeps the set given to `new`.
    history: Option<claimwatch_kafka::KafkaSettings>,
    /// Alert ids (with their watch topic) produced in the open transaction.
    pending: Vec<(String, String, i64)>,
}

impl AlertProcessor {
    pub fn new(watch: WatchSet, fired: HashSet<String>) -> anyhow::Result<Self> {
        let codecs = Codecs::new()?;
        events::watch_topics(watch.topics().len());
        Ok(AlertProcessor {
            watch,
            claim: codecs.claim,
            alert: codecs.alert,
            fired,
            history: None,
            pending: Vec::new(),
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
        self.claim = self.claim.with_registry(registry.clone());
        self.alert = self
            .alert
            .registered_for(registry, topics::ALERTS, patience)?;
        if let Framing::Confluent { schema_id } = self.alert.framing() {
            tracing::info!(subject = %format!("{}-value", topics::ALERTS), schema_id, "schema registered");
        }
        Ok(self)
    }

    /// Rebuild the set of fired alerts from the alerts topic when the loop starts.
    pub fn with_history(mut self, kafka: claimwatch_kafka::KafkaSettings) -> Self {
        self.history = Some(kafka);
        self
    }

    /// Alerts for a batch of claims (pure; used by the loop and by tests).
    pub fn alerts_for(&mut self, claims: &[ClaimEvent]) -> Vec<Alert> {
        let mut open: BTreeMap<String, Alert> = BTreeMap::new();
        let mut order = Vec::new();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        for c in claims {
            let entity_ids: Vec<&str> = c.entities.iter().map(|e| e.id.as_str()).collect();
            let view = ClaimView {
                text: &c.text,
                entity_ids: &entity_ids,
                speaker: c.speaker.as_deref(),
                language: c.language.as_deref(),
                source_id: &c.source_id,
                hedged: c.hedged,
                // Source tags are not on the event yet.
                tags: &[],
            };
            for m in self.watch.matches(view) {
                let topic = &self.watch.topics()[m.topic];
                let id = ids::alert_id(&topic.id, topic.version, &c.article_id);
                if self.fired.contains(&id) || self.pending.iter().any(|(p, _, _)| *p == id) {
                    events::suppressed("already_fired");
                    continue;
                }
                let highlights = highlights_of(c, &m.terms);
                let claim = MatchedClaim {
                    claim_id: c.claim_id.clone(),
                    text: c.text.clone(),
                    speaker: c.speaker.clone(),
                    cue: c.cue.clone(),
                    hedged: c.hedged,
                };
                match open.get_mut(&id) {
                    Some(alert) => {
                        if !alert
                            .matched_claims
                            .iter()
                            .any(|x| x.claim_id == claim.claim_id)
                        {
                            alert.matched_claims.push(claim);
                            alert.highlights.extend(highlights);
                        }
                        for t in m.matched_terms {
                            if !alert.matched_terms.contains(&t) {
                                alert.matched_terms.push(t);
                            }
                        }
                        alert.explanation = topic.explain(&alert.matched_terms);
                    }
                    None => {
                        order.push(id.clone());
                        open.insert(
                            id.clone(),
                            Alert {
                                alert_id: id,
                                watch_topic_id: topic.id.clone(),
                                watch_topic_version: topic.version,
                                severity: topic.severity.clone(),
                                article_id: c.article_id.clone(),
                                article_url: c.article_url.clone(),
                                article_title: c.article_title.clone(),
                                source_id: c.source_id.clone(),
                                published_at: c.published_at,
                                matched_claims: vec![claim],
                                explanation: topic.explain(&m.matched_terms),
                                matched_terms: m.matched_terms,
                                fired_at: now,
                                fetched_at: c.fetched_at,
                                highlights,
                            },
                        );
                    }
                }
            }
        }
        let mut out = Vec::new();
        for id in order {
            if let Some(a) = open.remove(&id) {
                self.pending
                    .push((id, a.watch_topic_id.clone(), a.fetched_at));
                out.push(a);
            }
        }
        out
    }
}

/// Where the matched terms occur in the claim: the spans the matcher found for text terms, and
/// the extractor's mention offsets for `entity:` terms (which the matcher sees only as ids).
fn highlights_of(c: &ClaimEvent, terms: &[claimwatch_watch::MatchedTerm]) -> Vec<Highlight> {
    let mut out = Vec::new();
    for t in terms {
        for span in &t.spans {
            out.push(Highlight {
                claim_id: c.claim_id.clone(),
                term: t.term.clone(),
                start: span.start as i32,
                end: span.end as i32,
            });
        }
        if let Some(id) = t.term.strip_prefix("entity:") {
            for m in c.entities.iter().filter(|m| m.id == id) {
                out.push(Highlight {
                    claim_id: c.claim_id.clone(),
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
        let mut claims = Vec::with_capacity(batch.len());
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
                Some(p) => match self.claim.decode(p) {
                    Ok(c) => claims.push(c),
                    Err(e) => result.failures.push((
                        i,
                        Failure::new(e.kind(), "io.claimwatch.schema.CodecError", e.to_string()),
                    )),
                },
            }
        }
        for alert in self.alerts_for(&claims) {
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
        }
        Ok(())
    }

    fn committed(&mut self) {
        for (id, topic, fetched_at) in self.pending.drain(..) {
            events::alert_fired(&topic);
            events::end_to_end(fetched_at);
            self.fired.insert(id);
        }
    }

    fn aborted(&mut self) {
        self.pending.clear();
    }
}
