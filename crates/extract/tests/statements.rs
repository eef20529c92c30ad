//! Every sentence is a statement; layered dictionaries; places give countries; inflected
//! aliases. Sentences written for these tests.

use claimwatch_extract::{extract, Document, EntityDictionary, Layer, Source};

fn html_doc(body: &str) -> Document<'_> {
    Document {
        body: body.as_bytes(),
        content_type: Some("text/html"),
        url: "https://news.example/story",
        ..Document::default()
    }
}

const PAGE: &str = "<html lang=en><head><title>Harbour cranes stop | Example News</title></head>\
<body><nav><a href=/>Home</a></nav><article><h1>Harbour cranes stop</h1>\
<p>Dock workers walked out at dawn. The coach said that the goal was no accident.</p>\
<p>Officials in Vladivostok said the strike may last a week.</p></article></body></html>";

fn layered() -> EntityDictionary {
    let places = r#"
version = "test-places.1"
[[entity]]
id = "vladivostok"
kind = "city"
country = "russia"
aliases = { en = ["Vladivostok"], ru = ["Владивосток"] }
[[entity]]
id = "primorsky-krai"
kind = "region"
country = "russia"
aliases = { en = ["Primorsky Krai"], ru = ["Приморский край"] }
[[entity]]
id = "siberia"
kind = "region"
country = "russia"
aliases = { en = ["Siberia"], de = ["Sibirien"], ru = ["Сибирь"] }
"#;
    let mut sources = EntityDictionary::builtin_sources();
    sources.truncate(1);
    sources.push(Source {
        name: "places",
        toml: places,
        layer: Layer::Extend,
    });
    EntityDictionary::from_sources(&sources, &[]).unwrap()
}

#[test]
fn every_sentence_is_a_statement_with_its_paragraph() {
    let dict = EntityDictionary::shared().unwrap();
    let a = extract(&html_doc(PAGE), &dict).unwrap();
    let texts: Vec<&str> = a.statements.iter().map(|s| s.text.as_str()).collect();
    assert!(
        texts.contains(&"Dock workers walked out at dawn."),
        "{texts:?}"
    );
    assert!(texts.contains(&"The coach said that the goal was no accident."));
    // Plain statements have no entities; attributed ones keep their speaker and cue.
    let coach = a
        .statements
        .iter()
        .find(|s| s.text.starts_with("The coach"))
        .unwrap();
    assert!(coach.entities.is_empty());
    assert_eq!(coach.speaker.as_deref(), Some("The coach"));
    assert_eq!(coach.cue.as_deref(), Some("said"));
    let strike = a
        .statements
        .iter()
        .find(|s| s.text.contains("strike"))
        .unwrap();
    assert!(strike.hedged);
    // Paragraphs count from 1; each sentence knows its own.
    let paras: Vec<usize> = a.statements.iter().map(|s| s.paragraph).collect();
    assert_eq!(*paras.first().unwrap(), 1);
    assert!(paras.windows(2).all(|w| w[0] <= w[1]), "{paras:?}");
    let last = *paras.last().unwrap();
    let strike_para = strike.paragraph;
    assert_eq!(last, strike_para);
    assert_eq!(coach.paragraph + 1, strike_para, "{texts:?} {paras:?}");
    assert_eq!(a.statements_dropped, 0);
}

#[test]
fn the_title_is_a_statement_unless_the_text_opens_with_it() {
    let dict = EntityDictionary::shared().unwrap();
    let page = "<html><head><title>Pyongyang sends more builders abroad</title></head><body>\
        <article><p>A second group left by train on Monday, a ministry said.</p>\
        <p>More are expected.</p></article></body></html>";
    let a = extract(&html_doc(page), &dict).unwrap();
    let t = a.title_statement.as_ref().expect("a title statement");
    assert_eq!(t.paragraph, 0);
    assert_eq!(t.text, "Pyongyang sends more builders abroad");
    assert_eq!(t.entities[0].id, "north-korea");
    assert_eq!(t.countries, ["north-korea"]);
    // The h1 repeats the title as the first line of the text: no second copy.
    let b = extract(&html_doc(PAGE), &dict).unwrap();
    let first = &b.statements[0].text;
    assert_eq!(
        b.title_statement.is_some(),
        !first.starts_with("Harbour cranes stop")
    );
}

