//! The Grafana dashboard is proven against a real Prometheus: it scrapes the four services
//! (the notifier delivering to a local receiver) while articles (and poison records) flow
//! through the real broker, and every panel's
//! PromQL must return data through Prometheus' HTTP API: for rate and increase panels, a value
//! above 0 (counters exist at 0 before any traffic, so a series alone proves nothing).

use std::time::Duration;

use claimwatch_kafka::rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use claimwatch_model::topics;

use crate::harness::*;
use crate::hooks::HookServer;

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The values of the series an instant query returns; a series whose value is NaN (e.g. a
/// quantile over no observations) is no data and left out.
fn values(prom_port: u16, expr: &str) -> Result<Vec<f64>, String> {
    let (status, body) = http_get(
        prom_port,
        &format!("/api/v1/query?query={}", urlencode(expr)),
    )
    .ok_or("prometheus did not answer")?;
    let v: serde_json::Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
    if status != 200 || v["status"] != "success" {
        return Err(format!("query failed ({status}): {body}"));
    }
    let result = v["data"]["result"].as_array().cloned().unwrap_or_default();
    Ok(result
        .iter()
        .filter_map(|r| r["value"][1].as_str().and_then(|x| x.parse::<f64>().ok()))
        .filter(|x| !x.is_nan())
        .collect())
}

/// Whether a panel's query shows the test's traffic. Counters are registered at 0 before any
/// traffic, so a `rate(...)` or `increase(...)` series exists (with value 0) from the first
/// scrape: such a panel counts only when a series rose above 0. Other panels (gauges) count
/// when they return any series.
fn shows_activity(expr: &str, values: &[f64]) -> bool {
    if expr.contains("rate(") || expr.contains("increase(") {
        values.iter().any(|v| *v > 0.0)
    } else {
        !values.is_empty()
    }
}

#[test]
fn idle_counters_do_not_count_as_data() {
    let rate = "sum(rate(claimwatch_stage_messages_in_total[1m]))";
    assert!(!shows_activity(rate, &[0.0, 0.0]));
    assert!(!shows_activity(rate, &[]));
    assert!(shows_activity(rate, &[0.0, 0.25]));
    let q = "histogram_quantile(0.5, sum by (le) (rate(x_bucket[1m])))";
    assert!(shows_activity(q, &[0.004]));
    assert!(shows_activity("sum(claimwatch_extractor_entities)", &[0.0]));
    assert!(!shows_activity("sum(claimwatch_extractor_entities)", &[]));
}

struct Prometheus {
    child: std::process::Child,
    port: u16,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_prometheus(work: &std::path::Path, targets: &[(&str, u16)]) -> Prometheus {
    let port = free_port();
    let mut cfg = String::from(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n",
    );
    for (job, p) in targets {
        cfg.push_str(&format!(
            "  - job_name: claimwatch-{job}\n    static_configs:\n      - targets: [\"127.0.0.1:{p}\"]\n"
        ));
    }
    std::fs::write(work.join("prometheus.yml"), cfg).unwrap();
    let log = std::fs::File::create(work.join("prometheus.log")).unwrap();
    let child = std::process::Command::new("prometheus")
        .arg(format!(
            "--config.file={}",
            work.join("prometheus.yml").display()
        ))
        .arg(format!(
            "--storage.tsdb.path={}",
            work.join("prom-data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("prometheus runs (Debian package `prometheus`)");
    let prom = Prometheus { child, port };
    wait_for(Duration::from_secs(60), || {
        (http_get(port, "/-/ready").map(|x| x.0) == Some(200)).then_some(())
    })
    .expect("prometheus ready");
    prom
}

#[test]
fn every_dashboard_panel_returns_data_from_a_real_prometheus() {
    ensure_topics();
    let work = temp_dir("observability");
    // The folder starts empty: articles arrive only once Prometheus is scraping, so the
    // windowed queries (rates over the last minute) see the activity.
    let articles = work.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    let Pipeline {
        fetcher,
        extractor,
        alerting,
    } = Pipeline::start(
        &work,
        "obs",
        &articles,
        &[("CLAIMWATCH_KAFKA_STATISTICS_INTERVAL_MS", "1000".into())],
        &[],
    );
    // The notifier delivers every new alert to a receiver on this machine.
    let hook = HookServer::start(|_| 200);
    let sink_group = format!(
        "it-obs-sink-{}",
        work.file_name().unwrap().to_string_lossy()
    );
    start_group_at_end(&sink_group, topics::ALERTS);
    let notifier = Service::start(
        "claimwatch-notifier",
        &[],
        &[
            (
                "CLAIMWATCH_NOTIFIER_WATCH_FILE",
                repo_root()
                    .join("samples/watch-topics.toml")
                    .display()
                    .to_string(),
            ),
            ("CLAIMWATCH_WEBHOOK_URL", hook.url()),
            ("CLAIMWATCH_WEBHOOK_GROUP_ID", sink_group),
            ("CLAIMWATCH_WEBHOOK_SSRF_ALLOW", "127.0.0.1".into()),
        ],
        &work,
    );
    let prom = start_prometheus(
        &work,
        &[
            ("fetcher", fetcher.metrics_port),
            ("extractor", extractor.metrics_port),
            ("alerting", alerting.metrics_port),
            ("notifier", notifier.metrics_port),
        ],
    );
    let up = r#"sum(up{job=~"claimwatch-.*"})"#;
    wait_for(Duration::from_secs(60), || {
        let (_, body) = http_get(prom.port, &format!("/api/v1/query?query={}", urlencode(up)))?;
        body.contains(r#""value":["#)
            .then_some(())
            .filter(|_| body.contains(r#","4"]"#))
    })
    .expect("prometheus scrapes all four services");
    // Two waves of the same activity. Counters with labels (a topic, an outcome, a watch
    // topic) appear only with their first increment, and Prometheus counts no increase for a
    // series whose first sample already holds it: the first wave creates the series, the
    // second increases them while Prometheus watches, so the rate panels see traffic.
    let producer: BaseProducer = kafka().client_config().create().unwrap();
    let wave = |n: u32| {
        if n == 1 {
            for entry in std::fs::read_dir(repo_root().join("samples/articles")).unwrap() {
                let p = entry.unwrap().path();
                std::fs::copy(&p, articles.join(p.file_name().unwrap())).unwrap();
            }
        } else {
            // A story of its own (the samples again would be copies of stories that already
            // fired), on the samples' watch topic.
            std::fs::write(
                articles.join("w2-harbour-crews.html"),
                "<html><head><title>More crews for the Far East</title></head><body><article>\
                 <p>A further 240 North Korean workers reached a shipyard near Nakhodka in \
                 Russia this week, the regional labour office said on Thursday.</p>\
                 <p>The crews will repair fishing trawlers through the winter, according to a \
                 statement that listed neither their wages nor their housing.</p>\
                 <p>Local unions asked the governor to publish the contracts.</p>\
                 </article></body></html>",
            )
            .unwrap();
        }
        // Poison records so the error and dead-letter panels have something to show: one for
        // the extractor, one on the alerts topic for the notifier. Not framed at all (a first
        // byte of 0 would read as a Confluent schema id, and later tests that read the alerts
        // topic through the registry would look that id up).
        for topic in [topics::ARTICLES_RAW, topics::ALERTS] {
            producer
                .send(
                    BaseRecord::to(topic)
                        .key("obs-poison")
                        .payload(&b"not avro"[..]),
                )
                .map_err(|(e, _)| e)
                .unwrap();
        }
        producer.flush(Duration::from_secs(20)).unwrap();
    };
    wave(1);
    let first_wave_seen = [
        r#"claimwatch_stage_transactions_total{stage="alerting-state"}"#,
        r#"claimwatch_alerting_alerts_total"#,
        r#"claimwatch_stage_errors_total{stage="extractor"}"#,
    ];
    wait_for(Duration::from_secs(300), || {
        first_wave_seen
            .iter()
            .all(|q| values(prom.port, q).is_ok_and(|v| !v.is_empty()))
            .then_some(())
    })
    .unwrap_or_else(|| {
        panic!(
            "the first wave never reached Prometheus\nextractor:\n{}\nalerting:\n{}",
            extractor.log_text(),
            alerting.log_text()
        )
    });
    std::thread::sleep(Duration::from_secs(3));
    wave(2);

    let dash: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("deploy/grafana/dashboards/claimwatch.json"))
            .unwrap(),
    )
    .unwrap();
    let mut exprs = Vec::new();
    for p in dash["panels"].as_array().unwrap() {
        for t in p["targets"].as_array().unwrap() {
            exprs.push((
                p["title"].as_str().unwrap().to_string(),
                t["expr"].as_str().unwrap().to_string(),
            ));
        }
    }
    // Poll every panel each round: windowed queries (rate over 1m) have data only while the
    // recent samples show activity, so all are checked together, repeatedly, until each has
    // shown activity at least once (a rate or increase above 0, see `shows_activity`).
    let mut seen = vec![false; exprs.len()];
    // Bounded, and generous: an unoptimised extractor on a busy machine takes a while to
    // process the first batch, and a rate panel now needs that traffic to show.
    let deadline = std::time::Instant::now() + Duration::from_secs(300);
    while seen.iter().any(|s| !s) && std::time::Instant::now() < deadline {
        for (i, (_, expr)) in exprs.iter().enumerate() {
            if !seen[i] && values(prom.port, expr).is_ok_and(|v| shows_activity(expr, &v)) {
                seen[i] = true;
            }
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    let missing: Vec<String> = exprs
        .iter()
        .zip(&seen)
        .filter(|(_, ok)| !**ok)
        .map(|((title, expr), _)| format!("{title}: {expr} -> {:?}", values(prom.port, expr)))
        .collect();
    assert!(
        missing.is_empty(),
        "panels without data:\n{}\nfetcher:\n{}\nalerting:\n{}\nnotifier ({} requests):\n{}",
        missing.join("\n"),
        fetcher.log_text(),
        alerting.log_text(),
        hook.received().len(),
        notifier.log_text()
    );
    eprintln!("{} panel queries returned data", exprs.len());
}
