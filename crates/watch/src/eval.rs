//! A claim prepared for matching, the reference (naive) evaluation of a query over it, and the
//! evidence (matched terms with byte offsets) reported for a match.

use std::collections::HashSet;
use std::ops::Range;

use claimwatch_text::{stem, Lang};
use rustc_hash::FxHashMap;

use crate::query::{FieldTerm, Query, TextPattern};
use crate::text::{norm_field, norm_field_into, tokenize_into, ShortWord, Tok};
use crate::ClaimView;

/// Separates the words of the stem section of the buffer (see [`Prepared`]).
pub(crate) const STEM_SEP: char = '\u{3}';
/// The language-mask bit of a text whose language has no stemmer (or is unknown): its stem
/// section holds the lowercase words themselves.
pub(crate) const NO_STEMMER: u32 = 1 << 31;

/// Separates the items of the field section of the buffer (see [`Prepared`]).
pub(crate) const FIELD_SEP: char = '\u{1}';
/// Stands for a space inside a field value in the buffer, so text patterns (which begin with a
/// space) can never occur in the field section.
pub(crate) const FIELD_SPACE: char = '\u{2}';

/// Append one field item (`\u{1}k:value`) to `buf`.
pub(crate) fn push_field(buf: &mut String, kind: char, value: &str) {
    buf.push(FIELD_SEP);
    buf.push(kind);
    buf.push(':');
    buf.extend(
        value
            .chars()
            .map(|c| if c == ' ' { FIELD_SPACE } else { c }),
    );
}

/// A claim tokenized once and shared by both evaluation paths.
///
/// `buf` is ` w1 w2 … wn ` (the lowercase words), then the stem section `\u{3}s1\u{3}…\u{3}sn\u{3}`
/// (each word's stem in the text's language, or the word itself when the language has no
/// stemmer), then the field section
/// `\u{1}e:<entity>…\u{1}c:<country>…\u{1}l:<lang>\u{1}s:<source>\u{1}t:<tag>…\u{1}w:<speaker word>…\u{1}`, where every
/// value is normalised. Words and phrases of a query match stems (so inflected forms match);
/// prefixes match the lowercase words. The fast path looks up the sections of `buf` in its
/// tables; the naive path reads `toks`, `stoks` and the normalised fields.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    pub buf: String,
    /// Words of the claim text.
    pub toks: Vec<Tok>,
    /// The stem of each word of `toks` (same index), in the stem section of `buf`.
    pub stoks: Vec<Tok>,
    /// The stemmer of the text's language, if it has one.
    pub stem_lang: Option<Lang>,
    /// [`Lang::bit`] of `stem_lang`, or [`NO_STEMMER`].
    pub lang_bit: u32,
    /// Countries the statement is placed in (`in:`).
    pub countries: Vec<String>,
    word: String,
    pub speaker_buf: String,
    pub speaker_toks: Vec<Tok>,
    pub entities: Vec<String>,
    pub lang: Option<String>,
    pub source: String,
    pub hedged: bool,
    pub tags: Vec<String>,
    /// Where each item of the field section starts in `buf`.
    pub field_starts: Vec<u32>,
    /// The words of each entity mention whose span is known, for `entity:` beside `NEAR/n`:
    /// (normalised id, first word, word count), in text order.
    pub entity_words: Vec<(String, usize, usize)>,
    stems: StemCache,
}

/// Stems already computed, per language. Stemming is the largest single cost of preparing a
/// claim, and news text repeats its words (a few thousand distinct words make most of any
/// language's running text), so a bounded memo of recent words pays for its lookups. A full
/// language table is emptied and refilled: no eviction bookkeeping on the hot path, and memory
/// stays within [`STEM_CACHE_WORDS`] words per language and per scratch.
#[derive(Debug, Default)]
struct StemCache(Vec<FxHashMap<ShortWord, ShortWord>>);

