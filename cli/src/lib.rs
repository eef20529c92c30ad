//! Pieces of the `claimwatch` command line shared with its examples.

use std::path::Path;

use claimwatch_model::{ids, RawArticle};

/// A saved file as the fetcher would publish it, under a `file://` URL: `html` says whether the
/// body is an HTML page or plain text (a title line, a blank line, paragraphs).
pub fn local_raw_article(
    path: &Path,
    body: Vec<u8>,
    html: bool,
    source_id: &str,
    fetched_at: i64,
) -> RawArticle {
    let url = format!("file://{}", path.display());
    RawArticle {
        article_id: ids::article_id(&url),
        url: url.clone(),
        canonical_url: url,
        source_id: source_id.into(),
        fetched_at,
        http_status: None,
        content_type: Some(if html { "text/html" } else { "text/plain" }.into()),
        declared_charset: None,
        language_hint: None,
        content_hash: ids::sha256_hex(&body),
        body,
    }
}
