//! Statements: every sentence of the main text, with its paragraph, entity mentions, the
//! countries it is placed in, attribution chain, hedging and dates.
//!
//! Every sentence is a statement, whether or not it mentions a dictionary entity: users watch
//! subjects no dictionary knows. Sentences that attribute, hedge or date keep all of that; the
//! others are plain statements. A later sentence's "He also indicated ..." needs the speaker of
//! an earlier one, and "This is stated in ..." attributes the sentences before it, so the
//! attribution passes run over the whole text before statements are built.

use crate::attribution::{sentence_attribution, SentenceAttribution};
use crate::chain::{build_chains, title_before, ChainInput, QuoteState, Titled};
use crate::date_mentions::{dates_in, reference_date};
use crate::dictionary::EntityDictionary;
use crate::hedge::hedge_in;
use crate::sentences::split_sentences;
use crate::words::{tokenize, tokenize_lowered};
use crate::{Claim, Mention};

/// Builds the statements of an article's main text (at most `max_claims`; the second value is
/// how many sentences that cap left out). `reference_ms` (Unix ms) anchors year-less and
/// relative dates: the publication time, else the fetch time.
pub(crate) fn build_claims(
    text: &str,
    dict: &EntityDictionary,
    max_claims: usize,
    max_analysed_sentence_bytes: usize,
    reference_ms: Option<i64>,
    context: &crate::dictionary::Namesakes,
) -> (Vec<Claim>, usize, crate::dictionary::Namesakes) {
    let (mut claims, dropped, namesakes) = statements(
        text,
        dict,
        max_claims,
        max_analysed_sentence_bytes,
        reference_ms,
        context,
    );
    for c in &mut claims {
        c.entities = with_groups(std::mem::take(&mut c.entities), dict);
    }
    (claims, dropped, namesakes)
}

/// [`build_claims`] without the mentions of groups.
fn statements(
    text: &str,
    dict: &EntityDictionary,
    max_claims: usize,
    max_analysed_sentence_bytes: usize,
    reference_ms: Option<i64>,
    context: &crate::dictionary::Namesakes,
) -> (Vec<Claim>, usize, crate::dictionary::Namesakes) {
    let sentences = split_sentences(text);
    if max_claims == 0 {
        return (Vec::new(), sentences.len(), Default::default());
    }
    let (mentions, namesakes) = dict.find_with(text, context);
    let reference = reference_ms.and_then(reference_date);
    // ASCII words of every sentence borrow their lowercase form from here.
    let lower_text = text.to_ascii_lowercase();

    // Pass 1: attribution of every sentence, and paragraph numbers.
    let mut inputs = Vec::with_capacity(sentences.len());
    // Each sentence's tokens, kept for the claims of pass 3.
    let mut tokens = Vec::with_capacity(sentences.len());
    let mut paragraph = 0usize;
    let mut first_mention = 0usize;
    // The opening mark of the quotation the text is in, with whether a colon preceded it.
    let mut open_quote: Option<(char, bool)> = None;
    for (k, range) in sentences.iter().enumerate() {
        while first_mention < mentions.len() && mentions[first_mention].start < range.start {
            first_mention += 1;
        }
        let new_paragraph = k > 0
            && text[sentences[k - 1].end..range.start]
                .matches('\n')
                .count()
                >= 2;
        if new_paragraph {
            paragraph += 1;
        }
        let sentence = &text[range.clone()];
        let attribution = if sentence.len() <= max_analysed_sentence_bytes {
            let toks = tokenize_lowered(sentence, &lower_text[range.clone()]);
            let a = sentence_attribution(sentence, &toks);
            tokens.push(toks);
            a
        } else {
            tokens.push(Vec::new());
            SentenceAttribution::default()
        };
        inputs.push(ChainInput {
            paragraph,
            attribution,
            titled: titled_people(text, range.clone(), &mentions[first_mention..], dict),
            quote: quote_state(sentence, &mut open_quote, new_paragraph),
        });
    }
    // Pass 2: coreference and back-references across sentences.
    let mut chains = build_chains(dict, &inputs);

    // Pass 3: the statements.
    let total = sentences.len();
    let mut claims = Vec::with_capacity(total.min(max_claims));
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
        let sentence = &text[range.clone()];
        let (hedge, dates) = if sentence.len() <= max_analysed_sentence_bytes {
            let toks = &tokens[index];
            (
                hedge_in(sentence, toks),
                dates_in(sentence, toks, reference),
            )
        } else {
            (None, Vec::new())
        };
        let chain = std::mem::take(&mut chains[index]);
        // The claim's speaker is the outermost level stated in the sentence itself.
        let own = chain
            .iter()
            .find(|l| l.origin == crate::chain::LinkOrigin::Sentence);
        let (speaker, cue) = match own {
            Some(l) => (Some(l.speaker.clone()), Some(l.cue.clone())),
            None => (None, inputs[index].attribution.first_cue.clone()),
        };
        let countries = countries_of(sentence, &entities, dict);
        claims.push(Claim {
            sentence_index: index,
            paragraph: inputs[index].paragraph + 1,
            start: range.start,
            end: range.end,
            text: sentence.to_string(),
            countries,
            speaker,
            cue,
            entities,
            hedged: hedge.is_some(),
            hedge_cue: hedge,
            attribution_chain: chain,
            dates,
        });
    }
    let dropped = total - claims.len();
    (claims, dropped, namesakes)
}

