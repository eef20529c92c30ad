//! What an attempt's result means, and when (or whether) to try again. Randomness is passed in
//! as a number in [0, 1), so everything here is deterministic in tests.

use std::time::{Duration, SystemTime};

/// The result of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: the receiver has the alert.
    Delivered { status: u16 },
    /// A status that retrying will not change (most 4xx; 3xx, since redirects are not followed).
    Permanent { status: u16 },
    /// 408, 429, 5xx, or no HTTP answer at all (`status` is `None`: connection refused, reset,
    /// timeout, TLS failure). `retry_after` is the server's `Retry-After`, if it sent one.
    Retryable {
        status: Option<u16>,
        retry_after: Option<Duration>,
    },
    /// Not sent: the destination is refused by the SSRF policy (no retry changes that).
    Refused,
}

impl Outcome {
    /// The HTTP status, if there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Outcome::Delivered { status } | Outcome::Permanent { status } => Some(*status),
            Outcome::Retryable { status, .. } => *status,
            Outcome::Refused => None,
        }
    }

    /// Bounded label for metrics: `ok`, `permanent`, `retryable`.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Delivered { .. } => "ok",
            Outcome::Permanent { .. } => "permanent",
            Outcome::Retryable { .. } => "retryable",
            Outcome::Refused => "refused",
        }
    }
}

/// Classify an HTTP answer. `retry_after` is the raw `Retry-After` header, if any.
pub fn classify(status: u16, retry_after: Option<&str>, now: SystemTime) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered { status },
        408 | 429 | 500..=599 => Outcome::Retryable {
            status: Some(status),
            retry_after: retry_after.and_then(|v| parse_retry_after(v, now)),
        },
        _ => Outcome::Permanent { status },
    }
}

/// An attempt that got no HTTP answer (connect error, reset, timeout): always retryable.
pub fn transport_error() -> Outcome {
    Outcome::Retryable {
        status: None,
        retry_after: None,
    }
}

/// Parse a `Retry-After` value (the fetcher's parser: delta-seconds or an HTTP date).
pub use claimwatch_fetch::backoff::retry_after as parse_retry_after;

/// Why delivery stopped without success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveUp {
    /// The receiver answered with a status that retrying will not change.
    Permanent,
    /// `max_attempts` attempts failed.
    AttemptsExhausted,
    /// The next retry would start after `max_elapsed`.
    TimeBudgetExhausted,
}

impl GiveUp {
    /// Bounded label for metrics and dead-letter headers.
    pub fn as_str(self) -> &'static str {
        match self {
            GiveUp::Permanent => "permanent",
            GiveUp::AttemptsExhausted => "attempts_exhausted",
            GiveUp::TimeBudgetExhausted => "time_budget_exhausted",
        }
    }
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Done,
    RetryIn(Duration),
    GiveUp(GiveUp),
}

