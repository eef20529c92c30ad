//! Polling one source: a local folder, a feed, a sitemap or a page.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use claimwatch_fetch::state::{Record, RecordKind, Validators};
use claimwatch_fetch::url::{
    canonical_allowed, canonicalize, redact_url, redact_urls_in, resolve, Url,
};
use claimwatch_fetch::{charset, html, sitemap};
use claimwatch_model::{ids, RawArticle};

use crate::config::{SourceKind, SourceSpec};
use crate::events;
use crate::http::{Fetched, Request, Response};
use crate::Ctx;

/// Most files one `dir` scan looks at, and how deep it descends.
const DIR_MAX_FILES: usize = 100_000;
const DIR_MAX_DEPTH: usize = 16;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn content_type_for(path: &Path) -> Option<String> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "html" | "htm" => Some("text/html".into()),
        "txt" => Some("text/plain".into()),
        _ => None,
    }
}

/// Every .html/.htm/.txt file under `root` (at most [`DIR_MAX_FILES`], [`DIR_MAX_DEPTH`]
/// deep), in a stable order. Only the paths are kept in memory.
pub fn list_dir(root: &Path, spec: &SourceSpec) -> anyhow::Result<Vec<PathBuf>> {
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
    Ok(files)
}

/// One file of a `dir` source, read.
#[derive(Debug)]
pub enum DirItem {
    Doc(RawArticle),
    /// Larger than the body limit: not read.
    TooLarge {
        path: PathBuf,
        len: u64,
    },
}

/// Read one listed file (`None`: unreadable, logged and counted).
pub fn read_dir_file(p: &Path, spec: &SourceSpec, max_body: usize) -> Option<DirItem> {
    let started = Instant::now();
    let abs = std::fs::canonicalize(p).unwrap_or(p.to_path_buf());
    let len = std::fs::metadata(&abs).map(|m| m.len()).unwrap_or(0);
    if len as usize > max_body {
        return Some(DirItem::TooLarge { path: abs, len });
    }
    let body = match std::fs::read(&abs) {
        Ok(b) => b,
        Err(e) => {
            events::fetch("error", 0, started.elapsed());
            tracing::warn!(source = %spec.id, file = %abs.display(), error = %e, "cannot read file");
            return None;
        }
    };
    events::fetch("ok", body.len(), started.elapsed());
    let url = reqwest::Url::from_file_path(&abs)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| format!("file://{}", abs.display()));
    Some(DirItem::Doc(RawArticle {
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
    }))
}

/// Files read ahead of publishing in a `dir` poll: the poll holds at most this many bodies
/// (each at most the body limit), whatever the folder's size.
pub const DIR_READ_AHEAD: usize = 16;

/// Stream a `dir` source: a blocking reader lists the folder and reads the files one by one
/// into a channel of [`DIR_READ_AHEAD`] documents, which `each` consumes in order. Stops early
/// (and the reader with it) when `each` fails.
async fn stream_dir<F, Fut>(
    root: PathBuf,
    spec: &SourceSpec,
    max_body: usize,
    mut each: F,
) -> anyhow::Result<()>
where
    F: FnMut(DirItem) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let (tx, mut rx) = tokio::sync::mpsc::channel::<DirItem>(DIR_READ_AHEAD);
    let s = spec.clone();
    let reader = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        for p in list_dir(&root, &s)? {
            if let Some(item) = read_dir_file(&p, &s, max_body) {
                if tx.blocking_send(item).is_err() {
                    break; // the consumer stopped
                }
            }
        }
        Ok(())
    });
    let mut result = Ok(());
    while let Some(item) = rx.recv().await {
        if let Err(e) = each(item).await {
            result = Err(e);
            break;
        }
    }
    drop(rx);
    reader.await??;
    result
}

/// What one poll did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PollReport {
    pub published: usize,
    pub duplicates: usize,
    /// Item pages that could not be fetched (the poll itself still succeeded).
    pub failed_items: usize,
    /// Whether the source answered 304 Not Modified (or with the same bytes as last time).
    pub unchanged: bool,
    /// Documents whose record would exceed the largest message Kafka accepts: counted as
    /// `too_large` and reported as a health event; the poll goes on.
    pub too_large: usize,
}