/// The countries the mentions place a statement in: countries named, and the countries of the
/// cities and regions named; in first-mention order, without repeats. A place named as where
/// something goes or comes from ("bound for Hanoi", "smuggled from Vietnam") places nothing
/// (see `place_role`). Mention offsets are relative to `sentence`.
fn countries_of(sentence: &str, mentions: &[Mention], dict: &EntityDictionary) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let transit = crate::place_role::places_nothing(sentence, mentions);
    for (m, _) in mentions.iter().zip(&transit).filter(|(_, &t)| !t) {
        if let Some(c) = dict.country_of(&m.id) {
            if !out.iter().any(|x| x == c) {
                out.push(c.to_string());
            }
        }
    }
    out
}

/// The mentions, each followed by a mention of every entity that groups its entity, on the
/// same span ("Edirne" is also a mention of a users' "turkish-thrace" that contains it; see
/// [`crate::Entity::contains`]). The countries are read before: a group places nothing.
fn with_groups(mentions: Vec<Mention>, dict: &EntityDictionary) -> Vec<Mention> {
    if !dict.has_groups() {
        return mentions;
    }
    let mut out = Vec::with_capacity(mentions.len());
    for m in mentions {
        let groups: Vec<String> = dict
            .containers_of(&m.id)
            .filter(|g| *g != m.id)
            .map(str::to_string)
            .collect();
        let (start, end, surface) = (m.start, m.end, m.surface.clone());
        out.push(m);
        for id in groups {
            out.push(Mention {
                id,
                surface: surface.clone(),
                start,
                end,
            });
        }
    }
    out
}

/// The title as a statement of its own (paragraph 0): its entity mentions, countries, hedging
/// and dates; attribution within it as in any sentence. Offsets are relative to the title.
pub(crate) fn title_statement(
    title: &str,
    dict: &EntityDictionary,
    reference_ms: Option<i64>,
    context: &crate::dictionary::Namesakes,
) -> Claim {
    let (mut statements, _, _) = statements(title, dict, 1, 8 * 1024, reference_ms, context);
    let mut s = match statements.pop() {
        Some(s) if statements.is_empty() => s,
        _ => Claim {
            sentence_index: 0,
            paragraph: 0,
            start: 0,
            end: title.len(),
            text: title.to_string(),
            speaker: None,
            cue: None,
            entities: dict.find_with(title, context).0,
            countries: Vec::new(),
            hedged: false,
            hedge_cue: None,
            attribution_chain: Vec::new(),
            dates: Vec::new(),
        },
    };
    // A title the splitter cut in two is still one statement.
    if s.end - s.start != title.len() {
        s.start = 0;
        s.end = title.len();
        s.text = title.to_string();
        s.entities = dict.find_with(title, context).0;
    }
    s.countries = countries_of(&s.text, &s.entities, dict);
    s.entities = with_groups(std::mem::take(&mut s.entities), dict);
    s.paragraph = 0;
    s.sentence_index = 0;
    s
}

