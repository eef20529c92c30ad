//! Matching a whole article: each topic sees the statements of its scope together.
//!
//! A sentence-scope topic is matched against each statement alone. A paragraph-scope topic is
//! matched against each paragraph as one unit (the title with the first paragraph), an
//! article-scope topic against the whole article: the unit's text is its statements' texts joined by line breaks, its entities and
//! countries are the union of theirs, its speakers all of theirs, and it is hedged when any of
//! its statements is. The evidence of a match is then split back to the statements that carry
//! each term, with byte ranges in each statement's own text.
//!
//! Article scope asks more than co-occurrence: every required part of the query (each part of
//! a top-level AND that is not a NOT) must be *salient*: carried by the title or the lede
//! (paragraphs 0 and 1), or by at least two statements. A word that comes up once, deep in the
//! body (a rival named as "not affected" by a recall, a sport mentioned in passing in another
//! sport's doping case, last year's recall in a results story) does not make the article about
//! it. Only what the unit affirms counts: a mention that a negation, a denial or an
//! anniversary reaches (see `negation.rs`) carries nothing, so a title that denies a recall
//! does not make the article about the recall. Parts without a position (`lang:`, `source:`,
//! `hedged:`, `speaker:`) are properties of the article and always count as salient. And two
//! of the parts must meet: be carried in one paragraph or in neighbouring ones (the title and
//! the lede count as one), so a story about another maker's plane that names the watched maker
//! in two paragraphs further down does not fire.
//!
//! A title that names a watched entity only as another company's relation ("Dostawca
//! Skarnholmu zwalnia 90 osób", a supplier of Skarnholm lays off 90; "Skarnholm supplier cuts
//! jobs"), or only to say it was not affected ("cyanide leak at a rival's mine, Tessadrin non
//! concernée"), tells another company's news: a topic that requires the entity does not fire
//! (see `relation.rs`).
//!
//! In every scope, a required part that names entities only (`entity:havbrenna`) holds only
//! for an entity the article is about: named by the title or the lede, or in two paragraphs or
//! more. A story about another company's escaped fish that names the watched farmer once,
//! further down ("a farm run by Havbrenna, which lost fish last winter, said its pens were
//! intact"), is that other company's news, however many statements that paragraph has.
//!
//! A drill or exercise told by the title or the lede fires no topic that does not ask for
//! drill words itself (see `drill.rs`), nor does a verdict (see `verdict.rs`), nor a title
//! that reports statistics over a period (see `tally.rs`) or a study (see `study.rs`).
//!
//! `in:` asks where the story is, in every scope: a country holds only if the article is about
//! it, that is, if the first paragraph that places the article anywhere (the title, when it
//! names a place; else the lede, and so on) places it there, or if at least two paragraphs of
//! the text (the title aside) name it. A headline naming several countries is about those its
//! lede names too, when the lede names any ("Quake hits northern Philippines, felt in southern
//! Taiwan" over a lede about Batanes). A story placed elsewhere by its title or lede that names
//! the watched country once
//! (an outbreak in Sudan recalling Yemen's in 2017, a quake in Japan felt in Taipei, a mine
//! accident in the Donbas with "Russian shelling" in a later paragraph) is not about that
//! country. An article that names no place the gazetteer knows (local news naming a village
//! and a mine) and is written in the language of one country only (Czech, Finnish, Korean) is
//! about that country. At paragraph scope, a unit before the first paragraph that places the
//! article, naming nothing the dictionary knows (a lede about a resort too small for the
//! gazetteer), tells of the one country that paragraph places the article in.

use std::collections::{BTreeMap, HashSet};

use crate::engine::Scratch;
use crate::eval::{eval_naive, evidence, Prepared};
use crate::negation::Mask;
use crate::{ArticleMatch, ClaimView, EntitySpan, MatchedTerm, Query, Scope, WatchSet};

/// One unit of text: a statement, a paragraph or the article.
struct Unit {
    text: String,
    speakers: String,
    entities: Vec<String>,
    countries: Vec<String>,
    hedged: bool,
    /// (statement index, byte offset of its text in `text`).
    parts: Vec<(usize, usize)>,
}

