//! HTML: metadata (title, byline, dates, canonical URL, language) and main text.
//!
//! The document is slimmed ([`crate::markup::slim`]), its nesting capped
//! ([`crate::markup::depth`]), and parsed by html5ever into the lean DOM of [`crate::dom`]; main
//! text comes from [`crate::content`]. Every walk over the DOM is iterative.

use html5ever::local_name;

use crate::chars::{
    has_word_char, normalize_ws, push_normalized, push_within_budget, truncate_at_char,
};
use crate::content::{self, Verdicts};
use crate::dom::{walk, Data, Dom, Element, NodeId, Visit, ROOT};
use crate::lang::normalize_tag;
use crate::markup::depth::{limit_depth, MAX_DEPTH};
use crate::markup::elements::{meta_field, MetaField, META_KEY_ATTRS};
use crate::markup::slim::slim;
use crate::timestamp::parse_timestamp;

/// Longest title kept, in bytes.
const MAX_TITLE_BYTES: usize = 1000;
/// Longest byline kept, in bytes.
const MAX_BYLINE_BYTES: usize = 200;

/// What the HTML path extracts.
#[derive(Debug, Default)]
pub(crate) struct HtmlArticle {
    pub title: Option<String>,
    /// Author(s) as the page names them ("Jane Doe", "Jane Doe and John Roe").
    pub byline: Option<String>,
    pub published_at: Option<i64>,
    pub modified_at: Option<i64>,
    pub canonical_url: Option<String>,
    /// ISO 639-1 code from `<html lang>` or a content-language declaration.
    pub declared_language: Option<String>,
    pub paragraphs: Vec<String>,
}

/// Most nodes visited when reading the text of one element (title, h1, JSON-LD, byline).
const TEXT_OF_MAX_NODES: usize = 10_000;

/// Text of a subtree with whitespace normalised, at most `max` bytes.
fn text_of(dom: &Dom, node: NodeId, max: usize) -> String {
    let mut out = String::new();
    let mut pending = false;
    let mut visited = 0usize;
    walk(dom, node, |v| {
        let (n, open) = match v {
            Visit::Open(n) => {
                visited += 1;
                (n, true)
            }
            Visit::Close(n) => (n, false),
        };
        match &dom.node(n).data {
            Data::Text(t) if open => push_normalized(&mut out, t, &mut pending),
            // Blocks and line breaks separate words even without whitespace between them
            // (pre-parse slimming drops whitespace that sits only between such tags).
            Data::Element(e) if content::is_block(&e.name) || e.name == local_name!("br") => {
                pending = true
            }
            _ => {}
        }
        (out.len() < max && visited < TEXT_OF_MAX_NODES).then_some(true)
    });
    truncate_at_char(&mut out, max);
    out
}

/// Raw text of a subtree (for JSON-LD), at most `max` bytes.
fn raw_text_of(dom: &Dom, node: NodeId, max: usize) -> String {
    let mut out = String::new();
    for c in dom.children(node) {
        if let Data::Text(t) = &dom.node(c).data {
            out.push_str(t);
            if out.len() >= max {
                break;
            }
        }
    }
    truncate_at_char(&mut out, max);
    out
}

/// Metadata candidates gathered in one pass over the whole document.
#[derive(Default)]
struct Meta {
    og_title: Option<String>,
    title: Option<String>,
    h1: Option<String>,
    any_h1: Option<String>,
    /// Publication date candidates by priority (lower is better).
    published: Vec<(u8, i64)>,
    modified: Vec<(u8, i64)>,
    /// Byline candidates by priority (lower is better).
    bylines: Vec<(u8, String)>,
    canonical: Option<String>,
    og_url: Option<String>,
    lang: Option<String>,
    content_language: Option<String>,
    body: Option<NodeId>,
    /// The longest `articleBody` string of the JSON-LD blocks (unescaped, tags stripped).
    ld_body: Option<String>,
    /// The page's own summary by priority (lower is better; see [`MetaField::Description`]).
    description: Option<(u8, String)>,
    /// The page declares a product (schema.org `Product`, in JSON-LD or microdata).
    product: bool,
    /// Elements named as dates whose text was read.
    text_dates: usize,
    /// Lines of text with a year that were read for a date (set to the maximum once one
    /// held a date).
    line_dates: usize,
}

