use super::*;

fn resolver(name: &str) -> Option<String> {
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
    assert_eq!(lines, vec![3, 5, 6, 6, 6], "{errs:?}");
    assert!(errs[0].message.contains("lowercase"));
    assert!(errs[1].message.contains("unknown severity"));
    assert!(errs[2].message.contains("unknown entity `atlantis`"));
    // The column of the entity name inside the string.
    assert_eq!(errs[2].column, 19);
    assert!(errs[3].message.contains("unknown field `colour:`"));

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
