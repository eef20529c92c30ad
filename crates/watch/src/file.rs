//! The watch-topic file format and its validation.

use serde::Deserialize;
use toml::Spanned;

use crate::query::{FieldTerm, ParseError, Query};
use crate::Topic;

/// A problem in a watch-topic file, located by line and column (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct FileError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A parsed (not yet compiled) watch-topic file.
#[derive(Debug, Clone)]
pub struct WatchFile {
    pub topics: Vec<TopicSpec>,
    pub(crate) source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, rename = "topic")]
    topics: Vec<TopicSpec>,
}

/// One `[[topic]]` table as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    /// Stable id, lowercase letters, digits and dashes.
    pub id: Spanned<String>,
    /// Human-readable name.
    pub name: String,
    /// Bumped on every change of the query; alerts cite it.
    #[serde(default = "one")]
    pub version: Spanned<i32>,
    /// `low`, `medium` (the default), `high` or `critical`.
    #[serde(default = "medium")]
    pub severity: Spanned<String>,
    /// Who answers for the topic (a person or desk).
    #[serde(default)]
    pub owner: Option<String>,
    /// Free labels for the topic itself (not the source tags matched by `tag:`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// The query in the watch-topic language (see [`crate::Query`]).
    #[serde(default)]
    pub query: Option<Spanned<String>>,
    /// Sugar: every term must hold (ANDed with `query` when both are given).
    #[serde(default)]
    pub all_of: Vec<Spanned<String>>,
    /// Sugar: at least one term must hold.
    #[serde(default)]
    pub any_of: Vec<Spanned<String>>,
    /// Sugar: no term may hold.
    #[serde(default)]
    pub none_of: Vec<Spanned<String>>,
    /// At most `max_alerts` alerts per `window_secs` (applied by the alerting service).
    #[serde(default)]
    pub throttle: Option<Spanned<ThrottleSpec>>,
    /// Collect alerts and deliver them as one digest every `digest_secs` seconds.
    #[serde(default)]
    pub digest_secs: Option<Spanned<i64>>,
    /// Deliver this topic's alerts to this URL (`http://` or `https://`) as well.
    #[serde(default)]
    pub webhook: Option<Spanned<String>>,
    /// Where the terms must occur together: `sentence`, `paragraph` (the default) or `article`.
    #[serde(default)]
    pub scope: Option<Spanned<String>>,
    /// Whether a denial counts as a mention (`true`: "officials said there was no damage"
    /// matches `damage*`); by default words a negation reaches do not satisfy the terms.
    #[serde(default)]
    pub denials: Option<Spanned<bool>>,
}

/// `throttle = { max_alerts = 5, window_secs = 3600 }` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThrottleSpec {
    pub max_alerts: i64,
    pub window_secs: i64,
}

fn one() -> Spanned<i32> {
    Spanned::new(0..0, 1)
}
fn medium() -> Spanned<String> {
    Spanned::new(0..0, "medium".to_string())
}

pub const SEVERITIES: &[&str] = &["low", "medium", "high", "critical"];

/// Parse a watch-topic file. Syntax errors carry the line and column of the offending text.
pub fn parse_file(source: &str) -> Result<WatchFile, FileError> {
    match toml::from_str::<RawFile>(source) {
        Ok(raw) => Ok(WatchFile {
            topics: raw.topics,
            source: source.to_string(),
        }),
        Err(e) => {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            let (line, column) = line_col(source, offset);
            Err(FileError {
                line,
                column,
                message: e.message().to_string(),
            })
        }
    }
}

fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..source.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}
impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while i > 0 && !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

impl WatchFile {
    pub(crate) fn error_at(&self, offset: usize, message: String) -> FileError {
        let (line, column) = line_col(&self.source, offset);
        FileError {
            line,
            column,
            message,
        }
    }
}

/// Longest throttle window accepted (30 days).
pub const MAX_WINDOW_SECS: i64 = 30 * 24 * 3600;
/// Shortest and longest digest interval accepted (one minute, seven days).
pub const DIGEST_SECS_RANGE: std::ops::RangeInclusive<i64> = 60..=7 * 24 * 3600;

