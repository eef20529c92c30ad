//! Which character encoding a fetched document is in, and its text as UTF-8.
//!
//! Order of evidence: a byte-order mark (unambiguous, so it wins, as in the WHATWG encoding
//! standard), then the `charset` of the HTTP `Content-Type`, then the document's own declaration
//! (`<?xml … encoding="…"?>` or `<meta charset>` / `<meta http-equiv>` in the first KiBs), then
//! statistical detection (chardetng). A declaration that the bytes contradict is not trusted:
//! a UTF-8 label on bytes that are not UTF-8 falls through to the next piece of evidence, and a
//! Latin-1 label on bytes that are valid multi-byte UTF-8 is read as UTF-8 (a common server
//! default that is wrong).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How far into a document its own declaration is looked for.
const PRESCAN_BYTES: usize = 4096;
/// How much of a document the detector reads; enough for a confident guess, bounded CPU.
const DETECT_BYTES: usize = 64 * 1024;

/// Where the encoding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    Bom,
    Header,
    Document,
    Detected,
}

/// A document decoded to text.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub evidence: Evidence,
    /// Whether malformed sequences were replaced with U+FFFD.
    pub had_errors: bool,
}

/// The `charset` parameter of a `Content-Type` value, lowercase, unquoted.
pub fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if k.trim().eq_ignore_ascii_case("charset") {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            (!v.is_empty()).then(|| v.to_ascii_lowercase())
        } else {
            None
        }
    })
}

/// An encoding for a label, with the aliases encoding_rs leaves out that real servers send.
pub fn for_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "utf8" => "utf-8",
        "cp1251" | "win-1251" => "windows-1251",
        "cp1252" => "windows-1252",
        "koi8r" => "koi8-r",
        "euckr" => "euc-kr",
        "big-5" => "big5",
        "cp949" | "uhc" => "euc-kr",
        "cp936" => "gbk",
        other => other,
    };
    Encoding::for_label(l.as_bytes())
}

/// The encoding a byte-order mark announces, and the mark's length.
pub fn bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

/// The encoding declared inside the document: an XML declaration at the start, or an HTML
/// `<meta>` in the first KiBs. UTF-16 without a BOM is recognised from the zero bytes of `<`.
pub fn declared_in_document(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() >= 4 {
        match &bytes[..4] {
            [b'<', 0, b'?', 0] | [b'<', 0, _, 0] => return Some(UTF_16LE),
            [0, b'<', 0, b'?'] | [0, b'<', 0, _] => return Some(UTF_16BE),
            _ => {}
        }
    }
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let start = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let enc = if lower[start..].starts_with(b"<?xml") {
        let end = find(&lower[start..], b"?>")
            .map(|e| start + e)
            .unwrap_or(lower.len());
        attr_value(&lower[start..end], b"encoding")
    } else {
        None
    }
    .or_else(|| {
        let mut from = 0;
        while let Some(i) = find(&lower[from..], b"<meta") {
            let tag_start = from + i;
            let tag_end = find(&lower[tag_start..], b">")
                .map(|e| tag_start + e)
                .unwrap_or(lower.len());
            if let Some(v) = attr_value(&lower[tag_start..tag_end], b"charset") {
                return Some(v);
            }
            from = tag_end.max(tag_start + 5);
        }
        None
    })?;
    let enc = for_label(&enc)?;
    // A declaration read through ASCII cannot truthfully say UTF-16 (WHATWG: treat as UTF-8).
    if enc == UTF_16LE || enc == UTF_16BE {
        return Some(UTF_8);
    }
    Some(enc)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The value after `name=` (quoted or not) in a lowercased tag, as a string.
fn attr_value(tag: &[u8], name: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(i) = find(&tag[from..], name) {
        let mut j = from + i + name.len();
        from = j;
        while j < tag.len() && tag[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= tag.len() || tag[j] != b'=' {
            continue;
        }
        j += 1;
        while j < tag.len() && tag[j].is_ascii_whitespace() {
            j += 1;
        }
        let quote = tag.get(j).copied().filter(|q| *q == b'"' || *q == b'\'');
        if quote.is_some() {
            j += 1;
        }
        let end = tag[j..]
            .iter()
            .position(|&b| match quote {
                Some(q) => b == q,
                None => {
                    b.is_ascii_whitespace()
                        || b == b';'
                        || b == b'"'
                        || b == b'\''
                        || b == b'/'
                        || b == b'>'
                }
            })
            .map(|e| j + e)
            .unwrap_or(tag.len());
        let v = String::from_utf8_lossy(&tag[j..end]).trim().to_string();
        if !v.is_empty() {
            return Some(v);
        }
    }
    None
}

/// Statistical guess over the first KiBs; UTF-8 when the bytes are valid UTF-8.
pub fn detect(bytes: &[u8], tld: Option<&str>) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    let mut d = chardetng::EncodingDetector::new();
    let last = sample.len() == bytes.len();
    d.feed(sample, last);
    let tld = tld
        .map(|t| t.rsplit('.').next().unwrap_or(t).as_bytes())
        .filter(|t| !t.is_empty() && t.iter().all(|b| b.is_ascii_lowercase()));
    d.guess(tld, true)
}

fn valid_utf8_prefix(bytes: &[u8]) -> bool {
    // A body cut in the middle of a character is still UTF-8.
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4,
    }
}

