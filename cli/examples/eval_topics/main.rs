//! `make eval-topics`: recall and false alerts of watch topics written by analysts, over a
//! labelled set of articles (bench/topics), through the pipeline's own extraction and
//! matching code; then the same with the old entity-only behaviour for comparison.
//!
//! usage: eval_topics <set dir> [<set dir>...]
//!
//! Each set dir holds labels.toml and items/, and may hold topics.toml and entities.toml. The
//! topics and entities of all the dirs given are loaded together (a later set can add subjects
//! to an earlier one), and each set's items are scored separately: figures for the sets the
//! topics were written for and for fresh sets stay apart.
//!
//! Per topic: `pos` items labelled relevant, `hit` of them fired (recall = hit / pos); `nm`
//! items labelled a near miss of the topic, `fa` of them fired (false alerts); `other`: fires
//! on items labelled neither (also false alerts). With `EVAL_TOPICS_PAGES=DIR`, each `.page`
//! item is also written to DIR as the HTML page the extractor saw. With `EVAL_TOPICS_WHY=1` in the environment,
//! each false alert is followed by the topic's explanation and the sentences it fired on.
//!
//! The old behaviour is the extractor and matcher as they were before every sentence became
//! matchable: only sentences that mention an entity of the hand-written dictionary (no
//! gazetteer, no users' entities) reach the matcher, each topic is matched one sentence at a
//! time, and words match as written (no stemming; `in:` sees the countries the hand-written
//! dictionary names).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use claimwatch_alerting::{compile_watch_file_with, AlertProcessor};
use claimwatch_extract::{EntityDictionary, Layer, Source};
use claimwatch_extractor::live::LiveDictionary;
use claimwatch_extractor::ExtractProcessor;
use claimwatch_model::{ArticleEvent, RawArticle};
use claimwatch_watch::{Scope, WatchSet};

mod page;
use page::Sites;

#[derive(serde::Deserialize)]
struct Labels {
    item: Vec<Item>,
}

#[derive(serde::Deserialize)]
struct Item {
    file: String,
    lang: String,
    #[serde(default)]
    relevant: Vec<String>,
    #[serde(default)]
    near_miss: Vec<String>,
}

#[derive(Default, Clone)]
struct Row {
    pos: usize,
    hit: usize,
    nm: usize,
    fa: usize,
    other: usize,
    missed: Vec<String>,
    false_alerts: Vec<String>,
}

fn main() {
    let mut dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        dirs.push("bench/topics".into());
    }
    if let Err(e) = run(&dirs) {
        eprintln!("eval_topics: {e}");
        std::process::exit(1);
    }
}

