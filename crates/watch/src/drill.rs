//! Drills and exercises: an article whose title or lede says that what it tells was rehearsed
//! (an earthquake drill, a mine-rescue exercise, a simulated collapse) reports no event, though
//! it carries every word of one ("quake", "collapsed", "trapped", "injured"). A topic does not
//! fire on such an article unless its own query asks for drill words (a topic that watches
//! military exercises names them: `exercise*`, `учения`, `演习`), which is how a user keeps
//! drills in. Only the title and the first paragraph count: a story about a real quake that
//! mentions last year's drill further down is still about the quake.

use claimwatch_text::{lowercase, word_spans};

use crate::{ClaimView, Query, TextPattern};

/// Whole words (lowercase) that say the story is a drill. Words of simulating are not among
/// them in any language: "researchers simulated the collapse" is no drill.
const WORDS: &[&str] = &[
    // en (and see NOUN_ONLY)
    "rehearse",
    "rehearses",
    "rehearsed",
    "rehearsal",
    // de (and the -übung compounds, see SUFFIXES)
    "geprobt",
    // ru: учения in the plural only (the singular is a teaching; ученик a pupil)
    "учения",
    "учений",
    "учениях",
    "учениям",
    "учениями",
    // es, pt
    "simulacro",
    "simulacros",
    // it
    "esercitazione",
    "esercitazioni",
    // tr
    "tatbikat",
    "tatbikatı",
    "tatbikatta",
    "tatbikatında",
    // nl, sv, da, nb
    "oefening",
    "rampenoefening",
    "övning",
    "övningen",
    "beredskapsövning",
    "øvelse",
    "øvelsen",
    "beredskabsøvelse",
    // fi, et, hu
    "harjoitus",
    "harjoituksen",
    "valmiusharjoitus",
    "õppus",
    "õppuse",
    "katasztrófavédelmi",
    // pl, cs, sk, hr, sr, sl
    "ćwiczenia",
    "ćwiczeń",
    "cvičení",
    "cvičenie",
    "vježba",
    "vježbe",
    "вежба",
    "вежбе",
    "vežba",
    "vaja",
    // bg
    "учение",
    "учението",
    // ar
    "تمرين",
    "تمرينا",
    "تمريناً",
    // hi, ne, mr
    "अभ्यास",
    "अभ्यासमा",
    "पूर्वाभ्यास",
];

/// English and French words that tell a drill only as nouns of an event ("a drill in Hualien", "the
/// exercise was held", "Tokyo holds quake drill"), not as verbs or in their other senses
/// ("exercise its veto", "exercises control over exports", "the exercise of power", "drills a
/// new well", "a simulation shows"): in a title or lede they count only when they end a clause
/// or the next word is one that follows such a noun ([`AFTER_NOUN`]). A story wrongly taken
/// for a drill fires no topic at all, so these err towards not a drill.
const NOUN_ONLY: &[&str] = &[
    // fr: also a financial year ("l'exercice 2025") and an exercise of power or office
    "exercice",
    "exercices",
    // en
    "drill",
    "drills",
    "exercise",
    "exercises",
    "simulation",
    "simulations",
];

/// Words that follow a drill noun (English, French, and the English noun in Tagalog or
/// Indonesian copy): prepositions of place and time, verbs of holding, clauses.
const AFTER_NOUN: &[&str] = &[
    "in",
    "at",
    "on",
    "off",
    "near",
    "across",
    "along",
    "around",
    "for",
    "with",
    "by",
    "after",
    "before",
    "during",
    "from",
    "to",
    "and",
    "that",
    "which",
    "where",
    "as",
    "was",
    "were",
    "is",
    "are",
    "will",
    "took",
    "takes",
    "held",
    "began",
    "begins",
    "ended",
    "ends",
    "involving",
    "simulating",
    "scenario",
    // fr
    "à",
    "au",
    "aux",
    "dans",
    "près",
    "simulant",
    "grandeur",
    "d'évacuation",
    "s'est",
    "aura",
    // The English noun borrowed into Tagalog and Indonesian or Malay copy: "eruption drill sa
    // paligid ng Bulkang Taal", "tsunami drill di Padang"
    "sa",
    "ng",
    "di",
];

/// Word beginnings (Russian and Ukrainian inflect; Korean particles attach to the noun).
const PREFIXES: &[&str] = &["тренировк", "тренуванн", "훈련", "모의훈련"];

/// Word endings: German compounds (`Großübung`, `Waldbrandübung`, `Katastrophenschutzübung`).
const SUFFIXES: &[&str] = &["übung", "übungen"];

