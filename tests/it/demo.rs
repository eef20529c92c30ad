//! `claimwatch demo` on the embedded broker: alerts for the positive samples only.

use crate::harness::*;

#[test]
fn demo_prints_alerts_for_dprk_workers_only() {
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
    for a in &alerts {
        assert_eq!(a["watch_topic_id"], "dprk-workers-russia");
        urls.push(a["article_url"].as_str().unwrap().to_string());
    }
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
    for near_miss in ["03-", "04-", "05-", "06-"] {
        assert!(
            !urls.iter().any(|u| u.contains(near_miss)),
            "near miss {near_miss} fired: {urls:?}"
        );
    }
    let summary = stderr.lines().last().unwrap_or_default();
    assert!(summary.contains("6 articles"), "summary: {summary}");
    assert!(
        summary.contains(&format!("{} alerts", alerts.len())),
        "summary: {summary}"
    );
}
