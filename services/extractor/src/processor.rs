//! RawArticle → ClaimEvents, as a [`txloop::Processor`].

use std::panic::{catch_unwind, AssertUnwindSafe};

use claimwatch_extract::{
    extract_with_options, Document, EntityDictionary, ExtractOptions, EXTRACTOR_VERSION,
};
use claimwatch_kafka::dlq::Failure;
use claimwatch_kafka::txloop::{Output, Processor, Record};
use claimwatch_model::{
    ids, topics, AttributionLink, ClaimEvent, DateMention, EntityMention, RawArticle,
};
use claimwatch_schema::{Codec, CodecError, Codecs, Framing, Registry};

use crate::events;

pub struct ExtractProcessor {
    dict: EntityDictionary,
    raw: Codec<RawArticle>,
    claim: Codec<ClaimEvent>,
}

impl ExtractProcessor {
    pub fn new() -> anyhow::Result<Self> {
        let codecs = Codecs::new()?;
        Ok(ExtractProcessor {
            dict: EntityDictionary::builtin()
                .map_err(|e| anyhow::anyhow!("entity dictionary: {e}"))?,
            raw: codecs.raw_article,
            claim: codecs.claim,
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
        self.claim = self
            .claim
            .registered_for(registry, topics::CLAIMS, patience)?;
        if let Framing::Confluent { schema_id } = self.claim.framing() {
            tracing::info!(subject = %format!("{}-value", topics::CLAIMS), schema_id, "schema registered");
        }
        Ok(self)
    }

    /// The claims of one raw article (pure; used by the Kafka loop, the demo and tests).
    pub fn claims_for(&self, raw: &RawArticle) -> Result<Vec<ClaimEvent>, Failure> {
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
        let extracted = catch_unwind(AssertUnwindSafe(|| {
            extract_with_options(&doc, &self.dict, &options)
        }));
        let article = match extracted {
            Ok(Ok(a)) => a,
            Ok(Err(e)) => {
                let kind = e.kind.as_str();
                events::article(kind);
                if kind == "empty" {
                    // Nothing to say about an empty page: not an error, no claims.
                    return Ok(Vec::new());
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
        let n = article.claims.len() as i32;
        let date_reference = if article.published_at.is_some() {
            "published"
        } else {
            "fetched"
        };
        events::article(if n > 0 { "with_claims" } else { "no_claims" });
        // Only articles with claims need a story signature (alerting groups copies by it).
        let story_signature = if n > 0 {
            claimwatch_story::signature(&article.text)
        } else {
            Vec::new()
        };
        let out = article
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| {
                events::claim(c.hedged);
                ClaimEvent {
                    claim_id: ids::claim_id(&raw.article_id, c.sentence_index as i32, &c.text),
                    article_id: raw.article_id.clone(),
                    article_url: raw.canonical_url.clone(),
                    article_title: article.title.clone(),
                    source_id: raw.source_id.clone(),
                    text: c.text.clone(),
                    sentence_index: c.sentence_index as i32,
                    start: c.start as i32,
                    end: c.end as i32,
                    speaker: c.speaker.clone(),
                    cue: c.cue.clone(),
                    entities: c
                        .entities
                        .iter()
                        .map(|m| EntityMention {
                            id: m.id.clone(),
                            surface: m.surface.clone(),
                            start: m.start as i32,
                            end: m.end as i32,
                        })
                        .collect(),
                    hedged: c.hedged,
                    hedge_cue: c.hedge_cue.clone(),
                    published_at: article.published_at,
                    fetched_at: raw.fetched_at,
                    language: article.language.clone(),
                    extractor_version: EXTRACTOR_VERSION.to_string(),
                    dictionary_version: self.dict.version().to_string(),
                    claim_index: i as i32,
                    claims_in_article: n,
                    attribution_chain: c
                        .attribution_chain
                        .iter()
                        .map(|l| AttributionLink {
                            speaker: Some(l.speaker.clone()),
                            cue: Some(l.cue.clone()),
                            speaker_entity_id: l.speaker_entity_id.clone(),
                            speaker_as_written: l.speaker_as_written.clone(),
                            origin: l.origin.as_str().to_string(),
                        })
                        .collect(),
                    dates: c
                        .dates
                        .iter()
                        .map(|d| DateMention {
                            text: d.text.clone(),
                            start: d.start as i32,
                            end: d.end as i32,
                            value: d.value.clone(),
                            precision: d.precision.as_str().to_string(),
                            year_inferred: d.year_inferred,
                        })
                        .collect(),
                    date_reference: Some(date_reference.to_string()),
                    story_signature: story_signature.clone(),
                }
            })
            .collect();
        Ok(out)
    }
}

impl Processor for ExtractProcessor {
    fn process(&mut self, record: &Record<'_>) -> Result<Vec<Output>, Failure> {
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
        let claims = self.claims_for(&raw)?;
        claims
            .iter()
            .map(|c| {
                let payload = self.claim.encode(c).map_err(|e| {
                    Failure::new("encode", "io.claimwatch.schema.CodecError", e.to_string())
                })?;
                Ok(Output {
                    topic: topics::CLAIMS.to_string(),
                    key: c.article_id.as_bytes().to_vec(),
                    payload,
                })
            })
            .collect()
    }
}
