//! The loop with `processing.guarantee = at_least_once`, as Kafka Streams has it.
//!
//! Outputs are produced without a transaction (an idempotent producer, `acks=all`). A batch's
//! input offsets become committable only once every output of the batch is delivered; they are
//! committed every `commit_interval`, when partitions are revoked, and at a clean stop. So
//! nothing is ever lost: an offset is never committed before the outputs of its record exist.
//! But a crash between a delivery and the next commit makes the next owner of the partitions
//! process those records again, and their outputs appear twice: what `exactly_once_v2`
//! prevents, at the price of a transaction per batch.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_telemetry::Shutdown;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext};
use rdkafka::producer::Producer;
use rdkafka::{Offset, TopicPartitionList};

use super::{
    count_batch, log_dead_letter, next_batch, next_offsets, rewind, send_batch, send_dead_letter,
    send_outputs, skip_past, start_consuming, to_record, unproducible, BatchResult,
    DeliveryContext, LoopConfig, Next, Processor, Record, Retries, TxError, TxProducer,
};
use crate::dlq::Failure;
use crate::{admin, Error, KafkaSettings, Result};

/// Input offsets whose records' outputs are delivered, not yet committed.
#[derive(Debug, Default)]
pub(crate) struct Uncommitted {
    /// Per partition: the next offset to commit, and the records it covers since the last
    /// commit.
    offsets: BTreeMap<(String, i32), (i64, u64)>,
    /// Records committed at revocations since the loop last looked.
    committed_on_revoke: u64,
}

