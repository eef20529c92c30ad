//! A broker that cannot be reached gives a clear error and a non-zero exit, not a hang.

use std::time::{Duration, Instant};

use crate::harness::*;

#[test]
fn unreachable_broker_fails_fast_with_a_clear_error() {
    let work = temp_dir("unreachable");
    let dead = format!("127.0.0.1:{}", free_port());
    let started = Instant::now();
    let out = std::process::Command::new(bin("claimwatch-extractor"))
        .current_dir(repo_root())
        .env("CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS", &dead)
        .env("CLAIMWATCH_BROKER_TIMEOUT_SECS", "3")
        .env("CLAIMWATCH_METRICS_ADDR", "off")
        .env("CLAIMWATCH_LOG_FORMAT", "text")
        .output()
        .expect("run extractor");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "exit status {:?}", out.status);
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert!(
        stderr.contains("not reachable") && stderr.contains(&dead),
        "stderr does not name the problem: {stderr}"
    );
    let _ = std::fs::remove_dir_all(work);

    // Invalid configuration is refused before any connection attempt, with exit code 2.
    let out = std::process::Command::new(bin("claimwatch-alerting"))
        .current_dir(repo_root())
        .env("CLAIMWATCH_METRICS_ADDR", "not-an-address")
        .output()
        .expect("run alerting");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid metrics address"));
}
