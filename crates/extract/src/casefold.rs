//! Case folding with a map back to the original byte offsets.
//!
//! Matching runs over a folded copy of the text: Unicode lowercase, NFC, `ё`→`е`, typographic
//! apostrophes → `'`, every run of whitespace → one space, and the letters that Arabic-script
//! writers use interchangeably made one ([`fold_arabic`]). Folding can change byte lengths
//! (`İ` → `i̇`, `K` (Kelvin) → `k`, `  ` → ` `), so [`Folded`] keeps the breakpoints needed to map
//! a folded offset back to the original text.

use unicode_normalization::char::{canonical_combining_class, compose};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Longest run of combining characters kept in one segment (pathological "zalgo" text is cut
/// into several segments instead of growing without bound).
const MAX_SEGMENT_CHARS: usize = 32;

/// A folded copy of a text.
#[derive(Debug, Clone)]
pub(crate) struct Folded {
    pub text: String,
    /// Segments whose folded form differs in byte length from the original, or that span
    /// several characters; everything between two of them maps one-to-one.
    atoms: Vec<Atom>,
}

#[derive(Debug, Clone, Copy)]
struct Atom {
    folded_start: usize,
    folded_len: usize,
    orig_start: usize,
    orig_len: usize,
}

/// Folds one character that forms a segment on its own (the common case).
fn fold_char(c: char, out: &mut String) {
    match c {
        'ё' | 'Ё' => out.push('е'),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{0060}' | '\u{00B4}' | '\u{2032}' => {
            out.push('\'')
        }
        '\u{2010}' | '\u{2011}' => out.push('-'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        '\u{0622}'..='\u{06D3}' => {
            if let Some(f) = fold_arabic(c) {
                out.push(f);
            }
        }
        c => {
            let start = out.len();
            out.extend(c.to_lowercase());
            if is_nfc_quick(out[start..].chars()) != IsNormalized::Yes {
                let nfc: String = out[start..].nfc().collect();
                out.truncate(start);
                out.push_str(&nfc);
            }
        }
    }
}

/// The Arabic-script letter that `c` is written for in matching, or `None` for a vowel mark
/// (dropped). As search engines normalise Arabic: hamza forms of alef (`أ إ آ ٱ`) are `ا`, alef
/// maksura `ى` is `ي`, teh marbuta `ة` is `ه` (news writes "كويتة" and "كويته"), and the Persian
/// and Urdu forms of yeh, kaf and heh (`ی ک ڪ ہ ۃ`) are the Arabic ones, so one alias serves the
/// several orthographies a name is met in. Every pair is two bytes long in UTF-8.
fn fold_arabic(c: char) -> Option<char> {
    match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => Some('\u{0627}'),
        '\u{0649}' | '\u{06CC}' => Some('\u{064A}'),
        '\u{0629}' | '\u{06C1}' | '\u{06C3}' => Some('\u{0647}'),
        '\u{06A9}' | '\u{06AA}' => Some('\u{0643}'),
        // Tanween, short vowels, shadda, sukun, superscript alef.
        '\u{064B}'..='\u{0652}' | '\u{0670}' => None,
        c => Some(c),
    }
}

/// ASCII whitespace as `char::is_whitespace` sees it: tab, line feed, vertical tab, form feed,
/// carriage return and space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Whether a basic Cyrillic letter (А-я, U+0410..U+044F) is encoded at `b[i..]`.
fn is_basic_cyrillic(b: &[u8], i: usize) -> bool {
    matches!(
        (b.get(i), b.get(i + 1)),
        (Some(0xD0), Some(0x90..=0xBF)) | (Some(0xD1), Some(0x80..=0x8F))
    )
}

/// Where the run from `pos` ends that [`Folded::new`] folds character for character with
/// [`fold_simple`]: ASCII and basic Cyrillic letters followed by ASCII, by such a letter or by
/// the end (nothing composes with them: each is a segment of its own, already NFC), where a
/// whitespace character is not followed by another (a one-character run, folded to one space).
/// The flag says whether the run is ASCII without `` ` `` and with no whitespace but spaces,
/// which fold by lowercasing alone.
fn simple_run_end(b: &[u8], pos: usize) -> (usize, bool) {
    run_end(b, pos, true)
}

