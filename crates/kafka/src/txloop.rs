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

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_telemetry::Shutdown;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedMessage, Message, OwnedHeaders};
use rdkafka::producer::{BaseRecord, Producer, ThreadedProducer};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Offset, TopicPartitionList};

use crate::dlq::{self, Failure};
use crate::stats::LagContext;
use crate::{admin, Error, KafkaSettings, Result};

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
}

/// What a batch produced: outputs, and the indices of input records that failed.
#[derive(Debug, Default)]
pub struct BatchResult {
    pub outputs: Vec<Output>,
    pub failures: Vec<(usize, Failure)>,
    /// Records with a null value (deletions in a compacted topic): (topic, key).
    pub tombstones: Vec<(String, Vec<u8>)>,
}

/// The service-specific part of the loop. Processing must be deterministic in its input for the
/// exactly-once argument to hold (ids derived from content, not from time or randomness).
pub trait Processor {
    /// Process one record. Used by the default [`Processor::process_batch`].
    fn process(&mut self, record: &Record<'_>) -> std::result::Result<Vec<Output>, Failure> {
        let _ = record;
        Ok(Vec::new())
    }

    /// Process a batch. The default calls [`Processor::process`] per record and times each.
    fn process_batch(&mut self, batch: &[Record<'_>], metrics: &StageMetrics) -> BatchResult {
        let mut result = BatchResult::default();
        for (i, r) in batch.iter().enumerate() {
            let started = Instant::now();
            match self.process(r) {
                Ok(outs) => result.outputs.extend(outs),
                Err(f) => result.failures.push((i, f)),
            }
            metrics.observe(started.elapsed());
        }
        result
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

    /// Called when a poll found no input: outputs returned here (e.g. digests that fell due) are
    /// produced in a transaction of their own, followed by `committed` or `aborted`.
    fn idle(&mut self) -> BatchResult {
        BatchResult::default()
    }
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
    /// Timeout for transactional calls (init, commit, abort).
    pub transaction_timeout: Duration,
}

impl LoopConfig {
    pub fn new(input_topic: &str, group_id: &str, transactional_id: &str) -> Self {
        LoopConfig {
            input_topic: input_topic.into(),
            group_id: group_id.into(),
            transactional_id: transactional_id.into(),
            batch_max: 500,
            batch_linger: Duration::from_millis(100),
            transaction_timeout: Duration::from_secs(30),
        }
    }
}

type TxConsumer = BaseConsumer<LagContext>;

fn consumer(settings: &KafkaSettings, cfg: &LoopConfig) -> Result<TxConsumer> {
    let c = settings.config_with(&[
        ("group.id", &cfg.group_id),
        ("enable.auto.commit", "false"),
        ("enable.auto.offset.store", "false"),
        ("isolation.level", "read_committed"),
        ("auto.offset.reset", "earliest"),
        ("enable.partition.eof", "false"),
        ("statistics.interval.ms", "5000"),
    ]);
    Ok(c.create_with_context(LagContext::new(&cfg.group_id))?)
}

fn producer(
    settings: &KafkaSettings,
    cfg: &LoopConfig,
) -> Result<ThreadedProducer<rdkafka::producer::DefaultProducerContext>> {
    let timeout_ms = (cfg.transaction_timeout.as_millis().max(1000) * 2).to_string();
    let c = settings.config_with(&[
        ("transactional.id", &cfg.transactional_id),
        ("enable.idempotence", "true"),
        ("linger.ms", "5"),
        ("transaction.timeout.ms", &timeout_ms),
    ]);
    Ok(c.create()?)
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
    admin::wait_for_broker(settings)?;
    let producer = producer(settings, cfg)?;
    producer
        .init_transactions(cfg.transaction_timeout)
        .map_err(|e| Error::Other(format!("init_transactions failed: {e}")))?;
    processor
        .on_start()
        .map_err(|e| Error::Other(format!("processor start failed: {e}")))?;
    let consumer = consumer(settings, cfg)?;
    consumer.subscribe(&[&cfg.input_topic])?;
    let dlq_topic = claimwatch_model::topics::dlq(&cfg.input_topic);
    tracing::info!(
        stage = metrics.stage(),
        input = %cfg.input_topic,
        group = %cfg.group_id,
        transactional_id = %cfg.transactional_id,
        "transactional loop started"
    );

    while !shutdown.is_triggered() {
        let batch = poll_batch(&consumer, cfg, metrics, shutdown);
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
                            TxError::Abortable(m) | TxError::Fatal(m) => m,
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
        let records: Vec<Record<'_>> = batch.iter().map(to_record).collect();
        metrics.messages_in.inc_by(records.len() as u64);
        match transact(
            &producer, &consumer, cfg, &records, processor, metrics, &dlq_topic,
        ) {
            Ok(()) => {
                processor.committed();
                metrics.transaction("committed");
                metrics.committed.inc_by(records.len() as u64);
            }
            Err(TxError::Abortable(e)) => {
                tracing::warn!(stage = metrics.stage(), error = %e, "transaction aborted; the batch will be retried");
                metrics.error("transaction_aborted");
                metrics.transaction("aborted");
                if let Err(e) = producer.abort_transaction(cfg.transaction_timeout) {
                    return Err(Error::FatalTransaction(format!("abort failed: {e}")));
                }
                processor.aborted();
                rewind(&consumer, &records);
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(TxError::Fatal(e)) => {
                metrics.error("transaction_fatal");
                processor.aborted();
                return Err(Error::FatalTransaction(e));
            }
        }
    }
    tracing::info!(stage = metrics.stage(), "transactional loop stopped");
    // Nothing is left open: every batch was committed or aborted above. Unsubscribe so the
    // group rebalances promptly, then the consumer and producer drop in that order.
    consumer.unsubscribe();
    drop(consumer);
    drop(producer);
    Ok(())
}

fn poll_batch<'c>(
    consumer: &'c TxConsumer,
    cfg: &LoopConfig,
    metrics: &StageMetrics,
    shutdown: &Shutdown,
) -> Vec<BorrowedMessage<'c>> {
    let mut batch = Vec::new();
    let mut first_at: Option<Instant> = None;
    while batch.len() < cfg.batch_max && !shutdown.is_triggered() {
        let wait = match first_at {
            None => Duration::from_millis(200),
            Some(t) => {
                let left = cfg.batch_linger.saturating_sub(t.elapsed());
                if left.is_zero() {
                    break;
                }
                left
            }
        };
        match consumer.poll(wait) {
            Some(Ok(m)) => {
                first_at.get_or_insert_with(Instant::now);
                batch.push(m);
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
    Abortable(String),
    Fatal(String),
}

fn classify(e: KafkaError) -> TxError {
    match &e {
        KafkaError::Transaction(rd) if rd.is_fatal() => TxError::Fatal(e.to_string()),
        _ => TxError::Abortable(e.to_string()),
    }
}

type TxProducer = ThreadedProducer<rdkafka::producer::DefaultProducerContext>;

fn transact<P: Processor>(
    producer: &TxProducer,
    consumer: &TxConsumer,
    cfg: &LoopConfig,
    records: &[Record<'_>],
    processor: &mut P,
    metrics: &StageMetrics,
    dlq_topic: &str,
) -> std::result::Result<(), TxError> {
    producer.begin_transaction().map_err(classify)?;
    let result = processor.process_batch(records, metrics);

    let mut produced: BTreeMap<String, u64> = BTreeMap::new();
    for out in &result.outputs {
        send(producer, &out.topic, &out.key, Some(&out.payload), None)?;
        *produced.entry(out.topic.clone()).or_default() += 1;
    }
    for (topic, key) in &result.tombstones {
        send(producer, topic, key, None, None)?;
    }
    for (i, failure) in &result.failures {
        let r = &records[*i];
        let headers = dlq::headers(r.topic, r.partition, r.offset, metrics.stage(), failure);
        send(
            producer,
            dlq_topic,
            r.key.unwrap_or_default(),
            Some(r.payload.unwrap_or_default()),
            Some(headers),
        )?;
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

    // Offsets to commit: one past the last record of each partition in the batch.
    let mut next: BTreeMap<(&str, i32), i64> = BTreeMap::new();
    for r in records {
        let e = next.entry((r.topic, r.partition)).or_insert(r.offset + 1);
        *e = (*e).max(r.offset + 1);
    }
    let mut tpl = TopicPartitionList::new();
    for ((topic, partition), offset) in next {
        tpl.add_partition_offset(topic, partition, Offset::Offset(offset))
            .map_err(classify)?;
    }
    let group = consumer
        .group_metadata()
        .ok_or_else(|| TxError::Abortable("consumer has no group metadata yet".into()))?;
    producer
        .send_offsets_to_transaction(&tpl, &group, cfg.transaction_timeout)
        .map_err(classify)?;
    commit_with_retry(producer, cfg)?;

    for (topic, n) in produced {
        metrics.produced(&topic, n);
    }
    for (_, failure) in &result.failures {
        metrics.dead_letters.inc();
        metrics.error(failure.kind);
    }
    Ok(())
}

fn commit_with_retry(producer: &TxProducer, cfg: &LoopConfig) -> std::result::Result<(), TxError> {
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

/// Produce outputs that answer no input (no offsets to commit) in one transaction.
fn transact_outputs(
    producer: &TxProducer,
    cfg: &LoopConfig,
    result: &BatchResult,
) -> std::result::Result<(), TxError> {
    producer.begin_transaction().map_err(classify)?;
    for out in &result.outputs {
        send(producer, &out.topic, &out.key, Some(&out.payload), None)?;
    }
    for (topic, key) in &result.tombstones {
        send(producer, topic, key, None, None)?;
    }
    producer
        .commit_transaction(cfg.transaction_timeout)
        .map_err(classify)
}

fn send(
    producer: &TxProducer,
    topic: &str,
    key: &[u8],
    payload: Option<&[u8]>,
    headers: Option<OwnedHeaders>,
) -> std::result::Result<(), TxError> {
    let mut record: BaseRecord<'_, [u8], [u8]> = BaseRecord::to(topic).key(key);
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
