//! HTML: metadata (title, date, canonical URL, language) and main text.
//!
//! Every walk over the DOM is iterative ([`walk`]): no recursion, whatever the nesting.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use crate::date::parse_timestamp;
use crate::depth::{limit_depth, MAX_DEPTH};
use crate::lang::normalize_tag;
use crate::text::{
    has_word_char, normalize_ws, push_normalized, push_within_budget, truncate_at_char,
};

/// Longest title kept, in bytes.
const MAX_TITLE_BYTES: usize = 1000;

/// What the HTML path extracts.
#[derive(Debug, Default)]
pub(crate) struct HtmlArticle {
    pub title: Option<String>,
    pub published_at: Option<i64>,
    pub canonical_url: Option<String>,
    /// ISO 639-1 code from `<html lang>` or a content-language declaration.
    pub declared_language: Option<String>,
    pub paragraphs: Vec<String>,
}

/// An edge of the depth-first walk.
enum Visit<'a> {
    Open(NodeRef<'a, Node>),
    Close(NodeRef<'a, Node>),
}

/// Iterative depth-first walk from `root`. `f` returns whether to descend into an opened node;
/// `Close` is only reported for nodes that were descended into.
fn walk<'a>(root: NodeRef<'a, Node>, mut f: impl FnMut(Visit<'a>) -> bool) {
    walk_while(root, |v| Some(f(v)));
}

/// Like [`walk`], but `f` may return `None` to stop the walk altogether.
fn walk_while<'a>(root: NodeRef<'a, Node>, mut f: impl FnMut(Visit<'a>) -> Option<bool>) {
    let mut node = root;
    loop {
        let Some(descend) = f(Visit::Open(node)) else {
            return;
        };
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            if f(Visit::Close(node)).is_none() {
                return;
            }
        }
        loop {
            if node == root {
                return;
            }
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                break;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    if f(Visit::Close(node)).is_none() {
                        return;
                    }
                }
                None => return,
            }
        }
    }
}

/// Most nodes visited when reading the text of one element (title, h1, JSON-LD).
const TEXT_OF_MAX_NODES: usize = 10_000;

/// Text of a subtree with whitespace normalised, at most `max` bytes.
fn text_of(node: NodeRef<'_, Node>, max: usize) -> String {
    let mut out = String::new();
    let mut pending = false;
    let mut visited = 0usize;
    walk_while(node, |v| {
        if let Visit::Open(n) = v {
            visited += 1;
            if let Node::Text(t) = n.value() {
                push_normalized(&mut out, t, &mut pending);
            }
        }
        (out.len() < max && visited < TEXT_OF_MAX_NODES).then_some(true)
    });
    truncate_at_char(&mut out, max);
    out
}

/// Elements that are never part of the main text.
fn is_boilerplate_tag(name: &str) -> bool {
    matches!(
        name,
        "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "script"
            | "style"
            | "noscript"
            | "figure"
            | "figcaption"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "button"
            | "select"
            | "textarea"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "dialog"
            | "menu"
            | "input"
            | "head"
            | "title"
    )
}

/// Words in a class or id that mark boilerplate.
const BOILERPLATE_WORDS: &[&str] = &[
    "comment",
    "comments",
    "related",
    "share",
    "sharing",
    "social",
    "cookie",
    "cookies",
    "consent",
    "menu",
    "nav",
    "navigation",
    "footer",
    "byline",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "newsletter",
    "subscribe",
    "promo",
    "advert",
    "advertisement",
    "ads",
    "banner",
    "popup",
    "modal",
    "recommended",
    "hidden",
];

/// Endings that keep a class word boilerplate: `navbar`, `sharetools`, `commentlist`.
const BOILERPLATE_SUFFIXES: &[&str] = &[
    "s",
    "bar",
    "box",
    "list",
    "links",
    "block",
    "area",
    "section",
    "wrapper",
    "wrap",
    "container",
    "ing",
    "igation",
    "item",
    "items",
    "button",
    "buttons",
    "tools",
    "widget",
    "form",
    "thread",
    "icons",
    "count",
];

