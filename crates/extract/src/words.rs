//! A small word/punctuation tokenizer for the claim heuristics.

use std::borrow::Cow;

use crate::chars::{char_at, is_word_char};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Punct,
}

#[derive(Debug, Clone)]
pub(crate) struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    /// Lowercase form (for words; punctuation keeps its text). Borrowed when the text is
    /// lowercase already.
    pub lower: Cow<'a, str>,
}

impl Token<'_> {
    /// [`Token::lower`] as a `&str`.
    pub fn lower_str(&self) -> &str {
        &self.lower
    }

    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_punct(&self, chars: &[char]) -> bool {
        self.kind == Kind::Punct && self.text.chars().next().is_some_and(|c| chars.contains(&c))
    }

    /// Starts with an uppercase letter (or a digit, which names often contain).
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_uppercase())
    }
}

/// A cheap, exact pre-check for a set of lowercase words: for each first byte, the byte
/// lengths of the words that start with it (longer than 62 bytes: one shared bit). A word it
/// rejects is not in the set; a word it admits still needs the real lookup. Every word of every
/// sentence goes through the hedge and date tables, and most are in neither.
#[derive(Debug, Clone)]
pub(crate) struct WordFilter {
    lengths: Box<[u64; 256]>,
}

impl WordFilter {
    pub(crate) fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> WordFilter {
        let mut lengths = Box::new([0u64; 256]);
        for w in words {
            if let Some(&b) = w.as_bytes().first() {
                lengths[b as usize] |= Self::bit(w.len());
            }
        }
        WordFilter { lengths }
    }

    fn bit(len: usize) -> u64 {
        1 << len.min(63)
    }

    /// False only for words that are certainly not in the set.
    #[inline]
    pub(crate) fn may_contain(&self, word: &str) -> bool {
        word.as_bytes()
            .first()
            .is_some_and(|&b| self.lengths[b as usize] & Self::bit(word.len()) != 0)
    }
}

/// The filter of the empty set.
impl Default for WordFilter {
    fn default() -> WordFilter {
        WordFilter::new([])
    }
}

/// Joiners that may sit inside a word: `Seoul-based`, `по-видимому`, `Ukraine's`, `peut-être`.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '‐' | '‑' | 'ʼ')
}

/// `text` lowercased, without allocating when it has no uppercase ASCII and no non-ASCII.
#[cfg(test)]
fn lowercase(text: &str) -> Cow<'_, str> {
    lowercase_known(text, text.is_ascii())
}

/// [`lowercase`], told whether `text` is ASCII.
fn lowercase_known(text: &str, ascii: bool) -> Cow<'_, str> {
    if ascii {
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        }
    } else if text
        .chars()
        .all(|c| c.is_ascii() || ('\u{400}'..='\u{45F}').contains(&c))
    {
        // ASCII and the basic Cyrillic block, as `str::to_lowercase` maps them: А-Я and Ѐ-Џ
        // to а-я and ѐ-џ, the rest unchanged.
        let mut lower = String::with_capacity(text.len());
        for c in text.chars() {
            lower.push(match c {
                'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
                'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
                c => c.to_ascii_lowercase(),
            });
        }
        Cow::Owned(lower)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// `u8::is_ascii_alphanumeric` as a table: one load per byte of the tokenizer's inner loop.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// [`is_word_char`], answering ASCII inline.
#[inline]
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_word_char(c)
    }
}

pub(crate) fn tokenize(s: &str) -> Vec<Token<'_>> {
    tokenize_by(s, |_, text, ascii| lowercase_known(text, ascii))
}

/// [`tokenize`], with `lower` = `s.to_ascii_lowercase()` (computed once for a whole text and
/// sliced per sentence): ASCII words borrow their lowercase form from it.
pub(crate) fn tokenize_lowered<'a>(s: &'a str, lower: &'a str) -> Vec<Token<'a>> {
    debug_assert_eq!(s.len(), lower.len());
    tokenize_by(s, |start, text: &'a str, ascii| {
        if ascii {
            Cow::Borrowed(&lower[start..start + text.len()])
        } else {
            lowercase_known(text, false)
        }
    })
}

