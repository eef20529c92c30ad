//! Attribution chains across sentences: who reports what, outermost source first.
//!
//! Per sentence, `attribution` finds the levels stated in it ("Port Weekly reports that the
//! dockers' union says that Sokolova reported that the ministry agreed"). This module then
//! works over the whole text:
//!
//! * **Coreference.** A speaker that is a subject pronoun ("He", "Она", "Він", "Er", "Il")
//!   resolves to the most recent speaker of the previous [`PRONOUN_WINDOW`] sentences. A short
//!   name ("Sokolova", "Minister Lavrov") resolves to an earlier, longer speaker with the same
//!   last word or the same dictionary entity ("Harbour Master Irina Sokolova"). The form as
//!   written is kept in [`AttributionLink::speaker_as_written`].
//! * **Titles.** A speaker that is only a title ("The Minister") resolves to the person the
//!   previous [`TITLE_WINDOW`] sentences name with that title ("Foreign Minister Sergei
//!   Lavrov"), when they name exactly one.
//! * **Quotations.** The sentences of a quotation that spans several sentences get the
//!   attribution stated after its closing mark or before the colon that opens it.
//! * **Back-references.** A sentence whose subject is an anaphoric filler ("This is reported in a
//!   survey by the port's office", "Об этом сообщил ...") names the source of
//!   what precedes it. Its outermost link is added, with origin [`LinkOrigin::Context`], to the
//!   chains of the preceding sentences of the same paragraph; when it opens its paragraph, to
//!   those of the previous paragraph instead; at most [`BACK_REFERENCE_REACH`] sentences, the
//!   nearest first. It goes just inside the target's own wrappers (a trailing "..., Port Weekly
//!   reports." or an "according to X" stays outermost: the outlet cites the analysis), and
//!   outside everything else. A target that already names the same source is left alone.

use serde::Serialize;

use crate::attribution::{SentenceAttribution, SentenceLink};
use crate::dictionary::EntityDictionary;

/// How many sentences back a pronoun may find its speaker.
pub const PRONOUN_WINDOW: usize = 3;
/// How many preceding sentences a back-reference ("This is stated in ...") attributes.
pub const BACK_REFERENCE_REACH: usize = 3;

/// Subject pronouns that stand for an earlier speaker (lowercase).
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "он", "она", "они", "він", "вона", "вони", "er", "sie", "il", "elle",
    "ils", "elles",
];

/// First- and second-person pronouns: speakers in their own sentence ("I think"), never the
/// antecedent of a later "he" or a short name.
const PERSONAL: &[&str] = &[
    "i", "we", "you", "я", "мы", "вы", "ми", "ви", "ich", "wir", "je", "nous", "vous",
];

/// Where a link of the chain was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkOrigin {
    /// Stated in the claim's own sentence.
    Sentence,
    /// Carried over from a neighbouring sentence.
    Context,
}

impl LinkOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkOrigin::Sentence => "sentence",
            LinkOrigin::Context => "context",
        }
    }
}

/// One level of reported speech.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AttributionLink {
    /// The source, in its fullest form found in the article.
    pub speaker: String,
    /// The cue in lowercase canonical form ("reported", "according to").
    pub cue: String,
    /// Dictionary id of the entity the speaker names, if any.
    pub speaker_entity_id: Option<String>,
    /// The speaker as written, when it was resolved from a pronoun or a short name.
    pub speaker_as_written: Option<String>,
    pub origin: LinkOrigin,
    /// A wrapper of its whole sentence (trailing verb or prepositional cue).
    #[serde(skip)]
    pub(crate) outer: bool,
}

/// A sentence as seen by the chain builder.
pub(crate) struct ChainInput {
    /// Paragraph number (0-based).
    pub paragraph: usize,
    pub attribution: SentenceAttribution,
    /// People the sentence names with a title ("Foreign Minister Sergei Lavrov").
    pub titled: Vec<Titled>,
    pub quote: QuoteState,
}

/// Where a sentence stands relative to quotation marks that span sentences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct QuoteState {
    /// It begins inside a quotation opened by an earlier sentence of the paragraph.
    pub inside_at_start: bool,
    /// It ends inside a quotation.
    pub inside_at_end: bool,
    /// The quotation it leaves open was opened right after a colon ("He said: “...").
    pub opened_after_colon: bool,
    /// It closes a quotation, and states an attribution after the closing mark ("...,” the
    /// analyst told reporters.").
    pub attributed_after_close: bool,
}

