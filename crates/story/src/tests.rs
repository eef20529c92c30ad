use super::*;

/// A story written for these tests, and copies of it as a syndication partner, an editor and an
/// unrelated newsroom would publish them.
const ORIGINAL: &str = "The port authority of Vanino said on Tuesday that a second ship carrying \
    construction crews had docked, and officials expect more arrivals before the winter. \
    According to the regional labour office, the crews will work on housing projects in three \
    districts until the end of the season. Local contractors complained that wages offered to \
    the newcomers undercut the market, while the governor praised the arrangement as a practical \
    answer to a shortage of builders in the region.";

fn syndicated() -> String {
    // Same body, a credit line and a changed lead sentence.
    format!(
        "(Wire) {}",
        ORIGINAL.replace("said on Tuesday", "announced on Tuesday")
    )
}

fn edited() -> String {
    // Lightly edited: a sentence dropped, another added.
    ORIGINAL.replace(
        "Local contractors complained that wages offered to the newcomers undercut the market, while",
        "A spokesman for the port declined to give numbers. Meanwhile",
    )
}

const UNRELATED: &str = "Farmers in the southern provinces reported an early harvest of apricots \
    this year, and exporters said prices at the border markets fell by a fifth within a week. \
    The agriculture ministry plans to buy part of the surplus for state reserves.";

#[test]
fn signatures_separate_copies_from_other_stories() {
    let a = signature(ORIGINAL);
    assert_eq!(a.len(), SIGNATURE_LEN);
    assert_eq!(a, signature(ORIGINAL), "deterministic");
    let s = similarity(&a, &signature(&syndicated()));
    let e = similarity(&a, &signature(&edited()));
    let u = similarity(&a, &signature(UNRELATED));
    assert!(s >= 0.7, "syndicated copy {s}");
    assert!(e >= 0.5, "edited copy {e}");
    assert!(u <= 0.1, "unrelated story {u}");
    assert!(signature("two words").is_empty());
    assert_eq!(similarity(&[], &[]), 0.0);
}

#[test]
fn signatures_are_stable_across_builds() {
    // Signatures travel in events: a change here must bump SIGNATURE_VERSION. The expected
    // slots are printed by crates/story/tools/minhash_golden.py, an independent Python
    // implementation of the documented algorithm:
    //   python3 crates/story/tools/minhash_golden.py "one two three four" \
    //       "Der Hafen von Vanino meldet zwei Schiffe; «Рабочие» прибыли в 2024."
    let golden: [(&str, [i32; SIGNATURE_LEN]); 2] = [
        (
            "one two three four",
            [
                697888889,
                945834620,
                336958313,
                1324679272,
                1323792177,
                1386954923,
                -1531874752,
                737034072,
                -137058350,
                -1769781648,
                368037693,
                431909823,
                320231248,
                1448562504,
                1985634834,
                1196128484,
                1600835528,
                1791439378,
                744451389,
                1134777302,
                587404847,
                189805187,
                452524605,
                141217844,
                -1406883258,
                373053116,
                1899138630,
                -1565560970,
                -1472826851,
                190791411,
                -483155735,
                -1399757733,
                416099096,
                -2050939944,
                -1374993106,
                1652157677,
                1767973493,
                1203337073,
                1601731642,
                589027125,
                145383591,
                1608582828,
                1579976670,
                1260663289,
                371388254,
                317590367,
                -1960752835,
                1897837309,
                156287339,
                1606413816,
                1666709322,
                344143195,
                -743850143,
                941271021,
                1531448135,
                822323646,
                787211957,
                -1083877013,
                1951889537,
                143610793,
                -1837551229,
                157393671,
                227129958,
                1225661774,
            ],
        ),
        (
            "Der Hafen von Vanino meldet zwei Schiffe; «Рабочие» прибыли в 2024.",
            [
                171900810, 185379094, 92693400, 90054269, 345846695, 221824774, 268622240,
                856078514, 98879281, 253576106, 517655546, 83325367, 192568401, 148647071,
                753837361, 345782606, 397781784, 234100167, 70433881, 203237344, 464516373,
                295951483, 1553107582, 613680248, 377062344, 535256785, 865444969, 13800595,
                796372856, 429101994, 6046312, 468410828, 630155491, 23101334, 1348403661,
                165701400, 137144424, 19734614, 922154, 938771502, 379097490, 759541684,
                1098165904, 148694674, 123978845, 1228280593, 1011269736, 13984809, 32178357,
                429764731, 80703661, 32343483, 271394898, 102004509, 759276596, 157104778,
                463809766, 69064295, 388543722, 383009742, 275592736, 103798844, 588882658,
                182511796,
            ],
        ),
    ];
    for (text, want) in golden {
        assert_eq!(signature(text), want, "{text}");
    }
}

