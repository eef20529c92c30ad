//! Matching benchmark driver (see `bench/matching/run.sh`).
//!
//! ```text
//! bench_matching gen     DIR TOPICS CLAIMS SEED   topics.toml, topics.lucene, claims.tsv
//! bench_matching run     DIR fast|naive MAX_CLAIMS  matches-<engine>.tsv, stats-<engine>.txt
//! bench_matching report  DIR                      the table, and the match-set comparison
//! ```
//!
//! Claims are one per line: text, entity ids (comma-separated), speaker, language, source id,
//! hedged (0/1), tags (comma-separated), stem keys (space-separated, see [`stem_key`]),
//! separated by tabs. Match files hold one line per claim
//! with at least one match: claim index, tab, topic indices (comma-separated, increasing).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::Instant;

use claimwatch_text::{lowercase, stem, word_spans, Lang as StemLang, STEM_LANGS};
use claimwatch_watch::{ClaimView, FieldTerm, Query, TextPattern, WatchSet};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| -> Res<&str> {
        args.get(i)
            .map(String::as_str)
            .ok_or_else(|| format!("missing argument {i}; see the file header for usage").into())
    };
    match arg(0)? {
        "gen" => gen(
            Path::new(arg(1)?),
            arg(2)?.parse()?,
            arg(3)?.parse()?,
            arg(4)?.parse()?,
        ),
        "run" => run(Path::new(arg(1)?), arg(2)?, arg(3)?.parse()?),
        "report" => report(Path::new(arg(1)?)),
        other => Err(format!("unknown command `{other}`").into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Deterministic generation.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// Zipf-like rank in 0..n (exponent about 1).
    fn zipf(&mut self, n: usize) -> usize {
        let x = ((n as f64 + 1.0).ln() * self.unit()).exp() - 1.0;
        (x as usize).min(n - 1)
    }
}

/// A language of the synthetic world: stems built from fixed-length syllables (so no stem is a
/// prefix of another) and inflection suffixes.
struct Lang {
    code: &'static str,
    share: f64,
    stems: Vec<String>,
    suffixes: &'static [&'static str],
    stop: &'static [&'static str],
}

fn make_stems(r: &mut Rng, syllables: &[&str], per_stem: usize, n: usize) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    while out.len() < n {
        let s: String = (0..per_stem)
            .map(|_| syllables[r.below(syllables.len())])
            .collect();
        if seen.insert(s.clone()) {
            out.push(s);
        }
    }
    out
}

fn world(r: &mut Rng) -> Vec<Lang> {
    let latin: Vec<String> = [
        "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
    ]
    .iter()
    .flat_map(|c| {
        ["a", "e", "i", "o", "u"]
            .iter()
            .map(move |v| format!("{c}{v}"))
    })
    .collect();
    let latin: Vec<&str> = latin.iter().map(String::as_str).collect();
    let cyr: Vec<String> = ["б", "в", "д", "к", "л", "м", "н", "п", "р", "с", "т"]
        .iter()
        .flat_map(|c| {
            ["а", "о", "у", "и", "е"]
                .iter()
                .map(move |v| format!("{c}{v}"))
        })
        .collect();
    let cyr: Vec<&str> = cyr.iter().map(String::as_str).collect();
    let hangul: Vec<String> = (0..400)
        .map(|i| char::from_u32(0xAC00 + i * 7).expect("hangul").to_string())
        .collect();
    let hangul: Vec<&str> = hangul.iter().map(String::as_str).collect();
    let en = make_stems(r, &latin, 3, 6000);
    let ru = make_stems(r, &cyr, 3, 3000);
    let ko = make_stems(r, &hangul, 2, 2000);
    vec![
        Lang {
            code: "en",
            share: 0.5,
            stems: en.clone(),
            suffixes: &["", "", "", "s", "ed", "ing", "er", "ers"],
            stop: &[
                "the", "of", "and", "to", "in", "a", "said", "that", "on", "for",
            ],
        },
        Lang {
            code: "ru",
            share: 0.2,
            stems: ru.clone(),
            suffixes: &["", "а", "ы", "ов", "ам", "ой", "ую"],
            stop: &["и", "в", "на", "что", "по", "с", "не"],
        },
        Lang {
            code: "uk",
            share: 0.1,
            stems: ru,
            suffixes: &["", "і", "ів", "ам", "ою", "ї"],
            stop: &["і", "в", "на", "що", "за", "з"],
        },
        Lang {
            code: "ko",
            share: 0.1,
            stems: ko,
            suffixes: &["", "의", "는", "가", "를", "들이", "에서"],
            stop: &["그리고", "또한", "이번"],
        },
        Lang {
            code: "de",
            share: 0.05,
            stems: en.clone(),
            suffixes: &["", "en", "er", "ung"],
            stop: &["der", "die", "und", "in", "zu"],
        },
        Lang {
            code: "fr",
            share: 0.05,
            stems: en,
            suffixes: &["", "es", "ent", "eur"],
            stop: &["le", "la", "et", "de", "en"],
        },
    ]
}