/// Pick the encoding of `bytes`, given the HTTP `Content-Type` charset if any and the host
/// (its top-level domain steers the detector).
pub fn sniff(
    bytes: &[u8],
    header_charset: Option<&str>,
    host: Option<&str>,
) -> (&'static Encoding, Evidence) {
    if let Some((enc, _)) = bom(bytes) {
        return (enc, Evidence::Bom);
    }
    let utf8_ok = || valid_utf8_prefix(bytes);
    let non_ascii = || bytes.iter().any(|b| *b >= 0x80);
    let plausible = |enc: &'static Encoding| {
        if enc == UTF_8 {
            utf8_ok()
        } else if enc == WINDOWS_1252 || enc.name() == "ISO-8859-15" {
            // Valid multi-byte UTF-8 is almost never meant as Latin-1.
            !(non_ascii() && utf8_ok())
        } else {
            true
        }
    };
    if let Some(enc) = header_charset.and_then(for_label) {
        if plausible(enc) {
            return (enc, Evidence::Header);
        }
    }
    if let Some(enc) = declared_in_document(bytes) {
        if plausible(enc) {
            return (enc, Evidence::Document);
        }
    }
    if !non_ascii() || utf8_ok() {
        return (UTF_8, Evidence::Detected);
    }
    (detect(bytes, host), Evidence::Detected)
}

/// UTF-32 (not in the WHATWG standard, so not in encoding_rs), recognised by its BOM or by the
/// zero bytes around a leading `<`; `Some(big_endian)`.
fn utf32(bytes: &[u8], header_charset: Option<&str>) -> Option<bool> {
    match bytes.get(..4)? {
        [0, 0, 0xfe, 0xff] | [0, 0, 0, b'<'] => return Some(true),
        [0xff, 0xfe, 0, 0] | [b'<', 0, 0, 0] => return Some(false),
        _ => {}
    }
    match header_charset.map(|c| c.to_ascii_lowercase()).as_deref() {
        Some("utf-32be") => Some(true),
        Some("utf-32" | "utf-32le") => Some(false),
        _ => None,
    }
}

