//! Exactly-once under SIGKILL: kill the extractor (then the alerting service) in the middle of
//! a 1,200-article run, restart it with the same transactional id, and count ids on the output
//! topic as a `read_committed` reader: every expected id exactly once, none missing.
//!
//! The same crash with `CLAIMWATCH_PROCESSING_GUARANTEE=at_least_once`, killed after outputs
//! are visible and before any offset commit, duplicates outputs for certain: the second test
//! shows that the checker the first one relies on reports them.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use claimwatch_alerting::AlertProcessor;
use claimwatch_extractor::ExtractProcessor;
use claimwatch_model::{ids, topics, Alert, ArticleEvent, ClaimEvent, RawArticle};
use claimwatch_schema::Codec;

use crate::harness::*;

const ARTICLES: usize = 1200;

/// Article `i` of the exactly-once run: one sentence that fires `dprk-workers-russia` and one
/// that yields a second claim.
fn dprk_article(i: usize) -> String {
    format!(
        "<html><head><title>Report {i}</title></head><body><article>\
         <p>North Korea sent {n} workers to a Russian shipyard in week {i}, a regional official said.</p>\
         <p>Officials in Pyongyang did not comment on shipment {i}.</p>\
         </article></body></html>",
        n = 10 + i
    )
}

/// Article `i` of the at-least-once run: two claims, as in [`dprk_article`], that fire no
/// shipped watch topic and share no story with it (the alerting half of the other test reads
/// them too).
fn port_article(i: usize) -> String {
    format!(
        "<html><head><title>Harbour log {i}</title></head><body><article>\
         <p>Customs officers in Japan weighed {n} containers of bicycle frames on day {i}, a harbour official said.</p>\
         <p>Officials in Canada did not comment on delivery {i}.</p>\
         </article></body></html>",
        n = 40 + i
    )
}

/// Write `n` articles `html(0..n)`.
fn write_articles(dir: &Path, n: usize, html: impl Fn(usize) -> String) {
    for i in 0..n {
        std::fs::write(dir.join(format!("a{i:05}.html")), html(i)).unwrap();
    }
}

