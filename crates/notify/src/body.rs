//! The JSON body of a webhook request: Slack's incoming-webhook format (`text` as the one-line
//! summary and notification fallback, `blocks` for the layout) plus the whole alert under
//! `alert`, which Slack ignores and other receivers can parse.

use claimwatch_model::Alert;
use serde_json::{json, Value};

/// Claims quoted in the blocks; the rest are counted ("and 2 more").
const MAX_QUOTED_CLAIMS: usize = 3;
/// Characters of one quoted claim (Slack limits a section's text to 3,000).
const MAX_CLAIM_CHARS: usize = 600;
/// Characters of the title in the summary line.
const MAX_TITLE_CHARS: usize = 200;
/// Entries of a digest listed in the blocks; the rest are counted.
const MAX_DIGEST_ENTRIES: usize = 10;

/// Slack's mrkdwn needs `&`, `<` and `>` escaped; everything else is literal.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One line: control characters (newlines, tabs) become spaces, runs of spaces collapse.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most `n` characters, with `…` when cut (never inside a UTF-8 sequence).
fn truncate(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A Slack link `<url|label>` when the URL can be written as one, else the escaped label and URL.
fn link(url: &str, label: Option<&str>) -> String {
    let linkable = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(['<', '>', '|', ' ']);
    match (linkable, label) {
        (true, Some(l)) => format!("<{url}|{}>", escape(l)),
        (true, None) => format!("<{url}>"),
        (false, Some(l)) => format!("{} ({})", escape(l), escape(url)),
        (false, None) => escape(url),
    }
}

/// `[HIGH] topic-id`, with ` (update)` or ` (digest)` for those kinds (not yet escaped).
fn head(alert: &Alert) -> String {
    let kind = match alert.kind.as_str() {
        "update" => " (update)",
        "digest" => " (digest)",
        _ => "",
    };
    format!(
        "[{}] {}{kind}",
        one_line(&alert.severity).to_uppercase(),
        one_line(&alert.watch_topic_id)
    )
}

/// The one-line summary: `[HIGH] topic-id: title (url)` (`[HIGH] topic-id (update): …` for an
/// update; a digest's title without a URL, since it lists many), escaped for Slack's mrkdwn.
pub fn summary(alert: &Alert) -> String {
    let title = alert
        .article_title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty());
    let head = head(alert);
    let url = one_line(&alert.article_url);
    if alert.kind == "digest" {
        let t = title.unwrap_or_else(|| "digest".into());
        return escape(&format!("{head}: {}", truncate(&t, MAX_TITLE_CHARS)));
    }
    match title {
        Some(t) => escape(&format!(
            "{head}: {} ({url})",
            truncate(&t, MAX_TITLE_CHARS)
        )),
        None => escape(&format!("{head}: {url}")),
    }
}

fn quoted_claims(alert: &Alert) -> String {
    let mut lines = Vec::new();
    for c in alert.matched_claims.iter().take(MAX_QUOTED_CLAIMS) {
        let mut line = format!(
            "> {}",
            escape(&truncate(&one_line(&c.text), MAX_CLAIM_CHARS))
        );
        let mut who = Vec::new();
        if let Some(s) = c.speaker.as_deref() {
            who.push(escape(&one_line(s)));
        }
        if let Some(cue) = c.cue.as_deref() {
            who.push(format!("({})", escape(&one_line(cue))));
        }
        if c.hedged {
            who.push("_hedged_".to_string());
        }
        if !who.is_empty() {
            line.push_str(&format!("\n— {}", who.join(" ")));
        }
        lines.push(line);
    }
    let more = alert.matched_claims.len().saturating_sub(MAX_QUOTED_CLAIMS);
    if more > 0 {
        lines.push(format!(
            "_and {more} more matched claim{}_",
            if more == 1 { "" } else { "s" }
        ));
    }
    lines.join("\n")
}