/// Splits a class/id value into lowercase words at non-alphanumerics and camelCase humps.
fn class_words(value: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn is_boilerplate_word(word: &str) -> bool {
    BOILERPLATE_WORDS.iter().any(|w| {
        word == *w
            || word
                .strip_prefix(w)
                .is_some_and(|rest| BOILERPLATE_SUFFIXES.contains(&rest))
    })
}

/// Whether an element is navigation, chrome, or otherwise not article text.
fn is_boilerplate(el: &Element) -> bool {
    let name = el.name();
    if is_boilerplate_tag(name) {
        return true;
    }
    // Never judge the document skeleton by its classes ("nav-open" on <body> is common).
    let skeleton = matches!(name, "html" | "body" | "main" | "article");
    // One pass over the attributes (most elements have none or one).
    for (attr, value) in el.attrs() {
        let hit = match attr {
            "hidden" => true,
            "aria-hidden" => value.trim().eq_ignore_ascii_case("true"),
            "role" => matches!(
                value.trim().to_ascii_lowercase().as_str(),
                "navigation"
                    | "banner"
                    | "contentinfo"
                    | "complementary"
                    | "search"
                    | "menu"
                    | "menubar"
                    | "dialog"
            ),
            "class" | "id" if !skeleton && value.len() <= 1000 => {
                class_words(value).iter().any(|w| is_boilerplate_word(w))
            }
            _ => false,
        };
        if hit {
            return true;
        }
    }
    false
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "blockquote"
            | "pre"
            | "td"
            | "th"
            | "dd"
            | "dt"
            | "div"
            | "section"
            | "article"
            | "main"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "tr"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "figure"
            | "figcaption"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "center"
            | "form"
            | "fieldset"
    )
}

/// Blocks whose text becomes a paragraph.
fn is_collected(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "blockquote"
            | "pre"
            | "td"
            | "th"
            | "dd"
            | "dt"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Metadata gathered in one pass over the whole document.
#[derive(Default)]
struct Meta {
    og_title: Option<String>,
    title: Option<String>,
    h1: Option<String>,
    any_h1: Option<String>,
    /// Publication date candidates by priority (lower is better).
    dates: Vec<(u8, i64)>,
    canonical: Option<String>,
    og_url: Option<String>,
    lang: Option<String>,
    content_language: Option<String>,
}

fn collect_meta(doc: &Html) -> Meta {
    let mut m = Meta::default();
    let mut boilerplate_depth = 0usize;
    let mut seen_html = false;
    walk(doc.tree.root(), |v| {
        let (node, open) = match v {
            Visit::Open(n) => (n, true),
            Visit::Close(n) => (n, false),
        };
        let Node::Element(el) = node.value() else {
            return true;
        };
        if matches!(el.name(), "style" | "template") {
            return false;
        }
        let boiler = is_boilerplate(el) && !matches!(el.name(), "head" | "title" | "script");
        if !open {
            // <script> is never descended into, so it never closes here.
            if boiler {
                boilerplate_depth = boilerplate_depth.saturating_sub(1);
            }
            return true;
        }
        if boiler {
            boilerplate_depth += 1;
        }
        match el.name() {
            "html" if !seen_html => {
                seen_html = true;
                m.lang = el
                    .attr("lang")
                    .or_else(|| el.attr("xml:lang"))
                    .and_then(normalize_tag);
            }
            "meta" => meta_tag(el, &mut m),
            "link" if m.canonical.is_none() => {
                let rel = el.attr("rel").unwrap_or("");
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    m.canonical = el.attr("href").map(str::to_string);
                }
            }
            "title" if m.title.is_none() => {
                let t = text_of(node, MAX_TITLE_BYTES);
                if !t.is_empty() {
                    m.title = Some(t);
                }
            }
            "h1" if m.any_h1.is_none() || (m.h1.is_none() && boilerplate_depth == 0) => {
                let t = text_of(node, MAX_TITLE_BYTES);
                if !t.is_empty() {
                    if boilerplate_depth == 0 && m.h1.is_none() {
                        m.h1 = Some(t.clone());
                    }
                    m.any_h1.get_or_insert(t);
                }
            }
            "time" if boilerplate_depth == 0 => {
                if let Some(ms) = el.attr("datetime").and_then(parse_timestamp) {
                    m.dates.push((5, ms));
                }
            }
            "script" => {
                let is_ld = el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_ld {
                    let json = text_of(node, 256 * 1024);
                    if let Some(ms) = json_ld_date(&json) {
                        m.dates.push((4, ms));
                    }
                }
                return false;
            }
            _ => {}
        }
        if el
            .attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
            && el.name() != "meta"
        {
            if let Some(ms) = el
                .attr("datetime")
                .or_else(|| el.attr("content"))
                .and_then(parse_timestamp)
            {
                m.dates.push((3, ms));
            }
        }
        true
    });
    m
}

