//! Schema-registry mode against a real Confluent-compatible registry (Apicurio Registry,
//! started by `tests/tools/with-registry.sh`, whose URL is in
//! `CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL`): the three services register their schemas under
//! `<topic>-value` and write the Confluent framing; `claimwatch tail` and a third-party client
//! (confluent-kafka's AvroDeserializer, or kcat when built with Avro support) decode the alerts
//! through the registry.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use claimwatch_kafka::dlq::{H_KIND, H_MESSAGE, H_STAGE};
use claimwatch_kafka::rdkafka::producer::{BaseProducer, BaseRecord, Producer};

use claimwatch_model::{topics, Alert, ClaimEvent, RawArticle};
use claimwatch_schema::{Codec, Registry};

use crate::harness::*;
use crate::hooks::HookServer;

/// The test registry's URL (the Confluent-compatible API root). Fails loudly without it.
fn registry_url() -> String {
    std::env::var("CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL").unwrap_or_else(|_| {
        panic!(
            "CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL is not set: run `make test`, which starts a \
             schema registry (tests/tools/with-registry.sh), or export the URL of one"
        )
    })
}

/// GET `path` (below the registry URL) as JSON.
fn registry_get(url: &str, path: &str) -> serde_json::Value {
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .expect("test registry on http://127.0.0.1:<port>");
    let (port, base) = rest.split_once('/').unwrap_or((rest, ""));
    let full = format!("/{base}{path}");
    // A registry that is busy (its JVM warming up a path) can miss the 5 s read timeout once:
    // a few bounded attempts.
    let (status, body) = (0..3)
        .find_map(|_| http_get(port.parse().expect("port"), &full))
        .unwrap_or_else(|| panic!("registry does not answer GET {full} (3 attempts)"));
    assert_eq!(status, 200, "GET {full}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {full}: {e}: {body}"))
}

/// The Confluent schema id of a framed payload (magic byte 0), else `None`.
fn confluent_id(payload: &[u8]) -> Option<u32> {
    (payload.len() >= 5 && payload[0] == 0)
        .then(|| u32::from_be_bytes([payload[1], payload[2], payload[3], payload[4]]))
}

fn produce(topic: &str, key: &str, payload: &[u8]) {
    let producer: BaseProducer = kafka().client_config().create().expect("producer");
    producer
        .send(BaseRecord::to(topic).key(key).payload(payload))
        .map_err(|(e, _)| e)
        .expect("send");
    producer.flush(Duration::from_secs(20)).expect("flush");
}

