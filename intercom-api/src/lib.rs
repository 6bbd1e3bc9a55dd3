//! Typed async client for the Intercom REST API 1.x.
//!
//! ```no_run
//! # async fn run() -> intercom_api::Result<()> {
//! use intercom_api::{Client, RetryPolicy};
//!
//! let client = Client::builder()
//!     .token(std::env::var("INTERCOM_TOKEN").unwrap_or_default())
//!     .retry_policy(RetryPolicy::new().max_attempts(4))
//!     .build()?;
//! # Ok(()) }
//! ```
//!
//! # Behaviour
//!
//! - **Authentication**: `Authorization: Bearer <token>`. The token is redacted from every
//!   `Debug` output and never logged.
//! - **Headers**: `Accept: application/json`, `Content-Type: application/json` on bodies,
//!   `Intercom-Version` (default `1.4`), a `User-Agent`.
//! - **Errors**: one [`Error`] type. API errors keep the status, every `errors[]` entry, the
//!   request id, the rate-limit headers and the raw body.
//! - **Rate limits**: the `X-RateLimit-*` headers of the latest response are available from
//!   [`Client::last_rate_limit`] (and per call from [`Client::send_with_meta`]); on errors from
//!   [`Error::rate_limit`].
//! - **Retries**: see [`RetryPolicy`]. A 429 waits until the limit resets (bounded, with
//!   jitter); 502/503/504 and lost connections are retried for idempotent methods, 500 for
//!   GET; a POST is sent again only if it never reached the server.
//! - **Paging**: see [`pagination`]. Streams follow `pages.next` or `scroll_param` lazily and
//!   never send the token to another origin than the base URL.
//! - **Tracing**: every HTTP attempt runs in an `intercom.request` span (INFO) with the
//!   fields `method`, `path` (the template, such as `/users/{id}`, never the filled path or
//!   query), `attempt` (1 for the first) and `status`; a retry logs a
//!   `retrying Intercom request` event with the delay and reason.
//! - **Limits**: response bodies are read up to [`ClientBuilder::max_body_size`] (default
//!   64 MiB, [`Error::BodyTooLarge`] past it, never retried); URLs are at most
//!   [`MAX_URL_LENGTH`] bytes; server text in error messages is cut to a few hundred
//!   characters.
//! - **TLS**: rustls; no OpenSSL.

#![doc = include_str!("generated/unbound.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod client;
#[doc(hidden)]
pub mod de;
pub mod error;
pub mod pagination;
pub mod request;
mod retry;

mod generated;
mod numbers;

pub use generated::{operations, types};

pub use client::{
    Client, ClientBuilder, DEFAULT_INTERCOM_VERSION, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT,
    MAX_URL_LENGTH, Region, Response,
};
pub use error::{ApiError, ApiErrorEntry, Error, RateLimit, Result};
pub use retry::RetryPolicy;

/// The README's Rust examples compile as doc tests; the quickstart also runs, against
/// intercom-mock.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
