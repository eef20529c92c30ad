//! The webhook sink: delivers committed alerts to HTTP endpoints, at least once.
//!
//! It is a consumer of `claimwatch.alerts.v1` (`read_committed`, its own consumer group) on a
//! thread of its own. For each alert it resolves a URL (the watch topic's `webhook`, else
//! `CLAIMWATCH_WEBHOOK_URL`; an alert with neither is skipped and counted), POSTs a
//! Slack-compatible JSON body with an `Idempotency-Key` (the alert id) and, with a secret, an
//! HMAC-SHA256 signature, and retries with backoff within a bounded budget. An alert that is not
//! delivered within the budget, or is refused with a permanent status, or cannot be decoded, goes
//! to `claimwatch.alerts.v1.dlq` with Kafka Connect's error headers plus the webhook's host, the
//! attempts and the last status. An alert's offset is committed only after it was delivered,
//! skipped, or its dead letter was acknowledged by Kafka; a crash before that delivers it again
//! (receivers dedupe on the idempotency key). What to send, how to sign it, what an answer means
//! and when to retry are `claimwatch-notify`'s; this module does the HTTP and the Kafka.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant, SystemTime};

use claimwatch_kafka::dlq::{self, Failure};
use claimwatch_kafka::rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use claimwatch_kafka::rdkafka::message::{BorrowedMessage, Header, Message};
use claimwatch_kafka::rdkafka::producer::{FutureProducer, FutureRecord};
use claimwatch_kafka::rdkafka::{Offset, TopicPartitionList};
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::{topics, Alert};
use claimwatch_notify::retry::GiveUp;
use claimwatch_notify::{check_url, host_of, Next, Outcome, Secret};
use claimwatch_schema::Codec;
use claimwatch_telemetry::Shutdown;
use prometheus::{register_histogram_vec, register_int_counter_vec, HistogramVec, IntCounterVec};

use crate::config::WebhookConfig;
use crate::routes::Resolver;

/// Stage name in dead-letter headers.
pub const STAGE: &str = "webhook";
pub const H_HOST: &str = "claimwatch.webhook.host";
pub const H_ATTEMPTS: &str = "claimwatch.webhook.attempts";
pub const H_LAST_STATUS: &str = "claimwatch.webhook.last_status";
pub const H_ALERT_ID: &str = "claimwatch.alert.id";

// ---- metrics ----------------------------------------------------------------------------------

static DELIVERIES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_webhook_deliveries_total",
        "Webhook deliveries by outcome: delivered, retried (a failed attempt that is retried), \
         dead_lettered, skipped (no URL for the watch topic), stale (older than the max age), \
         backfill (written by claimwatch backfill, not sent).",
        &["outcome"]
    )
    .expect("registers once")
});

static DEAD_LETTERS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_webhook_dead_letters_total",
        "Alerts sent to the webhook dead-letter topic, by reason: decode, permanent, \
         attempts_exhausted, time_budget_exhausted.",
        &["reason"]
    )
    .expect("registers once")
});

static ATTEMPT_SECONDS: LazyLock<HistogramVec> = LazyLock::new(|| {
    register_histogram_vec!(
        "claimwatch_webhook_attempt_duration_seconds",
        "Duration of one webhook request, by result (ok, permanent, retryable).",
        &["result"],
        vec![0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0]
    )
    .expect("registers once")
});

static KAFKA_ERRORS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "claimwatch_webhook_kafka_errors_total",
        "Kafka errors of the webhook sink, by operation (consume, commit).",
        &["operation"]
    )
    .expect("registers once")
});

pub(crate) fn register_metrics() {
    for o in [
        "delivered",
        "retried",
        "dead_lettered",
        "skipped",
        "stale",
        "backfill",
    ] {
        DELIVERIES.with_label_values(&[o]);
    }
    for r in [
        "decode",
        GiveUp::Permanent.as_str(),
        GiveUp::AttemptsExhausted.as_str(),
        GiveUp::TimeBudgetExhausted.as_str(),
    ] {
        DEAD_LETTERS.with_label_values(&[r]);
    }
    for r in ["ok", "permanent", "retryable"] {
        ATTEMPT_SECONDS.with_label_values(&[r]);
    }
    for o in ["consume", "commit"] {
        KAFKA_ERRORS.with_label_values(&[o]);
    }
}

// ---- the sink ---------------------------------------------------------------------------------

/// The running sink.
pub struct Sink {
    thread: std::thread::JoinHandle<anyhow::Result<()>>,
}

