//! A guard against pathologically deep markup.
//!
//! html5ever handles any depth, but some tree-construction steps scan the whole stack of open
//! elements, so a page nested 100,000 `<div>`s deep costs quadratic time. Browsers cap the DOM
//! depth (Blink at 512); this module does the same before parsing: a cheap tag scanner
//! estimates the nesting, and only when it exceeds the limit are the start tags (and matching
//! end tags) beyond the limit dropped. Their text is kept.

/// Deepest nesting passed to the parser. The estimate ignores void and implicitly closed
/// elements (`p`, `li`, `td`, ...), so real pages stay far below it; it bounds the parser's
/// per-tag stack scans (and so the whole parse) to O(body size × limit).
pub(crate) const MAX_DEPTH: usize = 256;

/// Elements that never have content (the reference for [`VOID`]).
#[cfg(test)]
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"basefont"
            | b"bgsound"
            | b"frame"
            | b"image"
    )
}

/// Elements that are closed implicitly by their next sibling (so they do not stack up), and the
/// document skeleton (the reference for [`FLAT`]).
#[cfg(test)]
fn is_flat(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"rb"
            | b"rt"
            | b"rtc"
            | b"rp"
            | b"colgroup"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Elements whose content is raw text up to the matching end tag (the reference for
/// [`RAW_TEXT`]).
#[cfg(test)]
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"noscript"
    )
}

/// [`is_void`]: an element that never has content.
const VOID: u8 = 1;
/// [`is_flat`]: closed implicitly by its next sibling, or the document skeleton.
const FLAT: u8 = 1 << 1;
/// [`is_raw_text`]: its content is raw text up to the matching end tag.
const RAW_TEXT: u8 = 1 << 2;
/// [`separates_text`]: the extraction's text breaks at its tags.
const SEPARATES: u8 = 1 << 3;

/// What the pre-parse passes need to know about a (lowercased) tag name, in one lookup per
/// tag instead of one per question: the union of the bits above. The lists the bits stand
/// for are kept as the functions they name, which the tests compare this with.
fn class_of(name: &[u8]) -> u8 {
    const VOID_SEP: u8 = VOID | SEPARATES;
    const FLAT_SEP: u8 = FLAT | SEPARATES;
    const RAW_SEP: u8 = RAW_TEXT | SEPARATES;
    match name {
        b"br" | b"hr" | b"meta" | b"link" | b"base" => VOID_SEP,
        b"area" | b"col" | b"embed" | b"img" | b"input" | b"param" | b"source" | b"track"
        | b"wbr" | b"keygen" | b"basefont" | b"bgsound" | b"frame" | b"image" => VOID,
        b"p" | b"li" | b"dt" | b"dd" | b"tr" | b"td" | b"th" | b"tbody" | b"thead" | b"tfoot"
        | b"html" | b"head" | b"body" => FLAT_SEP,
        b"option" | b"optgroup" | b"rb" | b"rt" | b"rtc" | b"rp" | b"colgroup" => FLAT,
        b"title" => RAW_SEP,
        b"script" | b"style" | b"textarea" | b"xmp" | b"iframe" | b"noembed" | b"noframes"
        | b"noscript" => RAW_TEXT,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"blockquote" | b"pre" | b"div"
        | b"section" | b"article" | b"main" | b"ul" | b"ol" | b"dl" | b"table" | b"caption"
        | b"header" | b"footer" | b"aside" | b"nav" | b"figure" | b"figcaption" | b"address"
        | b"details" | b"summary" | b"center" | b"form" | b"fieldset" => SEPARATES,
        _ => 0,
    }
}

enum Tag {
    Start {
        self_closing: bool,
    },
    End,
    /// The content of a raw-text element (`script`, `style`, ...), reported right after its
    /// start tag with the content's byte range.
    RawText,
    /// A comment, `<!--` to `-->`.
    Comment,
}