/// Most words memoised per language in one [`StemCache`].
pub(crate) const STEM_CACHE_WORDS: usize = 1 << 13;

impl StemCache {
    /// Append the stem of `word` in `lang` to `out`.
    fn push_stem(&mut self, lang: Lang, word: &str, out: &mut String) {
        let i = lang as usize;
        if self.0.len() <= i {
            self.0.resize_with(i + 1, FxHashMap::default);
        }
        let table = &mut self.0[i];
        if let Some(s) = table.get(word.as_bytes()) {
            out.push_str(s.as_str());
            return;
        }
        let s = stem(lang, word);
        out.push_str(&s);
        // Words or stems too long to be held inline are rare, and stemmed each time.
        if let (Some(w), Some(s)) = (ShortWord::new(word), ShortWord::new(&s)) {
            if table.len() >= STEM_CACHE_WORDS {
                table.clear();
            }
            table.insert(w, s);
        }
    }
}

impl Prepared {
    /// Fill from `claim`, reusing the allocations.
    pub fn fill(&mut self, claim: &ClaimView<'_>) {
        self.buf.clear();
        self.toks.clear();
        tokenize_into(claim.text, &mut self.buf, &mut self.toks);
        self.stem_lang = claim.language.and_then(Lang::from_code);
        self.lang_bit = self.stem_lang.map_or(NO_STEMMER, Lang::bit);
        self.stoks.clear();
        self.buf.push(STEM_SEP);
        for t in &self.toks {
            self.word.clear();
            self.word.push_str(&self.buf[t.lo as usize..t.hi as usize]);
            let lo = self.buf.len() as u32;
            match self.stem_lang {
                Some(l) => self.stems.push_stem(l, &self.word, &mut self.buf),
                None => self.buf.push_str(&self.word),
            }
            self.stoks.push(Tok {
                lo,
                hi: self.buf.len() as u32,
                start: t.start,
                end: t.end,
            });
            self.buf.push(STEM_SEP);
        }
        self.speaker_buf.clear();
        self.speaker_toks.clear();
        if let Some(s) = claim.speaker {
            tokenize_into(s, &mut self.speaker_buf, &mut self.speaker_toks);
        }
        fill_norm(&mut self.entities, claim.entity_ids);
        // Reusing the slots' strings: this runs for every statement and unit matched.
        let mut n = 0;
        for m in claim.entity_spans {
            // The words inside the mention; none when a negation blanked them.
            let first = self.toks.partition_point(|t| t.end <= m.start);
            let last = self.toks.partition_point(|t| t.start < m.end);
            if last > first {
                match self.entity_words.get_mut(n) {
                    Some(slot) => {
                        norm_field_into(m.id, &mut slot.0);
                        (slot.1, slot.2) = (first, last - first);
                    }
                    None => self
                        .entity_words
                        .push((norm_field(m.id), first, last - first)),
                }
                n += 1;
            }
        }
        self.entity_words.truncate(n);
        if !self.entity_words.is_sorted_by_key(|&(_, first, _)| first) {
            self.entity_words.sort_by_key(|&(_, first, _)| first);
        }
        fill_norm(&mut self.countries, claim.countries);
        self.lang = claim.language.map(norm_field).filter(|l| !l.is_empty());
        norm_field_into(claim.source_id, &mut self.source);
        self.hedged = claim.hedged;
        fill_norm(&mut self.tags, claim.tags);
        self.field_starts.clear();
        let (buf, starts) = (&mut self.buf, &mut self.field_starts);
        let mut item = |kind: char, value: &str| {
            starts.push(buf.len() as u32);
            push_field(buf, kind, value);
        };
        for e in &self.entities {
            item('e', e);
        }
        for c in &self.countries {
            item('c', c);
        }
        if let Some(l) = &self.lang {
            item('l', l);
        }
        if !self.source.is_empty() {
            item('s', &self.source);
        }
        for t in &self.tags {
            item('t', t);
        }
        // The speaker's words, so `speaker:` terms can be must groups of the fast path.
        for t in &self.speaker_toks {
            item('w', &self.speaker_buf[t.lo as usize..t.hi as usize]);
        }
        self.buf.push(FIELD_SEP);
    }
}

