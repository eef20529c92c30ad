//! Consumer lag from librdkafka's statistics, exported as a Prometheus gauge.

use claimwatch_telemetry::metrics::CONSUMER_LAG;
use rdkafka::client::ClientContext;
use rdkafka::consumer::ConsumerContext;
use rdkafka::statistics::Statistics;

/// A consumer context that turns each statistics report into lag gauges.
pub struct LagContext {
    group: String,
}

impl LagContext {
    pub fn new(group: &str) -> Self {
        LagContext {
            group: group.to_string(),
        }
    }
}

/// Lag of one partition: from what the application has consumed (or, before it consumed
/// anything, the committed offset) to the last stable offset (read_committed) or high watermark.
pub fn partition_lag(app: i64, committed: i64, last_stable: i64, high: i64) -> Option<i64> {
    let base = if app >= 0 {
        app
    } else if committed >= 0 {
        committed
    } else {
        return None;
    };
    let end = if last_stable >= 0 { last_stable } else { high };
    (end >= 0).then(|| (end - base).max(0))
}

impl ClientContext for LagContext {
    fn stats(&self, statistics: Statistics) {
        for (topic, t) in &statistics.topics {
            for (id, p) in &t.partitions {
                if *id < 0 {
                    continue; // librdkafka's internal "unassigned" partition
                }
                if let Some(lag) =
                    partition_lag(p.app_offset, p.committed_offset, p.ls_offset, p.hi_offset)
                {
                    CONSUMER_LAG
                        .with_label_values(&[&self.group, topic, &id.to_string()])
                        .set(lag);
                }
            }
        }
    }
}

impl ConsumerContext for LagContext {}

#[cfg(test)]
mod tests {
    use super::partition_lag;

    #[test]
    fn lag_prefers_consumed_position_and_last_stable_offset() {
        assert_eq!(partition_lag(90, 50, 100, 120), Some(10));
        assert_eq!(partition_lag(-1001, 50, 100, 120), Some(50));
        assert_eq!(partition_lag(-1001, -1001, 100, 120), None);
        assert_eq!(partition_lag(130, 50, -1, 120), Some(0));
        assert_eq!(partition_lag(10, -1, -1, 25), Some(15));
    }
}
