//! Event-sourced watch topics and backfill, against the real broker: topics published with
//! `claimwatch watch add|update|rm` change what a running alerting service fires on, without a
//! restart; `claimwatch backfill` runs one topic over thousands of retained claims.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use claimwatch_kafka::rdkafka::consumer::{BaseConsumer, Consumer};
use claimwatch_kafka::rdkafka::producer::{FutureProducer, FutureRecord};
use claimwatch_kafka::rdkafka::{Offset, TopicPartitionList};
use claimwatch_model::{topics, Alert, ArticleEvent, ClaimEvent, EntityMention};
use claimwatch_schema::Codec;

use crate::harness::*;

pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A claim naming North Korea, in an article of its own (`body` gives the story signature).
pub(crate) fn claim(
    tag: &str,
    article: &str,
    source: &str,
    text: &str,
    body: &str,
    fetched_at: i64,
) -> ClaimEvent {
    let surface = "North Korea";
    let start = text.find(surface).expect("claim names North Korea");
    ClaimEvent {
        article_title: Some(format!("{article} ({tag})")),
        entities: vec![EntityMention {
            id: "north-korea".into(),
            surface: surface.into(),
            start: start as i32,
            end: (start + surface.len()) as i32,
        }],
        fetched_at,
        story_signature: claimwatch_story::signature(body),
        ..plain_claim(
            &format!("https://{source}.example/{tag}/{article}"),
            source,
            text,
        )
    }
}

/// Each claim as an article of its own on the articles topic, as the extractor writes them;
/// returns the partition each went to.
pub(crate) fn produce_claims(claims: &[ClaimEvent]) -> Vec<i32> {
    let codec = Codec::<ArticleEvent>::new().unwrap();
    let producer: FutureProducer = kafka()
        .config_with(&[("enable.idempotence", "true")])
        .create()
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut pending = Vec::new();
        for c in claims {
            let article = ArticleEvent::from_claims(std::slice::from_ref(c)).remove(0);
            let payload = codec.encode(&article).unwrap();
            // The record's timestamp is the fetch time, as if the pipeline had run then.
            let rec = FutureRecord::to(topics::ARTICLES)
                .key(c.article_id.as_str())
                .payload(&payload)
                .timestamp(c.fetched_at);
            pending.push(producer.send_result(rec).map_err(|(e, _)| e).unwrap());
        }
        let mut partitions = Vec::new();
        for p in pending {
            partitions.push(p.await.unwrap().map_err(|(e, _)| e).unwrap().partition);
        }
        partitions
    })
}

pub(crate) fn alerts_of(topic_id: &str) -> Vec<Alert> {
    let codec = Codec::<Alert>::new().unwrap();
    read_all(topics::ALERTS)
        .into_iter()
        .filter_map(|r| codec.decode(r.payload.as_deref()?).ok())
        .filter(|a| a.watch_topic_id == topic_id)
        .collect()
}

fn topic_file(dir: &Path, name: &str, id: &str, query: &str) -> String {
    let p = dir.join(name);
    std::fs::write(
        &p,
        format!(
            "[[topic]]\nid = \"{id}\"\nname = \"{id}\"\nseverity = \"high\"\nquery = '{query}'\n"
        ),
    )
    .unwrap();
    p.display().to_string()
}

