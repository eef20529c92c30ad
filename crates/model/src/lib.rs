//! The events that flow between claimwatch's services, and how their identifiers are derived.
//!
//! This crate is pure data: no Kafka, no async, no Avro. The Avro contract for every struct here
//! lives in `schemas/*.avsc`; `claimwatch-schema` checks that the two agree.

pub mod bounds;
pub mod ids;
pub mod topics;

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch (UTC). Avro `long` with logical type `timestamp-millis`.
pub type TimestampMillis = i64;

/// A page or file as the fetcher saw it, before any extraction.
///
/// Published on [`topics::ARTICLES_RAW`], keyed by [`RawArticle::article_id`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawArticle {
    /// Hash of the canonical URL (see [`ids::article_id`]); also the Kafka key.
    pub article_id: String,
    /// The URL that was fetched (for a `dir` source, a `file://` URL).
    pub url: String,
    /// The canonical URL the article is known by.
    pub canonical_url: String,
    /// Id of the configured source this article came from.
    pub source_id: String,
    /// When the fetch completed.
    pub fetched_at: TimestampMillis,
    /// HTTP status of the final response; `None` for sources without HTTP (local folders).
    pub http_status: Option<i32>,
    /// `Content-Type` as declared by the server, or guessed from a file's extension.
    pub content_type: Option<String>,
    /// Charset declared by the transport (HTTP header), if any.
    pub declared_charset: Option<String>,
    /// Language hint from the source configuration (BCP 47), if any.
    pub language_hint: Option<String>,
    /// The body exactly as received (after transfer decoding), not re-encoded.
    #[serde(with = "bytes_as_avro")]
    pub body: Vec<u8>,
    /// Hex SHA-256 of `body`.
    pub content_hash: String,
}

/// An entity mention inside a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    /// Stable entity id from the alias dictionary, e.g. `north-korea`.
    pub id: String,
    /// The text as it appears in the claim.
    pub surface: String,
    /// Byte offset of the mention in the claim text (UTF-8).
    pub start: i32,
    /// Byte offset one past the end of the mention in the claim text.
    pub end: i32,
}

/// One attributed statement extracted from an article.
///
/// Published on [`topics::CLAIMS`], keyed by [`ClaimEvent::article_id`] so that every claim of one
/// article lands, in order, in one partition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimEvent {
    /// Deterministic id: same article, same text, same position → same id ([`ids::claim_id`]).
    pub claim_id: String,
    pub article_id: String,
    pub article_url: String,
    pub article_title: Option<String>,
    pub source_id: String,
    /// The sentence (or clause) that carries the claim.
    pub text: String,
    /// Index of the sentence within the article's main text.
    pub sentence_index: i32,
    /// Byte offset of the sentence in the article's main text (UTF-8).
    pub start: i32,
    /// Byte offset one past the end of the sentence in the article's main text.
    pub end: i32,
    /// Who asserts the claim, when the sentence attributes it ("Sokolova").
    pub speaker: Option<String>,
    /// The attribution cue ("reported", "according to").
    pub cue: Option<String>,
    pub entities: Vec<EntityMention>,
    /// Whether the claim is hedged ("likely", "reportedly", "may").
    pub hedged: bool,
    /// The word or phrase that made it hedged.
    pub hedge_cue: Option<String>,
    pub published_at: Option<TimestampMillis>,
    /// When the article was fetched; carried through so latency can be measured end to end.
    pub fetched_at: TimestampMillis,
    /// Detected language of the article (ISO 639-1).
    pub language: Option<String>,
    pub extractor_version: String,
    pub dictionary_version: String,
    /// Position of this claim among the article's claims, and how many the article has.
    pub claim_index: i32,
    pub claims_in_article: i32,
    /// Who reports what, outermost first: "Port Weekly reports that the dockers' union says that
    /// Sokolova reported that the ministry agreed" gives Port Weekly/reports, the dockers'
    /// union/says, Sokolova/reported, the ministry/agreed.
    /// Empty when the claim is unattributed. (Added in schema v2; v1 records read as empty.)
    #[serde(default)]
    pub attribution_chain: Vec<AttributionLink>,
    /// Dates mentioned in the claim text, normalised against [`ClaimEvent::date_reference`].
    /// (Added in schema v2.)
    #[serde(default)]
    pub dates: Vec<DateMention>,
    /// Which timestamp relative and year-less dates were resolved against: `published`
    /// (`published_at`), `fetched` (`fetched_at`), or `None` when neither was known.
    /// (Added in schema v2.)
    #[serde(default)]
    pub date_reference: Option<String>,
    /// MinHash signature of the article's main text (`claimwatch_story::signature`), the same on
    /// every claim of the article; empty when unknown. (Added in schema v3.)
    #[serde(default)]
    pub story_signature: Vec<i32>,
}

