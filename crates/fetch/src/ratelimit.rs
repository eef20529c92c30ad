//! A token bucket per host. Time is passed in, so the arithmetic is testable; the service
//! sleeps for the wait this returns, outside any lock.

use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct TokenBucket {
    /// Tokens added per second.
    rate: f64,
    /// Most tokens held (the burst).
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket: `rate` requests per second, bursts of `burst`.
    pub fn new(rate: f64, burst: f64, now: Instant) -> TokenBucket {
        let rate = if rate.is_finite() && rate > 0.0 {
            rate
        } else {
            1.0
        };
        let burst = burst.max(1.0);
        TokenBucket {
            rate,
            burst,
            tokens: burst,
            last: now,
        }
    }

    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Change the rate (e.g. a robots.txt Crawl-delay arrived); keeps the tokens held.
    pub fn set_rate(&mut self, rate: f64, now: Instant) {
        self.refill(now);
        if rate.is_finite() && rate > 0.0 {
            self.rate = rate;
        }
    }

    fn refill(&mut self, now: Instant) {
        let dt = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + dt * self.rate).min(self.burst);
        self.last = self.last.max(now);
    }

    /// Reserve one request. Returns how long to wait before sending it (zero if a token was
    /// available). Reservations queue: the n-th caller waits about n/rate; tokens may go
    /// negative to represent that queue.
    pub fn reserve(&mut self, now: Instant) -> Duration {
        self.refill(now);
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.tokens / self.rate)
        }
    }

    /// Push the next token out by `pause` (a 429/503 Retry-After for the whole host).
    pub fn pause(&mut self, pause: Duration, now: Instant) {
        self.refill(now);
        let owed = pause.as_secs_f64() * self.rate;
        self.tokens = self.tokens.min(0.0) - owed;
    }

    /// Whether the bucket is full and idle, so it may be dropped to bound memory.
    pub fn idle(&self, now: Instant) -> bool {
        let dt = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens + dt * self.rate >= self.burst
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_and_refill() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(1.0, 1.0, t0);
        assert_eq!(b.reserve(t0), Duration::ZERO);
        assert_eq!(b.reserve(t0), Duration::from_secs(1));
        assert_eq!(b.reserve(t0), Duration::from_secs(2));
        // After three seconds the queue is drained and one token is back.
        let t3 = t0 + Duration::from_secs(3);
        assert!(b.idle(t3));
        assert_eq!(b.reserve(t3 + Duration::from_secs(1)), Duration::ZERO);
    }

    #[test]
    fn bursts_rates_and_pauses() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(4.0, 2.0, t0);
        assert_eq!(b.reserve(t0), Duration::ZERO);
        assert_eq!(b.reserve(t0), Duration::ZERO);
        assert_eq!(b.reserve(t0), Duration::from_millis(250));
        let mut c = TokenBucket::new(1.0, 1.0, t0);
        c.set_rate(0.5, t0);
        assert_eq!(c.reserve(t0), Duration::ZERO);
        assert_eq!(c.reserve(t0), Duration::from_secs(2));
        let mut p = TokenBucket::new(1.0, 1.0, t0);
        p.pause(Duration::from_secs(30), t0);
        assert_eq!(p.reserve(t0), Duration::from_secs(31));
        // Bad rates fall back to one per second instead of dividing by zero.
        assert_eq!(TokenBucket::new(0.0, 0.0, t0).rate(), 1.0);
    }
}
