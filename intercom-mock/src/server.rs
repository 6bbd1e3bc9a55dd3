//! The HTTP server: accepts connections, answers each request from the shared state, and adds
//! the headers every Intercom response carries.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use tokio::sync::mpsc::UnboundedSender;

use crate::call::{Call, Outcome, Reply};
use crate::fault::Fault;
use crate::limits::{RateLimit, Usage, Window};
use crate::state::{Seed, State};
use crate::webhooks::deliver::{self, Policy, Recorder};
use crate::webhooks::{self, Delivery};
use crate::{checks, handlers, record, routing, validate};

/// The port `cargo run -p intercom-mock` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8765;
/// The largest request body the mock reads by default: 10 MiB. A larger one is answered 413.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 10 * 1024 * 1024;
/// How long a client may take to send a request's headers by default, counted from when the
/// connection opens or its previous response was sent: 30 seconds.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a client may take to send a request's body by default: 30 seconds.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// The first wait after `accept` fails; it doubles with every failure in a row.
const ACCEPT_BACKOFF_START: Duration = Duration::from_millis(10);
/// The longest wait between two failed `accept` calls.
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// Starts a mock with the default seed on a free loopback port.
///
/// # Panics
///
/// When no loopback port can be bound, which a test cannot recover from anyway; use
/// [`MockBuilder::start`] to handle that error.
pub async fn start() -> MockServer {
    match MockServer::builder().start().await {
        Ok(server) => server,
        Err(err) => panic!("intercom-mock could not listen on 127.0.0.1: {err}"),
    }
}

/// How to start a mock: its seed, port, rate limit, scroll expiry, accepted token, how
/// webhook deliveries are tried, and the limits it holds clients to.
#[derive(Debug, Clone)]
pub struct MockBuilder {
    seed: Seed,
    port: u16,
    rate_limit: RateLimit,
    scroll_expiry: Duration,
    token: Option<String>,
    webhooks: Policy,
    limits: Limits,
    reset_millis: bool,
}

/// What a client may cost the server.
#[derive(Debug, Clone, Copy)]
struct Limits {
    max_body_size: u64,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
}

impl Default for MockBuilder {
    fn default() -> Self {
        MockBuilder {
            seed: Seed::default(),
            port: 0,
            rate_limit: RateLimit::default(),
            scroll_expiry: Duration::from_secs(60),
            token: None,
            webhooks: Policy::default(),
            limits: Limits {
                max_body_size: DEFAULT_MAX_BODY_SIZE,
                header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
                body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            },
            reset_millis: true,
        }
    }
}

impl MockBuilder {
    /// Starts with `seed` instead of [`Seed::default`]; [`MockServer::reset`] returns to it.
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = seed;
        self
    }

    /// Listens on `port` (0, the default, picks a free one).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Reports and, when `limit.enforce`, enforces this rate limit (by default
    /// [`RateLimit::default`]: reported, never reached, not enforced).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Whether every answer also carries `X-RateLimit-Reset-Ms`, the end of the rate-limit
    /// window in Unix milliseconds, rounded up (on by default). Intercom sends only
    /// `X-RateLimit-Reset`, in whole seconds, which cannot tell when a window shorter than a
    /// second ends; the extra header lets a client pace itself to millisecond windows in
    /// tests. Turn it off to send exactly Intercom's headers.
    pub fn reset_millis(mut self, send: bool) -> Self {
        self.reset_millis = send;
        self
    }

    /// Closes an unused scroll after `expiry` (one minute by default).
    pub fn scroll_expiry(mut self, expiry: Duration) -> Self {
        self.scroll_expiry = expiry;
        self
    }

    /// Accepts only this access token; by default any non-empty token is accepted.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Tries each webhook notification up to `attempts` times in all (at least once; 3 by
    /// default), waiting `delay` after the first failed try and twice as long after each
    /// further one (500 ms by default). A try fails when the receiver cannot be reached,
    /// answers other than 2xx, or takes longer than the
    /// [`webhook_timeout`](Self::webhook_timeout).
    pub fn webhook_retry(mut self, attempts: u32, delay: Duration) -> Self {
        self.webhooks.attempts = attempts.max(1);
        self.webhooks.delay = delay;
        self
    }

    /// Gives up on a webhook delivery try after `timeout` (10 seconds by default).
    pub fn webhook_timeout(mut self, timeout: Duration) -> Self {
        self.webhooks.timeout = timeout;
        self
    }

    /// The largest request body accepted, in bytes (default [`DEFAULT_MAX_BODY_SIZE`],
    /// 10 MiB). A body announced or found to be larger is answered 413 with an `error.list`
    /// (`request_too_large`) before it is read further, and the connection is closed.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.limits.max_body_size = bytes;
        self
    }

    /// How long a client may take to send the headers of a request (default
    /// [`DEFAULT_HEADER_READ_TIMEOUT`], 30 seconds), counted from when the connection opens or
    /// its previous response was sent. It is therefore also the idle timeout of a kept-alive
    /// connection. Past it the connection is closed. A zero duration counts as one
    /// millisecond.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_read_timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// How long a client may take to send the body of a request once its headers have arrived
    /// (default [`DEFAULT_BODY_READ_TIMEOUT`], 30 seconds). Past it the request is answered
    /// 408 with an `error.list` and its handler does not run.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_read_timeout = timeout;
        self
    }

    /// Binds 127.0.0.1 and serves in the background until the [`MockServer`] is dropped.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        let mut state = State::new(&self.seed);
        state.scroll_expiry = self.scroll_expiry;
        let recorder = Recorder {
            state: Arc::new(Mutex::new(state)),
            epoch: Arc::new(AtomicU64::new(0)),
        };
        let (deliveries, delivery_task) = deliver::start(recorder.clone(), self.webhooks);
        let shared = Arc::new(Shared {
            state: recorder.state,
            epoch: recorder.epoch,
            deliveries,
            seed: Mutex::new(self.seed),
            window: Mutex::new(Window::default()),
            rate_limit: self.rate_limit,
            scroll_expiry: self.scroll_expiry,
            token: self.token,
            base_url: base_url.clone(),
            requests: AtomicU64::new(0),
            rate_limited: AtomicU64::new(0),
            accept_errors: AtomicU64::new(0),
            limits: self.limits,
            reset_millis: self.reset_millis,
        });
        let task = tokio::spawn(accept(listener, Arc::clone(&shared)));
        Ok(MockServer {
            addr,
            base_url,
            shared,
            task,
            delivery_task,
        })
    }
}