impl Unit {
    fn of(statements: &[ClaimView<'_>], range: std::ops::Range<usize>) -> Unit {
        let mut u = Unit {
            text: String::new(),
            speakers: String::new(),
            entities: Vec::new(),
            countries: Vec::new(),
            hedged: false,
            parts: Vec::with_capacity(range.len()),
        };
        for i in range {
            let s = &statements[i];
            if !u.text.is_empty() {
                u.text.push('\n');
            }
            u.parts.push((i, u.text.len()));
            u.text.push_str(s.text);
            if let Some(sp) = s.speaker {
                if !u.speakers.is_empty() {
                    u.speakers.push('\n');
                }
                u.speakers.push_str(sp);
            }
            for e in s.entity_ids {
                if !u.entities.iter().any(|x| x == e) {
                    u.entities.push(e.to_string());
                }
            }
            for c in s.countries {
                if !u.countries.iter().any(|x| x == c) {
                    u.countries.push(c.to_string());
                }
            }
            u.hedged |= s.hedged;
        }
        u
    }

    /// The statement holding byte `pos` of the unit's text, and that statement's offset.
    fn part_at(&self, pos: usize) -> (usize, usize) {
        let k = self.parts.partition_point(|&(_, off)| off <= pos);
        self.parts[k.saturating_sub(1)]
    }
}

/// The entity mentions of a unit (or of `first` alone), as (id, start, end) in the unit's text.
fn unit_mentions<'a>(
    statements: &[ClaimView<'a>],
    unit: Option<&Unit>,
    first: ClaimView<'a>,
) -> Vec<(&'a str, usize, usize)> {
    let spans = |s: &ClaimView<'a>, off: usize| -> Vec<(&'a str, usize, usize)> {
        s.entity_spans
            .iter()
            .map(|e| (e.id, off + e.start as usize, off + e.end as usize))
            .collect()
    };
    match unit {
        None => spans(&first, 0),
        Some(u) => u
            .parts
            .iter()
            .flat_map(|&(i, off)| spans(&statements[i], off))
            .collect(),
    }
}

/// The countries an article is about, for `in:` (see the module documentation): those of the
/// first paragraph that places it anywhere (the title is paragraph 0, so usually the title's),
/// and those named in at least two paragraphs. When no statement places the article anywhere,
/// every country counts (there is none), and an article in the language of one country only
/// is about that country (see [`home_country`]).
struct Placed<'a> {
    open: bool,
    /// When no statement places the article: the one country whose language it is written in.
    home: Option<&'static str>,
    about: Vec<&'a str>,
    /// The countries of the first paragraph that places the article (see `about`), and that
    /// paragraph.
    head: Vec<&'a str>,
    head_paragraph: u32,
    /// Whether the title or the lede says the article tells a drill (see `drill.rs`).
    drill: bool,
    /// Whether the title tells an anniversary (see `drill::title_tells_an_anniversary`).
    anniversary: bool,
    /// Whether the title or the lede reports a verdict (see `verdict.rs`).
    verdict: bool,
    /// Whether the title tells an inquiry's findings (see `verdict.rs`).
    findings: bool,
    /// Whether the title reports a tally (see `tally.rs`).
    tally: bool,
    /// Whether the title reports a study (see `study.rs`).
    study: bool,
    /// Whether the title is an appeal or names a risk (see `appeal.rs`).
    appeal: bool,
    /// Whether a negation or a denial in the title reaches any of its words (see
    /// `negation.rs`), worked out once when a topic fires and asks.
    denied: std::cell::OnceCell<bool>,
    /// The title with what an anniversary or a negation reaches blanked, prepared once for
    /// every unit and topic that asks (see `title_carries_a_term`).
    title: std::cell::OnceCell<Prepared>,
    /// The title as written, prepared once when an appeal asks (see `appeal.rs`).
    raw_title: std::cell::OnceCell<Prepared>,
    /// The title with what a negation reaches blanked and without the entities it denies
    /// (see `title_without_denied_entities`), or `None` when it denies none.
    disowned: std::cell::OnceCell<Option<Prepared>>,
    /// The title without the entities it names only as another company's relation ("a
    /// supplier of Skarnholm": see `relation.rs`), or `None` when it names none so.
    unrelated: std::cell::OnceCell<Option<Prepared>>,
}

