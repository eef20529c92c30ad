use super::*;

pub(crate) fn resolver(name: &str) -> Option<String> {
    match name.to_lowercase().as_str() {
        "north-korea" | "dprk" | "north korea" | "кндр" | "북한" => {
            Some("north-korea".into())
        }
        "russia" | "kremlin" => Some("russia".into()),
        "china" => Some("china".into()),
        _ => None,
    }
}

const FILE: &str = r#"
[[topic]]
id = "dprk-workers-russia"
name = "DPRK workers in Russia"
version = 3
severity = "high"
all_of = ["entity:north-korea", "entity:Kremlin"]
any_of = ["worker*", "labour migrants", "рабоч*"]
none_of = ["entity:china"]
"#;

#[test]
fn fires_only_when_all_groups_agree() {
    let set = WatchSet::from_toml(FILE, &resolver).unwrap();
    assert_eq!(set.topics()[0].version, 3);
    let hit = set.matches(ClaimView {
        text: "Pyongyang sends Workers to Russia",
        entity_ids: &["north-korea", "russia"],
        ..Default::default()
    });
    assert_eq!(hit.len(), 1);
    assert_eq!(
        hit[0].matched_terms,
        vec!["entity:north-korea", "entity:russia", "worker*"]
    );
    assert_eq!(hit[0].terms[2].spans, vec![16..23]);
    assert!(
        hit[0].explanation.contains("worker* @16..23"),
        "{}",
        hit[0].explanation
    );
    let phrase = set.matches(ClaimView {
        text: "More labour migrants from the DPRK, the Kremlin said.",
        entity_ids: &["north-korea", "russia"],
        ..Default::default()
    });
    assert_eq!(phrase[0].matched_terms[2], "\"labour migrants\"");
    let cyrillic = set.matches(ClaimView {
        text: "КНДР направит в Россию рабочих",
        entity_ids: &["north-korea", "russia"],
        ..Default::default()
    });
    assert_eq!(cyrillic.len(), 1);
    // Missing an all_of entity.
    assert!(set
        .matches(ClaimView {
            text: "North Korean workers",
            entity_ids: &["north-korea"],
            ..Default::default()
        })
        .is_empty());
    // No any_of term: "labour" alone is not the phrase "labour migrants".
    assert!(set
        .matches(ClaimView {
            text: "labour shortages in Russia and the DPRK",
            entity_ids: &["north-korea", "russia"],
            ..Default::default()
        })
        .is_empty());
    // A none_of entity vetoes.
    assert!(set
        .matches(ClaimView {
            text: "workers",
            entity_ids: &["north-korea", "russia", "china"],
            ..Default::default()
        })
        .is_empty());
}

#[test]
fn unknown_entities_are_kept_as_ids_and_reported() {
    // Entities are added while topics run, so a name the dictionary does not know yet is no
    // error: it is kept as an id, and tools warn about it.
    let src = r#"
[[topic]]
id = "a"
name = "a"
query = 'entity:atlantis in:"Lemuria" entity:Kremlin'
"#;
    let set = WatchSet::from_toml(src, &resolver).unwrap();
    assert_eq!(set.topics()[0].unknown_entities, ["atlantis", "lemuria"]);
    let fires = set.matches(ClaimView {
        text: "x",
        entity_ids: &["atlantis", "russia"],
        countries: &["lemuria"],
        ..Default::default()
    });
    assert_eq!(fires.len(), 1);
}

#[test]
fn errors_carry_line_and_column() {
    let bad = r#"
[[topic]]
id = "Bad Id"
name = "x"
severity = "urgent"
all_of = ["entity:atlantis", "colour:red", "*"]
"#;
    let errs = WatchSet::from_toml(bad, &resolver).unwrap_err();
    let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 5, 6, 6], "{errs:?}");
    assert!(errs[0].message.contains("lowercase"));
    assert!(errs[1].message.contains("unknown severity"));
    assert!(errs[2].message.contains("unknown field `colour:`"));
    // The column of the field name inside the string.
    assert_eq!(errs[2].column, 31);

    let syntax = "[[topic]]\nid = \"a\"\nname = \n";
    let errs = WatchSet::from_toml(syntax, &resolver).unwrap_err();
    assert_eq!(errs[0].line, 3, "{errs:?}");

    let unknown_key = "[[topic]]\nid = \"a\"\nname = \"n\"\nall_off = [\"x\"]\n";
    let errs = WatchSet::from_toml(unknown_key, &resolver).unwrap_err();
    assert_eq!(errs[0].line, 4, "{errs:?}");
    assert!(errs[0].message.contains("all_off"), "{errs:?}");
}

