//! Broker reachability and topic creation.

use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::types::RDKafkaErrorCode;

use crate::{Error, KafkaSettings, Result};

/// Block until the broker answers a metadata request, or fail after `settings.connect_timeout`
/// with an error that names the broker list. Call from a blocking context.
pub fn wait_for_broker(settings: &KafkaSettings) -> Result<()> {
    let consumer: BaseConsumer = settings.client_config().create()?;
    let deadline = Instant::now() + settings.connect_timeout;
    let mut last = String::from("no answer");
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Error::BrokerUnreachable {
                bootstrap: settings.bootstrap.clone(),
                timeout: settings.connect_timeout,
                detail: last,
            });
        }
        match consumer.fetch_metadata(None, left.min(Duration::from_secs(2))) {
            Ok(md) if !md.brokers().is_empty() => return Ok(()),
            Ok(_) => last = "metadata lists no brokers".into(),
            Err(e) => last = e.to_string(),
        }
        std::thread::sleep(Duration::from_millis(200).min(left));
    }
}

/// At a service's start: wait for the broker (on a blocking thread, not the runtime's), then,
/// when `create_topics` is set, create the pipeline's topics that are missing with
/// `partitions` each.
pub async fn prepare_pipeline(
    settings: &KafkaSettings,
    create_topics: bool,
    partitions: i32,
) -> Result<()> {
    let s = settings.clone();
    tokio::task::spawn_blocking(move || wait_for_broker(&s))
        .await
        .map_err(|e| Error::Other(format!("waiting for the broker: {e}")))??;
    if create_topics {
        ensure_topics(settings, &pipeline_topics(partitions, 1)).await?;
    }
    Ok(())
}

/// A topic to create if missing.
#[derive(Debug, Clone)]
pub struct TopicSpec {
    pub name: String,
    pub partitions: i32,
    pub replication: i32,
    pub compacted: bool,
}

impl TopicSpec {
    pub fn new(name: impl Into<String>, partitions: i32, compacted: bool) -> Self {
        TopicSpec {
            name: name.into(),
            partitions,
            replication: 1,
            compacted,
        }
    }
}

/// The pipeline's topics (and their dead-letter topics) with `partitions` each.
pub fn pipeline_topics(partitions: i32, replication: i32) -> Vec<TopicSpec> {
    let mut out = Vec::new();
    for (name, compacted) in claimwatch_model::topics::ALL {
        out.push(TopicSpec {
            name: name.to_string(),
            partitions,
            replication,
            compacted: *compacted,
        });
        if claimwatch_model::topics::DEAD_LETTERED.contains(name) {
            out.push(TopicSpec {
                name: claimwatch_model::topics::dlq(name),
                partitions: 1,
                replication,
                compacted: false,
            });
        }
    }
    out
}

/// Create the topics that do not exist yet, with `max.message.bytes` =
/// `settings.max_message_bytes`. Existing topics are left alone (see [`check_max_message_bytes`]).
pub async fn ensure_topics(settings: &KafkaSettings, topics: &[TopicSpec]) -> Result<()> {
    let admin: AdminClient<DefaultClientContext> = settings.client_config().create()?;
    let max = settings.max_message_bytes.to_string();
    let new: Vec<NewTopic> = topics
        .iter()
        .map(|t| {
            let nt = NewTopic::new(
                &t.name,
                t.partitions,
                TopicReplication::Fixed(t.replication),
            )
            .set("max.message.bytes", &max);
            if t.compacted {
                nt.set("cleanup.policy", "compact")
            } else {
                nt
            }
        })
        .collect();
    let opts = AdminOptions::new().operation_timeout(Some(settings.connect_timeout));
    for result in admin.create_topics(new.iter(), &opts).await? {
        match result {
            Ok(_) | Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
            Err((name, code)) => {
                return Err(Error::Other(format!(
                    "creating topic {name} failed: {code}"
                )))
            }
        }
    }
    Ok(())
}

/// Check at start that each existing topic of `topics` accepts records of
/// `settings.max_message_bytes` (its `max.message.bytes`); a topic that does not exist yet is
/// skipped. A smaller topic limit would fail records the producer accepted, so it is an error
/// that names the setting and the topic.
pub async fn check_max_message_bytes(settings: &KafkaSettings, topics: &[&str]) -> Result<()> {
    use rdkafka::admin::ResourceSpecifier;
    let admin: AdminClient<DefaultClientContext> = settings.client_config().create()?;
    let specs: Vec<ResourceSpecifier<'_>> =
        topics.iter().map(|t| ResourceSpecifier::Topic(t)).collect();
    let opts = AdminOptions::new()
        .request_timeout(Some(settings.connect_timeout.min(Duration::from_secs(5))));
    // A broker that cannot or may not describe topic configs (an ACL, a test cluster) leaves
    // the check undone, with a warning: records too large are still counted where produced.
    let described = match admin.describe_configs(&specs, &opts).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the topics' max.message.bytes; not checked");
            return Ok(());
        }
    };
    for (topic, result) in topics.iter().zip(described) {
        let Ok(resource) = result else {
            continue; // not there yet: created with the setting
        };
        let Some(value) = resource
            .get("max.message.bytes")
            .and_then(|e| e.value.clone())
        else {
            continue;
        };
        let topic_max: usize = value.parse().unwrap_or(0);
        if topic_max < settings.max_message_bytes {
            return Err(Error::Other(format!(
                "topic {topic} accepts records of at most {topic_max} bytes (max.message.bytes) \
                 but {} is {}: raise the topic's max.message.bytes or lower the setting",
                crate::MAX_MESSAGE_BYTES_ENV,
                settings.max_message_bytes
            )));
        }
    }
    Ok(())
}

/// How many partitions `topic` has (0 when it does not exist).
pub fn partition_count(settings: &KafkaSettings, topic: &str) -> Result<usize> {
    let consumer: rdkafka::consumer::BaseConsumer = settings.config_with(&[]).create()?;
    let md = rdkafka::consumer::Consumer::fetch_metadata(
        &consumer,
        Some(topic),
        settings.connect_timeout,
    )?;
    Ok(md
        .topics()
        .iter()
        .find(|t| t.name() == topic && t.error().is_none())
        .map_or(0, |t| t.partitions().len()))
}
