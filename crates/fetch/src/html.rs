//! The little the fetcher reads from an HTML page itself: `<link rel="canonical">`.

/// Most bytes of a page searched for the canonical link (it sits in `<head>`).
const HEAD_BYTES: usize = 256 * 1024;

fn unescape_attr(v: &str) -> String {
    v.replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&quot;", "\"")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
}

/// Attributes of one tag (`<link a="b" c=d e>`), names lowercased.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let b = tag.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Skip the tag name.
    while i < b.len() && !b[i].is_ascii_whitespace() {
        i += 1;
    }
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let ns = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let name = tag[ns..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = b[vs..]
                    .iter()
                    .position(|&c| c == q)
                    .map(|p| vs + p)
                    .unwrap_or(b.len());
                value = tag[vs..ve].to_string();
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = tag[vs..i].to_string();
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

/// The `href` of the first `<link rel="canonical">` in the page's head, as written (may be
/// relative; the caller resolves and vets it).
pub fn canonical_link(html: &str) -> Option<String> {
    let mut end = html.len().min(HEAD_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let html = &html[..end];
    let lower = html.to_ascii_lowercase();
    let body_at = lower.find("<body").unwrap_or(lower.len());
    let mut from = 0;
    while let Some(i) = lower[from..body_at].find("<link") {
        let start = from + i + 1;
        let stop = lower[start..]
            .find('>')
            .map(|e| start + e)
            .unwrap_or(lower.len());
        let attrs = attributes(html[start..stop].trim_end_matches('/'));
        let is_canonical = attrs.iter().any(|(k, v)| {
            k == "rel"
                && v.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
        });
        if is_canonical {
            if let Some((_, href)) = attrs.iter().find(|(k, _)| k == "href") {
                let href = unescape_attr(href.trim());
                if !href.is_empty() {
                    return Some(href);
                }
            }
        }
        from = stop.max(start);
        if from >= body_at {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_canonical() {
        let h = r#"<html><head><LINK rel="stylesheet" href="/s.css"><link href='https://ex.org/a?x=1&amp;y=2' REL="Canonical"/></head><body></body></html>"#;
        assert_eq!(canonical_link(h).unwrap(), "https://ex.org/a?x=1&y=2");
        let h = "<head><link rel=canonical href=/rel></head>";
        assert_eq!(canonical_link(h).unwrap(), "/rel");
        // Only the head counts: a link in the body is user content.
        let h = "<head></head><body><link rel=canonical href=/evil></body>";
        assert_eq!(canonical_link(h), None);
        assert_eq!(canonical_link("<link rel=canonical>"), None);
        assert_eq!(canonical_link("<link"), None);
        assert_eq!(canonical_link("no html at all"), None);
    }
}
