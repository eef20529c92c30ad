//! Watch topics: what analysts want to be told about, and matching claims against them.
//!
//! A watch-topic file is TOML with one `[[topic]]` table per topic:
//!
//! ```toml
//! [[topic]]
//! id = "dprk-workers-russia"
//! name = "DPRK workers in Russia"
//! version = 2                 # bump on change; alerts cite it
//! severity = "high"           # low | medium | high | critical
//! owner = "sanctions-desk"
//! tags = ["dprk"]
//! query = 'entity:north-korea entity:russia (worker* OR "labour migrants") -entity:china'
//! throttle = { max_alerts = 10, window_secs = 3600 }   # optional
//! digest_secs = 900                                    # optional
//! webhook = "https://hooks.example.org/T0/B0/x"        # optional
//! ```
//!
//! # The query language
//!
//! - `word`, `prefix*`, `"exact phrase"`: words of the claim text, case-insensitively. A word is
//!   a maximal run of letters and digits in any script; a bare term with separators in it
//!   (`main-d'œuvre`) is the phrase of its words. Korean particles attach to nouns (북한의), so
//!   use a prefix: `북한*`.
//! - `a NEAR/n b`: the two words, prefixes or phrases occur with at most `n` other words
//!   between them, in either order.
//! - `entity:<id or alias>` (resolved when the file is compiled: `entity:DPRK`, `entity:КНДР`
//!   and `entity:north-korea` are the same), `speaker:<word, prefix* or "phrase">`,
//!   `lang:<ISO 639-1>`, `source:<source id>`, `hedged:true|false`, `tag:<source tag>`. Values
//!   with spaces are quoted: `entity:"north korea"`.
//! - `NOT x` or `-x`; `a AND b`, or just `a b`; `a OR b`; parentheses. Precedence, tightest
//!   first: `NEAR/n`, `NOT`, `AND`, `OR`. Operators are upper case; `and` is a word.
//!
//! The older lists are sugar for the same tree: `all_of` terms are ANDed, `any_of` terms form
//! one OR, each `none_of` term is a NOT; with `query` as well, everything is ANDed.
//!
//! # Matching
//!
//! [`WatchSet::matches`] runs the fast path (one Aho-Corasick pass pre-filters candidate topics,
//! see `engine.rs`); [`WatchSet::matches_naive`] evaluates every topic and is kept as the
//! reference the tests compare the fast path with.
//!
//! [`WatchSet::match_article`] also leaves out drills: an article whose title or lede says it
//! tells a drill or exercise fires only the topics whose query names a drill word itself
//! (`exercise*`, `Übung*`, `учени*`, `演习`; see `drill.rs`).
//!
//! This crate knows nothing of Kafka or of how entities are recognised: callers pass a resolver
//! for entity names and a [`ClaimView`] with the entity ids already found in the claim.

mod appeal;
mod article;
mod drill;
mod engine;
mod eval;
mod file;
mod log;
mod negation;
mod query;
mod relation;
mod study;
mod tally;
mod text;
mod verdict;

pub use eval::MatchedTerm;
pub use file::{parse_file, FileError, ThrottleSpec, TopicSpec, WatchFile, SEVERITIES};
pub use log::{topic_documents, Applied, WatchLog};
pub use query::{FieldTerm, ParseError, Query, TextPattern, FIELDS, MAX_DEPTH, MAX_NEAR};
pub use text::tokenize;

use std::collections::HashSet;
use std::sync::Mutex;

use engine::{Engine, Scratch};
use eval::{eval_naive, evidence, Prepared};

/// A claim as the matcher sees it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClaimView<'a> {
    /// The claim sentence.
    pub text: &'a str,
    /// Ids of the entities mentioned in the claim.
    pub entity_ids: &'a [&'a str],
    /// Ids of the countries the claim is placed in: countries it names, and the countries of
    /// the cities and regions it names (`in:`).
    pub countries: &'a [&'a str],
    /// Who asserts the claim, if attributed.
    pub speaker: Option<&'a str>,
    /// Language of the article (ISO 639-1), if known.
    pub language: Option<&'a str>,
    /// Id of the source the article came from.
    pub source_id: &'a str,
    /// Whether the claim is hedged.
    pub hedged: bool,
    /// Tags of the source.
    pub tags: &'a [&'a str],
    /// Paragraph of the article the statement belongs to (for [`WatchSet::match_article`]):
    /// 0 for the title, 1 for the first paragraph of the text, and so on.
    pub paragraph: u32,
    /// Where the entities of `entity_ids` are mentioned in `text`, when known: an entity all
    /// of whose mentions a negation or a denial reaches ("no measles cases") does not satisfy
    /// `entity:` (see [`WatchSet::match_article`]). Empty: every entity counts as affirmed.
    pub entity_spans: &'a [EntitySpan<'a>],
}