/// [`simple_run_end`], eight plain ASCII bytes at a time where [`plain_ascii_chunk`] allows
/// when `chunked`, else byte by byte.
fn run_end(b: &[u8], mut pos: usize, chunked: bool) -> (usize, bool) {
    let mut plain = true;
    while let Some(&c) = b.get(pos) {
        if let Some(n) = plain_ascii_chunk(b, pos).filter(|_| chunked) {
            pos += n;
            continue;
        }
        let len = if c.is_ascii() {
            1
        } else if is_basic_cyrillic(b, pos) {
            2
        } else {
            break;
        };
        let next = pos + len;
        let whole = match b.get(next) {
            None => true,
            Some(&n) if n.is_ascii() => !(is_ascii_space(c) && is_ascii_space(n)),
            Some(_) => is_basic_cyrillic(b, next),
        };
        if !whole {
            break;
        }
        plain &= len == 1 && c != b'`' && (c == b' ' || !is_ascii_space(c));
        pos = next;
    }
    (pos, plain)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of every zero byte of `x`, exactly (no borrow between bytes).
fn zero_bytes(x: u64) -> u64 {
    !(((x & !HIGHS) + !HIGHS) | x) & HIGHS
}

/// Eight bytes at `b[pos..]` that [`simple_run_end`] would take one by one with its flag kept
/// (ASCII without control characters or `` ` ``, spaces never doubled, and an ASCII byte
/// after them that does not double a final space): `Some(8)`, else `None`.
#[inline]
fn plain_ascii_chunk(b: &[u8], pos: usize) -> Option<usize> {
    let chunk = b.get(pos..pos + 9)?;
    let x = u64::from_le_bytes(chunk[..8].try_into().ok()?);
    let next = chunk[8];
    if x & HIGHS != 0 || !next.is_ascii() {
        return None;
    }
    // All bytes ASCII: adding 0x60 sets the high bit exactly of those >= 0x20.
    let controls = !(x + 0x60 * ONES) & HIGHS;
    let backticks = zero_bytes(x ^ (b'`' as u64 * ONES));
    let spaces = zero_bytes(x ^ (b' ' as u64 * ONES));
    let doubled = spaces & (spaces >> 8);
    let last_space = spaces >> 63 != 0;
    if controls | backticks | doubled != 0 || (last_space && is_ascii_space(next)) {
        return None;
    }
    Some(8)
}

/// [`fold_char`] of a character of a [`simple_run_end`] run.
fn fold_simple(c: char) -> char {
    match c {
        '`' => '\'',
        c if c.is_ascii_whitespace() || c == '\u{0B}' => ' ',
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        c => c.to_ascii_lowercase(),
    }
}

/// Folds a string that will be compared against folded text (an alias, a query).
pub(crate) fn fold_str(s: &str) -> String {
    Folded::new(s).text
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        let mut out = String::with_capacity(text.len());
        let mut atoms = Vec::new();
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            // Characters that fold on their own to one of the same length, a run at a time.
            let (run_end, plain) = simple_run_end(bytes, pos);
            if run_end > pos {
                let run = &text[pos..run_end];
                if plain {
                    let from = out.len();
                    out.push_str(run);
                    out[from..].make_ascii_lowercase();
                } else {
                    out.extend(run.chars().map(fold_simple));
                }
                pos = run_end;
                continue;
            }
            // One segment from `pos` on (whitespace, or a character with what composes with it).
            let base = pos;
            let mut chars = text[base..]
                .char_indices()
                .map(move |(i, c)| (base + i, c))
                .peekable();
            let Some((start, c)) = chars.next() else {
                break;
            };
            let folded_start = out.len();
            if c.is_whitespace() {
                let mut end = start + c.len_utf8();
                while let Some(&(i, n)) = chars.peek() {
                    if !n.is_whitespace() {
                        break;
                    }
                    end = i + n.len_utf8();
                    chars.next();
                }
                pos = end;
                out.push(' ');
                if end - start != 1 {
                    atoms.push(Atom {
                        folded_start,
                        folded_len: 1,
                        orig_start: start,
                        orig_len: end - start,
                    });
                }
                continue;
            }
            // Extend the segment over combining marks and characters that compose with it.
            let mut end = start + c.len_utf8();
            let mut last = c;
            let mut count = 1;
            while let Some(&(i, n)) = chars.peek() {
                if count >= MAX_SEGMENT_CHARS
                    || (canonical_combining_class(n) == 0 && compose(last, n).is_none())
                {
                    break;
                }
                last = n;
                end = i + n.len_utf8();
                count += 1;
                chars.next();
            }
            pos = end;
            if count == 1 {
                fold_char(c, &mut out);
            } else {
                let lowered: String = text[start..end]
                    .chars()
                    .flat_map(char::to_lowercase)
                    .collect();
                for f in lowered.nfc() {
                    fold_char(f, &mut out);
                }
            }
            let folded_len = out.len() - folded_start;
            if count > 1 || folded_len != end - start {
                atoms.push(Atom {
                    folded_start,
                    folded_len,
                    orig_start: start,
                    orig_len: end - start,
                });
            }
        }
        Folded { text: out, atoms }
    }

    /// The original byte offset of a folded byte offset, or `None` when the offset falls
    /// inside a segment that has no counterpart in the original.
    pub fn to_original(&self, pos: usize) -> Option<usize> {
        // Last atom starting at or before `pos`.
        let idx = self.atoms.partition_point(|a| a.folded_start <= pos);
        let Some(atom) = idx.checked_sub(1).map(|i| self.atoms[i]) else {
            return Some(pos);
        };
        let atom_end = atom.folded_start + atom.folded_len;
        if pos == atom.folded_start {
            Some(atom.orig_start)
        } else if pos < atom_end {
            None
        } else {
            Some(atom.orig_start + atom.orig_len + (pos - atom_end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_back<'a>(orig: &'a str, f: &Folded, needle: &str) -> &'a str {
        let s = f.text.find(needle).expect("needle in folded text");
        let a = f.to_original(s).unwrap();
        let b = f.to_original(s + needle.len()).unwrap();
        &orig[a..b]
    }

    #[test]
    fn chunked_runs_match_a_byte_by_byte_reading() {
        let pieces = [
            "word", " ", "  ", "\n", "\t", "`", "Ab", "Жд", "é", "x", "\u{b}", "~", "\u{7f}",
            "\r\n",
        ];
        for s in crate::chars::test_strings(&pieces, "abcdefgh ij", 4000) {
            let b = s.as_bytes();
            for start in 0..b.len() {
                if s.is_char_boundary(start) {
                    assert_eq!(
                        simple_run_end(b, start),
                        run_end(b, start, false),
                        "{s:?} from {start}"
                    );
                }
            }
        }
    }

    #[test]
    fn ascii_and_cyrillic_fold_in_place() {
        // (original, folded, folded pieces with what they map back to)
        type Case = (
            &'static str,
            &'static str,
            &'static [(&'static str, &'static str)],
        );
        let cases: [Case; 2] = [
            (
                "North KOREA и Россия, ЁЛКИ",
                "north korea и россия, елки",
                &[("россия", "Россия"), ("елки", "ЁЛКИ")],
            ),
            // Runs of ASCII and basic Cyrillic letters, single whitespace characters of any
            // kind, a backtick, and a letter with a combining mark.
            (
                "Северная КОРЕЯ\tи\u{0B}Россия `Ok`\rЙ\u{0306} ЪЯ",
                "северная корея и россия 'ok' й\u{0306} ъя",
                &[("корея", "КОРЕЯ"), ("ъя", "ЪЯ")],
            ),
        ];
        for (orig, folded, pieces) in cases {
            let f = Folded::new(orig);
            assert_eq!(f.text, folded);
            for &(piece, back) in pieces {
                assert_eq!(map_back(orig, &f, piece), back);
            }
        }
    }

    #[test]
    fn length_changing_lowercase_maps_back() {
        // 'İ' (2 bytes) lowercases to "i̇" (3 bytes); Kelvin sign (3 bytes) to 'k' (1 byte).
        let orig = "İİ \u{212A}elvin then Pyongyang";
        let f = Folded::new(orig);
        assert_eq!(map_back(orig, &f, "pyongyang"), "Pyongyang");
        assert_eq!(map_back(orig, &f, "kelvin"), "\u{212A}elvin");
        // The inside of "i̇" has no original counterpart.
        let inside = f.text.find('\u{307}').unwrap();
        assert_eq!(f.to_original(inside), None);
    }

    #[test]
    fn whitespace_runs_and_nfc() {
        let orig = "Corée\u{00A0}du  \n Nord and Core\u{0301}e";
        let f = Folded::new(orig);
        assert_eq!(f.text, "corée du nord and corée");
        assert_eq!(
            map_back(orig, &f, "corée du nord"),
            "Corée\u{00A0}du  \n Nord"
        );
        let s = f.text.rfind("corée").unwrap();
        let a = f.to_original(s).unwrap();
        let b = f.to_original(f.text.len()).unwrap();
        assert_eq!(&orig[a..b], "Core\u{0301}e");
    }

    #[test]
    fn apostrophes_fold() {
        assert_eq!(
            fold_str("Ukraine’s Об\u{02BC}єднаних"),
            "ukraine's об'єднаних"
        );
    }

    #[test]
    fn zalgo_is_bounded() {
        let orig: String = std::iter::once('a')
            .chain(std::iter::repeat_n('\u{0301}', 1000))
            .collect();
        let f = Folded::new(&orig);
        assert!(!f.text.is_empty());
        assert_eq!(f.to_original(f.text.len()), Some(orig.len()));
    }

    #[test]
    fn arabic_script_spellings_fold_to_one() {
        // Hamza on alef, teh marbuta, alef maksura; the Urdu yeh, kaf and heh.
        assert_eq!(fold_str("أمريكا"), fold_str("امريكا"));
        assert_eq!(fold_str("كويتة"), fold_str("كويته"));
        assert_eq!(fold_str("كاراتشى"), fold_str("كاراتشي"));
        assert_eq!(fold_str("کوئٹہ"), "كوئٹه");
        assert_ne!(fold_str("كويته"), fold_str("كويتا"));
        // Vowel marks are dropped, and offsets still map back to the original.
        let orig = "قُتِلَ في مَدينةِ كويتا";
        let f = Folded::new(orig);
        assert_eq!(f.text, "قتل في مدينه كويتا");
        assert_eq!(map_back(orig, &f, "مدينه"), "مَدينةِ");
        assert_eq!(map_back(orig, &f, "كويتا"), "كويتا");
    }
}
