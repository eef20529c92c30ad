//! `claimwatch check-watch FILE --against ARTICLE...`: the topics tried on saved articles,
//! offline, through the extractor and the alerting service's own code. For each article it
//! prints the countries it is placed in, then each topic that fires with its terms and the
//! statements it fired on, or that none does. A user writing a topic sees on a handful of
//! reports they want (and of near misses they do not) what it would have done, before
//! publishing it with `claimwatch watch add`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use claimwatch_alerting::AlertProcessor;
use claimwatch_extract::EntityDictionary;
use claimwatch_extractor::live::LiveDictionary;
use claimwatch_extractor::ExtractProcessor;
use claimwatch_model::{ArticleEvent, RawArticle};
use claimwatch_watch::WatchSet;

/// Try `set` on each file of `articles`, printing the report to stdout.
pub fn run(
    set: &WatchSet,
    dict: Arc<EntityDictionary>,
    articles: &[PathBuf],
) -> Result<(), String> {
    let extractor =
        ExtractProcessor::live(LiveDictionary::fixed(dict)).map_err(|e| e.to_string())?;
    for path in articles {
        let raw = raw_article(path)?;
        let article = extractor
            .article_for(&raw)
            .map_err(|f| format!("{}: cannot extract: {f:?}", path.display()))?;
        let Some(article) = article else {
            println!("{}: no main text", path.display());
            continue;
        };
        print!("{}", report(path, set, &article)?);
    }
    Ok(())
}

/// A saved article as the fetcher would publish it: HTML by its extension (`.html`, `.htm`),
/// plain text otherwise.
fn raw_article(path: &Path) -> Result<RawArticle, String> {
    let body = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let html = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    Ok(claimwatch::local_raw_article(
        path,
        body,
        html,
        "check-watch",
        0,
    ))
}

/// What the topics do on one extracted article.
fn report(path: &Path, set: &WatchSet, article: &ArticleEvent) -> Result<String, String> {
    let mut out = String::new();
    let mut placed: Vec<&str> = Vec::new();
    for s in &article.statements {
        for c in &s.countries {
            if !placed.contains(&c.as_str()) {
                placed.push(c);
            }
        }
    }
    let _ = writeln!(
        out,
        "{}: language {}, {} statements, names places in {}",
        path.display(),
        article.language.as_deref().unwrap_or("unknown"),
        article.statements.len(),
        if placed.is_empty() {
            "no country".to_string()
        } else {
            placed.join(", ")
        }
    );
    // A fresh processor per article: no story dedup across the files tried.
    let mut p = AlertProcessor::new(set.clone()).map_err(|e| e.to_string())?;
    let alerts = p.alerts_for(std::slice::from_ref(article));
    if alerts.is_empty() {
        let _ = writeln!(out, "  no topic fires");
    }
    for a in &alerts {
        let _ = writeln!(out, "  fires {}: {}", a.watch_topic_id, a.explanation);
        for c in &a.matched_claims {
            let _ = writeln!(out, "    | {}", c.text);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_tried_on_saved_articles_says_where_it_fires() {
        let dict = EntityDictionary::shared().unwrap();
        let set = claimwatch_alerting::compile_watch_file_with(
            "[[topic]]\nid = \"ferry-fires\"\nname = \"Ferry fires\"\nquery = 'ferry fire*'\n",
            "topics.toml",
            &dict,
        )
        .unwrap();
        let dir = std::env::temp_dir().join(format!("cw-try-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let hit = dir.join("hit.txt");
        std::fs::write(
            &hit,
            "Ferry fire off Crete\n\nA fire broke out on a ferry near Heraklion on Sunday, the coast guard said.\n",
        )
        .unwrap();
        let miss = dir.join("miss.html");
        std::fs::write(
            &miss,
            "<html><head><title>Ferry timetable</title></head><body><article><h1>New ferry timetable</h1><p>The summer ferry timetable for the islands starts in June, the port authority said on Monday, with two more crossings a day.</p></article></body></html>",
        )
        .unwrap();
        let extractor = ExtractProcessor::live(LiveDictionary::fixed(dict.clone())).unwrap();
        let read = |p: &Path| {
            extractor
                .article_for(&raw_article(p).unwrap())
                .unwrap()
                .unwrap()
        };
        let r = report(&hit, &set, &read(&hit)).unwrap();
        assert!(r.contains("fires ferry-fires"), "{r}");
        assert!(r.contains("names places in greece"), "{r}");
        assert!(r.contains("| A fire broke out on a ferry"), "{r}");
        let r = report(&miss, &set, &read(&miss)).unwrap();
        assert!(r.contains("no topic fires"), "{r}");
        assert!(run(&set, dict, &[hit, miss]).is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }
}
