//! Story-level dedup through the real extractor (no broker): syndicated and lightly edited
//! copies of one story, as different sites publish them, fire the topic once; a copy that adds
//! a claim fires an `update` of the same story.

use claimwatch_alerting::AlertProcessor;
use claimwatch_extractor::ExtractProcessor;
use claimwatch_model::{Alert, RawArticle};

use crate::harness::*;

const LEAD: &str = "North Korea will send about 1,500 construction workers to Russia's Primorsky \
    region this year, the regional labour ministry said on Monday.";
const BODY: &[&str] = &[
    "The ministry said the first group would arrive by train before the end of the month and \
     would be housed in dormitories built for the purpose near the port of Nakhodka.",
    "Local building firms have struggled to find staff since the spring, when many seasonal \
     labourers from abroad did not return, and several projects have stood idle for months.",
    "Officials did not say how long the contracts would last or how the wages would be paid.",
    "Sanctions experts said the plan, if carried out, would raise questions about compliance with \
     United Nations restrictions on hiring such labour.",
];
const NEW_CLAIM: &str =
    "A second group of North Korean workers is expected in Russia's Khabarovsk \
    region in the autumn, a local official told reporters.";

fn page(site: &str, headline: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!doctype html><html><head><title>{headline} | {site}</title></head><body>\
         <nav><a href=\"/\">{site} home</a> <a href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav>\
         <article><h1>{headline}</h1>\n{body}</article>\
         <footer>© {site}. All rights reserved. <a href=\"/privacy\">Privacy</a></footer></body></html>"
    )
}

fn raw(site: &str, html: String) -> RawArticle {
    let url = format!("https://{site}.example/news/workers-primorsky");
    RawArticle {
        fetched_at: 1_700_000_000_000,
        ..crate::harness::raw_html(&url, site, &html)
    }
}

#[test]
fn syndicated_copies_fire_once_and_an_addition_fires_an_update() {
    let mut all = vec![LEAD];
    all.extend_from_slice(BODY);
    // The original, a syndicated copy with a credit line and another headline, and an edited
    // copy that trims one paragraph and rewords another (no claim changes).
    let original = raw(
        "wire",
        page("wire", "Pyongyang to send builders to Primorsky", &all),
    );
    let credit = format!("(Wire service) {LEAD}");
    let mut syndicated_paras = vec![credit.as_str()];
    syndicated_paras.extend_from_slice(BODY);
    let syndicated = raw(
        "portal",
        page(
            "portal",
            "Primorsky expects North Korean builders",
            &syndicated_paras,
        ),
    );
    let reworded = BODY[1].replace("have struggled", "had struggled");
    let edited = raw(
        "daily",
        page(
            "daily",
            "Builders from the North for Primorsky",
            &[LEAD, BODY[0], &reworded, BODY[3]],
        ),
    );
    // A later copy that adds a claim.
    let mut extended_paras = all.clone();
    extended_paras.push(NEW_CLAIM);
    let extended = raw(
        "weekly",
        page("weekly", "More workers to follow", &extended_paras),
    );

    let extractor = ExtractProcessor::new().unwrap();
    let watch = std::fs::read_to_string(repo_root().join("samples/watch-topics.toml")).unwrap();
    let set = claimwatch_alerting::compile_watch_file(&watch, "watch").unwrap();
    let mut alerting = AlertProcessor::new(set).unwrap();
    let mut fired: Vec<(String, Alert)> = Vec::new();
    for (name, article) in [
        ("original", &original),
        ("syndicated", &syndicated),
        ("edited", &edited),
        ("extended", &extended),
    ] {
        let extracted = extractor.article_for(article).unwrap().expect("an article");
        assert!(!extracted.statements.is_empty(), "{name}: no statements");
        assert_eq!(
            extracted.story_signature.len(),
            64,
            "{name}: the article carries the story signature"
        );
        for a in alerting.alerts_for(std::slice::from_ref(&extracted)) {
            fired.push((name.to_string(), a));
        }
    }
    let summary: Vec<(&str, &str)> = fired
        .iter()
        .map(|(n, a)| (n.as_str(), a.kind.as_str()))
        .collect();
    assert_eq!(
        summary,
        [("original", "alert"), ("extended", "update")],
        "{fired:#?}"
    );
    assert_eq!(
        fired[1].1.story_id.as_deref(),
        Some(original.article_id.as_str()),
        "the update names the story"
    );
}