impl PollReport {
    /// Count what one [`Ctx::publish_new`] did.
    pub fn count(&mut self, p: crate::Published) {
        match p {
            crate::Published::New => self.published += 1,
            crate::Published::Duplicate => self.duplicates += 1,
            crate::Published::TooLarge => self.too_large += 1,
        }
    }
}

/// Most child sitemaps of an index read per poll (the freshest first).
const MAX_CHILD_SITEMAPS: usize = 20;
/// Most bytes of a page decoded to look for its canonical link.
const CANONICAL_SCAN_BYTES: usize = 256 * 1024;

/// Poll a source once and publish what is new. Errors are per source: the others go on.
pub async fn poll(ctx: &Ctx, spec: &SourceSpec) -> anyhow::Result<PollReport> {
    let result = poll_unsettled(ctx, spec).await;
    // Every article of the poll acknowledged (and its state written) before it counts.
    let refused = ctx.flush(&spec.id).await;
    let mut report = result?;
    let refused = refused?;
    report.published = report.published.saturating_sub(refused);
    report.too_large += refused;
    Ok(report)
}

async fn poll_unsettled(ctx: &Ctx, spec: &SourceSpec) -> anyhow::Result<PollReport> {
    match &spec.kind {
        SourceKind::Dir { path } => {
            let report = std::sync::Mutex::new(PollReport::default());
            let count = |f: &dyn Fn(&mut PollReport)| {
                f(&mut report.lock().unwrap_or_else(|p| p.into_inner()))
            };
            stream_dir(path.clone(), spec, ctx.max_body_bytes, |item| async {
                match item {
                    DirItem::Doc(raw) => {
                        ctx.metrics.messages_in.inc();
                        let record = Record::article(&raw.canonical_url, &raw.content_hash);
                        let p = ctx.publish_new(&raw, record, Vec::new()).await?;
                        count(&|r| r.count(p));
                    }
                    DirItem::TooLarge { path, len } => {
                        ctx.http.count_too_large(&spec.id);
                        tracing::warn!(source = %spec.id, file = %path.display(), len, max_body_bytes = ctx.max_body_bytes, "file larger than the body limit; skipped (counted as too_large)");
                        count(&|r| r.too_large += 1);
                    }
                }
                Ok(())
            })
            .await?;
            Ok(report.into_inner().unwrap_or_else(|p| p.into_inner()))
        }
        SourceKind::Feed {
            url,
            fetch_pages,
            rate_per_sec,
        } => poll_feed(ctx, spec, url, *fetch_pages, *rate_per_sec).await,
        SourceKind::Sitemap {
            url,
            max_age_secs,
            rate_per_sec,
        } => poll_sitemap(ctx, spec, url, *max_age_secs, *rate_per_sec).await,
        SourceKind::Page { url, rate_per_sec } => poll_page(ctx, spec, url, *rate_per_sec).await,
    }
}

/// A resource (feed or sitemap) fetched conditionally: `None` when unchanged since last time.
struct Resource {
    key: String,
    record: Record,
    response: Response,
}

/// A conditional GET of `url` with the validators stored for it.
struct Conditional {
    canonical: String,
    /// State key of the URL (its article id).
    key: String,
    /// What the state holds for it.
    prev: Option<Record>,
    /// `None`: not modified (304).
    response: Option<Response>,
}

async fn conditional_get(
    ctx: &Ctx,
    spec: &SourceSpec,
    url: &str,
    rate: Option<f64>,
) -> anyhow::Result<Conditional> {
    let canonical = canonicalize(url).ok_or_else(|| anyhow::anyhow!("{url} is not http(s)"))?;
    let key = ids::article_id(&canonical);
    let prev = ctx.state_get(&key);
    let validators = prev.as_ref().map(|p| Validators {
        etag: p.etag.clone(),
        last_modified: p.last_modified.clone(),
    });
    let fetched = ctx
        .http
        .get(Request {
            url,
            source: &spec.id,
            validators: validators.as_ref(),
            rate_per_sec: rate,
        })
        .await?;
    let response = match fetched {
        Fetched::NotModified => None,
        Fetched::Ok(r) => Some(r),
    };
    Ok(Conditional {
        canonical,
        key,
        prev,
        response,
    })
}

