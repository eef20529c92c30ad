//! Per-language stemming of lowercase words.
//!
//! Snowball stemmers (through `rust-stemmers`) for the languages Snowball covers, and a light
//! suffix stripper of our own for Ukrainian, which Snowball lacks. A word is only ever stemmed
//! in the language of the text it belongs to; words of another script pass through unchanged
//! (the Russian stemmer leaves "Samsung" alone), so mixed-script text needs no special case.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// A language with a stemmer. The discriminant is the language's bit in a [`Lang::bit`] mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Lang {
    Ar = 0,
    Da,
    De,
    El,
    En,
    Es,
    Fi,
    Fr,
    Hu,
    It,
    Nl,
    No,
    Pt,
    Ro,
    Ru,
    Sv,
    Tr,
    Uk,
}

/// Every language with a stemmer.
pub const STEM_LANGS: [Lang; 18] = [
    Lang::Ar,
    Lang::Da,
    Lang::De,
    Lang::El,
    Lang::En,
    Lang::Es,
    Lang::Fi,
    Lang::Fr,
    Lang::Hu,
    Lang::It,
    Lang::Nl,
    Lang::No,
    Lang::Pt,
    Lang::Ro,
    Lang::Ru,
    Lang::Sv,
    Lang::Tr,
    Lang::Uk,
];

impl Lang {
    /// The language of an ISO 639-1 code (`de`, `RU`, `en-GB`), when it has a stemmer.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        Some(match primary.as_str() {
            "ar" => Lang::Ar,
            "da" => Lang::Da,
            "de" => Lang::De,
            "el" => Lang::El,
            "en" => Lang::En,
            "es" => Lang::Es,
            "fi" => Lang::Fi,
            "fr" => Lang::Fr,
            "hu" => Lang::Hu,
            "it" => Lang::It,
            "nl" => Lang::Nl,
            "no" | "nb" | "nn" => Lang::No,
            "pt" => Lang::Pt,
            "ro" => Lang::Ro,
            "ru" => Lang::Ru,
            "sv" => Lang::Sv,
            "tr" => Lang::Tr,
            "uk" => Lang::Uk,
            _ => return None,
        })
    }

    /// This language's bit in a language mask.
    pub fn bit(self) -> u32 {
        1 << (self as u8)
    }

    fn algorithm(self) -> Option<Algorithm> {
        Some(match self {
            Lang::Ar => Algorithm::Arabic,
            Lang::Da => Algorithm::Danish,
            Lang::De => Algorithm::German,
            Lang::El => Algorithm::Greek,
            Lang::En => Algorithm::English,
            Lang::Es => Algorithm::Spanish,
            Lang::Fi => Algorithm::Finnish,
            Lang::Fr => Algorithm::French,
            Lang::Hu => Algorithm::Hungarian,
            Lang::It => Algorithm::Italian,
            Lang::Nl => Algorithm::Dutch,
            Lang::No => Algorithm::Norwegian,
            Lang::Pt => Algorithm::Portuguese,
            Lang::Ro => Algorithm::Romanian,
            Lang::Ru => Algorithm::Russian,
            Lang::Sv => Algorithm::Swedish,
            Lang::Tr => Algorithm::Turkish,
            Lang::Uk => return None,
        })
    }
}

/// The stem of `word` (lowercase, one word) in `lang`.
pub fn stem(lang: Lang, word: &str) -> Cow<'_, str> {
    // A German past participle carries a prefix the stemmer keeps: "gestoppt" is "stoppt"
    // with ge-, as "gekentert" is "kentert" (weak verbs: ge- ... -t, seven letters or more).
    if lang == Lang::De && word.ends_with('t') && word.chars().count() >= 7 {
        if let Some(rest) = word.strip_prefix("ge") {
            return Cow::Owned(stem(lang, rest).into_owned());
        }
    }
    match lang.algorithm() {
        Some(alg) => {
            // Snowball expects letters; digits and very short words are left alone.
            if word.chars().count() < 3 || word.bytes().all(|b| b.is_ascii_digit()) {
                return Cow::Borrowed(word);
            }
            match Stemmer::create(alg).stem(word) {
                Cow::Borrowed(_) => Cow::Borrowed(word),
                Cow::Owned(s) => Cow::Owned(s),
            }
        }
        None => Cow::Borrowed(ukrainian(word)),
    }
}

