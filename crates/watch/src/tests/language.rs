//! The query language: parsing, precedence, errors, fields, NEAR, highlights.

use super::resolver;
use crate::*;

fn parse(q: &str) -> Query {
    Query::parse(q, &resolver).unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn topic(query: &str) -> WatchSet {
    let src = format!("[[topic]]\nid = \"t\"\nname = \"t\"\nquery = '{query}'\n");
    WatchSet::from_toml(&src, &resolver).unwrap_or_else(|e| panic!("{query}: {e:?}"))
}

fn claim(text: &str) -> ClaimView<'_> {
    ClaimView {
        text,
        ..Default::default()
    }
}

/// Whether the one topic fires, checked on both paths.
fn fires(set: &WatchSet, c: ClaimView<'_>) -> bool {
    let fast = set.matches(c);
    assert_eq!(fast, set.matches_naive(c), "paths disagree on {c:?}");
    !fast.is_empty()
}

#[test]
fn precedence_is_not_and_or() {
    assert_eq!(parse("a b OR c").to_string(), "a AND b OR c");
    assert_eq!(parse("a OR b c").to_string(), "a OR b AND c");
    assert_eq!(parse("a (b OR c)").to_string(), "a AND (b OR c)");
    assert_eq!(parse("NOT a b").to_string(), "NOT a AND b");
    assert_eq!(parse("-a OR -(b c)").to_string(), "NOT a OR NOT (b AND c)");
    assert_eq!(
        parse("x NEAR/3 \"y z\" AND NOT w*").to_string(),
        "x NEAR/3 \"y z\" AND NOT w*"
    );
    // Lower-case operators are words.
    assert_eq!(
        parse("salt and pepper").to_string(),
        "salt AND and AND pepper"
    );
    // A bare term with separators is a phrase; a quoted single word is a word.
    assert_eq!(
        parse("main-d'œuvre \"Arbeiter\"").to_string(),
        "\"main d œuvre\" AND arbeiter"
    );
}

#[test]
fn fields_resolve_and_normalise() {
    for alias in ["north-korea", "DPRK", "\"north korea\"", "КНДР", "북한"] {
        assert_eq!(
            parse(&format!("entity:{alias}")).to_string(),
            "entity:north-korea",
            "{alias}"
        );
    }
    assert_eq!(
        parse("speaker:\"Kyrylo Budanov\" lang:RU source:Harbour-Ledger hedged:TRUE tag:OSINT speaker:bud*")
            .to_string(),
        "speaker:\"kyrylo budanov\" AND lang:ru AND source:harbour-ledger AND hedged:true AND tag:osint AND speaker:bud*"
    );
}

