/// mimalloc: extraction allocates many small strings and vectors per page, and with the entity
/// dictionary loaded the system allocator spends a fifth of the extraction time in its bins
/// (measured with `make bench-extraction`, whose harness uses the same allocator).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's settings for this service, read from the environment when it starts (before
/// `main`, so they cannot be set from inside): by default mimalloc keeps freed pages resident
/// for a while, and in arenas it commits eagerly it only resets them, which Linux still counts
/// as resident. Purging at once from lazily committed arenas, building the dictionary and
/// extracting the ScrapingHub pages peaks at about 99 MB instead of 135 MB, for the same CPU
/// (`eval_extraction --claims --repeat 3`, the same allocator). A value an operator set wins.
#[cfg(feature = "mimalloc")]
const MIMALLOC_ENV: [(&str, &str); 2] = [
    ("MIMALLOC_ARENA_EAGER_COMMIT", "0"),
    ("MIMALLOC_PURGE_DELAY", "0"),
];

/// Start again with [`MIMALLOC_ENV`] if any of it is missing from the environment (the same
/// process: `exec` keeps its pid). Returns if that is not possible; the service then runs
/// with mimalloc's defaults.
#[cfg(feature = "mimalloc")]
fn with_mimalloc_env() {
    use std::os::unix::process::CommandExt;
    let missing: Vec<_> = MIMALLOC_ENV
        .iter()
        .filter(|(k, _)| std::env::var_os(k).is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut cmd = std::process::Command::new(exe);
    cmd.args(std::env::args_os().skip(1));
    for (k, v) in missing {
        cmd.env(k, v);
    }
    let err = cmd.exec();
    eprintln!("claimwatch-extractor: could not restart with mimalloc's settings ({err}); running with its defaults");
}

fn main() -> std::process::ExitCode {
    #[cfg(feature = "mimalloc")]
    with_mimalloc_env();
    let config = match claimwatch_telemetry::configure(
        "claimwatch-extractor",
        |a: &claimwatch_extractor::Args| a.common.log_format,
        claimwatch_extractor::Config::from_args,
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
        batch_max = config.batch_max,
        metrics_addr = ?config.metrics_addr,
        "starting claimwatch-extractor"
    );
    claimwatch_telemetry::run_service(|shutdown| claimwatch_extractor::run(config, shutdown))
}
