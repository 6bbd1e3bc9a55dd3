//! The client: configuration, authentication, sending, retrying, decoding.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::Method;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use crate::decode::{Envelope, decode};
use crate::error::{
    ApiError, Error, RateHeaders, RateLimit, Result, X_RATELIMIT_RESET, header_u64,
};
use crate::pacing::{Pacer, Pacing};
use crate::request::Request;
use crate::retry::{Decision, Failure, RetryPolicy};

/// The API version sent as `Intercom-Version` unless another is chosen.
pub const DEFAULT_INTERCOM_VERSION: &str = "1.4";
/// How long a request may take, connecting and reading the whole body included, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest response body the client reads by default: 64 MiB, far above any page the API
/// sends (see [`ClientBuilder::max_body_size`]).
pub const DEFAULT_MAX_BODY_SIZE: u64 = 64 * 1024 * 1024;
/// The longest URL the client sends, in bytes (16 KiB). A longer one, such as a request with
/// a huge path or query value, or a `pages.next` link to one, is refused with
/// [`Error::InvalidRequest`] before anything is sent; HTTP servers and proxies commonly refuse
/// far shorter request lines anyway.
pub const MAX_URL_LENGTH: usize = 16 * 1024;
/// How much of a body the client reads and discards when the call needs none (`send_empty`),
/// so that the connection can be reused; past it the connection is closed instead.
const DRAIN_LIMIT: u64 = 64 * 1024;

const DEFAULT_USER_AGENT: &str = concat!("intercom-api-rust/", env!("CARGO_PKG_VERSION"));
const APPLICATION_JSON: &str = "application/json";
const INTERCOM_VERSION: HeaderName = HeaderName::from_static("intercom-version");

/// The region an Intercom workspace is hosted in, which decides the API host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Region {
    /// `https://api.intercom.io` (the default).
    Us,
    /// `https://api.eu.intercom.io`.
    Eu,
    /// `https://api.au.intercom.io`.
    Au,
}

impl Region {
    /// The API base URL of the region.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Us => "https://api.intercom.io",
            Region::Eu => "https://api.eu.intercom.io",
            Region::Au => "https://api.au.intercom.io",
        }
    }
}

/// The client runtime: configuration, authentication, sending, retrying and pacing.
///
/// Cheap to clone: clones share the connection pool and configuration. Programs use
/// `intercom_api::Client`, which derefs to this type and adds a method per operation of the
/// API.
///
/// ```no_run
/// # async fn run() -> intercom_api::Result<()> {
/// use intercom_api::{Client, Region};
///
/// let client = Client::new(std::env::var("INTERCOM_TOKEN").unwrap_or_default());
/// let eu = Client::builder()
///     .token("dG9rOmFiYw==")
///     .region(Region::Eu)
///     .timeout(std::time::Duration::from_secs(10))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    intercom_version: HeaderValue,
    timeout: Duration,
    max_body_size: u64,
    retry: RetryPolicy,
    /// The HTTP client, the `Authorization` header and the parsed base URL, or why they
    /// could not be made (reported by every send when [`Client::new`] could not make them).
    transport: std::result::Result<Transport, String>,
    last_rate_limit: Mutex<Option<RateLimit>>,
    /// The rate-limit window as the latest responses describe it, shared by every clone.
    pacer: Pacer,
}

struct Transport {
    http: reqwest::Client,
    /// The headers of every request, in this order: `Authorization`, `Accept`,
    /// `Intercom-Version` and, when one was set, `User-Agent`. Built once: a request starts
    /// from a copy, which costs no parsing, validating or hashing of names and values.
    headers: HeaderMap,
    base_url: Url,
    /// Whether every request carries the client's timeout itself: only with a caller's HTTP
    /// client, whose own timeout may differ. The one built here has it as its default
    /// timeout, which reqwest applies exactly as one set on the request, without giving each
    /// request a map of extensions to hold it.
    timeout_per_request: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("intercom_version", &inner.intercom_version)
            .field("timeout", &inner.timeout)
            .field("max_body_size", &inner.max_body_size)
            .field("retry_policy", &inner.retry)
            .field("pacing", &inner.pacer)
            .field("token", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// A successful response with its metadata, from [`Client::send_with_meta`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub body: T,
    /// The HTTP status.
    pub status: u16,
    /// The response's `X-RateLimit-*` headers, when present.
    pub rate_limit: Option<RateLimit>,
}

/// A 2xx response as it arrived.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// Whether the body is empty or all whitespace: a call that may answer with nothing did.
    pub(crate) fn is_empty(&self) -> bool {
        self.body.trim_ascii().is_empty()
    }
}