/// Most sentences one quotation may span and still be attributed as a whole.
pub const MAX_QUOTE_SENTENCES: usize = 6;

/// A mention of a person entity right after a title: what a later "the President" can mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Titled {
    /// The title's words, lowercase ("russian", "president").
    pub title: Vec<String>,
    /// Title and name as written ("Foreign Minister Sergei Lavrov").
    pub full: String,
    pub entity: String,
}

/// How many sentences back "the President" may find whom the article calls President.
pub const TITLE_WINDOW: usize = 10;

/// Nouns that end a title before a name ("President", "Foreign Minister").
const TITLE_NOUNS: &[&str] = &[
    "president",
    "minister",
    "premier",
    "chancellor",
    "leader",
    "king",
    "queen",
    "general",
    "marshal",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "governor",
    "mayor",
    "chairman",
    "envoy",
];

/// The title words directly before byte `at` of `sentence` ("... Foreign Minister |Sergei
/// Lavrov"): up to three capitalised words, the last of them a title noun. Returns where the
/// title starts and its words, lowercase.
pub(crate) fn title_before(sentence: &str, at: usize) -> Option<(usize, Vec<String>)> {
    let before = &sentence[..at];
    if !before.ends_with(' ') {
        return None;
    }
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut end = before.trim_end().len();
    while words.len() < 3 && end > 0 {
        let start = before[..end]
            .rfind(char::is_whitespace)
            .map_or(0, |p| p + 1);
        let word = &before[start..end];
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(|c| c.is_alphabetic() || c == '-');
        if !capitalised {
            break;
        }
        words.push((start, word));
        if start == 0 || !before[..start].ends_with(' ') {
            break;
        }
        end = before[..start].trim_end().len();
    }
    let (_, nearest) = words.first()?;
    if !TITLE_NOUNS.contains(&nearest.to_lowercase().as_str()) {
        return None;
    }
    let start = words.last()?.0;
    let title = words.iter().rev().map(|(_, w)| w.to_lowercase()).collect();
    Some((start, title))
}

/// The title of a speaker that is only a title ("The President", "the Foreign Minister"):
/// its words after the article, lowercase.
fn bare_title(speaker: &str) -> Option<Vec<String>> {
    let mut words = speaker.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("the") {
        return None;
    }
    let title: Vec<String> = words.map(str::to_lowercase).collect();
    let last = title.last()?;
    (title.len() <= 3 && TITLE_NOUNS.contains(&last.as_str())).then_some(title)
}

/// Whom a bare title stands for: the person the previous [`TITLE_WINDOW`] sentences name
/// with a title ending in the same words, if they name exactly one such person.
fn titled_antecedent<'i>(
    input: &'i [ChainInput],
    idx: usize,
    title: &[String],
) -> Option<&'i Titled> {
    let mut found: Option<&Titled> = None;
    for sent in input[idx.saturating_sub(TITLE_WINDOW)..idx].iter().rev() {
        for t in sent.titled.iter().rev() {
            if t.title.ends_with(title) {
                match found {
                    None => found = Some(t),
                    Some(f) if f.entity != t.entity => return None,
                    Some(_) => {}
                }
            }
        }
    }
    found
}

#[derive(Clone)]
struct Known {
    full: String,
    last_word: String,
    words: usize,
    entity: Option<String>,
    sentence: usize,
    /// The outermost level of its sentence, and not a place or a country: a candidate
    /// antecedent for a pronoun ("He also indicated ..." continues the reporter, not the agent
    /// of a nested "Pyongyang agreed").
    pronoun_antecedent: bool,
}

/// The dictionary entity a speaker phrase names: a mention that ends the phrase.
pub(crate) fn speaker_entity(dict: &EntityDictionary, speaker: &str) -> Option<String> {
    let trimmed = speaker.trim_end_matches(['.', ' ']);
    dict.find(trimmed)
        .into_iter()
        .rev()
        .find(|m| m.end == trimmed.len())
        .map(|m| m.id)
}

