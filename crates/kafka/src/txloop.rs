//! Consume → process → produce inside Kafka transactions.
//!
//! Each batch of input records is processed into output records, which are produced in one
//! transaction together with the consumer offsets that follow the batch
//! (`send_offsets_to_transaction`). Either all of a batch's outputs and its offsets become
//! visible to `read_committed` readers, or none do: a crash mid-batch leaves an open transaction
//! that the next instance with the same `transactional.id` aborts when it starts, and the batch
//! is processed again. Deterministic output ids then make the result exactly-once.
//!
//! Records that cannot be processed go, in the same transaction, to the dead-letter topic with
//! Kafka Connect's error headers, so a poison message neither stops the loop nor is lost.
//!
//! # Rebalances (KIP-447)
//!
//! Several instances share the input partitions through one consumer group. The loop is safe
//! across rebalances because:
//!
//! * a transaction is only ever open between two polls, and librdkafka delivers rebalance
//!   callbacks only inside a poll: when [`LoopContext`] sees a revocation, the previous batch's
//!   transaction has already been committed or aborted, so no transaction of this instance
//!   spans a change of ownership;
//! * the batch being filled when a revocation arrives drops every record of a revoked partition
//!   (the new owner reads them again from the committed offset), so a batch never holds records
//!   of a partition this instance no longer owns, nor the same offsets twice when a partition is
//!   revoked and assigned back;
//! * the consumer group metadata (generation, member id) is captured when the batch is
//!   complete, with the batch, and sent with its offsets: if the group moved on in between, the
//!   coordinator rejects the offsets and the whole transaction aborts;
//! * the consumer is a static member (`group.instance.id` = the stable transactional id): a
//!   restart of the same instance within the session timeout gets its partitions back without a
//!   rebalance, and a crashed instance's partitions move after `session.timeout.ms`. Its open
//!   transaction blocks the new owner's committed-offset fetch (read_committed) until the
//!   coordinator aborts it after `transaction.timeout.ms`, so both are kept short.
//!
//! # Processing guarantee
//!
//! As Kafka Streams' `processing.guarantee`, `CLAIMWATCH_PROCESSING_GUARANTEE` chooses
//! between the transactions above (`exactly_once_v2`, the default) and `at_least_once`
//! ([`Guarantee`]): outputs produced without a transaction, input offsets committed only once
//! the outputs are delivered, every `CLAIMWATCH_COMMIT_INTERVAL_MS`. Nothing is lost either
//! way; a crash in `at_least_once` makes the next instance redo what it processed since its
//! last commit, so its outputs appear twice.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_telemetry::metrics::REBALANCE_EVENTS;
use claimwatch_telemetry::Shutdown;
use rdkafka::client::ClientContext;
use rdkafka::consumer::{
    BaseConsumer, Consumer, ConsumerContext, ConsumerGroupMetadata, Rebalance,
};
use rdkafka::error::{KafkaError, KafkaResult};
use rdkafka::message::{BorrowedMessage, Message, OwnedHeaders};
use rdkafka::producer::{BaseRecord, DeliveryResult, Producer, ProducerContext, ThreadedProducer};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Offset, TopicPartitionList};

use crate::dlq::{self, Failure};
use crate::stats::LagContext;
use crate::{admin, Error, KafkaSettings, Result};
use rdkafka::statistics::Statistics;

mod at_least_once;

/// Variable that sets the processing guarantee ([`Guarantee`]).
pub const GUARANTEE_ENV: &str = "CLAIMWATCH_PROCESSING_GUARANTEE";
/// Variable that sets [`Guarantee::AtLeastOnce`]'s commit interval, in milliseconds.
pub const COMMIT_INTERVAL_ENV: &str = "CLAIMWATCH_COMMIT_INTERVAL_MS";
/// Default commit interval of `at_least_once`: Kafka Streams' default for that guarantee.
pub const DEFAULT_COMMIT_INTERVAL: Duration = Duration::from_secs(30);

/// What a crash can do to the outputs, as Kafka Streams' `processing.guarantee`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarantee {
    /// `exactly_once_v2`: each batch's outputs and input offsets in one transaction; a crash
    /// neither loses nor duplicates (for `read_committed` readers).
    ExactlyOnceV2,
    /// `at_least_once`: outputs produced without a transaction; the input offsets of
    /// delivered outputs are committed every `commit_interval` (and at a clean stop or a
    /// revocation), never before the outputs are delivered. A crash loses nothing but
    /// duplicates the outputs of everything processed since the last commit.
    AtLeastOnce { commit_interval: Duration },
}

impl Guarantee {
    /// Parse the values of [`GUARANTEE_ENV`] and [`COMMIT_INTERVAL_ENV`] (unset or blank: the
    /// defaults). A commit interval with `exactly_once_v2` is an error: there every batch
    /// commits with its transaction.
    pub fn parse(
        guarantee: Option<&str>,
        commit_interval_ms: Option<&str>,
    ) -> std::result::Result<Guarantee, String> {
        let interval = commit_interval_ms.map(str::trim).filter(|v| !v.is_empty());
        match guarantee.map(str::trim).filter(|v| !v.is_empty()) {
            None | Some("exactly_once_v2") => match interval {
                None => Ok(Guarantee::ExactlyOnceV2),
                Some(_) => Err(format!(
                    "{COMMIT_INTERVAL_ENV} applies to {GUARANTEE_ENV}=at_least_once only \
                     (exactly_once_v2 commits every batch in its transaction)"
                )),
            },
            Some("at_least_once") => {
                let commit_interval = match interval {
                    None => DEFAULT_COMMIT_INTERVAL,
                    Some(v) => match v.parse::<u64>() {
                        Ok(ms) if ms > 0 => Duration::from_millis(ms),
                        _ => {
                            return Err(format!(
                                "{COMMIT_INTERVAL_ENV} must be a positive number of \
                                 milliseconds, got {v:?}"
                            ))
                        }
                    },
                };
                Ok(Guarantee::AtLeastOnce { commit_interval })
            }
            Some(other) => Err(format!(
                "{GUARANTEE_ENV} must be exactly_once_v2 or at_least_once, got {other:?}"
            )),
        }
    }

    /// The guarantee set in the process environment.
    pub fn from_env() -> std::result::Result<Guarantee, String> {
        let guarantee = std::env::var(GUARANTEE_ENV).ok();
        let interval = std::env::var(COMMIT_INTERVAL_ENV).ok();
        Guarantee::parse(guarantee.as_deref(), interval.as_deref())
    }
}

/// One input record, borrowed from the consumer.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub offset: i64,
    pub key: Option<&'a [u8]>,
    pub payload: Option<&'a [u8]>,
    pub timestamp_ms: Option<i64>,
}

/// A record to produce.
#[derive(Debug, Clone)]
pub struct Output {
    pub topic: String,
    pub key: Vec<u8>,
    pub payload: Vec<u8>,
    /// The partition to write to; `None` lets the producer's partitioner choose by key. A
    /// changelog co-partitioned with its input names the input's partition.
    pub partition: Option<i32>,
}

impl Output {
    /// A record partitioned by its key.
    pub fn new(topic: impl Into<String>, key: Vec<u8>, payload: Vec<u8>) -> Output {
        Output {
            topic: topic.into(),
            key,
            payload,
            partition: None,
        }
    }
}

