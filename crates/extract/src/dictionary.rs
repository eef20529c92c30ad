//! The entity dictionary: loading `entities.toml` and finding mentions in text.
//!
//! # Alias syntax
//!
//! * Plain aliases match case-insensitively (Unicode lowercase + NFC, `ё` = `е`, any run of
//!   whitespace = one space) with word boundaries on both sides.
//! * A word ending in `*` is a prefix: it matches any word that starts with it (`росси*` matches
//!   `России`, `российские`). Every word of an alias may be a prefix (`Средн* Ази*`).
//! * An alias that is all uppercase with at most four letters (`US`, `UN`, `КНДР`, `NATO`) is
//!   matched case-sensitively, so `US` never matches the pronoun "us".
//! * Any alias may be followed directly by Hangul (Korean particles: `북한의`, `NATO는`); the
//!   particle is not part of the mention.
//! * An alias that ends in an Indic script or in Georgian may be followed directly by a few
//!   letters of the same script: the case endings and postpositions Bengali, Marathi, Nepali,
//!   the Dravidian languages and Georgian join to a noun ("ময়মনসিংহে", "ഇടുക്കിയിൽ",
//!   "काठमाडौंमा"). A Tamil or Malayalam
//!   name ending in a dead consonant (virama) is matched without it, since the ending replaces
//!   it or doubles the consonant ("கோயம்புத்தூரில்", "വയനാട്ടിൽ", "വയനാടിന്റെ"), and a Georgian
//!   name without its nominative ი ("თბილისის", "თბილისში").
//! * Aliases that start or end with Han or kana need no word boundary on that side.
//! * `stop_phrases` are matched like aliases but produce no mention: they shadow the aliases
//!   they contain ("National Security Council" is not the UN Security Council).

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use serde::Deserialize;
use toml::Spanned;
use unicode_normalization::UnicodeNormalization;

use crate::casefold::{fold_str, Folded};
use crate::chars::{
    char_at, is_arabic_letter, is_arabic_proclitic, is_combining_mark, is_hangul,
    is_unspaced_script, is_word_char, normalize_ws,
};
use crate::error::DictionaryError;
use crate::Mention;

/// The dictionary shipped with the crate.
const BUILTIN: &str = include_str!("../data/entities.toml");
/// The generated gazetteer (see `data/gazetteer/`), layered on [`BUILTIN`].
/// Committed gzipped (`make gazetteer` writes both): 0.65 MB instead of 2.8 MB in the repository.
const PLACES_GZ: &[u8] = include_bytes!("../data/places.toml.gz");

/// The gazetteer's TOML, decompressed once per process.
fn places() -> &'static str {
    static PLACES: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PLACES.get_or_init(|| {
        use std::io::Read;
        let mut out = String::new();
        match flate2::read::GzDecoder::new(PLACES_GZ).read_to_string(&mut out) {
            Ok(_) => {
                out.shrink_to_fit();
                out
            }
            // A build bug, not input: without the gazetteer the dictionary is the hand-written
            // one (the test `the_gazetteer_is_shipped` fails).
            Err(_) => String::new(),
        }
    })
}

/// Above this many anchors the matcher is a contiguous NFA instead of a DFA.
const DFA_MAX_PATTERNS: usize = 20_000;

/// Aliases with at most this many letters, all uppercase, are matched case-sensitively.
const CASE_SENSITIVE_MAX_LETTERS: usize = 4;

/// One entity as declared in the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Stable kebab-case id, e.g. `north-korea`.
    pub id: String,
    /// Free-form kind: `country`, `city`, `organisation`, `person`, `agency`, ...
    pub kind: String,
    /// Wikidata QID, when known.
    pub wikidata: Option<String>,
    /// The id of the country the entity lies in, for cities and regions.
    pub country: Option<String>,
    /// Aliases by language code, exactly as written in the source (with any `*`).
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Ids of the entities this one groups (a region of users' own, "turkish-thrace", holding
    /// the gazetteer's provinces and towns): a mention of any of them is also a mention of
    /// this entity. Written as `contains = [...]`, or implied by a users' alias that is
    /// already the name of a shipped entity or gazetteer place.
    pub contains: Vec<String>,
}

/// Entity ids and aliases, compiled for matching.
#[derive(Debug, Clone)]
pub struct EntityDictionary {
    version: String,
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    /// Folded alias (with any `*` kept) → entity; stop phrases are not in here.
    by_alias: HashMap<String, usize>,
    aliases: Vec<Alias>,
    /// The hand-written and users' aliases: searched everywhere in the text.
    base: Automaton,
    /// The gazetteer's aliases (tens of thousands of place names): proper names, so searched
    /// only where a word starts with a capital letter or in a script without case, anchored
    /// there. That keeps the cost of a large gazetteer to the few such positions of a text.
    /// (Gazetteer aliases written with a lower-case first letter, country adjectives, are in
    /// `base`.)
    ///
    /// One automaton per bucket of anchors' first characters ([`place_bucket`]): an anchored
    /// search at a position can only match anchors that start with the character there, so
    /// only that bucket is searched, and building sixteen small automatons holds a sixteenth
    /// of the memory one large build holds at its peak. Empty when the dictionary is for
    /// names only.
    places: Vec<Automaton>,
    /// (entity, folded name) → the places of other countries that bear the name too (an
    /// entity's `namesakes` table; see [`Namesakes`]).
    namesakes: HashMap<(usize, String), Vec<usize>>,
    /// Entity index → the entities that group it, transitively, nearest first (see
    /// [`Entity::contains`]); only entities some other groups are keys.
    containers: HashMap<usize, Vec<usize>>,
    /// (entity, folded name) of the names matched only in a sense the article picks.
    context_only: std::collections::HashSet<(usize, String)>,
}

/// How many automatons the gazetteer's anchors are spread over.
const PLACE_BUCKETS: usize = 16;

/// The bucket of the place anchors that start with `c` (folded).
fn place_bucket(c: char) -> usize {
    c as usize % PLACE_BUCKETS
}

/// An Aho-Corasick automaton over alias anchors.
#[derive(Debug, Clone, Default)]
struct Automaton {
    /// While adding: (pattern id, alias index) for every alias. Built: empty.
    pending: Vec<(u32, u32)>,
    /// Built: the aliases of pattern `p` are `members[offsets[p]..offsets[p + 1]]` (one flat
    /// list instead of a vector per anchor: tens of thousands of anchors have one alias each).
    offsets: Vec<u32>,
    members: Vec<u32>,
    anchors: HashMap<String, u32>,
    texts: Vec<String>,
    ac: Option<AhoCorasick>,
    /// Which anchors may start where, checked before an anchored search (most positions
    /// start none).
    starts: StartFilter,
}

/// A set of the anchors' beginnings: their first bytes, the first bytes of anchors shorter
/// than three bytes, and a bit per hash of the first three bytes of the others. A position
/// it rejects starts no anchor; one it admits may.
#[derive(Debug, Clone, Default)]
struct StartFilter {
    first: [u64; 4],
    short: [u64; 4],
    /// `1 << TRIGRAM_BITS` bits (empty until built).
    trigrams: Vec<u64>,
}

const TRIGRAM_BITS: u32 = 17;

fn set_byte(set: &mut [u64; 4], b: u8) {
    set[usize::from(b >> 6)] |= 1 << (b & 63);
}

fn has_byte(set: &[u64; 4], b: u8) -> bool {
    set[usize::from(b >> 6)] & (1 << (b & 63)) != 0
}

fn trigram_bit(t: &[u8]) -> usize {
    let x = u32::from(t[0]) | u32::from(t[1]) << 8 | u32::from(t[2]) << 16;
    (x.wrapping_mul(0x9E37_79B1) >> (32 - TRIGRAM_BITS)) as usize
}

impl StartFilter {
    fn add(&mut self, anchor: &[u8]) {
        if self.trigrams.is_empty() {
            self.trigrams = vec![0; 1 << (TRIGRAM_BITS - 6)];
        }
        let Some(&b) = anchor.first() else {
            return;
        };
        set_byte(&mut self.first, b);
        if anchor.len() < 3 {
            set_byte(&mut self.short, b);
        } else {
            let k = trigram_bit(anchor);
            self.trigrams[k >> 6] |= 1 << (k & 63);
        }
    }

    /// Whether an anchor may start at `hay[at..]` (false: none does).
    #[inline]
    fn admits(&self, hay: &[u8], at: usize) -> bool {
        let Some(&b) = hay.get(at) else {
            return false;
        };
        if !has_byte(&self.first, b) {
            return false;
        }
        if has_byte(&self.short, b) {
            return true;
        }
        match hay.get(at..at + 3) {
            Some(t) => {
                let k = trigram_bit(t);
                self.trigrams[k >> 6] & (1 << (k & 63)) != 0
            }
            // Fewer than three bytes left: only an anchor shorter than three bytes fits.
            None => false,
        }
    }
}

impl Automaton {
    fn add(&mut self, anchor: String, alias: u32) {
        let pid = match self.anchors.get(&anchor) {
            Some(&p) => p,
            None => {
                let p = self.texts.len() as u32;
                self.texts.push(anchor.clone());
                self.anchors.insert(anchor, p);
                p
            }
        };
        self.pending.push((pid, alias));
    }

