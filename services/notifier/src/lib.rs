//! The notifier service: delivers committed alerts (`claimwatch.alerts.v1`) to webhooks, at
//! least once, in a consumer group of its own, independent of the alerting service's
//! transactions. Each watch topic's `webhook` (from the watch-topic file and log, followed
//! live) or `CLAIMWATCH_WEBHOOK_URL` is the destination; see [`sink`] for delivery, retries and
//! dead letters, and `claimwatch-notify` for bodies, signatures and the retry schedule.

pub mod config;
pub mod routes;
pub mod sink;

pub use config::{Args, Config, WebhookArgs, WebhookConfig};

use std::time::Duration;

use claimwatch_kafka::admin;
use claimwatch_telemetry::{Health, Shutdown};

/// Run the notifier until `shutdown` is triggered.
///
/// Without a default URL and with no watch topic naming a webhook there is nothing to deliver:
/// the service stays up (healthy and ready) and starts the sink as soon as a topic published to
/// the watch-topic log names one.
pub async fn run(config: Config, shutdown: Shutdown) -> anyhow::Result<()> {
    let health = Health::default();
    claimwatch_telemetry::serve_until_shutdown(config.metrics_addr, &health, &shutdown).await?;
    sink::register_metrics();
    routes::register_metrics();
    let base = routes::compile(
        &config.watch_source,
        &config.watch_path.display().to_string(),
    )
    .map_err(|e| anyhow::anyhow!("invalid watch-topic file:\n{e}"))?;

    admin::prepare_pipeline(&config.kafka, config.create_topics, config.topic_partitions).await?;
    let (k, s) = (config.kafka.clone(), shutdown.clone());
    let routes = tokio::task::spawn_blocking(move || routes::start(&k, base, s)).await??;
    health.set_ready(true);

    if config.webhook.default_url.is_none() && routes.is_empty() {
        tracing::info!(
            "nothing to deliver yet: no CLAIMWATCH_WEBHOOK_URL and no watch topic names a \
             webhook; the sink starts when one does (claimwatch watch add|update)"
        );
        while routes.is_empty() {
            tokio::select! {
                _ = shutdown.wait() => return Ok(()),
                _ = tokio::time::sleep(Duration::from_millis(500)) => {}
            }
        }
    }
    let resolve = routes.resolver(config.webhook.default_url.clone());
    let sink = sink::spawn(
        config.kafka.clone(),
        config.webhook.clone(),
        resolve,
        shutdown.clone(),
        routes.len(),
    )?;
    let result = sink.join().await;
    health.set_ready(false);
    result
}
