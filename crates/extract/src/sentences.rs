//! Sentence segmentation.
//!
//! Paragraph breaks (a blank line) always end a sentence. Inside a paragraph a sentence ends
//! after `.`, `!`, `?` or `…` (plus any closing quotes and brackets) when whitespace follows and
//! the next word does not start with a lowercase letter, unless the word before a `.` is an
//! abbreviation or an initial. CJK full stops (`。！？`) end a sentence without whitespace.

use std::ops::Range;

use crate::chars::char_at;

/// Abbreviations after which a `.` never ends a sentence (lowercase, without the final dot).
const ABBREVIATIONS: &[&str] = &[
    // English titles and ranks
    "mr", "mrs", "ms", "dr", "prof", "lt", "gen", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt",
    "adm", "cmdr", "brig", "rev", "sen", "rep", "gov", "pres", "hon", "amb", "sr", "jr", "st",
    "mt", "ft", "gen", "lt.-gen", "messrs", // months
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    // Latin and reference abbreviations
    "e.g", "i.e", "cf", "vs", "viz", "approx", "ca", "fig", "figs", "vol", "vols", "pp", "ed",
    "eds", "est", "dept", "univ", "assn", "ave", "blvd", // Russian / Ukrainian
    "г", "гг", "ул", "им", "т.е", "т.д", "т.п", "т.к", "т.н", "тыс", "млн", "млрд", "руб", "см",
    "др", "пр", "ген", "проф", "акад", "р", "рр", "вул", "тис", "грн", "ім", "див", "пп", "п",
    "ст", "обл", "м", // German / French
    "z.b", "bzw", "nr", "str", "vgl", "u.a", "d.h", "evtl", "ggf", "mme", "mlle", "p.ex", "env",
    "av", "hr", "fr",
];

/// [`ABBREVIATIONS`], sorted for binary search (a `.` after a word is common).
fn sorted_abbreviations() -> &'static [&'static str] {
    static SORTED: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        let mut v = ABBREVIATIONS.to_vec();
        v.sort_unstable();
        v
    });
    &SORTED
}

/// Abbreviations that often end a sentence: a `.` after them ends it only when the next word
/// is a typical sentence opener.
const WEAK_ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "corp", "co", "etc", "usw", "a.m", "p.m", "plc", "llc", "bros",
];

/// Capitalised words that usually open a sentence (for deciding after "U.S." and the like).
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "In",
    "On",
    "At",
    "But",
    "And",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Our",
    "According",
    "After",
    "Before",
    "However",
    "Meanwhile",
    "Officials",
    "If",
    "When",
    "While",
    "As",
    "Some",
    "Many",
    "Most",
    "No",
    "Yet",
    "Still",
    "Earlier",
    "Later",
    "Last",
    "Analysts",
];

/// Characters that may follow a terminator and still belong to the sentence.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | ')'
            | ']'
            | '}'
            | '」'
            | '』'
            | '）'
            | '】'
            | '〉'
            | '》'
            | '“'
    )
}

fn is_opener_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '„' | '「' | '『' | '（'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Byte ranges of the sentences of `text`, trimmed, in order.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        split_paragraph(text, para, &mut out);
    }
    out
}

/// Byte ranges of paragraphs: text separated by lines that are empty or whitespace only.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // From one line feed to the next.
    while let Some(k) = memchr::memchr(b'\n', &bytes[i..]) {
        i += k;
        // Look for another newline with only spaces/tabs/CR in between.
        let mut j = i + 1;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'\n' {
            out.push(start..i);
            // Swallow the whole blank run.
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r' | b'\n') {
                j += 1;
            }
            start = j;
            i = j;
            continue;
        }
        i += 1;
    }
    out.push(start..bytes.len());
    out
}

/// The next byte at or after a position that can begin a terminator: `.`, `!`, `?`, or the
/// first byte of `…‼⁇⁈⁉` (0xE2) or of `。！？｡` (0xE3, 0xEF); always a character boundary.
/// Two vectorised searches, one for each kind of byte, each remembering where it stopped.
#[derive(Default)]
struct Stops {
    /// The next `.`, `!` or `?` at or after the search start it was found from (or the end).
    ascii: Option<usize>,
    /// The same for 0xE2, 0xE3 and 0xEF.
    lead: Option<usize>,
}