fn decode_utf32(bytes: &[u8], big_endian: bool) -> (String, bool) {
    let mut errors = false;
    let mut out = String::with_capacity(bytes.len() / 4);
    for c in bytes.chunks(4) {
        let arr: [u8; 4] = match c.try_into() {
            Ok(a) => a,
            Err(_) => {
                errors = true;
                break;
            }
        };
        let v = if big_endian {
            u32::from_be_bytes(arr)
        } else {
            u32::from_le_bytes(arr)
        };
        match char::from_u32(v) {
            Some('\u{feff}') if out.is_empty() => {}
            Some(ch) => out.push(ch),
            None => {
                errors = true;
                out.push('\u{fffd}');
            }
        }
    }
    (out, errors)
}

/// Decode `bytes` to text (malformed sequences become U+FFFD; never fails). UTF-32 input is
/// transcoded by hand and reported as UTF-8 (what the text now is).
pub fn decode(bytes: &[u8], header_charset: Option<&str>, host: Option<&str>) -> Decoded {
    if let Some(be) = utf32(bytes, header_charset) {
        let (text, had_errors) = decode_utf32(bytes, be);
        return Decoded {
            text,
            encoding: UTF_8,
            evidence: Evidence::Bom,
            had_errors,
        };
    }
    let (encoding, evidence) = sniff(bytes, header_charset, host);
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        evidence,
        had_errors,
    }
}

