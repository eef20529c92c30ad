//! Chaos: a generated corpus through several extractor and alerting instances while a random
//! instance is SIGKILLed (and restarted) every few seconds and the broker is restarted once.
//! At the end the article events and alerts are counted as a `read_committed` reader against
//! an independent computation: every article exactly once, every story on the watch topic
//! exactly one alert, nothing else.
//!
//! `make test` runs a small run; `make chaos` a large one, through these variables:
//! `CLAIMWATCH_CHAOS_ARTICLES` (default 400), `CLAIMWATCH_CHAOS_INSTANCES` (per stage, default
//! 2), `CLAIMWATCH_CHAOS_PARTITIONS` (of topics created here, default 3),
//! `CLAIMWATCH_CHAOS_KILL_SECS` (`min-max` between kills, default `3-6`),
//! `CLAIMWATCH_CHAOS_MIN_KILLS` (fail when fewer kills landed before the corpus was through:
//! a run that outpaces its kills proves nothing; default 0) and `CLAIMWATCH_CHAOS_BOUNCE`
//! (restart the broker once, default `true`; only a broker started by `tests/tools/kafka.sh`
//! on `CLAIMWATCH_TEST_KAFKA_PORT` can be restarted).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use claimwatch_kafka::rdkafka::consumer::{BaseConsumer, Consumer};
use claimwatch_kafka::rdkafka::{Offset, TopicPartitionList};
use claimwatch_model::{ids, topics, Alert, ArticleEvent};
use claimwatch_schema::Codec;

use crate::harness::*;

/// Copies of each story (syndicated: the same body under another credit line and URL).
const COPIES: usize = 4;
/// Every this-many-th story is about the watched subject.
const ON_TOPIC_EVERY: usize = 7;

struct Settings {
    articles: usize,
    instances: usize,
    partitions: i32,
    kill_secs: (u64, u64),
    min_kills: u32,
    bounce: bool,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Settings {
    fn from_env() -> Settings {
        let kill = std::env::var("CLAIMWATCH_CHAOS_KILL_SECS").unwrap_or_else(|_| "3-6".into());
        let (lo, hi) = kill
            .split_once('-')
            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            .unwrap_or((3, 6));
        Settings {
            articles: env_or("CLAIMWATCH_CHAOS_ARTICLES", 400usize).max(COPIES),
            instances: env_or("CLAIMWATCH_CHAOS_INSTANCES", 2usize).max(1),
            partitions: env_or("CLAIMWATCH_CHAOS_PARTITIONS", 3i32).max(1),
            kill_secs: (lo, hi.max(lo)),
            min_kills: env_or("CLAIMWATCH_CHAOS_MIN_KILLS", 0u32),
            bounce: env_or("CLAIMWATCH_CHAOS_BOUNCE", true),
        }
    }
}

/// A seeded generator: the corpus and the kill schedule are the same on every run with the
/// same size.
type Rng = fastrand::Rng;

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "tu", "sa", "vel", "do", "pri", "na", "gor", "li", "ste", "mar", "bo",
    "zan", "tel", "ru", "vi", "kos", "pa", "len", "ti", "dra", "mo", "sel", "fa", "ne", "wu",
    "char", "ol", "be",
];

/// A made-up word: 2-4 syllables, so each story's prose has words of its own (generated
/// stories that shared a small vocabulary would look like copies of each other to the story
/// signature).
fn word(rng: &mut Rng) -> String {
    (0..rng.usize(2..5))
        .map(|_| SYLLABLES[rng.usize(..SYLLABLES.len())])
        .collect()
}

/// One story's paragraphs: several sentences of generated prose, a realistic size.
fn story_paragraphs(rng: &mut Rng, n: usize, keyword: Option<&str>) -> Vec<String> {
    let mut paras = Vec::new();
    for _ in 0..6 {
        let mut sentences = Vec::new();
        for _ in 0..4 {
            let words: Vec<String> = (0..12).map(|_| word(rng)).collect();
            let mut sentence = words.join(" ");
            sentence[..1].make_ascii_uppercase();
            sentences.push(format!("{sentence} {}.", rng.u32(10..910)));
        }
        paras.push(sentences.join(" "));
    }
    if let Some(k) = keyword {
        paras[1] = format!(
            "North Korea sent {} workers to Russian building sites for story {n}, a {k} official said.",
            20 + n
        );
    }
    paras
}

