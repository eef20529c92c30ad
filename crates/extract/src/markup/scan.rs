//! The pre-parse tag scanner: a cheap pass over the markup that reports start and end tags,
//! comments and raw-text content with byte ranges, without building anything. The depth guard
//! ([`super::depth`]) and the slimming ([`super::slim`]) are both written over it.

use super::elements::{class_of, RAW_TEXT};

/// What [`scan`] reports, with the byte range it covers.
pub(super) enum Tag {
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
pub(super) fn scan(html: &str, mut on_tag: impl FnMut(usize, usize, Tag, &[u8], u8)) {
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

pub(super) fn name_end(b: &[u8], mut i: usize) -> usize {
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

/// Walks the attributes of the start tag `html[start..end]`: calls `f(name, written, value)`
/// with the lowercased name, the attribute as written (`name="value"`) and its value without
/// quotes (empty for a valueless attribute). Returns whether the tag ends in `/` (before `>`)
/// and where its own end is (the `>`, or `end` if the input ran out).
pub(super) fn for_each_attr<'h>(
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

#[cfg(test)]
mod tests {
    use super::*;

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
        for s in crate::chars::test_strings(&pieces, "", 2000) {
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
}
