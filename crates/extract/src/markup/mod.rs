//! The markup before the tree: what happens to an HTML page between decoding and the DOM.
//!
//! - [`elements`]: the tables of element names (one lookup per tag) and of the `<meta>` keys
//!   extraction reads, shared by the passes below and by metadata extraction (`html_article`);
//! - [`scan`]: the pre-parse tag scanner the two passes below are written over;
//! - [`slim`]: the slimming policy, what extraction never reads and is dropped before parsing;
//! - [`depth`]: the guard that flattens pathologically deep nesting;
//! - [`tokenizer`]: a fast tokenizer for the slimmed markup, feeding html5ever's tree builder.

pub(crate) mod depth;
pub(crate) mod elements;
pub(crate) mod scan;
pub(crate) mod slim;
pub(crate) mod tokenizer;

#[cfg(test)]
pub(crate) use elements::separates_text;
