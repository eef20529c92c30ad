//! Bytes → text: binary detection and charset decoding.

use std::borrow::Cow;

use encoding_rs::Encoding;

/// How many leading bytes are inspected for NUL bytes, control characters and `<meta charset>`.
const SNIFF_BYTES: usize = 8 * 1024;

/// Media types that are never text, whatever the body looks like.
fn is_binary_media_type(mime: &str) -> bool {
    const PREFIXES: &[&str] = &["image/", "audio/", "video/", "font/", "model/"];
    const EXACT: &[&str] = &[
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "application/x-7z-compressed",
        "application/x-rar-compressed",
        "application/vnd.rar",
        "application/x-bzip2",
        "application/x-xz",
        "application/zstd",
        "application/wasm",
        "application/x-executable",
        "application/x-sharedlib",
        "application/x-msdownload",
        "application/msword",
        "application/x-protobuf",
        "application/vnd.apache.avro",
    ];
    PREFIXES.iter().any(|p| mime.starts_with(p))
        || EXACT.contains(&mime)
        || mime.starts_with("application/vnd.ms-")
        || mime.starts_with("application/vnd.openxmlformats")
        || mime.starts_with("application/vnd.oasis.opendocument")
}

/// Signatures of common binary formats.
fn binary_magic(body: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"PK\x05\x06", "ZIP archive"),
        (b"\x1F\x8B", "gzip data"),
        (b"BZh", "bzip2 data"),
        (b"\xFD7zXZ\x00", "xz data"),
        (b"\x28\xB5\x2F\xFD", "zstd data"),
        (b"7z\xBC\xAF\x27\x1C", "7z archive"),
        (b"Rar!\x1A\x07", "RAR archive"),
        (b"\x7FELF", "ELF binary"),
        (b"MZ", "Windows executable"),
        (b"\x00asm", "WebAssembly"),
        (b"OggS", "Ogg media"),
        (b"ID3", "MP3 audio"),
        (b"fLaC", "FLAC audio"),
        (b"\x1A\x45\xDF\xA3", "Matroska/WebM media"),
        (b"wOFF", "WOFF font"),
        (b"wOF2", "WOFF2 font"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "OLE2 document"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
        (b"Obj\x01", "Avro container"),
    ];
    if body.len() >= 12 && &body[0..4] == b"RIFF" {
        return Some("RIFF media (WebP/WAV/AVI)");
    }
    if body.len() >= 12 && &body[4..8] == b"ftyp" {
        return Some("ISO media (MP4/HEIF)");
    }
    MAGIC
        .iter()
        .find(|(m, _)| body.starts_with(m))
        .map(|(_, name)| *name)
        // "MZ" and "BZh" are short: only trust them when the rest is not plain text.
        .filter(|name| {
            !matches!(*name, "Windows executable" | "bzip2 data")
                || body.iter().take(64).any(|&b| b < 0x09)
        })
}

/// The lowercase media type of a `Content-Type` value, without parameters.
pub(crate) fn media_type(content_type: Option<&str>) -> Option<String> {
    let ct = content_type?;
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    (!mime.is_empty()).then_some(mime)
}

/// The `charset` parameter of a `Content-Type` value.
fn content_type_charset(content_type: Option<&str>) -> Option<&str> {
    content_type?.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// Why a body is not text, if it is not.
pub(crate) fn binary_reason(body: &[u8], mime: Option<&str>, utf16: bool) -> Option<String> {
    if let Some(mime) = mime {
        if is_binary_media_type(mime) {
            return Some(format!("binary media type {mime}"));
        }
    }
    if let Some(kind) = binary_magic(body) {
        return Some(format!("body looks like {kind}"));
    }
    if utf16 {
        return None;
    }
    let head = &body[..body.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return Some("NUL byte in the first 8 KiB".to_string());
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    if !head.is_empty() && controls * 20 > head.len() {
        return Some("too many control characters".to_string());
    }
    None
}

/// An encoding named by the transport or by the markup itself.
fn declared_encoding(
    declared_charset: Option<&str>,
    content_type: Option<&str>,
    body: &[u8],
) -> Option<&'static Encoding> {
    declared_charset
        .or_else(|| content_type_charset(content_type))
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| sniff_meta_charset(body))
}

/// Whether the body is UTF-16 (by BOM, or by a declaration), which legitimately contains NULs.
pub(crate) fn is_utf16(
    body: &[u8],
    declared_charset: Option<&str>,
    content_type: Option<&str>,
) -> bool {
    if let Some((enc, _)) = Encoding::for_bom(body) {
        return enc != encoding_rs::UTF_8;
    }
    declared_charset
        .or_else(|| content_type_charset(content_type))
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .is_some_and(|enc| enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE)
}