fn meta_tag(el: &Element, m: &mut Meta) {
    let Some(content) = el.attr("content") else {
        return;
    };
    let key = el
        .attr("property")
        .or_else(|| el.attr("name"))
        .or_else(|| el.attr("itemprop"))
        .or_else(|| el.attr("http-equiv"))
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match key.as_str() {
        "og:title" if m.og_title.is_none() => {
            let t = normalize_ws(content);
            if !t.is_empty() {
                m.og_title = Some(t);
            }
        }
        "og:url" if m.og_url.is_none() => m.og_url = Some(content.trim().to_string()),
        "content-language" if m.content_language.is_none() => {
            m.content_language = content.split(',').next().and_then(normalize_tag);
        }
        "og:locale" if m.content_language.is_none() => m.content_language = normalize_tag(content),
        "article:published_time" => push_date(m, 0, content),
        "datepublished" => push_date(m, 1, content),
        "og:published_time"
        | "og:article:published_time"
        | "article:published"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "publish_date"
        | "dc.date"
        | "dc.date.issued"
        | "dcterms.created"
        | "dcterms.issued"
        | "date"
        | "sailthru.date"
        | "parsely-pub-date" => push_date(m, 2, content),
        _ => {}
    }
}

fn push_date(m: &mut Meta, priority: u8, value: &str) {
    if let Some(ms) = parse_timestamp(value) {
        m.dates.push((priority, ms));
    }
}

/// The first `"datePublished": "..."` in a JSON-LD block.
fn json_ld_date(json: &str) -> Option<i64> {
    let mut rest = json;
    while let Some(pos) = rest.find("\"datePublished\"") {
        rest = &rest[pos + "\"datePublished\"".len()..];
        let after = rest.trim_start().strip_prefix(':')?.trim_start();
        if let Some(value) = after.strip_prefix('"') {
            if let Some(end) = value.find('"') {
                if let Some(ms) = parse_timestamp(&value[..end]) {
                    return Some(ms);
                }
            }
        }
    }
    None
}

/// Lowercase, whitespace-normalised, without trailing punctuation: for comparing titles.
fn loose(s: &str) -> String {
    normalize_ws(s)
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '…')
        .to_lowercase()
}

/// "Headline | Site" → "Headline" when the h1 says "Headline" (also "Site — Headline").
fn strip_site_suffix(title: &str, h1: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " — ", " – ", " - ", " :: ", " · ", " • ", " / "];
    let Some(h1) = h1.map(loose).filter(|h| !h.is_empty()) else {
        return title.to_string();
    };
    if loose(title) == h1 {
        return title.to_string();
    }
    for sep in SEPARATORS {
        for (pos, _) in title.rmatch_indices(sep) {
            let before = title[..pos].trim();
            if loose(before) == h1 {
                return before.to_string();
            }
            let after = title[pos + sep.len()..].trim();
            if loose(after) == h1 {
                return after.to_string();
            }
        }
    }
    title.to_string()
}

/// Resolves `href` against `base` (enough for canonical links; no dot-segment removal).
pub(crate) fn resolve_url(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(href.to_string());
    }
    if lower.starts_with("javascript:")
        || lower.starts_with("mailto:")
        || lower.starts_with("data:")
    {
        return None;
    }
    let scheme_end = base.find("://")?;
    let scheme = &base[..scheme_end];
    if href.starts_with("//") {
        return Some(format!("{scheme}:{href}"));
    }
    let after_scheme = scheme_end + 3;
    let authority_end = base[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(base.len(), |p| after_scheme + p);
    let origin = &base[..authority_end];
    if href.starts_with('/') {
        return Some(format!("{origin}{href}"));
    }
    let path = &base[authority_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |p| &path[..=p]);
    let href = href.strip_prefix("./").unwrap_or(href);
    Some(format!("{origin}{dir}{href}"))
}

/// Paragraph-text score per element, and total paragraph text inside `<article>`/`<main>`.
struct Scores {
    by_node: HashMap<NodeId, usize>,
    articles: Vec<(NodeId, usize)>,
    mains: Vec<(NodeId, usize)>,
}

