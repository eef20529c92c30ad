//! `claimwatch demo`: the whole pipeline in one process on librdkafka's embedded mock cluster.
//!
//! The three services run exactly the code they run in production (`run(config, shutdown)`),
//! against an in-process broker, over the sample corpus. The mock cluster accepts transactional
//! calls but does not honour them, so exactly-once is proven by the real-broker tests instead.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use claimwatch_kafka::rdkafka::mocking::MockCluster;
use claimwatch_kafka::reader::{read_topic, Start};
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::{topics, Alert};
use claimwatch_schema::Codec;
use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_telemetry::{LogFormat, Shutdown};

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Folder of articles to publish through a `dir` source.
    #[arg(long, default_value = "samples/articles")]
    samples: PathBuf,
    /// Watch-topic file.
    #[arg(long, default_value = "samples/watch-topics.toml")]
    watch: PathBuf,
    /// Give up if the pipeline has not drained after this many seconds.
    #[arg(long, default_value_t = 120)]
    timeout_secs: u64,
}

pub fn main(a: DemoArgs) -> ExitCode {
    claimwatch_telemetry::init_logging_with(LogFormat::Text, "warn");
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("claimwatch demo: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("claimwatch demo: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Counts that tell when every stage has caught up.
struct Progress {
    fetcher: StageMetrics,
    extractor: StageMetrics,
    alerting: StageMetrics,
    alerting_state: StageMetrics,
}

/// Articles published, extracted, article events, matched; candidates, decided.
type Snapshot = (u64, u64, u64, u64, u64, u64);

impl Progress {
    fn snapshot(&self) -> Snapshot {
        (
            self.fetcher.produced_so_far(topics::ARTICLES_RAW),
            self.extractor.committed.get(),
            self.extractor.produced_so_far(topics::ARTICLES),
            self.alerting.committed.get(),
            self.alerting.produced_so_far(topics::ALERT_CANDIDATES),
            self.alerting_state.committed.get(),
        )
    }

    fn drained(s: &Snapshot) -> bool {
        s.1 >= s.0 && s.3 >= s.2 && s.5 >= s.4
    }
}

async fn run(a: DemoArgs) -> anyhow::Result<()> {
    if !a.samples.is_dir() {
        anyhow::bail!(
            "sample folder {} not found (run from the repository root)",
            a.samples.display()
        );
    }
    let watch_source = std::fs::read_to_string(&a.watch)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", a.watch.display()))?;

    let cluster = MockCluster::new(1)?;
    for (name, _) in topics::ALL {
        cluster.create_topic(name, 3, 1)?;
        cluster.create_topic(&topics::dlq(name), 1, 1)?;
    }
    let mut kafka = KafkaSettings::new(cluster.bootstrap_servers());
    kafka.connect_timeout = Duration::from_secs(10);

    let shutdown = Shutdown::new();
    let extractor = claimwatch_extractor::Config {
        kafka: kafka.clone(),
        metrics_addr: None,
        group_id: "claimwatch-extractor".into(),
        transactional_id: "demo-extractor".into(),
        batch_max: 100,
        batch_linger: Duration::from_millis(20),
        batch_idle: Some(Duration::from_millis(5)),
        create_topics: false,
        topic_partitions: 3,
        schema_registry: None,
        legacy_claims: false,
        follow_entities: false,
    };
    let alerting = claimwatch_alerting::Config {
        kafka: kafka.clone(),
        metrics_addr: None,
        watch_source,
        watch_path: a.watch.clone(),
        group_id: "claimwatch-alerting".into(),
        transactional_id: "demo-alerting".into(),
        batch_max: 100,
        batch_linger: Duration::from_millis(20),
        batch_idle: Some(Duration::from_millis(5)),
        create_topics: false,
        topic_partitions: 3,
        schema_registry: None,
        story: Default::default(),
    };
    let ex = tokio::spawn(claimwatch_extractor::run(extractor, shutdown.clone()));
    let al = tokio::spawn(claimwatch_alerting::run(alerting, shutdown.clone()));

    let source = claimwatch_fetcher::SourceSpec {
        id: "samples".into(),
        kind: claimwatch_fetcher::SourceKind::Dir {
            path: a.samples.clone(),
        },
        interval_secs: 60,
        language: None,
        tags: vec![],
    };
    let fetcher = claimwatch_fetcher::Config::for_sources(kafka.clone(), vec![source]);
    claimwatch_fetcher::run(fetcher, shutdown.clone()).await?;

    let progress = Progress {
        fetcher: StageMetrics::new(claimwatch_fetcher::STAGE),
        extractor: StageMetrics::new(claimwatch_extractor::STAGE),
        alerting: StageMetrics::new(claimwatch_alerting::STAGE),
        alerting_state: StageMetrics::new(claimwatch_alerting::STAGE_STATE),
    };
    let deadline = Instant::now() + Duration::from_secs(a.timeout_secs);
    let mut stable_since: Option<(Instant, Snapshot)> = None;
    loop {
        if ex.is_finished() || al.is_finished() {
            break; // a service stopped early: its error is reported below
        }
        let s = progress.snapshot();
        let drained = Progress::drained(&s);
        match stable_since {
            Some((t, prev)) if prev == s && drained && t.elapsed() > Duration::from_millis(300) => {
                break
            }
            Some((_, prev)) if prev == s => {}
            _ => stable_since = Some((Instant::now(), s)),
        }
        if Instant::now() > deadline {
            shutdown.trigger();
            anyhow::bail!(
                "pipeline did not drain within {}s (published {}, extracted {}, article events {}, matched {}, candidates {}, decided {})",
                a.timeout_secs, s.0, s.1, s.2, s.3, s.4, s.5
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    shutdown.trigger();
    ex.await??;
    al.await??;

    let codec = Codec::<Alert>::new()?;
    let mut alerts = Vec::new();
    let k = kafka.clone();
    let records = tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        read_topic(
            &k,
            topics::ALERTS,
            Start::Beginning,
            false,
            Some(Instant::now() + Duration::from_secs(20)),
            |r| {
                out.push(r);
                true
            },
        )
        .map(|_| out)
    })
    .await??;
    for r in records {
        if let Some(p) = r.payload {
            alerts.push(codec.decode(&p)?);
        }
    }
    alerts.sort_by(|x, y| {
        (&x.watch_topic_id, &x.article_url).cmp(&(&y.watch_topic_id, &y.article_url))
    });
    for alert in &alerts {
        println!("{}", serde_json::to_string(alert)?);
    }
    let (articles, _, extracted, ..) = progress.snapshot();
    let dead_letters = progress.extractor.dead_letters.get()
        + progress.alerting.dead_letters.get()
        + progress.alerting_state.dead_letters.get();
    eprintln!(
        "claimwatch demo: {articles} articles, {extracted} extracted, {} alerts, {dead_letters} dead letters",
        alerts.len()
    );
    drop(cluster);
    Ok(())
}