    /// The aliases sharing pattern `pattern`'s anchor, in the order they were added.
    fn aliases_of(&self, pattern: usize) -> &[u32] {
        match (self.offsets.get(pattern), self.offsets.get(pattern + 1)) {
            (Some(&a), Some(&b)) => &self.members[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The matcher for a set of `anchors` anchors: a DFA while it is small, a contiguous NFA
    /// above that.
    fn kind_for(anchors: usize) -> AhoCorasickKind {
        if anchors <= DFA_MAX_PATTERNS {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        }
    }

    /// Compile, as `kind` (see [`Automaton::kind_for`]).
    fn build(&mut self, start: StartKind, kind: AhoCorasickKind) -> Result<(), String> {
        self.anchors = HashMap::new();
        // Group the aliases by pattern, keeping the order they were added in (a stable
        // counting sort): offsets[p] is where pattern p's aliases start in `members`.
        let mut offsets = vec![0u32; self.texts.len() + 1];
        for &(p, _) in &self.pending {
            offsets[p as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut next = offsets.clone();
        let mut members = vec![0u32; self.pending.len()];
        for &(p, alias) in &self.pending {
            members[next[p as usize] as usize] = alias;
            next[p as usize] += 1;
        }
        self.pending = Vec::new();
        self.offsets = offsets;
        self.members = members;
        if self.texts.is_empty() {
            return Ok(());
        }
        for t in &self.texts {
            self.starts.add(t.as_bytes());
        }
        let ac = AhoCorasick::builder()
            .kind(Some(kind))
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(start)
            .build(&self.texts)
            .map_err(|e| format!("cannot build the matcher: {e}"))?;
        self.texts = Vec::new();
        self.ac = Some(ac);
        Ok(())
    }

    /// Whether an anchor may start at `hay[at..]` (false: none does).
    #[inline]
    fn may_start_at(&self, hay: &str, at: usize) -> bool {
        self.starts.admits(hay.as_bytes(), at)
    }
}

/// A compiled alias: 16 bytes, since a dictionary with the gazetteer has a few hundred
/// thousand of them (written names and their inflected variants). The rare parts (a tail, an
/// exact case) are boxed.
#[derive(Debug, Clone)]
struct Alias {
    /// Entity index; [`Alias::STOP`] for a stop phrase.
    entity: u32,
    /// [`Alias::PREFIX_ANCHOR`], [`Alias::UNSPACED_START`], [`Alias::NAME_ENDINGS`].
    flags: u8,
    rest: Option<Box<AliasRest>>,
}

/// The parts of an alias that most aliases do not have.
#[derive(Debug, Clone)]
struct AliasRest {
    /// Words after the first prefix word, matched by hand after the anchor.
    tail: Vec<Part>,
    /// For case-sensitive aliases: the exact form (NFC, whitespace collapsed).
    exact_case: Option<String>,
}

impl Alias {
    const STOP: u32 = u32::MAX;
    /// The anchor ends in a prefix word (extend the match to the end of that word).
    const PREFIX_ANCHOR: u8 = 1;
    /// The anchor starts with Han/kana: no word boundary needed before it.
    const UNSPACED_START: u8 = 2;
    /// A prefix anchor written `word~`: the word may take only [`LATIN_NAME_ENDINGS`] (or
    /// [`CYRILLIC_NAME_ENDINGS`] after a Cyrillic stem).
    const NAME_ENDINGS: u8 = 4;
    /// The anchor starts with three Arabic letters or more: clitics may be joined to its front
    /// ([`is_arabic_proclitic`]).
    const ARABIC_START: u8 = 8;
    /// The alias ends in a whole Arabic word, which may take a relative-adjective ending
    /// ([`ARABIC_NISBA`]: "باكستاني", "الباكستانية").
    const ARABIC_END: u8 = 16;
    /// The alias ends in a letter of an Indic script or of Georgian: case endings may be
    /// joined to it ([`joined_ending`]).
    const JOINED_ENDINGS: u8 = 32;
    /// A one-word Tamil or Malayalam alias whose final virama, or a Georgian one whose final
    /// ი, was taken off its anchor: the match must go on with it or an ending in its place
    /// ([`joined_ending`]).
    const END_CUT: u8 = 64;

    /// The alias for `parsed`, and its anchor.
    fn compile(mut parsed: ParsedAlias, entity: Option<usize>) -> (String, Alias) {
        let mut flags = 0;
        if parsed.prefix_anchor {
            flags |= Alias::PREFIX_ANCHOR;
        }
        if parsed.anchor.chars().next().is_some_and(is_unspaced_script) {
            flags |= Alias::UNSPACED_START;
        }
        if parsed.name_endings {
            flags |= Alias::NAME_ENDINGS;
        }
        let mut first = parsed.anchor.chars();
        if first
            .by_ref()
            .take(3)
            .filter(|&c| is_arabic_letter(c))
            .count()
            == 3
        {
            flags |= Alias::ARABIC_START;
        }
        let (last_word, open) = match parsed.tail.last() {
            Some(part) => (part.word.as_str(), part.prefix),
            None => (parsed.anchor.as_str(), parsed.prefix_anchor),
        };
        if !open && last_word.chars().next_back().is_some_and(is_arabic_letter) {
            flags |= Alias::ARABIC_END;
        }
        if !open
            && last_word
                .chars()
                .next_back()
                .is_some_and(|c| joined_ending_block(c).is_some())
        {
            flags |= Alias::JOINED_ENDINGS;
            if parsed.tail.is_empty() && cuts_its_end(&parsed.anchor) {
                parsed.anchor.pop();
                flags |= Alias::END_CUT;
            }
        }
        let rest = (!parsed.tail.is_empty() || parsed.exact_case.is_some()).then(|| {
            Box::new(AliasRest {
                tail: parsed.tail,
                exact_case: parsed.exact_case,
            })
        });
        let alias = Alias {
            entity: entity.map_or(Alias::STOP, |e| e as u32),
            flags,
            rest,
        };
        (parsed.anchor, alias)
    }

    /// Entity index; `None` for a stop phrase.
    fn entity(&self) -> Option<usize> {
        (self.entity != Self::STOP).then_some(self.entity as usize)
    }

    fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    fn tail(&self) -> &[Part] {
        self.rest.as_ref().map_or(&[], |r| r.tail.as_slice())
    }

    fn exact_case(&self) -> Option<&str> {
        self.rest.as_ref().and_then(|r| r.exact_case.as_deref())
    }
}

#[derive(Debug, Clone)]
struct Part {
    word: String,
    prefix: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDictionary {
    /// Required of a base source; optional for the sources layered on it.
    #[serde(default)]
    version: Option<Spanned<String>>,
    #[serde(default)]
    stop_phrases: Vec<Spanned<String>>,
    #[serde(default, rename = "entity")]
    entities: Vec<RawEntity>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    id: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    wikidata: Option<Spanned<String>>,
    /// The id of the country the entity lies in (cities, regions); a country is in itself.
    #[serde(default)]
    country: Option<Spanned<String>>,
    aliases: Spanned<BTreeMap<String, Vec<Spanned<String>>>>,
    /// Name → ids of places of other countries that bear it too (the gazetteer writes these for
    /// the names it gave this entity over them). Ids the dictionary does not hold are ignored.
    #[serde(default)]
    namesakes: BTreeMap<String, Vec<String>>,
    /// Names that places of several countries bear, none the obvious owner: each matches only
    /// when the article's other places pick this entity or one of its `namesakes` for it.
    #[serde(default)]
    context_only: Vec<String>,
    /// Ids of the entities this one groups (see [`Entity::contains`]).
    #[serde(default)]
    contains: Vec<Spanned<String>>,
}

/// How a dictionary source combines with the sources before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// The first source: every id once, a `version` required.
    Base,
    /// Adds entities; an entity with an id already known adds its aliases (and its country,
    /// if it had none) to that entity. The generated gazetteer is such a layer.
    Extend,
    /// Adds entities; an entity with an id already known replaces it. Users' own entities
    /// (the entity log) are such a layer.
    Override,
}

/// One TOML source of a layered dictionary (see [`EntityDictionary::from_sources`]).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Named in error messages (`places.toml`, `entity log`).
    pub name: &'a str,
    pub toml: &'a str,
    pub layer: Layer,
}

/// Folded names, each with the ids of the places of other countries that bear it too.
type NamesakeList = Vec<(String, Vec<String>)>;

/// An entity as declared, before compiling, with where each alias was written.
struct Decl {
    id: String,
    kind: String,
    wikidata: Option<String>,
    country: Option<(String, usize, std::ops::Range<usize>)>,
    /// Language → (alias as written, source index, span in that source).
    aliases: BTreeMap<String, Vec<(String, usize, std::ops::Range<usize>)>>,
    /// Folded name → ids of its namesakes.
    namesakes: NamesakeList,
    /// Names matched only when the article picks a sense (as written, source index).
    context_only: Vec<(String, usize)>,
    /// Ids of the entities it groups (id, source index, span).
    contains: Vec<(String, usize, std::ops::Range<usize>)>,
    /// The source it was declared in.
    source: usize,
}

/// An alias split into anchor (searched with Aho-Corasick) and tail (verified by hand).
struct ParsedAlias {
    /// Folded alias with `*` kept, used for exact lookups and duplicate detection.
    key: String,
    anchor: String,
    prefix_anchor: bool,
    tail: Vec<Part>,
    exact_case: Option<String>,
    /// Written `word~`: the prefix word may take only [`LATIN_NAME_ENDINGS`].
    name_endings: bool,
}

/// The block of a script whose nouns take case endings or postpositions joined to them: the
/// 128-code-point blocks of the Indic scripts (Devanagari to Sinhala: U+0900..U+0DFF; Bengali,
/// Marathi, Nepali, Tamil, Telugu, Kannada and Malayalam join them), and Georgian
/// (U+10A0..U+10FF: "თბილისში", "ბათუმის").
fn joined_ending_block(c: char) -> Option<u32> {
    let u = c as u32;
    if (0x10A0..=0x10FF).contains(&u) {
        return Some(0x10A0);
    }
    (0x0900..=0x0DFF).contains(&u).then_some(u & !0x7F)
}

/// Endings a name loses before a joined ending: Tamil and Malayalam viramas (the ending's vowel
/// sign replaces it, or the consonant is doubled) and the Georgian nominative ი ("თბილისი",
/// "თბილისის", "თბილისში").
const CUT_ENDS: [char; 3] = ['\u{0BCD}', '\u{0D4D}', 'ი'];

/// Whether a one-word anchor ends in a Tamil or Malayalam consonant with its virama, or in a
/// Georgian consonant with its nominative ი, after at least three other characters.
fn cuts_its_end(anchor: &str) -> bool {
    let mut rev = anchor.chars().rev();
    rev.next().is_some_and(|c| CUT_ENDS.contains(&c))
        && rev
            .next()
            .is_some_and(|c| joined_ending_block(c).is_some() && !is_combining_mark(c) && c != 'ი')
        && anchor.chars().count() >= 5
}

/// At most this many characters (letters and signs) of an ending joined to an Indic name: long
/// enough for a case ending with a postposition ("யிலிருந்து", "യിൽനിന്ന്"), short enough that
/// a longer word that only begins like the name is not taken for it.
const JOINED_ENDING_MAX: usize = 10;

/// Whether the word going on after an alias that ends at `end` (its last character `last`) is
/// the alias with an ending joined to it: letters and signs of the same script, at most
/// [`JOINED_ENDING_MAX`]; after a cut ending, the virama itself (the bare name, or a doubled
/// consonant) or a vowel sign that replaces it.
fn joined_ending(hay: &str, end: usize, last: char, end_cut: bool) -> bool {
    let Some(block) = joined_ending_block(last) else {
        return false;
    };
    let word_end = extend_word(hay, end);
    let ending = &hay[end..word_end];
    let mut n = 0;
    for c in ending.chars() {
        if joined_ending_block(c) != Some(block) {
            return false;
        }
        n += 1;
    }
    if end_cut {
        // The virama taken off the anchor, or a vowel sign in its place; in Georgian, the
        // nominative ი or the case ending in its place.
        let first = ending.chars().next();
        let georgian = block == 0x10A0;
        return first.is_some_and(|c| georgian || CUT_ENDS.contains(&c) || is_combining_mark(c))
            && n <= JOINED_ENDING_MAX + 1;
    }
    n <= JOINED_ENDING_MAX
}

/// Whether a folded name ends in a Cyrillic letter.
fn is_cyrillic_end(name: &str) -> bool {
    name.chars()
        .next_back()
        .is_some_and(|c| matches!(c, '\u{0400}'..='\u{04FF}'))
}

/// Whether `ending`, after the name `name` (both folded), is the final `h` that romanizations
/// of Arabic and Persian names write or leave out after a final `a` (the feminine ending):
/// "Hodeida" and "Hodeidah", "Hajja" and "Hajjah", "Marwa" and "Marwah". Names written with
/// the `h` and texts without it are the other half of the rule, left to the data: a
/// gazetteer that lists only "Hajjah" does not find "Hajja".
fn transliteration_h(name: &str, ending: &str) -> bool {
    ending == "h" && name.ends_with('a') && name.chars().count() >= 4
}

/// What a one-word alias written `word~` may add to the word: the endings of German genitives
/// and adjectives and of English plurals ("Hamburgs", "Hamburger Hafen", "Berliner").
pub(crate) const LATIN_NAME_ENDINGS: &[&str] = &["", "s", "er", "ern", "ers", "es"];

/// What a one-word Cyrillic alias written `stem~` may add to its stem (folded): the case
/// endings of Russian and Ukrainian nouns and adjectives, and the adjective a place name makes
/// with -ск-/-ськ- ("Харківська область", "новороссийский"). "Бель~" (Bello, Colombia) takes
/// "Бельо" but not "Бельт" (the Great Belt) nor "Бельгия".
pub(crate) const CYRILLIC_NAME_ENDINGS: &[&str] = &[
    "",
    "а",
    "я",
    "ы",
    "и",
    "е",
    "у",
    "ю",
    "о",
    "ь",
    "й",
    "і",
    "ї",
    "є",
    "ой",
    "ей",
    "ом",
    "ем",
    "ём",
    "ам",
    "ям",
    "ах",
    "ях",
    "ами",
    "ями",
    "ов",
    "ев",
    "ою",
    "ею",
    "єю",
    "ові",
    "еві",
    "ів",
    "їв",
    "ий",
    "ый",
    "ая",
    "яя",
    "ое",
    "ее",
    "ые",
    "ие",
    "ого",
    "его",
    "ому",
    "ему",
    "ым",
    "им",
    "ых",
    "их",
    "ую",
    "юю",
    "ої",
    "ій",
    "єї",
    "ськ",
    "ська",
    "ський",
    "ської",
    "ській",
    "ською",
    "ськом",
    "ському",
    "ськими",
    "ських",
    "ським",
    "ське",
    "ські",
    "ську",
    "ский",
    "ская",
    "ской",
    "ского",
    "скому",
    "ском",
    "ским",
    "ских",
    "ское",
    "ские",
    "скую",
    "скими",
];

/// The endings (folded) of the Arabic relative adjective (nisba) and its feminine, dual and
/// plural forms, which make a name an adjective: "باكستان" → "باكستاني", "الباكستانية",
/// "باكستانيون". A whole Arabic name may take one; a one-word alias written `stem~` in Arabic
/// script must ("روس~" for "روسيا": "الروسي", "روسية", but not "روس").
pub(crate) const ARABIC_NISBA: &[&str] = &["ي", "يه", "يين", "يون", "يان", "يتين", "يتان", "يات"];

fn parse_alias(raw: &str) -> Result<ParsedAlias, String> {
    if let Some(word) = raw.trim().strip_suffix('~') {
        if word.contains(char::is_whitespace) || word.contains(['*', '~']) {
            return Err(format!("alias {raw:?}: '~' ends a one-word alias"));
        }
        let mut p = parse_alias(&format!("{word}*"))?;
        p.key = fold_str(&format!("{word}~"));
        p.name_endings = true;
        return Ok(p);
    }
    let collapsed = normalize_ws(raw);
    if !collapsed.chars().any(is_word_char) {
        return Err(format!("alias {raw:?} has no letters or digits"));
    }
    let mut anchor_words: Vec<String> = Vec::new();
    let mut tail = Vec::new();
    let mut prefix_anchor = false;
    for word in collapsed.split(' ') {
        let (stem, prefix) = match word.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (word, false),
        };
        if stem.contains('*') {
            return Err(format!(
                "alias {raw:?}: '*' is only allowed at the end of a word"
            ));
        }
        let folded = fold_str(stem);
        if prefix && folded.chars().filter(|&c| is_word_char(c)).count() < 2 {
            return Err(format!(
                "alias {raw:?}: a prefix needs at least two letters before '*'"
            ));
        }
        if prefix_anchor {
            tail.push(Part {
                word: folded,
                prefix,
            });
        } else {
            anchor_words.push(folded);
            prefix_anchor = prefix;
        }
    }
    let letters: Vec<char> = collapsed.chars().filter(|c| c.is_alphabetic()).collect();
    let exact_case = (!letters.is_empty()
        && letters.len() <= CASE_SENSITIVE_MAX_LETTERS
        && letters.iter().all(|c| c.is_uppercase())
        && !collapsed.contains('*'))
    .then(|| collapsed.nfc().collect::<String>());
    Ok(ParsedAlias {
        key: fold_str(&collapsed),
        anchor: anchor_words.join(" "),
        prefix_anchor,
        tail,
        exact_case,
        name_endings: false,
    })
}

fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn is_qid(s: &str) -> bool {
    s.len() >= 2
        && s.starts_with('Q')
        && s[1..].bytes().all(|b| b.is_ascii_digit())
        && !s[1..].starts_with('0')
}

fn is_language_key(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
}

impl EntityDictionary {
    /// The dictionary shipped with the crate: `data/entities.toml`, extended by the generated
    /// gazetteer `data/places.toml` (countries, regions and cities, each in its country).
    pub fn builtin() -> Result<EntityDictionary, DictionaryError> {
        EntityDictionary::from_sources(&Self::builtin_sources(), &[])
    }

    /// [`EntityDictionary::builtin`], compiled once per process and shared (compiling the
    /// gazetteer takes about a second).
    pub fn shared() -> Result<std::sync::Arc<EntityDictionary>, DictionaryError> {
        static SHARED: std::sync::OnceLock<
            Result<std::sync::Arc<EntityDictionary>, DictionaryError>,
        > = std::sync::OnceLock::new();
        SHARED
            .get_or_init(|| EntityDictionary::builtin().map(std::sync::Arc::new))
            .clone()
    }

    /// [`EntityDictionary::shared`] for resolving names only ([`EntityDictionary::names_from_sources`]):
    /// what a service that never searches text needs (alerting resolves `entity:` names).
    pub fn shared_names() -> Result<std::sync::Arc<EntityDictionary>, DictionaryError> {
        static SHARED: std::sync::OnceLock<
            Result<std::sync::Arc<EntityDictionary>, DictionaryError>,
        > = std::sync::OnceLock::new();
        SHARED
            .get_or_init(|| {
                EntityDictionary::names_from_sources(&Self::builtin_sources(), &[])
                    .map(std::sync::Arc::new)
            })
            .clone()
    }

    /// The sources of [`EntityDictionary::builtin`], for layering users' entities on top.
    pub fn builtin_sources() -> Vec<Source<'static>> {
        let mut sources = vec![Source {
            name: "entities.toml",
            toml: BUILTIN,
            layer: Layer::Base,
        }];
        let places = places();
        if places.contains("[[entity]]") {
            sources.push(Source {
                name: "places.toml",
                toml: places,
                layer: Layer::Extend,
            });
        }
        sources
    }

    /// Parses and compiles a dictionary from one source. Errors carry the line and column of
    /// the offending value where it can be located.
    pub fn from_toml(src: &str) -> Result<EntityDictionary, DictionaryError> {
        EntityDictionary::from_sources(
            &[Source {
                name: "dictionary",
                toml: src,
                layer: Layer::Base,
            }],
            &[],
        )
    }

    /// Compiles layered sources (the first must be [`Layer::Base`]), then drops the entities
    /// whose ids are in `removed`. The version is the base's, followed by `+<version>` of each
    /// later source that declares one. Errors carry the line and column in the source they
    /// come from, and name it when there are several.
    pub fn from_sources(
        sources: &[Source<'_>],
        removed: &[String],
    ) -> Result<EntityDictionary, DictionaryError> {
        Self::compile(sources, removed, true)
    }

    /// [`EntityDictionary::from_sources`] for resolving names, not for searching text: the
    /// gazetteer's matcher (the largest part of the dictionary to build, about a hundred MB
    /// while it is built) is left out, so [`EntityDictionary::find`] finds only the
    /// hand-written and users' aliases. Every written alias and id still resolves.
    pub fn names_from_sources(
        sources: &[Source<'_>],
        removed: &[String],
    ) -> Result<EntityDictionary, DictionaryError> {
        Self::compile(sources, removed, false)
    }

    fn compile(
        sources: &[Source<'_>],
        removed: &[String],
        places_matcher: bool,
    ) -> Result<EntityDictionary, DictionaryError> {
        let named = sources.len() > 1;
        let err_in = |k: usize, offset: Option<usize>, msg: String| {
            let s = &sources[k];
            let msg = if named {
                format!("{}: {msg}", s.name)
            } else {
                msg
            };
            DictionaryError::at(s.toml, offset, msg)
        };
        let mut version = String::new();
        let mut decls: Vec<Option<Decl>> = Vec::new();
        let mut by_id_decl: HashMap<String, usize> = HashMap::new();
        let mut stop_phrases: Vec<(String, usize, std::ops::Range<usize>)> = Vec::new();

        for (k, source) in sources.iter().enumerate() {
            let mut seen_here = std::collections::HashSet::new();
            for (offset, chunk) in entity_chunks(source.toml) {
                let raw: RawDictionary = toml::from_str(chunk).map_err(|e| {
                    let at = e.span().map(|s| s.start + offset);
                    err_in(k, at, e.message().trim().into())
                })?;
                let err = |span: std::ops::Range<usize>, msg: String| {
                    err_in(k, Some(span.start + offset), msg)
                };
                if offset == 0 {
                    check_header(&raw, k, source.layer, &mut version, &err_in)?;
                }
                for phrase in &raw.stop_phrases {
                    let span = shifted(phrase.span(), offset);
                    stop_phrases.push((phrase.get_ref().clone(), k, span));
                }
                for re in &raw.entities {
                    let decl = validate_entity(re, k, offset, &err)?;
                    if !seen_here.insert(decl.id.clone()) {
                        return Err(err(
                            re.id.span(),
                            format!("duplicate entity id {:?}", decl.id),
                        ));
                    }
                    match by_id_decl.get(&decl.id).copied() {
                        None => {
                            by_id_decl.insert(decl.id.clone(), decls.len());
                            decls.push(Some(decl));
                        }
                        Some(i) => match source.layer {
                            Layer::Base => unreachable!("a base source is the first"),
                            Layer::Override => decls[i] = Some(decl),
                            Layer::Extend => {
                                let old = decls[i].as_mut().expect("only removed at the end");
                                for (lang, list) in decl.aliases {
                                    let have = old.aliases.entry(lang).or_default();
                                    for a in list {
                                        if !have.iter().any(|(t, _, _)| *t == a.0) {
                                            have.push(a);
                                        }
                                    }
                                }
                                if old.country.is_none() {
                                    old.country = decl.country;
                                }
                                old.namesakes.extend(decl.namesakes);
                                old.context_only.extend(decl.context_only);
                                for c in decl.contains {
                                    if !old.contains.iter().any(|(o, _, _)| *o == c.0) {
                                        old.contains.push(c);
                                    }
                                }
                            }
                        },
                    }
                }
            }
        }
        for id in removed {
            if let Some(&i) = by_id_decl.get(id.as_str()) {
                decls[i] = None;
            }
        }
        let mut decls: Vec<Decl> = decls.into_iter().flatten().collect();
        let ids: std::collections::HashSet<String> = decls.iter().map(|d| d.id.clone()).collect();
        for d in &mut decls {
            // The places of a country that users removed are in no country any more.
            if d.country
                .as_ref()
                .is_some_and(|(c, _, _)| removed.contains(c) && !ids.contains(c))
            {
                d.country = None;
            }
        }
        for d in &decls {
            if let Some((country, k, span)) = &d.country {
                if !ids.contains(country.as_str()) {
                    return Err(err_in(
                        *k,
                        Some(span.start),
                        format!("entity {:?}: country {country:?} is not an entity id", d.id),
                    ));
                }
            }
            for (member, k, span) in &d.contains {
                if !ids.contains(member.as_str()) {
                    return Err(err_in(
                        *k,
                        Some(span.start),
                        format!(
                            "entity {:?}: `contains` names {member:?}, which is not an entity id",
                            d.id
                        ),
                    ));
                }
            }
        }

        let mut entities: Vec<Entity> = Vec::with_capacity(decls.len());
        let mut by_id = HashMap::new();
        let mut by_alias: HashMap<String, usize> = HashMap::new();
        let mut aliases = Vec::new();
        let mut base = Automaton::default();
        let mut places: Vec<Automaton> = Vec::new();
        if places_matcher {
            places.resize_with(PLACE_BUCKETS, Automaton::default);
        }
        // Gazetteer aliases are proper names, searched only at capitalised words; one written
        // with a lower-case first letter is an adjective as German, French or Spanish write
        // it ("spanisch", "francés") and is searched everywhere, like the hand-written ones.
        let is_place = |k: usize, text: &str| {
            sources[k].layer == Layer::Extend
                && !text
                    .chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_lowercase)
        };

        let mut add_alias =
            |parsed: ParsedAlias, entity: Option<usize>, place: bool, aliases: &mut Vec<Alias>| {
                let target = if place {
                    // Names only (no gazetteer automatons): nothing searches the gazetteer's
                    // aliases, and `by_alias` still resolves them.
                    let Some(c) = parsed.anchor.chars().next() else {
                        return;
                    };
                    match places.get_mut(place_bucket(c)) {
                        Some(bucket) => bucket,
                        None => return,
                    }
                } else {
                    &mut base
                };
                let idx = aliases.len() as u32;
                let (anchor, alias) = Alias::compile(parsed, entity);
                aliases.push(alias);
                target.add(anchor, idx);
            };

        // Written aliases first, for every entity, so that an inflected variant generated
        // below never takes an alias another entity wrote.
        let mut variants = Vec::new();
        let mut namesakes_declared: Vec<(usize, NamesakeList)> = Vec::new();
        let mut context_only: std::collections::HashSet<(usize, String)> = Default::default();
        // The source each entity was declared in, by index.
        let mut entity_source: Vec<usize> = Vec::with_capacity(decls.len());
        for d in decls {
            let index = entities.len();
            by_id.insert(d.id.clone(), index);
            entity_source.push(d.source);
            let mut contains: Vec<String> = d.contains.iter().map(|(c, _, _)| c.clone()).collect();
            let mut declared = BTreeMap::new();
            for (lang, list) in &d.aliases {
                for (text, k, span) in list {
                    let parsed = parse_alias(text).map_err(|m| {
                        err_in(*k, Some(span.start), format!("entity {:?}: {m}", d.id))
                    })?;
                    match by_alias.get(&parsed.key) {
                        // A users' alias that names a shipped or gazetteer city or region
                        // ("Edirne" in a users' "turkish-thrace"): the users' entity groups
                        // that place, whose mentions (in every spelling it has) count for
                        // both. A country's or an organisation's name ("Kremlin", an alias of
                        // `russia`) is refused: grouping all of it is rarely what is meant,
                        // and `contains` says so when it is.
                        Some(&other)
                            if other != index
                                && sources[*k].layer == Layer::Override
                                && sources[entity_source[other]].layer != Layer::Override
                                && matches!(entities[other].kind.as_str(), "city" | "region") =>
                        {
                            let member = &entities_id(&entities, other);
                            if !contains.iter().any(|c| c == member) {
                                contains.push(member.to_string());
                            }
                        }
                        Some(&other) if other != index => {
                            return Err(err_in(
                                *k,
                                Some(span.start),
                                format!(
                                    "alias {text:?} of {:?} is already an alias of {:?} (to \
                                     count its mentions as {:?}'s too, write `contains = \
                                     [{:?}]` instead)",
                                    d.id,
                                    entities_id(&entities, other),
                                    d.id,
                                    entities_id(&entities, other)
                                ),
                            ));
                        }
                        // The same folded alias twice for one entity ("NATO" and "Nato"): keep
                        // both, they may differ in case sensitivity.
                        Some(_) => add_alias(parsed, Some(index), is_place(*k, text), &mut aliases),
                        None => {
                            by_alias.insert(parsed.key.clone(), index);
                            add_alias(parsed, Some(index), is_place(*k, text), &mut aliases);
                        }
                    }
                    let gazetteer = sources[*k].layer == Layer::Extend;
                    let country = d.country.as_ref().map(|(c, _, _)| c.as_str());
                    for v in crate::inflect::variants(lang, text, gazetteer, country) {
                        variants.push((v, index, is_place(*k, text)));
                    }
                }
                declared.insert(
                    lang.clone(),
                    list.iter().map(|(t, _, _)| t.clone()).collect(),
                );
            }
            namesakes_declared.push((index, d.namesakes));
            for (text, k) in &d.context_only {
                // A name no entity wrote: matched, but only in a sense the article picks.
                let Ok(parsed) = parse_alias(text) else {
                    continue;
                };
                if by_alias.contains_key(&parsed.key) {
                    continue;
                }
                by_alias.insert(parsed.key.clone(), index);
                context_only.insert((index, parsed.key.clone()));
                add_alias(parsed, Some(index), is_place(*k, text), &mut aliases);
            }
            entities.push(Entity {
                id: d.id,
                kind: d.kind,
                wikidata: d.wikidata,
                country: d.country.map(|(c, _, _)| c),
                aliases: declared,
                contains,
            });
        }
        let containers = containers_of(&entities, &by_id);
        let mut namesakes: HashMap<(usize, String), Vec<usize>> = HashMap::new();
        for (index, list) in namesakes_declared {
            for (name, ids) in list {
                let others: Vec<usize> = ids
                    .iter()
                    .filter_map(|id| by_id.get(id.as_str()).copied())
                    .filter(|&o| o != index)
                    .collect();
                if !others.is_empty() {
                    namesakes.entry((index, name)).or_default().extend(others);
                }
            }
        }
        for (text, index, place) in variants {
            let Ok(parsed) = parse_alias(&text) else {
                continue;
            };
            if by_alias.contains_key(&parsed.key) || by_id.contains_key(parsed.key.as_str()) {
                continue;
            }
            by_alias.insert(parsed.key.clone(), index);
            add_alias(parsed, Some(index), place, &mut aliases);
        }

        // An alias that spells another entity's id would make `resolve` ambiguous.
        for (key, &entity) in &by_alias {
            if let Some(&other) = by_id.get(key.as_str()) {
                if other != entity {
                    return Err(err_in(
                        0,
                        None,
                        format!(
                            "alias {key:?} of {:?} is the id of another entity",
                            entities[entity].id
                        ),
                    ));
                }
            }
        }

        for (phrase, k, span) in &stop_phrases {
            let parsed = parse_alias(phrase)
                .map_err(|m| err_in(*k, Some(span.start), format!("stop phrase: {m}")))?;
            // Stop phrases shadow aliases of both automatons: they are searched with the base.
            add_alias(parsed, None, false, &mut aliases);
        }

        // Both are searched anchored at candidate positions (the base at every word start,
        // the gazetteer at capitalised ones): the base is a full DFA while it is small, the
        // gazetteer contiguous NFAs, which stay small at tens of thousands of names.
        base.build(StartKind::Anchored, Automaton::kind_for(base.texts.len()))
            .map_err(|e| err_in(0, None, e))?;
        let place_kind = Automaton::kind_for(places.iter().map(|p| p.texts.len()).sum());
        for bucket in &mut places {
            bucket
                .build(StartKind::Anchored, place_kind)
                .map_err(|e| err_in(0, None, e))?;
        }

        aliases.shrink_to_fit();
        Ok(EntityDictionary {
            version,
            entities,
            by_id,
            by_alias,
            aliases,
            base,
            places,
            namesakes,
            context_only,
            containers,
        })
    }

    /// The entities that group entity `id`, directly or through others (see
    /// [`Entity::contains`]), nearest first.
    pub fn containers_of(&self, id: &str) -> impl Iterator<Item = &str> {
        self.by_id
            .get(id)
            .and_then(|i| self.containers.get(i))
            .into_iter()
            .flatten()
            .map(|&c| self.entities[c].id.as_str())
    }

    /// Whether some entity groups others (see [`Entity::contains`]).
    pub fn has_groups(&self) -> bool {
        !self.containers.is_empty()
    }

    /// The country an entity lies in: a country itself, or the `country` of a city or region.
    pub fn country_of(&self, id: &str) -> Option<&str> {
        let e = self.entity(id)?;
        if e.kind == "country" {
            Some(&e.id)
        } else {
            e.country.as_deref()
        }
    }

    /// The `version` declared by the dictionary source.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// All entities, in source order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    pub fn contains_id(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The entity id for an id or any alias, case-insensitively. Inflected forms covered by a
    /// prefix alias resolve too (`России` → `russia`).
    pub fn resolve(&self, id_or_alias: &str) -> Option<&str> {
        let q = id_or_alias.trim();
        if q.is_empty() {
            return None;
        }
        if let Some(&i) = self.by_id.get(q) {
            return Some(&self.entities[i].id);
        }
        let folded = fold_str(q);
        if let Some(&i) = self.by_id.get(folded.as_str()).or_else(|| {
            self.by_alias
                .get(&folded)
                .filter(|&&i| !self.context_only.contains(&(i, folded.clone())))
        }) {
            return Some(&self.entities[i].id);
        }
        let mentions = self.find(q);
        match mentions.as_slice() {
            [m] if m.start == 0 && m.end == q.len() => self.entity(&m.id).map(|e| e.id.as_str()),
            _ => None,
        }
    }

    /// All entity mentions in `text`, leftmost-longest and non-overlapping, with byte offsets
    /// (and surfaces) referring to `text` itself. Places that a qualifier shows to be
    /// namesakes elsewhere are left out (see [`Namesakes`]).
    pub fn find(&self, text: &str) -> Vec<Mention> {
        self.find_with(text, &Namesakes::default()).0
    }

    /// [`EntityDictionary::find`], also leaving out the namesakes found in another text of the
    /// same article (`context`: the title for the body, the body for the title); returns the
    /// mentions and the namesakes `text` itself shows.
    pub(crate) fn find_with(&self, text: &str, context: &Namesakes) -> (Vec<Mention>, Namesakes) {
        let (mut out, mut indices) = self.find_raw(text);
        let mut own = self.namesakes(text, &out, &indices);
        if !own.dropped.is_empty() || !context.dropped.is_empty() {
            let keep: Vec<bool> = out
                .iter()
                .zip(&indices)
                .map(|(m, &i)| !own.holds(i, &m.surface) && !context.holds(i, &m.surface))
                .collect();
            retain_marked(&mut out, &mut indices, &keep);
        }
        if !self.namesakes.is_empty() || !self.context_only.is_empty() {
            self.place_namesakes(&mut out, &mut indices, &mut own, context);
        }
        self.short_forms(&mut out, &mut indices, &mut own, context);
        (out, own)
    }

    /// A city named by the first words of a longer name of another city the article (this text
    /// or `context`) names in full is that city: "Santiago" in a story about "Santiago de
    /// Compostela", "Frankfurt" beside "Frankfurt (Oder)" read as Frankfurt an der Oder when its
    /// full name is in the gazetteer. Records the cities of several words of this text in
    /// `own` for the article's other texts. Countries and regions keep their names ("Mexico"
    /// beside "Mexico City").
    fn short_forms(
        &self,
        out: &mut [Mention],
        indices: &mut [usize],
        own: &mut Namesakes,
        context: &Namesakes,
    ) {
        for (m, &i) in out.iter().zip(indices.iter()) {
            if self.entities[i].kind != "city" || !m.surface.contains([' ', '-']) {
                continue;
            }
            let folded = fold_str(&m.surface);
            // A bound on the work per mention below (a list page can name thousands).
            if own.long_places.len() < MAX_LONG_PLACES
                && !own.long_places.iter().any(|(s, _)| *s == folded)
            {
                own.long_places.push((folded, i));
            }
        }
        if own.long_places.is_empty() && context.long_places.is_empty() {
            return;
        }
        for (m, i) in out.iter_mut().zip(indices.iter_mut()) {
            if self.entities[*i].kind != "city" {
                continue;
            }
            let short = fold_str(&m.surface);
            let longer = own
                .long_places
                .iter()
                .chain(&context.long_places)
                .find(|(long, e)| {
                    *e != *i
                        && long.len() > short.len()
                        && long.starts_with(short.as_str())
                        && long[short.len()..].starts_with([' ', '-', '('])
                });
            if let Some(&(_, e)) = longer {
                *i = e;
                m.id = self.entities[e].id.clone();
            }
        }
    }

    /// One sense per article for a name that places of several countries bear: a mention of
    /// the name is taken for its namesake in another country when the article (this text and
    /// `context`) names places of that country and none of the name's own country, by names
    /// that no other country's place bears. "Hyderabad ... Sindh" is Pakistan's Hyderabad,
    /// "Georgia ... Atlanta" the US state. A context-only name ("Valencia", which no place
    /// dominates) is kept only in a sense so picked, and left out when the article picks none
    /// or several countries. Records in `own` the countries this text names unambiguously, for
    /// the article's other texts.
    fn place_namesakes(
        &self,
        out: &mut Vec<Mention>,
        indices: &mut Vec<usize>,
        own: &mut Namesakes,
        context: &Namesakes,
    ) {
        // Per mention: whether its name is context-only, and its namesakes.
        let senses: Vec<(bool, &[usize])> = out
            .iter()
            .zip(indices.iter())
            .map(|(m, &i)| {
                let key = (i, fold_str(&m.surface));
                let others = self.namesakes.get(&key).map_or(&[][..], Vec::as_slice);
                (self.context_only.contains(&key), others)
            })
            .collect();
        for (&(ctx, others), &i) in senses.iter().zip(indices.iter()) {
            if ctx || !others.is_empty() {
                continue;
            }
            if let Some(c) = self.country_index(i) {
                if !own.countries.iter().any(|x| x == c) {
                    own.countries.push(c.to_string());
                }
            }
        }
        let named = |c: &str| {
            own.countries.iter().any(|x| x == c) || context.countries.iter().any(|x| x == c)
        };
        let mut keep = vec![true; out.len()];
        for (k, &(ctx, others)) in senses.iter().enumerate() {
            if !ctx && others.is_empty() {
                continue;
            }
            let i = indices[k];
            let own_named = self.country_index(i).is_some_and(named);
            if own_named && !ctx {
                continue;
            }
            // The senses whose country the article names, the name's own first.
            let fits: Vec<usize> = std::iter::once(i)
                .chain(others.iter().copied())
                .filter(|&o| self.country_index(o).is_some_and(named))
                .collect();
            let country = fits.first().and_then(|&o| self.country_index(o));
            let one_country = fits.iter().all(|&o| self.country_index(o) == country);
            if fits.is_empty() || !one_country {
                // A context-only name the article does not place is no mention; another keeps
                // the sense the gazetteer gave it.
                keep[k] = !ctx;
                continue;
            }
            // Of several places of that country, a region before a city: "Georgia" is the
            // state more often than a town.
            let pick = fits
                .iter()
                .copied()
                .min_by_key(|&o| (self.entities[o].kind != "region", o))
                .unwrap_or(i);
            out[k].id = self.entities[pick].id.clone();
            indices[k] = pick;
        }
        retain_marked(out, indices, &keep);
    }

    /// The namesakes `text` shows (see [`Namesakes`]).
    pub(crate) fn namesakes_in(&self, text: &str) -> Namesakes {
        self.find_with(text, &Namesakes::default()).1
    }

    /// Every mention, with its entity's index.
    fn find_raw(&self, text: &str) -> (Vec<Mention>, Vec<usize>) {
        if self.base.ac.is_none() && self.places.iter().all(|p| p.ac.is_none()) {
            return (Vec::new(), Vec::new());
        }
        let folded = Folded::new(text);
        let hay = folded.text.as_str();
        // (folded start, folded end, entity; `None` for a stop phrase).
        // (folded start, folded end, entity or `None` for a stop phrase, whether the name took
        // an ending).
        let mut spans: Vec<(usize, usize, Option<usize>, bool)> = Vec::new();
        // Where an alias may start: `verify` wants no word character before it, unless either
        // side is Han or kana.
        let starts = alias_starts(hay);
        if let Some(ac) = &self.base.ac {
            // Leftmost-longest, without overlaps: at each such position, the longest alias
            // that fits there.
            let mut pos = 0;
            for &start in &starts {
                if start < pos || !self.base.may_start_at(hay, start) {
                    continue;
                }
                if let Some((end, entity, inflected)) =
                    self.anchored_at(&self.base, ac, &folded, text, start)
                {
                    spans.push((start, end, entity, inflected));
                    pos = end;
                }
            }
        }
        if !self.places.is_empty() {
            let mut taken = spans.iter().map(|&(a, b, _, _)| (a, b)).peekable();
            let mut place_spans = Vec::new();
            let mut pos = 0;
            for &start in &starts {
                if start < pos {
                    continue;
                }
                let Some((c, _)) = char_at(hay, start) else {
                    continue;
                };
                let places = &self.places[place_bucket(c)];
                let Some(ac) = &places.ac else {
                    continue;
                };
                if !places.may_start_at(hay, start) {
                    continue;
                }
                // Candidates: a word that starts with a capital, or any letter of a script
                // without case where words may run together (Han, kana) or start (Hangul,
                // Arabic, ...). ASCII is answered without the Unicode tables.
                let letter = if c.is_ascii() {
                    c.is_ascii_alphabetic()
                } else {
                    c.is_alphabetic()
                };
                if !letter {
                    continue;
                }
                let Some(orig) = folded.to_original(start) else {
                    continue;
                };
                let Some(oc) = text[orig..].chars().next() else {
                    continue;
                };
                if oc.is_lowercase() {
                    continue;
                }
                while taken.peek().is_some_and(|&(_, b)| b <= start) {
                    taken.next();
                }
                if taken.peek().is_some_and(|&(a, _)| a <= start) {
                    continue;
                }
                if let Some((end, entity, inflected)) =
                    self.anchored_at(places, ac, &folded, text, start)
                {
                    place_spans.push((start, end, entity, inflected));
                    pos = end;
                }
            }
            if !place_spans.is_empty() {
                // Keep place names that overlap no base mention (base mentions were never
                // candidates' starts, but a place may run into one).
                let base = std::mem::take(&mut spans);
                let overlaps = |a: usize, b: usize| base.iter().any(|&(x, y, _, _)| a < y && x < b);
                place_spans.retain(|&(a, b, _, _)| !overlaps(a, b));
                spans = base;
                spans.extend(place_spans);
                spans.sort_unstable_by_key(|&(a, _, _, _)| a);
            }
        }
        let mut out = Vec::new();
        let mut indices = Vec::new();
        for (start, end, entity, inflected) in spans {
            let (Some(entity), Some(a), Some(b)) =
                (entity, folded.to_original(start), folded.to_original(end))
            else {
                continue;
            };
            let e = &self.entities[entity];
            // A name that took an ending ("Hamburger Hafen") is an adjective or genitive of
            // the place, whatever follows it.
            if e.country.is_some()
                && e.kind != "country"
                && !inflected
                && inside_longer_name(text, a, b)
            {
                continue;
            }
            out.push(Mention {
                id: e.id.clone(),
                surface: text[a..b].to_string(),
                start: a,
                end: b,
            });
            indices.push(entity);
        }
        (out, indices)
    }

    /// The country a mention of entity `i` places a text in (see [`EntityDictionary::country_of`]).
    fn country_index(&self, i: usize) -> Option<&str> {
        let e = &self.entities[i];
        if e.kind == "country" {
            Some(&e.id)
        } else {
            e.country.as_deref()
        }
    }

    /// The places of `out` (mentions of `text`, of entities `indices`) that a qualifier shows to
    /// be namesakes elsewhere (see [`Namesakes`]).
    fn namesakes(&self, text: &str, out: &[Mention], indices: &[usize]) -> Namesakes {
        let mut dropped: Vec<(usize, String)> = Vec::new();
        for k in 1..out.len() {
            let (p, q) = (&out[k - 1], &out[k]);
            let (pi, qi) = (indices[k - 1], indices[k]);
            let (Some(pc), Some(qc)) = (self.country_index(pi), self.country_index(qi)) else {
                continue;
            };
            if pc == qc {
                continue;
            }
            let (pe, qe) = (&self.entities[pi], &self.entities[qi]);
            let both = match qe.kind.as_str() {
                "region" => false,
                "country" if pe.kind == "city" => true,
                _ => continue,
            };
            let Some(close) = qualifier_gap(&text[p.end..q.start]) else {
                continue;
            };
            if !qualifier_ends(&text[q.end..], close) {
                continue;
            }
            let in_list = |gap: &str| is_list_joint(gap);
            if k >= 2 && in_list(&text[out[k - 2].end..p.start]) {
                continue;
            }
            if out
                .get(k + 1)
                .is_some_and(|n| in_list(&text[q.end..n.start]))
            {
                continue;
            }
            dropped.push((pi, fold_str(&p.surface)));
            if both {
                dropped.push((qi, fold_str(&q.surface)));
            }
        }
        // "of Cobb County, Georgia," / "in Macon, Georgia,": a country whose name a region of
        // another country also bears, qualifying a name the dictionary does not know. A
        // country's places big enough to be news are in the gazetteer, so which of the two is
        // meant cannot be told, and the qualifier is a namesake, as after a known city of
        // another country ("Athens, Georgia").
        for (k, q) in out.iter().enumerate() {
            let qi = indices[k];
            let Some(c) = self.country_index(qi) else {
                continue;
            };
            if self.entities[qi].kind != "country" {
                continue;
            }
            let key = (qi, fold_str(&q.surface));
            let region_elsewhere = self.namesakes.get(&key).is_some_and(|others| {
                others
                    .iter()
                    .any(|&o| self.entities[o].kind == "region" && self.country_index(o) != Some(c))
            });
            if !region_elsewhere {
                continue;
            }
            let Some((name_start, close)) = unknown_name_qualified_by(&text[..q.start]) else {
                continue;
            };
            if k > 0 && out[k - 1].end > name_start {
                continue;
            }
            if !qualifier_ends(&text[q.end..], close) {
                continue;
            }
            if out
                .get(k + 1)
                .is_some_and(|n| is_list_joint(&text[q.end..n.start]))
            {
                continue;
            }
            dropped.push(key);
        }
        Namesakes {
            dropped,
            countries: Vec::new(),
            long_places: Vec::new(),
        }
    }

    /// The longest alias of `automaton` that fits at `start`: `(folded end, entity, whether
    /// the name took an ending)`. It begins with the longest anchor there; if no alias behind
    /// it fits, shorter anchors that start there are tried.
    fn anchored_at(
        &self,
        automaton: &Automaton,
        ac: &AhoCorasick,
        folded: &Folded,
        text: &str,
        start: usize,
    ) -> Option<(usize, Option<usize>, bool)> {
        let hay = folded.text.as_str();
        let mut candidate = ac.find(
            Input::new(hay)
                .span(start..hay.len())
                .anchored(Anchored::Yes),
        );
        while let Some(m) = candidate {
            if let Some(hit) = self.best_alias(
                automaton,
                folded,
                text,
                m.pattern().as_usize(),
                start,
                m.end(),
            ) {
                return Some(hit);
            }
            if m.end() <= start + 1 {
                return None;
            }
            candidate = ac.find(
                Input::new(hay)
                    .span(start..m.end() - 1)
                    .anchored(Anchored::Yes),
            );
        }
        None
    }

    /// Among the aliases sharing an anchor matched at `start..anchor_end`, the one that fits and
    /// reaches furthest: `(folded end, entity)`.
    fn best_alias(
        &self,
        automaton: &Automaton,
        folded: &Folded,
        original: &str,
        pattern: usize,
        start: usize,
        anchor_end: usize,
    ) -> Option<(usize, Option<usize>, bool)> {
        let mut best: Option<(usize, Option<usize>, bool)> = None;
        for &ai in automaton.aliases_of(pattern) {
            let alias = &self.aliases[ai as usize];
            if let Some((end, inflected)) = verify(alias, folded, original, start, anchor_end) {
                if best.is_none_or(|(b, _, _)| end > b) {
                    best = Some((end, alias.entity(), inflected));
                }
            }
        }
        best
    }
}

/// Splits a dictionary source before each line that opens an `[[entity]]` table, so that each
/// entity is parsed on its own: parsed as one TOML document, the generated gazetteer (2.8 MB,
/// 11,000 entities) holds about 80 MB of syntax tree at once, which then stays in the process's
/// heap as fragments. Returns (byte offset in `src`, part); the first part holds the header
/// (`version`, `stop_phrases`). A source with a multi-line string is parsed whole: such a
/// string may hold a line that looks like a table header.
fn entity_chunks(src: &str) -> Vec<(usize, &str)> {
    if src.contains("\"\"\"") || src.contains("'''") {
        return vec![(0, src)];
    }
    let mut starts = vec![0];
    let mut pos = 0;
    for line in src.split_inclusive('\n') {
        if pos > 0 && line.trim_start().starts_with("[[entity]]") {
            starts.push(pos);
        }
        pos += line.len();
    }
    starts.push(src.len());
    starts
        .windows(2)
        .map(|w| (w[0], &src[w[0]..w[1]]))
        .collect()
}

fn shifted(span: std::ops::Range<usize>, offset: usize) -> std::ops::Range<usize> {
    span.start + offset..span.end + offset
}

/// Checks the header of source `k` (the part before its first entity): the base declares a
/// version, a layer may, and only the first source is the base. Appends to `version`.
fn check_header(
    raw: &RawDictionary,
    k: usize,
    layer: Layer,
    version: &mut String,
    err_in: &dyn Fn(usize, Option<usize>, String) -> DictionaryError,
) -> Result<(), DictionaryError> {
    match (&raw.version, k == 0) {
        (Some(v), _) if v.get_ref().trim().is_empty() => {
            return Err(err_in(
                k,
                Some(v.span().start),
                "version must not be empty".into(),
            ));
        }
        (Some(v), true) => *version = v.get_ref().trim().to_string(),
        (Some(v), false) => {
            version.push('+');
            // One token: a layer's version may be a list ("pycountry-26 babel-2").
            let v = v.get_ref().split_whitespace().collect::<Vec<_>>().join(",");
            version.push_str(&v);
        }
        (None, true) => {
            return Err(err_in(k, Some(0), "version is missing".into()));
        }
        (None, false) => {}
    }
    if (k == 0) != (layer == Layer::Base) {
        return Err(err_in(
            k,
            None,
            "the first source, and only it, must be the base layer".into(),
        ));
    }
    Ok(())
}

/// Checks one declared entity's fields (aliases are parsed when compiling). `offset` is where
/// the part of the source `re` was parsed from starts (see [`entity_chunks`]).
fn validate_entity(
    re: &RawEntity,
    source: usize,
    offset: usize,
    err: &dyn Fn(std::ops::Range<usize>, String) -> DictionaryError,
) -> Result<Decl, DictionaryError> {
    let id = re.id.get_ref().trim();
    if !is_kebab_id(id) {
        return Err(err(
            re.id.span(),
            format!("entity id {id:?} is not kebab-case (a-z, 0-9, '-')"),
        ));
    }
    let kind = re.kind.get_ref().trim();
    if kind.is_empty() {
        return Err(err(
            re.kind.span(),
            format!("entity {id:?}: kind must not be empty"),
        ));
    }
    let wikidata = match &re.wikidata {
        Some(q) if !is_qid(q.get_ref().trim()) => {
            return Err(err(
                q.span(),
                format!("entity {id:?}: {:?} is not a Wikidata QID", q.get_ref()),
            ));
        }
        Some(q) => Some(q.get_ref().trim().to_string()),
        None => None,
    };
    let country = match &re.country {
        Some(c) if !is_kebab_id(c.get_ref().trim()) => {
            return Err(err(
                c.span(),
                format!(
                    "entity {id:?}: country {:?} is not an entity id",
                    c.get_ref()
                ),
            ));
        }
        Some(c) => Some((
            c.get_ref().trim().to_string(),
            source,
            shifted(c.span(), offset),
        )),
        None => None,
    };
    let mut aliases = BTreeMap::new();
    let mut count = 0;
    for (lang, list) in re.aliases.get_ref() {
        if !is_language_key(lang) {
            return Err(err(
                re.aliases.span(),
                format!("entity {id:?}: alias language {lang:?} is not an ISO 639 code"),
            ));
        }
        let entry: &mut Vec<_> = aliases.entry(lang.clone()).or_default();
        for a in list {
            entry.push((a.get_ref().clone(), source, shifted(a.span(), offset)));
            count += 1;
        }
    }
    if count == 0 {
        return Err(err(
            re.aliases.span(),
            format!("entity {id:?} has no aliases"),
        ));
    }
    Ok(Decl {
        id: id.to_string(),
        kind: kind.to_string(),
        wikidata,
        country,
        aliases,
        namesakes: re
            .namesakes
            .iter()
            .map(|(name, ids)| (fold_str(name), ids.clone()))
            .collect(),
        context_only: re
            .context_only
            .iter()
            .map(|name| (name.clone(), source))
            .collect(),
        contains: re
            .contains
            .iter()
            .map(|c| {
                (
                    c.get_ref().trim().to_string(),
                    source,
                    shifted(c.span(), offset),
                )
            })
            .collect(),
        source,
    })
}

/// Whether the place name at `text[a..b]` is the first part of a longer proper name
/// ("Riverside Athletic", "Vladivostok Dynamo"): the next word, on the same line, is
/// capitalised. Such a name is a club or a company, not the place; places named on their own
/// ("in Riverside", "Riverside, California", "Vladivostok's port") are kept. (The word before
/// is no evidence: German capitalises every noun, "die Wälder Sibiriens".)
///
/// So is the head of an English "P of Q" name, where Q is capitalised: "Gulf of Finland",
/// "Gulf of Aden" (not Papua New Guinea's Gulf province), "the Marseille of the Black Sea",
/// and of a name joined by an elided article: "Valle d'Itria" (not Honduras's Valle).
fn inside_longer_name(text: &str, _a: usize, b: usize) -> bool {
    let spaces = [' ', '\u{a0}'];
    let after = &text[b..];
    let next = after.trim_start_matches(spaces);
    if next.len() == after.len() {
        return false;
    }
    if next.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    // An elided Italian or French article before a capitalised word: "Valle d'Itria".
    let elided = [
        "d'",
        "d\u{2019}",
        "dell'",
        "dell\u{2019}",
        "dall'",
        "dall\u{2019}",
    ]
    .iter()
    .find_map(|p| next.strip_prefix(p));
    if elided.is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase)) {
        return true;
    }
    let Some(rest) = next.strip_prefix("of") else {
        return false;
    };
    let name = rest.trim_start_matches(spaces);
    let name = name
        .strip_prefix("the")
        .map_or(name, |n| n.trim_start_matches(spaces));
    name.len() < rest.len() && name.chars().next().is_some_and(char::is_uppercase)
}

/// Names that a text shows to be namesakes of other places: (entity index, folded surface).
///
/// "P, Q" (or "P (Q)"), where Q is a region or a country of another country than P's, and Q
/// ends the phrase (punctuation or the end of the text follows) and neither is part of a list
/// of places: "Moscow, Idaho", "Perth, Scotland", "London (Ontario)". A region qualifier says
/// where P is, so P is a namesake (Moscow is not Russia's capital there). A country qualifier
/// after a city of another country ("Rome, Georgia", "Athens, Georgia") shows that one of the
/// two names is another place's; which one the dictionary cannot tell (a town named after a
/// foreign city, a state named like a country), so both are. "Kutaisi, Georgia" (same
/// country) and "In Kharkiv, Russia launched ..." (no punctuation after the qualifier) are
/// kept, as are lists ("Munich, Tyrol, Salzburg and Vorarlberg").
///
/// One name, one sense per article: every mention of a namesake's name in the text, and in
/// the article's other texts (title and body), is left out, so "Moscow" alone later in a story
/// datelined "Moscow, Idaho" is not Russia either.
#[derive(Debug, Clone, Default)]
pub(crate) struct Namesakes {
    dropped: Vec<(usize, String)>,
    /// The countries a text names by places no other country's place is named like (see
    /// [`EntityDictionary::find_with`]).
    countries: Vec<String>,
    /// Cities the text names by a name of several words (folded), with their entities: the
    /// full names a shorter mention may stand for (see `EntityDictionary::short_forms`).
    long_places: Vec<(String, usize)>,
}

impl Namesakes {
    /// Whether a mention of entity `entity` written `surface` is one of these namesakes.
    fn holds(&self, entity: usize, surface: &str) -> bool {
        self.dropped
            .iter()
            .any(|(e, s)| *e == entity && *s == fold_str(surface))
    }
}

/// Most city names of several words a text records for [`EntityDictionary::short_forms`]: an
/// article names a few; a list page that names more reads its short names as they are.
const MAX_LONG_PLACES: usize = 64;

/// Whether a qualifier is closed where `after` (the text after it) begins: by `close` (")"),
/// or when there is none, by punctuation or the end of the text.
fn qualifier_ends(after: &str, close: Option<&str>) -> bool {
    match close {
        Some(c) => after.starts_with(c),
        None => after.chars().next().is_none_or(|c| {
            matches!(
                c,
                ',' | '.' | ';' | ':' | ')' | '!' | '?' | '\n' | '—' | '–'
            )
        }),
    }
}

/// Where a name that a qualifier follows begins, when `before` (the text up to the
/// qualifier) ends in one to three capitalised words and a qualifier gap (", " or " (") and a
/// lowercase word comes before them, so they are a name inside a sentence ("of Cobb County, ",
/// "in Macon, "), not its first words ("Yesterday, ") nor a date ("on Tuesday, "). Returns
/// the name's start and the gap's closing mark (see [`qualifier_gap`]).
fn unknown_name_qualified_by(before: &str) -> Option<(usize, Option<&'static str>)> {
    let name_end = before.trim_end_matches([' ', '\u{a0}', ',', '(']).len();
    let close = qualifier_gap(&before[name_end..])?;
    let mut start = name_end;
    let mut words = 0;
    let head = loop {
        let rest = &before[..start];
        let word_start = rest
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c) || matches!(c, '-' | '.' | '\''))
            .last()
            .map_or(start, |(i, _)| i);
        let word = &rest[word_start..];
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if word.is_empty() || !capital {
            break word;
        }
        if crate::date_mentions::is_date_word(&word.to_lowercase()) {
            return None;
        }
        words += 1;
        if words > 3 {
            return None;
        }
        start = word_start;
        match before[..start].strip_suffix(' ') {
            Some(r) => start = r.len(),
            None => return None,
        }
    };
    // `head` is the word before the name: it must be a lowercase word, right before a space.
    let lowercase = head.chars().next().is_some_and(char::is_lowercase);
    if words == 0 || !lowercase {
        return None;
    }
    // `start` is the end of the word before the name; the name begins after its space.
    Some((start + 1, close))
}

