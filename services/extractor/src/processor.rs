//! RawArticle → ArticleEvent (every statement), and the entity-bearing statements as
//! ClaimEvents for `claimwatch.claims.v1`, as a [`txloop::Processor`].

use std::panic::{catch_unwind, AssertUnwindSafe};

use claimwatch_extract::{
    extract_with_options, Document, EntityDictionary, ExtractOptions, EXTRACTOR_VERSION,
};
use claimwatch_kafka::dlq::Failure;
use claimwatch_kafka::txloop::{self, BatchResult, Output, Processor, Record};
use claimwatch_model::{
    ids, topics, ArticleEvent, AttributionLink, ClaimEvent, DateMention, EntityMention, RawArticle,
    Statement,
};
use claimwatch_schema::{Codec, CodecError, Codecs, Framing, Registry};
use claimwatch_telemetry::metrics::StageMetrics;

use std::sync::Arc;

use crate::events;
use crate::live::LiveDictionary;

pub struct ExtractProcessor {
    dict: Arc<LiveDictionary>,
    raw: Codec<RawArticle>,
    claim: Codec<ClaimEvent>,
    article: Codec<ArticleEvent>,
    legacy_claims: bool,
}

impl ExtractProcessor {
    /// A processor with the shipped dictionary (the legacy claims topic off, as in the service).
    pub fn new() -> anyhow::Result<Self> {
        let dict =
            EntityDictionary::shared().map_err(|e| anyhow::anyhow!("entity dictionary: {e}"))?;
        Self::live(LiveDictionary::fixed(dict))
    }

    /// A processor extracting with a dictionary that may change while it runs.
    pub fn live(dict: Arc<LiveDictionary>) -> anyhow::Result<Self> {
        let codecs = Codecs::new()?;
        Ok(ExtractProcessor {
            dict,
            raw: codecs.raw_article,
            claim: codecs.claim,
            article: codecs.article,
            legacy_claims: false,
        })
    }

    /// Resolve input schema ids through `registry`, and register the claim schema there and
    /// write claims with the Confluent framing. Blocks (at most `patience` while the registry
    /// is unreachable): call from a blocking thread.
    pub fn with_registry(
        mut self,
        registry: &Registry,
        patience: std::time::Duration,
    ) -> Result<Self, CodecError> {
        self.raw = self.raw.with_registry(registry.clone());
        self.article = self
            .article
            .registered_for(registry, topics::ARTICLES, patience)?;
        if let Framing::Confluent { schema_id } = self.article.framing() {
            tracing::info!(subject = %format!("{}-value", topics::ARTICLES), schema_id, "schema registered");
        }
        self.claim = self
            .claim
            .registered_for(registry, topics::CLAIMS, patience)?;
        if let Framing::Confluent { schema_id } = self.claim.framing() {
            tracing::info!(subject = %format!("{}-value", topics::CLAIMS), schema_id, "schema registered");
        }
        Ok(self)
    }

    /// Also write the statements that mention an entity to `claimwatch.claims.v1`, one
    /// `ClaimEvent` each, as before every sentence was published (for existing subscribers).
    pub fn with_legacy_claims(mut self, on: bool) -> Self {
        self.legacy_claims = on;
        self
    }