/// A record with a null value (a deletion in a compacted topic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tombstone {
    pub topic: String,
    pub key: Vec<u8>,
    /// As [`Output::partition`].
    pub partition: Option<i32>,
}

/// A change of the partitions this instance owns, in the order the rebalance callbacks saw
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ownership {
    Assigned(Vec<(String, i32)>),
    Revoked(Vec<(String, i32)>),
}

/// What a batch produced: outputs, and the indices of input records that failed.
#[derive(Debug, Default)]
pub struct BatchResult {
    pub outputs: Vec<Output>,
    pub failures: Vec<(usize, Failure)>,
    /// Records with a null value (deletions in a compacted topic).
    pub tombstones: Vec<Tombstone>,
}

/// The service-specific part of the loop. Processing must be deterministic in its input for the
/// exactly-once argument to hold (ids derived from content, not from time or randomness).
pub trait Processor {
    /// Process a batch: every record either gives outputs or a failure (dead-lettered). There is
    /// no default, so an implementation cannot drop its input by forgetting a method; a
    /// processor that handles one record at a time implements this with [`each_record`].
    fn process_batch(&mut self, batch: &[Record<'_>], metrics: &StageMetrics) -> BatchResult;

    /// Records per call of `process_batch` inside one transaction, for a processor whose
    /// records are independent of each other: the loop then sends each slice's outputs before
    /// processing the next, so delivery overlaps the work. 0 (the default): the whole batch in
    /// one call, for processors that treat a batch as a unit (staged state, dedup within it).
    fn slice_len(&self) -> usize {
        0
    }

    /// Called once after `init_transactions` (which fences and aborts the open transaction of a
    /// crashed predecessor with the same transactional id) and before consuming: the place to
    /// rebuild state from committed output.
    fn on_start(&mut self) -> std::result::Result<(), String> {
        Ok(())
    }

    /// The batch's transaction committed: staged state becomes permanent.
    fn committed(&mut self) {}

    /// The batch's transaction aborted: forget state staged for it (the batch will be redone).
    fn aborted(&mut self) {}

    /// Partitions assigned to this instance, before any of their records is processed and
    /// after their committed offsets are stable (a transaction of their previous owner that was
    /// still open has been committed or aborted): the place to restore per-partition state from
    /// a changelog up to its end. An error stops the loop.
    fn assigned(&mut self, partitions: &[(String, i32)]) -> std::result::Result<(), String> {
        let _ = partitions;
        Ok(())
    }

    /// Partitions revoked from this instance. No transaction is open; their records will be
    /// processed by their next owner, so per-partition state is dropped here.
    fn revoked(&mut self, partitions: &[(String, i32)]) {
        let _ = partitions;
    }

    /// Topics of this processor's outputs that hold its own state (changelogs it restores in
    /// `assigned`). With `at_least_once` their records are produced only once every other
    /// output of the batch is delivered, so that restored state never records an output that
    /// does not exist (an alert marked as fired but never delivered would be lost).
    fn state_topics(&self) -> &[&str] {
        &[]
    }

    /// Called when a poll found no input: outputs returned here (e.g. digests that fell due) are
    /// produced in a transaction of their own, followed by `committed` or `aborted`.
    fn idle(&mut self) -> BatchResult {
        BatchResult::default()
    }
}

/// A batch processed one record at a time by `f`, each timed.
pub fn each_record(
    batch: &[Record<'_>],
    metrics: &StageMetrics,
    mut f: impl FnMut(&Record<'_>) -> std::result::Result<Vec<Output>, Failure>,
) -> BatchResult {
    let mut result = BatchResult::default();
    for (i, r) in batch.iter().enumerate() {
        let started = Instant::now();
        match f(r) {
            Ok(outs) => result.outputs.extend(outs),
            Err(f) => result.failures.push((i, f)),
        }
        metrics.observe(started.elapsed());
    }
    result
}

/// How the loop consumes and produces.
#[derive(Debug, Clone)]
pub struct LoopConfig {
    pub input_topic: String,
    pub group_id: String,
    /// Stable per instance: a restarted instance must reuse it to fence its predecessor.
    pub transactional_id: String,
    /// Most records in one transaction.
    pub batch_max: usize,
    /// Longest wait to fill a batch once its first record arrived.
    pub batch_linger: Duration,
    /// A batch also closes once no record has arrived for this long: under a light load its
    /// records are processed as soon as the burst they came in has been read, rather than
    /// waiting out `batch_linger`; under load the prefetched queue is never empty that long,
    /// and batches fill as before. `None`: only `batch_linger` and `batch_max` close a batch.
    pub batch_idle: Option<Duration>,
    /// Timeout for transactional calls (init, commit, abort).
    pub transaction_timeout: Duration,
    /// `transaction.timeout.ms`: how long the coordinator lets a transaction stay open before
    /// it aborts it. A crashed instance's open transaction holds up the new owner of its
    /// partitions (and read_committed readers of its outputs) until then, so it is short; it
    /// must exceed the longest time one batch takes to process and commit.
    pub transaction_max_open: Duration,
    /// `session.timeout.ms`: how long the group waits for a silent member before its
    /// partitions move to another instance.
    pub session_timeout: Duration,
    /// `group.instance.id` (static membership); `None` for a dynamic member.
    pub group_instance_id: Option<String>,
    /// Attempts at a batch whose outputs cannot be produced (a record too large for the broker,
    /// an invalid record) before its records are retried one by one, and attempts at a single
    /// record before it is dead-lettered with the reason.
    pub max_attempts: u32,
    /// Aborted transactions in a row after which the loop counts as stuck: `health` turns not
    /// ready until a transaction commits again.
    pub stuck_after: u32,
    /// Readiness to report (`/readyz`), if any.
    pub health: Option<claimwatch_telemetry::Health>,
    /// The processing guarantee; `None`: read from the environment ([`Guarantee::from_env`])
    /// when the loop starts, an invalid setting stopping it with an error.
    pub guarantee: Option<Guarantee>,
}

impl LoopConfig {
    pub fn new(input_topic: &str, group_id: &str, transactional_id: &str) -> Self {
        LoopConfig {
            input_topic: input_topic.into(),
            group_id: group_id.into(),
            transactional_id: transactional_id.into(),
            batch_max: 500,
            batch_linger: Duration::from_millis(100),
            batch_idle: None,
            transaction_timeout: Duration::from_secs(30),
            transaction_max_open: DEFAULT_TRANSACTION_MAX_OPEN,
            session_timeout: DEFAULT_SESSION_TIMEOUT,
            group_instance_id: Some(transactional_id.into()),
            max_attempts: 3,
            stuck_after: 3,
            health: None,
            guarantee: None,
        }
    }
}

/// Default `session.timeout.ms`: the smallest the broker accepts by default
/// (`group.min.session.timeout.ms`), so a crashed instance's partitions move within 10 s.
pub const DEFAULT_SESSION_TIMEOUT: Duration = Duration::from_secs(6);
/// Default `transaction.timeout.ms` (see [`LoopConfig::transaction_max_open`]).
pub const DEFAULT_TRANSACTION_MAX_OPEN: Duration = Duration::from_secs(5);

/// What the rebalance callbacks saw since the loop last looked.
#[derive(Debug, Default)]
struct OwnershipLog {
    revoked: BTreeSet<(String, i32)>,
    /// Every assignment and revocation, in order, for the processor's hooks.
    changes: Vec<Ownership>,
}

/// The loop's consumer context: lag statistics, plus rebalance callbacks that record which
/// partitions were revoked so that the batch being filled drops their records.
pub struct LoopContext {
    lag: LagContext,
    group: String,
    log: Arc<Mutex<OwnershipLog>>,
    /// `at_least_once` only: offsets whose records' outputs are delivered, not committed yet.
    /// A revocation commits those of the revoked partitions before they move.
    uncommitted: Mutex<at_least_once::Uncommitted>,
}

impl LoopContext {
    pub fn new(group: &str) -> Self {
        LoopContext {
            lag: LagContext::new(group),
            group: group.to_string(),
            log: Arc::default(),
            uncommitted: Mutex::default(),
        }
    }

    /// Partitions revoked since the last call.
    fn take_revoked(&self) -> BTreeSet<(String, i32)> {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut log.revoked)
    }

    /// Assignments and revocations since the last call, in order.
    fn take_changes(&self) -> Vec<Ownership> {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut log.changes)
    }
}

fn partitions(tpl: &TopicPartitionList) -> Vec<(String, i32)> {
    tpl.elements()
        .iter()
        .map(|e| (e.topic().to_string(), e.partition()))
        .collect()
}

impl ClientContext for LoopContext {
    fn stats(&self, statistics: Statistics) {
        self.lag.stats(statistics);
    }
}

impl ConsumerContext for LoopContext {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Revoke(tpl) => {
                // Delivered inside a poll, so between transactions: nothing is open. Record
                // the partitions; the batch being filled drops their records.
                let revoked = partitions(tpl);
                at_least_once::commit_revoked(consumer, &self.uncommitted, &revoked);
                tracing::info!(group = %self.group, partitions = ?revoked, "partitions revoked");
                REBALANCE_EVENTS
                    .with_label_values(&[&self.group, "revoked"])
                    .inc_by(revoked.len() as u64);
                let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
                log.revoked.extend(revoked.iter().cloned());
                log.changes.push(Ownership::Revoked(revoked));
            }
            Rebalance::Assign(tpl) => {
                let assigned = partitions(tpl);
                tracing::info!(group = %self.group, partitions = ?assigned, "partitions assigned");
                REBALANCE_EVENTS
                    .with_label_values(&[&self.group, "assigned"])
                    .inc_by(assigned.len() as u64);
                let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
                log.changes.push(Ownership::Assigned(assigned));
            }
            Rebalance::Error(e) => {
                tracing::warn!(group = %self.group, error = %e, "rebalance error");
            }
        }
    }
}

