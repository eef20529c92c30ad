//! Users' entities as an event log.
//!
//! Users extend the shipped dictionary with their own entities (a company, a vessel, a
//! disease) or change shipped ones. Each change is a record of the compacted topic
//! `claimwatch.entities.v1`, keyed by entity id, whose value is a dictionary document holding
//! exactly that one `[[entity]]` (the same TOML as `entities.toml`, so one validator serves
//! both); a tombstone (empty value) removes the entity, shipped or not. Folding the log over
//! the shipped dictionary gives the current one: this module is that fold, with no Kafka in it.

use std::collections::BTreeMap;

use crate::dictionary::{EntityDictionary, Layer, Source};
use crate::error::DictionaryError;

/// The users' changes, by entity id: `Some(document)` adds or replaces, `None` removes.
#[derive(Debug, Clone, Default)]
pub struct EntityLog {
    changes: BTreeMap<String, Option<String>>,
}

impl EntityLog {
    pub fn new() -> EntityLog {
        EntityLog::default()
    }

    /// Apply one record. A document must hold exactly one entity whose id is the key (checked
    /// here); whether its aliases collide with other entities is checked when the dictionary
    /// is compiled ([`EntityLog::apply_checked`]). Returns whether anything changed.
    pub fn apply(&mut self, key: &str, value: Option<&str>) -> Result<bool, String> {
        let value = value.filter(|v| !v.trim().is_empty());
        if let Some(doc) = value {
            check_document(key, doc)?;
        }
        let new = value.map(str::to_string);
        if self.changes.get(key) == Some(&new) {
            return Ok(false);
        }
        self.changes.insert(key.to_string(), new);
        Ok(true)
    }

    /// Apply one record and compile the result: on any error the record is undone and the
    /// error returned. `Ok(None)` when the record changed nothing.
    pub fn apply_checked(
        &mut self,
        key: &str,
        value: Option<&str>,
    ) -> Result<Option<EntityDictionary>, String> {
        let before = self.changes.get(key).cloned();
        if !self.apply(key, value)? {
            return Ok(None);
        }
        match self.dictionary() {
            Ok(d) => Ok(Some(d)),
            Err(e) => {
                match before {
                    Some(b) => self.changes.insert(key.to_string(), b),
                    None => self.changes.remove(key),
                };
                Err(e.to_string())
            }
        }
    }

