//! Exactly-once under SIGKILL: kill the extractor (then the alerting service) in the middle of
//! a 1,200-article run, restart it with the same transactional id, and count ids on the output
//! topic as a `read_committed` reader: every expected id exactly once, none missing.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use claimwatch_alerting::AlertProcessor;
use claimwatch_extractor::ExtractProcessor;
use claimwatch_model::{ids, topics, Alert, ArticleEvent, ClaimEvent, RawArticle};
use claimwatch_schema::Codec;

use crate::harness::*;

const ARTICLES: usize = 1200;

/// Write the articles; each has one sentence that fires `dprk-workers-russia` and one that
/// yields a second claim.
fn write_articles(dir: &Path) {
    for i in 0..ARTICLES {
        let html = format!(
            "<html><head><title>Report {i}</title></head><body><article>\
             <p>North Korea sent {n} workers to a Russian shipyard in week {i}, a regional official said.</p>\
             <p>Officials in Pyongyang did not comment on shipment {i}.</p>\
             </article></body></html>",
            n = 10 + i
        );
        std::fs::write(dir.join(format!("a{i:05}.html")), html).unwrap();
    }
}

/// The articles and claims the pipeline must produce, computed with the same pure code as the
/// service.
fn expected_events(dir: &Path) -> (Vec<ArticleEvent>, Vec<ClaimEvent>) {
    let p = ExtractProcessor::new().unwrap();
    let mut out = Vec::new();
    let mut articles = Vec::new();
    for i in 0..ARTICLES {
        let path = dir.join(format!("a{i:05}.html"));
        let url = file_url(&path);
        let body = std::fs::read(&path).unwrap();
        let raw = RawArticle {
            article_id: ids::article_id(&url),
            url: url.clone(),
            canonical_url: url,
            source_id: "it-eos".into(),
            fetched_at: 0,
            http_status: None,
            content_type: Some("text/html".into()),
            declared_charset: None,
            language_hint: None,
            content_hash: ids::sha256_hex(&body),
            body,
        };
        out.extend(p.claims_for(&raw).unwrap());
        articles.extend(p.article_for(&raw).unwrap());
    }
    (articles, out)
}

fn count_ids<T>(
    topic: &str,
    codec: &Codec<T>,
    id: impl Fn(&T) -> Option<String>,
) -> HashMap<String, usize>
where
    T: claimwatch_schema::Event,
{
    counts(
        read_all(topic)
            .into_iter()
            .filter_map(|r| codec.decode(r.payload.as_deref()?).ok())
            .filter_map(|e| id(&e)),
    )
}

fn assert_exactly_once(found: &HashMap<String, usize>, expected: &HashSet<String>, what: &str) {
    let missing = expected
        .iter()
        .filter(|id| !found.contains_key(*id))
        .count();
    let duplicated: Vec<_> = found.iter().filter(|(_, n)| **n > 1).collect();
    assert_eq!(missing, 0, "{missing} {what} missing");
    assert!(
        duplicated.is_empty(),
        "{} {what} duplicated, e.g. {:?}",
        duplicated.len(),
        duplicated.first()
    );
    assert_eq!(found.len(), expected.len(), "unexpected extra {what}");
}