#[test]
fn places_put_statements_in_their_country() {
    let dict = layered();
    let a = extract(&html_doc(PAGE), &dict).unwrap();
    let s = a
        .statements
        .iter()
        .find(|s| s.text.contains("Vladivostok"))
        .unwrap();
    assert_eq!(s.entities[0].id, "vladivostok");
    assert_eq!(s.countries, ["russia"]);
    assert_eq!(dict.country_of("primorsky-krai"), Some("russia"));
    assert_eq!(dict.country_of("russia"), Some("russia"));
    assert_eq!(dict.country_of("un-security-council"), None);
    assert!(
        dict.version().ends_with("+test-places.1"),
        "{}",
        dict.version()
    );
}

#[test]
fn inflected_place_names_are_found() {
    let dict = layered();
    let ids = |t: &str| -> Vec<String> { dict.find(t).into_iter().map(|m| m.id).collect() };
    assert_eq!(
        ids("Рабочие прибыли в Приморском крае."),
        ["primorsky-krai"]
    );
    assert_eq!(
        ids("Их отправили во Владивосток и в Сибири."),
        ["vladivostok", "siberia"]
    );
    assert_eq!(ids("Die Wälder Sibiriens brennen."), ["siberia"]);
    // Latin place names take German and English endings, and only those.
    assert_eq!(ids("Im Vladivostoker Hafen streiken sie."), ["vladivostok"]);
    assert_eq!(ids("Vladivostoks Hafen"), ["vladivostok"]);
    assert!(ids("Vladivostokiana is a word.").is_empty());
    assert_eq!(ids("Japan's ministry"), ["japan"]);
}

#[test]
fn an_override_layer_replaces_and_removes_entities() {
    let user = r#"
version = "user.3"
[[entity]]
id = "velmora"
kind = "company"
aliases = { en = ["Velmora", "Velmora Appliances"], de = ["Velmora"] }
[[entity]]
id = "japan"
kind = "country"
aliases = { en = ["Nippon"] }
"#;
    let mut sources = EntityDictionary::builtin_sources();
    sources.push(Source {
        name: "entity log",
        toml: user,
        layer: Layer::Override,
    });
    let removed = vec!["iran".to_string()];
    let dict = EntityDictionary::from_sources(&sources, &removed).unwrap();
    let ids = |t: &str| -> Vec<String> { dict.find(t).into_iter().map(|m| m.id).collect() };
    assert_eq!(ids("Velmora recalls kettles"), ["velmora"]);
    // Replaced: the old aliases are gone with it.
    assert_eq!(ids("Nippon, not Japan"), ["japan"]);
    // Removed, builtin or not.
    assert!(dict.entity("iran").is_none());
    assert!(ids("Iran and Tehran").is_empty());
    assert!(dict.version().ends_with("+user.3"));

    // A user alias that another entity owns is refused, naming the source.
    let clash = "[[entity]]\nid = \"acme\"\nkind = \"company\"\naliases = { en = [\"Kremlin\"] }\n";
    sources.pop();
    sources.push(Source {
        name: "entity log",
        toml: clash,
        layer: Layer::Override,
    });
    let e = EntityDictionary::from_sources(&sources, &[]).unwrap_err();
    assert!(
        e.message.contains("entity log") && e.message.contains("already an alias"),
        "{e}"
    );
    assert_eq!(e.line, Some(4));
}