/// Follows quotation marks through one sentence (`open` carries over from the previous
/// sentence of the paragraph). “…” and «…» and „…“ pair up; a straight `"` toggles.
fn quote_state(sentence: &str, open: &mut Option<(char, bool)>, new_paragraph: bool) -> QuoteState {
    if new_paragraph {
        *open = None;
    }
    let inside_at_start = open.is_some();
    let mut closed_at = None;
    // Every mark below is `"` or starts with byte 0xC2 («») or 0xE2 (“”„), and each of those
    // bytes starts a character: only the characters there can change the state.
    let marks = memchr::memchr3_iter(b'"', 0xC2, 0xE2, sentence.as_bytes())
        .filter_map(|i| sentence[i..].chars().next().map(|c| (i, c)));
    for (i, c) in marks {
        let was_open = open.is_some();
        let after_colon = || sentence[..i].trim_end().ends_with(':');
        match c {
            '„' | '«' => *open = Some((c, after_colon())),
            '“' if open.is_some_and(|(o, _)| o == '„') => *open = None,
            '“' => *open = Some((c, after_colon())),
            '”' | '»' => *open = None,
            '"' if open.is_some() => *open = None,
            '"' => *open = Some((c, after_colon())),
            _ => {}
        }
        if was_open && open.is_none() {
            closed_at = Some(i + c.len_utf8());
        }
    }
    // What follows the last closing mark of a sentence that closes an earlier quotation.
    let attributed_after_close = inside_at_start
        && open.is_none()
        && closed_at.is_some_and(|at| {
            let tail = &sentence[at..];
            !sentence_attribution(tail, &tokenize(tail)).links.is_empty()
        });
    QuoteState {
        inside_at_start,
        inside_at_end: open.is_some(),
        opened_after_colon: open.is_some_and(|(_, colon)| colon),
        attributed_after_close,
    }
}

