//! Pacing: sending requests at the API's rate limit instead of into it.
//!
//! See [`Pacing`] for what the client does; this module keeps the state every clone of a
//! [`Client`](crate::Client) shares.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::Notify;

use crate::error::{ApiError, ApiErrorEntry, Error, RateHeaders, RateLimit};

/// How the client paces its requests to the API's rate limit.
///
/// Intercom counts requests in windows (10 seconds for the REST API 1.x) and says on every
/// response how many the current window allows (`X-RateLimit-Limit`), how many are left
/// (`X-RateLimit-Remaining`) and when it ends (`X-RateLimit-Reset`, a Unix second). Past the
/// limit it answers 429. With pacing on (the default), the client acts on those headers before
/// sending, instead of only retrying the 429s:
///
/// - **Shared**: every clone of a [`Client`](crate::Client) shares what the latest responses
///   said about the window, and which requests are in flight.
/// - **Budget**: a request is sent only while the window has budget left: the server's latest
///   `Remaining`, less the requests sent and not yet answered (which the server may already
///   have counted). When it is spent, the request waits for the window's end instead of being
///   sent to be refused. The budget is never overestimated, so a client that has the app's
///   budget to itself gets no 429.
/// - **Fair**: waiting requests form one queue and are sent in the order they arrived, so no
///   task starves while others keep calling.
/// - **Spread**: once the budget has run short (some request had to wait), the rest of each
///   window's budget is spread evenly over the time left in it, instead of firing all at once
///   when the window opens. When a window has ended, one request goes first; the first answer
///   from the new window tells its end and budget, and the others follow spread over it
///   (until then they go as far apart as in the window before). Below its limit, a client is
///   not slowed at all.
/// - **Bounded**: a request never waits longer than [`max_wait`](Pacing::max_wait) (by
///   default the retry policy's
///   [`max_rate_limit_wait`](crate::RetryPolicy::max_rate_limit_wait), 60 seconds). When the
///   window it would have to wait for ends later than that, it is not sent and the call
///   returns [`Error::RateLimited`] at once, as for a 429 whose reset is too far away.
/// - **Only on information**: without rate-limit headers on the responses, nothing ever
///   waits. A response whose `X-RateLimit-Reset` is already past when it arrives is ignored.
///   Before the first answer the client knows nothing, so requests made together at the very
///   start all go: if the window has less budget left than that, some get 429s, which are
///   retried.
/// - **429 as before**: a 429 that arrives anyway (another program spends the same app's
///   budget) is retried by the [`RetryPolicy`](crate::RetryPolicy), and the headers it
///   carries stop the other requests until the reset.
///
/// The window's end is read from `X-RateLimit-Reset` in whole seconds and compared with this
/// machine's clock, so it relies on the clocks of client and server agreeing (as with NTP); a
/// client whose clock runs ahead may send just before the server's window ends and get 429s,
/// which are retried. When a response also carries `X-RateLimit-Reset-Ms` (Unix milliseconds,
/// consistent with `X-RateLimit-Reset`), the client uses it instead. intercom-mock sends it so
/// that tests can use windows of a few milliseconds; Intercom does not.
///
/// ```no_run
/// use std::time::Duration;
/// use intercom_api::{Client, Pacing};
///
/// // The default: paced, waiting at most the retry policy's max_rate_limit_wait.
/// let client = Client::builder().token("token").build()?;
/// // Paced, but never waiting more than 5 seconds for a window.
/// let impatient = Client::builder()
///     .token("token")
///     .pacing(Pacing::new().max_wait(Duration::from_secs(5)))
///     .build()?;
/// // Not paced: every request is sent at once, and 429s are retried.
/// let unpaced = Client::builder().token("token").pacing(Pacing::off()).build()?;
/// # Ok::<(), intercom_api::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pacing {
    enabled: bool,
    max_wait: Option<Duration>,
}