impl<'a> Placed<'a> {
    fn of(statements: &[ClaimView<'a>]) -> Placed<'a> {
        // The first paragraph (the title is paragraph 0) that places the article anywhere.
        let drill = crate::drill::reports_a_drill(statements);
        let anniversary = crate::drill::title_tells_an_anniversary(statements);
        let verdict = crate::verdict::reports_a_verdict(statements);
        let findings = crate::verdict::reports_findings(statements);
        let tally = crate::tally::reports_a_tally(statements);
        let study = crate::study::reports_a_study(statements);
        let appeal = crate::appeal::title_tells_an_appeal_or_a_risk(statements);
        let Some(lead) = statements.iter().find(|s| !s.countries.is_empty()) else {
            return Placed {
                open: true,
                home: statements
                    .iter()
                    .find_map(|s| s.language)
                    .and_then(home_country),
                about: Vec::new(),
                head: Vec::new(),
                head_paragraph: 0,
                drill,
                anniversary,
                verdict,
                findings,
                tally,
                study,
                appeal,
                denied: Default::default(),
                title: Default::default(),
                raw_title: Default::default(),
                disowned: Default::default(),
                unrelated: Default::default(),
            };
        };
        let of = |p: u32| -> Vec<&'a str> {
            let mut out: Vec<&'a str> = Vec::new();
            for s in statements.iter().filter(|s| s.paragraph == p) {
                for &c in s.countries {
                    if !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
            out
        };
        let mut head = of(lead.paragraph);
        if lead.paragraph == 0 && head.len() > 1 {
            // A headline naming several countries ("Quake hits northern Philippines, felt in
            // southern Taiwan") is about those its lede names too, when it names any of them.
            let lede = of(1);
            if head.iter().any(|c| lede.contains(c)) {
                head.retain(|c| lede.contains(c));
            }
        }
        let mut about: Vec<&'a str> = head.clone();
        // (country, first paragraph naming it, whether a later paragraph names it too), over
        // the paragraphs of the text: a title that names a country and one paragraph that
        // recalls it do not make a story about it.
        let mut seen: Vec<(&'a str, u32, bool)> = Vec::new();
        for s in statements.iter().filter(|s| s.paragraph > 0) {
            for &c in s.countries {
                match seen.iter_mut().find(|(x, _, _)| *x == c) {
                    Some((_, p, again)) => *again |= *p != s.paragraph,
                    None => seen.push((c, s.paragraph, false)),
                }
            }
        }
        about.extend(
            seen.into_iter()
                .filter(|&(c, _, again)| again && !head.contains(&c))
                .map(|(c, _, _)| c),
        );
        Placed {
            open: false,
            home: None,
            about,
            head,
            head_paragraph: lead.paragraph,
            drill,
            anniversary,
            verdict,
            findings,
            tally,
            study,
            appeal,
            denied: Default::default(),
            title: Default::default(),
            raw_title: Default::default(),
            disowned: Default::default(),
            unrelated: Default::default(),
        }
    }

    /// The title as written, prepared once.
    fn raw_title(&self, title: ClaimView<'_>) -> &Prepared {
        self.raw_title.get_or_init(|| {
            let mut p = Prepared::default();
            p.fill(&title);
            p
        })
    }

    /// Whether `in:` may hold for `country`.
    fn holds(&self, country: &str) -> bool {
        self.open || self.about.contains(&country)
    }
}

/// The country of a language spoken as a first language in one country only, or nearly so
/// ("cs" Czechia, "fi" Finland, "ko" South Korea): local news in it that names no place the
/// gazetteer knows (a village, a mine, a valley) is about that country. Languages of several
/// countries (en, de, fr, es, pt, ar, ru, zh, nl, ...) have none.
fn home_country(language: &str) -> Option<&'static str> {
    Some(match language {
        "cs" => "czechia",
        "sk" => "slovakia",
        "pl" => "poland",
        "hu" => "hungary",
        "ro" => "romania",
        "bg" => "bulgaria",
        "sr" => "serbia",
        "bs" => "bosnia-and-herzegovina",
        "hr" => "croatia",
        "sl" => "slovenia",
        "sq" => "albania",
        "el" => "greece",
        "it" => "italy",
        "fi" => "finland",
        "et" => "estonia",
        "lv" => "latvia",
        "lt" => "lithuania",
        "da" => "denmark",
        "sv" => "sweden",
        "nb" | "nn" | "no" => "norway",
        "is" => "iceland",
        "uk" => "ukraine",
        "ka" => "georgia",
        "hy" => "armenia",
        "tr" => "turkiye",
        "he" => "israel",
        "ja" => "japan",
        "ko" => "south-korea",
        "th" => "thailand",
        "vi" => "vietnam",
        "km" => "cambodia",
        "lo" => "laos",
        "my" => "burma",
        "mn" => "mongolia",
        "id" => "indonesia",
        "ms" => "malaysia",
        "am" => "ethiopia",
        // The languages of one Indian state each (Tamil, Bengali, Punjabi and Urdu are written
        // in two countries, Hindi's press is India's), Nepali, Sinhala, Filipino, Dhivehi.
        "hi" | "mr" | "gu" | "te" | "kn" | "ml" | "or" => "india",
        "ne" => "nepal",
        "si" => "sri-lanka",
        "tl" | "fil" => "philippines",
        "dv" => "maldives",
        "mk" => "north-macedonia",
        "be" => "belarus",
        "mt" => "malta",
        "uz" => "uzbekistan",
        "az" => "azerbaijan",
        "kk" => "kazakhstan",
        "ky" => "kyrgyzstan",
        "tg" => "tajikistan",
        "tk" => "turkmenistan",
        "ht" => "haiti",
        "rw" => "rwanda",
        "rn" => "burundi",
        "lb" => "luxembourg",
        "ga" => "ireland",
        // Catalan: Catalonia, Valencia and the Balearics (Andorra's few news aside).
        "ca" => "spain",
        _ => return None,
    })
}

#[derive(Default)]
struct Acc {
    matched_terms: Vec<String>,
    evidence: BTreeMap<usize, Vec<MatchedTerm>>,
    /// (statement, term, span) already cited: a lookup instead of a scan of the spans, which
    /// can be thousands for a hostile statement.
    cited: HashSet<(usize, String, std::ops::Range<usize>)>,
}

impl Acc {
    fn add(&mut self, statement: usize, term: &str, span: Option<std::ops::Range<usize>>) {
        if !self.matched_terms.iter().any(|t| t == term) {
            self.matched_terms.push(term.to_string());
        }
        let terms = self.evidence.entry(statement).or_default();
        let m = match terms.iter_mut().position(|m| m.term == term) {
            Some(i) => &mut terms[i],
            None => {
                terms.push(MatchedTerm {
                    term: term.to_string(),
                    spans: Vec::new(),
                });
                terms.last_mut().expect("just pushed")
            }
        };
        if let Some(span) = span {
            if self
                .cited
                .insert((statement, term.to_string(), span.clone()))
            {
                m.spans.push(span);
            }
        }
    }
}

/// Which kinds of story a topic's own words ask for (outside a NOT), so that the article
/// checks above do not hold them back from it: computed once per topic when the set is built
/// (see [`WatchSet::new`]), not for every unit it fires on.
#[derive(Debug, Clone, Default)]
pub(crate) struct Asks {
    /// The topic's phrases that hold a negative particle ("no signal", "did not pay"): the
    /// negated act is what it watches (see `negation::own_negations`).
    pub own_negations: Option<Query>,
    pub anniversaries: bool,
    pub drills: bool,
    pub verdicts: bool,
    pub findings: bool,
    pub studies: bool,
    pub tallies: bool,
    pub appeals: bool,
    pub risks: bool,
}

impl Asks {
    pub(crate) fn of(query: &Query) -> Asks {
        Asks {
            own_negations: crate::negation::own_negations(query),
            anniversaries: crate::drill::asks_for_anniversaries(query),
            drills: crate::drill::asks_for_drills(query),
            verdicts: crate::verdict::asks_for_verdicts(query),
            findings: crate::verdict::asks_for_findings(query),
            studies: crate::study::asks_for_studies(query),
            tallies: crate::tally::asks_for_tallies(query),
            appeals: crate::appeal::asks_for_appeals(query),
            risks: crate::appeal::asks_for_risks(query),
        }
    }
}

impl WatchSet {
    /// Every topic that fires on an article given as its statements in order (title first,
    /// when it has one), each topic matched within its [`Scope`]. Matches are in topic order.
    pub fn match_article(&self, statements: &[ClaimView<'_>]) -> Vec<ArticleMatch> {
        let mut acc: BTreeMap<usize, Acc> = BTreeMap::new();
        if statements.is_empty() {
            return Vec::new();
        }
        let placed = Placed::of(statements);
        self.with_scratch(|s| {
            for (k, scope) in crate::SCOPES.iter().enumerate() {
                if self.scoped[k].1.is_empty() {
                    continue;
                }
                let mut units = Vec::new();
                match scope {
                    Scope::Sentence => units.extend((0..statements.len()).map(|i| i..i + 1)),
                    Scope::Paragraph => {
                        // The title (paragraph 0) and the lede (paragraph 1) are one unit: a
                        // headline states the news its first paragraph tells.
                        let para = |i: usize| statements[i].paragraph.max(1);
                        let mut start = 0;
                        for i in 1..=statements.len() {
                            if i == statements.len() || para(i) != para(start) {
                                units.push(start..i);
                                start = i;
                            }
                        }
                    }
                    Scope::Article => units.push(0..statements.len()),
                }
                for range in units {
                    self.match_unit(k, statements, range, &placed, s, &mut acc);
                }
            }
        });
        acc.into_iter()
            .map(|(topic, a)| ArticleMatch {
                topic,
                matched_terms: a.matched_terms,
                evidence: a.evidence.into_iter().collect(),
            })
            .collect()
    }

    fn match_unit(
        &self,
        scope: usize,
        statements: &[ClaimView<'_>],
        range: std::ops::Range<usize>,
        placed: &Placed<'_>,
        s: &mut Scratch,
        acc: &mut BTreeMap<usize, Acc>,
    ) {
        let first = statements[range.start];
        let single = range.len() == 1;
        let unit = (!single).then(|| Unit::of(statements, range.clone()));
        let (entities, mut countries): (Vec<&str>, Vec<&str>) = match &unit {
            Some(u) => (
                u.entities.iter().map(String::as_str).collect(),
                u.countries.iter().map(String::as_str).collect(),
            ),
            None => (Vec::new(), first.countries.to_vec()),
        };
        // A paragraph before the first that places the article, naming nothing the dictionary
        // knows, tells of the one country that paragraph places it in (local news whose title
        // and lede name a town the gazetteer does not know, and whose later paragraphs name its
        // province). A title that names a place without placing the story there ("a case
        // brought back from Brazil", "smuggled from Vietnam") keeps its unit unplaced.
        if countries.is_empty()
            && matches!(crate::SCOPES[scope], Scope::Paragraph)
            && statements[range.end - 1].paragraph < placed.head_paragraph
            && placed.head.len() == 1
            && statements[range.clone()]
                .iter()
                .all(|s| s.entity_ids.is_empty())
        {
            countries.extend(placed.head.iter().copied());
        }
        countries.retain(|c| placed.holds(c));
        if let Some(home) = placed.home {
            countries.push(home);
        }
        // The unit's mentions with offsets in its text (for `entity:` beside `NEAR/n`).
        let unit_spans: Vec<EntitySpan<'_>> = match &unit {
            None => Vec::new(),
            Some(u) => unit_mentions(statements, Some(u), first)
                .into_iter()
                .map(|(id, start, end)| EntitySpan {
                    id,
                    start: start as u32,
                    end: end as u32,
                })
                .collect(),
        };
        let view = match &unit {
            None => ClaimView {
                countries: &countries,
                ..first
            },
            Some(u) => ClaimView {
                text: &u.text,
                entity_ids: &entities,
                countries: &countries,
                speaker: (!u.speakers.is_empty()).then_some(u.speakers.as_str()),
                hedged: u.hedged,
                entity_spans: &unit_spans,
                ..first
            },
        };
        s.prepared.fill(&view);
        let (engine, idx) = &self.scoped[scope];
        let mut hits = Vec::new();
        engine.run(s, &mut hits);
        // The unit with the words a negation or an anniversary reaches blanked out, prepared
        // once per kind of mask if a topic fired that reads them (see `negation.rs`).
        let mut affirmed: [Option<Option<Prepared>>; 8] = Default::default();
        for local in hits {
            let t = idx[local as usize] as usize;
            let topic = &self.topics()[t];
            let query = &topic.query;
            let asks = &self.asks[t];
            if placed.anniversary
                && !asks.anniversaries
                && !title_reports_the_event(
                    query,
                    placed
                        .title
                        .get_or_init(|| affirmed_title(statements[0], statements[0].text)),
                )
            {
                continue;
            }
            // An appeal or a risk in the title that reaches every word of a part of the topic
            // the title carries: the article reports a demand or a forecast. A negation or a
            // denial likewise: the article reports that the event did not happen ("No strike
            // at the Chakan plant", "Authorities deny demolitions in Kibera").
            // Only a part of words counts for a negation: one that names a place or an entity
            // may be reached by a negation of something else ("Plane could not land in
            // Kuressaare").
            // A topic's own negative phrases ("no realizó el pago") are read as its terms: the
            // title's negations are read with their particles written over.
            let own_title = asks.own_negations.as_ref().and_then(|own| {
                own_reading(own, statements[0].text, placed.raw_title(statements[0]))
            });
            let title = statements[0];
            let appeal_asks = placed.appeal && !asks.appeals && !asks.risks;
            let denial_asks = !placed.appeal
                && !topic.denials
                && *own_or_shared(
                    own_title.as_deref(),
                    &mut None,
                    &placed.denied,
                    title.text,
                    |r| title_denies(statements, r),
                );
            if appeal_asks || denial_asks {
                let raw = placed.raw_title(title);
                let mut own_affirmed = None;
                let affirmed = own_or_shared(
                    own_title.as_deref(),
                    &mut own_affirmed,
                    &placed.title,
                    title.text,
                    |r| affirmed_title(title, r),
                );
                let loses = |words_only| title_loses_a_part(query, raw, affirmed, words_only);
                // An entity the title denies (its mentions negated, or its own part disowned:
                // "Ship that struck Gdańsk quay was not ours, Stellavik says") is lost too.
                let disowns = || {
                    own_or_shared(
                        own_title.as_deref(),
                        &mut None,
                        &placed.disowned,
                        title.text,
                        |r| title_without_denied_entities(title, r),
                    )
                    .as_ref()
                    .is_some_and(|t| loses_an_entity_part(query, raw, t))
                };
                if (appeal_asks && loses(false)) || (denial_asks && (loses(true) || disowns())) {
                    continue;
                }
            }
            // A title that names a watched company only as another one's supplier or rival
            // tells that other company's news.
            if let Some(t) = placed
                .unrelated
                .get_or_init(|| title_without_related_entities(statements[0]))
            {
                if loses_an_entity_part(query, placed.raw_title(statements[0]), t) {
                    continue;
                }
            }
            if placed.drill && !asks.drills {
                continue;
            }
            if placed.verdict && !asks.verdicts {
                continue;
            }
            if placed.findings && !asks.findings {
                continue;
            }
            if placed.tally && !asks.tallies {
                continue;
            }
            if placed.study && !asks.studies {
                continue;
            }
            if !entities_salient(query, statements) {
                continue;
            }
            let mask = Mask {
                negations: !topic.denials,
                anniversaries: !asks.anniversaries,
                appeals: !topic.denials && !asks.appeals,
            };
            let own_blanked;
            let mut read = &s.prepared;
            if mask.negations || mask.anniversaries {
                let slot = usize::from(mask.negations) * 4
                    + usize::from(mask.anniversaries) * 2
                    + usize::from(mask.appeals);
                // What the unit affirms, read from its text or, for a topic with negative
                // phrases of its own, from its text with their particles written over.
                let affirm = |read: &str| {
                    let negated = crate::negation::negated_words(read, mask);
                    if negated.is_empty() {
                        return None;
                    }
                    let text = crate::negation::blanked(view.text, &negated);
                    // An entity every mention of which is negated ("no measles cases") is not
                    // affirmed either; one whose mentions are unknown is.
                    let mentions = unit_mentions(statements, unit.as_ref(), first);
                    let affirmed_entity = |id: &str| {
                        let mut of_id = mentions.iter().filter(|m| m.0 == id).peekable();
                        of_id.peek().is_none()
                            || of_id.any(|m| !negated.iter().any(|r| r.start < m.2 && m.1 < r.end))
                    };
                    let kept: Vec<&str> = view
                        .entity_ids
                        .iter()
                        .copied()
                        .filter(|id| affirmed_entity(id))
                        .collect();
                    let mut p = Prepared::default();
                    p.fill(&ClaimView {
                        text: &text,
                        entity_ids: &kept,
                        ..view
                    });
                    Some(p)
                };
                let own = (asks.own_negations.as_ref())
                    .and_then(|own| own_reading(own, view.text, &s.prepared));
                let blanked = match own {
                    Some(read) => {
                        own_blanked = affirm(&read);
                        &own_blanked
                    }
                    None => &*affirmed[slot].get_or_insert_with(|| affirm(view.text)),
                };
                if let Some(p) = blanked {
                    if !eval_naive(query, p) {
                        continue;
                    }
                    // Salience and evidence count what the unit affirms: a term whose
                    // mentions in the title are all denied is not carried by the title.
                    read = p;
                }
            }
            if crate::SCOPES[scope] == Scope::Article
                && !salient(query, statements, range.clone(), unit.as_ref(), read)
            {
                continue;
            }
            let mut terms = Vec::new();
            evidence(query, read, &mut terms);
            let a = acc.entry(t).or_default();
            let before = a.evidence.len();
            let mut carried = false;
            for m in &terms {
                if m.spans.is_empty() {
                    match carriers(m, statements, range.clone(), unit.as_ref()) {
                        Some(at) => {
                            for &i in &at {
                                a.add(i, &m.term, None);
                            }
                            carried |= !at.is_empty();
                        }
                        // A field without a position (lang:, source:, hedged:, ...): a
                        // property of the unit, cited through the statements that carry the
                        // other terms.
                        None => {
                            if !a.matched_terms.iter().any(|x| x == &m.term) {
                                a.matched_terms.push(m.term.clone());
                            }
                        }
                    }
                } else {
                    for span in &m.spans {
                        let (i, off) = match &unit {
                            Some(u) => u.part_at(span.start),
                            None => (range.start, 0),
                        };
                        let end = (span.end - off).min(statements[i].text.len());
                        a.add(i, &m.term, Some(span.start - off..end));
                        carried = true;
                    }
                }
            }
            if !carried && a.evidence.len() == before {
                // Nothing positional held (a query of fields only): cite the unit's first
                // statement so the alert shows what it fired on.
                a.evidence.entry(range.start).or_default();
            }
        }
    }
}

/// Whether the title, with what an anniversary or a negation reaches in it blanked, carries a
/// word, prefix or phrase of `query`: a title that tells an anniversary and none of the
/// topic's words ("Genova ricorda le vittime nel giorno dell'anniversario") leaves the event
/// its lede recalls unreported; one that tells the event itself ("Earthquake collapsed homes
/// on the eve of an anniversary") reports it.
fn title_carries_a_term(query: &Query, title: &Prepared) -> bool {
    let mut terms = Vec::new();
    evidence(query, title, &mut terms);
    terms.iter().any(|m| !m.spans.is_empty())
}

/// Whether the title, with what an anniversary or a negation reaches blanked, still reports
/// what the topic watches: it carries words of two required parts of `query` (a part of a
/// top-level AND that is not a NOT and has words), or of its only one. A title that looks back
/// and keeps one word of the topic outside the look-back ("Un anno dopo le proteste, la valle
/// del litio aspetta", "Setahun tragedi konser, keluarga korban gelar doa") recalls the
/// event; one that tells it ("Earthquake collapsed homes on the eve of an anniversary")
/// reports it.
fn title_reports_the_event(query: &Query, title: &Prepared) -> bool {
    let worded: Vec<&Query> = required_parts(query)
        .filter(|p| crate::drill::asks_for(p, &|_| true))
        .collect();
    let carried = worded
        .iter()
        .filter(|p| title_carries_a_term(p, title))
        .count();
    carried >= worded.len().clamp(1, 2)
}

/// Whether a negation or a denial in the title reaches any of its words.
fn title_denies(statements: &[ClaimView<'_>], read: &str) -> bool {
    statements.first().is_some_and(|t| {
        let negations = Mask {
            negations: true,
            anniversaries: false,
            appeals: false,
        };
        t.paragraph == 0 && !crate::negation::negated_words(read, negations).is_empty()
    })
}

/// `text` (prepared as `prepared`) to read negations from for a topic whose own phrases hold a
/// negative particle (`own`, see `negation::own_negations`): the particles inside the places
/// those phrases occur are written over.
/// `None` when none occurs, so the readings shared by every topic serve.
///
/// See [`own_or_shared`] for the readings themselves.
fn own_reading(own: &Query, text: &str, prepared: &Prepared) -> Option<String> {
    let mut terms = Vec::new();
    evidence(own, prepared, &mut terms);
    let spans: Vec<std::ops::Range<usize>> =
        terms.iter().flat_map(|m| m.spans.iter().cloned()).collect();
    (!spans.is_empty()).then(|| crate::negation::without_own_cues(text, &spans))
}

/// A reading of the title made with `make`: from `own` (the title's text with a topic's own
/// negations written over, see [`own_reading`]) into `slot`, for that topic alone, or else
/// from `text` into the `shared` cell every topic reads.
fn own_or_shared<'c, T>(
    own: Option<&str>,
    slot: &'c mut Option<T>,
    shared: &'c std::cell::OnceCell<T>,
    text: &str,
    make: impl Fn(&str) -> T,
) -> &'c T {
    match own {
        Some(read) => slot.insert(make(read)),
        None => shared.get_or_init(|| make(text)),
    }
}

/// Whether a required part of `query` (a part of a top-level AND that is not a NOT) is carried
/// by the title as written and by nothing of the title once what a negation, an appeal or a
/// risk reaches is blanked ("MPs urge ministry to block the app": the block; "Red alert in
/// Idukki, people moved from landslide-risk zones": the landslide, though Idukki stays).
/// With `words_only`, only parts without a field term (`in:`, `entity:`, ...) count.
fn title_loses_a_part(
    query: &Query,
    raw: &Prepared,
    affirmed: &Prepared,
    words_only: bool,
) -> bool {
    required_parts(query).any(|part| {
        (!words_only || !has_a_field(part))
            && title_carries_a_term(part, raw)
            && !title_carries_a_term(part, affirmed)
    })
}

/// Whether a query holds a field term (`in:`, `entity:`, `speaker:` ...) anywhere.
fn has_a_field(query: &Query) -> bool {
    match query {
        Query::And(parts) | Query::Or(parts) => parts.iter().any(has_a_field),
        Query::Not(q) => has_a_field(q),
        Query::Text(_) | Query::Near { .. } => false,
        Query::NearEntity { .. } | Query::Field(_) => true,
    }
}

/// The required parts of `query`: each part of a top-level AND that is not a NOT (the query
/// itself when it is no AND).
fn required_parts(query: &Query) -> impl Iterator<Item = &Query> {
    let parts = match query {
        Query::And(parts) => parts.as_slice(),
        q => std::slice::from_ref(q),
    };
    parts.iter().filter(|p| !matches!(p, Query::Not(_)))
}

/// Whether every required part of `query` that names entities only (`entity:x`, or an OR of
/// such) names one the article is about: named by the title or the lede, or in two paragraphs
/// or more. A story about another company that names the watched one once, further down (its
/// own pens intact, its appeal against a rival's contract, a storm that hit it last winter),
/// is not about it, whatever paragraph carries the other terms and whatever the scope.
fn entities_salient(query: &Query, statements: &[ClaimView<'_>]) -> bool {
    fn ids(q: &Query, out: &mut Vec<String>) -> bool {
        match q {
            Query::Field(crate::FieldTerm::Entity { id, .. }) => {
                out.push(id.clone());
                true
            }
            Query::Or(parts) => parts.iter().all(|p| ids(p, out)),
            _ => false,
        }
    }
    required_parts(query).all(|part| {
        let mut wanted = Vec::new();
        if !ids(part, &mut wanted) {
            return true;
        }
        wanted.iter().any(|id| {
            let mut paragraphs = statements
                .iter()
                .filter(|s| s.entity_ids.iter().any(|e| e.eq_ignore_ascii_case(id)))
                .map(|s| s.paragraph.max(1));
            let Some(first) = paragraphs.next() else {
                return false;
            };
            first <= 1 || paragraphs.any(|p| p != first)
        })
    })
}

/// The title prepared with what an anniversary or a negation reaches blanked, the negations
/// read from `read` (the title's text, or the same with a topic's own particles written over:
/// see [`own_reading`]).
fn affirmed_title(title: ClaimView<'_>, read: &str) -> Prepared {
    let all = Mask {
        negations: true,
        anniversaries: true,
        appeals: true,
    };
    let negated = crate::negation::negated_words(read, all);
    let text = crate::negation::blanked(title.text, &negated);
    let mut p = Prepared::default();
    p.fill(&ClaimView {
        text: &text,
        ..title
    });
    p
}

/// The title with what a negation reaches blanked and without the entities it denies: those
/// every mention of which a negation reaches ("Nem a Dunavor szurkolói rongálták meg ..."), and
/// every entity of a title that disowns what it reports (see
/// `negation::denies_its_own`). `None` when it denies none.
fn title_without_denied_entities(title: ClaimView<'_>, read: &str) -> Option<Prepared> {
    if title.entity_ids.is_empty() {
        return None;
    }
    let negations = Mask {
        negations: true,
        anniversaries: false,
        appeals: false,
    };
    let negated = crate::negation::negated_words(read, negations);
    if negated.is_empty() {
        return None;
    }
    let kept: Vec<&str> = if crate::negation::denies_its_own(read, &negated) {
        Vec::new()
    } else {
        let reached = |m: &EntitySpan<'_>| {
            negated
                .iter()
                .any(|r| r.start < m.end as usize && (m.start as usize) < r.end)
        };
        entities_kept(&title, reached)
    };
    if kept.len() == title.entity_ids.len() {
        return None;
    }
    let text = crate::negation::blanked(title.text, &negated);
    let mut p = Prepared::default();
    p.fill(&ClaimView {
        text: &text,
        entity_ids: &kept,
        ..title
    });
    Some(p)
}

/// The entities of `title` with at least one mention that `drop` leaves (or no mention with
/// an offset).
fn entities_kept<'t>(
    title: &ClaimView<'t>,
    drop: impl Fn(&EntitySpan<'_>) -> bool,
) -> Vec<&'t str> {
    title
        .entity_ids
        .iter()
        .copied()
        .filter(|id| {
            let mut of_id = title.entity_spans.iter().filter(|m| m.id == *id).peekable();
            of_id.peek().is_none() || of_id.any(|m| !drop(m))
        })
        .collect()
}

/// Whether a required part of `query` that names a field (an entity) holds for the title as
/// written (`raw`) but not once some of its entities are left out (`without`).
fn loses_an_entity_part(query: &Query, raw: &Prepared, without: &Prepared) -> bool {
    required_parts(query)
        .any(|part| has_a_field(part) && eval_naive(part, raw) && !eval_naive(part, without))
}

/// The title without the entities every mention of which names another company's relation
/// ("Dostawca Skarnholmu zwalnia 90 osób") or says it was not affected ("Lumesta not
/// affected": see `relation.rs`). `None` when there is none.
fn title_without_related_entities(title: ClaimView<'_>) -> Option<Prepared> {
    if title.entity_ids.is_empty() || title.entity_spans.is_empty() {
        return None;
    }
    let related = |m: &EntitySpan<'_>| {
        crate::relation::is_related(title.text, m.start as usize, m.end as usize, title.language)
            || crate::relation::is_unaffected(title.text, m.end as usize)
            || crate::relation::is_nearby(title.text, m.start as usize)
    };
    let kept = entities_kept(&title, related);
    if kept.len() == title.entity_ids.len() {
        return None;
    }
    let mut p = Prepared::default();
    p.fill(&ClaimView {
        entity_ids: &kept,
        ..title
    });
    Some(p)
}

/// Where a matched term is carried: the statements of `range` that hold it, or `None` for a
/// term without a position (a property of the whole unit: `lang:`, `source:`, `hedged:`...).
fn carriers(
    m: &MatchedTerm,
    statements: &[ClaimView<'_>],
    range: std::ops::Range<usize>,
    unit: Option<&Unit>,
) -> Option<Vec<usize>> {
    let with = |has: &dyn Fn(&ClaimView<'_>) -> bool| -> Vec<usize> {
        range.clone().filter(|&i| has(&statements[i])).collect()
    };
    if let Some(id) = m.term.strip_prefix("entity:") {
        let id = id.trim_matches('"');
        Some(with(&|v| {
            v.entity_ids.iter().any(|e| e.eq_ignore_ascii_case(id))
        }))
    } else if let Some(id) = m.term.strip_prefix("in:") {
        let id = id.trim_matches('"');
        let at = with(&|v| v.countries.iter().any(|e| e.eq_ignore_ascii_case(id)));
        // Held by no statement: the article's home country (see `home_country`), a property
        // of the whole article.
        (!at.is_empty()).then_some(at)
    } else if m.spans.is_empty() {
        None
    } else {
        Some(
            m.spans
                .iter()
                .map(|span| unit.map_or(range.start, |u| u.part_at(span.start).0))
                .collect(),
        )
    }
}

/// Whether every required part of `query`, which matched the unit `range` of `statements`, is
/// salient there: carried by the title or the lede, or by two statements or more (see the
/// module documentation).
fn salient(
    query: &Query,
    statements: &[ClaimView<'_>],
    range: std::ops::Range<usize>,
    unit: Option<&Unit>,
    prepared: &crate::eval::Prepared,
) -> bool {
    // The paragraphs (title and lede as one) that carry each part with a position.
    let mut placed_parts: Vec<Vec<u32>> = Vec::new();
    let each = required_parts(query).all(|part| {
        let mut terms = Vec::new();
        evidence(part, prepared, &mut terms);
        let mut at: Vec<usize> = Vec::new();
        for m in &terms {
            match carriers(m, statements, range.clone(), unit) {
                None => return true,
                Some(c) => at.extend(c),
            }
        }
        at.sort_unstable();
        at.dedup();
        let mut paragraphs: Vec<u32> = at.iter().map(|&i| statements[i].paragraph.max(1)).collect();
        paragraphs.dedup();
        placed_parts.push(paragraphs);
        at.len() >= 2 || at.iter().any(|&i| statements[i].paragraph <= 1)
    });
    // Two parts must meet in one paragraph or in neighbouring ones: an article that tells of
    // one subject in its lede and names another only paragraphs away ("a turboprop's emergency
    // landing"; further down, "the Orlenza planes we expect have nothing to do with it") is not
    // about the two together.
    each && (placed_parts.len() < 2
        || placed_parts.iter().enumerate().any(|(a, pa)| {
            placed_parts[a + 1..]
                .iter()
                .any(|pb| pa.iter().any(|p| pb.iter().any(|q| p.abs_diff(*q) <= 1)))
        }))
}