/// The slots as the unsigned high halves they are compared by.
fn slots(sig: &[i32]) -> Vec<u32> {
    sig.iter().map(|v| *v as u32).collect()
}

#[test]
fn signatures_follow_from_the_shingle_set() {
    // Properties of MinHash that hold whatever the hash: no golden number needed.
    // 1. Only the set of word 3-shingles counts: case, punctuation, spacing and repeats that
    //    leave the set unchanged leave the signature unchanged.
    let base = signature("red boats leave harbour at dawn");
    assert_eq!(base, signature("Red boats, leave   HARBOUR at dawn!"));
    assert_eq!(
        signature("tide comes in tide comes in"),
        signature("tide comes in tide comes in tide comes in")
    );
    // 2. A superset of shingles can only lower each slot: the signature of a longer text is
    //    slot by slot at most that of any run of three or more of its words.
    let long = slots(&signature(
        "red boats leave harbour at dawn and return at dusk",
    ));
    for part in [
        "red boats leave",
        "boats leave harbour at dawn",
        "return at dusk",
    ] {
        for (i, (l, p)) in long.iter().zip(slots(&signature(part))).enumerate() {
            assert!(*l <= p, "slot {i} of the whole above the part `{part}`");
        }
    }
    // 3. The whole is the slot-wise minimum of its three-word windows.
    let words: Vec<&str> = "red boats leave harbour at dawn and return at dusk"
        .split(' ')
        .collect();
    let windows: Vec<Vec<u32>> = words
        .windows(3)
        .map(|w| slots(&signature(&w.join(" "))))
        .collect();
    for (i, l) in long.iter().enumerate() {
        assert_eq!(*l, windows.iter().map(|w| w[i]).min().unwrap(), "slot {i}");
    }
    // 4. Slots are independent hashes: one shingle gives (almost surely) distinct slots, and
    //    two texts sharing no shingle agree on few slots.
    let one = slots(&signature("red boats leave"));
    let mut distinct = one.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(
        distinct.len() >= SIGNATURE_LEN - 1,
        "{} distinct",
        distinct.len()
    );
    assert!(
        similarity(
            &signature("red boats leave"),
            &signature("green carts arrive")
        ) <= 0.1
    );
}

fn copy<'a>(
    article: &'a str,
    source: &'a str,
    sig: &'a [i32],
    claims: &'a [&'a str],
    origins: &'a [&'a str],
    t: i64,
) -> Copy<'a> {
    Copy {
        article_id: article,
        source_id: source,
        signature: sig,
        claims,
        origins,
        event_ms: t,
    }
}

const CLAIM: &str = "Officials expect more arrivals before the winter.";

