//! Schema-registry support: the Confluent wire format's schema ids.
//!
//! With a registry, producers register the current schema of their event under the subject
//! `<topic>-value` (Confluent's `TopicNameStrategy`) and frame each message as magic byte `0`,
//! the 4-byte big-endian schema id, then the Avro datum. Consumers look the id up in the
//! registry once (the answer is cached for the life of the process: a registry never changes
//! what an id means) and decode with the writer schema it names.
//!
//! The registry is reached through the small [`SchemaRegistry`] trait, so tests can use the
//! in-memory [`MemoryRegistry`]. [`HttpRegistry`] speaks the Confluent REST API (also served by
//! Apicurio Registry under `/apis/ccompat/v7`). Every call is blocking and bounded in time:
//! call it from a blocking thread (the transactional loop, `spawn_blocking`), never from an
//! async task. Encoding never does I/O: ids are obtained when a codec is set up.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::canonical;

/// A schema id as assigned by the registry (4 bytes big-endian on the wire).
pub type SchemaId = u32;

/// The magic byte that opens a Confluent-framed message.
pub const CONFLUENT_MAGIC: u8 = 0;

/// The registry subject of a topic's values (Confluent's `TopicNameStrategy`).
pub fn value_subject(topic: &str) -> String {
    format!("{topic}-value")
}

/// Why a registry call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RegistryError {
    #[error("invalid schema registry URL `{url}`: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("schema registry unreachable ({what}): {message}")]
    Unreachable { what: String, message: String },
    #[error("schema id {0} is not known to the schema registry")]
    UnknownId(SchemaId),
    #[error("schema registry refused {what}: HTTP {status}: {message}")]
    Status {
        what: String,
        status: u16,
        message: String,
    },
    #[error("schema registry sent an unusable answer to {what}: {message}")]
    BadResponse { what: String, message: String },
}