/// People of the dictionary that the sentence `text[range]` names right after a title
/// (`mentions` are the text's mentions from the sentence on).
fn titled_people(
    text: &str,
    range: std::ops::Range<usize>,
    mentions: &[Mention],
    dict: &EntityDictionary,
) -> Vec<Titled> {
    let sentence = &text[range.clone()];
    let mut out = Vec::new();
    for m in mentions.iter().take_while(|m| m.start < range.end) {
        if m.end > range.end || dict.entity(&m.id).is_none_or(|e| e.kind != "person") {
            continue;
        }
        if let Some((start, title)) = title_before(sentence, m.start - range.start) {
            out.push(Titled {
                title,
                full: sentence[start..m.end - range.start].to_string(),
                entity: m.id.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::LinkOrigin;

    fn claims(text: &str) -> Vec<Claim> {
        let dict = EntityDictionary::shared().unwrap();
        // 2025-06-12T12:00:00Z, a Thursday.
        build_claims(
            text,
            &dict,
            100,
            8192,
            Some(1_749_729_600_000),
            &crate::dictionary::Namesakes::default(),
        )
        .0
        .into_iter()
        .filter(|c| !c.entities.is_empty())
        .collect()
    }

    fn chain(c: &Claim) -> Vec<(&str, &str, LinkOrigin)> {
        c.attribution_chain
            .iter()
            .map(|l| (l.speaker.as_str(), l.cue.as_str(), l.origin))
            .collect()
    }

    #[test]
    fn pronouns_and_surnames_resolve_to_the_earlier_full_speaker() {
        let cs = claims(
            "Foreign Minister Sergei Lavrov said that Tokyo wants more fishing rights. \
             Lavrov added that Beijing objected. He also noted that Japan may pay in kind.",
        );
        assert_eq!(cs.len(), 3);
        for c in &cs {
            assert_eq!(
                c.speaker.as_deref(),
                Some("Foreign Minister Sergei Lavrov"),
                "{}",
                c.text
            );
            assert_eq!(
                c.attribution_chain[0].speaker_entity_id.as_deref(),
                Some("sergei-lavrov")
            );
        }
        assert_eq!(
            cs[1].attribution_chain[0].speaker_as_written.as_deref(),
            Some("Lavrov")
        );
        assert_eq!(
            cs[2].attribution_chain[0].speaker_as_written.as_deref(),
            Some("He")
        );
        assert!(cs[2].hedged);
    }

    #[test]
    fn pronouns_do_not_reach_far_back() {
        let cs = claims(
            "The envoy Maria Ostrova said the talks ended. One. Two. Three. Four. \
             She said Russia agreed.",
        );
        let last = cs.last().unwrap();
        assert_eq!(last.speaker.as_deref(), Some("She"));
        assert!(last.attribution_chain[0].speaker_as_written.is_none());
    }

    #[test]
    fn ukrainian_and_german_pronouns() {
        let cs = claims("Речник Андрій Коваль заявив, що Японія продала рибу. Він також зазначив, що Китай платить.");
        assert_eq!(cs[1].speaker.as_deref(), Some("Речник Андрій Коваль"));
        let cs = claims("Der Sprecher Jan Vogel sagte, China zahle. Er sagte, Japan liefere.");
        assert_eq!(cs[1].speaker.as_deref(), Some("Der Sprecher Jan Vogel"));
    }

    #[test]
    fn back_reference_attributes_the_previous_paragraph() {
        let text = "Tokyo is buying Chinese solar panels, the Harbour Gazette reports.\n\n\
                    This is reported in a survey by the Royal United Services Institute.\n\n\
                    Japan denies it.";
        let cs = claims(text);
        assert_eq!(
            chain(&cs[0]),
            [
                ("the Harbour Gazette", "reports", LinkOrigin::Sentence),
                (
                    "the Royal United Services Institute",
                    "reported",
                    LinkOrigin::Context
                ),
            ]
        );
        assert_eq!(cs[0].speaker.as_deref(), Some("the Harbour Gazette"));
        // The following paragraph is not affected (its own "denies" is its only level).
        assert!(cs[2]
            .attribution_chain
            .iter()
            .all(|l| l.origin == LinkOrigin::Sentence && l.speaker == "Japan"));
    }

    #[test]
    fn back_reference_inside_a_paragraph_goes_outermost() {
        let cs = claims(
            "The colonel said that Japan pays the pilots in yen. \
             This was reported by the RUSI.",
        );
        assert_eq!(
            chain(&cs[0]),
            [
                ("the RUSI", "reported", LinkOrigin::Context),
                ("The colonel", "said", LinkOrigin::Sentence),
            ]
        );
        assert_eq!(cs[0].speaker.as_deref(), Some("The colonel"));
    }

    #[test]
    fn russian_back_reference() {
        let cs =
            claims("Япония закупит в Китае ещё турбин. Об этом сообщил министр Сергей Лавров.");
        assert_eq!(cs[0].attribution_chain.len(), 1);
        assert_eq!(
            cs[0].attribution_chain[0].speaker_entity_id.as_deref(),
            Some("sergei-lavrov")
        );
        assert_eq!(cs[0].attribution_chain[0].origin, LinkOrigin::Context);
        assert_eq!(cs[0].speaker, None);
    }

    #[test]
    fn a_bare_title_resolves_to_the_person_the_article_gave_it() {
        let cs = claims(
            "On Monday, Foreign Minister Sergei Lavrov received the delegation. \
             The Minister highlighted that China builds more ports. \
             He also emphasized that Japan is a rival.",
        );
        assert_eq!(cs.len(), 3);
        for c in &cs[1..] {
            assert_eq!(
                c.speaker.as_deref(),
                Some("Foreign Minister Sergei Lavrov"),
                "{}",
                c.text
            );
            assert_eq!(
                c.attribution_chain[0].speaker_entity_id.as_deref(),
                Some("sergei-lavrov")
            );
        }
        assert_eq!(
            cs[1].attribution_chain[0].speaker_as_written.as_deref(),
            Some("The Minister")
        );
    }

    #[test]
    fn a_bare_title_stays_when_two_people_carry_it() {
        let cs = claims(
            "Russian President Vladimir Putin met Ukrainian President Volodymyr Zelensky. \
             The President said that Russia wants peace.",
        );
        assert_eq!(cs[1].speaker.as_deref(), Some("The President"));
        assert_eq!(cs[1].attribution_chain[0].speaker_entity_id, None);
        // Nor does a title the article never gave anyone resolve.
        let cs = claims("Xi Jinping received the delegation. The Chancellor said China agreed.");
        assert_eq!(cs[1].speaker.as_deref(), Some("The Chancellor"));
    }

    #[test]
    fn a_quotation_of_several_sentences_is_attributed_as_a_whole() {
        // Attribution after the closing mark.
        let cs = claims(
            "“Russia will not stop. North Korea sends more shells every month,” the analyst said.",
        );
        assert_eq!(
            chain(&cs[0]),
            [("the analyst", "said", LinkOrigin::Context)]
        );
        assert_eq!(cs[0].speaker, None);
        assert_eq!(cs[1].speaker.as_deref(), Some("the analyst"));
        // Attribution before a colon that opens the quotation; straight quotes too.
        let cs = claims("Zakharova said: \"Russia will not stop. Japan sends ships. Tokyo pays.\"");
        for c in &cs[1..] {
            assert_eq!(
                chain(c),
                [("Zakharova", "said", LinkOrigin::Context)],
                "{}",
                c.text
            );
        }
    }

    #[test]
    fn quotations_that_do_not_close_or_span_paragraphs_carry_nothing() {
        let cs = claims("“Russia will not stop. North Korea sends shells, the analyst said.");
        assert!(cs[0].attribution_chain.is_empty());
        let cs = claims("“Russia will not stop.\n\nNorth Korea sends shells,” the analyst said.");
        assert!(cs[0].attribution_chain.is_empty());
        // Separate quotations, each closed in its sentence, stay separate.
        let cs = claims("“Russia will not stop,” he said. “North Korea sends shells.”");
        assert!(cs[1].attribution_chain.is_empty());
    }

    #[test]
    fn titles_before_names() {
        let s = "On Friday, Chinese President Xi Jinping spoke.";
        let at = s.find("Xi").unwrap();
        assert_eq!(
            title_before(s, at),
            Some((
                s.find("Chinese").unwrap(),
                vec!["chinese".into(), "president".into()]
            ))
        );
        let s = "Foreign Minister Sergei Lavrov";
        assert_eq!(
            title_before(s, s.find("Sergei").unwrap()).map(|t| t.1),
            Some(vec!["foreign".into(), "minister".into()])
        );
        // Not a title: no title noun next to the name, or not capitalised.
        for s in ["Party official Xi Jinping", "the president Xi Jinping"] {
            assert_eq!(title_before(s, s.find("Xi").unwrap()), None, "{s}");
        }
    }

    #[test]
    fn dates_are_resolved_against_the_reference() {
        let cs = claims("On May 19 China signed. On Tuesday Japan replied.");
        assert_eq!(cs[0].dates[0].value.as_deref(), Some("2025-05-19"));
        assert_eq!(cs[1].dates[0].value.as_deref(), Some("2025-06-10"));
        let c = &cs[1];
        assert_eq!(&c.text[c.dates[0].start..c.dates[0].end], "Tuesday");
    }

    #[test]
    fn a_mention_is_also_a_mention_of_its_groups() {
        let user = "[[entity]]\nid = \"turkish-thrace\"\nkind = \"region\"\naliases = { en = [\"Thrace\", \"Edirne\"] }\n";
        let dict = crate::dictionary::tests::layered(user).unwrap();
        let text = "Vets culled sheep near Edirne on Monday.";
        let (claims, _, _) = build_claims(text, &dict, 10, 8 * 1024, None, &Default::default());
        let ids: Vec<&str> = claims[0].entities.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["edirne-tr", "turkish-thrace"]);
        let spans: Vec<(usize, usize)> = claims[0]
            .entities
            .iter()
            .map(|m| (m.start, m.end))
            .collect();
        assert_eq!(spans[0], spans[1]);
        assert_eq!(&text[spans[1].0..spans[1].1], "Edirne");
        // The group places nothing of its own: the place's country stays the only one.
        assert_eq!(claims[0].countries, ["turkey"]);
        let title = title_statement("Sheep pox in Edirne", &dict, None, &Default::default());
        let ids: Vec<&str> = title.entities.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["edirne-tr", "turkish-thrace"]);
    }
}