#[test]
fn a_story_fires_once_across_three_syndicated_copies() {
    let mut p = Policy::new(Settings::default());
    let rules = Rules::default();
    let (a, b, c) = (
        signature(ORIGINAL),
        signature(&syndicated()),
        signature(&edited()),
    );
    let v1 = p.decide(
        "t",
        rules,
        &copy("a1", "port-news", &a, &[CLAIM], &["port authority"], 0),
        0,
    );
    assert_eq!(
        v1,
        Verdict::Fire {
            kind: Kind::Alert,
            story_id: "a1".into()
        }
    );
    // A syndicated copy elsewhere: same claim, same attribution → nothing new.
    let v2 = p.decide(
        "t",
        rules,
        &copy("a2", "wire-mirror", &b, &[CLAIM], &["port authority"], 1000),
        1000,
    );
    assert_eq!(
        v2,
        Verdict::Duplicate {
            story_id: "a1".into(),
            reason: "duplicate_story"
        }
    );
    // The edited copy adds a claim → an update of the same story.
    let extra = "A spokesman for the port declined to give numbers.";
    let v3 = p.decide(
        "t",
        rules,
        &copy(
            "a3",
            "daily",
            &c,
            &[CLAIM, extra],
            &["port authority"],
            2000,
        ),
        2000,
    );
    assert_eq!(
        v3,
        Verdict::Fire {
            kind: Kind::Update,
            story_id: "a1".into()
        }
    );
    // The same article again (its claims arriving in another batch) never fires twice.
    let v4 = p.decide(
        "t",
        rules,
        &copy("a3", "daily", &c, &["Something else entirely."], &[], 2500),
        2500,
    );
    assert_eq!(
        v4,
        Verdict::Duplicate {
            story_id: "a1".into(),
            reason: "already_fired"
        }
    );
    // An unrelated story fires on its own; other topics keep their own stories.
    let u = signature(UNRELATED);
    let v5 = p.decide(
        "t",
        rules,
        &copy("a4", "farm", &u, &["Prices fell."], &[], 3000),
        3000,
    );
    assert_eq!(
        v5,
        Verdict::Fire {
            kind: Kind::Alert,
            story_id: "a4".into()
        }
    );
    let v6 = p.decide(
        "other",
        rules,
        &copy("a2", "wire-mirror", &b, &[CLAIM], &[], 1000),
        1000,
    );
    assert!(matches!(
        v6,
        Verdict::Fire {
            kind: Kind::Alert,
            ..
        }
    ));
    assert_eq!(p.stories("t"), 2);
}

#[test]
fn an_independent_source_is_an_update_and_old_stories_expire() {
    let mut p = Policy::new(Settings {
        story_window_ms: 10_000,
        ..Settings::default()
    });
    let a = signature(ORIGINAL);
    let r = Rules::default();
    p.decide(
        "t",
        r,
        &copy("a1", "s1", &a, &[CLAIM], &["port authority"], 0),
        0,
    );
    // Same text from a new source, attributed to someone new: independent confirmation.
    let v = p.decide(
        "t",
        r,
        &copy("a2", "s2", &a, &[CLAIM], &["labour office"], 1),
        1,
    );
    assert!(
        matches!(
            v,
            Verdict::Fire {
                kind: Kind::Update,
                ..
            }
        ),
        "{v:?}"
    );
    // Long after the window, the same text is a new story.
    let v = p.decide(
        "t",
        r,
        &copy("a9", "s3", &a, &[CLAIM], &["port authority"], 50_000),
        50_000,
    );
    assert_eq!(
        v,
        Verdict::Fire {
            kind: Kind::Alert,
            story_id: "a9".into()
        }
    );
    assert_eq!(p.stories("t"), 1);
}

fn item(id: &str) -> DigestItem {
    DigestItem {
        alert_id: id.into(),
        kind: Kind::Alert,
        story_id: id.into(),
        article_id: id.into(),
        article_url: format!("https://example.org/{id}"),
        article_title: None,
        source_id: "s".into(),
        published_at: None,
        claims: 1,
    }
}

