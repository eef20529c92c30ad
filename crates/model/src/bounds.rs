//! Size limits per event. A hostile or broken page can make one sentence megabytes long or
//! name an entity thousands of times in it; every such sentence would travel in events, be
//! scanned by every watch topic and end in alerts. The extractor applies these limits where it
//! builds an [`ArticleEvent`] from extraction output, and the alerting service where it builds
//! an [`Alert`]; what was cut is returned as a [`Cut`] so it can be counted.
//!
//! The limits are far above what real news text reaches (the longest sentences of the
//! extraction corpora are a few hundred words), so ordinary articles are never cut.

use crate::{Alert, ArticleEvent, Statement};

/// Bytes of one statement's (or matched claim's) text; longer text is cut at the last UTF-8
/// character boundary at or below the limit.
pub const MAX_STATEMENT_BYTES: usize = 4096;
/// Entity mentions kept per statement (the first ones in the text).
pub const MAX_MENTIONS_PER_STATEMENT: usize = 64;
/// Date mentions kept per statement.
pub const MAX_DATES_PER_STATEMENT: usize = 16;
/// Links of reported speech kept per statement (outermost first).
pub const MAX_CHAIN_LINKS: usize = 8;
/// Highlights kept per alert (in claim order).
pub const MAX_HIGHLIGHTS_PER_ALERT: usize = 256;

/// What the limits removed from one event (zero everywhere when nothing was cut).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cut {
    /// Statements (or matched claims) whose text was cut.
    pub texts: usize,
    /// Bytes of text removed.
    pub text_bytes: usize,
    /// Entity mentions removed (over the cap, or inside removed text).
    pub mentions: usize,
    /// Date mentions removed.
    pub dates: usize,
    /// Attribution-chain links removed.
    pub chain_links: usize,
    /// Highlights removed (over the cap, or inside removed text).
    pub highlights: usize,
}

impl Cut {
    pub fn is_empty(&self) -> bool {
        *self == Cut::default()
    }

    fn add(&mut self, o: Cut) {
        self.texts += o.texts;
        self.text_bytes += o.text_bytes;
        self.mentions += o.mentions;
        self.dates += o.dates;
        self.chain_links += o.chain_links;
        self.highlights += o.highlights;
    }

    /// The counts by name, for a labelled counter.
    pub fn by_kind(&self) -> [(&'static str, usize); 6] {
        [
            ("texts", self.texts),
            ("text_bytes", self.text_bytes),
            ("mentions", self.mentions),
            ("dates", self.dates),
            ("chain_links", self.chain_links),
            ("highlights", self.highlights),
        ]
    }
}

/// Cut `text` to at most `max` bytes on a character boundary; the bytes removed.
fn cut_text(text: &mut String, max: usize) -> usize {
    if text.len() <= max {
        return 0;
    }
    let mut at = max;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let removed = text.len() - at;
    text.truncate(at);
    removed
}

/// Keep the items that `keep` accepts, then at most `max` of them; the number removed.
fn retain_capped<T>(items: &mut Vec<T>, max: usize, keep: impl Fn(&T) -> bool) -> usize {
    let before = items.len();
    items.retain(keep);
    items.truncate(max);
    before - items.len()
}

/// Whether the byte span `start..end` lies inside a text of `len` bytes.
fn inside(start: i32, end: i32, len: usize) -> bool {
    start >= 0 && end >= start && (end as usize) <= len
}

impl Statement {
    /// Apply the per-statement limits. Offsets that pointed past the cut are dropped with
    /// their mention; `end` moves so that `start..end` still spans the kept text. The
    /// statement id is left as it was (it names the sentence, not the bytes kept).
    pub fn bound(&mut self) -> Cut {
        let mut cut = Cut::default();
        let removed = cut_text(&mut self.text, MAX_STATEMENT_BYTES);
        if removed > 0 {
            cut.texts = 1;
            cut.text_bytes = removed;
            self.end = self.start.saturating_add(self.text.len() as i32);
        }
        let len = self.text.len();
        cut.mentions = retain_capped(&mut self.entities, MAX_MENTIONS_PER_STATEMENT, |m| {
            inside(m.start, m.end, len)
        });
        cut.dates = retain_capped(&mut self.dates, MAX_DATES_PER_STATEMENT, |d| {
            inside(d.start, d.end, len)
        });
        cut.chain_links = retain_capped(&mut self.attribution_chain, MAX_CHAIN_LINKS, |_| true);
        cut
    }
}

impl ArticleEvent {
    /// Apply the per-statement limits to every statement.
    pub fn bound(&mut self) -> Cut {
        let mut cut = Cut::default();
        for s in &mut self.statements {
            cut.add(s.bound());
        }
        cut
    }
}

impl Alert {
    /// Cut matched claims' text to [`MAX_STATEMENT_BYTES`], drop the highlights that fell
    /// outside the kept text or name no matched claim, and keep at most
    /// [`MAX_HIGHLIGHTS_PER_ALERT`].
    pub fn bound(&mut self) -> Cut {
        let mut cut = Cut::default();
        let mut lens = std::collections::HashMap::new();
        for c in &mut self.matched_claims {
            let removed = cut_text(&mut c.text, MAX_STATEMENT_BYTES);
            if removed > 0 {
                cut.texts += 1;
                cut.text_bytes += removed;
            }
            lens.insert(c.claim_id.clone(), c.text.len());
        }
        cut.highlights = retain_capped(&mut self.highlights, MAX_HIGHLIGHTS_PER_ALERT, |h| {
            lens.get(&h.claim_id)
                .is_some_and(|len| inside(h.start, h.end, *len))
        });
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DateMention, EntityMention, Highlight, MatchedClaim};

