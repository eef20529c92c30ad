//! Randomised agreement between the fast path and the naive path, on generated topics and
//! claims (fixed seeds, bounded counts), and printing/parsing round trips.

use super::resolver;
use crate::*;

/// splitmix64: small, deterministic, good enough for test data.
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
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

// Words chosen so that prefixes, phrases and NEAR operands overlap often.
const WORDS: &[&str] = &[
    "worker",
    "workers",
    "work",
    "labour",
    "russia",
    "north",
    "korea",
    "korean",
    "sanctions",
    "sanction",
    "missile",
    "china",
    "the",
    "of",
    "рабочие",
    "рабочих",
    "россию",
    "북한의",
    "북한",
    "노동자",
    "노동자들",
    "arbeiter",
    "travailleurs",
    "migrant",
    "migrants",
    // Longer than the matcher's inline keys (23 bytes): the tables' other path.
    "государственного",
    "государственные",
    "counterintelligenceofficers",
    "노동자들에게서는",
];
const PREFIXES: &[&str] = &[
    "wor",
    "work",
    "sanction",
    "рабоч",
    "북한",
    "노동",
    "migr",
    "k",
    "r",
    "государствен",
    "counterintelligence",
    "노동자들에게서",
];
const ENTITIES: &[&str] = &["north-korea", "russia", "china"];
const SPEAKERS: &[&str] = &["Kyrylo Budanov", "the ministry", "Budanova", ""];
const LANGS: &[&str] = &["en", "ru", "ko"];
const SOURCES: &[&str] = &["s1", "s2"];
const TAGS: &[&str] = &["t1", "t2", "t3"];

const INFIXES: &[&str] = &[
    "ork", "ussi", "orea", "ction", "абоч", "동자", "igrant", "ers",
];

fn gen_text_pattern(r: &mut Rng) -> String {
    match r.below(5) {
        0 => format!("{}*", r.pick(PREFIXES)),
        1 => format!("\"{} {}\"", r.pick(WORDS), r.pick(WORDS)),
        2 => format!("*{}*", r.pick(INFIXES)),
        _ => r.pick(WORDS).to_string(),
    }
}

fn gen_query(r: &mut Rng, depth: usize) -> String {
    let leaf = depth == 0 || r.chance(35);
    if leaf {
        return match r.below(12) {
            0..=3 => gen_text_pattern(r),
            4 => format!(
                "{} NEAR/{} {}",
                gen_text_pattern(r),
                r.below(4),
                gen_text_pattern(r)
            ),
            5 | 6 => format!("entity:{}", r.pick(ENTITIES)),
            7 => format!(
                "speaker:{}",
                r.pick(&["budanov", "budan*", "\"the ministry\"", "ministry"])
            ),
            8 => format!("lang:{}", r.pick(LANGS)),
            9 => format!("source:{}", r.pick(SOURCES)),
            10 => format!("hedged:{}", r.chance(50)),
            _ => format!("tag:{}", r.pick(TAGS)),
        };
    }
    let n = 2 + r.below(3);
    let parts: Vec<String> = (0..n).map(|_| gen_query(r, depth - 1)).collect();
    match r.below(5) {
        0 | 1 => format!("({})", parts.join(" ")),
        2 => format!("({})", parts.join(" OR ")),
        3 => format!("NOT ({})", parts.join(" AND ")),
        _ => format!("-{}", parts[0]),
    }
}

struct GenClaim {
    text: String,
    entities: Vec<&'static str>,
    speaker: &'static str,
    lang: &'static str,
    source: &'static str,
    hedged: bool,
    tags: Vec<&'static str>,
}

fn gen_claim(r: &mut Rng) -> GenClaim {
    let n = r.below(14);
    let mut text = String::new();
    for i in 0..n {
        if i > 0 {
            text.push_str(r.pick(&[" ", " ", ", ", "-", " (", "; "]));
        }
        let w = r.pick(WORDS);
        if r.chance(20) {
            text.push_str(&w.to_uppercase());
        } else {
            text.push_str(w);
        }
    }
    GenClaim {
        text,
        entities: ENTITIES.iter().copied().filter(|_| r.chance(40)).collect(),
        speaker: r.pick(SPEAKERS),
        lang: r.pick(LANGS),
        source: r.pick(SOURCES),
        hedged: r.chance(50),
        tags: TAGS.iter().copied().filter(|_| r.chance(40)).collect(),
    }
}

#[test]
fn fast_and_naive_paths_agree_on_generated_topics_and_claims() {
    for seed in [1u64, 2, 3] {
        let mut r = Rng(seed);
        let mut src = String::new();
        for i in 0..300 {
            let q = gen_query(&mut r, 3).replace('\'', "");
            src.push_str(&format!(
                "[[topic]]\nid = \"t{i}\"\nname = \"t\"\nquery = '{q}'\n"
            ));
        }
        let set = WatchSet::from_toml(&src, &resolver).unwrap_or_else(|e| panic!("{e:?}"));
        let mut total = 0;
        for _ in 0..1500 {
            let c = gen_claim(&mut r);
            let tags = c.tags.clone();
            let view = ClaimView {
                text: &c.text,
                entity_ids: &c.entities,
                speaker: (!c.speaker.is_empty()).then_some(c.speaker),
                language: Some(c.lang),
                source_id: c.source,
                hedged: c.hedged,
                tags: &tags,
                countries: &[],
                paragraph: 0,
                entity_spans: &[],
            };
            let fast = set.matches(view);
            let naive = set.matches_naive(view);
            if fast != naive {
                let f: Vec<usize> = fast.iter().map(|m| m.topic).collect();
                let n: Vec<usize> = naive.iter().map(|m| m.topic).collect();
                let differ: Vec<String> = f
                    .iter()
                    .filter(|t| !n.contains(t))
                    .map(|t| format!("fast only: {}", set.topics()[*t].query))
                    .chain(
                        n.iter()
                            .filter(|t| !f.contains(t))
                            .map(|t| format!("naive only: {}", set.topics()[*t].query)),
                    )
                    .collect();
                panic!("seed {seed}, claim {view:?}: {differ:#?}");
            }
            let mut ids = Vec::new();
            set.match_ids(view, &mut ids);
            assert_eq!(ids.len(), fast.len());
            total += fast.len();
        }
        // The generator must produce matches, or the comparison proves little.
        assert!(total > 1500, "seed {seed}: only {total} matches");
    }
}

#[test]
fn printed_queries_parse_back_to_the_same_tree() {
    let mut r = Rng(42);
    for _ in 0..2000 {
        let q = gen_query(&mut r, 4);
        let parsed = Query::parse(&q, &resolver).unwrap_or_else(|e| panic!("{q}: {e}"));
        let printed = parsed.to_string();
        let again = Query::parse(&printed, &resolver).unwrap_or_else(|e| panic!("{printed}: {e}"));
        assert_eq!(parsed, again, "{q} printed as {printed}");
    }
}
