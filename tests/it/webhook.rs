//! The notifier against a real HTTP server on 127.0.0.1 and the real broker: claims go into
//! `claimwatch.articles.v1`, the alerting service (an OS process) fires an alert for a watch topic
//! whose `webhook` points at the server, and the notifier (another OS process) delivers it —
//! retrying while the server fails, dead-lettering when it never succeeds, and never delivering a
//! committed alert again.

use std::path::Path;
use std::time::Duration;

use claimwatch_kafka::rdkafka::consumer::{BaseConsumer, Consumer};
use claimwatch_kafka::rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use claimwatch_kafka::rdkafka::{Offset, TopicPartitionList};
use claimwatch_kafka::reader::OwnedRecord;
use claimwatch_model::{topics, Alert, ArticleEvent, ClaimEvent};
use claimwatch_schema::Codec;
use hmac::Mac;

use crate::harness::*;
use crate::hooks::{HookServer, Received};

const SECRET: &str = "it-webhook-secret";

/// A word no other test's claims contain (letters only, so it is one token).
fn unique_word() -> String {
    let mut n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
        ^ u128::from(std::process::id()) << 64;
    let mut w = String::from("wbk");
    for _ in 0..12 {
        w.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    w
}

fn claim(word: &str, n: u32) -> ClaimEvent {
    let url = format!("http://it.example/webhook/{word}/{n}");
    let text = format!("Officials said the {word} convoy number {n} left the port on Monday.");
    ClaimEvent {
        article_title: Some(format!("Convoy {n} & the {word}")),
        speaker: Some("Officials".into()),
        cue: Some("said".into()),
        fetched_at: 1_760_000_000_000,
        ..plain_claim(&url, "it-webhook", &text)
    }
}

fn produce(topic: &str, key: &str, payload: &[u8]) {
    let producer: BaseProducer = kafka().client_config().create().expect("producer");
    producer
        .send(BaseRecord::to(topic).key(key).payload(payload))
        .map_err(|(e, _)| e)
        .expect("send");
    producer.flush(Duration::from_secs(20)).expect("flush");
}

/// The claim as an article of its own on the articles topic, as the extractor writes them.
fn produce_claim(c: &ClaimEvent) {
    let article = ArticleEvent::from_claims(std::slice::from_ref(c)).remove(0);
    let bytes = Codec::<ArticleEvent>::new()
        .unwrap()
        .encode(&article)
        .unwrap();
    produce(topics::ARTICLES, &c.article_id, &bytes);
}

/// A watch-topic file with one topic matching `word`, delivering to `url`.
fn watch_file(dir: &Path, topic: &str, word: &str, url: &str) -> String {
    let p = dir.join("watch.toml");
    std::fs::write(
        &p,
        format!(
            "[[topic]]\nid = \"{topic}\"\nname = \"Webhook test\"\nseverity = \"high\"\n\
             query = \"{word}\"\nwebhook = \"{url}\"\n"
        ),
    )
    .unwrap();
    p.display().to_string()
}

/// The alerting service over the watch file `watch`: it fires the alerts the notifier delivers.
fn alerting(dir: &Path, tag: &str, watch: &str) -> Service {
    Service::start(
        "claimwatch-alerting",
        &[],
        &[
            ("CLAIMWATCH_ALERTING_WATCH_FILE", watch.to_string()),
            ("CLAIMWATCH_ALERTING_GROUP_ID", format!("{tag}-alerting")),
            (
                "CLAIMWATCH_ALERTING_TRANSACTIONAL_ID",
                format!("{tag}-alerting"),
            ),
        ],
        dir,
    )
}

fn notifier(dir: &Path, tag: &str, watch: &str, max_attempts: u32) -> Service {
    notifier_allowing(dir, tag, watch, max_attempts, "127.0.0.1")
}

/// The notifier over the same watch file, whose webhooks may go to the internal addresses in
/// `allow` (none: `""`).
fn notifier_allowing(
    dir: &Path,
    tag: &str,
    watch: &str,
    max_attempts: u32,
    allow: &str,
) -> Service {
    Service::start(
        "claimwatch-notifier",
        &[],
        &[
            ("CLAIMWATCH_WEBHOOK_SSRF_ALLOW", allow.to_string()),
            // A killed member leaves the consumer group within seconds, not the default 45.
            ("CLAIMWATCH_KAFKA_SESSION_TIMEOUT_MS", "6000".into()),
            ("CLAIMWATCH_KAFKA_HEARTBEAT_INTERVAL_MS", "2000".into()),
            ("CLAIMWATCH_NOTIFIER_WATCH_FILE", watch.to_string()),
            ("CLAIMWATCH_WEBHOOK_GROUP_ID", format!("{tag}-sink")),
            ("CLAIMWATCH_WEBHOOK_SECRET", SECRET.into()),
            ("CLAIMWATCH_WEBHOOK_MAX_ATTEMPTS", max_attempts.to_string()),
            ("CLAIMWATCH_WEBHOOK_BACKOFF_BASE_MS", "200".into()),
            ("CLAIMWATCH_WEBHOOK_BACKOFF_MAX_MS", "400".into()),
            ("CLAIMWATCH_WEBHOOK_MAX_ELAPSED_SECS", "30".into()),
            ("CLAIMWATCH_WEBHOOK_TIMEOUT_SECS", "5".into()),
        ],
        dir,
    )
}

/// The committed alerts of `topic`, with where they are on the alerts topic.
fn alerts_of(topic: &str) -> Vec<(Alert, OwnedRecord)> {
    let codec = Codec::<Alert>::new().unwrap();
    read_all(topics::ALERTS)
        .into_iter()
        .filter_map(|r| Some((codec.decode(r.payload.as_deref()?).ok()?, r)))
        .filter(|(a, _)| a.watch_topic_id == topic)
        .collect()
}

fn header<'a>(r: &'a OwnedRecord, key: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| std::str::from_utf8(v).ok())
}