/// A response on its way: the same future for every response type.
pub(crate) type PendingResponse = Pin<Box<dyn Future<Output = Result<RawResponse>> + Send>>;

/// The future of a typed call: the response on its way, and the plain function that decodes
/// it. Only this small `poll` and the decode function are compiled per response type; the
/// async work is the one non-generic [`PendingResponse`].
pub(crate) struct Decoding<T> {
    response: PendingResponse,
    decode: fn(RawResponse) -> Result<T>,
}

impl<T> Future for Decoding<T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        let decode = self.decode;
        self.response
            .as_mut()
            .poll(cx)
            .map(|raw| raw.and_then(decode))
    }
}

/// The body of a 2xx response decoded as `T`; an empty body is a decode error.
pub(crate) fn decode_body<T: DeserializeOwned>(raw: RawResponse) -> Result<T> {
    decode(raw.status, &raw.body)
}

/// The body of a 2xx response decoded as `T`, with the status and rate-limit headers.
fn decode_with_meta<T: DeserializeOwned>(raw: RawResponse) -> Result<Response<T>> {
    Ok(Response {
        body: decode(raw.status, &raw.body)?,
        status: raw.status,
        rate_limit: raw.rate_limit,
    })
}

/// `None` for an empty (or all-whitespace) 2xx body, else the body decoded as `T`.
pub(crate) fn decode_optional<T: DeserializeOwned>(raw: RawResponse) -> Result<Option<T>> {
    if raw.is_empty() {
        return Ok(None);
    }
    decode(raw.status, &raw.body).map(Some)
}

/// The body of a 2xx response decoded as the list envelope `E`, or as one item wrapped.
pub(crate) fn decode_list_body<E: Envelope>(raw: RawResponse) -> Result<E> {
    E::decode_body(raw.status, &raw.body)
}

/// Whether the body of a 2xx response is needed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyMode {
    Read,
    Ignore,
}

impl Client {
    /// A client for the US region with the default settings and the access token `token`.
    ///
    /// Never fails: if the token cannot be sent as a header (it is empty or contains anything
    /// but visible ASCII characters), every request returns [`Error::InvalidRequest`]. Use
    /// [`Client::builder`] to get that error up front.
    ///
    /// ```no_run
    /// let client = intercom_api::Client::new("dG9rOmFiYw==");
    /// ```
    pub fn new(token: impl Into<String>) -> Client {
        let builder = Client::builder().token(token);
        let intercom_version = HeaderValue::from_static(DEFAULT_INTERCOM_VERSION);
        let transport = builder
            .transport(&intercom_version, None)
            .map_err(|err| err.to_string());
        Client {
            inner: Arc::new(Inner {
                base_url: match &transport {
                    Ok(transport) => transport.base_url.as_str().to_owned(),
                    Err(_) => Region::Us.base_url().to_owned(),
                },
                intercom_version,
                timeout: DEFAULT_TIMEOUT,
                max_body_size: DEFAULT_MAX_BODY_SIZE,
                retry: RetryPolicy::default(),
                transport,
                last_rate_limit: Mutex::new(None),
                pacer: Pacer::new(
                    Pacing::default(),
                    RetryPolicy::default().rate_limit_wait_cap(),
                ),
            }),
        }
    }

    /// A builder to configure the base URL or region, API version, timeout, user agent,
    /// retry policy, pacing or HTTP client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to; `pages.next` links are only followed on its origin.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The largest response body this client reads, in bytes.
    pub fn max_body_size(&self) -> u64 {
        self.inner.max_body_size
    }

