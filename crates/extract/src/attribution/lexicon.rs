//! The word lists of attribution, read from `data/cues/*.toml` (cues) and `data/pos/*.toml`
//! (closed-class words for the tagger), compiled into the binary and parsed once.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::words::WordFilter;

/// A multiply-rotate hash taking eight bytes at a step (as FxHash does): the keys are short
/// words looked up once per token, where SipHash (or a byte-at-a-time hash) costs more than
/// the rest of the tagging. Nothing iterates these maps in an order that shows in the output.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(Self::K).rotate_left(26);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        let n = rest.len();
        // The last 1 to 7 bytes as one word, read in overlapping pieces (no copy loop); the
        // length keeps "a" and "a\0" apart.
        let word = match n {
            0 => return,
            1..=3 => {
                u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16
            }
            _ => {
                let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                u64::from(lo) | u64::from(hi) << 32
            }
        };
        self.add(word ^ (n as u64) << 59);
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b) | 1 << 58);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
type FastSet<K> = HashSet<K, BuildHasherDefault<WordHasher>>;

/// Word classes of the tagger, as bits of [`Lexicon::classes`].
pub(crate) mod class {
    pub const DET: u32 = 1;
    pub const POSS: u32 = 1 << 1;
    pub const PRON: u32 = 1 << 2;
    pub const AUX: u32 = 1 << 3;
    pub const PREP: u32 = 1 << 4;
    pub const CONJ: u32 = 1 << 5;
    pub const SUB: u32 = 1 << 6;
    pub const REL: u32 = 1 << 7;
    pub const COMP: u32 = 1 << 8;
    pub const ADV: u32 = 1 << 9;
    pub const VERB: u32 = 1 << 10;
    pub const NON_VERB: u32 = 1 << 11;
    /// The first word of a cue.
    pub const CUE: u32 = 1 << 12;
    pub const NON_ADV: u32 = 1 << 13;
}

/// A language with its own lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Lang {
    En,
    Ru,
    Uk,
    De,
    Fr,
    Ko,
    Es,
    It,
    Pt,
    Ar,
    Tr,
}

impl Lang {
    pub const ALL: [Lang; 11] = [
        Lang::En,
        Lang::Ru,
        Lang::Uk,
        Lang::De,
        Lang::Fr,
        Lang::Ko,
        Lang::Es,
        Lang::It,
        Lang::Pt,
        Lang::Ar,
        Lang::Tr,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Uk => "uk",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Ko => "ko",
            Lang::Es => "es",
            Lang::It => "it",
            Lang::Pt => "pt",
            Lang::Ar => "ar",
            Lang::Tr => "tr",
        }
    }

    fn sources(self) -> (&'static str, &'static str) {
        match self {
            Lang::En => (
                include_str!("../../data/cues/en.toml"),
                include_str!("../../data/pos/en.toml"),
            ),
            Lang::Ru => (
                include_str!("../../data/cues/ru.toml"),
                include_str!("../../data/pos/ru.toml"),
            ),
            Lang::Uk => (
                include_str!("../../data/cues/uk.toml"),
                include_str!("../../data/pos/uk.toml"),
            ),
            Lang::De => (
                include_str!("../../data/cues/de.toml"),
                include_str!("../../data/pos/de.toml"),
            ),
            Lang::Fr => (
                include_str!("../../data/cues/fr.toml"),
                include_str!("../../data/pos/fr.toml"),
            ),
            Lang::Ko => (
                include_str!("../../data/cues/ko.toml"),
                include_str!("../../data/pos/ko.toml"),
            ),
            Lang::Es => (
                include_str!("../../data/cues/es.toml"),
                include_str!("../../data/pos/es.toml"),
            ),
            Lang::It => (
                include_str!("../../data/cues/it.toml"),
                include_str!("../../data/pos/it.toml"),
            ),
            Lang::Pt => (
                include_str!("../../data/cues/pt.toml"),
                include_str!("../../data/pos/pt.toml"),
            ),
            Lang::Ar => (
                include_str!("../../data/cues/ar.toml"),
                include_str!("../../data/pos/ar.toml"),
            ),
            Lang::Tr => (
                include_str!("../../data/cues/tr.toml"),
                include_str!("../../data/pos/tr.toml"),
            ),
        }
    }
}