#[test]
fn duplicate_ids_and_empty_topics_are_rejected() {
    let dup = "[[topic]]\nid = \"a\"\nname = \"n\"\nall_of = [\"x\"]\n[[topic]]\nid = \"a\"\nname = \"m\"\nany_of = [\"y\"]\n[[topic]]\nid = \"b\"\nname = \"e\"\n";
    let errs = WatchSet::from_toml(dup, &resolver).unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs
        .iter()
        .any(|e| e.line == 6 && e.message.contains("duplicate")));
    assert!(errs
        .iter()
        .any(|e| e.line == 10 && e.message.contains("no terms")));
}

mod article;
mod language;
mod randomized;

#[test]
fn tokenizer_lowercases_across_scripts() {
    assert_eq!(
        tokenize("Nord-Korea's ARBEITER, Россию; 북한의 노동자"),
        vec![
            "nord",
            "korea",
            "s",
            "arbeiter",
            "россию",
            "북한의",
            "노동자"
        ]
    );
}

#[test]
fn webhook_urls_are_checked() {
    let resolve = |_: &str| None;
    let ok = "[[topic]]\nid = \"x\"\nname = \"x\"\nquery = \"a\"\nwebhook = \"https://hooks.example.org/x\"\n";
    let set = WatchSet::from_toml(ok, &resolve).unwrap();
    assert_eq!(
        set.topics()[0].webhook.as_deref(),
        Some("https://hooks.example.org/x")
    );
    let bad = "[[topic]]\nid = \"x\"\nname = \"x\"\nquery = \"a\"\nwebhook = \"ftp://x\"\n";
    let errs = WatchSet::from_toml(bad, &resolve).unwrap_err();
    assert_eq!(errs[0].line, 5);
    assert!(errs[0].message.contains("http:// or https://"), "{errs:?}");
}

mod log {
    use super::*;

    fn compile(doc: &str) -> Result<Vec<Topic>, String> {
        WatchSet::from_toml(doc, &resolver)
            .map(|s| s.topics().to_vec())
            .map_err(|e| format!("{e:?}"))
    }

    const BASE: &str = "[[topic]]\nid = \"a\"\nname = \"A\"\nquery = \"alpha\"\n\n[[topic]]\nid = \"b\"\nname = \"B\"\nquery = \"beta\"\n";

    #[test]
    fn changes_fold_over_the_file() {
        let mut log = WatchLog::new(compile(BASE).unwrap());
        let docs = topic_documents(
            "[[topic]]\nid = \"a\"\nname = \"A\"\nquery = \"gamma\"\nthrottle = { max_alerts = 2, window_secs = 60 }\n",
            |_, _| Some(2),
        )
        .unwrap();
        assert_eq!(docs.len(), 1);
        let (id, doc) = &docs[0];
        assert_eq!(id, "a");
        assert_eq!(
            log.apply(id, Some(doc), &compile).unwrap(),
            Applied::Upserted {
                id: "a".into(),
                version: 2
            }
        );
        // Read again (a restart): nothing changes.
        assert_eq!(
            log.apply(id, Some(doc), &compile).unwrap(),
            Applied::Unchanged
        );
        let a = log.get("a").unwrap();
        assert_eq!(a.query.to_string(), "gamma");
        assert_eq!(a.throttle.unwrap().max_alerts, 2);
        // A new topic, then a deletion of a file topic.
        let c = "[[topic]]\nid = \"c\"\nname = \"C\"\nquery = \"delta\"\n";
        log.apply("c", Some(c), &compile).unwrap();
        assert_eq!(
            log.apply("b", None, &compile).unwrap(),
            Applied::Deleted { id: "b".into() }
        );
        assert_eq!(log.apply("zz", None, &compile).unwrap(), Applied::Unchanged);
        let ids: Vec<(String, i32)> = log
            .topics()
            .iter()
            .map(|t| (t.id.clone(), t.version))
            .collect();
        assert_eq!(ids, vec![("a".into(), 2), ("c".into(), 1)]);
    }

