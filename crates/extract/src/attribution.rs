//! Who says a sentence, and with which cue.
//!
//! Three shapes are recognised:
//!
//! * **subject + reporting verb**: "The official said that ...", "..., diplomats said." The
//!   speaker is the noun phrase before the verb inside the same clause, after dropping a leading
//!   time phrase ("On June 7, ...") and auxiliaries/adverbs right before the verb ("has
//!   repeatedly said"). When the verb directly follows an appositive ("the head of X,
//!   Lieutenant General Y Z, reported"), the name is preferred.
//! * **inverted**: `"...," said the minister.` / "Об этом сообщил глава ГУР." The speaker is the
//!   short phrase after the verb.
//! * **prepositional**: "according to X", "по данным X", "laut X", "за даними X": the phrase after
//!   the cue up to the next clause delimiter.
//!
//! Korean sentence-final verbs (밝혔다, 말했다) give a cue; the speaker is the sentence's first
//! word when it carries a topic/subject particle.
//!
//! * **passive**: "This is stated in an analysis by X", "It was reported by X", "Об этом
//!   говорится в докладе X": the phrase after "by" (else "in"/"в"/"у").
//!
//! # Chains
//!
//! [`sentence_attribution`] collects every cue of a sentence that has a speaker, and orders them
//! outermost first:
//!
//! 1. *trailing* verbs that wrap the whole sentence ("..., News.bg reports.", "..., said the
//!    minister."): the verb ends the sentence, or only its inverted speaker follows it;
//! 2. prepositional cues ("according to X", "по данным X"), in text order;
//! 3. every other cue in text order: "ISW says that Budanov reported that Shoigu agreed" nests
//!    left to right.
//!
//! A sentence whose subject is an anaphoric filler ("This is stated in ...", "Об этом сообщил
//! ...", "Про це повідомив ...") is flagged [`SentenceAttribution::anaphoric`]: it names the
//! source of what came before (see `claims` for how that is carried back).
//!
//! Pronouns and short names are resolved across sentences in `chain`, not here.

use crate::tokens::{tokenize, Token};

/// Who asserts a sentence, and the cue that says so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    pub speaker: Option<String>,
    /// The cue in lowercase canonical form ("said", "according to", "по данным").
    pub cue: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    /// A reporting verb: the speaker is its subject (or, inverted, follows it).
    Verb,
    /// A preposition: the speaker follows it.
    Prep,
    /// A sentence-final verb (Korean): the speaker is the topic of the sentence.
    Final,
    /// An impersonal verb ("говорится", "йдеться"): the speaker follows a preposition.
    Impersonal,
}

use CueKind::{Final, Impersonal, Prep, Verb};

