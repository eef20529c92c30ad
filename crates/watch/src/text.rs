//! Tokenisation shared by queries and claims.
//!
//! A word is what `claimwatch-text` says it is (one definition for extraction, matching,
//! highlighting and story dedup): a maximal run of letters and digits of any script, so
//! "North-Korea's" is `north`, `korea`, `s`. Words are lowercased character by character.
//! Korean particles are written attached to the noun (북한의 = 북한 + 의), so the noun alone
//! is a *prefix* of the word: write `북한*`. Han and kana characters are words of one
//! character each (no spaces separate words there), so `地震` is the phrase `地 震`, found
//! inside "花蓮規模6.2地震" or "發生地震後".

pub(crate) use claimwatch_text::{is_unspaced, is_word_char, push_lower};

/// One word of a claim. `lo..hi` is its lowercase form in the token buffer, `start..end` its
/// byte range in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub lo: u32,
    pub hi: u32,
    pub start: u32,
    pub end: u32,
}

/// Append the words of `text` to `buf` as ` w1 w2 … wn ` (each word preceded by one space, and
/// one closing space), recording each word in `toks`. With this layout an exact word `w` occurs
/// in the buffer exactly where ` w ` does, a prefix `p` where ` p` does and a phrase where
/// ` w1 w2 ` does, which is what the fast matching path relies on.
pub(crate) fn tokenize_into(text: &str, buf: &mut String, toks: &mut Vec<Tok>) {
    let mut in_word = false;
    let mut cur = Tok {
        lo: 0,
        hi: 0,
        start: 0,
        end: 0,
    };
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            if in_word && is_unspaced(c) {
                cur.hi = buf.len() as u32;
                cur.end = i as u32;
                toks.push(cur);
                in_word = false;
            }
            if !in_word {
                buf.push(' ');
                cur.lo = buf.len() as u32;
                cur.start = i as u32;
                in_word = true;
            }
            push_lower(buf, c);
            if is_unspaced(c) {
                cur.hi = buf.len() as u32;
                cur.end = (i + c.len_utf8()) as u32;
                toks.push(cur);
                in_word = false;
            }
        } else if in_word {
            cur.hi = buf.len() as u32;
            cur.end = i as u32;
            toks.push(cur);
            in_word = false;
        }
    }
    if in_word {
        cur.hi = buf.len() as u32;
        cur.end = text.len() as u32;
        toks.push(cur);
    }
    buf.push(' ');
}

/// Split text into lowercase words (the same words the matcher sees).
pub fn tokenize(text: &str) -> Vec<String> {
    let mut buf = String::with_capacity(text.len() + 2);
    let mut toks = Vec::new();
    tokenize_into(text, &mut buf, &mut toks);
    toks.iter()
        .map(|t| buf[t.lo as usize..t.hi as usize].to_string())
        .collect()
}

/// Normalise a field value (language, source id, tag, entity id) for comparison: lowercase,
/// whitespace runs collapsed to one space, control characters dropped, trimmed.
pub(crate) fn norm_field(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    norm_field_into(value, &mut out);
    out
}

/// [`norm_field`] into a cleared `out`, reusing its allocation.
pub(crate) fn norm_field_into(value: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    for c in value.trim().chars() {
        if c.is_whitespace() {
            space = true;
        } else if !c.is_control() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            push_lower(out, c);
        }
    }
}

/// A word of at most [`ShortWord::MAX`] bytes held inline, as a hash-table key: a lookup reads
/// the table's slot and no heap memory (the matcher's tables are probed once per word of every
/// claim, and a key behind a pointer costs a cache miss on each probe). It hashes and compares
/// as its bytes, so tables keyed by it are probed with a `&[u8]`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShortWord {
    len: u8,
    bytes: [u8; ShortWord::MAX],
}

impl ShortWord {
    pub const MAX: usize = 23;

    /// `None` when `s` is longer than [`ShortWord::MAX`] bytes.
    pub fn new(s: &str) -> Option<ShortWord> {
        let mut bytes = [0; ShortWord::MAX];
        bytes.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        Some(ShortWord {
            len: s.len() as u8,
            bytes,
        })
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).expect("built from a str")
    }
}

impl std::hash::Hash for ShortWord {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        // The same as hashing the `&[u8]` it borrows as, which lookups use.
        self.as_bytes().hash(h);
    }
}

impl std::borrow::Borrow<[u8]> for ShortWord {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl std::fmt::Debug for ShortWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}
