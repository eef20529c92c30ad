//! A fast HTML tokenizer for the slimmed markup ([`crate::markup::slim::slim`]), feeding html5ever's
//! tree builder directly.
//!
//! html5ever's own tokenizer reads tag and attribute names a character at a time through a
//! buffer queue and a growing string per character; on news pages, where most of the slimmed
//! markup is tags, that is about two thirds of the parse. This tokenizer follows the same
//! states of the HTML standard for what slimmed markup holds (text, character references, start
//! and end tags with their attributes, a `<!DOCTYPE>`, and the raw text of `<title>`,
//! `<textarea>`, JSON-LD `<script>` and the like), and hands the same tokens to the same tree
//! builder, obeying what it answers (raw text, plain text), so the tree is the one html5ever
//! builds. Anything else (a NUL or carriage return anywhere, comments, `<?`, `</` not followed
//! by a letter, a markup declaration other than a doctype, `<!` inside a script) makes
//! [`run`] give up, and the caller parses the document with html5ever's tokenizer instead.
//!
//! The test in `dom.rs` compares the trees built both ways.

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{ns, Attribute, LocalName, QualName};

/// Tokenizes `html` into `sink`, ending it (EOF token, then `end`) when done. `false` when the
/// markup holds something this tokenizer leaves to html5ever: the sink has then seen a part of
/// the document and must be thrown away.
pub(crate) fn run<S: TokenSink>(html: &str, sink: &S) -> bool {
    let b = html.as_bytes();
    // (html5ever's tokenizer drops a leading byte order mark.)
    if u32::try_from(b.len()).is_err()
        || html.starts_with('\u{FEFF}')
        || memchr::memchr2(b'\0', b'\r', b).is_some()
    {
        return false;
    }
    let mut t = Tokenizer {
        html,
        b,
        input: StrTendril::from_slice(html),
        text: StrTendril::new(),
        text_from: 0,
        last_start: None,
    };
    if t.data(sink).is_none() {
        return false;
    }
    let _ = sink.process_token(Token::EOFToken, 0);
    sink.end();
    true
}

/// The tokenizer's whitespace (carriage returns never get here).
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0C | b' ')
}

struct Tokenizer<'a> {
    html: &'a str,
    b: &'a [u8],
    /// The whole input: text without character references is handed over as slices of it.
    input: StrTendril,
    /// Text with decoded character references not yet handed over (before `text_from`).
    text: StrTendril,
    /// Start of the text not yet handed over nor copied into `text`.
    text_from: usize,
    /// The name of the last start tag (for the end of raw text).
    last_start: Option<LocalName>,
}

/// What follows a tag.
enum Next {
    Data,
    Raw(RawKind),
    Plaintext,
}

