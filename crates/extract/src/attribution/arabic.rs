//! Attribution in Arabic.
//!
//! Newswire Arabic opens the clause with the verb and names the speaker after it ("قال وزير
//! الخارجية أحمد السالمي إن ...", "وأعلنت وزارة الصحة أن ..."), less often before it ("الحكومة
//! أكدت أن"); "بحسب X", "وفقا لـX" put the source after a preposition, "نقلا عن X" cites one.
//! Words are compared in a normalised form (no short vowels, shadda or tatweel; أ إ آ as ا;
//! ى as ي) after a conjunction written on them (و, ف) is stripped; the lists are
//! `data/cues/ar.toml` and `data/pos/ar.toml`.
//!
//! * A verb of saying is a cue only when a content clause follows it (ان, بان, انه, "من ان",
//!   "الي ان"), or a colon, or when it ends the sentence after a quotation ("«...»، قال
//!   الوزير."): "أشار الشرطي بيده" is a gesture.
//! * Verb first: the speaker is the noun phrase after the verb, up to a complementizer, a
//!   preposition or time word ("يوم الثلاثاء", "في مؤتمر"), a relative pronoun, a non-cue verb
//!   ("طلب عدم الكشف"), an audience ("الصحفيين", "للعمال") or a delimiter. "رئيس X، فلان، قال"
//!   gives the name between the commas when the phrase before them opens with a title.
//! * Subject first: the words between the clause opener (a delimiter, a complementizer,
//!   "بينما", "لكن") and the verb.
//! * Passives ("تم تأكيد ... من قبل X", "نُفيت ... من قبل X"): the agent; without one, nothing.

use std::borrow::Cow;

use super::lexicon::{self, CueKind, Lang, Lexicon};
use super::{quote_mask, SentenceAttribution, SentenceLink};
use crate::words::Token;

/// Longest speaker phrase, in words.
const MAX_WORDS: usize = 8;
/// How far after a verb its content clause may start, in tokens.
const CLAUSE_REACH: usize = 24;
/// Prepositions that govern لـ written on their object ("وفقا لوزارة الصحة").
const LAM_PREPS: &[&str] = &["وفقا", "وفق", "طبقا"];
/// Participles "issued" that take their author after "عن" ("بيان صادر عن الرئاسة").
const ISSUED_BY: &[&str] = &["صادر", "الصادر", "صادرة", "الصادرة"];
/// Longest name between the commas of "رئيس X، فلان، قال".
const MAX_APPOSITION_WORDS: usize = 4;

/// Whether the sentence is Arabic: most of its letters in Arabic script, and not two of the
/// letters Persian and Urdu add to it (پ چ ژ گ ک ی ے ں ٹ ڈ ڑ ہ), whose words the Arabic lists
/// would misread ("به نقل از" is Persian "quoting", "آن" a demonstrative).
pub(crate) fn is_arabic(toks: &[Token<'_>]) -> bool {
    let (mut arabic, mut other, mut persian) = (0usize, 0usize, 0usize);
    for t in toks.iter().filter(|t| t.is_word()) {
        for c in t.text.chars() {
            if matches!(
                c,
                'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' | 'ے' | 'ں' | 'ٹ' | 'ڈ' | 'ڑ' | 'ہ'
            ) {
                persian += 1;
            } else if ('\u{0600}'..='\u{06FF}').contains(&c)
                || ('\u{0750}'..='\u{077F}').contains(&c)
            {
                arabic += 1;
            } else if c.is_alphabetic() {
                other += 1;
            }
        }
    }
    arabic > other && persian < 2
}

/// The normalised form of an Arabic word (see the module docs); borrowed when nothing changes.
fn normalise(w: &str) -> Cow<'_, str> {
    let changes = |c: char| {
        matches!(
            c,
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ى'
        )
    };
    if !w.chars().any(changes) {
        return Cow::Borrowed(w);
    }
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A sentence under analysis: its tokens, their normalised forms, and the lists.
struct Ar<'s, 't, 'a> {
    s: &'s str,
    toks: &'t [Token<'a>],
    /// Normalised words, all in one buffer: `norm[range[i].0..range[i].1]` (empty for
    /// punctuation).
    norm: String,
    range: Vec<(usize, usize)>,
    quoted: Vec<bool>,
    lex: &'static Lexicon,
}

