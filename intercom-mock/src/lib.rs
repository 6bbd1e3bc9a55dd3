//! A stateful fake Intercom REST API 1.x server, for tests and demos.
//!
//! The mock serves every operation of the spec the `intercom-api` client is generated from:
//! its routes and parameter checks come from the same operation model (the table in
//! [`spec`]), so an operation added to the spec is served as soon as it is generated. It keeps
//! users, leads, visitors, companies, tags, notes, events and conversations in memory, with
//! seeded admins, teams, segments and data attributes, and answers in the API's real shapes:
//! wrapped nested lists, `pages` with absolute `next` links to itself, scrolls (one open per
//! app, expiring when unused), `X-RateLimit-*` headers and `error.list` bodies.
//!
//! ```no_run
//! # async fn run() {
//! let mock = intercom_mock::start().await;
//! // Point any client at it: Client::builder().base_url(mock.url())…
//! println!("serving at {}", mock.url());
//! mock.reset(); // back to the seed between tests
//! # }
//! ```
//!
//! What it refuses, as Intercom does, with an `error.list` naming the field: a request without
//! `Authorization` (401), an unknown path (404), a missing required parameter, an unknown query
//! parameter, a parameter or body field of the wrong type or an unknown body field (400), an
//! `Intercom-Version` other than 1.0–1.4 (400), and, when a [`RateLimit`] is enforced, requests
//! past it (429 with `X-RateLimit-Reset`).
//!
//! What it holds clients to (each configurable on [`MockBuilder`]): a request body of at most
//! [`DEFAULT_MAX_BODY_SIZE`] (413 past it), request headers within
//! [`DEFAULT_HEADER_READ_TIMEOUT`] of the connection opening or going idle (the connection is
//! closed past it), and a body within [`DEFAULT_BODY_READ_TIMEOUT`] (408). A body cut off
//! before its announced length is a 400, and its handler never runs. When accepting a
//! connection fails (out of file descriptors), the server backs off from 10 ms up to one
//! second instead of retrying at once.
//!
//! From the command line, `cargo run -p intercom-mock -- --port 8765 --seed seed.json` serves
//! until interrupted.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod call;
mod checks;
mod fault;
#[rustfmt::skip]
mod generated;
mod handlers;
mod limits;
mod lists;
mod routing;
mod sample;
mod server;
mod shapes;
pub mod spec;
mod state;
mod validate;

pub use limits::RateLimit;
pub use server::{
    DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_PORT,
    MockBuilder, MockServer, start,
};
pub use state::Seed;

/// Operations the mock answers with a well-formed sample of their return model because it
/// keeps no state for them.
pub fn sampled_operations() -> Vec<&'static str> {
    spec::OPERATIONS
        .iter()
        .map(|op| op.name)
        .filter(|name| !handlers::is_handled(name))
        .collect()
}