async fn fetch_resource(
    ctx: &Ctx,
    spec: &SourceSpec,
    url: &str,
    rate: Option<f64>,
) -> anyhow::Result<Option<Resource>> {
    let Conditional {
        canonical,
        key,
        prev,
        response,
    } = conditional_get(ctx, spec, url, rate).await?;
    let Some(response) = response else {
        return Ok(None);
    };
    let hash = ids::sha256_hex(&response.body);
    let record = Record {
        kind: RecordKind::Resource,
        etag: response.validators.etag.clone(),
        last_modified: response.validators.last_modified.clone(),
        fetched_at: Some(now_ms()),
        ..Record::article(&canonical, &hash)
    };
    if let Some(p) = prev.filter(|p| p.content_hash == hash) {
        // Same bytes (a server without validators): nothing to parse. Keep new validators.
        if p.etag != record.etag || p.last_modified != record.last_modified {
            ctx.record_state(&key, record).await?;
        }
        return Ok(None);
    }
    Ok(Some(Resource {
        key,
        record,
        response,
    }))
}

/// An item to publish: a link, and what to publish when its page is not fetched.
struct Item {
    link: String,
    title: Option<String>,
    content: Option<String>,
    language: Option<String>,
}

async fn poll_feed(
    ctx: &Ctx,
    spec: &SourceSpec,
    url: &str,
    fetch_pages: bool,
    rate: Option<f64>,
) -> anyhow::Result<PollReport> {
    let Some(res) = fetch_resource(ctx, spec, url, rate).await? else {
        return Ok(PollReport {
            unchanged: true,
            ..PollReport::default()
        });
    };
    let base = res.response.final_url.clone();
    let (body, cs) = (res.response.body.clone(), res.response.charset.clone());
    let b = base.clone();
    let feed = tokio::task::spawn_blocking(move || {
        claimwatch_fetch::feed::parse(&body, cs.as_deref(), Some(&b))
    })
    .await?
    .map_err(|e| anyhow::anyhow!("source `{}`: feed {url} does not parse: {e}", spec.id))?;
    let items = feed.items.into_iter().filter_map(|i| {
        Some(Item {
            link: i.link?,
            title: i.title,
            content: i.content,
            language: None,
        })
    });
    let (report, complete) =
        process_items(ctx, spec, items, fetch_pages, rate, res.response.status).await?;
    if complete {
        ctx.record_state(&res.key, res.record).await?;
    }
    Ok(report)
}

