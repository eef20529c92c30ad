//! claimwatch extraction: a fetched document → main text, entity mentions and claims.
//!
//! Pure logic: no I/O, no async, no Kafka. The pipeline for one document is
//!
//! 1. **decode** (`decode`): size limit, binary detection, charset (BOM → valid UTF-8 →
//!    declared charset or `<meta charset>` → lossy UTF-8);
//! 2. **main text** (`html_article` or `plain_article`): title, publication time, canonical URL
//!    and paragraphs (joined with `"\n\n"`); HTML is slimmed and depth-capped (`markup`),
//!    parsed (`dom`) and its main text found (`content`);
//! 3. **language** (`lang`): hint, else `<html lang>`, else a script/stopword guess;
//! 4. **claims** (`claims`): sentences (`sentences`) that mention an entity of the
//!    [`EntityDictionary`], with speaker/cue (`attribution`) and hedging (`hedge`).
//!
//! Work is bounded on every input: the body size is capped, markup nesting is capped before
//! parsing, every tree walk is iterative, and text scans are linear.
//!
//! ```
//! use claimwatch_extract::{extract, Document, EntityDictionary};
//!
//! let dict = EntityDictionary::builtin().expect("the shipped dictionary is valid");
//! let html = "<html lang=en><title>Workers | Site</title><article><h1>Workers</h1>\
//!             <p>North Korea will send workers to Russia, according to a labour official.</p>\
//!             </article></html>";
//! let doc = Document { body: html.as_bytes(), content_type: Some("text/html"), url: "https://example.org/a", ..Document::default() };
//! let article = extract(&doc, &dict).unwrap();
//! assert_eq!(article.title.as_deref(), Some("Workers"));
//! let claim = &article.statements[0];
//! assert_eq!(claim.cue.as_deref(), Some("according to"));
//! assert_eq!(claim.speaker.as_deref(), Some("a labour official"));
//! let ids: Vec<&str> = claim.entities.iter().map(|m| m.id.as_str()).collect();
//! assert_eq!(ids, ["north-korea", "russia"]);
//! ```
//!
//! # Module map
//!
//! Bytes to article:
//! - `decode`: bytes → text (size limit, binary detection, charset);
//! - `markup`: the HTML before the tree: `markup::elements` (the tables of element names and
//!   `<meta>` keys), `markup::scan` (the pre-parse tag scanner), `markup::slim` (the slimming
//!   policy: what is dropped before parsing), `markup::depth` (the nesting guard),
//!   `markup::tokenizer` (the fast tokenizer feeding html5ever's tree builder);
//! - `dom`: the lean DOM html5ever's tree builder fills;
//! - `content`: main-text detection on the DOM (`content_tests`: its page-shaped tests);
//! - `html_article`: an HTML document's metadata (title, byline, dates, canonical URL,
//!   language) and main text, from the three above;
//! - `plain_article`: a plain-text document's title and paragraphs;
//! - `timestamp`: timestamps as page metadata writes them (RFC 3339 and near-misses);
//! - `lang`: declared language tags and a script/stopword guess.
//!
//! Text to statements:
//! - `chars`: character classes, whitespace normalisation, truncation at a character;
//! - `words`: the word/punctuation tokens the sentence heuristics read;
//! - `casefold`: case folding with a map back to the original offsets (entity matching);
//! - `sentences`: sentence segmentation;
//! - `claims`: the statements of an article (entities, places, speaker, hedge, dates);
//! - `attribution` (with `attribution::lexicon`, `attribution::tagger`): who says a sentence,
//!   with which cue; `chain`: attribution across sentences;
//! - `hedge`: words that mark a claim as uncertain;
//! - `date_mentions`: date expressions in sentences, resolved against a reference date.
//!
//! Entities:
//! - `dictionary`: the entity dictionary and its matcher; `inflect`: inflected alias variants
//!   generated when it is compiled; `entity_log`: users' entities as an event log;
//! - `error`: why a document gave no article, or a dictionary failed to load.

