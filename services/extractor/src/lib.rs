//! The extractor service: consumes `RawArticle`s, extracts main text, entities and statements,
//! and produces one `ArticleEvent` per article (and, for existing subscribers, a `ClaimEvent`
//! per entity-bearing statement), exactly once, inside Kafka transactions. The entity
//! dictionary follows the users' entity log while the service runs.

pub mod config;
mod events;
pub mod live;
mod processor;

pub use config::{Args, Config};
pub use processor::ExtractProcessor;

use claimwatch_kafka::{admin, txloop};
use claimwatch_model::topics;
use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_telemetry::{Health, Shutdown};

pub const STAGE: &str = "extractor";

/// Run the extractor until `shutdown` is triggered.
pub async fn run(config: Config, shutdown: Shutdown) -> anyhow::Result<()> {
    let health = Health::default();
    claimwatch_telemetry::serve_until_shutdown(config.metrics_addr, &health, &shutdown).await?;
    events::register();
    let metrics = StageMetrics::new(STAGE);
    admin::prepare_pipeline(&config.kafka, config.create_topics, config.topic_partitions).await?;
    let dict = if config.follow_entities {
        let k = config.kafka.clone();
        let s = shutdown.clone();
        tokio::task::spawn_blocking(move || live::start(&k, s)).await??
    } else {
        live::LiveDictionary::fixed(
            claimwatch_extract::EntityDictionary::shared()
                .map_err(|e| anyhow::anyhow!("entity dictionary: {e}"))?,
        )
    };
    let mut processor = ExtractProcessor::live(dict)?.with_legacy_claims(config.legacy_claims);
    if let Some(registry) = config.schema_registry.clone() {
        let patience = config.kafka.connect_timeout;
        processor =
            tokio::task::spawn_blocking(move || processor.with_registry(&registry, patience))
                .await??;
    }
    let mut loop_cfg = txloop::LoopConfig::new(
        topics::ARTICLES_RAW,
        &config.group_id,
        &config.transactional_id,
    );
    loop_cfg.batch_max = config.batch_max;
    loop_cfg.batch_linger = config.batch_linger;
    loop_cfg.batch_idle = config.batch_idle;
    // /readyz turns false while the loop is stuck (transactions aborting in a row).
    loop_cfg.health = Some(health.clone());
    let kafka = config.kafka.clone();
    health.set_ready(true);
    let result = tokio::task::spawn_blocking(move || {
        txloop::run(&kafka, &loop_cfg, &mut processor, &metrics, &shutdown)
    })
    .await?;
    health.set_ready(false);
    result.map_err(Into::into)
}