/// How a cue relates to its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueKind {
    /// A verb: the speaker is its subject, or the phrase after it when inverted.
    Verb,
    /// A verb that is a cue only before a content clause ("found that").
    ClauseVerb,
    /// A verb whose object is the audience ("told reporters"): the speaker is only its subject.
    Tell,
    /// A German verb with a particle at the end of its clause ("teilte ... mit").
    Separable,
    /// The speaker follows ("according to X").
    Prep,
    /// The speaker precedes ("X zufolge").
    Postp,
    /// The cited source follows ("citing X"); nested inside the citing attribution.
    Cite,
    /// Impersonal verb; the source follows a preposition ("говорится в X").
    Impersonal,
    /// An adjunct ("in a statement") that makes the clause subject a speaker.
    Statement,
    /// A sentence-final verb whose speaker is the topic (Korean).
    Final,
    /// A passive verb of saying whose source is its agent ("tarafından doğrulandı", "تم تأكيد
    /// ... من قبل X"); with no agent it attributes nothing (Arabic and Turkish).
    Passive,
}

/// One cue: its words (for [`CueKind::Separable`]: the verb, then the particle).
#[derive(Debug, Clone)]
pub(crate) struct Cue {
    pub words: Vec<String>,
    pub kind: CueKind,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCues {
    #[serde(default)]
    verb: Vec<String>,
    #[serde(default)]
    clause_verb: Vec<String>,
    #[serde(default)]
    tell: Vec<String>,
    #[serde(default)]
    separable: Vec<String>,
    #[serde(default)]
    prep: Vec<String>,
    #[serde(default)]
    postp: Vec<String>,
    #[serde(default)]
    cite: Vec<String>,
    #[serde(default)]
    cite_object_prep: Vec<String>,
    #[serde(default)]
    impersonal: Vec<String>,
    #[serde(default)]
    statement: Vec<String>,
    #[serde(default)]
    document: Vec<String>,
    #[serde(default)]
    noun_forms: Vec<String>,
    #[serde(default)]
    other_particles: Vec<String>,
    #[serde(default)]
    r#final: Vec<String>,
    #[serde(default)]
    passive: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPos {
    #[serde(default)]
    v2: bool,
    #[serde(default)]
    verb_final: bool,
    #[serde(default)]
    aux_in_cue: bool,
    #[serde(default)]
    case_marked: bool,
    #[serde(default)]
    determiners: Vec<String>,
    #[serde(default)]
    possessives: Vec<String>,
    #[serde(default)]
    pronouns: Vec<String>,
    #[serde(default)]
    auxiliaries: Vec<String>,
    #[serde(default)]
    prepositions: Vec<String>,
    #[serde(default)]
    np_prepositions: Vec<String>,
    #[serde(default)]
    conjunctions: Vec<String>,
    #[serde(default)]
    subordinators: Vec<String>,
    #[serde(default)]
    relatives: Vec<String>,
    #[serde(default)]
    complementizers: Vec<String>,
    #[serde(default)]
    adverbs: Vec<String>,
    #[serde(default)]
    fillers: Vec<String>,
    #[serde(default)]
    anaphoric: Vec<String>,
    #[serde(default)]
    addressees: Vec<String>,
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(default)]
    finite_suffixes: Vec<String>,
    #[serde(default)]
    non_verbs: Vec<String>,
    #[serde(default)]
    adverb_suffixes: Vec<String>,
    #[serde(default)]
    adjective_suffixes: Vec<String>,
    #[serde(default)]
    plurals: Vec<String>,
    #[serde(default)]
    non_adverbs: Vec<String>,
    #[serde(default)]
    time_words: Vec<String>,
    #[serde(default)]
    time_preps: Vec<String>,
    #[serde(default)]
    not_a_subject: Vec<String>,
    #[serde(default)]
    name_particles: Vec<String>,
    #[serde(default)]
    inverted_prep: Vec<String>,
    #[serde(default)]
    passive_agent: Vec<String>,
    #[serde(default)]
    passive_aux: Vec<String>,
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    closing_prep: Vec<String>,
    #[serde(default)]
    manner_nouns: Vec<String>,
}

/// A set of one-word entries plus the entries of several words (as word lists).
#[derive(Debug, Default)]
pub(crate) struct WordSet {
    single: FastSet<String>,
    multi: Vec<Vec<String>>,
}

impl WordSet {
    fn new(forms: &[String]) -> WordSet {
        let mut set = WordSet::default();
        for form in forms.iter().flat_map(|f| expand(f)) {
            let words: Vec<String> = form.split_whitespace().map(str::to_string).collect();
            match words.len() {
                0 => {}
                1 => {
                    set.single
                        .insert(words.into_iter().next().unwrap_or_default());
                }
                _ => set.multi.push(words),
            }
        }
        set
    }

