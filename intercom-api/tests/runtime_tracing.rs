//! What the client logs, and that the token is never part of it (nor of any `Debug` output).

mod runtime_support;

use std::io;
use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;
use intercom_api::pagination::{self, PagingKind};
use intercom_api::request::{Method, Request};
use intercom_api::{Client, RetryPolicy};
use runtime_support::{TOKEN, UserList, fast_retries, test_client, unix_now};
use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Collects everything a subscriber writes.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        let bytes = self.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

/// Captures every span and event (and `log` records, as reqwest writes those) on this
/// thread, where the test's current-thread runtime runs every task it spawns.
fn capture() -> (Capture, tracing::subscriber::DefaultGuard) {
    let _ = tracing_log::LogTracer::init();
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(capture.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    (capture, guard)
}

#[tokio::test]
async fn token_appears_in_no_tracing_output_and_no_debug_output() {
    let (capture, _guard) = capture();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/u1"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Reset", unix_now().to_string().as_str())
                .set_body_json(
                    json!({"type": "error.list", "errors": [{"code": "rate_limit_exceeded"}]}),
                ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "user", "id": "u1"})))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"type": "user.list", "users": [{"id": "a"}]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(422).set_body_json(
            json!({"type": "error.list", "errors": [{"code": "parameter_invalid"}]}),
        ))
        .mount(&server)
        .await;
    let builder = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .retry_policy(fast_retries(3));
    let client = builder.clone().build().expect("a client");

    let user: serde_json::Value = client
        .send(Request::new(Method::GET, "/users/{id}").path("id", "u1"))
        .await
        .expect("200 after a 429");
    let users: Vec<_> = pagination::items::<UserList>(
        client.clone(),
        Request::new(Method::GET, "/users"),
        PagingKind::Pages,
    )
    .try_collect()
    .await
    .expect("one page");
    let post = Request::new(Method::POST, "/users").json(&json!({"email": "a@example.com"}));
    let err = client
        .send::<serde_json::Value>(post.clone())
        .await
        .expect_err("422");

    let output = capture.text();
    assert!(!output.contains(TOKEN), "the token was logged:\n{output}");
    for expected in [
        "intercom.request{method=GET path=\"/users/{id}\" attempt=2 status=200}",
        "intercom.request{method=GET path=\"/users\" attempt=1 status=200}",
        "intercom.request{method=POST path=\"/users\" attempt=1 status=422}",
        "retrying Intercom request",
    ] {
        assert!(
            output.contains(expected),
            "{expected:?} missing from:\n{output}"
        );
    }
    assert!(
        !output.contains("/users/u1"),
        "spans carry the template, not the path"
    );

    let debug = [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{:?}", Client::new(TOKEN)),
        format!("{err:?}"),
        format!("{err}"),
        format!("{post:?}"),
        format!("{user:?}{users:?}"),
    ];
    for text in debug {
        assert!(!text.contains(TOKEN), "the token is in {text}");
    }
}

#[tokio::test]
async fn a_post_that_never_connected_is_retried() {
    let (capture, _guard) = capture();
    let addr = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        listener.local_addr().expect("addr")
    };
    let client = test_client(&format!("http://{addr}"), fast_retries(3));

    let req = Request::new(Method::POST, "/events").json(&json!({"event_name": "x"}));
    let err = client.send_empty(req).await.expect_err("nothing listens");

    assert!(
        matches!(err, intercom_api::Error::Transport { .. }),
        "{err:?}"
    );
    let output = capture.text();
    assert_eq!(
        output.matches("retrying Intercom request").count(),
        2,
        "two retries after connection failures:\n{output}"
    );
    assert!(
        output.contains("intercom.request{method=POST path=\"/events\" attempt=3}"),
        "{output}"
    );
}

#[tokio::test]
async fn no_retry_means_one_attempt() {
    let (capture, _guard) = capture();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let err = client
        .send::<serde_json::Value>(Request::new(Method::GET, "/me"))
        .await
        .expect_err("503");

    assert_eq!(err.status(), Some(503));
    let output = capture.text();
    assert!(!output.contains("retrying"), "{output}");
    assert!(
        output.contains("intercom.request{method=GET path=\"/me\" attempt=1 status=503}"),
        "{output}"
    );
}