/// Where the content of the TOML string at `span` starts in `source`, if the content is the
/// value verbatim (no escape sequences), so an offset in the value is an offset in the file.
fn verbatim_start(source: &str, span: &std::ops::Range<usize>, value: &str) -> Option<usize> {
    let raw = source.get(span.clone())?;
    let delim = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else if raw.starts_with('"') || raw.starts_with('\'') {
        1
    } else {
        return None;
    };
    if raw.len() < 2 * delim {
        return None;
    }
    let mut start = span.start + delim;
    let mut inner = &raw[delim..raw.len() - delim];
    if delim == 3 {
        // A newline right after the opening delimiter is not part of the value.
        for nl in ["\r\n", "\n"] {
            if let Some(rest) = inner.strip_prefix(nl) {
                inner = rest;
                start += nl.len();
                break;
            }
        }
    }
    (inner == value).then_some(start)
}

/// Turn a query error into a file error: at the exact character when the string has no escapes,
/// otherwise at the string with the query position in the message.
fn query_error(
    source: &str,
    span: std::ops::Range<usize>,
    value: &str,
    e: &ParseError,
) -> FileError {
    match verbatim_start(source, &span, value) {
        Some(start) => {
            let (line, column) = line_col(source, start + e.byte_offset);
            FileError {
                line,
                column,
                message: e.message.clone(),
            }
        }
        None => {
            let (line, column) = line_col(source, span.start);
            FileError {
                line,
                column,
                message: e.to_string(),
            }
        }
    }
}

/// Parse one entry of `all_of`/`any_of`/`none_of`. Entries keep their historical meaning: a
/// bare string with spaces is a phrase (`labour migrants`), so is a field value
/// (`entity:north korea`). The entry must be a single term.
fn parse_list_term(
    raw: &str,
    resolve_entity: &dyn Fn(&str) -> Option<String>,
) -> Result<Query, ParseError> {
    let lead = raw.len() - raw.trim_start().len();
    let t = raw.trim();
    let mut inserted = None;
    let mut text = t.to_string();
    if t.contains(char::is_whitespace) && !t.contains('"') {
        let field = t
            .split_once(':')
            .filter(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()));
        let at = field.map_or(0, |(name, _)| name.len() + 1);
        text = format!("{}\"{}\"", &t[..at], &t[at..]);
        inserted = Some(at);
    }
    let shift = |mut e: ParseError| {
        if let Some(at) = inserted {
            if e.byte_offset > at {
                e.byte_offset -= 1;
            }
            e.byte_offset = e.byte_offset.min(t.len());
        }
        e.byte_offset += lead;
        e.char_offset = raw[..e.byte_offset.min(raw.len())].chars().count();
        e
    };
    let q = Query::parse(&text, resolve_entity).map_err(shift)?;
    if !q.is_leaf() {
        return Err(shift(ParseError {
            byte_offset: 0,
            char_offset: 0,
            message: format!(
                "a list entry must be a single term, found `{t}`; write expressions in `query`"
            ),
        }));
    }
    Ok(q)
}

impl TopicSpec {
    pub(crate) fn compile(
        &self,
        source: &str,
        resolve_entity: &dyn Fn(&str) -> Option<String>,
        errors: &mut Vec<FileError>,
    ) -> Option<Topic> {
        let before = errors.len();
        let id_span = self.id.span();
        // Defaults carry an empty span; point those at the topic id.
        let at = |span: std::ops::Range<usize>| {
            if span.is_empty() {
                id_span.clone()
            } else {
                span
            }
        };
        let err = |span: std::ops::Range<usize>, message: String| {
            let (line, column) = line_col(source, span.start);
            FileError {
                line,
                column,
                message,
            }
        };
        let id = self.id.get_ref();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            errors.push(err(
                id_span.clone(),
                format!("topic id `{id}` must be lowercase letters, digits and dashes"),
            ));
        }
        let version = *self.version.get_ref();
        if version < 1 {
            errors.push(err(
                at(self.version.span()),
                format!("topic `{id}`: version must be >= 1"),
            ));
        }
        let severity = self.severity.get_ref();
        if !SEVERITIES.contains(&severity.as_str()) {
            errors.push(err(
                at(self.severity.span()),
                format!(
                    "unknown severity `{severity}`, expected one of {}",
                    SEVERITIES.join(", ")
                ),
            ));
        }
        let throttle = self.throttle.as_ref().and_then(|t| {
            let spec = t.get_ref();
            if spec.max_alerts < 1 || spec.max_alerts > u32::MAX as i64 {
                errors.push(err(
                    t.span(),
                    format!(
                        "throttle.max_alerts must be at least 1, found {}",
                        spec.max_alerts
                    ),
                ));
                return None;
            }
            if spec.window_secs < 1 || spec.window_secs > MAX_WINDOW_SECS {
                errors.push(err(
                    t.span(),
                    format!(
                        "throttle.window_secs must be between 1 and {MAX_WINDOW_SECS}, found {}",
                        spec.window_secs
                    ),
                ));
                return None;
            }
            Some(crate::Throttle {
                max_alerts: spec.max_alerts as u32,
                window_secs: spec.window_secs as u64,
            })
        });
        let digest_secs = self.digest_secs.as_ref().and_then(|d| {
            let v = *d.get_ref();
            if DIGEST_SECS_RANGE.contains(&v) {
                Some(v as u64)
            } else {
                errors.push(err(
                    d.span(),
                    format!(
                        "digest_secs must be between {} and {}, found {v}",
                        DIGEST_SECS_RANGE.start(),
                        DIGEST_SECS_RANGE.end()
                    ),
                ));
                None
            }
        });

