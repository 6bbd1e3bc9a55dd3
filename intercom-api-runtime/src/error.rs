//! The one error type of the crate, and the rate-limit headers.
//!
//! Every fallible call returns [`crate::Result`]. [`Error`] says what went wrong: the
//! connection failed ([`Error::Transport`]), the request took too long ([`Error::Timeout`]),
//! the API answered with an error ([`Error::Api`], [`Error::RateLimited`]), the answer could
//! not be decoded ([`Error::Decode`]) or was larger than the client reads
//! ([`Error::BodyTooLarge`]), or the request could not be built ([`Error::InvalidRequest`]).
//!
//! Text that comes from the server (error messages, codes, fields, request ids, bodies, URLs)
//! is cut to a few hundred characters, marked with `…`, in every `Display` and `Debug`
//! output, so a hostile or broken server cannot make an error message huge. The fields
//! themselves keep what arrived.

use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{AsHeaderName, HeaderMap, HeaderName, HeaderValue};

/// `Result<T, intercom_api::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many characters of a response body an error message shows.
const BODY_SNIPPET_CHARS: usize = 512;
/// How many characters of one piece of server text (a message, code, field or request id) an
/// error message shows.
const PIECE_CHARS: usize = 300;
/// How many `errors[]` entries an error message shows.
const ENTRIES_SHOWN: usize = 10;
/// How many characters of any other message (an HTTP client error with its URL, a request
/// that could not be built) an error message shows.
const MESSAGE_CHARS: usize = 1024;

/// Everything that can go wrong when talking to the Intercom API.
///
/// Match on the variant for details, or use the helpers ([`Error::status`], [`Error::code`],
/// [`Error::request_id`], [`Error::rate_limit`], [`Error::is_retryable`]) that work across
/// variants.
///
/// ```no_run
/// # async fn run(client: intercom_api::Client, req: intercom_api::request::Request) {
/// use intercom_api::Error;
///
/// match client.send_with_meta::<serde_json::Value>(req).await {
///     Ok(response) => println!("{}", response.body),
///     Err(Error::Api(api)) if api.status == 404 => println!("not found"),
///     Err(err @ Error::RateLimited { .. }) => println!("slow down: {err}"),
///     Err(err) => println!("failed: {err} (code {:?})", err.code()),
/// }
/// # }
/// ```
#[non_exhaustive]
pub enum Error {
    /// The request or its response was lost on the way: the connection could not be opened,
    /// was reset, or closed before the whole response body arrived.
    Transport {
        /// The underlying HTTP client error.
        source: reqwest::Error,
    },
    /// No complete response arrived within the client's timeout.
    Timeout {
        /// The timeout that was exceeded.
        timeout: Duration,
        /// The underlying HTTP client error.
        source: reqwest::Error,
    },
    /// The API answered with a status outside 2xx (other than a final 429, which is
    /// [`Error::RateLimited`]).
    Api(Box<ApiError>),
    /// The API answered 429 and the client did not wait for the limit to reset: the wait would
    /// have exceeded [`RetryPolicy::max_rate_limit_wait`](crate::RetryPolicy::max_rate_limit_wait),
    /// or the attempts allowed by the retry policy were used up.
    ///
    /// Also returned, without sending anything, when [pacing](crate::Pacing) finds the rate-limit
    /// window's budget spent and the request would have to wait longer than
    /// [`Pacing::max_wait`](crate::Pacing::max_wait) for its turn. Then `error` is made by the
    /// client: status 429, code `rate_limit_exceeded`, the window's rate limit, no request id
    /// and an empty body.
    RateLimited {
        /// When the limit resets, in Unix seconds (`X-RateLimit-Reset`), when the response said.
        reset: Option<u64>,
        /// The 429 response itself.
        error: Box<ApiError>,
    },
    /// A 2xx response whose body is not the JSON that was expected (an empty body included).
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// The start of the response body (at most 512 characters, lossily decoded as UTF-8).
        body: String,
        /// What the JSON decoder reported.
        source: serde_json::Error,
    },
    /// A response body was larger than the client's limit
    /// ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size)). Reading
    /// stopped at the limit (or before reading, when `Content-Length` announced more) and the
    /// connection was closed. Never retried: the same request would get the same body.
    BodyTooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The request could not be made: a bad base URL or header value, a body that failed to
    /// serialize, a path parameter that cannot be one URL segment, a URL longer than
    /// [`MAX_URL_LENGTH`](crate::MAX_URL_LENGTH), or a `pages.next` link that leaves the base
    /// URL's origin, carries credentials or a fragment, or leads back to a page already read.
    /// Nothing was sent.
    InvalidRequest {
        /// What was wrong.
        message: String,
        /// The underlying error, when there is one.
        source: Option<Box<dyn StdError + Send + Sync + 'static>>,
    },
}