/// The text between a place and a qualifier that names where it is: `", "` (`Some(None)`) or
/// `" ("`, whose `)` must follow the qualifier (`Some(Some(")"))`); `None` for anything else.
fn qualifier_gap(gap: &str) -> Option<Option<&'static str>> {
    let spaces = [' ', '\u{a0}'];
    match gap.trim_start_matches(spaces) {
        "(" => Some(Some(")")),
        r => r
            .strip_prefix(',')
            .is_some_and(|r| r.trim_start_matches(spaces).is_empty())
            .then_some(None),
    }
}

/// Whether the text between two place mentions joins them as items of a list: punctuation and
/// spaces, with at most one short lower-case word ("and", "und", "et", "y", "и"), as in
/// "Bavaria, Austria, Slovakia and Hungary".
fn is_list_joint(gap: &str) -> bool {
    if gap.contains(['\n', '.', '!', '?']) || gap.chars().count() > 8 {
        return false;
    }
    let words: Vec<&str> = gap
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [] => gap.chars().any(|c| matches!(c, ',' | ';' | '/' | '&')),
        [w] => w.chars().count() <= 3 && w.chars().all(char::is_lowercase),
        _ => false,
    }
}

/// The byte offsets in folded text where an alias may start (see [`verify`]): after a
/// character that is not a word character or is Han or kana, and at every Han or kana
/// character. In one pass, ASCII byte by byte.
fn alias_starts(hay: &str) -> Vec<usize> {
    let b = hay.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 4);
    // Whether the character before `i` lets an alias start at `i`.
    let mut open = true;
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if x.is_ascii() {
            if open {
                out.push(i);
            }
            open = !x.is_ascii_alphanumeric();
            i += 1;
            continue;
        }
        let Some(c) = hay[i..].chars().next() else {
            break;
        };
        let unspaced = is_unspaced_script(c);
        if open || unspaced {
            out.push(i);
            if open && matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ل' | 'ا') {
                push_arabic_proclitic_ends(hay, i, &mut out);
            }
        }
        open = unspaced || !is_word_char(c);
        i += c.len_utf8();
    }
    out
}

