//! Telemetry shared by every claimwatch service: the Prometheus metrics that all stages have,
//! the `/metrics`, `/healthz` and `/readyz` endpoints, logging set-up, and a shutdown signal.
//!
//! Metric names follow `claimwatch_<subsystem>_<noun>_<unit>[_total]`, base units, bounded
//! labels only. Service-specific metrics live in each service's `events` module; the names of
//! the shared ones are written only here.

pub mod args;
pub mod metrics;
mod server;
mod shutdown;

pub use server::{serve, serve_until_shutdown, Health};
pub use shutdown::Shutdown;

use serde::Deserialize;

/// The version every binary reports in `claimwatch_build_info` and in its logs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object per line (for log shippers).
    #[default]
    Json,
    /// Human-readable text (for terminals).
    Text,
}

impl std::str::FromStr for LogFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "json" => Ok(LogFormat::Json),
            "text" => Ok(LogFormat::Text),
            other => Err(format!(
                "unknown log format `{other}`, expected json or text"
            )),
        }
    }
}

/// Install the global tracing subscriber, writing to stderr. The filter comes from `RUST_LOG`
/// (default `info`). Calling it twice is harmless (the second call does nothing).
pub fn init_logging(format: LogFormat) {
    init_logging_with(format, "info");
}

/// Like [`init_logging`], with another default filter when `RUST_LOG` is unset.
pub fn init_logging_with(format: LogFormat, default_filter: &str) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// A service's first steps in `main`: parse its flags (`A`), fix the allocator
/// ([`tune_allocator`]), install logging in the format the flags ask for, then validate the
/// configuration. An invalid one is printed under the service's name and gives exit code 2.
pub fn configure<A: clap::Parser, C>(
    service: &str,
    log_format: impl FnOnce(&A) -> LogFormat,
    from_args: impl FnOnce(A) -> Result<C, String>,
) -> Result<C, std::process::ExitCode> {
    let args = A::parse();
    tune_allocator();
    init_logging(log_format(&args));
    from_args(args).map_err(|e| {
        eprintln!("{service}: invalid configuration: {e}");
        std::process::ExitCode::from(2)
    })
}

/// Run a service's `run(shutdown)` on a multi-threaded runtime, stopping on SIGINT/SIGTERM, and
/// turn its result into the process exit code (0 on a clean stop, 1 on error).
pub fn run_service<F, Fut>(run: F) -> std::process::ExitCode
where
    F: FnOnce(Shutdown) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let code = rt.block_on(async move {
        let shutdown = Shutdown::new();
        shutdown.on_signals();
        match run(shutdown).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "service failed");
                eprintln!("error: {e:#}");
                std::process::ExitCode::FAILURE
            }
        }
    });
    rt.shutdown_timeout(std::time::Duration::from_secs(5));
    code
}

/// Blocks the C library's heap hands out from their own memory mappings (and unmaps when
/// freed): those of 128 KiB and more.
pub const MMAP_THRESHOLD: usize = 128 * 1024;

/// Fix glibc's mmap threshold at [`MMAP_THRESHOLD`]. By default glibc raises the threshold
/// each time a mapped block is freed, so after a while librdkafka's large buffers (a fetched
/// batch decompressed, a produce request) come from the heap arenas instead, and the holes
/// they leave keep memory resident: in `make bench-pipeline`'s whole-pipeline phase the
/// extractor's C heap grew from about 35 to 87 MB with the default, and stayed near 50 MB
/// with the threshold fixed. Call first thing in `main`. A no-op outside glibc.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of glibc's allocator; it takes no pointer.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int);
    }
}

/// Hand the heap's free memory back to the system (glibc keeps what a large build freed, so a
/// service that compiled a dictionary of a hundred MB of temporaries would keep that resident).
/// Call after such a build; a no-op where the C library has no `malloc_trim`, and of no use in
/// a service whose global allocator is another one (the extractor's is mimalloc).
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own heap; it takes no pointer of ours.
    unsafe {
        libc::malloc_trim(0);
    }
}