mod attribution;
mod casefold;
mod chain;
mod chars;
mod claims;
mod content;
mod date_mentions;
mod decode;
mod dictionary;
mod dom;
mod entity_log;
mod error;
mod hedge;
mod html_article;
mod inflect;
mod lang;
mod markup;
mod place_role;
mod plain_article;
mod sentences;
mod timestamp;
mod words;

use serde::Serialize;

pub use attribution::{find_attribution, Attribution};
pub use chain::{attribute_sentences, AttributionLink, LinkOrigin};
pub use date_mentions::{find_dates, reference_date, DateMention, DatePrecision};
pub use dictionary::{Entity, EntityDictionary, Layer, Source};
pub use entity_log::{check_document, EntityLog};
pub use error::{DictionaryError, ExtractError, ExtractErrorKind};
pub use hedge::find_hedge;
pub use lang::{guess_language, normalize_tag};
pub use sentences::split_sentences;
pub use timestamp::parse_timestamp;

/// Name and version of this extractor, carried on every claim.
pub const EXTRACTOR_VERSION: &str = concat!("claimwatch-extract/", env!("CARGO_PKG_VERSION"));

/// Default cap on the body size: 16 MiB.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// A fetched document, borrowed from the caller.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Document<'a> {
    /// The body exactly as received.
    pub body: &'a [u8],
    /// `Content-Type` as declared (parameters allowed: `text/html; charset=koi8-r`).
    pub content_type: Option<&'a str>,
    /// Charset declared by the transport, if any.
    pub declared_charset: Option<&'a str>,
    /// The URL the document was fetched from (used to resolve a relative canonical link).
    pub url: &'a str,
    /// Language hint (BCP 47 or ISO 639), e.g. from the source configuration.
    pub language_hint: Option<&'a str>,
}

/// What was extracted from one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub title: Option<String>,
    /// Main text; paragraphs separated by `"\n\n"`, whitespace inside them collapsed.
    pub text: String,
    /// Author(s) as the page names them (JSON-LD, meta tags, byline markup), e.g. "Jane Doe".
    pub byline: Option<String>,
    /// Publication time, Unix milliseconds UTC.
    pub published_at: Option<i64>,
    /// Last modification time, Unix milliseconds UTC, when the page declares one.
    pub modified_at: Option<i64>,
    /// ISO 639-1 code.
    pub language: Option<String>,
    /// Absolute canonical URL, when the page declares one.
    pub canonical_url: Option<String>,
    /// The title analysed as a statement (paragraph 0), when the article has a title that is
    /// not already the first sentence of the main text.
    pub title_statement: Option<Claim>,
    /// Every sentence of the main text, in order (at most [`ExtractOptions::max_claims`]).
    pub statements: Vec<Claim>,
    /// Sentences left out by [`ExtractOptions::max_claims`].
    pub statements_dropped: usize,
}

impl Article {
    /// The statements that mention at least one dictionary entity: what the extractor called
    /// claims before every sentence became matchable (still published to
    /// `claimwatch.claims.v1`).
    pub fn entity_claims(&self) -> impl Iterator<Item = &Claim> {
        self.statements.iter().filter(|c| !c.entities.is_empty())
    }
}

/// One sentence of the main text (or the title): a statement, attributed or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    /// Index of the sentence among all sentences of [`Article::text`].
    pub sentence_index: usize,
    /// Paragraph of the sentence: 1 for the first paragraph of the main text; 0 is the title.
    pub paragraph: usize,
    /// Byte offsets of the sentence in [`Article::text`] (`text[start..end] == self.text`).
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Who asserts it ("Harbour Master Irina Sokolova", "diplomats").
    pub speaker: Option<String>,
    /// The attribution cue, lowercase ("said", "according to", "по данным").
    pub cue: Option<String>,
    /// Entity mentions; offsets are relative to [`Claim::text`].
    pub entities: Vec<Mention>,
    /// Ids of the countries the sentence is placed in: the countries it names and the
    /// countries of the cities and regions it names (see [`EntityDictionary::country_of`]).
    pub countries: Vec<String>,
    pub hedged: bool,
    /// The hedging word(s) as written ("likely", "appears to").
    pub hedge_cue: Option<String>,
    /// Reported speech, outermost source first ("Port Weekly reports that the union says that
    /// ...").
    /// [`Claim::speaker`]/[`Claim::cue`] are its outermost level stated in the sentence itself.
    pub attribution_chain: Vec<AttributionLink>,
    /// Dates in the sentence, normalised; offsets are relative to [`Claim::text`].
    pub dates: Vec<DateMention>,
}

