//! Story-level deduplication, throttling and digests for alerts: pure logic, no Kafka, no
//! async. `minhash` fingerprints an article's main text (the extractor stamps the signature on
//! every claim); `policy` decides, per watch topic, whether a match fires, fires an update, is
//! held for a digest, or is a duplicate of a story already alerted.

pub mod minhash;
pub mod policy;

pub use minhash::{signature, similarity, SIGNATURE_LEN, SIGNATURE_VERSION};
pub use policy::{
    claim_words, Copy, DigestItem, Kind, PendingDigest, Policy, Rules, Settings, Verdict,
};

#[cfg(test)]
mod tests;
