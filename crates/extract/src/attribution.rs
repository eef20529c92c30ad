//! Who says a sentence, and with which cue.
//!
//! The cues are data: `data/cues/{en,ru,uk,de,fr,ko}.toml` lists the verbs of saying,
//! reporting, believing and denying in their inflected forms, the prepositional cues
//! ("according to", "по данным", "laut", "selon"), the citing cues ("citing X", "ссылаясь на
//! X"), and the nominal ones ("in a statement", "a report by X"). The sentence's language picks
//! the lists (see [`tagger::detect`]).
//!
//! A **speaker is a noun phrase** — a name, a title with a name, an organisation, a pronoun, a
//! report or document — never a clause and never a span with a finite verb. Its boundaries come
//! from a lexicon-based part-of-speech tagger ([`tagger`], closed-class lists in
//! `data/pos/*.toml`), not from word windows:
//!
//! * **subject + verb**: "The official said that ...". From the verb, skip auxiliaries, adverbs
//!   and time phrases leftwards ("has repeatedly said", "on Friday said"), then take the words
//!   that can belong to a noun phrase (determiners, nouns, names, numbers, possessives, "of"/"for"
//!   between nouns). A verb, auxiliary, conjunction, subordinator, relative pronoun, other cue or
//!   clause delimiter ends it. Leading adverbs, subordinators and time phrases are dropped
//!   ("Instead, ...", "When one analyst asked").
//! * **relative clauses**: "employees who said" → the antecedent ("employees"); German
//!   verb-final clauses take the phrase after their opener ("wie das Ministerium mitteilte").
//! * **coordinated verbs**: "X bemoaned ... and said" → the subject of the clause (X), found
//!   from the start of the sentence; "Britain and Norway said" keeps both conjuncts.
//! * **inverted**: `"...," said the minister.`, "Об этом сообщил X", German V2 ("Am Montag sagte
//!   der Sprecher"): the noun phrase after the verb, which must end the clause and contain no
//!   verb (a content clause such as "said they do not support X" is not a speaker). Verbs whose
//!   object is the audience ("told a hearing") never take the phrase after them.
//! * **appositives**: "Senator A, Republican of Iowa, said" / "The head of X, Maria Olsen,
//!   said": the name-like segment wins over the description.
//! * **prepositional**: "according to X", "по данным X", "laut X": the phrase after the cue.
//! * **citing**: "X, citing Y, reported" and "according to X, which cited Y": Y is a level of
//!   its own, placed right after X's.
//! * **passive / impersonal**: "was denied by X", "Об этом говорится в докладе X".
//! * Cue words inside a quotation ("“I can't say ...,” the director told reporters") are not
//!   cues of the sentence; nouns such as "reports" after a determiner or "citing" are not verbs.
//!
//! Korean sentence-final verbs (밝혔다, 말했다) give a cue; the speaker is the sentence's first
//! word when it carries a topic/subject particle.
//!
//! Arabic and Turkish have rules of their own ([`arabic`]: the speaker after a verb that opens
//! its clause, "قال X إن"; [`turkish`]: the subject before a clause-final verb, "X, ...
//! söyledi.").
//!
//! # Chains
//!
//! [`sentence_attribution`] collects every cue of a sentence that has a speaker, and orders them
//! outermost first:
//!
//! 1. *trailing* verbs that wrap the whole sentence ("..., the Daily Ledger reports.", "..., said the
//!    minister."): the verb ends the sentence, or only its inverted speaker follows it;
//! 2. prepositional cues ("according to X", "по данным X"), in text order;
//! 3. every other cue in text order: "The institute says that Solberg reported that the navy agreed" nests
//!    left to right; a cited source follows the level that cites it.
//!
//! A sentence whose subject is an anaphoric filler ("This is stated in ...", "Об этом сообщил
//! ...", "Про це повідомив ...") is flagged [`SentenceAttribution::anaphoric`]: it names the
//! source of what came before (see `claims` for how that is carried back).
//!
//! Pronouns and short names are resolved across sentences in `chain`, not here.

mod lexicon;
/// The hash map for short-word lookups (FNV-1a), shared with dates and hedges.
pub(crate) use lexicon::FastMap;
mod arabic;
mod cjk;
mod tagger;
mod turkish;

use lexicon::{CueKind, Lang, Lexicon};
use tagger::Pos;

use crate::words::{tokenize, Token, WordFilter};

/// Who asserts a sentence, and the cue that says so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    pub speaker: Option<String>,
    /// The cue in lowercase canonical form ("said", "according to", "по данным").
    pub cue: Option<String>,
}

/// Clause delimiters.
const DELIMS: &[char] = &[
    ',', ';', ':', '(', ')', '"', '«', '»', '“', '”', '„', '—', '–', '-', '[', ']',
];

/// Longest subject or speaker phrase, in words.
const MAX_SPEAKER_WORDS: usize = 12;
/// Longest inverted speaker phrase ("..., said X"), in words.
const MAX_INVERTED_WORDS: usize = 8;

/// Finds the speaker and cue of one sentence: its outermost attribution (see
/// [`sentence_attribution`]), else just the first cue.
pub fn find_attribution(sentence: &str) -> Attribution {
    let toks = tokenize(sentence);
    sentence_attribution(sentence, &toks).primary()
}

/// One (speaker, cue) level of a sentence, before cross-sentence resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SentenceLink {
    pub speaker: String,
    pub cue: String,
    /// A wrapper of the whole sentence (trailing verb or prepositional cue).
    pub outer: bool,
}

/// Everything the attribution heuristics found in one sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SentenceAttribution {
    /// Levels with a speaker, outermost first.
    pub links: Vec<SentenceLink>,
    /// The first cue of the sentence, with or without a speaker.
    pub first_cue: Option<String>,
    /// The sentence attributes something said before it ("This is stated in ...").
    pub anaphoric: bool,
}

impl SentenceAttribution {
    /// The outermost level, else the bare first cue.
    pub fn primary(&self) -> Attribution {
        match self.links.first() {
            Some(l) => Attribution {
                speaker: Some(l.speaker.clone()),
                cue: Some(l.cue.clone()),
            },
            None => Attribution {
                speaker: None,
                cue: self.first_cue.clone(),
            },
        }
    }
}

/// A cue found in the sentence: tokens `start..end`, and for a separable verb its particle.
#[derive(Debug, Clone)]
struct Hit {
    start: usize,
    end: usize,
    kind: CueKind,
    canon: String,
    particle: Option<usize>,
}

/// A speaker: tokens `a..b`, or (French "a-t-elle") a byte range of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    a: usize,
    b: usize,
    bytes: Option<(usize, usize)>,
}

impl Span {
    fn toks(a: usize, b: usize) -> Span {
        Span { a, b, bytes: None }
    }
}

struct RawLink {
    speaker: Span,
    text: String,
    cue: String,
    cue_at: usize,
    kind: CueKind,
    outer: bool,
}

/// A sentence under analysis.
struct Sent<'s, 't, 'a> {
    s: &'s str,
    toks: &'t [Token<'a>],
    tags: Vec<Pos>,
    lex: &'static Lexicon,
    lang: Lang,
    quoted: Vec<bool>,
    /// Tokens that belong to a cue.
    in_cue: Vec<bool>,
    /// Citing phrases not set off by commas ("Издание со ссылкой на X пишет"): (start, end).
    cite_regions: Vec<(usize, usize)>,
}