/// Normalise `values` into `out`, reusing its strings.
fn fill_norm(out: &mut Vec<String>, values: &[&str]) {
    out.truncate(values.len());
    for (i, v) in values.iter().enumerate() {
        match out.get_mut(i) {
            Some(s) => norm_field_into(v, s),
            None => out.push(norm_field(v)),
        }
    }
}

/// Where `pat` occurs among `toks` (words read from `buf`): (first word index, word count).
pub(crate) fn occurrences(pat: &TextPattern, buf: &str, toks: &[Tok]) -> Vec<(usize, usize)> {
    let w = |i: usize| &buf[toks[i].lo as usize..toks[i].hi as usize];
    match pat {
        TextPattern::Word(x) => (0..toks.len())
            .filter(|&i| w(i) == x)
            .map(|i| (i, 1))
            .collect(),
        TextPattern::Prefix(p) => (0..toks.len())
            .filter(|&i| w(i).starts_with(p.as_str()))
            .map(|i| (i, 1))
            .collect(),
        TextPattern::Infix(p) => (0..toks.len())
            .filter(|&i| w(i).contains(p.as_str()))
            .map(|i| (i, 1))
            .collect(),
        TextPattern::Phrase(ws) => {
            if ws.len() > toks.len() {
                return Vec::new();
            }
            (0..=toks.len() - ws.len())
                .filter(|&i| ws.iter().enumerate().all(|(k, x)| w(i + k) == x))
                .map(|i| (i, ws.len()))
                .collect()
        }
    }
}

/// The stem of a lowercase query word in the text's language (the word itself without one).
pub(crate) fn stem_of<'a>(word: &'a str, lang: Option<Lang>) -> std::borrow::Cow<'a, str> {
    match lang {
        Some(l) => stem(l, word),
        None => std::borrow::Cow::Borrowed(word),
    }
}

