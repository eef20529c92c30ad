//! Seed evaluation: runs the extractor over plain-text articles and checks the claims that a
//! careful reader would extract from the founding article.
//!
//! ```sh
//! cargo run -p claimwatch-extract --example eval_seed -- DIR [--published YYYY-MM-DD] [--dump]
//! ```
//!
//! Each `*.txt` under DIR is read as a `text/plain` document. The articles carry no date, so
//! year-less dates resolve against `--published` (default: `$CLAIMWATCH_SEED_PUBLISHED`, else
//! 2025-06-12). Prints one `PASS`/`FAIL` line per check, then `N passed, M failed`; exits 1
//! when a check fails.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use claimwatch_extract::{
    extract_with_options, Claim, Document, EntityDictionary, ExtractOptions, LinkOrigin,
};

const DEFAULT_PUBLISHED: &str = "2025-06-12";

struct Args {
    dir: PathBuf,
    published: NaiveDate,
    dump: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut dir = None;
    let mut published = std::env::var("CLAIMWATCH_SEED_PUBLISHED")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_PUBLISHED.to_string());
    let mut dump = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--published" => published = args.next().ok_or("--published needs a date")?,
            "--dump" => dump = true,
            _ if a.starts_with("--") => return Err(format!("unknown flag {a}")),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let published = NaiveDate::parse_from_str(published.trim(), "%Y-%m-%d")
        .map_err(|e| format!("publication date {published:?}: {e}"))?;
    Ok(Args {
        dir: dir.ok_or("usage: eval_seed DIR [--published YYYY-MM-DD] [--dump]")?,
        published,
        dump,
    })
}

fn has_link(c: &Claim, pred: impl Fn(&claimwatch_extract::AttributionLink) -> bool) -> bool {
    c.attribution_chain.iter().any(pred)
}

fn speaker_is(c: &Claim, name: &str) -> bool {
    c.speaker.as_deref().is_some_and(|s| s.contains(name))
}

fn date_value(c: &Claim, text: &str) -> Option<String> {
    c.dates
        .iter()
        .find(|d| d.text == text)
        .and_then(|d| d.value.clone())
}