#[test]
fn place_names_inside_longer_names_are_not_places() {
    let dict = layered();
    let ids = |t: &str| -> Vec<String> { dict.find(t).into_iter().map(|m| m.id).collect() };
    // A club or a company named after the city: not the city.
    assert!(ids("Vladivostok Dynamo won again.").is_empty());
    assert!(ids("Fans of Vladivostok Avia cheered.").is_empty());
    // The place on its own, at a sentence start, before a comma or a possessive.
    assert_eq!(ids("Vladivostok, a port, grew."), ["vladivostok"]);
    assert_eq!(ids("Vladivostok's port grew."), ["vladivostok"]);
    assert_eq!(ids("They said. Vladivostok is cold."), ["vladivostok"]);
    assert_eq!(
        ids("Workers arrived in Vladivostok on Monday."),
        ["vladivostok"]
    );
}

#[test]
fn gazetteer_adjectives_in_lower_case_are_found_anywhere() {
    let places = r#"
version = "test-places.2"
[[entity]]
id = "freedonia"
kind = "country"
country = "freedonia"
aliases = { en = ["Freedonia", "Freedonian"], de = ["freedonisch"], es = ["freedonés", "freedonesa"] }
[[entity]]
id = "north-shore"
kind = "region"
country = "freedonia"
aliases = { en = ["North Shore"] }
"#;
    let mut sources = EntityDictionary::builtin_sources();
    sources.truncate(1);
    sources.push(Source {
        name: "places",
        toml: places,
        layer: Layer::Extend,
    });
    let dict = EntityDictionary::from_sources(&sources, &[]).unwrap();
    let ids = |t: &str| -> Vec<String> { dict.find(t).into_iter().map(|m| m.id).collect() };
    // Written in lower case: an adjective, found in the middle of a sentence, with endings
    // for German.
    assert_eq!(ids("Cerró el puerto freedonés ayer."), ["freedonia"]);
    assert_eq!(ids("una empresa freedonesa"), ["freedonia"]);
    assert_eq!(ids("Der freedonische Hafen ist zu."), ["freedonia"]);
    // Written with a capital: a proper name, found only where the text capitalises it.
    assert_eq!(ids("A Freedonian port closed."), ["freedonia"]);
    assert!(ids("a freedonian port").is_empty());
    assert!(ids("the north shore of the lake").is_empty());
    assert_eq!(ids("Storms hit the North Shore."), ["north-shore"]);
}

#[test]
fn the_builtin_gazetteer_has_departments_provinces_and_adjectives() {
    let dict = EntityDictionary::shared().unwrap();
    let ids = |t: &str| -> Vec<String> { dict.find(t).into_iter().map(|m| m.id).collect() };
    let only_country = |t: &str| -> Vec<String> {
        dict.find(t)
            .into_iter()
            .filter_map(|m| dict.country_of(&m.id).map(str::to_string))
            .collect()
    };
    // Second-level subdivisions (ISO 3166-2 with a parent), each in its country.
    assert_eq!(
        only_country("Les pompiers de la Gironde sont partis."),
        ["france"]
    );
    assert_eq!(
        only_country("Des renforts sont arrivés dans l'Aude."),
        ["france"]
    );
    assert_eq!(
        only_country("Lluvias en la Provincia de Toledo."),
        ["spain"]
    );
    // Country adjectives of countries the hand-written file does not have.
    assert_eq!(ids("a Spanish port"), ["spain"]);
    assert_eq!(ids("un puerto español"), ["spain"]);
    assert_eq!(ids("le port espagnol"), ["spain"]);
    assert_eq!(ids("ein spanischer Hafen"), ["spain"]);
    assert_eq!(ids("el departamento francés"), ["france"]);
    // A place name that is also a common phrase is not found in lower case (St Martin's
    // "Partie française"), the adjective in it is.
    assert_eq!(ids("la partie française du tunnel"), ["france"]);
}