fn last_word(s: &str) -> String {
    s.split_whitespace()
        .next_back()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// The attribution chain of each of `sentences`, read in order as one paragraph of running
/// text (so that "He said ..." resolves to an earlier speaker): outermost source first. Speakers
/// are matched against `dict` for their entity ids. This is the per-sentence half of claims
/// extraction without the claims, for callers (and the attribution evaluation) that have their
/// sentences already.
pub fn attribute_sentences(
    dict: &EntityDictionary,
    sentences: &[&str],
) -> Vec<Vec<AttributionLink>> {
    let input: Vec<ChainInput> = sentences
        .iter()
        .map(|s| ChainInput {
            paragraph: 0,
            attribution: crate::attribution::sentence_attribution(s, &crate::words::tokenize(s)),
            titled: Vec::new(),
            quote: QuoteState::default(),
        })
        .collect();
    build_chains(dict, &input)
}

/// Builds the chain of every sentence (outermost first).
pub(crate) fn build_chains(
    dict: &EntityDictionary,
    input: &[ChainInput],
) -> Vec<Vec<AttributionLink>> {
    let mut known: Vec<Known> = Vec::new();
    // The speakers of `known` once each (by full form and entity), in the order they were last
    // seen: what a short name is resolved against. Searching `known` itself made a page that
    // repeats one attributed sentence quadratic in its sentences.
    let mut names: Vec<Known> = Vec::new();
    let mut chains: Vec<Vec<AttributionLink>> = Vec::with_capacity(input.len());
    for (idx, sent) in input.iter().enumerate() {
        let links: Vec<AttributionLink> = sent
            .attribution
            .links
            .iter()
            .map(|l| resolve(dict, &known, &names, input, idx, l))
            .collect();
        for (k, l) in links.iter().enumerate() {
            let lower = l.speaker.to_lowercase();
            if PRONOUNS.contains(&lower.as_str()) || PERSONAL.contains(&lower.as_str()) {
                continue; // unresolved pronoun, or "I"/"we": nothing to learn
            }
            let place = l
                .speaker_entity_id
                .as_deref()
                .and_then(|id| dict.entity(id))
                .is_some_and(|e| matches!(e.kind.as_str(), "country" | "city" | "region"));
            let seen = Known {
                pronoun_antecedent: k == 0 && !place,
                full: l.speaker.clone(),
                last_word: last_word(&l.speaker),
                words: l.speaker.split_whitespace().count(),
                entity: l.speaker_entity_id.clone(),
                sentence: idx,
            };
            names.retain(|n| n.full != seen.full || n.entity != seen.entity);
            names.push(seen.clone());
            known.push(seen);
        }
        chains.push(links);
    }
    carry_quotes(input, &mut chains);
    carry_back_references(input, &mut chains);
    chains
}

/// A quotation of several sentences is attributed as a whole: by the attribution that follows
/// its closing mark ("“... . ...,” the analyst said."), else by the one its opening sentence
/// states before a colon ("The analyst said: “... . ...”"). The other sentences of the
/// quotation get that link, outermost, with origin [`LinkOrigin::Context`]. Only quotations
/// that close within the paragraph (and [`MAX_QUOTE_SENTENCES`]) count.
fn carry_quotes(input: &[ChainInput], chains: &mut [Vec<AttributionLink>]) {
    let mut k = 0;
    while k < input.len() {
        let q = input[k].quote;
        if q.inside_at_start || !q.inside_at_end {
            k += 1;
            continue;
        }
        let para = input[k].paragraph;
        let close = (k + 1..input.len().min(k + MAX_QUOTE_SENTENCES))
            .take_while(|&j| input[j].paragraph == para && input[j].quote.inside_at_start)
            .find(|&j| !input[j].quote.inside_at_end);
        let Some(close) = close else {
            k += 1;
            continue;
        };
        let own = |i: usize| {
            chains[i]
                .iter()
                .find(|l| l.origin == LinkOrigin::Sentence)
                .cloned()
        };
        let carried = if input[close].quote.attributed_after_close {
            own(close).map(|l| (l, k..close))
        } else if q.opened_after_colon {
            own(k).map(|l| (l, k + 1..close + 1))
        } else {
            None
        };
        if let Some((source, targets)) = carried {
            for t in targets {
                let chain = &mut chains[t];
                if chain
                    .iter()
                    .any(|l| l.speaker.to_lowercase() == source.speaker.to_lowercase())
                {
                    continue;
                }
                chain.insert(
                    0,
                    AttributionLink {
                        origin: LinkOrigin::Context,
                        outer: false,
                        ..source.clone()
                    },
                );
            }
        }
        k = close + 1;
    }
}

fn resolve(
    dict: &EntityDictionary,
    known: &[Known],
    names: &[Known],
    input: &[ChainInput],
    idx: usize,
    l: &SentenceLink,
) -> AttributionLink {
    let written = l.speaker.as_str();
    let lower = written.to_lowercase();
    let mut link = AttributionLink {
        speaker: written.to_string(),
        cue: l.cue.clone(),
        speaker_entity_id: speaker_entity(dict, written),
        speaker_as_written: None,
        origin: LinkOrigin::Sentence,
        outer: l.outer,
    };
    if link.speaker_entity_id.is_none() {
        if let Some(t) = bare_title(written).and_then(|title| titled_antecedent(input, idx, &title))
        {
            link.speaker_as_written = Some(std::mem::replace(&mut link.speaker, t.full.clone()));
            link.speaker_entity_id = Some(t.entity.clone());
            return link;
        }
    }
    let antecedent = if PRONOUNS.contains(&lower.as_str()) {
        known
            .iter()
            .rev()
            .take_while(|k| k.sentence + PRONOUN_WINDOW >= idx)
            .find(|k| k.sentence < idx && k.pronoun_antecedent)
    } else {
        let words = written.split_whitespace().count();
        let last = last_word(written);
        let capitalised = written
            .split_whitespace()
            .next_back()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase);
        if words > 3 || !capitalised {
            None
        } else {
            // A short name takes the fuller form only from a speaker written as a name (it
            // starts with a capital), never from a description that happens to end in it.
            names.iter().rev().find(|k| {
                k.full.chars().next().is_some_and(char::is_uppercase)
                    && k.words > words
                    && ((link.speaker_entity_id.is_some() && k.entity == link.speaker_entity_id)
                        || (!last.is_empty() && k.last_word == last))
            })
        }
    };
    if let Some(k) = antecedent {
        link.speaker_as_written = Some(std::mem::replace(&mut link.speaker, k.full.clone()));
        link.speaker_entity_id = k.entity.clone().or(link.speaker_entity_id);
    }
    link
}