impl Sink {
    /// Wait for the sink to stop (after `shutdown` was triggered) and return how it ended.
    pub async fn join(self) -> anyhow::Result<()> {
        tokio::task::spawn_blocking(move || {
            self.thread
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("webhook sink thread panicked")))
        })
        .await?
    }
}

/// Start the sink on its own thread with `resolve` (the followed watch topics' webhooks). It
/// stops when `shutdown` is triggered; on a fatal error (Kafka did not take a dead letter) it
/// triggers `shutdown` itself, so the service exits with an error instead of going on without
/// delivering.
pub fn spawn(
    kafka: KafkaSettings,
    cfg: WebhookConfig,
    resolve: Resolver,
    shutdown: Shutdown,
    per_topic_urls: usize,
) -> anyhow::Result<Sink> {
    register_metrics();
    if cfg.secret.is_none() {
        tracing::warn!("CLAIMWATCH_WEBHOOK_SECRET is not set: webhook requests are not signed");
    }
    tracing::info!(
        config = ?cfg,
        per_topic_urls,
        dead_letter_topic = %topics::dlq(topics::ALERTS),
        "starting the webhook sink"
    );
    let thread = std::thread::Builder::new()
        .name("webhook-sink".into())
        .spawn(move || {
            let result = run_sink(&kafka, &cfg, &resolve, &shutdown);
            if let Err(e) = &result {
                tracing::error!(error = %format!("{e:#}"), "webhook sink failed; stopping the service");
                shutdown.trigger();
            }
            result
        })?;
    Ok(Sink { thread })
}

/// Whether `alert` fired longer than `max_age` ago.
fn is_stale(alert: &Alert, max_age: Option<Duration>) -> bool {
    let now_ms = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    claimwatch_notify::is_stale(alert.fired_at, now_ms, max_age)
}

/// Sleep `d`, waking early on shutdown. Returns whether the whole delay passed.
fn sleep_unless_shutdown(d: Duration, shutdown: &Shutdown) -> bool {
    let end = Instant::now() + d;
    loop {
        if shutdown.is_triggered() {
            return false;
        }
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        std::thread::sleep(left.min(Duration::from_millis(50)));
    }
}

/// Consumer offsets to commit: the next offset per partition of records fully handled.
#[derive(Default)]
struct Commits {
    pending: BTreeMap<i32, i64>,
    last: Option<Instant>,
}

impl Commits {
    fn mark(&mut self, partition: i32, next_offset: i64) {
        self.pending.insert(partition, next_offset);
    }

    /// Commit synchronously: always with `now`, else at most once a second (skipped alerts only
    /// cost a redelivery-and-skip if the commit is lost).
    fn flush(&mut self, consumer: &BaseConsumer, now: bool) {
        if self.pending.is_empty() {
            return;
        }
        if !now
            && self
                .last
                .is_some_and(|t| t.elapsed() < Duration::from_secs(1))
        {
            return;
        }
        let mut tpl = TopicPartitionList::new();
        for (p, o) in &self.pending {
            if let Err(e) = tpl.add_partition_offset(topics::ALERTS, *p, Offset::Offset(*o)) {
                tracing::warn!(error = %e, partition = p, "cannot build the offset commit");
            }
        }
        if let Err(e) = consumer.commit(&tpl, CommitMode::Sync) {
            // The records were handled; without the commit they are delivered again after a
            // restart or rebalance (at least once; receivers dedupe on the idempotency key).
            KAFKA_ERRORS.with_label_values(&["commit"]).inc();
            tracing::warn!(error = %e, offsets = ?self.pending, "webhook sink offset commit failed");
        }
        self.pending.clear();
        self.last = Some(Instant::now());
    }
}

/// How handling one record ended.
enum Handled {
    /// Delivered or dead-lettered: commit now.
    Durable,
    /// Nothing to deliver: commit soon.
    Skipped,
    /// Shutdown came during the retries: do not commit; the alert is delivered again later.
    Interrupted,
}

struct Sender<'a> {
    cfg: &'a WebhookConfig,
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
    producer: FutureProducer,
    dlq_topic: String,
    shutdown: &'a Shutdown,
}

