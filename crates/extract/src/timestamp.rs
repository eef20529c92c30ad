//! Publication timestamps: RFC 3339 and the handful of near-misses seen in page metadata.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Earliest and latest accepted timestamps (1990-01-01 and 2200-01-01, ms): anything outside is
/// a template bug, not a publication date.
const MIN_MS: i64 = 631_152_000_000;
const MAX_MS: i64 = 7_258_118_400_000;

/// Parses a timestamp to Unix milliseconds (UTC). Accepts RFC 3339 (`T` or space separator),
/// offsets without a colon (`+0300`), RFC 2822, a local date-time without offset (taken as
/// UTC), and a bare date (midnight UTC).
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let ms = DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| DateTime::parse_from_rfc3339(&s.replacen(' ', "T", 1)).ok())
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z").ok())
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%z").ok())
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%z").ok())
        .or_else(|| DateTime::parse_from_rfc2822(s).ok())
        .map(|dt| dt.timestamp_millis())
        .or_else(|| {
            [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
            .map(|naive| Utc.from_utc_datetime(&naive).timestamp_millis())
        })
        .or_else(|| {
            let date = s
                .get(..10)
                .filter(|_| s.len() == 10 || s.as_bytes().get(10) == Some(&b'T'))?;
            let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            Some(
                Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?)
                    .timestamp_millis(),
            )
        })?;
    (MIN_MS..=MAX_MS).contains(&ms).then_some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OCT_14_0830Z: i64 = 1_791_966_600_000;

    #[test]
    fn rfc3339_and_variants() {
        assert_eq!(parse_timestamp("2026-10-14T08:30:00Z"), Some(OCT_14_0830Z));
        assert_eq!(
            parse_timestamp("2026-10-14T11:30:00+03:00"),
            Some(OCT_14_0830Z)
        );
        assert_eq!(
            parse_timestamp("2026-10-14 11:30:00+03:00"),
            Some(OCT_14_0830Z)
        );
        assert_eq!(
            parse_timestamp("2026-10-14T11:30:00+0300"),
            Some(OCT_14_0830Z)
        );
        assert_eq!(
            parse_timestamp("2026-10-14T08:30:00.000Z"),
            Some(OCT_14_0830Z)
        );
        assert_eq!(parse_timestamp("2026-10-14T08:30:00"), Some(OCT_14_0830Z));
        assert_eq!(
            parse_timestamp("Wed, 14 Oct 2026 08:30:00 +0000"),
            Some(OCT_14_0830Z)
        );
        assert_eq!(
            parse_timestamp("2026-10-14"),
            Some(OCT_14_0830Z - 30_600_000)
        );
    }

    #[test]
    fn garbage_and_absurd_dates_are_rejected() {
        assert_eq!(parse_timestamp(""), None);
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("0001-01-01T00:00:00Z"), None);
        assert_eq!(parse_timestamp("2026-13-40"), None);
    }
}