    /// The extracted article of one raw article, every statement in it (pure; used by the
    /// Kafka loop, the demo and tests). `None` for a page with no main text.
    pub fn article_for(&self, raw: &RawArticle) -> Result<Option<ArticleEvent>, Failure> {
        let doc = Document {
            body: &raw.body,
            content_type: raw.content_type.as_deref(),
            declared_charset: raw.declared_charset.as_deref(),
            url: &raw.url,
            language_hint: raw.language_hint.as_deref(),
        };
        // Year-less and relative dates ("June 7", "on Tuesday") resolve against the publication
        // time, else the fetch time.
        let options = ExtractOptions {
            reference_time_ms: Some(raw.fetched_at),
            ..ExtractOptions::default()
        };
        let dict = self.dict.current();
        let extracted = catch_unwind(AssertUnwindSafe(|| {
            extract_with_options(&doc, &dict, &options)
        }));
        let article = match extracted {
            Ok(Ok(a)) => a,
            Ok(Err(e)) => {
                let kind = e.kind.as_str();
                events::article(kind);
                if kind == "empty" {
                    // Nothing to say about an empty page: not an error, no statements.
                    return Ok(None);
                }
                return Err(Failure::new(
                    kind,
                    "io.claimwatch.extract.ExtractError",
                    e.to_string(),
                ));
            }
            Err(_) => {
                events::article("panic");
                return Err(Failure::new(
                    "panic",
                    "io.claimwatch.extract.Panic",
                    "extraction panicked on this input",
                ));
            }
        };
        let date_reference = if article.published_at.is_some() {
            "published"
        } else {
            "fetched"
        };
        let with_entities = article.entity_claims().next().is_some();
        events::article(if with_entities {
            "with_claims"
        } else {
            "no_claims"
        });
        events::dropped(article.statements_dropped);
        let story_signature = claimwatch_story::signature(&article.text);
        // The extracted article is owned here: its strings move into the event, none is copied.
        let claimwatch_extract::Article {
            title,
            byline,
            published_at,
            language,
            title_statement,
            statements: claims,
            statements_dropped,
            ..
        } = article;
        let statement = |c: claimwatch_extract::Claim, sentence_index: i32| {
            events::statement(c.hedged, c.speaker.is_some());
            Statement {
                statement_id: ids::claim_id(&raw.article_id, sentence_index, &c.text),
                text: c.text,
                sentence_index,
                paragraph: c.paragraph as i32,
                start: c.start as i32,
                end: c.end as i32,
                speaker: c.speaker,
                cue: c.cue,
                entities: c
                    .entities
                    .into_iter()
                    .map(|m| EntityMention {
                        id: m.id,
                        surface: m.surface,
                        start: m.start as i32,
                        end: m.end as i32,
                    })
                    .collect(),
                countries: c.countries,
                hedged: c.hedged,
                hedge_cue: c.hedge_cue,
                attribution_chain: c
                    .attribution_chain
                    .into_iter()
                    .map(|l| AttributionLink {
                        speaker: Some(l.speaker),
                        cue: Some(l.cue),
                        speaker_entity_id: l.speaker_entity_id,
                        speaker_as_written: l.speaker_as_written,
                        origin: l.origin.as_str().to_string(),
                    })
                    .collect(),
                dates: c
                    .dates
                    .into_iter()
                    .map(|d| DateMention {
                        text: d.text,
                        start: d.start as i32,
                        end: d.end as i32,
                        value: d.value,
                        precision: d.precision.as_str().to_string(),
                        year_inferred: d.year_inferred,
                    })
                    .collect(),
            }
        };
        let mut statements = Vec::with_capacity(claims.len() + 1);
        if let Some(t) = title_statement {
            statements.push(statement(t, -1));
        }
        for c in claims {
            let index = c.sentence_index as i32;
            statements.push(statement(c, index));
        }
        let mut event = ArticleEvent {
            article_id: raw.article_id.clone(),
            article_url: raw.canonical_url.clone(),
            article_title: title,
            source_id: raw.source_id.clone(),
            byline,
            published_at,
            fetched_at: raw.fetched_at,
            language,
            extractor_version: EXTRACTOR_VERSION.to_string(),
            dictionary_version: dict.version().to_string(),
            date_reference: Some(date_reference.to_string()),
            story_signature,
            statements,
            statements_dropped: statements_dropped.min(i32::MAX as usize) as i32,
            raw_timestamp: None,
        };
        // Per-event limits (claimwatch_model::bounds): a hostile page cannot publish a
        // megabyte sentence or thousands of mentions in one statement.
        events::cut(&event.bound());
        Ok(Some(event))
    }

    /// The claims of one raw article as `claimwatch.claims.v1` carries them: the sentences of
    /// the main text that mention an entity (pure; used by tests).
    pub fn claims_for(&self, raw: &RawArticle) -> Result<Vec<ClaimEvent>, Failure> {
        Ok(self
            .article_for(raw)?
            .map(legacy_claims)
            .unwrap_or_default())
    }
}

/// The statements of the main text that mention an entity, as claim events numbered among
/// themselves (what the extractor wrote before every sentence was published). Takes the
/// article: the other statements are dropped, not copied.
fn legacy_claims(mut a: ArticleEvent) -> Vec<ClaimEvent> {
    a.statements.retain(is_legacy_claim);
    a.claim_events().collect()
}

/// Whether a statement is one of the legacy topic's claims: a sentence of the main text (not
/// the title) that mentions an entity.
fn is_legacy_claim(s: &Statement) -> bool {
    s.sentence_index >= 0 && !s.entities.is_empty()
}