/// Where a record of a batch comes from.
pub trait Position {
    fn position(&self) -> (&str, i32, i64);
}

impl Position for BorrowedMessage<'_> {
    fn position(&self) -> (&str, i32, i64) {
        (self.topic(), self.partition(), self.offset())
    }
}

/// Drop the records of revoked partitions from a batch being filled; returns how many went.
pub fn drop_revoked<M: Position>(batch: &mut Vec<M>, revoked: &BTreeSet<(String, i32)>) -> usize {
    if revoked.is_empty() {
        return 0;
    }
    let before = batch.len();
    batch.retain(|m| {
        let (topic, partition, _) = m.position();
        !revoked.contains(&(topic.to_string(), partition))
    });
    before - batch.len()
}

/// Add a record to a batch being filled. A record at or before an offset the batch already
/// holds for its partition means the partition was re-read (a seek or a reassignment): the
/// batch keeps the newer read and drops its older records from that offset on, so no offset is
/// ever in one transaction twice.
pub fn push_record<M: Position>(batch: &mut Vec<M>, m: M) -> usize {
    let (topic, partition, offset) = m.position();
    let topic = topic.to_string();
    let before = batch.len();
    batch.retain(|r| {
        let (t, p, o) = r.position();
        !(p == partition && o >= offset && t == topic)
    });
    batch.push(m);
    before + 1 - batch.len()
}

type TxConsumer = BaseConsumer<LoopContext>;

/// Whether a produce error is about the record itself (retrying cannot help) rather than the
/// broker or the connection.
pub fn record_specific(code: RDKafkaErrorCode) -> bool {
    matches!(
        code,
        RDKafkaErrorCode::MessageSizeTooLarge
            | RDKafkaErrorCode::MessageBatchTooLarge
            | RDKafkaErrorCode::InvalidRecord
            | RDKafkaErrorCode::InvalidMessage
            | RDKafkaErrorCode::InvalidMessageSize
    )
}

/// The loop's producer context: remembers the last delivery that failed because of the record
/// itself, which a failed commit only reports as "failed to flush".
#[derive(Default)]
pub struct DeliveryContext {
    failed: Mutex<Option<String>>,
    /// Delivery reports received, successful or not (`at_least_once` waits for its own).
    reports: std::sync::atomic::AtomicU64,
    /// The last delivery that failed, for any reason (`at_least_once` redoes its batch).
    error: Mutex<Option<String>>,
}

