//! Alerting state with several instances, against the real broker: candidates are repartitioned
//! by watch topic, so a story fires once however its copies spread over the article partitions
//! and the instances, and held alerts move with their partition when instances come and go.

use std::collections::HashSet;
use std::time::Duration;

use claimwatch_model::{topics, ClaimEvent};

use crate::harness::*;
use crate::watch_topics::{alerts_of, claim, now_ms, produce_claims};

/// Start the group `it-<tag>-group` (both stages) at the current end of its inputs: the test
/// reads only what it writes, not every earlier test's articles.
fn new_group(tag: &str) {
    let group = format!("it-{tag}-group");
    start_group_at_end(&group, topics::ARTICLES);
    start_group_at_end(&format!("{group}-state"), topics::ALERT_CANDIDATES);
}

/// Environment of one alerting instance of the group `it-<tag>-group`.
fn instance(tag: &str, name: &str, watch_file: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CLAIMWATCH_ALERTING_WATCH_FILE", watch_file.to_string()),
        (
            "CLAIMWATCH_ALERTING_TRANSACTIONAL_ID",
            format!("it-{tag}-{name}"),
        ),
        ("CLAIMWATCH_ALERTING_GROUP_ID", format!("it-{tag}-group")),
        ("CLAIMWATCH_KAFKA_SESSION_TIMEOUT_MS", "6000".to_string()),
    ]
}

fn ready(s: &Service) -> Option<()> {
    (s.http_get("/readyz").map(|r| r.0) == Some(200)).then_some(())
}

/// A story body of its own (for the signature) and one claim that the topic matches.
fn story(tag: &str, n: usize) -> String {
    format!(
        "story {n} of {tag}: {}",
        (0..40)
            .map(|w| format!("s{n}w{w}"))
            .collect::<Vec<_>>()
            .join(" ")
    )
}