impl Error {
    /// An [`Error::InvalidRequest`]; a message longer than a screenful is cut.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            message: cut_owned(message.into(), MESSAGE_CHARS),
            source: None,
        }
    }

    pub(crate) fn invalid_with(
        message: impl Into<String>,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        Error::InvalidRequest {
            message: cut_owned(message.into(), MESSAGE_CHARS),
            source: Some(Box::new(source)),
        }
    }

    pub(crate) fn decode(status: u16, body: &[u8], source: serde_json::Error) -> Self {
        // Only the start is decoded: a body may be as large as the client's limit.
        let head = &body[..body.len().min(BODY_SNIPPET_CHARS * 4)];
        let mut text = snippet(&String::from_utf8_lossy(head));
        if head.len() < body.len() && !text.ends_with('…') {
            text.push('…');
        }
        Error::Decode {
            status,
            body: text,
            source,
        }
    }

    /// The API error response behind this error, for [`Error::Api`] and [`Error::RateLimited`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) | Error::RateLimited { error: api, .. } => Some(api),
            _ => None,
        }
    }

    /// The HTTP status of the response, when one arrived.
    ///
    /// ```no_run
    /// # fn check(err: &intercom_api::Error) {
    /// if err.status() == Some(404) {
    ///     println!("no such object");
    /// }
    /// # }
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) | Error::RateLimited { error: api, .. } => Some(api.status),
            Error::Decode { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The code of the first `errors[]` entry of an API error (`not_found`,
    /// `rate_limit_exceeded`, …); see [`ApiError::errors`] for all of them.
    pub fn code(&self) -> Option<&str> {
        self.api_error()?
            .errors
            .iter()
            .find_map(|entry| entry.code.as_deref())
    }

    /// The `request_id` of an API error response, when it had one.
    pub fn request_id(&self) -> Option<&str> {
        self.api_error()?.request_id.as_deref()
    }

    /// The `X-RateLimit-*` headers of the error response, when it carried them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.api_error()?.rate_limit
    }

    /// Whether sending the same request again later may succeed: connection failures,
    /// timeouts, rate limiting and the server-side statuses 500, 502, 503 and 504.
    ///
    /// This says nothing about whether a retry is *safe*: the client's own retries also look
    /// at the HTTP method (see [`RetryPolicy`](crate::RetryPolicy)).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } | Error::Timeout { .. } | Error::RateLimited { .. } => true,
            Error::Api(api) => matches!(api.status, 429 | 500 | 502 | 503 | 504),
            Error::Decode { .. } | Error::BodyTooLarge { .. } | Error::InvalidRequest { .. } => {
                false
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport { source } => {
                let text = Cut(source, MESSAGE_CHARS);
                if source.is_connect() {
                    write!(f, "could not connect to the Intercom API: {text}")?;
                } else if source.is_body() || source.is_decode() {
                    write!(
                        f,
                        "the connection to the Intercom API was lost while reading the response body"
                    )?;
                } else {
                    write!(f, "the connection to the Intercom API failed: {text}")?;
                }
                write_root_cause(f, source)
            }
            Error::Timeout { timeout, source } => {
                write!(
                    f,
                    "the Intercom API did not answer within {timeout:?}: {}",
                    Cut(source, MESSAGE_CHARS)
                )?;
                write_root_cause(f, source)
            }
            Error::Api(api) => write!(f, "{api}"),
            Error::RateLimited { reset, error } => {
                write!(
                    f,
                    "rate limited by the Intercom API (HTTP {})",
                    error.status
                )?;
                match reset {
                    Some(reset) => write!(f, "; the limit resets at Unix time {reset}")?,
                    None => write!(f, "; the response did not say when the limit resets")?,
                }
                if let Some(id) = &error.request_id {
                    write!(f, " (request id {})", Cut(id, PIECE_CHARS))?;
                }
                Ok(())
            }
            Error::BodyTooLarge { status, limit } => write!(
                f,
                "the response body (HTTP {status}) is larger than the {limit} bytes the client \
                 reads; it was not read further"
            ),
            Error::Decode {
                status,
                body,
                source,
            } => {
                if body.trim().is_empty() {
                    write!(
                        f,
                        "the response body (HTTP {status}) was empty, but a JSON value was expected"
                    )
                } else {
                    write!(
                        f,
                        "could not decode the response body (HTTP {status}): {source}; the body was: {body}"
                    )
                }
            }
            Error::InvalidRequest { message, source } => {
                write!(f, "invalid request: {}", Cut(message, MESSAGE_CHARS))?;
                if let Some(source) = source {
                    write!(f, ": {}", Cut(source, MESSAGE_CHARS))?;
                }
                Ok(())
            }
        }
    }
}