impl RegistryError {
    /// A short, bounded label for metrics and dead-letter headers.
    pub fn kind(&self) -> &'static str {
        match self {
            RegistryError::InvalidUrl { .. } => "registry_config",
            RegistryError::Unreachable { .. } => "registry_unreachable",
            RegistryError::UnknownId(_) => "unknown_schema_id",
            RegistryError::Status { .. } => "registry_refused",
            RegistryError::BadResponse { .. } => "registry_bad_response",
        }
    }

    /// Worth retrying: the registry may answer later (not up yet, overloaded).
    pub fn is_transient(&self) -> bool {
        match self {
            RegistryError::Unreachable { .. } => true,
            RegistryError::Status { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}

/// The two registry operations claimwatch needs. Implementations block; see the module docs.
pub trait SchemaRegistry: Send + Sync + fmt::Debug {
    /// Register `schema` (Avro JSON) under `subject`, or find it there; returns its id.
    fn register(&self, subject: &str, schema: &str) -> Result<SchemaId, RegistryError>;
    /// The Avro JSON of the schema with this id.
    fn schema_by_id(&self, id: SchemaId) -> Result<String, RegistryError>;
}

/// A registry shared by a process's codecs: the client and the id → writer-fingerprint cache.
#[derive(Clone)]
pub struct Registry {
    client: Arc<dyn SchemaRegistry>,
    fingerprints: Arc<Mutex<HashMap<SchemaId, u64>>>,
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl Registry {
    pub fn new(client: impl SchemaRegistry + 'static) -> Registry {
        Registry {
            client: Arc::new(client),
            fingerprints: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// A registry reached over HTTP at `url` (see [`HttpRegistry::new`]).
    pub fn http(url: &str) -> Result<Registry, RegistryError> {
        Ok(Registry::new(HttpRegistry::new(url)?))
    }

    /// The registry a `CLAIMWATCH_SCHEMA_REGISTRY_URL`-style setting names: `None` when it is
    /// unset or blank (single-object framing), an error when the URL is not usable.
    pub fn from_setting(url: Option<&str>) -> Result<Option<Registry>, String> {
        url.map(str::trim)
            .filter(|u| !u.is_empty())
            .map(Registry::http)
            .transpose()
            .map_err(|e| e.to_string())
    }

    /// Register `source` under `subject` and remember what its id names.
    pub fn register(&self, subject: &str, source: &str) -> Result<SchemaId, RegistryError> {
        let id = self.client.register(subject, source)?;
        if let Ok(pcf) = canonical::parsing_canonical_form(source) {
            self.remember(id, canonical::fingerprint64(pcf.as_bytes()));
        }
        Ok(id)
    }

    /// [`Registry::register`], retried with bounded exponential backoff while the registry is
    /// unreachable or answers 5xx (e.g. still starting), for at most `patience`.
    pub fn register_patiently(
        &self,
        subject: &str,
        source: &str,
        patience: Duration,
    ) -> Result<SchemaId, RegistryError> {
        let deadline = Instant::now() + patience;
        let mut pause = Duration::from_millis(200);
        loop {
            match self.register(subject, source) {
                Err(e) if e.is_transient() && Instant::now() + pause < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_secs(5));
                }
                other => return other,
            }
        }
    }

    /// The CRC-64-AVRO fingerprint of the writer schema with this id: cached, else fetched
    /// from the registry (one request; failures are not cached).
    pub fn writer_fingerprint(&self, id: SchemaId) -> Result<u64, RegistryError> {
        if let Some(fp) = self.cached(id) {
            return Ok(fp);
        }
        let schema = self.client.schema_by_id(id)?;
        let pcf =
            canonical::parsing_canonical_form(&schema).map_err(|e| RegistryError::BadResponse {
                what: format!("schema id {id}"),
                message: format!("not an Avro schema: {e}"),
            })?;
        let fp = canonical::fingerprint64(pcf.as_bytes());
        self.remember(id, fp);
        Ok(fp)
    }

    fn cached(&self, id: SchemaId) -> Option<u64> {
        self.fingerprints
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
            .copied()
    }

    fn remember(&self, id: SchemaId, fp: u64) {
        self.fingerprints
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, fp);
    }
}

/// An in-memory registry (tests, the demo): ids count up from 1, one per distinct schema text.
#[derive(Debug, Default)]
pub struct MemoryRegistry {
    state: Mutex<MemoryState>,
}

#[derive(Debug, Default)]
struct MemoryState {
    schemas: Vec<String>,
    subjects: HashMap<String, Vec<SchemaId>>,
    lookups: u64,
}

impl MemoryRegistry {
    pub fn new() -> MemoryRegistry {
        MemoryRegistry::default()
    }

    /// How many times `schema_by_id` was asked (to check caching).
    pub fn lookups(&self) -> u64 {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).lookups
    }

    /// The ids registered under `subject`, oldest first.
    pub fn versions(&self, subject: &str) -> Vec<SchemaId> {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.subjects.get(subject).cloned().unwrap_or_default()
    }
}

impl SchemaRegistry for MemoryRegistry {
    fn register(&self, subject: &str, schema: &str) -> Result<SchemaId, RegistryError> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let id = match s.schemas.iter().position(|x| x == schema) {
            Some(i) => i as SchemaId + 1,
            None => {
                s.schemas.push(schema.to_string());
                s.schemas.len() as SchemaId
            }
        };
        let versions = s.subjects.entry(subject.to_string()).or_default();
        if !versions.contains(&id) {
            versions.push(id);
        }
        Ok(id)
    }

    fn schema_by_id(&self, id: SchemaId) -> Result<String, RegistryError> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.lookups += 1;
        id.checked_sub(1)
            .and_then(|i| s.schemas.get(i as usize))
            .cloned()
            .ok_or(RegistryError::UnknownId(id))
    }
}

/// The Confluent Schema Registry REST API over HTTP(S), with a blocking client.
///
/// `url` is the API root: `http://registry:8081` for Confluent's registry,
/// `http://registry:8080/apis/ccompat/v7` for Apicurio Registry. Each request has a time
/// limit; connection failures and 5xx answers are retried a few times with backoff, so one
/// lookup takes at most about [`HttpRegistry::MAX_CALL`].
#[derive(Debug)]
pub struct HttpRegistry {
    base: String,
    agent: ureq::Agent,
}

const CONTENT_TYPE: &str = "application/vnd.schemaregistry.v1+json";

impl HttpRegistry {
    /// Time limit of one HTTP request.
    pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
    /// Tries per call (connection failures and 5xx only).
    pub const ATTEMPTS: u32 = 3;
    /// Upper bound of one call, retries included.
    pub const MAX_CALL: Duration = Duration::from_millis(3 * 5_000 + 100 + 200);