    #[test]
    fn bad_records_change_nothing() {
        let mut log = WatchLog::new(compile(BASE).unwrap());
        let before = log.topics().len();
        let wrong_key = "[[topic]]\nid = \"c\"\nname = \"C\"\nquery = \"delta\"\n";
        assert!(log
            .apply("d", Some(wrong_key), &compile)
            .unwrap_err()
            .contains("does not match"));
        assert!(log
            .apply("a", Some(BASE), &compile)
            .unwrap_err()
            .contains("exactly one"));
        assert!(log.apply("a", Some("not toml ["), &compile).is_err());
        assert_eq!(log.topics().len(), before);
        assert_eq!(log.get("a").unwrap().query.to_string(), "alpha");
    }

    #[test]
    fn documents_round_trip_every_field() {
        let src = "[[topic]]\nid = \"x\"\nname = \"X\"\nversion = 4\nseverity = \"high\"\nowner = \"desk\"\ntags = [\"t\"]\nquery = '\"labour migrants\" NEAR/2 russia'\ndigest_secs = 600\nwebhook = \"https://h.example/x\"\n";
        let docs = topic_documents(src, |_, given| given).unwrap();
        let original = &compile(src).unwrap()[0];
        let again = &compile(&docs[0].1).unwrap()[0];
        assert!(
            crate::log::same_definition(original, again),
            "{}",
            docs[0].1
        );
        assert_eq!(again.version, 4);
    }
}

/// A one-topic set with `query`.
fn near_set(query: &str) -> WatchSet {
    let src = format!(
        "[[topic]]\nid = \"n\"\nname = \"N\"\nversion = 1\nseverity = \"low\"\nquery = '{query}'\n"
    );
    WatchSet::from_toml(&src, &resolver).unwrap()
}

/// Calls of the NEAR distance check made by `f` on this thread.
fn near_calls(f: impl FnOnce()) -> u64 {
    eval::NEAR_CALLS.with(|c| c.set(0));
    f();
    eval::NEAR_CALLS.with(|c| c.get())
}

#[test]
fn near_work_is_linear_in_the_occurrences() {
    // 400 occurrences of each side: the pairwise check was 160,000 distance checks (and a
    // scan of the spans found so far for each), a stall for one hostile claim.
    let dense = "alpha beta ".repeat(400);
    let apart = format!(
        "{}{}{}",
        "alpha ".repeat(400),
        "filler ".repeat(200),
        "beta ".repeat(400)
    );
    let set = near_set("alpha NEAR/5 beta");
    for (text, fires) in [(dense.as_str(), true), (apart.as_str(), false)] {
        let claim = ClaimView {
            text,
            ..Default::default()
        };
        let mut fast = Vec::new();
        let calls = near_calls(|| fast = set.matches(claim));
        assert_eq!(!fast.is_empty(), fires);
        assert!(
            calls <= 4 * 800,
            "fast path and evidence: {calls} distance checks"
        );
        let mut naive = Vec::new();
        let calls = near_calls(|| naive = set.matches_naive(claim));
        assert!(
            calls <= 4 * 800,
            "naive path and evidence: {calls} distance checks"
        );
        assert_eq!(fast.len(), naive.len());
        if fires {
            // Every occurrence has a partner: all 800 words are cited.
            assert_eq!(fast[0].terms[0].spans.len(), 800);
            assert_eq!(fast[0].terms, naive[0].terms);
        }
    }
}

/// The NEAR evidence as the pairwise definition gives it: every occurrence of either side with
/// a partner within `n` words, in text order.
fn pairwise_near_spans(query: &Query, text: &str) -> Vec<std::ops::Range<usize>> {
    let Query::Near {
        left,
        right,
        distance,
    } = query
    else {
        panic!("not a NEAR query");
    };
    let mut p = Prepared::default();
    p.fill(&ClaimView {
        text,
        ..Default::default()
    });
    let a = eval::text_occurrences(left, &p);
    let b = eval::text_occurrences(right, &p);
    let span = |(i, n): (usize, usize)| p.toks[i].start as usize..p.toks[i + n - 1].end as usize;
    let mut spans = Vec::new();
    for x in &a {
        for y in &b {
            if eval::near(*x, *y, *distance) {
                spans.push(span(*x));
                spans.push(span(*y));
            }
        }
    }
    spans.sort_by_key(|s| (s.start, s.end));
    spans.dedup();
    spans
}

