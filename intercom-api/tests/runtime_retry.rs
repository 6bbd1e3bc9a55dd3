//! Retries against a loopback server: rate limits, server errors, lost connections, timeouts.

mod runtime_support;

use std::time::Duration;

use intercom_api::request::{Method, Request};
use intercom_api::{Error, RetryPolicy};
use runtime_support::{Conn, RawServer, User, fast_retries, test_client, unix_now};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn user_body() -> serde_json::Value {
    json!({"type": "user", "id": "u1"})
}

fn rate_limited(reset: u64) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("X-RateLimit-Limit", "500")
        .insert_header("X-RateLimit-Remaining", "0")
        .insert_header("X-RateLimit-Reset", reset.to_string().as_str())
        .set_body_json(json!({
            "type": "error.list",
            "request_id": "req-429",
            "errors": [{"code": "rate_limit_exceeded", "message": "Exceeded rate limit of 500 in 10_seconds"}]
        }))
}

async fn mount_once(server: &MockServer, verb: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path("/users/u1"))
        .respond_with(response)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
}

async fn mount_ok(server: &MockServer, verb: &str) {
    Mock::given(method(verb))
        .and(path("/users/u1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-RateLimit-Limit", "500")
                .insert_header("X-RateLimit-Remaining", "499")
                .insert_header("X-RateLimit-Reset", "1700000000")
                .set_body_json(user_body()),
        )
        .with_priority(2)
        .mount(server)
        .await;
}

fn get_user() -> Request {
    Request::new(Method::GET, "/users/{id}").path("id", "u1")
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

#[tokio::test]
async fn rate_limited_then_success_waits_for_the_reset_and_retries() {
    let server = MockServer::start().await;
    // A reset time already reached: the client may retry at once (jitter is zero here).
    mount_once(&server, "GET", rate_limited(unix_now().saturating_sub(5))).await;
    mount_ok(&server, "GET").await;
    let client = test_client(&server.uri(), fast_retries(3));

    let user: User = client
        .send(get_user())
        .await
        .expect("retried after the 429");

    assert_eq!(user.id.as_deref(), Some("u1"));
    assert_eq!(request_count(&server).await, 2);
    let limit = client
        .last_rate_limit()
        .expect("rate-limit headers of the success");
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset),
        (500, 499, 1_700_000_000)
    );
}