impl Ar<'_, '_, '_> {
    fn word(&self, i: usize) -> &str {
        let (a, b) = self.range[i];
        &self.norm[a..b]
    }

    /// The word without a conjunction written on it (وقال → قال), and the bytes stripped.
    fn stem(&self, i: usize) -> (&str, usize) {
        let w = self.word(i);
        match w.strip_prefix('و').or_else(|| w.strip_prefix('ف')) {
            Some(rest) if rest.chars().nth(1).is_some() => (rest, w.len() - rest.len()),
            _ => (w, 0),
        }
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_word())
    }

    /// Whether token `i` is one of the words of a list, as written or without its conjunction.
    fn in_list(&self, i: usize, set: &lexicon::WordSet) -> bool {
        self.is_word(i) && (set.has(self.word(i)) || set.has(self.stem(i).0))
    }

    fn is_comp(&self, i: usize) -> bool {
        self.in_list(i, &self.lex.words.comp)
    }

    /// Whether token `i` ends a speaker phrase that has `len` words so far.
    fn stops_phrase(&self, i: usize, len: usize) -> bool {
        let w = &self.lex.words;
        if !self.is_word(i) || self.quoted[i] {
            return true;
        }
        let word = self.word(i);
        if self.is_comp(i)
            || w.prep.has(word)
            || w.time_words.has(word)
            || w.rel.has(word)
            || w.verbs.has(word)
            || self.cue_at(i).is_some()
        {
            return true;
        }
        // The audience: "الصحفيين", or with لـ written on it ("للعمال", "لوكالة").
        if len > 0 {
            if w.addressees.has(word) {
                return true;
            }
            // "للعمال" is ل with the article: the list holds the bare noun too.
            let bare = word
                .strip_prefix("لل")
                .or_else(|| word.strip_prefix('ل'))
                .filter(|r| r.chars().nth(1).is_some());
            if let Some(bare) = bare {
                let plain = bare.strip_prefix("ال").unwrap_or(bare);
                if w.addressees.has(bare) || w.addressees.has(plain) {
                    return true;
                }
            }
        }
        false
    }

    /// The cue starting at token `i`: its kind, its end, and the bytes of the conjunction
    /// written on its first word.
    fn cue_at(&self, i: usize) -> Option<(CueKind, usize, usize)> {
        if !self.is_word(i) {
            return None;
        }
        let (stem, stripped) = self.stem(i);
        for (first, skip) in [(self.word(i), 0), (stem, stripped)] {
            for cue in self.lex.cues_starting_with(first) {
                let fits = cue.words.iter().enumerate().skip(1).all(|(k, cw)| {
                    self.is_word(i + k) && !self.quoted[i + k] && self.word(i + k) == cw
                });
                if fits {
                    return Some((cue.kind, i + cue.words.len(), skip));
                }
            }
            if stripped == 0 {
                break;
            }
        }
        None
    }

    /// The noun phrase from token `from` (see the module docs), as tokens `from..b`.
    fn np_after(&self, from: usize) -> Option<usize> {
        let mut b = from;
        let mut words = 0;
        while b < self.toks.len() && words < MAX_WORDS {
            // A quoted name right after its noun: "صحيفة «الفجر الجديد»".
            if words > 0 && matches!(self.toks[b].text, "«" | "\"" | "“") {
                if let Some(close) = (b + 1..self.toks.len().min(b + 6))
                    .find(|&q| matches!(self.toks[q].text, "»" | "\"" | "”"))
                {
                    if (b + 1..close).all(|q| self.is_word(q)) && close > b + 1 {
                        words += close - b - 1;
                        b = close + 1;
                        continue;
                    }
                }
                break;
            }
            // "بيان صادر عن الرئاسة": "issued by" keeps its author inside the phrase.
            let issued_by = words > 0
                && self.word(b) == "عن"
                && self.is_word(b - 1)
                && ISSUED_BY.contains(&self.word(b - 1));
            if !issued_by && self.stops_phrase(b, words) {
                break;
            }
            words += 1;
            b += 1;
        }
        (words > 0).then_some(b)
    }

    /// Whether a content clause, a colon or a quotation follows the verb ending at `end`,
    /// before another verb of saying.
    fn clause_follows(&self, end: usize) -> bool {
        let stop = self.toks.len().min(end + CLAUSE_REACH);
        let mut j = end;
        while j < stop {
            let t = &self.toks[j];
            if !t.is_word() {
                if t.text == ":" {
                    return true;
                }
                j += 1;
                continue;
            }
            if self.quoted[j] {
                j += 1;
                continue;
            }
            if self.is_comp(j) {
                return true;
            }
            match self.cue_at(j) {
                Some((CueKind::Cite, e, _)) => j = e,
                Some(_) => return false,
                None => j += 1,
            }
        }
        false
    }

    /// Text of tokens `a..b`, the first word without `skip` leading bytes.
    fn text(&self, a: usize, b: usize, skip: usize) -> Option<String> {
        let first = (a..b).find(|&j| self.is_word(j))?;
        let last = (a..b)
            .rev()
            .find(|&j| self.toks[j].is_word() || self.toks[j].text == "»")?;
        let start = self.toks[first].start + if first == a { skip } else { 0 };
        let text = self.s[start..self.toks[last].end].trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    /// The original text of a cue's first word without its conjunction, then its other words.
    fn cue_text(&self, i: usize, end: usize, skip: usize) -> String {
        let mut out =
            self.s[self.toks[i].start + self.original_skip(i, skip)..self.toks[i].end].to_string();
        for t in &self.toks[i + 1..end] {
            out.push(' ');
            out.push_str(t.text);
        }
        out
    }

    /// Bytes of the original word `i` that hold the first `skip` bytes of its normalised form
    /// (the conjunction و or ف is one letter in both).
    fn original_skip(&self, i: usize, skip: usize) -> usize {
        if skip == 0 {
            return 0;
        }
        self.toks[i]
            .text
            .char_indices()
            .nth(1)
            .map_or(0, |(k, _)| k)
    }

    /// Whether token `i` opens its clause: the sentence start, a delimiter, a complementizer or
    /// a clause-opening conjunction before it, or a conjunction written on it.
    fn opens_clause(&self, i: usize, skip: usize) -> bool {
        if skip > 0 || i == 0 {
            return true;
        }
        let p = i - 1;
        !self.is_word(p) || self.is_comp(p) || self.lex.words.conj.has(self.word(p))
    }

    /// The start of the clause holding token `i` (after a delimiter, complementizer or
    /// clause-opening conjunction).
    fn clause_start(&self, i: usize) -> usize {
        let mut a = i;
        while a > 0 {
            let p = a - 1;
            if !self.is_word(p) || self.is_comp(p) || self.lex.words.conj.has(self.word(p)) {
                break;
            }
            a -= 1;
        }
        a
    }
}