fn run_sink(
    kafka: &KafkaSettings,
    cfg: &WebhookConfig,
    resolve: &Resolver,
    shutdown: &Shutdown,
) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let http = reqwest::Client::builder()
        // Redirects are not followed (a 3xx is a permanent failure), so no hop escapes the
        // guard; a proxy would resolve names out of its reach.
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(Arc::new(claimwatch_netguard::GuardedResolver::new(
            cfg.ssrf.clone(),
            Default::default(),
        )))
        .timeout(cfg.timeout)
        .connect_timeout(cfg.timeout)
        // Alerts are rare: a fresh connection per request, so no idle connection goes stale
        // between requests on this runtime.
        .pool_max_idle_per_host(0)
        .user_agent(format!(
            "claimwatch-webhook/{}",
            claimwatch_telemetry::VERSION
        ))
        .build()?;
    // The sink does not poll while it retries one alert, so the poll interval must outlast the
    // retry budget, or the group would consider this member dead mid-delivery.
    let max_poll_ms = (cfg.policy.max_elapsed + cfg.timeout * 2 + Duration::from_secs(60))
        .as_millis()
        .max(300_000)
        .to_string();
    let consumer: BaseConsumer = kafka
        .config_with(&[
            ("group.id", &cfg.group_id),
            ("enable.auto.commit", "false"),
            ("isolation.level", "read_committed"),
            ("auto.offset.reset", "earliest"),
            ("max.poll.interval.ms", &max_poll_ms),
        ])
        .create()?;
    consumer.subscribe(&[topics::ALERTS])?;
    let sender = Sender {
        cfg,
        rt,
        http,
        producer: kafka.idempotent_producer()?,
        dlq_topic: topics::dlq(topics::ALERTS),
        shutdown,
    };
    // Both framings; registry ids are looked up on this (blocking) thread, once each.
    let mut codec = Codec::<Alert>::new()?;
    if let Some(registry) = &cfg.schema_registry {
        codec = codec.with_registry(registry.clone());
    }
    let mut commits = Commits::default();
    let mut skipped_topics: HashSet<String> = HashSet::new();
    let mut consume_errors = 0u32;
    let mut stale = 0u32;

    while !shutdown.is_triggered() {
        let m = match consumer.poll(Duration::from_millis(200)) {
            None => {
                commits.flush(&consumer, false);
                continue;
            }
            Some(Err(e)) => {
                // Mostly transient (broker restarts); librdkafka reconnects by itself.
                KAFKA_ERRORS.with_label_values(&["consume"]).inc();
                consume_errors = consume_errors.saturating_add(1);
                if consume_errors.is_power_of_two() {
                    tracing::warn!(error = %e, count = consume_errors, "webhook sink consume error");
                }
                sleep_unless_shutdown(Duration::from_millis(200), shutdown);
                continue;
            }
            Some(Ok(m)) => m,
        };
        let (partition, offset) = (m.partition(), m.offset());
        let handled = match m.payload().map(|p| codec.decode(p)) {
            Some(Ok(alert)) => match resolve(&alert.watch_topic_id) {
                // `claimwatch backfill --to-kafka` replays history: not news to notify.
                Some(_) if alert.backfill => {
                    DELIVERIES.with_label_values(&["backfill"]).inc();
                    Handled::Skipped
                }
                Some(_) if is_stale(&alert, cfg.max_age) => {
                    DELIVERIES.with_label_values(&["stale"]).inc();
                    stale = stale.saturating_add(1);
                    if stale.is_power_of_two() {
                        tracing::info!(
                            count = stale,
                            max_age_secs = cfg.max_age.map_or(0, |d| d.as_secs()),
                            "alerts older than the webhook max age are not sent"
                        );
                    }
                    Handled::Skipped
                }
                Some(url) => sender.deliver(&m, &alert, &url)?,
                None => {
                    DELIVERIES.with_label_values(&["skipped"]).inc();
                    if skipped_topics.len() < 1000
                        && skipped_topics.insert(alert.watch_topic_id.clone())
                    {
                        tracing::info!(
                            watch_topic = %alert.watch_topic_id,
                            "no webhook URL for this watch topic: its alerts are skipped"
                        );
                    }
                    Handled::Skipped
                }
            },
            Some(Err(e)) => sender.undecodable(&m, e.to_string())?,
            None => sender.undecodable(&m, "record has no payload".into())?,
        };
        match handled {
            Handled::Durable => {
                commits.mark(partition, offset + 1);
                commits.flush(&consumer, true);
            }
            Handled::Skipped => {
                commits.mark(partition, offset + 1);
                commits.flush(&consumer, false);
            }
            Handled::Interrupted => break,
        }
    }
    commits.flush(&consumer, true);
    tracing::info!("webhook sink stopped");
    Ok(())
}

/// Most bytes of a failure answer's body kept for logs and dead letters (Slack explains a
/// refusal there: `invalid_payload`, `no_service`, …).
const SNIPPET_BYTES: usize = 300;