/// The tokens of `s`; `lower_of(start, word, is_ascii)` gives a word's lowercase form.
fn tokenize_by<'a>(
    s: &'a str,
    lower_of: impl Fn(usize, &'a str, bool) -> Cow<'a, str>,
) -> Vec<Token<'a>> {
    // About one token per five bytes of prose.
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    let b = s.as_bytes();
    let mut i = 0;
    while let Some((c, len)) = char_at(s, i) {
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if is_word(c) {
            let mut end = i + len;
            let mut ascii = len == 1;
            loop {
                // ASCII letters and digits a byte at a time, then anything else.
                while b.get(end).is_some_and(|&x| ASCII_ALNUM[usize::from(x)]) {
                    end += 1;
                }
                // Any other ASCII character but a joiner ends the word.
                if b.get(end)
                    .is_some_and(|&x| x.is_ascii() && x != b'-' && x != b'\'')
                {
                    break;
                }
                let Some((n, n_len)) = char_at(s, end) else {
                    break;
                };
                if is_word(n)
                    // Only a joiner if a word character follows it.
                    || (is_joiner(n) && char_at(s, end + n_len).is_some_and(|(a, _)| is_word(a)))
                {
                    end += n_len;
                    ascii &= n_len == 1;
                } else {
                    break;
                }
            }
            let text = &s[i..end];
            out.push(Token {
                kind: Kind::Word,
                text,
                start: i,
                end,
                lower: lower_of(i, text, ascii),
            });
            i = end;
        } else {
            let end = i + len;
            out.push(Token {
                kind: Kind::Punct,
                text: &s[i..end],
                start: i,
                end,
                lower: Cow::Borrowed(&s[i..end]),
            });
            i = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_punctuation() {
        let toks = tokenize("Seoul-based analysts, по-видимому, said: \"no\".");
        let texts: Vec<&str> = toks.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            [
                "Seoul-based",
                "analysts",
                ",",
                "по-видимому",
                ",",
                "said",
                ":",
                "\"",
                "no",
                "\"",
                "."
            ]
        );
        assert!(toks[0].is_capitalized() && !toks[1].is_capitalized());
        assert_eq!(
            &"Seoul-based analysts"[toks[1].start..toks[1].end],
            "analysts"
        );
    }

    #[test]
    fn lowercase_as_the_standard_library() {
        for w in [
            "Ёлка",
            "ЖУРНАЛ",
            "Ѐ",
            "Їжак",
            "Straße",
            "ΣΟΦΙΑΣ",
            "İstanbul",
            "Déjà",
        ] {
            assert_eq!(lowercase(w), w.to_lowercase(), "{w}");
        }
    }

    #[test]
    fn lowered_tokens_are_the_same() {
        let s = "Seoul-based ANALYSTS, по-видимому, Said: \"No\".";
        let lower = s.to_ascii_lowercase();
        let plain = tokenize(s);
        let lowered = tokenize_lowered(s, &lower);
        assert_eq!(plain.len(), lowered.len());
        for (a, b) in plain.iter().zip(&lowered) {
            assert_eq!(
                (a.text, a.start, a.lower_str()),
                (b.text, b.start, b.lower_str())
            );
        }
    }

    #[test]
    fn word_filter_admits_every_member() {
        let words = ["likely", "вероятно", "것으로", "a", &"x".repeat(80)];
        let f = WordFilter::new(words.iter().copied());
        for w in words {
            assert!(f.may_contain(w), "{w}");
        }
        assert!(f.may_contain(&"x".repeat(70)), "long words share one bit");
        for w in ["likelier", "unlikely", "b", "", "вероятн"] {
            assert!(!f.may_contain(w), "{w}");
        }
    }

    #[test]
    fn trailing_joiners_are_punctuation() {
        let texts: Vec<&str> = tokenize("well- 'quoted'").iter().map(|t| t.text).collect();
        assert_eq!(texts, ["well", "-", "'", "quoted", "'"]);
    }
}
