//! Polling one source: a local folder or an RSS/Atom feed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use claimwatch_model::{ids, RawArticle};

use crate::config::{Config, SourceKind, SourceSpec};
use crate::events;
use crate::url::canonicalize;

/// Most files one `dir` scan looks at, and how deep it descends.
const DIR_MAX_FILES: usize = 100_000;
const DIR_MAX_DEPTH: usize = 16;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A document fetched from a source, ready to be checked against state and published.
pub type Candidate = RawArticle;

/// Poll a source once. Returns the documents it currently holds (the caller drops the ones
/// already published). Errors are per source: the other sources go on.
pub async fn poll(
    client: &reqwest::Client,
    config: &Config,
    spec: &SourceSpec,
    known: &(dyn Fn(&str) -> bool + Sync),
) -> anyhow::Result<Vec<Candidate>> {
    match &spec.kind {
        SourceKind::Dir { path } => {
            let (path, spec, max) = (path.clone(), spec.clone(), config.max_body_bytes);
            Ok(tokio::task::spawn_blocking(move || scan_dir(&path, &spec, max)).await??)
        }
        SourceKind::Feed { url, fetch_pages } => {
            poll_feed(client, config, spec, url, *fetch_pages, known).await
        }
    }
}

fn content_type_for(path: &Path) -> Option<String> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "html" | "htm" => Some("text/html".into()),
        "txt" => Some("text/plain".into()),
        _ => None,
    }
}

/// Every .html/.htm/.txt file under `root`, in a stable order.
pub fn scan_dir(root: &Path, spec: &SourceSpec, max_body: usize) -> anyhow::Result<Vec<Candidate>> {
    if !root.is_dir() {
        anyhow::bail!("source `{}`: {} is not a folder", spec.id, root.display());
    }
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                tracing::warn!(source = %spec.id, dir = %dir.display(), error = %e, "cannot read folder");
                continue;
            }
        };
        for entry in entries.flatten() {
            let p = entry.path();
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() && depth < DIR_MAX_DEPTH {
                stack.push((p, depth + 1));
            } else if ft.is_file() && content_type_for(&p).is_some() && files.len() < DIR_MAX_FILES
            {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut out = Vec::with_capacity(files.len());
    for p in files {
        let started = Instant::now();
        let abs = std::fs::canonicalize(&p).unwrap_or(p.clone());
        let len = std::fs::metadata(&abs).map(|m| m.len()).unwrap_or(0);
        if len as usize > max_body {
            events::fetch("too_large", 0, started.elapsed());
            tracing::warn!(source = %spec.id, file = %abs.display(), len, "file larger than the body limit; skipped");
            continue;
        }
        let body = match std::fs::read(&abs) {
            Ok(b) => b,
            Err(e) => {
                events::fetch("error", 0, started.elapsed());
                tracing::warn!(source = %spec.id, file = %abs.display(), error = %e, "cannot read file");
                continue;
            }
        };
        events::fetch("ok", body.len(), started.elapsed());
        let url = reqwest::Url::from_file_path(&abs)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| format!("file://{}", abs.display()));
        out.push(RawArticle {
            article_id: ids::article_id(&url),
            canonical_url: url.clone(),
            url,
            source_id: spec.id.clone(),
            fetched_at: now_ms(),
            http_status: None,
            content_type: content_type_for(&abs),
            declared_charset: None,
            language_hint: spec.language.clone(),
            content_hash: ids::sha256_hex(&body),
            body,
        });
    }
    Ok(out)
}

/// A fetched HTTP body.
pub struct Fetched {
    pub status: u16,
    pub content_type: Option<String>,
    pub charset: Option<String>,
    pub body: Vec<u8>,
    pub final_url: String,
}

/// GET `url` with a size limit. Failures are counted by outcome and returned as errors.
pub async fn fetch(
    client: &reqwest::Client,
    url: &str,
    max_body: usize,
) -> anyhow::Result<Fetched> {
    let started = Instant::now();
    let result = fetch_inner(client, url, max_body).await;
    match &result {
        Ok(f) => events::fetch("ok", f.body.len(), started.elapsed()),
        Err((outcome, _)) => events::fetch(outcome, 0, started.elapsed()),
    }
    result.map_err(|(outcome, e)| anyhow::anyhow!("fetching {url} failed ({outcome}): {e}"))
}

