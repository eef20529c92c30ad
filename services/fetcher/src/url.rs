//! URL canonicalisation lives in `claimwatch-fetch`; re-exported here for existing callers.

pub use claimwatch_fetch::url::{canonical_allowed, canonicalize, host_key, resolve};
