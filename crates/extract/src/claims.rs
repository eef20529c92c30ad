//! Claims: sentences that mention at least one entity, with attribution and hedging.

use crate::attribution::attribution_in;
use crate::dictionary::EntityDictionary;
use crate::hedge::hedge_in;
use crate::segment::split_sentences;
use crate::tokens::tokenize;
use crate::{Claim, Mention};

/// Builds the claims of an article's main text.
pub(crate) fn build_claims(
    text: &str,
    dict: &EntityDictionary,
    max_claims: usize,
    max_analysed_sentence_bytes: usize,
) -> Vec<Claim> {
    let sentences = split_sentences(text);
    let mentions = dict.find(text);
    let mut claims = Vec::new();
    let mut next = 0usize;
    for (index, range) in sentences.into_iter().enumerate() {
        if claims.len() >= max_claims {
            break;
        }
        while next < mentions.len() && mentions[next].start < range.start {
            next += 1;
        }
        let mut entities: Vec<Mention> = Vec::new();
        while next < mentions.len() && mentions[next].start < range.end {
            let m = &mentions[next];
            if m.end <= range.end {
                entities.push(Mention {
                    id: m.id.clone(),
                    surface: m.surface.clone(),
                    start: m.start - range.start,
                    end: m.end - range.start,
                });
            }
            next += 1;
        }
        if entities.is_empty() {
            continue;
        }
        let sentence = &text[range.clone()];
        let (attribution, hedge) = if sentence.len() <= max_analysed_sentence_bytes {
            let toks = tokenize(sentence);
            (attribution_in(sentence, &toks), hedge_in(sentence, &toks))
        } else {
            (Default::default(), None)
        };
        claims.push(Claim {
            sentence_index: index,
            start: range.start,
            end: range.end,
            text: sentence.to_string(),
            speaker: attribution.speaker,
            cue: attribution.cue,
            entities,
            hedged: hedge.is_some(),
            hedge_cue: hedge,
        });
    }
    claims
}