    /// The parsed base URL, for following links.
    pub(crate) fn base(&self) -> Result<&Url> {
        self.transport().map(|transport| &transport.base_url)
    }

    fn transport(&self) -> Result<&Transport> {
        self.inner
            .transport
            .as_ref()
            .map_err(|message| Error::invalid(message.clone()))
    }

    /// The `X-RateLimit-*` headers of the most recent response that carried them, success or
    /// error, received by this client or any of its clones.
    ///
    /// With requests running concurrently, "most recent" is whichever finished last.
    ///
    /// ```no_run
    /// # async fn run(client: intercom_api::Client, req: intercom_api::request::Request) -> intercom_api::Result<()> {
    /// let _ = client.send::<serde_json::Value>(req).await?;
    /// if let Some(limit) = client.last_rate_limit() {
    ///     println!("{} of {} requests left", limit.remaining, limit.limit);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn last_rate_limit(&self) -> Option<RateLimit> {
        *self
            .inner
            .last_rate_limit
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sends `req` and decodes the JSON body as `T`.
    ///
    /// An empty 2xx body is an [`Error::Decode`]; use [`Client::send_optional`] where the API
    /// may answer with nothing.
    ///
    /// ```no_run
    /// # async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {
    /// use intercom_api::request::{Method, Request};
    ///
    /// let me: serde_json::Value = client.send(Request::new(Method::GET, "/me")).await?;
    /// # Ok(()) }
    /// ```
    pub fn send<T: DeserializeOwned>(&self, req: Request) -> impl Future<Output = Result<T>> {
        self.clone().decoding(req, decode_body::<T>)
    }

    /// Sends `req` and decodes the JSON body as `T`, keeping the status and rate-limit headers.
    pub fn send_with_meta<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Response<T>>> {
        self.clone().decoding(req, decode_with_meta::<T>)
    }

    /// Sends `req` and ignores the body of the 2xx response (for calls that answer with
    /// nothing, like `202 Accepted`).
    pub async fn send_empty(&self, req: Request) -> Result<()> {
        let prepared = self.prepare(&req, None)?;
        self.clone().execute(prepared, BodyMode::Ignore).await?;
        Ok(())
    }

    /// Sends `req`; an empty (or all-whitespace) 2xx body gives `None`, any other body is
    /// decoded as `T`.
    pub fn send_optional<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Option<T>>> {
        self.clone().decoding(req, decode_optional::<T>)
    }

    /// Sends `req` and decodes a list envelope `E`. When the API answers with a single
    /// object instead of a list (as some list calls do when filtered to one match), the body
    /// is decoded as `E::Item` and wrapped with [`Envelope::from_single`].
    pub fn send_list<E: Envelope>(&self, req: Request) -> impl Future<Output = Result<E>> {
        self.clone().decoding(req, decode_list_body::<E>)
    }

    /// Sends `req`, or the same method at `url` instead of the request's own URL, owning
    /// what it needs so that the future is `'static`.
    ///
    /// The future is boxed and of one type whatever the response is decoded as, so that the
    /// request's state machine (pacing, retries, reading the body) is compiled once instead
    /// of once per response type.
    pub(crate) fn execute_owned(
        self,
        req: Request,
        url: Option<Url>,
        mode: BodyMode,
    ) -> PendingResponse {
        match self.prepare(&req, url) {
            Ok(prepared) => Box::pin(self.execute(prepared, mode)),
            // Nothing to send: the error is the future's output, as it would be once polled.
            Err(err) => Box::pin(std::future::ready(Err(err))),
        }
    }

    /// Sends `req` and decodes the body with `decode` once it has arrived.
    pub(crate) fn decoding<T>(
        self,
        req: Request,
        decode: fn(RawResponse) -> Result<T>,
    ) -> Decoding<T> {
        Decoding {
            response: self.execute_owned(req, None, BodyMode::Read),
            decode,
        }
    }