#[test]
fn parse_errors_name_position_and_expectation() {
    let cases: &[(&str, usize, &str)] = &[
        ("a AND", 5, "expected a term, found the end of the query"),
        ("(a OR b", 7, "expected `)` to close the `(` at char 0"),
        ("a) b", 1, "unexpected `)`"),
        ("work*er", 4, "may only end a word"),
        ("\"abc*\"", 4, "wildcards are not supported inside a phrase"),
        (
            "x NEAR/5",
            8,
            "expected a word, prefix, phrase, `entity:` term or OR-group after `NEAR/5`",
        ),
        ("x NEAR y", 2, "expected `NEAR/<n>`"),
        ("a NEAR/2 b NEAR/2 c", 11, "joins exactly two terms"),
        ("(a AND b) NEAR/2 c", 0, "OR-groups of them"),
        ("a NEAR/2 (b OR in:x)", 9, "OR-groups of them"),
        (
            "(a OR b) NEAR/2 (c OR d) NEAR/2 e",
            25,
            "joins exactly two terms",
        ),
        ("colour:red", 0, "unknown field `colour:`"),
        ("entity:", 7, "expected a value after `entity:`"),
        ("рабочие in:", 11, "expected a value after `in:`"),
        ("lang:eng", 5, "two-letter ISO 639-1"),
        ("hedged:maybe", 7, "`true` or `false`"),
        ("\"open", 0, "closing `\"`"),
        ("AND x", 0, "expected a term, found `AND`"),
        ("*", 0, "letters or digits before `*`"),
        ("*streik", 0, "needs a closing one"),
        ("*st*", 1, "at least 3 letters"),
        ("*st*eik*", 3, "may only begin and end a word"),
        ("*st-eik*", 3, "one word between two `*`"),
    ];
    for (q, char_offset, want) in cases {
        let e = Query::parse(q, &resolver).expect_err(q);
        assert!(e.message.contains(want), "{q}: {e}");
        assert_eq!(e.char_offset, *char_offset, "{q}: {e}");
        assert!(
            e.to_string().contains(&format!("at char {char_offset}")),
            "{e}"
        );
    }
    // Byte and char offsets differ after non-ASCII text.
    let e = Query::parse("рабочие lang:eng", &resolver).unwrap_err();
    assert_eq!(e.byte_offset, "рабочие lang:".len());
    assert_eq!(e.char_offset, 13);
    let deep = "(".repeat(40) + "a" + &")".repeat(40);
    assert!(Query::parse(&deep, &resolver)
        .unwrap_err()
        .message
        .contains("deeper"));
}

#[test]
fn query_errors_map_to_file_line_and_column() {
    let src = "[[topic]]\nid = \"a\"\nname = \"n\"\nquery = \"\"\"\nentity:DPRK\n  (рабоч* OR colour:red)\"\"\"\n";
    let errs = WatchSet::from_toml(src, &resolver).unwrap_err();
    assert_eq!((errs[0].line, errs[0].column), (6, 14), "{errs:?}");
    assert!(errs[0].message.starts_with("unknown field `colour:`"));
    let src = "[[topic]]\nid = \"a\"\nname = \"n\"\nquery = 'x AND'\n";
    let errs = WatchSet::from_toml(src, &resolver).unwrap_err();
    assert_eq!((errs[0].line, errs[0].column), (4, 15), "{errs:?}");
    // With escapes, the error points at the string and names the query position.
    let src = "[[topic]]\nid = \"a\"\nname = \"n\"\nquery = \"\\u0041 OR\"\n";
    let errs = WatchSet::from_toml(src, &resolver).unwrap_err();
    assert_eq!((errs[0].line, errs[0].column), (4, 9), "{errs:?}");
    assert!(errs[0].message.contains("at char 4"), "{errs:?}");
    // A list entry is one term.
    let src = "[[topic]]\nid = \"a\"\nname = \"n\"\nany_of = [\"a OR b\", \"-x\", \"(y)\"]\n";
    let errs = WatchSet::from_toml(src, &resolver).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].message.contains("single term"), "{errs:?}");
    assert_eq!((errs[0].line, errs[0].column), (4, 22), "{errs:?}");
}

#[test]
fn settings_are_parsed_and_validated() {
    let ok = "[[topic]]\nid = \"a\"\nname = \"n\"\nowner = \"desk\"\ntags = [\"x\"]\nquery = \"x\"\nthrottle = { max_alerts = 5, window_secs = 3600 }\ndigest_secs = 900\n";
    let set = WatchSet::from_toml(ok, &resolver).unwrap();
    let t = &set.topics()[0];
    assert_eq!(
        t.throttle,
        Some(Throttle {
            max_alerts: 5,
            window_secs: 3600
        })
    );
    assert_eq!(t.digest_secs, Some(900));
    assert_eq!(t.owner.as_deref(), Some("desk"));
    let bad = "[[topic]]\nid = \"a\"\nname = \"n\"\nquery = \"x\"\nthrottle = { max_alerts = 0, window_secs = 3600 }\ndigest_secs = 5\nversion = 0\n";
    let errs = WatchSet::from_toml(bad, &resolver).unwrap_err();
    let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![5, 6, 7], "{errs:?}");
    let unknown = "[[topic]]\nid = \"a\"\nname = \"n\"\nquery = \"x\"\nthrottle = { max_alert = 1, window_secs = 1 }\n";
    assert!(WatchSet::from_toml(unknown, &resolver).is_err());
    let empty = "[[topic]]\nid = \"a\"\nname = \"n\"\nquery = \"  \"\n";
    assert!(WatchSet::from_toml(empty, &resolver).unwrap_err()[0]
        .message
        .contains("empty query"));
}