const ENTITIES: usize = 2000;
const SPEAKERS: usize = 300;
const SOURCES: usize = 200;
const TAGS: usize = 50;

fn entity(i: usize) -> String {
    match i {
        0 => "north-korea".into(),
        1 => "russia".into(),
        2 => "china".into(),
        3 => "ukraine".into(),
        _ => format!("ent-{i:04}"),
    }
}

fn speaker(i: usize, langs: &[Lang]) -> String {
    let en = &langs[0].stems;
    format!(
        "{} {}",
        en[(i * 7919) % en.len()],
        en[(i * 104_729 + 13) % en.len()]
    )
}

fn pick_lang(r: &mut Rng, langs: &[Lang]) -> usize {
    let mut x = r.unit();
    for (i, l) in langs.iter().enumerate() {
        if x < l.share {
            return i;
        }
        x -= l.share;
    }
    0
}

/// A stem watched by analysts: specific vocabulary, uniformly from below the 150 most frequent.
fn watched_stem<'a>(r: &mut Rng, l: &'a Lang) -> &'a str {
    let n = l.stems.len();
    &l.stems[150 + r.below(n - 150)]
}

fn word_of(r: &mut Rng, l: &Lang, stem: &str) -> String {
    format!("{stem}{}", l.suffixes[r.below(l.suffixes.len())])
}

