//! The alerting service: consumes `ArticleEvent`s, matches them against watch topics and produces
//! `Alert`s, exactly once, inside Kafka transactions.

pub mod config;
mod events;
pub mod live;
mod processor;

pub use config::{Args, Config};
pub use live::LiveWatch;
pub use processor::{candidates, AlertProcessor, Candidate, Clock, MatchProcessor, StateProcessor};

use std::sync::Arc;

use claimwatch_extract::EntityDictionary;
use claimwatch_kafka::{admin, txloop, KafkaSettings};
use claimwatch_model::topics;
use claimwatch_telemetry::metrics::StageMetrics;
use claimwatch_telemetry::{Health, Shutdown};
use claimwatch_watch::WatchSet;

/// The matching stage's metrics label (articles in, candidates out).
pub const STAGE: &str = "alerting";
/// The deciding stage's metrics label (candidates in, alerts out).
pub const STAGE_STATE: &str = "alerting-state";

/// Compile a watch-topic file against the built-in entity dictionary. Errors are rendered as
/// `path:line:column: message`, one per line.
pub fn compile_watch_file(source: &str, path: &str) -> Result<WatchSet, String> {
    let dict = resolver()?;
    compile_watch_file_with(source, path, &dict)
}

/// The dictionary that resolves `entity:` and `in:` names in topics: the shipped one, with the
/// users' entity log once [`follow_entities`] has read it.
static RESOLVER: std::sync::RwLock<Option<Arc<EntityDictionary>>> = std::sync::RwLock::new(None);

fn resolver() -> Result<Arc<EntityDictionary>, String> {
    if let Some(d) = RESOLVER.read().unwrap_or_else(|e| e.into_inner()).clone() {
        return Ok(d);
    }
    // Names are resolved, text is never searched here: the dictionary without its gazetteer
    // matcher is enough, and much lighter to build.
    EntityDictionary::shared_names().map_err(|e| format!("entity dictionary: {e}"))
}

fn set_resolver(dict: EntityDictionary) {
    *RESOLVER.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(dict));
    claimwatch_telemetry::release_freed_memory();
}

/// Read the users' entity log and resolve topic names with it from now on (their aliases work
/// in `entity:`), following it on a thread until shutdown. Topics compiled before an entity was
/// added keep the name as an id until they are compiled again.
pub fn follow_entities(kafka: &KafkaSettings, shutdown: Shutdown) -> anyhow::Result<()> {
    use claimwatch_kafka::follow;
    fn apply(
        log: &mut claimwatch_extract::EntityLog,
        r: &claimwatch_kafka::reader::OwnedRecord,
    ) -> bool {
        // A record that is not text is ignored (before, a value that was not UTF-8 read as a
        // tombstone here, while the extractor ignored it).
        match r.text() {
            Ok((key, value)) => log.apply(key, value).unwrap_or(false),
            Err(why) => {
                tracing::warn!(offset = r.offset, "entity record ignored: {why}");
                false
            }
        }
    }
    let mut log = claimwatch_extract::EntityLog::new();
    let next = follow::load(kafka, topics::ENTITIES, |r| {
        apply(&mut log, r);
    })?;
    if log.documents().next().is_some() || !log.removed().is_empty() {
        let (dict, dropped) = log.names_dictionary_lenient();
        for (id, error) in dropped {
            tracing::warn!(entity = %id, %error, "entity record left out of name resolution");
        }
        tracing::info!(version = %dict.version(), "topic names resolve with the users' entities");
        set_resolver(dict);
    }
    let kafka = kafka.clone();
    std::thread::Builder::new()
        .name("entity-names".into())
        .spawn(move || {
            follow::follow(
                &kafka,
                topics::ENTITIES,
                next,
                &shutdown,
                &mut |r| {
                    if apply(&mut log, r) {
                        match log.names_dictionary() {
                            Ok(d) => set_resolver(d),
                            Err(e) => tracing::warn!(error = %e, "entity log does not compile; names resolve as before"),
                        }
                    }
                },
                &mut |e| tracing::warn!(error = %e, "following the entity log failed; retrying"),
            )
        })?;
    Ok(())
}

