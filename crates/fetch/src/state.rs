//! The records of the compacted state topic `claimwatch.fetcher.state.v1` (JSON values).
//!
//! Version 1 records were `{"canonical_url", "content_hash"}` for each published article. The
//! record has since gained optional fields, all omitted when empty, so old records still read
//! (every new field defaults) and old readers still read new article records (serde ignores
//! unknown fields):
//!
//! - `kind`: absent or `"article"` for a published article; `"alias"` for a URL whose page
//!   declared another canonical URL (so the alias is not fetched again); `"resource"` for a
//!   feed, sitemap or page URL whose validators are kept;
//! - `etag`, `last_modified`: the validators of the last 200 answer, for conditional GETs;
//! - `fetched_at`: when it was recorded (ms since the epoch);
//! - `canonical_of`: for an alias, the canonical URL it led to.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    #[default]
    Article,
    Alias,
    Resource,
}

impl RecordKind {
    fn is_article(&self) -> bool {
        *self == RecordKind::Article
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub canonical_url: String,
    pub content_hash: String,
    #[serde(default, skip_serializing_if = "RecordKind::is_article")]
    pub kind: RecordKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_of: Option<String>,
}

impl Record {
    pub fn article(canonical_url: &str, content_hash: &str) -> Record {
        Record {
            canonical_url: canonical_url.into(),
            content_hash: content_hash.into(),
            kind: RecordKind::Article,
            etag: None,
            last_modified: None,
            fetched_at: None,
            canonical_of: None,
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a record always serialises")
    }

    pub fn from_json(bytes: &[u8]) -> Result<Record, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

/// HTTP validators for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_1_records_still_read() {
        let old = br#"{"canonical_url":"https://ex.org/a","content_hash":"abc"}"#;
        let r = Record::from_json(old).unwrap();
        assert_eq!(r, Record::article("https://ex.org/a", "abc"));
        // A new article record is byte-identical to a version 1 record.
        assert_eq!(r.to_json(), old.to_vec());
    }

    #[test]
    fn new_fields_round_trip_and_unknown_fields_are_ignored() {
        let r = Record {
            kind: RecordKind::Resource,
            etag: Some("\"x\"".into()),
            last_modified: Some("Sun, 06 Nov 1994 08:49:37 GMT".into()),
            fetched_at: Some(1),
            ..Record::article("https://ex.org/feed", "h")
        };
        let json = r.to_json();
        assert_eq!(Record::from_json(&json).unwrap(), r);
        let s = String::from_utf8(json).unwrap();
        assert!(s.contains("\"kind\":\"resource\""), "{s}");
        let future = br#"{"canonical_url":"u","content_hash":"h","kind":"alias","later":[1,2]}"#;
        assert_eq!(Record::from_json(future).unwrap().kind, RecordKind::Alias);
    }
}
