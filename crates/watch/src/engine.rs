//! The fast matching path.
//!
//! Every distinct leaf of every topic (word, prefix, phrase, entity, language, source, tag,
//! speaker word) becomes a *pattern*, a key over one section of the claim's buffer (see
//! [`Prepared`]): ` p` for a prefix (over the lowercase words), `\u{1}e:id\u{1}` for an
//! entity, and so on. A word or phrase becomes one pattern per distinct stem it has across the
//! stemming languages, over the stem section (`\u{3}s\u{3}`, `\u{3}s1\u{3}s2\u{3}`), each
//! with the mask of the languages that give that stem: it holds when a pattern occurs whose
//! mask has the text's language. The patterns are found by table lookups, section by section
//! (see [`Engine::build`]): each stem of the claim is probed once, each word once per prefix
//! length the topics use, each field item once. Infixes (`*part*`, found anywhere inside a
//! word) are the exception: an Aho-Corasick automaton, built only when some topic has one, runs
//! over the word section.
//!
//! Pre-filter: from each query we derive up to [`MAX_GROUPS`] *must groups*, each a set of
//! patterns of which at least one occurs in every claim the query matches (an AND contributes
//! the groups of its parts, an OR one group made of one group of each part, a NOT nothing, a
//! `speaker:` word or phrase the field pattern of its first word). We keep the groups estimated
//! rarest. A topic is a candidate when every one of its groups has a pattern in the claim; only
//! candidates have their boolean tree evaluated, and the leaves are then table lookups. Topics
//! without any group (pure NOT, `hedged:`, a `speaker:` prefix) are evaluated for every claim.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;

use claimwatch_text::{stem, STEM_LANGS};

use crate::eval::{
    entity_occurrences, occurrences, push_field, Prepared, Sorted, FIELD_SEP, NO_STEMMER, STEM_SEP,
};
use crate::query::{FieldTerm, Query, TextPattern};
use crate::text::ShortWord;

/// Most must groups kept per topic (a topic's groups are bits of a `u32`).
pub(crate) const MAX_GROUPS: usize = 2;
const _: () = assert!(MAX_GROUPS <= 32);

/// A compiled query: leaves are pattern ids.
#[derive(Debug, Clone)]
enum Node {
    And(Box<[Node]>),
    Or(Box<[Node]>),
    Not(Box<Node>),
    Pat(u32),
    /// A text pattern: alternatives (pattern id, language mask); one must occur with the text's
    /// language in its mask.
    Text(Box<[(u32, u32)]>),
    /// The alternatives and word counts of the two sides.
    Near {
        a: Box<[(u32, u32)]>,
        la: u32,
        b: Box<[(u32, u32)]>,
        lb: u32,
        n: u32,
    },
    /// An entity's mentions near a text pattern (boxed: rare, and it would make every node
    /// larger).
    NearEntity(Box<NearEntityNode>),
    /// The speaker's words hold the pattern; the field pattern of one word the pattern needs
    /// (`w:word`), when it has one, is its must group.
    Speaker(TextPattern, Option<u32>),
    Hedged(bool),
}

/// See [`Node::NearEntity`].
#[derive(Debug, Clone)]
struct NearEntityNode {
    entity: FieldTerm,
    /// The entity's field pattern, for the must groups.
    e: u32,
    b: Box<[(u32, u32)]>,
    lb: u32,
    n: u32,
}

#[derive(Debug, Clone, Default)]
struct Pattern {
    /// Record every occurrence (word index), for NEAR.
    needs_positions: bool,
    /// Estimated frequency, used to choose the must groups (lower is rarer).
    cost: f64,
}

/// A phrase pattern over the stem section, filed under its first stem.
#[derive(Debug, Clone)]
struct PhraseEntry {
    pat: u32,
    /// [`word_hash`] of the second stem: a slot's phrases are sorted by it, so a claim word
    /// reaches only those whose second stem is the next word's, without reading `rest` (a
    /// pointer away) for the others.
    second: u64,
    /// The stems that must follow the first.
    rest: Box<[Box<str>]>,
}