#[test]
fn throttle_holds_the_excess_until_the_window_ends() {
    let mut p = Policy::new(Settings::default());
    let rules = Rules {
        throttle: Some((2, 60)),
        digest_secs: None,
    };
    let mut verdicts = Vec::new();
    for i in 0..4 {
        let id = format!("a{i}");
        let text = format!(
            "{UNRELATED} story number {i} {i} {i} with its own words {}",
            "x ".repeat(i)
        );
        // Distinct stories: one random-looking signature each.
        let sig = signature(&format!("{text} {}", "unique ".repeat(0)).replace("apricots", &id));
        let sig: Vec<i32> = sig.iter().map(|v| v ^ (i as i32 + 1)).collect();
        let v = p.decide(
            "t",
            rules,
            &copy(&id, "s", &sig, &[CLAIM], &[], 1000 + i as i64),
            1000 + i as i64,
        );
        if let Verdict::Hold { reason, due_ms, .. } = &v {
            p.hold("t", reason, *due_ms, 1000, item(&id));
        }
        verdicts.push(v);
    }
    assert!(matches!(verdicts[0], Verdict::Fire { .. }));
    assert!(matches!(verdicts[1], Verdict::Fire { .. }));
    for v in &verdicts[2..] {
        assert!(
            matches!(
                v,
                Verdict::Hold {
                    reason: "throttle",
                    due_ms: 61_000,
                    ..
                }
            ),
            "{v:?}"
        );
    }
    assert!(p.due(60_999).is_empty());
    assert_eq!(p.next_due(), Some(61_000));
    let due = p.due(61_000);
    assert_eq!(due.len(), 1);
    assert_eq!(
        due[0]
            .1
            .items
            .iter()
            .map(|i| i.alert_id.as_str())
            .collect::<Vec<_>>(),
        ["a2", "a3"]
    );
    // A new window: fires again.
    let s = signature("fresh words for a fresh window here");
    let v = p.decide(
        "t",
        rules,
        &copy("b", "s", &s, &[CLAIM], &[], 70_000),
        70_000,
    );
    assert!(matches!(v, Verdict::Fire { .. }));
}

#[test]
fn digest_mode_collects_everything_for_one_period() {
    let mut p = Policy::new(Settings {
        max_digest_items: 2,
        ..Settings::default()
    });
    let rules = Rules {
        throttle: None,
        digest_secs: Some(300),
    };
    for (i, text) in [
        ORIGINAL,
        UNRELATED,
        "a third story about something else entirely new",
    ]
    .iter()
    .enumerate()
    {
        let id = format!("d{i}");
        let sig = signature(text);
        match p.decide(
            "t",
            rules,
            &copy(&id, "s", &sig, &[CLAIM], &[], 10),
            5_000 + i as i64,
        ) {
            Verdict::Hold { reason, due_ms, .. } => {
                assert_eq!((reason, due_ms), ("digest", 305_000));
                p.hold("t", reason, due_ms, 5_000, item(&id));
            }
            v => panic!("digest topics hold everything: {v:?}"),
        }
    }
    let pending = p.pending("t").unwrap();
    assert_eq!((pending.items.len(), pending.more), (2, 1));
    assert_eq!(p.due(305_000).len(), 1);
    assert!(p.pending("t").is_none());
}

#[test]
fn state_round_trips_through_its_changelog() {
    let mut p = Policy::new(Settings::default());
    let rules = Rules {
        throttle: Some((1, 60)),
        digest_secs: None,
    };
    let a = signature(ORIGINAL);
    p.decide("t", rules, &copy("a1", "s1", &a, &[CLAIM], &[], 0), 0);
    let u = signature(UNRELATED);
    if let Verdict::Hold { reason, due_ms, .. } =
        p.decide("t", rules, &copy("a2", "s1", &u, &[CLAIM], &[], 1), 1)
    {
        p.hold("t", reason, due_ms, 1, item("a2"));
    } else {
        panic!("second alert in the window is held");
    }
    let changes = p.take_changes();
    let keys: Vec<&str> = changes.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["t/rate", "t/story/a1", "t/story/a2"]);
    assert!(p.take_changes().is_empty());

    let mut q = Policy::new(Settings::default());
    for (k, v) in &changes {
        q.restore(k, v.as_deref()).unwrap();
    }
    assert_eq!(q.stories("t"), 2);
    assert_eq!(q.pending("t"), p.pending("t"));
    // The restored policy recognises the story and keeps throttling.
    let v = q.decide("t", rules, &copy("a3", "s2", &a, &[CLAIM], &[], 5), 5);
    assert_eq!(
        v,
        Verdict::Duplicate {
            story_id: "a1".into(),
            reason: "duplicate_story"
        }
    );
    // Tombstones delete; bad records are errors, not panics.
    q.restore("t/story/a1", None).unwrap();
    assert_eq!(q.stories("t"), 1);
    assert!(q.restore("t/story/x", Some(b"{not json")).is_err());
    assert!(q.restore("nokey", None).is_err());
    assert!(q.restore("t/other", None).is_err());
}

