//! Attribution in Turkish.
//!
//! Turkish closes the sentence with the verb of saying and opens it with the speaker, most
//! often set off by a comma ("Dışişleri Bakanı Mehmet Aksoy, ... söyledi."); the lists are
//! `data/cues/tr.toml` and `data/pos/tr.toml`.
//!
//! * `final` verbs close their clause (before the full stop, a colon, or ", ancak ..."): the
//!   speaker is the clause's subject, the words before its first comma, after a participle
//!   clause that describes it ("AA muhabirine konuşan X", "Adının açıklanmasını istemeyen X")
//!   and before an adverbial one ("Kurum yaptığı açıklamada,"). With no comma, the first word
//!   and the words that continue its noun phrase (names, possessed heads: "Fabrika müdürü").
//!   Leading sentence adverbs ("Ancak", "Öte yandan"), time words and an "X'e göre" phrase are
//!   skipped. After a quotation, a verb followed by the rest of the sentence takes that as its
//!   speaker ("\"...\" dedi Tarım Bakanı.").
//! * Nominalised verbs ("dediğini", "söylediği") take the genitive subject of their clause
//!   ("Yılmaz'ın", "bakanın").
//! * "X'e göre": the phrase before "göre" back to the clause start, unless it compares or sets a
//!   manner ("geçen yıla göre", "bölgeye göre", "Plana göre").
//! * Passives take the agent before "tarafından", or the body a statement came from
//!   ("Valilikten yapılan açıklamada"); else nothing.
//! * "kaynaklara dayanarak" cites the phrase before the cue.
//!
//! A case suffix written after an apostrophe on the last word of a speaker is left out
//! ("Reuters'a" → "Reuters"); a suffix fused into a common noun stays.

use super::lexicon::{self, CueKind, Lang, Lexicon};
use super::{quote_mask, SentenceAttribution, SentenceLink};
use crate::words::Token;

/// Longest speaker phrase, in words.
const MAX_WORDS: usize = 8;
/// Longest phrase before "göre" or a citing cue, in words.
const MAX_PREP_WORDS: usize = 4;
/// Longest inverted speaker after its verb, in words.
const MAX_INVERTED_WORDS: usize = 6;

/// Endings of the object participle ("yaptığı açıklamada", "söylediğini"): a clause with one is
/// an adverbial or an object, not the subject.
const OBJECT_PARTICIPLE: &[&str] = &[
    "dığı", "diği", "duğu", "düğü", "tığı", "tiği", "tuğu", "tüğü",
];
/// Genitive endings (the subject of a nominalised clause).
const GENITIVE: &[&str] = &["ın", "in", "un", "ün"];
/// Ablative endings (a locative or ablative "-an/-en" is not a participle).
const ABLATIVE: &[&str] = &["dan", "den", "tan", "ten"];

struct Tr<'s, 't, 'a> {
    s: &'s str,
    toks: &'t [Token<'a>],
    quoted: Vec<bool>,
    lex: &'static Lexicon,
}

/// A cue found in the sentence.
struct Hit {
    start: usize,
    end: usize,
    kind: CueKind,
}

