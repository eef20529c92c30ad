//! Error types: why a document produced no article, and why a dictionary failed to load.

use std::fmt;

/// Why [`crate::extract`] produced no article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExtractErrorKind {
    /// The body is binary (NUL bytes, a known binary signature, or a binary media type).
    NotText,
    /// There is nothing to extract (empty body, or no main text).
    Empty,
    /// The body is over the size limit.
    TooLarge,
}

impl ExtractErrorKind {
    /// Stable snake_case name, suitable as a metric label.
    pub fn as_str(self) -> &'static str {
        match self {
            ExtractErrorKind::NotText => "not_text",
            ExtractErrorKind::Empty => "empty",
            ExtractErrorKind::TooLarge => "too_large",
        }
    }
}

impl fmt::Display for ExtractErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document that could not be turned into an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct ExtractError {
    pub kind: ExtractErrorKind,
    /// Human-readable detail (not meant to be parsed).
    pub message: String,
}

impl ExtractError {
    pub(crate) fn new(kind: ExtractErrorKind, message: impl Into<String>) -> Self {
        ExtractError {
            kind,
            message: message.into(),
        }
    }
}

/// A dictionary source that could not be loaded.
///
/// `line` and `column` are 1-based and point into the TOML source when the problem can be
/// located (a syntax error, or the value that failed validation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryError {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl DictionaryError {
    pub(crate) fn at(src: &str, offset: Option<usize>, message: impl Into<String>) -> Self {
        let (line, column) = match offset {
            Some(off) => {
                let (l, c) = line_column(src, off);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        DictionaryError {
            message: message.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for DictionaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(
                f,
                "entity dictionary, line {l}, column {c}: {}",
                self.message
            ),
            (Some(l), None) => write!(f, "entity dictionary, line {l}: {}", self.message),
            _ => write!(f, "entity dictionary: {}", self.message),
        }
    }
}

impl std::error::Error for DictionaryError {}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_labels_are_stable() {
        assert_eq!(ExtractErrorKind::NotText.as_str(), "not_text");
        assert_eq!(ExtractErrorKind::Empty.as_str(), "empty");
        assert_eq!(ExtractErrorKind::TooLarge.as_str(), "too_large");
        let e = ExtractError::new(ExtractErrorKind::Empty, "no text");
        assert_eq!(e.to_string(), "empty: no text");
    }

    #[test]
    fn line_and_column_are_one_based() {
        let src = "a = 1\nbé = 2\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(line_column(src, 9), (2, 3));
        let e = DictionaryError::at(src, Some(6), "bad");
        assert_eq!(e.to_string(), "entity dictionary, line 2, column 1: bad");
    }
}