    /// Whether the set has no entry.
    pub fn is_empty(&self) -> bool {
        self.single.is_empty() && self.multi.is_empty()
    }

    /// Whether the one-word entry `w` (lowercase) is in the set.
    pub fn has(&self, w: &str) -> bool {
        self.single.contains(w)
    }

    /// Length of the longest entry (one or several words) that `words` starts with.
    pub fn prefix_len<'w>(&self, words: impl Iterator<Item = &'w str> + Clone) -> usize {
        let mut best = 0;
        if let Some(first) = words.clone().next() {
            if self.single.contains(first) {
                best = 1;
            }
        }
        for m in &self.multi {
            let mut it = words.clone();
            if m.len() > best && m.iter().all(|w| it.next() == Some(w.as_str())) {
                best = m.len();
            }
        }
        best
    }

    /// Whether the set has no one-word entry.
    pub fn single_is_empty(&self) -> bool {
        self.single.is_empty()
    }

    /// Whether `words` is exactly one entry.
    pub fn is_exactly(&self, words: &[&str]) -> bool {
        match words {
            [] => false,
            [w] => self.single.contains(*w),
            _ => self
                .multi
                .iter()
                .any(|m| m.len() == words.len() && m.iter().zip(words).all(|(a, b)| a == b)),
        }
    }
}

/// The closed-class lists and flags of one language (see `data/pos/README.md`).
#[derive(Debug, Default)]
pub(crate) struct Words {
    pub v2: bool,
    pub verb_final: bool,
    pub aux_in_cue: bool,
    /// Nouns carry their case: a noun phrase right after a preposition is never the subject.
    pub case_marked: bool,
    pub det: WordSet,
    pub poss: WordSet,
    pub pron: WordSet,
    pub aux: WordSet,
    pub prep: WordSet,
    pub np_prep: WordSet,
    pub conj: WordSet,
    pub sub: WordSet,
    pub rel: WordSet,
    pub comp: WordSet,
    pub adv: WordSet,
    pub fillers: WordSet,
    pub anaphoric: WordSet,
    pub addressees: WordSet,
    pub verbs: WordSet,
    pub finite_suffixes: Vec<String>,
    pub adverb_suffixes: Vec<String>,
    /// Endings of adjectives and participles that may follow their noun after a comma with a
    /// complement ("источник, знакомый с ходом переговоров").
    pub adjective_suffixes: Vec<String>,
    pub plurals: WordSet,
    pub non_verbs: WordSet,
    pub time_words: WordSet,
    pub time_preps: WordSet,
    pub not_a_subject: WordSet,
    pub name_particles: WordSet,
    pub inverted_prep: WordSet,
    pub passive_agent: WordSet,
    pub passive_aux: WordSet,
    /// Titles of office ("mayor", "minister"): a headline speaker before a colon carries one.
    pub titles: WordSet,
    /// Words that attribute only as the last phrase of a sentence, after a comma, with the
    /// speaker after them (German "..., so das Statistikamt.").
    pub closing_prep: WordSet,
    /// Nouns that make a prepositional cue a phrase of manner ("according to plan").
    pub manner_nouns: WordSet,
    pub cite_object_prep: WordSet,
    pub document: WordSet,
    pub noun_forms: WordSet,
    /// Particles that turn a verb of saying into another verb ("called off", "sagte ... ab").
    pub other_particles: WordSet,
}