    /// Works out, once for all attempts, what sending `req` (at `url` when given, else at its
    /// own URL under the base URL) takes, or why it cannot be sent.
    ///
    /// `url` has no credentials: the base URL may not carry any, nor may a `pages.next` link
    /// followed in its place (which would otherwise become a second `Authorization` header).
    fn prepare(&self, req: &Request, url: Option<Url>) -> Result<Prepared> {
        let transport = self.transport()?;
        let url = match url {
            Some(url) => url,
            None => req.url(&transport.base_url)?,
        };
        if url.as_str().len() > MAX_URL_LENGTH {
            return Err(Error::invalid(format!(
                "the URL of `{} {}` would be {} bytes long, more than the {MAX_URL_LENGTH} the \
                 client sends",
                req.method(),
                req.template(),
                url.as_str().len(),
            )));
        }
        Ok(Prepared {
            body: req.body()?,
            headers: req.header_map()?,
            method: req.method().clone(),
            template: req.template(),
            url,
        })
    }

    /// The request of one attempt: the client's headers, then a body's `Content-Type`, then
    /// the call's own headers, which replace any of the same name.
    fn request(&self, transport: &Transport, prepared: &Prepared) -> reqwest::Request {
        let mut request = reqwest::Request::new(prepared.method.clone(), prepared.url.clone());
        *request.headers_mut() = transport.headers.clone();
        if let Some(body) = &prepared.body {
            request
                .headers_mut()
                .append(CONTENT_TYPE, HeaderValue::from_static(APPLICATION_JSON));
            *request.body_mut() = Some(body.clone().into());
        }
        if !prepared.headers.is_empty() {
            request.headers_mut().extend(prepared.headers.clone());
        }
        if transport.timeout_per_request {
            *request.timeout_mut() = Some(self.inner.timeout);
        }
        request
    }

    /// Sends `prepared`, attempt after attempt as the retry policy says.
    ///
    /// The future is kept small, so that it fits the allocator's fast path (a larger one took
    /// a slower one on every call): only what every attempt needs lives across its awaits, the
    /// rare waits (for the pacing queue, before a retry) are boxed, and the response is read
    /// where it arrives instead of being moved into another future. An `async fn` would also
    /// keep a second copy of each argument; the `async move` block keeps one.
    #[expect(
        clippy::manual_async_fn,
        reason = "an async fn would store `prepared` twice in its future"
    )]
    fn execute(
        self,
        prepared: Prepared,
        mode: BodyMode,
    ) -> impl Future<Output = Result<RawResponse>> + Send + 'static {
        async move {
            let inner = &*self.inner;
            let transport = self.transport()?;
            let mut attempt: u32 = 0;
            loop {
                attempt = attempt.saturating_add(1);
                // Waits for the rate-limit window's budget, or gives up without sending.
                let permit = if let Some(decided) = inner.pacer.try_acquire() {
                    decided?
                } else {
                    Box::pin(inner.pacer.acquire()).await?
                };
                let span = tracing::info_span!(
                    "intercom.request",
                    method = %prepared.method,
                    path = prepared.template,
                    attempt,
                    status = tracing::field::Empty,
                );
                // Handed to reqwest inside the span, where it was handed over before, but
                // outside the future below, which then holds the small pending response
                // instead of the request.
                let request = self.request(transport, &prepared);
                let pending = span.in_scope(|| transport.http.execute(request));
                let outcome = async {
                    let mut response = match pending.await {
                        Ok(response) => response,
                        Err(err) => {
                            drop(permit);
                            return Outcome::Transport(err);
                        }
                    };
                    let rate = RateHeaders::read(response.headers());
                    permit.answered(rate);
                    self.read_response(&mut response, rate.rate_limit, mode)
                        .await
                }
                .instrument(span.clone())
                .await;
                // Successes, bodies over the limit and requests that could not be built are
                // final.
                let failure = match &outcome {
                    Outcome::Success(_) | Outcome::TooLarge { .. } => None,
                    Outcome::Status { api, headers } => Some(Failure::Status {
                        status: api.status,
                        headers,
                    }),
                    Outcome::Transport(err) if err.is_builder() => None,
                    Outcome::Transport(err) if err.is_connect() => Some(Failure::NotSent),
                    Outcome::Transport(_) => Some(Failure::Lost),
                };
                let Some(failure) = failure else {
                    return outcome.into_result(inner.timeout);
                };
                let decision = inner.retry.decide(
                    &prepared.method,
                    failure,
                    attempt,
                    SystemTime::now(),
                    fastrand::f64(),
                );
                let reason = outcome.describe();
                match decision {
                    Decision::Retry(delay) => {
                        drop(outcome);
                        let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
                        span.in_scope(|| {
                            tracing::info!(delay_ms, %reason, "retrying Intercom request");
                        });
                        Box::pin(tokio::time::sleep(delay)).await;
                    }
                    Decision::Stop => {
                        span.in_scope(|| tracing::debug!(%reason, "Intercom request failed"));
                        return outcome.into_result(inner.timeout);
                    }
                }
            }
        }
    }

    /// Reads the response of one attempt, whose `X-RateLimit-*` headers said `rate_limit`.
    ///
    /// The response is borrowed, so that the future of the call holds it once; it is dropped,
    /// with its connection when the body was not read to the end, as soon as this returns.
    async fn read_response(
        &self,
        response: &mut reqwest::Response,
        rate_limit: Option<RateLimit>,
        mode: BodyMode,
    ) -> Outcome {
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        if rate_limit.is_some() {
            *self
                .inner
                .last_rate_limit
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = rate_limit;
        }
        let limit = self.inner.max_body_size;
        if response.status().is_success() {
            let body = match mode {
                // The call has succeeded whatever happens to the rest of the body.
                BodyMode::Ignore => {
                    drain(response).await;
                    Bytes::new()
                }
                BodyMode::Read => match read_body(response, limit).await {
                    Body::Complete(body) => body,
                    Body::Lost(err, _) => return Outcome::Transport(err),
                    Body::TooLarge => return Outcome::TooLarge { status, limit },
                },
            };
            return Outcome::Success(RawResponse {
                status,
                rate_limit,
                body,
            });
        }
        // The status is what matters; a body cut short is reported as far as it arrived.
        let body = match read_body(response, limit).await {
            Body::Complete(body) | Body::Lost(_, body) => body,
            Body::TooLarge => return Outcome::TooLarge { status, limit },
        };
        // Taken once the body is read rather than copied before: reading it leaves the
        // headers as they were, and the future need not hold them across the wait.
        let headers = std::mem::take(response.headers_mut());
        let api = ApiError::from_response(status, &headers, &body);
        Outcome::Status {
            api: Box::new(api),
            headers,
        }
    }
}

