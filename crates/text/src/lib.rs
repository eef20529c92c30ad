//! One definition of a word, shared by every part of claimwatch that reads words: extraction
//! (attribution and hedging tokens), matching and highlighting of watch topics, and story
//! dedup shingles.
//!
//! A **word** is a maximal run of word characters: letters and digits of any script, plus
//! non-ASCII combining marks (so a word with diacritics written as combining characters stays
//! one word). Everything else separates words, so "North-Korea's" is `north`, `korea`, `s`.
//! Han and kana are written without spaces between words ([`is_unspaced`]): a run of them is
//! one word here, and the watch-topic matcher reads each of its characters as a word of its
//! own, so that a Chinese or Japanese term is found wherever it stands in a run.
//! Words are compared in lowercase, character by character ([`push_lower`]).
//!
//! Extraction builds *compound tokens* on top of these words ("Seoul-based", "Ukraine's"): a
//! compound is words joined by a hyphen or an apostrophe, and never splits a word.
//!
//! [`stem`] reduces a lowercase word to its stem in a language, so that inflected forms match:
//! `workers` → `worker`, `рабочих` → `рабоч`, `Arbeitern` → `arbeit`.

mod stem;

pub use stem::{stem, stem_into, Lang, STEM_LANGS};

use std::ops::Range;

/// Whether `c` belongs to a word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Cyrillic letters (the block without its signs and combining marks) and Hangul
        // syllables: the scripts of most text here, answered without the Unicode tables.
        0x400..=0x481 | 0x48A..=0x4FF | 0xAC00..=0xD7A3 => true,
        // General Punctuation (typographic quotes, dashes, spaces): frequent in news, and
        // without a letter, digit or mark.
        0x2000..=0x206F => false,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// Combining marks (general categories Mn, Mc, Me) of the blocks that hold them; they belong to
/// the word of the letter they modify.
#[inline]
pub fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F      // combining diacritical marks
        | 0x0483..=0x0489    // Cyrillic combining marks
        | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5 | 0x05C7 // Hebrew points
        | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8 | 0x06EA..=0x06ED // Arabic marks
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962..=0x0963 // Devanagari
        // Bengali to Sinhala: vowel signs, viramas, nuktas and the like (the letters and digits
        // of these blocks are alphanumeric already; Sinhala's kunddaliya is punctuation)
        | 0x0981..=0x0983 | 0x09BC | 0x09BE..=0x09C4 | 0x09C7..=0x09C8 | 0x09CB..=0x09CD
        | 0x09D7 | 0x09E2..=0x09E3 | 0x09FE // Bengali
        | 0x0A01..=0x0A03 | 0x0A3C..=0x0A51 | 0x0A70..=0x0A71 | 0x0A75 // Gurmukhi
        | 0x0A81..=0x0A83 | 0x0ABC..=0x0ACD | 0x0AE2..=0x0AE3 | 0x0AFA..=0x0AFF // Gujarati
        | 0x0B01..=0x0B03 | 0x0B3C..=0x0B57 | 0x0B62..=0x0B63 // Oriya
        | 0x0B82 | 0x0BBE..=0x0BCD | 0x0BD7 // Tamil
        | 0x0C00..=0x0C04 | 0x0C3C..=0x0C56 | 0x0C62..=0x0C63 // Telugu
        | 0x0C81..=0x0C83 | 0x0CBC..=0x0CD6 | 0x0CE2..=0x0CE3 // Kannada
        | 0x0D00..=0x0D03 | 0x0D3B..=0x0D3C | 0x0D3E..=0x0D4D | 0x0D57 | 0x0D62..=0x0D63 // Malayalam
        | 0x0D81..=0x0D83 | 0x0DCA..=0x0DDF | 0x0DF2..=0x0DF3 // Sinhala
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E // Thai
        | 0x0EB1 | 0x0EB4..=0x0EBC | 0x0EC8..=0x0ECE // Lao
        | 0x0F18..=0x0F19 | 0x0F35 | 0x0F37 | 0x0F39 | 0x0F3E..=0x0F3F | 0x0F71..=0x0F84
        | 0x0F86..=0x0F87 | 0x0F8D..=0x0FBC // Tibetan
        // Myanmar: vowel signs, the virama and the asat (" တာချီလိတ်" is one word)
        | 0x102B..=0x103E | 0x1056..=0x1059 | 0x105E..=0x1060 | 0x1062..=0x1064
        | 0x1067..=0x106D | 0x1071..=0x1074 | 0x1082..=0x108D | 0x108F | 0x109A..=0x109D
        | 0x17B4..=0x17D3 | 0x17DD // Khmer
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF // extended and symbol marks
        | 0x302A..=0x302F | 0x3099..=0x309A // CJK tone marks, kana voicing
        | 0xFE20..=0xFE2F)
}

/// Whether `c` is Han or kana, scripts written without spaces between words (the watch-topic
/// matcher reads each such character as a word of its own).
#[inline]
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{3005}' | '\u{3007}'
        | '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

/// Push the lowercase form of `c` to `out`.
#[inline]
pub fn push_lower(out: &mut String, c: char) {
    let u = c as u32;
    match u {
        0..=0x7F => out.push(c.to_ascii_lowercase()),
        // Cyrillic capitals map to fixed offsets; the lowercase ranges and Hangul have no case.
        0x410..=0x42F => out.push(char::from_u32(u + 0x20).unwrap_or(c)),
        0x400..=0x40F => out.push(char::from_u32(u + 0x50).unwrap_or(c)),
        0x430..=0x45F | 0xAC00..=0xD7A3 => out.push(c),
        _ => out.extend(c.to_lowercase()),
    }
}