/// The retry budget of one alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (≥ 1).
    pub max_attempts: u32,
    /// Delay before the first retry, doubled for each further retry (before jitter).
    pub base: Duration,
    /// Cap of one backoff delay.
    pub max_delay: Duration,
    /// No retry starts later than this after the first attempt started. An attempt in flight
    /// is bounded by its own timeout, so delivery ends within `max_elapsed` plus one timeout.
    pub max_elapsed: Duration,
    /// Longest `Retry-After` honoured; a longer one is cut to this.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 8,
            base: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            max_elapsed: Duration::from_secs(300),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Check the bounds; the message names the offending setting.
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=100).contains(&self.max_attempts) {
            return Err("webhook max attempts must be between 1 and 100".into());
        }
        if self.base.is_zero() || self.base > Duration::from_secs(3600) {
            return Err("webhook backoff base must be between 1 ms and 1 hour".into());
        }
        if self.max_delay < self.base || self.max_delay > Duration::from_secs(3600) {
            return Err("webhook backoff max must be at least the base and at most 1 hour".into());
        }
        if self.max_elapsed.is_zero() || self.max_elapsed > Duration::from_secs(3600) {
            return Err("webhook max elapsed time must be between 1 s and 1 hour".into());
        }
        if self.max_retry_after > Duration::from_secs(3600) {
            return Err("webhook max Retry-After must be at most 1 hour".into());
        }
        Ok(())
    }

    /// The delay before retry number `retry` (0 = the first retry): exponential with "equal
    /// jitter" — half of `min(base * 2^retry, max_delay)` plus a random share of the other half.
    pub fn backoff(&self, retry: u32, random: f64) -> Duration {
        claimwatch_fetch::backoff::backoff(retry, self.base, self.max_delay, random)
    }

    /// What to do after attempt number `attempts` (1 = the first) ended with `outcome`,
    /// `elapsed` after the first attempt started.
    pub fn next(&self, attempts: u32, elapsed: Duration, outcome: &Outcome, random: f64) -> Next {
        let retry_after = match outcome {
            Outcome::Delivered { .. } => return Next::Done,
            Outcome::Permanent { .. } | Outcome::Refused => return Next::GiveUp(GiveUp::Permanent),
            Outcome::Retryable { retry_after, .. } => *retry_after,
        };
        if attempts >= self.max_attempts {
            return Next::GiveUp(GiveUp::AttemptsExhausted);
        }
        let backoff = self.backoff(attempts.saturating_sub(1), random);
        let delay = match retry_after {
            Some(ra) => backoff.max(ra.min(self.max_retry_after)),
            None => backoff,
        };
        if elapsed + delay >= self.max_elapsed {
            return Next::GiveUp(GiveUp::TimeBudgetExhausted);
        }
        Next::RetryIn(delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_700_000_000;

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(T0)
    }

    #[test]
    fn statuses_are_classified() {
        for s in [200, 201, 202, 204, 299] {
            assert_eq!(classify(s, None, now()), Outcome::Delivered { status: s });
        }
        for s in [400, 401, 403, 404, 405, 410, 413, 422, 301, 302, 304, 100] {
            assert_eq!(
                classify(s, None, now()),
                Outcome::Permanent { status: s },
                "{s}"
            );
        }
        for s in [408, 429, 500, 502, 503, 504, 599] {
            assert_eq!(
                classify(s, None, now()),
                Outcome::Retryable {
                    status: Some(s),
                    retry_after: None
                },
                "{s}"
            );
        }
        assert_eq!(transport_error().status(), None);
        assert_eq!(transport_error().label(), "retryable");
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_an_http_date() {
        let o = classify(429, Some(" 7 "), now());
        assert_eq!(
            o,
            Outcome::Retryable {
                status: Some(429),
                retry_after: Some(Duration::from_secs(7))
            }
        );
        let date = httpdate::fmt_http_date(now() + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&date, now()),
            Some(Duration::from_secs(30))
        );
        let past = httpdate::fmt_http_date(now() - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&past, now()), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now()), None);
        assert_eq!(parse_retry_after("-1", now()), None);
        // Retry-After on a permanent status is ignored: there is no retry.
        assert_eq!(
            classify(404, Some("5"), now()),
            Outcome::Permanent { status: 404 }
        );
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 5,
            base: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            max_elapsed: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(3),
        }
    }

    #[test]
    fn backoff_doubles_within_jitter_bounds_and_is_capped() {
        let p = policy();
        for retry in 0..50u32 {
            let d = (100.0 * 2f64.powi(retry.min(40) as i32)).min(1000.0);
            let lo = p.backoff(retry, 0.0).as_secs_f64() * 1000.0;
            let hi = p.backoff(retry, 0.999_999).as_secs_f64() * 1000.0;
            assert!((lo - d / 2.0).abs() < 1e-6, "retry {retry}: {lo} vs {d}");
            assert!(
                hi <= d + 1e-6 && hi > d * 0.99,
                "retry {retry}: {hi} vs {d}"
            );
        }
        assert_eq!(p.backoff(0, 0.5), Duration::from_millis(75));
        assert_eq!(p.backoff(3, 1.0), Duration::from_millis(800));
        assert_eq!(p.backoff(9, 1.0), Duration::from_millis(1000));
        // Garbage randomness stays within the bounds.
        assert_eq!(p.backoff(0, f64::NAN), Duration::from_millis(50));
        assert_eq!(p.backoff(0, 7.0), Duration::from_millis(100));
        assert_eq!(p.backoff(0, -7.0), Duration::from_millis(50));
    }

    #[test]
    fn next_stops_on_success_and_permanent_errors() {
        let p = policy();
        assert_eq!(
            p.next(1, Duration::ZERO, &Outcome::Delivered { status: 204 }, 0.0),
            Next::Done
        );
        assert_eq!(
            p.next(1, Duration::ZERO, &Outcome::Permanent { status: 404 }, 0.0),
            Next::GiveUp(GiveUp::Permanent)
        );
        assert_eq!(
            p.next(1, Duration::ZERO, &Outcome::Refused, 0.0),
            Next::GiveUp(GiveUp::Permanent)
        );
    }

    #[test]
    fn next_retries_until_the_attempt_budget_is_spent() {
        let p = policy();
        let fail = classify(500, None, now());
        let delays: Vec<Next> = (1..=5)
            .map(|n| p.next(n, Duration::ZERO, &fail, 1.0))
            .collect();
        assert_eq!(
            delays,
            vec![
                Next::RetryIn(Duration::from_millis(100)),
                Next::RetryIn(Duration::from_millis(200)),
                Next::RetryIn(Duration::from_millis(400)),
                Next::RetryIn(Duration::from_millis(800)),
                Next::GiveUp(GiveUp::AttemptsExhausted),
            ]
        );
        let once = RetryPolicy {
            max_attempts: 1,
            ..p
        };
        assert_eq!(
            once.next(1, Duration::ZERO, &transport_error(), 0.0),
            Next::GiveUp(GiveUp::AttemptsExhausted)
        );
    }

    #[test]
    fn retry_after_is_honoured_within_bounds() {
        let p = policy();
        let ra = |s: u64| Outcome::Retryable {
            status: Some(429),
            retry_after: Some(Duration::from_secs(s)),
        };
        assert_eq!(
            p.next(1, Duration::ZERO, &ra(2), 0.0),
            Next::RetryIn(Duration::from_secs(2))
        );
        // Longer than the cap: cut to the cap.
        assert_eq!(
            p.next(1, Duration::ZERO, &ra(3600), 0.0),
            Next::RetryIn(Duration::from_secs(3))
        );
        // Shorter than the backoff: the backoff wins.
        assert_eq!(
            p.next(4, Duration::ZERO, &ra(0), 1.0),
            Next::RetryIn(Duration::from_millis(800))
        );
    }

    #[test]
    fn no_retry_starts_after_the_time_budget() {
        let p = policy();
        let fail = classify(503, None, now());
        assert_eq!(
            p.next(1, Duration::from_millis(9_850), &fail, 1.0),
            Next::RetryIn(Duration::from_millis(100))
        );
        assert_eq!(
            p.next(1, Duration::from_millis(9_900), &fail, 1.0),
            Next::GiveUp(GiveUp::TimeBudgetExhausted)
        );
        let ra = Outcome::Retryable {
            status: Some(429),
            retry_after: Some(Duration::from_secs(3)),
        };
        assert_eq!(
            p.next(1, Duration::from_secs(7), &ra, 0.0),
            Next::GiveUp(GiveUp::TimeBudgetExhausted)
        );
    }

    #[test]
    fn a_full_schedule_is_bounded_in_count_and_time() {
        let p = RetryPolicy::default();
        p.validate().unwrap();
        let fail = transport_error();
        let mut elapsed = Duration::ZERO;
        let mut attempts = 0;
        loop {
            attempts += 1;
            match p.next(attempts, elapsed, &fail, 1.0) {
                Next::RetryIn(d) => elapsed += d,
                Next::GiveUp(_) => break,
                Next::Done => unreachable!(),
            }
        }
        assert_eq!(attempts, p.max_attempts);
        assert!(elapsed < p.max_elapsed, "{elapsed:?}");
    }

    #[test]
    fn invalid_policies_are_rejected_with_a_named_setting() {
        let p = policy();
        let bad = [
            RetryPolicy {
                max_attempts: 0,
                ..p
            },
            RetryPolicy {
                base: Duration::ZERO,
                ..p
            },
            RetryPolicy {
                max_delay: Duration::from_millis(10),
                ..p
            },
            RetryPolicy {
                max_elapsed: Duration::from_secs(7200),
                ..p
            },
        ];
        for b in bad {
            assert!(b.validate().unwrap_err().starts_with("webhook "));
        }
        p.validate().unwrap();
    }
}