impl Default for Pacing {
    /// On, waiting at most the retry policy's
    /// [`max_rate_limit_wait`](crate::RetryPolicy::max_rate_limit_wait).
    fn default() -> Self {
        Pacing {
            enabled: true,
            max_wait: None,
        }
    }
}

impl Pacing {
    /// Pacing on (see [`Pacing::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// No pacing: requests are sent as soon as they are made, whatever the window's budget.
    /// A 429 is still retried as the [`RetryPolicy`](crate::RetryPolicy) says.
    pub fn off() -> Self {
        Pacing {
            enabled: false,
            max_wait: None,
        }
    }

    /// The longest a request may wait for its turn. A request that would have to wait for a
    /// window ending later than this is not sent: the call returns [`Error::RateLimited`] at
    /// once. `Duration::ZERO` never waits for a window's end (the budget is still kept: a
    /// request that finds it spent is refused without being sent).
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = Some(wait);
        self
    }

    /// Whether requests are paced.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }
}

/// The pacing state every clone of a client shares.
pub(crate) struct Pacer {
    enabled: bool,
    max_wait: Duration,
    state: Mutex<State>,
}

impl std::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pacing")
            .field("enabled", &self.enabled)
            .field("max_wait", &self.max_wait)
            .finish()
    }
}

impl Pacer {
    /// A pacer for `pacing`; `default_max_wait` applies when it sets no wait of its own.
    pub(crate) fn new(pacing: Pacing, default_max_wait: Duration) -> Self {
        Pacer {
            enabled: pacing.enabled,
            max_wait: pacing.max_wait.unwrap_or(default_max_wait),
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// This request's turn, when it is decided without waiting: pacing is off, or nobody is
    /// queued and the window's budget lets it go now (or never in time). `None` when it has
    /// to wait: [`Pacer::acquire`] then queues it. Spares the common case the waiting
    /// machinery, which is most of the size of the request's future.
    pub(crate) fn try_acquire(&self) -> Option<Result<Permit<'_>, Error>> {
        if !self.enabled {
            return Some(Ok(Permit { pacer: None }));
        }
        let now = Instant::now();
        let deadline = now.checked_add(self.max_wait);
        let mut state = self.lock();
        if !state.queue.is_empty() {
            return None;
        }
        match state.poll(now, deadline) {
            Decision::Grant => {
                state.grant(now);
                Some(Ok(Permit { pacer: Some(self) }))
            }
            Decision::Refuse => Some(Err(state.refusal(self.max_wait))),
            Decision::WaitUntil(_) | Decision::WaitForAnswer => None,
        }
    }

    /// Waits for this request's turn and counts it as in flight. Fails, without waiting any
    /// further, once it is clear the turn would come later than the longest wait allowed.
    pub(crate) async fn acquire(&self) -> Result<Permit<'_>, Error> {
        if !self.enabled {
            return Ok(Permit { pacer: None });
        }
        let start = Instant::now();
        let deadline = start.checked_add(self.max_wait);
        let (id, wake) = {
            let mut state = self.lock();
            if state.queue.is_empty() {
                match state.poll(start, deadline) {
                    Decision::Grant => {
                        state.grant(start);
                        return Ok(Permit { pacer: Some(self) });
                    }
                    Decision::Refuse => return Err(state.refusal(self.max_wait)),
                    Decision::WaitUntil(_) | Decision::WaitForAnswer => {}
                }
            } else if state.beyond_reach(deadline) {
                return Err(state.refusal(self.max_wait));
            }
            let id = state.next_id;
            state.next_id = state.next_id.wrapping_add(1);
            let wake = Arc::new(Notify::new());
            state.queue.push_back(Waiter {
                id,
                wake: Arc::clone(&wake),
            });
            (id, wake)
        };
        // Leaves the queue if this future is dropped while waiting.
        let mut queued = Queued {
            pacer: self,
            id,
            done: false,
        };
        loop {
            let now = Instant::now();
            let wait = {
                let mut state = self.lock();
                let first = state.queue.front().map(|waiter| waiter.id) == Some(id);
                let decision = if first {
                    state.poll(now, deadline)
                } else {
                    Decision::WaitForAnswer
                };
                let late = deadline.is_some_and(|deadline| now >= deadline);
                match decision {
                    Decision::Grant => {
                        state.queue.pop_front();
                        queued.done = true;
                        state.grant(now);
                        state.wake_first();
                        return Ok(Permit { pacer: Some(self) });
                    }
                    Decision::WaitForAnswer if late => return Err(state.refusal(self.max_wait)),
                    Decision::Refuse => return Err(state.refusal(self.max_wait)),
                    Decision::WaitUntil(until) => Some(until),
                    Decision::WaitForAnswer => None,
                }
            };
            let until = match (wait, deadline) {
                (Some(until), Some(deadline)) => Some(until.min(deadline)),
                (until, deadline) => until.or(deadline),
            };
            match until {
                Some(until) => {
                    tokio::select! {
                        () = wake.notified() => {}
                        () = tokio::time::sleep_until(tokio::time::Instant::from_std(until)) => {}
                    }
                }
                None => wake.notified().await,
            }
        }
    }

