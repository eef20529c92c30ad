//! Avro codecs for claimwatch's events.
//!
//! The schemas in `schemas/*.avsc` are the contract between services and with third-party
//! consumers; they are compiled into this crate so every binary carries the exact version it was
//! built with. Messages are framed with the Avro specification's *single-object encoding*:
//! `0xC3 0x01`, the schema's 8-byte little-endian CRC-64-AVRO (Rabin) fingerprint, then the
//! binary datum. That framing needs no registry and stays the default.
//!
//! With a schema registry ([`registry`]), producers use [`Framing::Confluent`] instead: magic
//! byte `0`, the 4-byte big-endian id the registry gave the schema, then the datum. Decoding
//! recognises both framings by their first bytes; a Confluent id is resolved to the writer
//! schema through the registry once and cached.
//!
//! # Schema evolution
//!
//! Every schema change must be backward compatible (new fields at the end, with defaults). The
//! schema a version replaced is kept, unchanged, in `schemas/history/<name>.v<N>.avsc` and
//! listed in [`Event::HISTORY`]. Decoding looks the writer's fingerprint up among the current
//! schema and the historical ones, and reads a historical record with Avro schema resolution
//! into the current (reader) schema, so fields added later take their defaults. Encoding always
//! uses the current schema.

pub mod canonical;
mod direct;
pub mod registry;

pub use registry::{MemoryRegistry, Registry, RegistryError, SchemaId, SchemaRegistry};

use std::sync::Arc;

use apache_avro::Schema;
use claimwatch_model::{Alert, ArticleEvent, ClaimEvent, RawArticle};
use serde::{de::DeserializeOwned, Serialize};

/// The Avro source of each event schema, as shipped in `schemas/`.
pub mod sources {
    pub const RAW_ARTICLE: &str = include_str!("../../../schemas/raw_article.avsc");
    pub const CLAIM_EVENT: &str = include_str!("../../../schemas/claim_event.avsc");
    pub const ARTICLE_EVENT: &str = include_str!("../../../schemas/article_event.avsc");
    pub const ALERT: &str = include_str!("../../../schemas/alert.avsc");

    /// Schemas replaced by a later version, oldest first (`schemas/history/`).
    pub mod history {
        /// `ClaimEvent` before the attribution chain and dates were added.
        pub const CLAIM_EVENT_V1: &str =
            include_str!("../../../schemas/history/claim_event.v1.avsc");
        /// `ClaimEvent` before the story signature was added.
        pub const CLAIM_EVENT_V2: &str =
            include_str!("../../../schemas/history/claim_event.v2.avsc");
        /// `Alert` before highlights were added.
        pub const ALERT_V1: &str = include_str!("../../../schemas/history/alert.v1.avsc");
        /// `Alert` before kinds, stories, backfill and digests were added.
        pub const ALERT_V2: &str = include_str!("../../../schemas/history/alert.v2.avsc");
    }
}

/// The two magic bytes that open a single-object encoded message.
pub const SINGLE_OBJECT_MAGIC: [u8; 2] = [0xC3, 0x01];

/// Why a message could not be encoded or decoded.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("message too short for its framing ({0} bytes)")]
    Truncated(usize),
    #[error("unknown framing: first bytes {0:02x?}")]
    UnknownFraming(Vec<u8>),
    #[error("schema fingerprint {found:016x} is not a known {expected_name} schema (current {expected:016x})")]
    FingerprintMismatch {
        found: u64,
        expected: u64,
        expected_name: &'static str,
    },
    #[error("avro: {0}")]
    Avro(String),
    #[error("{0} trailing bytes after the datum")]
    TrailingBytes(usize),
    #[error("message framed with schema registry id {0}, but no schema registry is configured")]
    NoRegistry(SchemaId),
    #[error(transparent)]
    Registry(#[from] RegistryError),
}

impl CodecError {
    /// A short, bounded label for metrics and dead-letter headers.
    pub fn kind(&self) -> &'static str {
        match self {
            CodecError::Truncated(_) => "truncated",
            CodecError::UnknownFraming(_) => "unknown_framing",
            CodecError::FingerprintMismatch { .. } => "fingerprint_mismatch",
            CodecError::Avro(_) => "avro",
            CodecError::TrailingBytes(_) => "trailing_bytes",
            CodecError::NoRegistry(_) => "no_registry",
            CodecError::Registry(e) => e.kind(),
        }
    }
}

