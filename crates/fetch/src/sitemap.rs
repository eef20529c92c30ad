//! Sitemaps (sitemaps.org 0.9): a sitemap index, a urlset, Google News sitemaps
//! (`news:publication_date`, `news:title`), and plain-text sitemaps (one URL a line).

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::events::Event;
use quick_xml::Reader;

/// The protocol's own ceiling on entries per file.
pub const MAX_ENTRIES: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapKind {
    /// Lists other sitemaps.
    Index,
    /// Lists pages.
    UrlSet,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub loc: String,
    pub lastmod: Option<DateTime<Utc>>,
    /// `news:publication_date` of a Google News sitemap.
    pub published: Option<DateTime<Utc>>,
    /// `news:title`.
    pub title: Option<String>,
    /// `news:language`.
    pub language: Option<String>,
}

impl Entry {
    /// The best date for freshness: publication, else last modification.
    pub fn date(&self) -> Option<DateTime<Utc>> {
        self.published.or(self.lastmod)
    }

    /// Whether the entry is within `window` of `now`. Entries without a date count as fresh
    /// (the state dedups them; the caller bounds how many are taken per poll).
    pub fn is_fresh(&self, now: DateTime<Utc>, window: std::time::Duration) -> bool {
        match self.date() {
            None => true,
            Some(d) => {
                let age = now.signed_duration_since(d);
                age.num_seconds() <= window.as_secs() as i64
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sitemap {
    pub kind: SitemapKind,
    pub entries: Vec<Entry>,
}

/// Parse a W3C datetime as sitemaps use it: a date, or a date and time with a zone.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    for f in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.with_timezone(&Utc));
        }
    }
    if let Some(rest) = s.strip_suffix('Z') {
        if let Ok(d) = DateTime::parse_from_str(&format!("{rest}+00:00"), "%Y-%m-%dT%H:%M%:z") {
            return Some(d.with_timezone(&Utc));
        }
    }
    if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return Some(d.and_utc());
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|d| d.and_utc());
    }
    None
}