impl DeliveryContext {
    fn take_failed(&self) -> Option<String> {
        self.failed.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl ClientContext for DeliveryContext {}

impl ProducerContext for DeliveryContext {
    type DeliveryOpaque = ();
    fn delivery(&self, result: &DeliveryResult<'_>, _: ()) {
        self.reports
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        if let Err((e, m)) = result {
            *self.error.lock().unwrap_or_else(|p| p.into_inner()) =
                Some(format!("delivery to {} failed: {e}", m.topic()));
            if e.rdkafka_error_code().is_some_and(record_specific) {
                let what = format!(
                    "{} ({} bytes to {}): {e}",
                    "record cannot be produced",
                    m.payload().map_or(0, |p| p.len()),
                    m.topic()
                );
                *self.failed.lock().unwrap_or_else(|p| p.into_inner()) = Some(what);
            }
        }
    }
}

fn consumer(settings: &KafkaSettings, cfg: &LoopConfig) -> Result<TxConsumer> {
    Ok(consumer_config(settings, cfg).create_with_context(LoopContext::new(&cfg.group_id))?)
}

fn consumer_config(settings: &KafkaSettings, cfg: &LoopConfig) -> rdkafka::ClientConfig {
    let session_ms = cfg.session_timeout.as_millis().max(1).to_string();
    // Heartbeats a sixth of the session apart: a surviving member learns of a rebalance at its
    // next heartbeat, so this bounds how long after the session timeout the partitions move.
    let heartbeat_ms = (cfg.session_timeout.as_millis() / 6).max(1).to_string();
    let queue_kb = prefetch_kbytes(settings.max_message_bytes).to_string();
    let mut defaults: Vec<(&str, &str)> = vec![
        ("group.id", &cfg.group_id),
        ("queued.max.messages.kbytes", &queue_kb),
        ("session.timeout.ms", &session_ms),
        ("heartbeat.interval.ms", &heartbeat_ms),
        ("enable.auto.commit", "false"),
        ("enable.auto.offset.store", "false"),
        ("isolation.level", "read_committed"),
        ("auto.offset.reset", "earliest"),
        ("enable.partition.eof", "false"),
        ("statistics.interval.ms", "5000"),
    ];
    if let Some(id) = &cfg.group_instance_id {
        defaults.push(("group.instance.id", id));
    }
    settings.config_with(&defaults)
}

/// The consumer's prefetch queue, in KB: 16 MB, or two of the largest records if that is more.
/// librdkafka's default, 64 MB, fills whenever a stage has a backlog, and then is most of a
/// service's memory; 16 MB still holds more than a second of work for the extractor (about
/// 1,000 articles/s of 10 KB) and for alerting, and a fetch from the broker takes milliseconds.
/// librdkafka bounds a fetch (`fetch.max.bytes`) by this queue unless it is set.
fn prefetch_kbytes(max_message_bytes: usize) -> usize {
    (16 * 1024).max(max_message_bytes * 2 / 1024)
}

fn producer(settings: &KafkaSettings, cfg: &LoopConfig) -> Result<TxProducer> {
    Ok(producer_config(settings, cfg).create_with_context(DeliveryContext::default())?)
}

fn producer_config(settings: &KafkaSettings, cfg: &LoopConfig) -> rdkafka::ClientConfig {
    let timeout_ms = cfg.transaction_max_open.as_millis().max(1000).to_string();
    settings.config_with(&[
        ("transactional.id", &cfg.transactional_id),
        ("enable.idempotence", "true"),
        ("linger.ms", "5"),
        ("transaction.timeout.ms", &timeout_ms),
    ])
}

/// Run the loop until `shutdown` is triggered or a fatal error occurs. Blocking: call it from a
/// dedicated thread (`spawn_blocking`), never on an async worker.
pub fn run<P: Processor>(
    settings: &KafkaSettings,
    cfg: &LoopConfig,
    processor: &mut P,
    metrics: &StageMetrics,
    shutdown: &Shutdown,
) -> Result<()> {
    let guarantee = match cfg.guarantee {
        Some(g) => g,
        None => Guarantee::from_env().map_err(Error::Other)?,
    };
    if let Guarantee::AtLeastOnce { commit_interval } = guarantee {
        return at_least_once::run(settings, cfg, commit_interval, processor, metrics, shutdown);
    }
    admin::wait_for_broker(settings)?;
    let producer = producer(settings, cfg)?;
    producer
        .init_transactions(cfg.transaction_timeout)
        .map_err(|e| Error::Other(format!("init_transactions failed: {e}")))?;
    let (consumer, dlq_topic) = start_consuming(settings, cfg, processor)?;
    tracing::info!(
        stage = metrics.stage(),
        input = %cfg.input_topic,
        group = %cfg.group_id,
        transactional_id = %cfg.transactional_id,
        "transactional loop started"
    );

    let mut retries = Retries::default();
    while !shutdown.is_triggered() {
        let batch = next_batch(&consumer, cfg, processor, &retries, metrics, shutdown)?;
        if batch.is_empty() {
            let idle = processor.idle();
            if !idle.outputs.is_empty() || !idle.tombstones.is_empty() {
                match transact_outputs(&producer, cfg, &idle) {
                    Ok(()) => {
                        processor.committed();
                        metrics.transaction("committed");
                    }
                    Err(e) => {
                        let msg = match e {
                            TxError::Abortable(m) | TxError::Record(m) | TxError::Fatal(m) => m,
                        };
                        tracing::warn!(stage = metrics.stage(), error = %msg, "idle transaction aborted; its outputs will be produced again");
                        metrics.transaction("aborted");
                        let _ = producer.abort_transaction(cfg.transaction_timeout);
                        processor.aborted();
                    }
                }
            }
            continue;
        }
        let records: Vec<Record<'_>> = batch.messages.iter().map(to_record).collect();
        if retries.aborts == 0 {
            metrics.messages_in.inc_by(records.len() as u64);
        }
        match transact(
            &producer,
            batch.group.as_ref(),
            cfg,
            &records,
            processor,
            metrics,
            &dlq_topic,
        ) {
            Ok(()) => {
                processor.committed();
                metrics.transaction("committed");
                metrics.committed.inc_by(records.len() as u64);
                retries.committed(records.len(), cfg, metrics);
            }
            Err(TxError::Fatal(e)) => {
                metrics.error("transaction_fatal");
                processor.aborted();
                return Err(Error::FatalTransaction(e));
            }
            Err(err) => {
                let (e, record_specific) = err.split();
                tracing::warn!(stage = metrics.stage(), error = %e, records = records.len(), "transaction aborted; the batch will be retried");
                metrics.error(if record_specific {
                    "output_unproducible"
                } else {
                    "transaction_aborted"
                });
                metrics.transaction("aborted");
                if let Err(e) = producer.abort_transaction(cfg.transaction_timeout) {
                    return Err(Error::FatalTransaction(format!("abort failed: {e}")));
                }
                processor.aborted();
                match retries.aborted(record_specific, records.len(), cfg, metrics) {
                    Next::Retry(pause) => {
                        rewind(&consumer, &records);
                        std::thread::sleep(pause);
                    }
                    Next::DeadLetter => {
                        let r = &records[0];
                        let failure = unproducible(cfg, &e);
                        // The input itself may be too large for a dead letter with its headers:
                        // then the dead letter goes without its value (the headers say where the
                        // input is and how large it was).
                        let mut sent = dead_letter(
                            &producer,
                            batch.group.as_ref(),
                            cfg,
                            r,
                            &failure,
                            false,
                            metrics,
                            &dlq_topic,
                        );
                        if let Err(TxError::Record(e)) = &sent {
                            tracing::warn!(stage = metrics.stage(), error = %e, "the dead letter with the input's value is too large; sending it without the value");
                            metrics.transaction("aborted");
                            if let Err(e) = producer.abort_transaction(cfg.transaction_timeout) {
                                return Err(Error::FatalTransaction(format!("abort failed: {e}")));
                            }
                            sent = dead_letter(
                                &producer,
                                batch.group.as_ref(),
                                cfg,
                                r,
                                &failure,
                                true,
                                metrics,
                                &dlq_topic,
                            );
                        }
                        match sent {
                            Ok(()) => {
                                metrics.transaction("committed");
                                metrics.committed.inc();
                                metrics.dead_letters.inc();
                                metrics.error(failure.kind);
                                retries.committed(1, cfg, metrics);
                                skip_past(&consumer, r);
                            }
                            Err(TxError::Fatal(e)) => {
                                metrics.error("transaction_fatal");
                                return Err(Error::FatalTransaction(e));
                            }
                            Err(TxError::Abortable(e)) | Err(TxError::Record(e)) => {
                                tracing::warn!(stage = metrics.stage(), error = %e, "dead-letter transaction aborted; retrying");
                                metrics.transaction("aborted");
                                if let Err(e) = producer.abort_transaction(cfg.transaction_timeout)
                                {
                                    return Err(Error::FatalTransaction(format!(
                                        "abort failed: {e}"
                                    )));
                                }
                                rewind(&consumer, &records);
                                std::thread::sleep(Duration::from_millis(200));
                            }
                        }
                    }
                }
            }
        }
    }
    tracing::info!(stage = metrics.stage(), "transactional loop stopped");
    // Nothing is left open: every batch was committed or aborted above. A static member does
    // not leave the group when it closes: its partitions wait for it for the session timeout
    // (a restart within it gets them back without a rebalance), then move.
    consumer.unsubscribe();
    drop(consumer);
    drop(producer);
    Ok(())
}

/// The next batch (one record while an unproducible one is being isolated), with the
/// rebalances seen while it was filled applied before any of its records is processed.
fn next_batch<'c, P: Processor>(
    consumer: &'c TxConsumer,
    cfg: &LoopConfig,
    processor: &mut P,
    retries: &Retries,
    metrics: &StageMetrics,
    shutdown: &Shutdown,
) -> Result<Batch<'c>> {
    let max = if retries.isolate > 0 {
        1
    } else {
        cfg.batch_max
    };
    let batch = poll_batch(consumer, cfg, max, metrics, shutdown);
    for change in consumer.context().take_changes() {
        apply_ownership(consumer, cfg, processor, change)?;
    }
    Ok(batch)
}