async fn fetch_inner(
    client: &reqwest::Client,
    url: &str,
    max_body: usize,
) -> Result<Fetched, (&'static str, String)> {
    let classify = |e: reqwest::Error| {
        let outcome = if e.is_timeout() { "timeout" } else { "error" };
        (outcome, e.to_string())
    };
    let mut resp = client.get(url).send().await.map_err(classify)?;
    let status = resp.status();
    if status.is_client_error() {
        return Err(("http_4xx", format!("status {status}")));
    }
    if status.is_server_error() {
        return Err(("http_5xx", format!("status {status}")));
    }
    if resp.content_length().is_some_and(|n| n as usize > max_body) {
        return Err((
            "too_large",
            format!("declared length over {max_body} bytes"),
        ));
    }
    let content_type = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let charset = content_type.as_deref().and_then(|ct| {
        ct.split(';')
            .filter_map(|p| p.trim().strip_prefix("charset="))
            .next()
            .map(|c| c.trim_matches('"').to_ascii_lowercase())
    });
    let final_url = resp.url().to_string();
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > max_body {
            return Err(("too_large", format!("body over {max_body} bytes")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Fetched {
        status: status.as_u16(),
        content_type: content_type.map(|c| c.split(';').next().unwrap_or("").trim().to_string()),
        charset,
        body,
        final_url,
    })
}

async fn poll_feed(
    client: &reqwest::Client,
    config: &Config,
    spec: &SourceSpec,
    feed_url: &str,
    fetch_pages: bool,
    known: &(dyn Fn(&str) -> bool + Sync),
) -> anyhow::Result<Vec<Candidate>> {
    let fetched = fetch(client, feed_url, config.max_body_bytes).await?;
    let feed = feed_rs::parser::parse(&fetched.body[..]).map_err(|e| {
        anyhow::anyhow!("source `{}`: feed {feed_url} does not parse: {e}", spec.id)
    })?;
    let mut out = Vec::new();
    for entry in feed.entries {
        let Some(link) = entry.links.first().map(|l| l.href.clone()) else {
            continue;
        };
        // Relative links resolve against the feed's URL.
        let absolute = reqwest::Url::parse(&fetched.final_url)
            .and_then(|base| base.join(&link))
            .map(|u| u.to_string())
            .unwrap_or(link);
        let Some(canonical) = canonicalize(&absolute) else {
            events::fetch("rejected_scheme", 0, Duration::ZERO);
            tracing::warn!(source = %spec.id, link = %absolute, "feed item link is not http(s); skipped");
            continue;
        };
        let article_id = ids::article_id(&canonical);
        if known(&article_id) {
            events::duplicate();
            continue;
        }
        let (body, status, content_type, charset, url) = if fetch_pages {
            match fetch(client, &absolute, config.max_body_bytes).await {
                Ok(f) => (
                    f.body,
                    Some(f.status as i32),
                    f.content_type,
                    f.charset,
                    f.final_url,
                ),
                Err(e) => {
                    tracing::warn!(source = %spec.id, error = %e, "item page fetch failed");
                    continue;
                }
            }
        } else {
            let html = entry
                .content
                .and_then(|c| c.body)
                .or_else(|| entry.summary.map(|s| s.content))
                .unwrap_or_default();
            let title = entry.title.map(|t| t.content).unwrap_or_default();
            let doc = format!(
                "<html><head><title>{}</title></head><body><article>{}</article></body></html>",
                escape(&title),
                html
            );
            (
                doc.into_bytes(),
                Some(fetched.status as i32),
                Some("text/html".into()),
                Some("utf-8".into()),
                absolute.clone(),
            )
        };
        out.push(RawArticle {
            article_id,
            url,
            canonical_url: canonical,
            source_id: spec.id.clone(),
            fetched_at: now_ms(),
            http_status: status,
            content_type,
            declared_charset: charset,
            language_hint: spec.language.clone(),
            content_hash: ids::sha256_hex(&body),
            body,
        });
    }
    Ok(out)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