/// All attribution levels of one sentence.
pub(crate) fn sentence_attribution(s: &str, toks: &[Token<'_>]) -> SentenceAttribution {
    let mut out = SentenceAttribution::default();
    if toks.is_empty() {
        return out;
    }
    // Chinese and Japanese are read on their characters (see `cjk.rs`).
    if cjk::is_cjk(s) {
        if let Some((speaker, cue)) = cjk::attribution(s) {
            out.first_cue = Some(cue.clone());
            if let Some(speaker) = speaker {
                out.links.push(SentenceLink {
                    speaker,
                    cue,
                    outer: false,
                });
            }
        }
        return out;
    }
    // Arabic is read on its own rules (see `arabic.rs`): lead bytes 0xD8..=0xDB start the
    // letters of the Arabic block.
    if s.bytes().any(|b| (0xD8..=0xDB).contains(&b)) && arabic::is_arabic(toks) {
        return arabic::attribution(s, toks);
    }
    if !may_have_cue(toks) {
        // No cue: only a headline "Name: claim" may attribute, and only the words before its
        // colon need tags.
        if let Some(k) = headline_colon(toks) {
            let lang = tagger::detect(toks);
            let lex = lexicon::get(lang);
            let mut tags = tagger::tag(&toks[..k], lex);
            tags.resize(toks.len(), Pos::Punct);
            let cx = Sent {
                s,
                toks,
                tags,
                lex,
                lang,
                quoted: quote_mask(toks),
                in_cue: vec![false; toks.len()],
                cite_regions: Vec::new(),
            };
            let mut links = Vec::new();
            push_headline(&cx, &mut links);
            out.links = order(links);
            return out;
        }
        // "..., so das Statistikamt.": the only cue may be a closing word after the last comma.
        let closing = toks
            .iter()
            .rposition(|t| t.text == ",")
            .and_then(|c| toks.get(c + 1))
            .is_some_and(|t| t.is_word() && lexicon::closing_prep_in_any_language(t.lower_str()));
        if !closing {
            return out;
        }
    }
    let lang = tagger::detect(toks);
    if lang == Lang::Tr {
        return turkish::attribution(s, toks);
    }
    let lex = lexicon::get(lang);
    let mut cx = Sent {
        s,
        toks,
        tags: tagger::tag(toks, lex),
        lex,
        lang,
        quoted: quote_mask(toks),
        in_cue: vec![false; toks.len()],
        cite_regions: Vec::new(),
    };
    unmask_inserts(&mut cx);
    let hits = find_cues(&mut cx);
    out.first_cue = hits.first().map(|h| h.canon.clone());

    let mut links: Vec<RawLink> = Vec::new();
    // Cited sources first: their phrases are skipped when looking for other subjects.
    for h in hits.iter().filter(|h| h.kind == CueKind::Cite) {
        if let Some(sp) = cite_source(&cx, h) {
            if !cx.toks[..h.start].last().is_some_and(is_delim) && sp.b > h.end {
                cx.cite_regions.push((h.start, sp.b));
            }
            push_link(&cx, &mut links, sp, h, false);
        }
    }
    for h in &hits {
        match h.kind {
            CueKind::Cite | CueKind::Statement | CueKind::Passive => {}
            CueKind::Prep => {
                if let Some(sp) = np_after(&cx, h.end, MAX_SPEAKER_WORDS, false) {
                    if !manner_phrase(&cx, sp) {
                        push_link(&cx, &mut links, sp, h, true);
                    }
                }
            }
            CueKind::Postp if cx.lang == Lang::Ko => {
                if let Some(sp) = korean_according_to(toks, h.start) {
                    links.push(RawLink {
                        speaker: Span::toks(0, h.start),
                        text: sp,
                        cue: h.canon.clone(),
                        cue_at: h.start,
                        kind: h.kind,
                        outer: true,
                    });
                }
            }
            CueKind::Postp => {
                let start = clause_start(&cx, h.start);
                let j = walk_left(&cx, h.start, start);
                if let Some(sp) = trim_subject(&cx, j, h.start) {
                    push_link(&cx, &mut links, sp, h, true);
                }
            }
            CueKind::Final => {
                if let Some(sp) = topic_speaker(toks) {
                    links.push(RawLink {
                        speaker: Span::toks(0, 1),
                        text: sp,
                        cue: h.canon.clone(),
                        cue_at: h.start,
                        kind: h.kind,
                        outer: false,
                    });
                }
            }
            CueKind::Impersonal => {
                out.anaphoric |= anaphoric_subject(&cx, h.start);
                if let Some(sp) = impersonal_source(&cx, h) {
                    push_link(&cx, &mut links, sp, h, false);
                }
            }
            CueKind::Verb | CueKind::ClauseVerb | CueKind::Tell | CueKind::Separable => {
                if let Some(be) = passive_be(&cx, h) {
                    out.anaphoric |= anaphoric_subject(&cx, be);
                    if let Some(sp) = passive_agent(&cx, h.end) {
                        let sp = closing_apposition(&cx, sp);
                        push_link(&cx, &mut links, sp, h, false);
                    }
                } else if let Some(sp) = verb_speaker(&cx, h) {
                    out.anaphoric |= anaphoric_subject(&cx, h.start);
                    let outer = is_trailing(&cx, h, sp);
                    push_link(&cx, &mut links, sp, h, outer);
                }
            }
        }
    }
    // "..., so das Statistikamt.": a closing phrase after a comma.
    if let Some((h, sp)) = closing_prep_link(&cx) {
        push_link(&cx, &mut links, sp, &h, true);
    }
    // "Mayor Ostrova: the bridge will reopen": a headline's speaker before its colon.
    if hits.is_empty() && headline_colon(toks).is_some() {
        push_headline(&cx, &mut links);
    }
    // "In a statement, the ministry ...": the clause subject, when nothing else attributes.
    if links.is_empty() {
        if let Some(h) = hits.iter().find(|h| h.kind == CueKind::Statement) {
            if let Some(sp) = statement_subject(&cx, h) {
                push_link(&cx, &mut links, sp, h, false);
            }
        }
    }
    out.links = order(links);
    out
}

/// Most words before a headline colon that may name its speaker.
const MAX_HEADLINE_SPEAKER_WORDS: usize = 4;

/// The colon of a headline "Title Name: claim": after one to four words (no punctuation
/// between them) and followed by at least three words. The words before it are titles of
/// office (in any language) or capitalised, at least one a title, and the last a capitalised
/// name: checked here without tagging, and again by [`headline_speaker`] in the sentence's
/// language.
fn headline_colon(toks: &[Token<'_>]) -> Option<usize> {
    let k = toks
        .iter()
        .take(MAX_HEADLINE_SPEAKER_WORDS + 1)
        .position(|t| !t.is_word())?;
    if !(1..=MAX_HEADLINE_SPEAKER_WORDS).contains(&k)
        || toks[k].text != ":"
        || toks[k + 1..]
            .iter()
            .filter(|t| t.is_word())
            .nth(2)
            .is_none()
    {
        return None;
    }
    let is_title = |t: &Token<'_>| lexicon::title_in_any_language(t.lower_str());
    let last = &toks[k - 1];
    // Lowercase words only inside a title that opens the headline ("Начальник порта Лунд").
    let opens_with_title = is_title(&toks[0]);
    let ok = toks[..k]
        .iter()
        .all(|t| is_title(t) || t.is_capitalized() || opens_with_title)
        && toks[..k].iter().any(is_title)
        && !is_title(last)
        && last.is_capitalized()
        && last.text.chars().any(char::is_lowercase);
    ok.then_some(k)
}

/// The speaker of a headline "Title Name: claim": the words before the colon, when they are
/// all content words (no determiner, pronoun, verb or number) with a title of office and a
/// capitalised name beside it. Labels ("Note:", "Summary:", "Ticket details:") and bare names
/// (as often a team or a topic as a speaker) are not taken.
fn headline_speaker(cx: &Sent<'_, '_, '_>) -> Option<Span> {
    let k = headline_colon(cx.toks)?;
    let titles = &cx.lex.words.titles;
    let toks = &cx.toks[..k];
    let is_title = |t: &Token<'_>| titles.has(t.lower_str());
    // Every word a title or capitalised, a title among them, and a name (capitalised, not all
    // capitals) last: "Mayor Ostrova", "Defence chief Hallam"; not labels that end in a title
    // ("Customer-satisfaction leader") or hold lowercase words ("Learn how ...").
    let opens_with_title = is_title(&toks[0]);
    let plain = (0..k).all(|j| {
        cx.tags[j] == Pos::Word
            && !cx.quoted[j]
            && (is_title(&toks[j]) || toks[j].is_capitalized() || opens_with_title)
    });
    let title = toks.iter().any(is_title);
    let last = &toks[k - 1];
    let name =
        !is_title(last) && last.is_capitalized() && last.text.chars().any(char::is_lowercase);
    (plain && title && name).then(|| Span::toks(0, k))
}

/// The link of a headline "Name: claim", the colon as its cue.
fn push_headline(cx: &Sent<'_, '_, '_>, links: &mut Vec<RawLink>) {
    if let Some(sp) = headline_speaker(cx) {
        let h = Hit {
            start: sp.b,
            end: sp.b + 1,
            kind: CueKind::Verb,
            canon: ":".to_string(),
            particle: None,
        };
        push_link(cx, links, sp, &h, true);
    }
}

/// A narrator's insertion inside a quotation ("«We will rebuild it, — said the mayor, — but
/// ...»", "« ..., a dit le maire, mais ... »"): an inverted verb of saying right after a comma or
/// dash, with a short phrase up to the next comma, dash or full stop, is not part of the quotation.
fn unmask_inserts(cx: &mut Sent<'_, '_, '_>) {
    const MAX_INSERT_WORDS: usize = 7;
    let toks = cx.toks;
    let mut i = 1;
    while i < toks.len() {
        if !(cx.quoted[i] && toks[i].is_word() && is_delim(&toks[i - 1])) {
            i += 1;
            continue;
        }
        // The verb, after its auxiliary in French ("a dit").
        let v = if cx.lex.words.aux_in_cue && cx.tags[i] == Pos::Aux {
            i + 1
        } else {
            i
        };
        let is_verb = toks.get(v).is_some_and(|t| {
            t.is_word()
                && t.text == t.lower_str()
                && cx
                    .lex
                    .cues_starting_with(t.lower_str())
                    .any(|c| matches!(c.kind, CueKind::Verb | CueKind::ClauseVerb))
        });
        if !is_verb {
            i += 1;
            continue;
        }
        let mut j = v + 1;
        while j < toks.len() && toks[j].is_word() && j - v <= MAX_INSERT_WORDS {
            j += 1;
        }
        let closes =
            j < toks.len() && cx.quoted[j] && matches!(toks[j].text, "," | "—" | "–" | ".");
        // The quotation goes on after the insertion.
        let goes_on = (j + 1..toks.len()).any(|q| cx.quoted[q] && toks[q].is_word());
        if j > v + 1 && closes && goes_on {
            for m in &mut cx.quoted[i..j] {
                *m = false;
            }
        }
        i = j.max(i + 1);
    }
}

/// Whether a cue of some language may start at a word of the sentence: its words are there (a
/// separable verb's particle may come later). Without one, [`find_cues`] finds nothing in
/// whatever language, and the sentence is not tagged at all.
fn may_have_cue(toks: &[Token<'_>]) -> bool {
    static FIRST_WORDS: std::sync::LazyLock<WordFilter> = std::sync::LazyLock::new(|| {
        WordFilter::new(lexicon::cues_of_any_language().keys().map(String::as_str))
    });
    let cues = lexicon::cues_of_any_language();
    let first_words = &*FIRST_WORDS;
    toks.iter().enumerate().any(|(i, t)| {
        t.is_word()
            && first_words.may_contain(t.lower_str())
            && cues.get(t.lower_str()).is_some_and(|list| {
                list.iter().any(|cue| {
                    cue.kind == CueKind::Separable
                        || cue.words.iter().enumerate().all(|(k, w)| {
                            toks.get(i + k)
                                .is_some_and(|tok| tok.is_word() && tok.lower_str() == w)
                        })
                })
            })
    })
}

fn push_link(cx: &Sent<'_, '_, '_>, links: &mut Vec<RawLink>, sp: Span, h: &Hit, outer: bool) {
    let sp = document_author(cx, sp);
    // A speaker is a noun phrase: never a span with a finite verb or an auxiliary. (After
    // "according to" or "citing", an "-ed" word is a participle: "figures published on Monday".)
    let participles_ok = matches!(
        h.kind,
        CueKind::Prep | CueKind::Postp | CueKind::Cite | CueKind::Impersonal
    );
    let finite = |j: usize| match cx.tags[j] {
        Pos::Aux => true,
        Pos::Verb => !participles_ok || cx.lex.words.verbs.has(cx.toks[j].lower_str()),
        _ => false,
    };
    if sp.bytes.is_none() && (sp.a..sp.b).any(finite) {
        return;
    }
    let text = match sp.bytes {
        Some((a, b)) => Some(cx.s[a..b].to_string()),
        None => span_text(cx.s, &cx.toks[sp.a..sp.b]),
    };
    if let Some(text) = text {
        links.push(RawLink {
            speaker: sp,
            text,
            cue: h.canon.clone(),
            cue_at: h.start,
            kind: h.kind,
            outer,
        });
    }
}

/// Outermost first: trailing verbs (last first), prepositional cues, the rest in text order;
/// a cited source right after the level that cites it.
fn order(links: Vec<RawLink>) -> Vec<SentenceLink> {
    let (cites, rest): (Vec<RawLink>, Vec<RawLink>) =
        links.into_iter().partition(|l| l.kind == CueKind::Cite);
    let (mut trailing, mut preps, mut inner) = (Vec::new(), Vec::new(), Vec::new());
    for l in rest {
        if l.kind == CueKind::Prep || l.kind == CueKind::Postp {
            preps.push(l);
        } else if l.outer {
            trailing.push(l);
        } else {
            inner.push(l);
        }
    }
    trailing.reverse();
    let mut ordered: Vec<RawLink> = trailing.into_iter().chain(preps).chain(inner).collect();
    for c in cites {
        // The level whose speaker ends right before the citing phrase ("X, citing Y"; "according
        // to X, which cited Y"), else the first one stated after it ("Citing Y, X reported"),
        // else the last one.
        let before = ordered
            .iter()
            .enumerate()
            .filter(|(_, l)| l.speaker.b <= c.cue_at && c.cue_at - l.speaker.b <= 3)
            .max_by_key(|(_, l)| l.speaker.b)
            .map(|(k, _)| k);
        let after = || {
            ordered
                .iter()
                .enumerate()
                .filter(|(_, l)| l.cue_at > c.cue_at)
                .min_by_key(|(_, l)| l.cue_at)
                .map(|(k, _)| k)
        };
        let at = match before.or_else(after) {
            Some(k) => {
                let mut at = k + 1;
                while at < ordered.len() && ordered[at].kind == CueKind::Cite {
                    at += 1;
                }
                at
            }
            None => ordered.len(),
        };
        ordered.insert(at, c);
    }
    ordered
        .into_iter()
        .map(|l| SentenceLink {
            speaker: l.text,
            cue: l.cue,
            outer: l.outer || l.kind == CueKind::Prep || l.kind == CueKind::Postp,
        })
        .collect()
}

fn is_delim(t: &Token<'_>) -> bool {
    t.is_punct(DELIMS)
}

/// Tokens inside quotation marks. A closing mark with no opening one in the sentence closes a
/// quotation that began before the sentence; an opening one with no closing one runs to the end.
fn quote_mask(toks: &[Token<'_>]) -> Vec<bool> {
    let mut mask = vec![false; toks.len()];
    let mut open: Option<(char, usize)> = None;
    for (i, t) in toks.iter().enumerate() {
        if t.is_word() {
            continue;
        }
        let Some(c) = t.text.chars().next() else {
            continue;
        };
        let close = |from: usize, mask: &mut Vec<bool>| {
            for m in &mut mask[from..i] {
                *m = true;
            }
        };
        match (c, open) {
            ('“', Some(('„', from))) | ('”' | '»', Some((_, from))) | ('"', Some((_, from))) =>
            {
                close(from, &mut mask);
                open = None;
            }
            ('”' | '»', None) => {
                close(0, &mut mask);
            }
            ('„' | '«' | '“' | '"', _) => open = Some((c, i + 1)),
            _ => {}
        }
    }
    // A quotation still open at the end runs on into the next sentence.
    if let Some((_, from)) = open {
        for m in &mut mask[from..] {
            *m = true;
        }
    }
    mask
}

/// Every cue of the sentence, left to right, outside quotations.
fn find_cues(cx: &mut Sent<'_, '_, '_>) -> Vec<Hit> {
    let toks = cx.toks;
    let mut hits: Vec<Hit> = Vec::new();
    let mut i = 0;
    'tokens: while i < toks.len() {
        let t = &toks[i];
        if !t.is_word() || cx.quoted[i] {
            i += 1;
            continue;
        }
        for cue in cx.lex.cues_starting_with(t.lower_str()) {
            let verb_like = matches!(
                cue.kind,
                CueKind::Verb | CueKind::ClauseVerb | CueKind::Tell | CueKind::Separable
            );
            // Verbs only in lowercase: "Said" is more often a name than a verb.
            if verb_like && t.text != t.lower_str() {
                continue;
            }
            let (end, particle) = if cue.kind == CueKind::Separable {
                match particle_after(cx, i, &cue.words[1]) {
                    Some(p) => (i + 1, Some(p)),
                    None => continue,
                }
            } else {
                let fits = cue.words.iter().enumerate().all(|(k, w)| {
                    toks.get(i + k)
                        .is_some_and(|tok| tok.is_word() && tok.lower_str() == w)
                });
                if !fits {
                    continue;
                }
                (i + cue.words.len(), None)
            };
            if verb_like && !verb_reading(cx, &hits, i, end, cue.kind) {
                continue;
            }
            let mut canon = cue.words.join(" ");
            if verb_like && cx.lex.words.aux_in_cue && i > 0 && cx.tags[i - 1] == Pos::Aux {
                let aux = toks[i - 1].lower_str();
                if !aux.contains('-') {
                    canon = format!("{aux} {canon}");
                }
            }
            // An adjunct ("in a statement", "в заявлении") may hold the source itself.
            if cue.kind != CueKind::Statement {
                for m in &mut cx.in_cue[i..end] {
                    *m = true;
                }
            }
            if let Some(p) = particle {
                cx.in_cue[p] = true;
            }
            hits.push(Hit {
                start: i,
                end,
                kind: cue.kind,
                canon,
                particle,
            });
            i = end;
            continue 'tokens;
        }
        i += 1;
    }
    hits
}

/// The particle of a separable verb at `i`: the last word of the verb's clause.
fn particle_after(cx: &Sent<'_, '_, '_>, i: usize, particle: &str) -> Option<usize> {
    let toks = cx.toks;
    let mut j = i + 1;
    while j < toks.len() && toks[j].is_word() {
        if toks[j].lower_str() == particle && toks.get(j + 1).is_none_or(|n| !n.is_word()) {
            return Some(j);
        }
        if cx.tags[j] == Pos::Comp {
            return None;
        }
        j += 1;
    }
    None
}

/// Whether a verb form at `i..end` is used as a verb of the sentence (not a noun, not an
/// infinitive after "to", and for clause verbs, followed by a content clause).
fn verb_reading(cx: &Sent<'_, '_, '_>, hits: &[Hit], i: usize, end: usize, kind: CueKind) -> bool {
    let toks = cx.toks;
    let prev = i.checked_sub(1);
    if cx.lang == Lang::En {
        if let Some(p) = prev {
            let pt = &toks[p];
            // "the reports", "his remarks", "two claims", "in reports", "to say".
            if matches!(cx.tags[p], Pos::Det | Pos::Poss | Pos::Num | Pos::Prep) {
                return false;
            }
            if ["'s", "’s", "s'", "s’"]
                .iter()
                .any(|e| pt.text.ends_with(e))
            {
                return false;
            }
            // "citing reports", "according to claims".
            if hits.last().is_some_and(|h| {
                h.end == i && matches!(h.kind, CueKind::Cite | CueKind::Prep | CueKind::Statement)
            }) {
                return false;
            }
        }
        let next = toks.get(end);
        let form = toks[i].lower_str();
        // "a diplomat who asked not to be named": a request about the speaker, not a report
        // (but "says not to worry" reports advice).
        let words_after = |k: usize, w: &str| toks.get(end + k).is_some_and(|n| n.lower_str() == w);
        if words_after(0, "not") && words_after(1, "to") && words_after(2, "be") {
            return false;
        }
        // "end up revealing": a participle is a cue only after an auxiliary ("is saying") or
        // a comma (", adding that ...").
        if form.ends_with("ing")
            && prev.is_some_and(|p| cx.tags[p] != Pos::Aux && toks[p].text != ",")
        {
            return false;
        }
        if cx.lex.words.noun_forms.has(form) {
            if next.is_some_and(|n| n.lower_str() == "of") {
                return false;
            }
            // "the Gulf states instead" vs "The Daily Ledger reports that ...": after a
            // determiner, a noun form followed by a word is a verb only before a content
            // clause.
            let mut p = i;
            while p > 0 && cx.tags[p - 1] == Pos::Word {
                p -= 1;
            }
            // A possessive is a determiner too: "the farmers' claims for compensation".
            let det_before = p > 0
                && (matches!(cx.tags[p - 1], Pos::Det | Pos::Poss) || plural_possessive(cx, p - 1));
            if form.ends_with('s')
                && det_before
                && next.is_some_and(|n| n.is_word() && cx.tags[end] != Pos::Comp)
            {
                return false;
            }
            // "overwhelming demand", "decrease stress": a singular form is a verb only after a
            // pronoun, an auxiliary, an adverb or a plural subject.
            if !form.ends_with('s') {
                let subject_like = prev.is_some_and(|p| {
                    let w = toks[p].lower_str();
                    is_delim(&toks[p])
                        || matches!(cx.tags[p], Pos::Pron | Pos::Aux | Pos::Adv | Pos::Rel)
                        || (toks[p].is_word()
                            && (w.ends_with('s')
                                || toks[p].is_capitalized()
                                || cx.lex.words.plurals.has(w)))
                });
                if !subject_like {
                    return false;
                }
            }
        }
        // "Police reports suggest", "The claims made in ...": a plural noun before a verb.
        if toks[i].lower_str().ends_with('s')
            && next.is_some_and(|n| {
                n.is_word()
                    && (matches!(cx.tags[end], Pos::Aux | Pos::Verb)
                        || cx
                            .lex
                            .cues_starting_with(n.lower_str())
                            .any(|c| c.kind == CueKind::Verb))
            })
        {
            return false;
        }
    }
    if matches!(kind, CueKind::Verb | CueKind::ClauseVerb | CueKind::Tell)
        && other_particle(cx, i, end)
    {
        return false;
    }
    // "Autrement dit, ...", "Needless to say, ...": an adverb and a verb form before a comma
    // open the sentence as a fixed phrase.
    if i == 1 && cx.tags[0] == Pos::Adv && toks.get(end).is_some_and(|n| n.text == ",") {
        return false;
    }
    // French participles with agreement ("annoncée") are verbs only after an auxiliary ("a
    // été annoncée"), not as adjectives ("la guerre déclarée").
    if cx.lex.words.aux_in_cue
        && ["ée", "és", "ées"]
            .iter()
            .any(|e| toks[i].lower_str().ends_with(e))
        && prev.is_none_or(|p| {
            cx.tags[p] != Pos::Aux && !cx.lex.words.passive_aux.has(toks[p].lower_str())
        })
    {
        return false;
    }
    if kind == CueKind::ClauseVerb {
        // A clause verb that closes a trailing attribution ("..., the accountant recalled.",
        // "...,” she recalled in an email.") or opens an inverted one after a quotation or comma
        // ("..., recalled a farmer") reports the sentence around it; not a form that is also a
        // noun ("according to port records").
        if !cx.lex.words.v2
            && !cx.lex.words.noun_forms.has(toks[i].lower_str())
            && (trailing_clause_verb(cx, i, end) || prev.is_some_and(|p| after_quotation(toks, p)))
        {
            return true;
        }
        // "found that ...", "выяснили, что ...", "kritisierte, der Plan ...", or a passive with
        // its agent ("was criticised by X").
        if prev.is_some_and(|p| cx.lex.words.passive_aux.has(toks[p].lower_str())) {
            return true;
        }
        if cx.lex.words.v2
            && toks
                .get(end)
                .is_some_and(|n| n.text == "," || n.text == ":")
        {
            return true;
        }
        return (end..toks.len().min(end + 4))
            .take_while(|&j| toks[j].is_word() || toks[j].text == ",")
            .any(|j| cx.tags[j] == Pos::Comp);
    }
    true
}

/// Whether the verb at `i..end` carries a particle that makes it another verb: right after it
/// ("called off the match"), or, in verb-second languages, at the end of its clause ("sagte
/// das Spiel ab").
fn other_particle(cx: &Sent<'_, '_, '_>, i: usize, end: usize) -> bool {
    let parts = &cx.lex.words.other_particles;
    if parts.is_empty() {
        return false;
    }
    let toks = cx.toks;
    if !cx.lex.words.v2 {
        return toks
            .get(end)
            .is_some_and(|n| n.is_word() && parts.has(n.lower_str()));
    }
    let mut j = i + 1;
    while j < toks.len() && toks[j].is_word() {
        if cx.tags[j] == Pos::Comp {
            return false;
        }
        j += 1;
    }
    j > i + 1 && parts.has(toks[j - 1].lower_str())
}

/// A comma or a quotation mark.
fn after_quote_or_comma(t: &Token<'_>) -> bool {
    t.is_punct(&[',', '"', '”', '»', '“', '«', '„'])
}

/// A closing quotation mark.
fn quote_mark(t: &Token<'_>) -> bool {
    t.is_punct(&['"', '”', '»', '“'])
}

/// Whether token `p` closes a quotation, with or without a comma after it (`,"`, `",`).
fn after_quotation(toks: &[Token<'_>], p: usize) -> bool {
    quote_mark(&toks[p]) || (toks[p].text == "," && p > 0 && quote_mark(&toks[p - 1]))
}

/// Whether the clause verb at `i..end` closes a trailing attribution: after a comma or a
/// quotation, only its subject (a noun phrase, with adverbs and auxiliaries) stands before it,
/// and it ends the sentence or a clause (or, after a quotation, takes a prepositional phrase:
/// "recalled in an email").
fn trailing_clause_verb(cx: &Sent<'_, '_, '_>, i: usize, end: usize) -> bool {
    let toks = cx.toks;
    // The subject starts after the last comma or quotation mark, else at the sentence start
    // ("Pluznick recalled.").
    let from = (0..i)
        .rev()
        .find(|&j| after_quote_or_comma(&toks[j]))
        .map_or(0, |d| d + 1);
    // A noun phrase that starts like one (a determiner, a possessive, a pronoun or a capital),
    // with adverbs and auxiliaries; at the sentence start, a name only.
    let starts = from < i
        && (matches!(cx.tags[from], Pos::Det | Pos::Poss | Pos::Pron)
            || toks[from].is_capitalized());
    let subject = starts
        && (from..i).all(|j| {
            !matches!(cx.tags[j], Pos::Comp | Pos::Rel | Pos::Sub)
                && (np_token(cx, j) || matches!(cx.tags[j], Pos::Adv | Pos::Aux | Pos::Pron))
        })
        && (from > 0 || is_name_like(cx, Span::toks(0, i)));
    // "...,” Matthesen recalled in an email.": right after a quotation closed with a comma.
    let after_quote = from >= 2
        && ((quote_mark(&toks[from - 1]) && toks[from - 2].text == ",")
            || (toks[from - 1].text == "," && quote_mark(&toks[from - 2])));
    // It ends the sentence or a clause, or comes before the rest of a split quotation ("she
    // recalled, “for Mike ...”"); not "It felt, generally, like ...".
    let closes = match toks.get(end) {
        None => true,
        Some(n) if n.text == "," => toks
            .get(end + 1)
            .is_some_and(|q| quote_mark(q) || q.text == "«"),
        Some(n) if !n.is_word() => n.text != ":",
        Some(_) => after_quote && cx.tags[end] == Pos::Prep,
    };
    subject && closes
}

/// Whether token `j` can be part of a noun phrase.
fn np_token(cx: &Sent<'_, '_, '_>, j: usize) -> bool {
    let t = &cx.toks[j];
    if cx.in_cue[j] {
        return false;
    }
    if !t.is_word() {
        // The dot of an abbreviation or a domain inside a name: "Dr. Leila", "U.S.
        // officials", "Ledger.no".
        let (Some(prev), Some(next)) = (j.checked_sub(1).map(|p| &cx.toks[p]), cx.toks.get(j + 1))
        else {
            return false;
        };
        let abbreviation = prev.is_capitalized() && prev.text.chars().count() <= 3;
        let glued = prev.end == t.start && t.end == next.start;
        return (t.text == "." && prev.is_word() && next.is_word() && (abbreviation || glued))
            || plural_possessive(cx, j);
    }
    match cx.tags[j] {
        Pos::Word => {
            if cx.lex.words.v2 && t.text == t.lower_str() {
                // German: lowercase words inside a noun phrase are inflected adjectives before
                // a noun ("die ukrainische Luftwaffe").
                let w = t.lower_str();
                return ["e", "en", "er", "es", "em"].iter().any(|e| w.ends_with(e))
                    && cx.toks.get(j + 1).is_some_and(|n| {
                        n.is_word() && (n.is_capitalized() || n.text.ends_with('e'))
                    });
            }
            true
        }
        Pos::Det | Pos::Poss | Pos::Num => true,
        _ => cx.lex.words.name_particles.has(t.lower_str()) && t.text == t.lower_str(),
    }
}

/// English: the apostrophe of a plural possessive inside a noun phrase ("farmers' unions"): glued
/// to a word ending in "s", a word after it.
fn plural_possessive(cx: &Sent<'_, '_, '_>, j: usize) -> bool {
    let toks = cx.toks;
    cx.lang == Lang::En
        && j > 0
        && toks[j].is_punct(&['\'', '’'])
        && toks[j - 1].is_word()
        && toks[j - 1].end == toks[j].start
        && toks[j - 1].lower_str().ends_with('s')
        && toks
            .get(j + 1)
            .is_some_and(|n| n.is_word() && !cx.quoted[j + 1])
}

/// Start of the clause that holds token `k`: after the last delimiter before it.
fn clause_start(cx: &Sent<'_, '_, '_>, k: usize) -> usize {
    let mut end = k;
    loop {
        let Some(p) = cx.toks[..end].iter().rposition(is_delim) else {
            return 0;
        };
        // The marks of a quoted name after its noun ("газета «Северный курьер»") do not
        // delimit.
        match quoted_name_open(cx.toks, p, 0) {
            Some(q) if np_token(cx, q - 1) => end = q,
            _ => return p + 1,
        }
    }
}

/// Walks left from `k` (exclusive) over noun-phrase tokens, not past `floor`: returns where the
/// phrase starts. Prepositions that may sit inside a noun phrase ("head *of* the agency") are
/// crossed when a noun stands before them; a short parenthetical ("(MoD)") is crossed too.
fn walk_left(cx: &Sent<'_, '_, '_>, k: usize, floor: usize) -> usize {
    let toks = cx.toks;
    let mut j = k;
    while j > floor {
        let p = j - 1;
        if toks[p].text == ")" {
            let open = toks[floor..p]
                .iter()
                .rposition(|t| t.text == "(" || t.text == ")")
                .map(|q| q + floor)
                .filter(|&q| toks[q].text == "(" && p - q <= 8 && q > floor);
            match open {
                Some(q) if j < k || q > floor => {
                    j = q;
                    continue;
                }
                _ => break,
            }
        }
        if np_token(cx, p) {
            j = p;
            continue;
        }
        // A quoted name after its noun: "Газета «Северный курьер» сообщила".
        if let Some(q) = quoted_name_open(cx.toks, p, floor) {
            if np_token(cx, q - 1) {
                j = q;
                continue;
            }
        }
        if cx.tags[p] == Pos::Pron && j == k {
            // A pronoun is a whole noun phrase: "she said".
            j = p;
            break;
        }
        let crossable = cx.lex.words.np_prep.has(toks[p].lower_str())
            && j < k
            && p > floor
            && np_token(cx, p - 1);
        if crossable {
            j = p;
            continue;
        }
        break;
    }
    j
}

/// Most words of a quoted name inside a noun phrase ("газета «Северный курьер»").
const MAX_QUOTED_NAME_WORDS: usize = 4;

/// For a closing quotation mark at `p`, the opening mark of a short quoted name before it (after
/// `floor`, with a word before it): one to four words, the first capitalised, nothing else
/// between the marks.
fn quoted_name_open(toks: &[Token<'_>], p: usize, floor: usize) -> Option<usize> {
    if !toks[p].is_punct(&['»', '“', '”', '"']) {
        return None;
    }
    let q = toks[floor..p]
        .iter()
        .rposition(|t| !t.is_word() && t.text != "-")
        .map(|q| q + floor)?;
    let words = p - q - 1;
    let named = toks[q].is_punct(&['«', '„', '“', '"'])
        && (1..=MAX_QUOTED_NAME_WORDS).contains(&words)
        && toks[q + 1].is_capitalized()
        && q > floor
        && toks[q - 1].is_word();
    named.then_some(q)
}

/// For an opening quotation mark at `q`, the closing mark of the short quoted name it opens
/// (before `limit`), as [`quoted_name_open`] reads it back.
fn quoted_name_close(toks: &[Token<'_>], q: usize, limit: usize) -> Option<usize> {
    let p = (q + 1..limit.min(toks.len())).find(|&p| !toks[p].is_word() && toks[p].text != "-")?;
    (quoted_name_open(toks, p, 0) == Some(q)).then_some(p)
}

/// Walks right from `a` over noun-phrase tokens, up to `limit`: returns where the phrase ends.
fn walk_right(cx: &Sent<'_, '_, '_>, a: usize, limit: usize) -> usize {
    let toks = cx.toks;
    let w = &cx.lex.words;
    let mut j = a;
    while j < limit {
        if np_token(cx, j) {
            if w.v2 && j > a && after_german_noun_stop(cx, j) {
                break;
            }
            j += 1;
            continue;
        }
        if cx.tags[j] == Pos::Pron && j == a {
            j += 1;
            break;
        }
        // A quoted name after its noun: "газета «Северный курьер»".
        if j > a && np_token(cx, j - 1) {
            if let Some(p) = quoted_name_close(toks, j, limit) {
                j = p + 1;
                continue;
            }
        }
        let inside = j > a
            && j + 1 < limit
            && np_token(cx, j + 1)
            && (w.np_prep.has(toks[j].lower_str())
                || (w.passive_agent.has(toks[j].lower_str())
                    && w.document.has(toks[j - 1].lower_str()))
                || (cx.tags[j] == Pos::Conj
                    && toks[j - 1].is_capitalized()
                    && toks[j + 1].is_capitalized()));
        if inside {
            j += 1;
            continue;
        }
        break;
    }
    j
}

/// German: after a noun, only a genitive article or a name continues the noun phrase ("der
/// Sprecher des Ministeriums", not "das Ministerium die Vorwürfe").
fn after_german_noun_stop(cx: &Sent<'_, '_, '_>, j: usize) -> bool {
    let prev = &cx.toks[j - 1];
    let t = &cx.toks[j];
    if !(prev.is_word() && prev.is_capitalized() && cx.tags[j - 1] == Pos::Word) {
        return false;
    }
    match cx.tags[j] {
        Pos::Det => !matches!(t.lower_str(), "des" | "der" | "eines" | "einer"),
        Pos::Poss => true,
        _ => false,
    }
}

/// Drops leading conjunctions, adverbs, subordinators, time phrases and punctuation from
/// tokens `a..b`, and trailing punctuation; `None` when nothing is left.
fn trim_subject(cx: &Sent<'_, '_, '_>, mut a: usize, mut b: usize) -> Option<Span> {
    let toks = cx.toks;
    let w = &cx.lex.words;
    loop {
        let before = a;
        while a < b && !toks[a].is_word() {
            a += 1;
        }
        while a + 1 < b && matches!(cx.tags[a], Pos::Conj | Pos::Adv | Pos::Sub | Pos::Comp) {
            a += 1;
        }
        let multi = w.adv.prefix_len(toks[a..b].iter().map(|t| t.lower_str()));
        if multi > 0 && a + multi < b {
            a += multi;
        }
        let time = leading_time_len(cx, a, b);
        if time > 0 && a + time < b {
            a += time;
        }
        if a == before {
            break;
        }
    }
    while b > a
        && !toks[b - 1].is_word()
        && toks[b - 1].text != "."
        && quoted_name_open(toks, b - 1, a).is_none()
    {
        b -= 1;
    }
    while b > a && toks[b - 1].text == "." {
        b -= 1;
    }
    (a < b && toks[a..b].iter().any(|t| t.is_word())).then(|| Span::toks(a, b))
}

fn is_time_word(cx: &Sent<'_, '_, '_>, t: &Token<'_>) -> bool {
    if !t.is_word() {
        return false;
    }
    let w = t.lower_str();
    cx.lex.words.time_words.has(w)
        || w.chars().all(|c| c.is_ascii_digit())
        || (w.len() <= 6
            && w.starts_with(|c: char| c.is_ascii_digit())
            && ["st", "nd", "rd", "th"].iter().any(|s| w.ends_with(s)))
}

/// Length of a time phrase at `a` (within `..b`): "On June 7,", "Late on Tuesday", "7 июня".
fn leading_time_len(cx: &Sent<'_, '_, '_>, a: usize, b: usize) -> usize {
    let toks = &cx.toks[a..b];
    let glue = |t: &Token<'_>| cx.lex.words.time_preps.has(t.lower_str());
    let mut i = 0;
    let mut saw_time = false;
    // "the Morning Herald", "Sunday Times": a capitalised time word inside a name is not one.
    let in_name = |i: usize| {
        toks[i].is_capitalized()
            && toks
                .get(i + 1)
                .is_some_and(|n| n.is_word() && n.is_capitalized())
    };
    while i < toks.len() {
        let t = &toks[i];
        if is_time_word(cx, t) && !in_name(i) {
            saw_time = true;
            i += 1;
        } else if glue(t) {
            let mut j = i;
            while j < toks.len() && glue(&toks[j]) {
                j += 1;
            }
            if j < toks.len() && is_time_word(cx, &toks[j]) {
                i = j;
            } else {
                break;
            }
        } else if t.text == "," && saw_time {
            i += 1;
            break;
        } else {
            break;
        }
    }
    if saw_time {
        i
    } else {
        0
    }
}

/// Length of a time phrase that ends right before `k`: "on Friday", "yesterday".
fn trailing_time_len(cx: &Sent<'_, '_, '_>, k: usize, floor: usize) -> usize {
    let toks = cx.toks;
    let mut j = k;
    while j > floor && is_time_word(cx, &toks[j - 1]) {
        j -= 1;
    }
    if j == k {
        return 0;
    }
    while j > floor && toks[j - 1].is_word() && cx.lex.words.time_preps.has(toks[j - 1].lower_str())
    {
        j -= 1;
    }
    k - j
}

/// "is stated", "has been reported", "were reportedly told": the index of the passive
/// auxiliary before the participle.
fn passive_be(cx: &Sent<'_, '_, '_>, h: &Hit) -> Option<usize> {
    // "was quoted as saying": the subject is the speaker.
    let w = cx.toks[h.end - 1].lower_str();
    if w.ends_with("ing") || cx.lex.words.passive_aux.single_is_empty() {
        return None;
    }
    // Verb-final clauses: a participle closing its clause ("wurde ... von der Behörde
    // bekanntgegeben"), its auxiliary anywhere before it in the clause.
    let participle = w.ends_with('t') || (w.ends_with("en") && w.contains("ge"));
    if cx.lex.words.verb_final && participle {
        let start = clause_start(cx, h.start);
        return (start..h.start)
            .rev()
            .find(|&p| cx.lex.words.passive_aux.has(cx.toks[p].lower_str()));
    }
    let mut k = h.start;
    while k > 0 {
        let t = cx.toks[k - 1].lower_str();
        if cx.lex.words.passive_aux.has(t) {
            return Some(k - 1);
        }
        if cx.tags[k - 1] != Pos::Adv {
            return None;
        }
        k -= 1;
    }
    None
}

/// The agent of a passive cue: the phrase after "by" ("in" as a fallback: "in an analysis by X"
/// gives X).
fn passive_agent(cx: &Sent<'_, '_, '_>, from: usize) -> Option<Span> {
    let toks = cx.toks;
    // Case-marked languages without an agent preposition: the instrumental phrase right after
    // the participle ("была подтверждена пресс-службой МЧС").
    if cx.lex.words.case_marked && cx.lex.words.passive_agent.single_is_empty() {
        let first = toks.get(from).filter(|t| t.is_word())?;
        if cx.tags[from] == Pos::Prep || cx.lex.words.time_words.has(first.lower_str()) {
            return None;
        }
        return np_after(cx, from, MAX_SPEAKER_WORDS, true);
    }
    // Verb-final clauses: "wurde am Freitag von der Behörde bekanntgegeben".
    if cx.lex.words.verb_final && toks.get(from).is_none_or(|t| !t.is_word()) {
        let start = clause_start(cx, from - 1);
        if let Some(p) = (start..from - 1)
            .rev()
            .find(|&p| toks[p].is_word() && cx.lex.words.passive_agent.has(toks[p].lower_str()))
        {
            let e = walk_right(cx, p + 1, from - 1);
            if e > p + 1 {
                return trim_subject(cx, p + 1, e);
            }
        }
    }
    let mut fallback = None;
    for (j, t) in toks.iter().enumerate().skip(from) {
        if is_delim(t) || t.is_punct(&[';', '!', '?']) || cx.tags[j] == Pos::Comp {
            break;
        }
        let w = t.lower_str();
        if !t.is_word() {
            continue;
        }
        if cx.lex.words.passive_agent.has(w) {
            return np_after(cx, j + 1, MAX_SPEAKER_WORDS, false);
        }
        // "This is stated in an analysis of X": a document after "in".
        let document_follows = toks[j + 1..]
            .iter()
            .take(3)
            .any(|n| cx.lex.words.document.has(n.lower_str()));
        if fallback.is_none() && cx.lang == Lang::En && w == "in" && document_follows {
            fallback = Some(j);
        }
    }
    np_after(cx, fallback? + 1, MAX_SPEAKER_WORDS, false)
}

/// "according to plan", "according to the schedule": a prepositional cue whose phrase is a
/// noun of manner (bare or after a determiner) says how something went, not who said it.
fn manner_phrase(cx: &Sent<'_, '_, '_>, sp: Span) -> bool {
    let mut a = sp.a;
    if a + 1 < sp.b && cx.tags[a] == Pos::Det {
        a += 1;
    }
    let head = &cx.toks[a];
    head.is_word() && !head.is_capitalized() && cx.lex.words.manner_nouns.has(head.lower_str())
}

/// "by the opposition's finance spokesman, Hugo Brandt.": a name in apposition after the
/// phrase, closing the sentence, wins over the description before it (as for a subject).
fn closing_apposition(cx: &Sent<'_, '_, '_>, sp: Span) -> Span {
    let toks = cx.toks;
    if toks.get(sp.b).is_none_or(|t| t.text != ",") {
        return sp;
    }
    let a = sp.b + 1;
    let e = (a..toks.len())
        .find(|&j| !toks[j].is_word())
        .unwrap_or(toks.len());
    let closes = toks[e..]
        .iter()
        .all(|t| !t.is_word() && t.is_punct(&['.', '!', '?', '"', '»', '“', '”']));
    let name = Span::toks(a, e);
    if e > a && closes && is_name_like(cx, name) {
        name
    } else {
        sp
    }
}

/// "Die Arbeitslosigkeit stieg auf neun Prozent, so das Statistikamt.": a closing word of
/// attribution after the sentence's last comma, its noun phrase ending the sentence.
fn closing_prep_link(cx: &Sent<'_, '_, '_>) -> Option<(Hit, Span)> {
    let toks = cx.toks;
    let w = &cx.lex.words;
    if w.closing_prep.single_is_empty() {
        return None;
    }
    let comma = toks.iter().rposition(|t| t.text == ",")?;
    let p = comma + 1;
    let word = toks.get(p)?;
    if !word.is_word() || !w.closing_prep.has(word.lower_str()) || cx.quoted[p] {
        return None;
    }
    let sp = np_after(cx, p + 1, MAX_SPEAKER_WORDS, true)?;
    let first = &toks[sp.a];
    let noun_phrase = cx.tags[sp.a] == Pos::Det || first.is_capitalized();
    let closes = toks[sp.b..]
        .iter()
        .all(|t| !t.is_word() && t.is_punct(&['.', '!', '?']));
    if !(noun_phrase && closes && sp.b < toks.len()) {
        return None;
    }
    let h = Hit {
        start: p,
        end: p + 1,
        kind: CueKind::Prep,
        canon: word.lower_str().to_string(),
        particle: None,
    };
    Some((h, sp))
}

/// The phrase after token `from`: noun-phrase words up to a delimiter, an auxiliary, a
/// complementizer, a relative pronoun or another cue. `strict` also stops at any verb; a
/// prepositional cue keeps participles ("figures published on Monday").
fn np_after(cx: &Sent<'_, '_, '_>, from: usize, max_words: usize, strict: bool) -> Option<Span> {
    let toks = cx.toks;
    let mut b = from;
    while b < toks.len() {
        let t = &toks[b];
        if !t.is_word() {
            let abbrev = (t.text == "." || plural_possessive(cx, b)) && b > from && np_token(cx, b);
            if !abbrev {
                break;
            }
            b += 1;
            continue;
        }
        if cx.in_cue[b] || matches!(cx.tags[b], Pos::Aux | Pos::Comp | Pos::Rel | Pos::Sub) {
            break;
        }
        // "by changing the name of its account to ...": a phrase that is not a noun phrase.
        if b == from
            && t.text == t.lower_str()
            && cx.lang == Lang::En
            && t.lower_str().ends_with("ing")
        {
            return None;
        }
        let joins_names = cx.tags[b] == Pos::Conj
            && toks[b - 1].is_capitalized()
            && toks.get(b + 1).is_some_and(|n| n.is_capitalized());
        if b > from && cx.tags[b] == Pos::Conj && !joins_names {
            break;
        }
        let by_author = cx.lex.words.passive_agent.has(t.lower_str())
            && cx.lex.words.document.has(toks[b - 1].lower_str());
        if b > from
            && cx.tags[b] == Pos::Prep
            && !cx.lex.words.np_prep.has(t.lower_str())
            && !by_author
        {
            break;
        }
        if cx.tags[b] == Pos::Verb
            && (strict || cx.lex.words.verbs.has(t.lower_str()) || cx.lex.words.v2)
        {
            break;
        }
        if cx.lex.words.v2 && b > from && (after_german_noun_stop(cx, b) || german_np_end(cx, b)) {
            break;
        }
        b += 1;
    }
    let mut words = 0;
    let mut end = from;
    while end < b {
        words += usize::from(toks[end].is_word());
        if words > max_words {
            break;
        }
        end += 1;
    }
    let first = toks.get(from)?;
    if !first.is_word() {
        return None;
    }
    (end > from).then(|| Span::toks(from, end))
}

/// German: a lowercase word that is not an adjective, right after a noun, ends the phrase
/// ("Laut Polizei wurden ...", "laut dem Ministerium schickt ...").
fn german_np_end(cx: &Sent<'_, '_, '_>, b: usize) -> bool {
    let t = &cx.toks[b];
    let prev = &cx.toks[b - 1];
    prev.is_word()
        && prev.is_capitalized()
        && t.text == t.lower_str()
        && !np_token(cx, b)
        && !cx.lex.words.np_prep.has(t.lower_str())
}

/// The source of a citing cue: the phrase after it ("citing X"), or for a verb at the end of
/// its clause, the object of its preposition ("die sich auf X beruft").
fn cite_source(cx: &Sent<'_, '_, '_>, h: &Hit) -> Option<Span> {
    if h.start > 0
        && cx
            .lex
            .words
            .passive_aux
            .has(cx.toks[h.start - 1].lower_str())
    {
        return None; // "was quoted as saying"
    }
    if let Some(sp) = np_after(cx, h.end, MAX_SPEAKER_WORDS, true) {
        return Some(sp);
    }
    let start = clause_start(cx, h.start);
    let p =
        (start..h.start).find(|&p| cx.lex.words.cite_object_prep.has(cx.toks[p].lower_str()))?;
    trim_subject(cx, p + 1, h.start)
}

/// The source of an impersonal cue ("говорится в докладе X", "В заявлении X говорится").
fn impersonal_source(cx: &Sent<'_, '_, '_>, h: &Hit) -> Option<Span> {
    let toks = cx.toks;
    let w = &cx.lex.words;
    let after = (h.end..toks.len())
        .take_while(|&j| toks[j].is_word() && cx.tags[j] != Pos::Comp)
        .find(|&j| w.inverted_prep.has(toks[j].lower_str()));
    if let Some(p) = after {
        return np_after(cx, p + 1, MAX_SPEAKER_WORDS, false);
    }
    let start = clause_start(cx, h.start);
    let p = (start..h.start).find(|&p| w.inverted_prep.has(toks[p].lower_str()))?;
    trim_subject(cx, p + 1, h.start)
}

/// Whether the clause before token `end` is just an anaphoric subject ("This is", "Об этом").
fn anaphoric_subject(cx: &Sent<'_, '_, '_>, end: usize) -> bool {
    let start = clause_start(cx, end);
    let mut k = end;
    while k > start && matches!(cx.tags[k - 1], Pos::Aux | Pos::Adv) {
        k -= 1;
    }
    let words: Vec<&str> = cx.toks[start..k]
        .iter()
        .filter(|t| t.is_word())
        .map(|t| t.lower_str())
        .collect();
    cx.lex.words.anaphoric.is_exactly(&words)
}

/// "a report by X" as a speaker names X.
fn document_author(cx: &Sent<'_, '_, '_>, sp: Span) -> Span {
    if sp.bytes.is_some() {
        return sp;
    }
    let toks = cx.toks;
    for d in sp.a..sp.b.saturating_sub(2) {
        if cx.lex.words.document.has(toks[d].lower_str())
            && cx.lex.words.passive_agent.has(toks[d + 1].lower_str())
            && toks[d + 2].is_word()
        {
            return Span::toks(d + 2, sp.b);
        }
    }
    sp
}

/// The speaker of a reporting verb.
fn verb_speaker(cx: &Sent<'_, '_, '_>, h: &Hit) -> Option<Span> {
    let toks = cx.toks;
    let w = &cx.lex.words;
    // French inverted clitic: "a-t-elle reconnu".
    if h.start > 0 {
        let prev = &toks[h.start - 1];
        if let Some(p) = prev.text.rfind("-t-") {
            let pron = &prev.text[p + 3..];
            if w.pron.has(&pron.to_lowercase()) {
                return Some(Span {
                    a: h.start - 1,
                    b: h.start,
                    bytes: Some((prev.start + p + 3, prev.end)),
                });
            }
        }
    }
    // Skip auxiliaries, adverbs, audience words, time phrases and parentheticals leftwards.
    let mut k = h.start;
    loop {
        let skippable = k > 0
            && (matches!(cx.tags[k - 1], Pos::Aux | Pos::Adv)
                || (w.addressees.has(toks[k - 1].lower_str()) && cx.lang != Lang::En));
        if skippable {
            k -= 1;
        } else if let Some(&(start, _)) = cx.cite_regions.iter().find(|r| r.1 == k) {
            k = start;
        } else if k > 1 && toks[k - 1].text == ")" {
            // "The Russian Ministry of Defense (MoD) claimed": a short parenthetical.
            let open = toks[..k - 1]
                .iter()
                .rposition(|t| t.text == "(" || t.text == ")")
                .filter(|&q| toks[q].text == "(" && k - q <= 8 && q > 0 && toks[q - 1].is_word());
            match open {
                Some(q) => k = q,
                None => break,
            }
        } else {
            let time = trailing_time_len(cx, k, clause_start(cx, k));
            if time > 0 && time < k && toks[k - time - 1].is_word() {
                k -= time;
                continue;
            }
            break;
        }
    }
    // ", adding that ...", ", saying ...": the subject of the main clause.
    if cx.lang == Lang::En
        && toks[h.start].lower_str().ends_with("ing")
        && h.start > 0
        && toks[h.start - 1].text == ","
    {
        return clause_subject(cx, 0).filter(|sp| sp.b < h.start);
    }
    // "employees who said", "a team that warned": the antecedent.
    if k > 0 && is_relative_at(cx, k - 1) {
        return antecedent(cx, k - 1);
    }
    let start = clause_start(cx, k);
    let mut anchor = k;
    if w.v2 {
        // German verb-final subordinate clauses: "wie das Ministerium mitteilte", "als ein
        // Analyst fragte", ", die sagte".
        let mut o = start;
        while o < k && cx.tags[o] == Pos::Conj {
            o += 1;
        }
        if o < k && w.verb_final {
            if cx.tags[o] == Pos::Rel {
                return antecedent(cx, o);
            }
            if cx.tags[o] == Pos::Sub || w.fillers.has(toks[o].lower_str()) {
                let e = walk_right(cx, o + 1, k);
                if e > o + 1 {
                    return trim_subject(cx, o + 1, e);
                }
            }
        }
        // Perfect tenses: the subject stands before the auxiliary ("der General habe ...
        // berichtet").
        if let Some(a) = (start..k).find(|&a| cx.tags[a] == Pos::Aux) {
            anchor = a;
        }
    }
    let pre = trim_subject(cx, start, anchor);
    let pre_words: Vec<&str> = pre
        .map(|p| {
            toks[p.a..p.b]
                .iter()
                .filter(|t| t.is_word())
                .map(|t| t.lower_str())
                .collect()
        })
        .unwrap_or_default();
    let filler = !pre_words.is_empty() && {
        // "Об этом журналистам сообщил": audience words do not count.
        let kept: Vec<&str> = pre_words
            .iter()
            .copied()
            .filter(|x| !w.addressees.has(x))
            .collect();
        w.fillers.is_exactly(&kept) || w.anaphoric.is_exactly(&kept)
    };
    let v2_inverted = w.v2
        && pre.is_some_and(|p| {
            matches!(cx.tags[p.a], Pos::Prep | Pos::Adv | Pos::Sub)
                || cx.in_cue[p.a]
                || leading_time_len(cx, p.a, anchor) > 0
                || (p.a == start && leading_time_len(cx, start, anchor) > 0)
        });
    // Only a conjunction before the verb: "... and said".
    let coordinated = pre.is_none()
        && (start..k).any(|j| cx.tags[j] == Pos::Conj)
        && (start..k).all(|j| matches!(cx.tags[j], Pos::Conj | Pos::Adv | Pos::Aux));
    if coordinated {
        return clause_subject(cx, start);
    }
    if pre.is_none() || filler || v2_inverted {
        // "Solberg, the CSO chief, said ...": a subject with its appositive, all noun phrases
        // from the start of the clause, comes before any inverted reading.
        if k > 0 && toks[k - 1].text == "," && !filler && !v2_inverted {
            if let Some(sp) = appositive_first(cx, k - 1) {
                return Some(sp);
            }
        }
        if h.kind != CueKind::Tell {
            if let Some(sp) = inverted_speaker(cx, h) {
                return Some(sp);
            }
        }
        if k > 0 && toks[k - 1].text == "," {
            return appositive_speaker(cx, k - 1);
        }
        return None;
    }
    let mut j = walk_left(cx, anchor, start);
    // Case-marked languages: a noun phrase right after a preposition is an adjunct ("Чиновник
    // на условиях анонимности сообщил"): the subject stands before it, or, when the adjunct
    // opens the clause ("Об отставке губернатора сообщило телевидение"), after the verb.
    if w.case_marked && j > start && j < anchor && cx.tags[j - 1] == Pos::Prep {
        let pp = j - 1;
        let before = walk_left(cx, pp, start);
        if before < pp {
            anchor = pp;
            j = before;
        } else if trim_subject(cx, start, pp).is_none() && h.kind != CueKind::Tell {
            // Only a phrase that closes the clause: "сообщило государственное телевидение."
            // (not the object of "требует полное воздержание от ...").
            if let Some(sp) = inverted_speaker(cx, h) {
                if toks.get(sp.b).is_none_or(|t| !t.is_word()) {
                    return Some(sp);
                }
            }
        }
    }
    if j == anchor {
        // Nothing noun-like before the verb: "... the lack of funding and said".
        if anchor > start && cx.tags[anchor - 1] == Pos::Conj {
            return clause_subject(cx, 0);
        }
        return None;
    }
    // "The agency that monitors the lakes reported": the words before the verb are a relative
    // clause; the speaker is what it describes.
    if j > start && is_relative_at(cx, j - 1) {
        let next = &toks[j];
        let clause_verb_first = next.text == next.lower_str()
            && matches!(cx.tags[j], Pos::Word | Pos::Verb | Pos::Aux | Pos::Adv);
        if clause_verb_first || cx.tags[j - 1] == Pos::Rel {
            return antecedent(cx, j - 1);
        }
    }
    let mut a = j;
    // "Britain and Norway said": a short noun phrase before "and" that opens the clause.
    if a > start + 1 && cx.tags[a - 1] == Pos::Conj {
        let j2 = walk_left(cx, a - 1, start);
        let left = trim_subject(cx, j2, a - 1);
        let opens_clause = trim_subject(cx, start, a - 1).is_some_and(|l| l.a == j2.max(l.a))
            && j2 <= trim_subject(cx, start, a - 1).map_or(start, |l| l.a);
        if let Some(l) = left {
            let words = toks[l.a..l.b].iter().filter(|t| t.is_word()).count();
            if opens_clause
                && words <= 4
                && toks[l.a..l.b]
                    .iter()
                    .all(|t| t.is_capitalized() || !t.is_word() || cx.tags[l.a] == Pos::Det)
            {
                a = l.a;
            }
        }
    }
    let sp = trim_subject(cx, a, anchor)?;
    if word_count(&toks[sp.a..sp.b]) > MAX_SPEAKER_WORDS {
        return None;
    }
    Some(sp)
}

fn word_count(toks: &[Token<'_>]) -> usize {
    toks.iter().filter(|t| t.is_word()).count()
}

/// Whether token `r` is a relative pronoun (or English "that") opening a relative clause.
fn is_relative_at(cx: &Sent<'_, '_, '_>, r: usize) -> bool {
    let t = &cx.toks[r];
    t.is_word()
        && (cx.tags[r] == Pos::Rel
            || (cx.tags[r] == Pos::Comp
                && cx.lex.words.rel.has(t.lower_str())
                && !opens_content_clause(cx, r)))
        && r > 0
}

/// Whether "that" at `r` opens the content clause of a cue rather than a relative clause:
/// right after the verb ("reported that investigators said"), or after the audience of a verb
/// of telling ("told the council that engineers warned").
fn opens_content_clause(cx: &Sent<'_, '_, '_>, r: usize) -> bool {
    if r == 0 {
        return false;
    }
    if cx.in_cue[r - 1] {
        return true;
    }
    let mut p = r;
    while p > 0 && np_token(cx, p - 1) {
        p -= 1;
    }
    p > 0
        && p < r
        && cx.in_cue[p - 1]
        && cx
            .lex
            .cues_starting_with(cx.toks[p - 1].lower_str())
            .any(|c| c.kind == CueKind::Tell)
}

/// The noun phrase a relative pronoun at `r` refers to ("several employees, who ...").
fn antecedent(cx: &Sent<'_, '_, '_>, r: usize) -> Option<Span> {
    let mut e = r;
    if e > 0 && cx.toks[e - 1].text == "," {
        e -= 1;
    }
    let floor = clause_start(cx, e);
    let j = walk_left(cx, e, floor);
    trim_subject(cx, j, e)
}

/// The subject at the start of the sentence (or at `from`): a leading adverbial ending in a
/// comma is skipped ("However, ..."; "On Tuesday, ...").
fn clause_subject(cx: &Sent<'_, '_, '_>, from: usize) -> Option<Span> {
    let toks = cx.toks;
    let mut a = from;
    if let Some(c) = toks[a..].iter().position(|t| t.text == ",").map(|c| c + a) {
        let opener = trim_subject(cx, a, c);
        let adverbial = opener
            .is_none_or(|o| matches!(cx.tags[o.a], Pos::Sub | Pos::Adv | Pos::Prep) || o.a > a);
        if adverbial && walk_right(cx, a, c) < c {
            a = c + 1;
        }
    }
    let s = trim_subject(cx, a, toks.len())?;
    let e = walk_right(cx, s.a, toks.len());
    trim_subject(cx, s.a, e)
}

/// The speaker after the verb: `"...," said the minister.`, "Об этом сообщил X", "Am Montag
/// sagte der Sprecher". It must be a noun phrase that ends its clause (a clause such as "said
/// they do not support X" is content, not a speaker).
fn inverted_speaker(cx: &Sent<'_, '_, '_>, h: &Hit) -> Option<Span> {
    let toks = cx.toks;
    let w = &cx.lex.words;
    let mut a = h.end;
    loop {
        if a >= toks.len() {
            return None;
        }
        let n = w
            .addressees
            .prefix_len(toks[a..].iter().map(|t| t.lower_str()));
        if n > 0 && a + n < toks.len() {
            a += n;
        } else if cx.tags[a] == Pos::Adv {
            a += 1;
        } else {
            break;
        }
    }
    if !toks[a].is_word() {
        return None;
    }
    let first = toks[a].lower_str();
    let mut org = false;
    if w.inverted_prep.has(first) {
        // "..., сообщили в МЧС."
        a += 1;
        org = true;
    } else if w.not_a_subject.has(first)
        || matches!(
            cx.tags[a],
            Pos::Comp | Pos::Sub | Pos::Rel | Pos::Aux | Pos::Verb | Pos::Prep | Pos::Conj
        )
    {
        return None;
    }
    let end = match h.particle {
        Some(p) if p > a => p,
        _ => toks.len(),
    };
    let e = walk_right(cx, a, end);
    if e == a {
        return None;
    }
    // The phrase must end its clause: at a delimiter, the end, the particle, or (German) where
    // the noun phrase ends.
    let mut stop = e;
    while stop < toks.len() && toks[stop].text == "." && !toks[stop - 1].is_word() {
        stop += 1;
    }
    let clean = stop >= toks.len()
        || !toks[stop].is_word()
        || Some(stop) == h.particle
        || cx.tags[stop] == Pos::Rel
        || (w.v2 && !matches!(cx.tags[stop], Pos::Aux | Pos::Verb | Pos::Comp));
    let time = trailing_time_len(cx, e, a);
    let clean = clean || (time > 0 && toks.get(e).is_none_or(|t| !t.is_word()));
    if !clean {
        // "said the minister on condition of anonymity" is still the minister; "said they do
        // not support X" is not a speaker.
        let more = &toks[e..];
        let next_is_prep = more
            .first()
            .is_some_and(|t| t.is_word() && cx.lex.words.prep.has(t.lower_str()));
        if !(next_is_prep && cx.tags[a] != Pos::Pron) || org {
            return None;
        }
    }
    let e = e - if time < e - a { time } else { 0 };
    if cx.tags[a] == Pos::Pron && e - a > 1 {
        return None;
    }
    if org && e < toks.len() && toks[e].is_word() {
        return None;
    }
    let sp = trim_subject(cx, a, e)?;
    // "..., said the president of the federation, Karin Dahl.": the name that closes the
    // sentence after the description.
    if let Some(c) = (e..toks.len()).find(|&j| toks[j].text == ",") {
        let mut n = toks.len();
        while n > c + 1 && !toks[n - 1].is_word() {
            n -= 1;
        }
        let name = Span::toks(c + 1, n);
        let plain =
            (e..c).all(|j| !matches!(cx.tags[j], Pos::Verb | Pos::Aux | Pos::Comp | Pos::Rel));
        if n > c + 1 && plain && !cx.in_cue[c + 1..n].iter().any(|&m| m) && is_name_like(cx, name) {
            return Some(name);
        }
    }
    (word_count(&toks[sp.a..sp.b]) <= MAX_INVERTED_WORDS).then_some(sp)
}

/// A short run of capitalised words: "Rear Admiral Ingrid Solberg", "J. Smith".
fn is_name_like(cx: &Sent<'_, '_, '_>, sp: Span) -> bool {
    let toks = &cx.toks[sp.a..sp.b];
    let words: Vec<&Token<'_>> = toks.iter().filter(|t| t.is_word()).collect();
    if words.is_empty() || words.len() > 7 || !toks[0].is_word() || !toks[0].is_capitalized() {
        return false;
    }
    if matches!(cx.tags[sp.a], Pos::Det | Pos::Poss | Pos::Pron) {
        return false;
    }
    if toks.iter().any(|t| !t.is_word() && t.text != ".") {
        return false;
    }
    words
        .iter()
        .all(|t| t.is_capitalized() || cx.lex.words.name_particles.has(t.lower_str()))
}

/// The speaker when the verb follows a comma: of the comma-separated segments before it, the
/// first name-like one ("Senator A, Republican of Iowa," / "The head of X, Maria Olsen,"), else
/// the first noun phrase; relative clauses, citing phrases, ages and asides are skipped.
fn appositive_speaker(cx: &Sent<'_, '_, '_>, comma: usize) -> Option<Span> {
    let toks = cx.toks;
    let mut segs: Vec<Span> = Vec::new();
    let mut end = comma;
    for _ in 0..4 {
        let start = clause_start(cx, end);
        // A segment with a verb or a cue ("reported that during his visit") is not part of
        // the subject: the segments after it are.
        let verbal = (start..end).any(|j| {
            matches!(cx.tags[j], Pos::Aux | Pos::Verb | Pos::Comp)
                || (cx.in_cue[j] && cx.tags[j] != Pos::Rel)
        });
        let opener = toks[start..end]
            .iter()
            .position(|t| t.is_word())
            .map(|f| start + f);
        let aside = opener.is_some_and(|f| cx.tags[f] == Pos::Rel || opens_citing(cx, f));
        if verbal && !aside && !segs.is_empty() {
            break;
        }
        if let Some(sp) = trim_subject(cx, start, end) {
            segs.push(sp);
        }
        if start == 0 || toks[start - 1].text != "," {
            break;
        }
        end = start - 1;
    }
    segs.reverse();
    let candidates: Vec<Span> = segs
        .iter()
        .copied()
        .filter(|sp| {
            let first = sp.a;
            !(cx.in_cue[first]
                || matches!(
                    cx.tags[first],
                    Pos::Rel | Pos::Sub | Pos::Comp | Pos::Adv | Pos::Num | Pos::Prep
                )
                || cx.lex.words.rel.has(toks[first].lower_str()) && cx.tags[first] != Pos::Det
                || (sp.a..sp.b).any(|j| matches!(cx.tags[j], Pos::Aux | Pos::Verb))
                || (sp.a..sp.b).any(|j| cx.in_cue[j])
                || walk_right(cx, sp.a, sp.b) < sp.b && !is_name_like(cx, *sp))
        })
        .collect();
    // "Источник, знакомый с ходом переговоров, сказал": an adjective with its complement right
    // after a one-word noun belongs to the speaker (a full name keeps its description apart).
    if let (Some(first), Some(next)) = (segs.first(), segs.get(1)) {
        let one_word = word_count(&toks[first.a..first.b]) == 1;
        if one_word && next.a == first.b + 1 && adjective_postmodifier(cx, *next) {
            return Some(Span::toks(first.a, next.b));
        }
    }
    candidates
        .iter()
        .find(|sp| is_name_like(cx, **sp))
        .or(candidates.first())
        .copied()
        .filter(|sp| word_count(&toks[sp.a..sp.b]) <= MAX_SPEAKER_WORDS)
}

/// A segment that opens with a lowercase adjective or participle and a preposition after it
/// ("знакомый с ходом переговоров", "близкие к правительству").
fn adjective_postmodifier(cx: &Sent<'_, '_, '_>, sp: Span) -> bool {
    let toks = cx.toks;
    let w = &toks[sp.a];
    let ending =
        |suf: &String| w.lower_str().ends_with(suf.as_str()) && w.text.len() > suf.len() + 2;
    sp.b > sp.a + 2
        && w.is_word()
        && w.text == w.lower_str()
        && cx.tags[sp.a] == Pos::Word
        && cx.lex.words.adjective_suffixes.iter().any(ending)
        && cx.tags[sp.a + 1] == Pos::Prep
}

/// Whether token `f` starts a citing cue ("citing X", "ссылаясь на X").
fn opens_citing(cx: &Sent<'_, '_, '_>, f: usize) -> bool {
    cx.in_cue[f]
        && cx
            .lex
            .cues_starting_with(cx.toks[f].lower_str())
            .any(|c| c.kind == CueKind::Cite)
}

/// The appositive reading of a verb after a comma, when at least two comma-separated segments
/// precede it and none holds a verb or a cue ("Senator A, Republican of Iowa, said").
fn appositive_first(cx: &Sent<'_, '_, '_>, comma: usize) -> Option<Span> {
    let toks = cx.toks;
    let mut end = comma;
    let mut segments = 0;
    loop {
        let start = clause_start(cx, end);
        let verbal = (start..end).any(|j| {
            matches!(cx.tags[j], Pos::Aux | Pos::Verb | Pos::Comp)
                || (cx.in_cue[j] && !matches!(cx.tags[start], Pos::Rel))
        });
        let relative = toks[start..end]
            .iter()
            .position(|t| t.is_word())
            .is_some_and(|f| cx.tags[start + f] == Pos::Rel || opens_citing(cx, start + f));
        if verbal && !relative {
            break;
        }
        segments += 1;
        if start == 0 || toks[start - 1].text != "," || segments > 4 {
            break;
        }
        end = start - 1;
    }
    if segments < 2 {
        return None;
    }
    appositive_speaker(cx, comma)
}

/// "In a statement, the ministry rejected ...": the subject of the clause after the adjunct.
fn statement_subject(cx: &Sent<'_, '_, '_>, h: &Hit) -> Option<Span> {
    let toks = cx.toks;
    let mut a = h.end;
    while a < toks.len() && toks[a].text != "," && a < h.end + 6 {
        a += 1;
    }
    if a >= toks.len() || toks[a].text != "," {
        // "The ministry said in a statement": the clause subject before the adjunct.
        return clause_subject(cx, 0).filter(|sp| sp.b <= h.start);
    }
    let s = trim_subject(cx, a + 1, toks.len())?;
    let e = walk_right(cx, s.a, toks.len());
    trim_subject(cx, s.a, e)
}

/// A reporting verb that wraps the whole sentence: content comes before its clause, and after
/// the verb there is nothing but (perhaps) its inverted speaker.
fn is_trailing(cx: &Sent<'_, '_, '_>, h: &Hit, sp: Span) -> bool {
    let toks = cx.toks;
    if (h.end..toks.len()).any(|j| cx.tags[j] == Pos::Comp) {
        return false;
    }
    let Some(p) = toks[..h.start].iter().rposition(is_delim) else {
        return false;
    };
    if !toks[..p].iter().any(|t| t.is_word()) || (p + 1..h.start).any(|j| cx.tags[j] == Pos::Comp) {
        return false;
    }
    let after: Vec<usize> = (h.end..toks.len())
        .filter(|&j| toks[j].is_word() && Some(j) != h.particle)
        .collect();
    match after.first() {
        None => true,
        Some(&first) => first == sp.a && after.iter().all(|&j| j < sp.b),
    }
}

/// Text from the first to the last token of a slice, trimmed of quotes and trailing dots.
fn span_text(s: &str, toks: &[Token<'_>]) -> Option<String> {
    let first = toks.iter().position(|t| t.is_word())?;
    let last = toks.iter().rposition(|t| t.is_word())?;
    let mut end = toks[last].end;
    if let Some(next) = toks.get(last + 1) {
        if next.text == "." && last + 2 < toks.len() {
            end = next.end;
        }
        // The closing mark of a quoted name ("Газета «Северный курьер»").
        if quoted_name_open(toks, last + 1, first).is_some() {
            end = next.end;
        }
    }
    let text = s[toks[first].start..end].trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Korean "X에 따르면" (according to X): the word before the cue without its "에", with the words
/// before it that modify it, at most two ("기상청 발표에 따르면" → "기상청 발표").
fn korean_according_to(toks: &[Token<'_>], cue: usize) -> Option<String> {
    let k = (0..cue).rev().find(|&j| toks[j].is_word())?;
    if k + 1 != cue {
        return None;
    }
    let stem = toks[k].text.strip_suffix('에')?;
    if stem.is_empty() {
        return None;
    }
    let mut a = k;
    while a > 0
        && k - a < 2
        && toks[a - 1].is_word()
        && !toks[a - 1].text.chars().any(|c| c.is_ascii_digit())
    {
        a -= 1;
    }
    let mut words: Vec<&str> = toks[a..k].iter().map(|t| t.text).collect();
    words.push(stem);
    Some(words.join(" "))
}

/// Korean: the first word before any quotation that ends in a topic or subject particle
/// (합참은 → 합참), with the words before it that modify it ("란퉈배터리의 어우양전보 회장이"
/// → "란퉈배터리의 어우양전보 회장"), at most three, back to a word that closes an adverbial
/// ("서울에서", "20일"). A particle after another particle ("대해서는", "에서는") closes an
/// adverbial, not a subject.
fn topic_speaker(toks: &[Token<'_>]) -> Option<String> {
    const PARTICLES: &[&str] = &["은", "는", "이", "가"];
    const ADVERBIAL_ENDS: &[&str] = &["에서", "에", "에게", "로", "으로", "고", "며", "면서", "서"];
    let words: Vec<&str> = toks
        .iter()
        .take_while(|t| t.is_word() || !matches!(t.text, "\"" | "“" | "”" | "'" | "‘"))
        .filter(|t| t.is_word())
        .map(|t| t.text)
        .collect();
    for (k, w) in words.iter().enumerate().take(8) {
        let Some(stem) = PARTICLES.iter().find_map(|p| w.strip_suffix(p)) else {
            continue;
        };
        if stem.chars().count() < 2 && k == 0 {
            continue;
        }
        if stem.is_empty()
            || ADVERBIAL_ENDS.iter().any(|e| stem.ends_with(e))
            || stem.ends_with('해')
        {
            continue;
        }
        let mut a = k;
        while a > 0
            && k - a < 3
            && !words[a - 1].chars().any(|c| c.is_ascii_digit())
            && !ADVERBIAL_ENDS.iter().any(|e| words[a - 1].ends_with(e))
        {
            a -= 1;
        }
        let mut phrase: Vec<&str> = words[a..k].to_vec();
        phrase.push(stem);
        return Some(phrase.join(" "));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(s: &str) -> (Option<String>, Option<String>) {
        let a = find_attribution(s);
        (a.speaker, a.cue)
    }

    fn check(s: &str, speaker: Option<&str>, cue: Option<&str>) {
        let (sp, c) = attr(s);
        assert_eq!(
            (sp.as_deref(), c.as_deref()),
            (speaker, cue),
            "sentence: {s}"
        );
    }

    #[test]
    fn appositive_name_after_date_phrase() {
        check(
            "On March 3, the head of Norway's Coastal Survey Office, Rear Admiral Ingrid Solberg, reported that the fleet agreed to chart 4,000 kilometres of coastline.",
            Some("Rear Admiral Ingrid Solberg"),
            Some("reported"),
        );
        check(
            "On March 3 the head of the agency, Maj. Gen. Olena Petrenko, said that the navy may ask for more.",
            Some("Maj. Gen. Olena Petrenko"),
            Some("said"),
        );
        check(
            "On March 3, the head of the CSO reported that Oslo agreed to send surveyors.",
            Some("the head of the CSO"),
            Some("reported"),
        );
        check(
            "Solberg, the CSO chief, said on Friday that Oslo agreed.",
            Some("Solberg"),
            Some("said"),
        );
        check(
            "The ministry, however, said the surveyors hold seasonal permits.",
            Some("The ministry"),
            Some("said"),
        );
    }

    #[test]
    fn subject_before_verb() {
        check(
            "The official said that the first group arrived.",
            Some("The official"),
            Some("said"),
        );
        check(
            "Beijing has repeatedly said that it implements sanctions.",
            Some("Beijing"),
            Some("said"),
        );
        check(
            "Russia blocked the statement later that day, diplomats said.",
            Some("diplomats"),
            Some("said"),
        );
        check(
            "The cost may exceed twelve million, the Danish audit service reportedly told lawmakers.",
            Some("the Danish audit service"),
            Some("told"),
        );
        check(
            "On Tuesday the ministry said it would respond.",
            Some("the ministry"),
            Some("said"),
        );
        check(
            "Yesterday, Seoul warned of a launch.",
            Some("Seoul"),
            Some("warned"),
        );
        check(
            "Solberg on Friday said Oslo agreed.",
            Some("Solberg"),
            Some("said"),
        );
        check(
            "The Danish Ministry of Fisheries (MoF) claimed on March 3 that cod stocks recovered.",
            Some("The Danish Ministry of Fisheries"),
            Some("claimed"),
        );
        check(
            "Как сообщил Сольберг, Норвегия отправит геодезистов.",
            Some("Сольберг"),
            Some("сообщил"),
        );
    }

    #[test]
    fn speakers_are_noun_phrases_not_clauses() {
        // Content clause before an inverted verb: the clause is not the speaker.
        check(
            "They cannot accept the new quota, said Ruth Abara, who leads the cooperative.",
            Some("Ruth Abara"),
            Some("said"),
        );
        check(
            "We will never sign it, they said.",
            Some("they"),
            Some("said"),
        );
        // A coordinated verb shares the subject of its clause.
        check(
            "The governor toured the flooded streets and said the dam had held.",
            Some("The governor"),
            Some("said"),
        );
        // A relative clause: its antecedent speaks.
        check(
            "The inspectors met tenants who complained that the heating was off.",
            Some("tenants"),
            Some("complained"),
        );
        check(
            "The office that handles the permits confirmed the delay.",
            Some("The office"),
            Some("confirmed"),
        );
        // Adverbs and subordinators are not part of the speaker.
        check(
            "Instead, the treasurer said the fund was empty.",
            Some("the treasurer"),
            Some("said"),
        );
        check(
            "When a reporter asked about the fleet, the admiral left the room.",
            Some("a reporter"),
            Some("asked"),
        );
        // The object of "told" is the audience.
        check(
            "The harbour master told a committee of the council that the pier was unsafe.",
            Some("The harbour master"),
            Some("told"),
        );
        // The name wins over its appositive.
        check(
            "Governor Ilse Marn, Independent of Tirol, warned of avalanches.",
            Some("Governor Ilse Marn"),
            Some("warned"),
        );
        // Cue words inside a quotation do not win over the attribution after it.
        check(
            "\"Nobody told us anything,\" the fisherman said.",
            Some("the fisherman"),
            Some("said"),
        );
        // A noun is not a cue.
        check(
            "The station, citing reports from two villages, said the road was cut.",
            Some("The station"),
            Some("said"),
        );
        check("Several claims of abuse reached the office.", None, None);
    }

    #[test]
    fn no_speaker_holds_a_finite_verb() {
        for s in [
            "The council has tried to delay the audit, the treasurer alleged.",
            "The ministry bemoaned the cuts and insisted that the plan would work.",
            "Whoever wrote the letter wanted attention, the detective argued.",
            "The clinic hired nurses who said the wards were cold.",
        ] {
            let toks = tokenize(s);
            let lang = tagger::detect(&toks);
            let tags = tagger::tag(&toks, lexicon::get(lang));
            for l in sentence_attribution(s, &toks).links {
                let at = s
                    .find(&l.speaker)
                    .expect("speaker is a span of the sentence");
                let end = at + l.speaker.len();
                for (t, tag) in toks.iter().zip(&tags) {
                    if t.start >= at && t.end <= end {
                        assert!(
                            !matches!(tag, Pos::Verb | Pos::Aux),
                            "{s}: speaker {:?} holds {:?}",
                            l.speaker,
                            t.text
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn citing_levels_nest_inside_the_citing_source() {
        assert_eq!(
            names("The Evening Post, citing port officials, reported that the ferry sank."),
            pairs(&[
                ("The Evening Post", "reported"),
                ("port officials", "citing")
            ])
        );
        assert_eq!(
            names("The tanker was empty, according to the coast agency, which cited radar data."),
            pairs(&[
                ("the coast agency", "according to"),
                ("radar data", "cited")
            ])
        );
        assert_eq!(
            names("Газета, ссылаясь на источники в мэрии, сообщила, что мост закроют."),
            pairs(&[("Газета", "сообщила"), ("источники в мэрии", "ссылаясь на")])
        );
    }

    #[test]
    fn spanish() {
        check(
            "La alcaldesa de Talca, Inés Robledo, afirmó que el agua volverá el lunes.",
            Some("Inés Robledo"),
            Some("afirmó"),
        );
        check(
            "Robledo sostuvo que la empresa no avisó a tiempo.",
            Some("Robledo"),
            Some("sostuvo"),
        );
        check(
            "Según la empresa sanitaria, el corte durará dos días.",
            Some("la empresa sanitaria"),
            Some("según"),
        );
        check(
            "«No habrá racionamiento», dijo el ministro de Obras Públicas.",
            Some("el ministro de Obras Públicas"),
            Some("dijo"),
        );
        check(
            "El gerente ha asegurado que la planta sigue abierta.",
            Some("El gerente"),
            Some("ha asegurado"),
        );
        // "Decir" in another sense, and no speaker at all.
        check("El río se secó en marzo.", None, None);
    }

    #[test]
    fn italian_and_portuguese() {
        check(
            "Il sindaco di Fano ha detto che le scuole restano chiuse.",
            Some("Il sindaco di Fano"),
            Some("ha detto"),
        );
        check(
            "Secondo l'azienda sanitaria, i casi sono nove.",
            Some("l'azienda sanitaria"),
            Some("secondo"),
        );
        check(
            "O prefeito de Arica disse que não haverá racionamento.",
            Some("O prefeito de Arica"),
            Some("disse"),
        );
        // Portuguese, not Spanish or Italian, by its function words and its verb of saying.
        check(
            "O prefeito disse que a água voltou.",
            Some("O prefeito"),
            Some("disse"),
        );
        check(
            "Segundo a empresa, o abastecimento está garantido.",
            Some("a empresa"),
            Some("segundo"),
        );
    }

    #[test]
    fn german_and_french_word_order() {
        check(
            "Am Dienstag sagte die Sprecherin der Stadt, die Brücke sei gesperrt.",
            Some("die Sprecherin der Stadt"),
            Some("sagte"),
        );
        check(
            "Der Verband teilte am Abend mit, dass die Messe ausfällt.",
            Some("Der Verband"),
            Some("teilte mit"),
        );
        check(
            "Wie die Behörde mitteilte, ist der Tunnel offen.",
            Some("die Behörde"),
            Some("mitteilte"),
        );
        check(
            "« Rien n'est décidé », a précisé la porte-parole.",
            Some("la porte-parole"),
            Some("a précisé"),
        );
        check(
            "« C'est faux », a-t-il répondu.",
            Some("il"),
            Some("répondu"),
        );
    }

    #[test]
    fn according_to() {
        check(
            "The ferry will carry more trucks, according to a regional transport official in Tromsø.",
            Some("a regional transport official in Tromsø"),
            Some("according to"),
        );
        check(
            "According to the Institute for Coastal Research (ICR), the dunes advanced.",
            Some("the Institute for Coastal Research"),
            Some("according to"),
        );
        check(
            "According to U.S. officials, the shells came from North Korea.",
            Some("U.S. officials"),
            Some("according to"),
        );
    }

    #[test]
    fn inverted_speaker() {
        check(
            "\"We comply with our obligations,\" said the spokesperson.",
            Some("the spokesperson"),
            Some("said"),
        );
        check(
            "The launch failed, said Kim Min-seo, a ministry official.",
            Some("Kim Min-seo"),
            Some("said"),
        );
        check(
            "Об этом сообщил глава МЧС Павел Гринёв.",
            Some("глава МЧС Павел Гринёв"),
            Some("сообщил"),
        );
        check(
            "Про це повідомив начальник ДСНС Павло Гриненко.",
            Some("начальник ДСНС Павло Гриненко"),
            Some("повідомив"),
        );
    }

    #[test]
    fn other_languages() {
        check(
            "По данным министерства транспорта Мурманской области, паром перевезёт ещё три тысячи грузовиков.",
            Some("министерства транспорта Мурманской области"),
            Some("по данным"),
        );
        check(
            "Представитель ведомства сообщил, что паромы будут ходить по выходным.",
            Some("Представитель ведомства"),
            Some("сообщил"),
        );
        check(
            "За даними ДСНС, пожежу в історичному центрі загасили.",
            Some("ДСНС"),
            Some("за даними"),
        );
        check(
            "Laut dem Ministerium schickt Norwegen Fähren.",
            Some("dem Ministerium"),
            Some("laut"),
        );
        check(
            "Der Sprecher sagte, Russland halte sich an die Regeln.",
            Some("Der Sprecher"),
            Some("sagte"),
        );
        check(
            "합동참모본부는 북한이 미사일을 발사했다고 밝혔다.",
            Some("합동참모본부"),
            Some("밝혔다"),
        );
        // A subject particle further in, with the words that modify it; an adverbial topic
        // ("대해서는") and a date are no speaker.
        check(
            "부산항만공사의 김민준 사장이 \"다음 달 재개한다\"고 말했다.",
            Some("부산항만공사의 김민준 사장"),
            Some("말했다"),
        );
        check(
            "김 사장은 20일 부산에서 열린 간담회에서 이같이 밝혔다.",
            Some("김 사장"),
            Some("밝혔다"),
        );
        check(
            "재개 시점에 대해서는 \"미정\"이라고 말했다.",
            None,
            Some("말했다"),
        );
        check(
            "부산항만공사에 따르면 작업은 다음 달 재개된다.",
            Some("부산항만공사"),
            Some("따르면"),
        );
    }

    #[test]
    fn no_cue_or_noun_uses() {
        check("North Korea launched a missile.", None, None);
        check(
            "Media reports of the deal could not be verified.",
            None,
            None,
        );
        check("Said Khan arrived in Moscow.", None, None);
        check(
            "Many look for jobs in Kazakhstan and in the Gulf states instead.",
            None,
            None,
        );
        // A cue without a recoverable speaker still reports the cue.
        check("It was said that the talks failed.", None, Some("said"));
        // "X said that Y agreed": the first cue with a speaker wins.
        check(
            "It was said that Norway agreed to pay.",
            Some("Norway"),
            Some("agreed"),
        );
    }

    fn chain(s: &str) -> (Vec<(String, String, bool)>, bool) {
        let a = sentence_attribution(s, &tokenize(s));
        (
            a.links
                .into_iter()
                .map(|l| (l.speaker, l.cue, l.outer))
                .collect(),
            a.anaphoric,
        )
    }

    fn names(s: &str) -> Vec<(String, String)> {
        chain(s).0.into_iter().map(|(sp, c, _)| (sp, c)).collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn nested_chain_is_outermost_first() {
        assert_eq!(
            names("The Gazette reports that the think tank says that Colonel Ivan Petrov reported that the minister agreed to send cooks."),
            pairs(&[
                ("The Gazette", "reports"),
                ("the think tank", "says"),
                ("Colonel Ivan Petrov", "reported"),
                ("the minister", "agreed"),
            ])
        );
    }

    #[test]
    fn trailing_attribution_wraps_the_inner_one() {
        let (links, _) = chain(
            "The analysts say that Minsk agreed to host the drills, the Daily Ledger reports.",
        );
        assert_eq!(
            links,
            [
                ("the Daily Ledger".to_string(), "reports".to_string(), true),
                ("The analysts".to_string(), "say".to_string(), false),
                ("Minsk".to_string(), "agreed".to_string(), false),
            ]
        );
        // "according to" wraps a subject-verb attribution wherever it stands.
        assert_eq!(
            names("The colonel said the depot burned, according to the regional paper."),
            pairs(&[
                ("the regional paper", "according to"),
                ("The colonel", "said")
            ])
        );
    }

    #[test]
    fn passive_and_anaphoric_sources() {
        let (links, anaphoric) =
            chain("This was reported in a briefing by the Harbour Institute (HI).");
        assert!(anaphoric);
        assert_eq!(links[0].0, "the Harbour Institute");
        assert_eq!(links[0].1, "reported");
        let (links, anaphoric) = chain("Об этом говорится в докладе аналитического центра.");
        assert!(anaphoric);
        assert_eq!(links[0].0, "докладе аналитического центра");
        let (_, anaphoric) = chain("Про це повідомив речник відомства.");
        assert!(anaphoric);
        let (links, anaphoric) = chain("The minister said that this was agreed.");
        assert!(!anaphoric);
        assert_eq!(links.len(), 1);
        // An expletive "it" is not a back-reference, and a passive without an agent has no
        // speaker.
        let (links, anaphoric) = chain("It was reported that the port closed.");
        assert!(!anaphoric && links.is_empty());
    }

    #[test]
    fn cue_verbs_in_several_languages() {
        check(
            "Гринёв согласился помочь с ремонтом паромов.",
            Some("Гринёв"),
            Some("согласился"),
        );
        check(
            "Аналітики зазначили, що Норвегія надіслала пороми.",
            Some("Аналітики"),
            Some("зазначили"),
        );
        check(
            "Die Denkfabrik berichtet, Oslo werbe Kapitäne an.",
            Some("Die Denkfabrik"),
            Some("berichtet"),
        );
        check(
            "Le ministre a précisé que les ferries étaient arrivés.",
            Some("Le ministre"),
            Some("a précisé"),
        );
        check(
            "The think tank assessed that Oslo will build more.",
            Some("The think tank"),
            Some("assessed"),
        );
    }

    #[test]
    fn polysemous_verbs_of_saying() {
        // "recall" reports only with a content clause, or closing its clause.
        check("The brewery recalled two million bottles.", None, None);
        check(
            "The pilot recalled that the engine had stalled twice.",
            Some("The pilot"),
            Some("recalled"),
        );
        check(
            "\"The hangar was empty,\" the pilot recalled.",
            Some("the pilot"),
            Some("recalled"),
        );
        check("Le musée a rappelé deux tableaux prêtés.", None, None);
        // A particle makes another verb: "called off", German "sagte ... ab".
        check("The league called off the final.", None, None);
        check("Die Stadt sagte das Konzert ab.", None, None);
        // "asked not to be named" is a request.
        check(
            "The pier was closed, said a harbour worker who asked not to be named.",
            Some("a harbour worker"),
            Some("said"),
        );
        // A fixed phrase opening the sentence.
        check("Autrement dit, le bac ne part pas.", None, None);
    }

    #[test]
    fn german_promise_and_passive() {
        check(
            "Die Bürgermeisterin versprach neue Radwege.",
            Some("Die Bürgermeisterin"),
            Some("versprach"),
        );
        check(
            "Der Fahrplan wurde am Montag von der Hafenbehörde bekanntgegeben.",
            Some("der Hafenbehörde"),
            Some("bekanntgegeben"),
        );
        // A passive without its agent names nobody.
        check(
            "Der Fahrplan werde bald bekanntgegeben.",
            None,
            Some("bekanntgegeben"),
        );
    }

    #[test]
    fn russian_genitives_in_ala_are_not_verbs() {
        check(
            "Директор вокзала заявил, что касса закрыта.",
            Some("Директор вокзала"),
            Some("заявил"),
        );
        check(
            "Смотрители маяка рассказали, что шторм стих.",
            Some("Смотрители маяка"),
            Some("рассказали"),
        );
    }

    #[test]
    fn case_marked_adjuncts_are_not_subjects() {
        check(
            "Лоцман на условиях анонимности сообщил, что пирс треснул.",
            Some("Лоцман"),
            Some("сообщил"),
        );
        check(
            "О закрытии пирса сообщила портовая служба.",
            Some("портовая служба"),
            Some("сообщила"),
        );
    }

    #[test]
    fn insertions_inside_quotations() {
        check(
            "«Паром уйдёт, — сказал капитан, — но без груза».",
            Some("капитан"),
            Some("сказал"),
        );
        check(
            "« Le bac partira, a dit le capitaine, mais sans fret. »",
            Some("le capitaine"),
            Some("a dit"),
        );
    }

    #[test]
    fn headline_colons() {
        check(
            "Port Chief Anna Lind: the pier will reopen in June",
            Some("Port Chief Anna Lind"),
            Some(":"),
        );
        check(
            "Мэр Гринёва: причал откроют в июне",
            Some("Мэр Гринёва"),
            Some(":"),
        );
        // A label, a bare name (a team as often as a person), a determiner or a clause before
        // the colon is no speaker.
        check("Update: the pier will reopen in June", None, None);
        check("Ticket details: the pier will reopen in June", None, None);
        check("Harbourside: the team will travel on Friday", None, None);
        check("The reason is simple: the pier is old", None, None);
    }

    #[test]
    fn content_clauses_after_cues_and_audiences() {
        assert_eq!(
            names("The captain told the crew that divers had warned the hull was cracked."),
            pairs(&[("The captain", "told"), ("divers", "warned")])
        );
        assert_eq!(
            names("The gazette reported that pilots believed the channel was silted."),
            pairs(&[("The gazette", "reported"), ("pilots", "believed")])
        );
        // An appositive name closing the sentence after an inverted description.
        check(
            "\"The channel is clear,\" said the head of the pilots' guild, Ada Brenner.",
            Some("Ada Brenner"),
            Some("said"),
        );
    }

    #[test]
    fn manner_nouns_after_a_prepositional_cue_attribute_nothing() {
        assert_eq!(
            names("Repairs proceeded according to the schedule at every station."),
            pairs(&[])
        );
        assert_eq!(
            names("The rollout went according to plan, the operator said."),
            pairs(&[("the operator", "said")])
        );
        assert_eq!(
            names("According to engineers, the rollout went smoothly."),
            pairs(&[("engineers", "according to")])
        );
    }

    #[test]
    fn german_closing_so_names_the_speaker_after_it() {
        assert_eq!(
            names("Die Mieten stiegen im Herbst um vier Prozent, so der Mieterbund."),
            pairs(&[("der Mieterbund", "so")])
        );
        // Not closing the sentence with a noun phrase: a conjunction.
        assert_eq!(
            names("Es regnete den ganzen Tag, so blieben alle zu Hause."),
            pairs(&[])
        );
    }

    #[test]
    fn passive_agent_yields_to_a_closing_appositive_name() {
        assert_eq!(
            names("The budget was rejected by the council's treasurer, Edda Moor."),
            pairs(&[("Edda Moor", "rejected")])
        );
        assert_eq!(
            names("The budget was rejected by the council's treasurer, who resigned."),
            pairs(&[("the council's treasurer", "rejected")])
        );
    }

    #[test]
    fn french_object_clitics_and_contested() {
        assert_eq!(
            names("Le préfet a déclaré que le ministre lui avait promis des renforts."),
            pairs(&[("Le préfet", "a déclaré"), ("le ministre", "avait promis")])
        );
        assert_eq!(
            names("Les résultats ont été contestés par le syndicat des pêcheurs."),
            pairs(&[("le syndicat des pêcheurs", "contestés")])
        );
    }

    #[test]
    fn russian_and_ukrainian_passive_agent_is_the_instrumental_phrase() {
        assert_eq!(
            names("Эти сведения были подтверждены начальником полиции района."),
            pairs(&[("начальником полиции района", "подтверждены")])
        );
        assert_eq!(
            names("Ці відомості було підтверджено керівником поліції району."),
            pairs(&[("керівником поліції району", "підтверджено")])
        );
        // No agent: a time phrase or a preposition after the participle.
        assert_eq!(
            names("Эти сведения были подтверждены в пятницу."),
            pairs(&[])
        );
    }

    #[test]
    fn headline_title_may_hold_lowercase_words_after_it() {
        assert_eq!(
            names("Начальник полиции Дронов: «Улицы будут открыты к вечеру»"),
            pairs(&[("Начальник полиции Дронов", ":")])
        );
        assert_eq!(
            names("Начальник митниці Гнатюк: черги зникнуть до неділі"),
            pairs(&[("Начальник митниці Гнатюк", ":")])
        );
        // Lowercase words before the name without a title opening the headline: a label.
        assert_eq!(
            names("Latest from Oslo: quotas will stay as they are"),
            pairs(&[])
        );
    }

    #[test]
    fn quoted_name_after_its_noun_is_part_of_the_speaker() {
        assert_eq!(
            names("Телеканал «Северный берег» сообщил, что паром отменили."),
            pairs(&[("Телеканал «Северный берег»", "сообщил")])
        );
        assert_eq!(
            names("Тижневик «Вечірній порт», посилаючись на митників, повідомив, що черги зросли."),
            pairs(&[
                ("Тижневик «Вечірній порт»", "повідомив"),
                ("митників", "посилаючись на"),
            ])
        );
        // A quotation after the verb is no name: the speaker is still the subject alone.
        assert_eq!(
            names("Мэр сказал «Нет» и ушёл."),
            pairs(&[("Мэр", "сказал")])
        );
    }

    #[test]
    fn plural_possessive_stays_inside_the_speaker() {
        assert_eq!(
            names("The reform was rejected by the teachers' unions."),
            pairs(&[("the teachers' unions", "rejected")])
        );
        assert_eq!(
            names("Residents' groups said the park would be lost."),
            pairs(&[("Residents' groups", "said")])
        );
        // A noun form after a possessive is a noun.
        assert_eq!(
            names("The pilots' claims for back pay will be heard in May."),
            pairs(&[])
        );
    }

    #[test]
    fn russian_adjective_postmodifier_stays_with_its_noun() {
        assert_eq!(
            names("Собеседник, близкий к руководству порта, сказал, что причал закроют."),
            pairs(&[("Собеседник, близкий к руководству порта", "сказал")])
        );
        // A name wins over an appositive with a preposition.
        assert_eq!(
            names("Олег Мирный, директор по продажам, сказал, что цены вырастут."),
            pairs(&[("Олег Мирный", "сказал")])
        );
    }

    #[test]
    fn arabic_verb_first_speaker_follows_the_verb() {
        // A conjunction on the verb is not part of the cue; time adjuncts end the speaker.
        check(
            "وأعلن محافظ المدينة سامي الخوري مساء الأحد أن المدارس ستغلق.",
            Some("محافظ المدينة سامي الخوري"),
            Some("أعلن"),
        );
        // Subject first.
        check(
            "النقابة أكدت أن الإضراب مستمر.",
            Some("النقابة"),
            Some("أكدت"),
        );
        // "Title X, Name, said": the name between the commas.
        check(
            "وقال مدير الميناء، كريم الصافي، إن السفن ستبحر غدا.",
            Some("كريم الصافي"),
            Some("قال"),
        );
        // The audience ends the speaker.
        check(
            "قال القاضي للصحفيين إن الجلسة أرجئت.",
            Some("القاضي"),
            Some("قال"),
        );
        // A gesture, not a verb of saying: no content clause follows.
        check("أشار الحارس بيده نحو البوابة.", None, Some("أشار"));
    }

    #[test]
    fn arabic_prepositional_cited_and_passive_sources() {
        // The preposition written on the source goes to the cue, with the article it carries.
        assert_eq!(
            names("ووفقاً لهيئة الانتخابات، بلغت نسبة المشاركة ستين في المئة."),
            pairs(&[("هيئة الانتخابات", "وفقاً ل")])
        );
        assert_eq!(
            names("وفقا للشرطة، أصيب ثلاثة أشخاص."),
            pairs(&[("شرطة", "وفقا ل")])
        );
        assert_eq!(names("بحسب المخطط، ستفتح المحطة في الصيف."), pairs(&[]));
        assert_eq!(
            names("أفادت قناة «النهار الأول»، نقلا عن ضابط في الشرطة، بأن المشتبه به فر."),
            pairs(&[("قناة «النهار الأول»", "أفادت"), ("ضابط", "نقلا عن")])
        );
        assert_eq!(
            names("تم نفي الخبر من قبل مكتب الرئيس."),
            pairs(&[("مكتب الرئيس", "تم نفي")])
        );
        assert_eq!(names("يُزعم أن القائد غادر البلاد."), pairs(&[]));
        // Persian (گ, ی, ک) is not read with the Arabic lists.
        assert_eq!(names("به نقل از خبرگزاری محلی، آن پل بسته شد."), pairs(&[]));
        // "issued by" stays in the speaker; "عن" after any other verb cites no one.
        assert_eq!(
            names("وذكر بيان صادر عن النقابة أن الإضراب انتهى."),
            pairs(&[("بيان صادر عن النقابة", "ذكر")])
        );
        // "بحسب ما نقلته X": the verb names the source.
        assert_eq!(
            names("وبحسب ما أوردته قناة محلية، فإن الجسر انهار."),
            pairs(&[("قناة محلية", "أوردته")])
        );
    }

    #[test]
    fn turkish_subject_before_the_final_verb() {
        // After the participle clause that describes the speaker.
        check(
            "Dün gazetecilere konuşan Enerji Bakanı Cem Ateş, elektrik fiyatlarının artmayacağını söyledi.",
            Some("Enerji Bakanı Cem Ateş"),
            Some("söyledi"),
        );
        // Before the adverbial clause with an object participle.
        check(
            "Belediye yaptığı açıklamada, suların akşam kesileceğini duyurdu.",
            Some("Belediye"),
            Some("duyurdu"),
        );
        // No comma: the first word and its possessed head.
        check(
            "Okul müdürü velilere derslerin pazartesi başlayacağını bildirdi.",
            Some("Okul müdürü"),
            Some("bildirdi"),
        );
        // After a quotation, the words after the verb.
        check(
            "\"Liman kapanmayacak\" dedi Ulaştırma Bakanı.",
            Some("Ulaştırma Bakanı"),
            Some("dedi"),
        );
        // A passive with no agent attributes nothing; with one, the agent.
        check(
            "Toplantının ertelendiği açıklandı.",
            None,
            Some("açıklandı"),
        );
        check(
            "Karar, Anayasa Mahkemesi tarafından doğrulandı.",
            Some("Anayasa Mahkemesi"),
            Some("doğrulandı"),
        );
    }

    #[test]
    fn turkish_according_to_and_nominalised_cues() {
        assert_eq!(
            names("Anadolu Ajansı'na göre seçim haziranda yapılacak."),
            pairs(&[("Anadolu Ajansı", "göre")])
        );
        // "göre" comparing or setting a manner.
        assert_eq!(names("Satışlar geçen aya göre yüzde 8 düştü."), pairs(&[]));
        assert_eq!(
            names("Programa göre tören saat onda başlayacak."),
            pairs(&[])
        );
        assert_eq!(
            names("Gazeteci Ece Tan, Demir'in istifa edeceğini söylediğini aktardı."),
            pairs(&[("Gazeteci Ece Tan", "aktardı"), ("Demir", "söylediğini")])
        );
    }

    #[test]
    fn turkish_is_told_from_its_letters_and_case_suffixes() {
        let lang = |s: &str| tagger::detect(&tokenize(s));
        // No ı, ğ or ş: the apostrophe suffix and "göre" decide.
        assert_eq!(
            lang("Reuters'a göre anlaşma cuma günü imzalanacak."),
            Lang::Tr
        );
        // Many ü and ö, but Turkish words.
        assert_eq!(
            lang("Fabrika müdürü işçilere maaşların perşembe günü ödeneceğini söyledi."),
            Lang::Tr
        );
        // A Turkish name in a German or English sentence.
        assert_eq!(
            lang("Der Trainer Emre Yıldız sagte, dass die Mannschaft müde sei."),
            Lang::De
        );
        assert_eq!(
            lang("Coach Emre Yıldız said that the team was tired."),
            Lang::En
        );
        assert_eq!(lang("O'Brien said that the port will reopen."), Lang::En);
    }
}