async fn poll_sitemap(
    ctx: &Ctx,
    spec: &SourceSpec,
    url: &str,
    max_age_secs: u64,
    rate: Option<f64>,
) -> anyhow::Result<PollReport> {
    let window = Duration::from_secs(max_age_secs);
    let now = chrono::Utc::now();
    let Some(res) = fetch_resource(ctx, spec, url, rate).await? else {
        return Ok(PollReport {
            unchanged: true,
            ..PollReport::default()
        });
    };
    let top = parse_sitemap(&res.response).await?;
    let mut entries = Vec::new();
    let mut resources = vec![(res.key.clone(), res.record.clone())];
    match top.kind {
        sitemap::SitemapKind::UrlSet => entries = top.entries,
        sitemap::SitemapKind::Index => {
            let mut children: Vec<_> = top
                .entries
                .into_iter()
                .filter(|e| e.is_fresh(now, window))
                .collect();
            children.sort_by_key(|e| std::cmp::Reverse(e.date()));
            for child in children.into_iter().take(MAX_CHILD_SITEMAPS) {
                let Some(child_url) = resolve(&res.response.final_url, &child.loc) else {
                    continue;
                };
                match fetch_resource(ctx, spec, &child_url, rate).await {
                    Ok(Some(c)) => match parse_sitemap(&c.response).await {
                        Ok(s) if s.kind == sitemap::SitemapKind::UrlSet => {
                            entries.extend(s.entries);
                            resources.push((c.key, c.record));
                        }
                        Ok(_) => {
                            tracing::warn!(source = %spec.id, url = %redact_url(&child_url), "nested sitemap index ignored")
                        }
                        Err(e) => {
                            tracing::warn!(source = %spec.id, error = %redact_urls_in(&format!("{e:#}")), "child sitemap does not parse")
                        }
                    },
                    Ok(None) => {}
                    Err(e) => {
                        tracing::warn!(source = %spec.id, error = %redact_urls_in(&format!("{e:#}")), "child sitemap fetch failed")
                    }
                }
            }
        }
    }
    entries.retain(|e| e.is_fresh(now, window));
    entries.sort_by_key(|e| std::cmp::Reverse(e.date()));
    let base = res.response.final_url.clone();
    let items = entries.into_iter().filter_map(|e| {
        Some(Item {
            link: resolve(&base, &e.loc)?,
            title: e.title,
            content: None,
            language: e.language,
        })
    });
    let (report, complete) = process_items(ctx, spec, items, true, rate, 200).await?;
    if complete {
        for (k, r) in resources {
            ctx.record_state(&k, r).await?;
        }
    }
    Ok(report)
}

async fn parse_sitemap(r: &Response) -> anyhow::Result<sitemap::Sitemap> {
    let (body, cs, url) = (r.body.clone(), r.charset.clone(), r.final_url.clone());
    tokio::task::spawn_blocking(move || {
        let host = Url::parse(&url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string));
        let text = charset::xml_as_utf8(&body, cs.as_deref(), host.as_deref()).text;
        sitemap::parse(&text).map_err(|e| anyhow::anyhow!("sitemap {url}: {e}"))
    })
    .await?
}

/// Fetch (or build) and publish the new items. Returns the report and whether every item was
/// looked at (false when the per-poll limit cut the list: the rest waits for the next poll).
async fn process_items(
    ctx: &Ctx,
    spec: &SourceSpec,
    items: impl Iterator<Item = Item>,
    fetch_pages: bool,
    rate: Option<f64>,
    listing_status: u16,
) -> anyhow::Result<(PollReport, bool)> {
    let mut report = PollReport::default();
    let mut fetched = 0usize;
    for item in items {
        let Some(item_canonical) = canonicalize(&item.link) else {
            ctx.http.count_rejected_scheme();
            tracing::warn!(source = %spec.id, link = %redact_url(&item.link), "item link is not http(s); skipped");
            continue;
        };
        let item_id = ids::article_id(&item_canonical);
        if ctx.seen(&item_id).await? {
            events::duplicate();
            report.duplicates += 1;
            continue;
        }
        if fetched >= ctx.max_items_per_poll {
            return Ok((report, false));
        }
        fetched += 1;
        let language = item.language.clone().or_else(|| spec.language.clone());
        if !fetch_pages {
            let doc = format!(
                "<html><head><title>{}</title></head><body><article>{}</article></body></html>",
                escape(item.title.as_deref().unwrap_or("")),
                item.content.as_deref().unwrap_or("")
            )
            .into_bytes();
            let raw = RawArticle {
                article_id: item_id,
                url: item.link.clone(),
                canonical_url: item_canonical.clone(),
                source_id: spec.id.clone(),
                fetched_at: now_ms(),
                http_status: Some(listing_status as i32),
                content_type: Some("text/html".into()),
                declared_charset: Some("utf-8".into()),
                language_hint: language,
                content_hash: ids::sha256_hex(&doc),
                body: doc,
            };
            ctx.metrics.messages_in.inc();
            let record = Record::article(&raw.canonical_url, &raw.content_hash);
            report.count(ctx.publish_new(&raw, record, Vec::new()).await?);
            continue;
        }
        let resp = match ctx
            .http
            .get(Request {
                url: &item.link,
                source: &spec.id,
                validators: None,
                rate_per_sec: rate,
            })
            .await
        {
            Ok(Fetched::Ok(r)) => r,
            Ok(Fetched::NotModified) => continue,
            Err(e) => {
                report.failed_items += 1;
                tracing::warn!(source = %spec.id, error = %e, "item page fetch failed");
                continue;
            }
        };
        ctx.metrics.messages_in.inc();
        let canonical = page_canonical(&resp).unwrap_or_else(|| item_canonical.clone());
        let raw = article_from(spec, &resp, &canonical, language);
        let mut aliases = Vec::new();
        if canonical != item_canonical {
            aliases.push((
                item_id.clone(),
                Record {
                    kind: RecordKind::Alias,
                    canonical_of: Some(canonical.clone()),
                    fetched_at: Some(now_ms()),
                    ..Record::article(&item_canonical, &raw.content_hash)
                },
            ));
        }
        let record = Record::article(&raw.canonical_url, &raw.content_hash);
        report.count(ctx.publish_new(&raw, record, aliases).await?);
    }
    Ok((report, true))
}

