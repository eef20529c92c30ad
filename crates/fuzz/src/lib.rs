//! Fuzz targets for the parsers that read untrusted bytes, and a mutation driver that runs on
//! stable Rust.
//!
//! Each target takes arbitrary bytes and must neither panic nor break an invariant of its
//! output (an invariant is checked with `assert!`, so a broken one is a crash like a panic).
//! [`drive`] feeds a target its seed corpus and then mutations of it (bit flips, byte edits,
//! repeated and spliced chunks, tokens of the target's format), catching every panic. It is
//! not coverage-guided: `tests/smoke.rs` runs a few hundred inputs per target with it inside
//! `make test`. `make fuzz` runs the same targets under AFL++, coverage-guided, through the
//! `claimwatch-afl` harness (`src/afl.rs`, built by cargo-afl on stable Rust).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use claimwatch_extract::{extract, Document, EntityDictionary};
use claimwatch_model::{Alert, ArticleEvent, ClaimEvent, EntityMention, RawArticle, Statement};
use claimwatch_schema::Codecs;
use claimwatch_watch::Query;

/// One fuzz target.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
    /// Seed inputs built in code (in addition to the files under `corpus/<name>/`).
    pub seeds: fn() -> Vec<Vec<u8>>,
    /// Tokens of the format, spliced in by the mutator.
    pub tokens: &'static [&'static str],
}

const HTML_TOKENS: &[&str] = &[
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<article>",
    "<script>",
    "</script>",
    "<table><tr><td>",
    "<a href=\"/x\">",
    "</a>",
    "<br>",
    "<!--",
    "-->",
    "<meta charset=\"koi8-r\">",
    "&amp;",
    "&#x41;",
    "<title>",
    "</title>",
    "<b><i>",
    "\u{0301}",
    ". ",
    "said that ",
    "Moscow ",
    "North Korea ",
    "«",
    "»",
    "\"",
    "<![CDATA[",
    "]]>",
    "<svg>",
    "<template>",
    "<noscript>",
];

