//! The compose stack cannot be started here (no Docker engine), so it is proven by reading it:
//! every setting a service is given is documented, ports and scrape targets agree, healthchecks
//! and dependencies are in place, the topic-init job creates every topic, and Prometheus'
//! own checker accepts its configuration. No broker needed.

use std::collections::{BTreeMap, BTreeSet};

use claimwatch_model::topics;
use serde_norway::Value;

use crate::harness::*;

const SERVICES: &[&str] = &["fetcher", "extractor", "alerting", "notifier"];

fn compose() -> Value {
    let src = std::fs::read_to_string(repo_root().join("deploy/compose.yaml")).unwrap();
    let mut v: Value = serde_norway::from_str(&src).expect("compose.yaml parses");
    v.apply_merge().expect("merge keys resolve");
    v
}

fn documented_variables() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let section = readme
        .split("## Configuration reference")
        .nth(1)
        .expect("README has a configuration reference");
    let section = section.split("\n## ").next().unwrap();
    section
        .split('`')
        .filter(|s| s.starts_with("CLAIMWATCH_") && !s.contains('<'))
        .map(str::to_string)
        .collect()
}

fn env_of(service: &Value) -> BTreeMap<String, String> {
    service["environment"]
        .as_mapping()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) => s.clone(),
                        other => serde_norway::to_string(other).unwrap().trim().to_string(),
                    };
                    (k.as_str().unwrap().to_string(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn compose_services_are_documented_wired_and_healthchecked() {
    let c = compose();
    let services = c["services"].as_mapping().expect("services");
    let documented = documented_variables();
    assert!(
        documented.contains("CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS"),
        "{documented:?}"
    );

    let prom_src =
        std::fs::read_to_string(repo_root().join("deploy/prometheus/prometheus.yml")).unwrap();
    let prom: Value = serde_norway::from_str(&prom_src).unwrap();
    let targets: BTreeSet<String> = prom["scrape_configs"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|j| j["static_configs"].as_sequence().unwrap().iter())
        .flat_map(|s| s["targets"].as_sequence().unwrap().iter())
        .map(|t| t.as_str().unwrap().to_string())
        .collect();

    for name in SERVICES {
        let svc = &services[&Value::String(name.to_string())];
        assert!(svc.is_mapping(), "service {name} missing");
        let env = env_of(svc);
        for key in env.keys() {
            assert!(
                documented.contains(key),
                "{name}: {key} is not in the README's configuration reference"
            );
        }
        // The metrics port the service listens on is the one Prometheus scrapes.
        let addr = &env["CLAIMWATCH_METRICS_ADDR"];
        let port = addr.rsplit(':').next().unwrap();
        assert!(
            targets.contains(&format!("{name}:{port}")),
            "prometheus does not scrape {name}:{port} ({targets:?})"
        );
        let published: Vec<String> = svc["ports"]
            .as_sequence()
            .map(|p| p.iter().map(|x| x.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        assert!(
            published.iter().any(|p| p.ends_with(&format!(":{port}"))),
            "{name}: metrics port {port} not published ({published:?})"
        );
        // Health: checked on /healthz of that port; started only once Kafka is healthy and the
        // topics exist.
        let hc = serde_norway::to_string(&svc["healthcheck"]["test"]).unwrap();
        assert!(
            hc.contains(&format!(":{port}/healthz")),
            "{name} healthcheck: {hc}"
        );
        assert_eq!(
            svc["depends_on"]["kafka"]["condition"], "service_healthy",
            "{name}"
        );
        assert_eq!(
            svc["depends_on"]["topic-init"]["condition"], "service_completed_successfully",
            "{name}"
        );
        assert_eq!(
            env["CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS"], "kafka:9092",
            "{name}"
        );
        // Schema-registry mode: the services use the stack's registry, once it answers.
        assert_eq!(
            env["CLAIMWATCH_SCHEMA_REGISTRY_URL"], "http://schema-registry:8080/apis/ccompat/v7",
            "{name}"
        );
        assert_eq!(
            svc["depends_on"]["schema-registry"]["condition"], "service_healthy",
            "{name}"
        );
        assert!(svc["command"].as_sequence().unwrap()[0]
            .as_str()
            .unwrap()
            .ends_with(name));
    }
    for name in ["kafka", "schema-registry", "prometheus", "grafana"] {
        let svc = &services[&Value::String(name.to_string())];
        assert!(
            svc["healthcheck"]["test"].is_sequence(),
            "{name} has no healthcheck"
        );
    }
    for t in targets {
        let host = t.split(':').next().unwrap();
        assert!(
            SERVICES.contains(&host),
            "prometheus scrapes unknown target {t}"
        );
    }
    assert!(c["volumes"]["kafka-data"].is_null() || c["volumes"]["kafka-data"].is_mapping());

    // Every topic the pipeline uses is created, compacted where it must be.
    let init =
        serde_norway::to_string(&services[&Value::String("topic-init".into())]["command"]).unwrap();
    for (topic, compacted) in topics::ALL {
        let line = init
            .lines()
            .find(|l| l.contains(&format!("t {topic} ")))
            .unwrap_or_else(|| panic!("topic-init does not create {topic}"));
        assert_eq!(
            line.contains("cleanup.policy=compact"),
            *compacted,
            "{topic}: {line}"
        );
        if topics::DEAD_LETTERED.contains(topic) {
            assert!(
                init.contains(&format!("t {} ", topics::dlq(topic))),
                "no DLQ for {topic}"
            );
        }
    }
}

/// Every `CLAIMWATCH_*` variable a binary reads (declared with clap's `env = "..."`) is in the
/// README's configuration reference, so the reference cannot fall behind the code.
#[test]
fn every_environment_variable_is_documented() {
    let documented = documented_variables();
    let mut declared = BTreeSet::new();
    let mut stack: Vec<std::path::PathBuf> = ["services", "crates", "cli"]
        .iter()
        .map(|d| repo_root().join(d))
        .collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let src = std::fs::read_to_string(&p).unwrap();
                for part in src.split("env = \"").skip(1) {
                    if let Some(name) = part.split('"').next() {
                        if name.starts_with("CLAIMWATCH_") {
                            declared.insert(name.to_string());
                        }
                    }
                }
            }
        }
    }
    assert!(declared.len() >= 20, "found only {declared:?}");
    let missing: Vec<_> = declared.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "not in the README's configuration reference: {missing:?}"
    );
}

