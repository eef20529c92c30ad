//! The slimming policy: the markup reduced to what extraction reads, before the HTML5 parser
//! sees it ([`slim`]). Which elements lose their content, which tags and attributes are left
//! out, and which whitespace goes are decided here; the tags are found by [`super::scan`].

use super::depth::{depth_limit_for, Depth, MAX_DEPTH};
use super::elements::{meta_field, META_KEY_ATTRS, SEPARATES};
use super::scan::{for_each_attr, name_end, scan, Tag};

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
///   `<figure>` (unless it holds a `<table>`, `<blockquote>` or `<pre>`), `<picture>`,
///   `<template>`, `<svg>`, form controls and media elements (when its end tag is found where
///   the nesting says it should be); the header of a disclosure (an accordion's question on a
///   `<button>`, [`is_disclosure_button`]) loses its tags instead, and its text is read in place;
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
    let mut d = Depth::default();
    let (mut max_depth, mut tags) = (0usize, 0usize);
    // The raw-text element being left out with its tags (see [`dropped_raw_text`]).
    let mut dropping: Option<(&'static [u8], usize, usize)> = None;
    // Where the output stood right after the last tag that separates text.
    let mut separator_end: Option<usize> = None;
    // Whether a heading is open (headings do not nest), and how many disclosure buttons whose
    // tags were left out (see [`is_disclosure_button`]) are still open.
    let (mut in_heading, mut unwrapped) = (false, 0usize);
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
                // A figure that frames a table, a quote or a listing is that text (see
                // `content::frames_text`): its markup is kept as written.
                Tag::Start { .. }
                    if *cut_name == b"figure"
                        && matches!(name, b"table" | b"blockquote" | b"pre") =>
                {
                    cut = None
                }
                _ => {}
            }
            return;
        }
        if let Some((raw, tag_start, tag_end)) = dropping {
            // Inside a script/style/noscript element that is left out entirely.
            match tag {
                Tag::RawText => {
                    if raw == b"noscript"
                        && is_fallback_markup(&html[start..end])
                        && !shown_before(&out, &html[start..end])
                    {
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
            Tag::Start {
                self_closing: false,
            } if name == b"button" && is_disclosure_button(html, start, end, in_heading) => {
                // The header of a disclosure (an accordion's question): its text is read in
                // place, as if the button were a span.
                push_squashed(&mut out, &html[copied..start]);
                out.push(' ');
                copied = end;
                unwrapped += 1;
            }
            Tag::End if name == b"button" && unwrapped > 0 => {
                push_squashed(&mut out, &html[copied..start]);
                out.push(' ');
                copied = end;
                unwrapped -= 1;
            }
            Tag::Start { self_closing } => {
                last_start = (start, end);
                if is_heading(name) && !self_closing {
                    in_heading = true;
                }
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
            Tag::End if is_heading(name) => in_heading = false,
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

fn is_heading(name: &[u8]) -> bool {
    matches!(name, b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6")
}

/// How far past a `<button>` start tag its end tag is looked for, in bytes, to read its text.
const MAX_BUTTON_LOOKAHEAD: usize = 2000;

/// Whether the `<button>` whose start tag is `html[start..end]` is the header of a disclosure
/// (the question of an accordion over its answer), so that its text is the page's. Two of
/// three signs are asked: it says whether it is expanded or which panel it controls
/// (`aria-expanded`, `aria-controls`; never a menu button, `aria-haspopup`), it is the text of
/// a heading, and its text is a question. One alone is not enough: a toggle of the page's
/// furniture says it is expanded, a heading holds a "Read more" control, and a question on a
/// button may be a prompt ("Was this helpful?"). Other buttons are controls ("Add to cart",
/// "Menu") whose content is left out.
fn is_disclosure_button(html: &str, start: usize, end: usize, in_heading: bool) -> bool {
    let (mut controls, mut popup) = (false, false);
    for_each_attr(html, start, end, |n, _, v| match n {
        b"aria-expanded" | b"aria-controls" => controls = true,
        b"aria-haspopup" => popup |= !v.trim().eq_ignore_ascii_case("false"),
        _ => {}
    });
    if popup || !(controls || in_heading) {
        return false;
    }
    if controls && in_heading {
        return true;
    }
    // Its text (tags left out) up to its end tag, when that is near.
    let b = html.as_bytes();
    let window = &b[end..b.len().min(end + MAX_BUTTON_LOOKAHEAD)];
    let Some(close) = memchr::memmem::find_iter(window, b"</").find(|&i| {
        window
            .get(i + 2..i + 8)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"button"))
    }) else {
        return false;
    };
    let mut last = None;
    let mut in_tag = false;
    for &c in &window[..close] {
        match c {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            c if !in_tag && !c.is_ascii_whitespace() => last = Some(c),
            _ => {}
        }
    }
    last == Some(b'?')
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

/// Runs of text a `<noscript>`'s content is sampled at by [`shown_before`], and their
/// least length in bytes.
const FALLBACK_SAMPLES: usize = 3;
const MIN_SAMPLE_BYTES: usize = 40;

/// Whether the fallback markup `content` (see [`is_fallback_markup`]) copies text that the
/// page already wrote before it (`written`: the slimmed markup so far, without scripts, styles
/// and other `<noscript>`s): a page that renders its text and then ships the same again for
/// script-less readers. Judged by a few runs of text of the fallback (the longest of its
/// first, middle and last parts), each looked for in what was written; all of them found is a
/// copy.
fn shown_before(written: &str, content: &str) -> bool {
    let content = content.as_bytes();
    let part = content.len() / FALLBACK_SAMPLES;
    (0..FALLBACK_SAMPLES).all(|k| {
        let window = &content[k * part..(k + 1) * part];
        // The longest run of text between two tags in this part (what follows a tag's `>`
        // up to the next `<`; the part's first piece may begin inside a tag and is left out).
        let sample = window
            .split(|&b| b == b'<')
            .skip(1)
            .filter_map(|piece| {
                let gt = memchr::memchr(b'>', piece)?;
                Some(piece[gt + 1..].trim_ascii())
            })
            .max_by_key(|t| t.len())
            .unwrap_or_default();
        sample.len() >= MIN_SAMPLE_BYTES
            && memchr::memmem::find(written.as_bytes(), sample).is_some()
    })
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
    /// Whether the nesting is already within what [`limit_depth`](super::depth::limit_depth) allows (so it need not run).
    pub within_depth_limit: bool,
    /// Start and end tags seen (a size hint for the DOM).
    pub tags: usize,
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
/// [`meta_field`]), `<link>` other than `rel=canonical`, and `<input>`
/// and `<img>` (void, never read). A value with a character reference keeps its tag (the
/// parser would decode it; this scanner does not).
fn dropped_void_tag(html: &str, start: usize, end: usize, name: &[u8]) -> bool {
    match name {
        b"input" | b"img" => true,
        b"meta" => {
            let (mut content, mut key, mut entity) = (false, [None; META_KEY_ATTRS.len()], false);
            for_each_attr(html, start, end, |n, _, v| {
                entity |= v.contains('&');
                if n == b"content" {
                    content = true;
                    return;
                }
                let Some(slot) = META_KEY_ATTRS.iter().position(|a| a.as_bytes() == n) else {
                    return;
                };
                key[slot].get_or_insert(v);
            });
            if entity {
                return false;
            }
            let key = key.iter().flatten().next().copied().unwrap_or("");
            !content || meta_field(&key.trim().to_ascii_lowercase()).is_none()
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
    fn the_header_of_a_disclosure_is_read_in_place() {
        let html = "<h3><button class=acc aria-expanded=false>Where <b>to</b> park</button></h3>\
            <div><button type=button>Send</button><button aria-controls=p2>Who pays?</button>\
            <button aria-haspopup=menu aria-expanded=false>Region?</button></div>\
            <h3><button>Any fees?</button><button>Next</button></h3>";
        assert_eq!(
            slim(html).html,
            "<h3> Where <b>to</b> park </h3><div><button type=button></button> Who pays? \
            <button></button></div><h3> Any fees? <button></button></h3>"
        );
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
}
