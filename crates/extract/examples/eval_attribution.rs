//! Attribution evaluation: runs [`attribute_sentences`] over the labelled set in
//! `bench/attribution/` and prints span-level precision, recall and F1 for sources and cues,
//! per language, overall and per error pattern.
//!
//! ```sh
//! cargo run -p claimwatch-extract --example eval_attribution -- DIR [--dump] [--errors]
//! ```
//!
//! DIR holds one `LANG.tsv` per language. Each line (after `#` comments) has four tab-separated
//! fields: a pattern tag, the preceding sentences (`-` for none; sentences separated by ` ‖ `),
//! the sentence under test, and its gold links outermost first as `source | cue`, joined by
//! ` ;; ` (`-` when the sentence attributes nothing).
//!
//! Matching: a predicted span matches a gold span when the F1 of their word tokens (lowercase,
//! split at anything that is not a letter or digit) is at least 0.5; predictions and gold spans
//! pair up one to one, best overlap first, separately for sources and for cues of the sentence.
//! Precision is matched / predicted, recall matched / gold. The exact-match rate is the share
//! of gold sources with a predicted source of identical tokens. `--errors` prints the sentences
//! with a missed or spurious link; `--dump` prints every prediction.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use claimwatch_extract::{attribute_sentences, EntityDictionary};

/// Least token-overlap F1 for two spans to count as the same span.
const MIN_OVERLAP: f64 = 0.5;

struct Item {
    lang: String,
    pattern: String,
    context: Vec<String>,
    sentence: String,
    gold: Vec<(String, String)>,
    line: usize,
}

fn parse_file(path: &Path, lang: &str) -> Result<Vec<Item>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut items = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [pattern, context, sentence, gold] = fields[..] else {
            return Err(format!(
                "{}:{}: expected 4 tab-separated fields, found {}",
                path.display(),
                n + 1,
                fields.len()
            ));
        };
        let context = if context == "-" {
            Vec::new()
        } else {
            context.split(" ‖ ").map(str::to_string).collect()
        };
        let gold = if gold == "-" {
            Vec::new()
        } else {
            gold.split(" ;; ")
                .map(|link| {
                    let (src, cue) = link.split_once(" | ").ok_or_else(|| {
                        format!(
                            "{}:{}: link {link:?} is not 'source | cue'",
                            path.display(),
                            n + 1
                        )
                    })?;
                    Ok((src.trim().to_string(), cue.trim().to_string()))
                })
                .collect::<Result<Vec<_>, String>>()?
        };
        items.push(Item {
            lang: lang.to_string(),
            pattern: pattern.to_string(),
            context,
            sentence: sentence.to_string(),
            gold,
            line: n + 1,
        });
    }
    Ok(items)
}

fn words(s: &str) -> Vec<String> {
    let w: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // A span of punctuation only (the colon of a headline "Name: claim") is its own token.
    if w.is_empty() && !s.trim().is_empty() {
        return vec![s.trim().to_string()];
    }
    w
}