impl Tr<'_, '_, '_> {
    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_word())
    }

    fn lower(&self, i: usize) -> &str {
        self.toks[i].lower_str()
    }

    fn lowercase(&self, i: usize) -> bool {
        self.toks[i].text == self.toks[i].lower_str()
    }

    fn is_comma(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.text == ",") && !self.quoted[i]
    }

    /// A subject participle ("konuşan", "istemeyen", "gelen"): lowercase, in -an/-en, not an
    /// ablative and not a listed noun ("liman").
    fn subject_participle(&self, i: usize) -> bool {
        let w = self.lower(i);
        self.lowercase(i)
            && (w.ends_with("an") || w.ends_with("en"))
            && !ABLATIVE.iter().any(|e| w.ends_with(e))
            && w.chars().count() >= 5
            && !self.lex.words.non_verbs.has(w)
    }

    fn object_participle(&self, i: usize) -> bool {
        let w = self.lower(i);
        self.lowercase(i) && OBJECT_PARTICIPLE.iter().any(|e| w.contains(e))
    }

    fn genitive(&self, i: usize) -> bool {
        let w = self.lower(i);
        w.chars().count() >= 4
            && GENITIVE.iter().any(|e| w.ends_with(e))
            && !self.lex.words.prep.has(w)
            && !self.lex.words.conj.has(w)
    }

    /// Whether word `i` continues a noun phrase without a comma: a name, or a possessed head
    /// ("müdürü", "yetkilileri"), not an object participle, an adjective in -lı or a pronoun.
    fn continues_np(&self, i: usize) -> bool {
        let w = self.lower(i);
        if !self.lowercase(i) {
            return !w.contains('\'') && !w.contains('’');
        }
        let possessed = ["ı", "i", "u", "ü"].iter().any(|e| w.ends_with(e));
        possessed
            && !self.object_participle(i)
            && !["lı", "li", "lu", "lü"].iter().any(|e| w.ends_with(e))
            && !self.lex.words.pron.has(w)
            && !self.lex.words.time_words.has(w)
            && !self.lex.words.det.has(w)
    }

    /// Text of tokens `a..b` without a case suffix after an apostrophe on its last word.
    fn text(&self, a: usize, b: usize) -> Option<String> {
        let first = (a..b).find(|&j| self.is_word(j))?;
        let last = (a..b).rev().find(|&j| self.is_word(j))?;
        let t = &self.toks[last];
        let end = match t.text.find(['\'', '’']) {
            Some(k) if k > 0 => t.start + k,
            _ => t.end,
        };
        let text = self.s[self.toks[first].start..end].trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    /// The cues of the sentence, left to right, outside quotations.
    fn cues(&self) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = 0;
        'tokens: while i < self.toks.len() {
            if !self.is_word(i) || self.quoted[i] {
                i += 1;
                continue;
            }
            for cue in self.lex.cues_starting_with(self.lower(i)) {
                let fits = cue.words.iter().enumerate().skip(1).all(|(k, w)| {
                    self.is_word(i + k) && !self.quoted[i + k] && self.lower(i + k) == w
                });
                if fits {
                    hits.push(Hit {
                        start: i,
                        end: i + cue.words.len(),
                        kind: cue.kind,
                    });
                    i += cue.words.len();
                    continue 'tokens;
                }
            }
            i += 1;
        }
        hits
    }

    /// The cue as written, without the quotative "diye".
    fn cue_text(&self, h: &Hit) -> String {
        let mut words: Vec<&str> = self.toks[h.start..h.end].iter().map(|t| t.text).collect();
        if words.len() > 1 && self.lex.words.comp.has(&words[0].to_lowercase()) {
            words.remove(0);
        }
        words.join(" ")
    }

    /// Whether the clause of a verb ending at `end` ends there: the sentence ends, or a colon
    /// or a comma with a conjunction follows.
    fn closes_clause(&self, end: usize) -> bool {
        match self.toks.get(end) {
            None => true,
            Some(t) if matches!(t.text, "." | "!" | "?" | ":" | ";") => true,
            Some(t) if t.text == "," => {
                self.is_word(end + 1) && self.lex.words.conj.has(self.lower(end + 1))
            }
            Some(t) if !t.is_word() => (end..self.toks.len()).all(|j| !self.is_word(j)),
            _ => false,
        }
    }

    /// The first word of the subject of a clause starting at `from`, before `verb`: past
    /// sentence adverbs, conjunctions, time words and an "X'e göre" phrase.
    fn subject_start(&self, from: usize, verb: usize, hits: &[Hit]) -> usize {
        let w = &self.lex.words;
        let mut a = from;
        // "Ajansa göre ...": after the prepositional phrase.
        if let Some(g) = hits
            .iter()
            .find(|h| h.kind == CueKind::Postp && h.start >= from && h.start < verb)
        {
            if !(from..g.start).any(|j| self.is_comma(j)) {
                a = g.end;
            }
        }
        loop {
            while a < verb && !self.is_word(a) {
                a += 1;
            }
            if a >= verb {
                return a;
            }
            let words = (a..verb).map_while(|j| self.is_word(j).then(|| self.lower(j)));
            let n = w.adv.prefix_len(words);
            if n > 0 {
                a += n;
                continue;
            }
            let l = self.lower(a);
            if w.conj.has(l) || w.time_words.has(l) {
                a += 1;
                continue;
            }
            return a;
        }
    }

    /// The subject of a clause `from..verb` (see the module docs).
    fn subject(&self, from: usize, verb: usize, hits: &[Hit]) -> Option<(usize, usize)> {
        let mut a = self.subject_start(from, verb, hits);
        if a >= verb {
            return None;
        }
        if let Some(c) = (a..verb).find(|&j| self.is_comma(j)) {
            let mut b = c;
            // "AA muhabirine konuşan liman işçisi X": after the last participle.
            if let Some(p) = (a..b.saturating_sub(1))
                .rev()
                .find(|&j| self.is_word(j) && self.subject_participle(j))
            {
                a = p + 1;
            }
            // "Kurum yaptığı açıklamada,": before the object participle.
            if let Some(p) = (a..b).find(|&j| self.is_word(j) && self.object_participle(j)) {
                b = p;
            }
            let words = (a..b).filter(|&j| self.is_word(j)).count();
            return (words > 0 && words <= MAX_WORDS).then_some((a, b));
        }
        // No comma: the first word and the words that continue it.
        let mut b = a + 1;
        while b < verb && self.is_word(b) && b - a < MAX_WORDS && self.continues_np(b) {
            b += 1;
        }
        // "Ağaçlandırma çalışmalarının ...": a noun before a genitive is its modifier.
        if b < verb && self.is_word(b) && self.genitive(b) {
            return None;
        }
        if !self.is_word(a) || self.object_participle(a) || self.lex.words.pron.has(self.lower(a)) {
            return None;
        }
        Some((a, b))
    }

    /// The phrase before token `k` back to the clause start or a comma, at most
    /// [`MAX_PREP_WORDS`] words.
    fn phrase_before(&self, k: usize, floor: usize) -> Option<(usize, usize)> {
        let mut a = k;
        while a > floor && self.is_word(a - 1) && !self.quoted[a - 1] && k - a < MAX_PREP_WORDS {
            a -= 1;
        }
        (a < k).then_some((a, k))
    }
}

