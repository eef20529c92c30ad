//! The fetcher's state is bounded in time: a URL that no source lists any more is forgotten
//! after the state's time to live, with a tombstone on the compacted state topic, while the
//! URLs still listed stay known (and are not republished).

use std::collections::HashMap;
use std::time::Duration;

use claimwatch_fetcher::{Config, SourceKind, SourceSpec};
use claimwatch_model::{ids, topics, RawArticle};
use claimwatch_schema::Codec;
use claimwatch_telemetry::Shutdown;

use crate::harness::*;

#[test]
fn unlisted_urls_expire_with_a_tombstone_and_listed_ones_stay() {
    ensure_topics();
    let work = temp_dir("state-ttl");
    let folder = work.join("docs");
    std::fs::create_dir_all(&folder).unwrap();
    let names = ["a.html", "b.html", "c.html"];
    for n in names {
        std::fs::write(
            folder.join(n),
            format!(
                "<html><body><article><p>Notice {n} from {}.</p></article></body></html>",
                work.display()
            ),
        )
        .unwrap();
    }
    let key = |n: &str| ids::article_id(&file_url(&folder.join(n)));
    let keys: HashMap<String, &str> = names.iter().map(|n| (key(n), *n)).collect();
    let spec = SourceSpec {
        id: "it-state-ttl".into(),
        kind: SourceKind::Dir {
            path: folder.clone(),
        },
        interval_secs: 60,
        language: None,
        tags: vec![],
    };
    let config = || {
        let mut c = Config::for_sources(kafka(), vec![spec.clone()]);
        c.state_ttl = Some(Duration::from_secs(2));
        c
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(claimwatch_fetcher::run(config(), Shutdown::new()))
        .unwrap();
    let codec = Codec::<RawArticle>::new().unwrap();
    let published = || -> Vec<String> {
        read_all(topics::ARTICLES_RAW)
            .into_iter()
            .filter_map(|r| codec.decode(r.payload.as_deref()?).ok())
            .filter(|a| keys.contains_key(&a.article_id))
            .map(|a| a.article_id)
            .collect()
    };
    assert_eq!(published().len(), 3);

    // c leaves the folder; after the time to live a new poll forgets it.
    let c_path = std::fs::canonicalize(folder.join("c.html")).unwrap();
    let c_key = key("c.html");
    std::fs::remove_file(&c_path).unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    rt.block_on(claimwatch_fetcher::run(config(), Shutdown::new()))
        .unwrap();
    assert_eq!(published().len(), 3, "a and b were not republished");

    let mut last: HashMap<String, Option<Vec<u8>>> = HashMap::new();
    for r in read_all(topics::FETCHER_STATE) {
        let k = String::from_utf8_lossy(r.key.as_deref().unwrap_or_default()).to_string();
        if keys.contains_key(&k) {
            last.insert(k, r.payload);
        }
    }
    assert_eq!(last.len(), 3, "{last:?}");
    assert_eq!(last[&c_key], None, "c's state ends with a tombstone");
    for n in ["a.html", "b.html"] {
        let rec = last[&key(n)].as_ref().expect("a and b keep their state");
        let v: serde_json::Value = serde_json::from_slice(rec).unwrap();
        assert!(v["fetched_at"].is_i64(), "the write time is recorded: {v}");
    }
}
