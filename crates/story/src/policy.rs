//! What to do with a match: fire, fire an update, hold for a digest, or drop as a duplicate.
//!
//! Per watch topic, the policy keeps the recent *stories* the topic fired on. An article whose
//! main-text signature is similar enough to a story's is another copy of that story (syndicated
//! or lightly edited, at any URL or source). A topic fires once per story; a later copy fires an
//! `update` only when it adds claims the story did not have, or comes from a new source whose
//! claims are attributed to someone the story had not quoted (an independent source, not a
//! re-publication). Then the topic's throttle (at most N alerts per window) and digest mode
//! (collect everything, deliver one summary per period) decide whether the alert goes out now or
//! is held in the topic's pending digest.
//!
//! The state is a set of small records (one per story, one per topic for the rate and digest),
//! each keyed and serialised here, so the service can write the changed ones to a compacted
//! changelog topic in the same transaction as its alerts and restore them at start.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::minhash::similarity;

/// Tunables (the service exposes them as configuration).
#[derive(Debug, Clone)]
pub struct Settings {
    /// A story is forgotten this long after its last copy was fetched.
    pub story_window_ms: i64,
    /// Estimated Jaccard similarity of main texts at or above which two articles are one story.
    pub threshold: f64,
    /// Most stories remembered per topic within the story window (the least recently seen go
    /// first). A topic that reaches it forgets stories that are still inside the window, so a
    /// late copy of one may fire again: [`Policy::take_evictions`] counts those evictions.
    pub max_stories: usize,
    /// Most claim keys, sources, origins and articles remembered per story.
    pub max_items_per_story: usize,
    /// Most alerts listed in one digest; the rest are counted.
    pub max_digest_items: usize,
    /// How long an alert id is remembered after it fired (or was held for a digest): the same
    /// id within it is never produced again. Longer than the story window, so a replay of old
    /// input does not fire again either.
    pub fired_ttl_ms: i64,
}

/// Default [`Settings::max_stories`]: a busy topic (a story every few minutes, all day, over a
/// 72-hour window) stays under it. Each story costs about 1-3 KB of memory.
pub const DEFAULT_MAX_STORIES: usize = 2_000;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            story_window_ms: 72 * 3600 * 1000,
            threshold: 0.5,
            max_stories: DEFAULT_MAX_STORIES,
            max_items_per_story: 128,
            max_digest_items: 100,
            fired_ttl_ms: 7 * 24 * 3600 * 1000,
        }
    }
}

/// A topic's delivery rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    /// At most `.0` alerts per `.1` seconds.
    pub throttle: Option<(u32, u64)>,
    /// Deliver one digest every this many seconds instead of single alerts.
    pub digest_secs: Option<u64>,
}

/// An article that matched a topic.
#[derive(Debug, Clone, Copy)]
pub struct Copy<'a> {
    pub article_id: &'a str,
    pub source_id: &'a str,
    /// MinHash signature of the article's main text (may be empty: then it is its own story).
    pub signature: &'a [i32],
    /// Texts of the matched claims.
    pub claims: &'a [&'a str],
    /// Outermost speakers of the matched claims (who the article attributes them to).
    pub origins: &'a [&'a str],
    /// When the article was fetched (event time of the story window).
    pub event_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The first alert of a story.
    Alert,
    /// A later copy that adds claims or an independent source.
    Update,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Alert => "alert",
            Kind::Update => "update",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Deliver now.
    Fire { kind: Kind, story_id: String },
    /// Put into the topic's pending digest (call [`Policy::hold`]).
    Hold {
        kind: Kind,
        story_id: String,
        reason: &'static str,
        due_ms: i64,
    },
    /// Nothing new: the story (or this very article) was already alerted.
    Duplicate {
        story_id: String,
        reason: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub signature: Vec<i32>,
    /// Word sets of the story's claims ([`claim_words`]).
    pub claims: Vec<Vec<u32>>,
    pub sources: Vec<String>,
    pub origins: Vec<String>,
    pub articles: Vec<String>,
    pub first_ms: i64,
    pub last_ms: i64,
}

/// One alert listed in a digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestItem {
    pub alert_id: String,
    pub kind: Kind,
    pub story_id: String,
    pub article_id: String,
    pub article_url: String,
    pub article_title: Option<String>,
    pub source_id: String,
    pub published_at: Option<i64>,
    pub claims: u32,
}