/// Links of one Arabic sentence.
pub(crate) fn attribution(s: &str, toks: &[Token<'_>]) -> SentenceAttribution {
    let mut norm = String::with_capacity(s.len());
    let mut range = Vec::with_capacity(toks.len());
    for t in toks {
        let a = norm.len();
        if t.is_word() {
            norm.push_str(&normalise(t.text));
        }
        range.push((a, norm.len()));
    }
    let cx = Ar {
        s,
        toks,
        norm,
        range,
        quoted: quote_mask(toks),
        lex: lexicon::get(Lang::Ar),
    };
    let mut out = SentenceAttribution::default();
    // (speaker, cue, outer, cue position, speaker end, cited)
    let mut links: Vec<(String, String, bool, usize, usize, bool)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if cx.quoted[i] {
            i += 1;
            continue;
        }
        let Some((kind, end, skip)) = cx.cue_at(i) else {
            i += 1;
            continue;
        };
        let cue = cx.cue_text(i, end, skip);
        out.first_cue.get_or_insert_with(|| cue.clone());
        match kind {
            // "بحسب ما نقلته X": the verb after "ما" names the source.
            CueKind::Prep if cx.is_word(end) && cx.word(end) == "ما" => {}
            CueKind::Prep => {
                // "وفقا لوزارة الصحة": the preposition written on the source goes to the cue.
                let takes_lam =
                    LAM_PREPS.contains(&cx.word(i)) || LAM_PREPS.contains(&cx.stem(i).0);
                let (lam, cue) = match cx.is_word(end).then(|| cx.word(end)) {
                    Some(w) if takes_lam && w.starts_with("لل") && w.chars().count() > 3 => {
                        (2, format!("{cue} ل"))
                    }
                    Some(w) if takes_lam && w.starts_with('ل') && w.chars().count() > 2 => {
                        (1, format!("{cue} ل"))
                    }
                    _ => (0, cue),
                };
                if let Some(b) = cx.np_after(end) {
                    let first = if lam > 0 {
                        cx.word(end).chars().skip(lam).collect::<String>()
                    } else {
                        cx.word(end).to_string()
                    };
                    if !cx.lex.words.manner_nouns.has(&first) {
                        let skip = toks[end].text.char_indices().nth(lam).map_or(0, |(k, _)| k);
                        if let Some(sp) = cx.text(end, b, skip) {
                            links.push((sp, cue, true, i, b, false));
                        }
                    }
                }
            }
            CueKind::Cite => {
                if let Some(b) = cx.np_after(end) {
                    if let Some(sp) = cx.text(end, b, 0) {
                        links.push((sp, cue, false, i, b, true));
                    }
                }
            }
            CueKind::Passive => {
                let stop = toks.len().min(end + MAX_WORDS + 2);
                let agent = (end..stop).find_map(|j| {
                    let n = cx.lex.words.passive_agent.prefix_len(
                        (j..toks.len()).map_while(|k| cx.is_word(k).then(|| cx.word(k))),
                    );
                    (n > 0).then_some(j + n)
                });
                if let Some(a) = agent {
                    if let Some(sp) = cx.np_after(a).and_then(|b| cx.text(a, b, 0)) {
                        links.push((sp, cue, false, i, a, false));
                    }
                }
            }
            _ => {
                if let Some(link) = verb_link(&cx, i, end, skip) {
                    let (sp, b, cited) = link;
                    let trailing =
                        (b..toks.len()).all(|j| !cx.is_word(j)) && i > 0 && !cx.is_word(i - 1);
                    links.push((sp, cue.clone(), trailing, i, b, false));
                    if let Some((csp, ccue, cb)) = cited {
                        links.push((csp, ccue, false, i, cb, true));
                    }
                }
            }
        }
        i = end;
    }
    if links.is_empty() {
        if let Some(l) = headline(&cx) {
            links.push(l);
        }
    }
    // Outermost first: prepositional and trailing links, then the rest in text order; a cited
    // source right after the level it belongs to (already in place).
    let (outer, inner): (Vec<_>, Vec<_>) = links.into_iter().partition(|l| l.2 && !l.5);
    out.links = outer
        .into_iter()
        .chain(inner)
        .map(|(speaker, cue, outer, ..)| SentenceLink {
            speaker,
            cue,
            outer,
        })
        .collect();
    out
}