    /// Counts the answer (or the lack of one) to a request that was in flight, with what its
    /// `X-RateLimit-*` headers said.
    fn answered(&self, response: Option<RateHeaders>) {
        let (seen, now) = match response {
            Some(rate) if rate.rate_limit.is_some() => {
                let wall = SystemTime::now();
                // Read after the wall clock, so that a window's end is never placed early.
                let now = Instant::now();
                (Some(Seen::read(rate, now, wall)), now)
            }
            // Without the three headers there is no window to place on either clock.
            Some(_) => (Some(Seen::Nothing), Instant::now()),
            None => (None, Instant::now()),
        };
        let mut state = self.lock();
        state.answered(seen, now);
        state.wake_first();
    }
}

/// A request's turn: it counts as in flight until its answer is seen or it is dropped.
pub(crate) struct Permit<'a> {
    pacer: Option<&'a Pacer>,
}

impl Permit<'_> {
    /// Records what the response's `X-RateLimit-*` headers say about the window; call it as
    /// soon as the response's head has arrived. The caller reads them, as it needs them too.
    pub(crate) fn answered(mut self, rate: RateHeaders) {
        if let Some(pacer) = self.pacer.take() {
            pacer.answered(Some(rate));
        }
    }
}

impl Drop for Permit<'_> {
    /// A request that got no response (a transport failure, a timeout, a dropped future) is
    /// no longer in flight; nothing is learned about the window.
    fn drop(&mut self) {
        if let Some(pacer) = self.pacer.take() {
            pacer.answered(None);
        }
    }
}

/// A place in the queue, given up when dropped before its turn came.
struct Queued<'a> {
    pacer: &'a Pacer,
    id: u64,
    done: bool,
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut state = self.pacer.lock();
        let first = state.queue.front().map(|waiter| waiter.id) == Some(self.id);
        state.queue.retain(|waiter| waiter.id != self.id);
        if first {
            state.wake_first();
        }
    }
}

struct Waiter {
    id: u64,
    wake: Arc<Notify>,
}

/// What the client knows about the server's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Window {
    /// Nothing: no response with rate-limit headers yet (or none since the last window ended).
    #[default]
    Unknown,
    /// The window the latest headers described, still open.
    Open(Open),
    /// That window has ended; the next one is not known yet.
    Ended(Ended),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Open {
    limit: u64,
    /// The lowest `Remaining` seen for this window (answers may arrive out of order).
    remaining: u64,
    /// `X-RateLimit-Reset`, Unix seconds.
    reset: u64,
    /// The window's end in Unix milliseconds: it tells windows apart and orders them.
    key: u64,
    end: Instant,
    /// When the client first heard of this window.
    seen_at: Instant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ended {
    limit: u64,
    reset: u64,
    key: u64,
    /// The ended window's budget spread over the part of it the client knew: how far apart
    /// requests go until an answer tells the next window.
    step: Duration,
    /// When the last request went since the window ended.
    last_sent: Option<Instant>,
}

/// What one response's headers said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// No (or unreadable) rate-limit headers.
    Nothing,
    /// A window that had already ended when the response arrived.
    Past,
    /// A window still open.
    Window(Open),
}

