//! The rate limit: a fixed number of requests per window, reported on every response in the
//! `X-RateLimit-*` headers and, when enforced, refused with 429 once the window's budget is
//! used up.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The length of a window when the limit is given per minute: Intercom's 10 seconds.
const INTERCOM_WINDOW: Duration = Duration::from_secs(10);

/// How many requests a window allows, how long a window is, and whether going over is refused.
///
/// Intercom counts requests in 10-second windows: its documented 500 requests a minute are 83
/// per 10 seconds. Every answer says how many requests are left in the current window
/// (`X-RateLimit-Remaining`) and when it ends (`X-RateLimit-Reset`, a Unix second); past the
/// limit the answer is 429 `rate_limit_exceeded`. The mock counts the same way, with windows
/// of any length (tests use milliseconds). A window starts with the first request after the
/// previous one ended, and `X-RateLimit-Reset` is its end rounded up to a whole second, so a
/// client that waits until then is never early.
///
/// Since a Unix second cannot say when a 50 ms window ends, the mock also sends
/// `X-RateLimit-Reset-Ms`, the window's end in Unix milliseconds (rounded up). Intercom does not
/// send it; [`MockBuilder::reset_millis`](crate::MockBuilder::reset_millis) turns it off, so
/// that the headers are exactly Intercom's.
///
/// ```
/// use std::time::Duration;
/// use intercom_mock::RateLimit;
///
/// // Intercom's documented default: 500 a minute, 83 per 10-second window, enforced.
/// assert_eq!(RateLimit::per_minute(500).limit, 83);
/// // A test's limit: 10 requests per 50 ms.
/// let fast = RateLimit { limit: 10, window: Duration::from_millis(50), enforce: true };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window (`X-RateLimit-Limit`).
    pub limit: u32,
    /// The window's length.
    pub window: Duration,
    /// Whether a request past the limit is answered 429; otherwise the headers only report.
    pub enforce: bool,
}

impl Default for RateLimit {
    /// 10-second windows of 1,000,000 requests, reported but not enforced: no test comes near
    /// it, so a client that paces itself by the headers never waits on the default mock. Use
    /// [`RateLimit::per_minute`] for Intercom's numbers.
    fn default() -> Self {
        RateLimit {
            limit: 1_000_000,
            window: INTERCOM_WINDOW,
            enforce: false,
        }
    }
}

impl RateLimit {
    /// An enforced limit of `requests` a minute spread over 10-second windows, as Intercom
    /// counts: a sixth of it per window, rounded down (500 a minute is 83 per window), and at
    /// least one.
    pub fn per_minute(requests: u32) -> Self {
        RateLimit {
            limit: (requests / 6).max(1),
            window: INTERCOM_WINDOW,
            enforce: true,
        }
    }
}

/// The count of the current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    start: Duration,
    used: u32,
}

/// What the headers of one response say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// `X-RateLimit-Limit`.
    pub limit: u32,
    /// `X-RateLimit-Remaining`.
    pub remaining: u32,
    /// `X-RateLimit-Reset`, Unix seconds: when the window ends, rounded up.
    pub reset: u64,
    /// `X-RateLimit-Reset-Ms`, Unix milliseconds: when the window ends, rounded up.
    pub reset_ms: u64,
    /// Whether this request went over an enforced limit.
    pub refused: bool,
}

impl Window {
    /// Counts one request against `limit`.
    pub fn count(&mut self, limit: &RateLimit) -> Usage {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        self.count_at(limit, now)
    }

    /// Counts one request made `now` (since the Unix epoch) against `limit`. A window starts
    /// with the first request after the previous one ended, so requests made one after the
    /// other always share a window; `reset` and `reset_ms` round its end up, so a client that
    /// waits until then is never early. A refused request counts too (`remaining` stays 0).
    fn count_at(&mut self, limit: &RateLimit, now: Duration) -> Usage {
        if now >= self.start.saturating_add(limit.window) || self.start.is_zero() {
            *self = Window {
                start: now,
                used: 0,
            };
        }
        self.used = self.used.saturating_add(1);
        let end = self.start.saturating_add(limit.window);
        let millis = u64::try_from(end.as_millis()).unwrap_or(u64::MAX);
        Usage {
            limit: limit.limit,
            remaining: limit.limit.saturating_sub(self.used),
            reset: end.as_secs() + u64::from(end.subsec_nanos() > 0),
            reset_ms: millis
                .saturating_add(u64::from(!end.subsec_nanos().is_multiple_of(1_000_000))),
            refused: limit.enforce && self.used > limit.limit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(millis: u64) -> Duration {
        Duration::from_millis(1_700_000_000_000 + millis)
    }

    #[test]
    fn an_enforced_limit_refuses_past_the_limit_until_the_window_ends() {
        let limit = RateLimit {
            limit: 2,
            window: Duration::from_secs(1),
            enforce: true,
        };
        let mut window = Window::default();
        let first = window.count_at(&limit, at(400));
        assert_eq!((first.remaining, first.refused), (1, false));
        assert_eq!(first.reset, 1_700_000_002, "the window's end, rounded up");
        assert_eq!(first.reset_ms, 1_700_000_001_400, "the window's end");
        assert_eq!(window.count_at(&limit, at(500)).remaining, 0);
        let refused = window.count_at(&limit, at(1_399));
        assert!(refused.refused);
        assert_eq!((refused.remaining, refused.reset), (0, 1_700_000_002));
        let next = window.count_at(&limit, at(1_400));
        assert_eq!((next.refused, next.remaining), (false, 1));
        assert_eq!(next.reset, 1_700_000_003);
        assert_eq!(next.reset_ms, 1_700_000_002_400);
    }

    #[test]
    fn millisecond_windows_round_their_end_up() {
        let limit = RateLimit {
            limit: 1,
            window: Duration::from_micros(2_500),
            enforce: true,
        };
        let mut window = Window::default();
        let usage = window.count_at(&limit, at(0));
        assert_eq!(usage.reset_ms, 1_700_000_000_003, "2.5 ms up to 3");
        assert_eq!(usage.reset, 1_700_000_001);
        let later = window.count_at(&limit, at(3));
        assert_eq!(later.reset_ms, 1_700_000_000_006, "a new window from 3 ms");
    }

    #[test]
    fn an_unenforced_limit_only_reports() {
        let limit = RateLimit {
            limit: 1,
            ..RateLimit::default()
        };
        let mut window = Window::default();
        assert_eq!(window.count_at(&limit, at(0)).reset, 1_700_000_010);
        let over = window.count_at(&limit, at(1));
        assert_eq!((over.remaining, over.refused), (0, false));
    }

    #[test]
    fn per_minute_is_spread_over_ten_second_windows() {
        assert_eq!(RateLimit::per_minute(500).limit, 83);
        assert_eq!(RateLimit::per_minute(1_000).limit, 166);
        assert_eq!(RateLimit::per_minute(3).limit, 1);
        assert_eq!(RateLimit::per_minute(600).window, Duration::from_secs(10));
        assert!(RateLimit::per_minute(600).enforce);
    }
}