/// Pushes the offsets after each way of reading the start of the word at `i` as Arabic
/// proclitics ([`is_arabic_proclitic`]) followed by an Arabic letter, in increasing order.
fn push_arabic_proclitic_ends(hay: &str, i: usize, out: &mut Vec<usize>) {
    let mut end = i;
    for c in hay[i..].chars().take(5) {
        if !is_arabic_letter(c) {
            return;
        }
        end += c.len_utf8();
        let next_is_letter = hay[end..].chars().next().is_some_and(is_arabic_letter);
        if next_is_letter && is_arabic_proclitic(&hay[i..end]) {
            out.push(end);
        }
    }
}

/// Whether the word characters before `start` are Arabic proclitics that begin a word.
fn after_arabic_proclitic(hay: &str, start: usize) -> bool {
    let mut word_start = start;
    for (n, c) in hay[..start].chars().rev().enumerate() {
        if !is_word_char(c) {
            break;
        }
        if n == 5 {
            return false;
        }
        word_start -= c.len_utf8();
    }
    is_arabic_proclitic(&hay[word_start..start])
}

/// Keeps the mentions (and their entity indices) that `keep` marks.
fn retain_marked(out: &mut Vec<Mention>, indices: &mut Vec<usize>, keep: &[bool]) {
    let mut marks = keep.iter();
    out.retain(|_| marks.next().copied().unwrap_or(true));
    let mut marks = keep.iter();
    indices.retain(|_| marks.next().copied().unwrap_or(true));
}