impl Tokenizer<'_> {
    /// Hands over the pending text up to `end` (exclusive).
    fn flush_text<S: TokenSink>(&mut self, sink: &S, end: usize) {
        let tendril = if self.text.is_empty() {
            if end <= self.text_from {
                self.text_from = self.text_from.max(end);
                return;
            }
            self.input
                .subtendril(self.text_from as u32, (end - self.text_from) as u32)
        } else {
            if end > self.text_from {
                self.text.push_slice(&self.html[self.text_from..end]);
            }
            std::mem::take(&mut self.text)
        };
        self.text_from = end;
        let _ = sink.process_token(Token::CharacterTokens(tendril), 0);
    }

    /// Replaces `self.html[at..end]` (a character reference) with `chars` in the pending text.
    fn push_ref(&mut self, at: usize, end: usize, chars: &[char]) {
        self.text.push_slice(&self.html[self.text_from..at]);
        for &c in chars {
            self.text.push_char(c);
        }
        self.text_from = end;
    }

    /// The data state, from the start to the end of the input.
    fn data<S: TokenSink>(&mut self, sink: &S) -> Option<()> {
        let b = self.b;
        let mut i = 0;
        while let Some(off) = memchr::memchr2(b'<', b'&', &b[i..]) {
            let at = i + off;
            if b[at] == b'&' {
                i = match char_ref(self.html, at, false) {
                    Some((end, chars)) => {
                        self.push_ref(at, end, chars.as_slice());
                        end
                    }
                    None => at + 1,
                };
                continue;
            }
            match b.get(at + 1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.flush_text(sink, at);
                    let (end, next) = self.tag(sink, at + 1, TagKind::StartTag)?;
                    i = self.after_tag(sink, end, next)?;
                }
                Some(b'/') => match b.get(at + 2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        self.flush_text(sink, at);
                        let (end, next) = self.tag(sink, at + 2, TagKind::EndTag)?;
                        i = self.after_tag(sink, end, next)?;
                    }
                    Some(b'>') => {
                        // `</>`: nothing at all.
                        self.flush_text(sink, at);
                        i = at + 3;
                        self.text_from = i;
                    }
                    _ => return None,
                },
                Some(b'!') => {
                    self.flush_text(sink, at);
                    i = self.doctype(sink, at)?;
                    self.text_from = i;
                }
                Some(b'?') => return None,
                // A `<` that opens nothing is text.
                _ => i = at + 1,
            }
        }
        self.flush_text(sink, b.len());
        Some(())
    }

    /// Continues after a tag that ended at `end`: in the data state, or through the raw text
    /// the tree builder asked for. Returns where the data state resumes.
    fn after_tag<S: TokenSink>(&mut self, sink: &S, end: usize, next: Next) -> Option<usize> {
        self.text_from = end;
        match next {
            Next::Data => Some(end),
            Next::Plaintext => {
                self.flush_text(sink, self.b.len());
                Some(self.b.len())
            }
            Next::Raw(kind) => {
                let close = self.raw_end(end, &kind)?;
                if matches!(kind, RawKind::Rcdata) {
                    let mut i = end;
                    while let Some(off) = memchr::memchr(b'&', &self.b[i..close]) {
                        let at = i + off;
                        i = match char_ref(self.html, at, false) {
                            // A reference cannot run past the end tag's `<`.
                            Some((ref_end, chars)) => {
                                self.push_ref(at, ref_end, chars.as_slice());
                                ref_end
                            }
                            None => at + 1,
                        };
                    }
                }
                self.flush_text(sink, close);
                Some(close)
            }
        }
    }

    /// Where the raw text that starts at `from` ends: the `<` of the end tag named like the
    /// last start tag and followed by whitespace, `/` or `>`; the end of the input without
    /// one. `None` for script content with `<!` (the escaped states are html5ever's).
    fn raw_end(&self, from: usize, kind: &RawKind) -> Option<usize> {
        let name = self.last_start.as_deref().unwrap_or("").as_bytes();
        let b = self.b;
        let mut i = from;
        while let Some(off) = memchr::memchr(b'<', &b[i..]) {
            let at = i + off;
            if matches!(kind, RawKind::ScriptData) && b.get(at + 1) == Some(&b'!') {
                return None;
            }
            let name_at = at + 2;
            if b.get(at + 1) == Some(&b'/')
                && b.len() > name_at + name.len()
                && b[name_at..name_at + name.len()].eq_ignore_ascii_case(name)
                && matches!(
                    b[name_at + name.len()],
                    b'\t' | b'\n' | 0x0C | b' ' | b'/' | b'>'
                )
            {
                return Some(at);
            }
            i = at + 1;
        }
        Some(b.len())
    }

    /// A tag whose name starts at `from`: hands it to the sink, and returns where it ends and
    /// what follows. `None` at the end of the input inside the tag.
    fn tag<S: TokenSink>(&mut self, sink: &S, from: usize, kind: TagKind) -> Option<(usize, Next)> {
        let b = self.b;
        let html = self.html;
        let mut i = from;
        while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let name = lowercase_name(&html[from..i]);
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut duplicate = false;
        let mut self_closing = false;
        // The states after the tag name, as in the standard.
        loop {
            // Before an attribute name.
            let &c = b.get(i)?;
            if is_space(c) {
                i += 1;
                continue;
            }
            if c == b'/' {
                // The self-closing start tag state.
                match b.get(i + 1)? {
                    b'>' => {
                        self_closing = true;
                        i += 2;
                        break;
                    }
                    _ => {
                        i += 1;
                        continue;
                    }
                }
            }
            if c == b'>' {
                i += 1;
                break;
            }
            // An attribute name: its first character whatever it is (`=` included), then up
            // to whitespace, `/`, `>` or `=`.
            let name_from = i;
            i += utf8_len(c);
            while i < b.len() && !matches!(b[i], b'\t' | b'\n' | 0x0C | b' ' | b'/' | b'>' | b'=') {
                i += 1;
            }
            let attr_name = lowercase_name(&html[name_from..i]);
            // After the name.
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            let mut value = StrTendril::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                match *b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let close = i + 1 + memchr::memchr(q, &b[i + 1..])?;
                        value = attr_value(html, i + 1, close);
                        i = close + 1;
                        // After a quoted value: whitespace, `/` and `>` as before a name;
                        // anything else starts the next name (a parse error).
                    }
                    b'>' => {}
                    _ => {
                        let from = i;
                        while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        if i >= b.len() {
                            return None;
                        }
                        value = attr_value(html, from, i);
                    }
                }
            }
            if attrs.iter().any(|a| a.name.local == attr_name) {
                duplicate = true;
            } else {
                attrs.push(Attribute {
                    name: QualName::new(None, ns!(), attr_name),
                    value,
                });
            }
        }
        if kind == TagKind::StartTag {
            self.last_start = Some(name.clone());
        }
        let token = Token::TagToken(Tag {
            kind,
            name,
            self_closing,
            attrs,
            had_duplicate_attributes: duplicate,
        });
        let next = match sink.process_token(token, 0) {
            TokenSinkResult::RawData(kind) => Next::Raw(kind),
            TokenSinkResult::Plaintext => Next::Plaintext,
            _ => Next::Data,
        };
        Some((i, next))
    }

    /// `<!DOCTYPE name>`, optionally with `PUBLIC "id" ["id"]` or `SYSTEM "id"`, at `at`:
    /// hands it to the sink and returns where it ends. `None` for anything else.
    fn doctype<S: TokenSink>(&mut self, sink: &S, at: usize) -> Option<usize> {
        let b = self.b;
        let html = self.html;
        let mut i = at + 2;
        if !b.get(i..i + 7)?.eq_ignore_ascii_case(b"doctype") {
            return None;
        }
        i += 7;
        let spaces = |i: &mut usize| {
            let from = *i;
            while *i < b.len() && is_space(b[*i]) {
                *i += 1;
            }
            *i > from
        };
        if !spaces(&mut i) {
            return None;
        }
        let from = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == from {
            return None;
        }
        let name = StrTendril::from_slice(&html[from..i].to_ascii_lowercase());
        let mut doctype = Doctype {
            name: Some(name),
            public_id: None,
            system_id: None,
            force_quirks: false,
        };
        // A quoted identifier at `i`.
        let quoted = |i: &mut usize| -> Option<StrTendril> {
            let q = *b.get(*i)?;
            if q != b'"' && q != b'\'' {
                return None;
            }
            let close = *i + 1 + memchr::memchr(q, &b[*i + 1..])?;
            let id = &html[*i + 1..close];
            if id.contains('>') {
                return None;
            }
            *i = close + 1;
            Some(StrTendril::from_slice(id))
        };
        let spaced = spaces(&mut i);
        if b.get(i) != Some(&b'>') {
            let keyword = b.get(i..i + 6)?;
            if !spaced {
                return None;
            }
            if keyword.eq_ignore_ascii_case(b"public") {
                i += 6;
                if !spaces(&mut i) {
                    return None;
                }
                doctype.public_id = Some(quoted(&mut i)?);
                if spaces(&mut i) && b.get(i) != Some(&b'>') {
                    doctype.system_id = Some(quoted(&mut i)?);
                    spaces(&mut i);
                }
            } else if keyword.eq_ignore_ascii_case(b"system") {
                i += 6;
                if !spaces(&mut i) {
                    return None;
                }
                doctype.system_id = Some(quoted(&mut i)?);
                spaces(&mut i);
            } else {
                return None;
            }
            if b.get(i) != Some(&b'>') {
                return None;
            }
        }
        let _ = sink.process_token(Token::DoctypeToken(doctype), 0);
        Some(i + 1)
    }
}

