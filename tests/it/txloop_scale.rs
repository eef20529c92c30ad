//! Scaling out the transactional loop: two instances share the input partitions; one is
//! SIGKILLed in the middle of its work. The other must take its partitions over within 10 s
//! and, read as a `read_committed` consumer, the output must hold every input exactly once.
//!
//! The instances are this test binary run again as child processes (the ignored test
//! `txloop_child`), each running `txloop::run` with a processor that copies its input to an
//! output topic of the test's own, stamped with the instance's id: the test's topics and group
//! are unique, so nothing else on the broker interferes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use claimwatch_kafka::admin::{ensure_topics, TopicSpec};
use claimwatch_kafka::dlq::Failure;
use claimwatch_kafka::rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use claimwatch_kafka::reader::OwnedRecord;
use claimwatch_kafka::txloop::{
    self, each_record, BatchResult, LoopConfig, Output, Processor, Record,
};
use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_telemetry::Shutdown;

use crate::harness::*;

const PARTITIONS: i32 = 4;
const CHILD_ENV: &str = "CLAIMWATCH_IT_TXLOOP_CHILD";

/// Copies each input record to the output topic as `<instance>|<payload>`, key kept; sleeps a
/// little per record so that transactions are open most of the time.
struct Copy {
    out: String,
    instance: String,
    per_record: Duration,
}

impl Processor for Copy {
    fn process_batch(&mut self, batch: &[Record<'_>], metrics: &StageMetrics) -> BatchResult {
        each_record(batch, metrics, |r| self.process(r))
    }
}

impl Copy {
    fn process(&mut self, r: &Record<'_>) -> Result<Vec<Output>, Failure> {
        std::thread::sleep(self.per_record);
        let mut payload = format!("{}|", self.instance).into_bytes();
        payload.extend_from_slice(r.payload.unwrap_or_default());
        Ok(vec![Output::new(
            self.out.clone(),
            r.key.unwrap_or_default().to_vec(),
            payload,
        )])
    }
}

/// The child process: runs the loop until it is killed. Does nothing unless started by
/// [`spawn_instance`].
#[test]
#[ignore = "run as a child process by crashed_instance_partitions_move_within_10s"]
fn txloop_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    claimwatch_telemetry::init_logging(claimwatch_telemetry::LogFormat::Text);
    let parts: Vec<&str> = spec.split(',').collect();
    let [input, output, group, instance] = parts[..] else {
        panic!("{CHILD_ENV} must be input,output,group,instance");
    };
    let mut cfg = LoopConfig::new(input, group, &format!("{group}-{instance}"));
    cfg.batch_max = 20;
    let mut p = Copy {
        out: output.to_string(),
        instance: instance.to_string(),
        per_record: Duration::from_millis(10),
    };
    let metrics = StageMetrics::new("it-txloop");
    // With the operator's CLAIMWATCH_KAFKA_* properties, as a service would run.
    let settings = claimwatch_kafka::KafkaSettings::from_env(&bootstrap(), Duration::from_secs(20));
    txloop::run(&settings, &cfg, &mut p, &metrics, &Shutdown::new()).expect("loop");
}

/// A child process killed when dropped (also when the test panics).
struct Instance(Child);

impl Drop for Instance {
    fn drop(&mut self) {
        kill(&mut self.0);
    }
}

fn spawn_instance(work: &Path, input: &str, output: &str, group: &str, instance: &str) -> Instance {
    let log = std::fs::File::create(work.join(format!("{instance}.log"))).expect("log");
    Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "txloop_scale::txloop_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, format!("{input},{output},{group},{instance}"))
        .env("CLAIMWATCH_TEST_BOOTSTRAP", bootstrap())
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("dup"))
        .stderr(log)
        .spawn()
        .map(Instance)
        .expect("spawn child")
}

fn produce(input: &str, from: usize, to: usize) {
    produce_on(input, from, to, PARTITIONS)
}

