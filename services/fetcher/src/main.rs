fn main() -> std::process::ExitCode {
    let config = match claimwatch_telemetry::configure(
        "claimwatch-fetcher",
        |a: &claimwatch_fetcher::Args| a.common.log_format,
        claimwatch_fetcher::Config::from_args,
    ) {
        Ok(c) => c,
        Err(code) => return code,
    };
    tracing::info!(
        version = claimwatch_telemetry::VERSION,
        bootstrap = %config.kafka.bootstrap,
        kafka_properties = ?config.kafka.redacted(),
        sources = config.sources.len(),
        once = config.once,
        metrics_addr = ?config.metrics_addr,
        user_agent = %config.http.user_agent,
        timeout_secs = config.http.timeout.as_secs(),
        connect_timeout_secs = config.http.connect_timeout.as_secs(),
        max_body_bytes = config.http.max_body_bytes,
        max_decompressed_bytes = config.http.max_decompressed_bytes,
        max_redirects = config.http.max_redirects,
        host_rate_per_sec = config.http.host_rate_per_sec,
        max_concurrency = config.http.max_concurrency,
        robots = config.http.robots,
        retries = config.http.retries,
        ssrf_allow_nets = ?config.http.ssrf.allow_nets,
        ssrf_allow_hosts = ?config.http.ssrf.allow_hosts,
        reload = ?config.reload,
        health_events = config.health_events,
        "starting claimwatch-fetcher"
    );
    claimwatch_telemetry::run_service(|shutdown| claimwatch_fetcher::run(config, shutdown))
}