/// A cited source after the speaker of "نقلت وكالة X عن مسؤول قوله": the phrase after "عن", with
/// the quoted saying ("قوله") as its cue when it is there.
type Cited = (String, String, usize);

/// The speaker of a verb cue at `i..end`, the token after it, and a cited source.
fn verb_link(
    cx: &Ar<'_, '_, '_>,
    i: usize,
    end: usize,
    skip: usize,
) -> Option<(String, usize, Option<Cited>)> {
    let toks = cx.toks;
    let w = &cx.lex.words;
    // After a relative pronoun ("التي نقلت"), the verb's subject is the antecedent, stated
    // elsewhere.
    if i > 0 && cx.is_word(i - 1) && w.rel.has(cx.word(i - 1)) {
        return None;
    }
    if cx.opens_clause(i, skip) {
        let b = cx.np_after(end)?;
        // "«...»، قال الوزير." / "...، حسبما أفادت خدمة الإسعاف.": the speaker closes the
        // sentence after the claim.
        let at_end = (b..toks.len()).all(|j| !cx.is_word(j));
        let after_claim = i > 0
            && (!cx.is_word(i - 1) || w.conj.has(cx.word(i - 1)))
            && (0..i).filter(|&j| cx.is_word(j)).nth(2).is_some();
        if !(cx.clause_follows(end) || (at_end && after_claim)) {
            return None;
        }
        let mut a = end;
        let mut b = b;
        // "رئيس نقابة الصيادين، عمر الخطيب، إن": the name between the commas.
        if w.titles.has(cx.word(a)) && toks.get(b).is_some_and(|t| t.text == "،" || t.text == ",")
        {
            let c = b + 1;
            let mut d = c;
            while d < toks.len() && cx.is_word(d) && d - c < MAX_APPOSITION_WORDS + 1 {
                d += 1;
            }
            let closes = toks.get(d).is_some_and(|t| t.text == "،" || t.text == ",");
            if closes
                && d > c
                && d - c <= MAX_APPOSITION_WORDS
                && cx.is_comp(d + 1)
                && !w.titles.has(cx.word(c))
                && !cx.word(c).starts_with("ال")
            {
                a = c;
                b = d;
            }
        }
        let sp = cx.text(a, b, 0)?;
        // "نقلت وكالة X عن مسؤول قوله": the cited source after "عن" (only for the verb of
        // quoting: "ذكر X عن Y" is about Y).
        let quoting = cx.stem(i).0.starts_with("نقل") || cx.word(i).starts_with("نقل");
        let cited = (quoting && cx.is_word(b) && cx.word(b) == "عن")
            .then(|| {
                let cb = cx.np_after(b + 1)?;
                let say = (cb..toks.len().min(cb + 3))
                    .find(|&j| cx.is_word(j) && matches!(cx.word(j), "قوله" | "قولها" | "قولهم"));
                let cue = match say {
                    Some(j) => toks[j].text.to_string(),
                    None => format!("{} عن", cx.cue_text(i, end, skip)),
                };
                Some((cx.text(b + 1, cb, 0)?, cue, cb))
            })
            .flatten();
        return Some((sp, b, cited));
    }
    // Subject first: "الحكومة أكدت أن", "إن وزير الدفاع أكد لها أن".
    let a = cx.clause_start(i);
    let a = (a..i)
        .find(|&j| !w.conj.has(cx.word(j)) && !w.adv.has(cx.word(j)))
        .unwrap_or(i);
    if a == i || i - a > MAX_WORDS || !cx.clause_follows(end) {
        return None;
    }
    if (a..i).any(|j| cx.stops_phrase(j, 0)) {
        return None;
    }
    Some((cx.text(a, i, 0)?, i, None))
}

/// A headline "الوزير السالمي: لا زيادة في الضرائب": one to four words before a colon, the first
/// a title of office.
fn headline(cx: &Ar<'_, '_, '_>) -> Option<(String, String, bool, usize, usize, bool)> {
    let k = cx.toks.iter().take(5).position(|t| !t.is_word())?;
    if k < 2 || cx.toks[k].text != ":" || !cx.lex.words.titles.has(cx.word(0)) {
        return None;
    }
    let rest = cx.toks[k + 1..].iter().filter(|t| t.is_word()).count();
    if rest < 2 {
        return None;
    }
    Some((cx.text(0, k, 0)?, ":".to_string(), true, k, k, false))
}