/// Raw articles per slice of a transaction's batch ([`Processor::slice_len`]).
const SLICE_LEN: usize = 16;

impl Processor for ExtractProcessor {
    fn process_batch(&mut self, batch: &[Record<'_>], metrics: &StageMetrics) -> BatchResult {
        txloop::each_record(batch, metrics, |r| self.process(r))
    }

    /// Articles are extracted independently: their events are sent a few at a time while the
    /// rest of the batch is extracted (about 10 ms of work per slice).
    fn slice_len(&self) -> usize {
        SLICE_LEN
    }
}

impl ExtractProcessor {
    /// One raw article's outputs: its `ArticleEvent`, and its legacy claims.
    pub fn process(&mut self, record: &Record<'_>) -> Result<Vec<Output>, Failure> {
        let payload = record.payload.ok_or_else(|| {
            Failure::new(
                "empty_payload",
                "io.claimwatch.DecodeError",
                "record has no value",
            )
        })?;
        let raw = self.raw.decode(payload).map_err(|e| {
            events::article("decode_error");
            Failure::new(e.kind(), "io.claimwatch.schema.CodecError", e.to_string())
        })?;
        let Some(mut article) = self.article_for(&raw)? else {
            return Ok(Vec::new());
        };
        article.raw_timestamp = record.timestamp_ms;
        let encode_error = |e: CodecError| {
            Failure::new("encode", "io.claimwatch.schema.CodecError", e.to_string())
        };
        let key = article.article_id.as_bytes().to_vec();
        let mut out = vec![Output::new(
            topics::ARTICLES.to_string(),
            key.clone(),
            self.article.encode(&article).map_err(encode_error)?,
        )];
        if self.legacy_claims {
            // The claims are written from the article's statements, not built as events.
            let legacy: Vec<&Statement> = article
                .statements
                .iter()
                .filter(|s| is_legacy_claim(s))
                .collect();
            let count = legacy.len() as i32;
            for (i, s) in legacy.into_iter().enumerate() {
                out.push(Output::new(
                    topics::CLAIMS.to_string(),
                    key.clone(),
                    self.claim
                        .encode_claim_of(&article, s, i as i32, count)
                        .map_err(encode_error)?,
                ));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimwatch_model::bounds::{MAX_MENTIONS_PER_STATEMENT, MAX_STATEMENT_BYTES};

    fn raw(html: String) -> RawArticle {
        RawArticle {
            article_id: "hostile".into(),
            url: "http://news.example/hostile".into(),
            canonical_url: "http://news.example/hostile".into(),
            source_id: "t".into(),
            fetched_at: 1_700_000_000_000,
            http_status: Some(200),
            content_type: Some("text/html".into()),
            declared_charset: Some("utf-8".into()),
            language_hint: None,
            content_hash: String::new(),
            body: html.into_bytes(),
        }
    }

    #[test]
    fn a_hostile_sentence_is_published_within_the_limits() {
        // One "sentence" of 300 clauses (15 kB) without a full stop, each naming two countries.
        let clause = "officials in Russia and Ukraine met near the river, ";
        let html = format!(
            "<html><head><title>Talks by the river</title></head><body><article>\
             <p>The harbour board said the talks went on for a week.</p><p>{}end</p>\
             </article></body></html>",
            clause.repeat(300)
        );
        let p = ExtractProcessor::new().unwrap();
        let a = p.article_for(&raw(html)).unwrap().expect("an article");
        let longest = a.statements.iter().map(|s| s.text.len()).max().unwrap();
        let most = a.statements.iter().map(|s| s.entities.len()).max().unwrap();
        assert!(longest <= MAX_STATEMENT_BYTES, "{longest} bytes");
        assert!(most <= MAX_MENTIONS_PER_STATEMENT, "{most} mentions");
        // The cut statement still reads as the start of the sentence, and its mentions
        // point into the text it kept.
        let cut = a
            .statements
            .iter()
            .find(|s| s.text.starts_with("officials in Russia"))
            .expect("the long sentence is published, cut");
        for m in &cut.entities {
            assert_eq!(&cut.text[m.start as usize..m.end as usize], m.surface);
        }
        // Ordinary sentences are untouched.
        assert!(a
            .statements
            .iter()
            .any(|s| s.text == "The harbour board said the talks went on for a week."));
    }
}