    /// The user layer's version: `user-` and a hash of the current changes (the same on every
    /// instance that read the same log, and after compaction); empty without changes.
    pub fn version(&self) -> String {
        if self.changes.is_empty() {
            return String::new();
        }
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (k, v) in &self.changes {
            for b in k
                .bytes()
                .chain([0u8])
                .chain(v.as_deref().unwrap_or("\u{1}").bytes())
                .chain([0u8])
            {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("user-{:012x}", h >> 16)
    }

    /// Current document per added or changed entity id.
    pub fn documents(&self) -> impl Iterator<Item = (&str, &str)> {
        self.changes
            .iter()
            .filter_map(|(k, v)| v.as_deref().map(|d| (k.as_str(), d)))
    }

    /// Ids the users removed.
    pub fn removed(&self) -> Vec<String> {
        self.changes
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The user layer as one dictionary document.
    pub fn user_document(&self) -> String {
        let mut doc = format!("version = \"{}\"\n", self.version());
        for (_, d) in self.documents() {
            doc.push('\n');
            doc.push_str(d);
            doc.push('\n');
        }
        doc
    }

    /// The shipped dictionary with the users' changes layered on it.
    pub fn dictionary(&self) -> Result<EntityDictionary, DictionaryError> {
        self.compile(EntityDictionary::from_sources)
    }

    /// [`EntityLog::dictionary`] for resolving names only
    /// ([`EntityDictionary::names_from_sources`]).
    pub fn names_dictionary(&self) -> Result<EntityDictionary, DictionaryError> {
        self.compile(EntityDictionary::names_from_sources)
    }

    fn compile(
        &self,
        how: fn(&[Source<'_>], &[String]) -> Result<EntityDictionary, DictionaryError>,
    ) -> Result<EntityDictionary, DictionaryError> {
        let user = self.user_document();
        let mut sources = EntityDictionary::builtin_sources();
        if !self.changes.is_empty() {
            sources.push(Source {
                name: "entity log",
                toml: &user,
                layer: Layer::Override,
            });
        }
        how(&sources, &self.removed())
    }

    /// [`EntityLog::dictionary`], leaving out (and returning) the changes that keep it from
    /// compiling, newest key order last: used at start, so one bad record cannot stop a
    /// service.
    pub fn dictionary_lenient(&mut self) -> (EntityDictionary, Vec<(String, String)>) {
        self.lenient(EntityDictionary::from_sources)
    }

    /// [`EntityLog::dictionary_lenient`] for resolving names only.
    pub fn names_dictionary_lenient(&mut self) -> (EntityDictionary, Vec<(String, String)>) {
        self.lenient(EntityDictionary::names_from_sources)
    }

    fn lenient(
        &mut self,
        how: fn(&[Source<'_>], &[String]) -> Result<EntityDictionary, DictionaryError>,
    ) -> (EntityDictionary, Vec<(String, String)>) {
        let mut dropped = Vec::new();
        loop {
            match self.compile(how) {
                Ok(d) => return (d, dropped),
                Err(e) => {
                    // Find a change without which the dictionary compiles.
                    let keys: Vec<String> = self.changes.keys().cloned().collect();
                    let culprit = keys.iter().rev().find(|k| {
                        let mut trial = self.clone();
                        trial.changes.remove(*k);
                        trial.compile(how).is_ok()
                    });
                    let k = culprit
                        .cloned()
                        .unwrap_or_else(|| keys[keys.len() - 1].clone());
                    self.changes.remove(&k);
                    dropped.push((k, e.to_string()));
                    if self.changes.is_empty() {
                        if let Ok(d) = self.compile(how) {
                            return (d, dropped);
                        }
                    }
                }
            }
        }
    }
}

/// A record's document: parses as a dictionary document with exactly one entity, whose id is
/// `key`.
pub fn check_document(key: &str, doc: &str) -> Result<(), String> {
    #[derive(serde::Deserialize)]
    struct Ids {
        #[serde(default)]
        entity: Vec<IdOnly>,
    }
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: String,
    }
    let ids: Ids = toml::from_str(doc).map_err(|e| format!("not a dictionary document: {e}"))?;
    match ids.entity.as_slice() {
        [one] if one.id == key => Ok(()),
        [one] => Err(format!(
            "record key `{key}` does not match the entity id `{}`",
            one.id
        )),
        other => Err(format!(
            "an entity record must hold exactly one [[entity]], found {}",
            other.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACME: &str = "[[entity]]\nid = \"acme-shipping\"\nkind = \"company\"\naliases = { en = [\"Acme Shipping\", \"Acme Line\"] }\n";

    fn ids(d: &EntityDictionary, t: &str) -> Vec<String> {
        d.find(t).into_iter().map(|m| m.id).collect()
    }

    #[test]
    fn records_add_replace_and_remove_entities() {
        let mut log = EntityLog::new();
        assert!(log.apply("acme-shipping", Some(ACME)).unwrap());
        let d = log.dictionary().unwrap();
        assert_eq!(ids(&d, "Acme Line vessels"), ["acme-shipping"]);
        assert!(d.version().contains("+user-"), "{}", d.version());
        // The same record again changes nothing (a restart reads the log again).
        assert!(!log.apply("acme-shipping", Some(ACME)).unwrap());
        let v1 = log.version();
        let renamed = ACME.replace("Acme Line", "Acme Lines");
        assert!(log.apply("acme-shipping", Some(&renamed)).unwrap());
        assert_ne!(log.version(), v1);
        let d = log.dictionary().unwrap();
        assert!(ids(&d, "Acme Line vessels").is_empty());
        // Removing a shipped entity.
        assert!(log.apply("iran", None).unwrap());
        let d = log.dictionary().unwrap();
        assert!(ids(&d, "Iran said").is_empty());
        assert_eq!(log.removed(), ["iran"]);
    }

    #[test]
    fn bad_records_are_refused_and_change_nothing() {
        let mut log = EntityLog::new();
        assert!(log
            .apply("other-id", Some(ACME))
            .unwrap_err()
            .contains("does not match"));
        assert!(log.apply("x", Some("not toml [")).is_err());
        let two = format!("{ACME}\n{}", ACME.replace("acme-shipping", "b"));
        assert!(log
            .apply("acme-shipping", Some(&two))
            .unwrap_err()
            .contains("exactly one"));
        // An alias another entity owns compiles to an error, and the record is undone.
        let clash = "[[entity]]\nid = \"kremlin-watch\"\nkind = \"org\"\naliases = { en = [\"Kremlin\"] }\n";
        assert!(log.apply_checked("kremlin-watch", Some(clash)).is_err());
        assert!(log.documents().next().is_none());
        // At start, a bad record already in the log is left out instead of stopping the service.
        log.apply("kremlin-watch", Some(clash)).unwrap();
        log.apply("acme-shipping", Some(ACME)).unwrap();
        let (d, dropped) = log.dictionary_lenient();
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].0, "kremlin-watch");
        assert_eq!(
            ids(&d, "Acme Shipping and the Kremlin"),
            ["acme-shipping", "russia"]
        );
    }
}