/// Once the producer is ready: start the processor, subscribe to the input; the consumer and
/// the input's dead-letter topic.
fn start_consuming<P: Processor>(
    settings: &KafkaSettings,
    cfg: &LoopConfig,
    processor: &mut P,
) -> Result<(TxConsumer, String)> {
    processor
        .on_start()
        .map_err(|e| Error::Other(format!("processor start failed: {e}")))?;
    let consumer = consumer(settings, cfg)?;
    consumer.subscribe(&[&cfg.input_topic])?;
    Ok((consumer, claimwatch_model::topics::dlq(&cfg.input_topic)))
}

/// Tell the processor of an assignment or a revocation. Before an assignment reaches it, the
/// committed offsets of the new partitions are read as `read_committed` (KIP-447: the broker
/// answers only once no transaction of the previous owner is pending on them), so state the
/// processor restores from a changelog includes everything that previous owner committed.
fn apply_ownership<P: Processor>(
    consumer: &TxConsumer,
    cfg: &LoopConfig,
    processor: &mut P,
    change: Ownership,
) -> Result<()> {
    match change {
        Ownership::Revoked(parts) => {
            processor.revoked(&parts);
            Ok(())
        }
        Ownership::Assigned(parts) => {
            if parts.is_empty() {
                return Ok(());
            }
            let mut tpl = TopicPartitionList::new();
            for (t, p) in &parts {
                tpl.add_partition(t, *p);
            }
            let started = Instant::now();
            let deadline = started + cfg.transaction_max_open * 4 + cfg.transaction_timeout;
            loop {
                // The request can succeed with an error per partition (an unstable offset
                // among them): only a list without one counts.
                let fetched = consumer
                    .committed_offsets(tpl.clone(), cfg.transaction_timeout)
                    .and_then(|got| got.elements().iter().try_for_each(|e| e.error()));
                match fetched {
                    Ok(_) => {
                        tracing::info!(
                            ms = started.elapsed().as_millis() as u64,
                            "committed offsets of the assigned partitions are stable"
                        );
                        break;
                    }
                    Err(e) if Instant::now() < deadline => {
                        tracing::info!(error = %e, "committed offsets of new partitions not stable yet; waiting");
                        std::thread::sleep(Duration::from_millis(200));
                    }
                    Err(e) => {
                        return Err(Error::Other(format!(
                            "committed offsets of assigned partitions: {e}"
                        )))
                    }
                }
            }
            processor
                .assigned(&parts)
                .map_err(|e| Error::Other(format!("restoring assigned partitions failed: {e}")))
        }
    }
}

/// What to do after an aborted batch.
#[derive(Debug, PartialEq)]
enum Next {
    /// Read the batch again after this pause.
    Retry(Duration),
    /// The batch is one record whose outputs cannot be produced: dead-letter it.
    DeadLetter,
}

/// Failures in a row, for dead-lettering what cannot be produced and for readiness.
#[derive(Debug, Default)]
struct Retries {
    /// Aborts in a row of any kind: the loop is stuck while this reaches `stuck_after`.
    aborts: u32,
    /// Aborts in a row because an output of the batch cannot be produced.
    unproducible: u32,
    /// Records still to process one per transaction, to find the one that cannot be produced.
    isolate: usize,
}

impl Retries {
    fn aborted(
        &mut self,
        record_specific: bool,
        batch_len: usize,
        cfg: &LoopConfig,
        metrics: &StageMetrics,
    ) -> Next {
        self.aborts = self.aborts.saturating_add(1);
        if self.aborts == cfg.stuck_after.max(1) {
            tracing::error!(
                stage = metrics.stage(),
                aborts = self.aborts,
                "transactional loop stuck: not ready until a transaction commits"
            );
            if let Some(h) = &cfg.health {
                h.set_ready(false);
            }
        }
        if record_specific {
            self.unproducible += 1;
            if self.unproducible >= cfg.max_attempts.max(1) {
                self.unproducible = 0;
                if batch_len > 1 {
                    tracing::warn!(stage = metrics.stage(), records = batch_len, "outputs of the batch cannot be produced; retrying its records one per transaction");
                    self.isolate = batch_len;
                    return Next::Retry(Duration::ZERO);
                }
                return Next::DeadLetter;
            }
            return Next::Retry(Duration::from_millis(100));
        }
        // The broker or the connection: back off, up to 5 s.
        let exp = self.aborts.min(5);
        Next::Retry(Duration::from_millis((200u64 << exp).min(5_000)))
    }

    fn committed(&mut self, records: usize, cfg: &LoopConfig, metrics: &StageMetrics) {
        if self.aborts >= cfg.stuck_after.max(1) {
            tracing::info!(
                stage = metrics.stage(),
                "transactional loop committing again: ready"
            );
            if let Some(h) = &cfg.health {
                h.set_ready(true);
            }
        }
        self.aborts = 0;
        self.unproducible = 0;
        self.isolate = self.isolate.saturating_sub(records);
    }
}

/// Header of a dead letter sent without the input's value (it was too large): the value's
/// length in bytes. The input stays at the `__connect.errors.{topic,partition,offset}` given.
pub const H_VALUE_OMITTED: &str = "claimwatch.error.value.omitted.bytes";

/// Dead-letter one record whose outputs cannot be produced, with its offset, in a transaction;
/// with `omit_value`, without the input's value.
#[allow(clippy::too_many_arguments)]
fn dead_letter(
    producer: &TxProducer,
    group: Option<&ConsumerGroupMetadata>,
    cfg: &LoopConfig,
    r: &Record<'_>,
    failure: &Failure,
    omit_value: bool,
    metrics: &StageMetrics,
    dlq_topic: &str,
) -> std::result::Result<(), TxError> {
    producer.context().take_failed();
    producer.begin_transaction().map_err(classify)?;
    send_dead_letter(producer, r, failure, omit_value, metrics, dlq_topic)?;
    commit_with_offsets(producer, group, cfg, std::slice::from_ref(r))?;
    log_dead_letter(metrics, r, failure);
    Ok(())
}

