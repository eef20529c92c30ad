//! Tokenisation shared by queries and claims.
//!
//! A word is a maximal run of alphanumeric characters (Unicode: Latin, Cyrillic, Hangul, …);
//! everything else separates words, so "North-Korea's" is `north`, `korea`, `s`. Words are
//! lowercased character by character. Korean particles are written attached to the noun
//! (북한의 = 북한 + 의), so the noun alone is a *prefix* of the word: write `북한*`.

/// Whether `c` belongs to a word.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Cyrillic letters (the block without its signs and combining marks) and Hangul
        // syllables: the scripts of most claims, answered without the Unicode tables.
        0x400..=0x481 | 0x48A..=0x4FF | 0xAC00..=0xD7A3 => true,
        _ => c.is_alphanumeric(),
    }
}

/// Push the lowercase form of `c` to `out`.
#[inline]
pub(crate) fn push_lower(out: &mut String, c: char) {
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
/// ` w1 w2 ` does, which is what the matching automaton relies on.
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
            if !in_word {
                buf.push(' ');
                cur.lo = buf.len() as u32;
                cur.start = i as u32;
                in_word = true;
            }
            push_lower(buf, c);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_agree_with_the_unicode_tables() {
        for u in (0..0x500).chain(0xAC00..0xD7A4) {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{u:04X}");
            let mut fast = String::new();
            push_lower(&mut fast, c);
            assert_eq!(fast, c.to_lowercase().to_string(), "U+{u:04X}");
        }
    }
}