impl Seen {
    /// Reads the `X-RateLimit-*` headers of a response that arrived at `now` (`wall` on the
    /// system clock).
    fn read(rate: RateHeaders, now: Instant, wall: SystemTime) -> Seen {
        let Some(RateLimit {
            limit,
            remaining,
            reset,
        }) = rate.rate_limit
        else {
            return Seen::Nothing;
        };
        // The millisecond end counts only when it lies in the second `Reset` names.
        let key = rate
            .reset_ms
            .filter(|millis| millis.div_ceil(1000) == reset)
            .unwrap_or_else(|| reset.saturating_mul(1000));
        let Some(end_wall) = UNIX_EPOCH.checked_add(Duration::from_millis(key)) else {
            return Seen::Nothing;
        };
        let Ok(left) = end_wall.duration_since(wall) else {
            return Seen::Past;
        };
        match now.checked_add(left) {
            Some(end) if !left.is_zero() => Seen::Window(Open {
                limit,
                remaining,
                reset,
                key,
                end,
                seen_at: now,
            }),
            Some(_) => Seen::Past,
            None => Seen::Nothing,
        }
    }
}

/// What a request at the head of the queue may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// Be sent.
    Grant,
    /// Wait until then (the window's end, or the next slot of a spread-out budget).
    WaitUntil(Instant),
    /// Wait until a request in flight is answered.
    WaitForAnswer,
    /// Give up: its turn comes after the longest wait allowed.
    Refuse,
}

#[derive(Default)]
struct State {
    window: Window,
    /// Requests sent and not yet answered.
    in_flight: u64,
    /// Whether the budget has run short: some request had to wait for a window's end. Then
    /// the budget is spread over the window. It ends when a window ends with budget left and
    /// no request waiting.
    pressed: bool,
    /// When pressed, the earliest the next request may be sent.
    next_send: Option<Instant>,
    queue: VecDeque<Waiter>,
    next_id: u64,
}

impl State {
    /// What the request first in line (or the one arriving at an empty queue) may do at `now`,
    /// waiting until `deadline` at most.
    fn poll(&mut self, now: Instant, deadline: Option<Instant>) -> Decision {
        self.roll(now);
        match self.window {
            Window::Unknown => Decision::Grant,
            Window::Open(open) => {
                if open.remaining <= self.in_flight {
                    self.pressed = true;
                    if deadline.is_some_and(|deadline| open.end > deadline) {
                        return Decision::Refuse;
                    }
                    return Decision::WaitUntil(open.end);
                }
                // Spreading never makes a request wait past its deadline.
                match (self.next_send, deadline) {
                    (Some(next), Some(deadline)) if now < next && now < deadline => {
                        Decision::WaitUntil(next.min(deadline))
                    }
                    (Some(next), None) if now < next => Decision::WaitUntil(next),
                    _ => Decision::Grant,
                }
            }
            Window::Ended(ended) => {
                if self.in_flight > 0 && ended.limit <= self.in_flight {
                    // Those in flight may all count in the next window.
                    return Decision::WaitForAnswer;
                }
                // While the first answer of the new window is awaited, requests go `step`
                // apart, as they did in the last one.
                match ended.last_sent {
                    Some(last) if self.pressed && self.in_flight > 0 && now < last + ended.step => {
                        Decision::WaitUntil(last + ended.step)
                    }
                    _ => Decision::Grant,
                }
            }
        }
    }

