//! A lexicon-based part-of-speech tagger, just enough to find where a speaker noun phrase ends.
//!
//! Each word gets one coarse tag: closed-class words from the lists of `data/pos/`, finite
//! verbs from the cue lexicon, a list of common verbs and suffix rules (lowercase words only:
//! a capitalised word inside a sentence is a name, and German nouns are capitalised), numbers,
//! and everything else is a content word (noun, adjective, name). No statistical model: the
//! tags are what the attribution rules need (determiners, pronouns, auxiliaries, prepositions,
//! conjunctions, subordinators, relatives, adverbs, verbs), and a hash lookup per word keeps
//! the extractor fast.

use super::lexicon::{self, class, Lang, Lexicon};
use crate::words::Token;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    Punct,
    Num,
    Det,
    Poss,
    Pron,
    Aux,
    Prep,
    Conj,
    Sub,
    Rel,
    Comp,
    Adv,
    /// A finite verb that is not a cue (by list or suffix).
    Verb,
    /// Noun, adjective, name, or unknown.
    Word,
}

/// The sentence's language: Hangul is Korean; Cyrillic is Ukrainian when it has letters only
/// Ukrainian uses (і ї є ґ) and no Russian-only ones, else Russian; Latin text is whichever of
/// English, German and French knows the most of its words as function words.
pub(crate) fn detect(toks: &[Token<'_>]) -> Lang {
    let (mut cyr, mut hangul, mut latin) = (0usize, 0usize, 0usize);
    let (mut uk, mut ru) = (0usize, 0usize);
    // Letters and elisions only one Latin-script language uses: French accents and "l'",
    // "qu'", "d'"; German umlauts and ß; Spanish ñ; Portuguese ã, õ; Italian ì, ò, ù.
    let (mut fr, mut de, mut es, mut it, mut pt) = (0usize, 0usize, 0usize, 0usize, 0usize);
    // Words with a letter only Turkish uses (ı ğ ş İ), or a name with a case suffix after an
    // apostrophe ("Reuters'a", "Yılmaz'ın").
    let mut tr = 0usize;
    for t in toks.iter().filter(|t| t.is_word()) {
        if turkish_case_suffix(t.text) {
            tr += 1;
        }
        if t.text.is_ascii() {
            latin += t.text.len();
            continue;
        }
        // A word with one of them is Turkish: its other letters (ç ö ü) are not French or
        // German ones.
        if t.text
            .chars()
            .any(|c| matches!(c, 'ı' | 'ğ' | 'ş' | 'İ' | 'Ğ' | 'Ş'))
        {
            tr += t.text.chars().filter(|c| !c.is_ascii()).count();
            latin += t.text.len();
            continue;
        }
        for c in t.text.chars() {
            match c {
                'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => {
                    uk += 1;
                    cyr += 1;
                }
                'ы' | 'э' | 'ё' | 'ъ' | 'Ы' | 'Э' | 'Ё' => {
                    ru += 1;
                    cyr += 1;
                }
                '\u{0400}'..='\u{04FF}' => cyr += 1,
                '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => hangul += 1,
                'é' | 'è' | 'ê' | 'à' | 'ç' | 'ô' | 'û' | 'î' | 'œ' | 'É' => {
                    fr += 1;
                    latin += 1;
                }
                'ä' | 'ö' | 'ü' | 'ß' | 'Ä' | 'Ö' | 'Ü' => {
                    de += 1;
                    latin += 1;
                }
                // (á, í, ó, ú are Portuguese and Italian letters too: function words decide)
                'ñ' | 'Ñ' => {
                    es += 1;
                    latin += 1;
                }
                'ã' | 'õ' | 'Ã' | 'Õ' => {
                    pt += 1;
                    latin += 1;
                }
                'ì' | 'ò' | 'ù' | 'Ì' | 'Ò' | 'Ù' => {
                    it += 1;
                    latin += 1;
                }
                '’' => {
                    let l = t.lower_str();
                    if ["l’", "d’", "qu’", "n’", "s’", "c’"]
                        .iter()
                        .any(|p| l.starts_with(p))
                    {
                        fr += 1;
                    }
                }
                'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => latin += 1,
                _ => {}
            }
        }
    }
    if hangul > cyr && hangul > latin {
        return Lang::Ko;
    }
    if cyr > latin {
        if uk > ru {
            return Lang::Uk;
        }
        if ru > uk {
            return Lang::Ru;
        }
        return best_of(toks, &[(Lang::Ru, 0), (Lang::Uk, 0)]);
    }
    best_of(
        toks,
        &[
            (Lang::En, 0),
            (Lang::De, de),
            (Lang::Fr, fr),
            (Lang::Es, es),
            (Lang::It, it),
            (Lang::Pt, pt),
            (Lang::Tr, tr),
        ],
    )
}