/// Write the corpus: `stories` stories of [`COPIES`] copies each. Returns, per story, the
/// article ids of its copies and whether it is on the watched subject.
fn write_corpus(dir: &Path, tag: &str, articles: usize) -> Vec<(Vec<String>, bool)> {
    let mut rng = Rng::with_seed(articles as u64 ^ 0x5EED);
    let keyword = format!("kw{tag}");
    let stories = articles / COPIES;
    let mut out = Vec::new();
    for n in 0..stories {
        let on_topic = n % ON_TOPIC_EVERY == 0;
        let paras = story_paragraphs(&mut rng, n, on_topic.then_some(keyword.as_str()));
        let mut copies = Vec::new();
        // A story on the subject names it in its title, as news does: a topic fires only on
        // an article about the entity it requires (named by the title or lede).
        let subject = if on_topic { "North Korea " } else { "" };
        for c in 0..COPIES {
            let html = format!(
                "<html><head><title>{subject}Story {n} ({c})</title></head><body><article>\
                 <p>(Agency {c}) Filed by desk {c}.</p>{}</article></body></html>",
                paras
                    .iter()
                    .map(|p| format!("<p>{p}</p>"))
                    .collect::<String>()
            );
            let path = dir.join(format!("s{n:05}-c{c}.html"));
            std::fs::write(&path, html).unwrap();
            copies.push(ids::article_id(&file_url(&path)));
        }
        out.push((copies, on_topic));
    }
    out
}

/// Whether `group` has consumed `topic` to its end: reading the topic with `read_committed` from
/// the group's committed offsets finds nothing. (Comparing offsets with the high watermark is not
/// enough: a partition that ends in an aborted transaction and its marker never "catches up".)
fn caught_up(group: &str, topic: &str) -> bool {
    let k = kafka();
    let Ok(c) = k
        .config_with(&[
            ("group.id", group),
            ("enable.auto.commit", "false"),
            ("isolation.level", "read_committed"),
            ("enable.partition.eof", "true"),
        ])
        .create::<BaseConsumer>()
    else {
        return false;
    };
    let Ok(md) = c.fetch_metadata(Some(topic), Duration::from_secs(10)) else {
        return false;
    };
    let mut tpl = TopicPartitionList::new();
    for p in md.topics()[0].partitions() {
        tpl.add_partition(topic, p.id());
    }
    let Ok(committed) = c.committed_offsets(tpl, Duration::from_secs(10)) else {
        return false;
    };
    let mut from = TopicPartitionList::new();
    for e in committed.elements() {
        let at = match e.offset() {
            Offset::Offset(o) => Offset::Offset(o),
            _ => Offset::Beginning,
        };
        if from.add_partition_offset(topic, e.partition(), at).is_err() {
            return false;
        }
    }
    let partitions = from.count();
    if c.assign(&from).is_err() {
        return false;
    }
    // Every partition must report its end before anything readable turns up (bounded wait).
    let mut ended = HashSet::new();
    let deadline = Instant::now() + Duration::from_secs(15);
    while ended.len() < partitions && Instant::now() < deadline {
        match c.poll(Duration::from_millis(200)) {
            None => {}
            Some(Ok(_)) => return false,
            Some(Err(claimwatch_kafka::rdkafka::error::KafkaError::PartitionEOF(p))) => {
                ended.insert(p);
            }
            Some(Err(_)) => return false,
        }
    }
    ended.len() == partitions
}

