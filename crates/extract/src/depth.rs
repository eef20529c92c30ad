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

/// Elements that never have content.
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
/// document skeleton.
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

/// Elements whose content is raw text up to the matching end tag.
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

enum Tag {
    Start { self_closing: bool },
    End,
}

/// Scans the markup, calling `on_tag(start, end, tag, name)` for every start and end tag.
fn scan(html: &str, mut on_tag: impl FnMut(usize, usize, Tag, &[u8])) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |p| p + 3);
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
                let name = b[name_start..name_end].to_ascii_lowercase();
                on_tag(lt, end, Tag::End, &name);
                i = end;
            }
            Some(b'/') => {
                i = find(b, lt + 1, b">").map_or(b.len(), |p| p + 1);
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name_start = lt + 1;
                let name_end = name_end(b, name_start);
                let (end, self_closing) = tag_end(b, name_end);
                let name = b[name_start..name_end].to_ascii_lowercase();
                on_tag(lt, end, Tag::Start { self_closing }, &name);
                i = end;
                if name == b"plaintext" {
                    return;
                }
                if is_raw_text(&name) {
                    // Skip to the matching end tag, which the next round reports.
                    let mut closing = b"</".to_vec();
                    closing.extend_from_slice(&name);
                    i = find_ignore_case(b, i, &closing).unwrap_or(b.len());
                }
            }
            _ => i = lt + 1,
        }
        if i >= b.len() {
            break;
        }
    }
}

fn name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    i
}

/// End of a start tag (one past `>`), honouring quoted attribute values; and whether it ends
/// in `/>`.
fn tag_end(b: &[u8], mut i: usize) -> (usize, bool) {
    let mut last_significant = 0u8;
    while i < b.len() {
        let c = b[i];
        match c {
            b'>' => return (i + 1, last_significant == b'/'),
            b'"' | b'\'' if last_significant == b'=' => {
                i = b[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .map_or(b.len(), |p| i + 1 + p);
                last_significant = c;
            }
            c if c.is_ascii_whitespace() => {}
            c => last_significant = c,
        }
        i += 1;
    }
    (b.len(), false)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ignore_case(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
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
    fn step(&mut self, tag: &Tag, name: &[u8]) -> Step {
        match tag {
            Tag::Start { self_closing, .. } => {
                if is_void(name) || is_flat(name) || (*self_closing && self.foreign_from.is_some())
                {
                    return Step::Neutral;
                }
                self.depth += 1;
                if self.foreign_from.is_none() && matches!(name, b"svg" | b"math") {
                    self.foreign_from = Some(self.depth);
                }
                Step::Open
            }
            Tag::End => {
                if is_void(name) || is_flat(name) {
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
    scan(html, |_, _, tag, name| {
        tags += 1;
        d.step(&tag, name);
        max = max.max(d.depth);
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
    scan(html, |start, end, tag, name| {
        let drop = match tag {
            Tag::Start { .. } => {
                let over = d.depth >= limit;
                match d.step(&tag, name) {
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
            Tag::End => {
                if dropped > 0 && !is_void(name) && !is_flat(name) {
                    dropped -= 1;
                    true
                } else {
                    d.step(&tag, name);
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
