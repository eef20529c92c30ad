//! URL canonicalisation: one spelling per article, so the same page is one article id.

pub use url::Url;

/// Query parameters that only track the click, never select content.
fn is_tracking_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("utm_")
        || n.starts_with("_hs")
        || matches!(
            n.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "gbraid"
                | "wbraid"
                | "msclkid"
                | "mc_cid"
                | "mc_eid"
                | "igshid"
                | "yclid"
                | "_ga"
                | "_gl"
                | "mkt_tok"
                | "ocid"
                | "cmpid"
                | "ref_src"
                | "ref_url"
                | "at_medium"
                | "at_campaign"
                | "rss"
        )
}

/// Whether `scheme` is one the fetcher speaks over the network.
pub fn is_http(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

/// Canonical form of an http(s) URL:
/// - lowercase scheme and host, IDNs in punycode, default port dropped (the parser does these);
/// - a trailing dot on the host removed (`example.org.` is `example.org`);
/// - the fragment removed;
/// - tracking parameters removed and the remaining ones sorted by name (stable for equal
///   names), so parameter order does not make a second article;
/// - an empty query removed.
///
/// `None` for other schemes or unparsable input.
pub fn canonicalize(raw: &str) -> Option<String> {
    let mut url = Url::parse(raw.trim()).ok()?;
    if !is_http(&url) {
        return None;
    }
    url.set_fragment(None);
    if let Some(host) = url.host_str() {
        if host.len() > 1 && host.ends_with('.') && url.domain().is_some() {
            let trimmed = host.trim_end_matches('.').to_string();
            url.set_host(Some(&trimmed)).ok()?;
        }
    }
    let mut kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

/// Resolve `link` (possibly relative) against `base`; `None` when it cannot be resolved.
pub fn resolve(base: &str, link: &str) -> Option<String> {
    let link = link.trim();
    if link.is_empty() {
        return None;
    }
    match Url::parse(base) {
        Ok(b) => b.join(link).ok().map(|u| u.to_string()),
        Err(_) => Url::parse(link).ok().map(|u| u.to_string()),
    }
}

/// The politeness key of a URL: host and effective port (`example.org:443`). Requests with the
/// same key share one token bucket and one robots.txt.
pub fn host_key(url: &Url) -> Option<String> {
    Some(format!(
        "{}:{}",
        url.host_str()?.to_ascii_lowercase(),
        url.port_or_known_default()?
    ))
}

/// The robots.txt URL for `url`'s origin.
pub fn robots_url(url: &Url) -> Option<String> {
    let mut r = url.clone();
    r.set_path("/robots.txt");
    r.set_query(None);
    r.set_fragment(None);
    if !is_http(&r) || r.host_str().is_none() {
        return None;
    }
    Some(r.to_string())
}

/// Host without the prefixes that mark a mobile/AMP/www edition of the same site.
fn site_of(host: &str) -> &str {
    let mut h = host.trim_end_matches('.');
    for prefix in ["www.", "m.", "amp.", "mobile."] {
        if let Some(rest) = h.strip_prefix(prefix) {
            if rest.contains('.') {
                h = rest;
                break;
            }
        }
    }
    h
}

/// Whether a page at `page` may declare `canonical` as its canonical URL. Only the same site is
/// trusted (`www.`, `m.`, `amp.` editions count as the same), so a page cannot take over the
/// article id of another site's article.
pub fn canonical_allowed(page: &str, canonical: &str) -> bool {
    let (Ok(p), Ok(c)) = (Url::parse(page), Url::parse(canonical)) else {
        return false;
    };
    if !is_http(&c) {
        return false;
    }
    match (p.host_str(), c.host_str()) {
        (Some(a), Some(b)) => site_of(&a.to_ascii_lowercase()) == site_of(&b.to_ascii_lowercase()),
        _ => false,
    }
}

/// What stands in for a removed query string or fragment in logs.
pub const REDACTED: &str = "[redacted]";

/// A URL fit for a log line or an error message: the userinfo (`user:pw@`) is removed and the
/// query string and fragment, where feed and API tokens travel, are replaced by
/// `?[redacted]`. Scheme, host, port and path stay, so the line still says where it went.
/// Works on the text, so it also cleans URLs that do not parse.
pub fn redact_url(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    redact_one(raw, &mut out);
    out
}

fn redact_one(tok: &str, out: &mut String) {
    let Some(sep) = tok.find("://") else {
        redact_tail(tok, out);
        return;
    };
    let (scheme, rest) = tok.split_at(sep + 3);
    out.push_str(scheme);
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(auth_end);
    out.push_str(match authority.rfind('@') {
        Some(at) => &authority[at + 1..],
        None => authority,
    });
    redact_tail(path, out);
}

/// Path kept; from the first `?` or `#` on, replaced (a closing bracket or punctuation that
/// ends the token in prose is kept, so `(http://h/x?t=1)` stays balanced).
fn redact_tail(path: &str, out: &mut String) {
    match path.find(['?', '#']) {
        None => out.push_str(path),
        Some(q) => {
            out.push_str(&path[..q]);
            out.push('?');
            out.push_str(REDACTED);
            let hidden = &path[q..];
            let trailing = hidden.len()
                - hidden
                    .trim_end_matches([')', ']', ',', '.', ';', ':'])
                    .len();
            if trailing < hidden.len() {
                out.push_str(&hidden[hidden.len() - trailing..]);
            }
        }
    }
}

/// [`redact_url`] applied to every URL (`scheme://…` up to white space or a quote) inside a
/// message, such as an HTTP client's error chain.
pub fn redact_urls_in(text: &str) -> String {
    if !text.contains("://") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(sep) = rest.find("://") {
        let start = rest[..sep]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |i| i + 1);
        let end = rest[sep..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
            .map_or(rest.len(), |i| sep + i);
        out.push_str(&rest[..start]);
        redact_one(&rest[start..end], &mut out);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted_for_logs() {
        assert_eq!(
            redact_url("https://feeds.example/rss?api_key=abc123&x=1"),
            "https://feeds.example/rss?[redacted]"
        );
        assert_eq!(
            redact_url("https://bob:hunter2@feeds.example:8443/a/b.xml"),
            "https://feeds.example:8443/a/b.xml"
        );
        assert_eq!(
            redact_url("http://u@[::1]:8080/p#access_token=zz"),
            "http://[::1]:8080/p?[redacted]"
        );
        assert_eq!(
            redact_url("http://h.example/plain/path"),
            "http://h.example/plain/path"
        );
        // Not a parsable URL, still cleaned.
        assert_eq!(
            redact_url("http://user:pw@bad host/x?token=1"),
            "http://bad host/x?[redacted]"
        );
        let msg = "error sending request for url (https://a:b@h.example/f?sig=S3CR3T): \
                   connection refused; then \"http://h2.example/?k=v\" and HTTPS://h3/x#t";
        let clean = redact_urls_in(msg);
        for secret in ["S3CR3T", "a:b@", "k=v", "#t"] {
            assert!(!clean.contains(secret), "{secret} left in {clean}");
        }
        assert_eq!(
            clean,
            "error sending request for url (https://h.example/f?[redacted]): \
                   connection refused; then \"http://h2.example/?[redacted]\" and HTTPS://h3/x?[redacted]"
        );
        assert_eq!(redact_urls_in("no url here"), "no url here");
    }

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
        assert_eq!(
            canonicalize("http://example.org./x?b=2&a=1&b=1").unwrap(),
            "http://example.org/x?a=1&b=2&b=1"
        );
        assert_eq!(
            canonicalize("https://пример.рф/новости?").unwrap(),
            "https://xn--e1afmkfd.xn--p1ai/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8"
        );
        assert_eq!(
            canonicalize("http://EXAMPLE.org").unwrap(),
            "http://example.org/"
        );
        assert!(canonicalize("ftp://example.org/file").is_none());
        assert!(canonicalize("javascript:alert(1)").is_none());
        assert!(canonicalize("file:///etc/passwd").is_none());
        assert!(canonicalize("not a url").is_none());
    }

    #[test]
    fn resolving_and_keys() {
        assert_eq!(
            resolve("http://a.org/feeds/x.xml", "/b").unwrap(),
            "http://a.org/b"
        );
        assert_eq!(
            resolve("http://a.org/feeds/x.xml", "c.html").unwrap(),
            "http://a.org/feeds/c.html"
        );
        assert!(resolve("http://a.org/", "  ").is_none());
        let u = Url::parse("https://A.org/x?y").unwrap();
        assert_eq!(host_key(&u).unwrap(), "a.org:443");
        assert_eq!(robots_url(&u).unwrap(), "https://a.org/robots.txt");
        let u = Url::parse("http://127.0.0.1:8080/x").unwrap();
        assert_eq!(robots_url(&u).unwrap(), "http://127.0.0.1:8080/robots.txt");
    }

    #[test]
    fn canonical_link_trust() {
        assert!(canonical_allowed(
            "https://amp.news.org/a",
            "https://www.news.org/a"
        ));
        assert!(canonical_allowed(
            "https://news.org/a",
            "https://news.org/b"
        ));
        assert!(!canonical_allowed(
            "https://evil.org/a",
            "https://news.org/a"
        ));
        assert!(!canonical_allowed("https://news.org/a", "ftp://news.org/a"));
        // `www.` alone is not stripped down to a bare TLD.
        assert!(!canonical_allowed("https://www.org/a", "https://org/a"));
    }
}