/// Drills written in several words, found anywhere in the lowercase title or lede: French
/// "exercice" with what it rehearses ("exercice de simulation d'un déversement"), Greek
/// "άσκηση" alone is also an exertion ("άσκηση πιέσεων"), Vietnamese and Thai write words
/// apart or unspaced, Hindi borrows the English.
const PHRASES: &[&str] = &[
    // fr: "exercice" alone is also a financial year; these name a rehearsal
    // id, ms: "latihan" alone is any training
    "latihan kebakaran",
    "latihan evakuasi",
    "latihan pemadaman",
    "latihan mitigasi",
    "simulasi kebakaran",
    "simulasi bencana",
    "simulasi gempa",
    "simulasi tsunami",
    "simulasi evakuasi",
    "exercice de simulation",
    "exercices de simulation",
    "exercice d'alerte",
    "exercice de crise",
    "exercice de sécurité",
    "exercice d'urgence",
    "exercice d'intervention",
    "exercice de sauvetage",
    "exercice de secours",
    "exercice d'évacuation",
    "άσκηση ετοιμότητας",
    "άσκησης ετοιμότητας",
    "άσκηση πολιτικής προστασίας",
    "άσκηση ετοιμότητος",
    "diễn tập",
    "ซ้อมแผน",
    "मॉक ड्रिल",
    "मॉकड्रिल",
    "मक ड्रिल",
];

/// Han words, found inside runs of Han characters.
const HAN: &[&str] = &["演习", "演習", "演练", "演練", "訓練"];

/// Whether a lowercase word may say the story is a drill (in a query: asks for drills).
fn is_drill_word(w: &str) -> bool {
    WORDS.contains(&w)
        || NOUN_ONLY.contains(&w)
        || PREFIXES.iter().any(|p| w.starts_with(p))
        || SUFFIXES.iter().any(|s| w.ends_with(s))
}

/// Whether the title or the lede (paragraphs 0 and 1) of an article says it tells a drill.
pub(crate) fn reports_a_drill(statements: &[ClaimView<'_>]) -> bool {
    statements.iter().take_while(|s| s.paragraph <= 1).any(|s| {
        let lower = lowercase(s.text);
        if HAN.iter().any(|h| lower.contains(h)) || PHRASES.iter().any(|p| lower.contains(p)) {
            return true;
        }
        let spans: Vec<_> = word_spans(&lower).collect();
        spans.iter().enumerate().any(|(i, r)| {
            let w = &lower[r.clone()];
            if !NOUN_ONLY.contains(&w) {
                return is_drill_word(w);
            }
            match spans.get(i + 1) {
                None => true,
                Some(next) => {
                    // punctuation between the two words ends the clause
                    !lower[r.end..next.start].trim().is_empty()
                        || AFTER_NOUN.contains(&&lower[next.clone()])
                }
            }
        })
    })
}

/// Whether the title (paragraph 0) tells an anniversary or a commemoration ("Genova ricorda le
/// vittime nel giorno dell'anniversario", "Taiwan marks 25 years since the quake", "Kosovo
/// marks the International Day of Mine Awareness"): the article
/// recalls a past event, whatever its lede repeats of it.
pub(crate) fn title_tells_an_anniversary(statements: &[ClaimView<'_>]) -> bool {
    statements.iter().take_while(|s| s.paragraph == 0).any(|s| {
        let lower = lowercase(s.text);
        let words: Vec<&str> = word_spans(&lower).map(|r| &lower[r]).collect();
        words.iter().any(|w| crate::negation::is_anniversary(w))
            || (words.windows(2)).any(|p| crate::negation::is_observance(p[0], p[1]))
            || crate::negation::title_looks_back(s.text)
            || lower.contains("周年")
            || lower.contains("週年")
    })
}

/// Whether a query asks for drill words itself (outside a NOT), which keeps drills in.
pub(crate) fn asks_for_drills(query: &Query) -> bool {
    let pattern = |p: &TextPattern| match p {
        TextPattern::Word(w) => is_drill_word(w) || HAN.contains(&w.as_str()),
        TextPattern::Prefix(w) => {
            is_drill_word(w)
                || WORDS
                    .iter()
                    .any(|d| d.starts_with(w.as_str()) && w.len() >= 4)
        }
        TextPattern::Infix(w) => {
            is_drill_word(w) || WORDS.iter().any(|d| d.contains(w.as_str()) && w.len() >= 4)
        }
        TextPattern::Phrase(ws) => {
            ws.iter().any(|w| is_drill_word(w))
                || HAN.contains(&ws.concat().as_str())
                || PHRASES.contains(&ws.join(" ").as_str())
        }
    };
    asks_for(query, &pattern)
}

/// Lowercase words and phrases that tell a kind of story (a verdict, a tally; see `verdict.rs`
/// and `tally.rs`): whole words, and phrases found anywhere in the text (several words, or
/// runs of unspaced scripts).
pub(crate) struct StoryWords {
    pub words: &'static [&'static str],
    pub phrases: &'static [&'static str],
}