/// What every attempt of a call sends, worked out before the first.
struct Prepared {
    method: Method,
    /// The path template, which the tracing span shows instead of the path.
    template: &'static str,
    url: Url,
    body: Option<Bytes>,
    /// The call's own header parameters (most calls have none).
    headers: HeaderMap,
}

/// What reading a response body gave.
enum Body {
    /// The whole body.
    Complete(Bytes),
    /// The connection failed; the part read before.
    Lost(reqwest::Error, Bytes),
    /// The body is larger than the limit; reading stopped (or never started).
    TooLarge,
}

/// Reads the body of `response`, chunk by chunk, stopping as soon as it exceeds `limit`
/// bytes. Dropping the response mid-body closes its connection.
///
/// The response is borrowed rather than moved in, so that the future of the call holds it
/// once instead of twice.
async fn read_body(response: &mut reqwest::Response, limit: u64) -> Body {
    let announced = response.content_length();
    if announced.is_some_and(|len| len > limit) {
        return Body::TooLarge;
    }
    // The common case, a body in one chunk, is kept without copying.
    let mut first: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    let mut total: u64 = 0;
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(err) => {
                let so_far = match first.take() {
                    Some(first) => first,
                    None => joined.freeze(),
                };
                return Body::Lost(err, so_far);
            }
        };
        total = total.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
        if total > limit {
            return Body::TooLarge;
        }
        if first.is_none() && joined.is_empty() {
            first = Some(chunk);
            continue;
        }
        if let Some(first) = first.take() {
            // Room for what was announced (never more than the limit), else for what came.
            let expected = announced.unwrap_or(total).max(total);
            joined.reserve(usize::try_from(expected).unwrap_or(0));
            joined.extend_from_slice(&first);
        }
        joined.extend_from_slice(&chunk);
    }
    Body::Complete(first.unwrap_or_else(|| joined.freeze()))
}