async fn poll_page(
    ctx: &Ctx,
    spec: &SourceSpec,
    url: &str,
    rate: Option<f64>,
) -> anyhow::Result<PollReport> {
    let Conditional {
        canonical,
        key,
        prev,
        response,
    } = conditional_get(ctx, spec, url, rate).await?;
    let Some(resp) = response else {
        return Ok(PollReport {
            unchanged: true,
            ..PollReport::default()
        });
    };
    ctx.metrics.messages_in.inc();
    // The configured URL is the page's identity: a page source is watched, not discovered.
    let raw = article_from(spec, &resp, &canonical, spec.language.clone());
    let record = Record {
        etag: resp.validators.etag.clone(),
        last_modified: resp.validators.last_modified.clone(),
        fetched_at: Some(now_ms()),
        ..Record::article(&canonical, &raw.content_hash)
    };
    let mut report = PollReport::default();
    let published = ctx.publish_new(&raw, record.clone(), Vec::new()).await?;
    if published != crate::Published::Duplicate {
        report.count(published);
    } else {
        report.duplicates = 1;
        report.unchanged = true;
        let (etag, last_modified) = prev.as_ref().map_or((None, None), |p| {
            (p.etag.as_ref(), p.last_modified.as_ref())
        });
        let changed_validators =
            etag != record.etag.as_ref() || last_modified != record.last_modified.as_ref();
        if changed_validators {
            ctx.record_state(&key, record).await?;
        }
    }
    Ok(report)
}

/// The canonical URL of a fetched page: the final URL after redirects, or the page's own
/// `<link rel="canonical">` when it names the same site.
fn page_canonical(resp: &Response) -> Option<String> {
    let final_canonical = canonicalize(&resp.final_url)?;
    let htmlish = resp
        .content_type
        .as_deref()
        .is_none_or(|c| c.contains("html"));
    if !htmlish {
        return Some(final_canonical);
    }
    let head = &resp.body[..resp.body.len().min(CANONICAL_SCAN_BYTES)];
    let host = Url::parse(&resp.final_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string));
    let text = charset::decode(head, resp.charset.as_deref(), host.as_deref()).text;
    let declared = html::canonical_link(&text)
        .and_then(|l| resolve(&resp.final_url, &l))
        .filter(|c| canonical_allowed(&resp.final_url, c))
        .and_then(|c| canonicalize(&c));
    Some(declared.unwrap_or(final_canonical))
}

fn article_from(
    spec: &SourceSpec,
    resp: &Response,
    canonical: &str,
    language: Option<String>,
) -> RawArticle {
    RawArticle {
        article_id: ids::article_id(canonical),
        url: resp.final_url.clone(),
        canonical_url: canonical.to_string(),
        source_id: spec.id.clone(),
        fetched_at: now_ms(),
        http_status: Some(i32::from(resp.status)),
        content_type: resp.content_type.clone(),
        declared_charset: resp.charset.clone(),
        language_hint: language,
        content_hash: ids::sha256_hex(&resp.body),
        body: resp.body.clone(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
