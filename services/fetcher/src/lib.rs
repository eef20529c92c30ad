//! The fetcher service: polls the configured sources and publishes each new or changed document
//! as a `RawArticle`. What was published is remembered in a compacted topic, so restarts do not
//! republish.
//!
//! Layout: `config` (flags, sources file), `http` (the polite, guarded HTTP client), `sources`
//! (one poll of one source), `state` (the dedup and validator state), `events` (metrics). The
//! decisions without I/O live in the `claimwatch-fetch` crate. [`Ctx`] ties them together and
//! can run with Kafka ([`run`]) or without it ([`Output::Memory`] / [`Output::Discard`], used by
//! the tests and the benchmark).

pub mod config;
mod events;
pub mod http;
pub mod sources;
pub mod state;
/// A scripted HTTP server on 127.0.0.1 for tests and the fetch benchmark; not in the service
/// binary (feature `testserver`, which the tests crate and the benchmark turn on).
#[cfg(any(test, feature = "testserver"))]
pub mod testserver;

#[cfg(test)]
mod http_tests;

pub use config::{Args, Config, HttpSettings, SourceKind, SourceSpec};

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use claimwatch_fetch::backoff;
use claimwatch_fetch::state::Record;
use claimwatch_fetch::url::{redact_url, redact_urls_in};
use claimwatch_kafka::admin;
use claimwatch_kafka::rdkafka::error::KafkaError;
use claimwatch_kafka::rdkafka::producer::future_producer::DeliveryFuture;
use claimwatch_kafka::rdkafka::producer::{FutureProducer, FutureRecord};
use claimwatch_kafka::rdkafka::types::RDKafkaErrorCode;
use claimwatch_model::{topics, RawArticle};
use claimwatch_schema::Codec;
use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_telemetry::{Health, Shutdown};
use tokio::sync::{mpsc, watch};

use state::State;

pub const STAGE: &str = "fetcher";

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Where published articles and state records go.
pub enum Output {
    /// The pipeline: articles to `claimwatch.articles.raw.v1`, state to the compacted state
    /// topic; each send waits for the broker's acknowledgement.
    Kafka {
        producer: FutureProducer,
        codec: Codec<RawArticle>,
    },
    /// Kept in memory (tests).
    Memory {
        articles: Mutex<Vec<RawArticle>>,
        records: Mutex<Vec<(String, Record)>>,
    },
    /// Counted and dropped (benchmark).
    Discard,
}

impl Output {
    pub fn memory() -> Output {
        Output::Memory {
            articles: Mutex::new(Vec::new()),
            records: Mutex::new(Vec::new()),
        }
    }
}

/// What [`Ctx::publish_new`] did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    New,
    /// The same canonical URL with the same content was published before.
    Duplicate,
    /// Its record would exceed the largest message Kafka accepts: not published, counted.
    TooLarge,
}

/// Most article records one source has in flight (sent, not yet acknowledged): the fetcher
/// does not wait for each record's acknowledgement before sending the next, but waits for the
/// oldest once this many are outstanding, and for all of them at the end of each poll.
pub const MAX_IN_FLIGHT: usize = 1_000;

/// An article sent to Kafka whose acknowledgement is awaited before its state is written.
struct Pending {
    delivery: DeliveryFuture,
    article_id: String,
    source_id: String,
    url: String,
    record_bytes: usize,
    record: Record,
    extra: Vec<(String, Record)>,
}

/// Everything a poll needs: the HTTP client, the state, the output.
pub struct Ctx {
    pub http: http::Http,
    state: Mutex<State>,
    out: Output,
    metrics: StageMetrics,
    max_items_per_poll: usize,
    max_body_bytes: usize,
    /// Largest record Kafka accepts (`CLAIMWATCH_MAX_MESSAGE_BYTES`).
    max_message_bytes: usize,
    /// Articles published by this instance.
    pub published: AtomicU64,
    /// Documents this instance could not publish because they were too large.
    pub too_large: AtomicU64,
    /// Articles in flight, per source, oldest first.
    pending: Mutex<HashMap<String, VecDeque<Pending>>>,
    /// State records in flight, oldest first.
    state_acks: Mutex<VecDeque<(String, DeliveryFuture)>>,
}