/// Where a text pattern of a query occurs in the claim text: words and phrases by the stems of
/// their words in the text's language, prefixes and infixes by the lowercase words.
pub(crate) fn text_occurrences(pat: &TextPattern, c: &Prepared) -> Vec<(usize, usize)> {
    let s = |i: usize| &c.buf[c.stoks[i].lo as usize..c.stoks[i].hi as usize];
    match pat {
        TextPattern::Prefix(_) | TextPattern::Infix(_) => occurrences(pat, &c.buf, &c.toks),
        TextPattern::Word(x) => {
            let x = stem_of(x, c.stem_lang);
            (0..c.stoks.len())
                .filter(|&i| s(i) == x)
                .map(|i| (i, 1))
                .collect()
        }
        TextPattern::Phrase(ws) => {
            if ws.len() > c.stoks.len() {
                return Vec::new();
            }
            let stems: Vec<_> = ws.iter().map(|w| stem_of(w, c.stem_lang)).collect();
            (0..=c.stoks.len() - ws.len())
                .filter(|&i| stems.iter().enumerate().all(|(k, x)| s(i + k) == x))
                .map(|i| (i, ws.len()))
                .collect()
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Calls of [`near`] on this thread: tests bound the work of NEAR with it.
    pub(crate) static NEAR_CALLS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Whether two occurrences (first word, word count) are within `n` words of each other: the
/// words of their combined extent that belong to neither are at most `n` (Lucene's unordered
/// span rule, so overlapping occurrences are near).
#[inline]
pub(crate) fn near(a: (usize, usize), b: (usize, usize), n: u32) -> bool {
    #[cfg(test)]
    NEAR_CALLS.with(|c| c.set(c.get() + 1));
    let lo = a.0.min(b.0) as i64;
    let hi = (a.0 + a.1).max(b.0 + b.1) as i64;
    hi - lo - a.1 as i64 - b.1 as i64 <= n as i64
}

/// Occurrences sorted by first word, with the longest one's word count: the side of a NEAR
/// that is searched by position.
pub(crate) struct Sorted<'a> {
    occ: &'a [(usize, usize)],
    max_len: usize,
}

impl<'a> Sorted<'a> {
    /// `occ` must be sorted by first word (occurrences are found left to right).
    pub(crate) fn new(occ: &'a [(usize, usize)]) -> Sorted<'a> {
        debug_assert!(occ.windows(2).all(|w| w[0].0 <= w[1].0));
        Sorted {
            occ,
            max_len: occ.iter().map(|o| o.1).max().unwrap_or(0),
        }
    }

    /// The first occurrence (in order) within `n` words of `x`. Every occurrence near `x`
    /// starts in `x.0 - max_len - n ..= x.0 + x.1 + n` (from the definition of [`near`]), so
    /// only that window is searched, found by binary search; the occurrences of one pattern
    /// all have the same length, so the window's first occurrence is near whenever any is.
    /// This keeps NEAR at O((|a| + |b|) log) per claim instead of O(|a| · |b|).
    pub(crate) fn first_near(&self, x: (usize, usize), n: u32) -> Option<(usize, usize)> {
        let lo = x.0.saturating_sub(self.max_len.saturating_add(n as usize));
        let hi = x.0.saturating_add(x.1).saturating_add(n as usize);
        let from = self.occ.partition_point(|y| y.0 < lo);
        let to = self.occ.partition_point(|y| y.0 <= hi);
        self.occ[from..to].iter().copied().find(|y| near(x, *y, n))
    }
}

/// The first pair of occurrences of `left` and `right` within `n` words (the first occurrence
/// of `left` that has a partner, with its first partner).
pub(crate) fn near_pair(
    left: &TextPattern,
    right: &TextPattern,
    n: u32,
    c: &Prepared,
) -> Option<((usize, usize), (usize, usize))> {
    let a = text_occurrences(left, c);
    if a.is_empty() {
        return None;
    }
    let b = text_occurrences(right, c);
    let b = Sorted::new(&b);
    a.iter().find_map(|x| b.first_near(*x, n).map(|y| (*x, y)))
}

/// Whether a field term holds for the claim.
pub(crate) fn field_holds(t: &FieldTerm, c: &Prepared) -> bool {
    match t {
        FieldTerm::Entity { id, .. } => c.entities.iter().any(|e| e == id),
        FieldTerm::In(id) => c.countries.iter().any(|e| e == id),
        FieldTerm::Speaker(p) => !occurrences(p, &c.speaker_buf, &c.speaker_toks).is_empty(),
        FieldTerm::Lang(l) => c.lang.as_deref() == Some(l.as_str()),
        FieldTerm::Source(s) => c.source == *s,
        FieldTerm::Hedged(h) => c.hedged == *h,
        FieldTerm::Tag(t) => c.tags.iter().any(|x| x == t),
    }
}

/// The reference evaluation: every leaf is checked by scanning the claim.
pub(crate) fn eval_naive(q: &Query, c: &Prepared) -> bool {
    match q {
        Query::And(parts) => parts.iter().all(|p| eval_naive(p, c)),
        Query::Or(parts) => parts.iter().any(|p| eval_naive(p, c)),
        Query::Not(q) => !eval_naive(q, c),
        Query::Text(p) => !text_occurrences(p, c).is_empty(),
        Query::Near {
            left,
            right,
            distance,
        } => near_pair(left, right, *distance, c).is_some(),
        Query::NearEntity { .. } => near_sides(q, c).is_some_and(|(a, b, distance)| {
            let b = Sorted::new(&b);
            a.iter().any(|x| b.first_near(*x, distance).is_some())
        }),
        Query::Field(t) => field_holds(t, c),
    }
}

/// A term that contributed to a match, with where it occurs in the claim text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedTerm {
    /// The term in canonical query syntax (`worker*`, `entity:russia`, `"labour migrants"`).
    pub term: String,
    /// Byte ranges in the claim text (empty for field terms, which have no position).
    pub spans: Vec<Range<usize>>,
}

fn span_of(c: &Prepared, (first, len): (usize, usize)) -> Range<usize> {
    c.toks[first].start as usize..c.toks[first + len - 1].end as usize
}

/// Collect the positive terms that hold in a query that matched: all parts of an AND, the
/// parts of an OR that hold, nothing under a NOT.
pub(crate) fn evidence(q: &Query, c: &Prepared, out: &mut Vec<MatchedTerm>) {
    let mut add = |term: String, spans: Vec<Range<usize>>| {
        if let Some(m) = out.iter_mut().find(|m| m.term == term) {
            // Linear, not |spans|²: a term can occur thousands of times in a hostile claim.
            let mut seen: HashSet<Range<usize>> = m.spans.iter().cloned().collect();
            for s in spans {
                if seen.insert(s.clone()) {
                    m.spans.push(s);
                }
            }
        } else {
            out.push(MatchedTerm { term, spans });
        }
    };
    match q {
        Query::And(parts) => parts.iter().for_each(|p| evidence(p, c, out)),
        Query::Or(parts) => parts
            .iter()
            .filter(|p| eval_naive(p, c))
            .for_each(|p| evidence(p, c, out)),
        Query::Not(_) => {}
        Query::Text(p) => {
            let spans = text_occurrences(p, c)
                .into_iter()
                .map(|o| span_of(c, o))
                .collect();
            add(p.to_string(), spans);
        }
        Query::Near { .. } | Query::NearEntity { .. } => {
            // Every occurrence of either side that has a partner on the other side, each once,
            // in text order.
            if let Some((a, b, distance)) = near_sides(q, c) {
                add(q.to_string(), near_spans(&a, &b, distance, c));
            }
        }
        Query::Field(t) => {
            if field_holds(t, c) {
                add(t.to_string(), Vec::new());
            }
        }
    }
}

/// The occurrences of the two sides of a `NEAR/n` (text or entity beside text), and `n`.
type NearSides = (Vec<(usize, usize)>, Vec<(usize, usize)>, u32);

fn near_sides(q: &Query, c: &Prepared) -> Option<NearSides> {
    match q {
        Query::Near {
            left,
            right,
            distance,
        } => Some((
            text_occurrences(left, c),
            text_occurrences(right, c),
            *distance,
        )),
        Query::NearEntity {
            entity,
            text,
            distance,
        } => Some((
            entity_occurrences(entity, c),
            text_occurrences(text, c),
            *distance,
        )),
        _ => None,
    }
}

/// The spans of every occurrence of either side that has a partner on the other side within
/// `distance` words, each once, in text order.
fn near_spans(
    a: &[(usize, usize)],
    b: &[(usize, usize)],
    distance: u32,
    c: &Prepared,
) -> Vec<Range<usize>> {
    let (sa, sb) = (Sorted::new(a), Sorted::new(b));
    let mut spans: Vec<Range<usize>> = a
        .iter()
        .filter(|x| sb.first_near(**x, distance).is_some())
        .chain(b.iter().filter(|y| sa.first_near(**y, distance).is_some()))
        .map(|o| span_of(c, *o))
        .collect();
    spans.sort_by_key(|s| (s.start, s.end));
    spans.dedup();
    spans
}

/// The words of the mentions of `entity` (a [`FieldTerm::Entity`]): (first word, word count),
/// in text order.
pub(crate) fn entity_occurrences(entity: &FieldTerm, c: &Prepared) -> Vec<(usize, usize)> {
    let FieldTerm::Entity { id, .. } = entity else {
        return Vec::new();
    };
    c.entity_words
        .iter()
        .filter(|(e, _, _)| e == id)
        .map(|&(_, first, len)| (first, len))
        .collect()
}