#[test]
fn credit_lines_and_rewording_are_not_new_claims() {
    let mut p = Policy::new(Settings::default());
    let r = Rules::default();
    let a = signature(ORIGINAL);
    let lead = "The port authority said a second ship carrying construction crews had docked.";
    p.decide("t", r, &copy("a1", "s1", &a, &[lead], &[], 0), 0);
    let credited = format!("(Wire) {lead}");
    let reworded = lead.replace("had docked", "has docked");
    for (i, text) in [credited.as_str(), reworded.as_str()].iter().enumerate() {
        let v = p.decide(
            "t",
            r,
            &copy(&format!("b{i}"), "s2", &a, &[text], &[], 1),
            1,
        );
        assert!(matches!(v, Verdict::Duplicate { .. }), "{text}: {v:?}");
    }
    let news = "A third ship with farm workers is due in the port next week, officials said.";
    let v = p.decide("t", r, &copy("c", "s3", &a, &[lead, news], &[], 2), 2);
    assert!(
        matches!(
            v,
            Verdict::Fire {
                kind: Kind::Update,
                ..
            }
        ),
        "{v:?}"
    );
}

#[test]
fn rollback_undoes_a_transaction_and_nothing_else() {
    let mut p = Policy::new(Settings::default());
    let rules = Rules {
        throttle: Some((1, 60)),
        digest_secs: None,
    };
    let a = signature(ORIGINAL);
    p.begin();
    p.decide("t", rules, &copy("a1", "s1", &a, &[CLAIM], &[], 0), 0);
    p.commit();
    let committed = p.take_changes();

    p.begin();
    let u = signature(UNRELATED);
    let v = p.decide("t", rules, &copy("a2", "s1", &u, &[CLAIM], &[], 1), 1);
    if let Verdict::Hold { reason, due_ms, .. } = v {
        p.hold("t", reason, due_ms, 1, item("a2"));
    }
    p.decide("fresh", rules, &copy("a3", "s1", &u, &[CLAIM], &[], 1), 1);
    p.rollback();
    assert_eq!((p.stories("t"), p.stories("fresh")), (1, 0));
    assert!(p.pending("t").is_none());
    assert!(p.take_changes().is_empty());
    // The same input after the rollback gives the same verdict as the first time.
    p.begin();
    let again = p.decide("t", rules, &copy("a2", "s1", &u, &[CLAIM], &[], 1), 1);
    assert!(matches!(again, Verdict::Hold { .. }), "{again:?}");
    assert_eq!(committed.len(), 2);
}

#[test]
fn a_changed_figure_is_a_new_claim() {
    let mut p = Policy::new(Settings::default());
    let r = Rules::default();
    let a = signature(ORIGINAL);
    let claim = "The ministry said 1,500 workers would arrive in the region by June.";
    p.decide("t", r, &copy("a1", "s1", &a, &[claim], &[], 0), 0);
    let same = "The ministry said that 1,500 workers would arrive in the region by June.";
    let v = p.decide("t", r, &copy("a2", "s2", &a, &[same], &[], 1), 1);
    assert!(matches!(v, Verdict::Duplicate { .. }), "{v:?}");
    let revised = claim.replace("1,500", "3,000");
    let v = p.decide("t", r, &copy("a3", "s3", &a, &[&revised], &[], 2), 2);
    assert!(
        matches!(
            v,
            Verdict::Fire {
                kind: Kind::Update,
                ..
            }
        ),
        "{v:?}"
    );
}

