//! Helpers: the broker address, service processes, temp folders, reading topics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use claimwatch_kafka::reader::{read_topic, OwnedRecord, Start};
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::topics;

/// The real broker's address. Tests that need it fail loudly without it.
pub fn bootstrap() -> String {
    std::env::var("CLAIMWATCH_TEST_BOOTSTRAP").unwrap_or_else(|_| {
        panic!(
            "CLAIMWATCH_TEST_BOOTSTRAP is not set: run `make test`, which starts a real Kafka \
             broker, or export the address of one"
        )
    })
}

pub fn kafka() -> KafkaSettings {
    let mut k = KafkaSettings::new(bootstrap());
    k.connect_timeout = Duration::from_secs(20);
    k
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Path of a workspace binary, built by `cargo build --bins` next to this test executable.
pub fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binary lives in target/<profile>/deps");
    let p = dir.join(name);
    assert!(
        p.exists(),
        "{} not found: run `cargo build --bins` first (the Makefile does)",
        p.display()
    );
    p
}

/// A fresh folder under the system temp dir, unique to this process and call.
pub fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let p = std::env::temp_dir().join(format!(
        "claimwatch-it-{tag}-{}-{}-{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&p).expect("create temp dir");
    p
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A service running as an OS process; killed when dropped.
pub struct Service {
    pub name: String,
    child: Option<Child>,
    pub log: PathBuf,
    pub metrics_port: u16,
}

impl Service {
    /// Start `binary` with `args` and environment `env` (on top of a minimal inherited one).
    pub fn start(binary: &str, args: &[&str], env: &[(&str, String)], logs: &Path) -> Service {
        let metrics_port = free_port();
        let log = logs.join(format!("{binary}-{}.log", free_port()));
        let file = std::fs::File::create(&log).expect("log file");
        let mut cmd = Command::new(bin(binary));
        cmd.args(args)
            .current_dir(repo_root())
            .env("CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS", bootstrap())
            .env(
                "CLAIMWATCH_METRICS_ADDR",
                format!("127.0.0.1:{metrics_port}"),
            )
            .env("CLAIMWATCH_LOG_FORMAT", "text")
            .env("CLAIMWATCH_BROKER_TIMEOUT_SECS", "30")
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(file.try_clone().expect("dup log"))
            .stderr(file);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {binary}: {e}"));
        Service {
            name: binary.to_string(),
            child: Some(child),
            log,
            metrics_port,
        }
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no chance to finish the open transaction.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// SIGTERM, then wait (bounded) for the exit status.
    pub fn terminate(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let mut c = self.child.take()?;
        let _ = Command::new("kill")
            .args(["-TERM", &c.id().to_string()])
            .status();
        let deadline = Instant::now() + within;
        loop {
            if let Ok(Some(status)) = c.try_wait() {
                return Some(status);
            }
            if Instant::now() > deadline {
                let _ = c.kill();
                let _ = c.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait for the process to exit by itself (bounded).
    pub fn wait_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let c = self.child.as_mut()?;
        let deadline = Instant::now() + within;
        loop {
            if let Ok(Some(status)) = c.try_wait() {
                self.child = None;
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }

    /// Value of one sample on the service's `/metrics`, e.g.
    /// `claimwatch_stage_records_committed_total{stage="extractor"}`.
    pub fn metric(&self, sample: &str) -> Option<f64> {
        let (_, body) = self.http_get("/metrics")?;
        body.lines()
            .find(|l| l.starts_with(sample) && l[sample.len()..].starts_with(' '))
            .and_then(|l| l.rsplit(' ').next()?.parse().ok())
    }

    /// GET a path from the service's metrics endpoint (plain HTTP/1.0 over TCP).
    pub fn http_get(&self, path: &str) -> Option<(u16, String)> {
        http_get(self.metrics_port, path)
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Minimal HTTP GET against 127.0.0.1:port.
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

/// Run `cmd` to its end with its output captured, as `Command::output` does, but for at most
/// `within`: a child that hangs past it (a client waiting forever on a server that dropped its
/// request) is killed and the test fails with what it printed so far.
pub fn output_within(cmd: &mut std::process::Command, within: Duration) -> std::process::Output {
    use std::io::Read;
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + within;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    );
    let Some(status) = status else {
        panic!(
            "{cmd:?} still running after {within:?}, killed; it printed:\n{}\n{}",
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        );
    };
    std::process::Output {
        status,
        stdout,
        stderr,
    }
}

/// Poll `f` until it returns `Some`, at most `within`.
pub fn wait_for<T>(within: Duration, f: impl FnMut() -> Option<T>) -> Option<T> {
    wait_for_every(within, Duration::from_millis(250), f)
}

/// Poll `f` every `every` until it returns `Some`, at most `within`.
pub fn wait_for_every<T>(
    within: Duration,
    every: Duration,
    mut f: impl FnMut() -> Option<T>,
) -> Option<T> {
    let deadline = Instant::now() + within;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(every);
    }
}

/// Every committed record of `topic` (read_committed, from the beginning to the current end).
pub fn read_all(topic: &str) -> Vec<OwnedRecord> {
    let mut out = Vec::new();
    read_topic(
        &kafka(),
        topic,
        Start::Beginning,
        false,
        Some(Instant::now() + Duration::from_secs(60)),
        |r| {
            out.push(r);
            true
        },
    )
    .expect("read topic");
    out
}

/// Count occurrences of each value.
pub fn counts<I: IntoIterator<Item = String>>(items: I) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for i in items {
        *m.entry(i).or_default() += 1;
    }
    m
}

/// Write a sources file with one `dir` source over `dir`; returns its path.
pub fn dir_sources_file(at: &Path, id: &str, dir: &Path, interval_secs: u64) -> PathBuf {
    let p = at.join("sources.toml");
    std::fs::write(
        &p,
        format!(
            "[[source]]\nid = \"{id}\"\nkind = \"dir\"\npath = \"{}\"\ninterval_secs = {interval_secs}\n",
            dir.display()
        ),
    )
    .expect("write sources");
    p
}

/// Create the pipeline topics if missing (the services would too; tests that produce before
/// starting a service need them first).
pub fn ensure_topics() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    rt.block_on(claimwatch_kafka::admin::ensure_topics(
        &kafka(),
        &claimwatch_kafka::admin::pipeline_topics(3, 1),
    ))
    .expect("create topics");
}

/// Start the fetcher with `--once` over a sources file.
pub fn fetcher_once(sources: &Path, work: &Path) -> Service {
    Service::start(
        "claimwatch-fetcher",
        &[],
        &[
            (
                "CLAIMWATCH_FETCHER_SOURCES_FILE",
                sources.display().to_string(),
            ),
            ("CLAIMWATCH_FETCHER_ONCE", "true".into()),
        ],
        work,
    )
}

/// Publish every file of `dir` once (the fetcher with `--once` over a `dir` source `id`) and
/// wait, at most `within`, for it to finish successfully.
pub fn publish_dir_once(work: &Path, id: &str, dir: &Path, within: Duration) {
    let sources = dir_sources_file(work, id, dir, 3600);
    let mut fetcher = fetcher_once(&sources, work);
    assert!(
        fetcher.wait_exit(within).is_some_and(|s| s.success()),
        "fetcher --once did not finish\n{}",
        fetcher.log_text()
    );
}

/// Commit `group`'s offsets at the current end of `topic`, so a new group reads only what comes
/// next (the topics are shared with the other tests).
pub fn start_group_at_end(group: &str, topic: &str) {
    use claimwatch_kafka::rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
    use claimwatch_kafka::rdkafka::{Offset, TopicPartitionList};
    let c: BaseConsumer = kafka()
        .config_with(&[("group.id", group), ("enable.auto.commit", "false")])
        .create()
        .unwrap();
    // Topics created a moment ago (a fresh broker) may have no partitions in the metadata or no
    // leader yet: wait until every partition's end can be read.
    let ends = || -> Option<TopicPartitionList> {
        let md = c
            .fetch_metadata(Some(topic), Duration::from_secs(10))
            .ok()?;
        let t = md.topics().first().filter(|t| t.error().is_none())?;
        let mut tpl = TopicPartitionList::new();
        for p in t.partitions() {
            let (_, high) = c
                .fetch_watermarks(topic, p.id(), Duration::from_secs(10))
                .ok()?;
            tpl.add_partition_offset(topic, p.id(), Offset::Offset(high))
                .ok()?;
        }
        (tpl.count() > 0).then_some(tpl)
    };
    let tpl = wait_for(Duration::from_secs(30), ends)
        .unwrap_or_else(|| panic!("the end of {topic} not readable within 30 s"));
    c.commit(&tpl, CommitMode::Sync).unwrap();
}

/// The `file://` URL (= canonical URL) the dir source gives a file.
pub fn file_url(p: &Path) -> String {
    let abs = std::fs::canonicalize(p).expect("canonical path");
    format!("file://{}", abs.display())
}

/// `promtool check metrics` over an exposition.
pub fn promtool_check(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("promtool not runnable (install Debian's `prometheus`): {e}"))?;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A claim with every field filled in plainly; tests override what they look at.
pub fn plain_claim(article_url: &str, source_id: &str, text: &str) -> claimwatch_model::ClaimEvent {
    let article_id = claimwatch_model::ids::article_id(article_url);
    claimwatch_model::ClaimEvent {
        claim_id: claimwatch_model::ids::claim_id(&article_id, 0, text),
        article_id,
        article_url: article_url.into(),
        article_title: None,
        source_id: source_id.into(),
        text: text.into(),
        sentence_index: 0,
        start: 0,
        end: text.len() as i32,
        speaker: None,
        cue: None,
        entities: Vec::new(),
        hedged: false,
        hedge_cue: None,
        published_at: None,
        fetched_at: 0,
        language: Some("en".into()),
        extractor_version: "it".into(),
        dictionary_version: "it".into(),
        claim_index: 0,
        claims_in_article: 1,
        attribution_chain: Vec::new(),
        dates: Vec::new(),
        date_reference: None,
        story_signature: Vec::new(),
    }
}

/// Copy the sample articles into `work/articles` and return that folder.
pub fn sample_articles(work: &Path) -> PathBuf {
    let articles = work.join("articles");
    std::fs::create_dir_all(&articles).expect("articles dir");
    for entry in std::fs::read_dir(repo_root().join("samples/articles")).expect("samples") {
        let p = entry.expect("sample").path();
        std::fs::copy(&p, articles.join(p.file_name().expect("file name"))).expect("copy");
    }
    articles
}

/// The alerting group (application) of the test `tag`: state and candidates of its own.
pub fn alerting_group(tag: &str) -> String {
    format!("it-{tag}-alerting-group")
}

/// Environment of an alerting service with the shipped watch topics, the group
/// [`alerting_group`] and the transactional id `it-<tag>-alerting` (a restart with the same tag
/// fences the previous instance).
pub fn alerting_env(tag: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CLAIMWATCH_ALERTING_GROUP_ID", alerting_group(tag)),
        (
            "CLAIMWATCH_ALERTING_WATCH_FILE",
            repo_root()
                .join("samples/watch-topics.toml")
                .display()
                .to_string(),
        ),
        (
            "CLAIMWATCH_ALERTING_TRANSACTIONAL_ID",
            format!("it-{tag}-alerting"),
        ),
    ]
}

/// The three services as OS processes against the broker.
pub struct Pipeline {
    pub fetcher: Service,
    pub extractor: Service,
    pub alerting: Service,
}

impl Pipeline {
    /// Start the fetcher over a `dir` source on `articles` (polled every 2 s), the extractor
    /// (`it-<tag>-extractor`, in a group of its own) and alerting ([`alerting_env`]). Both
    /// groups start at the current end of their input, so the test sees only its own records,
    /// not what earlier tests left. `common` goes to all three, `alerting_extra` to alerting
    /// only.
    pub fn start(
        work: &Path,
        tag: &str,
        articles: &Path,
        common: &[(&str, String)],
        alerting_extra: &[(&str, String)],
    ) -> Pipeline {
        // The groups are placed at the ends of the topics, which must exist for that (a fresh
        // broker has none yet).
        ensure_topics();
        let extractor_group = format!("it-{tag}-extractor-group");
        start_group_at_end(&extractor_group, topics::ARTICLES_RAW);
        start_group_at_end(&alerting_group(tag), topics::ARTICLES);
        start_group_at_end(
            &format!("{}-state", alerting_group(tag)),
            topics::ALERT_CANDIDATES,
        );
        let sources = dir_sources_file(work, &format!("it-{tag}"), articles, 2);
        let with = |own: Vec<(&'static str, String)>| -> Vec<(&str, String)> {
            own.into_iter().chain(common.iter().cloned()).collect()
        };
        let fetcher = Service::start(
            "claimwatch-fetcher",
            &[],
            &with(vec![(
                "CLAIMWATCH_FETCHER_SOURCES_FILE",
                sources.display().to_string(),
            )]),
            work,
        );
        let extractor = Service::start(
            "claimwatch-extractor",
            &[],
            &with(vec![
                (
                    "CLAIMWATCH_EXTRACTOR_TRANSACTIONAL_ID",
                    format!("it-{tag}-extractor"),
                ),
                ("CLAIMWATCH_EXTRACTOR_GROUP_ID", extractor_group),
            ]),
            work,
        );
        let mut alerting_vars = with(alerting_env(tag));
        alerting_vars.extend(alerting_extra.iter().cloned());
        let alerting = Service::start("claimwatch-alerting", &[], &alerting_vars, work);
        Pipeline {
            fetcher,
            extractor,
            alerting,
        }
    }
}

/// Run the `claimwatch` CLI against the test broker: (success, stdout, stderr).
pub fn cli(args: &[&str]) -> (bool, String, String) {
    // Bounded like every child of the tests: a CLI that hangs fails the test with what it
    // printed instead of holding CI to its limit.
    let out = output_within(
        std::process::Command::new(bin("claimwatch"))
            .args(args)
            .env("CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS", bootstrap()),
        Duration::from_secs(300),
    );
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fetched HTML page as the fetcher publishes it (`source_id` names the test).
pub fn raw_html(url: &str, source_id: &str, body: &str) -> claimwatch_model::RawArticle {
    use claimwatch_model::ids;
    claimwatch_model::RawArticle {
        article_id: ids::article_id(url),
        url: url.to_string(),
        canonical_url: url.to_string(),
        source_id: source_id.into(),
        fetched_at: 1_760_000_000_000,
        http_status: Some(200),
        content_type: Some("text/html".into()),
        declared_charset: Some("utf-8".into()),
        language_hint: None,
        body: body.as_bytes().to_vec(),
        content_hash: ids::sha256_hex(body.as_bytes()),
    }
}

#[test]
fn output_within_returns_what_a_command_prints_and_kills_one_that_hangs() {
    let out = output_within(
        std::process::Command::new("sh").args(["-c", "echo out; echo err >&2"]),
        Duration::from_secs(30),
    );
    assert!(out.status.success());
    assert_eq!(out.stdout, b"out\n");
    assert_eq!(out.stderr, b"err\n");
    let hung = std::panic::catch_unwind(|| {
        output_within(
            std::process::Command::new("sh").args(["-c", "echo started; exec sleep 600"]),
            Duration::from_millis(500),
        )
    });
    let message = hung.expect_err("a hung child fails the test");
    let text = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        text.contains("killed") && text.contains("started"),
        "{text}"
    );
}