/// The document as UTF-8 XML: decoded, with its XML declaration's encoding rewritten to
/// `utf-8` so an XML parser that honours the declaration does not decode a second time.
pub fn xml_as_utf8(bytes: &[u8], header_charset: Option<&str>, host: Option<&str>) -> Decoded {
    let mut d = decode(bytes, header_charset, host);
    let trimmed = d.text.trim_start();
    if trimmed.starts_with("<?xml") {
        let offset = d.text.len() - trimmed.len();
        if let Some(end) = trimmed.find("?>") {
            let decl = &trimmed[..end];
            let lower = decl.to_ascii_lowercase();
            if let Some(i) = lower.find("encoding") {
                let rest = &decl[i..];
                // encoding = "x" or 'x'
                if let Some(q1) = rest.find(['"', '\'']) {
                    let quote = rest.as_bytes()[q1];
                    if let Some(q2) = rest[q1 + 1..].find(quote as char) {
                        let abs_start = offset + i + q1 + 1;
                        let abs_end = abs_start + q2;
                        d.text.replace_range(abs_start..abs_end, "utf-8");
                    }
                }
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, EUC_KR, GBK, KOI8_R, WINDOWS_1251};

    const RU: &str = "Северокорейские рабочие прибыли в Россию, сообщил представитель министерства. \
        По данным источников, речь идёт о нескольких тысячах человек, которые будут заняты на стройках.";
    const KO: &str = "북한 노동자들이 러시아에 도착했다고 정부 관계자가 밝혔다. 소식통에 따르면 수천 명의 노동자가 \
        건설 현장에서 일하게 될 것이라고 한다. 이는 유엔 제재를 위반하는 것이라는 지적이 나온다.";
    const ZH_S: &str =
        "朝鲜工人抵达俄罗斯，一名官员表示。据消息人士称，数千名工人将在建筑工地工作，\
        这违反了联合国的制裁决议。专家认为这一趋势还会持续下去。";
    const ZH_T: &str =
        "北韓工人抵達俄羅斯，一名官員表示。據消息人士稱，數千名工人將在建築工地工作，\
        這違反了聯合國的制裁決議。專家認為這一趨勢還會持續下去。";

    fn enc(e: &'static Encoding, s: &str) -> Vec<u8> {
        let (b, _, unmappable) = e.encode(s);
        assert!(!unmappable);
        b.into_owned()
    }

    fn html(body: &str) -> String {
        format!("<html><head><title>t</title></head><body><p>{body}</p></body></html>")
    }

    #[test]
    fn content_type_param() {
        assert_eq!(
            charset_param("text/html; Charset=\"KOI8-R\"").as_deref(),
            Some("koi8-r")
        );
        assert_eq!(charset_param("text/html").as_deref(), None);
        assert_eq!(charset_param("text/html; charset=").as_deref(), None);
    }

    #[test]
    fn detected_without_any_declaration() {
        for (e, s) in [
            (WINDOWS_1251, RU),
            (KOI8_R, RU),
            (EUC_KR, KO),
            (GBK, ZH_S),
            (BIG5, ZH_T),
        ] {
            let bytes = enc(e, &html(s));
            let d = decode(&bytes, None, None);
            // KOI8-U is KOI8-R plus Ukrainian letters: Russian text reads the same in both.
            let same = d.encoding == e || (e == KOI8_R && d.encoding.name() == "KOI8-U");
            assert!(same, "{} read as {}", e.name(), d.encoding.name());
            assert!(d.text.contains(s), "{}", e.name());
            assert_eq!(d.evidence, Evidence::Detected);
        }
    }

    #[test]
    fn declarations_in_order() {
        let bytes = enc(KOI8_R, &html(RU));
        let d = decode(&bytes, Some("koi8-r"), None);
        assert_eq!((d.encoding, d.evidence), (KOI8_R, Evidence::Header));
        // A wrong UTF-8 label is not believed.
        let d = decode(&bytes, Some("utf-8"), None);
        assert_ne!(d.encoding, UTF_8);
        assert!(d.text.contains(RU));
        let meta = format!(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>{RU}</body></html>"
        );
        let d = decode(&enc(WINDOWS_1251, &meta), None, None);
        assert_eq!((d.encoding, d.evidence), (WINDOWS_1251, Evidence::Document));
        let meta5 = format!("<meta charset=euc-kr><p>{KO}</p>");
        let d = decode(&enc(EUC_KR, &meta5), None, None);
        assert_eq!((d.encoding, d.evidence), (EUC_KR, Evidence::Document));
        // A Latin-1 label over real UTF-8 is read as UTF-8.
        let d = decode(html(RU).as_bytes(), Some("iso-8859-1"), None);
        assert_eq!(d.encoding, UTF_8);
        // Unknown labels are ignored.
        let d = decode(html(RU).as_bytes(), Some("x-bogus"), None);
        assert_eq!(d.encoding, UTF_8);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let s = format!("<?xml version=\"1.0\" encoding=\"utf-16\"?><rss><channel><title>{RU}</title></channel></rss>");
        let mut le: Vec<u8> = vec![0xff, 0xfe];
        le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le, None, None);
        assert_eq!((d.encoding, d.evidence), (UTF_16LE, Evidence::Bom));
        assert!(d.text.starts_with("<?xml"));
        let be: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let d = xml_as_utf8(&be, None, None);
        assert_eq!(d.encoding, UTF_16BE);
        assert!(d
            .text
            .starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(d.text.contains(RU));
    }

    #[test]
    fn utf32_is_transcoded() {
        let s = format!("<?xml version=\"1.0\" encoding=\"utf-32\"?><rss><channel><title>{RU}</title></channel></rss>");
        let mut le: Vec<u8> = vec![0xff, 0xfe, 0, 0];
        le.extend(s.chars().flat_map(|c| (c as u32).to_le_bytes()));
        let d = xml_as_utf8(&le, None, None);
        assert!(d
            .text
            .starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(d.text.contains(RU));
        let be: Vec<u8> = s.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        assert!(decode(&be, None, None).text.contains(RU));
    }

    #[test]
    fn xml_declaration_is_rewritten() {
        let s = format!("<?xml version='1.0' encoding='KOI8-R'?><rss><channel><title>{RU}</title></channel></rss>");
        let d = xml_as_utf8(&enc(KOI8_R, &s), None, None);
        assert_eq!(d.encoding, KOI8_R);
        assert!(d.text.starts_with("<?xml version='1.0' encoding='utf-8'?>"));
        // Bytes cut in the middle of a character are still taken as UTF-8.
        let b = "абв".as_bytes();
        assert_eq!(decode(&b[..5], None, None).encoding, UTF_8);
    }
}