impl From<apache_avro::Error> for CodecError {
    fn from(e: apache_avro::Error) -> Self {
        CodecError::Avro(e.to_string())
    }
}

/// How an encoded datum is wrapped on the wire.
#[derive(Debug, Clone, Default)]
pub enum Framing {
    /// Avro single-object encoding (the default; needs no registry).
    #[default]
    SingleObject,
    /// Confluent's wire format: magic byte 0, the schema's registry id (4 bytes, big-endian).
    Confluent { schema_id: SchemaId },
}

/// A compiled schema with its identity.
#[derive(Debug)]
pub struct EventSchema {
    pub name: &'static str,
    pub schema: Schema,
    /// CRC-64-AVRO fingerprint of the schema's parsing canonical form.
    pub fingerprint: u64,
    /// The schema's Parsing Canonical Form.
    pub canonical: String,
    pub source: &'static str,
}

impl EventSchema {
    fn parse(name: &'static str, source: &'static str) -> Result<Self, CodecError> {
        let schema = Schema::parse_str(source)?;
        let canonical = canonical::parsing_canonical_form(source).map_err(CodecError::Avro)?;
        Ok(EventSchema {
            name,
            schema,
            fingerprint: canonical::fingerprint64(canonical.as_bytes()),
            canonical,
            source,
        })
    }
}

/// Encodes and decodes one event type.
#[derive(Debug, Clone)]
pub struct Codec<T> {
    schema: Arc<EventSchema>,
    /// Earlier versions of the schema, readable through schema resolution.
    history: Arc<Vec<EventSchema>>,
    framing: Framing,
    /// Resolves the schema ids of Confluent-framed messages; `None` rejects them.
    registry: Option<Registry>,
    _marker: std::marker::PhantomData<fn() -> T>,
}

/// An event type with an Avro schema in `schemas/`.
pub trait Event: Serialize + DeserializeOwned {
    const NAME: &'static str;
    const SOURCE: &'static str;
    /// Sources of the schemas this event was written with before [`Event::SOURCE`].
    const HISTORY: &'static [&'static str] = &[];

    /// Append the datum for the current schema with a hand-written encoder ([`direct`]);
    /// `false` when the type has none and the schema-aware serializer writes it.
    #[doc(hidden)]
    fn write_direct(&self, _out: &mut Vec<u8>) -> bool {
        false
    }
}

impl Event for RawArticle {
    const NAME: &'static str = "RawArticle";
    const SOURCE: &'static str = sources::RAW_ARTICLE;
}
impl Event for ClaimEvent {
    const NAME: &'static str = "ClaimEvent";
    const SOURCE: &'static str = sources::CLAIM_EVENT;
    const HISTORY: &'static [&'static str] = &[
        sources::history::CLAIM_EVENT_V1,
        sources::history::CLAIM_EVENT_V2,
    ];
}
impl Event for ArticleEvent {
    const NAME: &'static str = "ArticleEvent";
    const SOURCE: &'static str = sources::ARTICLE_EVENT;

    fn write_direct(&self, out: &mut Vec<u8>) -> bool {
        direct::article(out, self);
        true
    }
}
impl Event for Alert {
    const NAME: &'static str = "Alert";
    const SOURCE: &'static str = sources::ALERT;
    const HISTORY: &'static [&'static str] =
        &[sources::history::ALERT_V1, sources::history::ALERT_V2];
}

impl<T: Event> Codec<T> {
    /// Compile the event's schema. Fails only if the shipped schema is invalid (a build bug).
    pub fn new() -> Result<Self, CodecError> {
        limit_allocations();
        Ok(Codec {
            schema: Arc::new(EventSchema::parse(T::NAME, T::SOURCE)?),
            history: Arc::new(
                T::HISTORY
                    .iter()
                    .map(|src| EventSchema::parse(T::NAME, src))
                    .collect::<Result<_, _>>()?,
            ),
            framing: Framing::SingleObject,
            registry: None,
            _marker: std::marker::PhantomData,
        })
    }

    pub fn with_framing(mut self, framing: Framing) -> Self {
        self.framing = framing;
        self
    }

    /// Decode Confluent-framed messages by looking their schema ids up in `registry`.
    pub fn with_registry(mut self, registry: Registry) -> Self {
        self.registry = Some(registry);
        self
    }