const FEED_TOKENS: &[&str] = &[
    "<?xml version=\"1.0\" encoding=\"windows-1251\"?>",
    "<rss version=\"2.0\">",
    "<channel>",
    "</channel>",
    "<item>",
    "</item>",
    "<title>",
    "</title>",
    "<link>",
    "</link>",
    "<guid>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    "<entry>",
    "</entry>",
    "<link href=\"",
    "\"/>",
    "<pubDate>",
    "</pubDate>",
    "<updated>",
    "&amp;",
    "<![CDATA[",
    "]]>",
    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[",
    "]}",
    "\u{feff}",
];

const CHARSET_TOKENS: &[&str] = &[
    "\u{feff}",
    "<meta charset=utf-8>",
    "<meta http-equiv=Content-Type content=\"text/html; charset=",
    "shift_jis",
    "euc-kr",
    "koi8-r",
    "utf-16",
    "gb18030",
    "<?xml version=\"1.0\" encoding=\"",
    "\"?>",
    "Россия",
    "北朝鮮",
    "북한",
];

const QUERY_TOKENS: &[&str] = &[
    " AND ",
    " OR ",
    " NOT ",
    "-",
    "(",
    ")",
    "\"",
    "*",
    " NEAR/",
    "3 ",
    "100 ",
    "entity:",
    "in:",
    "speaker:",
    "lang:",
    "source:",
    "hedged:",
    "tag:",
    "russia",
    "worker*",
    "\"labour migrants\"",
    "рабоч*",
    "북한*",
    "\\",
    ":",
];

const AVRO_TOKENS: &[&str] = &["\u{0}", "\u{1}", "\u{2}", "\u{7f}", "\u{c3}\u{0}"];

/// Every target.
pub const TARGETS: &[Target] = &[
    Target {
        name: "html_extract",
        run: html_extract,
        seeds: no_seeds,
        tokens: HTML_TOKENS,
    },
    Target {
        name: "html_tokens_diff",
        run: html_tokens_diff,
        seeds: no_seeds,
        tokens: HTML_TOKENS,
    },
    Target {
        name: "feed_parse",
        run: feed_parse,
        seeds: no_seeds,
        tokens: FEED_TOKENS,
    },
    Target {
        name: "charset_decode",
        run: charset_decode,
        seeds: no_seeds,
        tokens: CHARSET_TOKENS,
    },
    Target {
        name: "avro_raw_article",
        run: avro_raw_article,
        seeds: avro_seeds,
        tokens: AVRO_TOKENS,
    },
    Target {
        name: "avro_claim_event",
        run: avro_claim_event,
        seeds: avro_seeds,
        tokens: AVRO_TOKENS,
    },
    Target {
        name: "avro_article_event",
        run: avro_article_event,
        seeds: avro_seeds,
        tokens: AVRO_TOKENS,
    },
    Target {
        name: "avro_alert",
        run: avro_alert,
        seeds: avro_seeds,
        tokens: AVRO_TOKENS,
    },
    Target {
        name: "watch_query",
        run: watch_query,
        seeds: no_seeds,
        tokens: QUERY_TOKENS,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

fn no_seeds() -> Vec<Vec<u8>> {
    Vec::new()
}

fn dict() -> &'static Arc<EntityDictionary> {
    static DICT: OnceLock<Arc<EntityDictionary>> = OnceLock::new();
    DICT.get_or_init(|| EntityDictionary::shared().expect("the shipped dictionary loads"))
}

fn codecs() -> &'static Codecs {
    static CODECS: OnceLock<Codecs> = OnceLock::new();
    CODECS.get_or_init(|| Codecs::new().expect("the shipped schemas compile"))
}

/// HTML (or whatever the bytes are) through the whole extraction: never a panic, and every
/// statement and mention points at its own text.
/// Differential: the extractor's own tokenizer (`markup/tokenizer.rs`, for the markup it handles)
/// and html5ever's must build the same tree. A difference panics, which the fuzzer reports.
pub fn html_tokens_diff(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    assert!(
        claimwatch_extract::fast_parse_agrees(&html),
        "the fast tokenizer built another tree than html5ever for {html:?}"
    );
}

pub fn html_extract(data: &[u8]) {
    for content_type in [Some("text/html"), None] {
        let doc = Document {
            body: data,
            content_type,
            declared_charset: None,
            url: "https://news.example/2024/05/02/page",
            language_hint: None,
        };
        let Ok(a) = extract(&doc, dict()) else {
            continue;
        };
        for c in &a.statements {
            assert_eq!(&a.text[c.start..c.end], c.text, "statement offsets");
            for m in &c.entities {
                assert_eq!(&c.text[m.start..m.end], m.surface, "mention offsets");
            }
            for d in &c.dates {
                assert_eq!(&c.text[d.start..d.end], d.text, "date offsets");
            }
        }
    }
}

/// Feed bytes through charset sniffing and the feed parser: an error, never a panic, and
/// every item link absolute.
pub fn feed_parse(data: &[u8]) {
    for header in [None, Some("windows-1252")] {
        if let Ok(feed) =
            claimwatch_fetch::feed::parse(data, header, Some("https://news.example/feed"))
        {
            for item in &feed.items {
                if let Some(link) = &item.link {
                    assert!(!link.starts_with('/'), "item link left relative: {link}");
                }
            }
        }
    }
}

/// Charset sniffing and decoding: total, and the result is valid text without a BOM.
///
/// The first byte chooses the declared header and the host (eight combinations), so that the
/// fuzzer explores them as it explores the bytes, and each execution decodes once per path
/// instead of eight times (the loop over every combination ran at about 360 executions per
/// second on large queue entries).
pub fn charset_decode(input: &[u8]) {
    const HEADERS: [Option<&str>; 4] = [None, Some("utf-8"), Some("shift_jis"), Some("bogus")];
    const HOSTS: [Option<&str>; 2] = [None, Some("news.example.ru")];
    let Some((&choice, data)) = input.split_first() else {
        return;
    };
    let header = HEADERS[usize::from(choice) % HEADERS.len()];
    let host = HOSTS[usize::from(choice / 4) % HOSTS.len()];
    let d = claimwatch_fetch::charset::decode(data, header, host);
    // A BOM is removed; what follows it (even another U+FEFF) is text.
    if data.starts_with(b"\xef\xbb\xbf<") {
        assert!(d.text.starts_with('<'), "BOM left in the text");
    }
    // The XML path decodes the same way and only rewrites the declared label.
    let x = claimwatch_fetch::charset::xml_as_utf8(data, header, host);
    assert_eq!(x.encoding, d.encoding, "xml and plain decoding disagree");
    assert!(
        x.text.len() <= d.text.len() + 16,
        "xml declaration rewrite grew the text by more than a label"
    );
}

/// Decode with a codec, and when the bytes decode, the event must encode again and decode to
/// the same event.
macro_rules! avro_target {
    ($name:ident, $field:ident) => {
        pub fn $name(data: &[u8]) {
            let codec = &codecs().$field;
            if let Ok(event) = codec.decode(data) {
                let again = codec.encode(&event).expect("a decoded event encodes");
                assert_eq!(
                    codec.decode(&again).expect("re-encoded event decodes"),
                    event
                );
            }
            let _ = codec.decode_datum(data);
        }
    };
}

avro_target!(avro_raw_article, raw_article);
avro_target!(avro_claim_event, claim);
avro_target!(avro_article_event, article);
avro_target!(avro_alert, alert);

fn resolve(name: &str) -> Option<String> {
    match name.to_lowercase().as_str() {
        "russia" | "kremlin" => Some("russia".into()),
        "north korea" | "dprk" => Some("north-korea".into()),
        _ => None,
    }
}

/// The watch-query parser: an error, never a panic, and a parsed query prints as canonical
/// text that parses back and prints the same (the spelling an `entity:` was written in is kept
/// for messages, not printed, so the queries themselves may differ in it).
pub fn watch_query(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    match Query::parse(src, &resolve) {
        Ok(q) => {
            let printed = q.to_string();
            let again = Query::parse(&printed, &resolve).unwrap_or_else(|e| {
                panic!("`{printed}` (printed from `{src}`) does not parse: {e}")
            });
            assert_eq!(again.to_string(), printed, "`{src}` printed as `{printed}`");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// Seed events of every schema, encoded with every codec they fit (each target keeps the ones
/// its codec reads; the others are mutation material).
fn avro_seeds() -> Vec<Vec<u8>> {
    let c = codecs();
    let raw = RawArticle {
        article_id: "a1".into(),
        url: "https://news.example/a".into(),
        canonical_url: "https://news.example/a".into(),
        source_id: "desk".into(),
        fetched_at: 1_714_600_000_000,
        http_status: Some(200),
        content_type: Some("text/html".into()),
        declared_charset: None,
        language_hint: Some("en".into()),
        body: b"<p>The harbour board met on Tuesday.</p>".to_vec(),
        content_hash: "00".into(),
    };
    let statement = Statement {
        statement_id: "s1".into(),
        text: "The harbour board met in Russia on Tuesday.".into(),
        sentence_index: 0,
        paragraph: 1,
        start: 0,
        end: 43,
        speaker: Some("the board".into()),
        cue: Some("said".into()),
        entities: vec![EntityMention {
            id: "russia".into(),
            surface: "Russia".into(),
            start: 25,
            end: 31,
        }],
        countries: vec!["russia".into()],
        hedged: false,
        hedge_cue: None,
        attribution_chain: vec![],
        dates: vec![],
    };
    let article = ArticleEvent {
        article_id: "a1".into(),
        article_url: raw.url.clone(),
        article_title: Some("Board meets".into()),
        source_id: "desk".into(),
        byline: None,
        published_at: Some(1_714_500_000_000),
        fetched_at: raw.fetched_at,
        language: Some("en".into()),
        extractor_version: "fuzz".into(),
        dictionary_version: "fuzz".into(),
        date_reference: Some("published".into()),
        story_signature: vec![1, -2, 3],
        statements: vec![statement],
        statements_dropped: 0,
        raw_timestamp: None,
    };
    let claim: ClaimEvent = article.claim_events().next().expect("one statement");
    let mut out = vec![
        c.raw_article.encode(&raw).expect("encodes"),
        c.article.encode(&article).expect("encodes"),
        c.claim.encode(&claim).expect("encodes"),
        c.raw_article.encode_datum(&raw).expect("encodes"),
        c.article.encode_datum(&article).expect("encodes"),
    ];
    if let Ok(alert) = serde_json::from_str::<Alert>(ALERT_JSON) {
        out.push(c.alert.encode(&alert).expect("encodes"));
    }
    out
}

const ALERT_JSON: &str = r#"{"alert_id":"x","watch_topic_id":"t","watch_topic_version":1,
"severity":"high","article_id":"a1","article_url":"https://news.example/a","article_title":null,
"source_id":"desk","published_at":null,"matched_claims":[{"claim_id":"s1","text":"Board met.",
"speaker":null,"cue":null,"hedged":false}],"matched_terms":["board"],"explanation":"board",
"fired_at":1,"fetched_at":1,"highlights":[{"claim_id":"s1","term":"board","start":0,"end":5}]}"#;

/// xorshift64*: deterministic, seedable, no dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform-ish in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Largest input the mutator builds (the extraction of a larger page is tested elsewhere).
pub const MAX_INPUT: usize = 64 * 1024;

/// Apply one to four random edits to `input`.
pub fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>], tokens: &[&str]) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = [0, 0x7f, 0x80, 0xff, b'<', b'>', b'"', b'\n'][rng.below(8)];
            }
            2 if len > 0 => {
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(64));
                input.drain(at..at + n);
            }
            3 if len > 0 => {
                // Repeat a chunk: deep nesting, long runs.
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(32));
                let chunk = input[at..at + n].to_vec();
                for _ in 0..1 + rng.below(64) {
                    input.splice(at..at, chunk.iter().copied());
                }
            }
            4 if !corpus.is_empty() => {
                // Splice in part of another input.
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let n = 1 + rng.below((other.len() - from).min(256));
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[from..from + n].iter().copied());
                }
            }
            5 => {
                let at = rng.below(len + 1);
                let n = 1 + rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
                input.splice(at..at, bytes);
            }
            _ if !tokens.is_empty() => {
                let t = tokens[rng.below(tokens.len())].as_bytes();
                let at = rng.below(len + 1);
                input.splice(at..at, t.iter().copied());
            }
            _ => {}
        }
    }
    input.truncate(MAX_INPUT);
}

