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
//!   [`Client::last_rate_limit`](intercom_api_runtime::Client::last_rate_limit) (and per call from [`Client::send_with_meta`](intercom_api_runtime::Client::send_with_meta)); on errors from
//!   [`Error::rate_limit`].
//! - **Pacing**: see [`Pacing`]. All clones of a client share the rate-limit window the
//!   responses describe; when its budget is spent, requests wait for the window's end (in
//!   turn, spread over the next window) instead of being sent to be refused. Without
//!   rate-limit headers nothing waits.
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
//! - **TLS**: rustls with Mozilla's root certificates by default, no OpenSSL; the
//!   platform's TLS and trust store with the `native-tls` feature (see [Features](#features)).
//! - **Timestamps**: every time field is a [`Timestamp`]. It decodes from Unix seconds (what
//!   the REST API sends), numeric strings and RFC 3339 text (what webhook items carry), and
//!   serializes in the form it arrived in; one made in Rust serializes as Unix seconds.
//!   Timestamp arguments and setters take `impl Into<Timestamp>`: an `i64` of Unix seconds or
//!   a `SystemTime`.
//! - **Numbers**: every number field is a [`Number`]. It decodes from a JSON integer, a JSON
//!   float or a numeric string, and serializes in the form it arrived in (`49` stays `49`,
//!   `"37.7749"` stays a string); [`Number::as_f64`] gives the value.
//! - **Round trips**: serializing a decoded model gives back the JSON received, except that a
//!   `null` in a known field is left out and a wrapped list (`{"type": "tag.list", "tags":
//!   […]}`) comes back as a plain array (see the README, "Models and round trips").
//!
//! # Webhooks
//!
//! [`webhook::WebhookVerifier`] checks the `X-Hub-Signature` of a delivery (HMAC-SHA1 of the
//! raw body, compared in constant time) and only then decodes the `notification_event`: the
//! envelope, and `data.item` as a typed [`webhook::NotificationItem`] (user, lead, company,
//! conversation, visitor, event, tagging, ping; anything else kept as JSON). It needs no HTTP
//! server: give it the body bytes, the header's value and the secret (the subscription's
//! `hub_secret`, or the app's client secret for Developer Hub webhooks).
//!
//! ```no_run
//! # fn handle(body: &[u8], header: Option<&str>) -> Result<(), intercom_api::webhook::WebhookError> {
//! use intercom_api::webhook::{NotificationItem, WebhookVerifier};
//!
//! let verifier = WebhookVerifier::new(std::env::var("INTERCOM_WEBHOOK_SECRET").unwrap_or_default());
//! let notification = verifier.verify(body, header)?;
//! if let Some(NotificationItem::User(user)) = &notification.item {
//!     println!("{:?}: {:?} at {:?}", notification.topic(), user.email, user.created_at);
//! }
//! # Ok(()) }
//! ```
//!
//! `intercom-api/examples/webhook_receiver.rs` is a receiver on axum.
//! [`identity::user_hash`] computes the Messenger's identity-verification hash.
//!
//! # Features
//!
//! - `rustls-tls` (on by default): TLS with rustls and Mozilla's root certificates (the
//!   `webpki-roots` crate), built into the program: no OpenSSL, the same on every platform.
//! - `native-tls`: TLS with the platform's library and trust store, for teams that must trust
//!   what the system trusts (a company root certificate, an inspecting proxy): OpenSSL on Linux,
//!   which needs its development headers and `pkg-config` to build (Debian's `libssl-dev`),
//!   Secure Transport on macOS, SChannel on Windows. Alone:
//!   `intercom-api = { version = "0.1", default-features = false, features = ["native-tls"] }`.
//!   With both features on, native-tls is used.
//! - `chrono`: conversions between [`Timestamp`] and `chrono::DateTime`.
//! - `time`: conversions between [`Timestamp`] and `time::OffsetDateTime`.
//!
//! `chrono` and `time` are off by default. Without a TLS feature the crate still builds, but
//! the client reaches only `http://` base URLs (intercom-mock, a local proxy), unless it is
//! given a `reqwest::Client` with TLS of its own ([`ClientBuilder::http_client`]).

#![doc = include_str!("generated/unbound.md")]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod client;
pub mod identity;
pub mod webhook;

mod generated;

pub use client::{Client, ClientBuilder};
pub use generated::{operations, types};
pub use intercom_api_runtime::{
    ApiError, ApiErrorEntry, DEFAULT_INTERCOM_VERSION, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT,
    Error, MAX_URL_LENGTH, Number, NumberForm, Pacing, RateLimit, Region, Response, Result,
    RetryPolicy, Timestamp, TimestampForm, error, pagination, request, timestamp,
};
#[doc(hidden)]
pub use intercom_api_runtime::{de, decode, ser};

/// `send_on_await!`, for the generated request builders.
mod send {
    pub(crate) use intercom_api_runtime::send_on_await;
}

/// The README's Rust examples compile as doc tests; the quickstart also runs, against
/// intercom-mock.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