/// Scans the markup, calling `on_tag(start, end, tag, name, class)` for every start and end
/// tag, with the name's [`class_of`].
fn scan(html: &str, mut on_tag: impl FnMut(usize, usize, Tag, &[u8], u8)) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |p| p + 3);
            on_tag(lt, i, Tag::Comment, b"", 0);
            if i >= b.len() {
                break;
            }
            continue;
        }
        match rest.first() {
            Some(b'!') | Some(b'?') => {
                i = find(b, lt + 1, b">").map_or(b.len(), |p| p + 1);
            }
            Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
                let name_start = lt + 2;
                let name_end = name_end(b, name_start);
                let end = find(b, name_end, b">").map_or(b.len(), |p| p + 1);
                let mut buf = [0u8; 16];
                let name = lower_name(&b[name_start..name_end], &mut buf);
                on_tag(lt, end, Tag::End, name, class_of(name));
                i = end;
            }
            Some(b'/') => {
                i = find(b, lt + 1, b">").map_or(b.len(), |p| p + 1);
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name_start = lt + 1;
                let name_end = name_end(b, name_start);
                let (end, self_closing) = tag_end(b, name_end);
                let mut buf = [0u8; 16];
                let name = lower_name(&b[name_start..name_end], &mut buf);
                let class = class_of(name);
                on_tag(lt, end, Tag::Start { self_closing }, name, class);
                i = end;
                if name == b"plaintext" {
                    return;
                }
                if class & RAW_TEXT != 0 {
                    // Skip to the matching end tag, which the next round reports.
                    let mut closing = b"</".to_vec();
                    closing.extend_from_slice(name);
                    i = find_ignore_case(b, i, &closing).unwrap_or(b.len());
                    on_tag(end, i, Tag::RawText, name, class);
                }
            }
            _ => i = lt + 1,
        }
        if i >= b.len() {
            break;
        }
    }
}

/// A tag name lowercased into `buf` without allocating. Names longer than the buffer are
/// returned as written: every name this module looks for is shorter.
fn lower_name<'a>(raw: &'a [u8], buf: &'a mut [u8; 16]) -> &'a [u8] {
    if raw.len() > buf.len() {
        return raw;
    }
    for (d, s) in buf.iter_mut().zip(raw) {
        *d = s.to_ascii_lowercase();
    }
    &buf[..raw.len()]
}

fn name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    i
}

/// End of a start tag (one past `>`), honouring quoted attribute values; and whether it ends
/// in `/>`. A quote opens a value only right after `=` (whitespace aside), as in the HTML
/// tokenizer. Jumps from one `>` or quote to the next ([`next_tag_byte`]) and looks back only
/// from those: the same answer as [`tag_end_bytewise`], which reads every byte.
fn tag_end(b: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    while let Some(at) = next_tag_byte(b, i) {
        let c = b[at];
        // The last byte before `at` (since the tag name) that is not whitespace: a closing
        // quote jumped over below is such a byte, so the look-back never enters a value.
        let significant = b[from..at]
            .iter()
            .rev()
            .find(|c| !c.is_ascii_whitespace())
            .copied()
            .unwrap_or(0);
        if c == b'>' {
            return (at + 1, significant == b'/');
        }
        if significant == b'=' {
            match memchr::memchr(c, &b[at + 1..]) {
                Some(q) => i = at + 1 + q + 1,
                None => break,
            }
        } else {
            i = at + 1;
        }
    }
    (b.len(), false)
}