/// Entity index → the entities that group it (see [`Entity::contains`]), with the groups of
/// those groups after them, each once; a cycle ("a" contains "b" contains "a") ends where it
/// returns.
fn containers_of(
    entities: &[Entity],
    by_id: &HashMap<String, usize>,
) -> HashMap<usize, Vec<usize>> {
    let mut direct: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        for member in &e.contains {
            if let Some(&m) = by_id.get(member.as_str()) {
                if m != i {
                    let list = direct.entry(m).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
    }
    direct
        .keys()
        .map(|&m| {
            let mut out: Vec<usize> = Vec::new();
            let mut queue = std::collections::VecDeque::from([m]);
            while let Some(x) = queue.pop_front() {
                for &c in direct.get(&x).map_or(&[][..], Vec::as_slice) {
                    if c != m && !out.contains(&c) {
                        out.push(c);
                        queue.push_back(c);
                    }
                }
            }
            (m, out)
        })
        .collect()
}

fn entities_id(entities: &[Entity], i: usize) -> &str {
    entities.get(i).map_or("?", |e| e.id.as_str())
}

/// Advances over word characters.
fn extend_word(hay: &str, mut pos: usize) -> usize {
    for c in hay[pos..].chars() {
        if !is_word_char(c) {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

/// Checks boundaries, the tail and letter case of one alias at `start`; returns the end, and
/// whether the name took one of its `~` endings.
fn verify(
    alias: &Alias,
    folded: &Folded,
    original: &str,
    start: usize,
    anchor_end: usize,
) -> Option<(usize, bool)> {
    let hay = folded.text.as_str();
    // The Arabic article joined before a name that does not carry it: only its relative
    // adjective takes it ("الباكستانية", "the Pakistani"); the bare name with the article is
    // another word ("السلطات", "the authorities", is not Settat's "سلطات").
    let mut article = false;
    if let Some(prev) = hay[..start].chars().next_back() {
        let joined =
            is_word_char(prev) && !is_unspaced_script(prev) && !alias.has(Alias::UNSPACED_START);
        if joined && !(alias.has(Alias::ARABIC_START) && after_arabic_proclitic(hay, start)) {
            return None;
        }
        article = joined && hay[..start].ends_with("ال");
    }
    let mut end = anchor_end;
    let mut open_ended = alias.has(Alias::PREFIX_ANCHOR);
    let mut inflected = false;
    if alias.has(Alias::PREFIX_ANCHOR) {
        let word_end = extend_word(hay, end);
        if alias.has(Alias::NAME_ENDINGS) {
            let ending = &hay[end..word_end];
            let arabic = hay[start..end]
                .chars()
                .next_back()
                .is_some_and(is_arabic_letter);
            if arabic {
                if !ARABIC_NISBA.contains(&ending) {
                    return None;
                }
                inflected = true;
            } else if transliteration_h(&hay[start..end], ending) {
                // A spelling of the name, not an inflection of it.
            } else if is_cyrillic_end(&hay[start..end]) {
                // A case ending, which any noun takes: unlike a German or English ending it
                // makes no adjective of the name, so the name is still checked for being part
                // of a longer one ("Порти Дунаю" in a title).
                if !CYRILLIC_NAME_ENDINGS.contains(&ending) {
                    return None;
                }
            } else if LATIN_NAME_ENDINGS.contains(&ending) {
                inflected = word_end > end;
            } else {
                return None;
            }
        }
        end = word_end;
    }
    for part in alias.tail() {
        end = end.checked_add(1).filter(|_| hay[end..].starts_with(' '))?;
        if !hay[end..].starts_with(part.word.as_str()) {
            return None;
        }
        end += part.word.len();
        open_ended = part.prefix;
        if part.prefix {
            end = extend_word(hay, end);
        }
    }
    if !open_ended && alias.has(Alias::ARABIC_END) {
        let word_end = extend_word(hay, end);
        if word_end > end && ARABIC_NISBA.contains(&&hay[end..word_end]) {
            end = word_end;
            inflected = true;
        }
    }
    if article && !inflected {
        return None;
    }
    if !open_ended {
        let last = hay[start..end].chars().next_back()?;
        let end_cut = alias.has(Alias::END_CUT);
        match hay[end..].chars().next() {
            // A name whose last sign was cut needs it back, or an ending in its place.
            None if end_cut => return None,
            None => {}
            Some(next) => {
                let fits = if end_cut {
                    joined_ending(hay, end, last, true)
                } else {
                    !is_word_char(next)
                        || is_hangul(next)
                        || is_unspaced_script(next)
                        || is_unspaced_script(last)
                        || (alias.has(Alias::JOINED_ENDINGS)
                            && joined_ending(hay, end, last, false))
                };
                if !fits {
                    return None;
                }
                if alias.has(Alias::JOINED_ENDINGS) {
                    // The mention ends after the signs on its last letter (the virama, or the
                    // ending's vowel sign in its place): a sign is not cut from its letter.
                    end += hay[end..]
                        .chars()
                        .take_while(|&c| is_combining_mark(c))
                        .map(char::len_utf8)
                        .sum::<usize>();
                }
            }
        }
    }
    let a = folded.to_original(start)?;
    let b = folded.to_original(end)?;
    if let Some(exact) = alias.exact_case() {
        let surface: String = normalize_ws(&original[a..b]).nfc().collect();
        if surface != exact {
            return None;
        }
    }
    Some((end, inflected))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The entity ids found in `text`, with the article's other texts given by `context`.
    fn ids_with(d: &EntityDictionary, text: &str, context: &Namesakes) -> Vec<String> {
        d.find_with(text, context)
            .0
            .into_iter()
            .map(|m| m.id)
            .collect()
    }

    fn dict() -> std::sync::Arc<EntityDictionary> {
        EntityDictionary::shared().expect("builtin dictionary loads")
    }

    fn ids(d: &EntityDictionary, text: &str) -> Vec<String> {
        d.find(text).into_iter().map(|m| m.id).collect()
    }

    fn check_offsets(text: &str, mentions: &[Mention]) {
        for m in mentions {
            assert_eq!(&text[m.start..m.end], m.surface, "offsets of {m:?}");
        }
    }

    /// The mentions of `text` as (id, surface), their offsets checked.
    fn found(d: &EntityDictionary, text: &str) -> Vec<(String, String)> {
        let ms = d.find(text);
        check_offsets(text, &ms);
        ms.into_iter().map(|m| (m.id, m.surface)).collect()
    }

    /// The entity ids `d` finds in `text`, in order.
    fn ids_in(d: &EntityDictionary, text: &str) -> Vec<String> {
        found(d, text).into_iter().map(|(id, _)| id).collect()
    }

    /// The countries of the places found in `text`, in order, repeats in a row merged.
    fn countries_in(d: &EntityDictionary, text: &str) -> Vec<String> {
        let mut out: Vec<String> = d
            .find(text)
            .iter()
            .filter_map(|m| d.country_of(&m.id).map(str::to_string))
            .collect();
        out.dedup();
        out
    }

    fn pairs<const N: usize>(xs: [(&str, &str); N]) -> Vec<(String, String)> {
        xs.iter().map(|&(a, b)| (a.into(), b.into())).collect()
    }

    #[test]
    fn builtin_loads_with_required_entities() {
        let d = dict();
        assert!(!d.version().is_empty());
        for id in [
            "north-korea",
            "russia",
            "china",
            "south-korea",
            "ukraine",
            "united-states",
            "uzbekistan",
            "tajikistan",
            "kyrgyzstan",
            "kazakhstan",
            "central-asia",
            "un-security-council",
            "united-nations",
            "unsc-resolution-2397",
            "isw",
            "nato",
            "gur",
        ] {
            assert!(d.contains_id(id), "missing {id}");
        }
        // Every country of the hand-written file has aliases in the six core languages (the
        // generated gazetteer has what its data has).
        let hand = EntityDictionary::from_toml(BUILTIN).unwrap();
        for e in hand.entities().iter().filter(|e| e.kind == "country") {
            for lang in ["en", "ru", "uk", "ko", "de", "fr"] {
                assert!(
                    e.aliases.contains_key(lang),
                    "{} lacks {lang} aliases",
                    e.id
                );
            }
        }
    }

    #[test]
    fn word_boundaries() {
        let d = dict();
        assert_eq!(ids(&d, "Russia."), ["russia"]);
        // Not Russia inside either word; "Belarussian" is about Belarus (the German alias
        // "Belarus" takes endings, see `inflect`).
        assert_eq!(ids(&d, "Prussia and Belarussian"), ["belarus"]);
        assert_eq!(ids(&d, "(North Korea)"), ["north-korea"]);
        assert!(ids(&d, "NorthKorea").is_empty());
        assert_eq!(
            ids(&d, "North Koreans and DPRK-made shells"),
            ["north-korea", "north-korea"]
        );
    }

    #[test]
    fn leftmost_longest() {
        let d = dict();
        let ms = d.find("the Russian Federation and the UN Security Council");
        assert_eq!(
            ms.iter().map(|m| m.surface.as_str()).collect::<Vec<_>>(),
            ["Russian Federation", "UN Security Council"]
        );
        assert_eq!(ms[1].id, "un-security-council");
        let ms = d.find("UN Security Council Resolution 2397");
        assert_eq!(
            ms.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["un-security-council", "unsc-resolution-2397"]
        );
    }

    #[test]
    fn case_insensitive_but_short_caps_are_exact() {
        let d = dict();
        assert_eq!(
            ids(&d, "NORTH KOREA and north korea"),
            ["north-korea", "north-korea"]
        );
        assert_eq!(ids(&d, "The US said"), ["united-states"]);
        assert!(ids(&d, "Tell us what you think").is_empty());
        assert!(ids(&d, "Us and them").is_empty());
        assert_eq!(ids(&d, "U.S. officials"), ["united-states"]);
        assert!(ids(&d, "un jour").is_empty());
        assert_eq!(ids(&d, "the UN said"), ["united-nations"]);
        assert_eq!(ids(&d, "Nato allies"), ["nato"]);
    }

    #[test]
    fn cyrillic_prefix_inflection() {
        let d = dict();
        let text =
            "В России и российские власти, Москве и Кремлём; КНДР и северокорейские рабочие.";
        assert_eq!(
            found(&d, text),
            pairs([
                ("russia", "России"),
                ("russia", "российские"),
                ("russia", "Москве"),
                ("russia", "Кремлём"),
                ("north-korea", "КНДР"),
                ("north-korea", "северокорейские"),
            ])
        );
        // Multi-word prefix aliases.
        let text = "мигранты из Средней Азии и Северной Кореи";
        let got: Vec<String> = d.find(text).into_iter().map(|m| m.surface).collect();
        assert_eq!(got, ["Средней Азии", "Северной Кореи"]);
        assert_eq!(
            ids(&d, "Україна та Росія, українські та російські"),
            ["ukraine", "russia", "ukraine", "russia"]
        );
    }

    #[test]
    fn hangul_particles() {
        let d = dict();
        let text = "북한의 노동자들이 러시아로 갔다. 북한은 NATO를 비난했다.";
        assert_eq!(
            found(&d, text),
            pairs([
                ("north-korea", "북한"),
                ("russia", "러시아"),
                ("north-korea", "북한"),
                ("nato", "NATO")
            ])
        );
    }

    #[test]
    fn indic_case_endings_joined_to_names() {
        let src = "version = \"1\"\n\
            [[entity]]\nid = \"idukki\"\nkind = \"place\"\naliases = { ml = [\"ഇടുക്കി\"] }\n\
            [[entity]]\nid = \"wayanad\"\nkind = \"place\"\naliases = { ml = [\"വയനാട്\"] }\n\
            [[entity]]\nid = \"coimbatore\"\nkind = \"place\"\naliases = { ta = [\"கோயம்புத்தூர்\"] }\n\
            [[entity]]\nid = \"mymensingh\"\nkind = \"place\"\naliases = { bn = [\"ময়মনসিংহ\"] }\n\
            [[entity]]\nid = \"kathmandu\"\nkind = \"place\"\naliases = { ne = [\"काठमाडौं\"] }\n";
        let d = EntityDictionary::from_toml(src).expect("valid");
        // Locative and genitive endings joined to the name; a Malayalam or Tamil name's final
        // virama replaced by the ending's vowel sign, or its consonant doubled.
        assert_eq!(ids_in(&d, "ഇടുക്കിയിൽ ഉരുൾപൊട്ടൽ"), ["idukki"]);
        for text in ["വയനാട്ടിൽ മഴ", "വയനാടിന്റെ മലകൾ", "മഴ വയനാട്"]
        {
            assert_eq!(ids_in(&d, text), ["wayanad"], "{text}");
        }
        assert_eq!(ids_in(&d, "கோயம்புத்தூரில் மழை"), ["coimbatore"]);
        assert_eq!(
            ids_in(&d, "ময়মনসিংহে ভূমিধস, ময়মনসিংহের মানুষ"),
            ["mymensingh"; 2]
        );
        assert_eq!(ids_in(&d, "काठमाडौंमा भूकम्प"), ["kathmandu"]);
        // Georgian: the nominative ი gives way to the case ending.
        let ka = "version = \"1\"\n[[entity]]\nid = \"tbilisi\"\nkind = \"place\"\naliases = { ka = [\"თბილისი\"] }\n";
        let g = EntityDictionary::from_toml(ka).expect("valid");
        for text in ["თბილისი", "თბილისის აეროპორტში", "თბილისში წვიმს"]
        {
            assert_eq!(ids_in(&g, text), ["tbilisi"], "{text}");
        }
        assert!(ids_in(&g, "თბილის").is_empty());
        // Where an ending stops: the stem without its virama is another word, a long word that
        // only begins like a name is not the name, and another script is no ending.
        assert!(ids_in(&d, "വയനാട മഴ").is_empty());
        assert!(ids_in(&d, "ഇടുക്കിയിൽനിന്നുള്ളവരുടേതാണ്").is_empty());
        assert!(ids_in(&d, "ময়মনসিংহabc").is_empty());
        // The surface is the name without its ending (with the sign on its last letter).
        assert_eq!(found(&d, "ഇടുക്കിയിൽ")[0].1, "ഇടുക്കി");
        assert_eq!(found(&d, "വയനാട്ടിൽ")[0].1, "വയനാട്");
        assert_eq!(found(&d, "ময়মনসিংহে")[0].1, "ময়মনসিংহে");
    }

    #[test]
    fn arabic_clitics_and_relative_adjectives() {
        let d = dict();
        // Clitics joined to the front ("in", "and the", "for the" contracted), relative
        // adjectives after (masculine, feminine), vowel marks, and words that only begin or end
        // like a name: "بغداد" is not "ب" + a name, "مصرف" (bank) is not Egypt, "ترك" (left)
        // is not Turkey's stem without its ending.
        let text = "قُتل ثلاثة في بجمهورية الكونغو، وقال مسؤول باكستاني إن القوات \
                    الباكستانية والرّوسية وصلت إلى محافظة إب وللهند والتركي. \
                    وقال مصرف في بغداد إن لبنان ترك مصر. وقالت السلطات إن الرباط ردت.";
        assert_eq!(
            found(&d, text),
            pairs([
                ("congo", "جمهورية الكونغو"),
                ("pakistan", "باكستاني"),
                ("pakistan", "باكستانية"),
                ("russia", "رّوسية"),
                ("ye-ib", "محافظة إب"),
                ("india", "للهند"),
                ("turkiye", "تركي"),
                ("baghdad-iq", "بغداد"),
                ("lebanon", "لبنان"),
                ("egypt", "مصر"),
                ("rabat-ma", "الرباط"),
            ])
        );
    }

    #[test]
    fn a_city_named_by_the_first_words_of_a_longer_name_in_the_article_is_that_city() {
        let d = dict();
        let ids = |text: &str, context: &Namesakes| ids_with(&d, text, context);
        let none = Namesakes::default();
        assert_eq!(ids("Santiago cuts water at night.", &none), ["santiago-cl"]);
        // The body names the full name: the title's "Santiago" is that city, and so is a later
        // short mention in the body.
        let body = d
            .find_with(
                "The council of Santiago de Compostela cuts water. Santiago has no rain.",
                &none,
            )
            .1;
        assert_eq!(
            ids("Santiago cuts water at night", &body),
            ["santiago-de-compostela-es"]
        );
        assert_eq!(
            ids(
                "The council of Santiago de Compostela cuts water. Santiago has no rain.",
                &none
            ),
            ["santiago-de-compostela-es", "santiago-de-compostela-es"]
        );
        // A country keeps its name beside its capital's longer one.
        assert_eq!(
            ids("Mexico said Mexico City had no water.", &none),
            ["mexico", "mexico-city-mx"]
        );
    }

    #[test]
    fn a_name_of_places_in_two_countries_takes_the_country_the_article_names() {
        let d = dict();
        let ids = |text: &str, context: &Namesakes| ids_with(&d, text, context);
        let none = Namesakes::default();
        // The gazetteer gave "Hyderabad" to India's city and kept Pakistan's as its namesake.
        assert_eq!(
            ids("A clash in Hyderabad left one dead.", &none),
            ["hyderabad-in"]
        );
        assert_eq!(
            ids("A clash in Hyderabad left one dead as Sindh voted.", &none),
            ["hyderabad-pk", "pk-sd"]
        );
        // The other text of the article (here the title) decides too, in both directions.
        let title = d.namesakes_in("Polling violence in Sindh");
        assert_eq!(
            ids("A clash in Hyderabad left one dead.", &title),
            ["hyderabad-pk"]
        );
        let body = d.find_with("Voters in Karachi queued for hours.", &none).1;
        assert_eq!(ids("Clash in Hyderabad", &body), ["hyderabad-pk"]);
        // "Georgia": the country, unless the article names the United States' places only.
        assert_eq!(ids("Georgia held its election.", &none), ["georgia"]);
        assert_eq!(
            ids(
                "Georgia held its election. Lines were long in Atlanta.",
                &none
            ),
            ["us-ga", "atlanta-us"]
        );
        // Places of both countries: the name keeps its own sense.
        assert_eq!(
            ids(
                "Georgia held its election. Observers came from Atlanta to Tbilisi.",
                &none
            ),
            ["georgia", "atlanta-us", "tbilisi-ge"]
        );
        // "Valencia": cities of Spain and Venezuela of similar size, nobody's name on its own;
        // the article's other places decide, and naming both countries decides nothing.
        assert!(ids("Dockers in Valencia walked out.", &none).is_empty());
        assert_eq!(
            ids(
                "Dockers in Valencia walked out, Spanish unions said.",
                &none
            ),
            ["valencia-es", "spain"]
        );
        assert_eq!(
            ids(
                "Dockers in Valencia walked out. Carabobo's governor called it legal.",
                &none
            ),
            ["valencia-ve", "ve-g"]
        );
        assert_eq!(
            ids(
                "Valencia's dockers walked out; Spanish and Venezuelan unions met.",
                &none
            ),
            ["spain", "venezuela"]
        );
        // A query cannot name it either: `entity:Valencia` would be a guess.
        assert_eq!(d.resolve("Valencia"), None);
        assert_eq!(d.resolve("valencia-es"), Some("valencia-es"));
    }

    #[test]
    fn offsets_survive_length_changing_case_folds() {
        let d = dict();
        // 'İ' grows when lowercased, the Kelvin sign and 'ẞ' shrink; NBSP and CRLF collapse.
        let text = "İİİ \u{212A}\u{212A} ẞ Ẫ\u{00A0}North\r\n  Korea and ÅNGSTRÖM Россия";
        let ms = d.find(text);
        check_offsets(text, &ms);
        let surfaces: Vec<&str> = ms.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(surfaces, ["North\r\n  Korea", "Россия"]);
    }

    #[test]
    fn arabic_phrases_of_direction_name_no_region() {
        let d = EntityDictionary::shared().unwrap();
        let ids = |t: &str| -> Vec<String> { d.find(t).into_iter().map(|m| m.id).collect() };
        // The West Bank is not Egypt's Gharbia, "northern" is not Qatar's Ash Shamal, and
        // "the northern region" is not only Israel's; the regions' full names still are.
        assert!(ids("قصف في الضفة الغربية").is_empty());
        assert!(ids("انفجار في مطعم بصيدا الشمالي").is_empty());
        assert!(ids("أمطار في المنطقة الشمالية").is_empty());
        assert_eq!(ids("محافظة الغربية في مصر"), ["eg-gh", "egypt"]);
    }

    #[test]
    fn stop_phrases_shadow_aliases() {
        let d = dict();
        assert!(ids(&d, "the National Security Council met").is_empty());
        assert_eq!(ids(&d, "the Security Council met"), ["un-security-council"]);
    }

    #[test]
    fn countries_keep_the_english_names_the_press_uses() {
        // ISO and CLDR say "Türkiye"; the gazetteer reads GeoNames' "Turkey" too. A place
        // name, it matches only where written with a capital.
        let d = dict();
        assert_eq!(d.resolve("Turkey"), Some("turkiye"));
        assert_eq!(
            ids(&d, "Turkey's central bank raised its rate."),
            ["turkiye"]
        );
        assert!(ids(&d, "They served roast turkey.").is_empty());
        assert_eq!(d.resolve("Ivory Coast"), d.resolve("Côte d'Ivoire"));
    }

    #[test]
    fn a_foreign_place_name_in_cyrillic_is_not_declined_into_a_word() {
        let d = dict();
        assert!(ids(&d, "Совет директоров собрался в понедельник.").is_empty());
        assert_eq!(ids(&d, "Беспорядки в Соуэто продолжились."), ["soweto-za"]);
    }

    #[test]
    fn resolve_ids_aliases_and_inflections() {
        let d = dict();
        assert_eq!(d.resolve("north-korea"), Some("north-korea"));
        assert_eq!(d.resolve("DPRK"), Some("north-korea"));
        assert_eq!(d.resolve("dprk"), Some("north-korea"));
        assert_eq!(d.resolve("  North   korea "), Some("north-korea"));
        assert_eq!(d.resolve("России"), Some("russia"));
        assert_eq!(d.resolve("росси*"), Some("russia"));
        assert_eq!(d.resolve("북한"), Some("north-korea"));
        assert_eq!(d.resolve("Atlantis"), None);
        assert_eq!(d.resolve(""), None);
    }

    #[test]
    fn errors_carry_positions() {
        let e = EntityDictionary::from_toml("version = \"1\"\n[[entity]]\nid = \"Bad Id\"\nkind = \"x\"\naliases = { en = [\"A\"] }\n")
            .unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(6)));
        assert!(e.message.contains("kebab"), "{e}");

        let e = EntityDictionary::from_toml("version = \"1\"\n[[entity]\n").unwrap_err();
        assert_eq!(e.line, Some(2));

        let src = "version = \"1\"\n[[entity]]\nid = \"a\"\nkind = \"x\"\naliases = { en = [\"Foo\"] }\n[[entity]]\nid = \"b\"\nkind = \"x\"\naliases = { en = [\"Bar\", \"FOO\"] }\n";
        let e = EntityDictionary::from_toml(src).unwrap_err();
        assert_eq!(e.line, Some(9));
        assert!(e.message.contains("already an alias"), "{e}");

        let e = EntityDictionary::from_toml("version = \"1\"\n[[entity]]\nid = \"a\"\nkind = \"x\"\naliases = { en = [\"ab*c\"] }\n")
            .unwrap_err();
        assert!(e.message.contains("end of a word"), "{e}");
        let e = EntityDictionary::from_toml("version = \"1\"\n[[entity]]\nid = \"a\"\nkind = \"x\"\nwikidata = \"X1\"\naliases = { en = [\"A\"] }\n")
            .unwrap_err();
        assert_eq!(e.line, Some(5));
        let e = EntityDictionary::from_toml("version = \"1\"\nunknown = 2\n").unwrap_err();
        assert!(e.line.is_some(), "{e}");
    }

    #[test]
    fn a_source_is_parsed_one_entity_at_a_time_with_positions_in_the_whole_source() {
        let src = "version = \"1\"\n# comment\n[[entity]]\nid = \"a\"\nkind = \"x\"\naliases = { en = [\"Foo\"] }\n  [[entity]]\nid = \"b\"\nkind = \"x\"\naliases = { en = [\"Bar\"] }\n";
        let parts = entity_chunks(src);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert_eq!(parts[0], (0, "version = \"1\"\n# comment\n"));
        assert!(parts[1].1.starts_with("[[entity]]\nid = \"a\""));
        assert!(parts[2].1.starts_with("  [[entity]]\nid = \"b\""));
        let joined: String = parts.iter().map(|(_, p)| *p).collect();
        assert_eq!(joined, src);
        for (offset, part) in &parts {
            assert_eq!(&src[*offset..*offset + part.len()], *part);
        }
        let d = EntityDictionary::from_toml(src).expect("valid");
        assert_eq!(d.len(), 2);
        assert_eq!(d.resolve("bar"), Some("b"));

        // Errors in a later entity point at the whole source's line.
        let bad_id = src.replace("id = \"b\"", "id = \"B b\"");
        let e = EntityDictionary::from_toml(&bad_id).unwrap_err();
        assert_eq!((e.line, e.column), (Some(8), Some(6)), "{e}");
        let bad_syntax = src.replace(
            "kind = \"x\"\naliases = { en = [\"Bar\"] }",
            "kind = \"x\nq",
        );
        let e = EntityDictionary::from_toml(&bad_syntax).unwrap_err();
        assert_eq!(e.line, Some(9), "{e}");
        // One source may not declare an id twice, whichever parts they are in.
        let twice = src.replace("id = \"b\"", "id = \"a\"");
        let e = EntityDictionary::from_toml(&twice).unwrap_err();
        assert!(e.message.contains("duplicate entity id"), "{e}");
        assert_eq!(e.line, Some(8), "{e}");
    }

    #[test]
    fn a_source_with_a_multi_line_string_is_parsed_whole() {
        // The string holds a line that looks like a table header: split there, the parts would
        // not parse.
        let src = "version = \"1\"\n[[entity]]\nid = \"a\"\nkind = \"\"\"x\n[[entity]]\ny\"\"\"\naliases = { en = [\"Foo\"] }\n";
        assert_eq!(entity_chunks(src), vec![(0, src)]);
        let d = EntityDictionary::from_toml(src).expect("valid");
        assert_eq!(
            d.entity("a").map(|e| e.kind.as_str()),
            Some("x\n[[entity]]\ny")
        );
    }

    #[test]
    fn a_compiled_alias_stays_small() {
        // The gazetteer compiles to a few hundred thousand aliases: each byte here is a few
        // hundred KB of every extractor's memory.
        assert!(std::mem::size_of::<Alias>() <= 16);
        let d = dict();
        assert!(d.aliases.len() > 100_000, "{}", d.aliases.len());
        let rest = d.aliases.iter().filter(|a| a.rest.is_some()).count();
        assert!(rest * 20 < d.aliases.len(), "{rest} of {}", d.aliases.len());
    }

    #[test]
    fn metonyms_people_and_bodies_in_six_languages() {
        let d = dict();
        for (text, id) in [
            ("the Kremlin said", "russia"),
            ("the White House said", "united-states"),
            ("в Белом доме", "united-states"),
            ("Pyongyang replied", "north-korea"),
            ("Beijing replied", "china"),
            ("Vladimir Putin", "vladimir-putin"),
            ("Путина", "vladimir-putin"),
            ("Путіна", "vladimir-putin"),
            ("푸틴은", "vladimir-putin"),
            ("Poutine", "vladimir-putin"),
            ("Kim Jong-un", "kim-jong-un"),
            ("Ким Чен Ына", "kim-jong-un"),
            ("김정은의", "kim-jong-un"),
            ("Schoigu", "sergei-shoigu"),
            ("Choïgou", "sergei-shoigu"),
            ("Буданова", "kyrylo-budanov"),
            ("Kirill Budanov", "kyrylo-budanov"),
            ("Budanow", "kyrylo-budanov"),
            ("Selenskyj", "volodymyr-zelensky"),
            ("Зеленського", "volodymyr-zelensky"),
            ("Lawrow", "sergei-lavrov"),
            ("시진핑", "xi-jinping"),
            ("Resolution 2397", "unsc-resolution-2397"),
            ("резолюции 2397", "unsc-resolution-2397"),
            ("résolution 2397", "unsc-resolution-2397"),
            ("the Russian Security Council", "russian-security-council"),
            ("Совета безопасности России", "russian-security-council"),
            ("the Russian Defense Ministry", "russian-defense-ministry"),
            ("Министерства обороны России", "russian-defense-ministry"),
            ("ministère russe de la Défense", "russian-defense-ministry"),
            ("국가보위성", "north-korea-mss"),
            ("ГУР", "gur"),
            ("Ukrainian Main Military Intelligence", "gur"),
            ("ukrainische Militärgeheimdienst", "gur"),
            ("СБУ", "sbu"),
            ("ФСБ", "fsb"),
            ("ГРУ", "gru"),
            ("ОДКБ", "csto"),
            ("OTSC", "csto"),
            ("БРИКС", "brics"),
            ("СНД", "cis"),
            ("Gemeinschaft Unabhängiger Staaten", "cis"),
            ("Евросоюза", "european-union"),
            ("Union européenne", "european-union"),
            ("Institut für Kriegsstudien", "isw"),
            ("Institut pour l'étude de la guerre", "isw"),
            ("Интитут", "none"),
        ] {
            let got = ids(&d, text);
            if id == "none" {
                assert!(got.is_empty(), "{text}: {got:?}");
            } else {
                assert_eq!(got, [id], "{text}");
            }
        }
    }

    #[test]
    fn demonyms_and_adjectives() {
        let d = dict();
        assert_eq!(ids(&d, "North Korean workers"), ["north-korea"]);
        assert_eq!(ids(&d, "северокорейские рабочие"), ["north-korea"]);
        assert_eq!(ids(&d, "північнокорейські робітники"), ["north-korea"]);
        assert_eq!(ids(&d, "nordkoreanische Arbeiter"), ["north-korea"]);
        assert_eq!(ids(&d, "des ouvriers nord-coréens"), ["north-korea"]);
        assert_eq!(ids(&d, "북한의 노동자"), ["north-korea"]);
        // Japanese country names (CLDR), inside a run of kana and Han characters.
        assert_eq!(ids(&d, "在日ロシア通商代表部の外交官"), ["russia"]);
        // And in further languages of the news (Swedish, Greek, Hungarian).
        assert_eq!(ids(&d, "Diplomater från Ryssland utvisas"), ["russia"]);
        assert_eq!(ids(&d, "Η Ρωσία απέλασε διπλωμάτες"), ["russia"]);
        assert_eq!(ids(&d, "Oroszország kiutasította"), ["russia"]);
        // Italian adjectives, in their feminine and plural forms too.
        assert_eq!(ids(&d, "due funzionari dell'ambasciata russa"), ["russia"]);
        assert_eq!(ids(&d, "i diplomatici russi"), ["russia"]);
        // German adjectives of capitals: "Berliner Polizei", "Pariser Staatsanwaltschaft".
        assert_eq!(ids(&d, "vor dem Berliner Rathaus"), ["germany"]);
        assert_eq!(ids(&d, "die Pariser Staatsanwaltschaft"), ["france"]);
        assert_eq!(ids(&d, "ein Londoner Gericht"), ["united-kingdom"]);
        // Stop phrases keep outlets and other Americas out.
        assert!(ids(&d, "the Washington Post wrote").is_empty());
        assert!(ids(&d, "Latin American migrants").is_empty());
    }

    #[test]
    fn every_entity_of_the_core_kinds_covers_six_languages() {
        let d = dict();
        for e in d
            .entities()
            .iter()
            .filter(|e| matches!(e.kind.as_str(), "person" | "agency"))
        {
            for lang in ["en", "ru", "uk", "ko", "de", "fr"] {
                assert!(e.aliases.contains_key(lang), "{} lacks {lang}", e.id);
            }
        }
    }

    #[test]
    fn country_names_of_further_languages_come_from_cldr() {
        let d = dict();
        let ids = |text: &str| ids_in(&d, text);
        // Italian, Portuguese, Turkish, Polish (CLDR), each the country, as written.
        assert_eq!(
            ids("Sbarchi in Libia; seca no Iêmen; Nijerya'da elektrik; i Polska."),
            ["libya", "yemen", "nigeria", "poland"]
        );
        // Polish country names in their cases.
        assert_eq!(
            ids("Migranci z Libii; susza w Wenezueli; wojna w Jemenie."),
            ["libya", "venezuela", "yemen"]
        );
        // A name that is a word in another language is not taken ("Gana": Ghana in Italian,
        // "wins" in Spanish), nor a shortening English does not use ("Norfolk" Island).
        assert!(ids("Gana el equipo local.").is_empty());
        assert_ne!(ids("Flooding in Norfolk closed roads."), ["norfolk-island"]);
    }

    #[test]
    fn places_keep_their_names_in_their_own_countries_scripts() {
        let d = dict();
        let ids = |text: &str| ids_in(&d, text);
        // Greek, Bengali and Malayalam names of places in Greece, Bangladesh and India; Hindi
        // country names with their vowel signs.
        assert_eq!(ids("Σεισμός στη Θεσσαλονίκη"), ["thessaloniki-gr"]);
        assert_eq!(ids("ময়মনসিংহে দুর্ঘটনা"), ["mymensingh-bd"]);
        // "in Mymensingh district": the district's name with the locative joined to it.
        assert_eq!(ids("ময়মনসিংহ জেলায় দুর্ঘটনা"), ["bd-34"]);
        assert_eq!(ids("കോഴിക്കോട് ജില്ലയിൽ മഴ"), ["kozhikode-in"]);
        assert_eq!(ids("भारत और नेपाल"), ["india", "nepal"]);
    }

    #[test]
    fn a_subdivision_that_iso_codes_as_a_country_places_a_text_there() {
        let d = dict();
        let ids = |text: &str| ids_in(&d, text);
        // ISO 3166-2 FR-973 is also ISO 3166-1 GF: "Guyane" is French Guiana, not France.
        let guyane = ids("Orpaillage illégal en Guyane.");
        assert_eq!(guyane, ["fr-973"]);
        assert_eq!(d.country_of("fr-973"), Some("french-guiana"));
        assert_eq!(d.country_of("cn-hk"), Some("hong-kong"));
        // A qualifier in parentheses in the data ("Guyane (française)", "Svalbard (Arctic
        // Region)") is not a name.
        assert!(!ids("La cuisine Française.").contains(&"fr-973".to_string()));
        assert!(!ids("La cuisine Francaise.").contains(&"fr-973".to_string()));
        assert!(!ids("Sea ice in the Arctic Region shrank.").contains(&"no-21".to_string()));
    }

    #[test]
    fn a_saints_title_alone_names_no_place() {
        let d = dict();
        let ids = |text: &str| ids_in(&d, text);
        // "Sainte" was an alternate name of Saint-Étienne in the data; the gazetteer drops it.
        assert!(!ids("Des sargasses à Sainte-Rose et à Capesterre.")
            .contains(&"saint-etienne-fr".to_string()));
        assert_eq!(ids("Incendie à Saint-Étienne."), ["saint-etienne-fr"]);
    }

    #[test]
    fn places_match_in_the_cases_of_finnish_hungarian_czech_and_lithuanian() {
        let d = dict();
        let ids = |text: &str| ids_in(&d, text);
        assert_eq!(
            ids("Tulva Oulussa; kokous Helsingissä; pakotteet Venäjälle."),
            ["oulu-fi", "helsinki-fi", "russia"]
        );
        assert_eq!(
            ids("Tüntetés Budapesten; a hadsereg Ukrajnában."),
            ["budapest-hu", "ukraine"]
        );
        assert_eq!(
            ids("Povodeň v Praze; vlak do Brna."),
            ["prague-cz", "brno-cz"]
        );
        assert_eq!(
            ids("Balionai virš Vilniaus; Lietuvos kariuomenė."),
            ["vilnius-lt", "lithuania"]
        );
        // "Turun" (Turku's genitive) is also an Indonesian verb: only a capitalised word is
        // searched for a place.
        assert!(ids("harga minyak turun lagi").is_empty());
    }

    #[test]
    fn polish_names_of_the_built_in_countries_match_in_their_cases() {
        let d = dict();
        let ids = |text: &str| ids_in(&d, text);
        assert_eq!(
            ids("Tankowiec rosyjskiej floty zatrzymano; w Rosji i w Korei Północnej milczą."),
            ["russia", "russia", "north-korea"]
        );
        assert_eq!(
            ids("Delegacja ChRL przyleciała z Pekinu do Stanów Zjednoczonych."),
            ["china", "china", "united-states"]
        );
        // Lower-case words that only begin like a name are not it; "chin" is a chin.
        assert!(ids("a cut on his chin").is_empty());
    }

    #[test]
    fn a_place_heading_a_longer_name_is_not_the_place() {
        let d = dict();
        let ids = |text: &str| ids_in(&d, text);
        // Papua New Guinea's Gulf province is not in the Gulf of Finland; Zuwara the town is
        // Zuwara, not a club or a gulf.
        assert_eq!(
            ids("A tanker was detained in the Gulf of Finland on Thursday."),
            ["finland"]
        );
        assert_eq!(
            ids("Riverside Athletic beat Dover Rovers."),
            Vec::<String>::new()
        );
        assert_eq!(
            ids("Admirers called Odesa the Marseille of the Black Sea."),
            ["odesa-ua"]
        );
        assert_eq!(ids("A dinghy left Zuwara before dawn."), ["zuwarah-ly"]);
        // Lower case after "of" is no name: the place stays.
        assert_eq!(ids("the Gulf of which they spoke"), ids("the Gulf"));
        assert_eq!(ids("Odesa of old had trams."), ["odesa-ua"]);
        // An elided article before a capitalised word joins a longer name: the valley in
        // Apulia is not Honduras's Valle department.
        assert_eq!(
            ids("Nelle campagne tra Ostuni e Cisternino, in Valle d'Itria, 41 ulivi"),
            Vec::<String>::new()
        );
        assert_eq!(ids("a Valle, in Honduras"), ["hn-va", "honduras"]);
    }

    #[test]
    fn a_cyrillic_name_takes_case_endings_not_any_continuation() {
        let d = dict();
        let ids = |text: &str| ids_in(&d, text);
        // Bello (Colombia) is "Бельо": the Great Belt is not it.
        assert!(ids("Танкер затримали в протоці Великий Бельт.").is_empty());
        // Case forms and the -ськ- adjective still match.
        assert_eq!(ids("в Новороссийске"), ids("Новороссийск"));
        assert!(!ids("в Новороссийске").is_empty());
        assert_eq!(ids("у Харкові"), ids("Харків"));
        assert_eq!(ids("Харківська область"), ["ua-63"]);
        assert_eq!(ids("рабочие из Владивостока"), ids("Владивосток"));
        assert!(!ids("Владивосток").is_empty());
    }

    #[test]
    fn arabic_names_match_without_a_long_vowel_waw() {
        let d = dict();
        let countries = |text: &str| countries_in(&d, text);
        // "الديمقراطية" and "الديموقراطية" are both written: the Democratic Republic of the
        // Congo either way, never the Republic of the Congo that heads its name.
        assert_eq!(
            countries("في إقليم شمال كيفو بجمهورية الكونغو الديمقراطية"),
            ["congo-kinshasa"]
        );
        assert_eq!(
            countries("في جمهورية الكونغو الديموقراطية"),
            ["congo-kinshasa"]
        );
    }

    #[test]
    fn names_of_several_words_match_without_their_diacritics() {
        let d = dict();
        let countries = |text: &str| countries_in(&d, text);
        // English writes Vietnam's "Hải Phòng" and "Nghệ An" without diacritics.
        assert_eq!(countries("Customs officers at Hai Phong port"), ["vietnam"]);
        assert_eq!(countries("a passenger from Nghe An province"), ["vietnam"]);
        assert_eq!(countries("a passenger from Nghệ An province"), ["vietnam"]);
    }

    #[test]
    fn exonyms_of_famous_places_are_kept_and_homographs_are_not() {
        let d = dict();
        let countries = |text: &str| countries_in(&d, text);
        // German and French names of Italian and US places, frequent words of their language
        // only because the places are famous.
        assert_eq!(countries("Ein Dach stürzte in Mailand ein."), ["italy"]);
        assert_eq!(countries("Hochwasser in Venedig."), ["italy"]);
        assert_eq!(countries("Incendies en Californie."), ["united-states"]);
        // Words that are also names of places, about as frequent as the places' own names:
        // a campaign, brands, the capital.
        assert!(countries("Избирательная кампания началась.").is_empty());
        assert!(countries("Neue Marken kamen auf den Markt.").is_empty());
        assert!(countries("Столиця готується до зими.").is_empty());
    }

    #[test]
    fn a_place_qualified_by_another_countrys_region_is_a_namesake() {
        let d = dict();
        let countries = |text: &str| countries_in(&d, text);
        // A region of another country after the place: the place is its namesake there, and
        // so is every other mention of that name in the text.
        assert_eq!(
            countries("A measles case in Moscow, Idaho, was confirmed. Moscow has one clinic."),
            ["united-states"]
        );
        assert_eq!(
            countries("Farmers around Perth, Scotland, finished the harvest."),
            ["united-kingdom"]
        );
        assert_eq!(
            countries("A balcony fell at a flat in London (Ontario) on Saturday."),
            ["canada"]
        );
        // A country after a city of another country: one of the two is a namesake, and the
        // dictionary cannot tell which.
        assert!(countries("Officials in Athens, Georgia, said so.").is_empty());
        // Russia's Moscow is still Russia's when nothing qualifies it, or its own country does.
        assert_eq!(countries("Measles cases rose in Moscow."), ["russia"]);
        assert_eq!(countries("in Moscow, Russia, on Monday"), ["russia"]);
        assert_eq!(countries("Kutaisi, Georgia, voted."), ["georgia"]);
    }

    #[test]
    fn a_country_that_a_region_elsewhere_is_named_like_qualifying_an_unknown_name() {
        let d = dict();
        let countries = |text: &str| countries_in(&d, text);
        // An unknown county or town qualified by "Georgia": the state or the country, the
        // dictionary cannot tell; every "Georgia" of the text is left out.
        assert!(
            countries("The board of Cobb County, Georgia, met. Georgia certified it.").is_empty()
        );
        assert!(countries("A voter in Macon, Georgia, filed a complaint.").is_empty());
        // Not a qualified name: the first words of a sentence, a date, a lowercase word, a
        // list, a possessive.
        assert_eq!(countries("Yesterday, Georgia voted."), ["georgia"]);
        assert_eq!(
            countries("said on Tuesday, Georgia, which votes in May."),
            ["georgia"]
        );
        assert_eq!(countries("In a statement, Georgia said so."), ["georgia"]);
        assert_eq!(
            countries("envoys of France, Georgia, Armenia and Azerbaijan"),
            ["france", "georgia", "armenia", "azerbaijan"]
        );
        assert_eq!(countries("visited Batumi, Georgia's port."), ["georgia"]);
        // A country no region elsewhere is named like keeps its sense after an unknown town.
        assert_eq!(countries("in Gyumri-Lake, Armenia, on Monday"), ["armenia"]);
    }

    #[test]
    fn lists_and_clauses_are_not_qualifiers() {
        let d = dict();
        let ids = |text: &str| ids_in(&d, text);
        // A list of places: every item stays.
        let list = ids("snow closed roads in Munich, Tyrol, Salzburg and Vorarlberg");
        assert_eq!(list.len(), 4, "{list:?}");
        let list = ids("delays at Munich, Tyrol and Salzburg");
        assert_eq!(list.len(), 3, "{list:?}");
        // The country opens the next clause: "In Kharkiv, Russia launched ...".
        let clause = ids("In Kharkiv, Russia launched drones overnight.");
        assert!(clause.contains(&"russia".to_string()), "{clause:?}");
        assert_eq!(clause.len(), 2, "{clause:?}");
    }

    #[test]
    fn a_final_a_may_be_written_ah() {
        let src = "version = \"1\"\n";
        let mut sources = vec![Source {
            name: "base",
            toml: src,
            layer: Layer::Base,
        }];
        let places = "[[entity]]\nid = \"yemen\"\nkind = \"country\"\naliases = { en = [\"Yemen\"] }\n[[entity]]\nid = \"hodeida\"\nkind = \"city\"\ncountry = \"yemen\"\naliases = { mul = [\"Hodeida\", \"Ibb\"] }\n";
        sources.push(Source {
            name: "places",
            toml: places,
            layer: Layer::Extend,
        });
        let d = EntityDictionary::from_sources(&sources, &[]).unwrap();
        assert_eq!(ids(&d, "cases in Hodeidah rose"), ["hodeida"]);
        assert_eq!(ids(&d, "cases in Hodeida rose"), ["hodeida"]);
        // Only after a final "a", and only an "h".
        assert!(ids(&d, "in Ibbh").is_empty());
        assert!(ids(&d, "in Hodeidahs").is_empty());
        // The German genitive still takes its "s".
        assert_eq!(ids(&d, "Hodeidas Hafen"), ["hodeida"]);
    }

    #[test]
    fn han_place_names_match_in_either_form_of_tai() {
        let d = dict();
        // Taiwan writes 臺 and 台 for the same character; the gazetteer has one of them.
        let a = ids(&d, "臺東縣近海發生地震");
        let b = ids(&d, "台東縣近海發生地震");
        assert_eq!(a, b);
        assert!(!a.is_empty());
        assert_eq!(d.country_of(&a[0]), Some("taiwan"));
    }

    #[test]
    fn empty_dictionary_finds_nothing() {
        let d = EntityDictionary::from_toml("version = \"empty\"\n").unwrap();
        assert!(d.is_empty());
        assert!(d.find("Russia").is_empty());
    }

    /// A shipped base, a gazetteer layer and a users' layer, as the entity log compiles them.
    pub(crate) fn layered(user: &str) -> Result<EntityDictionary, DictionaryError> {
        let base = "version = \"1\"\n[[entity]]\nid = \"turkey\"\nkind = \"country\"\naliases = { en = [\"Turkey\"] }\n";
        let places = "[[entity]]\nid = \"edirne-tr\"\nkind = \"city\"\ncountry = \"turkey\"\naliases = { en = [\"Edirne\"], ru = [\"Эдирне\"] }\n\n[[entity]]\nid = \"tr-39\"\nkind = \"region\"\ncountry = \"turkey\"\naliases = { en = [\"Kirklareli Province\"] }\n";
        EntityDictionary::from_sources(
            &[
                Source {
                    name: "entities.toml",
                    toml: base,
                    layer: Layer::Base,
                },
                Source {
                    name: "places.toml",
                    toml: places,
                    layer: Layer::Extend,
                },
                Source {
                    name: "entity log",
                    toml: user,
                    layer: Layer::Override,
                },
            ],
            &[],
        )
    }

    #[test]
    fn users_alias_of_a_shipped_place_groups_it() {
        // "Edirne" is a gazetteer name: a users' region that lists it groups the place (it
        // was refused as a clash of aliases), in every spelling the place has.
        let user = "[[entity]]\nid = \"turkish-thrace\"\nkind = \"region\"\naliases = { en = [\"Thrace\", \"Edirne\"] }\n";
        let d = layered(user).unwrap();
        assert_eq!(d.entity("turkish-thrace").unwrap().contains, ["edirne-tr"]);
        assert_eq!(
            d.containers_of("edirne-tr").collect::<Vec<_>>(),
            ["turkish-thrace"]
        );
        // The place keeps its own name and its country.
        assert_eq!(ids(&d, "Fire in Edirne"), ["edirne-tr"]);
        assert_eq!(d.country_of("edirne-tr"), Some("turkey"));
        assert_eq!(ids(&d, "in Thrace"), ["turkish-thrace"]);
        assert!(d.containers_of("turkey").next().is_none());
        // Two users' entities still may not share a name.
        let clash = format!(
            "{user}\n[[entity]]\nid = \"other\"\nkind = \"x\"\naliases = {{ en = [\"Thrace\"] }}\n"
        );
        let e = layered(&clash).unwrap_err();
        assert!(e.message.contains("already an alias"), "{e}");
    }

    #[test]
    fn contains_is_transitive_and_checked() {
        let user = "[[entity]]\nid = \"thrace\"\nkind = \"region\"\ncontains = [\"edirne-tr\", \"tr-39\"]\naliases = { en = [\"Thrace\"] }\n\n[[entity]]\nid = \"balkans\"\nkind = \"region\"\ncontains = [\"thrace\"]\naliases = { en = [\"Balkans\"] }\n";
        let d = layered(user).unwrap();
        assert_eq!(
            d.containers_of("tr-39").collect::<Vec<_>>(),
            ["thrace", "balkans"]
        );
        assert_eq!(d.containers_of("thrace").collect::<Vec<_>>(), ["balkans"]);
        // A cycle ends.
        let cyclic = user
            .replace(
                "contains = [\"thrace\"]",
                "contains = [\"thrace\", \"balkans\"]",
            )
            .replace(
                "contains = [\"edirne-tr\", \"tr-39\"]",
                "contains = [\"edirne-tr\", \"balkans\"]",
            );
        let d = layered(&cyclic).unwrap();
        assert_eq!(
            d.containers_of("edirne-tr").collect::<Vec<_>>(),
            ["thrace", "balkans"]
        );
        let bad = user.replace("\"tr-39\"", "\"tr-99\"");
        let e = layered(&bad).unwrap_err();
        assert!(
            e.message.contains("\"tr-99\", which is not an entity id"),
            "{e}"
        );
        assert!(e.line.is_some(), "{e}");
    }
}