/// Send the dead letter of one record (with `omit_value`, without the input's value).
fn send_dead_letter(
    producer: &TxProducer,
    r: &Record<'_>,
    failure: &Failure,
    omit_value: bool,
    metrics: &StageMetrics,
    dlq_topic: &str,
) -> std::result::Result<(), TxError> {
    let mut headers = dlq::headers(r.topic, r.partition, r.offset, metrics.stage(), failure);
    let value = r.payload.unwrap_or_default();
    if omit_value {
        headers = headers.insert(rdkafka::message::Header {
            key: H_VALUE_OMITTED,
            value: Some(value.len().to_string().as_bytes()),
        });
    }
    send(
        producer,
        dlq_topic,
        r.key.unwrap_or_default(),
        Some(if omit_value { &[][..] } else { value }),
        Some(headers),
    )
}

fn log_dead_letter(metrics: &StageMetrics, r: &Record<'_>, failure: &Failure) {
    tracing::warn!(
        stage = metrics.stage(),
        topic = r.topic,
        partition = r.partition,
        offset = r.offset,
        kind = failure.kind,
        error = %failure.message,
        "record sent to dead-letter topic"
    );
}

/// After a record was dead-lettered on its own: go on after it.
fn skip_past(consumer: &TxConsumer, r: &Record<'_>) {
    if let Err(e) = consumer.seek(
        r.topic,
        r.partition,
        Offset::Offset(r.offset + 1),
        Duration::from_secs(5),
    ) {
        tracing::warn!(topic = r.topic, partition = r.partition, error = %e, "seek after a dead letter failed");
    }
}

/// A batch of input records with the group metadata it was consumed under.
struct Batch<'c> {
    messages: Vec<BorrowedMessage<'c>>,
    group: Option<ConsumerGroupMetadata>,
}

impl Batch<'_> {
    fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }
}

fn poll_batch<'c>(
    consumer: &'c TxConsumer,
    cfg: &LoopConfig,
    max: usize,
    metrics: &StageMetrics,
    shutdown: &Shutdown,
) -> Batch<'c> {
    let messages = fill_batch(consumer, cfg, max, metrics, shutdown);
    // No poll happens between here and the batch's commit, so no rebalance callback runs
    // either: this is the generation the batch's records were owned under.
    let group = if messages.is_empty() {
        None
    } else {
        consumer.group_metadata()
    };
    Batch { messages, group }
}

fn fill_batch<'c>(
    consumer: &'c TxConsumer,
    cfg: &LoopConfig,
    max: usize,
    metrics: &StageMetrics,
    shutdown: &Shutdown,
) -> Vec<BorrowedMessage<'c>> {
    let ctx = consumer.context();
    let mut batch = Vec::new();
    let mut first_at: Option<Instant> = None;
    while batch.len() < max && !shutdown.is_triggered() {
        let wait = match first_at {
            None => Duration::from_millis(200),
            Some(t) => {
                let left = cfg.batch_linger.saturating_sub(t.elapsed());
                if left.is_zero() {
                    break;
                }
                match cfg.batch_idle {
                    Some(idle) => left.min(idle),
                    None => left,
                }
            }
        };
        let polled = consumer.poll(wait);
        // A rebalance callback may have run inside that poll.
        let dropped = drop_revoked(&mut batch, &ctx.take_revoked());
        if dropped > 0 {
            tracing::info!(
                stage = metrics.stage(),
                dropped,
                "dropped records of revoked partitions from the unfinished batch"
            );
            REBALANCE_EVENTS
                .with_label_values(&[&ctx.group, "records_dropped"])
                .inc_by(dropped as u64);
            if batch.is_empty() {
                first_at = None;
            }
        }
        match polled {
            Some(Ok(m)) => {
                first_at.get_or_insert_with(Instant::now);
                let replaced = push_record(&mut batch, m);
                if replaced > 0 {
                    tracing::info!(
                        stage = metrics.stage(),
                        replaced,
                        "partition re-read: dropped the batch's older copies of its records"
                    );
                }
            }
            Some(Err(KafkaError::PartitionEOF(_))) => {}
            Some(Err(e)) => {
                metrics.error("consume");
                tracing::warn!(stage = metrics.stage(), error = %e, "consumer error");
                if first_at.is_some() {
                    break;
                }
            }
            None => {
                if first_at.is_none() {
                    return batch; // idle: let the caller check for shutdown
                }
                if cfg.batch_idle.is_some() {
                    break; // nothing more arrived within the idle gap
                }
            }
        }
    }
    batch
}

fn to_record<'a>(m: &'a BorrowedMessage<'a>) -> Record<'a> {
    Record {
        topic: m.topic(),
        partition: m.partition(),
        offset: m.offset(),
        key: m.key(),
        payload: m.payload(),
        timestamp_ms: m.timestamp().to_millis(),
    }
}

enum TxError {
    /// The transaction must be aborted; retrying may succeed.
    Abortable(String),
    /// The transaction must be aborted: an output of the batch cannot be produced, whatever
    /// the number of attempts.
    Record(String),
    Fatal(String),
}

impl TxError {
    /// The message, and whether the record itself is the cause.
    fn split(self) -> (String, bool) {
        match self {
            TxError::Record(e) => (e, true),
            TxError::Abortable(e) | TxError::Fatal(e) => (e, false),
        }
    }
}

/// The failure of a record whose outputs could not be produced in `cfg.max_attempts`.
fn unproducible(cfg: &LoopConfig, e: &str) -> Failure {
    Failure::new(
        "unproducible_output",
        "claimwatch.UnproducibleOutput",
        format!(
            "outputs could not be produced after {} attempts: {e}",
            cfg.max_attempts
        ),
    )
}

fn classify(e: KafkaError) -> TxError {
    match &e {
        KafkaError::Transaction(rd) if rd.is_fatal() => TxError::Fatal(e.to_string()),
        _ if e.rdkafka_error_code().is_some_and(record_specific) => TxError::Record(e.to_string()),
        _ => TxError::Abortable(e.to_string()),
    }
}