#[test]
fn copies_spread_over_partitions_and_instances_fire_one_alert() {
    ensure_topics();
    let work = temp_dir("alerting-state-copies");
    let tag = format!("copies{}", now_ms());
    let id = format!("it-{tag}");
    let file = work.join("copies.toml");
    std::fs::write(
        &file,
        format!(
            "[[topic]]\nid = \"{id}\"\nname = \"copies\"\nquery = 'entity:north-korea kw{tag}'\n"
        ),
    )
    .unwrap();
    let file = file.display().to_string();
    new_group(&tag);
    let a = Service::start(
        "claimwatch-alerting",
        &[],
        &instance(&tag, "a", &file),
        &work,
    );
    let b = Service::start(
        "claimwatch-alerting",
        &[],
        &instance(&tag, "b", &file),
        &work,
    );
    for s in [&a, &b] {
        wait_for(Duration::from_secs(60), || ready(s))
            .unwrap_or_else(|| panic!("not ready:\n{}", s.log_text()));
    }

    // Eight syndicated copies of one story (the same body, each with its own credit line), from
    // eight sources: each its own article, so they spread over the article partitions and thus
    // over both instances' matching.
    let body = story(&tag, 0);
    let copies: Vec<ClaimEvent> = (0..8)
        .map(|i| {
            claim(
                &tag,
                &format!("copy{i}"),
                &format!("site{i}"),
                &format!("North Korea sent builders abroad, kw{tag} reports say."),
                &format!("(Credit {i}) {body}"),
                now_ms(),
            )
        })
        .collect();
    let partitions: HashSet<i32> = produce_claims(&copies).into_iter().collect();
    assert!(
        partitions.len() >= 2,
        "the copies should spread over partitions: {partitions:?}"
    );
    let first = wait_for(Duration::from_secs(60), || {
        let a = alerts_of(&id);
        (!a.is_empty()).then_some(a)
    })
    .unwrap_or_else(|| panic!("no alert:\n{}\n{}", a.log_text(), b.log_text()));
    // Let every copy through both stages, then count.
    let decided = |s: &Service| {
        s.metric(r#"claimwatch_stage_records_committed_total{stage="alerting-state"}"#)
            .unwrap_or(0.0)
    };
    wait_for(Duration::from_secs(60), || {
        (decided(&a) + decided(&b) >= copies.len() as f64).then_some(())
    })
    .unwrap_or_else(|| {
        panic!(
            "candidates not all decided:\n{}\n{}",
            a.log_text(),
            b.log_text()
        )
    });
    std::thread::sleep(Duration::from_secs(2));
    let all = alerts_of(&id);
    assert_eq!(
        all.len(),
        1,
        "one alert for the story, whatever instance matched each copy: {all:#?}"
    );
    assert_eq!(all[0].alert_id, first[0].alert_id);
    assert_eq!(all[0].kind, "alert");
}

#[test]
fn held_alerts_move_with_their_partition_when_instances_come_and_go() {
    ensure_topics();
    let work = temp_dir("alerting-state-move");
    let tag = format!("move{}", now_ms());
    let id = format!("it-{tag}");
    let file = work.join("move.toml");
    // A throttle of one alert per 40 s: the first match fires, the others are held until the
    // window ends and then delivered as one digest.
    std::fs::write(
        &file,
        format!(
            "[[topic]]\nid = \"{id}\"\nname = \"move\"\nquery = 'entity:north-korea kw{tag}'\nthrottle = {{ max_alerts = 1, window_secs = 40 }}\n"
        ),
    )
    .unwrap();
    let file = file.display().to_string();
    new_group(&tag);
    let mut a = Service::start(
        "claimwatch-alerting",
        &[],
        &instance(&tag, "a", &file),
        &work,
    );
    wait_for(Duration::from_secs(60), || ready(&a))
        .unwrap_or_else(|| panic!("not ready:\n{}", a.log_text()));
    let claims: Vec<ClaimEvent> = (0..4)
        .map(|i| {
            claim(
                &tag,
                &format!("held{i}"),
                "site",
                &format!("North Korea item {i} for kw{tag}."),
                &story(&tag, i),
                now_ms(),
            )
        })
        .collect();
    produce_claims(&claims);
    // One fires; the other three are held in the changelog of the topic's partition.
    // The group is the application: its state records are keyed under it.
    let state_key = format!("it-{tag}-group/{id}/rate");
    wait_for(Duration::from_secs(60), || {
        let last = read_all(topics::ALERTING_STATE)
            .into_iter()
            .rfind(|r| r.key.as_deref() == Some(state_key.as_bytes()))?;
        let v: serde_json::Value = serde_json::from_slice(last.payload.as_deref()?).ok()?;
        (v["digest"]["items"].as_array()?.len() == 3).then_some(())
    })
    .unwrap_or_else(|| panic!("held alerts not in the changelog:\n{}", a.log_text()));

    // Scale up, then crash the first instance: the second ends up owning every partition and
    // must restore the held alerts from the changelog.
    let b = Service::start(
        "claimwatch-alerting",
        &[],
        &instance(&tag, "b", &file),
        &work,
    );
    wait_for(Duration::from_secs(60), || ready(&b))
        .unwrap_or_else(|| panic!("not ready:\n{}", b.log_text()));
    std::thread::sleep(Duration::from_secs(5));
    a.kill();
    let restored = r"claimwatch_alerting_state_restored_records_total";
    wait_for(Duration::from_secs(30), || {
        b.metric(restored).filter(|n| *n > 0.0)
    })
    .unwrap_or_else(|| panic!("the second instance restored nothing:\n{}", b.log_text()));

    let digest = wait_for(Duration::from_secs(90), || {
        alerts_of(&id).into_iter().find(|x| x.kind == "digest")
    })
    .unwrap_or_else(|| panic!("no digest:\n{}", b.log_text()));
    let listed: HashSet<&str> = digest
        .digest
        .iter()
        .map(|d| d.article_id.as_str())
        .collect();
    let all = alerts_of(&id);
    let fired: Vec<&str> = all
        .iter()
        .filter(|x| x.kind == "alert")
        .map(|x| x.article_id.as_str())
        .collect();
    assert_eq!(fired.len(), 1, "one alert within the window: {all:#?}");
    let expected: HashSet<&str> = claims
        .iter()
        .map(|c| c.article_id.as_str())
        .filter(|a| *a != fired[0])
        .collect();
    assert_eq!(listed, expected, "every held alert is in the digest");
    std::thread::sleep(Duration::from_secs(2));
    let all = alerts_of(&id);
    assert_eq!(
        all.len(),
        2,
        "one alert and one digest, nothing repeated: {all:#?}"
    );
}
