//! The three services as OS processes against the real broker: articles dropped in a folder
//! come out as alerts; metrics endpoints pass `promtool check metrics`; SIGTERM exits cleanly.

use std::collections::HashSet;
use std::time::Duration;

use claimwatch_model::{topics, Alert};
use claimwatch_schema::Codec;

use crate::harness::*;

#[test]
fn dir_source_to_alert_through_three_processes() {
    let work = temp_dir("pipeline");
    let articles = sample_articles(&work);
    let Pipeline {
        mut fetcher,
        mut extractor,
        mut alerting,
    } = Pipeline::start(&work, "pipeline", &articles, &[], &[]);

    let ours: HashSet<String> = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| file_url(&e.unwrap().path()))
        .collect();
    let positive = file_url(&articles.join("01-dprk-workers-russia.html"));
    let positive_ru = file_url(&articles.join("02-dprk-workers-russia-ru.html"));
    let codec = Codec::<Alert>::new().unwrap();
    let mine = || -> Vec<Alert> {
        read_all(topics::ALERTS)
            .into_iter()
            .filter_map(|r| codec.decode(r.payload.as_deref()?).ok())
            .filter(|a| ours.contains(&a.article_url))
            // The samples' other topic (German port strikes) is checked by the demo test.
            .filter(|a| a.watch_topic_id == "dprk-workers-russia")
            .collect()
    };
    let alerts = wait_for(Duration::from_secs(90), || {
        let a = mine();
        let urls: HashSet<&str> = a.iter().map(|x| x.article_url.as_str()).collect();
        (urls.contains(positive.as_str()) && urls.contains(positive_ru.as_str())).then_some(a)
    })
    .unwrap_or_else(|| {
        panic!(
            "no alert for the positive samples within 90 s\nfetcher:\n{}\nextractor:\n{}\nalerting:\n{}",
            fetcher.log_text(),
            extractor.log_text(),
            alerting.log_text()
        )
    });
    for a in &alerts {
        assert_eq!(a.watch_topic_id, "dprk-workers-russia");
        assert!(
            a.article_url == positive || a.article_url == positive_ru,
            "near-miss article fired: {} ({:?})",
            a.article_url,
            a.matched_claims
        );
        assert!(!a.matched_claims.is_empty());
        // Every highlight points into one of the alert's claims.
        assert!(!a.highlights.is_empty(), "no highlights: {a:?}");
        for h in &a.highlights {
            let c = a
                .matched_claims
                .iter()
                .find(|c| c.claim_id == h.claim_id)
                .unwrap();
            assert!(c
                .text
                .get(h.start as usize..h.end as usize)
                .is_some_and(|s| !s.is_empty()));
        }
    }

    // Metrics: each endpoint answers and passes promtool; health and readiness answer.
    for svc in [&fetcher, &extractor, &alerting] {
        let (status, body) = svc.http_get("/metrics").expect("metrics endpoint answers");
        assert_eq!(status, 200, "{} /metrics", svc.name);
        assert!(
            body.contains("claimwatch_build_info"),
            "{}: {body}",
            svc.name
        );
        assert!(
            body.contains("claimwatch_stage_messages_in_total"),
            "{}",
            svc.name
        );
        promtool_check(&body).unwrap_or_else(|e| panic!("{}: promtool: {e}", svc.name));
        assert_eq!(svc.http_get("/healthz").map(|x| x.0), Some(200));
        assert_eq!(svc.http_get("/readyz").map(|x| x.0), Some(200));
    }
    let (_, ex_metrics) = extractor.http_get("/metrics").unwrap();
    assert!(ex_metrics.contains("claimwatch_extractor_claims_total"));

    // An unchanged folder is not republished on the next scans; a changed file is.
    let published = |svc: &Service| -> u64 {
        let (_, body) = svc.http_get("/metrics").unwrap();
        body.lines()
            .find(|l| l.starts_with("claimwatch_fetcher_articles_published_total"))
            .and_then(|l| l.split_whitespace().last()?.parse().ok())
            .unwrap_or(0)
    };
    let before = published(&fetcher);
    assert_eq!(before as usize, ours.len(), "each file published once");
    std::thread::sleep(Duration::from_secs(5)); // at least two more scans
    assert_eq!(
        published(&fetcher),
        before,
        "unchanged files were republished"
    );
    std::fs::write(
        articles.join("05-football.html"),
        "<html><body><article><p>Updated: the final was postponed.</p></article></body></html>",
    )
    .unwrap();
    assert!(
        wait_for(Duration::from_secs(20), || (published(&fetcher)
            == before + 1)
            .then_some(()))
        .is_some(),
        "changed file not republished"
    );

    // Graceful shutdown on SIGTERM: exit status 0 within a bounded time.
    for svc in [&mut fetcher, &mut extractor, &mut alerting] {
        let status = svc.terminate(Duration::from_secs(30));
        assert!(
            status.is_some_and(|s| s.success()),
            "{} did not exit 0 on SIGTERM: {status:?}\n{}",
            svc.name,
            svc.log_text()
        );
    }

    // `claimwatch tail` shows alerts for people by default and as JSON with --json.
    let tail = |extra: &[&str]| {
        let out = std::process::Command::new(bin("claimwatch"))
            .args([
                "tail",
                topics::ALERTS,
                "--from-beginning",
                "--no-follow",
                "--timeout-secs",
                "60",
            ])
            .args(extra)
            .env("CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS", bootstrap())
            .output()
            .expect("run tail");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let human = tail(&[]);
    assert!(human.contains("[high] dprk-workers-russia v"), "{human}");
    assert!(human.contains(&positive), "{human}");
    let json = tail(&["--json"]);
    let decoded: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert!(decoded
        .iter()
        .any(|a| a["article_url"] == positive.as_str()));

    // The JSON mirror carries the same alerts, readable with any Kafka client.
    let avro_ids: std::collections::HashSet<String> =
        alerts.iter().map(|a| a.alert_id.clone()).collect();
    let mirrored: std::collections::HashSet<String> = read_all(topics::ALERTS_JSON)
        .into_iter()
        .filter_map(|r| serde_json::from_slice::<serde_json::Value>(r.payload.as_deref()?).ok())
        .filter_map(|v| v["alert_id"].as_str().map(str::to_string))
        .collect();
    assert!(
        avro_ids.is_subset(&mirrored),
        "JSON mirror lacks {:?}",
        avro_ids.difference(&mirrored)
    );

    // Replay: rewind the stopped alerting group over the whole articles log and run it again.
    // Every claim is matched again, and no alert is repeated.
    let before = mine().len();
    let out = std::process::Command::new(bin("claimwatch"))
        .args([
            "replay",
            "--group",
            &alerting_group("pipeline"),
            "--topic",
            topics::ARTICLES,
        ])
        .env("CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS", bootstrap())
        .output()
        .expect("run replay");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && said.contains("rewound"), "{said}");
    let mut again = Service::start("claimwatch-alerting", &[], &alerting_env("pipeline"), &work);
    let replayed = r#"claimwatch_alerting_suppressed_total{reason="already_fired"}"#;
    wait_for(Duration::from_secs(60), || {
        again.metric(replayed).filter(|n| *n >= before as f64)
    })
    .unwrap_or_else(|| {
        panic!(
            "replayed claims were not matched again\n{}",
            again.log_text()
        )
    });
    assert_eq!(mine().len(), before, "replay repeated alerts");
    again.terminate(Duration::from_secs(30));
}