/// Decodes the body: a BOM wins; then valid UTF-8; then the declared charset (transport, then
/// `<meta charset>`); then lossy UTF-8.
pub(crate) fn decode<'a>(
    body: &'a [u8],
    declared_charset: Option<&str>,
    content_type: Option<&str>,
) -> Cow<'a, str> {
    if let Some((enc, bom_len)) = Encoding::for_bom(body) {
        let (text, _) = enc.decode_without_bom_handling(&body[bom_len..]);
        if enc == encoding_rs::UTF_8 && is_double_encoded(&text) {
            return Cow::Owned(repair_double_encoding(&text));
        }
        return text;
    }
    // The same verdict as `std::str::from_utf8` (the fast validator only reports less about
    // an error, which is not used here).
    if let Ok(s) = simdutf8::basic::from_utf8(body) {
        if is_double_encoded(s) {
            return Cow::Owned(repair_double_encoding(s));
        }
        return Cow::Borrowed(s);
    }
    match declared_encoding(declared_charset, content_type, body) {
        // The "replacement" encoding turns the whole body into one U+FFFD: never useful here.
        Some(enc) if enc != encoding_rs::REPLACEMENT && enc != encoding_rs::UTF_8 => {
            let (text, _) = enc.decode_without_bom_handling(body);
            text
        }
        _ => String::from_utf8_lossy(body),
    }
}

/// The byte that windows-1252 (or, for the five bytes it leaves undefined and for U+0080 to
/// U+009F, Latin-1) writes for `c`, when that byte is 0x80 or above: the bytes a UTF-8 page
/// had before it was read as windows-1252 and written out again as UTF-8 ("double encoding").
fn high_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// Fewest double-encoding signs (see `is_double_encoded`) before a page is repaired.
const DOUBLE_ENCODING_MIN_SIGNS: usize = 3;

/// How many of the letters "Â" to "ô" `is_double_encoded` looks at, from the start: enough to
/// judge, and it bounds the work on pages full of them (French, Portuguese).
const DOUBLE_ENCODING_LEADS_READ: usize = 256;

/// Whether the text carries UTF-8 that was read as windows-1252 and written out again as UTF-8:
/// "Investorâ€™s", "cafÃ©". Every lead byte of the original UTF-8 (0xC2 to 0xF4) became one of
/// "Â" to "ô" (UTF-8 0xC3 0x82 to 0xC3 0xB4), always followed by a character standing for a
/// continuation byte (0x80 to 0xBF); real Latin text has these letters too, but followed by
/// letters, spaces or punctuation below 0x80 nearly always. So a page counts as double-encoded
/// when such pairs ("signs") number at least `DOUBLE_ENCODING_MIN_SIGNS` and make at least a
/// quarter of its "Â" to "ô" (the first `DOUBLE_ENCODING_LEADS_READ` of them): a French or
/// Portuguese page with the odd "Ã”" stays as it is. One `memchr` pass over the 0xC3 bytes,
/// looking at most at the next character of each.
fn is_double_encoded(s: &str) -> bool {
    let b = s.as_bytes();
    let (mut leads, mut signs) = (0usize, 0usize);
    for p in memchr::memchr_iter(0xC3, b) {
        if !b.get(p + 1).is_some_and(|x| (0x82..=0xB4).contains(x)) {
            continue;
        }
        if leads == DOUBLE_ENCODING_LEADS_READ {
            break;
        }
        leads += 1;
        // `p + 2` is a character boundary: 0xC3 starts a two-byte character.
        let next = s.get(p + 2..).and_then(|rest| rest.chars().next());
        if next
            .and_then(high_byte)
            .is_some_and(|x| (0x80..=0xBF).contains(&x))
        {
            signs += 1;
        }
    }
    signs >= DOUBLE_ENCODING_MIN_SIGNS && signs * 4 >= leads
}