        let webhook = self.webhook.as_ref().and_then(|w| {
            let url = w.get_ref().trim();
            let ok = (url.starts_with("http://") || url.starts_with("https://"))
                && url.len() > "https://".len()
                && !url.contains(char::is_whitespace);
            if ok {
                Some(url.to_string())
            } else {
                errors.push(err(
                    w.span(),
                    format!("webhook must be an http:// or https:// URL, found `{url}`"),
                ));
                None
            }
        });

        let scope = match &self.scope {
            None => crate::Scope::default(),
            Some(sc) => match crate::Scope::parse(sc.get_ref()) {
                Some(s) => s,
                None => {
                    errors.push(err(
                        sc.span(),
                        format!(
                            "unknown scope `{}`, expected sentence, paragraph or article",
                            sc.get_ref()
                        ),
                    ));
                    crate::Scope::default()
                }
            },
        };

        let mut parts = Vec::new();
        let mut warnings = Vec::new();
        if let Some(q) = &self.query {
            if q.get_ref().trim().is_empty() {
                errors.push(err(q.span(), format!("topic `{id}` has an empty query")));
            } else {
                match Query::parse_noting(q.get_ref(), resolve_entity) {
                    Ok((query, mixed)) => {
                        if let Some(at) = mixed {
                            warnings.push(format!(
                                "topic `{id}`: the `OR` at char {at} of its query has an AND \
                                 without parentheses beside it; AND binds tighter than OR, so \
                                 `a b OR c` means `(a AND b) OR c`: write the parentheses you \
                                 mean, e.g. `a (b OR c)`"
                            ));
                        }
                        parts.push(query)
                    }
                    Err(e) => errors.push(query_error(source, q.span(), q.get_ref(), &e)),
                }
            }
        } else if self.all_of.is_empty() && self.any_of.is_empty() {
            errors.push(err(
                id_span.clone(),
                format!("topic `{id}` has no terms: give `query`, `all_of` or `any_of`"),
            ));
        }
        let mut list = |terms: &[Spanned<String>]| -> Vec<Query> {
            let mut out = Vec::new();
            for t in terms {
                match parse_list_term(t.get_ref(), resolve_entity) {
                    Ok(q) => out.push(q),
                    Err(e) => errors.push(query_error(source, t.span(), t.get_ref(), &e)),
                }
            }
            out
        };
        let all_of = list(&self.all_of);
        let any_of = list(&self.any_of);
        let none_of = list(&self.none_of);
        if errors.len() > before {
            return None;
        }
        parts.extend(all_of);
        if !any_of.is_empty() {
            parts.push(Query::or(any_of));
        }
        parts.extend(none_of.into_iter().map(|q| Query::Not(Box::new(q))));
        let query = Query::and(parts);
        let mut unknown_entities = Vec::new();
        query.visit_fields(&mut |f| {
            let written = match f {
                FieldTerm::Entity { written, .. } => written.as_str(),
                FieldTerm::In(id) => id.as_str(),
                _ => return,
            };
            if resolve_entity(written).is_none() && !unknown_entities.iter().any(|u| u == written) {
                unknown_entities.push(written.to_string());
            }
        });
        Some(Topic {
            id: id.clone(),
            name: self.name.clone(),
            version,
            severity: severity.clone(),
            owner: self.owner.clone(),
            tags: self.tags.clone(),
            query,
            throttle,
            digest_secs,
            webhook,
            scope,
            denials: self.denials.as_ref().is_some_and(|d| *d.get_ref()),
            unknown_entities,
            warnings,
        })
    }
}