/// An entity mention. Offsets are UTF-8 byte offsets into the text that was searched
/// (`text[start..end] == surface`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Mention {
    /// Entity id from the dictionary, e.g. `north-korea`.
    pub id: String,
    /// The mention as written.
    pub surface: String,
    pub start: usize,
    pub end: usize,
}

/// Limits for [`extract_with_options`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractOptions {
    /// Bodies larger than this fail with [`ExtractErrorKind::TooLarge`].
    pub max_body_bytes: usize,
    /// Main text is cut (at a paragraph boundary) beyond this many bytes.
    pub max_text_bytes: usize,
    /// At most this many statements per article (the rest are counted in
    /// [`Article::statements_dropped`]).
    pub max_claims: usize,
    /// Sentences longer than this still become claims, but get no speaker/cue/hedge analysis.
    pub max_analysed_sentence_bytes: usize,
    /// Unix ms that year-less and relative dates resolve against when the article has no
    /// publication time (the fetch time, typically). `None`: such dates keep an open year.
    pub reference_time_ms: Option<i64>,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            max_body_bytes: MAX_BODY_BYTES,
            max_text_bytes: 4 * 1024 * 1024,
            max_claims: 10_000,
            max_analysed_sentence_bytes: 8 * 1024,
            reference_time_ms: None,
        }
    }
}

#[doc(hidden)]
pub use dom::fast_parse_agrees;

/// Extracts an article with the default [`ExtractOptions`].
pub fn extract(doc: &Document, dict: &EntityDictionary) -> Result<Article, ExtractError> {
    extract_with_options(doc, dict, &ExtractOptions::default())
}

/// Extracts an article: main text, metadata and claims.
pub fn extract_with_options(
    doc: &Document,
    dict: &EntityDictionary,
    options: &ExtractOptions,
) -> Result<Article, ExtractError> {
    use ExtractErrorKind::{Empty, NotText, TooLarge};

    let body = doc.body;
    if body.len() > options.max_body_bytes {
        return Err(ExtractError::new(
            TooLarge,
            format!(
                "body is {} bytes, the limit is {}",
                body.len(),
                options.max_body_bytes
            ),
        ));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::new(Empty, "empty body"));
    }
    let mime = decode::media_type(doc.content_type);
    let utf16 = decode::is_utf16(body, doc.declared_charset, doc.content_type);
    if let Some(reason) = decode::binary_reason(body, mime.as_deref(), utf16) {
        return Err(ExtractError::new(NotText, reason));
    }
    let decoded = decode::decode(body, doc.declared_charset, doc.content_type);
    if mostly_replacement(&decoded) {
        return Err(ExtractError::new(NotText, "body does not decode as text"));
    }

    let (title, paragraphs, declared_language, html_meta) =
        if is_html(mime.as_deref(), doc.url, &decoded) {
            let a = html_article::extract_html(&decoded, doc.url, options.max_text_bytes);
            let meta = (a.byline, a.published_at, a.modified_at, a.canonical_url);
            (a.title, a.paragraphs, a.declared_language, meta)
        } else {
            let a = plain_article::extract_plain(&decoded, options.max_text_bytes);
            (a.title, a.paragraphs, None, (None, None, None, None))
        };
    let (byline, published_at, modified_at, canonical_url) = html_meta;
    let mut text = paragraphs.join("\n\n");
    let mut title = title;
    // Double encoding the page's bytes did not show (written as character references,
    // "&acirc;&euro;&trade;", that only the parser resolved): repaired in the main text, and
    // then in the title too.
    if let Some(fixed) = decode::repair_double_encoded_text(&text) {
        text = fixed;
        title = title.map(|t| decode::repair_double_encoding(&t));
    }
    if text.trim().is_empty() {
        return Err(ExtractError::new(Empty, "no main text found"));
    }

    let language = match doc.language_hint.and_then(normalize_tag) {
        Some(hint) => Some(hint),
        None => lang::reconcile(declared_language, &text),
    };
    let reference = published_at.or(options.reference_time_ms);
    // A namesake shown in the title ("Moscow, Idaho") is one in the body too, and the other way
    // round (see `dictionary::Namesakes`).
    let title_namesakes = match title.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => dict.namesakes_in(t),
        None => Default::default(),
    };
    let (statements, statements_dropped, body_namesakes) = claims::build_claims(
        &text,
        dict,
        options.max_claims,
        options.max_analysed_sentence_bytes,
        reference,
        &title_namesakes,
    );
    let title_statement = title
        .as_deref()
        .filter(|t| !t.trim().is_empty() && !opens_with(&text, t))
        .map(|t| claims::title_statement(t, dict, reference, &body_namesakes));
    Ok(Article {
        title,
        byline,
        text,
        published_at,
        modified_at,
        language,
        canonical_url,
        title_statement,
        statements,
        statements_dropped,
    })
}