fn read(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

/// The raw article of one item: a `.page` is rendered into its site's layout (see `page`),
/// an `.html` or `.txt` file is read as it is.
fn raw_article(path: &Path, sites: &Sites) -> Result<RawArticle, String> {
    let mut body = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let page = path.extension().is_some_and(|e| e == "page");
    if page {
        let text = String::from_utf8(body).map_err(|e| format!("{}: {e}", path.display()))?;
        body = sites
            .render(&text)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .into_bytes();
        if let Some(out) = std::env::var_os("EVAL_TOPICS_PAGES") {
            let out =
                Path::new(&out).join(path.with_extension("html").file_name().unwrap_or_default());
            std::fs::write(&out, &body).map_err(|e| format!("{}: {e}", out.display()))?;
        }
    }
    let html = page || path.extension().is_some_and(|e| e == "html" || e == "htm");
    Ok(claimwatch::local_raw_article(
        path,
        body,
        html,
        "eval",
        1_764_000_000_000,
    ))
}

/// The topic ids that fire on one article (a fresh processor per article: no story dedup
/// between items, which are different stories), each with why: its explanation and the
/// sentences it fired on.
fn fired(set: &WatchSet, article: &ArticleEvent) -> Result<BTreeMap<String, String>, String> {
    let mut p = AlertProcessor::new(set.clone()).map_err(|e| e.to_string())?;
    Ok(p.alerts_for(std::slice::from_ref(article))
        .into_iter()
        .map(|a| {
            let mut why = a.explanation.clone();
            for c in &a.matched_claims {
                why.push_str("\n        | ");
                why.push_str(&c.text);
            }
            (a.watch_topic_id, why)
        })
        .collect())
}

/// The article as the old extractor and matcher saw it.
fn old_view(a: &ArticleEvent) -> ArticleEvent {
    ArticleEvent {
        language: None,
        statements: a
            .statements
            .iter()
            .filter(|s| s.sentence_index >= 0 && !s.entities.is_empty())
            .cloned()
            .collect(),
        ..a.clone()
    }
}

/// A false alert's line: the item, and why it fired when `EVAL_TOPICS_WHY` is set.
fn with_why(name: &str, why: &str) -> String {
    if std::env::var_os("EVAL_TOPICS_WHY").is_some() {
        format!("{name}\n      {why}")
    } else {
        name.to_string()
    }
}

/// A missed item's or near miss's line: the item, and with `EVAL_TOPICS_WHY` the entities,
/// countries and speakers each paragraph was seen to name.
fn with_places(name: &str, article: &ArticleEvent) -> String {
    if std::env::var_os("EVAL_TOPICS_WHY").is_none() {
        return name.to_string();
    }
    // Paragraph → (entities, countries, speakers) it names.
    type Seen = (Vec<String>, Vec<String>, Vec<String>);
    let mut by_para: BTreeMap<i32, Seen> = BTreeMap::new();
    for s in &article.statements {
        let e = by_para.entry(s.paragraph).or_default();
        if let Some(sp) = &s.speaker {
            if !e.2.contains(sp) {
                e.2.push(sp.clone());
            }
        }
        for m in &s.entities {
            let seen = format!("{}={}", m.surface, m.id);
            if !e.0.contains(&seen) {
                e.0.push(seen);
            }
        }
        for c in &s.countries {
            if !e.1.contains(c) {
                e.1.push(c.clone());
            }
        }
    }
    let mut out = name.to_string();
    for (p, (ents, countries, speakers)) in by_para {
        out.push_str(&format!(
            "\n        ¶{p}: {} | in: {}{}",
            ents.join(", "),
            countries.join(", "),
            if speakers.is_empty() {
                String::new()
            } else {
                format!(" | said: {}", speakers.join("; "))
            }
        ));
    }
    out
}

/// With `EVAL_TOPICS_DUMP=<part of a file name>`, every statement of the matching items (as the
/// current matcher sees them): paragraph, speaker and cue, countries, text.
fn dump(file: &str, article: &ArticleEvent, old: bool) {
    let Some(part) = std::env::var_os("EVAL_TOPICS_DUMP") else {
        return;
    };
    if old || !file.contains(part.to_string_lossy().as_ref()) {
        return;
    }
    eprintln!("== {file}");
    for s in &article.statements {
        eprintln!(
            "  ¶{} [{} / {}] in: {} | {}",
            s.paragraph,
            s.speaker.as_deref().unwrap_or("-"),
            s.cue.as_deref().unwrap_or("-"),
            s.countries.join(","),
            s.text
        );
    }
}

fn evaluate(
    dir: &Path,
    labels: &Labels,
    set: &WatchSet,
    extractor: &ExtractProcessor,
    old: bool,
) -> Result<BTreeMap<String, Row>, String> {
    let mut rows: BTreeMap<String, Row> = set
        .topics()
        .iter()
        .map(|t| (t.id.clone(), Row::default()))
        .collect();
    let sites = Sites::load(&dir.join("sites"))?;
    for item in &labels.item {
        let raw = raw_article(&dir.join("items").join(&item.file), &sites)?;
        let Some(article) = extractor
            .article_for(&raw)
            .map_err(|f| format!("{}: {f:?}", item.file))?
        else {
            return Err(format!("{}: no main text", item.file));
        };
        let article = if old { old_view(&article) } else { article };
        dump(&item.file, &article, old);
        let fires = fired(set, &article)?;
        let name = format!("{} ({})", item.file, item.lang);
        for (topic, row) in rows.iter_mut() {
            let f = fires.contains_key(topic);
            if item.relevant.contains(topic) {
                row.pos += 1;
                if f {
                    row.hit += 1;
                } else {
                    row.missed.push(with_places(&name, &article));
                }
            } else if item.near_miss.contains(topic) {
                row.nm += 1;
                if f {
                    row.fa += 1;
                    let line = with_why(&name, &fires[topic]);
                    row.false_alerts.push(with_places(&line, &article));
                }
            } else if f {
                row.other += 1;
                row.false_alerts.push(with_why(&name, &fires[topic]));
            }
        }
    }
    Ok(rows)
}

fn print(title: &str, rows: &BTreeMap<String, Row>, details: bool) -> (f64, usize, usize) {
    println!("\n{title}");
    println!(
        "| {:<26} | {:>3} | {:>3} | {:>6} | {:>3} | {:>3} | {:>5} |",
        "topic", "pos", "hit", "recall", "nm", "fa", "other"
    );
    println!(
        "|{:-<28}|{:->5}|{:->5}|{:->8}|{:->5}|{:->5}|{:->7}|",
        "", "", "", "", "", "", ""
    );
    let mut t = Row::default();
    for (id, r) in rows {
        let recall = if r.pos == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", 100.0 * r.hit as f64 / r.pos as f64)
        };
        println!(
            "| {:<26} | {:>3} | {:>3} | {:>6} | {:>3} | {:>3} | {:>5} |",
            id, r.pos, r.hit, recall, r.nm, r.fa, r.other
        );
        t.pos += r.pos;
        t.hit += r.hit;
        t.nm += r.nm;
        t.fa += r.fa;
        t.other += r.other;
    }
    let recall = t.hit as f64 / t.pos.max(1) as f64;
    println!(
        "| {:<26} | {:>3} | {:>3} | {:>5.1}% | {:>3} | {:>3} | {:>5} |",
        "ALL",
        t.pos,
        t.hit,
        100.0 * recall,
        t.nm,
        t.fa,
        t.other
    );
    println!(
        "false alerts per 50 near misses: {:.2} (near misses fired {} of {}; other false alerts {})",
        50.0 * t.fa as f64 / t.nm.max(1) as f64,
        t.fa,
        t.nm,
        t.other
    );
    if details {
        for (id, r) in rows {
            for m in &r.missed {
                println!("  missed      {id}: {m}");
            }
            for f in &r.false_alerts {
                println!("  false alert {id}: {f}");
            }
        }
    }
    (recall, t.fa, t.nm)
}