/// A running mock. Dropping it stops the server.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    base_url: String,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
    delivery_task: JoinHandle<()>,
}

impl MockServer {
    /// A builder, to choose the seed, port, rate limit or token.
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    /// The base URL (`http://127.0.0.1:PORT`), to give to `Client::builder().base_url(...)`.
    pub fn url(&self) -> &str {
        &self.base_url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Forgets every change since the start: the state is the seed again, no scroll is open,
    /// and there are no webhook subscriptions, bulk jobs or notifications; deliveries still
    /// pending are dropped.
    pub fn reset(&self) {
        let seed = lock(&self.shared.seed).clone();
        self.replace(&seed);
    }

    /// Replaces the state with `seed`, which [`reset`](Self::reset) returns to from now on.
    pub fn load(&self, seed: Seed) {
        self.replace(&seed);
        *lock(&self.shared.seed) = seed;
    }

    /// How many requests the server has answered.
    pub fn request_count(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// How many requests the server refused with 429 for going over an enforced
    /// [`RateLimit`].
    pub fn rate_limited_count(&self) -> u64 {
        self.shared.rate_limited.load(Ordering::Relaxed)
    }

    /// How many times accepting a connection failed, for example because the process ran out
    /// of file descriptors. After a failure the server waits before accepting again (10 ms,
    /// doubling up to one second while failures go on), so that it does not spin.
    pub fn accept_errors(&self) -> u64 {
        self.shared.accept_errors.load(Ordering::Relaxed)
    }

    fn replace(&self, seed: &Seed) {
        let mut state = State::new(seed);
        state.scroll_expiry = self.shared.scroll_expiry;
        let mut current = lock(&self.shared.state);
        *current = state;
        self.shared.epoch.fetch_add(1, Ordering::SeqCst);
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
        self.delivery_task.abort();
    }
}

/// What every connection shares.
#[derive(Debug)]
struct Shared {
    state: Arc<Mutex<State>>,
    /// The state's generation: [`MockServer::reset`] and [`MockServer::load`] move it on.
    epoch: Arc<AtomicU64>,
    /// Where notifications go to be delivered.
    deliveries: UnboundedSender<Delivery>,
    seed: Mutex<Seed>,
    window: Mutex<Window>,
    rate_limit: RateLimit,
    scroll_expiry: Duration,
    token: Option<String>,
    base_url: String,
    requests: AtomicU64,
    /// Requests refused for going over the rate limit.
    rate_limited: AtomicU64,
    accept_errors: AtomicU64,
    limits: Limits,
    reset_millis: bool,
}

/// A lock that outlives a panic in another request: the state stays usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    let mut backoff = ACCEPT_BACKOFF_START;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => {
                backoff = ACCEPT_BACKOFF_START;
                stream
            }
            Err(_) => {
                // Out of file descriptors, or of memory: trying again at once would fail the
                // same way and burn a core. Waiting lets connections close meanwhile.
                shared.accept_errors.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
                continue;
            }
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(shared.limits.header_read_timeout);
            let service = service_fn(move |req| answer(Arc::clone(&shared), req));
            // A client that hangs up mid-request is its own business.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

async fn answer(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let number = shared.requests.fetch_add(1, Ordering::Relaxed) + 1;
    let request_id = format!("mock-{number:08}");
    let (parts, body) = req.into_parts();
    let body = read_body(body, &shared.limits).await;
    let usage = lock(&shared.window).count(&shared.rate_limit);
    if usage.refused {
        shared.rate_limited.fetch_add(1, Ordering::Relaxed);
    }
    let outcome = match &body {
        _ if usage.refused => Err(Fault::rate_limited()),
        Ok(body) => respond(&shared, &parts, body),
        Err(fault) => Err(fault.clone()),
    };
    record::record(&parts, body.as_deref().ok(), &outcome, &request_id);
    let reset_ms = shared.reset_millis.then_some(usage.reset_ms);
    Ok(response(outcome, &usage, reset_ms, &request_id))
}

/// The whole request body, or why it cannot be had: larger than the limit (413), not sent
/// in time (408), or cut off before its announced end (400). A request whose body fails to
/// read never reaches its handler.
async fn read_body(body: Incoming, limits: &Limits) -> Result<Bytes, Fault> {
    let too_large = || {
        Fault::too_large(format!(
            "The request body is larger than the {} bytes this server accepts",
            limits.max_body_size
        ))
    };
    if body
        .size_hint()
        .exact()
        .is_some_and(|len| len > limits.max_body_size)
    {
        return Err(too_large());
    }
    let limit = usize::try_from(limits.max_body_size).unwrap_or(usize::MAX);
    let collect = Limited::new(body, limit).collect();
    match tokio::time::timeout(limits.body_read_timeout, collect).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(err)) if err.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(_)) => Err(Fault::bad_request(
            "The request body ended before the length it announced",
        )
        .with_code("invalid_document")),
        Err(_) => Err(Fault::timeout(format!(
            "The request body did not arrive within {:?}",
            limits.body_read_timeout
        ))),
    }
}