/// Applies the back-reference rule (see the module docs).
fn carry_back_references(input: &[ChainInput], chains: &mut [Vec<AttributionLink>]) {
    for idx in 0..input.len() {
        if !input[idx].attribution.anaphoric {
            continue;
        }
        let Some(source) = chains[idx].first().cloned() else {
            continue;
        };
        let para = input[idx].paragraph;
        let same: Vec<usize> = (0..idx)
            .rev()
            .take_while(|&j| input[j].paragraph == para)
            .collect();
        let targets: Vec<usize> = if !same.is_empty() {
            same
        } else if para > 0 {
            (0..idx)
                .rev()
                .take_while(|&j| input[j].paragraph + 1 == para)
                .collect()
        } else {
            Vec::new()
        };
        for &t in targets.iter().take(BACK_REFERENCE_REACH) {
            let chain = &mut chains[t];
            let already = chain.iter().any(|l| {
                l.speaker.to_lowercase() == source.speaker.to_lowercase()
                    || (l.speaker_entity_id.is_some()
                        && l.speaker_entity_id == source.speaker_entity_id)
            });
            if already {
                continue;
            }
            let at = chain.iter().take_while(|l| l.outer).count();
            chain.insert(
                at,
                AttributionLink {
                    origin: LinkOrigin::Context,
                    outer: false,
                    ..source.clone()
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> EntityDictionary {
        EntityDictionary::from_toml("version = \"test\"\n").expect("an empty dictionary is valid")
    }

    #[test]
    fn attribute_sentences_resolves_pronouns_across_sentences() {
        let chains = attribute_sentences(
            &empty(),
            &[
                "The port authority said the ferry would sail.",
                "They added that the fares would rise.",
                "The weather was fine.",
            ],
        );
        assert_eq!(chains.len(), 3);
        assert_eq!(chains[1][0].speaker, "The port authority");
        assert_eq!(chains[1][0].speaker_as_written.as_deref(), Some("They"));
        assert_eq!(chains[1][0].cue, "added");
        assert!(chains[2].is_empty());
        // "It" is left as written: in news it names a company as often as a fact or a thing.
        let chains = attribute_sentences(
            &empty(),
            &[
                "Rain fell, Ms. Ortiz said.",
                "It said that the roads flooded.",
            ],
        );
        assert_eq!(chains[1][0].speaker, "It");
        // "I" and "we" are never the antecedent of a later pronoun.
        let chains = attribute_sentences(&empty(), &["“I think so,” I said.", "She said no."]);
        assert_eq!(chains[1][0].speaker, "She");
    }
}