/// Reads and discards a body nobody needs, so that its connection can be reused; a body
/// larger than [`DRAIN_LIMIT`] (or announced as such), or one that fails, is dropped with its
/// connection instead. Nothing is kept.
async fn drain(response: &mut reqwest::Response) {
    if response
        .content_length()
        .is_some_and(|len| len > DRAIN_LIMIT)
    {
        return;
    }
    let mut total: u64 = 0;
    while let Ok(Some(chunk)) = response.chunk().await {
        total = total.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
        if total > DRAIN_LIMIT {
            return;
        }
    }
}

/// The result of one attempt.
enum Outcome {
    Success(RawResponse),
    Status {
        api: Box<ApiError>,
        headers: HeaderMap,
    },
    TooLarge {
        status: u16,
        limit: u64,
    },
    Transport(reqwest::Error),
}

impl Outcome {
    fn describe(&self) -> String {
        match self {
            Outcome::Success(raw) => format!("HTTP {}", raw.status),
            Outcome::Status { api, .. } => format!("HTTP {}", api.status),
            Outcome::TooLarge { status, .. } => format!("HTTP {status}, body over the limit"),
            Outcome::Transport(err) if err.is_builder() => "request not built".to_owned(),
            Outcome::Transport(err) if err.is_timeout() => "timeout".to_owned(),
            Outcome::Transport(err) if err.is_connect() => "could not connect".to_owned(),
            Outcome::Transport(_) => "connection lost".to_owned(),
        }
    }

    fn into_result(self, timeout: Duration) -> Result<RawResponse> {
        match self {
            Outcome::Success(raw) => Ok(raw),
            Outcome::Status { api, headers } if api.status == 429 => Err(Error::RateLimited {
                reset: header_u64(&headers, &X_RATELIMIT_RESET),
                error: api,
            }),
            Outcome::Status { api, .. } => Err(Error::Api(api)),
            Outcome::TooLarge { status, limit } => Err(Error::BodyTooLarge { status, limit }),
            // Nothing was sent; the URL is left out, since it may be the reason.
            Outcome::Transport(source) if source.is_builder() => Err(Error::invalid_with(
                "the HTTP client could not build the request",
                source.without_url(),
            )),
            Outcome::Transport(source) if source.is_timeout() => {
                Err(Error::Timeout { timeout, source })
            }
            Outcome::Transport(source) => Err(Error::Transport { source }),
        }
    }
}

/// Configures and builds a client: a [`Client`], or a type made from one (`C`, such as
/// `intercom_api::Client`).
///
/// ```no_run
/// use std::time::Duration;
/// use intercom_api::{Client, Pacing, RetryPolicy};
///
/// let client = Client::builder()
///     .token("dG9rOmFiYw==")
///     .base_url("https://api.intercom.io")
///     .intercom_version("1.4")
///     .timeout(Duration::from_secs(20))
///     .max_body_size(16 * 1024 * 1024)
///     .user_agent("my-app/1.0")
///     .retry_policy(RetryPolicy::new().max_attempts(4))
///     .pacing(Pacing::new().max_wait(Duration::from_secs(30)))
///     .build()?;
/// # Ok::<(), intercom_api::Error>(())
/// ```
pub struct ClientBuilder<C = Client> {
    token: Option<String>,
    base_url: Option<String>,
    intercom_version: Option<String>,
    timeout: Option<Duration>,
    max_body_size: Option<u64>,
    user_agent: Option<String>,
    retry: Option<RetryPolicy>,
    pacing: Option<Pacing>,
    http: Option<reqwest::Client>,
    output: PhantomData<fn() -> C>,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            token: None,
            base_url: None,
            intercom_version: None,
            timeout: None,
            max_body_size: None,
            user_agent: None,
            retry: None,
            pacing: None,
            http: None,
            output: PhantomData,
        }
    }
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            token: self.token.clone(),
            base_url: self.base_url.clone(),
            intercom_version: self.intercom_version.clone(),
            timeout: self.timeout,
            max_body_size: self.max_body_size,
            user_agent: self.user_agent.clone(),
            retry: self.retry.clone(),
            pacing: self.pacing,
            http: self.http.clone(),
            output: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("intercom_version", &self.intercom_version)
            .field("timeout", &self.timeout)
            .field("max_body_size", &self.max_body_size)
            .field("user_agent", &self.user_agent)
            .field("retry_policy", &self.retry)
            .field("pacing", &self.pacing)
            .field("http_client", &self.http.as_ref().map(|_| "<custom>"))
            .finish()
    }
}