fn collect_meta(dom: &Dom, verdicts: &Verdicts) -> Meta {
    let mut m = Meta::default();
    let mut boilerplate_depth = 0usize;
    let mut seen_html = false;
    walk(dom, ROOT, |v| {
        let (id, open) = match v {
            Visit::Open(n) => (n, true),
            Visit::Close(n) => (n, false),
        };
        let el = match &dom.node(id).data {
            Data::Element(el) => el,
            Data::Text(t) => {
                // A short line that is a date ("Published on July 18, 2025"): the last
                // resort for the publication date, first one outside boilerplate.
                if open
                    && boilerplate_depth == 0
                    && m.line_dates < MAX_LINE_DATES
                    && looks_like_date_line(t)
                {
                    m.line_dates += 1;
                    if let Some(ms) = text_date(t) {
                        m.line_dates = MAX_LINE_DATES;
                        let lower = t.to_lowercase();
                        if lower.contains("updated") || lower.contains("modified") {
                            m.modified.push((9, ms));
                        } else {
                            m.published.push((9, ms));
                        }
                    }
                }
                return Some(false);
            }
            data => return Some(matches!(data, Data::Document)),
        };
        let name = &el.name;
        if matches!(
            *name,
            local_name!("style")
                | local_name!("template")
                | local_name!("svg")
                | local_name!("math")
        ) {
            return Some(false);
        }
        let boiler = verdicts.skipped(id)
            && !matches!(
                *name,
                local_name!("head") | local_name!("title") | local_name!("script")
            );
        if !open {
            if boiler {
                boilerplate_depth = boilerplate_depth.saturating_sub(1);
            }
            return Some(true);
        }
        if boiler {
            boilerplate_depth += 1;
        }
        match *name {
            local_name!("html") if !seen_html => {
                seen_html = true;
                m.lang = el
                    .attr(local_name!("lang"))
                    .or_else(|| el.attr_str("xml:lang"))
                    .and_then(normalize_tag);
            }
            local_name!("body") if m.body.is_none() => m.body = Some(id),
            local_name!("meta") => meta_tag(el, &mut m),
            local_name!("link") => {
                let rel = el.attr(local_name!("rel")).unwrap_or("");
                for r in rel.split_ascii_whitespace() {
                    if r.eq_ignore_ascii_case("canonical") && m.canonical.is_none() {
                        m.canonical = el.attr(local_name!("href")).map(str::to_string);
                    }
                }
            }
            local_name!("a")
                if el
                    .attr(local_name!("rel"))
                    .is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "author")) =>
            {
                push_byline(&mut m, 4, &text_of(dom, id, MAX_BYLINE_BYTES));
            }
            local_name!("title") if m.title.is_none() => {
                let t = text_of(dom, id, MAX_TITLE_BYTES);
                if !t.is_empty() {
                    m.title = Some(t);
                }
            }
            local_name!("h1")
                if m.any_h1.is_none() || (m.h1.is_none() && boilerplate_depth == 0) =>
            {
                let t = text_of(dom, id, MAX_TITLE_BYTES);
                if !t.is_empty() {
                    if boilerplate_depth == 0 && m.h1.is_none() {
                        m.h1 = Some(t.clone());
                    }
                    m.any_h1.get_or_insert(t);
                }
            }
            local_name!("time") => {
                if let Some(ms) = el.attr(local_name!("datetime")).and_then(parse_timestamp) {
                    let updated = el
                        .attr(local_name!("class"))
                        .is_some_and(|c| c.contains("updated") || c.contains("modified"));
                    if updated {
                        m.modified.push((6, ms));
                    } else if boilerplate_depth == 0 || m.published.is_empty() {
                        m.published
                            .push((if boilerplate_depth == 0 { 5 } else { 6 }, ms));
                    }
                }
            }
            local_name!("script") => {
                let is_ld = el
                    .attr(local_name!("type"))
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_ld {
                    json_ld(&raw_text_of(dom, id, 512 * 1024), &mut m);
                }
                return Some(false);
            }
            _ => {}
        }
        if el.attr(local_name!("itemtype")).is_some_and(|t| {
            let t = t.trim().trim_end_matches('/');
            t.len() >= 7
                && t[t.len() - 7..].eq_ignore_ascii_case("Product")
                && t.contains("schema.org")
        }) {
            m.product = true;
        }
        if *name != local_name!("meta") {
            if let Some(prop) = el.attr(local_name!("itemprop")) {
                let value = || {
                    el.attr(local_name!("datetime"))
                        .or_else(|| el.attr(local_name!("content")))
                        .and_then(parse_timestamp)
                };
                if prop.eq_ignore_ascii_case("datePublished") {
                    if let Some(ms) = value() {
                        m.published.push((2, ms));
                    }
                } else if prop.eq_ignore_ascii_case("dateModified") {
                    if let Some(ms) = value() {
                        m.modified.push((2, ms));
                    }
                } else if prop.split_ascii_whitespace().any(|p| p == "author") {
                    let t = el
                        .attr(local_name!("content"))
                        .map(normalize_ws)
                        .unwrap_or_else(|| text_of(dom, id, MAX_BYLINE_BYTES));
                    push_byline(&mut m, 3, &t);
                }
            }
            if m.text_dates < MAX_TEXT_DATES
                && (verdicts.names_date(id)
                    || (*name == local_name!("time") && el.attr(local_name!("datetime")).is_none()))
            {
                m.text_dates += 1;
                let t = text_of(dom, id, 120);
                if let Some(ms) = text_date(&t) {
                    let lower = t.to_lowercase();
                    let priority = if boilerplate_depth == 0 { 7 } else { 8 };
                    if lower.contains("updated") || lower.contains("modified") {
                        m.modified.push((priority, ms));
                    } else {
                        m.published.push((priority, ms));
                    }
                }
            }
            if m.bylines.iter().all(|(p, _)| *p > 5) && is_byline_element(el) {
                push_byline(&mut m, 5, &text_of(dom, id, MAX_BYLINE_BYTES));
            }
        }
        Some(true)
    });
    m
}

