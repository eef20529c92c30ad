//! Parse every feed fixture of a corpus with the fetcher's own feed code
//! (`claimwatch_fetch::feed::parse`) and compare with the expected outputs the corpus carries.
//! Used by `bench/feeds/eval.sh`; prints a summary table. Exit status 1 on a panic or hang.
//!
//! Usage: eval_feeds <corpus-dir-with-manifest.json> [per-file-timeout-ms]

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use claimwatch_fetch::{charset, feed};
use serde_json::Value;

/// Which counter pair of a row a comparison goes to.
type Slot = fn(&mut Row) -> &mut (usize, usize);

#[derive(Default)]
struct Row {
    files: usize,
    parsed: usize,
    failed: usize,
    panics: usize,
    hangs: usize,
    /// Expected-output comparisons: (matched, compared).
    titles: (usize, usize),
    links: (usize, usize),
    fp_values: (usize, usize),
    fp_encodings: (usize, usize),
}

/// A Python string literal body (`\uXXXX`, `\xXX`, `\\`, `\'`, `\n`) to a Rust string.
fn py_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('u') => {
                let h: String = (0..4).filter_map(|_| it.next()).collect();
                if let Some(ch) = u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some('x') => {
                let h: String = (0..2).filter_map(|_| it.next()).collect();
                if let Some(ch) = u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// What a feedparser `Expect:` line checks, when it is one of the forms we can compare.
enum FpCheck {
    FeedTitle(String),
    EntryTitle(String),
    EntryText(String),
    EntryLink(String),
    Encoding(String),
}

fn fp_checks(expect: &str) -> Vec<FpCheck> {
    let mut out = Vec::new();
    for clause in expect.split(" and ") {
        let clause = clause.trim().trim_start_matches("not bozo").trim();
        let Some((lhs, rhs)) = clause.split_once(" == ") else {
            continue;
        };
        let rhs = rhs.trim();
        let Some(v) = rhs
            .strip_prefix('\'')
            .and_then(|r| r.strip_suffix('\''))
            .or_else(|| rhs.strip_prefix('"').and_then(|r| r.strip_suffix('"')))
        else {
            continue;
        };
        let v = py_unescape(v);
        match lhs.trim() {
            "feed['title']" => out.push(FpCheck::FeedTitle(v)),
            "entries[0]['title']" => out.push(FpCheck::EntryTitle(v)),
            "entries[0]['description']" | "entries[0]['summary']" | "entries[0].summary" => {
                out.push(FpCheck::EntryText(v))
            }
            "entries[0]['link']" | "entries[0].link" => out.push(FpCheck::EntryLink(v)),
            "encoding" => out.push(FpCheck::Encoding(v)),
            _ => {}
        }
    }
    out
}

/// The `Content-type` a feedparser fixture says it was served with.
fn fp_header(text: &str) -> Option<String> {
    let line = text
        .lines()
        .take(20)
        .find(|l| l.trim_start().starts_with("Header:"))?;
    let v = line.trim_start().trim_start_matches("Header:").trim();
    let (name, value) = v.split_once(':')?;
    name.trim()
        .eq_ignore_ascii_case("content-type")
        .then(|| charset::charset_param(value.trim()))
        .flatten()
}

fn same_encoding(expected: &str, got: &'static encoding_rs::Encoding) -> bool {
    match charset::for_label(expected) {
        Some(e) => {
            e == got
                || (e.name() == "GBK" && got.name() == "gb18030")
                || (e.name() == "gb18030" && got.name() == "GBK")
        }
        None => false,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args
        .next()
        .expect("usage: eval_feeds <corpus dir> [timeout ms]");
    let timeout = Duration::from_millis(args.next().and_then(|t| t.parse().ok()).unwrap_or(5000));
    let root = Path::new(&root);
    let manifest: Vec<Value> =
        serde_json::from_slice(&std::fs::read(root.join("manifest.json")).expect("manifest.json"))
            .expect("manifest is JSON");
    let mut rows: std::collections::BTreeMap<String, Row> = Default::default();
    let mut total = Row::default();
    let mut mismatches = Vec::new();
    // Panics are reported as rows, not as noise on stderr.
    std::panic::set_hook(Box::new(|_| {}));
    for entry in &manifest {
        let file = entry["file"].as_str().unwrap_or_default().to_string();
        let format = entry["format"].as_str().unwrap_or("?").to_string();
        let group = format!("{}/{}", file.split('/').next().unwrap_or("?"), format);
        let Ok(bytes) = std::fs::read(root.join(&file)) else {
            continue;
        };
        let header = fp_header(&String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]));
        let (tx, rx) = mpsc::channel();
        let b = bytes.clone();
        let h = header.clone();
        std::thread::spawn(move || {
            let r = std::panic::catch_unwind(|| feed::parse(&b, h.as_deref(), None));
            let _ = tx.send(r);
        });
        let row = rows.entry(group).or_default();
        row.files += 1;
        total.files += 1;
        let parsed = match rx.recv_timeout(timeout) {
            Err(_) => {
                row.hangs += 1;
                total.hangs += 1;
                mismatches.push(format!("HANG  {file}"));
                continue;
            }
            Ok(Err(_)) => {
                row.panics += 1;
                total.panics += 1;
                mismatches.push(format!("PANIC {file}"));
                continue;
            }
            Ok(Ok(Err(e))) => {
                row.failed += 1;
                total.failed += 1;
                mismatches.push(format!(
                    "FAIL  {file} ({}): {e}",
                    entry["expected"].as_str().unwrap_or("?")
                ));
                continue;
            }
            Ok(Ok(Ok(f))) => f,
        };
        row.parsed += 1;
        total.parsed += 1;
        // feed-rs's expected output: feed title, entry titles and links.
        // JSON Feed fixtures carry their expected output beside them without naming it.
        let expected = entry["expected_output"]
            .as_str()
            .map(str::to_string)
            .or_else(|| {
                let stem = file.rsplit_once('.').map(|(s, _)| s)?;
                let guess = format!("{stem}.serde.json");
                root.join(&guess).exists().then_some(guess)
            });
        if let Some(exp) = expected.as_deref() {
            if let Ok(text) = std::fs::read(root.join(exp)) {
                if let Ok(v) = serde_json::from_slice::<Value>(&text) {
                    let mut cmp = |ok: bool, which: &str, slot: Slot| {
                        for r in [&mut *row, &mut total] {
                            let s = slot(r);
                            s.1 += 1;
                            if ok {
                                s.0 += 1;
                            }
                        }
                        if !ok {
                            mismatches.push(format!("DIFF  {file}: {which}"));
                        }
                    };
                    let want = v["title"]["content"].as_str().map(str::trim);
                    cmp(
                        want == parsed.title.as_deref().map(str::trim),
                        "feed title",
                        |r| &mut r.titles,
                    );
                    let entries = v["entries"].as_array().cloned().unwrap_or_default();
                    for (i, e) in entries.iter().enumerate() {
                        let got = parsed.items.get(i);
                        let want = e["title"]["content"].as_str().map(str::trim);
                        cmp(
                            want == got.and_then(|g| g.title.as_deref()).map(str::trim),
                            &format!("entry {i} title"),
                            |r| &mut r.titles,
                        );
                        let hrefs: Vec<&str> = e["links"]
                            .as_array()
                            .map(|l| l.iter().filter_map(|x| x["href"].as_str()).collect())
                            .unwrap_or_default();
                        let got_link = got.and_then(|g| g.link.as_deref());
                        let ok = match got_link {
                            None => hrefs.is_empty(),
                            Some(l) => hrefs.contains(&l) || e["id"].as_str() == Some(l),
                        };
                        cmp(ok, &format!("entry {i} link"), |r| &mut r.links);
                    }
                }
            }
        }
        // feedparser's expectations that name values we produce.
        if let Some(expect) = entry["feedparser_expect"].as_str() {
            for check in fp_checks(expect) {
                let (ok, slot): (bool, Slot) = match &check {
                    FpCheck::FeedTitle(v) => (parsed.title.as_deref() == Some(v.as_str()), |r| {
                        &mut r.fp_values
                    }),
                    FpCheck::EntryTitle(v) => (
                        parsed.items.first().and_then(|i| i.title.as_deref()) == Some(v.as_str()),
                        |r| &mut r.fp_values,
                    ),
                    FpCheck::EntryText(v) => (
                        parsed
                            .items
                            .first()
                            .and_then(|i| i.content.as_deref())
                            .map(str::trim)
                            == Some(v.trim()),
                        |r| &mut r.fp_values,
                    ),
                    FpCheck::EntryLink(v) => (
                        parsed.items.first().and_then(|i| i.link.as_deref()) == Some(v.as_str()),
                        |r| &mut r.fp_values,
                    ),
                    // An all-ASCII document reads the same in US-ASCII and in UTF-8.
                    FpCheck::Encoding(v) => (
                        same_encoding(v, parsed.encoding)
                            || (v == "us-ascii"
                                && bytes.is_ascii()
                                && parsed.encoding.is_ascii_compatible()),
                        |r| &mut r.fp_encodings,
                    ),
                };
                for r in [&mut *row, &mut total] {
                    let s = slot(r);
                    s.1 += 1;
                    if ok {
                        s.0 += 1;
                    }
                }
                if !ok {
                    let what = match &check {
                        FpCheck::Encoding(v) => {
                            format!("encoding {v} (got {})", parsed.encoding.name())
                        }
                        FpCheck::FeedTitle(v)
                        | FpCheck::EntryTitle(v)
                        | FpCheck::EntryText(v)
                        | FpCheck::EntryLink(v) => format!("value {v:?}"),
                    };
                    mismatches.push(format!("DIFF  {file}: feedparser {what}"));
                }
            }
        }
    }
    let frac = |(a, b): (usize, usize)| {
        if b == 0 {
            "-".to_string()
        } else {
            format!("{a}/{b}")
        }
    };
    println!(
        "{:<28} {:>5} {:>6} {:>6} {:>6} {:>5} {:>11} {:>11} {:>10} {:>10}",
        "group",
        "files",
        "parsed",
        "failed",
        "panics",
        "hangs",
        "titles",
        "links",
        "fp values",
        "fp enc"
    );
    let print = |name: &str, r: &Row| {
        println!(
            "{:<28} {:>5} {:>6} {:>6} {:>6} {:>5} {:>11} {:>11} {:>10} {:>10}",
            name,
            r.files,
            r.parsed,
            r.failed,
            r.panics,
            r.hangs,
            frac(r.titles),
            frac(r.links),
            frac(r.fp_values),
            frac(r.fp_encodings)
        );
    };
    for (k, r) in &rows {
        print(k, r);
    }
    print("TOTAL", &total);
    if std::env::var_os("EVAL_VERBOSE").is_some() {
        for m in &mismatches {
            println!("{m}");
        }
    } else {
        println!(
            "({} differences; EVAL_VERBOSE=1 lists them)",
            mismatches.len()
        );
    }
    if total.panics > 0 || total.hangs > 0 {
        std::process::exit(1);
    }
}