/// One level of reported speech in [`ClaimEvent::attribution_chain`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionLink {
    /// The source at this level, resolved to its fullest form in the article ("Harbour Master
    /// Irina Sokolova" for a later "She" or "Sokolova").
    pub speaker: Option<String>,
    /// The cue, lowercase ("reported", "according to", "по данным").
    pub cue: Option<String>,
    /// Dictionary id of the speaker, when the speaker names a known entity.
    pub speaker_entity_id: Option<String>,
    /// The speaker as written in the sentence, when it was resolved from a pronoun or a short
    /// name ("She", "Sokolova").
    pub speaker_as_written: Option<String>,
    /// `sentence` (stated in the claim's sentence) or `context` (carried over from a
    /// neighbouring sentence, e.g. "The figures come from a survey by ...").
    pub origin: String,
}

/// A date expression in a claim, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// The expression as written ("June 7", "in February 2025", "on Tuesday").
    pub text: String,
    /// UTF-8 byte offsets of the expression in the claim text.
    pub start: i32,
    pub end: i32,
    /// ISO 8601 value at `precision`: `2025-06-07`, `2025-02`, `2019`; a year-less date whose
    /// year could not be resolved is `--06-07` (or `--06`); `None` when not resolvable at all
    /// (a weekday without a reference date).
    pub value: Option<String>,
    /// `day`, `month` or `year`.
    pub precision: String,
    /// Whether the year (or the whole date, for weekdays and "yesterday") was inferred from the
    /// reference date rather than written.
    pub year_inferred: bool,
}

/// An extracted article with every statement of its main text, title first.
///
/// Published on [`topics::ARTICLES`], keyed by [`ArticleEvent::article_id`]. One event per
/// article, so a watch topic sees a sentence, a paragraph or the whole article at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleEvent {
    pub article_id: String,
    pub article_url: String,
    pub article_title: Option<String>,
    pub source_id: String,
    pub byline: Option<String>,
    pub published_at: Option<TimestampMillis>,
    pub fetched_at: TimestampMillis,
    pub language: Option<String>,
    pub extractor_version: String,
    /// The entity dictionary the statements were extracted with: the shipped file, the
    /// gazetteer and the users' entity log, each with its version.
    pub dictionary_version: String,
    pub date_reference: Option<String>,
    /// MinHash signature of the main text (`claimwatch_story::signature`).
    #[serde(default)]
    pub story_signature: Vec<i32>,
    pub statements: Vec<Statement>,
    /// Sentences beyond the per-article cap, not published.
    #[serde(default)]
    pub statements_dropped: i32,
    /// Kafka timestamp of the raw record this was extracted from (when the fetcher published
    /// it): publish-to-alert latency is measured from it.
    #[serde(default)]
    pub raw_timestamp: Option<TimestampMillis>,
}

/// One sentence of an article (or its title): attributed or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Deterministic ([`ids::claim_id`] of article, sentence index and text): the `claim_id`
    /// of the same sentence on [`topics::CLAIMS`].
    pub statement_id: String,
    pub text: String,
    /// Index among the sentences of the main text; -1 for the title.
    pub sentence_index: i32,
    /// 0 for the title, then 1, 2, ... for the paragraphs of the main text.
    pub paragraph: i32,
    /// Byte offsets of the sentence in the main text (in the title, for the title).
    pub start: i32,
    pub end: i32,
    pub speaker: Option<String>,
    pub cue: Option<String>,
    pub entities: Vec<EntityMention>,
    /// Countries the statement is placed in: countries named, and the countries of the places
    /// named.
    #[serde(default)]
    pub countries: Vec<String>,
    pub hedged: bool,
    pub hedge_cue: Option<String>,
    #[serde(default)]
    pub attribution_chain: Vec<AttributionLink>,
    #[serde(default)]
    pub dates: Vec<DateMention>,
}

