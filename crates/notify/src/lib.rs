//! Webhook notifications for alerts, without I/O: what to send, how to sign it, and what to do
//! with the answer. The notifier service (`services/notifier`) does the HTTP and Kafka parts.
//!
//! * [`body`]: a Slack-compatible JSON body (`text`, `blocks`) that also carries the whole alert
//!   under `alert`, so receivers other than Slack get structure.
//! * [`sign`]: `X-Claimwatch-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`
//!   and the other request headers.
//! * [`retry`]: classification of an attempt's result (2xx delivered; 408, 429, 5xx and
//!   transport errors retryable; any other status permanent) and the retry schedule
//!   (exponential backoff with jitter, `Retry-After` within bounds, bounded attempts and time).
//! * [`target`]: the URL policy of webhook targets (`http(s)` with a host), their redaction
//!   (never a path: it often holds a token), the secret type, and the max-age rule.

pub mod body;
pub mod retry;
pub mod sign;
pub mod target;

pub use body::{body, summary};
pub use retry::{classify, transport_error, GiveUp, Next, Outcome, RetryPolicy};
pub use sign::{request_headers, signature, verify};
pub use target::{check_url, host_of, is_stale, redact_url, Secret};
