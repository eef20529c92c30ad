//! Terms of a watch topic and the tokenizer they are matched with.

use std::fmt;

/// One term of a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// An entity by its stable id; `written` is how the file spelled it.
    Entity { id: String, written: String },
    /// One or more lowercase words that must appear consecutively.
    Words(Vec<String>),
    /// A lowercase word prefix (`sanction*`).
    Prefix(String),
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Entity { id, .. } => write!(f, "entity:{id}"),
            Term::Words(w) if w.len() == 1 => f.write_str(&w[0]),
            Term::Words(w) => write!(f, "\"{}\"", w.join(" ")),
            Term::Prefix(p) => write!(f, "{p}*"),
        }
    }
}

impl Term {
    /// Whether the term occurs in a tokenized claim with the given entities.
    pub fn matches(&self, words: &[&str], entity_ids: &[&str]) -> bool {
        match self {
            Term::Entity { id, .. } => entity_ids.iter().any(|e| e == id),
            Term::Prefix(p) => words.iter().any(|w| w.starts_with(p.as_str())),
            Term::Words(phrase) => {
                if phrase.is_empty() || phrase.len() > words.len() {
                    return false;
                }
                words
                    .windows(phrase.len())
                    .any(|win| win.iter().zip(phrase).all(|(a, b)| a == b))
            }
        }
    }
}

/// Split text into lowercase words: maximal runs of alphanumeric characters. Hyphens, quotes and
/// punctuation separate words, so "North-Korean" is `north`, `korean` in text and in queries.
pub fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}