/// Everything attribution knows about one language.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub words: Words,
    pub cues: Vec<Cue>,
    /// Indices into `cues` by first word, longest cue first.
    by_first: FastMap<String, Vec<usize>>,
    /// The keys of `by_first`, checked first: most words start no cue.
    first_words: WordFilter,
    /// Every word of every closed-class list (for language detection).
    pub function_words: FastSet<String>,
    /// The tagger's classes of each listed word (bits of [`class`]).
    pub classes: FastMap<String, u32>,
}

impl Lexicon {
    /// The cues whose first word is `w`, longest first.
    pub fn classes_of(&self, w: &str) -> u32 {
        self.classes.get(w).copied().unwrap_or(0)
    }

    pub fn cues_starting_with(&self, w: &str) -> impl Iterator<Item = &Cue> {
        self.first_words
            .may_contain(w)
            .then(|| self.by_first.get(w))
            .flatten()
            .into_iter()
            .flatten()
            .map(move |&k| &self.cues[k])
    }
}

/// Expands `{a,b}` groups: `say{,s}` → `say`, `says`.
pub(crate) fn expand(form: &str) -> Vec<String> {
    let Some(open) = form.find('{') else {
        return vec![form.trim().to_lowercase()];
    };
    let Some(close) = form[open..].find('}').map(|c| open + c) else {
        return vec![form.trim().to_lowercase()];
    };
    let (head, alts, tail) = (&form[..open], &form[open + 1..close], &form[close + 1..]);
    alts.split(',')
        .flat_map(|alt| expand(&format!("{head}{alt}{tail}")))
        .collect()
}

