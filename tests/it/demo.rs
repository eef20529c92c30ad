//! `claimwatch demo` on the embedded broker: alerts for the positive samples only, for a topic
//! the built-in dictionary knows (DPRK workers in Russia) and one it knows nothing of (strikes
//! at German ports, through the gazetteer and inflected words).

use crate::harness::*;

#[test]
fn demo_prints_alerts_for_the_positive_samples_only() {
    let out = std::process::Command::new(bin("claimwatch"))
        .arg("demo")
        .current_dir(repo_root())
        .output()
        .expect("run demo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "demo failed: {stderr}");
    let alerts: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is JSON"))
        .collect();
    assert!(!alerts.is_empty(), "no alerts; stderr: {stderr}");
    let mut urls = Vec::new();
    let mut ports = Vec::new();
    for a in &alerts {
        let url = a["article_url"].as_str().unwrap().to_string();
        match a["watch_topic_id"].as_str() {
            Some("dprk-workers-russia") => urls.push(url),
            Some("german-port-strikes") => ports.push(url),
            other => panic!("unexpected topic {other:?}"),
        }
    }
    // The topic outside the dictionary fires on the Hamburg strike, not on the Rotterdam one.
    assert_eq!(ports.len(), 1, "{ports:?}");
    assert!(
        ports[0].ends_with("07-hamburg-dock-strike-de.html"),
        "{ports:?}"
    );
    assert!(
        urls.iter()
            .any(|u| u.ends_with("01-dprk-workers-russia.html")),
        "{urls:?}"
    );
    assert!(
        urls.iter()
            .any(|u| u.ends_with("02-dprk-workers-russia-ru.html")),
        "{urls:?}"
    );
    for near_miss in ["03-", "04-", "05-", "06-", "07-", "08-"] {
        assert!(
            !urls.iter().any(|u| u.contains(near_miss)),
            "near miss {near_miss} fired: {urls:?}"
        );
    }
    let summary = stderr.lines().last().unwrap_or_default();
    assert!(summary.contains("8 articles"), "summary: {summary}");
    assert!(
        summary.contains(&format!("{} alerts", alerts.len())),
        "summary: {summary}"
    );
}
