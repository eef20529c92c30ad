use clap::Parser;

/// mimalloc: extraction allocates many small strings and vectors per page, and with the entity
/// dictionary loaded the system allocator spends a fifth of the extraction time in its bins
/// (measured with `make bench-extraction`, whose harness uses the same allocator).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = claimwatch_extractor::Args::parse();
    claimwatch_telemetry::init_logging(args.common.log_format);
    let config = match claimwatch_extractor::Config::from_args(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("claimwatch-extractor: invalid configuration: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    tracing::info!(
        version = claimwatch_telemetry::VERSION,
        bootstrap = %config.kafka.bootstrap,
        kafka_properties = ?config.kafka.redacted(),
        group_id = %config.group_id,
        transactional_id = %config.transactional_id,
        batch_max = config.batch_max,
        metrics_addr = ?config.metrics_addr,
        "starting claimwatch-extractor"
    );
    claimwatch_telemetry::run_service(|shutdown| claimwatch_extractor::run(config, shutdown))
}