#[test]
fn sugar_compiles_to_the_same_tree() {
    let sugar = WatchSet::from_toml(super::FILE, &resolver).unwrap();
    let q = &sugar.topics()[0].query;
    assert_eq!(
        q.to_string(),
        "entity:north-korea AND entity:russia AND (worker* OR \"labour migrants\" OR рабоч*) AND NOT entity:china"
    );
    let both = "[[topic]]\nid = \"a\"\nname = \"n\"\nquery = \"x OR y\"\nnone_of = [\"entity:north korea\", \"z\"]\n";
    let set = WatchSet::from_toml(both, &resolver).unwrap();
    assert_eq!(
        set.topics()[0].query.to_string(),
        "(x OR y) AND NOT entity:north-korea AND NOT z"
    );
}

#[test]
fn infixes_find_the_parts_of_compounds() {
    assert_eq!(parse("*Streik* Hafen*").to_string(), "*streik* AND hafen*");
    assert_eq!(parse("*地震*").to_string(), "\"地 震\"");
    let set = topic("*streik* (Hafen* OR *häfen*)");
    let text = "Warnstreik im Hafen: Hafenarbeiterstreiks in mehreren Seehäfen";
    assert!(fires(&set, claim(text)));
    let m = set.matches(claim(text));
    let spans: Vec<&str> = m[0]
        .terms
        .iter()
        .flat_map(|t| t.spans.iter().map(|r| &text[r.clone()]))
        .collect();
    assert!(spans.contains(&"Warnstreik"), "{spans:?}");
    assert!(spans.contains(&"Hafenarbeiterstreiks"), "{spans:?}");
    assert!(spans.contains(&"Seehäfen"), "{spans:?}");
    // A prefix is still read from the start of the word only.
    assert!(!fires(&set, claim("Warnstreik am Flughafen")));
    assert!(fires(&set, claim("Streik am Flughafen und in den Häfen")));
    // Infixes work with NEAR (word positions) and NOT, on both paths.
    let set = topic("*streik* NEAR/2 *hafen* -*flughafen*");
    assert!(fires(&set, claim("der Hafenstreik im Containerhafen")));
    assert!(!fires(&set, claim("der Hafenstreik am Flughafen")));
    assert!(!fires(
        &set,
        claim("Streik, sagte man, dann lange nichts, dann Hafen")
    ));
}

#[test]
fn an_or_beside_an_and_without_parentheses_is_noted() {
    let noted = |q: &str| Query::parse_noting(q, &resolver).unwrap().1;
    // "(in:france AND wildfire*) OR bushfire*": seldom what was meant.
    assert_eq!(noted("in:france wildfire* OR bushfire*"), Some(20));
    assert_eq!(noted("a OR b c"), Some(2));
    assert_eq!(noted("(a OR b) c OR d"), Some(11));
    // Parentheses say what is meant; a plain OR or AND is unambiguous.
    assert_eq!(noted("in:france (wildfire* OR bushfire*)"), None);
    assert_eq!(noted("(a b) OR c"), None);
    assert_eq!(noted("a OR b OR c"), None);
    assert_eq!(noted("a b -c"), None);
    // The topic file carries it as a warning; the query still means what it says.
    let set = topic("x y OR z");
    assert_eq!(set.topics()[0].warnings.len(), 1);
    assert!(set.topics()[0].warnings[0].contains("`OR` at char 4"));
    assert!(topic("x (y OR z)").topics()[0].warnings.is_empty());
}