/// One mention of an entity in a statement's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntitySpan<'a> {
    pub id: &'a str,
    /// Byte range of the mention in the statement's text.
    pub start: u32,
    pub end: u32,
}

/// Alert rate limit of a topic (parsed and validated here, applied by the alerting service).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// Most alerts per window.
    pub max_alerts: u32,
    pub window_secs: u64,
}

/// A compiled watch topic.
#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub name: String,
    pub version: i32,
    pub severity: String,
    pub owner: Option<String>,
    /// Labels of the topic itself.
    pub tags: Vec<String>,
    /// The whole condition (the `query` and the sugar lists, combined).
    pub query: Query,
    pub throttle: Option<Throttle>,
    /// Deliver alerts as a digest every this many seconds.
    pub digest_secs: Option<u64>,
    /// Where the webhook sink delivers this topic's alerts (besides the default URL, if any).
    pub webhook: Option<String>,
    /// Where the terms must occur together.
    pub scope: Scope,
    /// Whether words a negation or a denial reaches ("no damage", "denied that the grid had
    /// collapsed") satisfy the topic's terms (see `negation.rs`); off by default.
    pub denials: bool,
    /// `entity:` and `in:` values that the dictionary given to [`WatchSet::compile`] did not
    /// know; they are kept as ids (an entity may be added later), and tools warn about them.
    pub unknown_entities: Vec<String>,
    /// What a writer may not have meant, for tools to show (an `OR` beside an AND without
    /// parentheses: see [`Query::parse_noting`]).
    pub warnings: Vec<String>,
}

/// Where the terms of a topic must occur together.
///
/// The default is [`Scope::Paragraph`]: reporters often name the actors in one sentence and
/// what they did in the next ("North Korea sent more workers. They arrived in Vladivostok."),
/// which sentence scope misses, while a whole article may mention a country in one section and
/// an unrelated event in another, which article scope would join into a false alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scope {
    /// Every term in one sentence (or the title).
    Sentence,
    /// Every term in one paragraph; the title and the first paragraph count as one (a
    /// headline states the news its lede tells).
    #[default]
    Paragraph,
    /// Every term somewhere in the article, title included, each required part of the query
    /// salient: in the title or the lede, or in two statements or more (see `article.rs`).
    Article,
}

impl Scope {
    pub fn parse(s: &str) -> Option<Scope> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sentence" => Some(Scope::Sentence),
            "paragraph" => Some(Scope::Paragraph),
            "article" => Some(Scope::Article),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Sentence => "sentence",
            Scope::Paragraph => "paragraph",
            Scope::Article => "article",
        }
    }
}

/// Why a topic fired on a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicMatch {
    /// Index of the topic in [`WatchSet::topics`].
    pub topic: usize,
    /// The positive terms that held, in query order, in canonical syntax.
    pub matched_terms: Vec<String>,
    /// The same terms with their byte ranges in the claim text, for highlighting (field terms
    /// such as `entity:` have no ranges).
    pub terms: Vec<MatchedTerm>,
    /// One line for humans.
    pub explanation: String,
}

/// All compiled topics, ready to match.
#[derive(Default)]
pub struct WatchSet {
    topics: Vec<Topic>,
    /// One engine per scope (sentence, paragraph, article) over the topics of that scope, with
    /// the index in `topics` of each of its topics.
    scoped: [(Engine, Vec<u32>); 3],
    /// Per topic, the kinds of story its words ask for (see `article::Asks`).
    asks: Vec<article::Asks>,
    /// Reusable per-call state, so `matches` can take `&self`.
    scratch: Mutex<Vec<Scratch>>,
}

/// Why a topic fired on an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMatch {
    /// Index of the topic in [`WatchSet::topics`].
    pub topic: usize,
    /// The positive terms that held, in canonical syntax, without repeats.
    pub matched_terms: Vec<String>,
    /// The statements that carry the terms, in article order: (index in the slice given to
    /// [`WatchSet::match_article`], the terms it carries with byte ranges in its text).
    pub evidence: Vec<(usize, Vec<MatchedTerm>)>,
}

const SCOPES: [Scope; 3] = [Scope::Sentence, Scope::Paragraph, Scope::Article];

impl std::fmt::Debug for WatchSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (patterns, always) = self.stats();
        f.debug_struct("WatchSet")
            .field("topics", &self.topics.len())
            .field("patterns", &patterns)
            .field("always_evaluated", &always)
            .finish()
    }
}

