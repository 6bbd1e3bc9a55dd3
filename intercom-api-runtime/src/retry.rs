//! When a failed request is sent again, and after how long.
//!
//! See [`RetryPolicy`] for the rules.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Method;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::error::{X_RATELIMIT_RESET, X_RATELIMIT_RESET_MS, header_u64};

/// Which failures the client retries, how often, and how long it waits in between.
///
/// The rules, applied after each failed attempt until [`max_attempts`](RetryPolicy::max_attempts)
/// attempts have been made:
///
/// | failure | methods retried | wait |
/// |---|---|---|
/// | 429 rate limited | all (the API refused the request, nothing happened) | until `X-RateLimit-Reset` (else `Retry-After`, else backoff), plus up to [`rate_limit_jitter`](RetryPolicy::rate_limit_jitter) |
/// | 502, 503, 504 | GET, HEAD, OPTIONS, PUT, DELETE (idempotent) | backoff |
/// | 500 | GET, HEAD, OPTIONS only (a 500 may follow a half-applied change, so only calls without side effects repeat) | backoff |
/// | connection could not be opened | all (the request never reached the server) | backoff |
/// | connection lost after sending, timeout | GET, HEAD, OPTIONS, PUT, DELETE | backoff |
/// | anything else (4xx, undecodable body, …) | none | — |
///
/// A POST is never retried once the server may have seen it: only a 429 or a failure to
/// connect sends it again.
///
/// Backoff after attempt *n* is `base_delay × 2ⁿ⁻¹`, capped at `max_delay`, of which a random
/// half is dropped ("equal jitter"), so that many clients do not retry in step.
///
/// A 429 whose reset lies further ahead than [`max_rate_limit_wait`](RetryPolicy::max_rate_limit_wait),
/// or that arrives on the last attempt, is returned as
/// [`Error::RateLimited`](crate::Error::RateLimited) with the reset time.
///
/// With [pacing](crate::Pacing) on (the default) the client waits for the rate-limit window's
/// budget before sending, so 429s are rare; a 429 that arrives anyway (another program spends
/// the same budget) is retried by these rules. `max_rate_limit_wait` also bounds how long
/// pacing waits, unless [`Pacing::max_wait`](crate::Pacing::max_wait) says otherwise.
///
/// ```no_run
/// use std::time::Duration;
/// use intercom_api::{Client, RetryPolicy};
///
/// let policy = RetryPolicy::new()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(200))
///     .max_rate_limit_wait(Duration::from_secs(10));
/// let client = Client::builder().token("token").retry_policy(policy).build()?;
/// let no_retries = Client::builder().token("token").retry_policy(RetryPolicy::none()).build()?;
/// # Ok::<(), intercom_api::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_rate_limit_wait: Duration,
    rate_limit_jitter: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 500 ms up to 8 s, rate-limit waits of at most 60 s plus up to
    /// 1 s of jitter.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_rate_limit_wait: Duration::from_secs(60),
            rate_limit_jitter: Duration::from_secs(1),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Never retries: every request is sent once, and a 429 is returned at once as
    /// [`Error::RateLimited`](crate::Error::RateLimited).
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// How many times a request is sent at most, the first time included (0 counts as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles with every further retry.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest backoff between two attempts.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest the client waits for a rate limit to reset (jitter not counted); a later
    /// reset is returned as [`Error::RateLimited`](crate::Error::RateLimited).
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    /// The most random time added to a rate-limit wait, so that clients limited together do
    /// not all come back in the same instant.
    pub fn rate_limit_jitter(mut self, jitter: Duration) -> Self {
        self.rate_limit_jitter = jitter;
        self
    }

    /// The longest wait for a rate limit to reset; pacing waits at most as long unless told
    /// otherwise.
    pub(crate) fn rate_limit_wait_cap(&self) -> Duration {
        self.max_rate_limit_wait
    }

    /// Whether to send the request again after `attempt` (1 = the first) failed with
    /// `failure`, given the time `now` and a random number `random` in `[0, 1)`.
    pub(crate) fn decide(
        &self,
        method: &Method,
        failure: Failure<'_>,
        attempt: u32,
        now: SystemTime,
        random: f64,
    ) -> Decision {
        let random = if random.is_finite() {
            random.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let retry = match failure {
            Failure::Status { status: 429, .. } | Failure::NotSent => true,
            Failure::Status { status: 500, .. } => is_safe(method),
            Failure::Status {
                status: 502..=504, ..
            }
            | Failure::Lost => is_idempotent(method),
            Failure::Status { .. } => false,
        };
        if !retry || attempt >= self.max_attempts {
            return Decision::Stop;
        }
        if let Failure::Status {
            status: 429,
            headers,
        } = failure
        {
            let wait = rate_limit_wait(headers, now).unwrap_or_else(|| self.backoff(attempt, 1.0));
            if wait > self.max_rate_limit_wait {
                return Decision::Stop;
            }
            return Decision::Retry(wait.saturating_add(scale(self.rate_limit_jitter, random)));
        }
        Decision::Retry(self.backoff(attempt, random))
    }

    /// The backoff after `attempt` failed: half fixed, half scaled by `random`.
    fn backoff(&self, attempt: u32, random: f64) -> Duration {
        let factor = 2_u32.saturating_pow(attempt.saturating_sub(1));
        let full = self
            .base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        full / 2 + scale(full / 2, random)
    }
}