/// [`compile_watch_file`] resolving entity names with `dict` (e.g. with users' entities).
pub fn compile_watch_file_with(
    source: &str,
    path: &str,
    dict: &EntityDictionary,
) -> Result<WatchSet, String> {
    let resolve = |name: &str| dict.resolve(name).map(str::to_string);
    WatchSet::from_toml(source, &resolve).map_err(|errs| {
        errs.iter()
            .map(|e| format!("{path}:{}:{}: {}", e.line, e.column, e.message))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// One line per `entity:` or `in:` value that the dictionary does not know (such values are
/// kept as ids: users add entities while topics run, so they are warnings, not errors), then
/// one per other warning of a topic (an `OR` beside an unparenthesized AND).
pub fn topic_warnings(set: &WatchSet) -> Vec<String> {
    set.topics()
        .iter()
        .flat_map(|t| {
            t.unknown_entities
                .iter()
                .map(move |e| {
                    format!(
                        "warning: topic `{}`: entity `{e}` is not in the dictionary; it is kept as an id and matches once an entity with that id exists (claimwatch entity add)",
                        t.id
                    )
                })
                .chain(t.warnings.iter().map(|w| format!("warning: {w}")))
        })
        .collect()
}

/// Check that the candidates topic and the state changelog have as many partitions as each
/// other: a partition's state is restored from the changelog partition of the same number.
pub fn check_co_partitioned(kafka: &KafkaSettings) -> anyhow::Result<()> {
    let (c, s) = (
        admin::partition_count(kafka, topics::ALERT_CANDIDATES)?,
        admin::partition_count(kafka, topics::ALERTING_STATE)?,
    );
    if c != s {
        anyhow::bail!(
            "{} has {c} partitions but {} has {s}: they must have the same number (the state of candidates partition N is in changelog partition N)",
            topics::ALERT_CANDIDATES,
            topics::ALERTING_STATE
        );
    }
    Ok(())
}

/// Run the alerting service until `shutdown` is triggered.
pub async fn run(config: Config, shutdown: Shutdown) -> anyhow::Result<()> {
    let health = Health::default();
    claimwatch_telemetry::serve_until_shutdown(config.metrics_addr, &health, &shutdown).await?;
    events::register();
    let watch = compile_watch_file(
        &config.watch_source,
        &config.watch_path.display().to_string(),
    )
    .map_err(|e| anyhow::anyhow!("invalid watch-topic file:\n{e}"))?;
    claimwatch_telemetry::release_freed_memory();
    tracing::info!(
        topics = watch.topics().len(),
        "watch topics compiled from the file"
    );

    admin::prepare_pipeline(&config.kafka, config.create_topics, config.topic_partitions).await?;
    // Users' entities resolve names in topics from now on: compile the file again with them.
    let (k, s) = (config.kafka.clone(), shutdown.clone());
    tokio::task::spawn_blocking(move || follow_entities(&k, s)).await??;
    let watch = compile_watch_file(
        &config.watch_source,
        &config.watch_path.display().to_string(),
    )
    .map_err(|e| anyhow::anyhow!("invalid watch-topic file:\n{e}"))?;
    for w in topic_warnings(&watch) {
        tracing::warn!("{w}");
    }
    // Topics from the file, then the watch-topic log over them, followed until shutdown.
    let (k, base, s) = (
        config.kafka.clone(),
        watch.topics().to_vec(),
        shutdown.clone(),
    );
    let live = tokio::task::spawn_blocking(move || live::start(&k, base, s)).await??;
    // Two loops, as two sub-topologies of one application: matching (stateless, over the
    // articles' partitions) and deciding (stateful, over the candidates' partitions).
    let mut matcher = MatchProcessor::new(live.clone(), &config.group_id)?;
    let mut state = StateProcessor::new(live, config.story.clone(), &config.group_id)?
        .with_changelog(config.kafka.clone());
    if let Some(registry) = config.schema_registry.clone() {
        matcher = matcher.with_registry(&registry);
        let patience = config.kafka.connect_timeout;
        state =
            tokio::task::spawn_blocking(move || state.with_registry(&registry, patience)).await??;
    }
    let k = config.kafka.clone();
    tokio::task::spawn_blocking(move || check_co_partitioned(&k)).await??;
    let mut match_cfg =
        txloop::LoopConfig::new(topics::ARTICLES, &config.group_id, &config.transactional_id);
    match_cfg.batch_max = config.batch_max;
    match_cfg.batch_linger = config.batch_linger;
    match_cfg.batch_idle = config.batch_idle;
    match_cfg.health = Some(health.part());
    let mut state_cfg = txloop::LoopConfig::new(
        topics::ALERT_CANDIDATES,
        &format!("{}-state", config.group_id),
        &format!("{}-state", config.transactional_id),
    );
    state_cfg.batch_max = config.batch_max;
    state_cfg.batch_linger = config.batch_linger;
    state_cfg.batch_idle = config.batch_idle;
    state_cfg.health = Some(health.part());
    let stop = shutdown.clone();
    health.set_ready(true);
    let (kafka, s) = (config.kafka.clone(), shutdown.clone());
    let matching = tokio::task::spawn_blocking(move || {
        let metrics = StageMetrics::new(STAGE);
        let r = txloop::run(&kafka, &match_cfg, &mut matcher, &metrics, &s);
        // One stage failing stops the other: the service exits and is restarted whole.
        s.trigger();
        r
    });
    let (kafka, s) = (config.kafka.clone(), shutdown.clone());
    let deciding = tokio::task::spawn_blocking(move || {
        let metrics = StageMetrics::new(STAGE_STATE);
        let r = txloop::run(&kafka, &state_cfg, &mut state, &metrics, &s);
        s.trigger();
        r
    });
    let (matched, decided) = (matching.await?, deciding.await?);
    health.set_ready(false);
    stop.trigger();
    matched?;
    decided?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_watch_file_compiles_and_warns_of_unknown_entities() {
        let set =
            compile_watch_file(include_str!("../../../samples/watch-topics.toml"), "w").unwrap();
        assert_eq!(set.topics()[0].id, "dprk-workers-russia");
        assert!(topic_warnings(&set).is_empty());
        let set = compile_watch_file(
            "[[topic]]\nid = \"x\"\nname = \"x\"\nall_of = [\"entity:atlantis\"]\n",
            "bad.toml",
        )
        .unwrap();
        let w = topic_warnings(&set);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("topic `x`: entity `atlantis` is not in the dictionary"));
    }

    #[test]
    fn entity_terms_resolve_aliases_in_any_language() {
        let src =
            "[[topic]]\nid = \"x\"\nname = \"x\"\nall_of = [\"entity:КНДР\", \"entity:Kremlin\"]\n";
        let set = compile_watch_file(src, "w").unwrap();
        assert_eq!(
            set.topics()[0].query.to_string(),
            "entity:north-korea AND entity:russia"
        );
    }
}

#[cfg(test)]
pub(crate) mod highlight_tests {
    use super::*;
    use claimwatch_model::{ClaimEvent, EntityMention};

    pub(super) fn claim(text: &str, entities: &[(&str, &str)]) -> ClaimEvent {
        ClaimEvent {
            claim_id: "c1".into(),
            article_id: "a1".into(),
            article_url: "https://example.org/a".into(),
            article_title: None,
            source_id: "s".into(),
            text: text.into(),
            sentence_index: 0,
            start: 0,
            end: text.len() as i32,
            speaker: None,
            cue: None,
            entities: entities
                .iter()
                .map(|(id, surface)| {
                    let start = text.find(surface).expect("surface in text");
                    EntityMention {
                        id: id.to_string(),
                        surface: surface.to_string(),
                        start: start as i32,
                        end: (start + surface.len()) as i32,
                    }
                })
                .collect(),
            hedged: false,
            hedge_cue: None,
            published_at: None,
            fetched_at: 1,
            language: Some("en".into()),
            extractor_version: "t".into(),
            dictionary_version: "t".into(),
            claim_index: 0,
            claims_in_article: 1,
            attribution_chain: Vec::new(),
            dates: Vec::new(),
            date_reference: None,
            story_signature: Vec::new(),
        }
    }

    #[test]
    fn alerts_carry_highlights_for_text_and_entity_terms() {
        let set =
            compile_watch_file(include_str!("../../../samples/watch-topics.toml"), "w").unwrap();
        let mut p = AlertProcessor::new(set).unwrap();
        let c = claim(
            "Pyongyang will send 300 workers to Russian shipyards.",
            &[("north-korea", "Pyongyang"), ("russia", "Russian")],
        );
        let alerts = p.alerts_for(&claimwatch_model::ArticleEvent::from_claims(
            std::slice::from_ref(&c),
        ));
        assert_eq!(alerts.len(), 1);
        let marked: Vec<(&str, &str)> = alerts[0]
            .highlights
            .iter()
            .map(|h| (h.term.as_str(), &c.text[h.start as usize..h.end as usize]))
            .collect();
        assert_eq!(
            marked,
            vec![
                ("entity:north-korea", "Pyongyang"),
                ("worker*", "workers"),
                ("entity:russia", "Russian"),
            ]
        );
        assert!(alerts[0].highlights.iter().all(|h| h.claim_id == "c1"));
    }
}

#[cfg(test)]
mod policy_tests {
    use super::*;
    use claimwatch_kafka::txloop::Processor;
    use claimwatch_model::{ids, ArticleEvent, ClaimEvent};
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::sync::Arc;

    const STORY: &str = "Officials in Pyongyang confirmed that a new group of workers left for \
        construction sites in the Russian Far East this week, the second such group this month, \
        and a regional ministry in Russia said housing for them was ready near the port.";

    fn claim(article: &str, source: &str, text: &str, body: &str, fetched_at: i64) -> ClaimEvent {
        ClaimEvent {
            claim_id: ids::claim_id(article, 0, text),
            article_id: article.into(),
            article_url: format!("https://{source}.example/{article}"),
            source_id: source.into(),
            fetched_at,
            story_signature: claimwatch_story::signature(body),
            ..crate::highlight_tests::claim(
                text,
                &[("north-korea", "Pyongyang"), ("russia", "Russian")],
            )
        }
    }

    fn watch(extra: &str) -> WatchSet {
        let src = format!(
            "[[topic]]\nid = \"w\"\nname = \"W\"\nquery = 'entity:north-korea entity:russia worker*'\n{extra}"
        );
        compile_watch_file(&src, "w").unwrap()
    }

    const C1: &str = "Pyongyang sent workers to Russian building sites.";

    #[test]
    fn three_syndicated_copies_fire_once_and_an_addition_fires_an_update() {
        let mut p = AlertProcessor::new(watch("")).unwrap();
        let copy2 = format!("(Agency) {STORY}");
        let copy3 = STORY.replace("this week", "on Monday");
        let a = p.alerts_for(&ArticleEvent::from_claims(&[claim(
            "a1", "s1", C1, STORY, 1,
        )]));
        let b = p.alerts_for(&ArticleEvent::from_claims(&[claim(
            "a2", "s2", C1, &copy2, 2,
        )]));
        let c = p.alerts_for(&ArticleEvent::from_claims(&[claim(
            "a3", "s3", C1, &copy3, 3,
        )]));
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].kind.as_str(), a[0].story_id.as_deref()),
            ("alert", Some("a1"))
        );
        assert!(
            b.is_empty() && c.is_empty(),
            "copies without news: {b:?} {c:?}"
        );
        let extra = "Pyongyang plans to send more workers to Russian farms in spring.";
        let d = p.alerts_for(&ArticleEvent::from_claims(&[claim(
            "a4",
            "s4",
            extra,
            &format!("{STORY} {extra}"),
            4,
        )]));
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].kind.as_str(), d[0].story_id.as_deref()),
            ("update", Some("a1"))
        );
        // A different story fires on its own.
        let other = "Workers from Pyongyang were seen at a Russian shipyard far from any port \
            city, according to satellite images that a research group published on Friday.";
        let e = p.alerts_for(&ArticleEvent::from_claims(&[claim(
            "a5", "s5", C1, other, 5,
        )]));
        assert_eq!((e.len(), e[0].kind.as_str()), (1, "alert"));
    }

    #[test]
    fn throttled_alerts_come_back_as_a_digest() {
        let now = Arc::new(AtomicI64::new(1_000_000));
        let clock = now.clone();
        let mut p = AlertProcessor::new(watch("throttle = { max_alerts = 1, window_secs = 60 }\n"))
            .unwrap()
            .with_clock(Arc::new(move || clock.load(Ordering::SeqCst)));
        let bodies = [
            STORY.to_string(),
            "Entirely different wording about labour shipments from the north to the east and \
             what the governors said about them at a meeting in the capital yesterday."
                .to_string(),
            "A third report with its own sentences on how many builders arrived and where they \
             were housed after crossing the border by train late on Sunday night."
                .to_string(),
        ];
        let mut fired = Vec::new();
        for (i, body) in bodies.iter().enumerate() {
            fired.extend(p.alerts_for(&ArticleEvent::from_claims(&[claim(
                &format!("t{i}"),
                "s",
                C1,
                body,
                i as i64,
            )])));
        }
        assert_eq!(fired.len(), 1, "one alert per window");
        // Nothing is due yet; once the window has passed, the loop's idle call delivers.
        assert!(p.idle().outputs.is_empty());
        now.store(1_060_000, Ordering::SeqCst);
        let idle = p.idle();
        let digest = idle
            .outputs
            .iter()
            .find(|o| o.topic == topics::ALERTS_JSON)
            .map(|o| serde_json::from_slice::<claimwatch_model::Alert>(&o.payload).unwrap())
            .expect("a digest alert");
        assert_eq!(digest.kind, "digest");
        let listed: Vec<&str> = digest
            .digest
            .iter()
            .map(|d| d.article_id.as_str())
            .collect();
        assert_eq!(listed, ["t1", "t2"]);
        // An aborted idle transaction puts the digest back.
        p.aborted();
        assert!(!p.idle().outputs.is_empty());
        p.committed();
        assert!(p.idle().outputs.is_empty());
    }

    #[test]
    fn a_topic_changed_in_the_log_applies_to_the_next_batch() {
        let live = LiveWatch::fixed(watch(""));
        let mut p = AlertProcessor::live(live.clone()).unwrap();
        let a = p.alerts_for(&ArticleEvent::from_claims(&[claim(
            "h1", "s", C1, STORY, 1,
        )]));
        assert_eq!(a[0].watch_topic_version, 1);
        // Version 2 of the topic stops matching workers and matches farms instead.
        let mut log = claimwatch_watch::WatchLog::new(live.current().topics().to_vec());
        let doc = "[[topic]]\nid = \"w\"\nname = \"W\"\nversion = 2\nquery = 'entity:north-korea farm*'\n";
        let rec = claimwatch_kafka::reader::OwnedRecord {
            partition: 0,
            offset: 0,
            key: Some(b"w".to_vec()),
            payload: Some(doc.as_bytes().to_vec()),
            headers: Vec::new(),
        };
        assert!(live::apply_record(&mut log, &rec));
        live.replace_for_test(WatchSet::new(log.topics()));
        let other = "Farms near Vladivostok hired more hands from abroad this autumn than ever.";
        let farm = "Pyongyang sent farm hands to Russian farms.";
        assert!(p
            .alerts_for(&ArticleEvent::from_claims(&[claim(
                "h2", "s", C1, other, 2
            )]))
            .is_empty());
        let b = p.alerts_for(&ArticleEvent::from_claims(&[claim(
            "h3",
            "s",
            farm,
            &format!("{other} {farm}"),
            3,
        )]));
        assert_eq!((b.len(), b[0].watch_topic_version), (1, 2));
        assert!(b[0].explanation.contains("v2"));
    }
}

