//! Feeds (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1) through feed-rs, after the bytes
//! were decoded by [`crate::charset`], so an HTTP-declared or detected charset is honoured
//! even where the XML declaration is missing or wrong.

use chrono::{DateTime, Utc};

use crate::charset;
use crate::url::resolve;

const ATOM_03_NS: &str = "http://purl.org/atom/ns#";
const ATOM_10_NS: &str = "http://www.w3.org/2005/Atom";

/// One feed item, reduced to what the fetcher uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The item's page, absolute (resolved against the feed URL).
    pub link: Option<String>,
    pub title: Option<String>,
    /// The item's own content (or summary) as HTML, for `fetch_pages = false`.
    pub content: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Feed {
    pub title: Option<String>,
    pub items: Vec<Item>,
    /// The encoding the bytes were read in.
    pub encoding: &'static encoding_rs::Encoding,
}

/// The link of an entry: its `alternate` (or rel-less) link, else the first link, else an id
/// that is itself an http(s) URL (an RSS `guid` permalink).
fn entry_link(e: &feed_rs::model::Entry) -> Option<String> {
    e.links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .or_else(|| e.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| {
            let id = e.id.trim();
            (id.starts_with("http://") || id.starts_with("https://")).then(|| id.to_string())
        })
}

/// The text with its `<rss …>` root tag's version set to 2.0, if it has such a root tag whose
/// version is not one feed-rs knows.
fn with_rss_version_2(text: &str) -> Option<String> {
    let mut from = 0;
    let start = loop {
        let i = from + text[from..].find("<rss")?;
        let next = text[i + 4..].chars().next()?;
        if next.is_whitespace() || next == '>' {
            break i;
        }
        from = i + 4;
    };
    let end = start + text[start..].find('>')?;
    let tag = &text[start + 4..end];
    // Drop an existing version attribute.
    let mut attrs = String::new();
    let mut rest = tag;
    while let Some(i) = rest.find("version") {
        let before = &rest[..i];
        let after = rest[i + 7..].trim_start();
        let Some(after) = after.strip_prefix('=') else {
            attrs.push_str(&rest[..i + 7]);
            rest = &rest[i + 7..];
            continue;
        };
        let after = after.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = after[1..].find(quote)? + 2;
        if matches!(&after[1..close - 1], "0.91" | "0.92" | "2.0") {
            return None;
        }
        attrs.push_str(before);
        rest = &after[close..];
    }
    attrs.push_str(rest);
    Some(format!(
        "{}<rss version=\"2.0\"{}{}",
        &text[..start],
        attrs.trim_end_matches('/'),
        &text[end..]
    ))
}

fn is_empty_rss(text: &str) -> bool {
    let head = &text[..text.len().min(64 * 1024)];
    let lower = head.to_ascii_lowercase();
    lower.contains("<rss") && !lower.contains("<channel")
}