/// Like a derived `Debug`, with every piece of text cut as in `Display`.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport { source } => f
                .debug_struct("Transport")
                .field("source", &CutDebug(source, MESSAGE_CHARS))
                .finish(),
            Error::Timeout { timeout, source } => f
                .debug_struct("Timeout")
                .field("timeout", timeout)
                .field("source", &CutDebug(source, MESSAGE_CHARS))
                .finish(),
            Error::Api(api) => f.debug_tuple("Api").field(api).finish(),
            Error::RateLimited { reset, error } => f
                .debug_struct("RateLimited")
                .field("reset", reset)
                .field("error", error)
                .finish(),
            Error::Decode {
                status,
                body,
                source,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("body", &CutDebug(body, BODY_SNIPPET_CHARS))
                .field("source", &CutDebug(source, MESSAGE_CHARS))
                .finish(),
            Error::BodyTooLarge { status, limit } => f
                .debug_struct("BodyTooLarge")
                .field("status", status)
                .field("limit", limit)
                .finish(),
            Error::InvalidRequest { message, source } => f
                .debug_struct("InvalidRequest")
                .field("message", &CutDebug(message, MESSAGE_CHARS))
                .field(
                    "source",
                    &source
                        .as_ref()
                        .map(|source| CutDebug(source, MESSAGE_CHARS)),
                )
                .finish(),
        }
    }
}

/// Displays a value, cut to at most `.1` characters with `…` when something was cut.
struct Cut<'a, T: ?Sized>(&'a T, usize);

impl<T: fmt::Display + ?Sized> fmt::Display for Cut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Bounded::new(f, self.1);
        // An error here only means the limit was reached.
        let _ = fmt::write(&mut out, format_args!("{}", self.0));
        out.finish()
    }
}

/// Debug-formats a value, cut to at most `.1` characters with `…` when something was cut.
struct CutDebug<'a, T: ?Sized>(&'a T, usize);

impl<T: fmt::Debug + ?Sized> fmt::Debug for CutDebug<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Bounded::new(f, self.1);
        let _ = fmt::write(&mut out, format_args!("{:?}", self.0));
        out.finish()
    }
}

/// A writer that passes on at most `left` characters and remembers whether more came, so a
/// huge value is never formatted in full.
struct Bounded<'a, 'f> {
    f: &'a mut fmt::Formatter<'f>,
    left: usize,
    cut: bool,
    failed: bool,
}

impl<'a, 'f> Bounded<'a, 'f> {
    fn new(f: &'a mut fmt::Formatter<'f>, limit: usize) -> Self {
        Bounded {
            f,
            left: limit,
            cut: false,
            failed: false,
        }
    }

