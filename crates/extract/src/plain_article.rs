//! Plain text: the first non-empty line is the title, blank lines separate paragraphs.

use crate::chars::{has_word_char, normalize_ws, push_within_budget, truncate_at_char};

const MAX_TITLE_BYTES: usize = 1000;

#[derive(Debug, Default)]
pub(crate) struct PlainArticle {
    pub title: Option<String>,
    pub paragraphs: Vec<String>,
}

pub(crate) fn extract_plain(text: &str, max_text_bytes: usize) -> PlainArticle {
    // Blocks of consecutive non-blank lines.
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }

    let mut title = None;
    if let Some(first) = blocks.first_mut() {
        // Markdown-style "# Title" loses its hashes.
        let mut t = normalize_ws(first[0].trim_start().trim_start_matches('#'));
        truncate_at_char(&mut t, MAX_TITLE_BYTES);
        if has_word_char(&t) {
            title = Some(t);
            // The title line is not repeated in the text, unless it is all there is.
            if blocks.len() > 1 || blocks[0].len() > 1 {
                blocks[0].remove(0);
            }
        }
    }

    let mut paragraphs = Vec::new();
    let mut used = 0usize;
    for block in blocks.iter().filter(|b| !b.is_empty()) {
        let p = normalize_ws(&block.join(" "));
        if !has_word_char(&p) {
            continue;
        }
        if !push_within_budget(&mut paragraphs, p, &mut used, max_text_bytes) {
            break;
        }
    }
    PlainArticle { title, paragraphs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_paragraphs() {
        let a = extract_plain(
            "\n\n  Headline here  \n\nFirst para\ncontinues.\r\n\r\nSecond.\n",
            1 << 20,
        );
        assert_eq!(a.title.as_deref(), Some("Headline here"));
        assert_eq!(a.paragraphs, ["First para continues.", "Second."]);
    }

    #[test]
    fn title_line_followed_directly_by_text() {
        let a = extract_plain("# Headline\nBody line one.\nBody line two.", 1 << 20);
        assert_eq!(a.title.as_deref(), Some("Headline"));
        assert_eq!(a.paragraphs, ["Body line one. Body line two."]);
    }

    #[test]
    fn single_line_is_title_and_text() {
        let a = extract_plain("Just one line.", 1 << 20);
        assert_eq!(a.title.as_deref(), Some("Just one line."));
        assert_eq!(a.paragraphs, ["Just one line."]);
    }

    #[test]
    fn blank_input() {
        let a = extract_plain(" \n\t\n", 1 << 20);
        assert_eq!(a.title, None);
        assert!(a.paragraphs.is_empty());
    }
}