/// The articles and claims the pipeline must produce, computed with the same pure code as the
/// service.
fn expected_events(dir: &Path, n: usize) -> (Vec<ArticleEvent>, Vec<ClaimEvent>) {
    let p = ExtractProcessor::new().unwrap();
    let mut out = Vec::new();
    let mut articles = Vec::new();
    for i in 0..n {
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

/// What the checker found: expected ids missing, ids seen more than once, ids not expected.
#[derive(Debug)]
struct Report {
    missing: usize,
    duplicated: Vec<(String, usize)>,
    unexpected: usize,
}

impl Report {
    fn of(found: &HashMap<String, usize>, expected: &HashSet<String>) -> Report {
        let mut duplicated: Vec<(String, usize)> = found
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(id, n)| (id.clone(), *n))
            .collect();
        duplicated.sort();
        Report {
            missing: expected
                .iter()
                .filter(|id| !found.contains_key(*id))
                .count(),
            duplicated,
            unexpected: found.keys().filter(|id| !expected.contains(*id)).count(),
        }
    }

    /// `Ok` when every expected id is there exactly once and nothing else is.
    fn verdict(&self, what: &str) -> Result<(), String> {
        let mut faults = Vec::new();
        if self.missing > 0 {
            faults.push(format!("{} {what} missing", self.missing));
        }
        if let Some(first) = self.duplicated.first() {
            faults.push(format!(
                "{} {what} duplicated, e.g. {first:?}",
                self.duplicated.len()
            ));
        }
        if self.unexpected > 0 {
            faults.push(format!("{} unexpected {what}", self.unexpected));
        }
        if faults.is_empty() {
            Ok(())
        } else {
            Err(faults.join("; "))
        }
    }
}

fn assert_exactly_once(found: &HashMap<String, usize>, expected: &HashSet<String>, what: &str) {
    if let Err(e) = Report::of(found, expected).verdict(what) {
        panic!("not exactly once: {e}");
    }
}

#[test]
fn sigkill_mid_batch_loses_and_duplicates_nothing() {
    ensure_topics();
    let work = temp_dir("eos");
    let articles = work.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    write_articles(&articles, ARTICLES, dprk_article);
    let (expected_articles, expected) = expected_events(&articles, ARTICLES);
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
        // Claim ids are counted on claimwatch.claims.v1 (off by default).
        ("CLAIMWATCH_EXTRACTOR_LEGACY_CLAIMS", "true".to_string()),
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

/// Outputs visible before the kill, none of their input offsets committed: the restarted
/// instance processes the same records again.
#[test]
fn at_least_once_sigkill_before_the_commit_duplicates_and_the_checker_reports_it() {
    const N: usize = 300;
    ensure_topics();
    let work = temp_dir("alo");
    let articles = work.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    write_articles(&articles, N, port_article);
    let (_, expected) = expected_events(&articles, N);
    let ours: HashSet<String> = expected.iter().map(|c| c.article_id.clone()).collect();
    let expected_claim_ids: HashSet<String> = expected.iter().map(|c| c.claim_id.clone()).collect();
    assert!(
        expected_claim_ids.len() >= N,
        "{} claims from {N} articles",
        expected_claim_ids.len()
    );
    let claim_codec = Codec::<ClaimEvent>::new().unwrap();
    let claim_ids = || {
        count_ids(topics::CLAIMS, &claim_codec, |c| {
            ours.contains(&c.article_id).then(|| c.claim_id.clone())
        })
    };

    let group = "it-alo-extractor-group";
    start_group_at_end(group, topics::ARTICLES_RAW);
    let env = [
        ("CLAIMWATCH_EXTRACTOR_GROUP_ID", group.to_string()),
        (
            "CLAIMWATCH_EXTRACTOR_TRANSACTIONAL_ID",
            "it-alo-extractor".to_string(),
        ),
        ("CLAIMWATCH_EXTRACTOR_BATCH_MAX", "25".to_string()),
        ("CLAIMWATCH_KAFKA_SESSION_TIMEOUT_MS", "6000".to_string()),
        // Claim ids are counted on claimwatch.claims.v1 (off by default).
        ("CLAIMWATCH_EXTRACTOR_LEGACY_CLAIMS", "true".to_string()),
        (
            "CLAIMWATCH_PROCESSING_GUARANTEE",
            "at_least_once".to_string(),
        ),
        // No commit within the test but at a clean stop.
        ("CLAIMWATCH_COMMIT_INTERVAL_MS", "3600000".to_string()),
    ];
    publish_dir_once(&work, "it-alo", &articles, Duration::from_secs(120));

    let mut extractor = Service::start("claimwatch-extractor", &[], &env, &work);
    wait_for(Duration::from_secs(120), || {
        (claim_ids().len() >= expected_claim_ids.len() / 10).then_some(())
    })
    .unwrap_or_else(|| panic!("extractor made no progress\n{}", extractor.log_text()));
    let committed = extractor
        .metric(r#"claimwatch_stage_records_committed_total{stage="extractor"}"#)
        .unwrap_or(0.0);
    assert_eq!(committed, 0.0, "an offset was committed before the kill");
    extractor.kill();
    let at_kill = claim_ids();
    assert!(!at_kill.is_empty());

    let mut extractor = Service::start("claimwatch-extractor", &[], &env, &work);
    let found = wait_for(Duration::from_secs(180), || {
        let found = claim_ids();
        let complete = found.len() >= expected_claim_ids.len()
            && at_kill
                .keys()
                .all(|id| found.get(id).is_some_and(|n| *n >= 2));
        complete.then_some(found)
    })
    .unwrap_or_else(|| panic!("claims incomplete after restart\n{}", extractor.log_text()));
    let report = Report::of(&found, &expected_claim_ids);
    let verdict = report.verdict("claims");
    eprintln!(
        "at_least_once: {} claims visible at the kill; after restart the checker says {verdict:?}",
        at_kill.len()
    );
    assert_eq!(report.missing, 0, "at_least_once lost claims");
    assert_eq!(report.unexpected, 0);
    assert!(
        report.duplicated.len() >= at_kill.len(),
        "every claim visible at the kill is produced again: {report:?}"
    );
    let e = verdict.expect_err("the checker must report the duplicates");
    assert!(e.contains("claims duplicated"), "{e}");
    // A clean stop commits what was delivered.
    assert!(extractor
        .terminate(Duration::from_secs(30))
        .is_some_and(|s| s.success()));
}