/// Links of one Turkish sentence.
pub(crate) fn attribution(s: &str, toks: &[Token<'_>]) -> SentenceAttribution {
    let cx = Tr {
        s,
        toks,
        quoted: quote_mask(toks),
        lex: lexicon::get(Lang::Tr),
    };
    let w = &cx.lex.words;
    let hits = cx.cues();
    let mut out = SentenceAttribution {
        first_cue: hits.first().map(|h| cx.cue_text(h)),
        ..SentenceAttribution::default()
    };
    let (mut preps, mut finals, mut inner) = (Vec::new(), Vec::new(), Vec::new());
    let link = |sp: String, h: &Hit, outer: bool| SentenceLink {
        speaker: sp,
        cue: cx.cue_text(h),
        outer,
    };
    // Where the current clause starts: after ", ancak" that closes the previous one.
    let mut clause = 0;
    for h in &hits {
        match h.kind {
            CueKind::Postp => {
                let floor = (clause..h.start)
                    .rev()
                    .find(|&j| !cx.is_word(j))
                    .map_or(clause, |j| j + 1);
                if let Some((a, b)) = cx.phrase_before(h.start, floor) {
                    let compares = (a..b).any(|j| {
                        let l = cx.lower(j);
                        w.time_words.has(l)
                            || w.manner_nouns.has(l)
                            || l.chars().next().is_some_and(|c| c.is_ascii_digit())
                    });
                    if !compares {
                        if let Some(sp) = cx.text(a, b) {
                            preps.push(link(sp, h, true));
                        }
                    }
                }
            }
            CueKind::Cite => {
                let floor = (clause..h.start)
                    .rev()
                    .find(|&j| !cx.is_word(j))
                    .map_or(clause, |j| j + 1);
                if let Some(sp) = cx
                    .phrase_before(h.start, floor)
                    .and_then(|(a, b)| cx.text(a, b))
                {
                    inner.push(link(sp, h, false));
                }
            }
            CueKind::Verb => {
                // The genitive subject of the nominalised clause.
                let floor = (clause..h.start)
                    .rev()
                    .find(|&j| cx.is_comma(j))
                    .map_or(clause, |j| j + 1);
                let g =
                    (floor..h.start).find(|&j| cx.is_word(j) && !cx.quoted[j] && cx.genitive(j));
                if let Some(g) = g {
                    let a = if g - floor < MAX_PREP_WORDS { floor } else { g };
                    if let Some(sp) = cx.text(a, g + 1) {
                        inner.push(link(sp, h, false));
                    }
                }
            }
            CueKind::Passive => {
                if let Some(sp) = passive_source(&cx, clause, h.start) {
                    finals.push(link(sp, h, false));
                }
            }
            _ => {
                if cx.closes_clause(h.end) {
                    if let Some((a, b)) = cx.subject(clause, h.start, &hits) {
                        if let Some(sp) = cx.text(a, b) {
                            finals.push(link(sp, h, false));
                        }
                    }
                } else if let Some(sp) = inverted(&cx, h) {
                    finals.push(link(sp, h, true));
                }
            }
        }
        if h.kind != CueKind::Postp && cx.closes_clause(h.end) {
            clause = h.end;
            while clause < toks.len() && (!cx.is_word(clause) || w.conj.has(cx.lower(clause))) {
                clause += 1;
            }
        }
    }
    out.links = preps.into_iter().chain(finals).chain(inner).collect();
    out
}

/// `"..." dedi Tarım Bakanı.`: after a quotation, the words from the verb to the end.
fn inverted(cx: &Tr<'_, '_, '_>, h: &Hit) -> Option<String> {
    let before = h.start.checked_sub(1)?;
    if cx.is_word(before) || !(0..before).any(|j| cx.quoted[j]) {
        return None;
    }
    let b = (h.end..cx.toks.len())
        .find(|&j| !cx.is_word(j))
        .unwrap_or(cx.toks.len());
    let rest_empty = (b..cx.toks.len()).all(|j| !cx.is_word(j));
    let n = b - h.end;
    (rest_empty && n > 0 && n <= MAX_INVERTED_WORDS)
        .then(|| cx.text(h.end, b))
        .flatten()
}

/// The source of a passive verb of saying at `verb`: the phrase before "tarafından", or the
/// ablative before "yapılan" ("Valilikten yapılan açıklamada").
fn passive_source(cx: &Tr<'_, '_, '_>, clause: usize, verb: usize) -> Option<String> {
    let by = (clause..verb).find(|&j| cx.is_word(j) && cx.lower(j) == "tarafından");
    if let Some(by) = by {
        let floor = (clause..by)
            .rev()
            .find(|&j| !cx.is_word(j))
            .map_or(clause, |j| j + 1);
        let (a, b) = cx.phrase_before(by, floor)?;
        return cx.text(a, b);
    }
    let made = (clause + 1..verb).find(|&j| cx.is_word(j) && cx.lower(j) == "yapılan")?;
    let from = made - 1;
    let l = cx.lower(from);
    let ablative = ABLATIVE.iter().any(|e| l.ends_with(e));
    if !cx.is_word(from) || !ablative {
        return None;
    }
    // Names written before it ("İçişleri Bakanlığından").
    let mut a = from;
    while a > clause && cx.is_word(a - 1) && !cx.lowercase(a - 1) && from - a < MAX_PREP_WORDS {
        a -= 1;
    }
    cx.text(a, made)
}