impl ArticleEvent {
    /// The same article as claim events: one per statement, numbered in order (`claim_index`),
    /// as the older per-claim topic carries them.
    pub fn claim_events(&self) -> impl Iterator<Item = ClaimEvent> + '_ {
        let n = self.statements.len() as i32;
        self.statements
            .iter()
            .enumerate()
            .map(move |(i, s)| self.claim_event(s, i as i32, n))
    }

    /// Statement `s` of this article as a claim event numbered `index` of `count`.
    pub fn claim_event(&self, s: &Statement, index: i32, count: i32) -> ClaimEvent {
        ClaimEvent {
            claim_id: s.statement_id.clone(),
            article_id: self.article_id.clone(),
            article_url: self.article_url.clone(),
            article_title: self.article_title.clone(),
            source_id: self.source_id.clone(),
            text: s.text.clone(),
            sentence_index: s.sentence_index,
            start: s.start,
            end: s.end,
            speaker: s.speaker.clone(),
            cue: s.cue.clone(),
            entities: s.entities.clone(),
            hedged: s.hedged,
            hedge_cue: s.hedge_cue.clone(),
            published_at: self.published_at,
            fetched_at: self.fetched_at,
            language: self.language.clone(),
            extractor_version: self.extractor_version.clone(),
            dictionary_version: self.dictionary_version.clone(),
            claim_index: index,
            claims_in_article: count,
            attribution_chain: s.attribution_chain.clone(),
            dates: s.dates.clone(),
            date_reference: self.date_reference.clone(),
            story_signature: self.story_signature.clone(),
        }
    }

    /// Articles rebuilt from claim events (as read from the older per-claim topic): consecutive
    /// claims of one article form one article, each claim a statement of its own paragraph
    /// (claims carry no paragraph; sentences that were not claims are missing).
    pub fn from_claims(claims: &[ClaimEvent]) -> Vec<ArticleEvent> {
        let mut out: Vec<ArticleEvent> = Vec::new();
        for c in claims {
            let statement = Statement {
                statement_id: c.claim_id.clone(),
                text: c.text.clone(),
                sentence_index: c.sentence_index,
                paragraph: c.sentence_index.saturating_add(1),
                start: c.start,
                end: c.end,
                speaker: c.speaker.clone(),
                cue: c.cue.clone(),
                entities: c.entities.clone(),
                countries: Vec::new(),
                hedged: c.hedged,
                hedge_cue: c.hedge_cue.clone(),
                attribution_chain: c.attribution_chain.clone(),
                dates: c.dates.clone(),
            };
            match out.last_mut() {
                Some(a) if a.article_id == c.article_id => a.statements.push(statement),
                _ => out.push(ArticleEvent {
                    article_id: c.article_id.clone(),
                    article_url: c.article_url.clone(),
                    article_title: c.article_title.clone(),
                    source_id: c.source_id.clone(),
                    byline: None,
                    published_at: c.published_at,
                    fetched_at: c.fetched_at,
                    language: c.language.clone(),
                    extractor_version: c.extractor_version.clone(),
                    dictionary_version: c.dictionary_version.clone(),
                    date_reference: c.date_reference.clone(),
                    story_signature: c.story_signature.clone(),
                    statements: vec![statement],
                    statements_dropped: 0,
                    raw_timestamp: None,
                }),
            }
        }
        out
    }
}

/// A claim as cited by an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchedClaim {
    pub claim_id: String,
    pub text: String,
    pub speaker: Option<String>,
    pub cue: Option<String>,
    pub hedged: bool,
}

/// A watch topic fired on an article.
///
/// Published on [`topics::ALERTS`], keyed by [`Alert::watch_topic_id`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Deterministic id ([`ids::alert_id`]): one alert per (watch topic, version, article).
    pub alert_id: String,
    pub watch_topic_id: String,
    pub watch_topic_version: i32,
    pub severity: String,
    pub article_id: String,
    pub article_url: String,
    pub article_title: Option<String>,
    pub source_id: String,
    pub published_at: Option<TimestampMillis>,
    pub matched_claims: Vec<MatchedClaim>,
    /// The query terms that matched, e.g. `entity:north-korea`, `worker*`.
    pub matched_terms: Vec<String>,
    /// One line saying why the topic fired.
    pub explanation: String,
    pub fired_at: TimestampMillis,
    /// When the article was fetched (for end-to-end latency).
    pub fetched_at: TimestampMillis,
    /// Where the matched terms occur in the matched claims, for highlighting (schema v2).
    #[serde(default)]
    pub highlights: Vec<Highlight>,
    /// `alert` (first alert of a story), `update` (a later copy adding claims or an independent
    /// source) or `digest` (a summary of held alerts, listed in [`Alert::digest`]) (schema v3).
    #[serde(default = "alert_kind")]
    pub kind: String,
    /// The story the article belongs to: the article id of its first copy (schema v3).
    #[serde(default)]
    pub story_id: Option<String>,
    /// Written by `claimwatch backfill` over history rather than by the live service (v3).
    #[serde(default)]
    pub backfill: bool,
    /// For a digest: the alerts it summarises (schema v3).
    #[serde(default)]
    pub digest: Vec<DigestEntry>,
    /// For a digest: held alerts beyond those listed (schema v3).
    #[serde(default)]
    pub digest_more: i32,
}

fn alert_kind() -> String {
    "alert".to_string()
}

/// One alert summarised by a digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestEntry {
    pub alert_id: String,
    /// `alert` or `update`.
    pub kind: String,
    pub story_id: String,
    pub article_id: String,
    pub article_url: String,
    pub article_title: Option<String>,
    pub source_id: String,
    pub published_at: Option<TimestampMillis>,
    /// Matched claims of the article.
    pub claims: i32,
}

/// One occurrence of a matched query term in a matched claim's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    pub claim_id: String,
    /// The term in canonical query syntax (`worker*`, `entity:russia`).
    pub term: String,
    /// Byte offsets in the claim text (UTF-8).
    pub start: i32,
    pub end: i32,
}

/// Avro `bytes` through serde: serialize as a byte string, not a sequence of ints.
pub mod bytes_as_avro {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
                Ok(v.as_bytes().to_vec())
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Vec<u8>, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = a.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(out)
            }
        }
        d.deserialize_bytes(V)
    }
}