    pub fn new(url: &str) -> Result<HttpRegistry, RegistryError> {
        let invalid = |reason: &str| RegistryError::InvalidUrl {
            url: url.to_string(),
            reason: reason.to_string(),
        };
        let base = url.trim().trim_end_matches('/');
        let rest = base
            .strip_prefix("http://")
            .or_else(|| base.strip_prefix("https://"))
            .ok_or_else(|| invalid("must start with http:// or https://"))?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(invalid("no host"));
        }
        if rest.contains(['?', '#', ' ']) {
            return Err(invalid("must not have a query, fragment or spaces"));
        }
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Self::REQUEST_TIMEOUT))
            .http_status_as_error(false)
            .user_agent(concat!("claimwatch/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(HttpRegistry {
            base: base.to_string(),
            agent: ureq::Agent::new_with_config(config),
        })
    }

    pub fn url(&self) -> &str {
        &self.base
    }

    /// One call with retries: `Ok((status, body))` for any HTTP answer that is not a 5xx.
    fn call(
        &self,
        what: &str,
        req: impl Fn() -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(u16, String), RegistryError> {
        let mut pause = Duration::from_millis(100);
        let mut attempt = 1;
        loop {
            let e = match req() {
                Ok(mut resp) => {
                    let status = resp.status().as_u16();
                    match resp
                        .body_mut()
                        .with_config()
                        .limit(16 << 20)
                        .read_to_string()
                    {
                        Ok(body) if status < 500 => return Ok((status, body)),
                        Ok(body) => RegistryError::Status {
                            what: what.to_string(),
                            status,
                            message: error_message(&body),
                        },
                        Err(e) => RegistryError::Unreachable {
                            what: what.to_string(),
                            message: format!("reading the answer: {e}"),
                        },
                    }
                }
                Err(e) => RegistryError::Unreachable {
                    what: what.to_string(),
                    message: e.to_string(),
                },
            };
            if attempt >= Self::ATTEMPTS || !e.is_transient() {
                return Err(e);
            }
            std::thread::sleep(pause);
            pause *= 2;
            attempt += 1;
        }
    }
}

/// The `message` of a Confluent error body (`{"error_code": 40403, "message": "..."}`), else
/// the start of the body.
fn error_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("message")?.as_str().map(str::to_string))
        .unwrap_or_else(|| body.chars().take(200).collect())
}

fn error_code(body: &str) -> Option<i64> {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()?
        .get("error_code")?
        .as_i64()
}

/// Percent-encode a path segment (subjects are topic names plus `-value`, but be safe).
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl SchemaRegistry for HttpRegistry {
    fn register(&self, subject: &str, schema: &str) -> Result<SchemaId, RegistryError> {
        let what = format!("registering a schema under subject `{subject}`");
        let url = format!(
            "{}/subjects/{}/versions",
            self.base,
            encode_segment(subject)
        );
        let body = serde_json::json!({ "schema": schema }).to_string();
        let (status, text) = self.call(&what, || {
            self.agent
                .post(&url)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE)
                .send(body.as_str())
        })?;
        if !(200..300).contains(&status) {
            return Err(RegistryError::Status {
                what,
                status,
                message: error_message(&text),
            });
        }
        parse_id(&text).ok_or_else(|| RegistryError::BadResponse {
            what,
            message: format!(
                "no schema id in `{}`",
                text.chars().take(200).collect::<String>()
            ),
        })
    }

    fn schema_by_id(&self, id: SchemaId) -> Result<String, RegistryError> {
        let what = format!("looking up schema id {id}");
        let url = format!("{}/schemas/ids/{id}", self.base);
        let (status, text) = self.call(&what, || {
            self.agent.get(&url).header("Accept", CONTENT_TYPE).call()
        })?;
        if status == 404 && matches!(error_code(&text), Some(40403) | None) {
            return Err(RegistryError::UnknownId(id));
        }
        if !(200..300).contains(&status) {
            return Err(RegistryError::Status {
                what,
                status,
                message: error_message(&text),
            });
        }
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| RegistryError::BadResponse {
                what: what.clone(),
                message: format!("not JSON: {e}"),
            })?;
        if let Some(t) = v.get("schemaType").and_then(|t| t.as_str()) {
            if t != "AVRO" {
                return Err(RegistryError::BadResponse {
                    what,
                    message: format!("schema type is {t}, not AVRO"),
                });
            }
        }
        v.get("schema")
            .and_then(|s| s.as_str())
            .map(str::to_string)
            .ok_or_else(|| RegistryError::BadResponse {
                what,
                message: "no `schema` string in the answer".into(),
            })
    }
}

fn parse_id(body: &str) -> Option<SchemaId> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let id = v.get("id")?.as_u64()?;
    SchemaId::try_from(id).ok()
}
