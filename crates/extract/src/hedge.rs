//! Hedging: words that mark a claim as uncertain ("likely", "reportedly", "вероятно").

use crate::attribution::FastMap;
use crate::words::{tokenize, Token, WordFilter};

/// Hedge phrases (lowercase words) and whether they only count when written in lowercase.
const HEDGES: &[(&[&str], bool)] = &[
    // English
    (&["likely"], false),
    (&["unlikely"], false),
    (&["possibly"], false),
    (&["possible"], false),
    (&["probably"], false),
    (&["perhaps"], false),
    (&["presumably"], false),
    (&["apparently"], false),
    (&["potentially"], false),
    (&["supposedly"], false),
    (&["purportedly"], false),
    // "May" capitalised is usually the month.
    (&["may"], true),
    (&["might"], false),
    (&["could"], false),
    (&["appear", "to"], false),
    (&["appears", "to"], false),
    (&["appeared", "to"], false),
    (&["seem", "to"], false),
    (&["seems", "to"], false),
    (&["seemed", "to"], false),
    (&["reportedly"], false),
    (&["allegedly"], false),
    (&["expected", "to"], false),
    (&["believed", "to"], false),
    // Russian
    (&["вероятно"], false),
    (&["возможно"], false),
    (&["по-видимому"], false),
    (&["предположительно"], false),
    (&["якобы"], false),
    (&["скорее", "всего"], false),
    (&["видимо"], false),
    (&["судя", "по", "всему"], false),
    (&["как", "ожидается"], false),
    // Ukrainian
    (&["ймовірно"], false),
    (&["імовірно"], false),
    (&["можливо"], false),
    (&["нібито"], false),
    (&["мабуть"], false),
    (&["вочевидь"], false),
    (&["судячи", "з", "усього"], false),
    (&["як", "очікується"], false),
    // German
    (&["wahrscheinlich"], false),
    (&["möglicherweise"], false),
    (&["angeblich"], false),
    (&["vermutlich"], false),
    (&["womöglich"], false),
    (&["offenbar"], false),
    (&["anscheinend"], false),
    (&["mutmaßlich"], false),
    (&["voraussichtlich"], false),
    (&["dürfte"], false),
    (&["dürften"], false),
    // French
    (&["probablement"], false),
    (&["peut-être"], false),
    (&["vraisemblablement"], false),
    (&["apparemment"], false),
    (&["semble"], false),
    (&["semblent"], false),
    (&["pourrait"], false),
    (&["pourraient"], false),
    (&["présumé"], false),
    (&["sans", "doute"], false),
    // Korean
    (&["것으로", "보인다"], false),
    (&["것으로", "알려졌다"], false),
    (&["가능성이"], false),
];

/// The first hedge in a sentence, as written in it ("likely", "appears to").
pub fn find_hedge(sentence: &str) -> Option<String> {
    let toks = tokenize(sentence);
    hedge_in(sentence, &toks)
}

/// A hedge: its words, and whether it counts only when written in lowercase.
type Hedge = (&'static [&'static str], bool);

/// The first words of [`HEDGES`], checked before [`BY_FIRST_WORD`].
static FIRST_WORDS: std::sync::LazyLock<WordFilter> =
    std::sync::LazyLock::new(|| WordFilter::new(HEDGES.iter().map(|h| h.0[0])));

/// [`HEDGES`] by first word, in list order: every word of every sentence is looked up.
static BY_FIRST_WORD: std::sync::LazyLock<FastMap<&'static str, Vec<&'static Hedge>>> =
    std::sync::LazyLock::new(|| {
        let mut m: FastMap<_, Vec<_>> = FastMap::default();
        for h in HEDGES {
            m.entry(h.0[0]).or_default().push(h);
        }
        m
    });

pub(crate) fn hedge_in(s: &str, toks: &[Token<'_>]) -> Option<String> {
    // Forced once per sentence, not once per word.
    let (first_words, by_first_word) = (&*FIRST_WORDS, &*BY_FIRST_WORD);
    for (i, t) in toks.iter().enumerate() {
        if !t.is_word() {
            continue;
        }
        let word = t.lower_str();
        if !first_words.may_contain(word) {
            continue;
        }
        let Some(candidates) = by_first_word.get(word) else {
            continue;
        };
        for (words, lowercase_only) in candidates.iter().copied() {
            let fits = words.iter().enumerate().all(|(k, w)| {
                toks.get(i + k).is_some_and(|t| {
                    t.is_word() && t.lower == *w && (!lowercase_only || t.text == t.lower)
                })
            });
            if !fits || is_false_hedge(toks, i) {
                continue;
            }
            let last = &toks[i + words.len() - 1];
            return Some(s[toks[i].start..last.end].to_string());
        }
    }
    None
}

/// "as soon as possible", "made possible": not hedges.
fn is_false_hedge(toks: &[Token<'_>], i: usize) -> bool {
    let word = toks[i].lower_str();
    let prev = i.checked_sub(1).map(|p| toks[p].lower_str());
    word == "possible"
        && matches!(
            prev,
            Some("as" | "made" | "make" | "makes" | "making" | "everything" | "all")
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedges_are_found_as_written() {
        assert_eq!(
            find_hedge("The deal is likely to breach sanctions.").as_deref(),
            Some("likely")
        );
        assert_eq!(
            find_hedge("Workers Reportedly arrived.").as_deref(),
            Some("Reportedly")
        );
        assert_eq!(
            find_hedge("The launch appears to have failed.").as_deref(),
            Some("appears to")
        );
        assert_eq!(
            find_hedge("Pyongyang is expected to send more.").as_deref(),
            Some("expected to")
        );
        assert_eq!(
            find_hedge("Схема, вероятно, нарушает санкции.").as_deref(),
            Some("вероятно")
        );
        assert_eq!(
            find_hedge("Схема, по-видимому, нарушает санкции.").as_deref(),
            Some("по-видимому")
        );
        assert_eq!(
            find_hedge("КНДР, ймовірно, надіслала снаряди.").as_deref(),
            Some("ймовірно")
        );
        assert_eq!(
            find_hedge("Das ist möglicherweise falsch.").as_deref(),
            Some("möglicherweise")
        );
        assert_eq!(
            find_hedge("C'est peut-être faux.").as_deref(),
            Some("peut-être")
        );
        assert_eq!(
            find_hedge("The number may already exceed twelve thousand.").as_deref(),
            Some("may")
        );
    }

    #[test]
    fn hedges_in_more_languages() {
        for (s, h) in [
            ("Moscow will potentially recruit them.", "potentially"),
            ("Рабочие, видимо, уже прибыли.", "видимо"),
            ("Судя по всему, КНДР отправит рабочих.", "Судя по всему"),
            ("Як очікується, КНДР надішле робітників.", "Як очікується"),
            ("Nordkorea schickt offenbar Arbeiter.", "offenbar"),
            ("Die Zahl dürfte steigen.", "dürfte"),
            ("Pyongyang semble prêt à envoyer des ouvriers.", "semble"),
            ("La Russie pourrait recruter ces ouvriers.", "pourrait"),
        ] {
            assert_eq!(find_hedge(s).as_deref(), Some(h), "{s}");
        }
    }

    #[test]
    fn non_hedges() {
        assert_eq!(
            find_hedge("North Korea launched a missile on Tuesday."),
            None
        );
        assert_eq!(find_hedge("The talks ended in May 2026."), None);
        assert_eq!(find_hedge("Reply as soon as possible."), None);
        assert_eq!(find_hedge("Likelihood is a word."), None);
        assert_eq!(find_hedge("Возможность есть."), None);
    }
}