/// Alerts held for a topic until `due_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingDigest {
    pub opened_ms: i64,
    pub due_ms: i64,
    /// `digest` or `throttle`.
    pub reason: String,
    pub items: Vec<DigestItem>,
    /// Items beyond [`Settings::max_digest_items`].
    pub more: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Rate {
    window_start_ms: i64,
    fired: u32,
    digest: Option<PendingDigest>,
}

#[derive(Debug, Clone, Default)]
struct TopicState {
    stories: BTreeMap<String, Story>,
    rate: Rate,
    /// Alert ids fired or held, with when.
    fired: BTreeMap<String, i64>,
}

/// One record of a topic's state: the unit of the changelog and of the journal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Rate,
    Story(String),
    Fired(String),
}

/// A record's value before a transaction changed it.
#[derive(Debug, Clone)]
enum Before {
    Story(Option<Story>),
    Rate(Rate),
    Fired(Option<i64>),
}

/// The policy state of every topic, with the keys changed since the last [`Policy::take_changes`].
#[derive(Debug, Clone, Default)]
pub struct Policy {
    settings: Settings,
    topics: BTreeMap<String, TopicState>,
    dirty: BTreeSet<(String, Key)>,
    /// Between [`Policy::begin`] and [`Policy::commit`]: each changed record as it was before,
    /// for [`Policy::rollback`].
    journal: Option<BTreeMap<(String, Key), Before>>,
    /// Stories forgotten inside their window because a topic hit `max_stories`.
    evicted_in_window: u64,
}

/// Marks the hash of a token with a digit in it (a number, a date, a resolution number).
const NUMBER_BIT: u32 = 0x8000_0000;

