//! The HTTP server: accepts connections, answers each request from the shared state, and adds
//! the headers every Intercom response carries.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use tokio::sync::mpsc::UnboundedSender;

use crate::call::{Call, Outcome};
use crate::fault::Fault;
use crate::limits::{RateLimit, Usage, Window};
use crate::state::{Seed, State};
use crate::webhooks::deliver::{self, Policy, Recorder};
use crate::webhooks::{self, Delivery};
use crate::{checks, handlers, routing, validate};

/// The port `cargo run -p intercom-mock` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8765;

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

/// How to start a mock: its seed, port, rate limit, scroll expiry, accepted token, and how
/// webhook deliveries are tried.
#[derive(Debug, Clone)]
pub struct MockBuilder {
    seed: Seed,
    port: u16,
    rate_limit: RateLimit,
    scroll_expiry: Duration,
    token: Option<String>,
    webhooks: Policy,
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

    /// Reports and, when `limit.enforce`, enforces this rate limit.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
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
}

/// A lock that outlives a panic in another request: the state stays usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = service_fn(move |req| answer(Arc::clone(&shared), req));
            // A client that hangs up mid-request is its own business.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
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
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let usage = lock(&shared.window).count(&shared.rate_limit);
    let outcome = if usage.refused {
        Err(Fault::rate_limited())
    } else {
        respond(&shared, &parts, &body)
    };
    Ok(response(outcome, &usage, &request_id))
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

fn response(outcome: Outcome, usage: &Usage, request_id: &str) -> Response<Full<Bytes>> {
    let (status, body) = match outcome {
        Ok(reply) => (reply.status, reply.body),
        Err(fault) => (fault.status, Some(fault.body(request_id))),
    };
    let mut builder = Response::builder()
        .status(status)
        .header("X-RateLimit-Limit", usage.limit)
        .header("X-RateLimit-Remaining", usage.remaining)
        .header("X-RateLimit-Reset", usage.reset)
        .header("X-Request-Id", request_id);
    let bytes = match body {
        Some(body) => {
            builder = builder.header("Content-Type", "application/json; charset=utf-8");
            Bytes::from(body.to_string())
        }
        None => Bytes::new(),
    };
    builder.body(Full::new(bytes)).unwrap_or_else(|_| {
        let mut fallback = Response::new(Full::new(Bytes::new()));
        *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}
