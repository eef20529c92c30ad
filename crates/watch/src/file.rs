//! The watch-topic file format and its validation.

use serde::Deserialize;
use toml::Spanned;

use crate::terms::{tokenize, Term};
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
    pub version: i32,
    #[serde(default = "medium")]
    pub severity: Spanned<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub all_of: Vec<Spanned<String>>,
    #[serde(default)]
    pub any_of: Vec<Spanned<String>>,
    #[serde(default)]
    pub none_of: Vec<Spanned<String>>,
}

fn one() -> i32 {
    1
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

impl TopicSpec {
    pub(crate) fn compile(
        &self,
        source: &str,
        resolve_entity: &dyn Fn(&str) -> Option<String>,
        errors: &mut Vec<FileError>,
    ) -> Option<Topic> {
        let before = errors.len();
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
                self.id.span(),
                format!("topic id `{id}` must be lowercase letters, digits and dashes"),
            ));
        }
        if self.version < 1 {
            errors.push(err(
                self.id.span(),
                format!("topic `{id}`: version must be >= 1"),
            ));
        }
        let severity = self.severity.get_ref();
        if !SEVERITIES.contains(&severity.as_str()) {
            errors.push(err(
                self.severity.span(),
                format!(
                    "unknown severity `{severity}`, expected one of {}",
                    SEVERITIES.join(", ")
                ),
            ));
        }
        if self.all_of.is_empty() && self.any_of.is_empty() {
            errors.push(err(
                self.id.span(),
                format!("topic `{id}` has no terms: give `all_of` or `any_of`"),
            ));
        }
        let mut group = |terms: &[Spanned<String>]| -> Vec<Term> {
            let mut out = Vec::new();
            for t in terms {
                match compile_term(t.get_ref(), resolve_entity) {
                    Ok(term) => out.push(term),
                    Err(message) => errors.push(err(t.span(), message)),
                }
            }
            out
        };
        let all_of = group(&self.all_of);
        let any_of = group(&self.any_of);
        let none_of = group(&self.none_of);
        if errors.len() > before {
            return None;
        }
        Some(Topic {
            id: id.clone(),
            name: self.name.clone(),
            version: self.version,
            severity: severity.clone(),
            all_of,
            any_of,
            none_of,
        })
    }
}

fn compile_term(
    raw: &str,
    resolve_entity: &dyn Fn(&str) -> Option<String>,
) -> Result<Term, String> {
    let raw = raw.trim();
    if let Some(name) = raw.strip_prefix("entity:") {
        let name = name.trim();
        return match resolve_entity(name) {
            Some(id) => Ok(Term::Entity {
                id,
                written: raw.to_string(),
            }),
            None => Err(format!(
                "unknown entity `{name}` (not an id or alias in the dictionary)"
            )),
        };
    }
    if let Some((field, _)) = raw.split_once(':') {
        if !field.contains(char::is_whitespace) {
            return Err(format!(
                "unknown field `{field}:`; only `entity:` is supported here"
            ));
        }
    }
    if let Some(prefix) = raw.strip_suffix('*') {
        let words = tokenize(prefix);
        if words.len() != 1 || prefix.chars().any(|c| !c.is_alphanumeric()) {
            return Err(format!(
                "prefix term `{raw}` must be a single word followed by `*`"
            ));
        }
        return Ok(Term::Prefix(words.into_iter().next().unwrap_or_default()));
    }
    let words = tokenize(raw);
    if words.is_empty() {
        return Err(format!("term `{raw}` has no words"));
    }
    Ok(Term::Words(words))
}
