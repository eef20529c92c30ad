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
        return text;
    }
    // The same verdict as `std::str::from_utf8` (the fast validator only reports less about
    // an error, which is not used here).
    if let Ok(s) = simdutf8::basic::from_utf8(body) {
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