fn score(body: NodeRef<'_, Node>) -> Scores {
    let mut by_node: HashMap<NodeId, usize> = HashMap::new();
    let mut containers: HashMap<NodeId, usize> = HashMap::new();
    let mut articles = Vec::new();
    let mut mains = Vec::new();
    // Open elements, and which of them are <article>/<main>.
    let mut stack: Vec<NodeId> = Vec::new();
    let mut open_containers: Vec<NodeId> = Vec::new();
    let mut p_depth = 0usize;
    let mut p_chars = 0usize;
    walk(body, |v| match v {
        Visit::Open(n) => match n.value() {
            Node::Element(el) => {
                if is_boilerplate(el) {
                    return false;
                }
                stack.push(n.id());
                match el.name() {
                    "p" => p_depth += 1,
                    "article" => {
                        open_containers.push(n.id());
                        articles.push(n.id());
                    }
                    "main" => {
                        open_containers.push(n.id());
                        mains.push(n.id());
                    }
                    _ => {}
                }
                true
            }
            Node::Text(t) => {
                if p_depth > 0 {
                    p_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                }
                false
            }
            _ => false,
        },
        Visit::Close(n) => {
            if let Node::Element(el) = n.value() {
                stack.pop();
                match el.name() {
                    "p" => {
                        p_depth = p_depth.saturating_sub(1);
                        if p_depth == 0 {
                            let len = std::mem::take(&mut p_chars);
                            if let Some(&parent) = stack.last() {
                                *by_node.entry(parent).or_default() += len;
                            }
                            if stack.len() >= 2 {
                                *by_node.entry(stack[stack.len() - 2]).or_default() += len / 2;
                            }
                            for c in &open_containers {
                                *containers.entry(*c).or_default() += len;
                            }
                        }
                    }
                    "article" | "main" => {
                        open_containers.pop();
                    }
                    _ => {}
                }
            }
            true
        }
    });
    let total = |ids: Vec<NodeId>| -> Vec<(NodeId, usize)> {
        ids.into_iter()
            .map(|id| (id, containers.get(&id).copied().unwrap_or(0)))
            .collect()
    };
    Scores {
        by_node,
        articles: total(articles),
        mains: total(mains),
    }
}

/// The element holding the main text: the `<article>` with the most paragraph text, else
/// `<main>`, else the element with the best paragraph score — unless that element lies outside
/// the chosen article and holds far more text.
fn main_container<'a>(doc: &'a Html) -> NodeRef<'a, Node> {
    let root = doc.tree.root();
    let mut body = None;
    walk(root, |v| {
        if let Visit::Open(n) = v {
            if body.is_none() {
                if let Node::Element(el) = n.value() {
                    if el.name() == "body" {
                        body = Some(n);
                    }
                }
            }
        }
        body.is_none()
    });
    let body = body.unwrap_or(root);
    let scores = score(body);
    let best_node = scores
        .by_node
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(id, n)| (*id, *n))
        .filter(|(_, n)| *n > 0);
    let best_of = |list: &[(NodeId, usize)]| {
        list.iter()
            .copied()
            .filter(|(_, n)| *n > 0)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
    };
    let preferred = best_of(&scores.articles).or_else(|| best_of(&scores.mains));
    let chosen = match (preferred, best_node) {
        (Some((c, c_len)), Some((b, b_len))) => {
            let b_ref = doc.tree.get(b);
            let inside = b == c || b_ref.is_some_and(|n| n.ancestors().any(|a| a.id() == c));
            if !inside && b_len > 2 * c_len {
                b
            } else {
                c
            }
        }
        (Some((c, _)), None) => c,
        (None, Some((b, _))) => b,
        (None, None) => body.id(),
    };
    doc.tree.get(chosen).unwrap_or(body)
}

/// Paragraphs (and whether each came from a heading) under `container`.
fn collect_paragraphs(container: NodeRef<'_, Node>, loose_text: bool) -> Vec<(String, bool)> {
    let mut paras: Vec<(String, bool)> = Vec::new();
    let mut buf = String::new();
    let mut pending = false;
    let mut collecting: Vec<bool> = Vec::new();
    let flush =
        |buf: &mut String, pending: &mut bool, heading: bool, paras: &mut Vec<(String, bool)>| {
            if !buf.is_empty() {
                paras.push((std::mem::take(buf), heading));
            }
            *pending = false;
        };
    walk(container, |v| match v {
        Visit::Open(n) => match n.value() {
            Node::Element(el) => {
                let name = el.name();
                if n != container && is_boilerplate(el) {
                    return false;
                }
                if is_block(name) || (loose_text && name == "br") {
                    let heading = collecting.last().copied().unwrap_or(false);
                    flush(&mut buf, &mut pending, heading, &mut paras);
                }
                if name == "br" {
                    pending = true;
                }
                if is_collected(name) {
                    collecting.push(is_heading(name));
                }
                true
            }
            Node::Text(t) => {
                if loose_text || !collecting.is_empty() {
                    push_normalized(&mut buf, t, &mut pending);
                }
                false
            }
            _ => false,
        },
        Visit::Close(n) => {
            if let Node::Element(el) = n.value() {
                let name = el.name();
                if is_block(name) {
                    let heading = collecting.last().copied().unwrap_or(false);
                    flush(&mut buf, &mut pending, heading, &mut paras);
                }
                if is_collected(name) {
                    collecting.pop();
                }
            }
            true
        }
    });
    let heading = collecting.last().copied().unwrap_or(false);
    flush(&mut buf, &mut pending, heading, &mut paras);
    paras
}