#[test]
fn watch_topic_changes_apply_to_a_running_service() {
    ensure_topics();
    let work = temp_dir("watch-reload");
    let tag = format!("reload{}", now_ms());
    let id = format!("it-{tag}");
    // The service's own file holds an unrelated topic; ours comes only from the log.
    let base = topic_file(&work, "base.toml", "it-base", "zzqqxxnever");
    let group = format!("it-{tag}-group");
    let mut alerting = Service::start(
        "claimwatch-alerting",
        &[],
        &[
            ("CLAIMWATCH_ALERTING_WATCH_FILE", base),
            (
                "CLAIMWATCH_ALERTING_TRANSACTIONAL_ID",
                format!("it-{tag}-alerting"),
            ),
            ("CLAIMWATCH_ALERTING_GROUP_ID", group.clone()),
        ],
        &work,
    );
    let ready = wait_for(Duration::from_secs(90), || {
        alerting
            .http_get("/readyz")
            .filter(|(s, _)| *s == 200)
            .map(|_| ())
    });
    assert!(
        ready.is_some(),
        "alerting not ready:\n{}",
        alerting.log_text()
    );
    let expect_change = |outcome: &str, at_least: f64, what: &str| {
        let seen = wait_for(Duration::from_secs(20), || {
            alerting
                .metric(&format!(
                    "claimwatch_alerting_watch_topic_changes_total{{outcome=\"{outcome}\"}}"
                ))
                .filter(|n| *n >= at_least)
        });
        assert!(seen.is_some(), "{what}:\n{}", alerting.log_text());
    };

    // add: v1 fires on "alpha".
    let v1 = topic_file(&work, "v1.toml", &id, "entity:north-korea alphaword");
    let (ok, out, err) = cli(&["watch", "add", &v1]);
    assert!(ok, "watch add failed: {err}");
    assert_eq!(out.trim(), format!("added {id} v1"));
    let (ok, _, err) = cli(&["watch", "add", &v1]);
    assert!(
        !ok && err.contains("exists"),
        "adding twice must fail: {err}"
    );
    expect_change(
        "upserted",
        1.0,
        "the running service did not pick up the new topic",
    );
    let c1 = claim(
        &tag,
        "a1",
        "s1",
        "North Korea alphaword one.",
        "first body with its own words entirely here",
        now_ms(),
    );
    produce_claims(std::slice::from_ref(&c1));
    let alert_for = |c: &ClaimEvent| {
        wait_for(Duration::from_secs(30), || {
            alerts_of(&id)
                .into_iter()
                .find(|a| a.article_id == c.article_id)
        })
        .unwrap_or_else(|| panic!("no alert for {}:\n{}", c.text, alerting.log_text()))
    };
    let fired = alert_for(&c1);
    assert_eq!(fired.watch_topic_version, 1);

    // update: v2 fires on "beta" and no longer on "alpha". Time from publish to pick-up.
    let v2 = topic_file(&work, "v2.toml", &id, "entity:north-korea betaword");
    let published = Instant::now();
    let (ok, out, err) = cli(&["watch", "update", &v2]);
    assert!(ok, "watch update failed: {err}");
    assert_eq!(out.trim(), format!("updated {id} v2"));
    expect_change("upserted", 2.0, "update not picked up");
    eprintln!(
        "watch-topic update applied {:?} after publishing (upper bound, includes the CLI)",
        published.elapsed()
    );
    let stale = claim(
        &tag,
        "a2",
        "s1",
        "North Korea alphaword two.",
        "second body that says something else",
        now_ms(),
    );
    let fresh = claim(
        &tag,
        "a3",
        "s1",
        "North Korea betaword three.",
        "third body about another thing",
        now_ms(),
    );
    produce_claims(&[stale.clone(), fresh.clone()]);
    let v2_alert = alert_for(&fresh);
    assert_eq!(v2_alert.watch_topic_version, 2);
    assert!(
        v2_alert.explanation.contains("v2"),
        "{}",
        v2_alert.explanation
    );

    let (ok, out, _) = cli(&["watch", "list"]);
    assert!(
        ok && out
            .lines()
            .any(|l| l.starts_with(&id) && l.contains(" v2 ")),
        "{out}"
    );

    // rm: the topic stops firing.
    let (ok, out, err) = cli(&["watch", "rm", &id]);
    assert!(ok, "watch rm failed: {err}");
    assert_eq!(out.trim(), format!("deleted {id}"));
    expect_change("deleted", 1.0, "deletion not picked up");
    let gone = claim(
        &tag,
        "a4",
        "s1",
        "North Korea betaword four.",
        "fourth body on a new matter",
        now_ms(),
    );
    produce_claims(std::slice::from_ref(&gone));
    // Give the service time to process the claim (bounded), then check nothing fired for it
    // nor for the stale claim.
    let processed = wait_for(Duration::from_secs(30), || caught_up(&group).then_some(()));
    assert!(
        processed.is_some(),
        "claims not processed:\n{}",
        alerting.log_text()
    );
    let ours: HashSet<String> = alerts_of(&id).into_iter().map(|a| a.article_id).collect();
    assert!(
        !ours.contains(&stale.article_id),
        "v1 query still applied after update"
    );
    assert!(
        !ours.contains(&gone.article_id),
        "deleted topic still fired"
    );
    let (_, out, _) = cli(&["watch", "list"]);
    assert!(!out.contains(&id), "deleted topic still listed: {out}");

    let status = alerting.terminate(Duration::from_secs(30));
    assert!(
        status.is_some_and(|s| s.success()),
        "{}",
        alerting.log_text()
    );
}