/// The first `>`, `"` or `'` at or after `i`, eight bytes at a time (tags are too short for a
/// vector searcher's set-up to pay).
fn next_tag_byte(b: &[u8], mut i: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of the lowest zero byte of `x` is exact (a borrow only runs upwards), which
    // is all that is read here.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & (0x80 * ONES);
    while let Some(w) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        let hits = zero(x ^ (u64::from(b'>') * ONES))
            | zero(x ^ (u64::from(b'"') * ONES))
            | zero(x ^ (u64::from(b'\'') * ONES));
        if hits != 0 {
            return Some(i + hits.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    let tail = b.get(i..)?;
    tail.iter()
        .position(|c| matches!(c, b'>' | b'"' | b'\''))
        .map(|p| i + p)
}

/// [`tag_end`] reading every byte: the reference the tests compare it with.
#[cfg(test)]
fn tag_end_bytewise(b: &[u8], mut i: usize) -> (usize, bool) {
    // The last byte before `i` (since the tag name) that is not whitespace.
    let mut significant = 0u8;
    while i < b.len() {
        let c = b[i];
        match c {
            b'>' => return (i + 1, significant == b'/'),
            b'"' | b'\'' if significant == b'=' => match memchr::memchr(c, &b[i + 1..]) {
                Some(q) => {
                    i += 1 + q + 1;
                    significant = c;
                    continue;
                }
                None => break,
            },
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            significant = c;
        }
        i += 1;
    }
    (b.len(), false)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    match needle {
        // One byte (`>`, the commonest search, usually a few bytes on): a plain loop, without
        // a searcher's set-up.
        [one] => b[from..].iter().position(|c| c == one),
        _ => memchr::memmem::find(&b[from..], needle),
    }
    .map(|p| from + p)
}

/// Like [`find`], ASCII case-insensitively; `needle` starts with a non-letter (`</`).
fn find_ignore_case(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut i = from;
    while i < b.len() {
        let at = i + memchr::memchr(first, &b[i..])?;
        let tail = &b[at + 1..];
        if tail.len() >= rest.len() && tail[..rest.len()].eq_ignore_ascii_case(rest) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Tracks estimated nesting depth over the scanner's tags.
struct Depth {
    depth: usize,
    /// Depth at which an `<svg>`/`<math>` subtree started (self-closing tags count there).
    foreign_from: Option<usize>,
}

enum Step {
    Open,
    Close,
    Neutral,
}

impl Depth {
    /// One tag: `name` and its [`class_of`].
    fn step(&mut self, tag: &Tag, name: &[u8], class: u8) -> Step {
        match tag {
            Tag::Start { self_closing, .. } => {
                if class & (VOID | FLAT) != 0 || (*self_closing && self.foreign_from.is_some()) {
                    return Step::Neutral;
                }
                self.depth += 1;
                if self.foreign_from.is_none() && matches!(name, b"svg" | b"math") {
                    self.foreign_from = Some(self.depth);
                }
                Step::Open
            }
            Tag::RawText | Tag::Comment => Step::Neutral,
            Tag::End => {
                if class & (VOID | FLAT) != 0 {
                    return Step::Neutral;
                }
                if self.foreign_from.is_some_and(|f| self.depth <= f) {
                    self.foreign_from = None;
                }
                self.depth = self.depth.saturating_sub(1);
                Step::Close
            }
        }
    }
}

/// Shallowest limit ever imposed.
pub(crate) const MIN_DEPTH: usize = 24;

/// Parser work allowed per document, in "tags × stack depth" steps. Huge pages get a lower
/// depth limit so that their parse stays within it.
const WORK_BUDGET: usize = 40_000_000;

/// The depth limit for a document with `tags` start and end tags.
fn depth_limit_for(tags: usize, max_limit: usize) -> usize {
    (WORK_BUDGET / tags.max(1)).clamp(MIN_DEPTH.min(max_limit), max_limit)
}

/// The markup with nesting flattened to at most `max_limit` levels (fewer for documents with
/// very many tags), or `None` when it is already within the limit.
pub(crate) fn limit_depth(html: &str, max_limit: usize) -> Option<String> {
    let mut d = Depth {
        depth: 0,
        foreign_from: None,
    };
    let mut max = 0;
    let mut tags = 0usize;
    scan(html, |_, _, tag, name, class| {
        if matches!(tag, Tag::Start { .. } | Tag::End) {
            tags += 1;
            d.step(&tag, name, class);
            max = max.max(d.depth);
        }
    });
    let limit = depth_limit_for(tags, max_limit);
    if max <= limit {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut d = Depth {
        depth: 0,
        foreign_from: None,
    };
    let mut dropped = 0usize;
    scan(html, |start, end, tag, name, class| {
        let drop = match tag {
            Tag::Start { .. } => {
                let over = d.depth >= limit;
                match d.step(&tag, name, class) {
                    Step::Open if over => {
                        // Undo: the dropped element does not nest.
                        d.depth -= 1;
                        if d.foreign_from == Some(d.depth + 1) {
                            d.foreign_from = None;
                        }
                        dropped += 1;
                        true
                    }
                    _ => false,
                }
            }
            Tag::RawText | Tag::Comment => false,
            Tag::End => {
                if dropped > 0 && class & (VOID | FLAT) == 0 {
                    dropped -= 1;
                    true
                } else {
                    d.step(&tag, name, class);
                    false
                }
            }
        };
        if drop {
            out.push_str(&html[copied..start]);
            copied = end;
        }
    });
    out.push_str(&html[copied..]);
    Some(out)
}

/// Attributes that survive [`slim`] on every element (what extraction reads).
fn kept_attr(name: &[u8]) -> bool {
    matches!(
        name,
        b"class"
            | b"id"
            | b"role"
            | b"hidden"
            | b"aria-hidden"
            | b"itemprop"
            | b"datetime"
            | b"style"
            | b"lang"
            | b"xml:lang"
            | b"type"
            | b"rel"
            | b"content"
    )
}

/// The markup reduced to what extraction reads, before the HTML5 parser sees it:
///
/// - the content of `<script>` (except JSON-LD), `<style>` and `<noscript>` is dropped;
/// - comments are dropped, and so is the content of `<nav>`, `<footer>`, `<aside>`,
///   `<figure>` (unless it holds a `<table>`), `<picture>`, `<template>`, `<svg>`, form
///   controls and media elements (when its end tag is found where the nesting says it should
///   be);
/// - start tags keep only the attributes extraction reads (`<meta>`, `<link>` and `<html>`
///   keep all of theirs);
///
/// Tags, text and nesting are untouched, so html5ever builds the same tree, minus text and
/// attributes that would be thrown away; on news pages that is over half of the bytes.
pub(crate) fn slim(html: &str) -> Slim {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut copied = 0usize;
    let mut last_start = (0usize, 0usize);
    // The element whose content is being dropped: its name, where its content began, how many
    // elements of that name are open, and the nesting depth it opened at.
    let mut cut: Option<(&'static [u8], usize, usize, usize)> = None;
    let mut d = Depth {
        depth: 0,
        foreign_from: None,
    };
    let (mut max_depth, mut tags) = (0usize, 0usize);
    // The raw-text element being left out with its tags (see [`dropped_raw_text`]).
    let mut dropping: Option<(&'static [u8], usize, usize)> = None;
    // Where the output stood right after the last tag that separates text.
    let mut separator_end: Option<usize> = None;
    scan(html, |start, end, tag, name, class| {
        if matches!(tag, Tag::Start { .. } | Tag::End) {
            tags += 1;
            d.step(&tag, name, class);
            max_depth = max_depth.max(d.depth);
        }
        if let Some((cut_name, from, open, at_depth)) = cut.as_mut() {
            match tag {
                Tag::Start {
                    self_closing: false,
                } if name == *cut_name => *open += 1,
                Tag::End if name == *cut_name => {
                    *open -= 1;
                    if *open == 0 {
                        push_squashed(&mut out, &html[copied..*from]);
                        copied = start;
                        cut = None;
                    }
                }
                // An ancestor closed first: the markup is not what it seems, keep it all.
                Tag::End if d.depth < *at_depth => cut = None,
                // A figure that frames a table is the table (see `content::holds_table`):
                // its markup is kept as written.
                Tag::Start { .. } if *cut_name == b"figure" && name == b"table" => cut = None,
                _ => {}
            }
            return;
        }
        if let Some((raw, tag_start, tag_end)) = dropping {
            // Inside a script/style/noscript element that is left out entirely.
            match tag {
                Tag::RawText => {
                    if raw == b"noscript" && is_fallback_markup(&html[start..end]) {
                        // A page rendered by script that ships its text for script-less
                        // readers here: parse that markup as ordinary content.
                        out.push_str("<div>");
                        push_squashed(&mut out, &html[start..end]);
                        out.push_str("</div>");
                    }
                    copied = end
                }
                Tag::End => {
                    if name == raw {
                        copied = end;
                    } else {
                        // Not its end tag ("</script-x>", where the scanner stops but the
                        // parser does not): keep the start tag after all, so that the parser
                        // still reads what follows as the element's content.
                        out.push_str(&html[tag_start..tag_end]);
                    }
                    dropping = None;
                }
                _ => {}
            }
            return;
        }
        let start_tag = matches!(tag, Tag::Start { .. });
        let drop_void = start_tag && dropped_void_tag(html, start, end, name);
        let drop_raw = if start_tag && !drop_void {
            dropped_raw_text(html, start, end, name)
        } else {
            None
        };
        let separator = !drop_void
            && drop_raw.is_none()
            && matches!(tag, Tag::Start { .. } | Tag::End)
            && class & SEPARATES != 0;
        if separator {
            // Whitespace alone between two separators is left out (see `separates_text`).
            push_squashed(&mut out, &html[copied..start]);
            copied = start;
            if let Some(l) = separator_end {
                if out.as_bytes()[l..].iter().all(u8::is_ascii_whitespace) {
                    out.truncate(l);
                }
            }
        }
        match tag {
            Tag::Start { .. } if drop_void => {
                push_squashed(&mut out, &html[copied..start]);
                copied = end;
            }
            Tag::Start { .. } if drop_raw.is_some() => {
                push_squashed(&mut out, &html[copied..start]);
                copied = end;
                dropping = drop_raw.map(|n| (n, start, end));
            }
            Tag::Start { self_closing } => {
                last_start = (start, end);
                if matches!(name, b"meta" | b"link" | b"html") || end - start < 8 {
                    // Left as written.
                } else {
                    push_squashed(&mut out, &html[copied..start]);
                    copied = end;
                    push_slim_tag(html, start, end, &mut out);
                }
                if !self_closing {
                    if let Some(n) = dropped_content(name) {
                        cut = Some((n, end, 1, d.depth));
                    }
                }
            }
            Tag::RawText if end > start => {
                let drop = match name {
                    b"style" | b"noscript" => true,
                    b"script" => !b[last_start.0..last_start.1]
                        .windows(7)
                        .any(|w| w.eq_ignore_ascii_case(b"ld+json")),
                    _ => false,
                };
                if drop {
                    push_squashed(&mut out, &html[copied..start]);
                    copied = end;
                }
            }
            Tag::Comment => {
                push_squashed(&mut out, &html[copied..start]);
                copied = end;
            }
            _ => {}
        }
        if separator {
            if copied < end {
                out.push_str(&html[copied..end]);
                copied = end;
            }
            separator_end = Some(out.len());
        }
    });
    push_squashed(&mut out, &html[copied..]);
    Slim {
        within_depth_limit: max_depth <= depth_limit_for(tags, MAX_DEPTH),
        tags,
        html: out,
    }
}

/// Shortest `<noscript>` content read as the page's fallback markup, in bytes.
const MIN_FALLBACK_BYTES: usize = 2000;

/// Whether the content of a `<noscript>` is a page's script-less rendering (paragraphs or
/// sections of text) rather than a tracking pixel, an image or a "please enable JavaScript"
/// line.
fn is_fallback_markup(content: &str) -> bool {
    if content.len() < MIN_FALLBACK_BYTES {
        return false;
    }
    let b = content.as_bytes();
    let mut text = 0usize;
    let mut in_tag = false;
    for &c in b {
        match c {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            c if !in_tag && !c.is_ascii_whitespace() => text += 1,
            _ => {}
        }
    }
    let has_blocks =
        memchr::memmem::find(b, b"<p").is_some() || memchr::memmem::find(b, b"<div").is_some();
    has_blocks && text >= MIN_FALLBACK_BYTES / 4
}

/// Appends `s` with every run of two or more ASCII whitespace bytes squashed to one (a
/// newline if the run had one). Extraction collapses whitespace anyway; the parser then has
/// fewer bytes to tokenize (indentation is a good part of many pages).
fn push_squashed(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let mut from = 0usize;
    let mut i = 0usize;
    while i < b.len() {
        // Seven bytes on at once while no two neighbours among the next eight can both be
        // whitespace (a single whitespace byte is kept as it is).
        if let Some(w) = b.get(i..i + 8) {
            let low = below_0x21(u64::from_le_bytes(w.try_into().expect("eight bytes")));
            if low & (low >> 8) == 0 {
                i += 7;
                continue;
            }
        }
        if !b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let run_start = i;
        let mut newline = false;
        while i < b.len() && b[i].is_ascii_whitespace() {
            newline |= b[i] == b'\n';
            i += 1;
        }
        if i - run_start >= 2 {
            // Both ends are ASCII, so these are character boundaries.
            out.push_str(&s[from..run_start]);
            out.push(if newline { '\n' } else { ' ' });
            from = i;
        }
    }
    out.push_str(&s[from..]);
}

/// The high bit of every byte of `x` that is below 0x21 (ASCII whitespace and controls), and
/// possibly of some bytes after such a byte, never of one when there is none before it: a
/// filter with no misses.
fn below_0x21(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    x.wrapping_sub(0x21 * ONES) & !x & (0x80 * ONES)
}

/// Tags at which the extraction's text breaks anyway: the block elements of
/// `content::is_block` (paragraphs are split there, and `text_of` puts a space there), `<br>`
/// (a space), and elements of the head. Whitespace alone between two of them is never text
/// the extraction keeps, so [`slim`] leaves it out: on news pages most text nodes are such
/// indentation between `</div>` and `<div>`, `</li>` and `<li>`. (The reference for
/// [`SEPARATES`].)
#[cfg(test)]
pub(crate) fn separates_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"li"
            | b"blockquote"
            | b"pre"
            | b"td"
            | b"th"
            | b"dd"
            | b"dt"
            | b"div"
            | b"section"
            | b"article"
            | b"main"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"table"
            | b"tr"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"caption"
            | b"header"
            | b"footer"
            | b"aside"
            | b"nav"
            | b"figure"
            | b"figcaption"
            | b"hr"
            | b"address"
            | b"details"
            | b"summary"
            | b"center"
            | b"form"
            | b"fieldset"
            | b"body"
            | b"html"
            | b"br"
            | b"head"
            | b"title"
            | b"meta"
            | b"link"
            | b"base"
    )
}

/// Raw-text elements that [`slim`] leaves out with their tags, not just their content:
/// `<style>`, `<noscript>` and `<script>` other than JSON-LD. They hold no text the extraction
/// reads and do not change how the parser nests what surrounds them.
fn dropped_raw_text(html: &str, start: usize, end: usize, name: &[u8]) -> Option<&'static [u8]> {
    match name {
        b"style" => Some(b"style"),
        b"noscript" => Some(b"noscript"),
        b"script" => (!html.as_bytes()[start..end]
            .windows(7)
            .any(|w| w.eq_ignore_ascii_case(b"ld+json")))
        .then_some(b"script"),
        _ => None,
    }
}

/// Elements whose whole content [`slim`] drops (extraction never reads inside them): their
/// name as a static string.
fn dropped_content(name: &[u8]) -> Option<&'static [u8]> {
    Some(match name {
        b"svg" => b"svg",
        b"nav" => b"nav",
        b"footer" => b"footer",
        b"aside" => b"aside",
        b"figure" => b"figure",
        b"picture" => b"picture",
        b"template" => b"template",
        b"button" => b"button",
        b"select" => b"select",
        b"video" => b"video",
        b"audio" => b"audio",
        b"canvas" => b"canvas",
        b"object" => b"object",
        b"map" => b"map",
        b"dialog" => b"dialog",
        _ => return None,
    })
}

/// The output of [`slim`].
pub(crate) struct Slim {
    pub html: String,
    /// Whether the nesting is already within what [`limit_depth`] allows (so it need not run).
    pub within_depth_limit: bool,
    /// Start and end tags seen (a size hint for the DOM).
    pub tags: usize,
}

/// Walks the attributes of the start tag `html[start..end]`: calls `f(name, written, value)`
/// with the lowercased name, the attribute as written (`name="value"`) and its value without
/// quotes (empty for a valueless attribute). Returns whether the tag ends in `/` (before `>`)
/// and where its own end is (the `>`, or `end` if the input ran out).
fn for_each_attr<'h>(
    html: &'h str,
    start: usize,
    end: usize,
    mut f: impl FnMut(&[u8], &'h str, &'h str),
) -> (bool, usize) {
    let b = html.as_bytes();
    let mut i = name_end(b, start + 1);
    // The tag's own end: the byte before `end` is `>` unless the input ran out.
    let stop = if end > start && b[end - 1] == b'>' {
        end - 1
    } else {
        end
    };
    let mut self_closing = false;
    while i < stop {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' {
            self_closing = true;
            i += 1;
            continue;
        }
        self_closing = false;
        let attr_start = i;
        while i < stop && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let name_end_at = i;
        while i < stop && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value;
        if i < stop && b[i] == b'=' {
            i += 1;
            while i < stop && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < stop && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let close = memchr::memchr(q, &b[i + 1..stop]).map(|p| i + 1 + p);
                value = (i + 1, close.unwrap_or(stop));
                i = close.map_or(stop, |p| p + 1);
            } else {
                let from = i;
                while i < stop && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = (from, i);
            }
        } else {
            // A valueless attribute: the whitespace after it belongs to the next one.
            i = name_end_at.max(attr_start + 1).min(stop);
            value = (i, i);
        }
        let mut buf = [0u8; 16];
        let name = lower_name(&b[attr_start..name_end_at], &mut buf);
        f(name, &html[attr_start..i], &html[value.0..value.1]);
    }
    (self_closing, stop)
}