fn gen_topic(r: &mut Rng, langs: &[Lang]) -> String {
    let li = pick_lang(r, langs);
    let l = &langs[li];
    let ent = |r: &mut Rng| {
        let e = r.zipf(ENTITIES);
        match e {
            0 => [
                "entity:DPRK",
                "entity:КНДР",
                "entity:북한",
                "entity:north-korea",
            ][r.below(4)]
            .to_string(),
            _ => format!("entity:{}", entity(e)),
        }
    };
    let kw = |r: &mut Rng| -> String {
        let s = watched_stem(r, l).to_string();
        match r.below(10) {
            0..=3 => format!("{s}*"),
            4..=5 => {
                let t = watched_stem(r, l).to_string();
                format!("\"{} {}\"", word_of(r, l, &s), word_of(r, l, &t))
            }
            _ => word_of(r, l, &s),
        }
    };
    let kws = |r: &mut Rng, n: usize| -> String {
        let v: Vec<String> = (0..n).map(|_| kw(r)).collect();
        if n == 1 {
            v[0].clone()
        } else {
            format!("({})", v.join(" OR "))
        }
    };
    let x = r.unit();
    if x < 0.30 {
        let n = 2 + r.below(5);
        format!("{} {}", ent(r), kws(r, n))
    } else if x < 0.45 {
        let n = 1 + r.below(6);
        format!("{} {} {}", ent(r), ent(r), kws(r, n))
    } else if x < 0.60 {
        let n = 2 + r.below(4);
        format!("{} {} -{}", kw(r), kws(r, n), kw(r))
    } else if x < 0.72 {
        let a = watched_stem(r, l).to_string();
        let mut b = watched_stem(r, l).to_string();
        while b == a {
            b = watched_stem(r, l).to_string();
        }
        let b = if r.chance(0.5) {
            format!("{b}*")
        } else {
            word_of(r, l, &b)
        };
        let lang = if r.chance(0.3) {
            format!(" lang:{}", l.code)
        } else {
            String::new()
        };
        format!("{a}* NEAR/{} {b}{lang}", 2 + r.below(6))
    } else if x < 0.82 {
        let s = watched_stem(r, l).to_string();
        let t = watched_stem(r, l).to_string();
        let phrase = format!("\"{} {}\"", word_of(r, l, &s), word_of(r, l, &t));
        match r.below(3) {
            0 => format!("{phrase} source:src-{:03}", r.zipf(SOURCES)),
            1 => format!("{phrase} OR {} tag:tag-{:02}", kw(r), r.below(TAGS)),
            _ => format!("{phrase} hedged:{}", r.chance(0.5)),
        }
    } else if x < 0.92 {
        format!("({} OR {}) {} -{}", ent(r), kw(r), kw(r), kw(r))
    } else if x < 0.995 {
        let sp = speaker(r.zipf(SPEAKERS), langs);
        let last = sp.split(' ').nth(1).unwrap_or("x").to_string();
        let who = if r.chance(0.5) {
            format!("speaker:{}*", &last[..4])
        } else {
            format!("speaker:\"{sp}\"")
        };
        format!("{who} {} hedged:{}", ent(r), r.chance(0.3))
    } else {
        // Speaker + hedged minus a keyword: only the speaker's word narrows these down (a must
        // group on the speaker field items).
        let sp = speaker(r.zipf(SPEAKERS), langs);
        let last = sp.split(' ').nth(1).unwrap_or("x").to_string();
        format!("speaker:{last} hedged:true -{}", kw(r))
    }
}

fn gen_claim(r: &mut Rng, langs: &[Lang], out: &mut String) {
    let li = pick_lang(r, langs);
    let l = &langs[li];
    let n = 12 + r.below(30);
    let mut text = String::new();
    for i in 0..n {
        if i > 0 {
            text.push_str(if r.chance(0.08) { ", " } else { " " });
        }
        let w = if r.chance(0.35) {
            l.stop[r.zipf(l.stop.len())].to_string()
        } else {
            let s = &l.stems[r.zipf(l.stems.len())];
            word_of(r, l, s)
        };
        if i == 0 || r.chance(0.05) {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                text.extend(f.to_uppercase());
                text.push_str(c.as_str());
            }
        } else {
            text.push_str(&w);
        }
    }
    text.push('.');
    let ne = [0, 1, 1, 2, 2, 3][r.below(6)];
    let mut ents: Vec<String> = (0..ne).map(|_| entity(r.zipf(ENTITIES))).collect();
    ents.dedup();
    let sp = if r.chance(0.6) {
        speaker(r.zipf(SPEAKERS), langs)
    } else {
        String::new()
    };
    let source = format!("src-{:03}", r.zipf(SOURCES));
    let tags: Vec<String> = (0..r.below(3))
        .map(|_| format!("tag-{:02}", r.below(TAGS)))
        .collect();
    let _ = writeln!(
        out,
        "{text}\t{}\t{sp}\t{}\t{source}\t{}\t{}\t{}",
        ents.join(","),
        l.code,
        u8::from(r.chance(0.3)),
        tags.join(","),
        text_keys(&text, l.code)
    );
}