/// The hash a phrase's second stem is filed under.
fn word_hash(w: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(w);
    h.finish()
}

/// The patterns that begin with one stem: the one-word pattern of that stem (at most one:
/// keys are interned) and the phrases, `Engine::phrases[lo..hi]` (kept out of the slot, which
/// stays small so more of the table stays in cache).
#[derive(Debug, Clone, Copy)]
struct StemSlot {
    /// [`NO_PATTERN`] when no pattern is the stem alone.
    word: u32,
    lo: u32,
    hi: u32,
}

const NO_PATTERN: u32 = u32::MAX;

/// The flag bit of [`Engine::anchor_range`]'s second half.
const POSITIONS: u32 = 1 << 31;

/// Keys of the indexes, compared as bytes: held inline when short (nearly always), behind a
/// pointer otherwise.
#[derive(Debug, Clone)]
struct Index<V> {
    short: FxHashMap<ShortWord, V>,
    long: FxHashMap<Box<[u8]>, V>,
}

impl<V> Default for Index<V> {
    fn default() -> Self {
        Index {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

impl<V> Index<V> {
    fn get(&self, key: &[u8]) -> Option<&V> {
        if key.len() <= ShortWord::MAX {
            self.short.get(key)
        } else {
            self.long.get(key)
        }
    }

    fn entry_or(&mut self, key: &str, v: impl FnOnce() -> V) -> &mut V {
        match ShortWord::new(key) {
            Some(k) => self.short.entry(k).or_insert_with(v),
            None => self.long.entry(Box::from(key.as_bytes())).or_insert_with(v),
        }
    }

    fn is_empty(&self) -> bool {
        self.short.is_empty() && self.long.is_empty()
    }
}

/// The prefixes (` p` keys): a word holds those of its beginnings whose byte length is one a
/// prefix has, so a word costs one probe per such length up to its own.
#[derive(Debug, Clone, Default)]
struct Prefixes {
    index: Index<u32>,
    /// The byte lengths prefixes have, ascending, each once.
    lengths: Vec<usize>,
}

impl Prefixes {
    fn add(&mut self, prefix: &str, pat: u32) {
        *self.index.entry_or(prefix, || pat) = pat;
        if let Err(at) = self.lengths.binary_search(&prefix.len()) {
            self.lengths.insert(at, prefix.len());
        }
    }

    /// Every prefix pattern `word` begins with.
    fn each(&self, word: &str, mut f: impl FnMut(u32)) {
        let bytes = word.as_bytes();
        // A cut inside a character is never a key: keys are whole strings.
        for &n in self.lengths.iter().take_while(|&&n| n <= bytes.len()) {
            if let Some(&p) = self.index.get(&bytes[..n]) {
                f(p);
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Engine {
    prefixes: Prefixes,
    /// Words and phrases by their first stem: one lookup per word of the claim.
    stems: Index<StemSlot>,
    phrases: Vec<PhraseEntry>,
    /// Field items (`\u{1}k:value`, without the closing separator) to their pattern.
    fields: FxHashMap<Box<str>, u32>,
    /// Per pattern: `anchors[lo..hi & !POSITIONS]` are the (topic, group bit) it takes part
    /// in; `hi & POSITIONS` says its every occurrence is recorded (for NEAR). One slot, so that
    /// marking a pattern reads one cache line for both.
    anchor_range: Vec<(u32, u32)>,
    anchors: Vec<(u32, u32)>,
    /// Per topic: the mask with one bit per must group.
    full_mask: Vec<u32>,
    /// Topics evaluated for every claim.
    always: Vec<u32>,
    roots: Vec<Node>,
    /// The infixes, searched unanchored over the words; `infix_ids[i]` is the pattern id of
    /// the automaton's pattern `i`.
    infix_ac: Option<AhoCorasick>,
    infix_ids: Vec<u32>,
}

/// Per-thread state reused across claims.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub prepared: Prepared,
    gen: u32,
    pat_gen: Vec<u32>,
    topic_gen: Vec<u32>,
    topic_mask: Vec<u32>,
    touched: Vec<u32>,
    /// (pattern, first word) of every occurrence of patterns used by NEAR.
    positions: Vec<(u32, u32)>,
    /// (pattern, word) of the infixes found in the claim.
    infix_hits: Vec<(u32, u32)>,
}

#[derive(Default)]
struct Registry {
    ids: HashMap<String, u32>,
    keys: Vec<String>,
    patterns: Vec<Pattern>,
    /// (pattern id, infix) of every distinct infix.
    infixes: Vec<(u32, String)>,
}

impl Registry {
    fn intern(&mut self, key: String, cost: f64) -> u32 {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.ids.insert(key.clone(), id);
        self.keys.push(key);
        self.patterns.push(Pattern {
            needs_positions: false,
            cost,
        });
        id
    }

    fn text(&mut self, p: &TextPattern) -> Box<[(u32, u32)]> {
        // Rough frequency guesses: phrases are rare, long words rarer than short ones, short
        // prefixes common.
        let words: &[String] = match p {
            TextPattern::Prefix(w) => {
                let n = w.chars().count() as f64;
                return Box::new([(self.intern(format!(" {w}"), 12.0 / n.max(1.0)), u32::MAX)]);
            }
            TextPattern::Infix(w) => {
                // The key is filed in no table (it begins with `\u{4}`): the infix automaton
                // finds `w`.
                let n = w.chars().count() as f64;
                let id = self.intern(format!("\u{4}{w}"), 20.0 / n.max(1.0));
                if !self.infixes.iter().any(|&(p, _)| p == id) {
                    self.infixes.push((id, w.clone()));
                }
                return Box::new([(id, u32::MAX)]);
            }
            TextPattern::Word(w) => std::slice::from_ref(w),
            TextPattern::Phrase(ws) => ws,
        };
        let cost = match words {
            [w] => 4.0 / (w.chars().count() as f64).max(1.0),
            _ => 0.2,
        };
        // The stems of the words in each language, and the words themselves for texts without
        // a stemmer.
        let key = |stems: &mut dyn Iterator<Item = String>| {
            let mut k = String::from(STEM_SEP);
            for s in stems {
                k.push_str(&s);
                k.push(STEM_SEP);
            }
            k
        };
        let mut alts: Vec<(String, u32)> = vec![(key(&mut words.iter().cloned()), NO_STEMMER)];
        for lang in STEM_LANGS {
            let k = key(&mut words.iter().map(|w| stem(lang, w).into_owned()));
            match alts.iter_mut().find(|(x, _)| *x == k) {
                Some((_, mask)) => *mask |= lang.bit(),
                None => alts.push((k, lang.bit())),
            }
        }
        alts.into_iter()
            .map(|(k, mask)| (self.intern(k, cost), mask))
            .collect()
    }

    fn field(&mut self, kind: char, value: &str, cost: f64) -> u32 {
        let mut key = String::new();
        push_field(&mut key, kind, value);
        key.push(FIELD_SEP);
        self.intern(key, cost)
    }

    fn compile(&mut self, q: &Query) -> Node {
        match q {
            Query::And(ps) => Node::And(ps.iter().map(|p| self.compile(p)).collect()),
            Query::Or(ps) => Node::Or(ps.iter().map(|p| self.compile(p)).collect()),
            Query::Not(p) => Node::Not(Box::new(self.compile(p))),
            Query::Text(p) => Node::Text(self.text(p)),
            Query::Near {
                left,
                right,
                distance,
            } => {
                let a = self.text(left);
                let b = self.text(right);
                for &(p, _) in a.iter().chain(b.iter()) {
                    self.patterns[p as usize].needs_positions = true;
                }
                Node::Near {
                    a,
                    la: words(left),
                    b,
                    lb: words(right),
                    n: *distance,
                }
            }
            Query::NearEntity {
                entity,
                text,
                distance,
            } => {
                let FieldTerm::Entity { id, .. } = entity else {
                    unreachable!("the parser puts only entity terms beside NEAR");
                };
                let e = self.field('e', id, 6.0);
                let b = self.text(text);
                for &(p, _) in b.iter() {
                    self.patterns[p as usize].needs_positions = true;
                }
                Node::NearEntity(Box::new(NearEntityNode {
                    entity: entity.clone(),
                    e,
                    b,
                    lb: words(text),
                    n: *distance,
                }))
            }
            Query::Field(f) => match f {
                FieldTerm::Entity { id, .. } => Node::Pat(self.field('e', id, 6.0)),
                FieldTerm::In(id) => Node::Pat(self.field('c', id, 8.0)),
                FieldTerm::Lang(l) => Node::Pat(self.field('l', l, 40.0)),
                FieldTerm::Source(s) => Node::Pat(self.field('s', s, 20.0)),
                FieldTerm::Tag(t) => Node::Pat(self.field('t', t, 30.0)),
                FieldTerm::Speaker(p) => {
                    let needed = match p {
                        TextPattern::Word(w) => Some(w),
                        TextPattern::Phrase(ws) => ws.first(),
                        TextPattern::Prefix(_) | TextPattern::Infix(_) => None,
                    };
                    Node::Speaker(p.clone(), needed.map(|w| self.field('w', w, 7.0)))
                }
                FieldTerm::Hedged(h) => Node::Hedged(*h),
            },
        }
    }
}

fn words(p: &TextPattern) -> u32 {
    match p {
        TextPattern::Phrase(ws) => ws.len() as u32,
        _ => 1,
    }
}

/// A must group: patterns, one of which occurs whenever the query matches; and its cost.
type Group = (f64, Vec<u32>);

/// The must groups of a compiled query (`None`: nothing is required).
fn groups(n: &Node, patterns: &[Pattern]) -> Option<Vec<Group>> {
    match n {
        Node::Pat(p) => Some(vec![(patterns[*p as usize].cost, vec![*p])]),
        Node::Text(alts) => Some(vec![alt_group(alts, patterns)]),
        Node::Near { a, b, .. } => Some(vec![alt_group(a, patterns), alt_group(b, patterns)]),
        Node::NearEntity(ne) => Some(vec![
            (patterns[ne.e as usize].cost, vec![ne.e]),
            alt_group(&ne.b, patterns),
        ]),
        Node::And(parts) => {
            let mut all: Vec<Group> = parts
                .iter()
                .filter_map(|p| groups(p, patterns))
                .flatten()
                .collect();
            if all.is_empty() {
                return None;
            }
            all.sort_by(|x, y| x.0.total_cmp(&y.0));
            all.dedup_by(|x, y| x.1 == y.1);
            all.truncate(MAX_GROUPS);
            Some(all)
        }
        Node::Or(parts) => {
            let mut union = Vec::new();
            let mut cost = 0.0;
            for p in parts.iter() {
                let g = groups(p, patterns)?;
                let best = g.into_iter().next()?;
                cost += best.0;
                for id in best.1 {
                    if !union.contains(&id) {
                        union.push(id);
                    }
                }
            }
            Some(vec![(cost, union)])
        }
        Node::Speaker(_, Some(w)) => Some(vec![(patterns[*w as usize].cost, vec![*w])]),
        Node::Not(_) | Node::Speaker(_, None) | Node::Hedged(_) => None,
    }
}

/// One must group holding every alternative of a text pattern.
fn alt_group(alts: &[(u32, u32)], patterns: &[Pattern]) -> Group {
    let cost = alts
        .iter()
        .map(|&(p, _)| patterns[p as usize].cost)
        .fold(f64::INFINITY, f64::min);
    (cost, alts.iter().map(|&(p, _)| p).collect())
}

impl Engine {
    pub fn build(queries: &[&Query]) -> Engine {
        let mut reg = Registry::default();
        let roots: Vec<Node> = queries.iter().map(|q| reg.compile(q)).collect();
        let mut per_pattern: Vec<Vec<(u32, u32)>> = vec![Vec::new(); reg.keys.len()];
        let mut full_mask = vec![0u32; queries.len()];
        let mut always = Vec::new();
        for (t, root) in roots.iter().enumerate() {
            match groups(root, &reg.patterns) {
                Some(gs) if !gs.is_empty() => {
                    for (g, (_, pats)) in gs.iter().enumerate() {
                        let bit = 1u32 << g;
                        full_mask[t] |= bit;
                        for &p in pats {
                            per_pattern[p as usize].push((t as u32, bit));
                        }
                    }
                }
                _ => always.push(t as u32),
            }
        }
        let mut anchor_range = Vec::with_capacity(per_pattern.len());
        let mut anchors = Vec::new();
        for (list, pat) in per_pattern.into_iter().zip(&reg.patterns) {
            let lo = anchors.len() as u32;
            anchors.extend(list);
            let hi = anchors.len() as u32;
            assert!(hi < POSITIONS, "fewer than 2^31 anchors");
            anchor_range.push((lo, hi | if pat.needs_positions { POSITIONS } else { 0 }));
        }
        // Three indexes, one per section of the claim's buffer (see `Prepared`); every key
        // begins with the mark of its section.
        // - Words and phrases (`\u{3}s1\u{3}s2\u{3}`) are filed under their first stem: a
        //   claim costs one hash lookup per word, and a phrase's later stems are compared only
        //   when its first one occurs.
        // - Prefixes (` p`) are looked up by the word's beginnings of the lengths prefixes have.
        // - Field items (`\u{1}k:value\u{1}`) are looked up whole.
        // Lookups are keyed by claim text, but the tables' keys are the topics' own, so no
        // text can make a probe sequence long; short keys are held inline, so a probe reads
        // no memory beside the table.
        let mut stems: Index<(u32, Vec<PhraseEntry>)> = Index::default();
        let mut prefixes = Prefixes::default();
        let mut fields = FxHashMap::default();
        for (id, key) in reg.keys.iter().enumerate() {
            let id = id as u32;
            if let Some(body) = key.strip_prefix(STEM_SEP) {
                let mut parts = body.strip_suffix(STEM_SEP).unwrap_or(body).split(STEM_SEP);
                let first = parts.next().unwrap_or_default();
                let rest: Box<[Box<str>]> = parts.map(Box::from).collect();
                let slot = stems.entry_or(first, || (NO_PATTERN, Vec::new()));
                if rest.is_empty() {
                    slot.0 = id;
                } else {
                    let second = word_hash(rest[0].as_bytes());
                    slot.1.push(PhraseEntry {
                        pat: id,
                        second,
                        rest,
                    });
                }
            } else if key.starts_with(FIELD_SEP) {
                let item = key.strip_suffix(FIELD_SEP).unwrap_or(key);
                fields.insert(Box::from(item), id);
            } else if let Some(p) = key.strip_prefix(' ') {
                prefixes.add(p, id);
            }
            // Infixes (`\u{4}`) have their own automaton below.
        }
        let mut phrases = Vec::new();
        let mut slot = |(word, mut list): (u32, Vec<PhraseEntry>)| {
            list.sort_by_key(|e| e.second);
            let lo = phrases.len() as u32;
            phrases.extend(list);
            let hi = phrases.len() as u32;
            StemSlot { word, lo, hi }
        };
        let short = stems.short.into_iter().map(|(k, v)| (k, slot(v))).collect();
        let long = stems.long.into_iter().map(|(k, v)| (k, slot(v))).collect();
        let stems = Index { short, long };
        let infix_ac = (!reg.infixes.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(reg.infixes.iter().map(|(_, w)| w))
                .expect("infixes are short and few enough")
        });
        Engine {
            prefixes,
            stems,
            phrases,
            fields,
            anchor_range,
            anchors,
            full_mask,
            always,
            roots,
            infix_ac,
            infix_ids: reg.infixes.iter().map(|&(p, _)| p).collect(),
        }
    }

    /// Number of distinct patterns in the pre-filter tables.
    pub fn pattern_count(&self) -> usize {
        self.anchor_range.len()
    }

    /// Number of topics evaluated for every claim.
    pub fn always_count(&self) -> usize {
        self.always.len()
    }

    /// Indices of the topics whose query holds for the prepared claim in `s.prepared`, in
    /// increasing order, appended to `out`.
    pub fn run(&self, s: &mut Scratch, out: &mut Vec<u32>) {
        if s.pat_gen.len() != self.anchor_range.len() || s.topic_gen.len() != self.full_mask.len() {
            s.pat_gen = vec![0; self.anchor_range.len()];
            s.topic_gen = vec![0; self.full_mask.len()];
            s.topic_mask = vec![0; self.full_mask.len()];
            s.gen = 0;
        }
        if s.gen == u32::MAX {
            s.pat_gen.fill(0);
            s.topic_gen.fill(0);
            s.gen = 0;
        }
        s.gen += 1;
        let gen = s.gen;
        let Scratch {
            prepared,
            pat_gen,
            topic_gen,
            topic_mask,
            touched,
            positions,
            infix_hits,
            ..
        } = s;
        touched.clear();
        positions.clear();
        // Records that pattern `p` occurs at word `word`.
        let mut mark = |p: usize, word: usize| {
            let (lo, hi) = self.anchor_range[p];
            if hi & POSITIONS != 0 {
                positions.push((p as u32, word as u32));
            }
            if pat_gen[p] == gen {
                return;
            }
            pat_gen[p] = gen;
            let range = lo as usize..(hi & !POSITIONS) as usize;
            for &(t, bit) in &self.anchors[range] {
                let t = t as usize;
                if topic_gen[t] != gen {
                    topic_gen[t] = gen;
                    topic_mask[t] = bit;
                    touched.push(t as u32);
                } else {
                    topic_mask[t] |= bit;
                }
            }
        };
        let buf = prepared.buf.as_str();
        for (word, t) in prepared.toks.iter().enumerate() {
            self.prefixes.each(&buf[t.lo as usize..t.hi as usize], |p| {
                mark(p as usize, word)
            });
        }
        let stem = |i: usize| {
            prepared
                .stoks
                .get(i)
                .map(|t| &buf[t.lo as usize..t.hi as usize])
        };
        if !self.stems.is_empty() {
            for (word, t) in prepared.stoks.iter().enumerate() {
                let Some(slot) = self
                    .stems
                    .get(&buf.as_bytes()[t.lo as usize..t.hi as usize])
                else {
                    continue;
                };
                if slot.word != NO_PATTERN {
                    mark(slot.word as usize, word);
                }
                if slot.lo == slot.hi {
                    continue;
                }
                let Some(next) = stem(word + 1) else {
                    continue;
                };
                let second = word_hash(next.as_bytes());
                let list = &self.phrases[slot.lo as usize..slot.hi as usize];
                let from = list.partition_point(|e| e.second < second);
                for e in list[from..].iter().take_while(|e| e.second == second) {
                    let follows =
                        (e.rest.iter().enumerate()).all(|(k, r)| stem(word + 1 + k) == Some(&**r));
                    if follows {
                        mark(e.pat as usize, word);
                    }
                }
            }
        }
        if !self.fields.is_empty() {
            // Each item runs to the next one's separator (the last, to the closing one).
            let starts = &prepared.field_starts;
            let fields = prepared.toks.len();
            for (k, &at) in starts.iter().enumerate() {
                let end = starts.get(k + 1).map_or(buf.len() - 1, |&e| e as usize);
                if let Some(&p) = self.fields.get(&buf[at as usize..end]) {
                    mark(p as usize, fields);
                }
            }
        }
        if let Some(iac) = &self.infix_ac {
            // The word section: an infix (letters and digits only) found there lies inside one
            // word.
            let words_end = buf.find(STEM_SEP).unwrap_or(buf.len());
            infix_hits.clear();
            for m in iac.find_overlapping_iter(&buf[..words_end]) {
                let word = prepared
                    .toks
                    .partition_point(|t| t.lo as usize <= m.start())
                    .saturating_sub(1);
                infix_hits.push((self.infix_ids[m.pattern().as_usize()], word as u32));
            }
            for &(p, word) in infix_hits.iter() {
                mark(p as usize, word as usize);
            }
        }
        let start = out.len();
        for &t in &s.touched {
            if s.topic_mask[t as usize] == self.full_mask[t as usize]
                && self.eval(&self.roots[t as usize], s)
            {
                out.push(t);
            }
        }
        for &t in &self.always {
            if self.eval(&self.roots[t as usize], s) {
                out.push(t);
            }
        }
        out[start..].sort_unstable();
    }

    fn eval(&self, n: &Node, s: &Scratch) -> bool {
        match n {
            Node::And(ps) => ps.iter().all(|p| self.eval(p, s)),
            Node::Or(ps) => ps.iter().any(|p| self.eval(p, s)),
            Node::Not(p) => !self.eval(p, s),
            Node::Pat(p) => s.pat_gen[*p as usize] == s.gen,
            Node::Text(alts) => {
                let bit = s.prepared.lang_bit;
                alts.iter()
                    .any(|&(p, mask)| mask & bit != 0 && s.pat_gen[p as usize] == s.gen)
            }
            Node::Near { a, la, b, lb, n } => {
                let bit = s.prepared.lang_bit;
                let holds =
                    |alts: &[(u32, u32)], p: u32| alts.iter().any(|&(x, m)| x == p && m & bit != 0);
                // Each side's occurrences in word order; then a binary-searched window per
                // occurrence of the left side (O((|a| + |b|) log), not |a| · |b|).
                let side = |alts: &[(u32, u32)], len: u32| {
                    let mut v: Vec<(usize, usize)> = s
                        .positions
                        .iter()
                        .filter(|&&(p, _)| holds(alts, p))
                        .map(|&(_, i)| (i as usize, len as usize))
                        .collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                };
                let left = side(a, *la);
                if left.is_empty() {
                    return false;
                }
                let right = side(b, *lb);
                let right = Sorted::new(&right);
                left.iter().any(|x| right.first_near(*x, *n).is_some())
            }
            Node::NearEntity(ne) => {
                let NearEntityNode {
                    entity, b, lb, n, ..
                } = &**ne;
                let left = entity_occurrences(entity, &s.prepared);
                if left.is_empty() {
                    return false;
                }
                let bit = s.prepared.lang_bit;
                let mut right: Vec<(usize, usize)> = s
                    .positions
                    .iter()
                    .filter(|&&(p, _)| b.iter().any(|&(x, m)| x == p && m & bit != 0))
                    .map(|&(_, i)| (i as usize, *lb as usize))
                    .collect();
                right.sort_unstable();
                right.dedup();
                let right = Sorted::new(&right);
                left.iter().any(|x| right.first_near(*x, *n).is_some())
            }
            Node::Speaker(p, _) => {
                !occurrences(p, &s.prepared.speaker_buf, &s.prepared.speaker_toks).is_empty()
            }
            Node::Hedged(h) => s.prepared.hedged == *h,
        }
    }
}