fn build(lang: Lang) -> Result<Lexicon, String> {
    let (cue_src, pos_src) = lang.sources();
    let cues: RawCues = toml::from_str(cue_src)
        .map_err(|e| format!("data/cues/{}.toml: {}", lang.code(), e.message()))?;
    let pos: RawPos = toml::from_str(pos_src)
        .map_err(|e| format!("data/pos/{}.toml: {}", lang.code(), e.message()))?;
    let mut lex = Lexicon::default();
    let kinds: [(&Vec<String>, CueKind); 11] = [
        (&cues.verb, CueKind::Verb),
        (&cues.clause_verb, CueKind::ClauseVerb),
        (&cues.tell, CueKind::Tell),
        (&cues.separable, CueKind::Separable),
        (&cues.prep, CueKind::Prep),
        (&cues.postp, CueKind::Postp),
        (&cues.cite, CueKind::Cite),
        (&cues.impersonal, CueKind::Impersonal),
        (&cues.statement, CueKind::Statement),
        (&cues.r#final, CueKind::Final),
        (&cues.passive, CueKind::Passive),
    ];
    for (forms, kind) in kinds {
        for form in forms.iter().flat_map(|f| expand(f)) {
            let words: Vec<String> = form.split_whitespace().map(str::to_string).collect();
            if words.is_empty() || (kind == CueKind::Separable && words.len() != 2) {
                return Err(format!(
                    "data/cues/{}.toml: bad {kind:?} cue {form:?}",
                    lang.code()
                ));
            }
            lex.cues.push(Cue { words, kind });
        }
    }
    for (k, cue) in lex.cues.iter().enumerate() {
        lex.by_first
            .entry(cue.words[0].clone())
            .or_default()
            .push(k);
    }
    lex.first_words = WordFilter::new(lex.by_first.keys().map(String::as_str));
    // Longest first; separable verbs (which need their particle) before plain ones.
    for list in lex.by_first.values_mut() {
        let cues = &lex.cues;
        list.sort_by_key(|&k| {
            (
                std::cmp::Reverse(cues[k].words.len()),
                cues[k].kind != CueKind::Separable,
                k,
            )
        });
    }
    let w = &mut lex.words;
    w.v2 = pos.v2;
    w.verb_final = pos.verb_final;
    w.aux_in_cue = pos.aux_in_cue;
    w.case_marked = pos.case_marked;
    w.det = WordSet::new(&pos.determiners);
    w.poss = WordSet::new(&pos.possessives);
    w.pron = WordSet::new(&pos.pronouns);
    w.aux = WordSet::new(&pos.auxiliaries);
    w.prep = WordSet::new(&pos.prepositions);
    w.np_prep = WordSet::new(&pos.np_prepositions);
    w.conj = WordSet::new(&pos.conjunctions);
    w.sub = WordSet::new(&pos.subordinators);
    w.rel = WordSet::new(&pos.relatives);
    w.comp = WordSet::new(&pos.complementizers);
    w.adv = WordSet::new(&pos.adverbs);
    w.fillers = WordSet::new(&pos.fillers);
    w.anaphoric = WordSet::new(&pos.anaphoric);
    w.addressees = WordSet::new(&pos.addressees);
    w.verbs = WordSet::new(&pos.verbs);
    w.finite_suffixes = pos.finite_suffixes.iter().flat_map(|f| expand(f)).collect();
    w.adverb_suffixes = pos.adverb_suffixes.iter().flat_map(|f| expand(f)).collect();
    w.adjective_suffixes = pos
        .adjective_suffixes
        .iter()
        .flat_map(|f| expand(f))
        .collect();
    w.plurals = WordSet::new(&pos.plurals);
    w.non_verbs = WordSet::new(&pos.non_verbs);
    w.time_words = WordSet::new(&pos.time_words);
    w.time_preps = WordSet::new(&pos.time_preps);
    w.not_a_subject = WordSet::new(&pos.not_a_subject);
    w.name_particles = WordSet::new(&pos.name_particles);
    w.inverted_prep = WordSet::new(&pos.inverted_prep);
    w.passive_agent = WordSet::new(&pos.passive_agent);
    w.passive_aux = WordSet::new(&pos.passive_aux);
    w.titles = WordSet::new(&pos.titles);
    w.closing_prep = WordSet::new(&pos.closing_prep);
    w.manner_nouns = WordSet::new(&pos.manner_nouns);
    w.cite_object_prep = WordSet::new(&cues.cite_object_prep);
    w.document = WordSet::new(&cues.document);
    w.noun_forms = WordSet::new(&cues.noun_forms);
    w.other_particles = WordSet::new(&cues.other_particles);
    let class_lists: [(&Vec<String>, u32); 13] = [
        (&pos.non_adverbs, class::NON_ADV),
        (&pos.determiners, class::DET),
        (&pos.possessives, class::POSS),
        (&pos.pronouns, class::PRON),
        (&pos.auxiliaries, class::AUX),
        (&pos.prepositions, class::PREP),
        (&pos.conjunctions, class::CONJ),
        (&pos.subordinators, class::SUB),
        (&pos.relatives, class::REL),
        (&pos.complementizers, class::COMP),
        (&pos.adverbs, class::ADV),
        (&pos.verbs, class::VERB),
        (&pos.non_verbs, class::NON_VERB),
    ];
    for (list, bit) in class_lists {
        for form in list.iter().flat_map(|f| expand(f)) {
            if !form.contains(' ') {
                *lex.classes.entry(form).or_default() |= bit;
            }
        }
    }
    for first in lex.by_first.keys() {
        *lex.classes.entry(first.clone()).or_default() |= class::CUE;
    }
    for list in [
        &pos.determiners,
        &pos.possessives,
        &pos.pronouns,
        &pos.auxiliaries,
        &pos.prepositions,
        &pos.conjunctions,
        &pos.subordinators,
        &pos.relatives,
        &pos.complementizers,
    ] {
        for form in list.iter().flat_map(|f| expand(f)) {
            if !form.contains(' ') {
                lex.function_words.insert(form);
            }
        }
    }
    Ok(lex)
}

/// The lists of every language, parsed on first use.
pub(crate) fn all() -> &'static [Lexicon] {
    static ALL: OnceLock<Vec<Lexicon>> = OnceLock::new();
    ALL.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|&l| {
                // The lists are compiled in and checked by the tests below: a failure here is a
                // broken build, not bad input. Fall back to no lists rather than panic.
                build(l).unwrap_or_default()
            })
            .collect()
    })
}