    fn finish(self) -> fmt::Result {
        if self.failed {
            return Err(fmt::Error);
        }
        if self.cut {
            self.f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Write for Bounded<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.cut {
            return Err(fmt::Error);
        }
        let end = match s.char_indices().nth(self.left) {
            Some((end, _)) => {
                self.cut = true;
                end
            }
            None => s.len(),
        };
        self.left = self.left.saturating_sub(s[..end].chars().count());
        if self.f.write_str(&s[..end]).is_err() {
            self.failed = true;
            return Err(fmt::Error);
        }
        if self.cut { Err(fmt::Error) } else { Ok(()) }
    }
}

/// Appends the innermost cause of `err`, which `reqwest` keeps out of its own message.
fn write_root_cause(f: &mut fmt::Formatter<'_>, err: &(dyn StdError + 'static)) -> fmt::Result {
    let mut cause = err.source();
    let mut root = None;
    while let Some(next) = cause {
        root = Some(next);
        cause = next.source();
    }
    match root {
        Some(root) => write!(f, " ({})", Cut(root, MESSAGE_CHARS)),
        None => Ok(()),
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Transport { source } | Error::Timeout { source, .. } => Some(source),
            Error::Decode { source, .. } => Some(source),
            Error::InvalidRequest { source, .. } => source
                .as_deref()
                .map(|source| source as &(dyn StdError + 'static)),
            Error::Api(_) | Error::RateLimited { .. } | Error::BodyTooLarge { .. } => None,
        }
    }
}

/// An error response of the API: any status outside 2xx.
///
/// Intercom error bodies look like
/// `{"type":"error.list","request_id":"…","errors":[{"code":"…","message":"…","field":"…"}]}`,
/// but proxies and gateways also answer with HTML or nothing at all: then
/// [`errors`](ApiError::errors) is empty and [`body`](ApiError::body) holds what arrived.
///
/// `Display` and `Debug` show at most 10 entries and cut each message, code, field, request
/// id and the body to a few hundred characters; the fields keep everything that arrived (the
/// body is never larger than the client's
/// [`max_body_size`](crate::ClientBuilder::max_body_size)).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// Every entry of the body's `errors` array, in order.
    pub errors: Vec<ApiErrorEntry>,
    /// The body's `request_id`, when present and not null.
    pub request_id: Option<String>,
    /// The response's `X-RateLimit-*` headers, when present.
    pub rate_limit: Option<RateLimit>,
    /// The whole response body, lossily decoded as UTF-8.
    pub body: String,
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("errors", &Entries(&self.errors))
            .field(
                "request_id",
                &self.request_id.as_ref().map(|id| CutDebug(id, PIECE_CHARS)),
            )
            .field("rate_limit", &self.rate_limit)
            .field("body", &CutDebug(&self.body, BODY_SNIPPET_CHARS))
            .finish()
    }
}

/// The first [`ENTRIES_SHOWN`] entries, then how many more there are.
struct Entries<'a>(&'a [ApiErrorEntry]);

impl fmt::Debug for Entries<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        list.entries(self.0.iter().take(ENTRIES_SHOWN));
        if let Some(more) = self.0.len().checked_sub(ENTRIES_SHOWN).filter(|n| *n > 0) {
            list.entry(&format_args!("… {more} more"));
        }
        list.finish()
    }
}

impl ApiError {
    /// Reads an error response. Never fails: an unreadable body leaves `errors` empty.
    pub(crate) fn from_response(status: u16, headers: &HeaderMap, body: &[u8]) -> Self {
        let mut errors = Vec::new();
        let mut request_id = None;
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(body) {
            request_id = map.get("request_id").and_then(scalar_string);
            if let Some(serde_json::Value::Array(entries)) = map.get("errors") {
                errors = entries
                    .iter()
                    .filter_map(ApiErrorEntry::from_json)
                    .collect();
            }
        }
        ApiError {
            status,
            errors,
            request_id,
            rate_limit: RateLimit::from_headers(headers),
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the Intercom API answered HTTP {}", self.status)?;
        if self.errors.is_empty() {
            let body = self.body.trim();
            if body.is_empty() {
                write!(f, " with an empty body")?;
            } else {
                write!(
                    f,
                    " without an error list; the body was: {}",
                    Cut(body, BODY_SNIPPET_CHARS)
                )?;
            }
        } else {
            for (index, entry) in self.errors.iter().take(ENTRIES_SHOWN).enumerate() {
                f.write_str(if index == 0 { ": " } else { "; " })?;
                write!(f, "{entry}")?;
            }
            if let Some(more) = self
                .errors
                .len()
                .checked_sub(ENTRIES_SHOWN)
                .filter(|n| *n > 0)
            {
                write!(f, "; and {more} more")?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", Cut(id, PIECE_CHARS))?;
        }
        Ok(())
    }
}

/// One entry of an error response's `errors` array.
///
/// `Display` and `Debug` cut each piece to a few hundred characters; the fields keep it all.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiErrorEntry {
    /// The entry's `code` (`not_found`, `parameter_invalid`, …), or its `type` when it has no
    /// code, as some responses do.
    pub code: Option<String>,
    /// The human-readable `message`.
    pub message: Option<String>,
    /// The request `field` the entry is about, when it names one.
    pub field: Option<String>,
}

impl ApiErrorEntry {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        let map = value.as_object()?;
        let code = map
            .get("code")
            .and_then(scalar_string)
            .or_else(|| map.get("type").and_then(scalar_string));
        Some(ApiErrorEntry {
            code,
            message: map.get("message").and_then(scalar_string),
            field: map.get("field").and_then(scalar_string),
        })
    }
}