/// Records `k<i>` = `v<i>` for `i` in `from..to`, on partition `i % partitions`.
fn produce_on(input: &str, from: usize, to: usize, partitions: i32) {
    let producer: BaseProducer = kafka()
        .config_with(&[("enable.idempotence", "true"), ("linger.ms", "5")])
        .create()
        .expect("producer");
    for i in from..to {
        let key = format!("k{i:05}");
        let payload = format!("v{i}");
        let partition = (i % partitions as usize) as i32;
        let mut rec = BaseRecord::to(input)
            .key(&key)
            .payload(&payload)
            .partition(partition);
        loop {
            match producer.send(rec) {
                Ok(()) => break,
                Err((_, r)) => {
                    rec = r;
                    producer.poll(Duration::from_millis(10));
                }
            }
        }
        producer.poll(Duration::ZERO);
    }
    producer.flush(Duration::from_secs(30)).expect("flush");
}

/// Output records by input key: (instance, partition) of every copy.
fn copies(output: &str) -> HashMap<String, Vec<(String, i32)>> {
    let mut m: HashMap<String, Vec<(String, i32)>> = HashMap::new();
    for r in read_all(output) {
        let OwnedRecord { key, payload, .. } = &r;
        let key = String::from_utf8_lossy(key.as_deref().unwrap_or_default()).to_string();
        let payload = String::from_utf8_lossy(payload.as_deref().unwrap_or_default()).to_string();
        let instance = payload.split('|').next().unwrap_or_default().to_string();
        let i: usize = key[1..].parse().expect("key k<number>");
        m.entry(key)
            .or_default()
            .push((instance, (i % PARTITIONS as usize) as i32));
    }
    m
}

/// A read_committed consumer of every partition of a copy topic from the beginning, in a thread
/// of its own: when each record became visible, without the cost of re-reading the topic.
/// Records (key, instance, input partition, when seen).
/// (key, instance, input partition, when seen).
type Seen = (String, String, i32, Instant);

struct Tail {
    seen: std::sync::Arc<std::sync::Mutex<Vec<Seen>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Tail {
    fn start(topic: &str, partitions: i32) -> Tail {
        use claimwatch_kafka::rdkafka::consumer::{BaseConsumer, Consumer};
        use claimwatch_kafka::rdkafka::{Message, Offset, TopicPartitionList};
        let consumer: BaseConsumer = kafka()
            .config_with(&[
                ("group.id", "it-tail-unused"),
                ("enable.auto.commit", "false"),
                ("isolation.level", "read_committed"),
            ])
            .create()
            .expect("tail consumer");
        let mut tpl = TopicPartitionList::new();
        for p in 0..partitions {
            tpl.add_partition_offset(topic, p, Offset::Beginning)
                .expect("tpl");
        }
        consumer.assign(&tpl).expect("assign");
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (s, st) = (seen.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !st.load(std::sync::atomic::Ordering::SeqCst) {
                if let Some(Ok(m)) = consumer.poll(Duration::from_millis(50)) {
                    let key = String::from_utf8_lossy(m.key().unwrap_or_default()).to_string();
                    let payload = String::from_utf8_lossy(m.payload().unwrap_or_default());
                    let instance = payload.split('|').next().unwrap_or_default().to_string();
                    // The input partition the record was copied from (see `produce_on`).
                    let input_partition = key[1..]
                        .parse::<usize>()
                        .map_or(-1, |i| (i % partitions as usize) as i32);
                    s.lock()
                        .unwrap()
                        .push((key, instance, input_partition, Instant::now()));
                }
            }
        });
        Tail {
            seen,
            stop,
            thread: Some(thread),
        }
    }