/// Restart the test broker on its data, if it is ours.
fn bounce_broker() -> bool {
    let port = bootstrap()
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_string();
    let out = std::process::Command::new("bash")
        .arg(repo_root().join("tests/tools/kafka.sh"))
        .arg("bounce")
        .env("CLAIMWATCH_TEST_KAFKA_PORT", &port)
        .output()
        .expect("run kafka.sh");
    if !out.status.success() {
        eprintln!(
            "chaos: broker bounce failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out.status.success()
}

struct Instance {
    binary: &'static str,
    env: Vec<(&'static str, String)>,
    service: Service,
    kills: u32,
}

#[test]
fn random_kills_and_a_broker_restart_lose_and_duplicate_nothing() {
    let s = Settings::from_env();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(claimwatch_kafka::admin::ensure_topics(
        &kafka(),
        &claimwatch_kafka::admin::pipeline_topics(s.partitions, 1),
    ))
    .unwrap();
    let work = temp_dir("chaos");
    let tag = format!("chaos{}", std::process::id());
    let dir = work.join("articles");
    std::fs::create_dir_all(&dir).unwrap();
    let stories = write_corpus(&dir, &tag, s.articles);
    let ours: HashSet<String> = stories.iter().flat_map(|(c, _)| c.clone()).collect();
    let story_of: HashMap<&str, usize> = stories
        .iter()
        .enumerate()
        .flat_map(|(n, (c, _))| c.iter().map(move |a| (a.as_str(), n)))
        .collect();
    let on_topic: HashSet<usize> = stories
        .iter()
        .enumerate()
        .filter(|(_, (_, on))| *on)
        .map(|(n, _)| n)
        .collect();
    let topic_id = format!("it-{tag}");
    let watch = work.join("chaos.toml");
    std::fs::write(
        &watch,
        format!(
            "[[topic]]\nid = \"{topic_id}\"\nname = \"chaos\"\nquery = 'entity:north-korea kw{tag}'\n"
        ),
    )
    .unwrap();

    let (ex_group, al_group) = (format!("it-{tag}-ex"), format!("it-{tag}-al"));
    start_group_at_end(&ex_group, topics::ARTICLES_RAW);
    start_group_at_end(&al_group, topics::ARTICLES);
    start_group_at_end(&format!("{al_group}-state"), topics::ALERT_CANDIDATES);

    // Publish the whole corpus first, so the stages have a long run to be killed in.
    let started = Instant::now();
    publish_dir_once(&work, &format!("it-{tag}"), &dir, Duration::from_secs(600));

    let session = ("CLAIMWATCH_KAFKA_SESSION_TIMEOUT_MS", "6000".to_string());
    let mut instances: Vec<Instance> = Vec::new();
    for i in 0..s.instances {
        let env = vec![
            (
                "CLAIMWATCH_EXTRACTOR_TRANSACTIONAL_ID",
                format!("it-{tag}-ex-{i}"),
            ),
            ("CLAIMWATCH_EXTRACTOR_GROUP_ID", ex_group.clone()),
            ("CLAIMWATCH_EXTRACTOR_BATCH_MAX", "25".into()),
            session.clone(),
        ];
        let service = Service::start("claimwatch-extractor", &[], &env, &work);
        instances.push(Instance {
            binary: "claimwatch-extractor",
            env,
            service,
            kills: 0,
        });
    }
    for i in 0..s.instances {
        let env = vec![
            (
                "CLAIMWATCH_ALERTING_WATCH_FILE",
                watch.display().to_string(),
            ),
            (
                "CLAIMWATCH_ALERTING_TRANSACTIONAL_ID",
                format!("it-{tag}-al-{i}"),
            ),
            ("CLAIMWATCH_ALERTING_GROUP_ID", al_group.clone()),
            ("CLAIMWATCH_ALERTING_BATCH_MAX", "50".into()),
            session.clone(),
        ];
        let service = Service::start("claimwatch-alerting", &[], &env, &work);
        instances.push(Instance {
            binary: "claimwatch-alerting",
            env,
            service,
            kills: 0,
        });
    }

    let article_codec = Codec::<ArticleEvent>::new().unwrap();
    let alert_codec = Codec::<Alert>::new().unwrap();
    let count_articles = || {
        counts(
            read_all(topics::ARTICLES)
                .into_iter()
                .filter_map(|r| article_codec.decode(r.payload.as_deref()?).ok())
                .map(|a| a.article_id)
                .filter(|a| ours.contains(a)),
        )
    };
    let our_alerts = || -> Vec<Alert> {
        read_all(topics::ALERTS)
            .into_iter()
            .filter_map(|r| alert_codec.decode(r.payload.as_deref()?).ok())
            .filter(|a| a.watch_topic_id == topic_id)
            .collect()
    };

    // Kill a random instance every few seconds until the corpus is through, restarting it at
    // once with the same transactional id; restart the broker once, a third of the way in.
    let mut rng = Rng::with_seed(s.articles as u64 ^ 0xC4A05);
    let deadline = Instant::now() + Duration::from_secs(60 + s.articles as u64 / 4);
    let mut next_kill = Instant::now() + Duration::from_secs(s.kill_secs.0);
    let mut bounced = !s.bounce;
    let mut kills = 0u32;
    loop {
        let articles_done = count_articles().len() == ours.len();
        let decided: HashSet<usize> = our_alerts()
            .iter()
            .filter_map(|a| story_of.get(a.article_id.as_str()).copied())
            .collect();
        if articles_done && on_topic.is_subset(&decided) {
            assert!(
                kills >= s.min_kills,
                "the corpus was through after {kills} kills, fewer than the {} asked for: \
                 give the run more articles or shorten CLAIMWATCH_CHAOS_KILL_SECS",
                s.min_kills
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "chaos run not through in time: articles {articles_done}, stories alerted {}/{}\n{}",
            decided.len(),
            on_topic.len(),
            instances
                .iter()
                .map(|i| i.service.log_text())
                .collect::<Vec<_>>()
                .join("\n")
        );
        if Instant::now() >= next_kill {
            let i = rng.usize(..instances.len());
            let inst = &mut instances[i];
            inst.service.kill();
            inst.kills += 1;
            kills += 1;
            inst.service = Service::start(inst.binary, &[], &inst.env, &work);
            if !bounced && kills >= 2 {
                bounced = true;
                assert!(bounce_broker(), "the broker could not be restarted");
                eprintln!("chaos: broker restarted after {kills} kills");
            }
            let (lo, hi) = s.kill_secs;
            next_kill = Instant::now() + Duration::from_secs(rng.u64(lo..=hi));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    // Let every stage drain (nothing may come late), then count.
    let drained = wait_for(Duration::from_secs(120), || {
        (caught_up(&ex_group, topics::ARTICLES_RAW)
            && caught_up(&al_group, topics::ARTICLES)
            && caught_up(&format!("{al_group}-state"), topics::ALERT_CANDIDATES))
        .then_some(())
    });
    assert!(drained.is_some(), "the groups did not catch up");
    std::thread::sleep(Duration::from_secs(2));

    let articles = count_articles();
    let duplicated: Vec<_> = articles.iter().filter(|(_, n)| **n > 1).collect();
    assert_eq!(articles.len(), ours.len(), "article events missing");
    assert!(
        duplicated.is_empty(),
        "article events duplicated: {duplicated:?}"
    );
    let alerts = our_alerts();
    let mut per_story: HashMap<usize, usize> = HashMap::new();
    for a in &alerts {
        let n = story_of
            .get(a.article_id.as_str())
            .unwrap_or_else(|| panic!("an alert for an article not ours: {a:?}"));
        *per_story.entry(*n).or_default() += 1;
    }
    let wrong: Vec<_> = per_story.iter().filter(|(_, n)| **n != 1).collect();
    assert!(
        wrong.is_empty(),
        "stories with more than one alert: {wrong:?}"
    );
    let alerted: HashSet<usize> = per_story.keys().copied().collect();
    assert_eq!(
        alerted, on_topic,
        "exactly the stories on the topic are alerted"
    );
    eprintln!(
        "chaos: {} articles ({} stories, {} on topic) through {} extractor and {} alerting instances in {:.0} s; {kills} kills ({:?}), broker restarted: {}; 0 missing, 0 duplicated, 1 alert per story",
        ours.len(),
        stories.len(),
        on_topic.len(),
        s.instances,
        s.instances,
        started.elapsed().as_secs_f64(),
        instances.iter().map(|i| i.kills).collect::<Vec<_>>(),
        s.bounce
    );
    for i in &mut instances {
        i.service.terminate(Duration::from_secs(30));
    }
}