/// Bytes in the UTF-8 character that starts with `c`.
fn utf8_len(c: u8) -> usize {
    match c {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// A tag or attribute name, ASCII uppercase lowered (other characters as they are).
fn lowercase_name(name: &str) -> LocalName {
    if name.bytes().any(|c| c.is_ascii_uppercase()) {
        LocalName::from(name.to_ascii_lowercase())
    } else {
        LocalName::from(name)
    }
}

/// An attribute value, `html[from..to]`, with its character references decoded.
fn attr_value(html: &str, from: usize, to: usize) -> StrTendril {
    let b = html.as_bytes();
    let Some(first) = memchr::memchr(b'&', &b[from..to]) else {
        return StrTendril::from_slice(&html[from..to]);
    };
    let mut out = StrTendril::new();
    let (mut copied, mut i) = (from, from + first);
    loop {
        // References are read up to the value's end only (the tokenizer reads them there too:
        // the closing quote or a space ends every name).
        if let Some((end, chars)) = char_ref(&html[..to], i, true) {
            out.push_slice(&html[copied..i]);
            for &c in chars.as_slice() {
                out.push_char(c);
            }
            copied = end;
            i = end;
        } else {
            i += 1;
        }
        match memchr::memchr(b'&', &b[i..to]) {
            Some(off) => i += off,
            None => break,
        }
    }
    out.push_slice(&html[copied..to]);
    out
}

/// The one or two characters of a character reference.
struct Chars {
    chars: [char; 2],
    len: usize,
}

impl Chars {
    fn as_slice(&self) -> &[char] {
        &self.chars[..self.len]
    }
}

/// The character reference at `at` (an `&`), as html5ever's character reference tokenizer
/// reads it: where it ends and its characters, or `None` when the `&` stays as it is (then the
/// characters after it are read again as text).
fn char_ref(html: &str, at: usize, in_attribute: bool) -> Option<(usize, Chars)> {
    let b = html.as_bytes();
    let start = at + 1;
    match *b.get(start)? {
        c if c.is_ascii_alphanumeric() => named_ref(html, start, in_attribute),
        b'#' => numeric_ref(b, start + 1),
        _ => None,
    }
}

fn numeric_ref(b: &[u8], mut i: usize) -> Option<(usize, Chars)> {
    let base = match b.get(i) {
        Some(b'x' | b'X') => {
            i += 1;
            16
        }
        _ => 10,
    };
    let digits_from = i;
    let (mut num, mut too_big) = (0u32, false);
    while let Some(d) = b.get(i).and_then(|&c| char::from(c).to_digit(base)) {
        num = num.wrapping_mul(base);
        if num > 0x10FFFF {
            too_big = true;
        }
        num = num.wrapping_add(d);
        i += 1;
    }
    if i == digits_from {
        return None;
    }
    if b.get(i) == Some(&b';') {
        i += 1;
    }
    let c = match num {
        n if n > 0x10FFFF || too_big => '\u{FFFD}',
        0x00 | 0xD800..=0xDFFF => '\u{FFFD}',
        0x80..=0x9F => C1_REPLACEMENTS[(num - 0x80) as usize]
            .or_else(|| char::from_u32(num))
            .unwrap_or('\u{FFFD}'),
        n => char::from_u32(n).unwrap_or('\u{FFFD}'),
    };
    Some((
        i,
        Chars {
            chars: [c, '\0'],
            len: 1,
        },
    ))
}

fn named_ref(html: &str, start: usize, in_attribute: bool) -> Option<(usize, Chars)> {
    // The longest name in the table that the text starts with: names are read a character at
    // a time while the text so far is a name or the start of one.
    let mut matched: Option<((u32, u32), usize)> = None;
    for (k, c) in html[start..].char_indices() {
        let upto = start + k + c.len_utf8();
        match NAMED_ENTITIES.get(&html[start..upto]) {
            Some(&m) if m.0 != 0 => matched = Some((m, upto)),
            Some(_) => {}
            None => break,
        }
    }
    let ((c1, c2), m_end) = matched?;
    let last = html[..m_end].chars().next_back()?;
    // The character after the name (none at the end of the input).
    let after = html[m_end..].chars().next();
    if last != ';' && in_attribute && after.is_some_and(|c| c == '=' || c.is_ascii_alphanumeric()) {
        return None;
    }
    let c1 = char::from_u32(c1)?;
    let (second, len) = match c2 {
        0 => ('\0', 1),
        c => (char::from_u32(c)?, 2),
    };
    Some((
        m_end,
        Chars {
            chars: [c1, second],
            len,
        },
    ))
}