    fn snapshot(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Tail {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn key_index(k: &str) -> usize {
    k[1..].parse().expect("key k<number>")
}

fn wait_complete(
    output: &str,
    n: usize,
    within: Duration,
) -> Option<HashMap<String, Vec<(String, i32)>>> {
    wait_for_every(within, Duration::from_millis(100), || {
        let c = copies(output);
        (c.len() >= n).then_some(c)
    })
}

fn kill(c: &mut Child) {
    let _ = c.kill();
    let _ = c.wait();
}

#[test]
fn crashed_instance_partitions_move_within_10s() {
    let work = temp_dir("takeover");
    let tag = work
        .file_name()
        .and_then(|n| n.to_str())
        .expect("temp dir name")
        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-");
    let input = format!("it-{tag}-in");
    let output = format!("it-{tag}-out");
    let group = format!("it-{tag}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    rt.block_on(ensure_topics(
        &kafka(),
        &[
            TopicSpec::new(&input, PARTITIONS, false),
            TopicSpec::new(&output, PARTITIONS, false),
            TopicSpec::new(claimwatch_model::topics::dlq(&input), 1, false),
        ],
    ))
    .expect("topics");

    let mut a = spawn_instance(&work, &input, &output, &group, "a");
    let mut b = spawn_instance(&work, &input, &output, &group, "b");
    let logs = || {
        ["a", "b"]
            .iter()
            .map(|i| {
                format!(
                    "--- {i}\n{}",
                    std::fs::read_to_string(work.join(format!("{i}.log"))).unwrap_or_default()
                )
            })
            .collect::<String>()
    };

    // Both in the group (b joined second, so its assignment is the rebalance with both).
    let both = wait_for(Duration::from_secs(60), || {
        let has = |i: &str| {
            std::fs::read_to_string(work.join(format!("{i}.log")))
                .unwrap_or_default()
                .contains("partitions assigned")
        };
        (has("a") && has("b")).then_some(())
    });
    assert!(both.is_some(), "instances never got partitions\n{}", logs());

    // Phase 1: both instances working; find out which partitions `a` owns.
    let first = 200;
    produce(&input, 0, first);
    let done = wait_complete(&output, first, Duration::from_secs(90))
        .unwrap_or_else(|| panic!("phase 1 incomplete\n{}", logs()));
    let mut owners: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
    for v in done.values() {
        for (inst, p) in v {
            owners.entry(*p).or_default().insert(inst.clone());
        }
    }
    let a_parts: BTreeSet<i32> = owners
        .iter()
        .filter(|(_, o)| o.contains("a"))
        .map(|(p, _)| *p)
        .collect();
    assert!(
        owners.values().any(|o| o.contains("b")) && !a_parts.is_empty(),
        "both instances should own partitions: {owners:?}\n{}",
        logs()
    );

    // Phase 2: a backlog; SIGKILL `a` while it is in the middle of it.
    let tail = Tail::start(&output, PARTITIONS);
    let total = first + 600;
    produce(&input, first, total);
    let a_busy = wait_for_every(Duration::from_secs(60), Duration::from_millis(10), || {
        let n = tail
            .snapshot()
            .iter()
            .filter(|(k, i, _, _)| key_index(k) >= first && i == "a")
            .count();
        (n >= 40).then_some(n)
    });
    assert!(a_busy.is_some(), "instance a made no progress\n{}", logs());
    kill(&mut a.0);
    let killed_at = Instant::now();
    let at_kill = tail.snapshot();
    let before = at_kill.len();
    assert!(
        before < total,
        "all done before the kill: the test proves nothing"
    );
    // Who owned what since both joined, up to the kill.
    let owned_by = |who: &str| -> BTreeSet<i32> {
        at_kill
            .iter()
            .filter(|(_, i, _, _)| i == who)
            .map(|(_, _, p, _)| *p)
            .collect()
    };
    let a_parts = owned_by("a");
    assert!(
        a_parts.is_disjoint(&owned_by("b")),
        "a and b shared partitions before the kill: a {a_parts:?}, b {:?}",
        owned_by("b")
    );

    // Taken over: b's copies of records of every partition of a's are visible to a
    // read_committed reader (so a's open transaction was aborted too).
    let taken_over = wait_for_every(Duration::from_secs(60), Duration::from_millis(20), || {
        let mut first_seen: BTreeMap<i32, Instant> = BTreeMap::new();
        for (_, i, p, at) in tail.snapshot() {
            if i == "b" && a_parts.contains(&p) && at > killed_at {
                first_seen.entry(p).or_insert(at);
            }
        }
        (first_seen.len() == a_parts.len())
            .then(|| first_seen.values().max().map(|t| *t - killed_at))
            .flatten()
    });
    let took = taken_over.unwrap_or_else(|| {
        panic!(
            "a's partitions not taken over 60 s after the kill\n{}",
            logs()
        )
    });
    // One more record on each partition after the kill: every record comes out.
    produce(&input, total, total + PARTITIONS as usize);
    let all = total + PARTITIONS as usize;
    let found = wait_complete(&output, all, Duration::from_secs(90))
        .unwrap_or_else(|| panic!("records missing 90 s after the kill\n{}", logs()));
    eprintln!(
        "instance a (partitions {a_parts:?}) killed with {before} of {all} records copied; \
         its partitions taken over {:.1} s after the kill",
        took.as_secs_f64()
    );
    std::thread::sleep(Duration::from_secs(1));
    let found_later = copies(&output);
    kill(&mut b.0);
    assert_eq!(found.len(), all);
    let dup: Vec<_> = found_later.iter().filter(|(_, v)| v.len() > 1).collect();
    assert!(
        dup.is_empty(),
        "{} records copied more than once, e.g. {:?}",
        dup.len(),
        dup.first()
    );
    assert_eq!(found_later.len(), all, "unexpected extra records");
    assert!(
        took <= Duration::from_secs(10),
        "the crashed instance's partitions took {took:?} to move (limit 10 s)\n{}",
        logs()
    );
}

/// Unique topic names for one test, created with `partitions` each (plus the input's DLQ).
fn own_topics(tag: &str, partitions: i32, extra: &[&str]) -> (String, String, String) {
    let work = temp_dir(tag);
    let t = work
        .file_name()
        .and_then(|n| n.to_str())
        .expect("temp dir name")
        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-");
    let (input, output) = (format!("it-{t}-in"), format!("it-{t}-out"));
    let mut specs = vec![
        TopicSpec::new(&input, partitions, false),
        TopicSpec::new(&output, partitions, false),
        TopicSpec::new(claimwatch_model::topics::dlq(&input), 1, false),
    ];
    for e in extra {
        specs.push(TopicSpec::new(format!("it-{t}-{e}"), 1, false));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    rt.block_on(ensure_topics(&kafka(), &specs))
        .expect("topics");
    (input, output, format!("it-{t}"))
}

/// Copies its input, except that an input `v<n>` for `n` in `huge` gets an output larger
/// than any message the broker or the producer accepts.
struct CopyWithHuge {
    out: String,
    huge: BTreeSet<String>,
}

impl Processor for CopyWithHuge {
    fn process_batch(&mut self, batch: &[Record<'_>], metrics: &StageMetrics) -> BatchResult {
        each_record(batch, metrics, |r| self.process(r))
    }
}

impl CopyWithHuge {
    fn process(&mut self, r: &Record<'_>) -> Result<Vec<Output>, Failure> {
        let payload = r.payload.unwrap_or_default().to_vec();
        let text = String::from_utf8_lossy(&payload).to_string();
        let payload = if self.huge.contains(&text) {
            vec![b'x'; 2 * kafka().max_message_bytes]
        } else {
            payload
        };
        Ok(vec![Output::new(
            self.out.clone(),
            r.key.unwrap_or_default().to_vec(),
            payload,
        )])
    }
}

#[test]
fn an_unproducible_output_is_dead_lettered_and_the_rest_goes_on() {
    let (input, output, group) = own_topics("unproducible", 2, &[]);
    let n = 60;
    produce_on(&input, 0, n, 2);
    let huge: BTreeSet<String> = ["v7".to_string(), "v30".to_string()].into();
    let mut cfg = LoopConfig::new(&input, &group, &format!("{group}-tx"));
    cfg.batch_max = 25;
    let health = claimwatch_telemetry::Health::default();
    health.set_ready(true);
    cfg.health = Some(health.clone());
    let shutdown = Shutdown::new();
    let (s, out) = (shutdown.clone(), output.clone());
    let started = Instant::now();
    let worker = std::thread::spawn(move || {
        let mut p = CopyWithHuge { out, huge };
        let metrics = StageMetrics::new("it-unproducible");
        txloop::run(&kafka(), &cfg, &mut p, &metrics, &s)
    });
    let dlq = claimwatch_model::topics::dlq(&input);
    let done = wait_for(Duration::from_secs(90), || {
        let c = copies(&output);
        let dead = read_all(&dlq);
        (c.len() >= n - 2 && dead.len() >= 2).then_some((c, dead))
    });
    shutdown.trigger();
    let result = worker.join().expect("loop thread");
    let (c, dead) = done.unwrap_or_else(|| {
        panic!(
            "not every record came out ({} copies, {} dead letters) in 90 s: {result:?}",
            copies(&output).len(),
            read_all(&dlq).len()
        )
    });
    result.expect("loop ends cleanly");
    eprintln!(
        "{} copies and {} dead letters {:.1} s after start",
        c.len(),
        dead.len(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(c.len(), n - 2);
    assert!(
        c.values().all(|v| v.len() == 1),
        "a record was copied twice"
    );
    assert!(!c.contains_key("k00007") && !c.contains_key("k00030"));
    let mut dead_keys: Vec<String> = dead
        .iter()
        .map(|r| String::from_utf8_lossy(r.key.as_deref().unwrap_or_default()).to_string())
        .collect();
    dead_keys.sort();
    assert_eq!(dead_keys, vec!["k00007", "k00030"]);
    let reason = dead[0]
        .headers
        .iter()
        .find(|(k, _)| k == claimwatch_kafka::dlq::H_MESSAGE)
        .map(|(_, v)| String::from_utf8_lossy(v).to_string())
        .unwrap_or_default();
    assert!(
        reason.contains("could not be produced") && reason.to_lowercase().contains("too large"),
        "dead letter's reason: {reason:?}"
    );
    assert!(health.is_ready(), "ready again once the loop commits");
}

/// Copies its input to a topic that does not exist yet: every transaction aborts until it
/// is created.
#[test]
fn readiness_is_false_while_the_loop_is_stuck() {
    let (input, _, group) = own_topics("stuck", 1, &[]);
    let missing = format!("{group}-created-later");
    produce_on(&input, 0, 3, 1);
    let mut cfg = LoopConfig::new(&input, &group, &format!("{group}-tx"));
    cfg.stuck_after = 2;
    // Fail a record for a missing topic after 1 s rather than librdkafka's 30 s, so that
    // each attempt is short.
    let mut settings = kafka();
    settings
        .properties
        .push(("topic.metadata.propagation.max.ms".into(), "1000".into()));
    let health = claimwatch_telemetry::Health::default();
    health.set_ready(true);
    cfg.health = Some(health.clone());
    let shutdown = Shutdown::new();
    let (s, out) = (shutdown.clone(), missing.clone());
    let worker = std::thread::spawn(move || {
        let mut p = Copy {
            out,
            instance: "s".into(),
            per_record: Duration::ZERO,
        };
        let metrics = StageMetrics::new("it-stuck");
        txloop::run(&settings, &cfg, &mut p, &metrics, &s)
    });
    let went_unready = wait_for(Duration::from_secs(60), || {
        (!health.is_ready()).then_some(())
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    rt.block_on(ensure_topics(
        &kafka(),
        &[TopicSpec::new(&missing, 1, false)],
    ))
    .expect("create the output topic");
    let ready_again = wait_for(Duration::from_secs(60), || {
        (health.is_ready() && copies(&missing).len() == 3).then_some(())
    });
    shutdown.trigger();
    let result = worker.join().expect("loop thread");
    assert!(
        went_unready.is_some(),
        "never reported not ready while stuck"
    );
    assert!(
        ready_again.is_some(),
        "not ready again after the topic appeared"
    );
    result.expect("loop ends cleanly");
}