    /// Register the current schema under `<topic>-value` and encode with its id from now on
    /// (decoding also resolves ids through `registry`). Blocks on the registry for at most
    /// `patience` while it is unreachable: call from a blocking thread.
    pub fn registered_for(
        self,
        registry: &Registry,
        topic: &str,
        patience: std::time::Duration,
    ) -> Result<Self, CodecError> {
        let schema_id = registry.register_patiently(
            &registry::value_subject(topic),
            self.schema.source,
            patience,
        )?;
        Ok(self
            .with_registry(registry.clone())
            .with_framing(Framing::Confluent { schema_id }))
    }

    pub fn framing(&self) -> &Framing {
        &self.framing
    }

    pub fn schema(&self) -> &EventSchema {
        &self.schema
    }

    /// The schemas this event was written with before the current one, oldest first.
    pub fn history(&self) -> &[EventSchema] {
        &self.history
    }

    /// Encode just the Avro datum (no framing).
    pub fn encode_datum(&self, event: &T) -> Result<Vec<u8>, CodecError> {
        let mut out = Vec::with_capacity(256);
        self.write_datum(event, &mut out)?;
        Ok(out)
    }

    /// Append the datum of `event` to `out`, serialized straight into the buffer by the
    /// schema-aware serializer: no intermediate `Value` tree, which cost about half of the
    /// extractor's CPU when events were built through `to_value`.
    ///
    /// That serializer writes fields in the order the type serializes them, so the Rust types
    /// in `claimwatch-model` must list their fields in schema order. The unit tests hold every
    /// event type to byte equality with the `Value` path, and debug builds check every
    /// message against it (`check_against_value`).
    fn write_datum(&self, event: &T, out: &mut Vec<u8>) -> Result<(), CodecError> {
        #[cfg(debug_assertions)]
        let start = out.len();
        if !event.write_direct(out) {
            apache_avro::write_avro_datum_ref(&self.schema.schema, event, out)?;
        }
        #[cfg(debug_assertions)]
        self.check_against_value(event, &out[start..])?;
        Ok(())
    }

    /// Debug builds: `written` must encode what the `Value` path encodes. Byte equality, or,
    /// where the bytes differ, equal decoded values: the serializer writes an array of more
    /// than 1,024 items in several blocks and the `Value` path in one, both valid Avro.
    #[cfg(debug_assertions)]
    fn check_against_value(&self, event: &T, written: &[u8]) -> Result<(), CodecError> {
        let reference = self.encode_datum_via_value(event)?;
        if written != &reference[..] {
            let schema = &self.schema.schema;
            let ours = apache_avro::from_avro_datum(schema, &mut &written[..], None)?;
            let theirs = apache_avro::from_avro_datum(schema, &mut &reference[..], None)?;
            assert_eq!(
                ours, theirs,
                "{}: the direct encoding differs from the Value encoding (field order?)",
                self.schema.name
            );
        }
        Ok(())
    }

    /// The reference encoding through an Avro `Value` tree (slow; tests and debug checks).
    #[doc(hidden)]
    pub fn encode_datum_via_value(&self, event: &T) -> Result<Vec<u8>, CodecError> {
        let value = apache_avro::to_value(event)?.resolve(&self.schema.schema)?;
        Ok(apache_avro::to_avro_datum(&self.schema.schema, value)?)
    }

    /// Encode with the codec's framing.
    pub fn encode(&self, event: &T) -> Result<Vec<u8>, CodecError> {
        let mut out = self.framed(1024);
        self.write_datum(event, &mut out)?;
        Ok(out)
    }

    /// A buffer holding the codec's framing, ready for the datum.
    fn framed(&self, capacity: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(capacity);
        match self.framing {
            Framing::SingleObject => {
                out.extend_from_slice(&SINGLE_OBJECT_MAGIC);
                out.extend_from_slice(&self.schema.fingerprint.to_le_bytes());
            }
            Framing::Confluent { schema_id } => {
                out.push(registry::CONFLUENT_MAGIC);
                out.extend_from_slice(&schema_id.to_be_bytes());
            }
        }
        out
    }