    /// Moves on to [`Window::Ended`] once the open window's end has passed.
    fn roll(&mut self, now: Instant) {
        let Window::Open(open) = self.window else {
            return;
        };
        if now < open.end {
            return;
        }
        let spent = open.remaining <= self.in_flight;
        self.pressed = self.pressed && (spent || !self.queue.is_empty());
        self.next_send = None;
        let known = open.end.saturating_duration_since(open.seen_at).as_nanos();
        let step = known / u128::from(open.limit.max(1));
        self.window = Window::Ended(Ended {
            limit: open.limit,
            reset: open.reset,
            key: open.key,
            step: Duration::from_nanos(u64::try_from(step).unwrap_or(u64::MAX)),
            last_sent: None,
        });
    }

    /// Counts a request sent at `now`; when pressed, sets when the next one may go so that
    /// the budget left is spread over the time left.
    fn grant(&mut self, now: Instant) {
        self.in_flight = self.in_flight.saturating_add(1);
        match &mut self.window {
            Window::Ended(ended) => ended.last_sent = Some(now),
            Window::Open(open) if self.pressed => {
                let budget = open.remaining.saturating_sub(self.in_flight);
                self.next_send = (budget > 0).then(|| {
                    let left = open.end.saturating_duration_since(now).as_nanos();
                    let step = left / u128::from(budget.saturating_add(1));
                    now + Duration::from_nanos(u64::try_from(step).unwrap_or(u64::MAX))
                });
            }
            Window::Open(_) | Window::Unknown => {}
        }
    }

    /// Counts the answer to a request in flight, which said `seen` (`None`: no response).
    fn answered(&mut self, seen: Option<Seen>, now: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.roll(now);
        match (seen, &mut self.window) {
            (None | Some(Seen::Past), _) => {}
            // The server stopped saying: once the known window is over, nothing is known.
            (Some(Seen::Nothing), Window::Ended(_)) => self.forget(),
            (Some(Seen::Nothing), _) => {}
            (Some(Seen::Window(seen)), Window::Unknown) => self.window = Window::Open(seen),
            (Some(Seen::Window(seen)), Window::Open(open)) => {
                if seen.key == open.key {
                    open.remaining = open.remaining.min(seen.remaining);
                    open.limit = seen.limit;
                } else if seen.key > open.key {
                    *open = seen;
                }
            }
            (Some(Seen::Window(seen)), Window::Ended(ended)) => {
                if seen.key > ended.key {
                    self.window = Window::Open(seen);
                }
            }
        }
    }

    fn forget(&mut self) {
        self.window = Window::Unknown;
        self.pressed = false;
        self.next_send = None;
    }

    /// Whether a request joining the queue now cannot be sent before `deadline`: the window
    /// cannot take everyone ahead of it and ends after the deadline.
    fn beyond_reach(&self, deadline: Option<Instant>) -> bool {
        let Window::Open(open) = self.window else {
            return false;
        };
        let budget = open.remaining.saturating_sub(self.in_flight);
        let ahead = u64::try_from(self.queue.len()).unwrap_or(u64::MAX);
        budget <= ahead && deadline.is_some_and(|deadline| open.end > deadline)
    }

    fn wake_first(&self) {
        if let Some(waiter) = self.queue.front() {
            waiter.wake.notify_one();
        }
    }

