//! The alerting service: consumes `ClaimEvent`s, matches them against watch topics and produces
//! `Alert`s, exactly once, inside Kafka transactions.

pub mod config;
mod events;
mod processor;

pub use config::{Args, Config};
pub use processor::AlertProcessor;

use std::collections::HashSet;

use claimwatch_extract::EntityDictionary;
use claimwatch_kafka::reader::{read_topic, Start};
use claimwatch_kafka::{admin, txloop, KafkaSettings};
use claimwatch_model::{topics, Alert};
use claimwatch_schema::Codec;
use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_telemetry::{Health, Shutdown};
use claimwatch_watch::WatchSet;

pub const STAGE: &str = "alerting";

/// Compile a watch-topic file against the built-in entity dictionary. Errors are rendered as
/// `path:line:column: message`, one per line.
pub fn compile_watch_file(source: &str, path: &str) -> Result<WatchSet, String> {
    let dict = EntityDictionary::builtin().map_err(|e| format!("entity dictionary: {e}"))?;
    let resolve = |name: &str| dict.resolve(name).map(str::to_string);
    WatchSet::from_toml(source, &resolve).map_err(|errs| {
        errs.iter()
            .map(|e| format!("{path}:{}:{}: {}", e.line, e.column, e.message))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The ids of every alert already committed to the alerts topic.
/// `codec` reads both framings (with a registry, Confluent-framed alerts too).
pub fn fired_alert_ids(
    kafka: &KafkaSettings,
    codec: &Codec<Alert>,
) -> anyhow::Result<HashSet<String>> {
    let mut fired = HashSet::new();
    let mut undecodable = 0u64;
    read_topic(kafka, topics::ALERTS, Start::Beginning, false, None, |r| {
        match r.payload.as_deref().map(|p| codec.decode(p)) {
            Some(Ok(a)) => {
                fired.insert(a.alert_id);
            }
            _ => undecodable += 1,
        }
        true
    })?;
    if undecodable > 0 {
        tracing::warn!(
            undecodable,
            "records on the alerts topic could not be decoded"
        );
    }
    Ok(fired)
}

/// Run the alerting service until `shutdown` is triggered.
pub async fn run(config: Config, shutdown: Shutdown) -> anyhow::Result<()> {
    let health = Health::default();
    if let Some(addr) = config.metrics_addr {
        let s = shutdown.clone();
        let (bound, _) =
            claimwatch_telemetry::serve(addr, health.clone(), async move { s.wait().await })
                .await?;
        tracing::info!(%bound, "serving /metrics, /healthz, /readyz");
    }
    events::register();
    let metrics = StageMetrics::new(STAGE);
    let watch = compile_watch_file(
        &config.watch_source,
        &config.watch_path.display().to_string(),
    )
    .map_err(|e| anyhow::anyhow!("invalid watch-topic file:\n{e}"))?;
    tracing::info!(topics = watch.topics().len(), "watch topics compiled");

    let k = config.kafka.clone();
    tokio::task::spawn_blocking(move || admin::wait_for_broker(&k)).await??;
    if config.create_topics {
        admin::ensure_topics(
            &config.kafka,
            &admin::pipeline_topics(config.topic_partitions, 1),
        )
        .await?;
    }
    // The alert history is loaded by the processor once the loop has fenced any crashed
    // predecessor, so a transaction it left open cannot hide alerts committed after it.
    let mut processor =
        AlertProcessor::new(watch, HashSet::new())?.with_history(config.kafka.clone());
    if let Some(registry) = config.schema_registry.clone() {
        let patience = config.kafka.connect_timeout;
        processor =
            tokio::task::spawn_blocking(move || processor.with_registry(&registry, patience))
                .await??;
    }
    let mut loop_cfg =
        txloop::LoopConfig::new(topics::CLAIMS, &config.group_id, &config.transactional_id);
    loop_cfg.batch_max = config.batch_max;
    let kafka = config.kafka.clone();
    health.set_ready(true);
    let result = tokio::task::spawn_blocking(move || {
        txloop::run(&kafka, &loop_cfg, &mut processor, &metrics, &shutdown)
    })
    .await?;
    health.set_ready(false);
    result.map_err(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_watch_file_compiles_and_rejects_unknown_entities() {
        let set =
            compile_watch_file(include_str!("../../../samples/watch-topics.toml"), "w").unwrap();
        assert_eq!(set.topics()[0].id, "dprk-workers-russia");
        let err = compile_watch_file(
            "[[topic]]\nid = \"x\"\nname = \"x\"\nall_of = [\"entity:atlantis\"]\n",
            "bad.toml",
        )
        .unwrap_err();
        assert_eq!(
            err,
            "bad.toml:4:19: unknown entity `atlantis` (not an id or alias in the dictionary)"
        );
    }

    #[test]
    fn entity_terms_resolve_aliases_in_any_language() {
        let src =
            "[[topic]]\nid = \"x\"\nname = \"x\"\nall_of = [\"entity:КНДР\", \"entity:Kremlin\"]\n";
        let set = compile_watch_file(src, "w").unwrap();
        assert_eq!(
            set.topics()[0].query.to_string(),
            "entity:north-korea AND entity:russia"
        );
    }
}

#[cfg(test)]
mod highlight_tests {
    use super::*;
    use claimwatch_model::{ClaimEvent, EntityMention};

    fn claim(text: &str, entities: &[(&str, &str)]) -> ClaimEvent {
        ClaimEvent {
            claim_id: "c1".into(),
            article_id: "a1".into(),
            article_url: "https://example.org/a".into(),
            article_title: None,
            source_id: "s".into(),
            text: text.into(),
            sentence_index: 0,
            start: 0,
            end: text.len() as i32,
            speaker: None,
            cue: None,
            entities: entities
                .iter()
                .map(|(id, surface)| {
                    let start = text.find(surface).expect("surface in text");
                    EntityMention {
                        id: id.to_string(),
                        surface: surface.to_string(),
                        start: start as i32,
                        end: (start + surface.len()) as i32,
                    }
                })
                .collect(),
            hedged: false,
            hedge_cue: None,
            published_at: None,
            fetched_at: 1,
            language: Some("en".into()),
            extractor_version: "t".into(),
            dictionary_version: "t".into(),
            claim_index: 0,
            claims_in_article: 1,
            attribution_chain: Vec::new(),
            dates: Vec::new(),
            date_reference: None,
        }
    }

    #[test]
    fn alerts_carry_highlights_for_text_and_entity_terms() {
        let set =
            compile_watch_file(include_str!("../../../samples/watch-topics.toml"), "w").unwrap();
        let mut p = AlertProcessor::new(set, HashSet::new()).unwrap();
        let c = claim(
            "Pyongyang will send 300 workers to Russian shipyards.",
            &[("north-korea", "Pyongyang"), ("russia", "Russian")],
        );
        let alerts = p.alerts_for(std::slice::from_ref(&c));
        assert_eq!(alerts.len(), 1);
        let marked: Vec<(&str, &str)> = alerts[0]
            .highlights
            .iter()
            .map(|h| (h.term.as_str(), &c.text[h.start as usize..h.end as usize]))
            .collect();
        assert_eq!(
            marked,
            vec![
                ("entity:north-korea", "Pyongyang"),
                ("worker*", "workers"),
                ("entity:russia", "Russian"),
            ]
        );
        assert!(alerts[0].highlights.iter().all(|h| h.claim_id == "c1"));
    }
}
