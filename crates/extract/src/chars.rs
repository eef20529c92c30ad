//! Character classes and whitespace normalisation shared by the other modules.

/// A character that belongs to a word: one definition for extraction, matching, highlighting
/// and story dedup (see `claimwatch-text`).
pub(crate) use claimwatch_text::{is_combining_mark, is_word_char};

/// The character at byte `i` of `s` (a character boundary) and its length; ASCII without
/// decoding. `None` at the end.
#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    match *s.as_bytes().get(i)? {
        b if b.is_ascii() => Some((char::from(b), 1)),
        _ => s[i..].chars().next().map(|c| (c, c.len_utf8())),
    }
}

/// Hangul syllables and jamo.
pub(crate) fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{AC00}'..='\u{D7A3}'
        | '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{D7B0}'..='\u{D7FF}')
}

/// Han ideographs (CJK unified and compatibility blocks).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{3005}' | '\u{3007}')
}

/// Hiragana and katakana.
pub(crate) fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

/// Scripts written without spaces between words (Han and kana).
pub(crate) fn is_unspaced_script(c: char) -> bool {
    is_han(c) || is_kana(c)
}

/// Letters of the Arabic script (Arabic, Persian, Urdu), without its digits, punctuation and
/// vowel marks.
pub(crate) fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FC}')
}

/// Whether `p` (folded, see `casefold`) is a sequence of the clitics that Arabic writes joined
/// to the front of a noun: a conjunction (`و` "and", `ف` "so"), then a preposition (`ب` "in",
/// `ل` "for", `ك` "as"), then the article `ال`, each optional, at least one present:
/// "وبالعراق", "لروسيا", "والصين". (`ل` before the article contracts to `لل`, which names
/// written with the article meet as a variant of their own, see `inflect`.)
pub(crate) fn is_arabic_proclitic(p: &str) -> bool {
    let mut rest = p;
    for set in [&['و', 'ف'][..], &['ب', 'ك', 'ل'][..]] {
        if let Some(r) = rest.strip_prefix(set) {
            rest = r;
        }
    }
    rest = rest.strip_prefix("ال").unwrap_or(rest);
    rest.is_empty() && !p.is_empty()
}

pub(crate) fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}')
}

/// Characters dropped from extracted text: zero-width spaces, BOMs, soft hyphens and
/// control characters that are not whitespace.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
        || (c.is_control() && !c.is_whitespace())
}

/// Appends `s` to `out` with every run of whitespace collapsed to one ASCII space and
/// invisible characters removed. A space is only written between two visible characters, so
/// calling this repeatedly on the pieces of one paragraph joins them correctly as long as the
/// caller passes `pending_space` through.
pub(crate) fn push_normalized(out: &mut String, s: &str, pending_space: &mut bool) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Runs of printable ASCII (no controls, no whitespace but single spaces between
        // printable characters, which stay as they are) are copied whole.
        let printable = |c: u8| (0x21..0x7f).contains(&c);
        let mut end = i;
        while let Some(&c) = b.get(end) {
            if printable(c) {
                end += 1;
            } else if c == b' ' && end > i && b.get(end + 1).is_some_and(|&n| printable(n)) {
                end += 2;
            } else {
                break;
            }
        }
        let run = end - i;
        if run > 0 {
            if *pending_space && !out.is_empty() {
                out.push(' ');
            }
            *pending_space = false;
            out.push_str(&s[i..i + run]);
            i += run;
            continue;
        }
        // Anything else, one character at a time (`i` is at a character boundary: the run
        // before it was ASCII).
        let c = s[i..].chars().next().expect("not at the end");
        i += c.len_utf8();
        push_normalized_char(out, c, pending_space);
    }
}

fn push_normalized_char(out: &mut String, c: char, pending_space: &mut bool) {
    if c.is_whitespace() {
        *pending_space = true;
    } else if !is_invisible(c) {
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        out.push(c);
    }
}

/// `s` with whitespace collapsed to single spaces, invisible characters removed, and trimmed.
pub(crate) fn normalize_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    push_normalized(&mut out, s, &mut pending);
    out
}