/// The distinct words of a claim, lowercased and hashed (FNV-1a, 31 bits), sorted. Tokens with
/// a digit carry [`NUMBER_BIT`]: a claim that changes a figure is news.
pub fn claim_words(text: &str) -> Vec<u32> {
    let mut out: Vec<u32> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut h = 0x811c_9dc5u32;
            for c in w.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    h ^= u32::from(b);
                    h = h.wrapping_mul(0x0100_0193);
                }
            }
            if w.chars().any(|c| c.is_numeric()) {
                h | NUMBER_BIT
            } else {
                h & !NUMBER_BIT
            }
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Share of `new`'s words that `old` has (both sorted).
fn containment(new: &[u32], old: &[u32]) -> f64 {
    if new.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < new.len() && j < old.len() {
        match new[i].cmp(&old[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / new.len() as f64
}

/// A claim is already known to a story when one of the story's claims has at least this share
/// of its words, and every number it states: a credit line, a reworded verb or a trimmed clause
/// is not news, a changed figure or date is.
pub const KNOWN_CLAIM_CONTAINMENT: f64 = 0.8;

fn is_known(claim: &[u32], story: &[Vec<u32>]) -> bool {
    story.iter().any(|old| {
        containment(claim, old) >= KNOWN_CLAIM_CONTAINMENT
            && claim
                .iter()
                .filter(|w| *w & NUMBER_BIT != 0)
                .all(|n| old.binary_search(n).is_ok())
    })
}

/// Note that a record of `topic` is about to change: journal its value before the first change
/// in a transaction, and mark it for the changelog.
fn touch(
    topics: &BTreeMap<String, TopicState>,
    journal: &mut Option<BTreeMap<(String, Key), Before>>,
    dirty: &mut BTreeSet<(String, Key)>,
    topic: &str,
    key: Key,
) {
    if let Some(journal) = journal {
        journal
            .entry((topic.to_string(), key.clone()))
            .or_insert_with(|| {
                let state = topics.get(topic);
                match &key {
                    Key::Story(id) => Before::Story(state.and_then(|s| s.stories.get(id)).cloned()),
                    Key::Rate => Before::Rate(state.map(|s| s.rate.clone()).unwrap_or_default()),
                    Key::Fired(id) => Before::Fired(state.and_then(|s| s.fired.get(id)).copied()),
                }
            });
    }
    dirty.insert((topic.to_string(), key));
}

fn push_bounded<T: PartialEq>(v: &mut Vec<T>, item: T, max: usize) {
    if !v.contains(&item) && v.len() < max {
        v.push(item);
    }
}

impl Policy {
    pub fn new(settings: Settings) -> Policy {
        Policy {
            settings,
            ..Policy::default()
        }
    }

    /// Start recording changes so that [`Policy::rollback`] can undo them (a transaction).
    pub fn begin(&mut self) {
        self.journal = Some(BTreeMap::new());
    }

    /// Keep the changes made since [`Policy::begin`].
    pub fn commit(&mut self) {
        self.journal = None;
    }

    /// Undo every change made since [`Policy::begin`]. Without a `begin`, nothing happens.
    pub fn rollback(&mut self) {
        for ((topic, key), before) in self.journal.take().unwrap_or_default() {
            let state = self.topics.entry(topic).or_default();
            match (key, before) {
                (Key::Story(id), Before::Story(Some(story))) => {
                    state.stories.insert(id, story);
                }
                (Key::Story(id), Before::Story(None)) => {
                    state.stories.remove(&id);
                }
                (Key::Fired(id), Before::Fired(Some(ms))) => {
                    state.fired.insert(id, ms);
                }
                (Key::Fired(id), Before::Fired(None)) => {
                    state.fired.remove(&id);
                }
                (_, Before::Rate(rate)) => state.rate = rate,
                _ => {}
            }
        }
        self.dirty.clear();
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Stories remembered for a topic.
    pub fn stories(&self, topic: &str) -> usize {
        self.topics.get(topic).map_or(0, |t| t.stories.len())
    }

    /// The pending digest of a topic, if any.
    pub fn pending(&self, topic: &str) -> Option<&PendingDigest> {
        self.topics.get(topic).and_then(|t| t.rate.digest.as_ref())
    }

    /// Whether an alert id of `topic` fired (or was held) within [`Settings::fired_ttl_ms`].
    pub fn has_fired(&self, topic: &str, alert_id: &str) -> bool {
        self.topics
            .get(topic)
            .is_some_and(|t| t.fired.contains_key(alert_id))
    }

    /// Remember that an alert id of `topic` fired (or was held for a digest) at `now_ms`.
    pub fn mark_fired(&mut self, topic: &str, alert_id: &str, now_ms: i64) {
        if self.has_fired(topic, alert_id) {
            return;
        }
        let key = Key::Fired(alert_id.to_string());
        touch(&self.topics, &mut self.journal, &mut self.dirty, topic, key);
        let state = self.topics.entry(topic.to_string()).or_default();
        state.fired.insert(alert_id.to_string(), now_ms);
    }

    /// Forget alert ids older than [`Settings::fired_ttl_ms`] (their deletions are changes);
    /// returns how many went. Cheap enough to call about once a minute.
    pub fn expire_fired(&mut self, now_ms: i64) -> usize {
        let horizon = now_ms - self.settings.fired_ttl_ms;
        let old: Vec<(String, String)> = self
            .topics
            .iter()
            .flat_map(|(t, s)| {
                s.fired
                    .iter()
                    .filter(|(_, ms)| **ms < horizon)
                    .map(move |(id, _)| (t.clone(), id.clone()))
            })
            .collect();
        for (topic, id) in &old {
            touch(
                &self.topics,
                &mut self.journal,
                &mut self.dirty,
                topic,
                Key::Fired(id.clone()),
            );
            if let Some(s) = self.topics.get_mut(topic) {
                s.fired.remove(id);
            }
        }
        old.len()
    }

    /// Stories forgotten inside their window since the last call, because a topic held
    /// [`Settings::max_stories`] (the service counts and logs them).
    pub fn take_evictions(&mut self) -> u64 {
        std::mem::take(&mut self.evicted_in_window)
    }

    fn touch(&mut self, topic: &str, key: Key) {
        touch(&self.topics, &mut self.journal, &mut self.dirty, topic, key);
    }

    /// Decide about one article that matched `topic`, and remember it.
    pub fn decide(&mut self, topic: &str, rules: Rules, copy: &Copy<'_>, now_ms: i64) -> Verdict {
        let settings = self.settings.clone();

        // Forget stories that left the window, then the least recently seen beyond the cap.
        let horizon = copy.event_ms - settings.story_window_ms;
        let (mut gone, live) = match self.topics.get(topic) {
            None => (Vec::new(), 0),
            Some(state) => {
                let gone: Vec<String> = state
                    .stories
                    .values()
                    .filter(|s| s.last_ms < horizon)
                    .map(|s| s.id.clone())
                    .collect();
                let live = state.stories.len() - gone.len();
                (gone, live)
            }
        };
        if live >= settings.max_stories {
            let state = &self.topics[topic];
            let mut by_age: Vec<(i64, &String)> = state
                .stories
                .values()
                .filter(|s| s.last_ms >= horizon)
                .map(|s| (s.last_ms, &s.id))
                .collect();
            by_age.sort();
            let excess = live + 1 - settings.max_stories;
            let evicted: Vec<String> = by_age
                .into_iter()
                .take(excess)
                .map(|(_, id)| id.clone())
                .collect();
            self.evicted_in_window += evicted.len() as u64;
            gone.extend(evicted);
        }
        for id in gone {
            self.touch(topic, Key::Story(id.clone()));
            if let Some(state) = self.topics.get_mut(topic) {
                state.stories.remove(&id);
            }
        }

        let keys: Vec<Vec<u32>> = copy.claims.iter().map(|c| claim_words(c)).collect();
        let best = self.topics.get(topic).and_then(|state| {
            state
                .stories
                .values()
                .filter(|s| s.articles.iter().any(|a| a == copy.article_id))
                .map(|s| (1.0, s.id.clone()))
                .next()
                .or_else(|| {
                    state
                        .stories
                        .values()
                        .map(|s| (similarity(&s.signature, copy.signature), s.id.clone()))
                        .filter(|(sim, _)| *sim >= settings.threshold)
                        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
                })
        });
        let max = settings.max_items_per_story;
        let (kind, story_id) = match best {
            None => {
                let mut story = Story {
                    id: copy.article_id.to_string(),
                    signature: copy.signature.to_vec(),
                    claims: Vec::new(),
                    sources: vec![copy.source_id.to_string()],
                    origins: Vec::new(),
                    articles: vec![copy.article_id.to_string()],
                    first_ms: copy.event_ms,
                    last_ms: copy.event_ms,
                };
                for k in keys {
                    push_bounded(&mut story.claims, k, max);
                }
                for o in copy.origins {
                    push_bounded(&mut story.origins, o.to_lowercase(), max);
                }
                let id = story.id.clone();
                self.touch(topic, Key::Story(id.clone()));
                let state = self.topics.entry(topic.to_string()).or_default();
                state.stories.insert(id.clone(), story);
                (Kind::Alert, id)
            }
            Some((_, id)) => {
                self.touch(topic, Key::Story(id.clone()));
                let state = self.topics.entry(topic.to_string()).or_default();
                let story = state.stories.get_mut(&id).expect("found above");
                let same_article = story.articles.iter().any(|a| a == copy.article_id);
                let new_claims = keys.iter().any(|k| !is_known(k, &story.claims));
                let new_source = !story.sources.iter().any(|s| s == copy.source_id);
                let new_origin = copy
                    .origins
                    .iter()
                    .any(|o| !story.origins.contains(&o.to_lowercase()));
                for k in keys {
                    if !is_known(&k, &story.claims) {
                        push_bounded(&mut story.claims, k, max);
                    }
                }
                push_bounded(&mut story.sources, copy.source_id.to_string(), max);
                for o in copy.origins {
                    push_bounded(&mut story.origins, o.to_lowercase(), max);
                }
                push_bounded(&mut story.articles, copy.article_id.to_string(), max);
                story.last_ms = story.last_ms.max(copy.event_ms);
                if same_article {
                    return Verdict::Duplicate {
                        story_id: id,
                        reason: "already_fired",
                    };
                }
                if !(new_claims || (new_source && new_origin)) {
                    return Verdict::Duplicate {
                        story_id: id,
                        reason: "duplicate_story",
                    };
                }
                (Kind::Update, id)
            }
        };

        if let Some(secs) = rules.digest_secs {
            let due_ms = match self.topics.get(topic).and_then(|s| s.rate.digest.as_ref()) {
                Some(d) => d.due_ms,
                None => now_ms + secs as i64 * 1000,
            };
            return Verdict::Hold {
                kind,
                story_id,
                reason: "digest",
                due_ms,
            };
        }
        if let Some((max_alerts, window_secs)) = rules.throttle {
            self.touch(topic, Key::Rate);
            let rate = &mut self.topics.entry(topic.to_string()).or_default().rate;
            let window_ms = window_secs as i64 * 1000;
            if rate.fired == 0 || now_ms >= rate.window_start_ms + window_ms {
                rate.window_start_ms = now_ms;
                rate.fired = 0;
            }
            if rate.fired >= max_alerts {
                return Verdict::Hold {
                    kind,
                    story_id,
                    reason: "throttle",
                    due_ms: rate.window_start_ms + window_ms,
                };
            }
            rate.fired += 1;
        }
        Verdict::Fire { kind, story_id }
    }

    /// Add an alert to the topic's pending digest (after a [`Verdict::Hold`]).
    pub fn hold(&mut self, topic: &str, reason: &str, due_ms: i64, now_ms: i64, item: DigestItem) {
        let max = self.settings.max_digest_items;
        self.touch(topic, Key::Rate);
        let state = self.topics.entry(topic.to_string()).or_default();
        let digest = state.rate.digest.get_or_insert_with(|| PendingDigest {
            opened_ms: now_ms,
            due_ms,
            reason: reason.to_string(),
            items: Vec::new(),
            more: 0,
        });
        if digest.items.iter().any(|i| i.alert_id == item.alert_id) {
            return;
        }
        if digest.items.len() < max {
            digest.items.push(item);
        } else {
            digest.more += 1;
        }
    }

    /// Remove and return the digests due at `now_ms`, by topic id.
    pub fn due(&mut self, now_ms: i64) -> Vec<(String, PendingDigest)> {
        let due: Vec<String> = self
            .topics
            .iter()
            .filter(|(_, s)| s.rate.digest.as_ref().is_some_and(|d| d.due_ms <= now_ms))
            .map(|(t, _)| t.clone())
            .collect();
        let mut out = Vec::new();
        for topic in due {
            self.touch(&topic, Key::Rate);
            if let Some(d) = self
                .topics
                .get_mut(&topic)
                .and_then(|s| s.rate.digest.take())
            {
                out.push((topic, d));
            }
        }
        out
    }

    /// The earliest time a pending digest falls due.
    pub fn next_due(&self) -> Option<i64> {
        self.topics
            .values()
            .filter_map(|s| s.rate.digest.as_ref().map(|d| d.due_ms))
            .min()
    }

    /// The records changed since the last call: `(key, Some(json))` to write, `(key, None)` to
    /// delete. Keys are `<topic>/story/<story id>`, `<topic>/rate` and
    /// `<topic>/fired/<alert id>`.
    pub fn take_changes(&mut self) -> Vec<(String, Option<Vec<u8>>)> {
        let dirty = std::mem::take(&mut self.dirty);
        dirty
            .into_iter()
            .map(|(topic, key)| {
                let state = self.topics.get(&topic);
                match key {
                    Key::Story(id) => {
                        let value = state
                            .and_then(|s| s.stories.get(&id))
                            .map(|s| serde_json::to_vec(s).expect("plain data serialises"));
                        (format!("{topic}/story/{id}"), value)
                    }
                    Key::Rate => {
                        let value = state.map(|s| serde_json::to_vec(&s.rate).expect("plain data"));
                        (format!("{topic}/rate"), value)
                    }
                    Key::Fired(id) => {
                        let value = state
                            .and_then(|s| s.fired.get(&id))
                            .map(|ms| ms.to_string().into_bytes());
                        (format!("{topic}/fired/{id}"), value)
                    }
                }
            })
            .collect()
    }

    /// Restore one record written by [`Policy::take_changes`].
    pub fn restore(&mut self, key: &str, value: Option<&[u8]>) -> Result<(), String> {
        let (topic, rest) = key
            .split_once('/')
            .ok_or_else(|| format!("state key `{key}` has no topic"))?;
        let state = self.topics.entry(topic.to_string()).or_default();
        if rest == "rate" {
            state.rate = match value {
                Some(v) => serde_json::from_slice(v).map_err(|e| format!("{key}: {e}"))?,
                None => Rate::default(),
            };
            return Ok(());
        }
        if let Some(id) = rest.strip_prefix("fired/") {
            match value {
                Some(v) => {
                    let ms = std::str::from_utf8(v)
                        .ok()
                        .and_then(|v| v.parse::<i64>().ok())
                        .ok_or_else(|| format!("{key}: not a time in milliseconds"))?;
                    state.fired.insert(id.to_string(), ms);
                }
                None => {
                    state.fired.remove(id);
                }
            }
            return Ok(());
        }
        let id = rest.strip_prefix("story/").ok_or_else(|| {
            format!("state key `{key}` is neither a story, a rate nor a fired id")
        })?;
        match value {
            Some(v) => {
                let story: Story = serde_json::from_slice(v).map_err(|e| format!("{key}: {e}"))?;
                state.stories.insert(id.to_string(), story);
            }
            None => {
                state.stories.remove(id);
            }
        }
        Ok(())
    }
}