/// The lists of `lang`.
pub(crate) fn get(lang: Lang) -> &'static Lexicon {
    &all()[lang.index()]
}

/// The cues of every language by first word: a sentence where none of them fits has no cue
/// whatever language it is read in.
/// Whether `w` (lowercase) is a title of office in any language (a cheap test before a
/// headline is tagged).
pub(crate) fn title_in_any_language(w: &str) -> bool {
    static SET: OnceLock<FastSet<String>> = OnceLock::new();
    in_any_language(&SET, |words| &words.titles, w)
}

/// Whether `w` is a closing word of attribution ("..., so das Statistikamt.") in any language.
pub(crate) fn closing_prep_in_any_language(w: &str) -> bool {
    static SET: OnceLock<FastSet<String>> = OnceLock::new();
    in_any_language(&SET, |words| &words.closing_prep, w)
}

/// Whether `w` is a one-word entry of the list `pick` in any language (the union built once).
fn in_any_language(
    set: &'static OnceLock<FastSet<String>>,
    pick: fn(&Words) -> &WordSet,
    w: &str,
) -> bool {
    set.get_or_init(|| {
        all()
            .iter()
            .flat_map(|lex| pick(&lex.words).single.iter().cloned())
            .collect()
    })
    .contains(w)
}

pub(crate) fn cues_of_any_language() -> &'static FastMap<String, Vec<&'static Cue>> {
    static MAP: OnceLock<FastMap<String, Vec<&'static Cue>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: FastMap<String, Vec<&'static Cue>> = FastMap::default();
        for lex in all() {
            for cue in &lex.cues {
                if let Some(first) = cue.words.first() {
                    map.entry(first.clone()).or_default().push(cue);
                }
            }
        }
        map
    })
}

/// For each function word of any language, the languages (bit `1 << Lang as usize`) that list
/// it: one lookup per word for language detection.
pub(crate) fn function_word_langs() -> &'static FastMap<String, u16> {
    static MAP: OnceLock<FastMap<String, u16>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: FastMap<String, u16> = FastMap::default();
        for lang in Lang::ALL {
            for w in &get(lang).function_words {
                *map.entry(w.clone()).or_default() |= 1 << lang.index();
            }
        }
        map
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_parses() {
        for lang in Lang::ALL {
            let lex = build(lang).unwrap_or_else(|e| panic!("{e}"));
            if lang != Lang::Ko {
                assert!(lex.cues.len() > 10, "{lang:?}");
                assert!(!lex.function_words.is_empty(), "{lang:?}");
            }
        }
    }

    #[test]
    fn braces_expand() {
        assert_eq!(expand("say{,s,ing}"), ["say", "says", "saying"]);
        assert_eq!(expand("teil{t,te} mit"), ["teilt mit", "teilte mit"]);
        assert_eq!(expand("Said"), ["said"]);
    }

    #[test]
    fn inflected_forms_are_cues() {
        let en = get(Lang::En);
        for w in [
            "said", "saying", "says", "told", "asked", "added", "adding", "called",
        ] {
            assert!(en.cues_starting_with(w).next().is_some(), "{w}");
        }
        for w in [
            "denied",
            "accused",
            "warned",
            "tweeted",
            "wrote",
            "suggested",
            "argued",
        ] {
            assert!(en.cues_starting_with(w).next().is_some(), "{w}");
        }
        for w in ["insisted", "acknowledged", "confirmed"] {
            assert!(en.cues_starting_with(w).next().is_some(), "{w}");
        }
        assert!(get(Lang::Ru).cues_starting_with("заявила").next().is_some());
        assert!(get(Lang::Uk)
            .cues_starting_with("повідомили")
            .next()
            .is_some());
        let de: Vec<_> = get(Lang::De).cues_starting_with("teilte").collect();
        assert_eq!(de[0].kind, CueKind::Separable);
        assert!(get(Lang::Fr).cues_starting_with("déclaré").next().is_some());
        assert!(en.cues_starting_with("ran").next().is_none());
    }
}
