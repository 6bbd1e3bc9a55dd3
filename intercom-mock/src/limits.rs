//! The rate limit: a fixed window of requests, reported on every response in the
//! `X-RateLimit-*` headers and, when enforced, refused with 429 once used up.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How many requests a window allows, how long a window is, and whether going over is refused.
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
    /// 500 requests a minute, reported but not enforced.
    fn default() -> Self {
        RateLimit {
            limit: 500,
            window: Duration::from_secs(60),
            enforce: false,
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
    /// other always share a window; `reset` rounds its end up to a whole second, so a client
    /// that waits until then is never early.
    fn count_at(&mut self, limit: &RateLimit, now: Duration) -> Usage {
        if now >= self.start + limit.window || self.start.is_zero() {
            *self = Window {
                start: now,
                used: 0,
            };
        }
        self.used = self.used.saturating_add(1);
        let end = self.start + limit.window;
        Usage {
            limit: limit.limit,
            remaining: limit.limit.saturating_sub(self.used),
            reset: end.as_secs() + u64::from(end.subsec_nanos() > 0),
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
        assert_eq!(window.count_at(&limit, at(500)).remaining, 0);
        let refused = window.count_at(&limit, at(1_399));
        assert!(refused.refused);
        assert_eq!((refused.remaining, refused.reset), (0, 1_700_000_002));
        let next = window.count_at(&limit, at(1_400));
        assert_eq!((next.refused, next.remaining), (false, 1));
        assert_eq!(next.reset, 1_700_000_003);
    }

    #[test]
    fn an_unenforced_limit_only_reports() {
        let limit = RateLimit {
            limit: 1,
            ..RateLimit::default()
        };
        let mut window = Window::default();
        assert_eq!(window.count_at(&limit, at(0)).reset, 1_700_000_060);
        let over = window.count_at(&limit, at(1));
        assert_eq!((over.remaining, over.refused), (0, false));
    }
}