#[test]
fn registry_mode_end_to_end_with_third_party_decoding() {
    let url = registry_url();
    let started = std::time::Instant::now();
    let work = temp_dir("registry");
    let articles = sample_articles(&work);
    let reg = ("CLAIMWATCH_SCHEMA_REGISTRY_URL", url.clone());
    // The notifier reads the alerts topic too, in registry framing.
    let hook = HookServer::start(|_| 200);
    let sink_group = format!(
        "it-registry-sink-{}",
        work.file_name().unwrap().to_string_lossy()
    );

    let Pipeline {
        mut fetcher,
        mut extractor,
        mut alerting,
    } = Pipeline::start(
        &work,
        "registry",
        &articles,
        // The claims are read back from claimwatch.claims.v1 (off by default).
        &[
            reg.clone(),
            ("CLAIMWATCH_EXTRACTOR_LEGACY_CLAIMS", "true".to_string()),
        ],
        &[],
    );
    let mut notifier = Service::start(
        "claimwatch-notifier",
        &[],
        &[
            reg.clone(),
            (
                "CLAIMWATCH_NOTIFIER_WATCH_FILE",
                repo_root()
                    .join("samples/watch-topics.toml")
                    .display()
                    .to_string(),
            ),
            (
                "CLAIMWATCH_WEBHOOK_URL",
                format!("http://127.0.0.1:{}/hook", hook.port),
            ),
            ("CLAIMWATCH_WEBHOOK_GROUP_ID", sink_group),
            ("CLAIMWATCH_WEBHOOK_SSRF_ALLOW", "127.0.0.1".into()),
            // Only alerts of the last minutes: not every alert earlier tests left on the topic.
            ("CLAIMWATCH_WEBHOOK_MAX_AGE_SECS", "120".into()),
        ],
        &work,
    );
    let logs = |fetcher: &Service, extractor: &Service, alerting: &Service| {
        format!(
            "fetcher:\n{}\nextractor:\n{}\nalerting:\n{}",
            fetcher.log_text(),
            extractor.log_text(),
            alerting.log_text()
        )
    };

    let ours: HashSet<String> = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| file_url(&e.unwrap().path()))
        .collect();
    let positive = file_url(&articles.join("01-dprk-workers-russia.html"));
    let positive_ru = file_url(&articles.join("02-dprk-workers-russia-ru.html"));
    let registry = Registry::http(&url).unwrap();
    let alert_codec = Codec::<Alert>::new()
        .unwrap()
        .with_registry(registry.clone());
    // Our alerts with their raw payloads.
    let mine = || -> Vec<(Vec<u8>, Alert)> {
        read_all(topics::ALERTS)
            .into_iter()
            .filter_map(|r| {
                let p = r.payload?;
                let a = alert_codec.decode(&p).ok()?;
                Some((p, a))
            })
            .filter(|(_, a)| ours.contains(&a.article_url))
            .filter(|(_, a)| a.watch_topic_id == "dprk-workers-russia")
            .collect()
    };
    let alerts = wait_for(Duration::from_secs(120), || {
        let a = mine();
        let urls: HashSet<&str> = a.iter().map(|(_, x)| x.article_url.as_str()).collect();
        (urls.contains(positive.as_str()) && urls.contains(positive_ru.as_str())).then_some(a)
    })
    .unwrap_or_else(|| {
        panic!(
            "no alert for the positive samples within 120 s\n{}",
            logs(&fetcher, &extractor, &alerting)
        )
    });
    eprintln!(
        "registry: {} alerts after {:.1}s",
        alerts.len(),
        started.elapsed().as_secs_f64()
    );

    // The four subjects exist, each with the id our records carry.
    let subjects = registry_get(&url, "/subjects");
    let latest_id = |topic: &str| -> u32 {
        let subject = format!("{topic}-value");
        assert!(
            subjects
                .as_array()
                .is_some_and(|s| s.iter().any(|x| x == subject.as_str())),
            "subject {subject} missing from {subjects}"
        );
        let v = registry_get(&url, &format!("/subjects/{subject}/versions/latest"));
        v["id"].as_u64().expect("id") as u32
    };
    let alert_id = latest_id(topics::ALERTS);
    let claim_id = latest_id(topics::CLAIMS);
    let raw_id = latest_id(topics::ARTICLES_RAW);
    let article_id = latest_id(topics::ARTICLES);
    assert_eq!(
        HashSet::from([alert_id, claim_id, raw_id, article_id]).len(),
        4,
        "four schemas, four ids"
    );
    // The alerting service read the extracted articles through the registry.
    let article_codec = Codec::<claimwatch_model::ArticleEvent>::new()
        .unwrap()
        .with_registry(registry.clone());
    let framed: Vec<Option<u32>> = read_all(topics::ARTICLES)
        .into_iter()
        .filter_map(|r| {
            let p = r.payload?;
            article_codec.decode(&p).ok()?;
            Some(confluent_id(&p))
        })
        .collect();
    assert!(!framed.is_empty(), "no articles read back");
    assert!(framed.contains(&Some(article_id)));

    // Every alert, claim and article of ours is Confluent-framed with its subject's id.
    for (payload, a) in &alerts {
        assert_eq!(
            confluent_id(payload),
            Some(alert_id),
            "alert {} framing: {:02x?}",
            a.alert_id,
            &payload[..payload.len().min(10)]
        );
        assert_eq!(a.watch_topic_id, "dprk-workers-russia");
        assert!(!a.highlights.is_empty());
    }
    let claim_codec = Codec::<ClaimEvent>::new()
        .unwrap()
        .with_registry(registry.clone());
    let alerted_articles: HashSet<&str> =
        alerts.iter().map(|(_, a)| a.article_id.as_str()).collect();
    let claims: Vec<(Option<u32>, ClaimEvent)> = read_all(topics::CLAIMS)
        .into_iter()
        .filter_map(|r| {
            let p = r.payload?;
            Some((confluent_id(&p), claim_codec.decode(&p).ok()?))
        })
        .filter(|(_, c)| alerted_articles.contains(c.article_id.as_str()))
        .collect();
    assert!(!claims.is_empty(), "no claims of the alerted articles");
    assert!(
        claims.iter().all(|(id, _)| *id == Some(claim_id)),
        "claims not framed with id {claim_id}: {:?}",
        claims.iter().map(|(id, _)| id).collect::<Vec<_>>()
    );
    let raw_codec = Codec::<RawArticle>::new()
        .unwrap()
        .with_registry(registry.clone());
    let raws: Vec<Option<u32>> = read_all(topics::ARTICLES_RAW)
        .into_iter()
        .filter_map(|r| {
            let p = r.payload?;
            let a = raw_codec.decode(&p).ok()?;
            ours.contains(&a.url).then(|| confluent_id(&p))
        })
        .collect();
    assert_eq!(raws.len(), ours.len(), "each sample published once");
    assert!(raws.iter().all(|id| *id == Some(raw_id)), "{raws:?}");

    // Poison in registry framing goes to the DLQ, named by its error kind; the extractor goes on.
    let tag = work.file_name().unwrap().to_string_lossy().to_string();
    let unknown_key = format!("unknown-id-{tag}");
    produce(
        topics::ARTICLES_RAW,
        &unknown_key,
        &[0, 0x7f, 0xff, 0xff, 0xf0, 2, 4, 6, 8],
    );
    let foreign_key = format!("foreign-id-{tag}");
    let mut foreign = vec![0];
    foreign.extend_from_slice(&alert_id.to_be_bytes());
    foreign.extend_from_slice(&[2, 4, 6, 8]);
    produce(topics::ARTICLES_RAW, &foreign_key, &foreign);
    let dlq = topics::dlq(topics::ARTICLES_RAW);
    for (key, kind, says) in [
        (&unknown_key, "unknown_schema_id", "schema id 2147483632"),
        (&foreign_key, "fingerprint_mismatch", "RawArticle"),
    ] {
        let dead = wait_for(Duration::from_secs(60), || {
            read_all(&dlq)
                .into_iter()
                .find(|r| r.key.as_deref() == Some(key.as_bytes()))
        })
        .unwrap_or_else(|| panic!("{key} not dead-lettered\n{}", extractor.log_text()));
        let headers: HashMap<String, String> = dead
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
            .collect();
        assert_eq!(headers[H_KIND], kind, "{headers:?}");
        assert_eq!(headers[H_STAGE], "extractor");
        assert!(headers[H_MESSAGE].contains(says), "{headers:?}");
    }
    assert!(
        extractor.is_running(),
        "extractor died on poison:\n{}",
        extractor.log_text()
    );

    // The notifier decoded our registry-framed alerts and delivered them.
    for (_, a) in &alerts {
        wait_for(Duration::from_secs(60), || {
            hook.bodies()
                .iter()
                .any(|b| b.contains(&a.article_url))
                .then_some(())
        })
        .unwrap_or_else(|| {
            panic!(
                "webhook did not deliver alert {} ({} bodies received)\n{}",
                a.alert_id,
                hook.bodies().len(),
                notifier.log_text()
            )
        });
    }

    // The services said which ids they registered.
    for svc in [&fetcher, &extractor, &alerting] {
        assert!(
            svc.log_text().contains("schema registered"),
            "{} did not log its registration:\n{}",
            svc.name,
            svc.log_text()
        );
    }
    for svc in [&mut fetcher, &mut extractor, &mut alerting, &mut notifier] {
        let status = svc.terminate(Duration::from_secs(30));
        assert!(
            status.is_some_and(|s| s.success()),
            "{} did not exit 0 on SIGTERM: {status:?}\n{}",
            svc.name,
            svc.log_text()
        );
    }

    // `claimwatch tail` decodes them through the registry; without one it says why it cannot.
    let tail = |registry: Option<&str>| {
        let mut cmd = std::process::Command::new(bin("claimwatch"));
        cmd.args([
            "tail",
            topics::ALERTS,
            "--from-beginning",
            "--no-follow",
            "--json",
            "--timeout-secs",
            "60",
        ])
        .env("CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS", bootstrap())
        .env_remove("CLAIMWATCH_SCHEMA_REGISTRY_URL");
        if let Some(r) = registry {
            cmd.env("CLAIMWATCH_SCHEMA_REGISTRY_URL", r);
        }
        let out = cmd.output().expect("run tail");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON line"))
            .collect::<Vec<_>>()
    };
    let decoded = tail(Some(&url));
    for (_, a) in &alerts {
        let line = decoded
            .iter()
            .find(|v| v["alert_id"] == a.alert_id.as_str())
            .unwrap_or_else(|| panic!("tail did not decode alert {}", a.alert_id));
        assert_eq!(line["article_url"], a.article_url.as_str());
    }
    let undecoded = tail(None);
    assert!(
        undecoded.iter().any(|v| v["error"]
            .as_str()
            .is_some_and(|e| e.contains("no schema registry is configured"))),
        "tail without a registry should name the missing registry"
    );

    // `claimwatch backfill` reads the articles log in both framings with the registry; without
    // it our Confluent-framed articles are counted as undecodable.
    let undecodable = |registry: Option<&str>| -> u64 {
        let mut cmd = std::process::Command::new(bin("claimwatch"));
        cmd.args(["backfill", "--topic", "dprk-workers-russia", "--watch-file"])
            .arg(repo_root().join("samples/watch-topics.toml"))
            .env("CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS", bootstrap())
            .env_remove("CLAIMWATCH_SCHEMA_REGISTRY_URL");
        if let Some(r) = registry {
            cmd.env("CLAIMWATCH_SCHEMA_REGISTRY_URL", r);
        }
        let out = cmd.output().expect("run backfill");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "backfill failed: {said}");
        said.split(" undecodable")
            .next()
            .and_then(|s| s.rsplit(' ').next()?.parse().ok())
            .unwrap_or_else(|| panic!("no undecodable count in: {said}"))
    };
    assert_eq!(undecodable(Some(&url)), 0, "backfill with the registry");
    let registry_framed = framed.iter().filter(|id| id.is_some()).count() as u64;
    assert!(
        undecodable(None) >= registry_framed,
        "backfill without a registry cannot read registry-framed articles"
    );

    // A third-party client decodes our alerts through the registry alone.
    let kcat_has_avro = std::process::Command::new("kcat")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("Avro"))
        .unwrap_or(false);
    let python = std::env::var("CLAIMWATCH_TEST_PYTHON").unwrap_or_else(|_| {
        panic!("CLAIMWATCH_TEST_PYTHON is not set: `make test` points it at the venv with confluent-kafka")
    });
    let out = output_within(
        std::process::Command::new(python)
            .arg(repo_root().join("tests/interop/decode_alerts_registry.py"))
            .arg(bootstrap())
            .arg(topics::ALERTS)
            .arg(&url)
            .arg("60"),
        Duration::from_secs(120),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "confluent-kafka AvroDeserializer failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (_, a) in &alerts {
        let v: serde_json::Value = stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["alert"]["alert_id"] == a.alert_id.as_str())
            .unwrap_or_else(|| {
                panic!(
                    "alert {} not decoded by AvroDeserializer:\n{stdout}",
                    a.alert_id
                )
            });
        assert_eq!(v["schema_id"], alert_id);
        assert_eq!(v["alert"]["article_url"], a.article_url.as_str());
        assert_eq!(
            v["alert"]["matched_terms"],
            serde_json::json!(a.matched_terms)
        );
        assert_eq!(
            v["alert"]["highlights"].as_array().map(Vec::len),
            Some(a.highlights.len())
        );
    }
    eprintln!(
        "registry: third-party decoding with confluent-kafka's AvroDeserializer ok (kcat {} Avro support)",
        if kcat_has_avro { "has" } else { "lacks" }
    );
    if kcat_has_avro {
        // Debian's kcat is built without Avro (libserdes); where it has it, check it too.
        let out = std::process::Command::new("kcat")
            .args(["-C", "-b", &bootstrap(), "-t", topics::ALERTS])
            .args(["-s", "value=avro", "-r", &url, "-e", "-q", "-f", "%s\n"])
            .args(["-X", "isolation.level=read_committed"])
            .output()
            .expect("run kcat");
        let text = String::from_utf8_lossy(&out.stdout);
        for (_, a) in &alerts {
            assert!(
                text.contains(&a.alert_id),
                "kcat did not decode {}:\n{text}",
                a.alert_id
            );
        }
    }
    eprintln!(
        "registry: test took {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

/// A registry that cannot be reached stops a service at start, after the broker timeout, with
/// an error naming the registry; a malformed registry URL is an invalid configuration.
#[test]
fn unreachable_registry_fails_startup_clearly() {
    let dead = format!("http://127.0.0.1:{}", free_port());
    let started = std::time::Instant::now();
    let out = std::process::Command::new(bin("claimwatch-extractor"))
        .current_dir(repo_root())
        .env("CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS", bootstrap())
        .env("CLAIMWATCH_SCHEMA_REGISTRY_URL", &dead)
        .env("CLAIMWATCH_BROKER_TIMEOUT_SECS", "3")
        .env("CLAIMWATCH_CREATE_TOPICS", "false")
        .env("CLAIMWATCH_METRICS_ADDR", "off")
        .env("CLAIMWATCH_LOG_FORMAT", "text")
        .output()
        .expect("run extractor");
    let took = started.elapsed();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "exit status {:?}", out.status);
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(40),
        "took {took:?}"
    );
    assert!(
        said.contains("schema registry unreachable")
            && said.contains("claimwatch.articles.v1-value"),
        "output does not name the problem: {said}"
    );

    let out = std::process::Command::new(bin("claimwatch-alerting"))
        .current_dir(repo_root())
        .env("CLAIMWATCH_SCHEMA_REGISTRY_URL", "registry:8081")
        .output()
        .expect("run alerting");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("invalid schema registry URL"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
