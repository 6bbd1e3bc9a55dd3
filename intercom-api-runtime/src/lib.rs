//! The hand-written runtime of [`intercom-api`](https://docs.rs/intercom-api), the typed async
//! client for the Intercom REST API 1.x: the HTTP client (authentication, retries, pacing,
//! limits), requests, paging streams, errors, and the lenient, lossless decoding and
//! serializing of the generated models.
//!
//! Programs depend on `intercom-api`, which re-exports what they need from here. The runtime is
//! a crate of its own so that the generated code compiles apart from it: a change to the spec
//! recompiles only `intercom-api`, and the two crates build side by side.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod client;
#[doc(hidden)]
pub mod de;
#[doc(hidden)]
pub mod decode;
pub mod error;
mod number;
#[doc(hidden)]
pub mod numbers;
mod pacing;
pub mod pagination;
pub mod request;
mod retry;
#[doc(hidden)]
pub mod send;
#[doc(hidden)]
pub mod ser;
pub mod timestamp;

pub use client::{
    Client, ClientBuilder, DEFAULT_INTERCOM_VERSION, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT,
    MAX_URL_LENGTH, Region, Response,
};
pub use error::{ApiError, ApiErrorEntry, Error, RateLimit, Result};
pub use number::{Number, NumberForm};
pub use pacing::Pacing;
pub use retry::RetryPolicy;
pub use timestamp::{Timestamp, TimestampForm};