impl Stops {
    fn next(&mut self, bytes: &[u8], from: usize) -> usize {
        fn ahead(
            found: &mut Option<usize>,
            from: usize,
            search: impl Fn() -> Option<usize>,
        ) -> usize {
            match *found {
                Some(at) if at >= from => at,
                _ => *found.insert(search().map_or(usize::MAX, |k| from + k)),
            }
        }
        let rest = bytes.get(from..).unwrap_or_default();
        let a = ahead(&mut self.ascii, from, || {
            memchr::memchr3(b'.', b'!', b'?', rest)
        });
        let l = ahead(&mut self.lead, from, || {
            memchr::memchr3(0xE2, 0xE3, 0xEF, rest)
        });
        a.min(l).min(bytes.len())
    }
}

fn split_paragraph(text: &str, para: Range<usize>, out: &mut Vec<Range<usize>>) {
    let p = &text[para.clone()];
    let base = para.start;
    let mut sentence_start: Option<usize> = None;
    let bytes = p.as_bytes();
    let push = |start: &mut Option<usize>, end: usize, out: &mut Vec<Range<usize>>| {
        if let Some(s) = start.take() {
            let trimmed_end = s + p[s..end].trim_end().len();
            if trimmed_end > s {
                out.push(base + s..base + trimmed_end);
            }
        }
    };
    let mut stops = Stops::default();
    let mut i = 0;
    while let Some((c, len)) = char_at(p, i) {
        if sentence_start.is_none() {
            if c.is_whitespace() {
                i += len;
                continue;
            }
            sentence_start = Some(i);
        }
        if is_cjk_terminator(c) {
            let mut end = i + len;
            while let Some((n, n_len)) = char_at(p, end) {
                if !(is_cjk_terminator(n) || is_closer(n) || is_terminator(n)) {
                    break;
                }
                end += n_len;
            }
            push(&mut sentence_start, end, out);
            i = end;
            continue;
        }
        if !is_terminator(c) {
            // On to the next byte that can begin a terminator: `.`, `!`, `?`, or the first
            // byte of `…‼⁇⁈⁉` (0xE2) or of `。！？｡` (0xE3, 0xEF); always a character boundary.
            i = stops.next(bytes, i + len);
            continue;
        }
        // Take the whole run of terminators and closing punctuation.
        let mut end = i + len;
        let mut only_single_dot = c == '.';
        while let Some((n, n_len)) = char_at(p, end) {
            if is_terminator(n) {
                only_single_dot = false;
            } else if !is_closer(n) {
                break;
            }
            end += n_len;
        }
        let dot = i;
        i = end;
        // A sentence break needs whitespace after the punctuation.
        if !p[end..].starts_with(char::is_whitespace) {
            continue;
        }
        let rest = p[end..].trim_start();
        let Some(next) = rest.chars().next() else {
            continue; // end of paragraph: handled below
        };
        if next.is_lowercase() || matches!(next, ',' | ';' | ':' | '-' | '–' | '—') {
            continue;
        }
        if only_single_dot {
            let word = word_before(p, sentence_start.unwrap_or(0), dot);
            if !dot_ends_sentence(word, rest) {
                continue;
            }
        }
        push(&mut sentence_start, end, out);
    }
    push(&mut sentence_start, p.len(), out);
}

/// The whitespace-delimited token that ends at `dot` (exclusive), without leading brackets or
/// quotes.
fn word_before(p: &str, floor: usize, dot: usize) -> &str {
    let start = p[floor..dot].rfind(char::is_whitespace).map_or(floor, |k| {
        let ws = p[floor + k..].chars().next().map_or(1, char::len_utf8);
        floor + k + ws
    });
    p[start..dot].trim_start_matches(is_opener_punct)
}