impl fmt::Display for ApiErrorEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let piece = |text| Cut(text, PIECE_CHARS);
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, "{}: {}", piece(code), piece(message))?,
            (Some(code), None) => write!(f, "{}", piece(code))?,
            (None, Some(message)) => write!(f, "{}", piece(message))?,
            (None, None) => f.write_str("unspecified error")?,
        }
        if let Some(field) = &self.field {
            write!(f, " (field `{}`)", piece(field))?;
        }
        Ok(())
    }
}

impl fmt::Debug for ApiErrorEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn piece(text: &Option<String>) -> Option<CutDebug<'_, String>> {
            text.as_ref().map(|text| CutDebug(text, PIECE_CHARS))
        }
        f.debug_struct("ApiErrorEntry")
            .field("code", &piece(&self.code))
            .field("message", &piece(&self.message))
            .field("field", &piece(&self.field))
            .finish()
    }
}

/// A JSON string, number or boolean as text; `None` for null, arrays and objects.
fn scalar_string(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The start of `text`, cut at a character boundary, with `…` when something was cut.
pub(crate) fn snippet(text: &str) -> String {
    cut(text, BODY_SNIPPET_CHARS)
}

/// The first `chars` characters of `text`, with `…` when something was cut.
pub(crate) fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// [`cut`], reusing `text` when nothing is cut.
fn cut_owned(text: String, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some(_) => cut(&text, chars),
        None => text,
    }
}

/// The `X-RateLimit-*` headers of a response.
///
/// Intercom sends them on every response. Read them on errors with [`Error::rate_limit`],
/// on successes with [`Client::last_rate_limit`](crate::Client::last_rate_limit) or
/// [`Response::rate_limit`](crate::Response::rate_limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: requests allowed per window.
    pub limit: u64,
    /// `X-RateLimit-Remaining`: requests left in the current window.
    pub remaining: u64,
    /// `X-RateLimit-Reset`: when the window resets, in Unix seconds.
    pub reset: u64,
}

impl RateLimit {
    /// Reads the three `X-RateLimit-*` headers; `None` unless all three are present and are
    /// non-negative integers.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        RateHeaders::read(headers).rate_limit
    }

    /// [`reset`](RateLimit::reset) as a point in time.
    pub fn reset_at(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.reset)
    }
}

// Looking a header up by a `&str` name parses and checks the name each time, by a
// `HeaderName` it is only hashed.
/// `X-RateLimit-Reset`.
pub(crate) const X_RATELIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");
/// `X-RateLimit-Reset-Ms`, which intercom-mock adds beside `X-RateLimit-Reset`: the window's
/// end in Unix milliseconds. Intercom does not send it.
pub(crate) const X_RATELIMIT_RESET_MS: HeaderName = HeaderName::from_static("x-ratelimit-reset-ms");

/// A header holding a non-negative integer (surrounding whitespace allowed).
pub(crate) fn header_u64(headers: &HeaderMap, name: impl AsHeaderName) -> Option<u64> {
    headers.get(name).and_then(value_u64)
}

/// A header value holding a non-negative integer (surrounding whitespace allowed).
fn value_u64(value: &HeaderValue) -> Option<u64> {
    value.to_str().ok()?.trim().parse().ok()
}

/// What the `X-RateLimit-*` headers of one response say, for [`RateLimit`] and pacing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RateHeaders {
    /// `Limit`, `Remaining` and `Reset`, when all three are there and are integers.
    pub(crate) rate_limit: Option<RateLimit>,
    /// [`X_RATELIMIT_RESET_MS`], when it is there and is an integer.
    pub(crate) reset_ms: Option<u64>,
}