/// Writes the start tag `html[start..end]` with only its kept attributes.
fn push_slim_tag(html: &str, start: usize, end: usize, out: &mut String) {
    let b = html.as_bytes();
    out.push_str(&html[start..name_end(b, start + 1)]);
    let (self_closing, stop) = for_each_attr(html, start, end, |name, written, _| {
        if kept_attr(name) {
            out.push(' ');
            out.push_str(written);
        }
    });
    if self_closing {
        out.push('/');
    }
    if stop < end {
        out.push('>');
    }
}

/// Whether a start tag of an element that holds no text is left out of the parser's input
/// altogether: `<meta>` that metadata extraction does not read (see
/// [`crate::html::is_read_meta_key`]), `<link>` other than `rel=canonical`, and `<input>`
/// and `<img>` (void, never read). A value with a character reference keeps its tag (the
/// parser would decode it; this scanner does not).
fn dropped_void_tag(html: &str, start: usize, end: usize, name: &[u8]) -> bool {
    match name {
        b"input" | b"img" => true,
        b"meta" => {
            let (mut content, mut key, mut entity) = (false, [None; 4], false);
            for_each_attr(html, start, end, |n, _, v| {
                entity |= v.contains('&');
                let slot = match n {
                    b"content" => {
                        content = true;
                        return;
                    }
                    b"property" => 0,
                    b"name" => 1,
                    b"itemprop" => 2,
                    b"http-equiv" => 3,
                    _ => return,
                };
                key[slot].get_or_insert(v);
            });
            if entity {
                return false;
            }
            let key = key.iter().flatten().next().copied().unwrap_or("");
            !content || !crate::html::is_read_meta_key(&key.trim().to_ascii_lowercase())
        }
        b"link" => {
            let mut canonical = false;
            for_each_attr(html, start, end, |n, _, v| {
                if n == b"rel" {
                    canonical |= v.contains('&')
                        || v.split_ascii_whitespace()
                            .any(|r| r.eq_ignore_ascii_case("canonical"));
                }
            });
            !canonical
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_markup_is_untouched() {
        let html = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul><img src=x><svg><path/><path/></svg></div>";
        assert_eq!(limit_depth(html, 3), None);
    }

    #[test]
    fn deep_markup_is_flattened_keeping_text() {
        let mut html = String::from("<body>");
        for _ in 0..50 {
            html.push_str("<div class=\"a>b\">");
        }
        html.push_str("deep text");
        for _ in 0..50 {
            html.push_str("</div>");
        }
        html.push_str("<p>after</p>");
        let out = limit_depth(&html, 10).expect("flattened");
        assert_eq!(out.matches("<div").count(), 10);
        assert_eq!(out.matches("</div>").count(), 10);
        assert!(out.contains("deep text") && out.ends_with("<p>after</p>"));
        assert_eq!(limit_depth(&out, 10), None);
    }

    #[test]
    fn comments_scripts_and_quotes_do_not_count() {
        let html = "<!-- <div><div><div> --><script>if (a<b) { '<div><div><div>' }</script><a title='<div>'>x</a>";
        assert_eq!(limit_depth(html, 1), None);
    }

    #[test]
    fn many_tags_lower_the_limit() {
        assert_eq!(depth_limit_for(1_000, MAX_DEPTH), MAX_DEPTH);
        assert_eq!(depth_limit_for(400_000, MAX_DEPTH), 100);
        assert_eq!(depth_limit_for(10_000_000, MAX_DEPTH), MIN_DEPTH);
        assert_eq!(depth_limit_for(10_000_000, 3), 3);
    }

    #[test]
    fn slim_drops_what_extraction_never_reads() {
        let html = "<html lang=en><head><style>p { color: red }</style>\
            <script>var a = '</div>';</script><script type=\"application/LD+JSON\">{\"a\": 1}</script>\
            <meta property=og:title content='T'></head><!-- note --><body>\
            <div class=\"a b\" data-x=\"1\" onclick='f(\">\")' hidden id=main>text <b>bold</b></div>\
            <img src=x.png alt=\"an image\"/><p title=t>para</p><noscript><img src=y></noscript>\
            <svg viewBox=\"0 0 1 1\"><svg><path d=\"M0\"/></svg><text>icon</text></svg>after";
        assert_eq!(
            slim(html).html,
            "<html lang=en><head>\
            <script type=\"application/LD+JSON\">{\"a\": 1}</script>\
            <meta property=og:title content='T'></head><body>\
            <div class=\"a b\" hidden id=main>text <b>bold</b></div>\
            <p>para</p><svg></svg>after"
        );
        // <meta> that metadata extraction does not read, <link> other than canonical.
        let head = "<meta charset=utf-8><meta name=viewport content=\"width=device-width\">\
            <meta NAME=\" Author \" content=\"Jane\"><meta property=og:title>\
            <meta name=\"x&amp;y\" content=1><link rel=stylesheet href=a.css>\
            <link rel=\"Canonical\" href=/a><script src=x.js></script><style>a{}</style>t";
        assert_eq!(
            slim(head).html,
            "<meta NAME=\" Author \" content=\"Jane\"><meta name=\"x&amp;y\" content=1>\
            <link rel=\"Canonical\" href=/a>t"
        );
        // A script whose end tag the scanner misreads keeps its start tag.
        assert_eq!(
            slim("<script>a</script-x>b</script><p>c").html,
            "<script></script-x>b</script><p>c"
        );
        assert_eq!(slim("<p>a  b\n\t c d</p>\n\n").html, "<p>a b\nc d</p>\n");
        let nav =
            "<div><nav class=menu><ul><li><a href=/>Home</a></ul><nav>x</nav></nav>text</div>";
        assert_eq!(slim(nav).html, "<div><nav class=menu></nav>text</div>");
        // A <nav> closed by its parent's end tag keeps its content.
        let unclosed = "<div><div><nav><a href=/>Home</a></div><p>text</p></div><nav></nav>";
        let out = slim(unclosed).html;
        assert!(out.contains("Home") && out.contains("<p>text</p>"), "{out}");
        for broken in [
            "<nav><svg>",
            "<div class=\"unterminated",
            "<div a=b",
            "<div ",
            "<p/",
            "<!-- x",
            "<a href='x",
        ] {
            let _ = slim(broken);
        }
    }

    #[test]
    fn whitespace_only_between_separators_is_dropped() {
        let html = "<body>\n  <div>\n <p>One <b>two</b>\n<i>three</i></p>\n</div>\n<ul>\n\
            <li><a href=x>a</a> <a href=y>b</a></li>\n <li>c</li>\n</ul>\n<span>d</span> \
            <br>\n<br> e</body>";
        assert_eq!(
            slim(html).html,
            "<body><div><p>One <b>two</b>\n<i>three</i></p></div><ul>\
            <li><a>a</a> <a>b</a></li><li>c</li></ul>\n<span>d</span> <br><br> e</body>"
        );
        // Dropped tags and comments in between do not count as text.
        let html = "<div>\n<!-- c -->\n<img src=x>\n<script>x</script>\n</div>";
        assert_eq!(slim(html).html, "<div></div>");
    }

    #[test]
    fn squashing_matches_a_byte_by_byte_reading() {
        // Runs of two or more ASCII whitespace bytes become one (a newline if they had one).
        fn reference(s: &str) -> String {
            let mut out = String::new();
            let mut run = String::new();
            for c in s.chars().chain(std::iter::once('\u{0}')) {
                if c.is_ascii_whitespace() {
                    run.push(c);
                    continue;
                }
                match run.len() {
                    0 => {}
                    1 => out.push_str(&run),
                    _ => out.push(if run.contains('\n') { '\n' } else { ' ' }),
                }
                run.clear();
                if c != '\u{0}' {
                    out.push(c);
                }
            }
            out
        }
        for s in [
            "plain words with single spaces and no runs at all here",
            "eight!!  two spaces at byte six, \t\ttabs, \n \n newlines,\r\n",
            "         leading and trailing           ",
            "a\x01\x02b!!!!!!!\x20\x21\x20c  dé  ж\u{A0}\u{A0}x \x0c\x0b y",
            "1234567 9012345\n\n78",
        ] {
            let mut out = String::new();
            push_squashed(&mut out, s);
            assert_eq!(out, reference(s), "{s:?}");
        }
    }

    #[test]
    fn name_classes_match_the_lists() {
        let mut names: Vec<&[u8]> = vec![
            b"",
            b"a",
            b"b",
            b"span",
            b"svg",
            b"math",
            b"plaintext",
            b"templat",
            b"x-li",
            b"lis",
            b"h7",
            b"p\0",
            b"brr",
            b"tablex",
            b"0123456789abcdefghij",
        ];
        // Every name of every list, and each with its last byte cut or a byte added.
        let all = "area base br col embed hr img input link meta param source track wbr keygen \
            basefont bgsound frame image p li dt dd option optgroup tr td th tbody thead tfoot rb \
            rt rtc rp colgroup html head body script style textarea title xmp iframe noembed \
            noframes noscript h1 h2 h3 h4 h5 h6 blockquote pre section article main ul ol dl \
            table caption header footer aside nav figure figcaption address details summary \
            center form fieldset div";
        let mut variants = Vec::new();
        for n in all.split_ascii_whitespace() {
            names.push(n.as_bytes());
            variants.push(n.as_bytes()[..n.len() - 1].to_vec());
            variants.push([n.as_bytes(), b"x"].concat());
            variants.push([b"x", n.as_bytes()].concat());
        }
        names.extend(variants.iter().map(Vec::as_slice));
        for n in names {
            let class = class_of(n);
            let s = String::from_utf8_lossy(n);
            assert_eq!(class & VOID != 0, is_void(n), "{s}");
            assert_eq!(class & FLAT != 0, is_flat(n), "{s}");
            assert_eq!(class & RAW_TEXT != 0, is_raw_text(n), "{s}");
            assert_eq!(class & SEPARATES != 0, separates_text(n), "{s}");
        }
    }

    #[test]
    fn tag_ends_match_a_byte_by_byte_reading() {
        let pieces = [
            "<div",
            " class=\"a b\"",
            " title='x > y'",
            " data-x=\"it's\"",
            " a = \"q\"",
            " b='",
            " c=\"",
            " d=x\"y",
            " e=\"",
            "/",
            " / ",
            "\"",
            "'",
            ">",
            "/>",
            " \n\t",
            "=",
            "text",
            " t=\"é>ж\"",
            "Ω\u{7f}\u{80}",
            " long-attribute-name-without-value",
        ];
        for s in crate::text::test_strings(&pieces, "", 2000) {
            let b = s.as_bytes();
            for from in [0, 1, 4.min(b.len()), b.len()] {
                assert_eq!(
                    tag_end(b, from),
                    tag_end_bytewise(b, from),
                    "{s:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn unterminated_constructs_do_not_panic() {
        for html in [
            "<",
            "<div",
            "<div a=\"",
            "<!--",
            "<script>",
            "</",
            "<!doctype",
            "<a b='c'",
            "<div/",
        ] {
            let _ = limit_depth(html, 0);
        }
    }
}