#[tokio::test]
async fn rate_limited_post_is_retried_because_nothing_happened() {
    let server = MockServer::start().await;
    mount_once(&server, "POST", rate_limited(unix_now())).await;
    mount_ok(&server, "POST").await;
    let client = test_client(&server.uri(), fast_retries(3));

    let req = Request::new(Method::POST, "/users/{id}")
        .path("id", "u1")
        .json(&json!({"name": "Ann"}));
    let user: User = client.send(req).await.expect("retried after the 429");

    assert_eq!(user.id.as_deref(), Some("u1"));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn rate_limited_past_the_max_wait_is_a_typed_error_with_the_reset() {
    let server = MockServer::start().await;
    let reset = unix_now() + 3600;
    mount_once(&server, "GET", rate_limited(reset)).await;
    mount_ok(&server, "GET").await;
    let policy = fast_retries(5).max_rate_limit_wait(Duration::from_secs(60));
    let client = test_client(&server.uri(), policy);

    let err = client
        .send::<User>(get_user())
        .await
        .expect_err("an hour is past the maximum wait");

    match &err {
        Error::RateLimited { reset: got, error } => {
            assert_eq!(*got, Some(reset));
            assert_eq!(error.status, 429);
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.code(), Some("rate_limit_exceeded"));
    assert_eq!(err.request_id(), Some("req-429"));
    assert_eq!(err.rate_limit().map(|l| l.reset), Some(reset));
    assert!(err.is_retryable());
    assert!(err.to_string().contains(&reset.to_string()), "{err}");
    assert_eq!(request_count(&server).await, 1, "no retry was made");
}

#[tokio::test]
async fn rate_limited_without_retries_is_returned_at_once() {
    let server = MockServer::start().await;
    mount_once(&server, "GET", rate_limited(unix_now())).await;
    mount_ok(&server, "GET").await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let err = client
        .send::<User>(get_user())
        .await
        .expect_err("no retries");

    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn server_errors_then_success_for_get() {
    for status in [500, 502, 503, 504] {
        let server = MockServer::start().await;
        mount_once(&server, "GET", ResponseTemplate::new(status)).await;
        mount_ok(&server, "GET").await;
        let client = test_client(&server.uri(), fast_retries(3));

        let user: User = client
            .send(get_user())
            .await
            .unwrap_or_else(|err| panic!("GET after {status}: {err}"));

        assert_eq!(user.id.as_deref(), Some("u1"));
        assert_eq!(request_count(&server).await, 2, "status {status}");
    }
}

#[tokio::test]
async fn gateway_errors_are_retried_for_put_and_delete_but_500_is_not() {
    for verb in ["PUT", "DELETE"] {
        let server = MockServer::start().await;
        mount_once(&server, verb, ResponseTemplate::new(503)).await;
        mount_ok(&server, verb).await;
        let client = test_client(&server.uri(), fast_retries(3));
        let req = Request::new(
            Method::from_bytes(verb.as_bytes()).expect("a method"),
            "/users/{id}",
        )
        .path("id", "u1");
        client.send::<User>(req).await.expect("retried after 503");
        assert_eq!(request_count(&server).await, 2, "{verb}");

        let server = MockServer::start().await;
        mount_once(&server, verb, ResponseTemplate::new(500)).await;
        mount_ok(&server, verb).await;
        let client = test_client(&server.uri(), fast_retries(3));
        let req = Request::new(
            Method::from_bytes(verb.as_bytes()).expect("a method"),
            "/users/{id}",
        )
        .path("id", "u1");
        let err = client
            .send::<User>(req)
            .await
            .expect_err("500 is not retried");
        assert_eq!(err.status(), Some(500));
        assert_eq!(request_count(&server).await, 1, "{verb}");
    }
}

#[tokio::test]
async fn post_is_not_retried_after_the_server_saw_it() {
    for status in [500, 502, 503, 504] {
        let server = MockServer::start().await;
        mount_once(&server, "POST", ResponseTemplate::new(status)).await;
        mount_ok(&server, "POST").await;
        let client = test_client(&server.uri(), fast_retries(5));

        let req = Request::new(Method::POST, "/users/{id}")
            .path("id", "u1")
            .json(&json!({"email": "ann@example.com"}));
        let err = client
            .send::<User>(req)
            .await
            .expect_err("a POST is not retried");

        assert_eq!(err.status(), Some(status));
        assert!(matches!(err, Error::Api(_)), "{err:?}");
        assert_eq!(request_count(&server).await, 1, "status {status}");
    }
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), fast_retries(3));

    let err = client
        .send::<User>(get_user())
        .await
        .expect_err("always 503");

    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    assert_eq!(request_count(&server).await, 3);
}

const OK_RESPONSE: &str = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
    Content-Length: 25\r\nConnection: close\r\n\r\n{\"type\":\"user\",\"id\":\"u1\"}";

#[tokio::test]
async fn connection_reset_then_success_for_get() {
    let server = RawServer::start(vec![Conn::Drop, Conn::Reply(OK_RESPONSE)]).await;
    let client = test_client(&server.url(), fast_retries(3));

    let user: User = client
        .send(get_user())
        .await
        .expect("retried after the reset");

    assert_eq!(user.id.as_deref(), Some("u1"));
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn connection_reset_is_not_retried_for_post() {
    let server = RawServer::start(vec![Conn::Drop, Conn::Reply(OK_RESPONSE)]).await;
    let client = test_client(&server.url(), fast_retries(3));

    let req = Request::new(Method::POST, "/events").json(&json!({"event_name": "x"}));
    let err = client
        .send_empty(req)
        .await
        .expect_err("the POST may have arrived");

    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn truncated_body_is_a_transport_error() {
    const TRUNCATED: &str = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
        Content-Length: 100\r\nConnection: close\r\n\r\n{\"type\":\"user\",";
    let server = RawServer::start(vec![Conn::Reply(TRUNCATED)]).await;
    let client = test_client(&server.url(), fast_retries(2));

    let err = client
        .send::<User>(get_user())
        .await
        .expect_err("the body is cut short");

    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("lost while reading the response body"),
        "{err}"
    );
    assert_eq!(server.connections(), 2, "a GET is retried once");
}

#[tokio::test]
async fn truncated_then_complete_body_for_get() {
    const TRUNCATED: &str = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
        Content-Length: 100\r\nConnection: close\r\n\r\n{\"type\":";
    let server = RawServer::start(vec![Conn::Reply(TRUNCATED), Conn::Reply(OK_RESPONSE)]).await;
    let client = test_client(&server.url(), fast_retries(3));

    let user: User = client
        .send(get_user())
        .await
        .expect("retried after the cut");

    assert_eq!(user.id.as_deref(), Some("u1"));
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn slow_server_past_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(user_body())
                .set_delay(Duration::from_secs(30)),
        )
        .mount(&server)
        .await;
    let client = intercom_api::Client::builder()
        .token(runtime_support::TOKEN)
        .base_url(server.uri())
        .timeout(Duration::from_millis(250))
        .retry_policy(fast_retries(2))
        .build()
        .expect("a client");

    let err = client.send::<User>(get_user()).await.expect_err("too slow");

    match &err {
        Error::Timeout { timeout, .. } => assert_eq!(*timeout, Duration::from_millis(250)),
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(
        request_count(&server).await,
        2,
        "a GET is retried after a timeout"
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // A port that was just free: nothing listens there.
    let addr = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        listener.local_addr().expect("addr")
    };
    let client = test_client(&format!("http://{addr}"), fast_retries(3));

    let req = Request::new(Method::POST, "/events").json(&json!({"event_name": "x"}));
    let err = client.send_empty(req).await.expect_err("nothing listens");

    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.to_string().contains("could not connect"), "{err}");
}