#[test]
fn near_between_or_groups_is_the_or_of_their_pairs() {
    assert_eq!(
        parse("(feu OR incendie*) NEAR/3 (forêt* OR maquis)").to_string(),
        "feu NEAR/3 forêt* OR feu NEAR/3 maquis OR incendie* NEAR/3 forêt* OR incendie* NEAR/3 maquis"
    );
    assert_eq!(
        parse("dam NEAR/2 (burst OR \"gave way\")").to_string(),
        "dam NEAR/2 burst OR dam NEAR/2 \"gave way\""
    );
    // 9 × 8 pairs: more than MAX_NEAR_PAIRS.
    let wide =
        "(a OR b OR c OR d OR e OR f OR g OR h OR i) NEAR/1 (a OR b OR c OR d OR e OR f OR g OR h)";
    let e = Query::parse(wide, &resolver).unwrap_err();
    assert!(e.message.contains("makes 72 pairs"), "{e}");
    let set = topic("(feu OR incendie*) NEAR/3 (forêt* OR maquis)");
    assert!(fires(
        &set,
        claim("Un incendie de forêt menace le village.")
    ));
    assert!(fires(&set, claim("Le maquis est en feu.")));
    assert!(!fires(
        &set,
        claim("Un incendie au port, très loin de la belle forêt.")
    ));
}

#[test]
fn near_counts_words_between_in_either_order() {
    let set = topic("worker* NEAR/3 russia");
    assert!(fires(&set, claim("workers were sent to Russia")));
    assert!(fires(&set, claim("Russia took many more workers")));
    assert!(!fires(&set, claim("workers were sent again to far Russia")));
    let set = topic("\"north korean\" NEAR/0 workers");
    assert!(fires(&set, claim("North Korean workers")));
    assert!(fires(&set, claim("workers, North-Korean")));
    assert!(!fires(&set, claim("North Korean construction workers")));
}

#[test]
fn scripts_particles_and_highlights() {
    let set = topic("북한* NEAR/2 노동자* OR рабоч* россия");
    let text = "북한의 노동자들이 러시아로";
    let m = set.matches(claim(text));
    assert_eq!(m.len(), 1);
    let spans = &m[0].terms[0].spans;
    assert_eq!(&text[spans[0].clone()], "북한의");
    assert_eq!(&text[spans[1].clone()], "노동자들이");
    assert!(fires(&set, claim("РАБОЧИЕ прибыли в Россия")));
    assert!(!fires(&set, claim("рабочие прибыли в Россию")));
    let set = topic("sanction* -\"sanctions relief\"");
    let text = "New Sanctions on shipping; sanctioned vessels";
    let m = set.matches(claim(text));
    assert_eq!(m[0].matched_terms, vec!["sanction*"]);
    assert_eq!(m[0].terms[0].spans, vec![4..13, 27..37]);
    assert!(!fires(&set, claim("talk of sanctions relief")));
}