const CUES: &[(&[&str], CueKind)] = &[
    // English
    (&["according", "to"], Prep),
    (&["said"], Verb),
    (&["says"], Verb),
    (&["say"], Verb),
    (&["reported"], Verb),
    (&["reports"], Verb),
    (&["stated"], Verb),
    (&["noted"], Verb),
    (&["told"], Verb),
    (&["claimed"], Verb),
    (&["claims"], Verb),
    (&["indicated"], Verb),
    (&["announced"], Verb),
    (&["warned"], Verb),
    (&["agreed"], Verb),
    (&["added"], Verb),
    (&["confirmed"], Verb),
    (&["emphasized"], Verb),
    (&["emphasised"], Verb),
    (&["stressed"], Verb),
    (&["highlighted"], Verb),
    (&["wrote"], Verb),
    (&["writes"], Verb),
    (&["assessed"], Verb),
    (&["assesses"], Verb),
    (&["argued"], Verb),
    (&["alleged"], Verb),
    (&["insisted"], Verb),
    (&["explained"], Verb),
    (&["revealed"], Verb),
    (&["estimated"], Verb),
    (&["indicates"], Verb),
    // Russian
    (&["по", "данным"], Prep),
    (&["по", "словам"], Prep),
    (&["по", "информации"], Prep),
    (&["по", "сведениям"], Prep),
    (&["сообщил"], Verb),
    (&["сообщила"], Verb),
    (&["сообщили"], Verb),
    (&["сообщило"], Verb),
    (&["заявил"], Verb),
    (&["заявила"], Verb),
    (&["заявили"], Verb),
    (&["заявило"], Verb),
    (&["сказал"], Verb),
    (&["сказала"], Verb),
    (&["отметил"], Verb),
    (&["отметила"], Verb),
    (&["подтвердил"], Verb),
    (&["подтвердила"], Verb),
    (&["сообщает"], Verb),
    (&["сообщают"], Verb),
    (&["заявляет"], Verb),
    (&["заявляют"], Verb),
    (&["пишет"], Verb),
    (&["пишут"], Verb),
    (&["отмечает"], Verb),
    (&["отмечают"], Verb),
    (&["отметили"], Verb),
    (&["утверждает"], Verb),
    (&["подчеркнул"], Verb),
    (&["указал"], Verb),
    (&["согласился"], Verb),
    (&["согласилась"], Verb),
    (&["согласились"], Verb),
    (&["говорится"], Impersonal),
    (&["сообщается"], Impersonal),
    (&["отмечается"], Impersonal),
    // Ukrainian
    (&["за", "даними"], Prep),
    (&["за", "словами"], Prep),
    (&["за", "інформацією"], Prep),
    (&["повідомив"], Verb),
    (&["повідомила"], Verb),
    (&["повідомили"], Verb),
    (&["заявив"], Verb),
    (&["заявила"], Verb),
    (&["заявили"], Verb),
    (&["сказав"], Verb),
    (&["зазначив"], Verb),
    (&["зазначила"], Verb),
    (&["зазначили"], Verb),
    (&["зазначає"], Verb),
    (&["повідомляє"], Verb),
    (&["повідомляють"], Verb),
    (&["заявляє"], Verb),
    (&["пише"], Verb),
    (&["наголосив"], Verb),
    (&["вказав"], Verb),
    (&["погодився"], Verb),
    (&["погодилася"], Verb),
    (&["йдеться"], Impersonal),
    (&["ідеться"], Impersonal),
    (&["повідомляється"], Impersonal),
    // German
    (&["laut"], Prep),
    (&["sagte"], Verb),
    (&["sagten"], Verb),
    (&["berichtete"], Verb),
    (&["berichteten"], Verb),
    (&["erklärte"], Verb),
    (&["teilte", "mit"], Verb),
    (&["mitteilte"], Verb),
    (&["berichtet"], Verb),
    (&["berichten"], Verb),
    (&["sagt"], Verb),
    (&["erklärt"], Verb),
    (&["schreibt"], Verb),
    (&["betonte"], Verb),
    (&["bestätigte"], Verb),
    (&["stellte", "fest"], Verb),
    // French
    (&["selon"], Prep),
    (&["d'après"], Prep),
    (&["a", "déclaré"], Verb),
    (&["a", "affirmé"], Verb),
    (&["a", "indiqué"], Verb),
    (&["a", "dit"], Verb),
    (&["a", "annoncé"], Verb),
    (&["a", "précisé"], Verb),
    (&["a", "souligné"], Verb),
    (&["a", "rapporté"], Verb),
    (&["rapporte"], Verb),
    (&["affirme"], Verb),
    (&["indique"], Verb),
    // Korean
    (&["밝혔다"], Final),
    (&["말했다"], Final),
    (&["전했다"], Final),
    (&["보도했다"], Final),
    (&["발표했다"], Final),
];

/// Words between a subject and its verb that are skipped ("has repeatedly said").
const SKIP_BEFORE_VERB: &[&str] = &[
    "also",
    "has",
    "have",
    "had",
    "is",
    "was",
    "were",
    "repeatedly",
    "previously",
    "earlier",
    "later",
    "reportedly",
    "recently",
    "already",
    "then",
    "again",
    "publicly",
    "officially",
    "separately",
    "further",
    "once",
    "just",
    "now",
    "ранее",
    "также",
    "уже",
    "официально",
    "тоже",
    "неоднократно",
    "раніше",
    "також",
    "вже",
    "офіційно",
    "неодноразово",
    "auch",
    "bereits",
];

/// Words that make a following "reports"/"claims" a noun.
const NOUN_CONTEXT: &[&str] = &[
    "the",
    "a",
    "an",
    "media",
    "news",
    "press",
    "these",
    "those",
    "such",
    "recent",
    "local",
    "some",
    "many",
    "unconfirmed",
    "of",
    "his",
    "her",
    "their",
    "its",
    "our",
    "earlier",
    "initial",
    "official",
    "intelligence",
];

/// Clause delimiters.
const DELIMS: &[char] = &[
    ',', ';', ':', '(', ')', '"', '«', '»', '“', '”', '„', '—', '–', '-', '[', ']',
];