/// The stem of a lowercase word as indexed for the Lucene side: `<class>:<stem>`, where the class
/// is the stemmer language's index (its [`StemLang::bit`]) and the stem is the word's stem in that
/// language, or `_:<word>` for a text whose language has no stemmer (claimwatch compares such
/// words exactly). A query word matches a text word when the text's key is one of the query
/// word's keys: the stems are equal in the text's language.
fn stem_key(lang: Option<StemLang>, word: &str) -> String {
    match lang {
        Some(l) => format!("{}:{}", l.bit().trailing_zeros(), stem(l, word)),
        None => format!("_:{word}"),
    }
}

/// The key of every word of a claim text in its language (claimwatch's words: `word_spans`,
/// lowercased), space-separated, one per word so positions line up with the text's words.
fn text_keys(text: &str, code: &str) -> String {
    let lang = StemLang::from_code(code);
    let keys: Vec<String> = word_spans(text)
        .map(|r| stem_key(lang, &lowercase(&text[r])))
        .collect();
    keys.join(" ")
}

/// The keys of a lowercase query word in each class of `classes` (a stemming language, or
/// `None`: no stemmer).
fn word_keys(word: &str, classes: &[Option<StemLang>]) -> Vec<String> {
    classes.iter().map(|&l| stem_key(l, word)).collect()
}

/// The classes the Lucene side's query words are written in: with `all`, every stemming
/// language and no stemmer (what claimwatch compiles); otherwise those of the languages the
/// claims are in, as a deployment that knows the languages it ingests would configure it.
fn key_classes(langs: &[Lang], all: bool) -> Vec<Option<StemLang>> {
    let mut v: Vec<Option<StemLang>> = if all {
        STEM_LANGS.iter().map(|&l| Some(l)).chain([None]).collect()
    } else {
        langs.iter().map(|l| StemLang::from_code(l.code)).collect()
    };
    v.sort();
    v.dedup();
    v
}

fn resolve(name: &str) -> Option<String> {
    match name {
        "DPRK" | "КНДР" | "북한" => Some("north-korea".into()),
        _ if name.starts_with("ent-")
            || ["north-korea", "russia", "china", "ukraine"].contains(&name) =>
        {
            Some(name.to_string())
        }
        _ => None,
    }
}

fn gen(dir: &Path, topics: usize, claims: usize, seed: u64) -> Res<()> {
    fs::create_dir_all(dir)?;
    let mut r = Rng(seed);
    let langs = world(&mut r);
    let mut toml = String::new();
    for i in 0..topics {
        let q = gen_topic(&mut r, &langs);
        let _ = writeln!(
            toml,
            "[[topic]]\nid = \"t{i:05}\"\nname = \"topic {i}\"\nseverity = \"{}\"\nquery = '{q}'\n",
            ["low", "medium", "high", "critical"][r.below(4)]
        );
    }
    fs::write(dir.join("topics.toml"), &toml)?;
    // The same topics for the Lucene harness, in prefix notation from the compiled trees.
    let set = WatchSet::from_toml(&toml, &resolve).map_err(|e| format!("{e:?}"))?;
    let all = std::env::var("LUCENE_CLASSES").is_ok_and(|v| v == "all");
    let classes = key_classes(&langs, all);
    let mut lucene = String::new();
    for t in set.topics() {
        let mut line = String::new();
        prefix(&t.query, &classes, &mut line);
        let _ = writeln!(lucene, "{}\t{}", t.id, line.trim_end());
    }
    fs::write(dir.join("topics.lucene"), lucene)?;
    let mut out = String::new();
    for _ in 0..claims {
        gen_claim(&mut r, &langs, &mut out);
    }
    fs::write(dir.join("claims.tsv"), out)?;
    let (patterns, always) = set.stats();
    println!(
        "generated {topics} topics ({patterns} pre-filter patterns, {always} evaluated for every claim) and {claims} claims in {}",
        dir.display()
    );
    Ok(())
}

