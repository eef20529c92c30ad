//! A claim prepared for matching, the reference (naive) evaluation of a query over it, and the
//! evidence (matched terms with byte offsets) reported for a match.

use std::ops::Range;

use crate::query::{FieldTerm, Query, TextPattern};
use crate::text::{norm_field, norm_field_into, tokenize_into, Tok};
use crate::ClaimView;

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
/// `buf` is ` w1 w2 … wn ` (the lowercase words) followed by the field section
/// `\u{1}e:<entity>…\u{1}l:<lang>\u{1}s:<source>\u{1}t:<tag>…\u{1}`, where every value is
/// normalised. The fast path runs its automaton over `buf`; the naive path reads `toks` and the
/// normalised fields.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    pub buf: String,
    /// Words of the claim text.
    pub toks: Vec<Tok>,
    /// Length of the text part of `buf`.
    pub text_len: usize,
    pub speaker_buf: String,
    pub speaker_toks: Vec<Tok>,
    pub entities: Vec<String>,
    pub lang: Option<String>,
    pub source: String,
    pub hedged: bool,
    pub tags: Vec<String>,
    /// Where each item of the field section starts in `buf`.
    pub field_starts: Vec<u32>,
}

impl Prepared {
    /// Fill from `claim`, reusing the allocations.
    pub fn fill(&mut self, claim: &ClaimView<'_>) {
        self.buf.clear();
        self.toks.clear();
        tokenize_into(claim.text, &mut self.buf, &mut self.toks);
        self.text_len = self.buf.len();
        self.speaker_buf.clear();
        self.speaker_toks.clear();
        if let Some(s) = claim.speaker {
            tokenize_into(s, &mut self.speaker_buf, &mut self.speaker_toks);
        }
        fill_norm(&mut self.entities, claim.entity_ids);
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
        if let Some(l) = &self.lang {
            item('l', l);
        }
        if !self.source.is_empty() {
            item('s', &self.source);
        }
        for t in &self.tags {
            item('t', t);
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

/// Whether two occurrences (first word, word count) are within `n` words of each other: the
/// words of their combined extent that belong to neither are at most `n` (Lucene's unordered
/// span rule, so overlapping occurrences are near).
#[inline]
pub(crate) fn near(a: (usize, usize), b: (usize, usize), n: u32) -> bool {
    let lo = a.0.min(b.0) as i64;
    let hi = (a.0 + a.1).max(b.0 + b.1) as i64;
    hi - lo - a.1 as i64 - b.1 as i64 <= n as i64
}

/// The first pair of occurrences of `left` and `right` within `n` words.
pub(crate) fn near_pair(
    left: &TextPattern,
    right: &TextPattern,
    n: u32,
    buf: &str,
    toks: &[Tok],
) -> Option<((usize, usize), (usize, usize))> {
    let a = occurrences(left, buf, toks);
    if a.is_empty() {
        return None;
    }
    let b = occurrences(right, buf, toks);
    a.iter()
        .flat_map(|x| b.iter().map(move |y| (*x, *y)))
        .find(|(x, y)| near(*x, *y, n))
}

/// Whether a field term holds for the claim.
pub(crate) fn field_holds(t: &FieldTerm, c: &Prepared) -> bool {
    match t {
        FieldTerm::Entity { id, .. } => c.entities.iter().any(|e| e == id),
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
        Query::Text(p) => !occurrences(p, &c.buf, &c.toks).is_empty(),
        Query::Near {
            left,
            right,
            distance,
        } => near_pair(left, right, *distance, &c.buf, &c.toks).is_some(),
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
            for s in spans {
                if !m.spans.contains(&s) {
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
            let spans = occurrences(p, &c.buf, &c.toks)
                .into_iter()
                .map(|o| span_of(c, o))
                .collect();
            add(p.to_string(), spans);
        }
        Query::Near {
            left,
            right,
            distance,
        } => {
            let a = occurrences(left, &c.buf, &c.toks);
            let b = occurrences(right, &c.buf, &c.toks);
            let mut spans = Vec::new();
            for x in &a {
                for y in &b {
                    if near(*x, *y, *distance) {
                        for s in [span_of(c, *x), span_of(c, *y)] {
                            if !spans.contains(&s) {
                                spans.push(s);
                            }
                        }
                    }
                }
            }
            spans.sort_by_key(|s| (s.start, s.end));
            add(q.to_string(), spans);
        }
        Query::Field(t) => {
            if field_holds(t, c) {
                add(t.to_string(), Vec::new());
            }
        }
    }
}