impl StoryWords {
    fn has(&self, w: &str) -> bool {
        self.words.contains(&w) || self.phrases.contains(&w)
    }

    /// Whether lowercase text carries one of the words or phrases.
    pub(crate) fn told_in(&self, lower: &str) -> bool {
        self.phrases.iter().any(|p| lower.contains(p))
            || word_spans(lower).any(|r| self.words.contains(&&lower[r]))
    }

    /// Whether a query asks for one of them itself (outside a NOT): a word or phrase of the
    /// list, or a prefix or infix of five letters or more that begins one, or of four that
    /// begins one at most two letters longer (`fine*`: "fined", "fines"). A short beginning of
    /// a long word is the beginning of many words of many languages: Portuguese `pres*`, for
    /// "presos" (arrested), begins Bosnian "presuda" (a verdict).
    pub(crate) fn asked_by(&self, query: &Query) -> bool {
        let pattern = |p: &TextPattern| match p {
            TextPattern::Word(w) => self.has(w),
            TextPattern::Prefix(w) | TextPattern::Infix(w) => {
                let n = w.chars().count();
                n >= 4
                    && (self.words.iter().chain(self.phrases).any(|v| {
                        v.starts_with(w.as_str()) && (n >= 5 || v.chars().count() <= n + 2)
                    }) || self.has(w))
            }
            TextPattern::Phrase(ws) => {
                self.has(&ws.join(" ")) || self.has(&ws.concat()) || ws.iter().any(|w| self.has(w))
            }
        };
        asks_for(query, &pattern)
    }
}

/// Whether a text pattern of `query` outside a NOT satisfies `pattern` (the walk the
/// `asks_for_*` checks share).
pub(crate) fn asks_for(query: &Query, pattern: &dyn Fn(&TextPattern) -> bool) -> bool {
    match query {
        Query::And(parts) | Query::Or(parts) => parts.iter().any(|q| asks_for(q, pattern)),
        Query::Not(_) | Query::Field(_) => false,
        Query::Text(p) => pattern(p),
        Query::Near { left, right, .. } => pattern(left) || pattern(right),
        Query::NearEntity { text, .. } => pattern(text),
    }
}

/// Whether a query asks for anniversary words itself (outside a NOT): such a topic watches
/// commemorations, so the words an anniversary reaches count for it (see `negation.rs`).
pub(crate) fn asks_for_anniversaries(query: &Query) -> bool {
    let pattern = |p: &TextPattern| match p {
        TextPattern::Word(w) | TextPattern::Prefix(w) | TextPattern::Infix(w) => {
            crate::negation::is_anniversary(w)
        }
        TextPattern::Phrase(ws) => ws.iter().any(|w| crate::negation::is_anniversary(w)),
    };
    asks_for(query, &pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drill(title: &str) -> bool {
        let views = [ClaimView {
            text: title,
            paragraph: 0,
            ..Default::default()
        }];
        reports_a_drill(&views)
    }

    #[test]
    fn drills_in_more_languages() {
        assert!(drill("Άσκηση ετοιμότητας με σενάριο σύγκρουσης τρένων"));
        assert!(drill("Kırklareli'de deprem tatbikatı yapıldı"));
        assert!(drill("Vježba spašavanja u rudniku kod Tuzle"));
        assert!(drill("Diễn tập ứng phó sự cố tràn dầu"));
        assert!(drill("महाशिवरात्रिअघि पशुपतिमा भीड व्यवस्थापन अभ्यास"));
        // The English noun in Tagalog and Indonesian copy.
        assert!(drill(
            "Libu-libong residente, lumahok sa eruption drill sa Bulkang Taal"
        ));
        assert!(drill("Ribuan warga ikut tsunami drill di Padang"));
        // An exertion of pressure, a financial year: no drill.
        assert!(!drill("Άσκηση πιέσεων στην κυβέρνηση για τα τρένα"));
        assert!(!drill("Yangın sonrası hasar tespiti yapıldı"));
        // French "exercice" with what it rehearses; a financial year is none.
        assert!(drill(
            "Obuasi : exercice de simulation d'une fuite de gaz à l'usine de traitement"
        ));
        assert!(drill(
            "Sète : exercice de sauvetage en mer au large du port"
        ));
        assert!(drill("Latihan kebakaran di gudang bateri di Shah Alam"));
        assert!(!drill("Latihan vokasional untuk 200 belia di Shah Alam"));
        assert!(!drill(
            "Exercice de l'an dernier : la mine d'Obuasi en perte"
        ));
    }
}
