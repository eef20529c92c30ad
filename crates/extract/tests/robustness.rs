//! Hostile and degenerate inputs: never panic, always finish.

use std::time::{Duration, Instant};

use claimwatch_extract::{extract, Document, EntityDictionary, ExtractErrorKind, MAX_BODY_BYTES};

fn dict() -> std::sync::Arc<EntityDictionary> {
    EntityDictionary::shared().expect("builtin dictionary")
}

fn doc<'a>(body: &'a [u8], content_type: Option<&'a str>) -> Document<'a> {
    Document {
        body,
        content_type,
        declared_charset: None,
        url: "https://example.org/page",
        language_hint: None,
    }
}

/// Deterministic pseudo-random bytes (xorshift64*).
fn random_bytes(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        out.extend_from_slice(&seed.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Runs `f`, failing if it takes unreasonably long even for an unoptimised build.
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < Duration::from_secs(120), "{what} took {took:?}");
    out
}

#[test]
fn empty_bodies_are_empty() {
    let d = dict();
    for body in [&b""[..], b"   ", b"\n\r\n\t"] {
        assert_eq!(
            extract(&doc(body, None), &d).unwrap_err().kind,
            ExtractErrorKind::Empty
        );
    }
    for body in [
        "<html></html>",
        "<html><body><script>var x = 1;</script></body></html>",
        "<",
        "<<<<>>>>",
        "<!-- only a comment -->",
    ] {
        let r = extract(&doc(body.as_bytes(), Some("text/html")), &d);
        assert_eq!(r.unwrap_err().kind, ExtractErrorKind::Empty, "{body}");
    }
}