/// Dead letters of the webhook sink whose alert id (or key) is `id`.
fn dead_letters(pred: impl Fn(&OwnedRecord) -> bool) -> Vec<OwnedRecord> {
    read_all(&topics::dlq(topics::ALERTS))
        .into_iter()
        .filter(|r| header(r, "__connect.errors.stage") == Some("webhook") && pred(r))
        .collect()
}

/// The sink group's committed offset on `partition` of the alerts topic.
fn committed(group: &str, partition: i32) -> Option<i64> {
    let c: BaseConsumer = kafka()
        .config_with(&[("group.id", group), ("enable.auto.commit", "false")])
        .create()
        .ok()?;
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition(topics::ALERTS, partition);
    let got = c.committed_offsets(tpl, Duration::from_secs(10)).ok()?;
    match got.find_partition(topics::ALERTS, partition)?.offset() {
        Offset::Offset(o) => Some(o),
        _ => None,
    }
}

/// Recompute the signature independently of the service:
/// HMAC-SHA256(secret, ts "." idempotency key "." body).
fn signature_ok(r: &Received) -> bool {
    let (Some(ts), Some(key), Some(sig)) = (
        r.headers.get("x-claimwatch-timestamp"),
        r.headers.get("idempotency-key"),
        r.headers.get("x-claimwatch-signature"),
    ) else {
        return false;
    };
    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    m.update(ts.as_bytes());
    m.update(b".");
    m.update(key.as_bytes());
    m.update(b".");
    m.update(&r.body);
    *sig == format!("sha256={}", hex::encode(m.finalize().into_bytes()))
}

/// The end of the services' logs, for failure messages.
fn logs(services: &[&Service]) -> String {
    let mut out = String::new();
    for s in services {
        let t = s.log_text();
        let mut start = t.len().saturating_sub(6000);
        while !t.is_char_boundary(start) {
            start += 1;
        }
        out.push_str(&format!("--- {}:\n{}\n", s.name, &t[start..]));
    }
    out
}

/// Both services are still running (a failure shows their logs).
fn assert_running(alerting: &mut Service, notifier: &mut Service) {
    let exited = [
        (!alerting.is_running()).then_some("alerting"),
        (!notifier.is_running()).then_some("notifier"),
    ];
    if let Some(name) = exited.iter().flatten().next() {
        panic!("{name} exited\n{}", logs(&[alerting, notifier]));
    }
}

