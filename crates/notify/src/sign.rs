//! Request signing: `X-Claimwatch-Signature: sha256=<hex>` where `<hex>` is the HMAC-SHA256,
//! keyed with the shared secret, of the `X-Claimwatch-Timestamp` value, a `.`, the
//! `Idempotency-Key` value, a `.` and the raw body. A receiver recomputes it over the bytes it
//! received, compares in constant time, and rejects timestamps too far from its clock
//! (replays). The idempotency key is signed too, so a captured request cannot be replayed under
//! another key to get past the receiver's dedup.
//!
//! A receiver in Python:
//!
//! ```text
//! import hmac, hashlib, time
//! def verify(secret: bytes, headers, body: bytes, max_skew=300) -> bool:
//!     ts = headers["X-Claimwatch-Timestamp"]
//!     key = headers["Idempotency-Key"]
//!     if abs(time.time() - int(ts)) > max_skew:
//!         return False
//!     mac = hmac.new(secret, f"{ts}.{key}.".encode() + body, hashlib.sha256).hexdigest()
//!     return hmac.compare_digest(headers["X-Claimwatch-Signature"], "sha256=" + mac)
//! ```

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "X-Claimwatch-Signature";
pub const TIMESTAMP_HEADER: &str = "X-Claimwatch-Timestamp";
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], timestamp: i64, key: &str, body: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length (longer ones are hashed first), so this cannot fail.
    let mut m = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(key.as_bytes());
    m.update(b".");
    m.update(body);
    m
}

/// The signature header's value: `sha256=` and the lowercase hex HMAC-SHA256 of
/// `timestamp + "." + idempotency key + "." + body` keyed with `secret`.
pub fn signature(secret: &[u8], timestamp: i64, key: &str, body: &[u8]) -> String {
    format!(
        "sha256={}",
        hex::encode(mac(secret, timestamp, key, body).finalize().into_bytes())
    )
}

/// Whether `header` is a valid signature of `body` sent at `timestamp` under the idempotency
/// key `key` (constant-time compare).
pub fn verify(secret: &[u8], timestamp: i64, key: &str, body: &[u8], header: &str) -> bool {
    let Some(hex_part) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    let Ok(bytes) = hex::decode(hex_part) else {
        return false;
    };
    mac(secret, timestamp, key, body)
        .verify_slice(&bytes)
        .is_ok()
}

/// The headers of one delivery attempt: content type, idempotency key (the alert id, the same on
/// every attempt), timestamp (seconds since the epoch, per attempt) and, with a secret, the
/// signature.
pub fn request_headers(
    alert_id: &str,
    timestamp: i64,
    secret: Option<&[u8]>,
    body: &[u8],
) -> Vec<(&'static str, String)> {
    let mut h = vec![
        ("Content-Type", "application/json".to_string()),
        (IDEMPOTENCY_HEADER, alert_id.to_string()),
        (TIMESTAMP_HEADER, timestamp.to_string()),
    ];
    if let Some(s) = secret {
        h.push((SIGNATURE_HEADER, signature(s, timestamp, alert_id, body)));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2 ("Jefe"): the HMAC-SHA256 primitive the signature is built on.
    #[test]
    fn rfc4231_case_2_known_answer() {
        let mut m = HmacSha256::new_from_slice(b"Jefe").unwrap();
        m.update(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(m.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    /// RFC 4231 test case 1: key = 20 bytes of 0x0b, data = "Hi There".
    #[test]
    fn rfc4231_case_1_known_answer() {
        let mut m = HmacSha256::new_from_slice(&[0x0b; 20]).unwrap();
        m.update(b"Hi There");
        assert_eq!(
            hex::encode(m.finalize().into_bytes()),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
    }

    /// RFC 4231 test case 6: a 131-byte key (longer than the block, hashed first).
    #[test]
    fn rfc4231_case_6_long_key() {
        let mut m = HmacSha256::new_from_slice(&[0xaa; 131]).unwrap();
        m.update(b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(
            hex::encode(m.finalize().into_bytes()),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    /// HMAC-SHA256 from its definition (RFC 2104) over plain SHA-256, independent of the `hmac`
    /// crate: H((K ^ opad) || H((K ^ ipad) || m)), with K padded (or first hashed) to 64 bytes.
    fn reference_hmac(key: &[u8], message: &[u8]) -> String {
        use sha2::Digest;
        let mut k = [0u8; 64];
        if key.len() > 64 {
            k[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let inner = Sha256::new()
            .chain_update(k.map(|b| b ^ 0x36))
            .chain_update(message)
            .finalize();
        let outer = Sha256::new()
            .chain_update(k.map(|b| b ^ 0x5c))
            .chain_update(inner)
            .finalize();
        hex::encode(outer)
    }

    #[test]
    fn reference_hmac_passes_rfc4231() {
        assert_eq!(
            reference_hmac(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            reference_hmac(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    /// The signature is the HMAC of exactly `timestamp.key.body`, checked against the reference.
    #[test]
    fn signature_covers_timestamp_key_and_body() {
        let body = br#"{"text":"x"}"#;
        let expected = format!(
            "sha256={}",
            reference_hmac(b"Jefe", br#"1700000000.al-7.{"text":"x"}"#)
        );
        assert_eq!(signature(b"Jefe", 1_700_000_000, "al-7", body), expected);
        assert!(verify(b"Jefe", 1_700_000_000, "al-7", body, &expected));
        // A different timestamp, idempotency key, body, key or a malformed header does not
        // verify.
        assert!(!verify(b"Jefe", 1_700_000_001, "al-7", body, &expected));
        assert!(!verify(b"Jefe", 1_700_000_000, "al-8", body, &expected));
        assert!(!verify(
            b"Jefe",
            1_700_000_000,
            "al-7",
            br#"{"text":"y"}"#,
            &expected
        ));
        assert!(!verify(b"jefe", 1_700_000_000, "al-7", body, &expected));
        assert!(!verify(
            b"Jefe",
            1_700_000_000,
            "al-7",
            body,
            &expected[7..]
        ));
        assert!(!verify(b"Jefe", 1_700_000_000, "al-7", body, "sha256=zz"));
    }

    #[test]
    fn headers_carry_the_alert_id_and_sign_only_with_a_secret() {
        let h = request_headers("al-1", 5, Some(b"k"), b"{}");
        let get =
            |h: &[(&str, String)], k: &str| h.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
        assert_eq!(get(&h, IDEMPOTENCY_HEADER).as_deref(), Some("al-1"));
        assert_eq!(get(&h, TIMESTAMP_HEADER).as_deref(), Some("5"));
        assert_eq!(get(&h, "Content-Type").as_deref(), Some("application/json"));
        assert_eq!(
            get(&h, SIGNATURE_HEADER),
            Some(signature(b"k", 5, "al-1", b"{}"))
        );
        let unsigned = request_headers("al-1", 5, None, b"{}");
        assert_eq!(get(&unsigned, SIGNATURE_HEADER), None);
        assert_eq!(unsigned.len(), 3);
    }
}
