//! Drills and exercises: an article whose title or lede says that what it tells was rehearsed
//! (an earthquake drill, a mine-rescue exercise, a simulated collapse) reports no event, though
//! it carries every word of one ("quake", "collapsed", "trapped", "injured"). A topic does not
//! fire on such an article unless its own query asks for drill words (a topic that watches
//! military exercises names them: `exercise*`, `учени*`, `演习`), which is how a user keeps
//! drills in. Only the title and the first paragraph count: a story about a real quake that
//! mentions last year's drill further down is still about the quake.

use claimwatch_text::{lowercase, word_spans};

use crate::{ClaimView, Query, TextPattern};

/// Whole words (lowercase) that say the story is a drill.
const WORDS: &[&str] = &[
    // en
    "drill",
    "drills",
    "exercise",
    "exercises",
    "rehearse",
    "rehearses",
    "rehearsed",
    "rehearsal",
    "simulate",
    "simulated",
    "simulates",
    "simulating",
    "simulation",
    // de
    "geprobt",
    "simuliert",
    "simulierte",
    "simulierten",
    "simulation",
    // fr
    "exercice",
    "exercices",
    "simulé",
    "simulée",
    "simulés",
    "simulées",
    "simulant",
    // es, pt
    "simulacro",
    "simulacros",
    "simulación",
    "simulado",
    "simulada",
    "simulação",
    // it
    "esercitazione",
    "esercitazioni",
    "simulazione",
    "simulato",
    "simulata",
];

/// Word beginnings (Russian and Ukrainian inflect; Korean particles attach to the noun).
const PREFIXES: &[&str] = &["учени", "тренировк", "тренуванн", "훈련", "모의"];

/// Word endings: German compounds (`Großübung`, `Waldbrandübung`, `Katastrophenschutzübung`).
const SUFFIXES: &[&str] = &["übung", "übungen"];

/// Han words, found inside runs of Han characters.
const HAN: &[&str] = &["演习", "演習", "演练", "演練"];

/// Whether a lowercase word says the story is a drill.
fn is_drill_word(w: &str) -> bool {
    WORDS.contains(&w)
        || PREFIXES.iter().any(|p| w.starts_with(p))
        || SUFFIXES.iter().any(|s| w.ends_with(s))
}

/// Whether the title or the lede (paragraphs 0 and 1) of an article says it tells a drill.
pub(crate) fn reports_a_drill(statements: &[ClaimView<'_>]) -> bool {
    statements.iter().take_while(|s| s.paragraph <= 1).any(|s| {
        let lower = lowercase(s.text);
        HAN.iter().any(|h| lower.contains(h))
            || word_spans(&lower).any(|r| is_drill_word(&lower[r]))
    })
}

/// Whether a query asks for drill words itself (outside a NOT), which keeps drills in.
pub(crate) fn asks_for_drills(query: &Query) -> bool {
    let pattern = |p: &TextPattern| match p {
        TextPattern::Word(w) => is_drill_word(w) || HAN.contains(&w.as_str()),
        TextPattern::Prefix(w) => {
            is_drill_word(w)
                || WORDS
                    .iter()
                    .any(|d| d.starts_with(w.as_str()) && w.len() >= 4)
        }
        TextPattern::Phrase(ws) => {
            ws.iter().any(|w| is_drill_word(w)) || HAN.contains(&ws.concat().as_str())
        }
    };
    match query {
        Query::And(parts) | Query::Or(parts) => parts.iter().any(asks_for_drills),
        Query::Not(_) | Query::Field(_) => false,
        Query::Text(p) => pattern(p),
        Query::Near { left, right, .. } => pattern(left) || pattern(right),
    }
}