/// After a failed commit: whether a delivery failed because of its record (its report may
/// reach the context a moment after the commit returned).
fn classify_commit(producer: &TxProducer, e: TxError) -> TxError {
    let TxError::Abortable(msg) = e else {
        return e;
    };
    for _ in 0..10 {
        if let Some(why) = producer.context().take_failed() {
            return TxError::Record(format!("{msg}: {why}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    TxError::Abortable(msg)
}

type TxProducer = ThreadedProducer<DeliveryContext>;

fn transact<P: Processor>(
    producer: &TxProducer,
    group: Option<&ConsumerGroupMetadata>,
    cfg: &LoopConfig,
    records: &[Record<'_>],
    processor: &mut P,
    metrics: &StageMetrics,
    dlq_topic: &str,
) -> std::result::Result<(), TxError> {
    producer.context().take_failed();
    producer.begin_transaction().map_err(classify)?;
    // A processor of independent records is given the batch in slices, and each slice's
    // outputs are sent before the next is processed: the producer delivers while the batch is
    // still being worked on, instead of everything waiting for the commit's flush.
    let slice = match processor.slice_len() {
        0 => records.len().max(1),
        n => n,
    };
    let mut produced: BTreeMap<String, u64> = BTreeMap::new();
    let mut failures = Vec::new();
    for (k, chunk) in records.chunks(slice).enumerate() {
        let mut result = processor.process_batch(chunk, metrics);
        for (i, _) in &mut result.failures {
            *i += k * slice;
        }
        for (topic, n) in send_batch(producer, records, &result, metrics, dlq_topic)? {
            *produced.entry(topic).or_default() += n;
        }
        failures.append(&mut result.failures);
    }
    let commit_started = std::time::Instant::now();
    commit_with_offsets(producer, group, cfg, records)?;
    metrics
        .commit
        .observe(commit_started.elapsed().as_secs_f64());
    count_batch(metrics, produced, &failures);
    Ok(())
}

/// Count a batch's outputs and dead letters once they are committed (or delivered).
fn count_batch(
    metrics: &StageMetrics,
    produced: BTreeMap<String, u64>,
    failures: &[(usize, Failure)],
) {
    for (topic, n) in produced {
        metrics.produced(&topic, n);
    }
    for (_, failure) in failures {
        metrics.dead_letters.inc();
        metrics.error(failure.kind);
    }
}

/// Send a batch's outputs, tombstones and dead letters; returns the outputs per topic.
fn send_batch(
    producer: &TxProducer,
    records: &[Record<'_>],
    result: &BatchResult,
    metrics: &StageMetrics,
    dlq_topic: &str,
) -> std::result::Result<BTreeMap<String, u64>, TxError> {
    let produced = send_outputs(producer, result)?;
    for (i, failure) in &result.failures {
        let r = &records[*i];
        send_dead_letter(producer, r, failure, false, metrics, dlq_topic)?;
        log_dead_letter(metrics, r, failure);
    }
    Ok(produced)
}

/// Send outputs and tombstones; returns the outputs per topic.
fn send_outputs(
    producer: &TxProducer,
    result: &BatchResult,
) -> std::result::Result<BTreeMap<String, u64>, TxError> {
    let mut produced: BTreeMap<String, u64> = BTreeMap::new();
    for out in &result.outputs {
        send(producer, out.target(), &out.key, Some(&out.payload), None)?;
        *produced.entry(out.topic.clone()).or_default() += 1;
    }
    for t in &result.tombstones {
        send(producer, t.target(), &t.key, None, None)?;
    }
    Ok(produced)
}

/// The offsets that follow a batch: one past its last record of each partition.
fn next_offsets<'a>(records: &[Record<'a>]) -> BTreeMap<(&'a str, i32), i64> {
    let mut next: BTreeMap<(&str, i32), i64> = BTreeMap::new();
    for r in records {
        let e = next.entry((r.topic, r.partition)).or_insert(r.offset + 1);
        *e = (*e).max(r.offset + 1);
    }
    next
}

/// Send the offsets that follow `records` with the open transaction, and commit it.
fn commit_with_offsets(
    producer: &TxProducer,
    group: Option<&ConsumerGroupMetadata>,
    cfg: &LoopConfig,
    records: &[Record<'_>],
) -> std::result::Result<(), TxError> {
    let mut tpl = TopicPartitionList::new();
    for ((topic, partition), offset) in next_offsets(records) {
        tpl.add_partition_offset(topic, partition, Offset::Offset(offset))
            .map_err(classify)?;
    }
    let group =
        group.ok_or_else(|| TxError::Abortable("consumer has no group metadata yet".into()))?;
    producer
        .send_offsets_to_transaction(&tpl, group, cfg.transaction_timeout)
        .map_err(classify)?;
    commit_with_retry(producer, cfg).map_err(|e| classify_commit(producer, e))
}

fn commit_with_retry(producer: &TxProducer, cfg: &LoopConfig) -> std::result::Result<(), TxError> {
    flush_promptly(producer, cfg.transaction_timeout).map_err(classify)?;
    let mut attempts = 0;
    loop {
        match producer.commit_transaction(cfg.transaction_timeout) {
            Ok(()) => return Ok(()),
            Err(KafkaError::Transaction(rd)) if rd.is_retriable() && attempts < 3 => {
                attempts += 1;
                tracing::warn!(error = %rd, attempts, "commit_transaction retriable error; retrying");
            }
            Err(e) => return Err(classify(e)),
        }
    }
}

/// Wait until every produced record is delivered, checking every millisecond.
///
/// `commit_transaction` flushes by itself, but rust-rdkafka's flush, finding records still in
/// flight, polls for a fixed 100 ms slice before it looks again: every transaction with
/// outputs took at least 100 ms to commit, a floor under each stage's latency. The threaded
/// producer's own thread serves the delivery reports; here `rd_kafka_flush` with no wait (which
/// also sends lingering batches at once) is repeated until nothing is in flight, so the commit
/// that follows finds nothing to flush.
fn flush_promptly(producer: &TxProducer, timeout: Duration) -> KafkaResult<()> {
    let deadline = Instant::now() + timeout;
    loop {
        match producer.flush(Duration::ZERO) {
            Ok(()) => return Ok(()),
            Err(KafkaError::Flush(RDKafkaErrorCode::OperationTimedOut))
                if Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Produce outputs that answer no input (no offsets to commit) in one transaction.
fn transact_outputs(
    producer: &TxProducer,
    cfg: &LoopConfig,
    result: &BatchResult,
) -> std::result::Result<(), TxError> {
    producer.begin_transaction().map_err(classify)?;
    send_outputs(producer, result)?;
    producer
        .commit_transaction(cfg.transaction_timeout)
        .map_err(classify)
}

/// Where a record goes: a topic, and a partition if the record names one.
#[derive(Debug, Clone, Copy)]
struct Target<'a>(&'a str, Option<i32>);

impl<'a> From<&'a str> for Target<'a> {
    fn from(topic: &'a str) -> Self {
        Target(topic, None)
    }
}

impl Output {
    fn target(&self) -> Target<'_> {
        Target(&self.topic, self.partition)
    }
}

impl Tombstone {
    fn target(&self) -> Target<'_> {
        Target(&self.topic, self.partition)
    }
}

fn send<'t>(
    producer: &TxProducer,
    target: impl Into<Target<'t>>,
    key: &[u8],
    payload: Option<&[u8]>,
    headers: Option<OwnedHeaders>,
) -> std::result::Result<(), TxError> {
    let Target(topic, partition) = target.into();
    let mut record: BaseRecord<'_, [u8], [u8]> = BaseRecord::to(topic).key(key);
    if let Some(p) = partition {
        record = record.partition(p);
    }
    if let Some(p) = payload {
        record = record.payload(p);
    }
    if let Some(h) = headers {
        record = record.headers(h);
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match producer.send(record) {
            Ok(()) => return Ok(()),
            Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), r))
                if Instant::now() < deadline =>
            {
                // The local queue is full: the background thread is delivering; wait a little.
                record = r;
                std::thread::sleep(Duration::from_millis(10));
            }
            Err((e, _)) => return Err(classify(e)),
        }
    }
}

