//! End-to-end over the sample articles in `samples/articles/`.

use claimwatch_extract::{extract, Article, Claim, Document, EntityDictionary};

const S01: &str = include_str!("../../../samples/articles/01-dprk-workers-russia.html");
const S02: &str = include_str!("../../../samples/articles/02-dprk-workers-russia-ru.html");
const S03: &str = include_str!("../../../samples/articles/03-dprk-workers-china.html");
const S04: &str = include_str!("../../../samples/articles/04-central-asia-migrants-russia.html");
const S05: &str = include_str!("../../../samples/articles/05-football.html");
const S06: &str = include_str!("../../../samples/articles/06-dprk-missile-test.txt");

fn run(body: &str, url: &str, content_type: Option<&str>) -> Article {
    let dict = EntityDictionary::shared().expect("builtin dictionary");
    let doc = Document {
        body: body.as_bytes(),
        content_type,
        declared_charset: None,
        url,
        language_hint: None,
    };
    let article = extract(&doc, &dict).expect("sample extracts");
    check_offsets(&article);
    article
}

/// Every offset points where it says it does.
fn check_offsets(a: &Article) {
    for c in claims(a) {
        assert_eq!(&a.text[c.start..c.end], c.text, "claim offsets");
        assert!(!c.entities.is_empty());
        for m in &c.entities {
            assert_eq!(&c.text[m.start..m.end], m.surface, "mention offsets");
        }
        assert_eq!(c.hedged, c.hedge_cue.is_some());
        for d in &c.dates {
            assert_eq!(&c.text[d.start..d.end], d.text, "date offsets");
        }
        // The claim's own speaker is the outermost level stated in its sentence.
        if let Some(own) = c
            .attribution_chain
            .iter()
            .find(|l| l.origin == claimwatch_extract::LinkOrigin::Sentence)
        {
            assert_eq!(c.speaker.as_deref(), Some(own.speaker.as_str()));
        }
    }
}

fn mentions(c: &Claim, id: &str) -> bool {
    c.entities.iter().any(|m| m.id == id)
}

fn all_ids(a: &Article) -> Vec<&str> {
    claims(a)
        .into_iter()
        .flat_map(|c| c.entities.iter().map(|m| m.id.as_str()))
        .collect()
}

#[test]
fn sample_01_english_dprk_workers_to_russia() {
    let a = run(
        S01,
        "https://harbour-ledger.example/world/x",
        Some("text/html; charset=utf-8"),
    );
    assert_eq!(
        a.title.as_deref(),
        Some("Pyongyang to send more labourers to Russian building sites")
    );
    assert_eq!(a.published_at, Some(1_791_966_600_000)); // 2026-10-14T08:30:00Z
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://harbour-ledger.example/world/2026/10/14/pyongyang-labourers-russia")
    );
    // Main text: the five article paragraphs, no byline, nav, related links or footer.
    assert_eq!(a.text.split("\n\n").count(), 5, "{}", a.text);
    assert!(a.text.starts_with("North Korea plans to send"));
    for junk in [
        "Mira Kestrel",
        "Home",
        "Related",
        "Nakhodka",
        "All rights reserved",
    ] {
        assert!(!a.text.contains(junk), "{junk} leaked into the text");
    }
    assert!(
        !a.text.contains("Pyongyang to send more labourers"),
        "title repeated in text"
    );

    let ids = all_ids(&a);
    assert!(ids.contains(&"north-korea") && ids.contains(&"russia"));
    assert!(claims(&a)
        .into_iter()
        .any(|c| mentions(c, "north-korea") && mentions(c, "russia")));

    let first = claims(&a)[0];
    assert_eq!(first.cue.as_deref(), Some("according to"));
    assert_eq!(
        first.speaker.as_deref(),
        Some("a regional labour official in Primorye")
    );

    let official = claims(&a)
        .into_iter()
        .find(|c| c.text.starts_with("The official said"))
        .expect("claim");
    assert_eq!(
        (official.speaker.as_deref(), official.cue.as_deref()),
        (Some("The official"), Some("said"))
    );

    let analysts = claims(&a)
        .into_iter()
        .find(|c| c.text.starts_with("Analysts"))
        .expect("claim");
    assert_eq!(
        analysts.speaker.as_deref(),
        Some("Analysts at the Seoul-based Institute for Far Eastern Affairs")
    );
    assert_eq!(analysts.cue.as_deref(), Some("noted"));
    assert_eq!(analysts.hedge_cue.as_deref(), Some("likely"));
    assert!(
        mentions(analysts, "un-security-council") && mentions(analysts, "unsc-resolution-2397")
    );

    let estimate = claims(&a)
        .into_iter()
        .find(|c| c.text.starts_with("The number of DPRK workers"))
        .expect("claim");
    assert!(estimate.hedged);
    assert_eq!(
        estimate.speaker.as_deref(),
        Some("the South Korean intelligence service")
    );
    assert_eq!(estimate.cue.as_deref(), Some("told"));

    assert!(claims(&a).iter().filter(|c| c.hedged).count() >= 1);
}