impl Ctx {
    pub fn new(
        config: &Config,
        state: State,
        out: Output,
        health: Option<mpsc::Sender<http::HealthEvent>>,
    ) -> anyhow::Result<Ctx> {
        events::register();
        Ok(Ctx {
            http: http::Http::new(config.http.clone(), health)?,
            state: Mutex::new(state),
            out,
            metrics: StageMetrics::new(STAGE),
            max_items_per_poll: config.max_items_per_poll,
            max_body_bytes: config.http.max_body_bytes,
            max_message_bytes: config.kafka.max_message_bytes,
            published: AtomicU64::new(0),
            too_large: AtomicU64::new(0),
            pending: Mutex::new(HashMap::new()),
            state_acks: Mutex::new(VecDeque::new()),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The lock is only ever held for a map look-up or insert, never across an await.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn state_get(&self, key: &str) -> Option<Record> {
        self.lock().get(key).cloned()
    }

    /// Whether the URL with this id was already published; a known key is marked as listed
    /// again (and its record rewritten when its time to live needs it).
    async fn seen(&self, article_id: &str) -> anyhow::Result<bool> {
        let (known, rewrite) = {
            let mut state = self.lock();
            let known = state.knows(article_id);
            let rewrite = if known {
                state.touch(article_id, now_ms())
            } else {
                None
            };
            (known, rewrite)
        };
        if let Some(r) = rewrite {
            self.record_state(article_id, r).await?;
        }
        Ok(known)
    }

    /// Forget the state keys that no source listed within the time to live: tombstones on the
    /// compacted state topic, then out of the map. Returns how many went.
    pub async fn expire_state(&self) -> anyhow::Result<usize> {
        let gone = self.lock().expire(now_ms());
        if gone.is_empty() {
            return Ok(0);
        }
        if let Output::Kafka { producer, .. } = &self.out {
            for key in &gone {
                producer
                    .send(
                        FutureRecord::<[u8], [u8]>::to(topics::FETCHER_STATE).key(key.as_bytes()),
                        Duration::from_secs(30),
                    )
                    .await
                    .map_err(|(e, _)| anyhow::anyhow!("tombstone for {key} failed: {e}"))?;
            }
            self.metrics
                .produced(topics::FETCHER_STATE, gone.len() as u64);
        }
        events::state_expired(gone.len());
        tracing::info!(
            expired = gone.len(),
            "state keys not listed within their time to live forgotten"
        );
        Ok(gone.len())
    }

    /// How many keys the state holds.
    pub fn state_len(&self) -> usize {
        self.lock().len()
    }

    /// Articles kept by [`Output::Memory`].
    pub fn articles(&self) -> Vec<RawArticle> {
        match &self.out {
            Output::Memory { articles, .. } => {
                articles.lock().unwrap_or_else(|p| p.into_inner()).clone()
            }
            _ => Vec::new(),
        }
    }

    /// Publish the article unless the same canonical URL with the same content was published;
    /// then its state record and `extra` records (aliases). The article is acknowledged before
    /// its state is written: a crash in between republishes it once (at-least-once; ids are
    /// deterministic downstream). A document whose record is too large for Kafka is counted
    /// (`too_large`, with a health event) and not published; its state is not recorded, so it
    /// is looked at again on the next poll.
    async fn publish_new(
        &self,
        raw: &RawArticle,
        record: Record,
        extra: Vec<(String, Record)>,
    ) -> anyhow::Result<Published> {
        let (duplicate, rewrite) = {
            let mut state = self.lock();
            let duplicate = state.is_duplicate(&raw.article_id, &raw.content_hash);
            let rewrite = if duplicate {
                state.touch(&raw.article_id, now_ms())
            } else {
                None
            };
            (duplicate, rewrite)
        };
        if duplicate {
            events::duplicate();
            if let Some(r) = rewrite {
                self.record_state(&raw.article_id, r).await?;
            }
            for (k, r) in extra {
                self.record_state(&k, r).await?;
            }
            return Ok(Published::Duplicate);
        }
        match &self.out {
            Output::Kafka { producer, codec } => {
                let payload = codec.encode(raw)?;
                if payload.len() + raw.article_id.len() > self.max_message_bytes {
                    return Ok(self.record_too_large(&raw.source_id, &raw.url, payload.len()));
                }
                let delivery = match send_nowait(
                    producer,
                    topics::ARTICLES_RAW,
                    raw.article_id.as_bytes(),
                    Some(&payload),
                )
                .await
                {
                    Ok(d) => d,
                    Err(e) if e.rdkafka_error_code().is_some_and(record_specific) => {
                        tracing::warn!(url = %redact_url(&raw.url), error = %e, "the producer refused the record");
                        return Ok(self.record_too_large(&raw.source_id, &raw.url, payload.len()));
                    }
                    Err(e) => anyhow::bail!("publishing {} failed: {e}", redact_url(&raw.url)),
                };
                // Known at once in memory, so the same poll does not send it twice; forgotten
                // again if the broker does not acknowledge it.
                self.lock()
                    .record_at(&raw.article_id, record.clone(), now_ms());
                let pending = Pending {
                    delivery,
                    article_id: raw.article_id.clone(),
                    source_id: raw.source_id.clone(),
                    url: raw.url.clone(),
                    record_bytes: payload.len(),
                    record,
                    extra,
                };
                let oldest = {
                    let mut all = self.pending.lock().unwrap_or_else(|p| p.into_inner());
                    let queue = all.entry(raw.source_id.clone()).or_default();
                    queue.push_back(pending);
                    if queue.len() > MAX_IN_FLIGHT {
                        queue.pop_front()
                    } else {
                        None
                    }
                };
                if let Some(p) = oldest {
                    self.settle(p).await?;
                }
                return Ok(Published::New);
            }
            Output::Memory { articles, .. } => articles
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(raw.clone()),
            Output::Discard => {}
        }
        events::published();
        self.published.fetch_add(1, Ordering::Relaxed);
        self.record_state(&raw.article_id, record).await?;
        for (k, r) in extra {
            self.record_state(&k, r).await?;
        }
        Ok(Published::New)
    }

    /// Wait for an article's acknowledgement, then send its state records (their own
    /// acknowledgements are awaited later, in [`Ctx::flush`]). Returns whether the broker
    /// refused it as too large.
    async fn settle(&self, p: Pending) -> anyhow::Result<bool> {
        let failed = match p.delivery.await {
            Ok(Ok(_)) => None,
            Ok(Err((e, _))) => Some(e),
            Err(_) => Some(KafkaError::Canceled),
        };
        if let Some(e) = failed {
            self.lock().forget(&p.article_id);
            if e.rdkafka_error_code().is_some_and(record_specific) {
                tracing::warn!(url = %redact_url(&p.url), error = %e, "the broker refused the record");
                self.record_too_large(&p.source_id, &p.url, p.record_bytes);
                return Ok(true);
            }
            anyhow::bail!("publishing {} failed: {e}", redact_url(&p.url));
        }
        self.metrics.produced(topics::ARTICLES_RAW, 1);
        events::published();
        self.published.fetch_add(1, Ordering::Relaxed);
        self.record_state_nowait(&p.article_id, p.record).await?;
        for (k, r) in p.extra {
            self.record_state_nowait(&k, r).await?;
        }
        Ok(false)
    }

    /// Send a state record without waiting for its acknowledgement (see [`Ctx::flush`]).
    async fn record_state_nowait(&self, key: &str, mut record: Record) -> anyhow::Result<()> {
        let Output::Kafka { producer, .. } = &self.out else {
            return self.record_state(key, record).await;
        };
        let now = now_ms();
        record.fetched_at = Some(now);
        let json = record.to_json();
        let d = send_nowait(producer, topics::FETCHER_STATE, key.as_bytes(), Some(&json))
            .await
            .map_err(|e| anyhow::anyhow!("recording state for {key} failed: {e}"))?;
        self.lock().record_at(key, record, now);
        let oldest = {
            let mut q = self.state_acks.lock().unwrap_or_else(|p| p.into_inner());
            q.push_back((key.to_string(), d));
            if q.len() > MAX_IN_FLIGHT {
                q.pop_front()
            } else {
                None
            }
        };
        if let Some((k, d)) = oldest {
            wait_state(&k, d).await?;
            self.metrics.produced(topics::FETCHER_STATE, 1);
        }
        Ok(())
    }

    /// Wait until every article of `source_id` in flight is acknowledged and every state
    /// record sent is too. Returns how many articles the broker refused as too large. The
    /// first failure is returned after everything was waited for.
    pub async fn flush(&self, source_id: &str) -> anyhow::Result<usize> {
        let queue = self
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(source_id)
            .unwrap_or_default();
        let mut too_large = 0;
        let mut first_error = None;
        for p in queue {
            match self.settle(p).await {
                Ok(true) => too_large += 1,
                Ok(false) => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        loop {
            let next = self
                .state_acks
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop_front();
            let Some((k, d)) = next else { break };
            match wait_state(&k, d).await {
                Ok(()) => self.metrics.produced(topics::FETCHER_STATE, 1),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(too_large),
        }
    }

    fn record_too_large(&self, source_id: &str, url: &str, record_bytes: usize) -> Published {
        self.too_large.fetch_add(1, Ordering::Relaxed);
        self.http.count_too_large(source_id);
        tracing::warn!(
            source = %source_id,
            url = %url,
            record_bytes,
            max_message_bytes = self.max_message_bytes,
            "document too large for a Kafka record; skipped (counted as too_large)"
        );
        Published::TooLarge
    }

    /// Write a state record (acknowledged) and apply it. The record carries its write time
    /// (`fetched_at`), from which a restarted fetcher counts its time to live.
    async fn record_state(&self, key: &str, mut record: Record) -> anyhow::Result<()> {
        let now = now_ms();
        record.fetched_at = Some(now);
        match &self.out {
            Output::Kafka { producer, .. } => {
                let json = record.to_json();
                producer
                    .send(
                        FutureRecord::to(topics::FETCHER_STATE)
                            .key(key.as_bytes())
                            .payload(&json),
                        Duration::from_secs(30),
                    )
                    .await
                    .map_err(|(e, _)| anyhow::anyhow!("recording state for {key} failed: {e}"))?;
                self.metrics.produced(topics::FETCHER_STATE, 1);
            }
            Output::Memory { records, .. } => records
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((key.to_string(), record.clone())),
            Output::Discard => {}
        }
        self.lock().record_at(key, record, now);
        Ok(())
    }
}

use claimwatch_kafka::txloop::record_specific;

/// Send a record without waiting for its acknowledgement; a full local queue is waited out.
async fn send_nowait(
    producer: &FutureProducer,
    topic: &str,
    key: &[u8],
    payload: Option<&[u8]>,
) -> Result<DeliveryFuture, KafkaError> {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let mut rec = FutureRecord::<[u8], [u8]>::to(topic).key(key);
        if let Some(p) = payload {
            rec = rec.payload(p);
        }
        match producer.send_result(rec) {
            Ok(d) => return Ok(d),
            Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), _))
                if std::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            Err((e, _)) => return Err(e),
        }
    }
}

/// Wait for a state record's acknowledgement.
async fn wait_state(key: &str, d: DeliveryFuture) -> anyhow::Result<()> {
    match d.await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err((e, _))) => anyhow::bail!("recording state for {key} failed: {e}"),
        Err(_) => anyhow::bail!("recording state for {key} failed: delivery canceled"),
    }
}