/// A file of a set dir, if it exists.
fn read_optional(p: &Path) -> Result<Option<String>, String> {
    if p.exists() {
        read(p).map(Some)
    } else {
        Ok(None)
    }
}

fn run(dirs: &[PathBuf]) -> Result<(), String> {
    let mut sets = Vec::new();
    let mut topics_src = String::new();
    let mut entity_files = Vec::new();
    for dir in dirs {
        let labels: Labels = toml::from_str(&read(&dir.join("labels.toml"))?)
            .map_err(|e| format!("{}: labels: {e}", dir.display()))?;
        sets.push((dir, labels));
        if let Some(t) = read_optional(&dir.join("topics.toml"))? {
            topics_src.push_str(&t);
            topics_src.push('\n');
        }
        let path = dir.join("entities.toml");
        if let Some(e) = read_optional(&path)? {
            entity_files.push((path.display().to_string(), e));
        }
    }

    // Now: the shipped dictionary and gazetteer, with the analysts' entities layered on it.
    let mut sources = EntityDictionary::builtin_sources();
    sources.extend(entity_files.iter().map(|(name, toml)| Source {
        name,
        toml,
        layer: Layer::Override,
    }));
    let dict = EntityDictionary::from_sources(&sources, &[]).map_err(|e| e.to_string())?;
    let set = compile_watch_file_with(&topics_src, "topics.toml", &dict)?;
    for w in claimwatch_alerting::topic_warnings(&set) {
        eprintln!("{w}");
    }
    let extractor =
        ExtractProcessor::live(LiveDictionary::fixed(Arc::new(dict))).map_err(|e| e.to_string())?;

    // Before: the hand-written dictionary only, entity sentences only, sentence scope.
    let hand = EntityDictionary::from_sources(&EntityDictionary::builtin_sources()[..1], &[])
        .map_err(|e| e.to_string())?;
    let old_set = {
        let s = compile_watch_file_with(&topics_src, "topics.toml", &hand)?;
        let topics = s
            .topics()
            .iter()
            .cloned()
            .map(|mut t| {
                t.scope = Scope::Sentence;
                // The first release had no negation rule.
                t.denials = true;
                t
            })
            .collect();
        WatchSet::new(topics)
    };
    let old_extractor =
        ExtractProcessor::live(LiveDictionary::fixed(Arc::new(hand))).map_err(|e| e.to_string())?;

    for (dir, labels) in &sets {
        let now = evaluate(dir, labels, &set, &extractor, false)?;
        let before = evaluate(dir, labels, &old_set, &old_extractor, true)?;
        println!(
            "claimwatch eval-topics: {} items, {} topics ({})",
            labels.item.len(),
            set.topics().len(),
            dir.display()
        );
        print(
            "now (every sentence, topic scope, gazetteer, users' entities, inflection)",
            &now,
            true,
        );
        print(
            "before (entity sentences only, sentence scope, as written)",
            &before,
            false,
        );
        println!();
    }
    Ok(())
}