/// Truncates `s` to at most `max` bytes, at a character boundary.
pub(crate) fn truncate_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

/// Appends paragraphs to `out` while they fit in `budget` bytes (counting a two-byte
/// separator each); a paragraph that does not fit is cut at a word boundary and ends the
/// text. Returns `false` once the budget is spent.
pub(crate) fn push_within_budget(
    out: &mut Vec<String>,
    mut p: String,
    used: &mut usize,
    budget: usize,
) -> bool {
    let cost = p.len() + 2;
    if *used + cost <= budget {
        *used += cost;
        out.push(p);
        return true;
    }
    let room = budget.saturating_sub(*used + 2);
    if room > 0 {
        truncate_at_char(&mut p, room);
        if let Some(space) = p.rfind(' ') {
            if space > room / 2 {
                p.truncate(space);
            }
        }
        if has_word_char(&p) {
            *used += p.len() + 2;
            out.push(p);
        }
    }
    *used = budget;
    false
}

/// True when the string has at least one letter or digit.
pub(crate) fn has_word_char(s: &str) -> bool {
    s.chars().any(is_word_char)
}

/// `count` test strings, each of one to nine of `pieces` (each followed by `filler`), drawn by a
/// fixed pseudo-random walk: the same strings on every run.
#[cfg(test)]
pub(crate) fn test_strings(pieces: &[&str], filler: &str, count: usize) -> Vec<String> {
    let mut seed = 7usize;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    (0..count)
        .map(|_| {
            let mut s = String::new();
            for _ in 0..next() % 9 + 1 {
                s.push_str(pieces[next() % pieces.len()]);
                s.push_str(filler);
            }
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        assert_eq!(normalize_ws("  a \n\t b\u{00A0}c  "), "a b c");
        assert_eq!(normalize_ws("x\u{200B}y\u{00AD}z"), "xyz");
        assert_eq!(normalize_ws(" \n "), "");
    }

    #[test]
    fn pieces_join_with_single_spaces() {
        let mut out = String::new();
        let mut pending = false;
        push_normalized(&mut out, " Hello ", &mut pending);
        push_normalized(&mut out, "world", &mut pending);
        push_normalized(&mut out, "! ", &mut pending);
        assert_eq!(out, "Hello world!");
    }

    #[test]
    fn ascii_runs_match_a_char_by_char_reading() {
        let pieces = [
            "ab", " ", "  ", "\t", "\n", "é", "\u{200B}", "x y", "!", "\u{7f}", " z",
        ];
        let strings = test_strings(&pieces, "", 3000);
        // Consecutive strings as pieces of one paragraph, a new one every fourth.
        for (k, group) in strings.chunks(4).enumerate() {
            let (mut fast, mut slow) = (String::new(), String::new());
            let (mut fast_pending, mut slow_pending) = (k % 2 == 0, k % 2 == 0);
            for s in group {
                push_normalized(&mut fast, s, &mut fast_pending);
                for c in s.chars() {
                    push_normalized_char(&mut slow, c, &mut slow_pending);
                }
                assert_eq!((&fast, fast_pending), (&slow, slow_pending), "{s:?}");
            }
        }
    }

    #[test]
    fn scripts() {
        assert!(is_hangul('북'));
        assert!(is_han('中'));
        assert!(is_kana('カ'));
        assert!(is_cyrillic('ї'));
        assert!(is_word_char('é') && is_word_char('\u{0301}') && !is_word_char('-'));
    }

    #[test]
    fn paragraphs_fit_the_budget() {
        let mut out = Vec::new();
        let mut used = 0;
        assert!(push_within_budget(
            &mut out,
            "one two".into(),
            &mut used,
            20
        ));
        assert!(!push_within_budget(
            &mut out,
            "three four five six".into(),
            &mut used,
            20
        ));
        assert!(!push_within_budget(&mut out, "more".into(), &mut used, 20));
        assert_eq!(out, ["one two", "three"]);
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        let mut s = String::from("абв");
        truncate_at_char(&mut s, 3);
        assert_eq!(s, "а");
    }
}