/// Most lines of text with a year in them read for a publication date.
const MAX_LINE_DATES: usize = 8;

/// Most elements named as dates whose text is read (the first ones outside boilerplate).
const MAX_TEXT_DATES: usize = 4;

/// A short text with a year in it (19xx or 20xx): worth looking for a date in.
fn looks_like_date_line(t: &str) -> bool {
    let t = t.trim();
    if !(8..=60).contains(&t.len()) {
        return false;
    }
    let b = t.as_bytes();
    b.windows(4).enumerate().any(|(i, w)| {
        (w.starts_with(b"19") || w.starts_with(b"20"))
            && w.iter().all(u8::is_ascii_digit)
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            && !(i > 0 && b[i - 1].is_ascii_digit())
    })
}

/// A full date (day, month and year) written in a short text: "February 8, 2022",
/// "Updated on 9 July 2025", "2025-07-09".
fn text_date(t: &str) -> Option<i64> {
    crate::date_mentions::find_dates(t, None)
        .into_iter()
        .find_map(|d| {
            if d.precision != crate::date_mentions::DatePrecision::Day || d.year_inferred {
                return None;
            }
            d.value.as_deref().and_then(parse_timestamp)
        })
}

/// An element whose class or id names it the byline.
fn is_byline_element(el: &Element) -> bool {
    [local_name!("class"), local_name!("id")]
        .into_iter()
        .any(|k| {
            el.attr(k).is_some_and(|v| {
                v.len() < 200
                    // Each of the words is "byline", "author" or "writer" with a suffix, in
                    // letters that only ASCII lowercases to: without one of those, no need to
                    // split the value.
                    && v.as_bytes().windows(6).any(|w| {
                        [b"byline", b"author", b"writer"]
                            .iter()
                            .any(|n| w.eq_ignore_ascii_case(*n))
                    })
                    && content::class_words(v).iter().any(|w| {
                        matches!(
                            w.as_str(),
                            "byline" | "author" | "authors" | "bylines" | "writer"
                        )
                    })
            })
        })
}

/// Cleans and records a byline candidate: "By Jane Doe" → "Jane Doe". Candidates that are
/// URLs, empty, or too long to be a name list are ignored.
fn push_byline(m: &mut Meta, priority: u8, raw: &str) {
    let mut t = normalize_ws(raw);
    for prefix in [
        "By ",
        "by ",
        "BY ",
        "Von ",
        "Par ",
        "Por ",
        "Автор: ",
        "Текст: ",
        "Author: ",
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim().to_string();
            break;
        }
    }
    let t = cut_byline_tail(&t);
    let t = t.trim_matches(|c: char| c == ',' || c == '|' || c.is_whitespace());
    if t.is_empty()
        || t.len() > MAX_BYLINE_BYTES
        || t.starts_with("http")
        || t.contains('/')
        || t.split_whitespace().count() > 12
        || !t.chars().next().is_some_and(char::is_alphabetic)
    {
        return;
    }
    m.bylines.push((priority, t.to_string()));
}

/// A byline up to what follows the names in the same line: a date or reading time ("Jane Doe
/// Jul 18, 2025 7 min"), "Published on ...", or a role or site after a dash or bar ("Jane Doe
/// - Staff Team").
fn cut_byline_tail(t: &str) -> &str {
    let mut end = t.len();
    for sep in [" - ", " – ", " — ", " | ", " • ", " · ", " / "] {
        if let Some(i) = t.find(sep) {
            end = end.min(i);
        }
    }
    for word in [
        "Published",
        "Updated",
        "Posted",
        "Last updated",
        "Reviewed",
        "published",
        "updated",
        "posted",
    ] {
        if let Some(i) = t.find(word).filter(|&i| i > 0) {
            end = end.min(i);
        }
    }
    if let Some(i) = t.find(|c: char| c.is_ascii_digit()).filter(|&i| i > 0) {
        end = end.min(i);
    }
    let mut out = t[..end].trim_end();
    for tail in [" on", " at", " in", ","] {
        out = out.strip_suffix(tail).unwrap_or(out).trim_end();
    }
    // A month name left before the cut date ("Jane Doe Jul").
    if let Some((head, last)) = out.rsplit_once(' ') {
        if is_month_name(last.trim_end_matches('.')) {
            out = head.trim_end();
        }
    }
    out
}

