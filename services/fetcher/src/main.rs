use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = claimwatch_fetcher::Args::parse();
    claimwatch_telemetry::init_logging(args.common.log_format);
    let config = match claimwatch_fetcher::Config::from_args(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("claimwatch-fetcher: invalid configuration: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    tracing::info!(
        version = claimwatch_telemetry::VERSION,
        bootstrap = %config.kafka.bootstrap,
        kafka_properties = ?config.kafka.redacted(),
        sources = config.sources.len(),
        once = config.once,
        metrics_addr = ?config.metrics_addr,
        "starting claimwatch-fetcher"
    );
    claimwatch_telemetry::run_service(|shutdown| claimwatch_fetcher::run(config, shutdown))
}
