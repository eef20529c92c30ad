fn main() -> std::process::ExitCode {
    let config = match claimwatch_telemetry::configure(
        "claimwatch-notifier",
        |a: &claimwatch_notifier::Args| a.common.log_format,
        claimwatch_notifier::Config::from_args,
    ) {
        Ok(c) => c,
        Err(code) => return code,
    };
    tracing::info!(
        version = claimwatch_telemetry::VERSION,
        bootstrap = %config.kafka.bootstrap,
        kafka_properties = ?config.kafka.redacted(),
        watch_file = %config.watch_path.display(),
        webhook = ?config.webhook,
        metrics_addr = ?config.metrics_addr,
        "starting claimwatch-notifier"
    );
    claimwatch_telemetry::run_service(|shutdown| claimwatch_notifier::run(config, shutdown))
}
