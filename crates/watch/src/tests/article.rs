//! Inflection, `in:` and topic scope over whole articles.

use super::*;

fn set(topics: &[(&str, &str, &str)]) -> WatchSet {
    let mut src = String::new();
    for (id, scope, query) in topics {
        src.push_str(&format!(
            "[[topic]]\nid = \"{id}\"\nname = \"{id}\"\nscope = \"{scope}\"\nquery = '''{query}'''\n"
        ));
    }
    WatchSet::from_toml(&src, &resolver).unwrap_or_else(|e| panic!("{e:?}"))
}

fn stmt<'a>(text: &'a str, lang: &'a str, paragraph: u32) -> ClaimView<'a> {
    ClaimView {
        text,
        language: Some(lang),
        source_id: "wire",
        paragraph,
        ..Default::default()
    }
}

/// An English statement of paragraph `paragraph` placed in `countries`.
fn placed(
    text: &'static str,
    paragraph: u32,
    countries: &'static [&'static str],
) -> ClaimView<'static> {
    ClaimView {
        countries,
        ..stmt(text, "en", paragraph)
    }
}

fn fired(set: &WatchSet, statements: &[ClaimView<'_>]) -> Vec<String> {
    set.match_article(statements)
        .iter()
        .map(|m| set.topics()[m.topic].id.clone())
        .collect()
}

#[test]
fn words_match_their_inflected_forms_in_the_texts_language() {
    let s = set(&[
        ("en", "sentence", "worker NEAR/3 sanction"),
        ("ru", "sentence", "северокорейский рабочий"),
        ("uk", "sentence", "робітник"),
        ("de", "sentence", "\"nordkoreanische arbeiter\""),
        ("possessive", "sentence", "cambodia"),
        ("run", "sentence", "running"),
    ]);
    let hits = |text: &str, lang: &str| fired(&s, &[stmt(text, lang, 0)]);
    assert_eq!(hits("Sanctions hit the workers hard.", "en"), ["en"]);
    assert_eq!(hits("Прибыли сотни северокорейских рабочих.", "ru"), ["ru"]);
    assert_eq!(hits("Приїхали сотні робітників.", "uk"), ["uk"]);
    assert_eq!(
        hits("Die Zahl nordkoreanischer Arbeiter steigt.", "de"),
        ["de"]
    );
    assert_eq!(
        hits("Cambodia's labour ministry confirmed it.", "en"),
        ["possessive"]
    );
    // Stems are taken in the text's language only: the English stem of a query word does not
    // match a German word that happens to share it.
    assert_eq!(hits("A run on the banks.", "en"), ["run"]);
    assert!(hits("Der Run auf die Banken.", "de").is_empty());
    // Without a known language, words match exactly.
    assert!(hits("Прибыли сотни северокорейских рабочих.", "").is_empty());
    assert_eq!(hits("северокорейский рабочий", ""), ["ru"]);
    // Prefixes still read the words as written.
    let p = set(&[("p", "sentence", "санкци*")]);
    assert_eq!(fired(&p, &[stmt("Новые санкции.", "ru", 0)]), ["p"]);
}

#[test]
fn fast_and_naive_paths_agree_on_inflected_text() {
    let s = set(&[
        ("a", "sentence", "worker"),
        ("b", "sentence", "\"labour migrants\""),
        ("c", "sentence", "рабочий NEAR/2 прибыть"),
        ("d", "sentence", "arbeiter -sibirien"),
    ]);
    for (text, lang) in [
        ("Labour migrants and workers.", "en"),
        ("The labour migrant worked.", "en"),
        ("Рабочие прибыли вчера.", "ru"),
        ("Arbeitern in Sibirien.", "de"),
        ("Arbeitern in Moskau.", "de"),
    ] {
        let v = stmt(text, lang, 0);
        assert_eq!(s.matches(v), s.matches_naive(v), "{text}");
    }
}

#[test]
fn in_matches_a_country_through_its_places() {
    let s = set(&[("vl", "sentence", "in:russia worker*")]);
    let placed = ClaimView {
        countries: &["russia"],
        ..stmt("Workers arrived in Vladivostok.", "en", 0)
    };
    assert_eq!(fired(&s, &[placed]), ["vl"]);
    let elsewhere = ClaimView {
        countries: &["china"],
        ..stmt("Workers arrived in Dandong.", "en", 0)
    };
    assert!(fired(&s, &[elsewhere]).is_empty());
}

#[test]
fn scope_decides_where_terms_must_meet() {
    let s = set(&[
        ("sent", "sentence", "entity:dprk worker*"),
        ("para", "paragraph", "entity:dprk worker*"),
        ("art", "article", "entity:dprk worker*"),
    ]);
    let nk: &[&str] = &["north-korea"];
    let article = [
        stmt("Labour ministers met on Monday", "en", 0),
        ClaimView {
            entity_ids: nk,
            ..stmt("North Korea has sent more people abroad.", "en", 1)
        },
        stmt("The workers arrived in March.", "en", 1),
        stmt("Another item about workers.", "en", 2),
    ];
    // The two terms are in neighbouring sentences of one paragraph.
    assert_eq!(fired(&s, &article), ["para", "art"]);
    // Only the article scope joins paragraphs.
    let split = [
        article[1],
        ClaimView {
            paragraph: 2,
            ..article[2]
        },
        ClaimView {
            paragraph: 3,
            ..article[3]
        },
    ];
    assert_eq!(fired(&s, &split), ["art"]);
    // One sentence with both: every scope fires.
    let one = [ClaimView {
        entity_ids: nk,
        ..stmt("North Korean workers arrived.", "en", 0)
    }];
    assert_eq!(fired(&s, &one), ["sent", "para", "art"]);
}

#[test]
fn a_title_that_tells_an_anniversary_fires_only_topics_that_ask_for_one() {
    let s = set(&[
        ("collapse", "paragraph", "ponte (crollo OR crollò) morti"),
        ("memorial", "paragraph", "anniversario ponte"),
    ]);
    // The title tells a commemoration and none of the collapse topic's words.
    let memorial = [
        stmt(
            "Genova ricorda le vittime nel giorno dell'anniversario",
            "it",
            0,
        ),
        stmt("Alle 11.36 il ponte crollò: 43 morti.", "it", 1),
    ];
    assert_eq!(fired(&s, &memorial), ["memorial"]);
    // A title that tells the collapse itself reports it, anniversary or not.
    let news = [
        stmt(
            "Crollo di un ponte a Genova nel giorno dell'anniversario",
            "it",
            0,
        ),
        stmt("Il ponte crollò alle 11: due morti.", "it", 1),
    ];
    assert_eq!(fired(&s, &news), ["collapse", "memorial"]);
}

#[test]
fn a_fine_or_a_look_back_weeks_later_is_no_report_of_the_event() {
    let s = set(&[
        ("leaks", "article", "pipeline* (leak* OR rupture*)"),
        ("enforcement", "article", "pipeline* (fine* OR fined)"),
        (
            "jailbreaks",
            "article",
            "(jailbreak* OR escap*) (inmate* OR prison*)",
        ),
    ]);
    // A regulator's fine months after the leak: the enforcement topic, not the leak one.
    let fine = [
        stmt(
            "Regulator fines the operator over the Pernik pipeline leak",
            "en",
            0,
        ),
        stmt(
            "The pipeline leak in January left 5,000 homes without heating for three days.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &fine), ["enforcement"]);
    // The leak told as news fires the leak topic.
    let leak = [
        stmt(
            "Gas pipeline leak near Pernik leaves 5,000 homes cold",
            "en",
            0,
        ),
        stmt(
            "The rupture was found on Tuesday, the operator said.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &leak), ["leaks"]);
    // Weeks after the jailbreak: recaptures, a follow-up.
    let recaptured = [
        stmt(
            "Most escapees back in custody, three weeks after the jailbreak",
            "en",
            0,
        ),
        stmt(
            "74 of the 118 inmates who escaped from the prison are back in custody.",
            "en",
            1,
        ),
    ];
    assert!(
        fired(&s, &recaptured).is_empty(),
        "{:?}",
        fired(&s, &recaptured)
    );
    let news = [
        stmt(
            "118 inmates escape after flood brings down prison wall",
            "en",
            0,
        ),
        stmt(
            "The jailbreak happened overnight, the prison service said.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &news), ["jailbreaks"]);
}

#[test]
fn a_title_that_dates_its_events_last_year_looks_back() {
    let s = set(&[("leaks", "article", "pipeline* (leak* OR rupture*)")]);
    let report = [
        stmt(
            "The operator logged 23 pipeline leaks last year, its safety report says",
            "en",
            0,
        ),
        stmt(
            "Most of the pipeline leaks were small and caused by excavators.",
            "en",
            1,
        ),
    ];
    assert!(fired(&s, &report).is_empty(), "{:?}", fired(&s, &report));
    // Compared with last year, the figure is today's news; a leak told now fires.
    let news = [
        stmt("Pipeline leak near Pernik leaves 5,000 homes cold", "en", 0),
        stmt(
            "It is the worst leak since the rupture last year, the operator said.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &news), ["leaks"]);
}

#[test]
fn what_the_title_denies_does_not_make_the_article_about_it() {
    let s = set(&[("art", "article", "entity:velmora (recall* OR Rückruf*)")]);
    let v: &[&str] = &["velmora"];
    let named = |text: &'static str, paragraph: u32| ClaimView {
        entity_ids: v,
        ..stmt(text, "en", paragraph)
    };
    // The title denies the recall; the body repeats the rumour once.
    let denial = [
        named("Velmora denies kettle recall", 0),
        named("Velmora makes kettles in Cologne.", 1),
        stmt("A post claimed a recall was coming.", "en", 2),
    ];
    assert!(fired(&s, &denial).is_empty());
    // Said twice in the body, the recall is salient, but the title that denies it says what
    // the story is (see `a_title_that_denies_what_a_topic_watches_fires_nothing`).
    let mut twice = denial.to_vec();
    twice.push(stmt("The recall covers 40,000 kettles.", "en", 3));
    assert!(fired(&s, &twice).is_empty());
    // A title that denies something else leaves the story to the body; the evidence cites
    // what is affirmed, not the denied words of the title.
    let other = [
        named("Velmora denies kettle fault, recall goes ahead", 0),
        named("Velmora makes kettles in Cologne.", 1),
        stmt("The recall covers 40,000 kettles.", "en", 2),
    ];
    assert_eq!(fired(&s, &other), ["art"]);
    let m = &s.match_article(&other)[0];
    let cited: Vec<usize> = m.evidence.iter().map(|(i, _)| *i).collect();
    assert_eq!(cited, [0, 1, 2]);
}

#[test]
fn article_scope_needs_each_part_in_the_title_or_lede_or_said_twice() {
    let s = set(&[(
        "art",
        "article",
        "entity:velmora (recall* OR Rückruf*) -kessler",
    )]);
    let v: &[&str] = &["velmora"];
    let named = |text: &'static str, paragraph: u32| ClaimView {
        entity_ids: v,
        ..stmt(text, "en", paragraph)
    };
    // A rival's recall; the company comes up once, deep in the body: not about it.
    let passing = [
        stmt("Brandt recalls glass kettles", "en", 0),
        stmt("Brandt is recalling 18,000 kettles.", "en", 1),
        stmt("Customers should stop using them.", "en", 2),
        named("A Velmora spokesman said its kettles were not affected.", 3),
    ];
    assert!(fired(&s, &passing).is_empty());
    // The same company in the title: salient.
    let mut titled = passing.to_vec();
    titled[0] = named("Velmora and Brandt kettles recalled", 0);
    assert_eq!(fired(&s, &titled), ["art"]);
    // Or named in two statements of the body, the recall in the lede.
    let mut twice = passing.to_vec();
    twice[2] = named("Velmora sold the same model.", 2);
    assert_eq!(fired(&s, &twice), ["art"]);
    // A recall mentioned once, late, in a story about the company's results.
    let results = [
        named("Velmora profit rises", 0),
        named("Velmora reported higher profit.", 1),
        stmt("Sales of kettles grew.", "en", 2),
        stmt(
            "Earlier, profit had been hit by the cost of a recall.",
            "en",
            3,
        ),
    ];
    assert!(fired(&s, &results).is_empty());
    // Said twice, but only paragraphs away from the company: the two never meet (see
    // `article_scope_parts_must_meet_in_one_paragraph`).
    let mut late = results.to_vec();
    late.push(stmt("A second recall followed in May.", "en", 4));
    assert!(fired(&s, &late).is_empty());
    // Said twice, once next to the lede that names the company: about it.
    let mut recalled = results.to_vec();
    recalled[2] = stmt("A second recall followed in May.", "en", 2);
    assert_eq!(fired(&s, &recalled), ["art"]);
    // The evidence still cites every statement that carries a term.
    let m = &s.match_article(&recalled)[0];
    let cited: Vec<usize> = m.evidence.iter().map(|(i, _)| *i).collect();
    assert_eq!(cited, [0, 1, 2, 3]);
    // Paragraph scope asks no salience of words (a paragraph is already one place), but an
    // entity named once, below the lede, is not what the article is about.
    let p = set(&[("para", "paragraph", "entity:velmora recall*")]);
    let deep = [
        stmt("Kettles", "en", 0),
        stmt("Nothing.", "en", 1),
        named("Velmora said a recall was needed.", 3),
    ];
    assert!(fired(&p, &deep).is_empty());
    let mut lede_names_it = deep;
    lede_names_it[1] = named("Velmora makes kettles.", 1);
    assert_eq!(fired(&p, &lede_names_it), ["para"]);
    // A query of properties only (no position) is not held back.
    let l = set(&[("lang", "article", "lang:en")]);
    assert_eq!(fired(&l, &[stmt("Nothing.", "en", 4)]), ["lang"]);
}

#[test]
fn a_denial_is_no_report_unless_the_topic_watches_denials() {
    // "No damage", "kein Hackerangriff": words a negation reaches say what did not happen, so
    // they do not satisfy a topic's terms. A topic written to watch denials says so.
    let mut src = String::new();
    for (id, denials, query) in [
        ("workers", false, "worker* (russia* OR россия)"),
        ("workers-denials", true, "worker* (russia* OR россия)"),
        ("cyber", false, "klinik* (hackerangriff OR cyberangriff*)"),
        (
            "cyber-denials",
            true,
            "klinik* (hackerangriff OR cyberangriff*)",
        ),
        ("quake", false, "quake* damage*"),
    ] {
        src.push_str(&format!(
            "[[topic]]\nid = \"{id}\"\nname = \"{id}\"\ndenials = {denials}\nquery = '''{query}'''\n"
        ));
    }
    let s = WatchSet::from_toml(&src, &resolver).unwrap_or_else(|e| panic!("{e:?}"));
    let hits = |text: &str, lang: &str| fired(&s, &[stmt(text, lang, 0)]);
    assert_eq!(
        hits(
            "The Kremlin said there were no North Korean workers in Russia.",
            "en"
        ),
        ["workers-denials"]
    );
    assert_eq!(
        hits("Die Klinik betonte: kein Hackerangriff.", "de"),
        ["cyber-denials"]
    );
    assert!(hits("The quake was felt widely but caused no damage.", "en").is_empty());
    // The same words affirmed fire every topic that asks for them.
    assert_eq!(
        hits("North Korean workers arrived in Russia.", "en"),
        ["workers", "workers-denials"]
    );
    assert_eq!(hits("The quake caused damage.", "en"), ["quake"]);
    assert_eq!(
        hits("Die Klinik meldete einen Hackerangriff.", "de"),
        ["cyber", "cyber-denials"]
    );
}

#[test]
fn an_entity_every_mention_of_which_is_negated_is_not_affirmed() {
    let s = set(&[("workers", "paragraph", "entity:dprk site*")]);
    let nk: &[&str] = &["north-korea"];
    let span = |text: &str, name: &str| {
        let start = text.find(name).unwrap() as u32;
        EntitySpan {
            id: "north-korea",
            start,
            end: start + name.len() as u32,
        }
    };
    let denied = "Officials said no North Korean workers were found at the site.";
    let denied_spans = [span(denied, "North Korean")];
    let view = |text: &'static str, spans: &'static [EntitySpan<'static>]| ClaimView {
        entity_ids: nk,
        entity_spans: spans,
        ..stmt(text, "en", 1)
    };
    let denied_spans: &'static [EntitySpan<'static>] = Box::leak(Box::new(denied_spans));
    // Negated, the entity is not affirmed, even though the statement lists it.
    assert!(fired(&s, &[view(denied, denied_spans)]).is_empty());
    // Without its mentions' positions, an entity counts as affirmed (the behaviour before
    // positions were known).
    assert_eq!(fired(&s, &[view(denied, &[])]), ["workers"]);
    // Affirmed by a second mention in the paragraph, it counts.
    let both = "No North Korean workers were found; Pyongyang sent some to the site.";
    let both_spans: &'static [EntitySpan<'static>] = Box::leak(Box::new([
        span(both, "North Korean"),
        span(both, "Pyongyang"),
    ]));
    assert_eq!(fired(&s, &[view(both, both_spans)]), ["workers"]);
}

#[test]
fn a_title_that_disowns_the_event_or_negates_the_entity_is_not_about_it() {
    let s = set(&[("tankers", "article", "entity:dprk (tanker* OR ship*)")]);
    let nk: &[&str] = &["north-korea"];
    let view = |text: &'static str, name: &str, paragraph: u32| {
        let start = text.find(name).unwrap() as u32;
        let spans: &'static [EntitySpan<'static>] = Box::leak(Box::new([EntitySpan {
            id: "north-korea",
            start,
            end: start + name.len() as u32,
        }]));
        ClaimView {
            entity_ids: nk,
            entity_spans: spans,
            ..stmt(text, "en", paragraph)
        }
    };
    let lede = view(
        "The tanker was seized on Monday, the North Korean foreign ministry said.",
        "North Korean",
        1,
    );
    // The speaker disowns what the title reports.
    let disowned = [
        view(
            "Tanker seized off Busan was not ours, North Korea says",
            "North Korea",
            0,
        ),
        lede,
    ];
    assert!(
        fired(&s, &disowned).is_empty(),
        "{:?}",
        fired(&s, &disowned)
    );
    // The negation reaches the entity itself.
    let negated = [
        view(
            "No North Korean crew on the tanker seized off Busan",
            "North Korean",
            0,
        ),
        lede,
    ];
    assert!(fired(&s, &negated).is_empty(), "{:?}", fired(&s, &negated));
    // Told as news, it fires.
    let news = [
        view("North Korean tanker seized off Busan", "North Korean", 0),
        lede,
    ];
    assert_eq!(fired(&s, &news), ["tankers"]);
}

#[test]
fn evidence_points_at_the_statements_that_carry_each_term() {
    let s = set(&[("para", "paragraph", "entity:dprk worker* -china")]);
    let nk: &[&str] = &["north-korea"];
    let article = [
        stmt("Title without terms", "en", 0),
        ClaimView {
            entity_ids: nk,
            ..stmt("Pyongyang sent them.", "en", 1)
        },
        stmt("Nothing here.", "en", 1),
        stmt("Most workers came by train.", "en", 1),
    ];
    let m = &s.match_article(&article)[0];
    assert_eq!(m.matched_terms, ["entity:north-korea", "worker*"]);
    let cited: Vec<usize> = m.evidence.iter().map(|(i, _)| *i).collect();
    assert_eq!(cited, [1, 3]);
    let (_, terms) = &m.evidence[1];
    assert_eq!(terms[0].term, "worker*");
    assert_eq!(terms[0].spans, vec![5..12usize]);
    assert_eq!(&article[3].text[5..12], "workers");
    // A NOT applies to the whole unit: "China" anywhere in the paragraph silences it.
    let mut with_china = article.to_vec();
    with_china.push(stmt("China was not involved.", "en", 1));
    assert!(s.match_article(&with_china).is_empty());
}

#[test]
fn scope_is_validated_and_defaults_to_paragraph() {
    let ok = WatchSet::from_toml(
        "[[topic]]\nid = \"a\"\nname = \"a\"\nquery = \"x\"\n",
        &resolver,
    )
    .unwrap();
    assert_eq!(ok.topics()[0].scope, Scope::Paragraph);
    let bad = "[[topic]]\nid = \"a\"\nname = \"a\"\nquery = \"x\"\nscope = \"page\"\n";
    let errs = WatchSet::from_toml(bad, &resolver).unwrap_err();
    assert!(errs[0].message.contains("unknown scope `page`"), "{errs:?}");
    assert_eq!(errs[0].line, 5);
}

#[test]
fn in_holds_for_the_country_an_article_is_about() {
    let s = set(&[
        ("para", "paragraph", "in:yemen cholera"),
        ("sent", "sentence", "in:yemen cholera"),
    ]);
    // The title places the story in Sudan; Yemen comes up once, as a comparison.
    let abroad = [
        placed("Cholera spreads in South Darfur camps", 0, &["sudan"]),
        placed(
            "Cholera has reached four camps around Nyala.",
            1,
            &["sudan"],
        ),
        placed(
            "The response may be stretched as it was in Yemen in 2017, during a cholera outbreak.",
            2,
            &["yemen"],
        ),
    ];
    assert!(fired(&s, &abroad).is_empty());
    // Named in two paragraphs, the country is a subject of the story, whatever the title says.
    let twice = [
        placed("Cholera spreads in South Darfur camps", 0, &["sudan"]),
        placed("Cholera cases were also reported in Yemen.", 1, &["yemen"]),
        placed("Yemen's Aden recorded 40 cases.", 2, &["yemen"]),
    ];
    assert_eq!(fired(&s, &twice), ["para", "sent"]);
    // The title names the country: any paragraph may place the story there.
    let home = [
        placed("Cholera cases climb in Yemen", 0, &["yemen"]),
        placed(
            "Clinics in Aden are full, a cholera ward nurse said.",
            2,
            &["yemen"],
        ),
    ];
    assert_eq!(fired(&s, &home), ["para", "sent"]);
    // A title placed nowhere: the lede places the story.
    let lede = [
        placed("Clinics run short of fluids", 0, &[]),
        placed("Cholera cases climb in Hodeidah, Yemen.", 1, &["yemen"]),
    ];
    assert_eq!(fired(&s, &lede), ["para", "sent"]);
    let lede_abroad = [
        placed("Clinics run short of fluids", 0, &[]),
        placed("Cholera cases climb in Nyala, Sudan.", 1, &["sudan"]),
        placed("Yemen had a cholera outbreak in 2017.", 2, &["yemen"]),
    ];
    assert!(fired(&s, &lede_abroad).is_empty());
    // Nothing places the title or the lede: the first paragraph that names a place does.
    let later = [
        placed("Clinics run short of fluids", 0, &[]),
        placed("Stocks will last ten days.", 1, &[]),
        placed(
            "Yemen's health ministry counted 400 cholera cases.",
            2,
            &["yemen"],
        ),
    ];
    assert_eq!(fired(&s, &later), ["para", "sent"]);
}

#[test]
fn a_drill_told_by_the_title_or_lede_fires_only_topics_that_ask_for_drills() {
    let s = set(&[
        (
            "quake",
            "paragraph",
            "(quake* OR 地震) (collapse* OR trapped OR 倒塌)",
        ),
        (
            "exercises",
            "paragraph",
            "(exercise* OR 演习) (quake* OR 地震)",
        ),
    ]);
    // The title says it is a drill: the quake topic stays silent, the one that asks for
    // exercises fires.
    let drill = [
        stmt("Firefighters rehearse quake response in Hualien", "en", 0),
        stmt(
            "In the exercise, a quake made a school collapse and trapped pupils.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &drill), ["exercises"]);
    // German compounds and Han text count too.
    let uebung = [
        stmt("Großübung: Schule nach Beben eingestürzt", "de", 0),
        stmt(
            "Die Übung zeigte, wie Verschüttete geborgen werden.",
            "de",
            1,
        ),
    ];
    assert!(set(&[("de", "paragraph", "beben eingestürzt")])
        .match_article(&uebung)
        .is_empty());
    let han = [stmt("台中举行地震演习，大楼倒塌", "zh", 0)];
    assert_eq!(fired(&s, &han), ["exercises"]);
    // Japanese: a training drill (訓練) assuming a quake silences the quake topic.
    let kunren = [stmt("地震を想定した訓練、校舎倒塌の想定で救助", "ja", 0)];
    assert!(fired(&s, &kunren).is_empty());
    // Korean: a mock drill (모의훈련) is a drill; 모의 alone is also "plotted" (謀議), no drill.
    let ko = set(&[("ko", "paragraph", "러시아 외교관*")]);
    let plotted = [stmt(
        "체코, 철도 방해 공작을 모의한 혐의로 러시아 외교관 3명 추방",
        "ko",
        0,
    )];
    assert_eq!(fired(&ko, &plotted), ["ko"]);
    let mock = [stmt("러시아 외교관 대피 모의훈련 실시", "ko", 0)];
    assert!(fired(&ko, &mock).is_empty());
    // A drill mentioned further down does not make a real quake a drill.
    let real = [
        stmt("Quake makes a school collapse in Hualien", "en", 0),
        stmt("Pupils were trapped for two hours.", "en", 1),
        stmt("Last year's exercise had rehearsed such a rescue.", "en", 2),
    ];
    assert_eq!(fired(&s, &real), ["quake"]);
    // English drill nouns that are verbs or other senses here do not make a drill.
    let exports = set(&[("gallium", "paragraph", "gallium export*")]);
    for title in [
        "China exercises control over gallium exports",
        "Beijing will exercise its veto as gallium exports fall",
        "Beijing may exercise a veto as gallium exports fall",
        "The exercise of power: gallium exports curbed",
        "Miner drills new gallium well as exports climb",
        "A simulation shows gallium exports halving",
    ] {
        let a = [stmt(title, "en", 0)];
        assert_eq!(fired(&exports, &a), ["gallium"], "{title}");
    }
    // French: a financial year (exercice) is no exercise either.
    let results = set(&[("fr", "paragraph", "gallium export*")]);
    let year = [stmt(
        "Gallium : les exportations du groupe reculent sur l'exercice 2025",
        "fr",
        0,
    )];
    assert_eq!(fired(&results, &year), ["fr"]);
    let drill_fr = [stmt(
        "Exercice au port : les exportations de gallium suspendues une journée",
        "fr",
        0,
    )];
    assert!(fired(&results, &drill_fr).is_empty());
    // Russian: pupils (ученики) are no exercise (учения).
    let school = set(&[("school", "paragraph", "землетрясени* школ*")]);
    let pupils = [
        stmt("Землетрясение в Иркутске: школу эвакуировали", "ru", 0),
        stmt("Ученики школы вышли во двор.", "ru", 1),
    ];
    assert_eq!(fired(&school, &pupils), ["school"]);
    let exercise = [
        stmt("Учения в Иркутске: землетрясение в школе", "ru", 0),
        stmt("Спасатели вывели детей.", "ru", 1),
    ];
    assert!(fired(&school, &exercise).is_empty());
    // ... while as nouns of an event they do.
    for title in [
        "Gallium exports halted in a drill at the port",
        "Port holds gallium exports drill",
        "Exercise, not crisis: gallium exports paused for a day",
        "Gallium exports stop as simulation begins",
    ] {
        let a = [stmt(title, "en", 0)];
        assert!(fired(&exports, &a).is_empty(), "{title}");
    }
}

#[test]
fn an_anniversary_is_no_report_of_the_event_it_recalls() {
    let s = set(&[
        ("quake", "paragraph", "earthquake* (killed OR collapsed)"),
        ("memorials", "paragraph", "anniversary earthquake*"),
    ]);
    let article = [
        stmt(
            "The town marks the anniversary of the 1987 earthquake",
            "en",
            0,
        ),
        stmt(
            "Hundreds gathered at the memorial; the 1987 disaster killed 300 people.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &article), ["memorials"]);
    // An earthquake told as news fires, even beside an anniversary in the same lede.
    let article = [
        stmt(
            "Earthquake collapsed homes on the eve of an anniversary",
            "en",
            0,
        ),
        stmt("Two people were killed.", "en", 1),
    ];
    assert_eq!(fired(&s, &article), ["quake", "memorials"]);
}

#[test]
fn an_international_day_is_no_report_of_its_subject() {
    let s = set(&[(
        "casualties",
        "paragraph",
        "(mine OR mines) (injured OR killed)",
    )]);
    // A UN-style observance: its lede tells past casualties, no new one.
    let day = [
        stmt(
            "Town marks the International Day for Mine Awareness",
            "en",
            0,
        ),
        stmt(
            "Since the war, mines have killed 120 people and injured 450 here.",
            "en",
            1,
        ),
    ];
    assert!(fired(&s, &day).is_empty());
    // The same words without the observance report casualties.
    let news = [
        stmt("Town counts the victims of mines", "en", 0),
        stmt(
            "Since the war, mines have killed 120 people and injured 450 here.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &news), ["casualties"]);
    // "International" before another noun is no observance.
    let aid = [
        stmt("International donors fund mine clearance", "en", 0),
        stmt("A mine injured a farmer on Tuesday.", "en", 1),
    ];
    assert_eq!(fired(&s, &aid), ["casualties"]);
}

#[test]
fn a_headline_of_several_countries_is_about_those_its_lede_names() {
    let s = set(&[("quake", "paragraph", "in:taiwan quake* damage*")]);
    // The lede places the quake in the Philippines; Taiwan, named by the headline and one
    // paragraph, only felt it.
    let felt = [
        placed(
            "Quake hits northern Philippines, felt in southern Taiwan",
            0,
            &["philippines", "taiwan"],
        ),
        placed(
            "A quake damaged a church in Batanes province.",
            1,
            &["philippines"],
        ),
        placed(
            "In Kaohsiung the quake rattled windows; a shop reported damage to shelves.",
            2,
            &["taiwan"],
        ),
    ];
    assert!(fired(&s, &felt).is_empty());
    // A lede that names both keeps both.
    let both = [
        felt[0],
        placed(
            "A quake damaged a church in Batanes and was felt in Taiwan.",
            1,
            &["philippines", "taiwan"],
        ),
        felt[2],
    ];
    assert_eq!(fired(&s, &both), ["quake"]);
    // Named in two paragraphs of the text, the country is a subject of the story again.
    let twice = [
        felt[0],
        felt[1],
        felt[2],
        placed("Taiwan's rail operator halted trains.", 3, &["taiwan"]),
    ];
    assert_eq!(fired(&s, &twice), ["quake"]);
}

#[test]
fn an_entity_beside_near_stands_for_the_words_of_its_mentions() {
    // Parsing and printing: either side, alone or in an OR-group, canonically entity first.
    let q = |s: &str| Query::parse(s, &resolver).map(|q| q.to_string());
    assert_eq!(
        q("entity:Kremlin NEAR/3 diplomat*").unwrap(),
        "entity:russia NEAR/3 diplomat*"
    );
    assert_eq!(
        q("diplomat* NEAR/3 entity:russia").unwrap(),
        "entity:russia NEAR/3 diplomat*"
    );
    assert_eq!(
        q("(entity:russia OR moscow) NEAR/2 (expel* OR \"persona non grata\")").unwrap(),
        "entity:russia NEAR/2 expel* OR entity:russia NEAR/2 \"persona non grata\" OR moscow NEAR/2 expel* OR moscow NEAR/2 \"persona non grata\""
    );
    let e = q("entity:russia NEAR/3 entity:china").unwrap_err();
    assert!(e.message.contains("two `entity:` terms"), "{e}");
    assert!(q("in:russia NEAR/3 diplomat*").is_err());

    let s = set(&[
        ("near-s", "sentence", "entity:russia NEAR/3 diplomat*"),
        ("near-p", "paragraph", "entity:russia NEAR/3 diplomat*"),
    ]);
    let ru: &[&str] = &["russia"];
    let span = |text: &str, name: &str| {
        let start = text.find(name).unwrap() as u32;
        EntitySpan {
            id: "russia",
            start,
            end: start + name.len() as u32,
        }
    };
    let view = |text: &'static str, names: &[&str], paragraph: u32| {
        let spans: Vec<EntitySpan<'static>> = names.iter().map(|n| span(text, n)).collect();
        ClaimView {
            entity_ids: ru,
            entity_spans: Box::leak(spans.into_boxed_slice()),
            ..stmt(text, "en", paragraph)
        }
    };
    let near = "Poland expelled two Russian diplomats on Monday.";
    let far = "Russian officials met at noon; later the ministry said it summoned diplomats of several states.";
    assert_eq!(
        fired(&s, &[view(near, &["Russian"], 1)]),
        ["near-s", "near-p"]
    );
    assert!(fired(&s, &[view(far, &["Russian"], 1)]).is_empty());
    // Fast and naive paths agree on a single statement.
    for text in [near, far] {
        let v = view(text, &["Russian"], 1);
        let fast: Vec<usize> = s.matches(v).iter().map(|m| m.topic).collect();
        let naive: Vec<usize> = s.matches_naive(v).iter().map(|m| m.topic).collect();
        assert_eq!(fast, naive, "{text}");
    }
    // In a paragraph, the mention's offsets are read in the unit's text: the entity of the
    // second statement is near the word of the second statement.
    let second = "Three diplomats of the Russian mission must leave.";
    let article = [
        stmt("Expulsions", "en", 0),
        view("Nothing about that here.", &[], 1),
        view(second, &["Russian"], 1),
    ];
    assert_eq!(fired(&s, &article), ["near-s", "near-p"]);
    let m = s
        .match_article(&article)
        .into_iter()
        .find(|m| s.topics()[m.topic].id == "near-p")
        .unwrap();
    let (i, terms) = &m.evidence[0];
    assert_eq!(*i, 2);
    let spans: Vec<&str> = terms[0].spans.iter().map(|r| &second[r.clone()]).collect();
    assert_eq!(spans, ["diplomats", "Russian"]);
    // A mention a negation reaches is no mention.
    let denied = "Officials said no Russian diplomats were involved.";
    assert!(fired(&s, &[view(denied, &["Russian"], 1)]).is_empty());
    // Without positions, an entity has no words to be near.
    let no_spans = ClaimView {
        entity_ids: ru,
        ..stmt(near, "en", 1)
    };
    assert!(fired(&s, &[no_spans]).is_empty());
}

#[test]
fn an_article_that_names_no_place_is_about_the_one_country_of_its_language() {
    let s = set(&[
        ("cz", "article", "in:czechia protest*"),
        ("uk", "paragraph", "in:united-kingdom protest*"),
    ]);
    let cs = [
        stmt("Protest proti dolu v obci", "cs", 0),
        stmt(
            "Stovky lidí protestovaly v sobotu proti plánovanému dolu.",
            "cs",
            1,
        ),
    ];
    assert_eq!(fired(&s, &cs), ["cz"]);
    // Bosnian is Bosnia and Herzegovina's.
    let b = set(&[("ba", "article", "in:bosnia-and-herzegovina mina")]);
    let bs = [
        stmt("Drvosječa poginuo nakon aktiviranja mine", "bs", 0),
        stmt("Mina je eksplodirala u šumi iznad sela.", "bs", 1),
    ];
    assert_eq!(fired(&b, &bs), ["ba"]);
    // Haitian Creole is Haiti's.
    let h = set(&[("ht", "paragraph", "in:haiti lench*")]);
    let ht = [
        stmt("Yon foul moun lench yon sispek nan mache a", "ht", 0),
        stmt("Polis la di yo te rive twò ta.", "ht", 1),
    ];
    assert_eq!(fired(&h, &ht), ["ht"]);
    let m = &s.match_article(&cs)[0];
    assert!(
        m.matched_terms.iter().any(|t| t == "in:czechia"),
        "{:?}",
        m.matched_terms
    );
    // English is written in many countries: no place named, no country.
    let en = [
        stmt("Protest against a mine", "en", 0),
        stmt(
            "Hundreds protested against the planned mine on Saturday.",
            "en",
            1,
        ),
    ];
    assert!(fired(&s, &en).is_empty());
    // A place named anywhere decides, as before.
    let elsewhere = [
        placed("Protest proti dolu v Rakousku", 0, &["austria"]),
        ClaimView {
            language: Some("cs"),
            ..stmt("Stovky lidí protestovaly.", "cs", 1)
        },
    ];
    assert!(fired(&s, &elsewhere).is_empty());
}

#[test]
fn a_title_reporting_statistics_fires_only_topics_that_ask_for_them() {
    let s = set(&[
        ("poisoning", "paragraph", "methanol (poison* OR died)"),
        (
            "figures",
            "paragraph",
            "methanol (statistics OR statistik*)",
        ),
    ]);
    // A yearly report of cases counts poisonings reported one by one when they happened.
    let report = [
        stmt(
            "Health ministry publishes statistics on methanol poisoning",
            "en",
            0,
        ),
        stmt(
            "Over five years 214 people were poisoned by methanol and 61 died.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &report), ["figures"]);
    // The same words in a story about new cases: the statistics are further down.
    let outbreak = [
        stmt("Nine die after drinking bootleg spirits", "en", 0),
        stmt(
            "Doctors said the men were poisoned by methanol; statistics show such cases rise in winter.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &outbreak), ["poisoning", "figures"]);
}

#[test]
fn a_title_that_urges_what_a_topic_watches_fires_only_topics_that_ask_for_appeals() {
    let s = set(&[
        ("blocks", "article", "app* (block* OR ban*)"),
        (
            "appeals",
            "article",
            "app* (block* OR ban*) (urge* OR \"calls for\")",
        ),
    ]);
    // MPs urge a block: the body repeats the demand and recalls earlier blocks in two
    // statements, enough for the words to be salient; only the title says what the story is.
    let demand = [
        stmt("MPs urge government to block photo app", "en", 0),
        stmt(
            "Two MPs urged the ministry on Monday to block the photo app within a week.",
            "en",
            1,
        ),
        stmt("The ministry has blocked apps before, they said.", "en", 2),
        stmt("In March it blocked a betting app.", "en", 3),
    ];
    assert_eq!(fired(&s, &demand), ["appeals"]);
    // The block itself, and a title that reports it before an appeal: both fire.
    let block = [
        stmt("Ministry blocks photo app", "en", 0),
        stmt("The ministry blocked the photo app on Monday.", "en", 1),
    ];
    assert_eq!(fired(&s, &block), ["blocks"]);
    let both = [
        stmt(
            "Ministry blocks photo app, urges users to delete it",
            "en",
            0,
        ),
        stmt("The ministry blocked the photo app on Monday.", "en", 1),
    ];
    assert_eq!(fired(&s, &both), ["blocks", "appeals"]);
    // An appeal that reaches none of the topic's words ("urges calm") leaves the story alone.
    let calm = [
        stmt("Minister urges calm after app blocked", "en", 0),
        stmt("The ministry blocked the photo app on Monday.", "en", 1),
    ];
    assert_eq!(fired(&s, &calm), ["blocks", "appeals"]);
}

#[test]
fn a_title_that_denies_what_a_topic_watches_fires_nothing() {
    let s = set(&[
        ("strikes", "article", "plant* (strike* OR walkout*)"),
        (
            "jamming",
            "paragraph",
            "(Kuressaar* OR in:estonia) GPS jam*",
        ),
    ]);
    // The title says there was no strike; the body recalls the rumour of one in two
    // statements, enough for the words to be salient: only the title says what the story is.
    let denied = [
        stmt("No strike at the Chakan plant, union says", "en", 0),
        stmt(
            "Videos of a strike at the plant spread online on Monday night.",
            "en",
            1,
        ),
        stmt(
            "A strike at the plant was first claimed by a local channel.",
            "en",
            2,
        ),
    ];
    assert!(fired(&s, &denied).is_empty());
    let strike = [
        stmt("Strike halts the Chakan plant", "en", 0),
        stmt("Workers at the plant went on strike on Monday.", "en", 1),
    ];
    assert_eq!(fired(&s, &strike), ["strikes"]);
    // A negation that reaches a place part ("could not land in Kuressaare") does not make the
    // title a denial of the topic: only parts of words count.
    let diverted = [
        stmt(
            "Plane could not land in Kuressaare as GPS was jammed",
            "en",
            0,
        ),
        stmt(
            "The GPS signal was jammed for an hour over Kuressaare, the airline said.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &diverted), ["jamming"]);
}

#[test]
fn a_negative_phrase_of_the_topic_is_its_term_not_a_negation_of_it() {
    let s = set(&[
        (
            "defaults",
            "article",
            "Tavess* (\"no pagó\" OR \"did not pay\" OR impago*)",
        ),
        ("outages", "paragraph", "\"no power\" OR blackout*"),
    ]);
    // "no paga" is the topic's "no pagó" (one stem): the title reports the default.
    let default = [
        stmt("Tavessa no paga el cupón de sus bonos", "es", 0),
        stmt(
            "Grupo Tavessa no pagó los intereses que vencían el lunes.",
            "es",
            1,
        ),
    ];
    assert_eq!(fired(&s, &default), ["defaults"]);
    let missed = [
        stmt("Tavessa did not pay its bond coupon", "en", 0),
        stmt("The group did not pay the interest due on Monday.", "en", 1),
    ];
    assert_eq!(fired(&s, &missed), ["defaults"]);
    // Written with a contraction, in the topic and in the text.
    let short = set(&[("short", "article", "Tavess* \"didn't pay\"")]);
    let unpaid = [
        stmt("Tavessa didn't pay its bond coupon", "en", 0),
        stmt("The group didn't pay the interest due on Monday.", "en", 1),
    ];
    assert_eq!(fired(&short, &unpaid), ["short"]);
    // Another negation still reaches the phrase: a denial that it did not pay is no default.
    let denied = [
        stmt(
            "Tavessa denies reports that it did not pay its coupon",
            "en",
            0,
        ),
        stmt(
            "Tavessa rejected reports that it did not pay the interest on its bonds.",
            "en",
            1,
        ),
    ];
    assert!(fired(&s, &denied).is_empty());
    // A verb negated by its suffix that the topic names is its term too.
    let az = set(&[("az", "article", "Tavess* ödənilmədi")]);
    let unpaid = [
        stmt("Tavessa kuponu ödənilmədi", "az", 0),
        stmt("Tavessa istiqrazlar üzrə faiz ödənilmədi.", "az", 1),
    ];
    assert_eq!(fired(&az, &unpaid), ["az"]);
    let dark = [
        stmt("Thousands left with no power after storm", "en", 0),
        stmt("Much of the valley had no power on Sunday night.", "en", 1),
    ];
    assert_eq!(fired(&s, &dark), ["outages"]);
}

#[test]
fn a_title_that_reports_a_study_fires_only_topics_that_ask_for_studies() {
    let s = set(&[
        ("quakes", "paragraph", "taipei (earthquake* OR séisme*)"),
        ("research", "paragraph", "taipei séisme* étude"),
    ]);
    let study = [
        stmt(
            "Une étude cartographie les immeubles fragiles de Taipei face aux séismes",
            "fr",
            0,
        ),
        stmt(
            "Les séismes menacent 3 000 immeubles de Taipei, selon les chercheurs.",
            "fr",
            1,
        ),
    ];
    assert_eq!(fired(&s, &study), ["research"]);
    let quake = [
        stmt("Un séisme secoue Taipei", "fr", 0),
        stmt(
            "Un séisme de magnitude 6 a secoué Taipei, selon une étude des dégâts.",
            "fr",
            1,
        ),
    ];
    assert_eq!(fired(&s, &quake), ["quakes", "research"]);
}

#[test]
fn a_lede_that_names_no_known_place_tells_of_the_country_a_later_paragraph_names() {
    let s = set(&[("camp", "paragraph", "in:kyrgyzstan poison*")]);
    let kg: &[&str] = &["karakol-kg"];
    let karakol = ClaimView {
        entity_ids: kg,
        ..placed(
            "Eight of them are in hospital in Karakol.",
            2,
            &["kyrgyzstan"],
        )
    };
    // Title and lede name a resort the gazetteer does not know; the province comes later.
    let local = [
        stmt("27 children poisoned at a summer camp", "en", 0),
        stmt(
            "The children fell ill after dinner at the camp by the lake, doctors said.",
            "en",
            1,
        ),
        karakol,
    ];
    assert_eq!(fired(&s, &local), ["camp"]);
    // A title that names a place without placing the story there keeps its unit unplaced.
    let br: &[&str] = &["brazil"];
    let mut origin = local;
    origin[0] = ClaimView {
        entity_ids: br,
        ..stmt(
            "27 children poisoned after a trip back from Brazil",
            "en",
            0,
        )
    };
    assert!(fired(&s, &origin).is_empty());
    // So does a later paragraph that places the story in two countries.
    let mut two = local;
    two[2] = ClaimView {
        entity_ids: kg,
        ..placed(
            "Eight are in hospital in Karakol and two in Almaty.",
            2,
            &["kyrgyzstan", "kazakhstan"],
        )
    };
    assert!(fired(&s, &two).is_empty());
}

#[test]
fn article_scope_parts_must_meet_in_one_paragraph() {
    let s = set(&[(
        "orlenza",
        "article",
        "entity:orlenza (incident OR \"emergency landing\")",
    )]);
    let o: &[&str] = &["orlenza"];
    let named = |text: &'static str, paragraph: u32| ClaimView {
        entity_ids: o,
        ..stmt(text, "en", paragraph)
    };
    // Another maker's plane lands in an emergency; two paragraphs further down name the
    // watched maker's planes the airline expects. Each part is salient, but they never meet in
    // one paragraph or in neighbouring ones.
    let elsewhere = [
        stmt("Turboprop makes emergency landing in Cusco", "en", 0),
        stmt(
            "A Valkov turboprop made an emergency landing on Monday after an engine failure.",
            "en",
            1,
        ),
        stmt("Passengers left the plane on the apron.", "en", 2),
        named("The airline will receive two Orlenza planes next year.", 3),
        named("The Orlenza planes are due in March, the airline said.", 4),
    ];
    assert!(fired(&s, &elsewhere).is_empty());
    // The same parts in one paragraph: the watched maker's plane landed.
    let mut own = elsewhere;
    own[1] = named(
        "An Orlenza turboprop made an emergency landing on Monday after an engine failure.",
        1,
    );
    assert_eq!(fired(&s, &own), ["orlenza"]);
}

#[test]
fn a_title_about_a_risk_of_what_a_topic_watches_is_a_forecast() {
    let s = set(&[
        ("swarms", "paragraph", "locust* (swarm* OR breed*)"),
        ("recalls", "paragraph", "kettle* recall*"),
        ("risks", "paragraph", "locust* (swarm* OR breed*) risk*"),
    ]);
    let forecast = [
        stmt("Agency warns of locust breeding risk after rains", "en", 0),
        stmt(
            "Heavy rains could let desert locusts breed, the agency said; swarms may form by spring.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &forecast), ["risks"]);
    // The risk a recall is over is no forecast of the recall.
    let recall = [
        stmt("Maker recalls kettles over scald risk", "en", 0),
        stmt("The maker said it would recall 40,000 kettles.", "en", 1),
    ];
    assert_eq!(fired(&s, &recall), ["recalls"]);
    // Swarms that landed, with a risk named after them.
    let swarms = [
        stmt("Locust swarms land near the town, risk to crops", "en", 0),
        stmt("Swarms of locusts landed on farms on Monday.", "en", 1),
    ];
    assert_eq!(fired(&s, &swarms), ["swarms", "risks"]);
}

#[test]
fn a_title_whose_risk_reaches_the_event_part_of_a_topic_is_a_forecast_though_it_names_the_place() {
    let s = set(&[(
        "landslides",
        "paragraph",
        "(Idukki OR Wayanad) (landslide* OR mudslide*)",
    )]);
    let alert = [
        stmt(
            "Red alert in Idukki, people moved out of landslide risk zones",
            "en",
            0,
        ),
        stmt(
            "Officials in Idukki moved 300 families from slopes where a landslide could strike.",
            "en",
            1,
        ),
    ];
    assert!(fired(&s, &alert).is_empty());
    let slide = [
        stmt("Landslide buries homes in Idukki", "en", 0),
        stmt(
            "A landslide in Idukki buried four homes, risk of more remains.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &slide), ["landslides"]);
}

#[test]
fn a_title_that_looks_back_must_carry_two_parts_of_a_topic_outside_the_look_back() {
    let s = set(&[("protests", "paragraph", "lithium (protest* OR blockade*)")]);
    // One word of the topic ("lithium") outside "a year after the protests": a retrospective.
    let retrospective = [
        stmt(
            "A year after the protests, the lithium valley waits",
            "en",
            0,
        ),
        stmt(
            "Farmers who led the protests against the lithium mine say little has changed.",
            "en",
            1,
        ),
    ];
    assert!(fired(&s, &retrospective).is_empty());
    // Both parts outside it: new protests.
    let again = [
        stmt(
            "A year after the floods, protests against lithium mine return",
            "en",
            0,
        ),
        stmt(
            "Farmers blocked the road to the lithium mine in a new protest on Saturday.",
            "en",
            1,
        ),
    ];
    assert_eq!(fired(&s, &again), ["protests"]);
}

#[test]
fn a_title_that_names_the_company_only_as_another_ones_relation_is_not_about_it() {
    let s = set(&[(
        "cuts",
        "article",
        "entity:velmora (\"job cuts\" OR layoff* OR zwolni*)",
    )]);
    let v: &[&str] = &["velmora"];
    let view = |text: &'static str, name: &str, lang: &'static str, paragraph: u32| {
        let start = text.find(name).unwrap() as u32;
        let spans: &'static [EntitySpan<'static>] = Box::leak(Box::new([EntitySpan {
            id: "velmora",
            start,
            end: start + name.len() as u32,
        }]));
        ClaimView {
            entity_ids: v,
            entity_spans: spans,
            ..stmt(text, lang, paragraph)
        }
    };
    let lede = |lang| {
        view(
            "Orders from Velmora fell by half, the supplier said, and 90 job cuts follow.",
            "Velmora",
            lang,
            1,
        )
    };
    // The supplier's job cuts.
    let supplier = [
        view("Velmora supplier announces 90 job cuts", "Velmora", "en", 0),
        lede("en"),
    ];
    assert!(
        fired(&s, &supplier).is_empty(),
        "{:?}",
        fired(&s, &supplier)
    );
    // A genitive by case, in Polish.
    let dostawca = [
        view("Dostawca Velmory zwalnia 90 osób", "Velmory", "pl", 0),
        lede("pl"),
    ];
    assert!(
        fired(&s, &dostawca).is_empty(),
        "{:?}",
        fired(&s, &dostawca)
    );
    // The company's own job cuts fire, with a supplier named beside it.
    let own = [
        view(
            "Velmora announces 90 job cuts, suppliers worried",
            "Velmora",
            "en",
            0,
        ),
        lede("en"),
    ];
    assert_eq!(fired(&s, &own), ["cuts"]);
    // An apposition: the company is the rival.
    let rival = [
        view("Rival Velmora announces 90 job cuts", "Velmora", "en", 0),
        lede("en"),
    ];
    assert_eq!(fired(&s, &rival), ["cuts"]);
}

#[test]
fn an_entity_named_once_below_the_lede_does_not_make_the_article_about_it() {
    let s = set(&[
        ("p", "paragraph", "entity:china (escape* OR escaped)"),
        ("s", "sentence", "entity:china escaped"),
    ]);
    let cn: &[&str] = &["china"];
    let named = |text: &'static str, paragraph: u32| ClaimView {
        entity_ids: cn,
        ..stmt(text, "en", paragraph)
    };
    // Another company's escape; the watched one comes up once, in the third paragraph.
    let other = [
        stmt("Salmon escape from a rival's pen", "en", 0),
        stmt(
            "Thousands of salmon escaped from a rival farm's pen.",
            "en",
            1,
        ),
        stmt("Divers checked the nets on Tuesday.", "en", 2),
        named(
            "The China farm nearby lost fish and escaped scrutiny last winter.",
            3,
        ),
    ];
    assert!(fired(&s, &other).is_empty());
    // Named in the lede, or in two paragraphs, it is what the article is about.
    let mut lede = other;
    lede[1] = named("Thousands of salmon escaped from a China farm's pen.", 1);
    assert_eq!(fired(&s, &lede), ["p", "s"]);
    let mut twice = other;
    twice[2] = named("Divers checked the China farm's nets on Tuesday.", 2);
    assert_eq!(fired(&s, &twice), ["p", "s"]);
}