/// F1 of the word multisets of two spans.
fn overlap(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut rest: Vec<&String> = b.iter().collect();
    let mut common = 0usize;
    for w in a {
        if let Some(p) = rest.iter().position(|x| *x == w) {
            rest.swap_remove(p);
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / a.len() as f64;
    let r = common as f64 / b.len() as f64;
    2.0 * p * r / (p + r)
}

/// One-to-one pairs (predicted index, gold index) with overlap >= MIN_OVERLAP, best first.
fn pair_up(pred: &[Vec<String>], gold: &[Vec<String>]) -> Vec<(usize, usize)> {
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for (i, p) in pred.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            let f = overlap(p, g);
            if f >= MIN_OVERLAP {
                cands.push((f, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_p, mut used_g) = (vec![false; pred.len()], vec![false; gold.len()]);
    let mut out = Vec::new();
    for (_, i, j) in cands {
        if !used_p[i] && !used_g[j] {
            used_p[i] = true;
            used_g[j] = true;
            out.push((i, j));
        }
    }
    out
}

#[derive(Default, Clone, Copy)]
struct Counts {
    sentences: usize,
    gold: usize,
    pred: usize,
    src_match: usize,
    src_exact: usize,
    cue_match: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.sentences += o.sentences;
        self.gold += o.gold;
        self.pred += o.pred;
        self.src_match += o.src_match;
        self.src_exact += o.src_exact;
        self.cue_match += o.cue_match;
    }
}

fn prf(matched: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 {
        1.0
    } else {
        matched as f64 / pred as f64
    };
    let r = if gold == 0 {
        1.0
    } else {
        matched as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn row(name: &str, c: &Counts) -> String {
    let (sp, sr, sf) = prf(c.src_match, c.pred, c.gold);
    let (cp, cr, cf) = prf(c.cue_match, c.pred, c.gold);
    let exact = if c.gold == 0 {
        1.0
    } else {
        c.src_exact as f64 / c.gold as f64
    };
    format!(
        "{name:<14} {:>5} {:>5} {:>5} | {sp:>5.3} {sr:>5.3} {sf:>5.3} {exact:>6.3} | {cp:>5.3} {cr:>5.3} {cf:>5.3}",
        c.sentences, c.gold, c.pred
    )
}

fn main() -> ExitCode {
    let mut dir = None;
    let (mut dump, mut errors) = (false, false);
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--dump" => dump = true,
            "--errors" => errors = true,
            _ if a.starts_with("--") => {
                eprintln!("eval_attribution: unknown flag {a}");
                return ExitCode::from(2);
            }
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: eval_attribution DIR [--dump] [--errors]");
        return ExitCode::from(2);
    };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
            .collect(),
        Err(e) => {
            eprintln!("eval_attribution: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    files.sort();
    let mut items = Vec::new();
    for f in &files {
        let lang = f.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        match parse_file(f, lang) {
            Ok(mut v) => items.append(&mut v),
            Err(e) => {
                eprintln!("eval_attribution: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if items.is_empty() {
        eprintln!("eval_attribution: no items under {}", dir.display());
        return ExitCode::from(2);
    }
    let dict = match EntityDictionary::from_toml("version = \"eval-attribution\"\n") {
        Ok(d) => d,
        Err(e) => {
            eprintln!("eval_attribution: empty dictionary: {e}");
            return ExitCode::from(2);
        }
    };

    let mut by_lang: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_pattern: BTreeMap<String, Counts> = BTreeMap::new();
    let started = std::time::Instant::now();
    for it in &items {
        let mut sents: Vec<&str> = it.context.iter().map(String::as_str).collect();
        sents.push(&it.sentence);
        let chains = attribute_sentences(&dict, &sents);
        let links = chains.last().cloned().unwrap_or_default();
        let pred_src: Vec<Vec<String>> = links.iter().map(|l| words(&l.speaker)).collect();
        let pred_cue: Vec<Vec<String>> = links.iter().map(|l| words(&l.cue)).collect();
        let gold_src: Vec<Vec<String>> = it.gold.iter().map(|g| words(&g.0)).collect();
        let gold_cue: Vec<Vec<String>> = it.gold.iter().map(|g| words(&g.1)).collect();
        let src_pairs = pair_up(&pred_src, &gold_src);
        let cue_pairs = pair_up(&pred_cue, &gold_cue);
        let c = Counts {
            sentences: 1,
            gold: it.gold.len(),
            pred: links.len(),
            src_match: src_pairs.len(),
            src_exact: src_pairs
                .iter()
                .filter(|(i, j)| pred_src[*i] == gold_src[*j])
                .count(),
            cue_match: cue_pairs.len(),
        };
        by_lang.entry(it.lang.clone()).or_default().add(&c);
        by_pattern.entry(it.pattern.clone()).or_default().add(&c);
        let wrong = c.src_match < c.gold.max(c.pred) || c.cue_match < c.gold.max(c.pred);
        if dump || (errors && wrong) {
            println!("{}:{} [{}] {}", it.lang, it.line, it.pattern, it.sentence);
            let fmt = |v: Vec<(String, String)>| {
                v.into_iter()
                    .map(|(s, c)| format!("{s} | {c}"))
                    .collect::<Vec<_>>()
                    .join(" ;; ")
            };
            println!("    gold: {}", fmt(it.gold.clone()));
            println!(
                "    pred: {}",
                fmt(links
                    .iter()
                    .map(|l| (l.speaker.clone(), l.cue.clone()))
                    .collect())
            );
        }
    }
    let elapsed = started.elapsed();
    let header = format!(
        "{:<14} {:>5} {:>5} {:>5} | {:>5} {:>5} {:>5} {:>6} | {:>5} {:>5} {:>5}",
        "", "sents", "gold", "pred", "src P", "src R", "src F", "exact", "cue P", "cue R", "cue F"
    );
    println!("{header}");
    let mut all = Counts::default();
    for (lang, c) in &by_lang {
        println!("{}", row(lang, c));
        all.add(c);
    }
    println!("{}", row("overall", &all));
    println!();
    println!("by pattern:");
    println!("{header}");
    for (p, c) in &by_pattern {
        println!("{}", row(p, c));
    }
    println!();
    println!(
        "{} sentences, {} gold links, {:.1} ms for attribution (debug/release as built)",
        all.sentences,
        all.gold,
        elapsed.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}