fn dump(c: &Claim) {
    println!("  claim #{}: {}", c.sentence_index, c.text);
    println!(
        "    speaker={:?} cue={:?} hedge={:?}",
        c.speaker, c.cue, c.hedge_cue
    );
    for l in &c.attribution_chain {
        println!(
            "    chain: {} / {} entity={:?} written={:?} origin={}",
            l.speaker,
            l.cue,
            l.speaker_entity_id,
            l.speaker_as_written,
            l.origin.as_str()
        );
    }
    let ids: Vec<&str> = c.entities.iter().map(|m| m.id.as_str()).collect();
    println!("    entities={ids:?}");
    for d in &c.dates {
        println!(
            "    date: {:?} -> {:?} ({}, inferred={})",
            d.text,
            d.value,
            d.precision.as_str(),
            d.year_inferred
        );
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("eval_seed: {e}");
            return ExitCode::from(2);
        }
    };
    let dict = EntityDictionary::builtin().expect("the shipped dictionary is valid");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&args.dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(e) => {
            eprintln!("eval_seed: cannot read {}: {e}", args.dir.display());
            return ExitCode::from(2);
        }
    };
    files.sort();
    let reference = args
        .published
        .and_hms_opt(12, 0, 0)
        .expect("noon exists")
        .and_utc()
        .timestamp_millis();
    let options = ExtractOptions {
        reference_time_ms: Some(reference),
        ..ExtractOptions::default()
    };
    let mut claims: Vec<Claim> = Vec::new();
    for f in &files {
        let body = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("eval_seed: cannot read {}: {e}", f.display());
                return ExitCode::from(2);
            }
        };
        let url = format!("file://{}", f.display());
        let doc = Document {
            body: &body,
            content_type: Some("text/plain; charset=utf-8"),
            url: &url,
            ..Document::default()
        };
        match extract_with_options(&doc, &dict, &options) {
            Ok(a) => {
                if args.dump {
                    println!("# {} ({} claims)", f.display(), a.entity_claims().count());
                    a.entity_claims().for_each(dump);
                }
                claims.extend(a.entity_claims().cloned());
            }
            Err(e) => eprintln!("eval_seed: {}: {e}", f.display()),
        }
    }
    println!(
        "seed eval: {} file(s), {} claims, publication date {}",
        files.len(),
        claims.len(),
        args.published
    );

    let any = |f: &dyn Fn(&Claim) -> bool| claims.iter().any(f);
    let containing = |needle: &str| -> Vec<&Claim> {
        claims.iter().filter(|c| c.text.contains(needle)).collect()
    };
    let hedged_all = |needle: &str| {
        let cs = containing(needle);
        !cs.is_empty()
            && cs.iter().all(|c| {
                c.hedged
                    && c.hedge_cue
                        .as_deref()
                        .is_some_and(|h| needle.to_lowercase().contains(&h.to_lowercase()))
            })
    };
    let checks: Vec<(&str, bool)> = vec![
        (
            "Shoigu agreeing to attract North Korean workers, reported by Budanov",
            any(&|c| {
                speaker_is(c, "Budanov")
                    && c.cue.as_deref() == Some("reported")
                    && c.text.contains("workers")
                    && has_link(c, |l| l.speaker.contains("Shoigu") && l.cue == "agreed")
                    && c.entities.iter().any(|m| m.id == "north-korea")
            }),
        ),
        (
            "Budanov's chain resolves both speakers to dictionary entities",
            any(&|c| {
                has_link(c, |l| {
                    l.speaker_entity_id.as_deref() == Some("kyrylo-budanov")
                }) && has_link(c, |l| {
                    l.speaker_entity_id.as_deref() == Some("sergei-shoigu")
                })
            }),
        ),
        (
            "a claim attributed to ISW",
            any(&|c| has_link(c, |l| l.speaker_entity_id.as_deref() == Some("isw"))),
        ),
        (
            "'This is stated in an analysis by ISW' attributes the opening claim inside News.bg",
            any(&|c| {
                let chain: Vec<(&str, LinkOrigin)> = c
                    .attribution_chain
                    .iter()
                    .map(|l| (l.speaker.as_str(), l.origin))
                    .collect();
                matches!(chain.as_slice(),
                    [("News.bg", LinkOrigin::Sentence), (isw, LinkOrigin::Context)]
                    if isw.contains("Institute for the Study of War"))
            }),
        ),
        (
            "'Budanov noted' resolves to the full name",
            any(&|c| {
                c.text.starts_with("Budanov noted")
                    && speaker_is(c, "Kirill Budanov")
                    && c.cue.as_deref() == Some("noted")
            }),
        ),
        (
            "'He also indicated' resolves to Budanov",
            any(&|c| {
                c.text.starts_with("He also indicated")
                    && speaker_is(c, "Budanov")
                    && has_link(c, |l| l.speaker_as_written.as_deref() == Some("He"))
            }),
        ),
        ("hedged: every 'likely' sentence", hedged_all("likely")),
        ("hedged: the 'possibly' sentence", hedged_all("possibly")),
        ("hedged: the 'appear to be' sentence", {
            let cs = containing("appear to be");
            !cs.is_empty()
                && cs
                    .iter()
                    .all(|c| c.hedged && c.hedge_cue.as_deref() == Some("appear to"))
        }),
        (
            "UN Security Council Resolution 2397 resolved to an entity",
            any(&|c| c.entities.iter().any(|m| m.id == "unsc-resolution-2397")),
        ),
        (
            "the Russian Security Council is not the UN Security Council",
            containing("Russian Security Council").iter().all(|c| {
                c.entities
                    .iter()
                    .any(|m| m.id == "russian-security-council")
                    && !c.entities.iter().any(|m| m.id == "un-security-council")
            }) && !containing("Russian Security Council").is_empty(),
        ),
        (
            "'June 7' normalised to a full date",
            any(&|c| {
                date_value(c, "June 7").as_deref()
                    == Some(&format!("{}-06-07", year_of(&args.published, 6, 7)))
            }),
        ),
        (
            "'February 2025' normalised to month precision",
            any(&|c| date_value(c, "February 2025").as_deref() == Some("2025-02")),
        ),
        (
            "'December 2019' normalised",
            any(&|c| date_value(c, "December 2019").as_deref() == Some("2019-12")),
        ),
        (
            "'March 2024' normalised",
            any(&|c| date_value(c, "March 2024").as_deref() == Some("2024-03")),
        ),
    ];
    let mut passed = 0;
    for (name, ok) in &checks {
        println!("{} {name}", if *ok { "PASS" } else { "FAIL" });
        passed += usize::from(*ok);
    }
    let failed = checks.len() - passed;
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The year of the most recent `month`/`day` on or before `published`.
fn year_of(published: &NaiveDate, month: u32, day: u32) -> i32 {
    use chrono::Datelike;
    match NaiveDate::from_ymd_opt(published.year(), month, day) {
        Some(d) if d <= *published => published.year(),
        _ => published.year() - 1,
    }
}