    /// Decode a framed message, recognising the framing by its first bytes.
    pub fn decode(&self, bytes: &[u8]) -> Result<T, CodecError> {
        if bytes.len() >= 2 && bytes[..2] == SINGLE_OBJECT_MAGIC {
            if bytes.len() < 10 {
                return Err(CodecError::Truncated(bytes.len()));
            }
            let mut fp = [0u8; 8];
            fp.copy_from_slice(&bytes[2..10]);
            return self.decode_written_with(u64::from_le_bytes(fp), &bytes[10..]);
        }
        if bytes.first() == Some(&registry::CONFLUENT_MAGIC) {
            if bytes.len() < 5 {
                return Err(CodecError::Truncated(bytes.len()));
            }
            let id = SchemaId::from_be_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]);
            let registry = self.registry.as_ref().ok_or(CodecError::NoRegistry(id))?;
            let found = registry.writer_fingerprint(id)?;
            return self.decode_written_with(found, &bytes[5..]);
        }
        let head = bytes.iter().take(4).copied().collect::<Vec<_>>();
        if bytes.len() < 2 {
            return Err(CodecError::Truncated(bytes.len()));
        }
        Err(CodecError::UnknownFraming(head))
    }

    /// Decode a datum whose writer schema has the fingerprint `found`: the current schema
    /// directly, a historical one through schema resolution, any other is an error.
    fn decode_written_with(&self, found: u64, datum: &[u8]) -> Result<T, CodecError> {
        if found == self.schema.fingerprint {
            return self.decode_datum(datum);
        }
        match self.history.iter().find(|h| h.fingerprint == found) {
            Some(writer) => self.decode_datum_written_with(&writer.schema, datum),
            None => Err(CodecError::FingerprintMismatch {
                found,
                expected: self.schema.fingerprint,
                expected_name: self.schema.name,
            }),
        }
    }

    /// Decode a bare datum written with this codec's schema.
    pub fn decode_datum(&self, mut datum: &[u8]) -> Result<T, CodecError> {
        let value = apache_avro::from_avro_datum(&self.schema.schema, &mut datum, None)?;
        if !datum.is_empty() {
            return Err(CodecError::TrailingBytes(datum.len()));
        }
        Ok(apache_avro::from_value::<T>(&value)?)
    }

    /// Decode a bare datum written with an earlier `writer` schema, resolving it into the
    /// current schema (fields added since take their defaults).
    pub fn decode_datum_written_with(
        &self,
        writer: &Schema,
        mut datum: &[u8],
    ) -> Result<T, CodecError> {
        let value = apache_avro::from_avro_datum(writer, &mut datum, Some(&self.schema.schema))?;
        if !datum.is_empty() {
            return Err(CodecError::TrailingBytes(datum.len()));
        }
        Ok(apache_avro::from_value::<T>(&value)?)
    }
}

/// Largest single allocation the Avro decoder may make for one field. A corrupt length prefix
/// then fails fast instead of asking for gigabytes. Bodies are capped well below this upstream.
pub const MAX_FIELD_BYTES: usize = 64 * 1024 * 1024;

fn limit_allocations() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = apache_avro::util::max_allocation_bytes(MAX_FIELD_BYTES);
    });
}

/// All codecs a service needs, compiled once.
#[derive(Debug, Clone)]
pub struct Codecs {
    pub raw_article: Codec<RawArticle>,
    pub claim: Codec<ClaimEvent>,
    pub article: Codec<ArticleEvent>,
    pub alert: Codec<Alert>,
}

impl Codecs {
    pub fn new() -> Result<Self, CodecError> {
        Ok(Codecs {
            raw_article: Codec::new()?,
            claim: Codec::new()?,
            article: Codec::new()?,
            alert: Codec::new()?,
        })
    }
}

impl Codec<ClaimEvent> {
    /// The framed `ClaimEvent` of statement `s` of `article`, numbered `index` of `count`: the
    /// same bytes as encoding that event from [`ArticleEvent::claim_events`], written from the
    /// article's parts without building it (the extractor's legacy per-claim topic).
    pub fn encode_claim_of(
        &self,
        article: &ArticleEvent,
        s: &claimwatch_model::Statement,
        index: i32,
        count: i32,
    ) -> Result<Vec<u8>, CodecError> {
        let mut out = self.framed(256 + s.text.len());
        let start = out.len();
        direct::claim_of(&mut out, article, s, index, count);
        debug_assert_eq!(
            out[start..],
            self.encode_datum_via_value(&article.claim_event(s, index, count))?[..],
            "ClaimEvent: the direct encoding differs from the Value encoding"
        );
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
