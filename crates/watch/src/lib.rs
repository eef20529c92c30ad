//! Watch topics: what analysts want to be told about, and matching claims against them.
//!
//! A watch-topic file is TOML with one `[[topic]]` table per topic. A topic fires on a claim
//! when every term of `all_of` matches, at least one term of `any_of` matches (if it has any),
//! and no term of `none_of` matches. A term is either `entity:<id or alias>` (resolved to a
//! stable entity id when the file is compiled), a word, a `prefix*`, or a phrase of several
//! words that must appear consecutively. Words are compared case-insensitively.
//!
//! This crate knows nothing of Kafka or of how entities are recognised: callers pass a resolver
//! for entity names and a [`ClaimView`] with the entity ids already found in the claim.

mod file;
mod terms;

pub use file::{parse_file, FileError, TopicSpec, WatchFile};
pub use terms::{tokenize, Term};

use std::collections::HashSet;

/// A claim as the matcher sees it.
#[derive(Debug, Clone, Copy)]
pub struct ClaimView<'a> {
    pub text: &'a str,
    /// Ids of the entities mentioned in the claim.
    pub entity_ids: &'a [&'a str],
}

/// A compiled watch topic.
#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub name: String,
    pub version: i32,
    pub severity: String,
    pub all_of: Vec<Term>,
    pub any_of: Vec<Term>,
    pub none_of: Vec<Term>,
}

/// What made a topic fire on a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicMatch {
    /// Index of the topic in [`WatchSet::topics`].
    pub topic: usize,
    /// The terms that matched, in query order, as written in the file.
    pub matched_terms: Vec<String>,
}

/// All compiled topics.
#[derive(Debug, Clone, Default)]
pub struct WatchSet {
    topics: Vec<Topic>,
}

impl WatchSet {
    /// Compile a parsed file, resolving `entity:` names with `resolve_entity`. Every problem is
    /// reported, each with its line and column.
    pub fn compile(
        file: &WatchFile,
        resolve_entity: &dyn Fn(&str) -> Option<String>,
    ) -> Result<WatchSet, Vec<FileError>> {
        let mut errors = Vec::new();
        let mut topics = Vec::new();
        let mut seen = HashSet::new();
        for spec in &file.topics {
            if let Some(t) = spec.compile(&file.source, resolve_entity, &mut errors) {
                if !seen.insert(t.id.clone()) {
                    errors.push(file.error_at(
                        spec.id.span().start,
                        format!("duplicate topic id `{}`", t.id),
                    ));
                    continue;
                }
                topics.push(t);
            }
        }
        if errors.is_empty() {
            Ok(WatchSet { topics })
        } else {
            Err(errors)
        }
    }

    /// Parse and compile a watch-topic file in one step.
    pub fn from_toml(
        source: &str,
        resolve_entity: &dyn Fn(&str) -> Option<String>,
    ) -> Result<WatchSet, Vec<FileError>> {
        let file = parse_file(source).map_err(|e| vec![e])?;
        WatchSet::compile(&file, resolve_entity)
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// Every topic that fires on the claim.
    pub fn matches(&self, claim: ClaimView<'_>) -> Vec<TopicMatch> {
        let tokens = tokenize(claim.text);
        let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let mut out = Vec::new();
        for (i, topic) in self.topics.iter().enumerate() {
            if let Some(matched_terms) = topic.evaluate(&words, claim.entity_ids) {
                out.push(TopicMatch {
                    topic: i,
                    matched_terms,
                });
            }
        }
        out
    }
}

impl Topic {
    fn evaluate(&self, words: &[&str], entity_ids: &[&str]) -> Option<Vec<String>> {
        let mut matched = Vec::new();
        for t in &self.all_of {
            if !t.matches(words, entity_ids) {
                return None;
            }
            matched.push(t.to_string());
        }
        if !self.any_of.is_empty() {
            let hits: Vec<String> = self
                .any_of
                .iter()
                .filter(|t| t.matches(words, entity_ids))
                .map(Term::to_string)
                .collect();
            if hits.is_empty() {
                return None;
            }
            matched.extend(hits);
        }
        if self.none_of.iter().any(|t| t.matches(words, entity_ids)) {
            return None;
        }
        Some(matched)
    }

    /// A one-line, human-readable statement of why the topic fired.
    pub fn explain(&self, matched_terms: &[String]) -> String {
        format!(
            "`{}` fired: matched {}",
            self.id,
            if matched_terms.is_empty() {
                "(nothing)".to_string()
            } else {
                matched_terms.join(", ")
            }
        )
    }
}

#[cfg(test)]
mod tests;
