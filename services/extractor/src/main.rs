use clap::Parser;

/// mimalloc: extraction allocates many small strings and vectors per page, and with the entity
/// dictionary loaded the system allocator spends a fifth of the extraction time in its bins
/// (measured with `make bench-extraction`, whose harness uses the same allocator).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc keeps freed pages resident by default: it purges them 10 ms later, and in arenas
/// it commits eagerly it only resets them, which Linux counts as resident until it needs the
/// memory. With immediate purging of decommitted arenas, building the dictionary and
/// extracting the ScrapingHub pages peaks at about 99 MB instead of 135 MB, for the same CPU
/// (`eval_extraction --claims --repeat 3`, same allocator). The option numbers are mimalloc's
/// (the same in its v2 and v3 headers); each is set only if it still has its documented
/// default, so a renumbering in a later mimalloc changes nothing instead of the wrong option.
#[cfg(feature = "mimalloc")]
fn tune_mimalloc() {
    use std::os::raw::c_long;
    // (option, its default, the value wanted)
    const ARENA_EAGER_COMMIT: (i32, c_long, c_long) = (4, 2, 0);
    const PURGE_DELAY: (i32, c_long, c_long) = (15, 10, 0);
    for (option, default, value) in [ARENA_EAGER_COMMIT, PURGE_DELAY] {
        // SAFETY: reading and setting an option of the allocator; no pointer is involved.
        unsafe {
            if libmimalloc_sys::mi_option_get(option) == default {
                libmimalloc_sys::mi_option_set(option, value);
            }
        }
    }
}

fn main() -> std::process::ExitCode {
    #[cfg(feature = "mimalloc")]
    tune_mimalloc();
    let args = claimwatch_extractor::Args::parse();
    claimwatch_telemetry::tune_allocator();
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