/// Committed offsets of a consumer group on the articles topic (read without joining it).
fn group_offsets(group: &str) -> Vec<(i32, Offset)> {
    let c: BaseConsumer = kafka()
        .config_with(&[("group.id", group)])
        .create()
        .unwrap();
    let md = c
        .fetch_metadata(Some(topics::ARTICLES), Duration::from_secs(10))
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    for p in md.topics()[0].partitions() {
        tpl.add_partition(topics::ARTICLES, p.id());
    }
    let got = c.committed_offsets(tpl, Duration::from_secs(10)).unwrap();
    got.elements()
        .iter()
        .map(|e| (e.partition(), e.offset()))
        .collect()
}

/// Whether the group has committed offsets up to the end of every articles partition.
fn caught_up(group: &str) -> bool {
    let c: BaseConsumer = kafka()
        .config_with(&[("group.id", "it-watermarks")])
        .create()
        .unwrap();
    group_offsets(group).into_iter().all(|(p, committed)| {
        let (_, high) = c
            .fetch_watermarks(topics::ARTICLES, p, Duration::from_secs(10))
            .unwrap();
        matches!(committed, Offset::Offset(o) if o >= high) || high == 0
    })
}

#[test]
fn backfill_runs_a_topic_over_thousands_of_claims() {
    ensure_topics();
    let work = temp_dir("backfill");
    let tag = format!("bf{}", now_ms());
    let id = format!("it-{tag}");
    let keyword = format!("kw{tag}");
    const GROUPS: usize = 120;
    const COPIES: usize = 3;
    const NOISE: usize = 2640;
    let now = now_ms();
    let old = now - 3 * 86_400_000;
    let mut claims = Vec::new();
    // GROUPS stories, each published by COPIES sources with the same wording: one alert each.
    // The first half of the stories is three days old.
    for g in 0..GROUPS {
        let text = format!("North Korea {keyword} story {g} was reported.");
        let body = format!(
            "Story {g} body: {} ends here.",
            (0..40)
                .map(|w| format!("w{g}x{w}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        for c in 0..COPIES {
            let at = if g < GROUPS / 2 { old } else { now };
            claims.push(claim(
                &tag,
                &format!("g{g}c{c}"),
                &format!("src{c}"),
                &text,
                &body,
                at,
            ));
        }
    }
    // Claims the topic must not fire on.
    for n in 0..NOISE {
        let text = format!("North Korea unrelated item {n}.");
        claims.push(claim(
            &tag,
            &format!("n{n}"),
            "noise",
            &text,
            &format!("noise body {n} a b c"),
            now,
        ));
    }
    assert!(claims.len() >= 3000);
    produce_claims(&claims);
    let group_before = group_offsets("claimwatch-alerting");

    let file = topic_file(
        &work,
        "bf.toml",
        &id,
        &format!("entity:north-korea {keyword}"),
    );
    let started = Instant::now();
    let (ok, out, err) = cli(&["backfill", "--topic", &id, "--watch-file", &file]);
    assert!(ok, "backfill failed: {err}");
    eprintln!(
        "backfill over the claims log took {:?}: {}",
        started.elapsed(),
        err.trim()
    );
    let alerts: Vec<Alert> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let story_of = |a: &Alert| {
        let title = a.article_title.clone().unwrap_or_default();
        title.split('c').next().unwrap().to_string()
    };
    let per_story: HashMap<String, usize> = counts(alerts.iter().map(story_of));
    assert_eq!(alerts.len(), GROUPS, "one alert per story: {per_story:?}");
    assert_eq!(per_story.len(), GROUPS);
    assert!(alerts
        .iter()
        .all(|a| a.backfill && a.kind == "alert" && a.watch_topic_version == 1));
    assert!(
        err.contains("records of claimwatch.articles.v1 read"),
        "{err}"
    );
    let full_err = err.clone();
    // "backfill of `id` v1: N records of claimwatch.articles.v1 read, ..." → N
    let claims_read = |summary: &str| -> u64 {
        summary
            .split(": ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no claim count in {summary:?}"))
    };

    // --since keeps only the recent half.
    let (ok, out, err) = cli(&[
        "backfill",
        "--topic",
        &id,
        "--watch-file",
        &file,
        "--since",
        "1d",
    ]);
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), GROUPS / 2);
    // Reading starts at the cutoff by record time (see `reading_from_a_time_skips_older_records`);
    // here, on a topic shared with earlier tests, older records may lie after newer ones, so
    // only the result is checked.
    assert!(claims_read(&err) <= claims_read(&full_err));

    // --to-kafka writes the same alerts to the alerts topic; the live group is untouched.
    let ids_printed: HashSet<String> = alerts.iter().map(|a| a.alert_id.clone()).collect();
    let (ok, out, err) = cli(&[
        "backfill",
        "--topic",
        &id,
        "--watch-file",
        &file,
        "--to-kafka",
    ]);
    assert!(ok && out.is_empty(), "{err}");
    let written: HashSet<String> = alerts_of(&id)
        .into_iter()
        .filter(|a| a.backfill)
        .map(|a| a.alert_id)
        .collect();
    assert_eq!(written, ids_printed, "backfill ids are deterministic");
    assert_eq!(group_offsets("claimwatch-alerting"), group_before);

    // An unknown topic is a clear error.
    let (ok, _, err) = cli(&["backfill", "--topic", "no-such-topic"]);
    assert!(
        !ok && err.contains("no watch topic `no-such-topic`"),
        "{err}"
    );
}

