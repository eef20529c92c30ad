use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = claimwatch_alerting::Args::parse();
    claimwatch_telemetry::init_logging(args.common.log_format);
    let config = match claimwatch_alerting::Config::from_args(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("claimwatch-alerting: invalid configuration: {e}");
            return std::process::ExitCode::from(2);
        }
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
    claimwatch_telemetry::run_service(|shutdown| claimwatch_alerting::run(config, shutdown))
}