/// `text` in lowercase, as words are compared.
pub fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_lower(&mut out, c);
    }
    out
}

/// The byte ranges of the words of `text`, in order.
pub fn word_spans(text: &str) -> WordSpans<'_> {
    WordSpans { text, pos: 0 }
}

/// Iterator returned by [`word_spans`].
#[derive(Debug, Clone)]
pub struct WordSpans<'a> {
    text: &'a str,
    /// Byte position of the next character to look at (always on a character boundary).
    pos: usize,
}

impl WordSpans<'_> {
    /// Whether the character at byte `i` belongs to a word, and its length in bytes. ASCII is
    /// answered from the byte.
    #[inline]
    fn at(&self, i: usize) -> (bool, usize) {
        let b = self.text.as_bytes()[i];
        if b < 0x80 {
            return (b.is_ascii_alphanumeric(), 1);
        }
        match self.text[i..].chars().next() {
            Some(c) => (is_word_char(c), c.len_utf8()),
            None => (false, 1),
        }
    }
}

impl Iterator for WordSpans<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let len = self.text.len();
        let mut i = self.pos;
        let start = loop {
            if i >= len {
                self.pos = len;
                return None;
            }
            let (word, n) = self.at(i);
            if word {
                break i;
            }
            i += n;
        };
        while i < len {
            let (word, n) = self.at(i);
            if !word {
                self.pos = i + n;
                return Some(start..i);
            }
            i += n;
        }
        self.pos = len;
        Some(start..len)
    }
}

/// The words of `text`, lowercased.
pub fn lower_words(text: &str) -> Vec<String> {
    word_spans(text).map(|r| lowercase(&text[r])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_of_southeast_asian_scripts_belong_to_their_word() {
        // Burmese "Tachileik" with its asat and its virama; Khmer "Phnom Penh".
        let words: Vec<&str> = word_spans("တာချီလိတ် ဒေသ ភ្នំពេញ")
            .map(|r| &"တာချီလိတ် ဒေသ ភ្នំពេញ"[r])
            .collect();
        assert_eq!(words, ["တာချီလိတ်", "ဒေသ", "ភ្នំពេញ"]);
    }

    #[test]
    fn fast_paths_agree_with_the_unicode_tables() {
        for u in (0..0x500).chain(0x1FF0..0x2080).chain(0xAC00..0xD7A4) {
            let Some(c) = char::from_u32(u) else { continue };
            let expected = c.is_alphanumeric() || is_combining_mark(c);
            assert_eq!(is_word_char(c), expected, "U+{u:04X}");
            let mut fast = String::new();
            push_lower(&mut fast, c);
            assert_eq!(fast, c.to_lowercase().to_string(), "U+{u:04X}");
        }
    }

    /// The byte-stepping iterator gives the runs of `is_word_char` characters, whatever the
    /// mix of ASCII, other scripts, marks and punctuation, at the start, middle and end.
    #[test]
    fn word_spans_are_the_runs_of_word_characters() {
        fn by_chars(text: &str) -> Vec<Range<usize>> {
            let mut out = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices() {
                match (is_word_char(c), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        out.push(s..i);
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                out.push(s..text.len());
            }
            out
        }
        let pieces = [
            "a",
            "Z9",
            " ",
            "-",
            "’",
            "—",
            "é",
            "e\u{301}",
            "Сибирь",
            "북한",
            "中文",
            "🙂",
            "\u{a0}",
            "²",
            ".",
            "",
        ];
        let mut x = 17u64;
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..(x % 9) {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                text.push_str(pieces[(x >> 33) as usize % pieces.len()]);
            }
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            assert_eq!(
                word_spans(&text).collect::<Vec<_>>(),
                by_chars(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_in_any_script() {
        assert_eq!(
            lower_words("North-Korea's 2,000 рабочих, 북한의 «Сибирь»"),
            [
                "north",
                "korea",
                "s",
                "2",
                "000",
                "рабочих",
                "북한의",
                "сибирь"
            ]
        );
        let text = "a  b,c";
        let spans: Vec<_> = word_spans(text).collect();
        assert_eq!(spans, [0..1, 3..4, 5..6]);
        assert_eq!(word_spans("").count(), 0);
        assert_eq!(word_spans(" ,.").count(), 0);
    }

    #[test]
    fn combining_marks_stay_in_their_word() {
        // "café" with a combining acute accent, and a Devanagari word with a vowel sign.
        assert_eq!(lower_words("Cafe\u{301} open"), ["cafe\u{301}", "open"]);
        assert_eq!(lower_words("हिंदी text").len(), 2);
        // Bengali with a virama (ধর্মঘট, a strike) and a nukta (য়), Tamil with its virama.
        assert_eq!(lower_words("ধর্মঘট শ্রমিকদের"), ["ধর্মঘট", "শ্রমিকদের"]);
        assert_eq!(lower_words("কারখানায় আজ").len(), 2);
        assert_eq!(lower_words("வேலைநிறுத்தம் இன்று").len(), 2);
    }
}
