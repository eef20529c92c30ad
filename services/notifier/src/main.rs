use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = claimwatch_notifier::Args::parse();
    claimwatch_telemetry::tune_allocator();
    claimwatch_telemetry::init_logging(args.common.log_format);
    let config = match claimwatch_notifier::Config::from_args(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("claimwatch-notifier: invalid configuration: {e}");
            return std::process::ExitCode::from(2);
        }
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