impl Uncommitted {
    /// The outputs of `records` are delivered: their offsets may be committed.
    fn delivered(&mut self, records: &[Record<'_>]) {
        let mut counts: BTreeMap<(&str, i32), u64> = BTreeMap::new();
        for r in records {
            *counts.entry((r.topic, r.partition)).or_default() += 1;
        }
        for ((topic, partition), next) in next_offsets(records) {
            let n = counts.get(&(topic, partition)).copied().unwrap_or_default();
            self.put((topic.to_string(), partition), next, n);
        }
    }

    fn put(&mut self, key: (String, i32), next: i64, records: u64) {
        let e = self.offsets.entry(key).or_insert((next, 0));
        e.0 = e.0.max(next);
        e.1 += records;
    }

    /// Take the offsets of every partition (`None`) or of `only` those.
    fn take(&mut self, only: Option<&[(String, i32)]>) -> BTreeMap<(String, i32), (i64, u64)> {
        match only {
            None => std::mem::take(&mut self.offsets),
            Some(parts) => parts
                .iter()
                .filter_map(|k| self.offsets.remove_entry(k))
                .collect(),
        }
    }

    /// Put back offsets whose commit failed (newer ones marked since win).
    fn restore(&mut self, taken: BTreeMap<(String, i32), (i64, u64)>) {
        for (k, (next, n)) in taken {
            self.put(k, next, n);
        }
    }
}

fn commit<C: ConsumerContext>(
    consumer: &BaseConsumer<C>,
    offsets: &BTreeMap<(String, i32), (i64, u64)>,
) -> std::result::Result<u64, String> {
    let mut tpl = TopicPartitionList::new();
    for ((topic, partition), (next, _)) in offsets {
        tpl.add_partition_offset(topic, *partition, Offset::Offset(*next))
            .map_err(|e| e.to_string())?;
    }
    consumer
        .commit(&tpl, CommitMode::Sync)
        .map_err(|e| e.to_string())?;
    Ok(offsets.values().map(|(_, n)| n).sum())
}

/// Called from the revocation callback: commit the delivered offsets of the partitions that
/// move, so that their next owner does not redo them.
pub(crate) fn commit_revoked<C: ConsumerContext>(
    consumer: &BaseConsumer<C>,
    uncommitted: &Mutex<Uncommitted>,
    revoked: &[(String, i32)],
) {
    let mut u = uncommitted.lock().unwrap_or_else(|p| p.into_inner());
    let taken = u.take(Some(revoked));
    if taken.is_empty() {
        return;
    }
    match commit(consumer, &taken) {
        Ok(n) => u.committed_on_revoke += n,
        Err(e) => tracing::warn!(
            error = %e,
            "committing the offsets of revoked partitions failed: their next owner redoes those records (at_least_once)"
        ),
    }
}

/// Commit every delivered offset; on failure keep them for the next attempt.
fn commit_delivered(consumer: &super::TxConsumer, metrics: &StageMetrics) {
    let mut u = consumer
        .context()
        .uncommitted
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let taken = u.take(None);
    if taken.is_empty() {
        return;
    }
    match commit(consumer, &taken) {
        Ok(n) => metrics.committed.inc_by(n),
        Err(e) => {
            metrics.error("offset_commit");
            tracing::warn!(stage = metrics.stage(), error = %e, "offset commit failed; retrying at the next interval");
            u.restore(taken);
        }
    }
}

fn producer(settings: &KafkaSettings) -> Result<TxProducer> {
    Ok(settings
        .config_with(&[
            ("enable.idempotence", "true"),
            ("acks", "all"),
            ("linger.ms", "5"),
        ])
        .create_with_context(DeliveryContext::default())?)
}

/// Wait until the `sent` records sent since `reports_before` delivery reports are delivered.
fn delivered(
    producer: &TxProducer,
    reports_before: u64,
    sent: u64,
    timeout: Duration,
) -> std::result::Result<(), TxError> {
    producer.flush(timeout).map_err(|e| {
        TxError::Abortable(format!("outputs not delivered within {timeout:?}: {e}"))
    })?;
    // A flushed queue's last reports may reach the context a moment after flush returns.
    let ctx = producer.context();
    let deadline = Instant::now() + Duration::from_secs(2);
    while ctx.reports.load(Ordering::Acquire) < reports_before + sent && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    let error = ctx.error.lock().unwrap_or_else(|p| p.into_inner()).take();
    match (error, ctx.take_failed()) {
        (_, Some(why)) => Err(TxError::Record(why)),
        (Some(e), None) => Err(TxError::Abortable(e)),
        (None, None) => Ok(()),
    }
}

/// Clear what earlier deliveries reported; returns the report count to wait from.
fn start_deliveries(producer: &TxProducer) -> u64 {
    let ctx = producer.context();
    ctx.take_failed();
    ctx.error.lock().unwrap_or_else(|p| p.into_inner()).take();
    ctx.reports.load(Ordering::Acquire)
}

fn sent_count(result: &BatchResult) -> u64 {
    (result.outputs.len() + result.tombstones.len() + result.failures.len()) as u64
}

/// Split a batch's result into what goes first (outputs, dead letters) and the records of
/// the processor's `state` topics, which go once the first part is delivered.
fn split_state(result: BatchResult, state: &[&str]) -> (BatchResult, BatchResult) {
    let is_state = |topic: &str| state.contains(&topic);
    let (state_outputs, outputs) = result.outputs.into_iter().partition(|o| is_state(&o.topic));
    let (state_tombstones, tombstones) = result
        .tombstones
        .into_iter()
        .partition(|t| is_state(&t.topic));
    (
        BatchResult {
            outputs,
            failures: result.failures,
            tombstones,
        },
        BatchResult {
            outputs: state_outputs,
            failures: Vec::new(),
            tombstones: state_tombstones,
        },
    )
}

/// Process a batch and deliver its outputs and dead letters, then its state records.
fn deliver_batch<P: Processor>(
    producer: &TxProducer,
    cfg: &LoopConfig,
    records: &[Record<'_>],
    processor: &mut P,
    metrics: &StageMetrics,
    dlq_topic: &str,
) -> std::result::Result<(), TxError> {
    let result = processor.process_batch(records, metrics);
    let (first, state) = split_state(result, processor.state_topics());
    let from = start_deliveries(producer);
    let mut produced = send_batch(producer, records, &first, metrics, dlq_topic)?;
    delivered(producer, from, sent_count(&first), cfg.transaction_timeout)?;
    if sent_count(&state) > 0 {
        let from = start_deliveries(producer);
        for (topic, n) in send_outputs(producer, &state)? {
            *produced.entry(topic).or_default() += n;
        }
        delivered(producer, from, sent_count(&state), cfg.transaction_timeout)?;
    }
    count_batch(metrics, produced, &first.failures);
    Ok(())
}

/// Outputs that answer no input (an idle processor's).
fn deliver_outputs(
    producer: &TxProducer,
    cfg: &LoopConfig,
    result: &BatchResult,
) -> std::result::Result<(), TxError> {
    let from = start_deliveries(producer);
    send_outputs(producer, result)?;
    let sent = (result.outputs.len() + result.tombstones.len()) as u64;
    delivered(producer, from, sent, cfg.transaction_timeout)
}

/// Dead-letter one record whose outputs cannot be produced, without the input's value if the
/// dead letter with it cannot be produced either.
fn dead_letter(
    producer: &TxProducer,
    cfg: &LoopConfig,
    r: &Record<'_>,
    failure: &Failure,
    metrics: &StageMetrics,
    dlq_topic: &str,
) -> std::result::Result<(), TxError> {
    let mut outcome = Err(TxError::Abortable(String::new()));
    for omit_value in [false, true] {
        let from = start_deliveries(producer);
        outcome = send_dead_letter(producer, r, failure, omit_value, metrics, dlq_topic)
            .and_then(|()| delivered(producer, from, 1, cfg.transaction_timeout));
        if !matches!(outcome, Err(TxError::Record(_))) {
            break;
        }
    }
    outcome?;
    log_dead_letter(metrics, r, failure);
    Ok(())
}

pub(super) fn run<P: Processor>(
    settings: &KafkaSettings,
    cfg: &LoopConfig,
    commit_interval: Duration,
    processor: &mut P,
    metrics: &StageMetrics,
    shutdown: &Shutdown,
) -> Result<()> {
    admin::wait_for_broker(settings)?;
    let producer = producer(settings)?;
    let (consumer, dlq_topic) = start_consuming(settings, cfg, processor)?;
    tracing::info!(
        stage = metrics.stage(),
        input = %cfg.input_topic,
        group = %cfg.group_id,
        commit_interval_ms = commit_interval.as_millis() as u64,
        "at_least_once loop started: a crash duplicates what was processed since the last commit"
    );
    let uncommitted = || {
        consumer
            .context()
            .uncommitted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    };

    let mut retries = Retries::default();
    let mut last_commit = Instant::now();
    while !shutdown.is_triggered() {
        if last_commit.elapsed() >= commit_interval {
            commit_delivered(&consumer, metrics);
            last_commit = Instant::now();
        }
        let batch = next_batch(&consumer, cfg, processor, &retries, metrics, shutdown)?;
        metrics
            .committed
            .inc_by(std::mem::take(&mut uncommitted().committed_on_revoke));
        if batch.is_empty() {
            let idle = processor.idle();
            if !idle.outputs.is_empty() || !idle.tombstones.is_empty() {
                match deliver_outputs(&producer, cfg, &idle) {
                    Ok(()) => processor.committed(),
                    Err(TxError::Abortable(e) | TxError::Record(e) | TxError::Fatal(e)) => {
                        tracing::warn!(stage = metrics.stage(), error = %e, "idle outputs not delivered; they will be produced again");
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
        let err = match deliver_batch(&producer, cfg, &records, processor, metrics, &dlq_topic) {
            Ok(()) => {
                processor.committed();
                uncommitted().delivered(&records);
                retries.committed(records.len(), cfg, metrics);
                continue;
            }
            Err(TxError::Fatal(e)) => {
                processor.aborted();
                return Err(Error::Other(e));
            }
            Err(e) => e,
        };
        let (e, record_specific) = err.split();
        // Some outputs of the batch may be delivered: redoing it duplicates them, as
        // at_least_once allows; its offsets are not committable.
        tracing::warn!(stage = metrics.stage(), error = %e, records = records.len(), "outputs not delivered; the batch will be redone");
        metrics.error(if record_specific {
            "output_unproducible"
        } else {
            "delivery_failed"
        });
        processor.aborted();
        match retries.aborted(record_specific, records.len(), cfg, metrics) {
            Next::Retry(pause) => {
                rewind(&consumer, &records);
                std::thread::sleep(pause);
            }
            Next::DeadLetter => {
                let r = &records[0];
                let failure = unproducible(cfg, &e);
                match dead_letter(&producer, cfg, r, &failure, metrics, &dlq_topic) {
                    Ok(()) => {
                        metrics.dead_letters.inc();
                        metrics.error(failure.kind);
                        uncommitted().delivered(std::slice::from_ref(r));
                        retries.committed(1, cfg, metrics);
                        skip_past(&consumer, r);
                    }
                    Err(TxError::Abortable(e) | TxError::Record(e) | TxError::Fatal(e)) => {
                        tracing::warn!(stage = metrics.stage(), error = %e, "dead letter not delivered; retrying");
                        rewind(&consumer, &records);
                        std::thread::sleep(Duration::from_millis(200));
                    }
                }
            }
        }
    }
    // A clean stop commits everything delivered: a restart redoes nothing.
    commit_delivered(&consumer, metrics);
    tracing::info!(stage = metrics.stage(), "at_least_once loop stopped");
    consumer.unsubscribe();
    drop(consumer);
    drop(producer);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(topic: &'static str, partition: i32, offset: i64) -> Record<'static> {
        Record {
            topic,
            partition,
            offset,
            key: None,
            payload: None,
            timestamp_ms: None,
        }
    }

    #[test]
    fn delivered_offsets_advance_per_partition_and_count_records() {
        let mut u = Uncommitted::default();
        u.delivered(&[rec("in", 0, 4), rec("in", 1, 9), rec("in", 0, 5)]);
        u.delivered(&[rec("in", 0, 6)]);
        let all = u.take(None);
        assert_eq!(all[&("in".to_string(), 0)], (7, 3));
        assert_eq!(all[&("in".to_string(), 1)], (10, 1));
        assert!(u.take(None).is_empty(), "taken offsets are gone");
    }

    #[test]
    fn a_revocation_takes_only_the_revoked_partitions() {
        let mut u = Uncommitted::default();
        u.delivered(&[rec("in", 0, 4), rec("in", 1, 9), rec("in", 2, 1)]);
        let revoked = u.take(Some(&[("in".to_string(), 1), ("in".to_string(), 7)]));
        assert_eq!(revoked.len(), 1);
        assert_eq!(revoked[&("in".to_string(), 1)], (10, 1));
        assert_eq!(u.take(None).len(), 2);
    }

    #[test]
    fn state_records_go_after_everything_else() {
        use super::super::{Output, Tombstone};
        let out = |t: &str| Output::new(t, b"k".to_vec(), b"v".to_vec());
        let tomb = |t: &str| Tombstone {
            topic: t.into(),
            key: b"k".to_vec(),
            partition: Some(1),
        };
        let result = BatchResult {
            outputs: vec![out("alerts"), out("state"), out("candidates")],
            failures: vec![(0, Failure::new("decode", "X", "bad"))],
            tombstones: vec![tomb("state"), tomb("compacted")],
        };
        let (first, state) = split_state(result, &["state"]);
        let topics = |r: &BatchResult| {
            let mut t: Vec<String> = r.outputs.iter().map(|o| o.topic.clone()).collect();
            t.extend(r.tombstones.iter().map(|t| format!("-{}", t.topic)));
            t
        };
        assert_eq!(topics(&first), ["alerts", "candidates", "-compacted"]);
        assert_eq!(first.failures.len(), 1);
        assert_eq!(topics(&state), ["state", "-state"]);
        assert!(state.failures.is_empty());
        let (first, state) = split_state(
            BatchResult {
                outputs: vec![out("alerts")],
                ..BatchResult::default()
            },
            &[],
        );
        assert_eq!((first.outputs.len(), sent_count(&state)), (1, 0));
    }

    #[test]
    fn a_failed_commit_never_moves_an_offset_back() {
        let mut u = Uncommitted::default();
        u.delivered(&[rec("in", 0, 4)]);
        let taken = u.take(None);
        // Delivered while the commit was failing.
        u.delivered(&[rec("in", 0, 5)]);
        u.restore(taken);
        assert_eq!(u.take(None)[&("in".to_string(), 0)], (6, 2));
    }
}