#[test]
fn fired_ids_expire_after_their_ttl_and_travel_in_the_changelog() {
    let mut p = Policy::new(Settings {
        fired_ttl_ms: 1_000,
        ..Settings::default()
    });
    p.mark_fired("t", "alert-1", 100);
    p.mark_fired("t", "alert-2", 900);
    assert!(p.has_fired("t", "alert-1") && !p.has_fired("other", "alert-1"));
    let changes = p.take_changes();
    let keys: Vec<&str> = changes.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["t/fired/alert-1", "t/fired/alert-2"]);

    // Restored elsewhere, the ids are known there too.
    let mut q = Policy::new(Settings::default());
    for (k, v) in &changes {
        q.restore(k, v.as_deref()).unwrap();
    }
    assert!(q.has_fired("t", "alert-2"));
    assert!(q.restore("t/fired/x", Some(b"soon")).is_err());

    // At 1,500 ms only the first is older than the TTL: it goes, with a tombstone.
    assert_eq!(p.expire_fired(1_500), 1);
    assert!(!p.has_fired("t", "alert-1") && p.has_fired("t", "alert-2"));
    assert_eq!(
        p.take_changes(),
        vec![("t/fired/alert-1".to_string(), None)]
    );
    q.restore("t/fired/alert-1", None).unwrap();
    assert!(!q.has_fired("t", "alert-1"));
}

#[test]
fn a_rolled_back_mark_and_expiry_leave_the_ids_as_they_were() {
    let mut p = Policy::new(Settings {
        fired_ttl_ms: 10,
        ..Settings::default()
    });
    p.mark_fired("t", "old", 0);
    p.take_changes();
    p.begin();
    p.mark_fired("t", "new", 50);
    assert_eq!(p.expire_fired(50), 1);
    p.rollback();
    assert!(p.has_fired("t", "old") && !p.has_fired("t", "new"));
    assert!(p.take_changes().is_empty());
}

#[test]
fn the_story_cap_counts_stories_forgotten_inside_their_window() {
    let mut p = Policy::new(Settings {
        max_stories: 3,
        ..Settings::default()
    });
    let texts = [
        ORIGINAL,
        UNRELATED,
        "a third story about lighthouses and the keepers who once lived in them",
        "a fourth story about a chess tournament held in a railway station hall",
    ];
    let sigs: Vec<Vec<i32>> = texts.iter().map(|t| signature(t)).collect();
    for (i, sig) in sigs.iter().enumerate() {
        let id = format!("s{i}");
        p.decide(
            "t",
            Rules::default(),
            &copy(&id, "src", sig, &[CLAIM], &[], i as i64),
            i as i64,
        );
    }
    assert_eq!(p.stories("t"), 3);
    assert_eq!(
        p.take_evictions(),
        1,
        "the oldest story left inside its window"
    );
    assert_eq!(p.take_evictions(), 0);
    // The evicted story's copy now fires again: what the metric warns about.
    let v = p.decide(
        "t",
        Rules::default(),
        &copy("late", "src", &sigs[0], &[CLAIM], &[], 10),
        10,
    );
    assert!(
        matches!(
            v,
            Verdict::Fire {
                kind: Kind::Alert,
                ..
            }
        ),
        "{v:?}"
    );
    // Stories that left the window are not counted as evictions.
    let mut q = Policy::new(Settings {
        max_stories: 1,
        story_window_ms: 5,
        ..Settings::default()
    });
    q.decide(
        "t",
        Rules::default(),
        &copy("a", "s", &sigs[0], &[CLAIM], &[], 0),
        0,
    );
    q.decide(
        "t",
        Rules::default(),
        &copy("b", "s", &sigs[1], &[CLAIM], &[], 100),
        100,
    );
    assert_eq!((q.stories("t"), q.take_evictions()), (1, 0));
}