    /// The error of a request that is not sent because its turn would come too late.
    fn refusal(&self, max_wait: Duration) -> Error {
        let (reset, rate_limit) = match self.window {
            Window::Open(open) => (
                Some(open.reset),
                Some(RateLimit {
                    limit: open.limit,
                    remaining: open.remaining,
                    reset: open.reset,
                }),
            ),
            Window::Ended(ended) => (Some(ended.reset), None),
            Window::Unknown => (None, None),
        };
        Error::RateLimited {
            reset,
            error: Box::new(ApiError {
                status: 429,
                errors: vec![ApiErrorEntry {
                    code: Some("rate_limit_exceeded".to_owned()),
                    message: Some(format!(
                        "not sent: the rate-limit window's budget is spent, and the request \
                         would have had to wait more than {max_wait:?} for its turn (pacing)"
                    )),
                    field: None,
                }],
                request_id: None,
                rate_limit,
                body: String::new(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    /// An open window of `limit` with `remaining` left, ending at `end`, first heard of a
    /// second before its end.
    fn open(limit: u64, remaining: u64, key: u64, end: Instant) -> Seen {
        Seen::Window(Open {
            limit,
            remaining,
            reset: key.div_ceil(1000),
            key,
            end,
            seen_at: end.checked_sub(ms(1000)).unwrap_or(end),
        })
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("a header value"));
        }
        map
    }

    #[test]
    fn without_headers_nothing_waits() {
        let t0 = Instant::now();
        let mut state = State::default();
        for _ in 0..1000 {
            assert_eq!(state.poll(t0, Some(t0)), Decision::Grant);
            state.grant(t0);
        }
        for _ in 0..1000 {
            state.answered(Some(Seen::Nothing), t0);
        }
        assert_eq!(state.window, Window::Unknown);
        assert_eq!(state.poll(t0, Some(t0)), Decision::Grant);
    }

    #[test]
    fn the_budget_counts_requests_in_flight_and_waits_for_the_end() {
        let t0 = Instant::now();
        let end = t0 + ms(1000);
        let mut state = State::default();
        // The first answer: 3 left; two requests are still out.
        state.grant(t0);
        state.grant(t0);
        state.grant(t0);
        state.answered(Some(open(10, 3, 5_000, end)), t0);
        assert_eq!(state.in_flight, 2);
        // 3 left less 2 in flight: one more may go.
        assert_eq!(state.poll(t0, None), Decision::Grant);
        state.grant(t0);
        assert_eq!(state.poll(t0, None), Decision::WaitUntil(end));
        assert!(state.pressed, "a request had to wait");
        // An answer counted before the one seen (a higher Remaining) frees a place...
        state.answered(Some(open(10, 4, 5_000, end)), t0);
        assert_eq!(state.poll(t0, None), Decision::Grant);
        state.grant(t0);
        // ...one counted after it does not.
        state.answered(Some(open(10, 2, 5_000, end)), t0);
        assert_eq!(state.poll(t0, None), Decision::WaitUntil(end));
        // A deadline before the end refuses at once.
        assert_eq!(state.poll(t0, Some(t0 + ms(10))), Decision::Refuse);
        // At the end the window is over: one request goes first.
        assert_eq!(state.poll(end, None), Decision::Grant);
        state.grant(end);
        assert!(matches!(
            state.window,
            Window::Ended(Ended {
                last_sent: Some(_),
                ..
            })
        ));
        // While it is out, the next waits for its answer, or as long as the last window's
        // budget was spread apart: 1000 ms known / 10.
        assert_eq!(state.poll(end, None), Decision::WaitUntil(end + ms(100)));
        // Answers from the old window tell nothing new.
        state.answered(Some(open(10, 0, 5_000, end + ms(1))), end);
        assert_eq!(state.poll(end, None), Decision::WaitUntil(end + ms(100)));
        assert_eq!(state.poll(end + ms(100), None), Decision::Grant);
        // The first answer of the new window opens it.
        let next_end = end + ms(1000);
        state.answered(Some(open(10, 9, 6_000, next_end)), end);
        assert_eq!(state.window, {
            let Seen::Window(open) = open(10, 9, 6_000, next_end) else {
                unreachable!()
            };
            Window::Open(open)
        });
        assert_eq!(state.poll(end, None), Decision::Grant);
    }

    #[test]
    fn requests_in_flight_that_fill_the_next_window_are_waited_for() {
        let t0 = Instant::now();
        let end = t0 + ms(100);
        let mut state = State::default();
        state.grant(t0);
        state.answered(Some(open(3, 3, 100, end)), t0);
        for _ in 0..3 {
            assert_eq!(state.poll(t0, None), Decision::Grant);
            state.grant(t0);
        }
        // The window ends with three in flight, which may all land in the next one.
        assert_eq!(state.poll(end, None), Decision::WaitForAnswer);
        state.answered(None, end);
        assert_eq!(state.poll(end, None), Decision::Grant);
    }

    #[test]
    fn a_short_budget_is_spread_over_the_window() {
        let t0 = Instant::now();
        let end = t0 + ms(1000);
        let mut state = State {
            pressed: true,
            ..State::default()
        };
        state.grant(t0);
        state.answered(Some(open(10, 9, 1_000, end)), t0);
        // 9 left: the first goes, the next 1000 ms / (8 + 1) later.
        assert_eq!(state.poll(t0, None), Decision::Grant);
        state.grant(t0);
        let step = Duration::from_nanos(1_000_000_000 / 9);
        assert_eq!(state.poll(t0, None), Decision::WaitUntil(t0 + step));
        // A deadline earlier than the slot wins: spreading never costs more than the cap.
        assert_eq!(
            state.poll(t0, Some(t0 + ms(5))),
            Decision::WaitUntil(t0 + ms(5))
        );
        assert_eq!(state.poll(t0 + ms(5), Some(t0 + ms(5))), Decision::Grant);
        assert_eq!(state.poll(t0 + step, None), Decision::Grant);
    }

    #[test]
    fn below_the_limit_nothing_is_spread() {
        let t0 = Instant::now();
        let end = t0 + ms(10_000);
        let mut state = State::default();
        state.grant(t0);
        state.answered(Some(open(100, 99, 10_000, end)), t0);
        for _ in 0..50 {
            assert_eq!(state.poll(t0, None), Decision::Grant);
            state.grant(t0);
        }
        assert_eq!(state.next_send, None);
        // The window ends with budget left and nobody waiting: the next one starts unhurried.
        assert_eq!(state.poll(end, None), Decision::Grant);
        state.grant(end);
        assert_eq!(state.poll(end, None), Decision::Grant, "no probe wait");
    }

    #[test]
    fn a_window_ending_spent_keeps_the_budget_spread() {
        let t0 = Instant::now();
        let end = t0 + ms(100);
        let mut state = State::default();
        state.grant(t0);
        state.answered(Some(open(2, 1, 100, end)), t0);
        state.grant(t0);
        assert_eq!(state.poll(t0, None), Decision::WaitUntil(end));
        state.answered(Some(open(2, 0, 100, end)), t0);
        assert!(state.pressed);
        assert_eq!(state.poll(end, None), Decision::Grant);
        assert!(state.pressed, "the budget was spent when the window ended");
    }

    #[test]
    fn a_window_in_the_past_or_missing_headers_after_its_end_are_no_information() {
        let t0 = Instant::now();
        let mut state = State::default();
        state.grant(t0);
        state.answered(Some(Seen::Past), t0);
        assert_eq!(state.window, Window::Unknown);
        state.grant(t0);
        state.answered(Some(open(1, 0, 50, t0 + ms(50))), t0);
        assert_eq!(state.poll(t0, None), Decision::WaitUntil(t0 + ms(50)));
        // Headers missing while the window is open change nothing...
        state.grant(t0 + ms(50));
        state.answered(Some(Seen::Nothing), t0 + ms(10));
        assert!(matches!(state.window, Window::Open(_)));
        // ...after its end, they mean nothing is known any more.
        state.answered(Some(Seen::Nothing), t0 + ms(60));
        assert_eq!(state.window, Window::Unknown);
        assert_eq!(state.poll(t0 + ms(60), None), Decision::Grant);
    }

    #[test]
    fn a_request_without_response_frees_its_place() {
        let t0 = Instant::now();
        let end = t0 + ms(100);
        let mut state = State::default();
        state.grant(t0);
        state.answered(Some(open(5, 2, 100, end)), t0);
        state.grant(t0);
        state.grant(t0);
        assert_eq!(state.poll(t0, None), Decision::WaitUntil(end));
        state.answered(None, t0);
        assert_eq!(state.poll(t0, None), Decision::Grant);
    }

    #[test]
    fn headers_are_read_in_seconds_or_consistent_milliseconds() {
        let wall = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let now = Instant::now();
        let seconds = headers(&[
            ("x-ratelimit-limit", "83"),
            ("x-ratelimit-remaining", "80"),
            ("x-ratelimit-reset", "1700000010"),
        ]);
        let Seen::Window(window) = Seen::read(RateHeaders::read(&seconds), now, wall) else {
            panic!("a window");
        };
        assert_eq!(
            (window.limit, window.remaining, window.reset),
            (83, 80, 1_700_000_010)
        );
        assert_eq!(window.end, now + Duration::from_secs(10));
        let mut precise = seconds.clone();
        precise.insert(
            "x-ratelimit-reset-ms",
            "1700000009250".parse().expect("digits"),
        );
        let Seen::Window(window) = Seen::read(RateHeaders::read(&precise), now, wall) else {
            panic!("a window");
        };
        assert_eq!(window.end, now + ms(9_250));
        // Milliseconds in another second than Reset are ignored.
        precise.insert(
            "x-ratelimit-reset-ms",
            "1700000005000".parse().expect("digits"),
        );
        let Seen::Window(window) = Seen::read(RateHeaders::read(&precise), now, wall) else {
            panic!("a window");
        };
        assert_eq!(window.end, now + Duration::from_secs(10));
        let past = headers(&[
            ("x-ratelimit-limit", "83"),
            ("x-ratelimit-remaining", "80"),
            ("x-ratelimit-reset", "1699999999"),
        ]);
        assert_eq!(Seen::read(RateHeaders::read(&past), now, wall), Seen::Past);
        let partial = headers(&[("x-ratelimit-limit", "83"), ("x-ratelimit-reset", "1")]);
        assert_eq!(
            Seen::read(RateHeaders::read(&partial), now, wall),
            Seen::Nothing
        );
    }

    #[test]
    fn try_acquire_decides_only_what_needs_no_wait() {
        let off = Pacer::new(Pacing::off(), ms(1000));
        assert!(matches!(
            off.try_acquire(),
            Some(Ok(Permit { pacer: None }))
        ));

        let pacer = Pacer::new(Pacing::new(), ms(1000));
        let Some(Ok(permit)) = pacer.try_acquire() else {
            panic!("nothing known: granted at once");
        };
        // The window's budget is spent and it ends within the longest wait: the caller
        // must wait, which `try_acquire` leaves to `acquire`.
        let reset = SystemTime::now() + ms(500);
        let reset_ms = reset
            .duration_since(UNIX_EPOCH)
            .map(|since| since.as_millis())
            .unwrap_or_default();
        let spent = headers(&[
            ("x-ratelimit-limit", "1"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", &reset_ms.div_ceil(1000).to_string()),
            ("x-ratelimit-reset-ms", &reset_ms.to_string()),
        ]);
        permit.answered(RateHeaders::read(&spent));
        assert!(pacer.try_acquire().is_none());
        // With no wait allowed, it is refused at once instead.
        let impatient = Pacer::new(Pacing::new().max_wait(Duration::ZERO), ms(1000));
        let Some(Ok(permit)) = impatient.try_acquire() else {
            panic!("nothing known: granted at once");
        };
        permit.answered(RateHeaders::read(&spent));
        assert!(matches!(
            impatient.try_acquire(),
            Some(Err(Error::RateLimited { .. }))
        ));
    }

    #[test]
    fn a_refusal_is_a_rate_limited_error_with_the_window() {
        let t0 = Instant::now();
        let mut state = State::default();
        state.grant(t0);
        state.answered(Some(open(83, 0, 1_700_000_010_000, t0 + ms(5))), t0);
        let err = state.refusal(ms(1));
        assert_eq!(err.code(), Some("rate_limit_exceeded"));
        assert_eq!(err.status(), Some(429));
        assert_eq!(
            err.rate_limit().map(|limit| limit.reset),
            Some(1_700_000_010)
        );
        assert!(matches!(
            err,
            Error::RateLimited {
                reset: Some(1_700_000_010),
                ..
            }
        ));
    }
}
