//! Retry and scheduling arithmetic: exponential backoff with full jitter, `Retry-After`, and
//! the spread of first polls so many sources with the same interval do not fire together.
//! Randomness is passed in as a number in [0, 1), so the functions are deterministic in tests.

use std::time::{Duration, SystemTime};

/// Exponential backoff with "equal jitter": half the exponential delay plus a random share of
/// the other half, capped. `attempt` counts from 0 (the first retry).
/// A `random` that is not a number counts as 0. Used by the fetcher's retries and the webhook
/// sink's.
pub fn backoff(attempt: u32, base: Duration, cap: Duration, random: f64) -> Duration {
    let exp = base.as_secs_f64() * 2f64.powi(attempt.min(40) as i32);
    let d = exp.min(cap.as_secs_f64());
    let r = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    Duration::from_secs_f64(d / 2.0 + d / 2.0 * r)
}

/// The delay before the next poll of a source that failed `failures` times in a row: the
/// interval doubled per failure, up to `cap`, with ±10 % jitter. With no failures, the interval
/// with the same jitter.
pub fn next_poll(interval: Duration, failures: u32, cap: Duration, random: f64) -> Duration {
    let base = interval.as_secs_f64() * 2f64.powi(failures.min(30) as i32);
    let d = if failures == 0 {
        base
    } else {
        base.min(cap.as_secs_f64().max(interval.as_secs_f64()))
    };
    let jitter = 0.9 + 0.2 * random.clamp(0.0, 1.0);
    Duration::from_secs_f64((d * jitter).max(0.001))
}

/// Where in its first interval a source is first polled: a stable fraction of the interval
/// derived from its id, so 1,000 sources with one interval are spread evenly and a restart
/// keeps each one's slot.
pub fn first_poll_offset(source_id: &str, interval: Duration) -> Duration {
    // FNV-1a: tiny, stable across versions and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source_id.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // splitmix64's finaliser: FNV alone leaves similar ids (source-1, source-2) close.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    let frac = (h >> 11) as f64 / (1u64 << 53) as f64;
    Duration::from_secs_f64(interval.as_secs_f64() * frac)
}

/// Parse a `Retry-After` value: delta-seconds or an HTTP date (relative to `now`; a past date
/// means now). The one parser of the fetcher and the webhook sink.
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        let base = Duration::from_millis(500);
        let cap = Duration::from_secs(30);
        assert_eq!(backoff(0, base, cap, 0.0), Duration::from_millis(250));
        assert_eq!(backoff(0, base, cap, 1.0), Duration::from_millis(500));
        assert_eq!(backoff(3, base, cap, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(20, base, cap, 1.0), cap);
        assert_eq!(backoff(u32::MAX, base, cap, 0.0), cap / 2);
    }

    #[test]
    fn failing_sources_back_off_to_a_cap() {
        let i = Duration::from_secs(60);
        let cap = Duration::from_secs(3600);
        assert_eq!(next_poll(i, 0, cap, 0.5), i);
        assert_eq!(next_poll(i, 1, cap, 0.5), Duration::from_secs(120));
        assert_eq!(next_poll(i, 10, cap, 0.5), cap);
        assert_eq!(next_poll(i, 10, cap, 0.0), Duration::from_secs(3240));
        // An interval above the cap is never shortened by failures.
        let long = Duration::from_secs(7200);
        assert_eq!(next_poll(long, 3, cap, 0.5), long);
    }

    #[test]
    fn first_polls_spread_over_the_interval() {
        let i = Duration::from_secs(300);
        let mut buckets = [0u32; 10];
        for n in 0..1000 {
            let o = first_poll_offset(&format!("source-{n}"), i);
            assert!(o < i);
            buckets[(o.as_secs_f64() / 30.0) as usize] += 1;
        }
        // No tenth of the interval gets more than twice its share.
        assert!(buckets.iter().all(|&c| c > 50 && c < 200), "{buckets:?}");
        assert_eq!(first_poll_offset("a", i), first_poll_offset("a", i));
    }

    #[test]
    fn retry_after_forms() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }
}