fn digest_entries(alert: &Alert) -> String {
    let mut lines: Vec<String> = alert
        .digest
        .iter()
        .take(MAX_DIGEST_ENTRIES)
        .map(|e| {
            let title = e
                .article_title
                .as_deref()
                .map(one_line)
                .filter(|t| !t.is_empty())
                .map(|t| truncate(&t, MAX_TITLE_CHARS));
            let kind = if e.kind == "update" { " (update)" } else { "" };
            format!(
                "• {} — {}{kind}",
                link(&one_line(&e.article_url), title.as_deref()),
                escape(&one_line(&e.source_id))
            )
        })
        .collect();
    let more = alert.digest.len().saturating_sub(MAX_DIGEST_ENTRIES)
        + usize::try_from(alert.digest_more).unwrap_or(0);
    if more > 0 {
        lines.push(format!("_and {more} more_"));
    }
    lines.join("\n")
}

/// The request body for `alert` (serialised by the caller once, so every attempt sends the same
/// bytes).
pub fn body(alert: &Alert) -> Value {
    let title = alert
        .article_title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty())
        .map(|t| truncate(&t, MAX_TITLE_CHARS));
    let mut blocks = vec![json!({
        "type": "section",
        "text": {
            "type": "mrkdwn",
            "text": format!(
                "*{}*\n{}",
                escape(&head(alert)),
                if alert.kind == "digest" {
                    escape(title.as_deref().unwrap_or("digest"))
                } else {
                    link(&one_line(&alert.article_url), title.as_deref())
                },
            ),
        },
    })];
    let entries = digest_entries(alert);
    if !entries.is_empty() {
        blocks.push(json!({
            "type": "section",
            "text": { "type": "mrkdwn", "text": entries },
        }));
    }
    let quotes = quoted_claims(alert);
    if !quotes.is_empty() {
        blocks.push(json!({
            "type": "section",
            "text": { "type": "mrkdwn", "text": quotes },
        }));
    }
    let context = format!(
        "{} · matched: {} · source: {} · alert `{}`",
        escape(&truncate(&one_line(&alert.explanation), 300)),
        escape(&truncate(&alert.matched_terms.join(", "), 300)),
        escape(&one_line(&alert.source_id)),
        escape(&alert.alert_id),
    );
    blocks.push(json!({
        "type": "context",
        "elements": [ { "type": "mrkdwn", "text": context } ],
    }));
    json!({
        "text": summary(alert),
        "blocks": blocks,
        "alert": alert,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimwatch_model::{DigestEntry, MatchedClaim};

    fn alert() -> Alert {
        Alert {
            alert_id: "al-42".into(),
            watch_topic_id: "dprk-workers-russia".into(),
            watch_topic_version: 2,
            severity: "high".into(),
            article_id: "ar-1".into(),
            article_url: "https://example.org/a?x=1&y=2".into(),
            article_title: Some("Workers <sent>\nto Russia".into()),
            source_id: "news".into(),
            published_at: Some(1_700_000_000_000),
            matched_claims: (0..5)
                .map(|i| MatchedClaim {
                    claim_id: format!("c{i}"),
                    text: format!("Claim {i} & more"),
                    speaker: Some("Budanov".into()),
                    cue: Some("said".into()),
                    hedged: i == 0,
                })
                .collect(),
            matched_terms: vec!["entity:north-korea".into(), "worker*".into()],
            explanation: "entity:north-korea AND worker*".into(),
            fired_at: 1_700_000_001_000,
            fetched_at: 1_700_000_000_500,
            highlights: Vec::new(),
            kind: "alert".into(),
            story_id: Some("ar-1".into()),
            backfill: false,
            digest: Vec::new(),
            digest_more: 0,
        }
    }

    #[test]
    fn summary_is_one_escaped_line_with_severity_topic_title_and_url() {
        assert_eq!(
            summary(&alert()),
            "[HIGH] dprk-workers-russia: Workers &lt;sent&gt; to Russia \
             (https://example.org/a?x=1&amp;y=2)"
        );
        let mut untitled = alert();
        untitled.article_title = Some(" \n ".into());
        assert_eq!(
            summary(&untitled),
            "[HIGH] dprk-workers-russia: https://example.org/a?x=1&amp;y=2"
        );
    }

    #[test]
    fn body_is_slack_compatible_and_carries_the_alert() {
        let a = alert();
        let b = body(&a);
        assert_eq!(b["text"], summary(&a));
        let blocks = b["blocks"].as_array().unwrap();
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0]["type"], "section");
        assert_eq!(blocks[0]["text"]["type"], "mrkdwn");
        assert_eq!(
            blocks[0]["text"]["text"],
            "*[HIGH] dprk-workers-russia*\n<https://example.org/a?x=1&y=2|Workers &lt;sent&gt; to Russia>"
        );
        let quotes = blocks[1]["text"]["text"].as_str().unwrap();
        assert!(quotes.starts_with("> Claim 0 &amp; more\n— Budanov (said) _hedged_\n> Claim 1"));
        assert!(quotes.ends_with("_and 2 more matched claims_"), "{quotes}");
        assert!(!quotes.contains("Claim 3"));
        assert_eq!(blocks[2]["type"], "context");
        assert!(blocks[2]["elements"][0]["text"]
            .as_str()
            .unwrap()
            .contains("alert `al-42`"));
        // The alert round-trips from the body.
        let back: Alert = serde_json::from_value(b["alert"].clone()).unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn long_claims_are_cut_on_character_boundaries_and_sections_stay_under_slack_limits() {
        let mut a = alert();
        a.matched_claims[0].text = "Ж".repeat(5_000);
        a.article_title = Some("é".repeat(1_000));
        let b = body(&a);
        for block in b["blocks"].as_array().unwrap() {
            if let Some(t) = block["text"]["text"].as_str() {
                assert!(t.chars().count() <= 3_000, "{} chars", t.chars().count());
            }
        }
        assert!(b["text"].as_str().unwrap().chars().count() < 400);
        assert!(b["blocks"][1]["text"]["text"]
            .as_str()
            .unwrap()
            .contains(&format!("{}…", "Ж".repeat(MAX_CLAIM_CHARS))));
    }

    #[test]
    fn updates_and_digests_say_so() {
        let mut a = alert();
        a.kind = "update".into();
        assert!(summary(&a).starts_with("[HIGH] dprk-workers-russia (update): Workers"));
        a.kind = "digest".into();
        a.matched_claims.clear();
        a.article_title = Some("12 alert(s) for DPRK workers".into());
        a.digest = (0..11)
            .map(|i| DigestEntry {
                alert_id: format!("al-{i}"),
                kind: if i == 1 { "update" } else { "alert" }.into(),
                story_id: format!("s{i}"),
                article_id: format!("ar-{i}"),
                article_url: format!("https://example.org/{i}"),
                article_title: Some(format!("Story {i}")),
                source_id: "news".into(),
                published_at: None,
                claims: 1,
            })
            .collect();
        a.digest_more = 1;
        assert_eq!(
            summary(&a),
            "[HIGH] dprk-workers-russia (digest): 12 alert(s) for DPRK workers"
        );
        let b = body(&a);
        assert_eq!(
            b["blocks"][0]["text"]["text"],
            "*[HIGH] dprk-workers-russia (digest)*\n12 alert(s) for DPRK workers"
        );
        let list = b["blocks"][1]["text"]["text"].as_str().unwrap();
        assert!(list.starts_with(
            "• <https://example.org/0|Story 0> — news\n• <https://example.org/1|Story 1> — news (update)\n"
        ));
        assert!(
            list.ends_with("• <https://example.org/9|Story 9> — news\n_and 2 more_"),
            "{list}"
        );
        assert_eq!(b["blocks"].as_array().unwrap().len(), 3, "no claims block");
    }

    #[test]
    fn a_url_that_cannot_be_a_slack_link_is_written_out() {
        let mut a = alert();
        a.article_url = "file:///tmp/a b.html".into();
        a.article_title = None;
        let b = body(&a);
        assert_eq!(
            b["blocks"][0]["text"]["text"],
            "*[HIGH] dprk-workers-russia*\nfile:///tmp/a b.html"
        );
        a.matched_claims.clear();
        assert_eq!(body(&a)["blocks"].as_array().unwrap().len(), 2);
    }
}