/// Turkish case suffixes written after an apostrophe on a name.
const TURKISH_SUFFIXES: &[&str] = &[
    "a", "e", "ya", "ye", "da", "de", "ta", "te", "dan", "den", "tan", "ten", "ın", "in", "un",
    "ün", "nın", "nin", "nun", "nün", "yı", "yi", "yu", "yü", "ı", "i", "u", "ü", "la", "le",
    "yla", "yle", "daki", "deki", "taki", "teki",
];

/// Whether a word is a capitalised name with a Turkish case suffix after an apostrophe
/// ("Reuters'a", "AFAD'ın"), not an English or French elision ("O'Brien", "I'll", "L'agence").
fn turkish_case_suffix(w: &str) -> bool {
    let Some(k) = w.find(['\'', '’']) else {
        return false;
    };
    let (name, rest) = (&w[..k], &w[k..]);
    let suffix = rest.trim_start_matches(['\'', '’']);
    name.chars().nth(1).is_some()
        && name.chars().next().is_some_and(char::is_uppercase)
        && TURKISH_SUFFIXES.contains(&suffix)
}

/// The language of `langs` (each with a head start) whose function words the sentence uses
/// most, ties broken by the languages' one-word verbs of saying; French elisions with a
/// straight apostrophe ("l'agence") count for French.
fn best_of(toks: &[Token<'_>], langs: &[(Lang, usize)]) -> Lang {
    let map = lexicon::function_word_langs();
    let mut score = [0usize; Lang::ALL.len()];
    for &(l, head) in langs {
        score[l.index()] = head;
    }
    for t in toks.iter().filter(|t| t.is_word()) {
        let w = t.lower_str();
        let mut mask = map.get(w).copied().unwrap_or(0);
        // l' d' n' s' c' qu'
        if matches!(
            w.as_bytes(),
            [b'l' | b'd' | b'n' | b's' | b'c', b'\'', ..] | [b'q', b'u', b'\'', ..]
        ) {
            mask |= 1 << Lang::Fr.index();
        }
        for &(l, _) in langs {
            score[l.index()] += usize::from(mask & (1 << l.index()) != 0);
        }
    }
    let top = langs
        .iter()
        .map(|&(l, _)| score[l.index()])
        .max()
        .unwrap_or(0);
    let tied: Vec<Lang> = langs
        .iter()
        .map(|&(l, _)| l)
        .filter(|l| score[l.index()] == top)
        .collect();
    if tied.len() > 1 {
        // A tie (Spanish, Portuguese and Italian share many function words): a verb of saying
        // of one language ("disse", "dijo") decides.
        for t in toks.iter().filter(|t| t.is_word()) {
            for &l in &tied {
                score[l.index()] += usize::from(
                    lexicon::get(l)
                        .cues_starting_with(t.lower_str())
                        .any(|c| c.words.len() == 1),
                );
            }
        }
    }
    let mut best = (0usize, langs[0].0);
    for &(l, _) in langs {
        if score[l.index()] > best.0 {
            best = (score[l.index()], l);
        }
    }
    best.1
}

/// Whether a lowercase word ends like a finite verb of the language.
fn verb_by_suffix(lex: &Lexicon, w: &str, classes: u32) -> bool {
    let words = &lex.words;
    if classes & class::NON_VERB != 0 {
        return false;
    }
    words
        .finite_suffixes
        .iter()
        .any(|s| w.ends_with(s.as_str()) && w[..w.len() - s.len()].chars().nth(2).is_some())
}

/// Whether a lowercase word ends like an adverb of the language ("probably").
fn adverb_by_suffix(lex: &Lexicon, w: &str, classes: u32) -> bool {
    classes & class::NON_ADV == 0
        && lex
            .words
            .adverb_suffixes
            .iter()
            .any(|s| w.len() > s.len() + 3 && w.ends_with(s.as_str()))
}

/// Tags of `toks` in language `lex`.
pub(crate) fn tag(toks: &[Token<'_>], lex: &Lexicon) -> Vec<Pos> {
    let w = &lex.words;
    let mut tags = Vec::with_capacity(toks.len());
    // Words tagged as verbs from their ending alone (not listed in the lexicons).
    let mut guessed = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !t.is_word() {
            tags.push(Pos::Punct);
            continue;
        }
        let l = t.lower_str();
        let lowercase = t.text == l;
        let c = lex.classes_of(l);
        let has = |bit: u32| c & bit != 0;
        let pos = if l.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            Pos::Num
        } else if has(class::AUX) {
            Pos::Aux
        } else if has(class::CONJ) {
            Pos::Conj
        } else if has(class::COMP) && (l != "that" || !clause_initial(toks, i)) {
            Pos::Comp
        } else if has(class::REL) && is_relative(toks, i, c) {
            Pos::Rel
        } else if has(class::DET) {
            Pos::Det
        } else if has(class::POSS) {
            Pos::Poss
        } else if has(class::PRON) {
            Pos::Pron
        } else if has(class::SUB) && !has(class::PREP) {
            Pos::Sub
        } else if has(class::PREP) {
            Pos::Prep
        } else if has(class::ADV) || (lowercase && adverb_by_suffix(lex, l, c)) {
            Pos::Adv
        } else if lowercase && has(class::VERB) {
            Pos::Verb
        } else if lowercase && verb_by_suffix(lex, l, c) {
            if w.case_marked {
                guessed.push(i);
            }
            Pos::Verb
        } else {
            Pos::Word
        };
        tags.push(pos);
    }
    // A French past participle after an auxiliary is a verb ("a licencié").
    if w.aux_in_cue {
        for i in 1..toks.len() {
            if tags[i] == Pos::Word
                && tags[i - 1] == Pos::Aux
                && toks[i].text == toks[i].lower_str()
                && ["é", "ée", "és", "ées"]
                    .iter()
                    .any(|s| toks[i].text.ends_with(s))
            {
                tags[i] = Pos::Verb;
            }
        }
    }
    // Two finite verbs side by side, with no conjunction or comma between them, do not make a
    // clause: a word guessed a verb from its ending alone, directly before a verb, is a noun or
    // an adjective (Russian genitives in -ала: "Представитель телеканала заявил"). Only where
    // nouns carry case endings that look like verbs; English "-ed" words stay verbs.
    for &i in &guessed {
        if tags.get(i + 1) == Some(&Pos::Verb) && toks[i + 1].is_word() {
            tags[i] = Pos::Word;
        }
    }
    // An English "-ed" word right after a determiner or possessive is an adjective ("the
    // leaked memo").
    for i in 1..toks.len() {
        if tags[i] == Pos::Verb && matches!(tags[i - 1], Pos::Det | Pos::Poss) {
            tags[i] = Pos::Word;
        }
    }
    tags
}

/// Whether token `i` opens its clause (sentence start or after a delimiter).
pub(crate) fn clause_initial(toks: &[Token<'_>], i: usize) -> bool {
    i == 0 || !toks[i - 1].is_word()
}

/// Whether the relative-pronoun form at `i` is used as one. English "that" and German
/// "der/die/das" are relatives only after a noun phrase: "that" when it is not clause-initial,
/// and a German article after a comma when no noun follows it.
fn is_relative(toks: &[Token<'_>], i: usize, classes: u32) -> bool {
    if classes & class::DET != 0 {
        // German: ", die sagte" vs ", die Polizei".
        let after_comma = i > 0 && toks[i - 1].text == ",";
        let next_is_noun = toks.get(i + 1).is_some_and(|n| n.is_capitalized());
        return after_comma && !next_is_noun;
    }
    true
}
