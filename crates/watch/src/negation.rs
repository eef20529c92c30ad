//! Negation: words that a sentence says are absent do not count as mentions.
//!
//! "No measles cases have been recorded", "kein Hackerangriff", "aucun blessé", "нет
//! пострадавших": a topic that looks for the word is not told about it. A word is *negated*
//! when a negation cue of the text's language comes before it in the same clause, within a
//! short window: up to three words after a determiner-like cue (`no`, `without`, `kein`,
//! `aucun`, `sin`, `без`, `нет`), up to two after a verb negator (`not`, `n't`, `nicht`,
//! `pas`, `no` in Spanish, `не`). Punctuation ends a clause, so the cue never reaches across
//! a comma. A cue followed by a word of quantity or restriction is not a negation: "not only",
//! "no fewer than", "nicht weniger als", "pas moins de", "не менее", "не только".
//!
//! A negated word is invisible to every text term of a query, NOT terms included: "grain went
//! by sea, not through Poland" does not mention Poland. Entities and places (`entity:`, `in:`)
//! are found by the extractor and are not affected.

use claimwatch_text::Lang;

/// The negation cues of each language: determiner-like cues (reaching three words) and verb
/// negators (reaching two).
const CUES: [(Lang, &[&str], &[&str]); 6] = [
    (
        Lang::En,
        &["no", "without", "neither", "nor"],
        &["not", "never"],
    ),
    (
        Lang::De,
        &[
            "kein", "keine", "keinen", "keinem", "keiner", "keines", "ohne", "weder",
        ],
        &["nicht", "nie", "niemals"],
    ),
    (Lang::Fr, &["aucun", "aucune", "sans"], &["pas", "jamais"]),
    (
        Lang::Es,
        &["sin", "ningún", "ninguna", "ninguno"],
        &["no", "nunca"],
    ),
    (Lang::Ru, &["без", "нет", "ни"], &["не", "никогда"]),
    (Lang::Uk, &["без", "немає", "ні"], &["не", "ніколи"]),
];

/// How far a cue reaches: the number of words after it that it negates (0: not a cue).
fn reach(word: &str, lang: Option<Lang>) -> usize {
    let of = |(_, det, verb): &(Lang, &[&str], &[&str])| {
        if det.contains(&word) {
            3
        } else if verb.contains(&word) {
            2
        } else {
            0
        }
    };
    match lang {
        Some(l) => CUES.iter().find(|c| c.0 == l).map_or(0, of),
        // Language unknown: the cues of every language, which hardly collide as words.
        None => CUES.iter().map(of).max().unwrap_or(0),
    }
}

/// Words after a cue that make it something other than a negation ("not only", "no fewer
/// than", "не менее").
fn cancels(word: &str) -> bool {
    matches!(
        word,
        "only"
            | "just"
            | "less"
            | "fewer"
            | "least"
            | "more"
            | "longer"
            | "doubt"
            | "nur"
            | "weniger"
            | "mehr"
            | "zuletzt"
            | "umsonst"
            | "seulement"
            | "moins"
            | "plus"
            | "uniquement"
            | "solo"
            | "sólo"
            | "menos"
            | "más"
            | "obstante"
            | "только"
            | "менее"
            | "меньше"
            | "более"
            | "больше"
            | "лишь"
            | "тільки"
            | "лише"
            | "менше"
            | "більше"
    )
}

/// Whether the text between two words ends a clause.
fn clause_break(between: &str) -> bool {
    between.chars().any(|c| {
        matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '('
                | ')'
                | '['
                | ']'
                | '"'
                | '«'
                | '»'
                | '„'
                | '“'
                | '”'
                | '—'
                | '–'
                | '\n'
                | '|'
                | '。'
                | '，'
                | '؛'
                | '،'
                | '؟'
        )
    })
}

