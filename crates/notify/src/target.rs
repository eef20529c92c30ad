//! Where an alert goes, and what may be shown of it: the URL policy of webhook targets (an
//! `http(s)` URL with a host), their redaction for logs, metrics and dead letters (webhook URLs
//! often carry a token in their path, Slack's do), the secret that never shows, and the age past
//! which an alert is no longer sent. Whether an address is internal is the SSRF guard's job
//! (`claimwatch-netguard`), done by the service on the parsed URL.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

pub use url::Url;

/// Parse a webhook URL: `http://` or `https://` with a host, else a message saying why not.
pub fn check_url(u: &str) -> Result<Url, String> {
    let url = Url::parse(u).map_err(|e| format!("not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("must be an http:// or https:// URL with a host".into());
    }
    Ok(url)
}

/// `host[:port]` of a URL, for logs, metrics and dead-letter headers; never its path.
pub fn host_of(url: &str) -> String {
    match Url::parse(url) {
        Ok(u) => match (u.host_str(), u.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => "invalid".into(),
        },
        Err(_) => "invalid".into(),
    }
}

/// `scheme://host[:port]/***`: a URL as configuration dumps show it.
pub fn redact_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(u) => format!("{}://{}/***", u.scheme(), host_of(url)),
        Err(_) => "***".into(),
    }
}

/// Whether an alert fired at `fired_at_ms` is older than `max_age` at `now_ms` (both Unix
/// milliseconds); `None`: no limit.
pub fn is_stale(fired_at_ms: i64, now_ms: i64, max_age: Option<Duration>) -> bool {
    max_age.is_some_and(|max| now_ms.saturating_sub(fired_at_ms) > max.as_millis() as i64)
}

/// A secret that never shows in logs or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromStr for Secret {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(Secret(s.to_string()))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_with_a_host_are_targets() {
        assert!(check_url("https://hooks.example.org/services/T/B/x").is_ok());
        assert!(check_url("http://127.0.0.1:9000/h").is_ok());
        assert_eq!(
            check_url("ftp://x").unwrap_err(),
            "must be an http:// or https:// URL with a host"
        );
        assert!(check_url("not a url").unwrap_err().starts_with("not a URL"));
        assert!(check_url("file:///etc/passwd").is_err());
    }

    #[test]
    fn hosts_are_shown_without_paths() {
        assert_eq!(
            host_of("https://hooks.slack.com/services/T/B/x"),
            "hooks.slack.com"
        );
        assert_eq!(host_of("http://127.0.0.1:9/h"), "127.0.0.1:9");
        assert_eq!(host_of("::"), "invalid");
        assert_eq!(
            redact_url("http://127.0.0.1:9/h?t=1"),
            "http://127.0.0.1:9/***"
        );
        assert_eq!(redact_url("::"), "***");
    }

    #[test]
    fn only_alerts_older_than_the_max_age_are_stale() {
        let now = 10_000_000;
        let hour = Some(Duration::from_secs(3600));
        assert!(!is_stale(now - 10_000, now, hour));
        assert!(!is_stale(now - 10_000, now, None));
        assert!(is_stale(now - 3_700_000, now, hour));
        assert!(!is_stale(now - 3_700_000, now, None));
        // A clock behind the alert's is not a reason to drop it.
        assert!(!is_stale(now + 5_000, now, hour));
    }

    #[test]
    fn secrets_do_not_show() {
        let s: Secret = "hunter2".parse().unwrap();
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(s.expose(), b"hunter2");
    }
}