fn is_month_name(w: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.to_ascii_lowercase();
    w.len() >= 3 && MONTHS.iter().any(|m| m.starts_with(w.as_str()))
}

fn meta_tag(el: &Element, m: &mut Meta) {
    let Some(content) = el.attr(local_name!("content")) else {
        return;
    };
    let key = META_KEY_ATTRS
        .iter()
        .find_map(|a| el.attr_str(a))
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    // The same table as the pre-parse slimming reads, so a key missing there is ignored here
    // too instead of working only when the tag happens to survive.
    let Some(field) = meta_field(&key) else {
        return;
    };
    match field {
        MetaField::OgTitle if m.og_title.is_none() => {
            let t = normalize_ws(content);
            if !t.is_empty() {
                m.og_title = Some(t);
            }
        }
        MetaField::Description(priority)
            if m.description.as_ref().is_none_or(|(p, _)| priority < *p) =>
        {
            let t = normalize_ws(content);
            if !t.is_empty() {
                m.description = Some((priority, t));
            }
        }
        MetaField::OgUrl if m.og_url.is_none() => m.og_url = Some(content.trim().to_string()),
        MetaField::ContentLanguage if m.content_language.is_none() => {
            m.content_language = content.split(',').next().and_then(normalize_tag);
        }
        MetaField::OgLocale if m.content_language.is_none() => {
            m.content_language = normalize_tag(content)
        }
        MetaField::Published(priority) => push_date(&mut m.published, priority, content),
        MetaField::Modified(priority) => push_date(&mut m.modified, priority, content),
        MetaField::Byline(priority) => push_byline(m, priority, content),
        _ => {}
    }
}

fn push_date(list: &mut Vec<(u8, i64)>, priority: u8, value: &str) {
    if let Some(ms) = parse_timestamp(value) {
        list.push((priority, ms));
    }
}

/// The string value following `"key":` at the start of `rest`, if it is a string.
fn json_string_after(rest: &str) -> Option<&str> {
    let after = rest.trim_start().strip_prefix(':')?.trim_start();
    let value = after.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(&value[..i]),
            _ => escaped = false,
        }
    }
    None
}

/// Whether JSON-LD text declares a `Product` (`"@type": "Product"`, or a list of types
/// holding it).
fn declares_product(json: &str) -> bool {
    let mut rest = json;
    while let Some(pos) = rest.find("\"@type\"") {
        rest = &rest[pos + "\"@type\"".len()..];
        let after = rest
            .trim_start()
            .strip_prefix(':')
            .unwrap_or("")
            .trim_start();
        let types = match after.strip_prefix('[') {
            Some(list) => &list[..list.find(']').unwrap_or(list.len())],
            None => &after[..after.find([',', '}']).unwrap_or(after.len())],
        };
        if types
            .split(',')
            .any(|t| t.trim().trim_matches('"') == "Product")
        {
            return true;
        }
    }
    false
}