/// Subjects that are fillers, not speakers: the speaker then follows the verb.
const FILLERS: &[&[&str]] = &[
    &["об", "этом"],
    &["о", "том"],
    &["как"],
    &["это"],
    &["про", "це"],
    &["як"],
    &["це"],
    &["wie"],
    &["dies"],
    &["das"],
    &["as"],
    &["this"],
    &["it"],
];

/// First words that rule out a phrase after a verb being its (inverted) subject.
const NOT_A_SUBJECT: &[&str] = &[
    "that",
    "what",
    "whether",
    "how",
    "to",
    "on",
    "in",
    "at",
    "for",
    "with",
    "about",
    "last",
    "earlier",
    "later",
    "during",
    "after",
    "before",
    "it",
    "this",
    "reporters",
    "journalists",
    "lawmakers",
    "parliament",
    "by",
    "from",
    "что",
    "о",
    "об",
    "в",
    "во",
    "на",
    "как",
    "это",
    "журналистам",
    "що",
    "про",
    "у",
    "до",
    "журналістам",
    "dass",
    "am",
    "im",
    "que",
    "à",
    "en",
];

/// Leading words that make an appositive segment a relative or discourse clause.
const NOT_AN_APPOSITIVE: &[&str] = &[
    "who",
    "which",
    "whose",
    "however",
    "meanwhile",
    "though",
    "too",
    "also",
    "speaking",
    "citing",
    "in",
    "for",
    "который",
    "которая",
    "которые",
    "однако",
    "впрочем",
    "який",
    "яка",
    "які",
    "проте",
    "втім",
    "der",
    "die",
    "das",
];

/// Words that open a time phrase ("On June 7", "Late on Tuesday").
const TIME_PREPS: &[&str] = &[
    "on", "in", "at", "by", "since", "late", "early", "earlier", "later", "last", "this", "next",
    "until", "в", "во", "у", "с", "со", "до", "am", "im", "le",
];

/// Words that name a time ("Tuesday", "June", "вчера").
const TIME_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "morning",
    "afternoon",
    "evening",
    "night",
    "week",
    "weekend",
    "month",
    "year",
    "day",
    "today",
    "yesterday",
    "tonight",
    "понедельник",
    "вторник",
    "среду",
    "четверг",
    "пятницу",
    "субботу",
    "воскресенье",
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
    "вчера",
    "сегодня",
    "утром",
    "вечером",
    "ночью",
    "года",
    "году",
    "г",
    "понеділок",
    "вівторок",
    "середу",
    "четвер",
    "п'ятницю",
    "суботу",
    "неділю",
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
    "вчора",
    "сьогодні",
    "вранці",
    "ввечері",
    "року",
    "р",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "gestern",
    "heute",
];

/// Function words inside time phrases ("on the same day", "late that night").
const TIME_FUNCTION_WORDS: &[&str] = &[
    "the", "that", "same", "of", "early", "late", "mid", "this", "last", "next",
];

/// Words that introduce reported content ("said that ...").
const COMPLEMENTIZERS: &[&str] = &["that", "что", "що", "dass", "que"];

const LEADING_CONJUNCTIONS: &[&str] = &[
    "and", "but", "so", "yet", "while", "then", "и", "а", "но", "і", "та", "und", "aber", "et",
    "mais",
];

const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "bin", "al", "ibn", "la", "le", "du", "da", "dos", "el",
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

/// Subjects that point back at the previous sentence(s).
const ANAPHORIC_SUBJECTS: &[&[&str]] = &[
    &["this"],
    &["that"],
    &["об", "этом"],
    &["о", "том"],
    &["это"],
    &["про", "це"],
    &["це"],
    &["dies"],
    &["das"],
    &["cela"],
    &["ceci"],
];

/// Forms of "to be" that make a following participle passive.
const BE_FORMS: &[&str] = &["is", "was", "were", "are", "been", "be", "being"];