/// Whether the main text begins with the title (ignoring case and spacing): then the title is
/// already the first statement.
fn opens_with(text: &str, title: &str) -> bool {
    let norm = |s: &str| claimwatch_text::lower_words(s);
    let t = norm(title);
    let head: Vec<String> = claimwatch_text::word_spans(text)
        .take(t.len())
        .map(|r| claimwatch_text::lowercase(&text[r]))
        .collect();
    !t.is_empty() && head == t
}

/// Binary that slipped past the byte checks decodes to mostly U+FFFD: more replacement
/// characters than letters, and over 30% of the text.
fn mostly_replacement(text: &str) -> bool {
    // The 8 Ki characters looked at lie within the first 32 KiB; without a single U+FFFD there
    // (the usual case) the answer is no.
    let mut head = text.len().min(32 * 1024);
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    if !text[..head].contains('\u{FFFD}') {
        return false;
    }
    let (mut total, mut bad, mut letters) = (0usize, 0usize, 0usize);
    for c in text.chars().take(8 * 1024) {
        total += 1;
        if c == '\u{FFFD}' {
            bad += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    bad * 10 > total * 3 && bad > letters
}

/// HTML or plain text: the media type decides; without one, the URL's extension; without
/// that, whether the body looks like markup.
fn is_html(mime: Option<&str>, url: &str, text: &str) -> bool {
    if let Some(m) = mime {
        if m.contains("html") || matches!(m, "application/xml" | "text/xml") {
            return true;
        }
        if m.starts_with("text/") {
            return false;
        }
    }
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if [".txt", ".text", ".md", ".markdown"]
        .iter()
        .any(|e| path.ends_with(e))
    {
        return false;
    }
    if [".html", ".htm", ".xhtml", ".shtml"]
        .iter()
        .any(|e| path.ends_with(e))
    {
        return true;
    }
    let head = text.trim_start_matches('\u{FEFF}').trim_start();
    if head.starts_with('<') {
        return true;
    }
    let mut end = head.len().min(2048);
    while !head.is_char_boundary(end) {
        end -= 1;
    }
    let lower = head[..end].to_ascii_lowercase();
    ["<html", "<body", "<p>", "<div", "<article"]
        .iter()
        .any(|t| lower.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> std::sync::Arc<EntityDictionary> {
        EntityDictionary::shared().unwrap()
    }

    fn doc(body: &[u8]) -> Document<'_> {
        Document {
            body,
            url: "https://news.example/a",
            ..Document::default()
        }
    }

    #[test]
    fn shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<EntityDictionary>();
        assert_send_sync::<Article>();
        assert_send_sync::<ExtractError>();
    }

    #[test]
    fn double_encoding_written_as_references_is_repaired() {
        // The bytes are plain ASCII; only the parser turns the references into "â€™".
        let page = "<html><head><title>An investor&acirc;&euro;&trade;s guide</title></head>\
            <body><article><h1>An investor&acirc;&euro;&trade;s guide</h1>\
            <p>Markets don&acirc;&euro;&trade;t wait for anyone, and the investors who do well \
            are those who plan ahead &acirc;&euro;&#148; with care and a clear head.</p>\
            <p>Here&acirc;&euro;&trade;s what a caf&Atilde;&copy; owner learned about saving \
            money, one small step at a time, over the years it took her.</p></article></body></html>";
        let a = extract(&doc(page.as_bytes()), &dict()).unwrap();
        assert!(a.text.contains("Markets don’t wait"), "{}", a.text);
        assert!(a.text.contains("ahead — with"), "{}", a.text);
        assert!(a.text.contains("café owner"), "{}", a.text);
        assert!(!a.text.contains('â'), "{}", a.text);
        assert_eq!(a.title.as_deref(), Some("An investor’s guide"));
    }

    #[test]
    fn version_names_the_crate() {
        assert!(EXTRACTOR_VERSION.starts_with("claimwatch-extract/"));
    }

    #[test]
    fn html_or_plain() {
        assert!(is_html(Some("text/html"), "x.txt", "plain"));
        assert!(!is_html(Some("text/plain"), "x.html", "<p>hi</p>"));
        assert!(!is_html(None, "file:///a/b.txt", "<p>hi</p>"));
        assert!(is_html(None, "https://x/a.html", "hi"));
        assert!(is_html(None, "https://x/a", "  <!doctype html><p>hi"));
        assert!(!is_html(None, "https://x/a", "Just words."));
        assert!(is_html(
            Some("application/octet-stream"),
            "https://x/a",
            "<p>hi</p>"
        ));
    }

    #[test]
    fn errors() {
        let d = dict();
        assert_eq!(
            extract(&doc(b""), &d).unwrap_err().kind,
            ExtractErrorKind::Empty
        );
        assert_eq!(
            extract(&doc(b" \n\t "), &d).unwrap_err().kind,
            ExtractErrorKind::Empty
        );
        assert_eq!(
            extract(
                &doc(b"<html><body><nav><p>Home</p></nav></body></html>"),
                &d
            )
            .unwrap_err()
            .kind,
            ExtractErrorKind::Empty
        );
        assert_eq!(
            extract(&doc(b"\x89PNG\r\n\x1a\nxxxx"), &d)
                .unwrap_err()
                .kind,
            ExtractErrorKind::NotText
        );
        let small = ExtractOptions {
            max_body_bytes: 4,
            ..ExtractOptions::default()
        };
        let e = extract_with_options(&doc(b"hello"), &d, &small).unwrap_err();
        assert_eq!(e.kind, ExtractErrorKind::TooLarge);
        assert_eq!(e.kind.as_str(), "too_large");
    }

    #[test]
    fn language_sources() {
        let d = dict();
        let html = b"<html lang=\"de-DE\"><body><p>Der Text ist kurz.</p></body></html>";
        let a = extract(&doc(html), &d).unwrap();
        assert_eq!(a.language.as_deref(), Some("de"));
        let hinted = Document {
            language_hint: Some("fr-CA"),
            ..doc(html)
        };
        assert_eq!(
            extract(&hinted, &d).unwrap().language.as_deref(),
            Some("fr")
        );
        let a = extract(
            &doc("<p>Северная Корея отправит рабочих.</p>".as_bytes()),
            &d,
        )
        .unwrap();
        assert_eq!(a.language.as_deref(), Some("ru"));
    }

    #[test]
    fn claims_point_into_the_text() {
        let d = dict();
        let body = "<article><h1>T</h1><p>Intro without entities. Moscow said the U.S. é İ North Korea deal is likely.</p><p>Nothing here.</p></article>";
        let a = extract(&doc(body.as_bytes()), &d).unwrap();
        assert_eq!(a.entity_claims().count(), 1);
        let c = a.entity_claims().next().unwrap();
        assert_eq!(c.sentence_index, 1);
        assert_eq!(&a.text[c.start..c.end], c.text);
        for m in &c.entities {
            assert_eq!(&c.text[m.start..m.end], m.surface);
        }
        let ids: Vec<&str> = c.entities.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["russia", "united-states", "north-korea"]);
        assert_eq!(c.speaker.as_deref(), Some("Moscow"));
        assert_eq!(c.hedge_cue.as_deref(), Some("likely"));
    }
}