#[test]
fn random_binary_is_not_text() {
    let d = dict();
    for (i, len) in [16usize, 100, 1000, 8192, 100_000].into_iter().enumerate() {
        for seed in 1..=5u64 {
            let body = random_bytes(len, seed * 7919 + i as u64);
            for ct in [None, Some("application/octet-stream"), Some("text/html")] {
                let err = extract(&doc(&body, ct), &d).expect_err("binary must be rejected");
                assert_eq!(
                    err.kind,
                    ExtractErrorKind::NotText,
                    "len {len} seed {seed} ct {ct:?}"
                );
            }
        }
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(b"IHDR plus text-looking bytes");
    assert_eq!(
        extract(&doc(&png, None), &d).unwrap_err().kind,
        ExtractErrorKind::NotText
    );
    assert_eq!(
        extract(&doc(b"<p>text</p>", Some("image/jpeg")), &d)
            .unwrap_err()
            .kind,
        ExtractErrorKind::NotText
    );
}

#[test]
fn oversized_bodies_are_too_large() {
    let d = dict();
    let body = vec![b' '; MAX_BODY_BYTES + 1];
    assert_eq!(
        extract(&doc(&body, None), &d).unwrap_err().kind,
        ExtractErrorKind::TooLarge
    );
}

#[test]
fn invalid_utf8_and_legacy_charsets() {
    let d = dict();
    // windows-1251 "Россия" without any declaration: lossy, but no panic.
    let body = b"<p>\xD0\xEE\xF1\xF1\xE8\xFF and North Korea.</p>";
    let a = extract(&doc(body, None), &d).expect("lossy text still extracts");
    assert!(a.text.contains("North Korea"));
    // Declared: decoded properly, and the Cyrillic alias matches.
    let declared = Document {
        declared_charset: Some("windows-1251"),
        ..doc(body, None)
    };
    let a = extract(&declared, &d).unwrap();
    assert!(a.text.starts_with("Россия and North Korea."));
    let ids: Vec<&str> = claims(&a)[0]
        .entities
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(ids, ["russia", "north-korea"]);
    // UTF-16 with a BOM contains NUL bytes but is text.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "<p>Moscow said so.</p>".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let a = extract(&doc(&utf16, None), &d).unwrap();
    assert_eq!(a.text, "Moscow said so.");
    // Truncated multi-byte sequences at the end.
    let mut cut = "<p>Северная Корея".as_bytes().to_vec();
    cut.pop();
    assert!(extract(&doc(&cut, None), &d).is_ok());
}

#[test]
fn five_megabyte_page_finishes() {
    let d = dict();
    let mut html = String::from("<!doctype html><html lang=en><head><title>Big</title></head><body><nav><a href=/>Home</a></nav><article><h1>Big</h1>");
    let para = "<p>On June 7, the head of the agency, Lieutenant General Kyrylo Budanov, reported that North Korea agreed to send 6,000 workers to Russia. Officials in Moscow said the deal was likely to be signed. The weather was fine.</p>\n";
    while html.len() < 5 * 1024 * 1024 {
        html.push_str(para);
    }
    html.push_str("</article></body></html>");
    let a = timed("5 MB page", || {
        extract(&doc(html.as_bytes(), Some("text/html")), &d)
    })
    .unwrap();
    assert!(!claims(&a).is_empty());
    assert!(claims(&a).len() <= 10_000);
    assert_eq!(
        claims(&a)[0].speaker.as_deref(),
        Some("Lieutenant General Kyrylo Budanov")
    );
}

#[test]
fn hundred_thousand_levels_of_nesting_finish() {
    let d = dict();
    const N: usize = 100_000;
    let shapes: &[(&str, &str, &str)] = &[
        ("div", "<div>", "</div>"),
        ("span", "<span>", "</span>"),
        ("blockquote", "<blockquote>", "</blockquote>"),
        ("table", "<table><tr><td>", "</td></tr></table>"),
        ("list", "<ul><li>", "</li></ul>"),
        ("anchor", "<a href=x>", "</a>"),
        ("formatting", "<b><i><u>", "</u></i></b>"),
        ("svg", "<svg><g>", "</g></svg>"),
        ("div-unclosed", "<div class=x>", ""),
        ("p-div", "<p><div>", ""),
    ];
    for (name, open, close) in shapes {
        let mut html = String::with_capacity(N * (open.len() + close.len()) + 100);
        html.push_str("<html><body>");
        for _ in 0..N {
            html.push_str(open);
        }
        html.push_str("Deep inside, Moscow said North Korea agreed.");
        for _ in 0..N {
            html.push_str(close);
        }
        html.push_str("</body></html>");
        let r = timed(name, || {
            extract(&doc(html.as_bytes(), Some("text/html")), &d)
        });
        match r {
            Ok(a) => {
                assert!(
                    a.text.contains("Moscow said North Korea agreed."),
                    "{name}: {:?}",
                    a.text
                );
                assert!(a.text.len() < 10_000, "{name}");
                assert_eq!(claims(&a).len(), 1, "{name}");
            }
            // Text inside <svg> is not article text.
            Err(e) => assert!(
                *name == "svg" && e.kind == ExtractErrorKind::Empty,
                "{name}: {e}"
            ),
        }
    }
}

#[test]
fn degenerate_text_finishes() {
    let d = dict();
    // One enormous sentence, no punctuation, full of mentions.
    let mut s = String::new();
    while s.len() < 2 * 1024 * 1024 {
        s.push_str("Россия КНДР 북한의 US us Pyongyang ");
    }
    let a = timed("one huge sentence", || {
        extract(&doc(s.as_bytes(), Some("text/plain")), &d)
    })
    .unwrap();
    assert_eq!(claims(&a).len(), 1);
    assert_eq!(claims(&a)[0].speaker, None);
    // Thousands of dots, abbreviations and quotes.
    let mut s = String::new();
    while s.len() < 1024 * 1024 {
        s.push_str("U.S. Dr. J. \"Moscow.\" ... !? 3.5 e.g. ");
    }
    timed("punctuation soup", || {
        extract(&doc(s.as_bytes(), Some("text/plain")), &d)
    })
    .unwrap();
    // Combining-mark soup and odd case folds.
    let mut s = String::from("Russia");
    for _ in 0..200_000 {
        s.push('\u{0301}');
    }
    s.push_str(" İİİ \u{212A} North Korea");
    let a = timed("combining marks", || extract(&doc(s.as_bytes(), None), &d)).unwrap();
    for c in claims(&a) {
        for m in &c.entities {
            assert_eq!(&c.text[m.start..m.end], m.surface);
        }
    }
}

#[test]
fn random_text_like_inputs_never_panic() {
    let d = dict();
    let alphabet: Vec<char> = "<>/=\"' \n\tapdivbr!-.?Россия北한。İ\u{0301}&;#x{}"
        .chars()
        .collect();
    for seed in 1..=200u64 {
        let bytes = random_bytes(2000, seed);
        let s: String = bytes
            .iter()
            .map(|b| alphabet[*b as usize % alphabet.len()])
            .collect();
        for ct in [Some("text/html"), Some("text/plain")] {
            if let Ok(a) = extract(&doc(s.as_bytes(), ct), &d) {
                for c in claims(&a) {
                    assert_eq!(&a.text[c.start..c.end], c.text);
                    for m in &c.entities {
                        assert_eq!(&c.text[m.start..m.end], m.surface);
                    }
                }
            }
        }
    }
}

/// Maximum-size adversarial pages (tens of seconds unoptimised; run with `--ignored` and
/// `--release` when touching the parser path).
#[test]
#[ignore]
fn max_size_adversarial_pages() {
    let d = dict();
    let size = MAX_BODY_BYTES - 4096;
    let prefix = "<div>".repeat(300);
    let units = [
        ("li", "<li>x"),
        ("a", "<a>x"),
        ("end-p", "</p>"),
        ("p", "<p>x"),
        ("b-i", "<b><i>x</b>"),
        ("td", "<td>x"),
        ("misnested", "<b><div>x</b>"),
        ("text", "Moscow said North Korea agreed. "),
    ];
    for (name, unit) in units {
        let mut html = String::from("<html><body>");
        html.push_str(&prefix);
        while html.len() < size {
            html.push_str(unit);
        }
        let _ = timed(name, || {
            extract(&doc(html.as_bytes(), Some("text/html")), &d)
        });
    }
}

#[test]
fn ten_megabyte_page_of_tiny_blocks_finishes() {
    // Many small sibling blocks, attributes on every element, and links: the scoring pass,
    // the sibling merge and the output filter all see ~500k elements.
    let d = dict();
    let mut html = String::from("<html><body><div class=\"content\">");
    let mut i = 0usize;
    while html.len() < 10 * 1024 * 1024 {
        html.push_str(&format!(
            "<div class=\"c{i}\" data-x=\"{i}\"><p>Word {i}, <a href=\"/{i}\">link</a>.</p></div>"
        ));
        i += 1;
    }
    html.push_str("</div></body></html>");
    let a = timed("10 MB of tiny blocks", || {
        extract(&doc(html.as_bytes(), Some("text/html")), &d)
    })
    .expect("main text");
    assert!(a.text.starts_with("Word 0, link."));
}

#[test]
fn hostile_metadata_does_not_panic() {
    let d = dict();
    let long = "x".repeat(300_000);
    let pages = [
        format!("<script type=\"application/ld+json\">{{\"author\": {{\"name\": \"{long}\"}}, \"datePublished\": \"{long}\"</script><p>Body text here.</p>"),
        "<script type=\"application/ld+json\">{\"author\":[{\"name\":\"\\u12\"},{\"name\":\"\\".to_string() + "</script><p>Body text.</p>",
        "<script type=\"application/ld+json\">{\"articleBody\":\"<p>unterminated".to_string(),
        "<meta name=author content=\"https://example.org/x\"><time datetime=\"99999-99-99\">x</time><p>Body text.</p>".to_string(),
        format!("<div class=\"{long}\"><p>Body text.</p></div>"),
    ];
    for p in &pages {
        let r = extract(
            &Document {
                url: "https://example.org/2024/02/30/x",
                ..doc(p.as_bytes(), Some("text/html"))
            },
            &d,
        );
        if let Ok(a) = r {
            assert!(a.byline.as_ref().is_none_or(|b| b.len() <= 200));
        }
    }
}

#[test]
fn json_ld_article_body_only_pages_have_text() {
    let d = dict();
    let body = "The council met on Tuesday and approved the budget. ".repeat(20);
    let html = format!(
        "<html><head><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"articleBody\":\"{body}\\nSecond paragraph.\"}}</script></head><body><div id=app></div></body></html>"
    );
    let a = extract(&doc(html.as_bytes(), Some("text/html")), &d).expect("text from JSON-LD");
    assert!(a.text.starts_with("The council met"));
    assert!(a.text.ends_with("\n\nSecond paragraph."));
}

/// The statements that mention a dictionary entity (what these tests call claims).
fn claims(a: &claimwatch_extract::Article) -> Vec<&claimwatch_extract::Claim> {
    a.entity_claims().collect()
}