/// All attribution levels of one sentence.
pub(crate) fn sentence_attribution(s: &str, toks: &[Token<'_>]) -> SentenceAttribution {
    let mut out = SentenceAttribution::default();
    let (mut trailing, mut preps, mut inner) = (Vec::new(), Vec::new(), Vec::new());
    let mut i = 0;
    while i < toks.len() {
        let Some((len, kind, words)) = cue_at(toks, i) else {
            i += 1;
            continue;
        };
        let cue = words.join(" ");
        out.first_cue.get_or_insert_with(|| cue.clone());
        match kind {
            Prep => {
                if let Some(sp) = phrase_after(
                    s,
                    toks,
                    i + len,
                    MAX_SPEAKER_WORDS,
                    false,
                    words == ["laut"],
                ) {
                    preps.push(SentenceLink {
                        speaker: sp,
                        cue,
                        outer: true,
                    });
                }
            }
            Final => {
                if let Some(sp) = topic_speaker(toks) {
                    inner.push(SentenceLink {
                        speaker: sp,
                        cue,
                        outer: false,
                    });
                }
            }
            Impersonal => {
                out.anaphoric |= anaphoric_subject(toks, i);
                if let Some(sp) = passive_speaker(s, toks, i + len, &["в", "во", "у"]) {
                    inner.push(SentenceLink {
                        speaker: sp,
                        cue,
                        outer: false,
                    });
                }
            }
            Verb => {
                if let Some(be) = passive_be(toks, i) {
                    out.anaphoric |= anaphoric_subject(toks, be);
                    if let Some(sp) = passive_speaker(s, toks, i + len, &["by", "in"]) {
                        inner.push(SentenceLink {
                            speaker: sp,
                            cue,
                            outer: false,
                        });
                    }
                } else if let Some(sp) = verb_speaker(s, toks, i, i + len) {
                    out.anaphoric |= anaphoric_subject(toks, i);
                    let outer = is_trailing(s, toks, i, i + len, &sp);
                    let link = SentenceLink {
                        speaker: sp,
                        cue,
                        outer,
                    };
                    if outer {
                        trailing.push(link);
                    } else {
                        inner.push(link);
                    }
                }
            }
        }
        i += len;
    }
    trailing.reverse();
    out.links = trailing.into_iter().chain(preps).chain(inner).collect();
    out
}

/// "is stated", "has been reported", "were reportedly told": the index of the form of "to be"
/// before the participle at `cue`.
fn passive_be(toks: &[Token<'_>], cue: usize) -> Option<usize> {
    let mut k = cue;
    while k > 0 {
        let w = toks[k - 1].lower_str();
        if BE_FORMS.contains(&w) {
            return Some(k - 1);
        }
        if !SKIP_BEFORE_VERB.contains(&w) || matches!(w, "has" | "have" | "had") {
            return None;
        }
        k -= 1;
    }
    None
}

/// The agent of a passive or impersonal cue: the phrase after the first of `preps` that follows
/// it (the last "by" wins over "in": "in an analysis by X" gives X).
fn passive_speaker(s: &str, toks: &[Token<'_>], from: usize, preps: &[&str]) -> Option<String> {
    let mut best = None;
    for (j, t) in toks.iter().enumerate().skip(from) {
        if t.is_punct(&[';', '!', '?']) || COMPLEMENTIZERS.contains(&t.lower_str()) {
            break;
        }
        if t.is_word() && preps.contains(&t.lower_str()) {
            let by = t.lower == "by";
            if best.is_none() || by {
                best = Some(j);
            }
            if by {
                break;
            }
        }
    }
    phrase_after(s, toks, best? + 1, MAX_SPEAKER_WORDS, false, false)
}

/// Whether the clause before token `end` is just an anaphoric filler ("This is", "Об этом").
fn anaphoric_subject(toks: &[Token<'_>], end: usize) -> bool {
    let start = toks[..end].iter().rposition(is_delim).map_or(0, |p| p + 1);
    let mut subject: Vec<&str> = toks[start..end]
        .iter()
        .filter(|t| t.is_word())
        .map(|t| t.lower_str())
        .collect();
    while subject
        .last()
        .is_some_and(|w| SKIP_BEFORE_VERB.contains(w) || BE_FORMS.contains(w))
    {
        subject.pop();
    }
    ANAPHORIC_SUBJECTS.contains(&subject.as_slice())
}

/// A reporting verb that wraps the whole sentence: content comes before its clause, and after
/// the verb there is nothing but (perhaps) its inverted speaker.
fn is_trailing(s: &str, toks: &[Token<'_>], cue: usize, cue_end: usize, speaker: &str) -> bool {
    let rest = &toks[cue_end..];
    if rest
        .iter()
        .any(|t| COMPLEMENTIZERS.contains(&t.lower_str()))
    {
        return false;
    }
    // The verb's clause starts at a delimiter with content before it, and holds no
    // complementizer ("..., said on Friday that Moscow agreed": "agreed" is nested).
    let Some(p) = toks[..cue].iter().rposition(is_delim) else {
        return false;
    };
    let clause = &toks[p + 1..cue];
    if !toks[..p].iter().any(|t| t.is_word())
        || clause
            .iter()
            .any(|t| COMPLEMENTIZERS.contains(&t.lower_str()))
    {
        return false;
    }
    match rest.iter().position(|t| t.is_word()) {
        None => true,
        Some(p) => s[rest[p].start..].starts_with(speaker),
    }
}

/// Indices into [`CUES`] of the cues whose first word is `word`, in [`CUES`] order. Every
/// word of every sentence is looked up, so this is one hash probe instead of a scan of the list.
fn cues_starting_with(word: &str) -> &'static [usize] {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, Vec<usize>>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut map: std::collections::HashMap<&'static str, Vec<usize>> =
            std::collections::HashMap::new();
        for (k, (words, _)) in CUES.iter().enumerate() {
            map.entry(words[0]).or_default().push(k);
        }
        map
    });
    index.get(word).map_or(&[], Vec::as_slice)
}

/// The cue starting at token `i`: (token count, kind, canonical words).
fn cue_at(toks: &[Token<'_>], i: usize) -> Option<(usize, CueKind, &'static [&'static str])> {
    let t = &toks[i];
    if !t.is_word() {
        return None;
    }
    cues_starting_with(&t.lower)
        .iter()
        .map(|&k| &CUES[k])
        .find(|(words, kind)| {
            let fits = words.iter().enumerate().all(|(k, w)| {
                toks.get(i + k).is_some_and(|tok| {
                    // Verbs only in lowercase: "Said" is more often a name than a verb.
                    tok.is_word() && tok.lower == *w && (*kind == Prep || tok.text == tok.lower)
                })
            });
            fits && !(*kind == Verb && looks_like_noun(toks, i, words.len()))
        })
        .map(|(words, kind)| (words.len(), *kind, *words))
}

/// "the reports", "media claims", "reports of": nouns, not verbs.
fn looks_like_noun(toks: &[Token<'_>], i: usize, len: usize) -> bool {
    let word = toks[i].lower_str();
    if !matches!(word, "reports" | "claims" | "say") {
        return false;
    }
    let prev = i.checked_sub(1).map(|p| toks[p].lower_str());
    let next = toks.get(i + len).map(|t| t.lower_str());
    prev.is_some_and(|p| NOUN_CONTEXT.contains(&p))
        || matches!(
            next,
            Some("of" | "said" | "say" | "says" | "suggest" | "suggested" | "indicate")
        )
        || (word == "say"
            && matches!(
                prev,
                Some("to" | "would" | "will" | "could" | "might" | "not" | "can")
            ))
}

fn is_delim(t: &Token<'_>) -> bool {
    t.is_punct(DELIMS)
}

/// Text from the first to the last token of a slice, trimmed of quotes and trailing dots.
fn span_text(s: &str, toks: &[Token<'_>]) -> Option<String> {
    let first = toks.iter().position(|t| t.is_word())?;
    let last = toks.iter().rposition(|t| t.is_word())?;
    let mut end = toks[last].end;
    // Keep the dot of a final initial or abbreviation ("J. Smith Jr.") only when inside.
    if let Some(next) = toks.get(last + 1) {
        if next.text == "." && last + 2 < toks.len() {
            end = next.end;
        }
    }
    let text = s[toks[first].start..end].trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn word_count(toks: &[Token<'_>]) -> usize {
    toks.iter().filter(|t| t.is_word()).count()
}

/// The phrase after token `from` up to the next clause delimiter (or `!`/`?`/end).
fn phrase_after(
    s: &str,
    toks: &[Token<'_>],
    from: usize,
    max_words: usize,
    inverted: bool,
    german_np: bool,
) -> Option<String> {
    let mut end = from;
    while end < toks.len() && !is_delim(&toks[end]) && !toks[end].is_punct(&['!', '?', '…']) {
        end += 1;
    }
    let mut phrase = &toks[from..end];
    if german_np {
        phrase = &phrase[..german_noun_phrase_len(phrase)];
    }
    let first = phrase.first()?;
    if !first.is_word() {
        return None;
    }
    if inverted && NOT_A_SUBJECT.contains(&first.lower_str()) {
        return None;
    }
    // Cut a relative clause ("according to officials who ...").
    if let Some(rel) = phrase.iter().position(|t| {
        matches!(
            t.lower_str(),
            "who" | "which" | "that" | "который" | "которые" | "які" | "який"
        )
    }) {
        if rel > 0 {
            phrase = &phrase[..rel];
        }
    }
    let words = word_count(phrase);
    if words == 0 || (inverted && words > max_words) {
        return None;
    }
    if words > max_words {
        let mut kept = 0;
        let cut = phrase
            .iter()
            .position(|t| {
                kept += usize::from(t.is_word());
                kept > max_words
            })
            .unwrap_or(phrase.len());
        phrase = &phrase[..cut];
    }
    span_text(s, phrase)
}

/// German "laut dem Ministerium schickt ...": the noun phrase ends at the first lowercase word
/// after a capitalised noun (articles and prepositions inside the phrase excepted).
fn german_noun_phrase_len(toks: &[Token<'_>]) -> usize {
    const INSIDE: &[&str] = &[
        "des", "der", "dem", "den", "die", "das", "eines", "einer", "von", "vom", "zur", "zum",
    ];
    let mut prev_capitalized = false;
    for (i, t) in toks.iter().enumerate() {
        if !t.is_word() {
            continue;
        }
        if t.is_capitalized() {
            prev_capitalized = true;
        } else if prev_capitalized && !INSIDE.contains(&t.lower_str()) {
            return i;
        } else {
            prev_capitalized = false;
        }
    }
    toks.len()
}

/// The speaker of a reporting verb at tokens `cue..cue_end`.
fn verb_speaker(s: &str, toks: &[Token<'_>], cue: usize, cue_end: usize) -> Option<String> {
    let mut k = cue;
    loop {
        if k > 0 && SKIP_BEFORE_VERB.contains(&toks[k - 1].lower_str()) {
            k -= 1;
        } else if k > 1
            && TIME_WORDS.contains(&toks[k - 1].lower_str())
            && TIME_PREPS.contains(&toks[k - 2].lower_str())
        {
            // "Budanov on Friday said"
            k -= 2;
        } else if k > 1 && toks[k - 1].text == ")" {
            // "The Russian Ministry of Defense (MoD) claimed": skip a short parenthetical.
            let open = toks[..k - 1]
                .iter()
                .rposition(|t| t.text == "(" || t.text == ")")
                .filter(|&p| toks[p].text == "(" && k - p <= 16 && p > 0);
            match open {
                Some(p) => k = p,
                None => break,
            }
        } else {
            break;
        }
    }
    let after_delim = k == 0 || is_delim(&toks[k - 1]);
    if after_delim {
        // "the head of X, Lieutenant General Y Z, reported": the appositive wins over an
        // inverted reading when the segment before the comma is a name or a discourse aside.
        if k > 0 && toks[k - 1].text == "," && appositive_first(toks, k - 1) {
            return appositive_speaker(s, toks, k - 1);
        }
        if let Some(sp) = phrase_after(s, toks, cue_end, MAX_INVERTED_WORDS, true, false) {
            return Some(sp);
        }
        if k > 0 && toks[k - 1].text == "," {
            return appositive_speaker(s, toks, k - 1);
        }
        return None;
    }
    let mut start = toks[..k].iter().rposition(is_delim).map_or(0, |p| p + 1);
    // "X said that Y agreed": the subject of "agreed" starts after the complementizer.
    if let Some(c) = toks[start..k]
        .iter()
        .rposition(|t| COMPLEMENTIZERS.contains(&t.lower_str()))
    {
        // ...but "That official said" opens with a determiner.
        if c > 0 || toks[start].text != "That" {
            start += c + 1;
        }
    }
    let subject = trim_subject(&toks[start..k]);
    if subject.is_empty() || is_filler(subject) {
        return phrase_after(s, toks, cue_end, MAX_INVERTED_WORDS, true, false);
    }
    let mut subject = subject;
    if word_count(subject) > MAX_SPEAKER_WORDS {
        // Keep what follows the last clause-joining word.
        let cut = subject.iter().rposition(|t| {
            matches!(
                t.lower_str(),
                "that"
                    | "which"
                    | "who"
                    | "and"
                    | "but"
                    | "while"
                    | "when"
                    | "что"
                    | "и"
                    | "но"
                    | "що"
                    | "і"
            )
        })?;
        subject = trim_subject(&subject[cut + 1..]);
        if subject.is_empty() || word_count(subject) > MAX_SPEAKER_WORDS {
            return None;
        }
    }
    span_text(s, subject)
}

/// The comma-separated segments before a comma: (last, the one before it).
fn segments_before<'t, 'a>(
    toks: &'t [Token<'a>],
    comma: usize,
) -> (&'t [Token<'a>], &'t [Token<'a>]) {
    let seg1_start = toks[..comma]
        .iter()
        .rposition(is_delim)
        .map_or(0, |p| p + 1);
    let seg1 = trim_subject(&toks[seg1_start..comma]);
    let seg2 = if seg1_start > 0 && toks[seg1_start - 1].text == "," {
        let start = toks[..seg1_start - 1]
            .iter()
            .rposition(is_delim)
            .map_or(0, |p| p + 1);
        trim_subject(&toks[start..seg1_start - 1])
    } else {
        &[]
    };
    (seg1, seg2)
}

/// Whether the segment before the comma reads as an appositive or an aside rather than as the
/// content of an inverted attribution.
fn appositive_first(toks: &[Token<'_>], comma: usize) -> bool {
    let (seg1, seg2) = segments_before(toks, comma);
    is_name_like(seg1)
        || seg1
            .first()
            .is_some_and(|t| NOT_AN_APPOSITIVE.contains(&t.lower_str()))
        || (seg1
            .first()
            .is_some_and(|t| matches!(t.lower_str(), "the" | "a" | "an"))
            && is_name_like(seg2))
}

/// The speaker when the verb follows a comma: "the head of X, Lieutenant General Y Z, reported".
fn appositive_speaker(s: &str, toks: &[Token<'_>], comma: usize) -> Option<String> {
    let (seg1, seg2) = segments_before(toks, comma);
    if is_name_like(seg1) {
        return span_text(s, seg1);
    }
    let seg1_opens_badly = seg1
        .first()
        .is_none_or(|t| NOT_AN_APPOSITIVE.contains(&t.lower_str()));
    let seg1_is_description = seg1
        .first()
        .is_some_and(|t| matches!(t.lower_str(), "the" | "a" | "an"));
    if (seg1_opens_badly || (seg1_is_description && is_name_like(seg2)))
        && !seg2.is_empty()
        && word_count(seg2) <= MAX_SPEAKER_WORDS
    {
        return span_text(s, seg2);
    }
    if seg1_opens_badly || word_count(seg1) > MAX_SPEAKER_WORDS {
        return None;
    }
    span_text(s, seg1)
}

/// Drops a leading time phrase, conjunctions and stray punctuation from a subject.
fn trim_subject<'t, 'a>(mut toks: &'t [Token<'a>]) -> &'t [Token<'a>] {
    loop {
        let before = toks.len();
        while toks.first().is_some_and(|t| !t.is_word()) {
            toks = &toks[1..];
        }
        while toks
            .first()
            .is_some_and(|t| LEADING_CONJUNCTIONS.contains(&t.lower_str()))
            && toks.len() > 1
        {
            toks = &toks[1..];
        }
        let time = leading_time_len(toks);
        if time > 0 && time < toks.len() {
            toks = &toks[time..];
        }
        if toks.len() == before {
            break;
        }
    }
    while toks.last().is_some_and(|t| !t.is_word() && t.text != ".") {
        toks = &toks[..toks.len() - 1];
    }
    toks
}

fn is_time_word(t: &Token<'_>) -> bool {
    if !t.is_word() {
        return false;
    }
    let w = t.lower_str();
    TIME_WORDS.contains(&w)
        || w.chars().all(|c| c.is_ascii_digit())
        || (w.len() <= 6
            && w.starts_with(|c: char| c.is_ascii_digit())
            && ["st", "nd", "rd", "th"].iter().any(|s| w.ends_with(s)))
}

/// Length of a leading time phrase: "On June 7,", "Late on Tuesday", "Yesterday", "7 июня".
fn leading_time_len(toks: &[Token<'_>]) -> usize {
    let glue = |t: &Token<'_>| {
        TIME_PREPS.contains(&t.lower_str()) || TIME_FUNCTION_WORDS.contains(&t.lower_str())
    };
    let mut i = 0;
    let mut saw_time = false;
    while i < toks.len() {
        let t = &toks[i];
        if is_time_word(t) {
            saw_time = true;
            i += 1;
        } else if glue(t) {
            // Prepositions and function words count only when a time word follows them.
            let mut j = i;
            while j < toks.len() && glue(&toks[j]) {
                j += 1;
            }
            if j < toks.len() && is_time_word(&toks[j]) {
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

fn is_filler(toks: &[Token<'_>]) -> bool {
    FILLERS
        .iter()
        .any(|f| f.len() == toks.len() && f.iter().zip(toks).all(|(w, t)| *w == t.lower))
}

/// A short run of capitalised words: "Lieutenant General Kyrylo Budanov", "J. Smith".
fn is_name_like(toks: &[Token<'_>]) -> bool {
    let words: Vec<&Token<'_>> = toks.iter().filter(|t| t.is_word()).collect();
    if words.is_empty() || words.len() > 7 || !toks[0].is_word() || !toks[0].is_capitalized() {
        return false;
    }
    if toks.iter().any(|t| !t.is_word() && t.text != ".") {
        return false;
    }
    if words.len() == 1 && NOT_AN_APPOSITIVE.contains(&words[0].lower_str()) {
        return false;
    }
    words
        .iter()
        .all(|w| w.is_capitalized() || NAME_PARTICLES.contains(&w.lower_str()))
}

/// Korean: the first word, when it ends in a topic/subject particle (합참은 → 합참).
fn topic_speaker(toks: &[Token<'_>]) -> Option<String> {
    let first = toks.first().filter(|t| t.is_word())?;
    ["은", "는", "이", "가"].iter().find_map(|p| {
        let stem = first.text.strip_suffix(p)?;
        (stem.chars().count() >= 2).then(|| stem.to_string())
    })
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
            "On June 7, the head of Ukraine's Main Intelligence Directorate, Lieutenant General Kyrylo Budanov, reported that North Korea agreed to send 6,000 military builders to Russia.",
            Some("Lieutenant General Kyrylo Budanov"),
            Some("reported"),
        );
        check(
            "On June 7 the head of the agency, Maj. Gen. Olena Petrenko, said that Russia may ask for more.",
            Some("Maj. Gen. Olena Petrenko"),
            Some("said"),
        );
        check(
            "On June 7, the head of the GUR reported that Pyongyang agreed to send workers.",
            Some("the head of the GUR"),
            Some("reported"),
        );
        check(
            "Budanov, the GUR chief, said on Friday that Moscow agreed.",
            Some("Budanov"),
            Some("said"),
        );
        check(
            "The ministry, however, said the workers hold student visas.",
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
            "The number may exceed twelve thousand, the South Korean intelligence service reportedly told lawmakers.",
            Some("the South Korean intelligence service"),
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
            "Budanov on Friday said Moscow agreed.",
            Some("Budanov"),
            Some("said"),
        );
        check(
            "The Russian Ministry of Defense (MoD) claimed on June 7 that Russian forces advanced.",
            Some("The Russian Ministry of Defense"),
            Some("claimed"),
        );
        check(
            "Как сообщил Буданов, КНДР отправит рабочих.",
            Some("Буданов"),
            Some("сообщил"),
        );
    }

    #[test]
    fn according_to() {
        check(
            "North Korea will send more workers, according to a regional labour official in Primorye.",
            Some("a regional labour official in Primorye"),
            Some("according to"),
        );
        check(
            "According to the Institute for the Study of War (ISW), Russian forces advanced.",
            Some("the Institute for the Study of War"),
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
            "Об этом сообщил глава ГУР Кирилл Буданов.",
            Some("глава ГУР Кирилл Буданов"),
            Some("сообщил"),
        );
        check(
            "Про це повідомив начальник ГУР Кирило Буданов.",
            Some("начальник ГУР Кирило Буданов"),
            Some("повідомив"),
        );
    }

    #[test]
    fn other_languages() {
        check(
            "По данным министерства труда Приморского края, КНДР направит в Россию ещё три тысячи рабочих.",
            Some("министерства труда Приморского края"),
            Some("по данным"),
        );
        check(
            "Представитель ведомства сообщил, что рабочие будут заняты на стройках.",
            Some("Представитель ведомства"),
            Some("сообщил"),
        );
        check(
            "За даними ГУР, КНДР відправила снаряди.",
            Some("ГУР"),
            Some("за даними"),
        );
        check(
            "Laut dem Ministerium schickt Nordkorea Arbeiter.",
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
            "It was said that Russia agreed to pay.",
            Some("Russia"),
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
            "Шойгу согласился помочь с набором рабочих.",
            Some("Шойгу"),
            Some("согласился"),
        );
        check(
            "Аналітики зазначили, що КНДР надіслала робітників.",
            Some("Аналітики"),
            Some("зазначили"),
        );
        check(
            "Die Denkfabrik berichtet, Moskau werbe Arbeiter an.",
            Some("Die Denkfabrik"),
            Some("berichtet"),
        );
        check(
            "Le ministre a précisé que les ouvriers étaient arrivés.",
            Some("Le ministre"),
            Some("a précisé"),
        );
        check(
            "The think tank assessed that Moscow will recruit more.",
            Some("The think tank"),
            Some("assessed"),
        );
    }
}