impl RateHeaders {
    /// Reads the headers in one pass over them. Every response is read, and a lookup by
    /// name hashes the name, which for these four costs more than comparing each of the
    /// few headers of a response with them. A repeated header counts with its first value,
    /// as `HeaderMap::get` would give it.
    pub(crate) fn read(headers: &HeaderMap) -> RateHeaders {
        let mut found: [Option<&HeaderValue>; 4] = [None; 4];
        for (name, value) in headers {
            let slot = match name.as_str() {
                "x-ratelimit-limit" => 0,
                "x-ratelimit-remaining" => 1,
                "x-ratelimit-reset" => 2,
                "x-ratelimit-reset-ms" => 3,
                _ => continue,
            };
            if let Some(first) = found.get_mut(slot) {
                first.get_or_insert(value);
            }
        }
        let [limit, remaining, reset, reset_ms] = found.map(|value| value.and_then(value_u64));
        RateHeaders {
            rate_limit: match (limit, remaining, reset) {
                (Some(limit), Some(remaining), Some(reset)) => Some(RateLimit {
                    limit,
                    remaining,
                    reset,
                }),
                _ => None,
            },
            reset_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn error_entries_use_type_when_code_is_missing() {
        let body = br#"{"type":"error.list","request_id":null,"errors":[
            {"type":"not_found","message":"User Not Found"},
            {"code":"parameter_invalid","message":"Email is invalid","field":"email"}]}"#;
        let api = ApiError::from_response(404, &HeaderMap::new(), body);
        assert_eq!(api.request_id, None);
        assert_eq!(api.errors.len(), 2);
        assert_eq!(api.errors[0].code.as_deref(), Some("not_found"));
        assert_eq!(api.errors[1].field.as_deref(), Some("email"));
        assert_eq!(
            api.to_string(),
            "the Intercom API answered HTTP 404: not_found: User Not Found; \
             parameter_invalid: Email is invalid (field `email`)"
        );
    }

    #[test]
    fn rate_limit_needs_all_three_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("500"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("499"));
        assert_eq!(RateLimit::from_headers(&headers), None);
        headers.insert(
            "x-ratelimit-reset",
            HeaderValue::from_static(" 1700000000 "),
        );
        assert_eq!(
            RateLimit::from_headers(&headers),
            Some(RateLimit {
                limit: 500,
                remaining: 499,
                reset: 1_700_000_000
            })
        );
    }

    #[test]
    fn rate_headers_read_in_one_pass_are_the_ones_looked_up() {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.insert("X-RateLimit-Limit", HeaderValue::from_static("500"));
        headers.append("x-ratelimit-limit", HeaderValue::from_static("7"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("\t499 "));
        headers.insert("x-request-id", HeaderValue::from_static("abc"));
        assert_eq!(RateHeaders::read(&headers), RateHeaders::default());
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("1700000000"));
        headers.insert("x-ratelimit-reset-ms", HeaderValue::from_static("x"));
        let read = RateHeaders::read(&headers);
        let looked_up = |name: &str| header_u64(&headers, name);
        assert_eq!(
            read.rate_limit,
            Some(RateLimit {
                limit: 500,
                remaining: 499,
                reset: 1_700_000_000
            })
        );
        assert_eq!(
            read.rate_limit
                .map(|r| (Some(r.limit), Some(r.remaining), Some(r.reset))),
            Some((
                looked_up("x-ratelimit-limit"),
                looked_up("x-ratelimit-remaining"),
                looked_up("x-ratelimit-reset")
            ))
        );
        assert_eq!(read.reset_ms, None);
        headers.insert(
            "x-ratelimit-reset-ms",
            HeaderValue::from_static("1699999999500"),
        );
        assert_eq!(
            RateHeaders::read(&headers).reset_ms,
            Some(1_699_999_999_500)
        );
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("-1"));
        assert_eq!(RateHeaders::read(&headers).rate_limit, None);
    }

    #[test]
    fn snippet_cuts_at_a_character_boundary() {
        let long = "é".repeat(BODY_SNIPPET_CHARS + 10);
        let cut = snippet(&long);
        assert_eq!(cut.chars().count(), BODY_SNIPPET_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(snippet("short"), "short");
    }
}