impl Clone for WatchSet {
    fn clone(&self) -> Self {
        WatchSet {
            topics: self.topics.clone(),
            scoped: self.scoped.clone(),
            asks: self.asks.clone(),
            scratch: Mutex::new(Vec::new()),
        }
    }
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
        // Report in file order, whichever check found the problem.
        errors.sort_by_key(|e| (e.line, e.column));
        if errors.is_empty() {
            Ok(WatchSet::new(topics))
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

    /// A set of already compiled topics.
    pub fn new(topics: Vec<Topic>) -> WatchSet {
        let scoped = SCOPES.map(|scope| {
            let idx: Vec<u32> = (0..topics.len() as u32)
                .filter(|&t| topics[t as usize].scope == scope)
                .collect();
            let queries: Vec<&Query> = idx.iter().map(|&t| &topics[t as usize].query).collect();
            (Engine::build(&queries), idx)
        });
        let asks = topics.iter().map(|t| article::Asks::of(&t.query)).collect();
        WatchSet {
            topics,
            scoped,
            asks,
            scratch: Mutex::new(Vec::new()),
        }
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// Distinct patterns in the pre-filter tables, and topics evaluated for every claim
    /// (their queries require no term the pre-filter can see).
    pub fn stats(&self) -> (usize, usize) {
        self.scoped.iter().fold((0, 0), |(p, a), (e, _)| {
            (p + e.pattern_count(), a + e.always_count())
        })
    }

    /// Run every scope's engine on the prepared text, appending global topic indices to `out`
    /// in increasing order.
    fn run_all(&self, s: &mut Scratch, out: &mut Vec<u32>) {
        let start = out.len();
        let mut local = Vec::new();
        for (engine, idx) in &self.scoped {
            if idx.is_empty() {
                continue;
            }
            local.clear();
            engine.run(s, &mut local);
            out.extend(local.iter().map(|&t| idx[t as usize]));
        }
        out[start..].sort_unstable();
    }

    fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        let mut s = self
            .scratch
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .unwrap_or_default();
        let r = f(&mut s);
        self.scratch
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(s);
        r
    }

    /// Every topic that fires on the claim, in topic order (fast path).
    pub fn matches(&self, claim: ClaimView<'_>) -> Vec<TopicMatch> {
        self.with_scratch(|s| {
            s.prepared.fill(&claim);
            let mut hits = Vec::new();
            self.run_all(s, &mut hits);
            hits.iter()
                .map(|&t| self.describe(t as usize, &s.prepared))
                .collect()
        })
    }

    /// Indices of the topics that fire on the claim (fast path, no evidence), appended to
    /// `out` in increasing order. For throughput measurements.
    pub fn match_ids(&self, claim: ClaimView<'_>, out: &mut Vec<u32>) {
        self.with_scratch(|s| {
            s.prepared.fill(&claim);
            self.run_all(s, out);
        })
    }

    /// Every topic that fires on the claim, evaluating every topic (the reference path).
    pub fn matches_naive(&self, claim: ClaimView<'_>) -> Vec<TopicMatch> {
        let mut p = Prepared::default();
        p.fill(&claim);
        (0..self.topics.len())
            .filter(|&t| eval_naive(&self.topics[t].query, &p))
            .map(|t| self.describe(t, &p))
            .collect()
    }

    /// Indices of the topics that fire, evaluating every topic (naive, no evidence).
    pub fn match_ids_naive(&self, claim: ClaimView<'_>, out: &mut Vec<u32>) {
        self.with_scratch(|s| {
            s.prepared.fill(&claim);
            let p = &s.prepared;
            out.extend(
                (0..self.topics.len() as u32)
                    .filter(|&t| eval_naive(&self.topics[t as usize].query, p)),
            );
        })
    }

    fn describe(&self, t: usize, p: &Prepared) -> TopicMatch {
        let topic = &self.topics[t];
        let mut terms = Vec::new();
        evidence(&topic.query, p, &mut terms);
        let matched_terms: Vec<String> = terms.iter().map(|m| m.term.clone()).collect();
        let explanation = explain_terms(topic, &terms);
        TopicMatch {
            topic: t,
            matched_terms,
            terms,
            explanation,
        }
    }
}

fn explain_terms(topic: &Topic, terms: &[MatchedTerm]) -> String {
    let parts: Vec<String> = terms
        .iter()
        .map(|m| match m.spans.first() {
            None => m.term.clone(),
            Some(s) if m.spans.len() == 1 => format!("{} @{}..{}", m.term, s.start, s.end),
            Some(s) => format!(
                "{} @{}..{} (+{} more)",
                m.term,
                s.start,
                s.end,
                m.spans.len() - 1
            ),
        })
        .collect();
    format!(
        "`{}` v{} ({}) fired on {}",
        topic.id,
        topic.version,
        topic.severity,
        if parts.is_empty() {
            "no positive term (the query only excludes)".to_string()
        } else {
            parts.join(", ")
        }
    )
}

impl Topic {
    /// A one-line statement of why the topic fired, from the matched terms of one or more
    /// claims (the alerting service merges the claims of an article).
    pub fn explain(&self, matched_terms: &[String]) -> String {
        format!(
            "`{}` v{} ({}) fired on {}",
            self.id,
            self.version,
            self.severity,
            if matched_terms.is_empty() {
                "no positive term (the query only excludes)".to_string()
            } else {
                matched_terms.join(", ")
            }
        )
    }
}

#[cfg(test)]
mod tests;