#[test]
fn webhook_retries_against_a_local_server_that_fails_twice_then_succeeds() {
    ensure_topics();
    let work = temp_dir("webhook-retry");
    let word = unique_word();
    let topic = format!("it-webhook-{word}");
    let server = HookServer::start(|n| if n < 2 { 500 } else { 200 });
    let watch = watch_file(&work, &topic, &word, &server.url());
    let tag = format!("it-webhook-retry-{word}");
    let mut al = alerting(&work, &tag, &watch);
    let mut svc = notifier(&work, &tag, &watch, 5);
    produce_claim(&claim(&word, 1));

    let delivered = wait_for(Duration::from_secs(90), || {
        assert_running(&mut al, &mut svc);
        (svc.metric(r#"claimwatch_webhook_deliveries_total{outcome="delivered"}"#)? >= 1.0)
            .then_some(())
    });
    assert!(
        delivered.is_some(),
        "not delivered within 90 s; requests: {}\n{}",
        server.received().len(),
        logs(&[&al, &svc])
    );
    // Nothing more comes after the success.
    std::thread::sleep(Duration::from_secs(2));
    let got = server.received();
    assert_eq!(got.len(), 3, "attempts: {got:?}\n{}", logs(&[&al, &svc]));

    let alerts = alerts_of(&topic);
    assert_eq!(alerts.len(), 1, "one alert for the one claim");
    let alert = &alerts[0].0;
    for (i, r) in got.iter().enumerate() {
        assert_eq!(
            r.headers.get("idempotency-key"),
            Some(&alert.alert_id),
            "attempt {i}"
        );
        assert!(signature_ok(r), "attempt {i}: signature does not verify");
        assert_eq!(
            r.headers.get("content-type").map(String::as_str),
            Some("application/json")
        );
        assert_eq!(r.body, got[0].body, "every attempt sends the same body");
    }
    // Backoff: the retries are spaced by at least half the base delay (equal jitter).
    assert!(got[1].at - got[0].at >= Duration::from_millis(100));
    assert!(got[2].at - got[1].at >= Duration::from_millis(200));

    let body: serde_json::Value = serde_json::from_slice(&got[2].body).unwrap();
    let text = body["text"].as_str().expect("Slack text");
    assert!(
        text.starts_with(&format!("[HIGH] {topic}: Convoy 1 &amp; the {word} (")),
        "{text}"
    );
    assert!(text.contains(&alert.article_url), "{text}");
    assert!(body["blocks"].as_array().is_some_and(|b| !b.is_empty()));
    assert_eq!(body["alert"]["alert_id"], alert.alert_id.as_str());
    assert_eq!(body["alert"]["article_url"], alert.article_url.as_str());

    assert_eq!(
        svc.metric(r#"claimwatch_webhook_deliveries_total{outcome="retried"}"#),
        Some(2.0)
    );
    // (Undecodable records other tests left on the alerts topic may be dead-lettered as
    // `decode`; no alert was given up on.)
    assert_eq!(
        svc.metric(r#"claimwatch_webhook_dead_letters_total{reason="attempts_exhausted"}"#),
        Some(0.0)
    );
    assert!(
        svc.metric(r#"claimwatch_webhook_attempt_duration_seconds_count{result="retryable"}"#)
            == Some(2.0)
    );
    assert!(dead_letters(|r| header(r, "claimwatch.alert.id") == Some(&alert.alert_id)).is_empty());
    let (_, metrics) = svc.http_get("/metrics").expect("/metrics");
    promtool_check(&metrics).unwrap_or_else(|e| panic!("promtool check metrics: {e}"));
    // The notifier serves the health endpoints of every service.
    assert_eq!(svc.http_get("/healthz").map(|r| r.0), Some(200));
    assert_eq!(svc.http_get("/readyz").map(|r| r.0), Some(200));
    let status = svc.terminate(Duration::from_secs(30));
    assert!(
        status.is_some_and(|s| s.success()),
        "SIGTERM: {status:?}\n{}",
        logs(&[&al, &svc])
    );
}

#[test]
fn webhook_dead_letters_after_the_retry_budget_and_does_not_redeliver_after_a_crash() {
    ensure_topics();
    let work = temp_dir("webhook-dlq");
    let word = unique_word();
    let topic = format!("it-webhook-{word}");
    let tag = format!("it-webhook-dlq-{word}");
    let server = HookServer::start(|_| 503);
    let watch = watch_file(&work, &topic, &word, &server.url());
    let mut al = alerting(&work, &tag, &watch);
    let mut svc = notifier(&work, &tag, &watch, 3);

    // A record on the alerts topic that is not an alert: dead-lettered as `decode`.
    let poison_key = format!("poison-{word}");
    produce(topics::ALERTS, &poison_key, b"\x00not avro");
    produce_claim(&claim(&word, 1));

    let first = wait_for(Duration::from_secs(90), || {
        assert_running(&mut al, &mut svc);
        let a = alerts_of(&topic);
        let id = a.first()?.0.alert_id.clone();
        let dl = dead_letters(|r| header(r, "claimwatch.alert.id") == Some(id.as_str()));
        (!dl.is_empty()).then_some((a, dl))
    });
    let Some((alerts, dl)) = first else {
        panic!(
            "no dead letter within 90 s; requests: {}\n{}",
            server.received().len(),
            logs(&[&al, &svc])
        );
    };
    let (alert, at) = (&alerts[0].0, &alerts[0].1);
    assert_eq!(dl.len(), 1, "one dead letter per alert");
    let d = &dl[0];
    assert_eq!(header(d, "__connect.errors.topic"), Some(topics::ALERTS));
    assert_eq!(
        header(d, "__connect.errors.partition"),
        Some(at.partition.to_string().as_str())
    );
    assert_eq!(
        header(d, "__connect.errors.offset"),
        Some(at.offset.to_string().as_str())
    );
    assert_eq!(
        header(d, "claimwatch.error.kind"),
        Some("attempts_exhausted")
    );
    assert_eq!(header(d, "claimwatch.webhook.attempts"), Some("3"));
    assert_eq!(header(d, "claimwatch.webhook.last_status"), Some("503"));
    let host = format!("127.0.0.1:{}", server.port);
    assert_eq!(header(d, "claimwatch.webhook.host"), Some(host.as_str()));
    // The receiver is internal (allowed by the allow-list): its status is reported, its body
    // is not echoed into the dead letter.
    let message = header(d, "__connect.errors.exception.message").unwrap_or_default();
    assert!(message.contains("HTTP 503"), "{message}");
    assert!(!message.contains("no_service"), "{message}");
    let back = Codec::<Alert>::new()
        .unwrap()
        .decode(d.payload.as_deref().unwrap())
        .unwrap();
    assert_eq!(&back, alert, "the dead letter carries the alert as it was");
    assert_eq!(server.received().len(), 3, "3 attempts, then the DLQ");

    let poison = wait_for(Duration::from_secs(30), || {
        let p = dead_letters(|r| r.key.as_deref() == Some(poison_key.as_bytes()));
        (!p.is_empty()).then_some(p)
    })
    .expect("the undecodable record is dead-lettered");
    assert_eq!(header(&poison[0], "claimwatch.error.kind"), Some("decode"));
    assert_eq!(poison[0].payload.as_deref(), Some(&b"\x00not avro"[..]));

    // The offset is committed as soon as the dead letter is acknowledged: then a crash
    // (SIGKILL, no shutdown commit) must not deliver the alert again.
    let group = format!("{tag}-sink");
    let committed_past = wait_for(Duration::from_secs(20), || {
        (committed(&group, at.partition)? > at.offset).then_some(())
    });
    assert!(
        committed_past.is_some(),
        "offset {} not committed",
        at.offset
    );
    svc.kill();
    let before_restart = server.received().len();
    let mut svc = notifier(&work, &tag, &watch, 3);
    // A second alert of the same topic lands behind the first in the same partition: once it
    // is dead-lettered, the sink has passed the first one's position.
    produce_claim(&claim(&word, 2));
    let second = wait_for(Duration::from_secs(90), || {
        assert_running(&mut al, &mut svc);
        let a = alerts_of(&topic);
        let id = a
            .iter()
            .find(|(x, _)| x.alert_id != alert.alert_id)?
            .0
            .alert_id
            .clone();
        let dl = dead_letters(|r| header(r, "claimwatch.alert.id") == Some(id.as_str()));
        (!dl.is_empty()).then_some(id)
    });
    let Some(second_id) = second else {
        panic!(
            "second alert not dead-lettered within 90 s\n{}",
            logs(&[&al, &svc])
        );
    };
    let after: Vec<String> = server.received()[before_restart..]
        .iter()
        .filter_map(|r| r.headers.get("idempotency-key").cloned())
        .collect();
    assert_eq!(
        after,
        vec![second_id.clone(); 3],
        "after the restart only the new alert is attempted"
    );
    assert_eq!(
        dead_letters(|r| header(r, "claimwatch.alert.id") == Some(alert.alert_id.as_str())).len(),
        1,
        "the first alert is not dead-lettered twice"
    );
    let status = svc.terminate(Duration::from_secs(30));
    assert!(status.is_some_and(|s| s.success()), "SIGTERM: {status:?}");
}

#[test]
fn webhooks_to_internal_addresses_are_refused_without_a_request() {
    ensure_topics();
    let work = temp_dir("webhook-ssrf");
    let word = unique_word();
    let topic = format!("it-webhook-{word}");
    let tag = format!("it-webhook-ssrf-{word}");
    let server = HookServer::start(|_| 200);
    // A topic whose webhook points at this machine, by name and by address: the guard refuses
    // both when no allow-list names them.
    let watch = watch_file(&work, &topic, &word, &server.url());
    let al = alerting(&work, &tag, &watch);
    let svc = notifier_allowing(&work, &tag, &watch, 3, "");
    produce_claim(&claim(&word, 1));
    let dl = wait_for(Duration::from_secs(90), || {
        let a = alerts_of(&topic);
        let id = a.first()?.0.alert_id.clone();
        let dl = dead_letters(|r| header(r, "claimwatch.alert.id") == Some(id.as_str()));
        (!dl.is_empty()).then_some(dl)
    })
    .unwrap_or_else(|| panic!("no dead letter within 90 s\n{}", logs(&[&al, &svc])));
    assert_eq!(header(&dl[0], "claimwatch.error.kind"), Some("permanent"));
    let message = header(&dl[0], "__connect.errors.exception.message").unwrap_or_default();
    assert!(message.contains("ssrf guard"), "{message}");
    assert!(
        server.received().is_empty(),
        "no request reached the internal receiver"
    );
}
