//! Users' entities: `claimwatch entity add` publishes to the entity log, and a running
//! extractor (an OS process) uses the new entity for the next article, without a restart; the
//! article says which dictionary version it was extracted with.

use std::time::Duration;

use claimwatch_kafka::rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use claimwatch_model::{topics, ArticleEvent, RawArticle};
use claimwatch_schema::Codec;

use crate::harness::*;

fn produce_raw(tag: &str, n: u32, body: &str) -> String {
    let url = format!("http://it.example/entities/{tag}/{n}");
    let raw = raw_html(&url, "it-entities", body);
    let payload = Codec::<RawArticle>::new().unwrap().encode(&raw).unwrap();
    let producer: BaseProducer = kafka().client_config().create().expect("producer");
    producer
        .send(
            BaseRecord::to(topics::ARTICLES_RAW)
                .key(raw.article_id.as_str())
                .payload(&payload),
        )
        .map_err(|(e, _)| e)
        .expect("send");
    producer.flush(Duration::from_secs(20)).expect("flush");
    raw.article_id
}

fn article(id: &str) -> Option<ArticleEvent> {
    let codec = Codec::<ArticleEvent>::new().unwrap();
    read_all(topics::ARTICLES)
        .into_iter()
        .filter_map(|r| codec.decode(r.payload.as_deref()?).ok())
        .find(|a| a.article_id == id)
}

#[test]
fn an_entity_added_with_the_cli_is_used_by_a_running_extractor() {
    ensure_topics();
    let work = temp_dir("entities");
    let tag = work.file_name().unwrap().to_string_lossy().to_string();
    // An entity id of this run's own, so reruns on the same broker start from scratch.
    let suffix: String = tag
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let id = format!("quillmark-{suffix}");
    let name = format!("Quillmark{suffix}");
    let page = |n: u32| {
        format!(
            "<html><head><title>Recall {n}</title></head><body><article>\
             <p>{name} recalled its kettles on Monday, the company said.</p>\
             <p>Stores in Lyon removed them from the shelves.</p></article></body></html>"
        )
    };

    let mut extractor = Service::start(
        "claimwatch-extractor",
        &[],
        &[(
            "CLAIMWATCH_EXTRACTOR_TRANSACTIONAL_ID",
            "it-entities-extractor".into(),
        )],
        &work,
    );
    let before = produce_raw(&tag, 1, &page(1));
    let first = wait_for(Duration::from_secs(120), || article(&before))
        .unwrap_or_else(|| panic!("no article extracted\n{}", extractor.log_text()));
    let mentions = |a: &ArticleEvent| -> Vec<String> {
        a.statements
            .iter()
            .flat_map(|s| s.entities.iter().map(|e| e.id.clone()))
            .collect()
    };
    assert!(!mentions(&first).contains(&id), "known before it was added");
    // Every sentence is published, mention or not; the city gives its country.
    assert!(first.statements.iter().any(|s| s.text.contains("kettles")));
    assert!(
        first
            .statements
            .iter()
            .any(|s| s.countries.contains(&"france".to_string())),
        "{first:#?}"
    );

    let file = work.join("mine.toml");
    std::fs::write(
        &file,
        format!(
            "[[entity]]\nid = \"{id}\"\nkind = \"company\"\n[entity.aliases]\nen = [\"{name}\"]\n"
        ),
    )
    .unwrap();
    let (ok, out, err) = cli(&["entity", "add", file.to_str().unwrap()]);
    assert!(ok, "entity add failed: {out}\n{err}");
    assert!(out.contains(&format!("published {id}")), "{out}");
    let (ok, _, err) = cli(&["entity", "add", file.to_str().unwrap()]);
    assert!(!ok && err.contains("already in the dictionary"), "{err}");

    // The running extractor applies the change from the log.
    let changes = r#"claimwatch_extractor_entity_changes_total{outcome="upserted"}"#;
    wait_for(Duration::from_secs(60), || {
        extractor.metric(changes).filter(|&n| n >= 1.0)
    })
    .unwrap_or_else(|| {
        panic!(
            "the extractor did not apply the entity\n{}",
            extractor.log_text()
        )
    });
    let after = produce_raw(&tag, 2, &page(2));
    let second = wait_for(Duration::from_secs(60), || article(&after))
        .unwrap_or_else(|| panic!("no second article\n{}", extractor.log_text()));
    assert!(mentions(&second).contains(&id), "{second:#?}");
    assert!(
        second.dictionary_version.contains("+user-"),
        "{}",
        second.dictionary_version
    );
    assert_ne!(first.dictionary_version, second.dictionary_version);
    assert!(extractor.is_running());

    let (ok, out, _) = cli(&["entity", "list"]);
    assert!(ok && out.contains(&id), "{out}");
    let (ok, out, err) = cli(&["entity", "rm", &id]);
    assert!(ok && out.contains(&format!("removed {id}")), "{out}{err}");
    extractor.terminate(Duration::from_secs(30));
}