/// Whether a single `.` after `word` ends the sentence, given the text after it.
fn dot_ends_sentence(word: &str, rest: &str) -> bool {
    if word.is_empty() {
        return true;
    }
    let next_word: &str = rest
        .split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '\''))
        .next()
        .unwrap_or("");
    let mut chars = word.chars();
    let first = chars.next();
    // A single capital letter is an initial ("J. Smith", "В. Путин").
    if let (Some(f), None) = (first, chars.next()) {
        if f.is_uppercase() {
            return false;
        }
    }
    // Most words before a dot are short and ASCII: lowercased on the stack.
    let mut buf = [0u8; 16];
    let owned;
    let lower: &str = match buf.get_mut(..word.len()) {
        Some(b) if word.is_ascii() => {
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).unwrap_or_default()
        }
        _ => {
            owned = word.to_lowercase();
            &owned
        }
    };
    if lower == "no" || lower == "nos" || lower == "art" || lower == "p" {
        // "No. 5", "Art. 3", "p. 12": only an abbreviation before a number.
        return !rest.starts_with(|c: char| c.is_ascii_digit());
    }
    if sorted_abbreviations().binary_search(&lower).is_ok() {
        return false;
    }
    let dotted_initialism = word.contains('.')
        && word.split('.').all(|part| {
            let mut cs = part.chars();
            matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic())
        });
    if dotted_initialism || WEAK_ABBREVIATIONS.contains(&lower) {
        return SENTENCE_OPENERS.contains(&next_word);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn simple_sentences() {
        assert_eq!(
            sentences("One. Two! Three? Four"),
            ["One.", "Two!", "Three?", "Four"]
        );
        assert_eq!(sentences(""), Vec::<&str>::new());
        assert_eq!(sentences("   \n\n  "), Vec::<&str>::new());
    }

    #[test]
    fn abbreviations_titles_and_initials() {
        let text = "Lt. Gen. Kyrylo Budanov met Dr. Smith and Mrs. Lee on Jan. 5 at St. Mark's. J. Smith agreed, e.g. on wages, i.e. pay. The talks ended.";
        assert_eq!(
            sentences(text),
            [
                "Lt. Gen. Kyrylo Budanov met Dr. Smith and Mrs. Lee on Jan. 5 at St. Mark's.",
                "J. Smith agreed, e.g. on wages, i.e. pay.",
                "The talks ended."
            ]
        );
    }

    #[test]
    fn initialisms() {
        let text = "The U.N. Security Council met. U.S. officials left the U.S. The next day they returned.";
        assert_eq!(
            sentences(text),
            [
                "The U.N. Security Council met.",
                "U.S. officials left the U.S.",
                "The next day they returned."
            ]
        );
        assert_eq!(
            sentences("See No. 5 here. No. It was not."),
            ["See No. 5 here.", "No.", "It was not."]
        );
    }

    #[test]
    fn decimals_and_urls() {
        assert_eq!(
            sentences("Output fell 3.5 percent in Q3. Visit example.com for more. Done."),
            [
                "Output fell 3.5 percent in Q3.",
                "Visit example.com for more.",
                "Done."
            ]
        );
    }

    #[test]
    fn closing_quotes_and_brackets() {
        let text = "He said: \"We comply with all obligations.\" The ministry declined to comment. (It was late.) Then \u{201C}no.\u{201D} Next.";
        assert_eq!(
            sentences(text),
            [
                "He said: \"We comply with all obligations.\"",
                "The ministry declined to comment.",
                "(It was late.)",
                "Then \u{201C}no.\u{201D}",
                "Next."
            ]
        );
        // A quote ending in "!" or "?" followed by a lowercase attribution stays one sentence.
        assert_eq!(
            sentences("\"Go home!\" he shouted. Fine."),
            ["\"Go home!\" he shouted.", "Fine."]
        );
    }

    #[test]
    fn cyrillic() {
        let text = "По данным ведомства, КНДР направит рабочих. Представитель сообщил об этом в 2024 г. в Москве. В. Путин не ответил! «Нет», — сказал он.";
        assert_eq!(
            sentences(text),
            [
                "По данным ведомства, КНДР направит рабочих.",
                "Представитель сообщил об этом в 2024 г. в Москве.",
                "В. Путин не ответил!",
                "«Нет», — сказал он."
            ]
        );
    }

    #[test]
    fn hangul_and_cjk() {
        assert_eq!(
            sentences("북한은 미사일을 발사했다. 합참이 밝혔다. 러시아는?"),
            ["북한은 미사일을 발사했다.", "합참이 밝혔다.", "러시아는?"]
        );
        assert_eq!(
            sentences("朝鲜发射了导弹。俄罗斯表示反对！真的吗？"),
            ["朝鲜发射了导弹。", "俄罗斯表示反对！", "真的吗？"]
        );
        assert_eq!(
            sentences("「行く。」と言った。次"),
            ["「行く。」", "と言った。", "次"]
        );
    }

    #[test]
    fn paragraphs_always_end_sentences() {
        let text = "A heading without a stop\n\nMr. Smith spoke\n \nLast one";
        assert_eq!(
            sentences(text),
            ["A heading without a stop", "Mr. Smith spoke", "Last one"]
        );
        // A single newline is ordinary whitespace.
        assert_eq!(
            sentences("One line\ncontinues. Next."),
            ["One line\ncontinues.", "Next."]
        );
    }

    #[test]
    fn offsets_are_exact() {
        let text = "  Первое.  Второе!\n\nТретье";
        for r in split_sentences(text) {
            let s = &text[r.clone()];
            assert_eq!(s, s.trim());
        }
    }

    #[test]
    fn ellipsis_and_multiple_terminators() {
        assert_eq!(
            sentences("Wait... What?! Yes."),
            ["Wait...", "What?!", "Yes."]
        );
        assert_eq!(sentences("Well… then. Ok."), ["Well… then.", "Ok."]);
    }
}