#[test]
fn field_selectors_read_the_claim() {
    let set =
        topic("speaker:budanov* hedged:false lang:uk source:kyiv-wire tag:osint entity:Kremlin");
    let good = ClaimView {
        text: "anything",
        entity_ids: &["russia"],
        speaker: Some("Kyrylo Budanov"),
        language: Some("UK"),
        source_id: "Kyiv-Wire",
        hedged: false,
        tags: &["OSINT", "ua"],
        countries: &[],
        paragraph: 0,
        entity_spans: &[],
    };
    assert!(fires(&set, good));
    assert!(!fires(
        &set,
        ClaimView {
            hedged: true,
            ..good
        }
    ));
    assert!(!fires(
        &set,
        ClaimView {
            speaker: None,
            ..good
        }
    ));
    assert!(!fires(
        &set,
        ClaimView {
            language: Some("ru"),
            ..good
        }
    ));
    assert!(!fires(
        &set,
        ClaimView {
            source_id: "kyiv",
            ..good
        }
    ));
    assert!(!fires(
        &set,
        ClaimView {
            tags: &["ua"],
            countries: &[],
            paragraph: 0,
            ..good
        }
    ));
    assert!(!fires(
        &set,
        ClaimView {
            entity_ids: &["china"],
            ..good
        }
    ));
    let m = set.matches(good);
    assert!(
        m[0].explanation
            .starts_with("`t` v1 (medium) fired on speaker:budanov*, hedged:false, lang:uk"),
        "{}",
        m[0].explanation
    );
    // Queries the automaton cannot pre-filter are evaluated for every claim.
    let set = topic("NOT missile*");
    assert_eq!(set.stats().1, 1);
    assert!(fires(&set, claim("workers")));
    assert!(!fires(&set, claim("missiles")));
    assert_eq!(
        set.matches(claim("x"))[0].matched_terms,
        Vec::<String>::new()
    );
}

#[test]
fn shipped_topic_fires_in_six_languages_and_not_on_near_misses() {
    let set = WatchSet::from_toml(
        include_str!("../../../../samples/watch-topics.toml"),
        &resolver,
    )
    .unwrap();
    let both: &[&str] = &["north-korea", "russia"];
    let hit = |text: &str, entity_ids: &[&str]| {
        fires(
            &set,
            ClaimView {
                text,
                entity_ids,
                ..Default::default()
            },
        )
    };
    for text in [
        "North Korea plans to send several thousand additional workers to the Russian Far East",
        "КНДР до конца года направит в Россию ещё около трёх тысяч рабочих",
        "Росія приймає північнокорейських робітників на будівництва",
        "북한 노동자들이 러시아 건설 현장에 파견됐다",
        "Nordkorea schickt weitere Arbeiter nach Russland",
        "La Corée du Nord envoie de la main-d'œuvre en Russie",
        "Pyongyang sends more labour migrants to Russia",
    ] {
        assert!(hit(text, both), "{text}");
    }
    // Workers in China, Central Asian migrants in Russia, a missile test.
    assert!(!hit(
        "Seafood plants in Dandong still rely on North Korean workers",
        &["north-korea", "china"]
    ));
    assert!(!hit(
        "The number of labour migrants from Uzbekistan entering Russia fell",
        &["uzbekistan", "russia"]
    ));
    assert!(!hit(
        "Russia and China blocked a statement on the North Korean missile launch",
        &["russia", "china", "north-korea"]
    ));
}

#[test]
fn han_terms_are_found_inside_runs_of_han() {
    // No spaces separate Chinese words: a term is found wherever its characters stand.
    let set = topic("(地震* OR 強震) (受傷* OR 倒塌*)");
    assert!(fires(&set, claim("花蓮規模6.2地震 多棟民宅受損 3人受傷")));
    assert!(fires(&set, claim("臺東縣近海發生強震，一棟民宅外牆倒塌。")));
    // Characters of the term apart, or in another order, are not the term.
    assert!(!fires(&set, claim("地區震度5弱，3人受傷")));
    assert!(!fires(&set, claim("震地，3人受傷")));
    assert!(!fires(&set, claim("花蓮地震演習順利完成")));
    // A Han prefix is the phrase of its characters.
    assert_eq!(parse("地震*").to_string(), "\"地 震\"");
    // Highlights cover the characters of the term.
    let c = claim("今天花蓮地震，3人受傷");
    let m = set.matches(c);
    let spans: Vec<&str> = m[0]
        .terms
        .iter()
        .flat_map(|t| t.spans.iter().map(|s| &c.text[s.clone()]))
        .collect();
    assert!(spans.contains(&"地震"), "{spans:?}");
    assert!(spans.contains(&"受傷"), "{spans:?}");
}