#[cfg(test)]
mod application_tests {
    use super::*;
    use claimwatch_kafka::txloop::{Processor, Record};
    use claimwatch_model::{ids, ArticleEvent};

    /// Two alerting applications (groups) sharing the candidates topic and the changelog: each
    /// decides only its own candidates and writes its state under its own prefix.
    #[test]
    fn an_application_decides_only_its_own_candidates() {
        let set = compile_watch_file(
            "[[topic]]\nid = \"w\"\nname = \"W\"\nquery = 'entity:north-korea worker*'\n",
            "w",
        )
        .unwrap();
        let live = LiveWatch::fixed(set.clone());
        let text = "Pyongyang sent workers to Russian building sites.";
        let mut c = crate::highlight_tests::claim(text, &[("north-korea", "Pyongyang")]);
        c.claim_id = ids::claim_id("a1", 0, text);
        let article = ArticleEvent::from_claims(&[c]).remove(0);
        let cand = candidates(&set, &article, false, 1).remove(0);
        let payload = serde_json::to_vec(&cand).unwrap();
        let metrics = StageMetrics::new("alerting-state-test");
        let mut mine =
            StateProcessor::new(live, claimwatch_story::Settings::default(), "app-a").unwrap();
        let record = |key: &'static [u8]| Record {
            topic: topics::ALERT_CANDIDATES,
            partition: 0,
            offset: 0,
            key: Some(key),
            payload: Some(&payload),
            timestamp_ms: None,
        };
        let theirs = mine.process_batch(&[record(b"app-b/w")], &metrics);
        assert!(theirs.outputs.is_empty() && theirs.failures.is_empty());
        let ours = mine.process_batch(&[record(b"app-a/w")], &metrics);
        let alerts = ours
            .outputs
            .iter()
            .filter(|o| o.topic == topics::ALERTS)
            .count();
        assert_eq!(alerts, 1);
        let state: Vec<String> = ours
            .outputs
            .iter()
            .filter(|o| o.topic == topics::ALERTING_STATE)
            .map(|o| String::from_utf8(o.key.clone()).unwrap())
            .collect();
        assert!(!state.is_empty() && state.iter().all(|k| k.starts_with("app-a/w/")));
    }
}
