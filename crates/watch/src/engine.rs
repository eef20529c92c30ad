//! The fast matching path.
//!
//! Every distinct leaf of every topic (word, prefix, phrase, entity, language, source, tag)
//! becomes patterns of a single Aho-Corasick automaton over the claim's buffer (see
//! [`Prepared`]): ` p` for a prefix (over the lowercase words), `\u{1}e:id\u{1}` for an entity,
//! and so on. A word or phrase becomes one pattern per distinct stem it has across the stemming
//! languages, over the stem section (`\u{3}s\u{3}`, `\u{3}s1\u{3}s2\u{3}`), each with the mask of
//! the languages that give that stem: it holds when a pattern occurs whose mask has the text's
//! language. One pass over the buffer therefore tells which leaves hold, and where. Infixes
//! (`*part*`, found anywhere inside a word) are the exception: a second automaton, built only
//! when some topic has one, runs unanchored over the word section.
//!
//! Pre-filter: from each query we derive up to [`MAX_GROUPS`] *must groups*, each a set of
//! patterns of which at least one occurs in every claim the query matches (an AND contributes
//! the groups of its parts, an OR one group made of one group of each part, a NOT nothing). We
//! keep the groups estimated rarest. A topic is a candidate when every one of its groups has a
//! pattern in the claim; only candidates have their boolean tree evaluated, and the leaves are
//! then table lookups. Topics without any group (pure NOT, `hedged:`, `speaker:`) are evaluated
//! for every claim.

use std::collections::HashMap;

use aho_corasick::automaton::OverlappingState;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use claimwatch_text::{stem, STEM_LANGS};

use crate::eval::{
    entity_occurrences, occurrences, push_field, Prepared, Sorted, FIELD_SEP, NO_STEMMER, STEM_SEP,
};
use crate::query::{FieldTerm, Query, TextPattern};

/// Most must groups kept per topic.
pub(crate) const MAX_GROUPS: usize = 2;

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
    Speaker(TextPattern),
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

#[derive(Debug, Clone, Default)]
pub(crate) struct Engine {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// `anchors[anchor_start[p]..anchor_start[p + 1]]`: (topic, group bit) for pattern `p`.
    anchor_start: Vec<u32>,
    anchors: Vec<(u32, u64)>,
    /// Per topic: the mask with one bit per must group.
    full_mask: Vec<u64>,
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
    topic_mask: Vec<u64>,
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
                // The key never occurs in the buffer (no `\u{4}` there): the main automaton
                // ignores it, the infix automaton finds `w`.
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
                FieldTerm::Speaker(p) => Node::Speaker(p.clone()),
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
        Node::Not(_) | Node::Speaker(_) | Node::Hedged(_) => None,
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
        let mut per_pattern: Vec<Vec<(u32, u64)>> = vec![Vec::new(); reg.keys.len()];
        let mut full_mask = vec![0u64; queries.len()];
        let mut always = Vec::new();
        for (t, root) in roots.iter().enumerate() {
            match groups(root, &reg.patterns) {
                Some(gs) if !gs.is_empty() => {
                    for (g, (_, pats)) in gs.iter().enumerate() {
                        let bit = 1u64 << g;
                        full_mask[t] |= bit;
                        for &p in pats {
                            per_pattern[p as usize].push((t as u32, bit));
                        }
                    }
                }
                _ => always.push(t as u32),
            }
        }
        let mut anchor_start = Vec::with_capacity(per_pattern.len() + 1);
        let mut anchors = Vec::new();
        for list in per_pattern {
            anchor_start.push(anchors.len() as u32);
            anchors.extend(list);
        }
        anchor_start.push(anchors.len() as u32);
        // Every pattern begins at a word (its leading space) or at a field item, so the
        // automaton is searched anchored at those positions only: no failure transitions are
        // followed, and the walk stops as soon as no pattern continues. A contiguous NFA keeps
        // the automaton small enough to stay in cache, which matters more than the per-byte
        // cost of a DFA at tens of thousands of patterns.
        let ac = (!reg.keys.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .start_kind(StartKind::Anchored)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&reg.keys)
                .expect("patterns are short and few enough")
        });
        let infix_ac = (!reg.infixes.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(reg.infixes.iter().map(|(_, w)| w))
                .expect("infixes are short and few enough")
        });
        Engine {
            ac,
            patterns: reg.patterns,
            anchor_start,
            anchors,
            full_mask,
            always,
            roots,
            infix_ac,
            infix_ids: reg.infixes.iter().map(|&(p, _)| p).collect(),
        }
    }

    /// Number of distinct patterns in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Number of topics evaluated for every claim.
    pub fn always_count(&self) -> usize {
        self.always.len()
    }

    /// Indices of the topics whose query holds for the prepared claim in `s.prepared`, in
    /// increasing order, appended to `out`.
    pub fn run(&self, s: &mut Scratch, out: &mut Vec<u32>) {
        if s.pat_gen.len() != self.patterns.len() || s.topic_gen.len() != self.full_mask.len() {
            s.pat_gen = vec![0; self.patterns.len()];
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
            if self.patterns[p].needs_positions {
                positions.push((p as u32, word as u32));
            }
            if pat_gen[p] == gen {
                return;
            }
            pat_gen[p] = gen;
            let range = self.anchor_start[p] as usize..self.anchor_start[p + 1] as usize;
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
        if let Some(ac) = &self.ac {
            // Anchors: each word (at its leading space), each stem (at its leading separator),
            // each field item; words and stems carry their word index for NEAR.
            let fields = prepared.toks.len();
            let starts = (prepared.toks.iter().enumerate())
                .chain(prepared.stoks.iter().enumerate())
                .map(|(i, t)| (i, t.lo - 1))
                .chain(prepared.field_starts.iter().map(|&at| (fields, at)));
            for (word, at) in starts {
                let input = Input::new(buf).range(at as usize..).anchored(Anchored::Yes);
                let mut state = OverlappingState::start();
                loop {
                    ac.try_find_overlapping(input.clone(), &mut state)
                        .expect("anchored search on an anchored automaton");
                    let Some(m) = state.get_match() else { break };
                    // A state also reports the patterns that are suffixes of its path; those
                    // start later and are found when the search is anchored there.
                    if m.start() != at as usize {
                        continue;
                    }
                    mark(m.pattern().as_usize(), word);
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
            Node::Speaker(p) => {
                !occurrences(p, &s.prepared.speaker_buf, &s.prepared.speaker_toks).is_empty()
            }
            Node::Hedged(h) => s.prepared.hedged == *h,
        }
    }
}