/// Publish source-health events as JSON, key = source id. Deliveries are not awaited one by
/// one (that would bound the rate by the broker's round trip); a full queue drops and counts.
async fn forward_health(producer: FutureProducer, mut rx: mpsc::Receiver<http::HealthEvent>) {
    let mut pending = Vec::new();
    while let Some(ev) = rx.recv().await {
        let Ok(payload) = serde_json::to_vec(&ev) else {
            continue;
        };
        match producer.send_result(
            FutureRecord::to(topics::FETCHER_EVENTS)
                .key(ev.source_id.as_bytes())
                .payload(&payload),
        ) {
            Ok(delivery) => {
                pending.push(delivery);
                if pending.len() >= 1000 {
                    for d in pending.drain(..) {
                        let _ = d.await;
                    }
                }
            }
            Err(_) => events::health_event_dropped(),
        }
    }
    for d in pending {
        let _ = tokio::time::timeout(Duration::from_secs(5), d).await;
    }
}

/// Run the fetcher until `shutdown` is triggered (or, with `once`, until every source has been
/// polled once).
pub async fn run(config: Config, shutdown: Shutdown) -> anyhow::Result<()> {
    let health = Health::default();
    claimwatch_telemetry::serve_until_shutdown(config.metrics_addr, &health, &shutdown).await?;
    events::register();
    admin::prepare_pipeline(&config.kafka, config.create_topics, config.topic_partitions).await?;
    admin::check_max_message_bytes(&config.kafka, &[topics::ARTICLES_RAW]).await?;
    let k = config.kafka.clone();
    let mut state = tokio::task::spawn_blocking(move || State::load(&k)).await??;
    state.set_ttl(config.state_ttl);
    tracing::info!(known_keys = state.len(), ttl = ?config.state_ttl, "fetcher state rebuilt");
    let mut codec = Codec::<RawArticle>::new()?;
    if let Some(registry) = config.schema_registry.clone() {
        let patience = config.kafka.connect_timeout;
        codec = tokio::task::spawn_blocking(move || {
            codec.registered_for(&registry, topics::ARTICLES_RAW, patience)
        })
        .await??;
        log_registered(topics::ARTICLES_RAW, codec.framing());
    }
    let producer = config.kafka.idempotent_producer()?;
    let (health_tx, forwarder) = if config.health_events {
        let (tx, rx) = mpsc::channel(10_000);
        (
            Some(tx),
            Some(tokio::spawn(forward_health(producer.clone(), rx))),
        )
    } else {
        (None, None)
    };
    let ctx = Arc::new(Ctx::new(
        &config,
        state,
        Output::Kafka { producer, codec },
        health_tx,
    )?);
    health.set_ready(true);
    let once = config.once;
    let failed = schedule(Arc::new(config), ctx, shutdown).await;
    health.set_ready(false);
    if let Some(f) = forwarder {
        // All senders are gone once the sources' tasks ended: the forwarder drains and stops.
        let _ = tokio::time::timeout(Duration::from_secs(10), f).await;
    }
    if once && !failed.is_empty() {
        anyhow::bail!(
            "{} source(s) failed their poll: {}",
            failed.len(),
            failed.join(", ")
        );
    }
    Ok(())
}

