//! Deterministic identifiers. Each is a hex prefix of a SHA-256 over length-prefixed fields, so
//! reprocessing the same input always yields the same id, and no two field splits collide.

use sha2::{Digest, Sha256};

/// Hex SHA-256 of arbitrary bytes (content hashes).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn hash_fields(domain: &str, fields: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    h.update(domain.as_bytes());
    for f in fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f);
    }
    // 128 bits are plenty to avoid collisions at any realistic volume and keep keys short.
    hex::encode(&h.finalize()[..16])
}

/// Id of an article: a hash of its canonical URL.
pub fn article_id(canonical_url: &str) -> String {
    hash_fields("article", &[canonical_url.as_bytes()])
}

/// Id of a claim: article, sentence position and the claim text.
pub fn claim_id(article_id: &str, sentence_index: i32, text: &str) -> String {
    hash_fields(
        "claim",
        &[
            article_id.as_bytes(),
            &sentence_index.to_be_bytes(),
            text.as_bytes(),
        ],
    )
}

/// Id of an alert: one per (watch topic, topic version, article).
pub fn alert_id(watch_topic_id: &str, watch_topic_version: i32, article_id: &str) -> String {
    hash_fields(
        "alert",
        &[
            watch_topic_id.as_bytes(),
            &watch_topic_version.to_be_bytes(),
            article_id.as_bytes(),
        ],
    )
}

/// Id of an alert written by `claimwatch backfill`: distinct from the live alert for the same
/// (topic, version, article), and the same on every rerun of the backfill.
pub fn backfill_alert_id(
    watch_topic_id: &str,
    watch_topic_version: i32,
    article_id: &str,
) -> String {
    hash_fields(
        "backfill-alert",
        &[
            watch_topic_id.as_bytes(),
            &watch_topic_version.to_be_bytes(),
            article_id.as_bytes(),
        ],
    )
}

/// Id of a digest alert: one per (topic, version, the alerts it lists).
pub fn digest_alert_id(watch_topic_id: &str, watch_topic_version: i32, items: &[&str]) -> String {
    let mut fields: Vec<&[u8]> = vec![watch_topic_id.as_bytes()];
    let v = watch_topic_version.to_be_bytes();
    fields.push(&v);
    fields.extend(items.iter().map(|i| i.as_bytes()));
    hash_fields("digest", &fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_and_distinct() {
        let a = article_id("https://example.org/a");
        assert_eq!(a, article_id("https://example.org/a"));
        assert_ne!(a, article_id("https://example.org/b"));
        assert_eq!(a.len(), 32);
        assert_eq!(claim_id(&a, 1, "x"), claim_id(&a, 1, "x"));
        assert_ne!(claim_id(&a, 1, "x"), claim_id(&a, 2, "x"));
        assert_ne!(alert_id("t", 1, &a), alert_id("t", 2, &a));
    }

    #[test]
    fn field_boundaries_do_not_collide() {
        assert_ne!(alert_id("ab", 1, "c"), alert_id("a", 1, "bc"));
    }
}
