//! A stateful fake Intercom REST API 1.x server, for tests and demos.
//!
//! The mock serves every operation of the spec the `intercom-api` client is generated from:
//! its routes and parameter checks come from the same operation model (the table in
//! [`spec`]), so an operation added to the spec is served as soon as it is generated. It keeps
//! users, leads, visitors, companies, tags, notes, events and conversations in memory, with
//! seeded admins, teams, segments and data attributes, and answers in the API's real shapes:
//! wrapped nested lists, `pages` with absolute `next` links to itself, scrolls (one open per
//! app, expiring when unused), `X-RateLimit-*` headers and `error.list` bodies. Only
//! [`sampled_operations`] (the admins' activity logs) are answered from a sample instead.
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
//! # Routing
//!
//! Operations sharing a method and path are told apart as the table describes them: first by
//! the fixed query pairs present (`GET /counts?type=conversation&count=admin`), then by the
//! query parameters an operation requires (`GET /companies?company_id=` is the single-company
//! lookup, `?tag_id=` the tagged companies, `?type=user&company_id=` that company's users, no
//! parameter the whole list). The chosen operation's parameters validate the call.
//!
//! What it refuses, as Intercom does, with an `error.list` naming the field: a request without
//! `Authorization` (401), an unknown path (404), a missing required parameter, an unknown query
//! parameter, a parameter or body field of the wrong type or an unknown body field (400), an
//! `Intercom-Version` other than 1.0–1.4 (400), and, when a [`RateLimit`] is enforced, requests
//! past it (429 with `X-RateLimit-Reset`).
//!
//! # Webhooks
//!
//! Subscriptions made with `POST /subscriptions` are kept (ids `nsub_…`). When a call changes
//! the state in a way a subscription's topics cover, the mock POSTs a `notification_event`
//! (id `notif_…`, `data.item` the object concerned) to the subscription's URL, in the
//! background: the call's answer never waits for it, and the state is not locked while it is
//! sent. The topics told: `user.created`, `user.email.updated`, `user.unsubscribed`,
//! `user.deleted` (archive or permanent deletion), `user.tag.created`/`deleted` (a `user_tag`
//! item), `contact.created`, `contact.added_email`, `contact.signed_up` (a lead converted),
//! `contact.deleted`, `contact.tag.created`/`deleted` (`contact_tag`), `visitor.signed_up`,
//! `company.created`, `conversation.user.created`/`replied`,
//! `conversation.admin.single.created`/`replied`/`noted`/`assigned`/`closed`/`opened`/`snoozed`,
//! `event.created` (only for the names in the subscription's `metadata.event_names`) and
//! `ping` (`POST /subscriptions/{id}/ping`, whatever the topics). A subscription listing a
//! family (`user`, `conversation`, `company`, `contact`, `visitor`) or `all` is told every
//! topic of it; an inactive one (`active: false`) is told nothing. As in Intercom's
//! deliveries, user, lead, visitor and company items carry their times as ISO 8601 text.
//!
//! Each delivery has `Content-Type: application/json`,
//! `User-Agent: intercom-parrot-service-client/1.0` and, when the subscription has a
//! `hub_secret`, `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the exact body>`. A subscription's
//! notifications are sent one at a time, in the order they happened. A try that cannot
//! connect, answers other than 2xx or times out is retried: [`MockBuilder::webhook_retry`]
//! sets how many tries (3) and the first wait (500 ms, doubling),
//! [`MockBuilder::webhook_timeout`] how long a try may take (10 s). A delivered notification
//! goes to the subscription's sent feed (`GET /subscriptions/{id}/sent`); one whose last try
//! failed goes to its error feed (`/error`), with the last request and answer in
//! `http_request`.
//!
//! # Bulk jobs
//!
//! `POST /bulk/users` and `POST /bulk/events` answer a `pending` job (`job_…`); `job: {id}`
//! adds items to an open one. A job moves on as it is read, so a test sees every state: the
//! next `GET /jobs/{id}` answers it `running`, the one after runs its items in order and
//! answers it `completed`. User items upsert (`post`) or archive (`delete`) a user; event
//! items record an event. Items that fail (a user item naming no one, an event without
//! `event_name`, an unknown user…) are in `GET /jobs/{id}/error`, each with its `error`.
//! Bulk archives are not told as `user.deleted`, as Intercom does not tell them either.
//!
//! # Deletion
//!
//! `DELETE /users/{id}` (like `DELETE /users?user_id=`) archives a user: it leaves the users
//! and its companies' counts, and its notes, events and conversations stay.
//! `POST /user_delete_requests` deletes the user or lead with that Intercom id for good and
//! answers `{"id": n}`, the n-th request: the person goes with their tags and segments, notes,
//! events and the conversations they started, and leaves other conversations' customers.
//! Company deletion is no 1.x call, so `DELETE /companies/{id}` is an unknown endpoint.
//!
//! `POST /conversations/{id}/run_assignment_rules` applies one rule: an open conversation
//! assigned to no one goes to the workspace's first team (an `assignment` part by the `bot`);
//! any other is left as it is.
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
//!
//! # Recording
//!
//! With the environment variable `INTERCOM_MOCK_RECORD` set to a directory, every answer of
//! every mock in the process is appended to `<dir>/mock-<pid>.jsonl`, one JSON object per line
//! (`operation`, `method`, `path`, `query`, `request`, `status`, `response`). The project's CI
//! records the mock's test suite this way and checks every answer against the OpenAPI export.

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
mod record;
mod routing;
mod sample;
mod server;
mod shapes;
pub mod spec;
mod state;
mod validate;
mod webhooks;

pub use limits::RateLimit;
pub use server::{
    DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_PORT,
    MockBuilder, MockServer, start,
};
pub use state::Seed;

/// Operations the mock answers with a well-formed sample of their return model because it
/// keeps no state for them (only `list_activity_logs_for_admin`).
pub fn sampled_operations() -> Vec<&'static str> {
    spec::OPERATIONS
        .iter()
        .filter(|op| !handlers::is_handled(op.id))
        .map(|op| op.name)
        .collect()
}