fn log_registered(topic: &str, framing: &claimwatch_schema::Framing) {
    if let claimwatch_schema::Framing::Confluent { schema_id } = framing {
        tracing::info!(subject = %format!("{topic}-value"), schema_id, "schema registered");
    }
}

/// Run the configured sources on `ctx` until `shutdown` (or once each, with `config.once`):
/// each source on its interval with jitter and backoff after failures, the sources file
/// re-read when it changes. With `once`, returns the ids of the sources whose poll failed.
pub async fn schedule(config: Arc<Config>, ctx: Arc<Ctx>, shutdown: Shutdown) -> Vec<String> {
    events::sources(config.sources.len());
    let mut tasks = tokio::task::JoinSet::new();
    if config.once {
        let mut once = tokio::task::JoinSet::new();
        for spec in config.sources.clone() {
            let ctx = ctx.clone();
            once.spawn(async move { (!poll_and_log(&ctx, &spec).await).then_some(spec.id) });
        }
        let mut failed = Vec::new();
        while let Some(r) = once.join_next().await {
            match r {
                Ok(Some(id)) => failed.push(id),
                Ok(None) => {}
                Err(e) => failed.push(format!("(a poll task ended abnormally: {e})")),
            }
        }
        if let Err(e) = ctx.expire_state().await {
            tracing::warn!(error = %format!("{e:#}"), "expiring state failed");
        }
        failed.sort();
        return failed;
    }
    let mut running: HashMap<String, (SourceSpec, watch::Sender<bool>)> = HashMap::new();
    let start = |spec: SourceSpec,
                 tasks: &mut tokio::task::JoinSet<()>,
                 running: &mut HashMap<String, (SourceSpec, watch::Sender<bool>)>| {
        let (stop_tx, stop_rx) = watch::channel(false);
        running.insert(spec.id.clone(), (spec.clone(), stop_tx));
        tasks.spawn(source_loop(
            config.clone(),
            ctx.clone(),
            spec,
            stop_rx,
            shutdown.clone(),
        ));
    };
    for spec in config.sources.clone() {
        start(spec, &mut tasks, &mut running);
    }
    let mut last_text = config
        .sources_file
        .as_ref()
        .and_then(|f| std::fs::read(f).ok());
    // Expired state is swept a tenth of its time to live apart (between 1 s and 1 h).
    let sweep_every = config
        .state_ttl
        .map(|t| (t / 10).clamp(Duration::from_secs(1), Duration::from_secs(3600)));
    let mut next_sweep = sweep_every.map(|d| tokio::time::Instant::now() + d);
    let mut next_reload = config.reload.map(|d| tokio::time::Instant::now() + d);
    loop {
        let tick = async {
            match next_reload {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        let sweep = async {
            match next_sweep {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = shutdown.wait() => break,
            _ = tick => {
                next_reload = config.reload.map(|d| tokio::time::Instant::now() + d);
            }
            _ = sweep => {
                if let Err(e) = ctx.expire_state().await {
                    tracing::warn!(error = %format!("{e:#}"), "expiring state failed; retried at the next sweep");
                }
                next_sweep = sweep_every.map(|d| tokio::time::Instant::now() + d);
                continue;
            }
        }
        let Some(file) = config.sources_file.as_ref() else {
            continue;
        };
        let path = file.clone();
        let Ok(Ok(text)) = tokio::task::spawn_blocking(move || std::fs::read(path)).await else {
            continue;
        };
        if last_text.as_ref() == Some(&text) {
            continue;
        }
        last_text = Some(text.clone());
        let base = std::env::current_dir().unwrap_or_default();
        let parsed = String::from_utf8(text)
            .map_err(|e| e.to_string())
            .and_then(|s| config::parse_sources(&s, &base));
        let new = match parsed {
            Ok(n) => n,
            Err(e) => {
                events::reload(false);
                tracing::warn!(file = %file.display(), error = %e, "sources file changed but is invalid; keeping the running sources");
                continue;
            }
        };
        events::reload(true);
        let new_ids: std::collections::HashSet<&str> = new.iter().map(|s| s.id.as_str()).collect();
        let removed: Vec<String> = running
            .keys()
            .filter(|id| !new_ids.contains(id.as_str()))
            .cloned()
            .collect();
        for id in &removed {
            if let Some((_, stop)) = running.remove(id) {
                let _ = stop.send(true);
            }
            events::source_removed(id);
        }
        let (mut added, mut changed) = (0, 0);
        for spec in new.iter() {
            match running.get(&spec.id) {
                Some((old, _)) if old == spec => {}
                Some(_) => {
                    if let Some((_, stop)) = running.remove(&spec.id) {
                        let _ = stop.send(true);
                    }
                    changed += 1;
                    start(spec.clone(), &mut tasks, &mut running);
                }
                None => {
                    added += 1;
                    start(spec.clone(), &mut tasks, &mut running);
                }
            }
        }
        events::sources(running.len());
        tracing::info!(
            added,
            changed,
            removed = removed.len(),
            sources = running.len(),
            "sources reloaded"
        );
        // Reap finished tasks so the set does not grow over months of reloads.
        while tasks.try_join_next().is_some() {}
    }
    for (_, (_, stop)) in running.drain() {
        let _ = stop.send(true);
    }
    while tasks.join_next().await.is_some() {}
    Vec::new()
}

async fn poll_and_log(ctx: &Ctx, spec: &SourceSpec) -> bool {
    match sources::poll(ctx, spec).await {
        Ok(r) => {
            events::source_ok(&spec.id);
            tracing::info!(source = %spec.id, published = r.published, duplicates = r.duplicates, failed_items = r.failed_items, too_large = r.too_large, unchanged = r.unchanged, "source polled");
            true
        }
        Err(e) => {
            ctx.metrics.error("poll");
            tracing::warn!(source = %spec.id, error = %redact_urls_in(&format!("{e:#}")), "source poll failed");
            false
        }
    }
}

/// One source, forever: first poll at a stable offset into its interval (spreading sources
/// with the same interval), then every interval with ±10 % jitter, doubling after failures
/// up to the cap.
async fn source_loop(
    config: Arc<Config>,
    ctx: Arc<Ctx>,
    spec: SourceSpec,
    mut stop: watch::Receiver<bool>,
    shutdown: Shutdown,
) {
    let interval = Duration::from_secs(spec.interval_secs);
    let mut delay = backoff::first_poll_offset(&spec.id, interval.min(config.start_spread));
    let mut failures = 0u32;
    loop {
        tokio::select! {
            _ = shutdown.wait() => return,
            _ = stop.changed() => return,
            _ = tokio::time::sleep(delay) => {}
        }
        let ok = tokio::select! {
            _ = shutdown.wait() => return,
            ok = poll_and_log(&ctx, &spec) => ok,
        };
        if ok {
            failures = 0;
        } else {
            failures = failures.saturating_add(1);
            if failures >= config.unhealthy_after {
                events::source_unhealthy(&spec.id, failures);
            }
        }
        delay = backoff::next_poll(
            interval,
            failures,
            config.failure_backoff_cap,
            fastrand::f64(),
        );
    }
}
