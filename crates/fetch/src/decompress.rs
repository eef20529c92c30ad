//! Content-Encoding with a ceiling: a body is decompressed at most to `max_out` bytes, so a
//! small compressed "bomb" is rejected instead of exhausting memory.

use std::io::Read;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecompressError {
    /// The decompressed body would exceed the limit.
    TooLarge { limit: usize },
    /// The body is not valid in its declared encoding.
    Corrupt(String),
    /// An encoding we did not ask for and cannot read.
    Unsupported(String),
}

impl std::fmt::Display for DecompressError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecompressError::TooLarge { limit } => {
                write!(f, "decompressed body over {limit} bytes")
            }
            DecompressError::Corrupt(e) => write!(f, "corrupt compressed body: {e}"),
            DecompressError::Unsupported(e) => write!(f, "unsupported content-encoding `{e}`"),
        }
    }
}

impl std::error::Error for DecompressError {}

/// The `Accept-Encoding` the fetcher sends: only what [`decode_body`] reads.
pub const ACCEPT_ENCODING: &str = "gzip, deflate, br";

fn read_limited<R: Read>(r: R, max_out: usize) -> Result<Vec<u8>, DecompressError> {
    let mut out = Vec::new();
    let mut limited = r.take(max_out as u64 + 1);
    limited
        .read_to_end(&mut out)
        .map_err(|e| DecompressError::Corrupt(e.to_string()))?;
    if out.len() > max_out {
        return Err(DecompressError::TooLarge { limit: max_out });
    }
    Ok(out)
}

fn one(coding: &str, body: &[u8], max_out: usize) -> Result<Vec<u8>, DecompressError> {
    match coding {
        "" | "identity" => {
            if body.len() > max_out {
                return Err(DecompressError::TooLarge { limit: max_out });
            }
            Ok(body.to_vec())
        }
        "gzip" | "x-gzip" => read_limited(flate2::read::MultiGzDecoder::new(body), max_out),
        "deflate" => {
            // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
            if body.len() >= 2
                && (u16::from(body[0]) << 8 | u16::from(body[1])) % 31 == 0
                && body[0] & 0x0f == 8
            {
                read_limited(flate2::read::ZlibDecoder::new(body), max_out)
            } else {
                read_limited(flate2::read::DeflateDecoder::new(body), max_out)
            }
        }
        "br" => read_limited(brotli_decompressor::Decompressor::new(body, 8192), max_out),
        other => Err(DecompressError::Unsupported(other.to_string())),
    }
}

/// Undo `Content-Encoding` (possibly a list, applied in order, so undone in reverse).
pub fn decode_body(
    content_encoding: Option<&str>,
    body: Vec<u8>,
    max_out: usize,
) -> Result<Vec<u8>, DecompressError> {
    let codings: Vec<String> = content_encoding
        .unwrap_or("")
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect();
    if codings.is_empty() {
        if body.len() > max_out {
            return Err(DecompressError::TooLarge { limit: max_out });
        }
        return Ok(body);
    }
    if codings.len() > 3 {
        return Err(DecompressError::Unsupported(codings.join(",")));
    }
    let mut cur = body;
    for c in codings.iter().rev() {
        cur = one(c, &cur, max_out)?;
    }
    Ok(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn round_trips() {
        let text = b"hello hello hello".repeat(100);
        assert_eq!(
            decode_body(Some("gzip"), gzip(&text), 1 << 20).unwrap(),
            text
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&text).unwrap();
        assert_eq!(
            decode_body(Some("deflate"), z.finish().unwrap(), 1 << 20).unwrap(),
            text
        );
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        raw.write_all(&text).unwrap();
        assert_eq!(
            decode_body(Some("Deflate"), raw.finish().unwrap(), 1 << 20).unwrap(),
            text
        );
        assert_eq!(decode_body(None, text.clone(), 1 << 20).unwrap(), text);
        assert_eq!(
            decode_body(Some("identity"), text.clone(), 1 << 20).unwrap(),
            text
        );
        assert!(matches!(
            decode_body(Some("zstd"), text.clone(), 1 << 20),
            Err(DecompressError::Unsupported(_))
        ));
        assert!(matches!(
            decode_body(Some("gzip"), b"not gzip".to_vec(), 1 << 20),
            Err(DecompressError::Corrupt(_))
        ));
    }

    #[test]
    fn brotli_reads() {
        let text = b"hello brotli ".repeat(1000);
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, 5, 22);
            w.write_all(&text).unwrap();
        }
        assert_eq!(decode_body(Some("br"), br.clone(), 1 << 20).unwrap(), text);
        assert!(matches!(
            decode_body(Some("br"), br, 100),
            Err(DecompressError::TooLarge { .. })
        ));
    }

    #[test]
    fn gzip_bomb_is_refused_with_bounded_memory() {
        // 64 MiB of zeros compress to ~64 KiB.
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            e.write_all(&zeros).unwrap();
        }
        let bomb = e.finish().unwrap();
        assert!(bomb.len() < 1 << 20);
        assert_eq!(
            decode_body(Some("gzip"), bomb, 10 << 20),
            Err(DecompressError::TooLarge { limit: 10 << 20 })
        );
        // Plain bodies obey the same ceiling.
        assert!(decode_body(None, vec![1; 11], 10).is_err());
    }
}