/// For each of `n` words, whether it is negated, in `out` (cleared first). `word(i)` is the
/// lowercase word `i`, `gap(i)` the text between words `i - 1` and `i` (for `i >= 1`).
pub(crate) fn negated_words<'a>(
    n: usize,
    word: impl Fn(usize) -> &'a str,
    gap: impl Fn(usize) -> &'a str,
    lang: Option<Lang>,
    out: &mut Vec<bool>,
) {
    out.clear();
    out.resize(n, false);
    for i in 0..n {
        let w = word(i);
        let mut r = reach(w, lang);
        // English "n't": the word `t` right after an apostrophe that follows a word in `n`
        // (didn't, wasn't, haven't).
        if r == 0 && w == "t" && i > 0 && matches!(lang, Some(Lang::En) | None) {
            r = if word(i - 1).ends_with('n') && matches!(gap(i), "'" | "’") {
                2
            } else {
                0
            };
        }
        if r == 0 || (i + 1 < n && cancels(word(i + 1))) {
            continue;
        }
        let mut k = i + 1;
        while k < n && k <= i + r && !clause_break(gap(k)) {
            out[k] = true;
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The negated words of `text`, joined by spaces.
    fn negated(text: &str, lang: Option<Lang>) -> String {
        let spans: Vec<(usize, usize)> = claimwatch_text::word_spans(text)
            .map(|r| (r.start, r.end))
            .collect();
        let lower: Vec<String> = spans
            .iter()
            .map(|&(a, b)| claimwatch_text::lowercase(&text[a..b]))
            .collect();
        let words: Vec<&str> = lower.iter().map(String::as_str).collect();
        let mut out = Vec::new();
        negated_words(
            words.len(),
            |i| words[i],
            |i| &text[spans[i - 1].1..spans[i].0],
            lang,
            &mut out,
        );
        words
            .iter()
            .zip(&out)
            .filter(|(_, n)| **n)
            .map(|(w, _)| *w)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Each (text, language, the words it negates).
    fn check(cases: &[(&str, Option<Lang>, &str)]) {
        for (text, lang, want) in cases {
            assert_eq!(negated(text, *lang), *want, "{text} ({lang:?})");
        }
    }

    const EN: Option<Lang> = Some(Lang::En);
    const DE: Option<Lang> = Some(Lang::De);
    const FR: Option<Lang> = Some(Lang::Fr);
    const ES: Option<Lang> = Some(Lang::Es);
    const RU: Option<Lang> = Some(Lang::Ru);

    #[test]
    fn cues_negate_the_next_words_of_their_clause() {
        check(&[
            (
                "No measles cases have been recorded this year.",
                EN,
                "measles cases have",
            ),
            ("Its kettles were not affected.", EN, "affected"),
            ("They didn't find damage.", EN, "find damage"),
            (
                "Ein Hackerangriff? Kein Hackerangriff, sagte er.",
                DE,
                "hackerangriff",
            ),
            ("Aucun blessé n'est à déplorer.", FR, "blessé n est"),
            ("pas de dégâts signalés", FR, "de dégâts"),
            ("Пострадавших нет.", RU, ""),
            ("нет пострадавших", RU, "пострадавших"),
            ("sin heridos graves", ES, "heridos graves"),
        ]);
    }

    #[test]
    fn a_clause_break_stops_a_cue() {
        check(&[
            ("Not yet, but measles spread.", EN, "yet"),
            ("no; measles", EN, ""),
            ("He said no (measles).", EN, ""),
            ("Mine No. 7 exploded.", EN, ""),
        ]);
    }

    #[test]
    fn quantity_and_restriction_words_cancel_a_cue() {
        check(&[
            ("not only measles but rubella", EN, ""),
            ("no fewer than 40 miners died", EN, ""),
            ("не менее 20 погибших", RU, ""),
            ("nicht weniger als zehn Tote", DE, ""),
            ("pas moins de dix morts", FR, ""),
        ]);
    }

    #[test]
    fn cues_are_read_in_the_texts_language() {
        check(&[
            // Spanish "no" negates; "sin" is a cue in Spanish, a word in English.
            ("no hubo heridos", ES, "hubo heridos"),
            ("Sin City fire", EN, ""),
            ("Sin City fire", ES, "city fire"),
            // A language without cues here negates nothing; an unknown one uses every list.
            ("no damage", Some(Lang::Tr), ""),
            ("kein Schaden", None, "schaden"),
        ]);
    }
}