/// How long a 429 response asks to wait: until `X-RateLimit-Reset` (to the millisecond when
/// `X-RateLimit-Reset-Ms` names a time in that second, as intercom-mock sends), else
/// `Retry-After` seconds. `None` when it says neither.
fn rate_limit_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(reset) = header_u64(headers, &X_RATELIMIT_RESET) {
        let millis = header_u64(headers, &X_RATELIMIT_RESET_MS)
            .filter(|millis| millis.div_ceil(1000) == reset)
            .unwrap_or_else(|| reset.saturating_mul(1000));
        let reset = UNIX_EPOCH.checked_add(Duration::from_millis(millis))?;
        return Some(reset.duration_since(now).unwrap_or(Duration::ZERO));
    }
    header_u64(headers, RETRY_AFTER).map(Duration::from_secs)
}

/// `duration × factor` for a factor in `[0, 1]`, never panicking.
fn scale(duration: Duration, factor: f64) -> Duration {
    Duration::try_from_secs_f64(duration.as_secs_f64() * factor)
        .unwrap_or(duration)
        .min(duration)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_idempotent(method: &Method) -> bool {
    is_safe(method) || matches!(*method, Method::PUT | Method::DELETE)
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Failure<'a> {
    /// A response with this non-2xx status arrived.
    Status { status: u16, headers: &'a HeaderMap },
    /// The connection could not be opened: the request never reached the server.
    NotSent,
    /// The request may have reached the server, but no complete response came back
    /// (connection reset, truncated body, timeout).
    Lost,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Send again after this delay.
    Retry(Duration),
    /// Return the failure.
    Stop,
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const NOW: u64 = 1_700_000_000;

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(NOW)
    }

    fn policy() -> RetryPolicy {
        RetryPolicy::new()
            .max_attempts(3)
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1))
            .max_rate_limit_wait(Duration::from_secs(30))
            .rate_limit_jitter(Duration::from_secs(1))
    }

    fn status(status: u16, headers: &HeaderMap) -> Failure<'_> {
        Failure::Status { status, headers }
    }

    fn reset_in(secs: u64) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-ratelimit-reset",
            HeaderValue::from_str(&(NOW + secs).to_string()).expect("digits"),
        );
        headers
    }

    #[test]
    fn rate_limit_waits_until_reset_plus_jitter() {
        let headers = reset_in(5);
        let p = policy();
        let d = |r| p.decide(&Method::POST, status(429, &headers), 1, now(), r);
        assert_eq!(d(0.0), Decision::Retry(Duration::from_secs(5)));
        assert_eq!(d(0.5), Decision::Retry(Duration::from_millis(5500)));
    }

    #[test]
    fn rate_limit_reset_in_milliseconds_is_used_when_it_agrees_with_the_second() {
        let mut headers = reset_in(5);
        let millis = (NOW + 4) * 1000 + 250;
        headers.insert(
            "x-ratelimit-reset-ms",
            HeaderValue::from_str(&millis.to_string()).expect("digits"),
        );
        let d = policy().decide(&Method::GET, status(429, &headers), 1, now(), 0.0);
        assert_eq!(d, Decision::Retry(Duration::from_millis(4250)));
        headers.insert("x-ratelimit-reset-ms", HeaderValue::from_static("1"));
        let d = policy().decide(&Method::GET, status(429, &headers), 1, now(), 0.0);
        assert_eq!(
            d,
            Decision::Retry(Duration::from_secs(5)),
            "another second: ignored"
        );
    }

    #[test]
    fn rate_limit_reset_in_the_past_retries_at_once() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("1000"));
        let d = policy().decide(&Method::GET, status(429, &headers), 1, now(), 0.0);
        assert_eq!(d, Decision::Retry(Duration::ZERO));
    }

    #[test]
    fn rate_limit_past_max_wait_stops() {
        let headers = reset_in(31);
        let d = policy().decide(&Method::GET, status(429, &headers), 1, now(), 0.0);
        assert_eq!(d, Decision::Stop);
    }

    #[test]
    fn rate_limit_without_reset_uses_retry_after_then_backoff() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        let d = policy().decide(&Method::GET, status(429, &headers), 1, now(), 0.0);
        assert_eq!(d, Decision::Retry(Duration::from_secs(2)));
        let empty = HeaderMap::new();
        let d = policy().decide(&Method::GET, status(429, &empty), 2, now(), 0.0);
        assert_eq!(d, Decision::Retry(Duration::from_millis(200)));
    }

    #[test]
    fn server_errors_retry_by_method() {
        let h = HeaderMap::new();
        let p = policy();
        let retried = |m: Method, s: u16| {
            matches!(
                p.decide(&m, status(s, &h), 1, now(), 0.0),
                Decision::Retry(_)
            )
        };
        for s in [500, 502, 503, 504] {
            assert!(retried(Method::GET, s), "GET {s}");
            assert!(!retried(Method::POST, s), "POST {s}");
        }
        for s in [502, 503, 504] {
            assert!(retried(Method::PUT, s));
            assert!(retried(Method::DELETE, s));
        }
        assert!(!retried(Method::PUT, 500));
        assert!(!retried(Method::DELETE, 500));
        for s in [400, 401, 403, 404, 409, 422] {
            assert!(!retried(Method::GET, s), "GET {s}");
        }
    }

    #[test]
    fn connection_failures_retry_post_only_when_not_sent() {
        let p = policy();
        let d = |m: Method, f| p.decide(&m, f, 1, now(), 0.0);
        assert!(matches!(
            d(Method::POST, Failure::NotSent),
            Decision::Retry(_)
        ));
        assert_eq!(d(Method::POST, Failure::Lost), Decision::Stop);
        assert!(matches!(d(Method::GET, Failure::Lost), Decision::Retry(_)));
        assert!(matches!(
            d(Method::DELETE, Failure::Lost),
            Decision::Retry(_)
        ));
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        let p = policy().max_attempts(10);
        let d = |attempt, r| p.decide(&Method::GET, Failure::Lost, attempt, now(), r);
        assert_eq!(d(1, 0.0), Decision::Retry(Duration::from_millis(50)));
        assert_eq!(d(1, 1.0), Decision::Retry(Duration::from_millis(100)));
        assert_eq!(d(3, 1.0), Decision::Retry(Duration::from_millis(400)));
        assert_eq!(d(9, 1.0), Decision::Retry(Duration::from_secs(1)));
        assert_eq!(d(9, 0.0), Decision::Retry(Duration::from_millis(500)));
    }

    #[test]
    fn attempts_are_bounded() {
        let p = policy();
        assert!(matches!(
            p.decide(&Method::GET, Failure::Lost, 2, now(), 0.0),
            Decision::Retry(_)
        ));
        assert_eq!(
            p.decide(&Method::GET, Failure::Lost, 3, now(), 0.0),
            Decision::Stop
        );
        assert_eq!(
            RetryPolicy::none().decide(&Method::GET, Failure::NotSent, 1, now(), 0.0),
            Decision::Stop
        );
        assert_eq!(
            RetryPolicy::new().max_attempts(0),
            RetryPolicy::new().max_attempts(1)
        );
    }
}