#[test]
fn near_results_agree_with_the_pairwise_definition() {
    // Pseudo-random claims over a small vocabulary (a fixed LCG, so the test is the same on
    // every run), against queries with words, prefixes, phrases and distances 0..6.
    let words = ["red", "reed", "boat", "boats", "harbour", "quay", "tide"];
    let queries = [
        "red NEAR/0 boat",
        "red NEAR/2 boat",
        "boat* NEAR/1 tide",
        "\"red boat\" NEAR/3 harbour",
        "quay NEAR/6 \"harbour tide\"",
        "re* NEAR/1 re*",
        "tide NEAR/4 tide",
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        ((state >> 33) as usize) % m
    };
    let mut fired = 0;
    for q in queries {
        let set = near_set(q);
        let query = &set.topics()[0].query;
        for _ in 0..150 {
            let n = 1 + next(24);
            let text: Vec<&str> = (0..n).map(|_| words[next(words.len())]).collect();
            let text = text.join(" ");
            let claim = ClaimView {
                text: &text,
                ..Default::default()
            };
            let want = pairwise_near_spans(query, &text);
            let fast = set.matches(claim);
            let naive = set.matches_naive(claim);
            assert_eq!(fast.len(), usize::from(!want.is_empty()), "{q} on `{text}`");
            assert_eq!(naive.len(), fast.len(), "{q} on `{text}`");
            if let (Some(f), Some(n)) = (fast.first(), naive.first()) {
                fired += 1;
                assert_eq!(f.terms[0].spans, want, "{q} on `{text}`");
                assert_eq!(n.terms, f.terms);
            }
        }
    }
    assert!(
        fired > 200,
        "only {fired} matches: the texts do not exercise NEAR"
    );
}

#[test]
fn a_field_value_of_control_characters_is_no_value() {
    // Found by the watch_query fuzz target: `in:\u{1}` parsed as `in:""`, which does not parse.
    for src in ["in:\u{1}", "entity:\u{1}\u{2}", "tag:\u{1}"] {
        assert!(Query::parse(src, &resolver).is_err(), "{src:?}");
    }
}

#[test]
fn memoised_stems_equal_fresh_ones_past_the_memo_capacity() {
    // Claims whose words (letters only, with endings the stemmers remove) outnumber what one
    // language's memo holds, so it is emptied and refilled on the way; then the first claims
    // again, now partly memoised. Every claim's buffer must equal a fresh preparation's.
    let word = |mut i: usize, first: char, endings: [&str; 2]| {
        let mut w = String::new();
        let ending = endings[i % 2];
        loop {
            w.push(char::from_u32(first as u32 + (i % 26) as u32).expect("a letter"));
            i /= 26;
            if i == 0 {
                break;
            }
        }
        w + ending
    };
    let per_claim = 200;
    let claims = eval::STEM_CACHE_WORDS * 3 / 2 / per_claim + 1;
    let mut shared = eval::Prepared::default();
    for (lang, first, endings) in [("en", 'a', ["ings", "ed"]), ("ru", 'а', ["ами", "ов"])] {
        let texts: Vec<String> = (0..claims)
            .map(|c| {
                (0..per_claim)
                    .map(|k| word(c * per_claim + k, first, endings))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        for text in texts.iter().chain(texts.iter().take(3)) {
            let claim = ClaimView {
                text,
                language: Some(lang),
                ..Default::default()
            };
            shared.fill(&claim);
            let mut fresh = eval::Prepared::default();
            fresh.fill(&claim);
            assert_eq!(shared.buf, fresh.buf, "{lang}");
            // The stem section differs from the words, or the test shows nothing.
            let (words, stems) = shared.buf.split_once('\u{3}').expect("a stem section");
            let words: Vec<&str> = words.split_whitespace().collect();
            let stems: Vec<&str> = stems.split('\u{3}').take(words.len()).collect();
            assert_ne!(words, stems, "{lang}");
        }
    }
}