/// Parse a sitemap from text (already decoded to UTF-8).
pub fn parse(text: &str) -> Result<Sitemap, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if !trimmed.starts_with('<') {
        // A text sitemap: one absolute URL per line.
        let entries = trimmed
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("http://") || l.starts_with("https://"))
            .take(MAX_ENTRIES)
            .map(|l| Entry {
                loc: l.to_string(),
                ..Entry::default()
            })
            .collect();
        return Ok(Sitemap {
            kind: SitemapKind::UrlSet,
            entries,
        });
    }
    let mut reader = Reader::from_str(trimmed);
    reader.config_mut().check_end_names = false;
    let mut kind: Option<SitemapKind> = None;
    let mut entries = Vec::new();
    let mut cur: Option<Entry> = None;
    // The element whose text is being collected, and the text so far.
    let mut field: Option<String> = None;
    let mut buf = String::new();
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("sitemap is not well-formed XML: {e}"))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                match name.as_str() {
                    "sitemapindex" => kind = kind.or(Some(SitemapKind::Index)),
                    "urlset" => kind = kind.or(Some(SitemapKind::UrlSet)),
                    "sitemap" | "url" if kind.is_some() => cur = Some(Entry::default()),
                    "loc" | "lastmod" | "publication_date" | "title" | "language" => {
                        field = Some(name);
                        buf.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if field.is_some() => {
                buf.push_str(&t.decode().map_err(|e| e.to_string())?);
            }
            Event::CData(t) if field.is_some() => {
                buf.push_str(&String::from_utf8_lossy(&t));
            }
            Event::GeneralRef(r) if field.is_some() => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    buf.push(c);
                } else {
                    match r.decode().map_err(|e| e.to_string())?.as_ref() {
                        "amp" => buf.push('&'),
                        "lt" => buf.push('<'),
                        "gt" => buf.push('>'),
                        "quot" => buf.push('"'),
                        "apos" => buf.push('\''),
                        _ => {}
                    }
                }
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if field.as_deref() == Some(name.as_str()) {
                    field = None;
                    if let Some(entry) = cur.as_mut() {
                        let v = buf.trim().to_string();
                        match name.as_str() {
                            "loc" => entry.loc = v,
                            "lastmod" => entry.lastmod = parse_date(&v),
                            "publication_date" => entry.published = parse_date(&v),
                            "title" => entry.title = Some(v).filter(|t| !t.is_empty()),
                            "language" => entry.language = Some(v).filter(|t| !t.is_empty()),
                            _ => {}
                        }
                    }
                } else if name == "sitemap" || name == "url" {
                    if let Some(entry) = cur.take() {
                        if !entry.loc.is_empty() && entries.len() < MAX_ENTRIES {
                            entries.push(entry);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let kind = kind.ok_or("neither a <urlset> nor a <sitemapindex>")?;
    Ok(Sitemap { kind, entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_and_urlset() {
        let idx = r#"<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://ex.org/s1.xml</loc><lastmod>2024-05-01T10:00:00+02:00</lastmod></sitemap>
  <sitemap><loc> https://ex.org/s2.xml?a=1&amp;b=2 </loc></sitemap>
</sitemapindex>"#;
        let s = parse(idx).unwrap();
        assert_eq!(s.kind, SitemapKind::Index);
        assert_eq!(s.entries.len(), 2);
        assert_eq!(s.entries[1].loc, "https://ex.org/s2.xml?a=1&b=2");
        assert_eq!(s.entries[0].lastmod, parse_date("2024-05-01T08:00:00Z"));
        let set = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://ex.org/a</loc><lastmod>2024-05-02</lastmod></url>
<url><loc><![CDATA[https://ex.org/b]]></loc></url>
<url><lastmod>2024-05-02</lastmod></url>
</urlset>"#;
        let s = parse(set).unwrap();
        assert_eq!(s.kind, SitemapKind::UrlSet);
        assert_eq!(
            s.entries.iter().map(|e| e.loc.as_str()).collect::<Vec<_>>(),
            ["https://ex.org/a", "https://ex.org/b"]
        );
    }

    #[test]
    fn google_news_and_freshness() {
        let news = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://ex.org/new</loc>
 <news:news><news:publication><news:name>Ex</news:name><news:language>ru</news:language></news:publication>
 <news:publication_date>2024-05-02T12:00:00Z</news:publication_date>
 <news:title>Рабочие &amp; стройки</news:title></news:news></url>
<url><loc>https://ex.org/old</loc><news:news><news:publication_date>2024-04-01</news:publication_date></news:news></url>
<url><loc>https://ex.org/undated</loc></url>
</urlset>"#;
        let s = parse(news).unwrap();
        assert_eq!(s.entries[0].title.as_deref(), Some("Рабочие & стройки"));
        assert_eq!(s.entries[0].language.as_deref(), Some("ru"));
        let now = parse_date("2024-05-03T00:00:00Z").unwrap();
        let window = std::time::Duration::from_secs(2 * 86_400);
        let fresh: Vec<&str> = s
            .entries
            .iter()
            .filter(|e| e.is_fresh(now, window))
            .map(|e| e.loc.as_str())
            .collect();
        assert_eq!(fresh, ["https://ex.org/new", "https://ex.org/undated"]);
    }

    #[test]
    fn dates_text_and_garbage() {
        for d in [
            "2024-05-02",
            "2024-05-02T12:00Z",
            "2024-05-02T12:00+01:00",
            "2024-05-02T12:00:00.5Z",
            "2024-05-02T12:00:00",
        ] {
            assert!(parse_date(d).is_some(), "{d}");
        }
        assert!(parse_date("yesterday").is_none());
        let t = parse("https://ex.org/a\n\nhttps://ex.org/b\nnot a url\n").unwrap();
        assert_eq!(t.entries.len(), 2);
        assert!(parse("<html><body>nope</body></html>").is_err());
        // A body cut short (a size limit, a dropped connection) keeps the entries that were
        // complete and drops the one that was cut: its `loc` may itself be cut.
        let cut =
            parse("<urlset><url><loc>https://ex.org/a</loc></url><url><loc>https://ex.org/tr")
                .unwrap();
        assert_eq!(cut.kind, SitemapKind::UrlSet);
        assert_eq!(
            cut.entries
                .iter()
                .map(|e| e.loc.as_str())
                .collect::<Vec<_>>(),
            ["https://ex.org/a"]
        );
        let cut = parse("<urlset><url><loc>x").unwrap();
        assert_eq!(cut.kind, SitemapKind::UrlSet);
        assert!(cut.entries.is_empty());
        // Cut before the root element is known: an error, not an empty success.
        assert!(parse("<?xml version=\"1.0\"?><urls").is_err());
    }
}