#[test]
fn the_gazetteer_is_shipped() {
    // The committed gzipped gazetteer is decompressed and layered on the hand-written file.
    let dict = EntityDictionary::shared().unwrap();
    assert!(dict.len() > 10_000, "{} entities", dict.len());
    let id = dict.resolve("Vladivostok").expect("a gazetteer city");
    assert_eq!(dict.country_of(id), Some("russia"));
}

/// A state of a large country is named in the news as often as a city of millions: the
/// gazetteer keeps "Texas" and "Florida" (common words by frequency alone), so they place a text
/// in the United States and show "Naples, Florida" to be a namesake of the Italian city.
#[test]
fn states_of_a_large_country_are_places_and_qualify_namesakes() {
    let dict = EntityDictionary::shared().unwrap();
    for state in ["Texas", "Florida", "California"] {
        let id = dict.resolve(state).expect(state);
        assert_eq!(dict.country_of(id), Some("united-states"), "{state}");
    }
    let found = dict.find("A wildfire spread near Austin, Texas, on Monday.");
    assert!(found.iter().any(|m| m.surface == "Texas"), "{found:?}");
    let naples = dict.resolve("Naples").expect("the Italian city");
    assert_eq!(dict.country_of(naples), Some("italy"));
    let found = dict.find("A balcony collapsed in Naples, Florida, on Sunday.");
    assert!(!found.iter().any(|m| m.id == naples), "{found:?}");
    // Generic words stay out: "Central" is the name of regions in many countries.
    assert_eq!(dict.resolve("Central"), None);
}

/// The names-only dictionary (alerting's) resolves what the full one resolves from written
/// names, but does not search text for gazetteer places.
#[test]
fn a_names_only_dictionary_resolves_names_without_the_gazetteer_matcher() {
    let full = EntityDictionary::shared().unwrap();
    let names = EntityDictionary::shared_names().unwrap();
    assert_eq!(names.len(), full.len());
    for name in ["Deutschland", "КНДР", "north-korea", "Kremlin"] {
        assert_eq!(names.resolve(name), full.resolve(name), "{name}");
        assert!(names.resolve(name).is_some(), "{name}");
    }
    let place = full
        .entities()
        .iter()
        .find(|e| e.kind == "city" && e.aliases.values().flatten().any(|a| a == "Hamburg"))
        .expect("the gazetteer has Hamburg");
    assert_eq!(names.resolve("Hamburg"), Some(place.id.as_str()));
    let text = "Dockers in Hamburg stopped work on Monday.";
    assert!(full.find(text).iter().any(|m| m.id == place.id));
    assert!(!names.find(text).iter().any(|m| m.id == place.id));
}

#[test]
fn a_namesake_in_the_title_is_one_in_the_body_and_the_other_way_round() {
    let dict = EntityDictionary::shared().unwrap();
    let countries = |page: &str| -> Vec<String> {
        let a = extract(&html_doc(page), &dict).unwrap();
        let mut out: Vec<String> = a
            .title_statement
            .iter()
            .chain(&a.statements)
            .flat_map(|s| s.countries.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    };
    // The title qualifies the town; the body names it alone.
    let page = "<html><head><title>Measles case at a university in Moscow, Idaho</title></head>\
        <body><article><p>Health officials confirmed a case in Moscow on Thursday.</p>\
        <p>The clinics will open on Saturday.</p></article></body></html>";
    assert_eq!(countries(page), ["united-states"]);
    // The body qualifies it; the title names it alone.
    let page = "<html><head><title>Measles case confirmed in Moscow</title></head>\
        <body><article><p>Health officials in Moscow, Idaho, confirmed a case on Thursday.</p>\
        </article></body></html>";
    assert_eq!(countries(page), ["united-states"]);
    // Unqualified, Moscow is Russia's.
    let page = "<html><head><title>Measles case confirmed in Moscow</title></head>\
        <body><article><p>Health officials confirmed a case on Thursday.</p>\
        </article></body></html>";
    assert_eq!(countries(page), ["russia"]);
}
