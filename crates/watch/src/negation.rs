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

/// How far a cue reaches: the number of words after it that it negates.
fn reach(word: &str, lang: Option<Lang>) -> usize {
    let det = 3;
    let verb = 2;
    let en = |w: &str| match w {
        "no" | "without" | "neither" | "nor" => det,
        "not" | "never" => verb,
        _ => 0,
    };
    let de = |w: &str| match w {
        "kein" | "keine" | "keinen" | "keinem" | "keiner" | "keines" | "ohne" | "weder" => det,
        "nicht" | "nie" | "niemals" => verb,
        _ => 0,
    };
    let fr = |w: &str| match w {
        "aucun" | "aucune" | "sans" => det,
        "pas" | "jamais" => verb,
        _ => 0,
    };
    let es = |w: &str| match w {
        "sin" | "ningún" | "ninguna" | "ninguno" => det,
        "no" | "nunca" => verb,
        _ => 0,
    };
    let ru = |w: &str| match w {
        "без" | "нет" | "ни" => det,
        "не" | "никогда" => verb,
        _ => 0,
    };
    let uk = |w: &str| match w {
        "без" | "немає" | "ні" => det,
        "не" | "ніколи" => verb,
        _ => 0,
    };
    match lang {
        Some(Lang::En) => en(word),
        Some(Lang::De) => de(word),
        Some(Lang::Fr) => fr(word),
        Some(Lang::Es) => es(word),
        Some(Lang::Ru) => ru(word),
        Some(Lang::Uk) => uk(word),
        Some(_) => 0,
        // Language unknown: the cues of every language, which hardly collide as words.
        None => [en(word), de(word), fr(word), es(word), ru(word), uk(word)]
            .into_iter()
            .max()
            .unwrap_or(0),
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

    #[test]
    fn cues_negate_the_next_words_of_their_clause() {
        let en = Some(Lang::En);
        assert_eq!(
            negated("No measles cases have been recorded this year.", en),
            "measles cases have"
        );
        assert_eq!(negated("Its kettles were not affected.", en), "affected");
        assert_eq!(negated("They didn't find damage.", en), "find damage");
        assert_eq!(
            negated(
                "Ein Hackerangriff? Kein Hackerangriff, sagte er.",
                Some(Lang::De)
            ),
            "hackerangriff"
        );
        assert_eq!(
            negated("Aucun blessé n'est à déplorer.", Some(Lang::Fr)),
            "blessé n est"
        );
        assert_eq!(
            negated("pas de dégâts signalés", Some(Lang::Fr)),
            "de dégâts"
        );
        assert_eq!(negated("Пострадавших нет.", Some(Lang::Ru)), "");
        assert_eq!(negated("нет пострадавших", Some(Lang::Ru)), "пострадавших");
        assert_eq!(
            negated("sin heridos graves", Some(Lang::Es)),
            "heridos graves"
        );
    }

    #[test]
    fn a_clause_break_stops_a_cue() {
        let en = Some(Lang::En);
        assert_eq!(negated("Not yet, but measles spread.", en), "yet");
        assert_eq!(negated("no; measles", en), "");
        assert_eq!(negated("He said no (measles).", en), "");
    }

    #[test]
    fn quantity_and_restriction_words_cancel_a_cue() {
        assert_eq!(negated("not only measles but rubella", Some(Lang::En)), "");
        assert_eq!(negated("no fewer than 40 miners died", Some(Lang::En)), "");
        assert_eq!(negated("не менее 20 погибших", Some(Lang::Ru)), "");
        assert_eq!(negated("nicht weniger als zehn Tote", Some(Lang::De)), "");
        assert_eq!(negated("pas moins de dix morts", Some(Lang::Fr)), "");
    }

    #[test]
    fn cues_are_read_in_the_texts_language() {
        // Spanish "no" negates; English "no" too, but German has no such word.
        assert_eq!(negated("no hubo heridos", Some(Lang::Es)), "hubo heridos");
        assert_eq!(negated("Sin City fire", Some(Lang::En)), "");
        assert_eq!(negated("Sin City fire", Some(Lang::Es)), "city fire");
        // A language without cues here negates nothing; an unknown one uses every list.
        assert_eq!(negated("no damage", Some(Lang::Tr)), "");
        assert_eq!(negated("kein Schaden", None), "schaden");
    }
}