    /// A statement written for this test: one sentence repeated `n` times, with a mention of
    /// "harbour" in each repeat.
    fn statement(n: usize) -> Statement {
        let unit = "The harbour board says two cranes are idle. ";
        let text = unit.repeat(n);
        let entities = (0..n)
            .map(|i| EntityMention {
                id: "harbour".into(),
                surface: "harbour".into(),
                start: (i * unit.len() + 4) as i32,
                end: (i * unit.len() + 11) as i32,
            })
            .collect();
        let dates = (0..n.min(40))
            .map(|i| DateMention {
                text: "two".into(),
                start: (i * unit.len() + 25) as i32,
                end: (i * unit.len() + 28) as i32,
                value: None,
                precision: "day".into(),
                year_inferred: false,
            })
            .collect();
        Statement {
            statement_id: "s".into(),
            end: 100 + text.len() as i32,
            text,
            sentence_index: 0,
            paragraph: 1,
            start: 100,
            speaker: None,
            cue: None,
            entities,
            countries: vec![],
            hedged: false,
            hedge_cue: None,
            attribution_chain: vec![],
            dates,
        }
    }

    #[test]
    fn ordinary_statements_are_left_alone() {
        let mut s = statement(3);
        let before = s.clone();
        assert!(s.bound().is_empty());
        assert_eq!(s, before);
    }

    #[test]
    fn long_statements_are_cut_and_counted() {
        let mut s = statement(2000); // 90 kB, 2,000 mentions
        let full = s.text.len();
        let cut = s.bound();
        assert_eq!(s.text.len(), MAX_STATEMENT_BYTES);
        assert_eq!(cut.texts, 1);
        assert_eq!(cut.text_bytes, full - MAX_STATEMENT_BYTES);
        assert_eq!(s.end - s.start, s.text.len() as i32);
        assert_eq!(s.entities.len(), MAX_MENTIONS_PER_STATEMENT);
        assert_eq!(cut.mentions, 2000 - MAX_MENTIONS_PER_STATEMENT);
        assert_eq!(s.dates.len(), MAX_DATES_PER_STATEMENT);
        assert_eq!(cut.dates, 40 - MAX_DATES_PER_STATEMENT);
        for m in &s.entities {
            assert_eq!(&s.text[m.start as usize..m.end as usize], "harbour");
        }
        // Idempotent: a bounded statement is within every limit.
        assert!(s.bound().is_empty());
    }

    #[test]
    fn mentions_inside_removed_text_go_with_it() {
        // 100 repeats is 4,500 bytes: the mentions of the last repeats lie past the cut, and
        // are removed even though there are fewer than the cap.
        let mut s = statement(100);
        s.entities.drain(..60);
        let cut = s.bound();
        assert!(s
            .entities
            .iter()
            .all(|m| m.end as usize <= MAX_STATEMENT_BYTES));
        assert_eq!(cut.mentions + s.entities.len(), 40);
        assert!(cut.mentions > 0);
    }

    #[test]
    fn text_is_cut_on_a_character_boundary() {
        let mut s = statement(0);
        s.text = "Ж".repeat(MAX_STATEMENT_BYTES); // two bytes each
        s.text.insert(0, 'a'); // shifts every boundary by one
        s.bound();
        assert!(s.text.len() <= MAX_STATEMENT_BYTES);
        assert!(s.text.len() >= MAX_STATEMENT_BYTES - 1);
        assert!(s.text.ends_with('Ж'));
    }

    #[test]
    fn alerts_keep_bounded_highlights() {
        let long = "Cranes idle. ".repeat(1000);
        let mut a: Alert = serde_json::from_value(serde_json::json!({
            "alert_id": "a", "watch_topic_id": "t", "watch_topic_version": 1,
            "severity": "info", "article_id": "x", "article_url": "http://h/x",
            "article_title": null, "source_id": "s", "published_at": null,
            "matched_claims": [], "matched_terms": [], "explanation": "",
            "fired_at": 0, "fetched_at": 0
        }))
        .unwrap();
        a.matched_claims.push(MatchedClaim {
            claim_id: "c".into(),
            text: long.clone(),
            speaker: None,
            cue: None,
            hedged: false,
        });
        a.highlights = (0..1000usize)
            .map(|i| Highlight {
                claim_id: "c".into(),
                term: "crane*".into(),
                start: (i * 13) as i32,
                end: (i * 13 + 6) as i32,
            })
            .collect();
        a.highlights.push(Highlight {
            claim_id: "no-such-claim".into(),
            term: "x".into(),
            start: 0,
            end: 1,
        });
        let cut = a.bound();
        assert_eq!(a.matched_claims[0].text.len(), MAX_STATEMENT_BYTES);
        assert_eq!(a.highlights.len(), MAX_HIGHLIGHTS_PER_ALERT);
        assert_eq!(cut.highlights, 1001 - MAX_HIGHLIGHTS_PER_ALERT);
        assert_eq!(cut.text_bytes, long.len() - MAX_STATEMENT_BYTES);
        assert!(a.bound().is_empty());
    }
}
