//! The markup before the tree: what happens to an HTML page between decoding and the DOM.
//!
//! - [`slim`]: the slimming policy, what extraction never reads and is dropped before parsing;
//! - [`tokenizer`]: a fast tokenizer for the slimmed markup, feeding html5ever's tree builder.

pub(crate) mod slim;
pub(crate) mod tokenizer;