/// After an abort, move each partition back to the first record of the failed batch.
fn rewind(consumer: &TxConsumer, records: &[Record<'_>]) {
    let mut first: BTreeMap<(&str, i32), i64> = BTreeMap::new();
    for r in records {
        let e = first.entry((r.topic, r.partition)).or_insert(r.offset);
        *e = (*e).min(r.offset);
    }
    for ((topic, partition), offset) in first {
        if let Err(e) = consumer.seek(
            topic,
            partition,
            Offset::Offset(offset),
            Duration::from_secs(5),
        ) {
            tracing::warn!(topic, partition, offset, error = %e, "seek after abort failed; relying on the committed offset");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct R(&'static str, i32, i64);

    impl Position for R {
        fn position(&self) -> (&str, i32, i64) {
            (self.0, self.1, self.2)
        }
    }

    /// A batch closes once no record has arrived for the idle gap, long before its linger; with
    /// no idle gap it waits the linger out. On librdkafka's mock cluster (no broker needed).
    #[test]
    fn an_idle_gap_closes_a_batch_before_its_linger() {
        use rdkafka::mocking::MockCluster;
        use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
        let cluster = MockCluster::new(1).expect("mock cluster");
        cluster.create_topic("in", 1, 1).expect("topic");
        let settings = KafkaSettings::new(cluster.bootstrap_servers());
        let produce = |from: usize| {
            let p: BaseProducer = settings.config_with(&[]).create().expect("producer");
            for i in from..from + 3 {
                let key = format!("k{i}");
                p.send(BaseRecord::to("in").key(&key).payload("v").partition(0))
                    .map_err(|(e, _)| e)
                    .expect("send");
            }
            p.flush(Duration::from_secs(10)).expect("flush");
        };
        let metrics = StageMetrics::new("idle-test");
        let shutdown = claimwatch_telemetry::Shutdown::new();
        let mut cfg = LoopConfig::new("in", "idle-test", "idle-test-tx");
        cfg.group_instance_id = None;
        cfg.batch_linger = Duration::from_secs(2);
        cfg.batch_idle = Some(Duration::from_millis(50));
        let consumer = consumer(&settings, &cfg).expect("consumer");
        consumer.subscribe(&["in"]).expect("subscribe");

        // The first batch that has records (they arrive once the consumer has joined and
        // fetched; bounded wait): its size and how long filling it took.
        let first_batch = |cfg: &LoopConfig| {
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                let t = Instant::now();
                let b = fill_batch(&consumer, cfg, 100, &metrics, &shutdown);
                if !b.is_empty() || Instant::now() > deadline {
                    break (b.len(), t.elapsed());
                }
            }
        };
        produce(0);
        let (batch, took) = first_batch(&cfg);
        assert_eq!(batch, 3, "the three records in one batch");
        assert!(
            took < Duration::from_millis(1500),
            "closed after {took:?}, not at the linger"
        );

        cfg.batch_idle = None;
        produce(3);
        let (batch, took) = first_batch(&cfg);
        assert_eq!(batch, 3);
        assert!(
            took >= Duration::from_secs(2),
            "without an idle gap it lingers: {took:?}"
        );
    }

    #[test]
    fn revoked_partitions_leave_the_unfinished_batch() {
        let mut batch = vec![
            R("in", 0, 5),
            R("in", 1, 7),
            R("in", 0, 6),
            R("other", 1, 3),
        ];
        let revoked: BTreeSet<(String, i32)> = [("in".to_string(), 0)].into();
        assert_eq!(drop_revoked(&mut batch, &revoked), 2);
        assert_eq!(batch, vec![R("in", 1, 7), R("other", 1, 3)]);
        assert_eq!(drop_revoked(&mut batch, &BTreeSet::new()), 0);
        assert_eq!(batch.len(), 2);
    }

    #[test]
    fn a_reread_partition_never_puts_an_offset_in_the_batch_twice() {
        let mut batch = Vec::new();
        for r in [
            R("in", 0, 10),
            R("in", 0, 11),
            R("in", 1, 4),
            R("in", 0, 12),
        ] {
            assert_eq!(push_record(&mut batch, r), 0);
        }
        // Partition 0 is read again from offset 11 (revoked and assigned back, or a seek).
        assert_eq!(push_record(&mut batch, R("in", 0, 11)), 2);
        assert_eq!(push_record(&mut batch, R("in", 0, 12)), 0);
        assert_eq!(
            batch,
            vec![
                R("in", 0, 10),
                R("in", 1, 4),
                R("in", 0, 11),
                R("in", 0, 12)
            ]
        );
        // Same partition number of another topic is another partition.
        assert_eq!(push_record(&mut batch, R("x", 0, 1)), 0);
    }

    #[test]
    fn loop_consumer_is_a_static_member_with_a_short_session() {
        let cfg = LoopConfig::new("in", "g", "g-host-1");
        assert_eq!(cfg.group_instance_id.as_deref(), Some("g-host-1"));
        assert!(cfg.session_timeout <= Duration::from_secs(6));
        assert!(cfg.transaction_max_open < Duration::from_secs(10));
        let c = consumer_config(&KafkaSettings::new("127.0.0.1:1"), &cfg);
        assert_eq!(c.get("group.instance.id"), Some("g-host-1"));
        assert_eq!(c.get("session.timeout.ms"), Some("6000"));
        assert_eq!(c.get("heartbeat.interval.ms"), Some("1000"));
        let p = producer_config(&KafkaSettings::new("127.0.0.1:1"), &cfg);
        assert_eq!(p.get("transaction.timeout.ms"), Some("5000"));
    }

    #[test]
    fn the_prefetch_queue_is_bounded_and_holds_two_of_the_largest_records() {
        let cfg = LoopConfig::new("in", "g", "g-host-1");
        let mut settings = KafkaSettings::new("127.0.0.1:1");
        let c = consumer_config(&settings, &cfg);
        assert_eq!(c.get("queued.max.messages.kbytes"), Some("16384"));
        settings.max_message_bytes = 32 * 1024 * 1024;
        let c = consumer_config(&settings, &cfg);
        assert_eq!(c.get("queued.max.messages.kbytes"), Some("65536"));
        // An operator's setting wins.
        settings.properties = vec![("queued.max.messages.kbytes".into(), "4096".into())];
        let c = consumer_config(&settings, &cfg);
        assert_eq!(c.get("queued.max.messages.kbytes"), Some("4096"));
    }

    #[test]
    fn processing_guarantee_defaults_to_exactly_once_and_rejects_unknown_values() {
        assert_eq!(Guarantee::parse(None, None), Ok(Guarantee::ExactlyOnceV2));
        assert_eq!(
            Guarantee::parse(Some(" exactly_once_v2 "), Some("")),
            Ok(Guarantee::ExactlyOnceV2)
        );
        assert_eq!(
            Guarantee::parse(Some("at_least_once"), None),
            Ok(Guarantee::AtLeastOnce {
                commit_interval: DEFAULT_COMMIT_INTERVAL
            })
        );
        assert_eq!(
            Guarantee::parse(Some("at_least_once"), Some("250")),
            Ok(Guarantee::AtLeastOnce {
                commit_interval: Duration::from_millis(250)
            })
        );
        for (g, i) in [
            (Some("exactly_once"), None),
            (Some("none"), None),
            (Some("at_least_once"), Some("0")),
            (Some("at_least_once"), Some("-5")),
            (Some("at_least_once"), Some("10s")),
            (None, Some("100")),
        ] {
            let e = Guarantee::parse(g, i).expect_err("invalid");
            assert!(e.contains("CLAIMWATCH_"), "names the setting: {e}");
        }
    }
}
