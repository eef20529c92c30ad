//! A guard against pathologically deep markup.
//!
//! html5ever handles any depth, but some tree-construction steps scan the whole stack of open
//! elements, so a page nested 100,000 `<div>`s deep costs quadratic time. Browsers cap the DOM
//! depth (Blink at 512); this module does the same before parsing: the tag scanner
//! ([`super::scan`]) estimates the nesting, and only when it exceeds the limit are the start
//! tags (and matching end tags) beyond the limit dropped. Their text is kept.

use super::elements::{FLAT, VOID};
use super::scan::{scan, Tag};

/// Deepest nesting passed to the parser. The estimate ignores void and implicitly closed
/// elements (`p`, `li`, `td`, ...), so real pages stay far below it; it bounds the parser's
/// per-tag stack scans (and so the whole parse) to O(body size × limit).
pub(crate) const MAX_DEPTH: usize = 256;

/// Tracks estimated nesting depth over the scanner's tags (from zero, outside any `<svg>`).
#[derive(Default)]
pub(super) struct Depth {
    pub(super) depth: usize,
    /// Depth at which an `<svg>`/`<math>` subtree started (self-closing tags count there).
    pub(super) foreign_from: Option<usize>,
}

pub(super) enum Step {
    Open,
    Close,
    Neutral,
}

impl Depth {
    /// One tag: `name` and its [`class_of`].
    pub(super) fn step(&mut self, tag: &Tag, name: &[u8], class: u8) -> Step {
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
pub(super) fn depth_limit_for(tags: usize, max_limit: usize) -> usize {
    (WORK_BUDGET / tags.max(1)).clamp(MIN_DEPTH.min(max_limit), max_limit)
}

/// The markup with nesting flattened to at most `max_limit` levels (fewer for documents with
/// very many tags), or `None` when it is already within the limit.
pub(crate) fn limit_depth(html: &str, max_limit: usize) -> Option<String> {
    let mut d = Depth::default();
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
    let mut d = Depth::default();
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