/// A text pattern of the claim text. Words and phrases match by stems in the text's language, so
/// they are written as their keys in each class: `W c k1 … kc` (one of the keys must occur) and
/// `PH n c` followed by c groups of n keys (one group must occur as a phrase). Prefixes match
/// the lowercase words: `P p`.
fn text_stemmed(p: &TextPattern, classes: &[Option<StemLang>], out: &mut String) {
    match p {
        TextPattern::Word(w) => {
            let keys = word_keys(w, classes);
            let _ = write!(out, "W {} {} ", keys.len(), keys.join(" "));
        }
        TextPattern::Prefix(w) => {
            let _ = write!(out, "P {w} ");
        }
        // The generator writes no infixes: the peer's query format has none.
        TextPattern::Infix(_) => unreachable!("generated topics have no infixes"),
        TextPattern::Phrase(ws) => {
            let per_word: Vec<Vec<String>> = ws.iter().map(|w| word_keys(w, classes)).collect();
            let classes = per_word.first().map_or(0, Vec::len);
            let _ = write!(out, "PH {} {classes} ", ws.len());
            for c in 0..classes {
                for k in &per_word {
                    let _ = write!(out, "{} ", k[c]);
                }
            }
        }
    }
}

/// A text pattern of the speaker, which matches lowercase words exactly (no stemming).
fn text_prefix(p: &TextPattern, tag: &str, out: &mut String) {
    match p {
        TextPattern::Word(w) => {
            let _ = write!(out, "{tag}W {w} ");
        }
        TextPattern::Prefix(w) => {
            let _ = write!(out, "{tag}P {w} ");
        }
        TextPattern::Infix(_) => unreachable!("generated topics have no infixes"),
        TextPattern::Phrase(ws) => {
            let _ = write!(out, "{tag}PH {} {} ", ws.len(), ws.join(" "));
        }
    }
}