/// Undoes double encoding (see `is_double_encoded`) wherever it can: each run of characters
/// that windows-1252 writes as bytes 0x80 and above is turned back into those bytes, and every
/// complete, valid UTF-8 sequence among them is decoded; the other characters of the run stay
/// as they are, so real Latin letters next to a repaired sequence ("é" beside "â€™") survive.
/// One pass over the text.
pub(crate) fn repair_double_encoding(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let (mut chars, mut bytes) = (Vec::new(), Vec::new());
    let (mut copied, mut i) = (0, 0);
    while i < b.len() {
        // ASCII, eight bytes at a time.
        while let Some(chunk) = b.get(i..i + 8) {
            if u64::from_le_bytes(chunk.try_into().expect("8 bytes")) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            i += 8;
        }
        if i >= b.len() {
            break;
        }
        if b[i] < 0x80 {
            i += 1;
            continue;
        }
        let start = i;
        chars.clear();
        bytes.clear();
        for c in s[start..].chars() {
            match high_byte(c) {
                Some(x) => {
                    chars.push(c);
                    bytes.push(x);
                    i += c.len_utf8();
                }
                None => break,
            }
        }
        if chars.is_empty() {
            // A character windows-1252 has no byte for: kept.
            i += s[start..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        out.push_str(&s[copied..start]);
        let mut k = 0;
        while k < bytes.len() {
            let len = match bytes[k] {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => 0,
            };
            let decoded = (len > 0)
                .then(|| bytes.get(k..k + len))
                .flatten()
                .and_then(|seq| std::str::from_utf8(seq).ok());
            match decoded {
                Some(text) => {
                    out.push_str(text);
                    k += len;
                }
                None => {
                    out.push(chars[k]);
                    k += 1;
                }
            }
        }
        copied = i;
    }
    out.push_str(&s[copied..]);
    out
}

/// The text with double encoding undone (see `repair_double_encoding`), when it has the signs
/// of it (see `is_double_encoded`).
pub(crate) fn repair_double_encoded_text(s: &str) -> Option<String> {
    is_double_encoded(s).then(|| repair_double_encoding(s))
}

/// Finds `charset=...` in a `<meta>` tag, or `encoding="..."` in an XML declaration, within the
/// first 8 KiB.
fn sniff_meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(SNIFF_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut search_from = 0;
    while let Some(pos) = find(&lower[search_from..], b"charset") {
        let at = search_from + pos;
        search_from = at + 7;
        // Only trust it inside a <meta ...> tag.
        let tag_start = lower[..at].iter().rposition(|&b| b == b'<');
        let in_meta = tag_start
            .is_some_and(|s| lower[s..].starts_with(b"<meta") && !lower[s..at].contains(&b'>'));
        if !in_meta {
            continue;
        }
        if let Some(enc) = label_after(&lower[search_from..], b'=') {
            return Some(enc);
        }
    }
    if lower.starts_with(b"<?xml") {
        let end = lower.iter().position(|&b| b == b'>').unwrap_or(lower.len());
        let decl = &lower[..end];
        if let Some(pos) = find(decl, b"encoding") {
            return label_after(&decl[pos + 8..], b'=');
        }
    }
    None
}

/// Parses `<ws> sep <ws> ["'] label` and resolves the label.
fn label_after(s: &[u8], sep: u8) -> Option<&'static Encoding> {
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_whitespace() {
        i += 1;
    }
    if s.get(i) != Some(&sep) {
        return None;
    }
    i += 1;
    while i < s.len() && (s[i].is_ascii_whitespace() || s[i] == b'"' || s[i] == b'\'') {
        i += 1;
    }
    let start = i;
    while i < s.len() && (s[i].is_ascii_alphanumeric() || matches!(s[i], b'-' | b'_' | b'.' | b':'))
    {
        i += 1;
    }
    (i > start)
        .then(|| Encoding::for_label(&s[start..i]))
        .flatten()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_verdicts_match_the_standard_library() {
        // Valid text of every width, cut anywhere (inside characters too), with stray
        // continuation bytes, overlong forms, surrogates and bytes past U+10FFFF mixed in.
        let pieces = [
            "plain ascii markup <p class=\"x\">",
            "été ",
            "Привет ",
            "日本語 ",
            "𝔘𝔫𝔦 ",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
            "\u{0}",
        ];
        let bad: [&[u8]; 7] = [
            b"\x80",
            b"\xC0\xAF",
            b"\xED\xA0\x80",
            b"\xF4\x90\x80\x80",
            b"\xE2\x82",
            b"\xFF",
            b"\xF0\x9F\x98",
        ];
        for (k, s) in crate::chars::test_strings(&pieces, " ", 300)
            .iter()
            .enumerate()
        {
            let mut bytes = s.clone().into_bytes();
            if k % 3 == 1 {
                bytes.splice(
                    k % bytes.len()..k % bytes.len(),
                    bad[k % bad.len()].iter().copied(),
                );
            }
            // Longer than the validator's SIMD blocks, so that its block loop runs too.
            let long = bytes.repeat(1 + k % 40);
            for b in [
                &bytes[..],
                &bytes[..bytes.len() / 2],
                &bytes[1..],
                &long[..],
            ] {
                assert_eq!(
                    simdutf8::basic::from_utf8(b).is_ok(),
                    std::str::from_utf8(b).is_ok(),
                    "{b:?}"
                );
            }
        }
    }

    #[test]
    fn valid_utf8_is_borrowed() {
        let body = "Привет".as_bytes();
        assert!(matches!(
            decode(body, Some("windows-1251"), None),
            Cow::Borrowed("Привет")
        ));
    }

    #[test]
    fn declared_charset_is_used_for_non_utf8() {
        // "Мир" in windows-1251.
        let body = [0xCC, 0xE8, 0xF0];
        assert_eq!(decode(&body, Some("windows-1251"), None), "Мир");
        assert_eq!(
            decode(&body, None, Some("text/plain; charset=cp1251")),
            "Мир"
        );
    }

    #[test]
    fn meta_charset_is_sniffed() {
        let mut body = b"<html><head><meta charset=\"windows-1251\"></head><body>".to_vec();
        body.extend_from_slice(&[0xCC, 0xE8, 0xF0]);
        assert!(decode(&body, None, None).ends_with("<body>Мир"));
        let mut body =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">".to_vec();
        body.extend_from_slice(&[0xED, 0xC9, 0xD2]);
        assert!(decode(&body, None, None).ends_with("Мир"));
    }

    #[test]
    fn undeclared_invalid_utf8_is_lossy() {
        assert_eq!(decode(b"ab\xFFcd", None, None), "ab\u{FFFD}cd");
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut body = vec![0xFF, 0xFE];
        for u in "Hi".encode_utf16() {
            body.extend_from_slice(&u.to_le_bytes());
        }
        assert!(is_utf16(&body, None, None));
        assert_eq!(binary_reason(&body, None, true), None);
        assert_eq!(decode(&body, None, None), "Hi");
    }

    #[test]
    fn double_encoded_utf8_is_repaired() {
        // UTF-8 read as windows-1252 ("’" → "â€™", "é" → "Ã©") or as Latin-1 ("’" → "â" and
        // two C1 controls), written out again as UTF-8.
        let page = "<p>The investorâ€™s guide to cafÃ© culture â€” a â\u{80}\u{99}short\u{a0}â\u{80}\u{99} read.</p>\
                    <p>Price: 5Â\u{a0}â‚¬ Â© 2024</p>";
        let fixed = decode(page.as_bytes(), None, None);
        assert_eq!(
            fixed,
            "<p>The investor’s guide to café culture — a ’short\u{a0}’ read.</p>\
             <p>Price: 5\u{a0}€ © 2024</p>"
        );
        // With a UTF-8 byte order mark too.
        let mut body = b"\xEF\xBB\xBF".to_vec();
        body.extend_from_slice(page.as_bytes());
        assert_eq!(decode(&body, None, None), fixed);
        // A real letter beside a repaired sequence stays.
        assert_eq!(repair_double_encoding("éâ€™ Ã©Ã"), "é’ éÃ");
    }

    #[test]
    fn real_latin_text_is_not_repaired() {
        // Portuguese and French written right, with the letters that double encoding produces
        // ("Ã", "â", "Â") followed by what real words have after them; and even with a few
        // pairs that could be read as double encoding ("NÃO”"), they are too few among the
        // rest to count.
        let pt = "<p>NÃO! A situação ÃNGELA São Paulo «IRMÃ» “NÃO” â “JOÃO” “IRMÃ” à época; \
                  Âmbito, crème brûlée, août, Ôté, «À bientôt».</p>"
            .repeat(3);
        assert!(matches!(
            decode(pt.as_bytes(), None, None),
            Cow::Borrowed(_)
        ));
        // Two signs are not enough, whatever else the page holds.
        let few = "<p>The investorâ€™s guide, or cafÃ© culture.</p>";
        assert!(matches!(
            decode(few.as_bytes(), None, None),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn binary_is_detected() {
        assert!(binary_reason(b"\x89PNG\r\n\x1a\n....", None, false).is_some());
        assert!(binary_reason(b"hello\0world", None, false).is_some());
        assert!(binary_reason(b"<p>hi</p>", Some("image/png"), false).is_some());
        assert!(binary_reason(b"\x01\x02\x03\x04abc", None, false).is_some());
        assert!(binary_reason(b"<p>hi</p>", Some("text/html"), false).is_none());
        // Plain text that happens to start like a short signature.
        assert!(binary_reason(b"MZ is a plain text file", None, false).is_none());
    }
}