#[test]
fn sigkill_mid_batch_loses_and_duplicates_nothing() {
    ensure_topics();
    let work = temp_dir("eos");
    let articles = work.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    write_articles(&articles);
    let (expected_articles, expected) = expected_events(&articles);
    let ours: HashSet<String> = expected.iter().map(|c| c.article_id.clone()).collect();
    let expected_claim_ids: HashSet<String> = expected.iter().map(|c| c.claim_id.clone()).collect();
    assert!(
        expected_claim_ids.len() >= ARTICLES,
        "each article yields claims"
    );

    let watch = repo_root().join("samples/watch-topics.toml");
    let watch_src = std::fs::read_to_string(&watch).unwrap();
    let set = claimwatch_alerting::compile_watch_file(&watch_src, "watch").unwrap();
    let expected_alert_ids: HashSet<String> = AlertProcessor::new(set)
        .unwrap()
        .alerts_for(&expected_articles)
        .into_iter()
        .map(|a| a.alert_id)
        .collect();
    assert_eq!(expected_alert_ids.len(), ARTICLES, "one alert per article");

    let claim_codec = Codec::<ClaimEvent>::new().unwrap();
    let article_codec = Codec::<ArticleEvent>::new().unwrap();
    let expected_article_ids: HashSet<String> = expected_articles
        .iter()
        .map(|a| a.article_id.clone())
        .collect();
    let article_ids = || {
        count_ids(topics::ARTICLES, &article_codec, |a| {
            ours.contains(&a.article_id).then(|| a.article_id.clone())
        })
    };
    let alert_codec = Codec::<Alert>::new().unwrap();
    let claim_ids = || {
        count_ids(topics::CLAIMS, &claim_codec, |c| {
            ours.contains(&c.article_id).then(|| c.claim_id.clone())
        })
    };
    let alert_ids = || {
        count_ids(topics::ALERTS, &alert_codec, |a| {
            ours.contains(&a.article_id).then(|| a.alert_id.clone())
        })
    };

    let extractor_env = [
        (
            "CLAIMWATCH_EXTRACTOR_TRANSACTIONAL_ID",
            "it-eos-extractor".to_string(),
        ),
        ("CLAIMWATCH_EXTRACTOR_BATCH_MAX", "25".to_string()),
        ("CLAIMWATCH_KAFKA_SESSION_TIMEOUT_MS", "6000".to_string()),
    ];
    // Publish the whole backlog first, so the extractor has a long run to be killed in.
    publish_dir_once(&work, "it-eos", &articles, Duration::from_secs(120));

    // Kill the extractor (SIGKILL) once part of the backlog is committed; it is then almost
    // certainly inside its next transaction.
    let mut extractor = Service::start("claimwatch-extractor", &[], &extractor_env, &work);
    let committed = r#"claimwatch_stage_records_committed_total{stage="extractor"}"#;
    let at_kill = wait_for_every(Duration::from_secs(120), Duration::from_millis(10), || {
        let n = extractor.metric(committed)?;
        (n >= (ARTICLES / 10) as f64).then_some(n)
    })
    .unwrap_or_else(|| {
        panic!(
            "extractor made no progress: metrics {:?}, {} claims visible\n{}",
            extractor.http_get("/metrics").map(|(s, b)| (
                s,
                b.lines()
                    .filter(|l| l.contains("committed") || l.contains("messages_in"))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            claim_ids().len(),
            extractor.log_text()
        )
    });
    extractor.kill();
    let after_kill = claim_ids().len();
    assert!(
        after_kill < expected_claim_ids.len(),
        "the extractor finished before it was killed ({after_kill} claims); the test proves nothing"
    );

    let mut extractor = Service::start("claimwatch-extractor", &[], &extractor_env, &work);
    let done = wait_for(Duration::from_secs(180), || {
        let found = claim_ids();
        (found.len() >= expected_claim_ids.len()).then_some(found)
    })
    .unwrap_or_else(|| panic!("claims incomplete after restart\n{}", extractor.log_text()));
    std::thread::sleep(Duration::from_secs(2)); // anything late would show up now
    let found = claim_ids();
    assert_eq!(found.len(), done.len());
    assert_exactly_once(&found, &expected_claim_ids, "claims");
    // The articles topic was written in the same transactions.
    assert_exactly_once(&article_ids(), &expected_article_ids, "articles");
    eprintln!(
        "extractor killed at {at_kill}..{after_kill} of {} claims; exactly once after restart",
        expected_claim_ids.len()
    );

    // Same for the alerting service.
    let alerting_env = [
        (
            "CLAIMWATCH_ALERTING_TRANSACTIONAL_ID",
            "it-eos-alerting".to_string(),
        ),
        ("CLAIMWATCH_ALERTING_BATCH_MAX", "20".to_string()),
        (
            "CLAIMWATCH_ALERTING_WATCH_FILE",
            watch.display().to_string(),
        ),
        ("CLAIMWATCH_KAFKA_SESSION_TIMEOUT_MS", "6000".to_string()),
    ];
    let mut alerting = Service::start("claimwatch-alerting", &[], &alerting_env, &work);
    let committed = r#"claimwatch_stage_records_committed_total{stage="alerting"}"#;
    let at_kill = wait_for_every(Duration::from_secs(120), Duration::from_millis(10), || {
        let n = alerting.metric(committed)?;
        (n >= (ARTICLES / 5) as f64).then_some(n)
    })
    .unwrap_or_else(|| panic!("alerting made no progress\n{}", alerting.log_text()));
    alerting.kill();
    let after_kill = alert_ids().len();
    assert!(
        after_kill < ARTICLES,
        "alerting finished before it was killed; the test proves nothing"
    );
    let mut alerting = Service::start("claimwatch-alerting", &[], &alerting_env, &work);
    wait_for(Duration::from_secs(180), || {
        (alert_ids().len() >= ARTICLES).then_some(())
    })
    .unwrap_or_else(|| panic!("alerts incomplete after restart\n{}", alerting.log_text()));
    std::thread::sleep(Duration::from_secs(2));
    assert_exactly_once(&alert_ids(), &expected_alert_ids, "alerts");
    eprintln!(
        "alerting killed after {at_kill} committed records ({after_kill} of {ARTICLES} alerts visible); exactly once after restart"
    );

    extractor.terminate(Duration::from_secs(30));
    alerting.terminate(Duration::from_secs(30));
}