impl<C> ClientBuilder<C> {
    /// The access token, sent as `Authorization: Bearer <token>` (required). Surrounding
    /// whitespace is removed. It never appears in `Debug` output or logs.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The API base URL (default `https://api.intercom.io`); it may carry a path prefix.
    /// Overrides [`ClientBuilder::region`] when both are set, whichever came last.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_owned());
        self
    }

    /// Uses the API host of `region`.
    pub fn region(mut self, region: Region) -> Self {
        self.base_url = Some(region.base_url().to_owned());
        self
    }

    /// The `Intercom-Version` header (default `"1.4"`).
    pub fn intercom_version(mut self, version: impl Into<String>) -> Self {
        self.intercom_version = Some(version.into());
        self
    }

    /// How long one attempt may take, from connecting to the end of the response body
    /// (default 30 seconds). Retries each get the full timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The largest response body the client reads, in bytes (default
    /// [`DEFAULT_MAX_BODY_SIZE`], 64 MiB). The limit is enforced while reading: a body that
    /// announces more with `Content-Length` is not read at all, and one that grows past it is
    /// abandoned there, its connection closed. Either way the call fails with
    /// [`Error::BodyTooLarge`], which is not retried. Error responses are held to the same limit.
    ///
    /// Calls that need no body ([`Client::send_empty`]) read and discard at most 64 KiB of
    /// one and otherwise close the connection; they never keep it.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// The `User-Agent` header (default `intercom-api-rust/<version>`, unless a custom HTTP
    /// client is given, whose own user agent is then kept).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Which failures are retried and how (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// How requests are paced to the API's rate limit (default [`Pacing::default`]: on, waiting
    /// at most the retry policy's
    /// [`max_rate_limit_wait`](RetryPolicy::max_rate_limit_wait)). Every clone of the client
    /// shares one budget.
    pub fn pacing(mut self, pacing: Pacing) -> Self {
        self.pacing = Some(pacing);
        self
    }

    /// Sends requests with this `reqwest` client (for proxies, custom TLS roots, …) instead of
    /// one built here. The client's timeout and headers still apply per request.
    ///
    /// The client built here follows no redirects; a custom client keeps its own policy
    /// (`reqwest` drops the `Authorization` header on redirects to another host).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client, checking every setting.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when no token was set, the token contains anything but
    /// visible ASCII characters (the error never shows the token), another header value
    /// contains characters a header cannot carry, the base URL is not an `http(s)` URL with
    /// a host and no query, fragment or credentials, or the HTTP client cannot be built.
    pub fn build(self) -> Result<C>
    where
        C: From<Client>,
    {
        self.build_client().map(C::from)
    }

    fn build_client(self) -> Result<Client> {
        let intercom_version = HeaderValue::from_str(
            self.intercom_version
                .as_deref()
                .unwrap_or(DEFAULT_INTERCOM_VERSION),
        )
        .map_err(|err| {
            Error::invalid_with("the Intercom-Version is not a valid header value", err)
        })?;
        let user_agent = self
            .user_agent
            .as_deref()
            .map(HeaderValue::from_str)
            .transpose()
            .map_err(|err| {
                Error::invalid_with("the user agent is not a valid header value", err)
            })?;
        let transport = self.transport(&intercom_version, user_agent.as_ref())?;
        let retry = self.retry.unwrap_or_default();
        let pacer = Pacer::new(self.pacing.unwrap_or_default(), retry.rate_limit_wait_cap());
        Ok(Client {
            inner: Arc::new(Inner {
                base_url: transport.base_url.as_str().to_owned(),
                intercom_version,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                max_body_size: self.max_body_size.unwrap_or(DEFAULT_MAX_BODY_SIZE),
                retry,
                transport: Ok(transport),
                last_rate_limit: Mutex::new(None),
                pacer,
            }),
        })
    }

    fn transport(
        &self,
        intercom_version: &HeaderValue,
        user_agent: Option<&HeaderValue>,
    ) -> Result<Transport> {
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(Region::Us.base_url()))?;
        let token = self
            .token
            .as_deref()
            .map(str::trim)
            .ok_or_else(|| Error::invalid("no access token was set"))?;
        if token.is_empty() {
            return Err(Error::invalid("the access token is empty"));
        }
        // Tokens are base64-like; anything else (a non-ASCII letter, a space, a control
        // character) is a copy-paste accident, and would go out as raw bytes.
        if let Some(position) = token.chars().position(|c| !c.is_ascii_graphic()) {
            return Err(Error::invalid(format!(
                "the access token contains a character that is not visible ASCII (character \
                 {} of {}); an HTTP header cannot carry it",
                position + 1,
                token.chars().count()
            )));
        }
        // The error is not kept as a source: it would not show the token, but nothing about
        // the token needs to travel further than this message.
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                Error::invalid("the access token contains characters an HTTP header cannot carry")
            })?;
        authorization.set_sensitive(true);
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let http = match &self.http {
            Some(http) => http.clone(),
            None => reqwest::Client::builder()
                .user_agent(self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT))
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(timeout)
                .timeout(timeout)
                .build()
                .map_err(|err| Error::invalid_with("the HTTP client could not be built", err))?,
        };
        let mut headers = HeaderMap::with_capacity(4);
        headers.append(AUTHORIZATION, authorization);
        headers.append(ACCEPT, HeaderValue::from_static(APPLICATION_JSON));
        headers.append(INTERCOM_VERSION, intercom_version.clone());
        if let Some(user_agent) = user_agent {
            headers.append(USER_AGENT, user_agent.clone());
        }
        Ok(Transport {
            http,
            headers,
            base_url,
            timeout_per_request: self.http.is_some(),
        })
    }
}