/// Authorizes, routes, validates and handles one request.
fn respond(shared: &Shared, parts: &hyper::http::request::Parts, body: &[u8]) -> Outcome {
    checks::authorize(&parts.headers, shared.token.as_deref())?;
    checks::check_version(&parts.headers)?;
    let path = parts.uri.path();
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let route = routing::route(parts.method.as_str(), path, &query)?;
    validate::params(&route, &query)?;
    validate::headers(&route, &parts.headers)?;
    let body = checks::parse_body(body)?;
    validate::body(&route, body.as_ref())?;
    let call = Call {
        op: route.op,
        path_params: route.path_params,
        query,
        body: body.unwrap_or_else(|| Value::Object(serde_json::Map::new())),
        base_url: &shared.base_url,
        path,
        now: crate::shapes::now(),
    };
    let (outcome, deliveries) = {
        let mut state = lock(&shared.state);
        let outcome = handlers::handle(&mut state, &call);
        let epoch = shared.epoch.load(Ordering::SeqCst);
        (outcome, webhooks::deliveries(&mut state, epoch, call.now))
    };
    // Sent in the background, after the state lock is released: the answer never waits.
    for delivery in deliveries {
        // The delivery task lives as long as the mock.
        let _ = shared.deliveries.send(delivery);
    }
    outcome
}

/// The answer to `outcome`, with the rate-limit headers of `usage` (and the window's end in
/// milliseconds when `reset_ms` is given).
fn response(
    outcome: Outcome,
    usage: &Usage,
    reset_ms: Option<u64>,
    request_id: &str,
) -> Response<Full<Bytes>> {
    let (status, body) = match outcome {
        Ok(Reply {
            status,
            text: Some(text),
            ..
        }) => (status, Some(text)),
        Ok(reply) => (reply.status, reply.body.map(|body| body.to_string())),
        Err(fault) => (fault.status, Some(fault.body(request_id).to_string())),
    };
    let mut builder = Response::builder()
        .status(status)
        .header("X-RateLimit-Limit", usage.limit)
        .header("X-RateLimit-Remaining", usage.remaining)
        .header("X-RateLimit-Reset", usage.reset)
        .header("X-Request-Id", request_id);
    if let Some(reset_ms) = reset_ms {
        builder = builder.header("X-RateLimit-Reset-Ms", reset_ms);
    }
    let bytes = match body {
        Some(body) => {
            builder = builder.header("Content-Type", "application/json; charset=utf-8");
            Bytes::from(body)
        }
        None => Bytes::new(),
    };
    builder.body(Full::new(bytes)).unwrap_or_else(|_| {
        let mut fallback = Response::new(Full::new(Bytes::new()));
        *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}
