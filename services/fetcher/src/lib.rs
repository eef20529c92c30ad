//! The fetcher service: polls the configured sources and publishes each new or changed document
//! as a `RawArticle`. What was published is remembered in a compacted topic, so restarts do not
//! republish.

pub mod config;
mod events;
pub mod sources;
pub mod state;
pub mod url;

pub use config::{Args, Config, SourceKind, SourceSpec};

use std::sync::Arc;
use std::time::Duration;

use claimwatch_kafka::admin;
use claimwatch_kafka::rdkafka::producer::{FutureProducer, FutureRecord};
use claimwatch_model::{topics, RawArticle};
use claimwatch_schema::Codec;
use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_telemetry::{Health, Shutdown};
use std::sync::Mutex;

use state::{Seen, State};

pub const STAGE: &str = "fetcher";

/// Publishes articles and the state that says they were published.
struct Publisher {
    producer: FutureProducer,
    codec: Codec<RawArticle>,
    metrics: StageMetrics,
}

impl Publisher {
    /// Publish the article, then its state record; both are acknowledged by the broker before
    /// this returns. A crash between the two republishes the article once at restart
    /// (at-least-once); downstream ids are deterministic, so alerts are not repeated.
    async fn publish(&self, raw: &RawArticle) -> anyhow::Result<()> {
        let payload = self.codec.encode(raw)?;
        self.producer
            .send(
                FutureRecord::to(topics::ARTICLES_RAW)
                    .key(raw.article_id.as_bytes())
                    .payload(&payload),
                Duration::from_secs(30),
            )
            .await
            .map_err(|(e, _)| anyhow::anyhow!("publishing {} failed: {e}", raw.url))?;
        self.metrics.produced(topics::ARTICLES_RAW, 1);
        let seen = serde_json::to_vec(&Seen {
            canonical_url: raw.canonical_url.clone(),
            content_hash: raw.content_hash.clone(),
        })?;
        self.producer
            .send(
                FutureRecord::to(topics::FETCHER_STATE)
                    .key(raw.article_id.as_bytes())
                    .payload(&seen),
                Duration::from_secs(30),
            )
            .await
            .map_err(|(e, _)| anyhow::anyhow!("recording state for {} failed: {e}", raw.url))?;
        self.metrics.produced(topics::FETCHER_STATE, 1);
        events::published();
        Ok(())
    }
}

/// Poll one source once and publish what is new. Returns how many articles were published.
async fn poll_source(
    client: &reqwest::Client,
    config: &Config,
    spec: &SourceSpec,
    state: &Mutex<State>,
    publisher: &Publisher,
) -> anyhow::Result<usize> {
    // The lock is only ever held for a map look-up or insert, never across an await.
    let known = |id: &str| state.lock().map(|s| s.knows(id)).unwrap_or(false);
    let candidates = sources::poll(client, config, spec, &known).await?;
    let mut published = 0;
    for raw in candidates {
        publisher.metrics.messages_in.inc();
        let duplicate = state
            .lock()
            .map(|s| s.is_duplicate(&raw.article_id, &raw.content_hash))
            .unwrap_or(false);
        if duplicate {
            events::duplicate();
            continue;
        }
        publisher.publish(&raw).await?;
        if let Ok(mut s) = state.lock() {
            s.record(
                &raw.article_id,
                Seen {
                    canonical_url: raw.canonical_url.clone(),
                    content_hash: raw.content_hash.clone(),
                },
            );
        }
        published += 1;
    }
    events::source_ok(&spec.id);
    Ok(published)
}

/// Run the fetcher until `shutdown` is triggered (or, with `once`, until every source has been
/// polled once).
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
    let k = config.kafka.clone();
    tokio::task::spawn_blocking(move || admin::wait_for_broker(&k)).await??;
    if config.create_topics {
        admin::ensure_topics(
            &config.kafka,
            &admin::pipeline_topics(config.topic_partitions, 1),
        )
        .await?;
    }
    let k = config.kafka.clone();
    let state = tokio::task::spawn_blocking(move || State::load(&k)).await??;
    tracing::info!(known_articles = state.len(), "fetcher state rebuilt");
    let state = Arc::new(Mutex::new(state));
    let publisher = Arc::new(Publisher {
        producer: config.kafka.idempotent_producer()?,
        codec: Codec::new()?,
        metrics,
    });
    let client = reqwest::Client::builder()
        .user_agent(config.user_agent.clone())
        .timeout(config.http_timeout)
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()?;
    let config = Arc::new(config);
    health.set_ready(true);

    let mut tasks = tokio::task::JoinSet::new();
    for spec in config.sources.clone() {
        let (client, config, state, publisher, shutdown) = (
            client.clone(),
            config.clone(),
            state.clone(),
            publisher.clone(),
            shutdown.clone(),
        );
        tasks.spawn(async move {
            loop {
                match poll_source(&client, &config, &spec, &state, &publisher).await {
                    Ok(n) => tracing::info!(source = %spec.id, published = n, "source polled"),
                    Err(e) => {
                        publisher.metrics.error("poll");
                        tracing::warn!(source = %spec.id, error = %format!("{e:#}"), "source poll failed");
                    }
                }
                if config.once {
                    return;
                }
                tokio::select! {
                    _ = shutdown.wait() => return,
                    _ = tokio::time::sleep(Duration::from_secs(spec.interval_secs)) => {}
                }
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    health.set_ready(false);
    Ok(())
}