/// [`stem`] appended to `out`.
pub fn stem_into(lang: Lang, word: &str, out: &mut String) {
    out.push_str(&stem(lang, word));
}

/// Ukrainian inflectional endings of nouns, adjectives, pronouns and verbs, longest first within
/// each length class. Only one ending is removed, and only when at least three letters remain.
const UK_ENDINGS: &[&str] = &[
    // adjectives and participles
    "ими", "іми", "ого", "ому", "ими", "ової", "ової", "ових", "овим", "ими", // nouns
    "ями", "ами", "ові", "еві", "єві", "ах", "ях", "ів", "їв", "ею", "єю", "ою", "ям", "ам", "ом",
    "ем", "єм", "ей", "ий", "ій", "їй", "ої", "ує", "ують", "ють", "ать", "ять", "ити", "ати",
    "яти", "ути", "ла", "ли", "ло", "их", "іх", "им", "ім", "у", "ю", "а", "я", "і", "ї", "е", "є",
    "о", "и", "ь", "й",
];

fn ukrainian(word: &str) -> &str {
    let letters = word.chars().count();
    let mut best: Option<&str> = None;
    for e in UK_ENDINGS {
        if word.ends_with(e) && letters - e.chars().count() >= 3 {
            let candidate = &word[..word.len() - e.len()];
            if best.is_none_or(|b| candidate.len() < b.len()) {
                best = Some(candidate);
            }
        }
    }
    best.unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(lang: &str, w: &str) -> String {
        stem(Lang::from_code(lang).unwrap(), w).into_owned()
    }

    #[test]
    fn inflected_forms_share_a_stem() {
        // English plural and verb forms.
        assert_eq!(s("en", "workers"), s("en", "worker"));
        assert_eq!(s("en", "sanctions"), s("en", "sanctioned"));
        // Russian cases: "северокорейских рабочих" (genitive plural) and the nominative.
        assert_eq!(s("ru", "северокорейских"), s("ru", "северокорейские"));
        assert_eq!(s("ru", "рабочих"), s("ru", "рабочие"));
        // Ukrainian.
        assert_eq!(s("uk", "робітників"), s("uk", "робітники"));
        assert_eq!(s("uk", "робітникам"), s("uk", "робітник"));
        assert_eq!(s("uk", "північнокорейських"), s("uk", "північнокорейські"));
        // German adjective and noun endings.
        assert_eq!(s("de", "nordkoreanischer"), s("de", "nordkoreanische"));
        assert_eq!(s("de", "arbeitern"), s("de", "arbeiter"));
        // German past participles of weak verbs and their finite forms.
        assert_eq!(s("de", "gestoppt"), s("de", "stoppt"));
        assert_eq!(s("de", "gekentert"), s("de", "kenterte"));
        assert_eq!(s("de", "gemeldet"), s("de", "meldet"));
        // Short words and other endings keep their ge-: "Gebiet", "gegen", "Gelände".
        assert_ne!(s("de", "gebiet"), s("de", "biet"));
        assert_ne!(s("de", "gelände"), s("de", "lände"));
        // French and Spanish plurals.
        assert_eq!(s("fr", "travailleurs"), s("fr", "travailleur"));
        assert_eq!(s("es", "trabajadores"), s("es", "trabajador"));
    }

    #[test]
    fn other_scripts_digits_and_short_words_pass_through() {
        assert_eq!(s("ru", "samsung"), "samsung");
        assert_eq!(s("en", "2025"), "2025");
        assert_eq!(s("en", "us"), "us");
        assert_eq!(s("uk", "київ"), "київ");
    }

    #[test]
    fn codes_are_read_loosely() {
        assert_eq!(Lang::from_code("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("nb"), Some(Lang::No));
        assert_eq!(Lang::from_code("ko"), None);
        assert_eq!(Lang::from_code(""), None);
        let mut bits = 0;
        for l in STEM_LANGS {
            assert_eq!(bits & l.bit(), 0, "{l:?} shares a bit");
            bits |= l.bit();
        }
    }
}
