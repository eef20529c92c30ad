//! URL canonicalisation: one spelling per article, so the same page is one article id.

use reqwest::Url;

/// Query parameters that only track the click, never select content.
fn is_tracking_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("utm_")
        || matches!(
            n.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "msclkid"
                | "mc_cid"
                | "mc_eid"
                | "igshid"
                | "yclid"
                | "_ga"
        )
}

/// Canonical form of an http(s) URL: lowercase scheme and host (the parser does both), default
/// port dropped, fragment removed, tracking parameters removed. `None` for other schemes or
/// unparsable input.
pub fn canonicalize(raw: &str) -> Option<String> {
    let mut url = Url::parse(raw.trim()).ok()?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return None;
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(
            canonicalize("HTTPS://News.Example.ORG:443/a/b?utm_source=x&id=7&fbclid=y#top")
                .unwrap(),
            "https://news.example.org/a/b?id=7"
        );
        assert_eq!(
            canonicalize("http://example.org:80/x?utm_medium=m").unwrap(),
            "http://example.org/x"
        );
        assert_eq!(
            canonicalize("http://example.org:8080/x").unwrap(),
            "http://example.org:8080/x"
        );
        assert!(canonicalize("ftp://example.org/file").is_none());
        assert!(canonicalize("javascript:alert(1)").is_none());
        assert!(canonicalize("not a url").is_none());
    }
}