fn parse_base_url(text: &str) -> Result<Url> {
    let url = Url::parse(text)
        .map_err(|err| Error::invalid_with(format!("the base URL `{text}` is not a URL"), err))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Error::invalid(format!(
            "the base URL `{text}` must be an http or https URL with a host"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid(format!(
            "the base URL `{text}` must not have a query or fragment"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid(
            "the base URL must not carry credentials; use the token",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_redacts_the_token() {
        let token = "c2VjcmV0LXRva2Vu";
        let builder = Client::builder().token(token);
        assert!(!format!("{builder:?}").contains(token));
        let client = builder.build().map_err(|err| err.to_string());
        assert!(!format!("{client:?}").contains(token));
        assert!(!format!("{:?}", Client::new(token)).contains(token));
    }

    #[test]
    fn builder_rejects_bad_settings() {
        let invalid = |b: ClientBuilder| matches!(b.build(), Err(Error::InvalidRequest { .. }));
        assert!(invalid(Client::builder()));
        assert!(invalid(Client::builder().token("   ")));
        assert!(invalid(Client::builder().token("a\nb")));
        assert!(invalid(Client::builder().token("t").base_url("not a url")));
        assert!(invalid(Client::builder().token("t").base_url("ftp://x.io")));
        assert!(invalid(
            Client::builder().token("t").base_url("http://x.io/?a=1")
        ));
        assert!(invalid(
            Client::builder().token("t").base_url("http://u:p@x.io")
        ));
        assert!(invalid(
            Client::builder().token("t").intercom_version("1\n4")
        ));
        assert!(!invalid(Client::builder().token("t").region(Region::Au)));
    }

    #[test]
    fn bad_token_error_does_not_show_the_token() {
        let token = "secret\ntoken";
        let Err(err) = Client::builder().token(token).build() else {
            panic!("a token with a newline must be rejected");
        };
        assert!(!err.to_string().contains("secret"));
        assert!(!format!("{err:?}").contains("secret"));
    }
}
