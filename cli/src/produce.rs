//! Producing a few records from the command line and waiting for the broker to take each.

use std::time::Duration;

use claimwatch_kafka::rdkafka::producer::{FutureProducer, FutureRecord};
use claimwatch_kafka::KafkaSettings;

/// One record to produce; `value: None` is a tombstone.
pub struct Record<'a> {
    pub topic: &'a str,
    pub key: &'a [u8],
    pub value: Option<&'a [u8]>,
}

/// Produce `records` with an idempotent producer (acks=all) and return once every one is
/// acknowledged, or with the first delivery error.
pub fn produce_all(kafka: &KafkaSettings, records: &[Record<'_>]) -> Result<(), String> {
    let producer: FutureProducer = kafka
        .config_with(&[("enable.idempotence", "true"), ("acks", "all")])
        .create()
        .map_err(|e| e.to_string())?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let mut pending = Vec::with_capacity(records.len());
        for r in records {
            let mut rec: FutureRecord<'_, [u8], [u8]> = FutureRecord::to(r.topic).key(r.key);
            if let Some(v) = r.value {
                rec = rec.payload(v);
            }
            let key = String::from_utf8_lossy(r.key).into_owned();
            let delivery = producer
                .send_result(rec)
                .map_err(|(e, _)| format!("producing `{key}` to {}: {e}", r.topic))?;
            pending.push((key, delivery));
        }
        for (key, delivery) in pending {
            tokio::time::timeout(Duration::from_secs(60), delivery)
                .await
                .map_err(|_| format!("`{key}`: no acknowledgement within 60 s"))?
                .map_err(|_| format!("`{key}`: producer dropped"))?
                .map_err(|(e, _)| format!("`{key}`: delivery failed: {e}"))?;
        }
        Ok(())
    })
}
