fn main() -> std::process::ExitCode {
    let config = match claimwatch_telemetry::configure(
        "claimwatch-alerting",
        |a: &claimwatch_alerting::Args| a.common.log_format,
        claimwatch_alerting::Config::from_args,
    ) {
        Ok(c) => c,
        Err(code) => return code,
    };
    tracing::info!(
        version = claimwatch_telemetry::VERSION,
        bootstrap = %config.kafka.bootstrap,
        kafka_properties = ?config.kafka.redacted(),
        group_id = %config.group_id,
        transactional_id = %config.transactional_id,
        watch_file = %config.watch_path.display(),
        batch_max = config.batch_max,
        metrics_addr = ?config.metrics_addr,
        "starting claimwatch-alerting"
    );
    // Webhooks moved to their own service; a deployment that still sets them here gets told.
    let webhook_set = std::env::vars_os().any(|(k, v)| {
        k.to_str()
            .is_some_and(|k| k.starts_with("CLAIMWATCH_WEBHOOK_"))
            && !v.is_empty()
    });
    if webhook_set {
        tracing::warn!(
            "CLAIMWATCH_WEBHOOK_* is set but alerting no longer delivers webhooks: \
             run claimwatch-notifier with these variables (see the README)"
        );
    }
    claimwatch_telemetry::run_service(|shutdown| claimwatch_alerting::run(config, shutdown))
}