#[test]
fn held_alerts_survive_a_restart_and_arrive_as_a_digest() {
    ensure_topics();
    let work = temp_dir("digest");
    let tag = format!("held{}", now_ms());
    let id = format!("it-{tag}");
    let file = work.join("held.toml");
    std::fs::write(
        &file,
        format!(
            "[[topic]]\nid = \"{id}\"\nname = \"held\"\nquery = 'entity:north-korea kw{tag}'\nthrottle = {{ max_alerts = 1, window_secs = 8 }}\n"
        ),
    )
    .unwrap();
    let env = [
        ("CLAIMWATCH_ALERTING_WATCH_FILE", file.display().to_string()),
        (
            "CLAIMWATCH_ALERTING_TRANSACTIONAL_ID",
            format!("it-{tag}-tx"),
        ),
        ("CLAIMWATCH_ALERTING_GROUP_ID", format!("it-{tag}-group")),
    ];
    let mut alerting = Service::start("claimwatch-alerting", &[], &env, &work);
    let claims: Vec<ClaimEvent> = (0..3)
        .map(|i| {
            let body = format!(
                "report {i} {}",
                (0..30)
                    .map(|w| format!("t{i}w{w}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            claim(
                &tag,
                &format!("h{i}"),
                "s",
                &format!("North Korea kw{tag} item {i}."),
                &body,
                now_ms(),
            )
        })
        .collect();
    produce_claims(&claims);
    let first = wait_for(Duration::from_secs(60), || {
        let a = alerts_of(&id);
        (!a.is_empty()).then_some(a)
    })
    .unwrap_or_else(|| panic!("no alert:\n{}", alerting.log_text()));
    assert_eq!(first.len(), 1, "the throttle lets one alert through");
    assert_eq!(first[0].kind, "alert");

    // The other two are held in the state topic; crash before the window ends.
    // The group is the application: its state records are keyed under it.
    let state_key = format!("it-{tag}-group/{id}/rate");
    let held = wait_for(Duration::from_secs(30), || {
        let last = read_all(topics::ALERTING_STATE)
            .into_iter()
            .rfind(|r| r.key.as_deref() == Some(state_key.as_bytes()))?;
        let v: serde_json::Value = serde_json::from_slice(last.payload.as_deref()?).ok()?;
        let n = v["digest"]["items"].as_array()?.len();
        (n == 2).then_some(n)
    });
    assert!(
        held.is_some(),
        "held alerts not in the state topic:\n{}",
        alerting.log_text()
    );
    alerting.kill();

    let mut restarted = Service::start("claimwatch-alerting", &[], &env, &work);
    let digest = wait_for(Duration::from_secs(60), || {
        alerts_of(&id).into_iter().find(|a| a.kind == "digest")
    })
    .unwrap_or_else(|| panic!("no digest after restart:\n{}", restarted.log_text()));
    let listed: HashSet<&str> = digest
        .digest
        .iter()
        .map(|d| d.article_id.as_str())
        .collect();
    let expected: HashSet<&str> = claims
        .iter()
        .map(|c| c.article_id.as_str())
        .filter(|a| *a != first[0].article_id)
        .collect();
    assert_eq!(listed, expected);
    let all = alerts_of(&id);
    assert_eq!(
        all.len(),
        2,
        "one alert and one digest, nothing repeated: {all:#?}"
    );
    let status = restarted.terminate(Duration::from_secs(30));
    assert!(
        status.is_some_and(|s| s.success()),
        "{}",
        restarted.log_text()
    );
}

#[test]
fn reading_from_a_time_skips_older_records() {
    use claimwatch_kafka::admin::{ensure_topics, TopicSpec};
    use claimwatch_kafka::reader::{read_topic, Start};
    let topic = format!("it-reader-time-{}", now_ms());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(ensure_topics(
        &kafka(),
        &[TopicSpec {
            name: topic.clone(),
            partitions: 1,
            replication: 1,
            compacted: false,
        }],
    ))
    .unwrap();
    let t0 = now_ms() - 10 * 3_600_000;
    let producer: FutureProducer = kafka().client_config().create().unwrap();
    rt.block_on(async {
        for i in 0..10i64 {
            let value = i.to_string();
            let rec = FutureRecord::to(&topic)
                .key("k")
                .payload(&value)
                .timestamp(t0 + i * 3_600_000);
            producer.send(rec, Duration::from_secs(30)).await.unwrap();
        }
    });
    let read = |start: Start| {
        let mut values = Vec::new();
        read_topic(&kafka(), &topic, start, false, None, |r| {
            values.push(String::from_utf8(r.payload.unwrap_or_default()).unwrap());
            true
        })
        .unwrap();
        values
    };
    assert_eq!(read(Start::Beginning).len(), 10);
    // From the 7th record's time (inclusive): records 6..9.
    assert_eq!(read(Start::Time(t0 + 6 * 3_600_000)), ["6", "7", "8", "9"]);
    // Between two records: the next one.
    assert_eq!(read(Start::Time(t0 + 8 * 3_600_000 + 1)), ["9"]);
    // Later than every record: nothing.
    assert!(read(Start::Time(now_ms() + 3_600_000)).is_empty());
}