/// Parse feed bytes. `header_charset` is the HTTP-declared charset; `base` the feed's URL (for
/// relative links and as the detector's TLD hint).
pub fn parse(
    bytes: &[u8],
    header_charset: Option<&str>,
    base: Option<&str>,
) -> Result<Feed, String> {
    let host = base
        .and_then(|b| url::Url::parse(b).ok())
        .and_then(|u| u.host_str().map(str::to_string));
    let mut decoded = charset::xml_as_utf8(bytes, header_charset, host.as_deref());
    // feed-rs reads Atom 1.0 only; Atom 0.3 names the same elements (feed, entry, title, link,
    // id, content, summary) in another namespace, so it is read as Atom 1.0.
    if decoded.text.contains(ATOM_03_NS) {
        decoded.text = decoded.text.replace(ATOM_03_NS, ATOM_10_NS);
    }
    let mut result = feed_rs::parser::parse(decoded.text.as_bytes());
    if matches!(
        result,
        Err(feed_rs::parser::ParseFeedError::ParseError(
            feed_rs::parser::ParseErrorKind::NoFeedRoot
        ))
    ) {
        // feed-rs knows `<rss>` only with version 0.91, 0.92 or 2.0; RSS without a version or
        // with 0.93/0.94/2.0.x is read as RSS 2.0, its superset.
        if let Some(fixed) = with_rss_version_2(&decoded.text) {
            result = feed_rs::parser::parse(fixed.as_bytes());
        }
    }
    let parsed = match result {
        Ok(p) => p,
        // An `<rss>` root without a `<channel>` is a feed with nothing in it, not an error.
        Err(feed_rs::parser::ParseFeedError::ParseError(
            feed_rs::parser::ParseErrorKind::NoFeedRoot,
        )) if is_empty_rss(&decoded.text) => {
            return Ok(Feed {
                title: None,
                items: Vec::new(),
                encoding: decoded.encoding,
            })
        }
        Err(e) => return Err(e.to_string()),
    };
    let items = parsed
        .entries
        .iter()
        .map(|e| Item {
            // A link that cannot be resolved against the feed's URL (`////host/x`: a
            // scheme-relative URL without a host) is no page to fetch: the item has none.
            link: entry_link(e).and_then(|l| match base {
                Some(b) => resolve(b, &l),
                None => Some(l),
            }),
            title: e.title.as_ref().map(|t| t.content.clone()),
            content: e
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| e.summary.as_ref().map(|s| s.content.clone())),
            published: e.published.or(e.updated),
        })
        .collect();
    Ok(Feed {
        title: parsed.title.map(|t| t.content),
        items,
        encoding: decoded.encoding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flavour_parses() {
        let rss2 = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>
<item><title>A</title><link>/a</link></item><item><guid>https://ex.org/g</guid><title>G</title></item></channel></rss>"#;
        let f = parse(rss2.as_bytes(), None, Some("https://ex.org/feed")).unwrap();
        assert_eq!(f.title.as_deref(), Some("W"));
        assert_eq!(f.items[0].link.as_deref(), Some("https://ex.org/a"));
        assert_eq!(f.items[1].link.as_deref(), Some("https://ex.org/g"));

        let rss091 = r#"<rss version="0.91"><channel><title>Old</title><link>http://ex.org/</link>
<item><title>X</title><link>http://ex.org/x</link></item></channel></rss>"#;
        assert_eq!(parse(rss091.as_bytes(), None, None).unwrap().items.len(), 1);

        let rss1 = r#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://ex.org/"><title>R</title><link>http://ex.org/</link></channel>
<item rdf:about="http://ex.org/1"><title>One</title><link>http://ex.org/1</link></item></rdf:RDF>"#;
        let f = parse(rss1.as_bytes(), None, None).unwrap();
        assert_eq!(f.items[0].link.as_deref(), Some("http://ex.org/1"));

        let atom03 = r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>A03</title>
<entry><title>E</title><link rel="alternate" type="text/html" href="http://ex.org/e"/><id>e</id></entry></feed>"#;
        let f = parse(atom03.as_bytes(), None, None).unwrap();
        assert_eq!(f.items[0].link.as_deref(), Some("http://ex.org/e"));

        let atom1 = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A1</title><id>x</id>
<entry><title>E</title><link rel="enclosure" href="http://ex.org/e.mp3"/><link href="http://ex.org/e1"/><id>e</id>
<summary>S</summary></entry></feed>"#;
        let f = parse(atom1.as_bytes(), None, None).unwrap();
        assert_eq!(f.items[0].link.as_deref(), Some("http://ex.org/e1"));
        assert_eq!(f.items[0].content.as_deref(), Some("S"));

        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J",
"items":[{"id":"1","url":"https://ex.org/j","title":"JT","content_html":"<p>x</p>"}]}"#;
        let f = parse(json.as_bytes(), None, None).unwrap();
        assert_eq!(f.title.as_deref(), Some("J"));
        assert_eq!(f.items[0].link.as_deref(), Some("https://ex.org/j"));
        assert!(parse(b"<html><body>no feed</body></html>", None, None).is_err());
        assert!(parse(b"", None, None).is_err());
        let bare = parse(b"<rss><channel><title>B</title><item><link>http://ex.org/b</link></item></channel></rss>", None, None).unwrap();
        assert_eq!(bare.items.len(), 1);
        let v094 = parse(
            b"<rss version='0.94' xmlns:x='y'><channel><title>C</title></channel></rss>",
            None,
            None,
        )
        .unwrap();
        assert_eq!(v094.title.as_deref(), Some("C"));
        let empty = parse(
            b"<?xml version=\"1.0\"?><rss version=\"2.0\">\n</rss>",
            None,
            None,
        )
        .unwrap();
        assert!(empty.items.is_empty());
    }

    #[test]
    fn a_link_that_cannot_be_resolved_is_dropped_not_kept_relative() {
        // Found by AFL++ (`make fuzz`): a run of slashes makes a scheme-relative URL without
        // a host, which the old code kept as it was.
        let rss = r#"<rss version="2.0"><channel><title>W</title>
<item><title>A</title><link>////x.example/a</link></item>
<item><title>B</title><link>/b</link></item></channel></rss>"#;
        let f = parse(rss.as_bytes(), None, Some("https://ex.org/feed")).unwrap();
        assert_eq!(f.items.len(), 2);
        assert_eq!(f.items[0].link, None);
        assert_eq!(f.items[1].link.as_deref(), Some("https://ex.org/b"));
    }

    #[test]
    fn charsets_come_out_right() {
        let title = "Рабочие из КНДР";
        let xml = format!("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>{title}</title></channel></rss>");
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&xml);
        let f = parse(&bytes, None, None).unwrap();
        assert_eq!(f.title.as_deref(), Some(title));
        // Declared only by HTTP, no declaration in the document.
        let xml = format!("<rss version=\"2.0\"><channel><title>{title}</title></channel></rss>");
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(&xml);
        let f = parse(&bytes, Some("koi8-r"), None).unwrap();
        assert_eq!(f.title.as_deref(), Some(title));
        // HTTP says KOI8-R, the document says windows-1251: HTTP wins.
        let xml = format!("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>{title}</title></channel></rss>");
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(&xml);
        let f = parse(&bytes, Some("koi8-r"), None).unwrap();
        assert_eq!(f.title.as_deref(), Some(title));
    }
}