/// Extracts metadata and main text from an HTML document.
pub(crate) fn extract_html(src: &str, url: &str, max_text_bytes: usize) -> HtmlArticle {
    let flattened = limit_depth(src, MAX_DEPTH);
    let doc = Html::parse_document(flattened.as_deref().unwrap_or(src));
    let meta = collect_meta(&doc);

    let h1 = meta.h1.clone().or_else(|| meta.any_h1.clone());
    let mut title = meta
        .og_title
        .as_deref()
        .or(meta.title.as_deref())
        .map(|t| strip_site_suffix(t, h1.as_deref()))
        .or_else(|| h1.clone())
        .filter(|t| !t.is_empty());
    if let Some(t) = title.as_mut() {
        truncate_at_char(t, MAX_TITLE_BYTES);
    }

    let container = main_container(&doc);
    let mut raw = collect_paragraphs(container, false);
    if raw.iter().all(|(p, _)| !has_word_char(p)) {
        raw = collect_paragraphs(container, true);
    }
    let title_key = title.as_deref().map(loose);
    let h1_key = h1.as_deref().map(loose);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut used = 0usize;
    for (p, heading) in raw {
        if !has_word_char(&p) {
            continue;
        }
        if heading {
            let key = loose(&p);
            if Some(&key) == title_key.as_ref() || Some(&key) == h1_key.as_ref() {
                continue;
            }
        }
        if paragraphs.last() == Some(&p) {
            continue;
        }
        if !push_within_budget(&mut paragraphs, p, &mut used, max_text_bytes) {
            break;
        }
    }

    let mut dates = meta.dates;
    dates.sort_by_key(|(priority, _)| *priority);
    let canonical_url = meta
        .canonical
        .as_deref()
        .or(meta.og_url.as_deref())
        .and_then(|href| resolve_url(url, href));

    HtmlArticle {
        title,
        published_at: dates.first().map(|(_, ms)| *ms),
        canonical_url,
        declared_language: meta.lang.or(meta.content_language),
        paragraphs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(html: &str) -> HtmlArticle {
        extract_html(html, "https://news.example/world/story.html?x=1", 1 << 20)
    }

    #[test]
    fn article_is_preferred_and_boilerplate_skipped() {
        let html = r#"<html lang="en-GB"><head><title>Big news | The Paper</title></head><body>
            <nav><p>Home News Sport</p></nav>
            <div class="sidebar"><p>Lots and lots of sidebar text that is long enough to matter a lot.</p></div>
            <article><h1>Big news</h1><p class="byline">By A. Writer</p>
              <p>First   paragraph
                 text.</p><div class="share-tools"><p>Share this</p></div>
              <h2>Sub heading</h2><ul><li>Item one</li><li>Item <b>two</b></li></ul>
              <blockquote><p>Quoted words.</p></blockquote>
              <div id="comments"><p>A comment.</p></div>
            </article><footer><p>Copyright</p></footer></body></html>"#;
        let a = extract(html);
        assert_eq!(a.title.as_deref(), Some("Big news"));
        assert_eq!(a.declared_language.as_deref(), Some("en"));
        assert_eq!(
            a.paragraphs,
            [
                "First paragraph text.",
                "Sub heading",
                "Item one",
                "Item two",
                "Quoted words."
            ]
        );
    }

    #[test]
    fn best_scoring_element_without_article_or_main() {
        let html = r#"<body><div class="top"><p>Short teaser.</p></div>
            <div class="story"><p>One long paragraph of story text goes here.</p><p>And a second one follows it.</p></div></body>"#;
        let a = extract(html);
        assert_eq!(
            a.paragraphs,
            [
                "One long paragraph of story text goes here.",
                "And a second one follows it."
            ]
        );
    }

    #[test]
    fn text_without_paragraph_markup_is_still_found() {
        let a = extract("<body><div>Loose text line one.<br><br>Line two.</div></body>");
        assert_eq!(a.paragraphs, ["Loose text line one.", "Line two."]);
    }

    #[test]
    fn title_sources() {
        let a = extract("<title>Plain title</title><h1>Other</h1><p>x y</p>");
        assert_eq!(a.title.as_deref(), Some("Plain title"));
        let a = extract("<title>The Paper - Real headline</title><h1>Real headline</h1><p>x</p>");
        assert_eq!(a.title.as_deref(), Some("Real headline"));
        let a =
            extract("<title>Headline — Site</title><article><h1>Headline</h1><p>x</p></article>");
        assert_eq!(a.title.as_deref(), Some("Headline"));
        let a = extract("<body><h1>Only h1</h1><p>Body text.</p></body>");
        assert_eq!(a.title.as_deref(), Some("Only h1"));
        assert_eq!(a.paragraphs, ["Body text."]);
    }

    #[test]
    fn dates_by_priority() {
        let html = r#"<head><meta name="date" content="2026-01-01">
            <meta property="article:published_time" content="2026-10-14T08:30:00Z"></head>
            <body><time datetime="2020-05-05T00:00:00Z">old</time><p>x</p></body>"#;
        assert_eq!(extract(html).published_at, Some(1_791_966_600_000));
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2026-10-14T08:30:00Z"}</script><p>x</p>"#;
        assert_eq!(extract(html).published_at, Some(1_791_966_600_000));
        let html = r#"<article><span itemprop="datePublished" content="2026-10-14T08:30:00Z"></span><p>x</p></article>"#;
        assert_eq!(extract(html).published_at, Some(1_791_966_600_000));
        let html =
            r#"<article><time datetime="2026-10-14T08:30:00Z">Oct 14</time><p>x</p></article>"#;
        assert_eq!(extract(html).published_at, Some(1_791_966_600_000));
        assert_eq!(extract("<p>x</p>").published_at, None);
    }

    #[test]
    fn canonical_links_resolve() {
        let a = extract(r#"<link rel="canonical" href="/world/a"><p>x</p>"#);
        assert_eq!(
            a.canonical_url.as_deref(),
            Some("https://news.example/world/a")
        );
        let a = extract(r#"<meta property="og:url" content="https://news.example/b"><p>x</p>"#);
        assert_eq!(a.canonical_url.as_deref(), Some("https://news.example/b"));
        assert_eq!(
            resolve_url("https://h.example/a/b.html", "c.html").as_deref(),
            Some("https://h.example/a/c.html")
        );
        assert_eq!(
            resolve_url("https://h.example", "//cdn.example/x").as_deref(),
            Some("https://cdn.example/x")
        );
        assert_eq!(resolve_url("https://h.example/", "#top"), None);
        assert_eq!(resolve_url("not a url", "/x"), None);
    }

    #[test]
    fn class_words_match_wordishly() {
        assert!(is_boilerplate_word("navbar"));
        assert!(is_boilerplate_word("comments"));
        assert!(!is_boilerplate_word("navy"));
        assert!(!is_boilerplate_word("commentary"));
        assert_eq!(
            class_words("siteFooter main-Nav"),
            ["site", "footer", "main", "nav"]
        );
    }

    #[test]
    fn walk_is_iterative_on_deep_trees() {
        // Built with html5ever directly (no depth limit), deeper than any call stack would allow.
        let mut html = String::new();
        for _ in 0..50_000 {
            html.push_str("<span>");
        }
        html.push_str("deep words");
        let doc = Html::parse_document(&html);
        let (mut opens, mut closes, mut found) = (0usize, 0usize, false);
        walk(doc.tree.root(), |v| {
            match v {
                Visit::Open(n) => {
                    opens += 1;
                    if let Node::Text(t) = n.value() {
                        found |= &**t == "deep words";
                    }
                }
                Visit::Close(_) => closes += 1,
            }
            true
        });
        assert!(found);
        assert_eq!(opens, closes);
        assert!(opens > 50_000);
        // Reading the text of one element is capped.
        assert_eq!(text_of(doc.tree.root(), 100), "");
    }
}
