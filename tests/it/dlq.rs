//! Bad input on the raw topic goes to the dead-letter topic with Kafka Connect error headers,
//! and the extractor keeps processing the records after it. The claims it then produces are
//! decoded by a third party (Python fastavro) from `schemas/*.avsc` alone.

use std::collections::HashMap;
use std::time::Duration;

use claimwatch_kafka::rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use claimwatch_model::{topics, ClaimEvent, RawArticle};
use claimwatch_schema::Codec;

use crate::harness::*;

fn produce(topic: &str, key: &str, payload: &[u8]) {
    produce_all(topic, &[(key.to_string(), payload.to_vec())]);
}

/// Produce records in order to partition 0, and wait until they are delivered.
fn produce_all(topic: &str, records: &[(String, Vec<u8>)]) {
    let producer: BaseProducer = kafka().client_config().create().expect("producer");
    for (key, payload) in records {
        producer
            .send(BaseRecord::to(topic).key(key).payload(payload).partition(0))
            .map_err(|(e, _)| e)
            .expect("send");
    }
    producer.flush(Duration::from_secs(20)).expect("flush");
}

#[test]
fn poison_message_goes_to_dlq_and_processing_continues() {
    ensure_topics();
    let work = temp_dir("dlq");
    let tag = work.file_name().unwrap().to_string_lossy().to_string();

    // Random bytes, deterministic per run, with a recognisable key.
    let mut state = std::process::id() | 1;
    let poison: Vec<u8> = (0..257)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let poison_key = format!("poison-{tag}");
    // Good records ahead of the poison, so that it lies beyond the extractor's first slice of
    // the batch (the loop processes a batch in slices): the record dead-lettered must be the
    // poison itself, not the record at its index within its slice.
    let codec = Codec::<RawArticle>::new().unwrap();
    let mut before = Vec::new();
    for i in 0..40 {
        let url = format!("http://it.example/dlq/{tag}/before-{i}");
        let body = format!(
            "<html><body><article><p>Harbour note {i} on the quay.</p></article></body></html>"
        );
        let raw = raw_html(&url, "it-dlq", &body);
        before.push((raw.article_id.clone(), codec.encode(&raw).unwrap()));
    }
    before.push((poison_key.clone(), poison.clone()));
    produce_all(topics::ARTICLES_RAW, &before);

    let url = format!("http://it.example/dlq/{tag}");
    let body = "<html><head><title>Labour deal</title></head><body><article>\
        <p>North Korea will send more workers to Russia next year, a ministry official said.</p>\
        <p>The weather in the harbour was calm.</p></article></body></html>";
    let raw = raw_html(&url, "it-dlq", body);
    let encoded = codec.encode(&raw).unwrap();
    produce(topics::ARTICLES_RAW, &raw.article_id, &encoded);

    let mut extractor = Service::start(
        "claimwatch-extractor",
        &[],
        &[
            (
                "CLAIMWATCH_EXTRACTOR_TRANSACTIONAL_ID",
                "it-dlq-extractor".into(),
            ),
            // The claims are read back from claimwatch.claims.v1 (off by default).
            ("CLAIMWATCH_EXTRACTOR_LEGACY_CLAIMS", "true".into()),
        ],
        &work,
    );

    let dlq = topics::dlq(topics::ARTICLES_RAW);
    let dead = wait_for(Duration::from_secs(60), || {
        read_all(&dlq)
            .into_iter()
            .find(|r| r.key.as_deref() == Some(poison_key.as_bytes()))
    })
    .unwrap_or_else(|| panic!("poison record not dead-lettered\n{}", extractor.log_text()));
    assert_eq!(
        dead.payload.as_deref(),
        Some(&poison[..]),
        "payload kept as is"
    );
    let headers: HashMap<String, String> = dead
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
        .collect();
    assert_eq!(headers["__connect.errors.topic"], topics::ARTICLES_RAW);
    assert_eq!(headers["__connect.errors.partition"], "0");
    assert!(headers["__connect.errors.offset"].parse::<i64>().is_ok());
    assert!(headers["__connect.errors.exception.class.name"].contains("CodecError"));
    assert!(!headers["__connect.errors.exception.message"].is_empty());
    assert_eq!(headers["__connect.errors.stage"], "extractor");

    let codec = Codec::<ClaimEvent>::new().unwrap();
    let claims = wait_for(Duration::from_secs(60), || {
        let c: Vec<ClaimEvent> = read_all(topics::CLAIMS)
            .into_iter()
            .filter_map(|r| codec.decode(r.payload.as_deref()?).ok())
            .filter(|c| c.article_id == raw.article_id)
            .collect();
        (!c.is_empty()).then_some(c)
    })
    .unwrap_or_else(|| {
        panic!(
            "the record after the poison was not processed\n{}",
            extractor.log_text()
        )
    });
    assert!(claims
        .iter()
        .any(|c| c.entities.iter().any(|e| e.id == "north-korea")));
    assert!(
        extractor.is_running(),
        "extractor died on the poison message"
    );
    let (_, metrics) = extractor.http_get("/metrics").unwrap();
    let dead_letters = metrics
        .lines()
        .find(|l| l.starts_with("claimwatch_stage_dead_letters_total{stage=\"extractor\"}"))
        .and_then(|l| l.split_whitespace().last()?.parse::<u64>().ok())
        .unwrap_or(0);
    assert!(dead_letters >= 1, "dead letter not counted:\n{metrics}");

    // Third-party decoding: Python fastavro with only the schema file.
    let python = std::env::var("CLAIMWATCH_TEST_PYTHON").unwrap_or_else(|_| {
        panic!("CLAIMWATCH_TEST_PYTHON is not set: `make test` points it at the venv with fastavro")
    });
    let out = output_within(
        std::process::Command::new(python)
            .arg(repo_root().join("tests/interop/decode_claims.py"))
            .arg(bootstrap())
            .arg(topics::CLAIMS)
            .arg(repo_root().join("schemas/claim_event.avsc"))
            .arg("100000")
            .arg("20"),
        Duration::from_secs(120),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "fastavro decoding failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for c in &claims {
        let line = stdout
            .lines()
            .find(|l| l.contains(&c.claim_id))
            .unwrap_or_else(|| panic!("claim {} not decoded by fastavro", c.claim_id));
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["text"], c.text.as_str());
        assert_eq!(v["article_id"], c.article_id.as_str());
    }
    extractor.terminate(Duration::from_secs(30));
}