/// Send `req`; the status, `Retry-After`, and for a non-2xx answer the start of its body (one
/// line, at most `SNIPPET_BYTES`).
async fn answer(
    req: reqwest::RequestBuilder,
) -> Result<(u16, Option<String>, String), reqwest::Error> {
    let mut resp = req.send().await?;
    let status = resp.status().as_u16();
    // An internal receiver (allowed by the allow-list) answers into our logs and dead letters
    // only with its status: its body could be anything of the internal network's.
    let internal = resp
        .remote_addr()
        .is_none_or(|a| claimwatch_fetch::ssrf::classify(a.ip()).is_some());
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut head = Vec::new();
    if !resp.status().is_success() && !internal {
        // The body is not needed to classify the answer: stop at the first error.
        while head.len() < SNIPPET_BYTES {
            match resp.chunk().await {
                Ok(Some(c)) => {
                    head.extend_from_slice(&c[..c.len().min(SNIPPET_BYTES - head.len())])
                }
                _ => break,
            }
        }
    }
    let snippet = String::from_utf8_lossy(&head)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Ok((status, retry_after, snippet))
}

/// A reqwest error without its URL (which may carry a token), with its causes.
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut s = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(cause) = src {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        src = cause.source();
    }
    s
}

impl Sender<'_> {
    /// One HTTP attempt; `None` when shutdown interrupted it.
    fn attempt(&self, url: &str, alert_id: &str, body: &[u8]) -> Option<(Outcome, String)> {
        let timestamp = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let secret = self.cfg.secret.as_ref().map(Secret::expose);
        let mut req = self.http.post(url).body(body.to_vec());
        for (k, v) in claimwatch_notify::request_headers(alert_id, timestamp, secret, body) {
            req = req.header(k, v);
        }
        let started = Instant::now();
        let result = self.rt.block_on(async {
            tokio::select! {
                r = answer(req) => Some(r),
                _ = self.shutdown.wait() => None,
            }
        })?;
        let (outcome, detail) = match result {
            Ok((status, retry_after, snippet)) => {
                let outcome =
                    claimwatch_notify::classify(status, retry_after.as_deref(), SystemTime::now());
                let detail = if snippet.is_empty() {
                    format!("HTTP {status}")
                } else {
                    format!("HTTP {status}: {snippet}")
                };
                (outcome, detail)
            }
            Err(e) => match claimwatch_netguard::refusal_in(&e) {
                // Refused by the guard: no retry will change that.
                Some(why) => (Outcome::Refused, why),
                None => (claimwatch_notify::transport_error(), describe(e)),
            },
        };
        ATTEMPT_SECONDS
            .with_label_values(&[outcome.label()])
            .observe(started.elapsed().as_secs_f64());
        Some((outcome, detail))
    }

    /// Deliver one alert within the retry budget, else dead-letter it.
    fn deliver(
        &self,
        m: &BorrowedMessage<'_>,
        alert: &Alert,
        url: &str,
    ) -> anyhow::Result<Handled> {
        let host = host_of(url);
        let checked = check_url(url).and_then(|u| {
            claimwatch_netguard::check_literal(&self.cfg.ssrf, &u)
                .map_err(|why| format!("is refused ({why})"))
        });
        if let Err(e) = checked {
            // A configuration error that no retry will fix.
            let message = format!("webhook URL of watch topic {} {e}", alert.watch_topic_id);
            tracing::warn!(alert_id = %alert.alert_id, "{message}; dead-lettering");
            let failure = Failure::new(
                GiveUp::Permanent.as_str(),
                "io.claimwatch.webhook.InvalidUrl",
                message,
            );
            self.dead_letter(m, &failure, Some(&host), Some(&alert.alert_id), 0, None)?;
            DEAD_LETTERS
                .with_label_values(&[GiveUp::Permanent.as_str()])
                .inc();
            return Ok(Handled::Durable);
        }
        let body = serde_json::to_vec(&claimwatch_notify::body(alert))?;
        let first = Instant::now();
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let Some((outcome, detail)) = self.attempt(url, &alert.alert_id, &body) else {
                tracing::info!(alert_id = %alert.alert_id, "shutdown during a webhook delivery: it is retried after restart");
                return Ok(Handled::Interrupted);
            };
            match self
                .cfg
                .policy
                .next(attempts, first.elapsed(), &outcome, fastrand::f64())
            {
                Next::Done => {
                    DELIVERIES.with_label_values(&["delivered"]).inc();
                    tracing::info!(
                        alert_id = %alert.alert_id,
                        watch_topic = %alert.watch_topic_id,
                        %host,
                        attempts,
                        "alert delivered to webhook"
                    );
                    return Ok(Handled::Durable);
                }
                Next::RetryIn(delay) => {
                    DELIVERIES.with_label_values(&["retried"]).inc();
                    tracing::warn!(
                        alert_id = %alert.alert_id,
                        %host,
                        attempt = attempts,
                        %detail,
                        delay_ms = delay.as_millis() as u64,
                        "webhook attempt failed; retrying"
                    );
                    if !sleep_unless_shutdown(delay, self.shutdown) {
                        tracing::info!(alert_id = %alert.alert_id, "shutdown during webhook retries: the alert is delivered again after restart");
                        return Ok(Handled::Interrupted);
                    }
                }
                Next::GiveUp(reason) => {
                    let message = format!(
                        "webhook delivery to {host} failed after {attempts} attempt(s) in {:.1} s ({}): {detail}",
                        first.elapsed().as_secs_f64(),
                        reason.as_str()
                    );
                    tracing::warn!(alert_id = %alert.alert_id, watch_topic = %alert.watch_topic_id, "{message}; dead-lettering");
                    let failure = Failure::new(
                        reason.as_str(),
                        "io.claimwatch.webhook.DeliveryFailed",
                        message,
                    );
                    self.dead_letter(
                        m,
                        &failure,
                        Some(&host),
                        Some(&alert.alert_id),
                        attempts,
                        outcome.status(),
                    )?;
                    DEAD_LETTERS.with_label_values(&[reason.as_str()]).inc();
                    return Ok(Handled::Durable);
                }
            }
        }
    }

    /// A record on the alerts topic that is not an alert: dead-lettered as `decode`.
    fn undecodable(&self, m: &BorrowedMessage<'_>, error: String) -> anyhow::Result<Handled> {
        tracing::warn!(
            partition = m.partition(),
            offset = m.offset(),
            %error,
            "undecodable record on the alerts topic; dead-lettering"
        );
        let failure = Failure::new("decode", "io.claimwatch.schema.CodecError", error);
        self.dead_letter(m, &failure, None, None, 0, None)?;
        DEAD_LETTERS.with_label_values(&["decode"]).inc();
        Ok(Handled::Durable)
    }

    /// Produce the record to the dead-letter topic and wait for Kafka's acknowledgement. An
    /// error here is fatal: the offset must not be committed.
    fn dead_letter(
        &self,
        m: &BorrowedMessage<'_>,
        failure: &Failure,
        host: Option<&str>,
        alert_id: Option<&str>,
        attempts: u32,
        last_status: Option<u16>,
    ) -> anyhow::Result<()> {
        let attempts = attempts.to_string();
        let status = last_status.map_or_else(|| "none".to_string(), |s| s.to_string());
        let mut headers = dlq::headers(m.topic(), m.partition(), m.offset(), STAGE, failure);
        for (key, value) in [
            (H_HOST, host),
            (H_ALERT_ID, alert_id),
            (H_ATTEMPTS, Some(attempts.as_str())),
            (H_LAST_STATUS, Some(status.as_str())),
        ] {
            if let Some(value) = value {
                headers = headers.insert(Header {
                    key,
                    value: Some(value),
                });
            }
        }
        let mut record = FutureRecord::<[u8], [u8]>::to(&self.dlq_topic).headers(headers);
        if let Some(k) = m.key() {
            record = record.key(k);
        }
        if let Some(p) = m.payload() {
            record = record.payload(p);
        }
        let sent = self
            .rt
            .block_on(self.producer.send(record, Duration::from_secs(30)));
        match sent {
            Ok(_) => {
                DELIVERIES.with_label_values(&["dead_lettered"]).inc();
                Ok(())
            }
            Err((e, _)) => Err(anyhow::anyhow!(
                "dead letter for {}/{}@{} not acknowledged by Kafka: {e}",
                m.topic(),
                m.partition(),
                m.offset()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_past_the_max_age_are_stale_by_their_firing_time() {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let mut a: Alert = serde_json::from_value(serde_json::json!({
            "alert_id": "a", "watch_topic_id": "t", "watch_topic_version": 1, "severity": "low",
            "article_id": "x", "article_url": "https://e.org/", "article_title": null,
            "source_id": "s", "published_at": null, "matched_claims": [], "matched_terms": [],
            "explanation": "", "fired_at": now - 10_000, "fetched_at": 0
        }))
        .unwrap();
        let hour = Some(Duration::from_secs(3600));
        assert!(!is_stale(&a, hour));
        a.fired_at = now - 3_700_000;
        assert!(is_stale(&a, hour));
        assert!(!is_stale(&a, None));
    }
}