#[test]
fn prometheus_config_passes_promtool_and_grafana_uids_agree() {
    let out = std::process::Command::new("promtool")
        .args(["check", "config"])
        .arg(repo_root().join("deploy/prometheus/prometheus.yml"))
        .output()
        .expect("promtool runs (Debian package `prometheus`)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let ds_src = std::fs::read_to_string(
        repo_root().join("deploy/grafana/provisioning/datasources/prometheus.yml"),
    )
    .unwrap();
    let ds: Value = serde_norway::from_str(&ds_src).unwrap();
    let uid = ds["datasources"][0]["uid"].as_str().unwrap().to_string();
    let dash: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("deploy/grafana/dashboards/claimwatch.json"))
            .unwrap(),
    )
    .unwrap();
    let panels = dash["panels"].as_array().unwrap();
    assert!(panels.len() >= 10);
    for p in panels {
        assert_eq!(p["datasource"]["uid"], uid.as_str(), "panel {}", p["title"]);
        for t in p["targets"].as_array().unwrap() {
            assert_eq!(t["datasource"]["uid"], uid.as_str(), "panel {}", p["title"]);
        }
    }
}

/// All YAML documents of the Kubernetes manifests.
fn k8s_documents() -> Vec<Value> {
    let dir = repo_root().join("deploy/k8s");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        for d in serde_norway::Deserializer::from_str(&src) {
            let v = <Value as serde::Deserialize>::deserialize(d)
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            if !v.is_null() {
                docs.push(v);
            }
        }
    }
    docs
}

#[test]
fn kubernetes_manifests_agree_with_the_services() {
    let docs = k8s_documents();
    let documented = documented_variables();
    let by_kind_name = |kind: &str, name: &str| {
        docs.iter()
            .find(|d| d["kind"] == kind && d["metadata"]["name"] == name)
            .unwrap_or_else(|| panic!("no {kind} {name}"))
            .clone()
    };
    let config = by_kind_name("ConfigMap", "claimwatch-config");
    let config_map = config["data"].as_mapping().unwrap();
    for key in config_map.keys() {
        let key = key.as_str().unwrap();
        assert!(documented.contains(key), "{key} is not documented");
    }
    let metrics_port: u64 = config["data"]["CLAIMWATCH_METRICS_ADDR"]
        .as_str()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let files = by_kind_name("ConfigMap", "claimwatch-files");

    for (kind, service) in [
        ("Deployment", "fetcher"),
        ("StatefulSet", "extractor"),
        ("StatefulSet", "alerting"),
        ("Deployment", "notifier"),
    ] {
        let name = format!("claimwatch-{service}");
        let w = by_kind_name(kind, &name);
        let c = &w["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["command"][0], name.as_str());
        assert_eq!(c["envFrom"][0]["configMapRef"]["name"], "claimwatch-config");
        assert_eq!(
            c["ports"][0]["containerPort"].as_u64(),
            Some(metrics_port),
            "{name}"
        );
        assert_eq!(c["livenessProbe"]["httpGet"]["path"], "/healthz", "{name}");
        assert_eq!(c["readinessProbe"]["httpGet"]["path"], "/readyz", "{name}");
        let env = c["env"].as_sequence().cloned().unwrap_or_default();
        for e in &env {
            let var = e["name"].as_str().unwrap();
            assert!(documented.contains(var), "{name}: {var} is not documented");
            // A file path handed to a service must be a key of the mounted ConfigMap.
            if let Some(path) = e["value"]
                .as_str()
                .and_then(|v| v.strip_prefix("/etc/claimwatch/"))
            {
                assert!(
                    files["data"][path].is_string(),
                    "{name}: {path} not in claimwatch-files"
                );
            }
        }
        if kind == "StatefulSet" {
            // The transactional id is the pod name: stable across restarts, unique per pod.
            let tx = env
                .iter()
                .find(|e| e["name"].as_str().unwrap().ends_with("_TRANSACTIONAL_ID"))
                .unwrap_or_else(|| panic!("{name} sets no transactional id"));
            assert_eq!(tx["valueFrom"]["fieldRef"]["fieldPath"], "metadata.name");
            let svc = by_kind_name("Service", w["spec"]["serviceName"].as_str().unwrap());
            assert_eq!(svc["spec"]["clusterIP"], "None", "{name}: headless service");
        }
    }

    // The shipped files are valid for the services that read them.
    let watch = files["data"]["watch-topics.toml"].as_str().unwrap();
    claimwatch_alerting::compile_watch_file(watch, "watch-topics.toml").unwrap();
    claimwatch_notifier::routes::compile(watch, "watch-topics.toml").unwrap();
    let sources = files["data"]["sources.toml"].as_str().unwrap();
    claimwatch_fetcher::config::parse_sources(sources, std::path::Path::new("/"))
        .unwrap_or_else(|e| panic!("sources.toml: {e}"));
}