/// Prefix notation, space-separated (values never contain spaces in generated topics).
fn prefix(q: &Query, classes: &[Option<StemLang>], out: &mut String) {
    match q {
        Query::And(ps) | Query::Or(ps) => {
            let op = if matches!(q, Query::And(_)) {
                "AND"
            } else {
                "OR"
            };
            let _ = write!(out, "{op} {} ", ps.len());
            ps.iter().for_each(|p| prefix(p, classes, out));
        }
        Query::Not(p) => {
            out.push_str("NOT ");
            prefix(p, classes, out);
        }
        Query::Text(p) => text_stemmed(p, classes, out),
        Query::Near {
            left,
            right,
            distance,
        } => {
            let _ = write!(out, "NEAR {distance} ");
            text_stemmed(left, classes, out);
            text_stemmed(right, classes, out);
        }
        Query::NearEntity { .. } => unreachable!("generated topics have no entity beside NEAR"),
        Query::Field(f) => {
            let _ = match f {
                FieldTerm::Entity { id, .. } => write!(out, "ENT {id} "),
                FieldTerm::In(id) => write!(out, "IN {id} "),
                FieldTerm::Speaker(p) => {
                    text_prefix(p, "SPK_", out);
                    Ok(())
                }
                FieldTerm::Lang(v) => write!(out, "LANG {v} "),
                FieldTerm::Source(v) => write!(out, "SRC {v} "),
                FieldTerm::Tag(v) => write!(out, "TAG {v} "),
                FieldTerm::Hedged(h) => write!(out, "HEDGED {h} "),
            };
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Running.

struct Claim {
    text: String,
    entities: Vec<String>,
    speaker: String,
    lang: String,
    source: String,
    hedged: bool,
    tags: Vec<String>,
}

fn load_claims(dir: &Path, max: usize) -> Res<Vec<Claim>> {
    let src = fs::read_to_string(dir.join("claims.tsv"))?;
    let split = |s: &str| -> Vec<String> {
        s.split(',')
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    Ok(src
        .lines()
        .take(max)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Claim {
                text: f[0].to_string(),
                entities: split(f[1]),
                speaker: f[2].to_string(),
                lang: f[3].to_string(),
                source: f[4].to_string(),
                hedged: f[5] == "1",
                tags: split(f[6]),
            }
        })
        .collect())
}

fn run(dir: &Path, engine: &str, max: usize) -> Res<()> {
    let toml = fs::read_to_string(dir.join("topics.toml"))?;
    let t0 = Instant::now();
    let set = WatchSet::from_toml(&toml, &resolve).map_err(|e| format!("{e:?}"))?;
    let build = t0.elapsed().as_secs_f64();
    let claims = load_claims(dir, max)?;
    let views: Vec<(Vec<&str>, Vec<&str>)> = claims
        .iter()
        .map(|c| {
            (
                c.entities.iter().map(String::as_str).collect(),
                c.tags.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let view = |i: usize| ClaimView {
        text: &claims[i].text,
        entity_ids: &views[i].0,
        speaker: (!claims[i].speaker.is_empty()).then_some(claims[i].speaker.as_str()),
        language: Some(claims[i].lang.as_str()),
        source_id: &claims[i].source,
        hedged: claims[i].hedged,
        tags: &views[i].1,
        countries: &[],
        paragraph: 0,
        entity_spans: &[],
    };
    let naive = match engine {
        "fast" => false,
        "naive" => true,
        other => return Err(format!("unknown engine `{other}`").into()),
    };
    let mut hits: Vec<u32> = Vec::new();
    let pass = |n: usize, hits: &mut Vec<u32>, per_claim: &mut Vec<(usize, usize)>| {
        for i in 0..n {
            let before = hits.len();
            if naive {
                set.match_ids_naive(view(i), hits);
            } else {
                set.match_ids(view(i), hits);
            }
            if hits.len() > before {
                per_claim.push((i, before));
            }
        }
    };
    // Warm up on a tenth of the claims (caches, allocator, branch predictors), then time.
    let warm = (claims.len() / 10).max(1).min(claims.len());
    pass(warm, &mut Vec::new(), &mut Vec::new());
    let mut per_claim = Vec::new();
    let t = Instant::now();
    let cpu0 = thread_cpu_secs();
    pass(claims.len(), &mut hits, &mut per_claim);
    let cpu = thread_cpu_secs() - cpu0;
    let wall = t.elapsed().as_secs_f64();
    // The rate is by wall time (run.sh pins the process to one core, as it does the JVM); the
    // thread's CPU time is reported beside it, as a check on how much the neighbours took.
    let mut out = String::new();
    for (k, &(i, start)) in per_claim.iter().enumerate() {
        let end = per_claim.get(k + 1).map_or(hits.len(), |x| x.1);
        let ids: Vec<String> = hits[start..end].iter().map(u32::to_string).collect();
        let _ = writeln!(out, "{i}\t{}", ids.join(","));
    }
    fs::write(dir.join(format!("matches-{engine}.tsv")), out)?;
    let cpu_rate = if cpu > 0.0 {
        claims.len() as f64 / cpu
    } else {
        0.0
    };
    let stats = format!(
        "{} {} {:.3} {} {:.3} {}\n",
        claims.len(),
        claims.len() as f64 / wall,
        wall,
        hits.len(),
        build,
        cpu_rate,
    );
    fs::write(dir.join(format!("stats-{engine}.txt")), &stats)?;
    eprintln!(
        "{engine}: {} claims in {wall:.2}s wall ({cpu:.2} thread CPU-s), {:.0} claims/s wall, {cpu_rate:.0} claims/s CPU, {} matches (compile {build:.2}s)",
        claims.len(),
        claims.len() as f64 / wall,
        hits.len()
    );
    Ok(())
}

/// CPU time of the calling thread, from /proc (Linux); 0 where unavailable.
fn thread_cpu_secs() -> f64 {
    fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0.0, |ns| ns as f64 / 1e9)
}

// ---------------------------------------------------------------------------------------------
// Report.

type MatchSets = BTreeMap<usize, BTreeSet<u32>>;

fn load_matches(path: &Path) -> Res<MatchSets> {
    let mut m = MatchSets::new();
    for l in fs::read_to_string(path)?.lines() {
        let (c, ts) = l.split_once('\t').ok_or("bad match line")?;
        let set = ts
            .split(',')
            .filter(|x| !x.is_empty())
            .map(|x| x.parse())
            .collect::<Result<_, _>>()?;
        m.insert(c.parse()?, set);
    }
    Ok(m)
}

/// (claim, topic) pairs in exactly one of the two, over the first `n` claims.
fn mismatches(a: &MatchSets, b: &MatchSets, n: usize) -> (usize, Option<(usize, u32)>) {
    let empty = BTreeSet::new();
    let mut count = 0;
    let mut first = None;
    for c in a
        .keys()
        .chain(b.keys())
        .filter(|c| **c < n)
        .collect::<BTreeSet<_>>()
    {
        let x = a.get(c).unwrap_or(&empty);
        let y = b.get(c).unwrap_or(&empty);
        for t in x.symmetric_difference(y) {
            count += 1;
            first.get_or_insert((*c, *t));
        }
    }
    (count, first)
}

fn report(dir: &Path) -> Res<()> {
    let engines = [
        ("fast", "claimwatch (term-dictionary pre-filter)"),
        ("naive", "naive (evaluate every topic)"),
        ("lucene", "Lucene Monitor 9.11.1"),
    ];
    let mut rows = Vec::new();
    for (key, label) in engines {
        let stats = fs::read_to_string(dir.join(format!("stats-{key}.txt")))?;
        let f: Vec<&str> = stats.split_whitespace().collect();
        let claims: usize = f[0].parse()?;
        let rate: f64 = f[1].parse()?;
        let matches: usize = f[3].parse()?;
        let cpu: f64 = f[5].parse()?;
        let sets = load_matches(&dir.join(format!("matches-{key}.tsv")))?;
        rows.push((key, label, claims, rate, cpu, matches, sets));
    }
    let fast_rate = rows[0].3;
    println!();
    println!(
        "| engine | claims | claims/s (wall, 1 pinned core) | vs Lucene (wall) | claims/s (per CPU second of the matching thread) | vs Lucene (CPU) | total matches | mismatches vs claimwatch |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let lucene_rate = rows[2].3;
    let lucene_cpu = rows[2].4;
    let mut total_mismatch = 0;
    let mut notes = Vec::new();
    for (key, label, claims, rate, cpu, matches, sets) in &rows {
        let n = (*claims).min(rows[0].2);
        let (mm, first) = mismatches(&rows[0].6, sets, n);
        total_mismatch += mm;
        if let Some((c, t)) = first {
            notes.push(format!("{key}: first mismatch claim {c}, topic {t}"));
        }
        println!(
            "| {label} | {claims} | {rate:.0} | {:.1}x | {cpu:.0} | {:.1}x | {matches} | {} |",
            rate / lucene_rate,
            cpu / lucene_cpu,
            if *key == "fast" {
                "-".to_string()
            } else {
                mm.to_string()
            }
        );
    }
    // Naive against Lucene on the claims both ran.
    let n = rows[1].2.min(rows[2].2);
    let (mm, _) = mismatches(&rows[1].6, &rows[2].6, n);
    total_mismatch += mm;
    println!();
    println!(
        "mismatched (claim, topic) pairs: {total_mismatch} in all (naive vs Lucene on the first {n} claims: {mm}); claimwatch is {:.1}x Lucene Monitor by wall time, {:.1}x by CPU time",
        fast_rate / lucene_rate,
        rows[0].4 / lucene_cpu
    );
    for n in notes {
        println!("{n}");
    }
    if total_mismatch > 0 {
        return Err("match sets differ".into());
    }
    Ok(())
}