/// Dates and author from a JSON-LD block (first match of each key; a light scan, not a full
/// JSON parser, so that broken JSON-LD still yields what it can), and whether it declares a
/// product.
fn json_ld(json: &str, m: &mut Meta) {
    m.product |= declares_product(json);
    for (key, published) in [("\"datePublished\"", true), ("\"dateModified\"", false)] {
        let mut rest = json;
        while let Some(pos) = rest.find(key) {
            rest = &rest[pos + key.len()..];
            if let Some(ms) = json_string_after(rest).and_then(parse_timestamp) {
                if published {
                    m.published.push((1, ms));
                } else {
                    m.modified.push((1, ms));
                }
                break;
            }
        }
    }
    let mut rest = json;
    while let Some(pos) = rest.find("\"articleBody\"") {
        rest = &rest[pos + "\"articleBody\"".len()..];
        if let Some(body) = json_string_after(rest) {
            if m.ld_body.as_ref().is_none_or(|b| b.len() < body.len()) {
                m.ld_body = Some(strip_tags(&unescape_json_text(body)));
            }
        }
    }
    if let Some(pos) = json.find("\"author\"") {
        let rest = &json[pos + "\"author\"".len()..];
        // "author": "Name", or "author": {"@type": "Person", "name": "Name"} / a list of them.
        if let Some(name) = json_string_after(rest) {
            push_byline(m, 1, &unescape_json(name));
        } else {
            let window_end = rest.char_indices().nth(2000).map_or(rest.len(), |(i, _)| i);
            let window = &rest[..window_end];
            // A list of authors ends at its `]`, one author object at its first `}`.
            let close = if window.trim_start().starts_with(':')
                && window.trim_start()[1..].trim_start().starts_with('[')
            {
                window.find(']')
            } else {
                window.find('}')
            };
            let scope = &window[..close.map_or(window.len(), |c| c.max(1))];
            let mut names = Vec::new();
            let mut s = scope;
            while let Some(p) = s.find("\"name\"") {
                s = &s[p + 6..];
                if let Some(n) = json_string_after(s) {
                    let n = unescape_json(n);
                    if !n.trim().is_empty() && !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
            if !names.is_empty() {
                push_byline(m, 1, &names.join(", "));
            }
        }
    }
}

/// Markup removed from a JSON-LD `articleBody` (some sites put HTML there).
fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Undoes JSON string escapes, keeping line breaks (paragraph boundaries of an articleBody).
fn unescape_json_text(s: &str) -> String {
    unescape(s, true)
}

/// Undoes the common JSON string escapes (enough for names).
fn unescape_json(s: &str) -> String {
    unescape(s, false)
}

fn unescape(s: &str, keep_newlines: bool) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some('n') if keep_newlines => out.push('\n'),
            Some('n') | Some('t') | Some('r') => out.push(' '),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// A date in the URL path: `/2024/05/17/`, `/2024-05-17`, `/20240517/`.
pub(crate) fn url_date(url: &str) -> Option<i64> {
    let path_start = url.find("://").map_or(0, |p| p + 3);
    let path = &url[path_start..];
    let path = &path[path.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let b = path.as_bytes();
    let digits = |from: usize, n: usize| -> Option<u32> {
        let s = path.get(from..from + n)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let valid = |y: u32, mo: u32, d: u32| {
        (1990..=2199).contains(&y) && (1..=12).contains(&mo) && (1..=31).contains(&d)
    };
    for i in 0..b.len() {
        if b[i] != b'/' || i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let s = i + 1;
        let Some(y) = digits(s, 4) else { continue };
        let sep = b.get(s + 4).copied();
        let date = match sep {
            Some(b'/') | Some(b'-') | Some(b'_') => {
                let sep = sep.unwrap_or(b'/');
                let mo = digits(s + 5, 2);
                let d = (b.get(s + 7) == Some(&sep))
                    .then(|| digits(s + 8, 2))
                    .flatten();
                let end = s + 10;
                let bounded = b.get(end).is_none_or(|c| !c.is_ascii_digit());
                match (mo, d) {
                    (Some(mo), Some(d)) if bounded => Some((y, mo, d)),
                    _ => None,
                }
            }
            Some(c) if c.is_ascii_digit() => {
                let mo = digits(s + 4, 2);
                let d = digits(s + 6, 2);
                let bounded = b.get(s + 8).is_none_or(|c| !c.is_ascii_digit());
                match (mo, d) {
                    (Some(mo), Some(d)) if bounded => Some((y, mo, d)),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some((y, mo, d)) = date {
            if valid(y, mo, d) {
                if let Some(ms) = parse_timestamp(&format!("{y:04}-{mo:02}-{d:02}")) {
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

/// Extracts metadata and main text from an HTML document.
pub(crate) fn extract_html(src: &str, url: &str, max_text_bytes: usize) -> HtmlArticle {
    let slimmed = slim(src);
    let src = slimmed.html.as_str();
    let flattened = if slimmed.within_depth_limit {
        None
    } else {
        limit_depth(src, MAX_DEPTH)
    };
    // About one text node per tag on top of the elements (start tags are half of the tags).
    let dom = Dom::parse_with_hint(flattened.as_deref().unwrap_or(src), slimmed.tags);
    let mut verdicts = Verdicts::of(&dom);
    let meta = collect_meta(&dom, &verdicts);
    if meta.product {
        verdicts.reviews_are_comments(&dom);
    }

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

    let body = meta.body.unwrap_or(ROOT);
    let mut blocks = content::main_blocks(&dom, body, &verdicts);
    if blocks.iter().all(|b| !has_word_char(&b.text)) {
        blocks = content::all_blocks(&dom, body, &verdicts);
    }
    // A page whose body a script renders (a forum thread shipped as an empty shell) still
    // says what it is about in its summary: better a paragraph to match than no text.
    if blocks.iter().all(|b| !has_word_char(&b.text)) {
        if let Some((_, d)) = meta.description.as_ref() {
            blocks = vec![content::Block::plain(d.clone())];
        }
    }
    // Pages rendered by script often carry the whole text in JSON-LD `articleBody`: use it
    // when the markup yields much less.
    if let Some(ld) = meta.ld_body.as_deref() {
        let ld_chars = ld.chars().filter(|c| !c.is_whitespace()).count();
        let html_chars: usize = blocks
            .iter()
            .map(|b| b.text.chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        if ld_chars >= 400 && ld_chars > 2 * html_chars {
            blocks = ld
                .split('\n')
                .map(normalize_ws)
                .filter(|p| !p.is_empty())
                .map(content::Block::plain)
                .collect();
        }
    }
    let title_key = title.as_deref().map(loose);
    let h1_key = h1.as_deref().map(loose);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut used = 0usize;
    for b in blocks {
        if !has_word_char(&b.text) {
            continue;
        }
        if b.heading {
            let key = loose(&b.text);
            if Some(&key) == title_key.as_ref() || Some(&key) == h1_key.as_ref() {
                continue;
            }
        }
        if paragraphs.last() == Some(&b.text) {
            continue;
        }
        if !push_within_budget(&mut paragraphs, b.text, &mut used, max_text_bytes) {
            break;
        }
    }

    let best = |mut list: Vec<(u8, i64)>| {
        list.sort_by_key(|(priority, _)| *priority);
        list.first().map(|(_, ms)| *ms)
    };
    let modified_at = best(meta.modified.clone());
    // Without a publication date, the last update is the best date the page gives.
    let published_at = best(meta.published)
        .or_else(|| url_date(url))
        .or(modified_at);
    let mut bylines = meta.bylines;
    bylines.sort_by_key(|(priority, _)| *priority);
    let canonical_url = meta
        .canonical
        .as_deref()
        .or(meta.og_url.as_deref())
        .and_then(|href| resolve_url(url, href));

    HtmlArticle {
        title,
        byline: bylines.into_iter().next().map(|(_, b)| b),
        published_at,
        modified_at,
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

    const PROSE: &str = "The council met on Tuesday evening and, after a long debate, voted to \
        approve the new budget for the coming year.";

    #[test]
    fn a_page_rendered_by_script_falls_back_to_its_summary() {
        // The shell of a thread that a script fills: no text in the body, the first post's
        // opening in the page's summary (Open Graph ahead of the plain description).
        let shell = |body: &str| {
            format!(
                r#"<html><head><title>Which pump for a well? - Forum</title>
                <meta name="description" content="Plain summary of the question.">
                <meta property="og:description" content="Our well is forty metres deep and the old pump gave up; which kind should we buy?">
                </head><body><div id="app"></div>{body}</body></html>"#
            )
        };
        let a = extract(&shell(""));
        assert_eq!(
            a.paragraphs,
            ["Our well is forty metres deep and the old pump gave up; which kind should we buy?"]
        );
        // Without Open Graph the plain description serves.
        let plain = shell("").replace("og:description", "og:other");
        assert_eq!(
            extract(&plain).paragraphs,
            ["Plain summary of the question."]
        );
        // A page with text of its own keeps it, not the summary.
        let a = extract(&shell(&format!("<article><p>{PROSE}</p></article>")));
        assert_eq!(a.paragraphs, [PROSE]);
    }

    #[test]
    fn article_is_preferred_and_boilerplate_skipped() {
        let html = r#"<html lang="en-GB"><head><title>Big news | The Paper</title></head><body>
            <nav><p>Home News Sport</p></nav>
            <div class="sidebar"><p>Lots and lots of sidebar text that is long enough to matter a lot.</p></div>
            <article><h1>Big news</h1><p class="byline">By A. Writer</p>
              <p>First   paragraph
                 text, which is long enough to count as prose.</p><div class="share-tools"><p>Share this</p></div>
              <h2>Sub heading</h2><ul><li>Item one</li><li>Item <b>two</b></li></ul>
              <blockquote><p>Quoted words.</p></blockquote>
              <div id="comments"><p>A comment that is also long enough to count as prose.</p></div>
            </article><footer><p>Copyright</p></footer></body></html>"#;
        let a = extract(html);
        assert_eq!(a.title.as_deref(), Some("Big news"));
        assert_eq!(a.declared_language.as_deref(), Some("en"));
        assert_eq!(a.byline.as_deref(), Some("A. Writer"));
        assert_eq!(
            a.paragraphs,
            [
                "First paragraph text, which is long enough to count as prose.",
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
            <div class="story"><p>One long paragraph of story text goes here.</p><p>And a second one follows it, also long.</p></div></body>"#;
        let a = extract(html);
        assert_eq!(
            a.paragraphs,
            [
                "One long paragraph of story text goes here.",
                "And a second one follows it, also long."
            ]
        );
    }

    #[test]
    fn text_without_paragraph_markup_is_still_found() {
        let a = extract("<body><div>Loose text line one.<br><br>Line two.</div></body>");
        assert_eq!(a.paragraphs, ["Loose text line one. Line two."]);
    }

    #[test]
    fn related_links_comments_and_furniture_are_dropped() {
        let html = format!(
            r#"<body><div class="content"><div class="body">
            <p>{PROSE}</p><p>ADVERTISEMENT</p><p>{PROSE} Again.</p>
            <ul><li><a href="/a">Another story entirely</a></li><li><a href="/b">And one more story</a></li></ul>
            <p>Read more: <a href="/c">a story elsewhere on the site</a></p>
            <p>{PROSE} Thrice.</p></div>
            <section class="comments-area"><p>{PROSE} A reader wrote.</p></section>
            <div class="related-articles"><p>{PROSE} Related.</p></div>
            <div class="cookie-banner"><p>We use cookies to improve your experience, accept them all.</p></div>
            </div></body>"#
        );
        let a = extract(&html);
        assert_eq!(
            a.paragraphs,
            [
                PROSE.to_string(),
                format!("{PROSE} Again."),
                format!("{PROSE} Thrice.")
            ]
        );
    }

    #[test]
    fn split_bodies_are_merged() {
        let html = format!(
            r#"<body><div class="wrap"><div class="lead"><p>{PROSE} Lead.</p></div>
            <div class="menu-links"><a href="/1">One</a> <a href="/2">Two</a></div>
            <div class="part"><p>{PROSE} One.</p><p>{PROSE} Two.</p></div>
            <div class="part"><p>{PROSE} Three.</p><p>{PROSE} Four.</p></div></div>
            <div class="promo"><p>{PROSE} Promo.</p></div></body>"#
        );
        let a = extract(&html);
        let ends: Vec<&str> = a
            .paragraphs
            .iter()
            .map(|p| p.rsplit(' ').next().unwrap())
            .collect();
        assert_eq!(ends, ["Lead.", "One.", "Two.", "Three.", "Four."]);
    }

    #[test]
    fn marked_up_article_body_wins_over_longer_teasers() {
        let teaser = "A teaser paragraph about another story, long enough to read like prose, \
            with commas, clauses, and a full stop.";
        let html = format!(
            r#"<body><div class="page"><div itemprop="articleBody">Short breaking news: the
            bridge reopened on Monday after three weeks of repairs, officials said, and traffic
            was flowing normally again by the evening rush hour. The repairs cost more than planned.</div>
            <div class="more-box"><p>{teaser}</p><p>{teaser}</p><p>{teaser}</p></div></div></body>"#
        );
        let a = extract(&html);
        assert_eq!(
            a.paragraphs,
            [
                "Short breaking news: the bridge reopened on Monday after three weeks of repairs, \
              officials said, and traffic was flowing normally again by the evening rush hour. \
              The repairs cost more than planned."
            ]
        );
    }

    #[test]
    fn the_article_with_the_headline_is_the_story() {
        let blurb = |n: u32| {
            format!(
                "<article class=\"card\"><h2><a href=\"/{n}\">Other story {n}</a></h2><p>{PROSE} {PROSE} \
                 {PROSE} Blurb {n}.</p></article>"
            )
        };
        let html = format!(
            r#"<body><article class="main"><h1>Budget passes</h1><p>{PROSE} {PROSE} {PROSE} {PROSE} Story.</p></article>
            <section>{}{}{}</section></body>"#,
            blurb(1),
            blurb(2),
            blurb(3)
        );
        let a = extract(&html);
        assert_eq!(
            a.paragraphs,
            [format!("{PROSE} {PROSE} {PROSE} {PROSE} Story.")]
        );
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
            <meta property="article:published_time" content="2026-10-14T08:30:00Z">
            <meta property="article:modified_time" content="2026-10-15T09:00:00Z"></head>
            <body><time datetime="2020-05-05T00:00:00Z">old</time><p>x</p></body>"#;
        let a = extract(html);
        assert_eq!(a.published_at, Some(1_791_966_600_000));
        assert_eq!(a.modified_at, Some(1_792_054_800_000));
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2026-10-14T08:30:00Z",
            "dateModified":"2026-10-15T09:00:00Z","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}]}</script><p>x</p>"#;
        let a = extract(html);
        assert_eq!(a.published_at, Some(1_791_966_600_000));
        assert_eq!(a.modified_at, Some(1_792_054_800_000));
        assert_eq!(a.byline.as_deref(), Some("Jane Doe, John Roe"));
        let html = r#"<article><span itemprop="datePublished" content="2026-10-14T08:30:00Z"></span><p>x</p></article>"#;
        assert_eq!(extract(html).published_at, Some(1_791_966_600_000));
        let html =
            r#"<article><time datetime="2026-10-14T08:30:00Z">Oct 14</time><p>x</p></article>"#;
        assert_eq!(extract(html).published_at, Some(1_791_966_600_000));
        assert_eq!(extract("<p>x</p>").published_at, None);
    }

    #[test]
    fn dates_from_url_patterns() {
        let day = Some(1_791_936_000_000); // 2026-10-14
        assert_eq!(url_date("https://n.example/2026/10/14/story-slug"), day);
        assert_eq!(url_date("https://n.example/news/2026-10-14/story"), day);
        assert_eq!(url_date("https://n.example/a/20261014/story"), day);
        assert_eq!(url_date("https://n.example/2026/13/14/x"), None);
        assert_eq!(url_date("https://n.example/item/1234567890"), None);
        assert_eq!(url_date("https://2026.example/10/14"), None);
        let a = extract_html("<p>x</p>", "https://n.example/2026/10/14/x.html", 1 << 20);
        assert_eq!(a.published_at, day);
    }

    #[test]
    fn bylines_from_meta_and_markup() {
        let a = extract(r#"<meta name="author" content="Текст: Анна Петрова"><p>x</p>"#);
        assert_eq!(a.byline.as_deref(), Some("Анна Петрова"));
        let a = extract(r#"<meta name="author" content="Jane Doe"><p>x</p>"#);
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
        let a = extract(
            r#"<meta property="article:author" content="https://facebook.example/jd"><div class="story-byline">By Jane Doe</div><p>x</p>"#,
        );
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
        let a =
            extract(r#"<script type="application/ld+json">{"author":"Jane \u0044oe"}</script>"#);
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn one_author_object_ends_at_its_brace() {
        let html = r#"<script type="application/ld+json">{"@graph":[{"@type":"Article",
            "author":{"@id":"https://site.example/#/person/1","name":"Mira Holt"},
            "isPartOf":{"@id":"https://site.example/"},"name":"Ten ways to fix a fence",
            "keywords":["fences"]}]}</script><p>x</p>"#;
        assert_eq!(extract(html).byline.as_deref(), Some("Mira Holt"));
    }

    #[test]
    fn byline_lines_lose_their_dates_and_roles() {
        for (markup, name) in [
            (
                r#"<div class="byline">By Jane Roe - Staff Desk</div>"#,
                "Jane Roe",
            ),
            (
                r#"<span class="author">Sam Poe Jul 18, 2025 7 min</span>"#,
                "Sam Poe",
            ),
            (
                r#"<div class="author-name">Ada Kell Published on May 2, 2024</div>"#,
                "Ada Kell",
            ),
            (
                r#"<div class="byline">Li Wen | Field notes</div>"#,
                "Li Wen",
            ),
        ] {
            let a = extract(&format!("{markup}<p>x</p>"));
            assert_eq!(a.byline.as_deref(), Some(name), "{markup}");
        }
    }

    #[test]
    fn dates_written_in_the_page() {
        let day = |ms: Option<i64>| {
            ms.and_then(chrono::DateTime::from_timestamp_millis)
                .map(|d| d.format("%Y-%m-%d").to_string())
        };
        let a = extract(r#"<div class="post-date">February 8, 2022</div><p>x</p>"#);
        assert_eq!(day(a.published_at).as_deref(), Some("2022-02-08"));
        let a = extract(r#"<div><p>Published on July 18, 2025</p><p>Some text.</p></div>"#);
        assert_eq!(day(a.published_at).as_deref(), Some("2025-07-18"));
        // Metadata outranks text; a bare year or month is no publication date.
        let a = extract(
            r#"<meta property="article:published_time" content="2021-03-04"><p>May 1, 2020</p>"#,
        );
        assert_eq!(day(a.published_at).as_deref(), Some("2021-03-04"));
        assert_eq!(
            extract("<p>Since 2019, in March 2020.</p>").published_at,
            None
        );
    }

    #[test]
    fn the_last_update_stands_in_for_a_missing_publication_date() {
        let a = extract(
            r#"<meta property="article:modified_time" content="2026-10-15T09:00:00Z"><p>x</p>"#,
        );
        assert_eq!(a.published_at, Some(1_792_054_800_000));
        assert_eq!(a.modified_at, Some(1_792_054_800_000));
    }

    #[test]
    fn element_text_breaks_at_blocks() {
        let a = extract(
            r#"<div class="byline"><div>By Jane Doe</div><div>Staff<br>Writer</div></div><p>x</p>"#,
        );
        assert_eq!(a.byline.as_deref(), Some("Jane Doe Staff Writer"));
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
    fn walk_is_iterative_on_deep_trees() {
        // Parsed without the depth guard, deeper than any call stack would allow.
        let mut html = String::new();
        for _ in 0..50_000 {
            html.push_str("<span>");
        }
        html.push_str("deep words");
        let dom = Dom::parse(&html);
        let (mut opens, mut closes, mut found) = (0usize, 0usize, false);
        walk(&dom, ROOT, |v| {
            match v {
                Visit::Open(n) => {
                    opens += 1;
                    if let Data::Text(t) = &dom.node(n).data {
                        found |= t == "deep words";
                    }
                }
                Visit::Close(_) => closes += 1,
            }
            Some(true)
        });
        assert!(found);
        assert_eq!(opens, closes);
        assert!(opens > 50_000);
        // Reading the text of one element is capped.
        assert_eq!(text_of(&dom, ROOT, 100), "");
    }

    #[test]
    fn json_ld_declares_a_product_by_its_type() {
        assert!(declares_product(
            r#"{"@type": "Product", "name": "Kettle"}"#
        ));
        assert!(declares_product(
            r#"{"@graph":[{"@type":["Thing","Product"]}]}"#
        ));
        assert!(!declares_product(
            r#"{"@type":"NewsArticle","about":"Product"}"#
        ));
        assert!(!declares_product(r#"{"@type":"ProductGroup"}"#));
    }
}