#[test]
fn sample_02_russian() {
    let a = run(S02, "https://vostok.example/news/1", Some("text/html"));
    assert_eq!(
        a.title.as_deref(),
        Some("КНДР направит в Россию новых рабочих")
    );
    assert_eq!(a.language.as_deref(), Some("ru"));
    assert_eq!(a.published_at, Some(1_792_033_200_000)); // 2026-10-15T06:00:00+03:00
    assert!(!a.text.contains("Главная") && !a.text.contains("Комментарии"));
    assert_eq!(a.text.split("\n\n").count(), 3);

    let ids = all_ids(&a);
    assert!(ids.contains(&"north-korea") && ids.contains(&"russia"));
    let first = claims(&a)[0];
    assert!(mentions(first, "north-korea") && mentions(first, "russia"));
    assert_eq!(first.cue.as_deref(), Some("по данным"));
    assert_eq!(
        first.speaker.as_deref(),
        Some("министерства труда Приморского края")
    );

    let rep = claims(&a)
        .into_iter()
        .find(|c| c.text.starts_with("Представитель"))
        .expect("claim");
    assert_eq!(rep.speaker.as_deref(), Some("Представитель ведомства"));
    assert_eq!(rep.cue.as_deref(), Some("сообщил"));
    assert!(rep.entities.iter().any(|m| m.surface == "северокорейские"));

    let experts = claims(&a)
        .into_iter()
        .find(|c| c.text.starts_with("Эксперты"))
        .expect("claim");
    assert_eq!(experts.hedge_cue.as_deref(), Some("вероятно"));
    assert!(mentions(experts, "un-security-council"));
}

#[test]
fn sample_03_no_russia() {
    let a = run(S03, "https://example.org/dandong", None);
    assert_eq!(
        a.title.as_deref(),
        Some("Seafood plants in Dandong still rely on North Korean workers")
    );
    let ids = all_ids(&a);
    assert!(!ids.contains(&"russia"), "{ids:?}");
    assert!(ids.contains(&"north-korea") && ids.contains(&"china"));
    let group = claims(&a)
        .into_iter()
        .find(|c| c.text.starts_with("Hundreds"))
        .expect("claim");
    assert_eq!(group.speaker.as_deref(), Some("a labour rights group"));
    let beijing = claims(&a)
        .into_iter()
        .find(|c| c.text.starts_with("Beijing"))
        .expect("claim");
    assert_eq!(beijing.speaker.as_deref(), Some("Beijing"));
}

#[test]
fn sample_04_central_asia() {
    let a = run(S04, "https://example.org/migrants", Some("text/html"));
    let ids = all_ids(&a);
    for id in [
        "uzbekistan",
        "tajikistan",
        "russia",
        "central-asia",
        "kazakhstan",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let first = claims(&a)[0];
    assert_eq!(first.cue.as_deref(), Some("according to"));
    assert_eq!(
        first.speaker.as_deref(),
        Some("figures from the Uzbek migration agency")
    );
}

#[test]
fn sample_05_no_entities_no_claims() {
    let a = run(S05, "https://example.org/sport", Some("text/html"));
    assert_eq!(
        a.title.as_deref(),
        Some("Late header sends Riverside into the cup semi-final")
    );
    assert!(claims(&a).is_empty(), "{:?}", claims(&a));
    assert_eq!(a.published_at, None);
}

#[test]
fn sample_06_plain_text() {
    let a = run(S06, "file:///samples/06-dprk-missile-test.txt", None);
    assert_eq!(
        a.title.as_deref(),
        Some("North Korea fires ballistic missile into the sea off its east coast")
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.text.split("\n\n").count(), 3);
    assert!(a.text.starts_with("North Korea launched"));
    assert_eq!(claims(&a).len(), 3);
    assert_eq!(
        claims(&a)[0].speaker.as_deref(),
        Some("the South Korean military")
    );
    assert_eq!(claims(&a)[1].cue.as_deref(), Some("according to"));
    assert_eq!(
        claims(&a)[1].speaker.as_deref(),
        Some("the Joint Chiefs of Staff in Seoul")
    );
    assert_eq!(claims(&a)[2].speaker.as_deref(), Some("diplomats"));
    let ids: Vec<&str> = claims(&a)[2]
        .entities
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(ids, ["russia", "china", "un-security-council"]);
    // Same result when the content type says so explicitly.
    let b = run(S06, "https://example.org/x", Some("text/plain"));
    assert_eq!(a, b);
}

/// The statements that mention a dictionary entity (what these tests call claims).
fn claims(a: &claimwatch_extract::Article) -> Vec<&claimwatch_extract::Claim> {
    a.entity_claims().collect()
}