/// How long [`drive`] runs.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub max_execs: u64,
    pub max_time: Duration,
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    pub execs: u64,
    pub elapsed: Duration,
    /// Inputs that crashed, with the panic message (at most 20 kept).
    pub crashes: Vec<(Vec<u8>, String)>,
    pub crash_count: u64,
}

fn panic_message(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into())
}

/// Run `target` on its seeds (`corpus` plus the target's own), then on mutations of them until
/// the budget is spent. Seeds count as executions but always run and are not timed (the first
/// one also pays for loading dictionaries and schemas). Panics are caught and reported, not
/// propagated.
pub fn drive(target: &Target, corpus: &[Vec<u8>], budget: Budget, seed: u64) -> Report {
    let mut pool: Vec<Vec<u8>> = corpus.to_vec();
    pool.extend((target.seeds)());
    if pool.is_empty() {
        pool.push(Vec::new());
    }
    let mut report = Report::default();
    let mut rng = Rng::new(seed);
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    // Runs one input; true when it did not crash.
    let exec = |input: &[u8], report: &mut Report| {
        report.execs += 1;
        match catch_unwind(AssertUnwindSafe(|| (target.run)(input))) {
            Ok(()) => true,
            Err(e) => {
                report.crash_count += 1;
                if report.crashes.len() < 20 {
                    report
                        .crashes
                        .push((input.to_vec(), panic_message(e.as_ref())));
                }
                false
            }
        }
    };
    for input in pool.clone() {
        exec(&input, &mut report);
    }
    let start = Instant::now();
    while report.execs < budget.max_execs && start.elapsed() < budget.max_time {
        let mut x = pool[rng.below(pool.len())].clone();
        mutate(&mut rng, &mut x, &pool, target.tokens);
        // Crashing inputs are not mutated further; some others are kept as new material (no
        // coverage feedback: a random sample).
        if exec(&x, &mut report) && pool.len() < 4096 && rng.below(64) == 0 {
            pool.push(x);
        }
    }
    std::panic::set_hook(quiet);
    report.elapsed = start.elapsed();
    report
}

/// The seed files of a target: `corpus/<name>/*` under this crate.
pub fn corpus_files(name: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}
